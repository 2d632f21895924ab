//! What every request handler can reach: configuration and the database pool.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
use std::sync::Arc;

/// The application state handed to axum and to every server function's context.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// Connected as the application role, which row-level security applies to.
    pub db: PgPool,
    pub auth: Arc<AuthConfig>,
    /// Where users reach FleetCore (`https://fleet.example.com`): QR codes and links in
    /// messages point there.
    pub public_url: Arc<str>,
}

/// Sign-in and token settings.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    jwt_secret: SecretString,
    /// Lifetime of an access token, in seconds (15 minutes in production).
    pub access_ttl_secs: i64,
    /// Mark cookies `Secure` (the site is served over https).
    pub secure_cookies: bool,
    /// Failed sign-ins allowed per account within `throttle_window_secs`.
    pub throttle_per_account: i64,
    /// Failed sign-ins allowed per client IP within `throttle_window_secs`.
    pub throttle_per_ip: i64,
    pub throttle_window_secs: i64,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: crate::auth::client_ip::TrustedProxies,
}

impl AuthConfig {
    /// Builds the configuration; the secret must be at least 32 bytes.
    pub fn new(jwt_secret: SecretString, secure_cookies: bool) -> Result<Self, String> {
        if jwt_secret.expose_secret().len() < 32 {
            return Err("the JWT secret must be at least 32 bytes".into());
        }
        Ok(Self {
            jwt_secret,
            access_ttl_secs: 15 * 60,
            secure_cookies,
            throttle_per_account: 5,
            throttle_per_ip: 50,
            throttle_window_secs: 15 * 60,
            trusted_proxies: Default::default(),
        })
    }

    /// The HMAC key for access tokens.
    pub fn jwt_secret(&self) -> &[u8] {
        self.jwt_secret.expose_secret().as_bytes()
    }

    #[cfg(test)]
    pub(crate) fn for_tests() -> Self {
        Self::for_tests_with_secret("unit-test secret, at least 32 bytes long")
    }

    #[cfg(test)]
    pub(crate) fn for_tests_with_secret(secret: &str) -> Self {
        Self::new(SecretString::from(secret.to_owned()), false).unwrap_or_else(|e| panic!("{e}"))
    }
}
