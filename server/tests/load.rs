//! Load, long streams and shutdown under load. Run in release (`make test-server`); bounded:
//! `HENGJIE_LOAD_SECONDS` (default 3) and `HENGJIE_STREAM_N` (default 100 000) — `make
//! load-server` raises them to 20 s and 1 000 000.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::{HOUSEHOLD, client, sample_lines, start};
use futures_util::StreamExt;
use hengjie_server::Config;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of this process, in KiB (Linux).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn sixty_four_connections_on_assess_without_explanations() {
    let s = start(Config::default()).await;
    let seconds = env_u64("HENGJIE_LOAD_SECONDS", 3);
    let url = s.url("/v1/assess?as_of=2023-06-30&explain=false");
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let (url, stop, errors) = (url.clone(), Arc::clone(&stop), Arc::clone(&errors));
        // One client each: its own connection, as 64 callers would have.
        let c = client();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let r = c
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(HOUSEHOLD)
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == 200 => {
                        let body = r.bytes().await.unwrap();
                        assert!(body.starts_with(b"{\"household_id\":\"HH-1\""));
                        latencies.push(t.elapsed());
                    }
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            latencies
        }));
    }
    let start_at = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = start_at.elapsed().as_secs_f64();
    all.sort_unstable();
    let p = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    println!(
        "64 connections, {seconds} s: {} requests, {:.0}/s, p50 {:?}, p99 {:?}, errors {}",
        all.len(),
        all.len() as f64 / elapsed,
        p(0.5),
        p(0.99),
        errors.load(Ordering::Relaxed)
    );
    assert_eq!(errors.load(Ordering::Relaxed), 0);
    assert!(all.len() > 64);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_long_ndjson_stream_every_line_answered_in_order_in_bounded_memory() {
    let s = start(Config::default()).await;
    let n = env_u64("HENGJIE_STREAM_N", 100_000);
    let lines = Arc::new(sample_lines());
    // Each line gets a unique id (`HH-001` → `HH-001-000042`) so order can be checked.
    let line = |lines: &[String], i: u64| -> (String, String) {
        let base = &lines[(i as usize) % lines.len()];
        let v: serde_json::Value = serde_json::from_str(base).unwrap();
        let old = v["id"].as_str().unwrap().to_owned();
        let id = format!("{old}-{i:07}");
        (
            base.replacen(&format!("\"{old}\""), &format!("\"{id}\""), 1),
            id,
        )
    };
    let body = {
        let lines = Arc::clone(&lines);
        futures_util::stream::iter((0..n).step_by(1000)).map(move |from| {
            let mut chunk = String::new();
            for i in from..(from + 1000).min(n) {
                chunk.push_str(&line(&lines, i).0);
                chunk.push('\n');
            }
            Ok::<Bytes, std::io::Error>(Bytes::from(chunk))
        })
    };
    let rss_before = peak_rss_kib();
    let t = Instant::now();
    let r = client()
        .post(s.url("/v1/assess?as_of=2023-06-30&explain=false"))
        .header("content-type", "application/x-ndjson")
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut out = r.bytes_stream();
    let mut partial = Vec::new();
    let mut count = 0u64;
    let mut errors = 0u64;
    while let Some(data) = out.next().await {
        partial.extend_from_slice(&data.unwrap());
        let mut start = 0;
        while let Some(end) = partial[start..].iter().position(|b| *b == b'\n') {
            let text = &partial[start..start + end];
            let id = line(&lines, count).1;
            let prefix = format!("{{\"household_id\":\"{id}\",");
            assert!(
                text.starts_with(prefix.as_bytes()),
                "line {count} out of order"
            );
            if text.starts_with(format!("{prefix}\"errors\"").as_bytes()) {
                errors += 1;
            }
            count += 1;
            start += end + 1;
        }
        partial.drain(..start);
    }
    let secs = t.elapsed().as_secs_f64();
    let rss_after = peak_rss_kib();
    println!(
        "one NDJSON stream: {count} households in {secs:.2} s, {:.0}/s (client and service in one process); peak RSS {} → {} MiB",
        count as f64 / secs,
        rss_before / 1024,
        rss_after / 1024
    );
    assert_eq!(count, n, "count in = count out");
    assert_eq!(errors, 0);
    assert!(partial.is_empty());
    // Bounded: growth stays far below the stream's size (n × ~2 KiB in and out).
    assert!(
        rss_after.saturating_sub(rss_before) < 256 * 1024,
        "peak RSS grew by {} MiB",
        rss_after.saturating_sub(rss_before) / 1024
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_under_load_loses_no_accepted_request() {
    let mut s = start(Config::default()).await;
    let url = s.url("/v1/assess?as_of=2023-06-30&explain=false");
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let (url, stop) = (url.clone(), Arc::clone(&stop));
        let c = client();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut refused, mut other) = (0u64, 0u64, 0u64);
            // Bounded: at most 100 000 requests per task.
            for _ in 0..100_000 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                match c
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(HOUSEHOLD)
                    .send()
                    .await
                {
                    Ok(r) if r.status() == 200 => {
                        if r.bytes().await.is_ok() {
                            ok += 1;
                        } else {
                            other += 1;
                        }
                    }
                    Ok(_) => other += 1,
                    // Not accepted: the listener is closed, or the idle connection was closed
                    // before this request was read.
                    Err(_) => {
                        refused += 1;
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            }
            (ok, refused, other)
        }));
    }
    // A stream in flight at shutdown is finished too.
    let lines = sample_lines();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let stream = tokio::spawn({
        let c = client();
        let url = s.url("/v1/assess?as_of=2023-06-30");
        async move {
            let body = futures_util::stream::unfold(rx, |mut rx| async move {
                rx.recv().await.map(|x| (x, rx))
            });
            c.post(url)
                .header("content-type", "application/x-ndjson")
                .body(reqwest::Body::wrap_stream(body))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    });
    tx.send(Ok(Bytes::from(format!("{}\n", lines[0]))))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    s.signal_stop();
    // Still feeding the stream after shutdown began.
    tokio::time::sleep(Duration::from_millis(100)).await;
    tx.send(Ok(Bytes::from(format!("{}\n", lines[1]))))
        .await
        .unwrap();
    drop(tx);
    let answered = stream.await.unwrap();
    assert_eq!(
        answered.lines().count(),
        2,
        "the stream in flight was finished"
    );
    let (mut ok, mut other) = (0, 0);
    for t in tasks {
        let (o, _, x) = t.await.unwrap();
        ok += o;
        other += x;
    }
    let served = s.state.metrics.render();
    s.stop().await;
    // Every request the service answered 200 reached its client whole; none got another answer.
    let line = "hengjie_http_requests_total{route=\"/v1/assess\",status=\"200\"} ";
    let answered_by_service: u64 = served
        .lines()
        .find_map(|l| l.strip_prefix(line))
        .unwrap()
        .parse()
        .unwrap();
    println!("shutdown under load: {ok} answered and received, {other} other");
    assert_eq!(other, 0);
    assert!(ok > 0);
    assert_eq!(ok + 1, answered_by_service, "the stream is the +1");
}
