//! Exchange rate operations, shared by the server functions below and `rest.rs`.
//!
//! Reading rates needs `ExpenseRead`, entering, importing and removing them `ExpenseWrite`:
//! whoever records expenses keeps the rates they are converted with. Every change is audited.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{ExchangeRate, RateForm, RateQuery};
use crate::error::AppError;
use crate::import::{CsvForm, ImportReport};
use crate::listing::Paged;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use std::collections::HashSet;

    use uuid::Uuid;

    use super::super::db;
    use super::super::model::{ExchangeRate, RateForm, RateQuery};
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError, FieldErrors};
    use crate::import::{self, CsvForm, ImportReport, RefusedRow};
    use crate::listing::Paged;
    use crate::tenant;

    pub async fn list_rates(ctx: &Ctx, query: &RateQuery) -> Result<Paged<ExchangeRate>, AppError> {
        query.check()?;
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
        let after = db::on_day(&mut tx, &input.currency, input.rate_on)
            .await?
            .ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::ExchangeRateSet, "exchange_rate", id)
            .diff(before, Some(&after));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Imports rates from CSV, one `currency;date;rate` per line (a `currency` header line is
    /// skipped): every row is checked like the rate form and a currency's day may appear once;
    /// any refused row and nothing is written, else every rate is set (replacing the day's) and
    /// the import is audited once.
    pub async fn import_rates(ctx: &Ctx, form: &CsvForm) -> Result<ImportReport, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let reporting = tenant::db::settings(&mut tx).await?.currency;
        let rows = import::without_header(import::rows(&form.csv).await?, "currency");
        let mut report = ImportReport {
            rows: rows.len(),
            ..Default::default()
        };
        let mut rates = Vec::with_capacity(rows.len());
        let mut seen = HashSet::new();
        for (line, cells) in rows {
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            let form = RateForm {
                currency: cell(0),
                rate_on: cell(1),
                rate: cell(2),
            };
            match form.validate(&reporting) {
                Ok(rate) if !seen.insert((rate.currency.clone(), rate.rate_on)) => {
                    report.refused.push(RefusedRow {
                        line,
                        errors: FieldErrors::from([(
                            "rate_on".to_owned(),
                            vec![FieldError::Taken],
                        )]),
                    })
                }
                Ok(rate) => rates.push(rate),
                Err(e) => report.refused.push(RefusedRow {
                    line,
                    errors: e.field_errors(),
                }),
            }
        }
        if !report.refused.is_empty() {
            return Ok(report);
        }
        report.written = db::set_many(&mut tx, &rates, ctx.user.user_id.0).await? as usize;
        let currencies: std::collections::BTreeSet<&str> =
            rates.iter().map(|r| r.currency.as_str()).collect();
        let summary = serde_json::json!({ "rates": report.written, "currencies": currencies });
        let entry = AuditEntry::new(AuditAction::ExchangeRateImport, "tenant", tx.tenant_id().0)
            .diff(None::<()>, Some(&summary));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Removes a rate entered by mistake; amounts of its day fall back to an earlier rate.
    pub async fn delete_rate(ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let removed = db::delete(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let entry = AuditEntry::new(AuditAction::ExchangeRateDelete, "exchange_rate", id)
            .diff(Some(&removed), None::<()>);
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(feature = "ssr")]
fn ctx() -> Result<crate::auth::ctx::Ctx, AppError> {
    crate::auth::ctx::Ctx::from_context()
}

#[cfg(feature = "ssr")]
use crate::ui::form::{finish, finish_keeping, finish_reporting};

#[server(prefix = "/fn", endpoint = "rates/list")]
pub async fn list_rates_fn(query: RateQuery) -> Result<Paged<ExchangeRate>, AppError> {
    finish(list_rates(&ctx()?, &query).await, None)
}

/// The rate form; a plain post goes back, the values kept on failure.
#[server(prefix = "/fn", endpoint = "rates/set")]
pub async fn set_rate_fn(form: RateForm) -> Result<ExchangeRate, AppError> {
    let result = set_rate(&ctx()?, &form).await;
    finish_keeping(result, None, &form)
}

/// The CSV import; a plain post goes back with the report.
#[server(prefix = "/fn", endpoint = "rates/import")]
pub async fn import_rates_fn(form: CsvForm) -> Result<ImportReport, AppError> {
    finish_reporting(import_rates(&ctx()?, &form).await)
}

/// A rate's delete button.
#[server(prefix = "/fn", endpoint = "rates/delete")]
pub async fn delete_rate_fn(id: Uuid) -> Result<(), AppError> {
    finish(delete_rate(&ctx()?, id).await, None)
}
