//! User operations, shared by the server functions below and `rest.rs`.

use leptos::prelude::*;
use uuid::Uuid;

use super::{CreatedUser, OneTimePassword, UserRow};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::UserInput, crate::auth::UserId};

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use rand::Rng;
    use rand::distributions::Alphanumeric;
    use uuid::Uuid;

    use super::super::{CreatedUser, NewUser, UserInput, UserRow, db};
    use crate::admin::roles;
    use crate::audit::{self, AuditAction, AuditEntry, RequestMeta};
    use crate::auth::ctx::Ctx;
    use crate::auth::{Permission, UserId, password, revoke_all_sessions};
    use crate::error::{AppError, FieldError};
    use crate::tenant::{self, TenantTx};

    /// Every user of the caller's tenant.
    pub async fn list_users(ctx: &Ctx) -> Result<Vec<UserRow>, AppError> {
        let mut tx = ctx.authorize(Permission::UserRead).await?;
        db::list(&mut tx).await
    }

    /// One user of the caller's tenant; another tenant's user is `NotFound`.
    pub async fn get_user(ctx: &Ctx, id: UserId) -> Result<UserRow, AppError> {
        let mut tx = ctx.authorize(Permission::UserRead).await?;
        db::get(&mut tx, id).await?.ok_or(AppError::NotFound)
    }

    /// Creates a user with a random initial password, returned once.
    pub async fn create_user(ctx: &Ctx, input: UserInput) -> Result<CreatedUser, AppError> {
        let mut tx = ctx.authorize(Permission::UserWrite).await?;
        input.validate()?;
        check_roles(&mut tx, &input.roles).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let user = NewUser {
            email: input.email.trim().to_lowercase(),
            full_name: input.full_name.trim().to_owned(),
            locale: settings.default_locale,
            time_zone: settings.time_zone,
            roles: Vec::new(),
        };
        let initial_password = initial_password();
        let hash = hash_off_thread(initial_password.clone()).await?;
        let id = db::insert(&mut tx, &user, &hash, &input.roles).await?;
        let after = db::get(&mut tx, id).await?;
        audit::record(
            &mut tx,
            Some(ctx.user.user_id),
            &ctx.meta,
            AuditEntry::new(AuditAction::UserCreate, "user", id.0).diff(None::<()>, after),
        )
        .await?;
        tx.commit().await?;
        Ok(CreatedUser {
            id,
            email: user.email,
            initial_password,
        })
    }

    /// Activates or deactivates a user; deactivation ends all of the user's sessions at once.
    pub async fn set_user_active(ctx: &Ctx, id: UserId, active: bool) -> Result<UserRow, AppError> {
        let mut tx = ctx.authorize(Permission::UserWrite).await?;
        if id == ctx.user.user_id {
            return Err(AppError::field("is_active", FieldError::CannotChangeOwn));
        }
        let before = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        db::set_active(&mut tx, id, active).await?;
        if !active {
            revoke_all_sessions(&mut tx, id).await?;
        }
        finish_change(ctx, tx, AuditAction::UserSetActive, before).await
    }

    /// Replaces a user's roles. Admins cannot change their own, so nobody locks themselves out.
    pub async fn set_user_roles(
        ctx: &Ctx,
        id: UserId,
        role_ids: Vec<Uuid>,
    ) -> Result<UserRow, AppError> {
        let mut tx = ctx.authorize(Permission::UserWrite).await?;
        if id == ctx.user.user_id {
            return Err(AppError::field("roles", FieldError::CannotChangeOwn));
        }
        check_roles(&mut tx, &role_ids).await?;
        let before = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        db::set_roles(&mut tx, id, &role_ids).await?;
        finish_change(ctx, tx, AuditAction::UserSetRoles, before).await
    }

    /// An admin resets another user's password: a one-time password, returned once, which the
    /// user must replace at the next sign-in; every session of theirs ends. Admins change their
    /// own on the profile page, where the current password is asked for.
    pub async fn reset_user_password(ctx: &Ctx, id: UserId) -> Result<CreatedUser, AppError> {
        let mut tx = ctx.authorize(Permission::UserWrite).await?;
        if id == ctx.user.user_id {
            return Err(AppError::field("password", FieldError::CannotChangeOwn));
        }
        let user = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let initial_password =
            issue_one_time_password(&mut tx, id, Some(ctx.user.user_id), &ctx.meta).await?;
        tx.commit().await?;
        Ok(CreatedUser {
            id,
            email: user.email,
            initial_password,
        })
    }

    /// Audits a change to a user with its before/after and commits.
    async fn finish_change(
        ctx: &Ctx,
        mut tx: TenantTx,
        action: AuditAction,
        before: UserRow,
    ) -> Result<UserRow, AppError> {
        let after = db::get(&mut tx, before.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let entry = AuditEntry::new(action, "user", before.id.0).diff(Some(&before), Some(&after));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Every role id must be a role of this tenant.
    async fn check_roles(tx: &mut TenantTx, role_ids: &[Uuid]) -> Result<(), AppError> {
        let found = roles::db::existing_ids(tx, role_ids).await?;
        if found.len() != role_ids.len() {
            return Err(AppError::field("roles", FieldError::UnknownChoice));
        }
        Ok(())
    }

    /// Sixteen random letters and digits: easy to read out, strong enough to change later.
    fn initial_password() -> String {
        rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(16)
            .map(char::from)
            .collect()
    }

    async fn hash_off_thread(password: String) -> Result<String, AppError> {
        password::off_thread(move || password::hash(&password)).await?
    }

    /// Gives `user` a one-time password, returned once, which must be replaced at the next
    /// sign-in; every session of the user ends. `actor` is the admin who asked, `None` for the
    /// operator's command line.
    pub async fn issue_one_time_password(
        tx: &mut TenantTx,
        user: UserId,
        actor: Option<UserId>,
        meta: &RequestMeta,
    ) -> Result<String, AppError> {
        let one_time = initial_password();
        let hash = hash_off_thread(one_time.clone()).await?;
        crate::profile::db::set_password(tx, user, &hash, true).await?;
        revoke_all_sessions(tx, user).await?;
        let entry = AuditEntry::new(AuditAction::UserPasswordReset, "user", user.0);
        audit::record(tx, actor, meta, entry).await?;
        Ok(one_time)
    }

    /// Makes `user`'s current password good for one sign-in only (a password the operator chose
    /// for someone else).
    pub async fn require_password_change(tx: &mut TenantTx, user: UserId) -> Result<(), AppError> {
        db::require_password_change(tx, user).await
    }

    /// Creates a user with a known password (provisioning, the demo seed, tests), audited with
    /// no actor. An email already there returns that user, so the seed can run twice.
    pub async fn provision(
        tx: &mut TenantTx,
        user: &NewUser,
        password: &str,
    ) -> Result<UserId, AppError> {
        if let Some(id) = db::id_by_email(tx, &user.email).await? {
            return Ok(id);
        }
        let hash = hash_off_thread(password.to_owned()).await?;
        let role_ids = roles::db::ids_by_key(tx, &user.roles).await?;
        let id = db::insert(tx, user, &hash, &role_ids).await?;
        let entry =
            AuditEntry::new(AuditAction::UserCreate, "user", id.0).diff(None::<()>, Some(user));
        audit::record(tx, None, &RequestMeta::default(), entry).await?;
        Ok(id)
    }
}

/// The users page's list.
#[server(prefix = "/fn", endpoint = "users/list")]
pub async fn list_users_fn() -> Result<Vec<UserRow>, AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    crate::ui::form::finish(list_users(&ctx).await, None)
}

