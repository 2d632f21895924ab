//! Budget types: what the budget form and REST clients send, the month a budget covers, and
//! its state against the actual spend.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, FieldError, Validator};
use crate::input::{self, field, money, optional};
use crate::listing::Params;

/// A month's budget of a department or of one vehicle, in the reporting currency, with what
/// was spent: the month's expenses converted at their days' rates, and how many could not be
/// (no rate; not in `actual`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub id: Uuid,
    /// The month's first day.
    pub month: NaiveDate,
    pub department: Option<String>,
    pub vehicle_id: Option<Uuid>,
    pub plate: Option<String>,
    pub amount: Decimal,
    pub alert_percent: i32,
    pub actual: Decimal,
    pub without_rate: i64,
}

/// Where the spend stands against the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetState {
    Within,
    /// At or above the alert share, not above the budget.
    Warning,
    Over,
}

impl BudgetState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Within => "within",
            Self::Warning => "warning",
            Self::Over => "over",
        }
    }
}

impl Budget {
    pub fn state(&self) -> BudgetState {
        budget_state(self.amount, self.actual, self.alert_percent)
    }

    /// The spend as a share of the budget, in percent (above 100 when over).
    pub fn used_percent(&self) -> Decimal {
        if self.amount.is_zero() {
            Decimal::ZERO
        } else {
            (self.actual * Decimal::from(100) / self.amount).round_dp(1)
        }
    }
}

/// Over once the spend passes the budget; a warning from `alert_percent` of it.
pub fn budget_state(amount: Decimal, actual: Decimal, alert_percent: i32) -> BudgetState {
    if actual > amount {
        BudgetState::Over
    } else if actual * Decimal::from(100) >= amount * Decimal::from(alert_percent) {
        BudgetState::Warning
    } else {
        BudgetState::Within
    }
}

/// A month as `<input type=month>` sends it (`2026-11`) or any day of it; its first day.
pub fn month(raw: &str) -> Result<NaiveDate, FieldError> {
    let raw = raw.trim();
    let day = if raw.len() == 7 {
        format!("{raw}-01")
    } else {
        raw.to_owned()
    };
    input::date(&day).map(|d| d.with_day(1).unwrap_or(d))
}

/// What the budget form and REST clients send; a vehicle (id or plate) makes it the vehicle's
/// budget, else the department's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BudgetForm {
    /// Blank means the current month.
    pub month: String,
    pub department: String,
    pub vehicle: String,
    #[serde(deserialize_with = "input::text")]
    pub amount: String,
    /// Blank means 90.
    #[serde(deserialize_with = "input::text")]
    pub alert_percent: String,
}

/// Whose budget it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BudgetScope {
    Department(String),
    /// The vehicle's id or plate, still to look up.
    Vehicle(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetInput {
    pub month: NaiveDate,
    pub scope: BudgetScope,
    pub amount: Decimal,
    pub alert_percent: i32,
}

/// The alert share when none is given.
pub const DEFAULT_ALERT_PERCENT: i32 = 90;

impl BudgetForm {
    /// Checks the form on the tenant's day `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<BudgetInput, AppError> {
        let mut v = Validator::default();
        let month = field(
            &mut v,
            "month",
            optional(&self.month)
                .map_or(Ok(today), month)
                .map(|d| d.with_day(1).unwrap_or(d)),
        );
        let scope = match (optional(&self.vehicle), optional(&self.department)) {
            (Some(vehicle), _) => Some(BudgetScope::Vehicle(vehicle.to_owned())),
            (None, Some(department)) => {
                field(&mut v, "department", input::bounded(department, 100))
                    .map(BudgetScope::Department)
            }
            (None, None) => field(&mut v, "department", Err(FieldError::Required)),
        };
        let amount = field(
            &mut v,
            "amount",
            input::required(&self.amount).and_then(money),
        );
        let alert_percent = field(
            &mut v,
            "alert_percent",
            optional(&self.alert_percent)
                .map_or(Ok(DEFAULT_ALERT_PERCENT), |raw| input::integer(raw, 1, 100)),
        );
        v.finish()?;
        match (month, scope, amount, alert_percent) {
            (Some(month), Some(scope), Some(amount), Some(alert_percent)) => Ok(BudgetInput {
                month,
                scope,
                amount,
                alert_percent,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

/// A month's budgets and the reporting currency they are in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetMonth {
    pub month: NaiveDate,
    pub currency: String,
    pub budgets: Vec<Budget>,
}

/// Which month the budgets page shows: `?month=2026-11`, else the current one.
pub fn month_param(params: &Params) -> Option<NaiveDate> {
    params.get("month").and_then(|raw| month(raw).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn today() -> NaiveDate {
        "2026-12-09".parse().unwrap()
    }

    #[test]
    fn a_budget_warns_from_its_alert_share_and_is_over_past_its_amount() {
        assert_eq!(
            budget_state(d("1000"), d("899.99"), 90),
            BudgetState::Within
        );
        assert_eq!(budget_state(d("1000"), d("900"), 90), BudgetState::Warning);
        assert_eq!(
            budget_state(d("1000"), d("1000"), 90),
            BudgetState::Warning,
            "spent exactly the budget: not over"
        );
        assert_eq!(budget_state(d("1000"), d("1000.01"), 90), BudgetState::Over);
        assert_eq!(budget_state(d("1000"), d("500"), 50), BudgetState::Warning);
    }

    #[test]
    fn the_form_takes_a_month_a_department_or_a_vehicle_and_an_amount() {
        let fields = BudgetForm {
            month: "November".into(),
            amount: "0".into(),
            alert_percent: "120".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap_err()
        .field_errors();
        assert_eq!(fields["month"], vec![FieldError::InvalidDate]);
        assert_eq!(fields["department"], vec![FieldError::Required]);
        assert_eq!(fields["amount"], vec![FieldError::MustBePositive]);
        assert_eq!(fields["alert_percent"], vec![FieldError::OutOfRange]);
        let input = BudgetForm {
            month: "2026-11".into(),
            department: " Almaty ".into(),
            amount: "1 500 000".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap();
        assert_eq!(
            (input.month, input.scope, input.alert_percent),
            (
                "2026-11-01".parse().unwrap(),
                BudgetScope::Department("Almaty".into()),
                90
            )
        );
        let blank = BudgetForm {
            department: "Almaty".into(),
            amount: "1".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap();
        assert_eq!(
            blank.month,
            "2026-12-01".parse().unwrap(),
            "blank is the current month"
        );
        let vehicle = BudgetForm {
            month: "2026-11-17".into(),
            department: "Almaty".into(),
            vehicle: "123 ABC 02".into(),
            amount: "90000".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap();
        assert_eq!(
            (vehicle.month.day(), vehicle.scope),
            (1, BudgetScope::Vehicle("123 ABC 02".into())),
            "a vehicle makes it the vehicle's"
        );
    }
}
