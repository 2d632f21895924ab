//! What the server says about each request: its id (see `app::request_id`), a span carrying the
//! id around everything logged while it is served, one access-log line at `info` when it is
//! answered, and its count and latency in the metrics.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;

use app::request_id::{self, RequestId};

use crate::metrics::{FALLBACK_ROUTE, Metrics};

/// Probes a load balancer sends every few seconds: logged at `debug` so they do not drown the
/// access log (still counted).
const PROBES: [&str; 2] = ["/healthz", "/readyz"];

/// Middleware around every route and the fallback.
pub async fn observe(
    State(metrics): State<Arc<Metrics>>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = RequestId::of(request.headers());
    request.extensions_mut().insert(id.clone());
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(FALLBACK_ROUTE, MatchedPath::as_str)
        .to_owned();
    // The path without its query: a search or a filter may hold what a user typed.
    let path = request.uri().path().to_owned();
    let span = tracing::info_span!("request", id = %id);

    let mut response = next.run(request).instrument(span.clone()).await;

    let took = started.elapsed();
    let status = response.status().as_u16();
    let ms = took.as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if PROBES.contains(&route.as_str()) {
            tracing::debug!(target: "fleetcore::access", %method, path, status, ms, "answered");
        } else {
            tracing::info!(target: "fleetcore::access", %method, path, status, ms, "answered");
        }
    });
    metrics.record(&method, &route, response.status(), took);
    if let Some(value) = id.header_value() {
        response.headers_mut().insert(request_id::HEADER, value);
    }
    response
}
