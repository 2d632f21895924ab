//! The sign-in operations, shared by the server functions below and the REST handlers in
//! `rest.rs`: log in, refresh, log out, and turning an access token into a `CurrentUser`.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::Credentials;
use super::CurrentUser;
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::{Duration, Utc};
    use uuid::Uuid;

    use super::super::{
        Credentials, CurrentUser, Permission, TokenPair, UserId, db, password, throttle, token,
    };
    use crate::audit::{self, AuditAction, AuditEntry, RequestMeta};
    use crate::error::{AppError, FieldError, Validator};
    use crate::state::AppState;
    use crate::tenant::{TenantId, TenantTx};

    /// A session that was just started or refreshed.
    pub struct SignedIn {
        pub tokens: TokenPair,
        pub user: CurrentUser,
        /// Whether the browser should keep its cookies past the browser session.
        pub remember: bool,
    }

    /// How long a session lives: 30 days with "remember me", 12 hours without.
    fn session_lifetime(remember: bool) -> Duration {
        if remember {
            Duration::days(30)
        } else {
            Duration::hours(12)
        }
    }

    /// Signs a user in by email and password. Unknown email, wrong password and a deactivated
    /// account all answer `InvalidCredentials`, after the same amount of work.
    pub async fn login(
        state: &AppState,
        meta: &RequestMeta,
        creds: Credentials,
    ) -> Result<SignedIn, AppError> {
        let email = creds.email.trim().to_lowercase();
        Validator::default()
            .check(email.is_empty(), "email", FieldError::Required)
            .check(
                !email.is_empty() && !email.contains('@'),
                "email",
                FieldError::InvalidEmail,
            )
            .check(creds.password.is_empty(), "password", FieldError::Required)
            .finish()?;
        let reservation = throttle::reserve(state, &email, meta).await?;

        let candidate = db::find_login(&state.db, &email).await?;
        let password_ok = verify_password(
            creds.password,
            candidate.as_ref().map(|c| c.password_hash.clone()),
        )
        .await?;
        let user = match candidate {
            Some(c) if password_ok && c.is_active => c,
            other => return Err(refuse_sign_in(state, meta, other).await),
        };

        let mut tx = TenantTx::begin(&state.db, user.tenant_id).await?;
        let signed_in = start_session(&mut tx, state, user.user_id, creds.remember, meta).await?;
        db::touch_last_login(&mut tx, user.user_id).await?;
        audit::record(
            &mut tx,
            Some(user.user_id),
            meta,
            AuditEntry::new(
                AuditAction::AuthSignIn,
                "session",
                signed_in.user.session_id,
            ),
        )
        .await?;
        tx.commit().await?;
        throttle::succeeded(state, &email, reservation).await?;
        Ok(signed_in)
    }

    /// Records a failed sign-in in the account's tenant's audit log, when the account exists (its
    /// throttle reservation stays counted); the answer is the same whether it exists or not.
    async fn refuse_sign_in(
        state: &AppState,
        meta: &RequestMeta,
        account: Option<db::LoginCandidate>,
    ) -> AppError {
        let recorded = async {
            if let Some(c) = account {
                let mut tx = TenantTx::begin(&state.db, c.tenant_id).await?;
                audit::record(
                    &mut tx,
                    None,
                    meta,
                    AuditEntry::new(AuditAction::AuthSignInFailed, "user", c.user_id.0),
                )
                .await?;
                tx.commit().await?;
            }
            Ok::<(), AppError>(())
        };
        match recorded.await {
            Ok(()) => AppError::InvalidCredentials,
            Err(e) => e,
        }
    }

    /// argon2 is deliberately slow: keep it off the async workers. A full queue is `RateLimited`.
    async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
        password::off_thread(move || match stored {
            Some(hash) => password::verify(&password, &hash),
            None => {
                password::verify_nobody(&password);
                false
            }
        })
        .await
    }

    /// Opens a session for `user` and issues its first token pair.
    pub async fn start_session(
        tx: &mut TenantTx,
        state: &AppState,
        user: UserId,
        remember: bool,
        meta: &RequestMeta,
    ) -> Result<SignedIn, AppError> {
        let session = db::create_session(
            tx,
            user,
            remember,
            Utc::now() + session_lifetime(remember),
            meta,
        )
        .await?;
        let (refresh_token, hash) = token::new_refresh();
        db::insert_refresh(tx, session, &hash).await?;
        issue(tx, state, user, session, remember, refresh_token).await
    }

    /// Hands out `refresh_token` (already stored in `session`) with an access token for the
    /// user's current state.
    async fn issue(
        tx: &mut TenantTx,
        state: &AppState,
        user: UserId,
        session: Uuid,
        remember: bool,
        refresh_token: String,
    ) -> Result<SignedIn, AppError> {
        let row = db::load_principal(tx, user, session)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let access_token = token::issue_access(
            &state.auth,
            user.0,
            tx.tenant_id().0,
            session,
            row.security_stamp,
        )?;
        let user = current_user(user, tx.tenant_id(), session, row);
        let tokens = TokenPair {
            access_token,
            refresh_token,
            token_type: "Bearer".into(),
            expires_in: state.auth.access_ttl_secs,
        };
        Ok(SignedIn {
            tokens,
            user,
            remember,
        })
    }

    /// Exchanges a refresh token for a new pair. Each refresh token is rotated once. Presented
    /// again within [`REFRESH_GRACE_SECS`] of its rotation (two tabs, or a retry after a lost
    /// answer) it gets the same successor; later, it was stolen or replayed, and its whole
    /// family is revoked.
    pub async fn refresh(
        state: &AppState,
        meta: &RequestMeta,
        refresh_token: &str,
    ) -> Result<SignedIn, AppError> {
        let hash = token::hash_refresh(refresh_token);
        let tenant = db::find_refresh_tenant(&state.db, &hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let mut tx = TenantTx::begin(&state.db, tenant).await?;
        let row = db::lock_refresh(&mut tx, &hash, REFRESH_GRACE_SECS)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let (successor, successor_hash) = token::successor_refresh(&state.auth, refresh_token);
        if row.used && !row.used_within_grace {
            db::revoke_session(&mut tx, row.session_id).await?;
            let entry = AuditEntry::new(AuditAction::AuthRefreshReused, "session", row.session_id);
            audit::record(&mut tx, Some(row.user_id), meta, entry).await?;
            tx.commit().await?;
            return Err(AppError::Unauthenticated);
        }
        if !row.session_live {
            return Err(AppError::Unauthenticated);
        }
        if !row.used {
            db::mark_refresh_used(&mut tx, &hash).await?;
            db::insert_refresh(&mut tx, row.session_id, &successor_hash).await?;
        }
        let signed_in = issue(
            &mut tx,
            state,
            row.user_id,
            row.session_id,
            row.remember,
            successor,
        )
        .await?;
        tx.commit().await?;
        Ok(signed_in)
    }

    /// How long after its rotation a refresh token still gets its successor instead of revoking
    /// its family.
    pub const REFRESH_GRACE_SECS: i64 = 30;

    /// Ends the caller's session: its refresh tokens and access tokens stop working at once.
    pub async fn logout(
        state: &AppState,
        meta: &RequestMeta,
        user: &CurrentUser,
    ) -> Result<(), AppError> {
        let mut tx = TenantTx::begin(&state.db, user.tenant_id).await?;
        db::revoke_session(&mut tx, user.session_id).await?;
        audit::record(
            &mut tx,
            Some(user.user_id),
            meta,
            AuditEntry::new(AuditAction::AuthSignOut, "session", user.session_id),
        )
        .await?;
        tx.commit().await
    }

    /// The user and tenant an email signs in to, across tenants (the operator's command line).
    pub async fn account_of(
        pool: &sqlx::PgPool,
        email: &str,
    ) -> Result<Option<(UserId, TenantId)>, AppError> {
        let found = db::find_login(pool, &email.trim().to_lowercase()).await?;
        Ok(found.map(|c| (c.user_id, c.tenant_id)))
    }

    /// Revokes every session of a user (password change, deactivation).
    pub async fn revoke_all_sessions(tx: &mut TenantTx, user: UserId) -> Result<(), AppError> {
        db::revoke_user_sessions(tx, user).await
    }

    /// Resolves an access token to its user, re-reading the user on every request so that a
    /// deactivated user, a revoked session or a changed password takes effect at once.
    pub async fn identify(state: &AppState, access_token: &str) -> Result<CurrentUser, AppError> {
        let claims = token::verify_access(&state.auth, access_token)?;
        let (user, tenant) = (UserId(claims.sub), TenantId(claims.tid));
        let mut tx = TenantTx::begin(&state.db, tenant).await?;
        let row = db::load_principal(&mut tx, user, claims.sid)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if row.security_stamp != claims.stamp {
            return Err(AppError::Unauthenticated);
        }
        Ok(current_user(user, tenant, claims.sid, row))
    }

    fn current_user(
        user_id: UserId,
        tenant_id: TenantId,
        session_id: Uuid,
        row: db::PrincipalRow,
    ) -> CurrentUser {
        CurrentUser {
            user_id,
            tenant_id,
            session_id,
            email: row.email,
            full_name: row.full_name,
            tenant_name: row.tenant_name,
            roles: row.roles,
            permissions: row
                .permissions
                .iter()
                .filter_map(|p| Permission::parse(p))
                .collect(),
            locale: row.locale,
            time_zone: row.time_zone,
            must_change_password: row.must_change_password,
        }
    }
}

