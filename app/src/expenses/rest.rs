//! `/api/v1/expenses`: the same operations as the expense pages.

use axum::Json;
use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, post};
use uuid::Uuid;

use super::api;
use super::fleet_consumption::FleetConsumption;
use super::fuel_import::model::{FuelImportRequest, FuelPreview};
use super::model::{
    ConsumptionQuery, CostedExpense, ExpenseForm, ExpensePage, ExpenseQuery, VehicleConsumption,
    VehicleCosts,
};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::listing::Params;
use crate::once::IdempotencyKey;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes, created};

/// The expense routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::ExpenseRead);
    let write = Access::Permission(Permission::ExpenseWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/expenses", read, get(list))
        .route(Method::POST, "/api/v1/expenses", write, post(create))
        .route(
            Method::POST,
            "/api/v1/expenses/fuel-import",
            write,
            post(fuel_import),
        )
        .route(Method::GET, "/api/v1/expenses/{id}", read, get(one))
        .route(
            Method::DELETE,
            "/api/v1/expenses/{id}",
            write,
            delete(remove),
        )
        .route(
            Method::GET,
            "/api/v1/expenses/consumption",
            read,
            get(fleet_consumption),
        )
        .route(
            Method::GET,
            "/api/v1/expenses/consumption/{vehicle}",
            read,
            get(consumption),
        )
        .route(
            Method::GET,
            "/api/v1/expenses/costs/{vehicle}",
            read,
            get(costs),
        )
}

/// `?vehicle_id=&driver_id=&category=&currency=&from=&to=&page=&per_page=`: the latest first,
/// each with `rate` and `converted` (null without a rate on or before its day), and `totals`
/// of everything the filter matches in the reporting currency, with what no rate converts
/// set apart in `without_rate`.
async fn list(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<ExpensePage>, AppError> {
    api::list_expenses(&ctx, &ExpenseQuery::from_params(&Params(params)))
        .await
        .map(Json)
}

/// `{"vehicle": "123ABC02", "category": "parking", "amount": "1500", "currency": "KZT",
/// "spent_on": "2026-11-30"}`; fuel adds `fuel_quantity`, `fuel_unit_price` (or leave
/// `amount` out), `fuel_type`, `full_tank`, `odometer` (and `"confirm": "true"` for an
/// abnormal odometer value).
async fn create(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(form): ApiJson<ExpenseForm>,
) -> Result<(StatusCode, Json<CostedExpense>), AppError> {
    created(ctx, key, async |ctx| api::create_expense(ctx, &form).await).await
}

/// `{"csv": "Date;Plate;Litres;Amount\n30.11.2026 08:15;123ABC02;45,2;11074", "mapping": {"columns":
/// {"date": "Date", "plate": "Plate", "quantity": "Litres", "amount": "Amount"}, "month_first":
/// false, "full_by_default": true}, "dry_run": true}`: a fuel-card statement, each row a fuel
/// expense. Without `mapping`, the tenant's template (the last import's) or the usual headers
/// map it. Answers the preview: `mapping_errors`, `rows`, `refused`, `written` (0 unless
/// every row was good and it was no `dry_run`) and `shown` (the refused rows with `errors` on
/// the columns' keys or `row`, else the first rows with their `expense`).
async fn fuel_import(
    ctx: Ctx,
    ApiJson(request): ApiJson<FuelImportRequest>,
) -> Result<Json<FuelPreview>, AppError> {
    super::fuel_import::import_fuel_csv(&ctx, &request)
        .await
        .map(Json)
}

/// 204; a fuel fill's odometer reading is voided with it.
async fn remove(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<StatusCode, AppError> {
    api::delete_expense(&ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

async fn one(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<CostedExpense>, AppError> {
    api::get_expense(&ctx, id).await.map(Json)
}

/// `{"electric", "per_100km", "stretches": [{"expense_id", "distance_km", "quantity",
/// "per_100km", "unusual"}]}`: litres (kWh when `electric`) per 100 km between full fills.
async fn consumption(
    ctx: Ctx,
    ApiPath(vehicle): ApiPath<Uuid>,
) -> Result<Json<VehicleConsumption>, AppError> {
    api::vehicle_consumption(&ctx, vehicle).await.map(Json)
}

/// `?from=&to=`: the fleet's consumption from the fills of those days, `{"models": [{"brand",
/// "model", "fuel_type", "vehicles", "distance_km", "quantity", "per_100km"}], "above_model":
/// [{"vehicle", "per_100km", "model_per_100km", "above_percent"}]}`: each model's figure over
/// all its vehicles' stretches, the most driven first, and the vehicles at least 15 % above
/// their model's (of a model with three vehicles measured or more), the furthest first.
async fn fleet_consumption(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<FleetConsumption>, AppError> {
    api::fleet_consumption(&ctx, &ConsumptionQuery::from_params(&Params(params)))
        .await
        .map(Json)
}

/// `{"totals", "distance_km", "cost_per_km", "fuel"}`: everything the vehicle has cost in the
/// reporting currency (as the list's `totals`), the distance its readings cover, the cost of
/// a kilometre (null before any distance) and its consumption (as `consumption/{vehicle}`).
async fn costs(ctx: Ctx, ApiPath(vehicle): ApiPath<Uuid>) -> Result<Json<VehicleCosts>, AppError> {
    api::vehicle_costs(&ctx, vehicle).await.map(Json)
}
