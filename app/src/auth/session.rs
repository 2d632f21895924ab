//! Who is asking: the signed-in user as every operation sees it, and what sign-in returns.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

use super::Permission;
use crate::tenant::TenantId;

/// A user's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct UserId(pub Uuid);

/// The signed-in user, resolved once per request from its cookie or bearer token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    /// The sign-in (refresh-token family) this request belongs to.
    pub session_id: Uuid,
    pub email: String,
    pub full_name: String,
    pub tenant_name: String,
    pub roles: Vec<String>,
    pub permissions: BTreeSet<Permission>,
    /// The user's language code (`kk`, `ar`, …; profiles saved before `kk` may say `kz`).
    pub locale: String,
    /// IANA time zone (`Asia/Almaty`).
    pub time_zone: String,
    /// Signed in with a one-time password: nothing but choosing a new one is allowed.
    pub must_change_password: bool,
}

impl CurrentUser {
    /// Whether the user holds `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// What `POST /api/v1/auth/login` and `/refresh` return.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// Sign-in input, from the login form or `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    /// Keep the browser signed in for 30 days instead of for the browser session.
    #[serde(default)]
    pub remember: bool,
}
