//! SQL for the profile's columns of `users`.

use uuid::Uuid;

use super::Preferences;
use crate::auth::UserId;
use crate::error::AppError;
use crate::tenant::TenantTx;

/// The stored password hash of a user.
pub async fn password_hash(tx: &mut TenantTx, user: UserId) -> Result<String, AppError> {
    Ok(sqlx::query_scalar!(
        "select password_hash from users where id = $1",
        user as UserId
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Stores a new password hash and a new security stamp, which voids every access token. A
/// `one_time` password must be replaced at the next sign-in.
pub async fn set_password(
    tx: &mut TenantTx,
    user: UserId,
    hash: &str,
    one_time: bool,
) -> Result<(), AppError> {
    sqlx::query!(
        "update users set password_hash = $2, security_stamp = $3, must_change_password = $4 where id = $1",
        user as UserId,
        hash,
        Uuid::new_v4(),
        one_time
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The user's current preferences.
pub async fn preferences(tx: &mut TenantTx, user: UserId) -> Result<Preferences, AppError> {
    Ok(sqlx::query_as!(
        Preferences,
        "select locale, time_zone from users where id = $1",
        user as UserId
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Stores the user's preferences.
pub async fn set_preferences(
    tx: &mut TenantTx,
    user: UserId,
    prefs: &Preferences,
) -> Result<(), AppError> {
    sqlx::query!(
        "update users set locale = $2, time_zone = $3 where id = $1",
        user as UserId,
        prefs.locale,
        prefs.time_zone
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
