//! `/api/v1/budgets`: the same operations as the budgets page.

use axum::Json;
use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, put};
use uuid::Uuid;

use super::api;
use super::model::{Budget, BudgetForm, BudgetMonth, month_param};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::listing::Params;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes};

pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::ExpenseRead);
    let write = Access::Permission(Permission::ExpenseWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/budgets", read, get(month))
        .route(Method::PUT, "/api/v1/budgets", write, put(set))
        .route(
            Method::DELETE,
            "/api/v1/budgets/{id}",
            write,
            delete(remove),
        )
}

/// `?month=2026-11` (the current month by default): `{"month", "currency", "budgets": [{"id",
/// "department" | "vehicle_id" + "plate", "amount", "alert_percent", "actual", "without_rate",
/// "state", "used_percent"}]}`.
async fn month(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<serde_json::Value>, AppError> {
    let month = api::month_budgets(&ctx, month_param(&Params(params))).await?;
    Ok(Json(with_states(month)))
}

/// `{"month": "2026-11", "department": "Almaty" | "vehicle": "123ABC02", "amount": "1500000",
/// "alert_percent": 90}`: a second one for the same month and scope replaces it.
async fn set(ctx: Ctx, ApiJson(form): ApiJson<BudgetForm>) -> Result<Json<Budget>, AppError> {
    api::set_budget(&ctx, &form).await.map(Json)
}

async fn remove(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<StatusCode, AppError> {
    api::delete_budget(&ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

/// The month with each budget's state and share used, for clients that do not compute them.
fn with_states(month: BudgetMonth) -> serde_json::Value {
    let mut value = serde_json::to_value(&month).unwrap_or_default();
    if let Some(items) = value["budgets"].as_array_mut() {
        for (item, budget) in items.iter_mut().zip(&month.budgets) {
            item["state"] = serde_json::json!(budget.state());
            item["used_percent"] = serde_json::json!(budget.used_percent());
        }
    }
    value
}
