//! Exchange rates loaded at once (the demo seed): a currency's year of daily rates in one
//! statement and one audit entry. Days that have a rate already keep it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::db;
use crate::audit::{self, AuditAction, AuditEntry, RequestMeta};
use crate::error::AppError;
use crate::tenant::TenantTx;

/// Stores `currency`'s rates by day; answers how many were new.
pub async fn provision_rates(
    tx: &mut TenantTx,
    currency: &str,
    rates: &[(NaiveDate, Decimal)],
) -> Result<u64, AppError> {
    let added = db::import(tx, currency, rates).await?;
    if added > 0 {
        let summary = serde_json::json!({ "currency": currency, "days": added });
        let entry = AuditEntry::new(AuditAction::ExchangeRateImport, "tenant", tx.tenant_id().0)
            .diff(None::<()>, Some(&summary));
        audit::record(tx, None, &RequestMeta::default(), entry).await?;
    }
    Ok(added)
}
