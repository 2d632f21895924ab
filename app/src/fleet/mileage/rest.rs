//! `/api/v1/mileage`: the same operations as the mileage pages.

use axum::Json;
use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::routing::{get, post};
use uuid::Uuid;

use super::api;
use super::model::{BulkEntryForm, BulkOutcome, MileageStats, Reading, ReadingForm, VoidForm};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::fleet::RecordsOf;
use crate::listing::{PageRequest, Paged, Params};
use crate::once::IdempotencyKey;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes, created};

/// Recording for any vehicle, or for one's own.
const RECORD: Access = Access::AnyOf(&[Permission::MileageRecord, Permission::MileageRecordOwn]);

/// The mileage routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::MileageRead);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/mileage", read, get(list))
        .route(Method::POST, "/api/v1/mileage", RECORD, post(record))
        .route(
            Method::POST,
            "/api/v1/mileage/bulk",
            RECORD,
            post(record_bulk),
        )
        .route(
            Method::GET,
            "/api/v1/mileage/stats/{vehicle}",
            read,
            get(stats),
        )
        .route(
            Method::POST,
            "/api/v1/mileage/{id}/void",
            Access::Permission(Permission::MileageVoid),
            post(void),
        )
}

/// `?vehicle_id=…` or `?driver_id=…` (one of them), plus `page`, `per_page`.
async fn list(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<Reading>>, AppError> {
    let params = Params(params);
    let scope = RecordsOf::from_params(&params)?;
    api::list_readings(&ctx, scope, PageRequest::from_params(&params))
        .await
        .map(Json)
}

/// 201 with the reading; an abnormal one is refused (422 `mileage_abnormal`) unless the body
/// says `"confirm": "true"`.
async fn record(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(form): ApiJson<ReadingForm>,
) -> Result<(StatusCode, Json<Reading>), AppError> {
    created(ctx, key, async |ctx| api::record_reading(ctx, &form).await).await
}

/// 200 with how many were saved and each failed row's errors.
async fn record_bulk(
    ctx: Ctx,
    ApiJson(form): ApiJson<BulkEntryForm>,
) -> Result<Json<BulkOutcome>, AppError> {
    api::record_bulk(&ctx, &form).await.map(Json)
}

async fn stats(ctx: Ctx, ApiPath(vehicle): ApiPath<Uuid>) -> Result<Json<MileageStats>, AppError> {
    api::vehicle_mileage(&ctx, vehicle).await.map(Json)
}

async fn void(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<VoidForm>,
) -> Result<Json<Reading>, AppError> {
    api::void_reading(&ctx, id, &form).await.map(Json)
}
