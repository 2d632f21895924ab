//! The claimed form keys and their kept answers (`form_submissions`).

use serde_json::Value;

use super::FormKey;
use crate::auth::UserId;
use crate::error::AppError;
use crate::tenant::TenantTx;

/// Claims `key` in the command's transaction; `AlreadySubmitted` when an earlier sending did.
/// While that sending's transaction is open, this waits on the key's index until it ends.
pub async fn claim(tx: &mut TenantTx, key: FormKey, user: UserId) -> Result<(), AppError> {
    let claimed = sqlx::query!(
        "insert into form_submissions (tenant_id, key, user_id) values ($1, $2, $3)
         on conflict do nothing",
        tx.tenant_id().0,
        key.0,
        user.0,
    )
    .execute(&mut **tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Err(AppError::AlreadySubmitted);
    }
    Ok(())
}

/// Keeps the answer of the command that claimed `key`, and forgets the tenant's keys older than
/// a day.
pub async fn keep_answer(tx: &mut TenantTx, key: FormKey, answer: &Value) -> Result<(), AppError> {
    sqlx::query!(
        "update form_submissions set answer = $2 where key = $1",
        key.0,
        answer,
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "delete from form_submissions where tenant_id = $1 and created_at < now() - interval '1 day'",
        tx.tenant_id().0,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The answer kept for `key`, if `user` sent it and it is written yet.
pub async fn kept_answer(
    tx: &mut TenantTx,
    key: FormKey,
    user: UserId,
) -> Result<Option<Value>, AppError> {
    let answer = sqlx::query_scalar!(
        "select answer from form_submissions where key = $1 and user_id = $2",
        key.0,
        user.0,
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(answer.flatten())
}
