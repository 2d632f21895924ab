//! Sign-in, sessions and permissions.
//!
//! Owns the tables `users` (credentials part), `sessions`, `refresh_tokens` and
//! `login_failures`; the routes `/login`, `/fn/auth/*` and `/api/v1/auth/*`.
//! Browsers hold a 15-minute JWT access token and an opaque refresh token in HttpOnly cookies;
//! the driver app and integrations send the access token as a Bearer token. Every request is
//! resolved once by [`ctx::identify`] and every operation starts from [`ctx::Ctx::authorize`].

mod api;
#[cfg(feature = "ssr")]
pub mod client_ip;
#[cfg(feature = "ssr")]
pub mod ctx;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod origin;
mod page;
#[cfg(feature = "ssr")]
pub mod password;
mod permission;
#[cfg(feature = "ssr")]
pub mod rest;
mod session;
#[cfg(feature = "ssr")]
mod throttle;
#[cfg(feature = "ssr")]
pub mod token;

pub use api::*;
pub use page::LoginPage;
pub use permission::{DefaultRole, Permission};
pub use session::{Credentials, CurrentUser, TokenPair, UserId};
#[cfg(feature = "ssr")]
pub use throttle::purge_expired as purge_expired_sign_in_attempts;

/// Server functions anyone may call; every other one refuses anonymous callers through `Ctx`.
/// The deny-by-default test walks every registered server function against this list.
pub const PUBLIC_SERVER_FNS: [&str; 3] = ["/fn/auth/login", "/fn/profile/locale", "/fn/ui/theme"];
