//! Work order histories loaded at once (the demo seed): a vehicle's completed, scheduled and
//! in-progress work in one statement (`db::import`), its program memberships, and one audit entry, like the
//! mileage history import. A vehicle that has work orders already is left alone.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{WorkKind, WorkStatus, db, programs};
use crate::audit::{self, AuditAction, AuditEntry, RequestMeta};
use crate::error::AppError;
use crate::tenant::TenantTx;

/// One work order of an imported history.
#[derive(Debug, Clone, PartialEq)]
pub struct PastWork {
    pub kind: WorkKind,
    pub title: String,
    pub description: Option<String>,
    pub status: WorkStatus,
    pub scheduled_on: Option<NaiveDate>,
    pub due_km: Option<i64>,
    pub completed_on: Option<NaiveDate>,
    pub mileage_at_service: Option<i64>,
    /// The odometer reading the completion was read from.
    pub reading_id: Option<Uuid>,
    pub next_service_on: Option<NaiveDate>,
    pub next_service_km: Option<i64>,
    pub cost: Option<Decimal>,
    pub currency: Option<String>,
    pub service_provider: Option<String>,
    pub program_id: Option<Uuid>,
    pub window_km: i64,
    pub window_days: i32,
}

/// Stores a vehicle's history; answers whether it wrote one.
pub async fn provision_history(
    tx: &mut TenantTx,
    vehicle: Uuid,
    work: &[PastWork],
) -> Result<bool, AppError> {
    if work.is_empty() || db::any_for(tx, vehicle).await? {
        return Ok(false);
    }
    db::import(tx, vehicle, work).await?;
    let mut programs: Vec<Uuid> = work.iter().filter_map(|w| w.program_id).collect();
    programs.sort();
    programs.dedup();
    programs::db::join(tx, vehicle, &programs).await?;
    let summary = serde_json::json!({ "work_orders": work.len(), "programs": programs });
    let entry = AuditEntry::new(AuditAction::MaintenanceImport, "vehicle", vehicle)
        .diff(None::<()>, Some(&summary));
    audit::record(tx, None, &RequestMeta::default(), entry).await?;
    Ok(true)
}
