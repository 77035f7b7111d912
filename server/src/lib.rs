//! `hengjie serve`: the core's API over HTTP (issue 16; docs/service.md).
//!
//! No rules live here. Each route converts its request, calls the core's entry points
//! (`hengjie::api::Assessor`, `validate_value`, `hengjie::village`, `hengjie::ledger`,
//! `Policy::rows`, `hengjie::api::compare`, and the JSON Lines engine `hengjie::lines`) and writes
//! their output as canonical JSON, the bytes the CLI prints.

mod error;
mod handlers;
pub mod metrics;
pub mod openapi;
mod stream;

pub use stream::{CHUNK_BYTES, CHUNKS_AHEAD};

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use axum::serve::ListenerExt;
use hengjie::api::Assessor;
use hengjie::date::Date;
use hengjie::{Errors, Policy};
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::{ApiError, HTTP_CODES};

/// How the service runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The parameters every route uses (the defaults, or with `--params` a layer over them).
    pub policy: Policy,
    /// When set, every route but `/health` needs `Authorization: Bearer <token>`.
    pub token: Option<String>,
    /// Requests handled at once; one more is answered 503 `overloaded`.
    pub max_in_flight: usize,
    /// Time to answer a request (to the response head for streams); over it, 408 `timeout`.
    pub request_timeout: Duration,
    /// Time an NDJSON stream may send nothing before it is ended with a `timeout` line.
    pub idle_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            policy: Policy::default(),
            token: None,
            max_in_flight: 1024,
            request_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30),
        }
    }
}

/// Dates whose resolved parameters are kept (one `Assessor` each); past it, each request
/// resolves its own.
const CACHED_DATES: usize = 4096;

/// What every handler shares.
#[derive(Debug)]
pub struct State {
    pub config: Config,
    /// The policy for the life of the process: assessors borrow it from any thread.
    policy: &'static Policy,
    token_digest: Option<[u8; 32]>,
    pub metrics: metrics::Metrics,
    assessors: RwLock<HashMap<Date, Assessor<'static>>>,
    policy_header: HeaderValue,
}

impl State {
    /// The state of a service with this configuration. The policy is kept for the life of the
    /// process (it is leaked once: assessors on every thread borrow it).
    pub fn new(config: Config) -> Arc<Self> {
        let policy: &'static Policy = Box::leak(Box::new(config.policy.clone()));
        let policy_header = HeaderValue::from_str(&policy_header(policy))
            .unwrap_or_else(|_| HeaderValue::from_static("unknown"));
        Arc::new(State {
            token_digest: config
                .token
                .as_deref()
                .map(|t| Sha256::digest(t.as_bytes()).into()),
            config,
            policy,
            metrics: metrics::Metrics::default(),
            assessors: RwLock::new(HashMap::new()),
            policy_header,
        })
    }

    /// The service's policy.
    pub fn policy(&self) -> &'static Policy {
        self.policy
    }

    /// An assessor for a date (parameters resolved once per date and kept).
    pub fn assessor(&self, as_of: Date) -> Result<Assessor<'static>, Errors> {
        if let Some(a) = self
            .assessors
            .read()
            .ok()
            .and_then(|m| m.get(&as_of).cloned())
        {
            return Ok(a);
        }
        let a = Assessor::new(self.policy, as_of)?;
        if let Ok(mut m) = self.assessors.write() {
            if m.len() < CACHED_DATES {
                m.insert(as_of, a.clone());
            }
        }
        Ok(a)
    }
}

/// `Hengjie-Policy`: the policy's digest (`sha256:…`), the core's — the same text as every
/// assessment's `provenance.policy.digest` (from any door: CLI, Python, WASM) and as
/// `hengjie params --digest` prints for the same layers.
fn policy_header(policy: &Policy) -> String {
    policy.digest().to_owned()
}

/// Every route, with its method: the router is built from this list, and a test checks that
/// the OpenAPI document describes each one.
pub fn routes() -> Vec<(Method, &'static str, MethodRouter<Arc<State>>)> {
    vec![
        (Method::POST, "/v1/assess", post(handlers::assess)),
        (Method::POST, "/v1/validate", post(handlers::validate)),
        (Method::POST, "/v1/village", post(handlers::village)),
        (Method::POST, "/v1/farmland", post(handlers::farmland)),
        (Method::GET, "/v1/duties", get(handlers::duties)),
        (Method::GET, "/v1/parameters", get(handlers::parameters)),
        (
            Method::GET,
            "/v1/parameters/{name}",
            get(handlers::parameter),
        ),
        (Method::POST, "/v1/compare", post(handlers::compare)),
        (Method::POST, "/v1/reconcile", post(handlers::reconcile)),
        (
            Method::GET,
            "/v1/schema/household",
            get(handlers::household_schema),
        ),
        (
            Method::GET,
            "/v1/schema/assessment",
            get(handlers::assessment_schema),
        ),
        (Method::GET, "/openapi.json", get(handlers::openapi)),
        (Method::GET, "/openapi-3.0.json", get(handlers::openapi_3_0)),
        (Method::GET, "/health", get(handlers::health)),
        (Method::GET, "/metrics", get(handlers::metrics)),
    ]
}

