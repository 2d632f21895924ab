//! `/api/v1/maintenance/programs`: the same operations as the programs page.

use axum::Json;
use axum::http::{Method, StatusCode};
use axum::routing::{get, post, put};
use uuid::Uuid;

use super::api;
use super::model::{Applied, ApplyForm, Program, ProgramForm};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::once::IdempotencyKey;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes, created};

/// The program routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::MaintenanceRead);
    let write = Access::Permission(Permission::MaintenanceWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/maintenance/programs", read, get(list))
        .route(
            Method::POST,
            "/api/v1/maintenance/programs",
            write,
            post(create),
        )
        .route(
            Method::GET,
            "/api/v1/maintenance/programs/{id}",
            read,
            get(one),
        )
        .route(
            Method::PUT,
            "/api/v1/maintenance/programs/{id}",
            write,
            put(update),
        )
        .route(
            Method::POST,
            "/api/v1/maintenance/programs/{id}/apply",
            write,
            post(apply),
        )
}

async fn list(ctx: Ctx) -> Result<Json<Vec<Program>>, AppError> {
    api::list_programs(&ctx).await.map(Json)
}

/// `{"name", "kind", "interval_km", "interval_months", "window_km", "window_days", "tasks"}`
/// (tasks one per line; at least one interval).
async fn create(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(form): ApiJson<ProgramForm>,
) -> Result<(StatusCode, Json<Program>), AppError> {
    created(ctx, key, async |ctx| api::create_program(ctx, &form).await).await
}

async fn one(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<Program>, AppError> {
    api::get_program(&ctx, id).await.map(Json)
}

async fn update(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<ProgramForm>,
) -> Result<Json<Program>, AppError> {
    api::update_program(&ctx, id, &form).await.map(Json)
}

/// `{"department", "brand", "model", "vehicles"}` (all blank: every vehicle in service) →
/// `{"vehicles", "planned"}`.
async fn apply(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<ApplyForm>,
) -> Result<Json<Applied>, AppError> {
    api::apply_program(&ctx, id, &form).await.map(Json)
}
