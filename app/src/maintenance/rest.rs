//! `/api/v1/maintenance`: the same operations as the maintenance pages.

use axum::Json;
use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::routing::{get, post};
use uuid::Uuid;

use super::api;
use super::calendar::period::Span;
use super::model::{
    Calendar, DueWorkOrder, MoveForm, RescheduleForm, WorkOrderForm, WorkOrderQuery,
};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::listing::{Paged, Params};
use crate::once::IdempotencyKey;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes, created};

/// The work order routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::MaintenanceRead);
    let write = Access::Permission(Permission::MaintenanceWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/maintenance", read, get(list))
        .route(Method::POST, "/api/v1/maintenance", write, post(create))
        .route(Method::GET, "/api/v1/maintenance/{id}", read, get(one))
        .route(
            Method::PUT,
            "/api/v1/maintenance/{id}",
            write,
            axum::routing::put(update),
        )
        .route(
            Method::POST,
            "/api/v1/maintenance/{id}/move",
            write,
            post(move_to),
        )
        .route(
            Method::POST,
            "/api/v1/maintenance/{id}/reschedule",
            write,
            post(reschedule),
        )
        .route(
            Method::GET,
            "/api/v1/maintenance/calendar",
            read,
            get(calendar),
        )
}

/// `?vehicle_id=&status=&kind=&priority=&department=&page=&per_page=`; each item carries its
/// `due` state (`later`, `due_soon`, `overdue`, or null).
async fn list(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<DueWorkOrder>>, AppError> {
    api::list_work_orders(&ctx, &WorkOrderQuery::from_params(&Params(params)))
        .await
        .map(Json)
}

async fn create(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(form): ApiJson<WorkOrderForm>,
) -> Result<(StatusCode, Json<DueWorkOrder>), AppError> {
    created(ctx, key, async |ctx| {
        api::create_work_order(ctx, &form).await
    })
    .await
}

async fn one(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<DueWorkOrder>, AppError> {
    api::get_work_order(&ctx, id).await.map(Json)
}

async fn update(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<WorkOrderForm>,
) -> Result<Json<DueWorkOrder>, AppError> {
    api::update_work_order(&ctx, id, &form).await.map(Json)
}

/// `{"to": "in_progress"}`; to complete, `{"to": "completed", "completed_on": "2026-11-20",
/// "mileage": 88000}` (and `"confirm": "true"` for an abnormal odometer value).
async fn move_to(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<MoveForm>,
) -> Result<Json<DueWorkOrder>, AppError> {
    api::move_work_order(&ctx, id, &form).await.map(Json)
}

/// `{"scheduled_on": "2026-12-04"}`: scheduled work booked for another day (today or later).
async fn reschedule(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<RescheduleForm>,
) -> Result<Json<DueWorkOrder>, AppError> {
    api::reschedule_work_order(&ctx, id, &form).await.map(Json)
}

/// `?view=month|week&on=2026-12-01` and the list's filters: the scheduled work of the month or
/// week holding `on` (default today), each on its booked or forecast day, and the overdue work
/// from before it.
async fn calendar(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Calendar>, AppError> {
    let params = Params(params);
    let span: Span = params.parse("view").unwrap_or_default();
    api::calendar(
        &ctx,
        &WorkOrderQuery::from_params(&params),
        span,
        params.parse("on"),
    )
    .await
    .map(Json)
}