/// The flash cookie that carries a one-time password (a new user's, a reset one) to a page
/// rendered without JavaScript (hydrated pages get it as the action's answer).
pub const ONE_TIME_PASSWORD_FLASH: &str = "fc_one_time_password";

/// Keeps the answer of a plain form post for the page it comes back to.
#[cfg(feature = "ssr")]
fn flash_one_time_password(
    result: &Result<CreatedUser, AppError>,
    notice: fn(CreatedUser) -> OneTimePassword,
) {
    if let Ok(user) = result
        && crate::ui::form::is_plain_form_post()
    {
        crate::ui::flash::set(ONE_TIME_PASSWORD_FLASH, &notice(user.clone()));
    }
}

/// The create-user form. `roles[]` are checkbox values.
#[server(prefix = "/fn", endpoint = "users/create")]
pub async fn create_user_fn(
    email: String,
    full_name: String,
    #[server(default)] roles: Vec<Uuid>,
) -> Result<CreatedUser, AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    let result = create_user(
        &ctx,
        UserInput {
            email,
            full_name,
            roles,
        },
    )
    .await;
    flash_one_time_password(&result, OneTimePassword::Created);
    crate::ui::form::finish(result, None)
}

/// The "Reset password" button of a user.
#[server(prefix = "/fn", endpoint = "users/reset-password")]
pub async fn reset_user_password_fn(id: Uuid) -> Result<CreatedUser, AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    let result = reset_user_password(&ctx, UserId(id)).await;
    flash_one_time_password(&result, OneTimePassword::Reset);
    crate::ui::form::finish(result, None)
}

/// The one-time password the last plain form post made, once (see
/// [`ONE_TIME_PASSWORD_FLASH`]).
#[server(prefix = "/fn", endpoint = "users/one-time-password")]
pub async fn take_one_time_password_fn() -> Result<Option<OneTimePassword>, AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    ctx.authorize(crate::auth::Permission::UserWrite).await?;
    Ok(crate::ui::flash::take(ONE_TIME_PASSWORD_FLASH))
}

/// The activate/deactivate button.
#[server(prefix = "/fn", endpoint = "users/active")]
pub async fn set_user_active_fn(id: Uuid, active: bool) -> Result<UserRow, AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    crate::ui::form::finish(set_user_active(&ctx, UserId(id), active).await, None)
}

/// The role checkboxes of a user.
#[server(prefix = "/fn", endpoint = "users/roles")]
pub async fn set_user_roles_fn(
    id: Uuid,
    #[server(default)] roles: Vec<Uuid>,
) -> Result<UserRow, AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    crate::ui::form::finish(set_user_roles(&ctx, UserId(id), roles).await, None)
}
