//! Budgets for the demo fleets: every department has one for each of the last two months, set
//! from what it actually spent, and for this one from what it spent last month, each a little
//! above or below, so the budgets page shows departments within, near and over their limit.
//!
//! A month with budgets is left alone, so running the seed again adds only a new month's.

use std::collections::HashMap;

use chrono::{Datelike, Months};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use app::budgets::db::{self, NewBudget};
use app::budgets::model::DEFAULT_ALERT_PERCENT;
use app::error::AppError;
use app::fleet::vehicles::{db as vehicles, today_in};
use app::tenant::{TenantId, TenantTx};

/// Months budgeted before this one.
const PAST_MONTHS: u32 = 2;

/// Writes the tenant's budgets, set by `manager_email`; answers how many were written.
pub async fn seed(
    app_pool: &sqlx::PgPool,
    tenant: TenantId,
    seed: u64,
    manager_email: &str,
) -> Result<usize, AppError> {
    let mut tx = TenantTx::begin(app_pool, tenant).await?;
    let settings = app::tenant::db::settings(&mut tx).await?;
    let today = today_in(&settings.time_zone);
    let this_month = today.with_day(1).unwrap_or(today);
    let manager = app::admin::users::db::id_by_email(&mut tx, manager_email)
        .await?
        .ok_or(AppError::Internal)?;
    let departments = vehicles::facets(&mut tx).await?.departments;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xb0d6e7);
    let mut written = 0;
    for back in (0..=PAST_MONTHS).rev() {
        let month = this_month - Months::new(back);
        if !db::month(&mut tx, month, None, &settings.currency)
            .await?
            .is_empty()
        {
            continue;
        }
        // Set first at a placeholder, to read what each department spent that month.
        for department in &departments {
            let new = NewBudget {
                month,
                department: Some(department),
                vehicle: None,
                amount: Decimal::ONE,
                alert_percent: DEFAULT_ALERT_PERCENT,
                created_by: manager.0,
            };
            db::set(&mut tx, None, new).await?;
        }
        // This month is not over: it is planned on what last month cost, as people plan.
        let basis = if back == 0 {
            month - Months::new(1)
        } else {
            month
        };
        let spent: HashMap<Option<String>, Decimal> =
            db::month(&mut tx, basis, None, &settings.currency)
                .await?
                .into_iter()
                .map(|b| (b.department, b.actual))
                .collect();
        for budget in db::month(&mut tx, month, None, &settings.currency).await? {
            let expected = spent
                .get(&budget.department)
                .and_then(|d| d.to_f64())
                .unwrap_or(0.0)
                * rng.gen_range(0.85..1.25);
            let new = NewBudget {
                month,
                department: budget.department.as_deref(),
                vehicle: None,
                amount: rounded(expected),
                alert_percent: DEFAULT_ALERT_PERCENT,
                created_by: manager.0,
            };
            db::set(&mut tx, Some(budget.id), new).await?;
            written += 1;
        }
    }
    tx.commit().await?;
    Ok(written)
}

/// A budget as people set one: to two significant figures, and never nothing.
fn rounded(amount: f64) -> Decimal {
    let step = 10f64.powi((amount.max(100.0).log10().floor() as i32) - 1);
    Decimal::from_f64(((amount / step).round() * step).max(100.0))
        .unwrap_or(Decimal::ONE_HUNDRED)
        .round_dp(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_are_set_to_two_significant_figures() {
        assert_eq!(rounded(1_234_567.0), Decimal::from(1_200_000));
        assert_eq!(rounded(86_420.0), Decimal::from(86_000));
        assert_eq!(rounded(12.0), Decimal::from(100), "never below a hundred");
    }
}
