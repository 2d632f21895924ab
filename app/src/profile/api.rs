//! Profile operations and their server functions.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::PasswordChange;
use super::Preferences;
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use super::super::{PasswordChange, Preferences, db, model};
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::ctx::Ctx;
    use crate::auth::{SignedIn, password, revoke_all_sessions, start_session};
    use crate::error::{AppError, FieldError};

    /// Changes the caller's password. Every session of the user is revoked (so are the access
    /// tokens, through the new security stamp) and a fresh session is returned for this device.
    pub async fn change_password(ctx: &Ctx, input: PasswordChange) -> Result<SignedIn, AppError> {
        input.validate()?;
        let user = ctx.user.user_id;
        let mut tx = ctx.own_records().await?;
        let stored = db::password_hash(&mut tx, user).await?;
        let new_hash = hash_if_current_matches(input, stored).await?;
        db::set_password(&mut tx, user, &new_hash, false).await?;
        revoke_all_sessions(&mut tx, user).await?;
        audit::record(
            &mut tx,
            Some(user),
            &ctx.meta,
            AuditEntry::new(AuditAction::UserPasswordChange, "user", user.0),
        )
        .await?;
        let signed_in = start_session(&mut tx, &ctx.state, user, false, &ctx.meta).await?;
        tx.commit().await?;
        Ok(signed_in)
    }

    /// Verifies the current password and hashes the new one, off the async workers.
    async fn hash_if_current_matches(
        input: PasswordChange,
        stored: String,
    ) -> Result<String, AppError> {
        password::off_thread(move || {
            if !password::verify(&input.current_password, &stored) {
                return Err(AppError::field(
                    "current_password",
                    FieldError::WrongPassword,
                ));
            }
            password::hash(&input.new_password)
        })
        .await?
    }

    /// Saves the caller's language and time zone.
    pub async fn update_preferences(ctx: &Ctx, prefs: Preferences) -> Result<(), AppError> {
        prefs.validate()?;
        let user = ctx.user.user_id;
        let mut tx = ctx.own_records().await?;
        let before = db::preferences(&mut tx, user).await?;
        db::set_preferences(&mut tx, user, &prefs).await?;
        let entry = AuditEntry::new(AuditAction::UserPreferences, "user", user.0)
            .diff(Some(&before), Some(&prefs));
        audit::record(&mut tx, Some(user), &ctx.meta, entry).await?;
        tx.commit().await
    }

    /// Validates a language choice; a signed-in caller keeps it on the profile.
    pub async fn choose_locale(ctx: Option<&Ctx>, locale: String) -> Result<(), AppError> {
        if !model::is_locale(&locale) {
            return Err(AppError::field("locale", FieldError::UnknownChoice));
        }
        match ctx {
            Some(ctx) => {
                update_preferences(
                    ctx,
                    Preferences {
                        locale,
                        time_zone: ctx.user.time_zone.clone(),
                    },
                )
                .await
            }
            None => Ok(()),
        }
    }
}

/// Changes the password from the profile form.
#[server(prefix = "/fn", endpoint = "profile/password")]
pub async fn change_password_fn(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::auth::ctx::{Ctx, set_session_cookies};
    let ctx = Ctx::from_context()?;
    let input = PasswordChange {
        current_password,
        new_password,
        confirm_password,
    };
    let result = change_password(&ctx, input)
        .await
        .map(|signed_in| set_session_cookies(&ctx.state.auth, &signed_in));
    crate::ui::form::finish(result, None)
}

/// Saves language and time zone from the profile form.
#[server(prefix = "/fn", endpoint = "profile/preferences")]
pub async fn update_preferences_fn(
    locale: String,
    time_zone: String,
) -> Result<Preferences, AppError> {
    use crate::auth::ctx::{Ctx, set_locale_cookie};
    let ctx = Ctx::from_context()?;
    let prefs = Preferences { locale, time_zone };
    let result = update_preferences(&ctx, prefs.clone()).await.map(|()| {
        set_locale_cookie(&prefs.locale);
        prefs
    });
    crate::ui::form::finish(result, None)
}

/// Switches the language. Public: the sign-in page has the switcher too; a signed-in user's
/// choice is also saved on the profile.
#[server(prefix = "/fn", endpoint = "profile/locale")]
pub async fn set_locale_fn(locale: String) -> Result<String, AppError> {
    use crate::auth::ctx::{Ctx, set_locale_cookie};
    let ctx = Ctx::from_context().ok();
    let result = choose_locale(ctx.as_ref(), locale.clone()).await.map(|()| {
        set_locale_cookie(&locale);
        locale
    });
    crate::ui::form::finish(result, None)
}
