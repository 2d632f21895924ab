//! Exchange rate operations, for `rest.rs` (and the rates page to come).
//!
//! Reading rates needs `ExpenseRead`, entering and removing them `ExpenseWrite`: whoever
//! records expenses keeps the rates they are converted with. Every change is audited on the
//! rate.

use uuid::Uuid;

use super::db;
use super::model::{ExchangeRate, RateForm, RateQuery};
use crate::audit::{self, AuditEntry};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::listing::Paged;
use crate::tenant;

pub async fn list_rates(ctx: &Ctx, query: &RateQuery) -> Result<Paged<ExchangeRate>, AppError> {
    let mut tx = ctx.authorize(Permission::ExpenseRead).await?;
    db::list(&mut tx, query).await
}

/// Sets a currency's rate for a day, replacing the one entered before (audited with both).
pub async fn set_rate(ctx: &Ctx, form: &RateForm) -> Result<ExchangeRate, AppError> {
    let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
    let reporting = tenant::db::settings(&mut tx).await?.currency;
    let input = form.validate(&reporting)?;
    let before = db::on_day(&mut tx, &input.currency, input.rate_on).await?;
    let id = db::set(&mut tx, &input, ctx.user.user_id.0).await?;
    let after = db::on_day(&mut tx, &input.currency, input.rate_on).await?.ok_or(AppError::Internal)?;
    let entry = AuditEntry::new("exchange_rate.set", "exchange_rate", id).diff(before, Some(&after));
    audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
    tx.commit().await?;
    Ok(after)
}

/// Removes a rate entered by mistake; amounts of its day fall back to an earlier rate.
pub async fn delete_rate(ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
    let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
    let removed = db::delete(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let entry = AuditEntry::new("exchange_rate.delete", "exchange_rate", id).diff(Some(&removed), None::<()>);
    audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
    tx.commit().await?;
    Ok(())
}
