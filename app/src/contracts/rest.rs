//! `/api/v1/contracts`: the same operations as the contract pages.

use axum::Json;
use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::routing::{get, post};
use uuid::Uuid;

use super::api;
use super::model::{
    Contract, ContractForm, ContractPage, ContractQuery, ExpiringContract, PaymentForm,
    PaymentSchedule, RenewalForm,
};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::expenses::CostedExpense;
use crate::listing::{PageRequest, Paged, Params};
use crate::once::IdempotencyKey;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes, created};

/// The contract routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::ContractRead);
    let write = Access::Permission(Permission::ContractWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/contracts", read, get(list))
        .route(Method::POST, "/api/v1/contracts", write, post(create))
        .route(
            Method::GET,
            "/api/v1/contracts/expiring",
            read,
            get(expiring),
        )
        .route(
            Method::GET,
            "/api/v1/contracts/payments",
            read,
            get(payments),
        )
        .route(
            Method::POST,
            "/api/v1/contracts/{id}/payments",
            write,
            post(record_payment),
        )
        .route(Method::GET, "/api/v1/contracts/{id}", read, get(one))
        .route(
            Method::POST,
            "/api/v1/contracts/{id}/renew",
            write,
            post(renew),
        )
        .route(
            Method::POST,
            "/api/v1/contracts/{id}/cancel",
            write,
            post(cancel),
        )
}

/// `?vehicle_id=&status=&type=&expiring_within=&page=&per_page=`: running contracts first, the
/// soonest to end first; each with its `status` on the tenant's day and `days_left`; `by_status`
/// counts what the filter matches in each status.
async fn list(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<ContractPage>, AppError> {
    api::list_contracts(&ctx, &ContractQuery::from_params(&Params(params)))
        .await
        .map(Json)
}

/// `{"vehicle": "123ABC02", "contract_type": "insurance_osago", "contractor": "Nomad",
/// "number": "OS-1", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "amount": "24000",
/// "currency": "KZT", "payment_frequency": "annual", "auto_renew": true, "coverage": "…",
/// "notes": "…"}`.
async fn create(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(form): ApiJson<ContractForm>,
) -> Result<(StatusCode, Json<Contract>), AppError> {
    created(ctx, key, async |ctx| api::create_contract(ctx, &form).await).await
}

/// `?within=30` (days, 30 by default): open contracts ending by then, the soonest first, each
/// with `expiry_step` (30, 14 or 7: the reminder it has reached).
async fn expiring(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<ExpiringContract>>, AppError> {
    let params = Params(params);
    api::expiring_contracts(
        &ctx,
        params.parse("within").unwrap_or(30),
        PageRequest::from_params(&params),
    )
    .await
    .map(Json)
}

async fn one(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<Contract>, AppError> {
    api::get_contract(&ctx, id).await.map(Json)
}

/// `{"starts_on", "ends_on", "amount", "number"}`, each optional: by default the new term
/// follows on with the same length and amount. Answers the new contract.
async fn renew(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<RenewalForm>,
) -> Result<(StatusCode, Json<Contract>), AppError> {
    api::renew_contract(&ctx, id, &form)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
}

async fn cancel(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<Contract>, AppError> {
    api::cancel_contract(&ctx, id).await.map(Json)
}

/// `?vehicle_id=&limit=`: the payments falling due from the first day of last month to the
/// last day of next month, each with `expense_id` once recorded (with `limit`, only that many
/// unrecorded ones), their sums `by_month` and the `unrecorded` count.
async fn payments(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<PaymentSchedule>, AppError> {
    let params = Params(params);
    api::payment_schedule(&ctx, params.parse("vehicle_id"), params.parse("limit"))
        .await
        .map(Json)
}

/// `{"due_on": "2026-03-01"}`, one of the contract's due days: records that payment as an
/// expense of the vehicle (once).
async fn record_payment(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<PaymentForm>,
) -> Result<(StatusCode, Json<CostedExpense>), AppError> {
    created(ctx, key, async |ctx| {
        api::record_payment(ctx, id, &form).await
    })
    .await
}
