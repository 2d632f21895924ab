//! SQL for sign-in: users' credentials, sessions, refresh tokens and the throttle.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
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
pub async fn find_refresh_tenant(
    pool: &PgPool,
    token_hash: &[u8],
) -> Result<Option<TenantId>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select auth_find_refresh_tenant($1) as "tenant: TenantId""#,
        token_hash
    )
    .fetch_one(pool)
    .await?)
}

/// A throttle key's attempts inside the window.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptCount {
    pub count: i64,
    pub oldest: Option<DateTime<Utc>>,
    pub latest: Option<DateTime<Utc>>,
}

/// Serialises attempts on the same keys until the transaction ends (`keys` in a fixed order).
pub async fn lock_attempt_keys(
    tx: &mut Transaction<'_, Postgres>,
    keys: &[String],
) -> Result<(), AppError> {
    // `unnest` keeps the array's order, so the locks are taken in the caller's order.
    sqlx::query(
        "select pg_advisory_xact_lock(hashtextextended(key, 0)) from unnest($1::text[]) as key",
    )
    .bind(keys)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Each key's attempts inside the window, in the order of `keys`.
pub async fn count_attempts(
    tx: &mut Transaction<'_, Postgres>,
    keys: &[String],
    window_secs: i64,
) -> Result<Vec<AttemptCount>, AppError> {
    Ok(sqlx::query_as!(
        AttemptCount,
        r#"select count(f.at) as "count!", min(f.at) as oldest, max(f.at) as latest
           from unnest($1::text[]) with ordinality as k(key, n)
           left join login_failures f on f.key = k.key and f.at > now() - make_interval(secs => $2)
           group by k.n
           order by k.n"#,
        keys,
        window_secs as f64
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Records one attempt under each key; answers their ids.
pub async fn insert_attempts(
    tx: &mut Transaction<'_, Postgres>,
    keys: &[String],
) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar!(
        "insert into login_failures (key) select unnest($1::text[]) returning id",
        keys
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Takes back the attempts `ids` and forgets every attempt under `cleared`.
pub async fn release_attempts(
    pool: &PgPool,
    ids: &[i64],
    cleared: &[String],
) -> Result<(), AppError> {
    sqlx::query!(
        "delete from login_failures where id = any($1) or key = any($2)",
        ids,
        cleared
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Removes the attempts older than the window.
pub async fn purge_attempts(pool: &PgPool, window_secs: i64) -> Result<u64, AppError> {
    Ok(sqlx::query!(
        "delete from login_failures where at < now() - make_interval(secs => $1)",
        window_secs as f64
    )
    .execute(pool)
    .await?
    .rows_affected())
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
pub async fn insert_refresh(
    tx: &mut TenantTx,
    session: Uuid,
    token_hash: &[u8],
) -> Result<(), AppError> {
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
    /// Rotated less than the grace period ago.
    pub used_within_grace: bool,
    pub session_live: bool,
}

/// Reads and locks a refresh token, so two concurrent refreshes cannot both rotate it.
pub async fn lock_refresh(
    tx: &mut TenantTx,
    token_hash: &[u8],
    grace_secs: i64,
) -> Result<Option<RefreshRow>, AppError> {
    Ok(sqlx::query_as!(
        RefreshRow,
        r#"select s.id as session_id, s.user_id as "user_id: UserId", s.remember,
                  rt.used_at is not null as "used!",
                  coalesce(rt.used_at > now() - make_interval(secs => $2), false) as "used_within_grace!",
                  (s.revoked_at is null and s.expires_at > now()) as "session_live!"
           from refresh_tokens rt
           join sessions s on s.id = rt.session_id
           where rt.token_hash = $1
           for update of rt"#,
        token_hash,
        grace_secs as f64
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Marks a refresh token as spent; reusing it later revokes its family.
pub async fn mark_refresh_used(tx: &mut TenantTx, token_hash: &[u8]) -> Result<(), AppError> {
    sqlx::query!(
        "update refresh_tokens set used_at = now() where token_hash = $1",
        token_hash
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Revokes one session: its access tokens stop working and its refresh tokens with them.
pub async fn revoke_session(tx: &mut TenantTx, session: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "update sessions set revoked_at = now() where id = $1 and revoked_at is null",
        session
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Revokes every session of a user (password change, deactivation).
pub async fn revoke_user_sessions(tx: &mut TenantTx, user: UserId) -> Result<(), AppError> {
    sqlx::query!(
        "update sessions set revoked_at = now() where user_id = $1 and revoked_at is null",
        user as UserId
    )
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
    pub must_change_password: bool,
    pub tenant_name: String,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
}

/// Loads a live user and session with the union of the user's roles' permissions.
pub async fn load_principal(
    tx: &mut TenantTx,
    user: UserId,
    session: Uuid,
) -> Result<Option<PrincipalRow>, AppError> {
    Ok(sqlx::query_as!(
        PrincipalRow,
        r#"select u.email, u.full_name, u.locale, u.time_zone, u.security_stamp, u.must_change_password,
                  t.name as tenant_name,
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
    sqlx::query!(
        "update users set last_login_at = now() where id = $1",
        user as UserId
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
