//! `/api/v1/settings/fleet`: the same as the settings page.

use axum::Json;
use axum::http::Method;
use axum::routing::{get, put};

use super::{FleetRules, FleetRulesForm, api};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::rest::{Access, ApiJson, ApiRoutes};

pub fn routes() -> ApiRoutes {
    let write = Access::Permission(Permission::SettingsWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/settings/fleet", write, get(read))
        .route(Method::PUT, "/api/v1/settings/fleet", write, put(update))
}

async fn read(ctx: Ctx) -> Result<Json<FleetRules>, AppError> {
    api::fleet_rules(&ctx).await.map(Json)
}

/// `{"drivers_share_vehicles": "true", "mileage_daily_limit_km": "1500"}`, as the form sends.
async fn update(
    ctx: Ctx,
    ApiJson(form): ApiJson<FleetRulesForm>,
) -> Result<Json<FleetRules>, AppError> {
    api::update_fleet_rules(&ctx, &form).await.map(Json)
}
