//! `/api/v1/audit`: the audit log, filtered and paged as on its page.

use axum::Json;
use axum::extract::Query;
use axum::http::Method;
use axum::routing::get;

use super::{AuditQuery, AuditRow, api};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::listing::{Paged, Params};
use crate::rest::{Access, ApiRoutes};

/// The audit routes.
pub fn routes() -> ApiRoutes {
    ApiRoutes::default().route(
        Method::GET,
        "/api/v1/audit",
        Access::Permission(Permission::AuditRead),
        get(list),
    )
}

async fn list(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<AuditRow>>, AppError> {
    api::list_audit(&ctx, &AuditQuery::from_params(&Params(params)))
        .await
        .map(Json)
}
