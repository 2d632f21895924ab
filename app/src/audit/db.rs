//! SQL for the `audit_log` table.

use uuid::Uuid;

use super::{AuditEntry, RequestMeta};
use crate::auth::UserId;
use crate::error::AppError;
use crate::tenant::{TenantId, TenantTx};

/// Appends `entry` to the audit log of the transaction's tenant.
pub async fn record(
    tx: &mut TenantTx,
    actor: Option<UserId>,
    meta: &RequestMeta,
    entry: AuditEntry,
) -> Result<(), AppError> {
    let tenant = tx.tenant_id();
    sqlx::query!(
        "insert into audit_log (id, tenant_id, actor_user_id, action, entity_type, entity_id, before, after, ip, user_agent)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        Uuid::now_v7(),
        tenant as TenantId,
        actor.map(|a| a.0),
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.before,
        entry.after,
        meta.ip,
        meta.user_agent,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
