//! SQL for sign-in: users' credentials, sessions, refresh tokens and the throttle.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::UserId;
use crate::error::AppError;
use crate::tenant::{TenantId, TenantTx};

/// What sign-in needs to know about an email, from before the tenant is known.
pub struct LoginCandidate {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub password_hash: String,
    pub is_active: bool,
}

/// Looks an email up across tenants (through the one security-definer function that may).
pub async fn find_login(pool: &PgPool, email: &str) -> Result<Option<LoginCandidate>, AppError> {
    Ok(sqlx::query_as!(
        LoginCandidate,
        r#"select user_id as "user_id!: UserId", tenant_id as "tenant_id!: TenantId",
                  password_hash as "password_hash!", is_active as "is_active!"
           from auth_find_login($1)"#,
        email
    )
    .fetch_optional(pool)
    .await?)
}

/// The tenant a refresh token belongs to, if it exists at all.
pub async fn find_refresh_tenant(pool: &PgPool, token_hash: &[u8]) -> Result<Option<TenantId>, AppError> {
    Ok(sqlx::query_scalar!(r#"select auth_find_refresh_tenant($1) as "tenant: TenantId""#, token_hash)
        .fetch_one(pool)
        .await?)
}

/// Counts failures for `key` inside the window; returns the count and the oldest one's time.
pub async fn recent_failures(pool: &PgPool, key: &str, window_secs: i64) -> Result<(i64, Option<DateTime<Utc>>), AppError> {
    let row = sqlx::query!(
        r#"select count(*) as "count!", min(at) as oldest from login_failures
           where key = $1 and at > now() - make_interval(secs => $2)"#,
        key,
        window_secs as f64
    )
    .fetch_one(pool)
    .await?;
    Ok((row.count, row.oldest))
}

/// Records one failed sign-in under each key (account and IP).
pub async fn record_failure(pool: &PgPool, keys: &[String]) -> Result<(), AppError> {
    sqlx::query!("insert into login_failures (key) select unnest($1::text[])", keys)
        .execute(pool)
        .await?;
    Ok(())
}

/// Forgets an account's failures after a successful sign-in.
pub async fn clear_failures(pool: &PgPool, key: &str) -> Result<(), AppError> {
    sqlx::query!("delete from login_failures where key = $1", key).execute(pool).await?;
    Ok(())
}

/// Starts a session (a refresh-token family) for a user.
pub async fn create_session(
    tx: &mut TenantTx,
    user: UserId,
    remember: bool,
    expires_at: DateTime<Utc>,
    meta: &crate::audit::RequestMeta,
) -> Result<Uuid, AppError> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query!(
        "insert into sessions (id, tenant_id, user_id, remember, expires_at, ip, user_agent)
         values ($1, $2, $3, $4, $5, $6, $7)",
        id,
        tenant as TenantId,
        user as UserId,
        remember,
        expires_at,
        meta.ip,
        meta.user_agent
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Stores the hash of a new refresh token of `session`.
pub async fn insert_refresh(tx: &mut TenantTx, session: Uuid, token_hash: &[u8]) -> Result<(), AppError> {
    let tenant = tx.tenant_id();
    sqlx::query!(
        "insert into refresh_tokens (token_hash, tenant_id, session_id) values ($1, $2, $3)",
        token_hash,
        tenant as TenantId,
        session
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A refresh token with its session, locked for the rest of the transaction.
pub struct RefreshRow {
    pub session_id: Uuid,
    pub user_id: UserId,
    pub remember: bool,
    pub used: bool,
    pub session_live: bool,
}

/// Reads and locks a refresh token, so two concurrent refreshes cannot both rotate it.
pub async fn lock_refresh(tx: &mut TenantTx, token_hash: &[u8]) -> Result<Option<RefreshRow>, AppError> {
    Ok(sqlx::query_as!(
        RefreshRow,
        r#"select s.id as session_id, s.user_id as "user_id: UserId", s.remember,
                  rt.used_at is not null as "used!",
                  (s.revoked_at is null and s.expires_at > now()) as "session_live!"
           from refresh_tokens rt
           join sessions s on s.id = rt.session_id
           where rt.token_hash = $1
           for update of rt"#,
        token_hash
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Marks a refresh token as spent; reusing it later revokes its family.
pub async fn mark_refresh_used(tx: &mut TenantTx, token_hash: &[u8]) -> Result<(), AppError> {
    sqlx::query!("update refresh_tokens set used_at = now() where token_hash = $1", token_hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Revokes one session: its access tokens stop working and its refresh tokens with them.
pub async fn revoke_session(tx: &mut TenantTx, session: Uuid) -> Result<(), AppError> {
    sqlx::query!("update sessions set revoked_at = now() where id = $1 and revoked_at is null", session)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Revokes every session of a user (password change, deactivation).
pub async fn revoke_user_sessions(tx: &mut TenantTx, user: UserId) -> Result<(), AppError> {
    sqlx::query!("update sessions set revoked_at = now() where user_id = $1 and revoked_at is null", user as UserId)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Everything a request needs to know about its user, or `None` when the user is gone,
/// deactivated, or the session is revoked or expired.
pub struct PrincipalRow {
    pub email: String,
    pub full_name: String,
    pub locale: String,
    pub time_zone: String,
    pub security_stamp: Uuid,
    pub tenant_name: String,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
}

/// Loads a live user and session with the union of the user's roles' permissions.
pub async fn load_principal(tx: &mut TenantTx, user: UserId, session: Uuid) -> Result<Option<PrincipalRow>, AppError> {
    Ok(sqlx::query_as!(
        PrincipalRow,
        r#"select u.email, u.full_name, u.locale, u.time_zone, u.security_stamp, t.name as tenant_name,
                  coalesce(array_agg(distinct r.key) filter (where r.key is not null), '{}') as "roles!",
                  coalesce(array_agg(distinct p.name) filter (where p.name is not null), '{}') as "permissions!"
           from users u
           join tenants t on t.id = u.tenant_id
           join sessions s on s.id = $2 and s.user_id = u.id and s.revoked_at is null and s.expires_at > now()
           left join user_roles ur on ur.user_id = u.id
           left join roles r on r.id = ur.role_id
           left join lateral unnest(r.permissions) as p(name) on true
           where u.id = $1 and u.is_active
           group by u.id, t.name"#,
        user as UserId,
        session
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Notes the time of a successful sign-in.
pub async fn touch_last_login(tx: &mut TenantTx, user: UserId) -> Result<(), AppError> {
    sqlx::query!("update users set last_login_at = now() where id = $1", user as UserId)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
