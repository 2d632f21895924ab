//! `/api/v1/exchange-rates`: the tenant's daily rates into its reporting currency.

use axum::Json;
use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get};
use uuid::Uuid;

use super::api;
use super::model::{ExchangeRate, RateForm, RateQuery};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::import::{CsvForm, ImportReport};
use crate::listing::{Paged, Params};
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes};

/// The exchange rate routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::ExpenseRead);
    let write = Access::Permission(Permission::ExpenseWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/exchange-rates", read, get(list))
        .route(
            Method::PUT,
            "/api/v1/exchange-rates",
            write,
            axum::routing::put(set),
        )
        .route(
            Method::POST,
            "/api/v1/exchange-rates/import",
            write,
            axum::routing::post(import),
        )
        .route(
            Method::DELETE,
            "/api/v1/exchange-rates/{id}",
            write,
            delete(remove),
        )
}

/// `?currency=USD&from=2026-11-01&to=2026-11-30&page=&per_page=`: the latest day first.
async fn list(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<ExchangeRate>>, AppError> {
    api::list_rates(&ctx, &RateQuery::from_params(&Params(params)))
        .await
        .map(Json)
}

/// `{"currency": "USD", "rate_on": "2026-11-30", "rate": "471.25"}`: one USD in the reporting
/// currency that day; a second call for the same day replaces the rate.
async fn set(ctx: Ctx, ApiJson(form): ApiJson<RateForm>) -> Result<Json<ExchangeRate>, AppError> {
    api::set_rate(&ctx, &form).await.map(Json)
}

async fn remove(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<StatusCode, AppError> {
    api::delete_rate(&ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// `{"csv": "currency;date;rate\nUSD;2026-11-30;471,25\n…"}` (`;`, tab or `,` between cells):
/// all or nothing. 200 with `{"rows", "written"}`, or 422 with `refused`: each refused row's
/// `line` and field `errors`, nothing written.
async fn import(
    ctx: Ctx,
    ApiJson(form): ApiJson<CsvForm>,
) -> Result<(StatusCode, Json<ImportReport>), AppError> {
    let report = api::import_rates(&ctx, &form).await?;
    let status = if report.refused.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(report)))
}
