//! `/api/v1/vehicles`: the same operations as the vehicle pages.

use axum::Json;
use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, patch, post, put};
use serde::Deserialize;
use uuid::Uuid;

use super::{Vehicle, VehicleForm, VehicleId, VehicleQuery, VehicleStatus, api};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::listing::{Paged, Params};
use crate::once::IdempotencyKey;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes, created};

/// The vehicle routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::VehicleRead);
    let write = Access::Permission(Permission::VehicleWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/vehicles", read, get(list))
        .route(Method::POST, "/api/v1/vehicles", write, post(create))
        .route(Method::GET, "/api/v1/vehicles/{id}", read, get(one))
        .route(Method::PUT, "/api/v1/vehicles/{id}", write, put(update))
        .route(
            Method::DELETE,
            "/api/v1/vehicles/{id}",
            write,
            delete(decommission),
        )
        .route(
            Method::PATCH,
            "/api/v1/vehicles/{id}/status",
            write,
            patch(set_status),
        )
}

/// Same parameters as the list page's address: `q`, `status`, `brand`, `body_type`,
/// `fuel_type`, `department`, `year_from`, `year_to`, `sort`, `dir`, `page`, `per_page`.
async fn list(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<Vehicle>>, AppError> {
    api::list_vehicles(&ctx, &VehicleQuery::from_params(&Params(params)))
        .await
        .map(Json)
}

async fn one(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<Vehicle>, AppError> {
    api::get_vehicle(&ctx, VehicleId(id)).await.map(Json)
}

async fn create(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(form): ApiJson<VehicleForm>,
) -> Result<(StatusCode, Json<Vehicle>), AppError> {
    created(ctx, key, async |ctx| api::create_vehicle(ctx, &form).await).await
}

async fn update(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<VehicleForm>,
) -> Result<Json<Vehicle>, AppError> {
    api::update_vehicle(&ctx, VehicleId(id), &form)
        .await
        .map(Json)
}

#[derive(Deserialize)]
struct StatusBody {
    status: String,
}

async fn set_status(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<Json<Vehicle>, AppError> {
    // Parsed here rather than by serde, so an unknown status is a field error, not a bad request.
    let status: VehicleStatus = body
        .status
        .parse()
        .map_err(|e| AppError::field("status", e))?;
    api::set_vehicle_status(&ctx, VehicleId(id), status)
        .await
        .map(Json)
}

async fn decommission(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<Vehicle>, AppError> {
    api::decommission_vehicle(&ctx, VehicleId(id))
        .await
        .map(Json)
}