/// The service's router.
pub fn app(state: Arc<State>) -> Router {
    app_with(state, Router::new())
}

/// The service's router with extra routes under the same layers (tests add a panicking one).
pub fn app_with(state: Arc<State>, extra: Router<Arc<State>>) -> Router {
    let mut router = Router::new();
    for (_, path, method_router) in routes() {
        router = router.route(path, method_router);
    }
    let version = HeaderValue::from_static(env!("CARGO_PKG_VERSION"));
    let policy = state.policy_header.clone();
    router
        .merge(extra)
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        // Innermost first: load shedding, metrics and logs, auth and timeout (one middleware),
        // panics, headers.
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                tracing::error!("a handler panicked; answered 500 `internal`");
                ApiError::internal().into_response()
            },
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("hengjie-version"),
            version,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("hengjie-policy"),
            policy,
        ))
        .with_state(state)
}

/// Counts requests in flight and sheds load over the limit (503 `overloaded` with
/// `Retry-After`); answers 401 `unauthorized` unless the bearer token matches; answers 408
/// `timeout` when the answer takes longer than the request timeout (a stream's body is not
/// timed here — it may be any length: its reading has an idle timeout instead). Records route,
/// status and latency, and logs the request — method, route template, status and time only:
/// never a body, a query value or a header. One middleware rather than three: each layer of
/// axum's `from_fn` clones the inner service and boxes a future per request.
async fn guard(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = request.method().clone();
    let metrics = &state.metrics;
    let now = metrics.in_flight.fetch_add(1, Ordering::AcqRel) + 1;
    let in_flight = InFlight(Arc::clone(&state));
    let response = if now > state.config.max_in_flight {
        drop(in_flight);
        ApiError::overloaded().into_response()
    } else if !authorized(&state, &request) {
        drop(in_flight);
        ApiError::unauthorized().into_response()
    } else {
        let limit = state.config.request_timeout;
        let response = match tokio::time::timeout(limit, next.run(request)).await {
            Ok(response) => response,
            Err(_) => ApiError::timeout(limit.as_secs_f64()).into_response(),
        };
        if axum::body::HttpBody::size_hint(response.body())
            .exact()
            .is_some()
        {
            // A whole answer: it is no longer in flight.
            drop(in_flight);
            response
        } else {
            // A stream counts until it is sent: the guard lives as long as its body.
            let (parts, body) = response.into_parts();
            let body = body.map_err(move |e| {
                let _ = &in_flight;
                e
            });
            Response::from_parts(parts, axum::body::Body::new(body))
        }
    };
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    let status = response.status();
    let elapsed = start.elapsed();
    metrics.observe(route, status.as_u16(), elapsed);
    if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
        tracing::error!(%method, %route, status = status.as_u16(), micros = elapsed.as_micros() as u64, "request");
    } else {
        tracing::debug!(%method, %route, status = status.as_u16(), micros = elapsed.as_micros() as u64, "request");
    }
    response
}

/// Whether the request may go on: no token is set, the route is `/health`, or the bearer token
/// matches (constant time: both sides are hashed first, so neither the content nor the length
/// of the token leaks through timing).
fn authorized(state: &State, request: &Request) -> bool {
    let Some(expected) = &state.token_digest else {
        return true;
    };
    if request.uri().path() == "/health" {
        return true;
    }
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| Sha256::digest(t.trim().as_bytes()))
        .is_some_and(|given| bool::from(given.as_slice().ct_eq(expected)))
}

struct InFlight(Arc<State>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.metrics.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Serves on `listener` until `shutdown` resolves, then stops accepting, lets in-flight
/// requests finish (streams included) and returns.
pub async fn serve_on(
    listener: TcpListener,
    state: Arc<State>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // No Nagle delay: an answer is sent as soon as it is written, not held for the client's
    // acknowledgement of the one before.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Binds `addr` and serves until SIGTERM or SIGINT (Ctrl-C), draining in-flight requests.
pub async fn serve(addr: SocketAddr, config: Config) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!(%local, jurisdiction = config.policy.jurisdiction(), "hengjie serve: listening");
    // The address on stderr, for scripts that start the service on port 0.
    eprintln!("hengjie serve: listening on http://{local}");
    let state = State::new(config);
    serve_on(listener, state, shutdown_signal()).await?;
    tracing::info!("hengjie serve: stopped");
    Ok(())
}

/// SIGTERM or SIGINT.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("hengjie serve: shutting down, draining requests in flight");
}
