//! The one router: pages, server functions, the REST API and health checks.

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router, extract::State, middleware};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use app::auth::ctx::identify;
use app::error::AppError;
use app::rest::{Access, ApiRoutes};
use app::state::AppState;
use app::{App, shell};

use crate::metrics::Metrics;
use crate::observe::observe;

/// Every REST route with its declared access.
pub fn api_routes() -> ApiRoutes {
    ApiRoutes::default()
        .route(Method::GET, "/healthz", Access::Public, get(healthz))
        .route(Method::GET, "/readyz", Access::Public, get(readyz))
        .merge(app::auth::rest::routes())
        .merge(app::admin::users::rest::routes())
        .merge(app::admin::roles::rest::routes())
        .merge(app::admin::settings::rest::routes())
        .merge(app::audit::rest::routes())
        .merge(app::fleet::vehicles::rest::routes())
        .merge(app::fleet::drivers::rest::routes())
        .merge(app::fleet::mileage::rest::routes())
        .merge(app::maintenance::rest::routes())
        .merge(app::expenses::rest::routes())
        .merge(app::money::rest::routes())
        .merge(app::contracts::rest::routes())
        .merge(app::budgets::rest::routes())
        .merge(app::maintenance::programs::rest::routes())
        .merge(app::inspections::rest::routes())
}

/// The whole application; every answer is logged and counted in `metrics`.
pub fn router(state: AppState, metrics: Arc<Metrics>) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            crate::headers::provide_page_policy();
        }
    };
    let secure = state.auth.secure_cookies;
    let render = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let router = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), render)
        .merge(api_routes().into_router())
        // Identity is resolved for every route, but not for static files (the fallback).
        .route_layer(middleware::from_fn_with_state(state.clone(), identify))
        .fallback_service(crate::assets::files_or_not_found(&state, context))
        // Inside the compression: it reads error bodies as they were written.
        .layer(middleware::from_fn(crate::fn_errors::fn_error_status))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(answer_panic))
        // Outside the panic catcher: a panic is logged inside the request's span, and the
        // access log shows its 500.
        .layer(middleware::from_fn_with_state(metrics, observe))
        .with_state(state);
    crate::headers::add_security_headers(router, secure)
}

/// A panic left anywhere in a handler is a bug: it is logged with its message and the caller
/// gets the usual internal-error answer, instead of a dropped connection.
fn answer_panic(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked");
    let body = app::rest::error_body(&AppError::Internal, app::i18n::Locale::en);
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers within [`READY_WITHIN`]; a load balancer then sends traffic.
/// The pool reconnects by itself, so readiness returns with the database, without a restart.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let probe = sqlx::query("select 1").execute(&state.db);
    match tokio::time::timeout(READY_WITHIN, probe).await {
        Ok(Ok(_)) => (StatusCode::OK, "ready"),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("database did not answer within {READY_WITHIN:?}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// How long readiness waits for the database.
const READY_WITHIN: Duration = Duration::from_millis(1500);

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_panicking_handler_answers_a_json_internal_error() {
        async fn broken() -> &'static str {
            panic!("a bug in a handler")
        }
        let router: Router = Router::new()
            .route("/broken", get(broken))
            .layer(CatchPanicLayer::custom(answer_panic));
        let res = router
            .oneshot(Request::get("/broken").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = to_bytes(res.into_body(), 10_000).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"], "internal");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}
