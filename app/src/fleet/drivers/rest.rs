//! `/api/v1/drivers`: the same operations as the driver pages, assignments included.

use axum::Json;
use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, patch, post, put};
use serde::Deserialize;
use uuid::Uuid;

use super::assignments::{Assignment, AssignmentForm, AssignmentId};
use super::records::{self, Certification, CertificationForm, Fine, FineForm};
use super::{Driver, DriverForm, DriverId, DriverQuery, api, assignments};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::fleet::RecordsOf;
use crate::listing::{PageRequest, Paged, Params};
use crate::once::IdempotencyKey;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes, created};

/// The driver and assignment routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::DriverRead);
    let write = Access::Permission(Permission::DriverWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/drivers", read, get(list))
        .route(Method::POST, "/api/v1/drivers", write, post(create))
        .route(
            Method::GET,
            "/api/v1/drivers/assignments",
            read,
            get(list_assignments),
        )
        .route(
            Method::POST,
            "/api/v1/drivers/assignments",
            write,
            post(assign),
        )
        .route(
            Method::POST,
            "/api/v1/drivers/assignments/{id}/end",
            write,
            post(end_assignment),
        )
        .route(Method::GET, "/api/v1/drivers/{id}", read, get(one))
        .route(Method::PUT, "/api/v1/drivers/{id}", write, put(update))
        .route(
            Method::GET,
            "/api/v1/drivers/{id}/certifications",
            read,
            get(certifications),
        )
        .route(
            Method::POST,
            "/api/v1/drivers/{id}/certifications",
            write,
            post(add_certification),
        )
        .route(
            Method::DELETE,
            "/api/v1/drivers/{id}/certifications/{certification}",
            write,
            delete(remove_certification),
        )
        .route(Method::GET, "/api/v1/drivers/{id}/fines", read, get(fines))
        .route(
            Method::POST,
            "/api/v1/drivers/{id}/fines",
            write,
            post(add_fine),
        )
        .route(
            Method::PATCH,
            "/api/v1/drivers/{id}/fines/{fine}",
            write,
            patch(set_fine_paid),
        )
}

/// Same parameters as the list page's address: `q`, `status`, `department`,
/// `expiring_within`, `sort`, `dir`, `page`, `per_page`.
async fn list(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<Driver>>, AppError> {
    api::list_drivers(&ctx, &DriverQuery::from_params(&Params(params)))
        .await
        .map(Json)
}

async fn one(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<Driver>, AppError> {
    api::get_driver(&ctx, DriverId(id)).await.map(Json)
}

async fn create(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(form): ApiJson<DriverForm>,
) -> Result<(StatusCode, Json<Driver>), AppError> {
    created(ctx, key, async |ctx| api::create_driver(ctx, &form).await).await
}

async fn update(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<DriverForm>,
) -> Result<Json<Driver>, AppError> {
    api::update_driver(&ctx, DriverId(id), &form)
        .await
        .map(Json)
}

/// `?vehicle_id=…` or `?driver_id=…` (one of them), plus `page`, `per_page`.
async fn list_assignments(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<Assignment>>, AppError> {
    let params = Params(params);
    let scope = RecordsOf::from_params(&params)?;
    assignments::list_assignments(&ctx, scope, PageRequest::from_params(&params))
        .await
        .map(Json)
}

async fn assign(
    ctx: Ctx,
    ApiJson(form): ApiJson<AssignmentForm>,
) -> Result<(StatusCode, Json<Assignment>), AppError> {
    assignments::assign(&ctx, &form)
        .await
        .map(|a| (StatusCode::CREATED, Json(a)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EndBody {
    /// RFC 3339 or the user's wall clock; blank or missing means now.
    ends_at: String,
}

/// The body is optional: an empty POST ends the assignment now.
async fn end_assignment(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    body: axum::body::Bytes,
) -> Result<Json<Assignment>, AppError> {
    let body: EndBody = if body.is_empty() {
        EndBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|_| AppError::BadRequest)?
    };
    assignments::end_assignment(&ctx, AssignmentId(id), &body.ends_at)
        .await
        .map(Json)
}

async fn certifications(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Certification>>, AppError> {
    records::list_certifications(&ctx, id).await.map(Json)
}

async fn add_certification(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<CertificationForm>,
) -> Result<(StatusCode, Json<Vec<Certification>>), AppError> {
    created(ctx, key, async |ctx| {
        records::add_certification(ctx, id, &form).await
    })
    .await
}

async fn remove_certification(
    ctx: Ctx,
    ApiPath((id, certification)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<Vec<Certification>>, AppError> {
    records::remove_certification(&ctx, id, certification)
        .await
        .map(Json)
}

async fn fines(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<Vec<Fine>>, AppError> {
    records::list_fines(&ctx, id).await.map(Json)
}

async fn add_fine(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<FineForm>,
) -> Result<(StatusCode, Json<Fine>), AppError> {
    created(ctx, key, async |ctx| {
        records::add_fine(ctx, id, &form).await
    })
    .await
}

#[derive(Deserialize)]
struct PaidBody {
    paid: bool,
}

async fn set_fine_paid(
    ctx: Ctx,
    ApiPath((id, fine)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<PaidBody>,
) -> Result<Json<Fine>, AppError> {
    records::set_fine_paid(&ctx, id, fine, body.paid)
        .await
        .map(Json)
}
