//! Contracts loaded at once (the demo seed): a vehicle's contracts in one statement
//! (`db::import`) and one audit entry, like the expense and mileage imports. A vehicle that has
//! contracts already is left alone.

use uuid::Uuid;

use super::db::{self, PastContract};
use crate::audit::{self, AuditAction, AuditEntry, RequestMeta};
use crate::error::AppError;
use crate::tenant::TenantTx;

/// Stores a vehicle's contracts; answers whether it wrote any.
pub async fn provision_contracts(
    tx: &mut TenantTx,
    vehicle: Uuid,
    contracts: &[PastContract],
) -> Result<bool, AppError> {
    if contracts.is_empty() || db::any_for(tx, vehicle).await? {
        return Ok(false);
    }
    db::import(tx, vehicle, contracts).await?;
    let summary = serde_json::json!({ "contracts": contracts.len() });
    let entry = AuditEntry::new(AuditAction::ContractImport, "vehicle", vehicle)
        .diff(None::<()>, Some(&summary));
    audit::record(tx, None, &RequestMeta::default(), entry).await?;
    Ok(true)
}
