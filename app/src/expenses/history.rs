//! Expense histories loaded at once (the demo seed): a vehicle's expenses in one statement
//! (`db::import`) and one audit entry, like the mileage and maintenance history imports. A
//! vehicle that has expenses already is left alone.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::ExpenseCategory;
use super::db;
use crate::audit::{self, AuditAction, AuditEntry, RequestMeta};
use crate::error::AppError;
use crate::fleet::vehicles::FuelType;
use crate::tenant::TenantTx;

/// One expense of an imported history.
#[derive(Debug, Clone, PartialEq)]
pub struct PastExpense {
    pub category: ExpenseCategory,
    pub amount: Decimal,
    pub currency: String,
    pub spent_on: NaiveDate,
    pub vendor: Option<String>,
    pub fuel: Option<PastFill>,
}

/// What a fuel expense of an imported history adds; a fill with an odometer value was read
/// off an existing reading (the fill is when the reading was taken).
#[derive(Debug, Clone, PartialEq)]
pub struct PastFill {
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub fuel_type: FuelType,
    pub full_tank: bool,
    pub odometer_km: Option<i64>,
    pub reading_id: Option<Uuid>,
}

/// Stores a vehicle's history; answers whether it wrote one.
pub async fn provision_history(
    tx: &mut TenantTx,
    vehicle: Uuid,
    expenses: &[PastExpense],
) -> Result<bool, AppError> {
    if expenses.is_empty() || db::any_for(tx, vehicle).await? {
        return Ok(false);
    }
    db::import(tx, vehicle, expenses).await?;
    let summary = serde_json::json!({ "expenses": expenses.len() });
    let entry = AuditEntry::new(AuditAction::ExpenseImport, "vehicle", vehicle)
        .diff(None::<()>, Some(&summary));
    audit::record(tx, None, &RequestMeta::default(), entry).await?;
    Ok(true)
}
