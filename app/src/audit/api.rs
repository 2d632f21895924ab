//! Reading the audit log, for the audit log page and `/api/v1/audit`.

use leptos::prelude::*;

use super::{AuditFacets, AuditQuery, AuditRow};
use crate::error::AppError;
use crate::listing::Paged;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use super::super::{AuditFacets, AuditQuery, AuditRow, db};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::AppError;
    use crate::listing::Paged;

    /// A page of the tenant's audit log; dates are days in the reader's time zone.
    pub async fn list_audit(ctx: &Ctx, query: &AuditQuery) -> Result<Paged<AuditRow>, AppError> {
        query.check()?;
        let mut tx = ctx.authorize(Permission::AuditRead).await?;
        db::list(&mut tx, query, &ctx.user.time_zone).await
    }

    /// The choices of the audit log's filters.
    pub async fn audit_facets(ctx: &Ctx) -> Result<AuditFacets, AppError> {
        let mut tx = ctx.authorize(Permission::AuditRead).await?;
        db::facets(&mut tx).await
    }
}

/// The audit log page's rows.
#[server(prefix = "/fn", endpoint = "audit/list")]
pub async fn list_audit_fn(query: AuditQuery) -> Result<Paged<AuditRow>, AppError> {
    list_audit(&crate::auth::ctx::Ctx::from_context()?, &query).await
}

/// The audit log page's filter choices.
#[server(prefix = "/fn", endpoint = "audit/facets")]
pub async fn audit_facets_fn() -> Result<AuditFacets, AppError> {
    audit_facets(&crate::auth::ctx::Ctx::from_context()?).await
}
