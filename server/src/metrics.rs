//! `GET /metrics`: Prometheus text exposition, hand-rolled.
//!
//! Four families only — requests by route and status, a latency histogram by route,
//! households assessed, requests in flight — so a few atomics and one small map are enough;
//! a metrics crate would add a global recorder and a dozen dependencies for no more output.
//! Routes are the matched route templates (`/v1/parameters/{name}`), never raw paths, so the
//! label set stays bounded whatever clients send.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

/// Latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Cumulative counts per bucket (`le`), then `+Inf` as `count`.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// One route's counts: requests by status and the latency histogram.
#[derive(Debug, Default, Clone)]
struct Route {
    requests: BTreeMap<u16, u64>,
    latency: Histogram,
}

/// The service's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    by_route: Mutex<BTreeMap<String, Route>>,
    /// Households judged (assessed or answered with errors), single and streamed.
    pub households: AtomicU64,
    /// Requests being handled now (streams until their answer is sent).
    pub in_flight: AtomicUsize,
}

impl Metrics {
    /// Counts one finished request.
    pub fn observe(&self, route: &str, status: u16, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let Ok(mut by) = self.by_route.lock() else {
            return;
        };
        // The route's name is copied once, the first time it is seen.
        if !by.contains_key(route) {
            by.insert(route.to_owned(), Route::default());
        }
        let Some(r) = by.get_mut(route) else {
            return;
        };
        *r.requests.entry(status).or_default() += 1;
        let h = &mut r.latency;
        for (bound, n) in BUCKETS.iter().zip(h.buckets.iter_mut()) {
            if seconds <= *bound {
                *n += 1;
            }
        }
        h.count += 1;
        h.sum += seconds;
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        let routes = match self.by_route.lock() {
            Ok(by) => by.clone(),
            Err(_) => BTreeMap::new(),
        };
        out.push_str(
            "# HELP hengjie_http_requests_total HTTP requests answered, by route and status.\n",
        );
        out.push_str("# TYPE hengjie_http_requests_total counter\n");
        for (route, r) in &routes {
            let route = escape(route);
            for (status, n) in &r.requests {
                let _ = writeln!(
                    out,
                    "hengjie_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP hengjie_http_request_duration_seconds Time to answer (to the response head for streams), by route.\n");
        out.push_str("# TYPE hengjie_http_request_duration_seconds histogram\n");
        for (route, Route { latency: h, .. }) in &routes {
            let route = escape(route);
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                let _ = writeln!(
                    out,
                    "hengjie_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "hengjie_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "hengjie_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "hengjie_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP hengjie_households_assessed_total Households judged (assessed, or answered with their errors).\n");
        out.push_str("# TYPE hengjie_households_assessed_total counter\n");
        let _ = writeln!(
            out,
            "hengjie_households_assessed_total {}",
            self.households.load(Ordering::Relaxed)
        );
        out.push_str("# HELP hengjie_http_requests_in_flight Requests being handled now.\n");
        out.push_str("# TYPE hengjie_http_requests_in_flight gauge\n");
        let _ = writeln!(
            out,
            "hengjie_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_cumulative_and_families_are_typed() {
        let m = Metrics::default();
        m.observe("/v1/assess", 200, Duration::from_micros(300));
        m.observe("/v1/assess", 200, Duration::from_millis(20));
        m.observe("/v1/assess", 422, Duration::from_millis(2));
        let text = m.render();
        assert!(
            text.contains("hengjie_http_requests_total{route=\"/v1/assess\",status=\"200\"} 2\n")
        );
        assert!(
            text.contains("hengjie_http_requests_total{route=\"/v1/assess\",status=\"422\"} 1\n")
        );
        assert!(text.contains("le=\"0.0005\"} 1\n"));
        assert!(text.contains("le=\"0.0025\"} 2\n"));
        assert!(text.contains("le=\"0.025\"} 3\n"));
        assert!(text.contains("le=\"+Inf\"} 3\n"));
        assert!(text.contains("# TYPE hengjie_http_requests_in_flight gauge\n"));
    }
}