/// Signs in from the login form. With JavaScript off it is a plain form post: success
/// redirects home, failure back to the form with the error in the address. Answers the user's
/// language, which a hydrated page switches to.
#[server(prefix = "/fn", endpoint = "auth/login")]
pub async fn login_fn(
    email: String,
    password: String,
    remember: Option<String>,
) -> Result<String, AppError> {
    use super::ctx::{self, RequestCtx};
    let request = RequestCtx::from_context()?;
    let creds = Credentials {
        email,
        password,
        remember: remember.is_some(),
    };
    let result = login(&request.state, &request.meta, creds).await;
    if let Ok(signed_in) = &result {
        ctx::set_session_cookies(&request.state.auth, signed_in);
        ctx::set_locale_cookie(&signed_in.user.locale);
    }
    crate::ui::form::finish(result.map(|signed_in| signed_in.user.locale), Some("/"))
}

/// Signs the caller out and clears the browser's cookies.
#[server(prefix = "/fn", endpoint = "auth/logout")]
pub async fn logout_fn() -> Result<(), AppError> {
    use super::ctx::{self, Ctx};
    let result = match Ctx::from_context() {
        Ok(ctx) => {
            ctx::clear_session_cookies(&ctx.state.auth);
            logout(&ctx.state, &ctx.meta, &ctx.user).await
        }
        Err(e) => Err(e),
    };
    crate::ui::form::finish(result, Some("/login"))
}

/// The signed-in user, or `Unauthenticated`. Pages use it to decide what to show.
#[server(prefix = "/fn", endpoint = "auth/me")]
pub async fn current_user_fn() -> Result<CurrentUser, AppError> {
    // Signed in is all it takes: `Ctx` refuses anonymous requests.
    crate::ui::form::finish(super::ctx::Ctx::from_context().map(|ctx| ctx.user), None)
}
