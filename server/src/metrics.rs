//! Prometheus metrics: requests by route, method and status, their latency as a histogram, and
//! the database pool's use. Served at `/metrics` on a listen address of its own
//! (`FLEETCORE_METRICS_ADDR`), never on the public one: a scraper reaches it, users do not.
//!
//! Routes are labelled by their pattern (`/api/v1/vehicles/{id}`), never by the address asked
//! for, so the number of series stays bounded whatever clients send; everything no route takes
//! (static files, the 404 page) is one route, `(fallback)`.

use axum::Router;
use axum::http::{Method, StatusCode, header};
use axum::routing::get;
use sqlx::PgPool;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The latency buckets' upper bounds, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The route label of a request no route took.
pub const FALLBACK_ROUTE: &str = "(fallback)";

/// What has been counted since the server started.
#[derive(Default)]
pub struct Metrics {
    series: Mutex<HashMap<(Method, String), Series>>,
}

/// One route and method's answers.
#[derive(Default)]
struct Series {
    by_status: BTreeMap<u16, u64>,
    /// How many answers took at most `BUCKETS[i]` seconds (not cumulative; summed when shown).
    in_bucket: [u64; BUCKETS.len()],
    seconds: f64,
    count: u64,
}

impl Metrics {
    /// Counts one answer.
    pub fn record(&self, method: &Method, route: &str, status: StatusCode, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut series = self.series.lock().unwrap_or_else(PoisonError::into_inner);
        let one = series
            .entry((method.clone(), route.to_owned()))
            .or_default();
        *one.by_status.entry(status.as_u16()).or_default() += 1;
        if let Some(bucket) = BUCKETS.iter().position(|&le| seconds <= le) {
            one.in_bucket[bucket] += 1;
        }
        one.seconds += seconds;
        one.count += 1;
    }

    /// Everything in Prometheus's text format, with the pool's state as of now.
    pub fn render(&self, db: &PgPool) -> String {
        let mut out = String::new();
        let series = self.series.lock().unwrap_or_else(PoisonError::into_inner);
        let mut keys: Vec<_> = series.keys().collect();
        keys.sort_by(|a, b| (a.1.as_str(), a.0.as_str()).cmp(&(b.1.as_str(), b.0.as_str())));

        out.push_str("# HELP fleetcore_http_requests_total Requests answered, by route, method and status.\n");
        out.push_str("# TYPE fleetcore_http_requests_total counter\n");
        for key in &keys {
            let labels = labels(key);
            for (status, n) in &series[*key].by_status {
                let _ = writeln!(
                    out,
                    "fleetcore_http_requests_total{{{labels},status=\"{status}\"}} {n}"
                );
            }
        }

        out.push_str("# HELP fleetcore_http_request_duration_seconds Time to the response's head, by route and method.\n");
        out.push_str("# TYPE fleetcore_http_request_duration_seconds histogram\n");
        for key in &keys {
            let labels = labels(key);
            let one = &series[*key];
            let mut cumulative = 0;
            for (le, n) in BUCKETS.iter().zip(one.in_bucket) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "fleetcore_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "fleetcore_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                one.count
            );
            let _ = writeln!(
                out,
                "fleetcore_http_request_duration_seconds_sum{{{labels}}} {}",
                one.seconds
            );
            let _ = writeln!(
                out,
                "fleetcore_http_request_duration_seconds_count{{{labels}}} {}",
                one.count
            );
        }
        drop(series);

        let open = db.size();
        let idle = u32::try_from(db.num_idle()).unwrap_or(open);
        out.push_str(
            "# HELP fleetcore_db_pool_connections Connections the pool holds open, by state.\n",
        );
        out.push_str("# TYPE fleetcore_db_pool_connections gauge\n");
        let _ = writeln!(
            out,
            "fleetcore_db_pool_connections{{state=\"in_use\"}} {}",
            open.saturating_sub(idle)
        );
        let _ = writeln!(
            out,
            "fleetcore_db_pool_connections{{state=\"idle\"}} {idle}"
        );
        out.push_str(
            "# HELP fleetcore_db_pool_max_connections The most connections the pool opens.\n",
        );
        out.push_str("# TYPE fleetcore_db_pool_max_connections gauge\n");
        let _ = writeln!(
            out,
            "fleetcore_db_pool_max_connections {}",
            db.options().get_max_connections()
        );
        out
    }
}

/// `method="GET",route="/vehicles"`, the route escaped as Prometheus wants.
fn labels((method, route): &(Method, String)) -> String {
    let route = route
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("method=\"{method}\",route=\"{route}\"")
}

/// The router of the metrics listen address.
pub fn router(metrics: Arc<Metrics>, db: PgPool) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let body = metrics.render(&db);
            async move {
                (
                    [(
                        header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    body,
                )
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_are_counted_by_status_and_their_latency_bucketed() {
        let metrics = Metrics::default();
        let route = "/api/v1/vehicles/{id}";
        metrics.record(
            &Method::GET,
            route,
            StatusCode::OK,
            Duration::from_millis(3),
        );
        metrics.record(
            &Method::GET,
            route,
            StatusCode::OK,
            Duration::from_millis(40),
        );
        metrics.record(
            &Method::GET,
            route,
            StatusCode::NOT_FOUND,
            Duration::from_secs(20),
        );
        // The pool is never connected: `render` only reads its counters.
        let db = sqlx::postgres::PgPoolOptions::new()
            .max_connections(7)
            .connect_lazy("postgres://nobody@127.0.0.1:1/none")
            .unwrap();
        let text = metrics.render(&db);
        let labels = "method=\"GET\",route=\"/api/v1/vehicles/{id}\"";
        for line in [
            format!("fleetcore_http_requests_total{{{labels},status=\"200\"}} 2"),
            format!("fleetcore_http_requests_total{{{labels},status=\"404\"}} 1"),
            format!("fleetcore_http_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1"),
            format!("fleetcore_http_request_duration_seconds_bucket{{{labels},le=\"0.05\"}} 2"),
            format!("fleetcore_http_request_duration_seconds_bucket{{{labels},le=\"10\"}} 2"),
            format!("fleetcore_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 3"),
            format!("fleetcore_http_request_duration_seconds_count{{{labels}}} 3"),
            "fleetcore_db_pool_connections{state=\"in_use\"} 0".to_owned(),
            "fleetcore_db_pool_max_connections 7".to_owned(),
        ] {
            assert!(text.lines().any(|l| l == line), "no `{line}` in\n{text}");
        }
    }
}
