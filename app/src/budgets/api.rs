//! Budget operations, shared by the server functions below and `rest.rs`.
//!
//! Budgets are about expenses: reading them needs `ExpenseRead`, setting and removing them
//! `ExpenseWrite`. Every change is audited.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{BudgetForm, BudgetMonth};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::{Datelike, NaiveDate};
    use uuid::Uuid;

    use super::super::db::{self, NewBudget};
    use super::super::model::{Budget, BudgetForm, BudgetMonth, BudgetScope};
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError};
    use crate::fleet::vehicles::{find_vehicle, today_in};
    use crate::tenant;

    /// A month's budgets (the tenant's current month when none is given) with their actual
    /// spend in the reporting currency.
    pub async fn month_budgets(
        ctx: &Ctx,
        month: Option<NaiveDate>,
    ) -> Result<BudgetMonth, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseRead).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let today = today_in(&settings.time_zone);
        let month = month.unwrap_or_else(|| today.with_day(1).unwrap_or(today));
        let budgets = db::month(&mut tx, month, None, &settings.currency).await?;
        Ok(BudgetMonth {
            month,
            currency: settings.currency,
            budgets,
        })
    }

    /// Sets a month's budget of a department or a vehicle, replacing the one set before.
    pub async fn set_budget(ctx: &Ctx, form: &BudgetForm) -> Result<Budget, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let input = form.validate(today_in(&settings.time_zone))?;
        let (department, vehicle) = match &input.scope {
            BudgetScope::Department(name) => (Some(name.as_str()), None),
            BudgetScope::Vehicle(reference) => {
                let found = find_vehicle(&mut tx, &settings.country, reference)
                    .await?
                    .ok_or_else(|| AppError::field("vehicle", FieldError::UnknownChoice))?;
                (None, Some(found.id.0))
            }
        };
        let existing = db::find(&mut tx, input.month, department, vehicle).await?;
        let before = match existing {
            Some(id) => db::month(&mut tx, input.month, Some(id), &settings.currency)
                .await?
                .into_iter()
                .next(),
            None => None,
        };
        let new = NewBudget {
            month: input.month,
            department,
            vehicle,
            amount: input.amount,
            alert_percent: input.alert_percent,
            created_by: ctx.user.user_id.0,
        };
        let id = db::set(&mut tx, existing, new).await?;
        let budget = db::month(&mut tx, input.month, Some(id), &settings.currency)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::BudgetSet, "budget", id)
            .diff(before.as_ref(), Some(&budget));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(budget)
    }

    pub async fn delete_budget(ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let month = db::delete(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let entry = AuditEntry::new(AuditAction::BudgetDelete, "budget", id)
            .diff(Some(&serde_json::json!({ "month": month })), None::<()>);
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
use crate::ui::form::{finish, finish_keeping};

#[server(prefix = "/fn", endpoint = "budgets/month")]
pub async fn month_budgets_fn(month: Option<chrono::NaiveDate>) -> Result<BudgetMonth, AppError> {
    finish(month_budgets(&ctx()?, month).await, None)
}

/// The budget form; a plain post goes back, the values kept on failure.
#[server(prefix = "/fn", endpoint = "budgets/set")]
pub async fn set_budget_fn(form: BudgetForm) -> Result<super::model::Budget, AppError> {
    let result = set_budget(&ctx()?, &form).await;
    finish_keeping(result, None, &form)
}

#[server(prefix = "/fn", endpoint = "budgets/delete")]
pub async fn delete_budget_fn(id: Uuid) -> Result<(), AppError> {
    finish(delete_budget(&ctx()?, id).await, None)
}
