//! The one router: pages, server functions, the REST API and health checks.

use axum::http::{Method, StatusCode};
use axum::routing::get;
use axum::{Router, extract::State, middleware};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use app::auth::ctx::identify;
use app::rest::{Access, ApiRoutes};
use app::state::AppState;
use app::{App, shell};

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

/// The whole application.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let render = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), render)
        .merge(api_routes().into_router())
        // Identity is resolved for every route, but not for static files (the fallback).
        .route_layer(middleware::from_fn_with_state(state.clone(), identify))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match sqlx::query("select 1").execute(&state.db).await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
