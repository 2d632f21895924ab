//! SQL for the `users` and `user_roles` tables.

use uuid::Uuid;

use super::{NewUser, UserRow};
use crate::auth::UserId;
use crate::error::{AppError, OnConstraint};
use crate::tenant::{TenantId, TenantTx};

/// Inserts a user with an already hashed password and gives it the roles with the given ids.
/// An email used anywhere on the platform is a conflict on `email`.
pub async fn insert(
    tx: &mut TenantTx,
    user: &NewUser,
    password_hash: &str,
    role_ids: &[Uuid],
) -> Result<UserId, AppError> {
    let tenant = tx.tenant_id();
    let id = UserId(Uuid::now_v7());
    sqlx::query!(
        "insert into users (id, tenant_id, email, full_name, password_hash, locale, time_zone, security_stamp)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        id as UserId,
        tenant as TenantId,
        user.email.trim().to_lowercase(),
        user.full_name.trim(),
        password_hash,
        user.locale,
        user.time_zone,
        Uuid::new_v4()
    )
    .execute(&mut **tx)
    .await
    .on_constraint("users_email_key", || AppError::Conflict { field: "email".into() })?;
    set_roles(tx, id, role_ids).await?;
    Ok(id)
}

/// Replaces a user's roles.
pub async fn set_roles(tx: &mut TenantTx, user: UserId, role_ids: &[Uuid]) -> Result<(), AppError> {
    let tenant = tx.tenant_id();
    sqlx::query!("delete from user_roles where user_id = $1", user as UserId)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "insert into user_roles (tenant_id, user_id, role_id) select $1, $2, unnest($3::uuid[])",
        tenant as TenantId,
        user as UserId,
        role_ids
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Finds a user of the tenant by email.
pub async fn id_by_email(tx: &mut TenantTx, email: &str) -> Result<Option<UserId>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select id as "id: UserId" from users where lower(email) = lower($1)"#,
        email
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Every user of the tenant with their roles, by name.
pub async fn list(tx: &mut TenantTx) -> Result<Vec<UserRow>, AppError> {
    rows(tx, None).await
}

/// One user of the tenant, or `None`.
pub async fn get(tx: &mut TenantTx, id: UserId) -> Result<Option<UserRow>, AppError> {
    Ok(rows(tx, Some(id)).await?.pop())
}

/// The users (all, or the one with `only`) with their roles.
async fn rows(tx: &mut TenantTx, only: Option<UserId>) -> Result<Vec<UserRow>, AppError> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"select u.id as "id: UserId", u.email, u.full_name, u.is_active, u.last_login_at,
                  coalesce(array_agg(r.id order by r.key) filter (where r.id is not null), '{}') as "role_ids!",
                  coalesce(array_agg(r.key order by r.key) filter (where r.id is not null), '{}') as "role_keys!"
           from users u
           left join user_roles ur on ur.user_id = u.id
           left join roles r on r.id = ur.role_id
           where ($1::uuid is null or u.id = $1)
           group by u.id
           order by u.full_name, u.email"#,
        only.map(|id| id.0)
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Activates or deactivates a user.
pub async fn set_active(tx: &mut TenantTx, id: UserId, active: bool) -> Result<(), AppError> {
    sqlx::query!(
        "update users set is_active = $2 where id = $1",
        id as UserId,
        active
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The user must replace the current password at the next sign-in.
pub async fn require_password_change(tx: &mut TenantTx, user: UserId) -> Result<(), AppError> {
    sqlx::query!(
        "update users set must_change_password = true where id = $1",
        user as UserId
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
