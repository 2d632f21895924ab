//! Access tokens (short-lived JWTs) and refresh tokens (opaque, stored only as a hash).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::AppError;
use crate::state::AuthConfig;

/// The claims of an access token. `stamp` is the user's security stamp at sign-in: a
/// password change replaces it, which kills every token issued before.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccessClaims {
    /// The user id.
    pub sub: Uuid,
    /// The tenant id.
    pub tid: Uuid,
    /// The session (refresh-token family).
    pub sid: Uuid,
    pub stamp: Uuid,
    /// Always `"access"`, so no other kind of token can stand in for one.
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
}

const ACCESS: &str = "access";

/// Signs an access token for the given identity, valid for the configured lifetime.
pub fn issue_access(
    config: &AuthConfig,
    sub: Uuid,
    tid: Uuid,
    sid: Uuid,
    stamp: Uuid,
) -> Result<String, AppError> {
    let now = chrono::Utc::now().timestamp();
    let claims = AccessClaims {
        sub,
        tid,
        sid,
        stamp,
        typ: ACCESS.into(),
        iat: now,
        exp: now + config.access_ttl_secs,
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(config.jwt_secret()),
    )
    .map_err(|e| {
        tracing::error!(error = %e, "signing an access token failed");
        AppError::Internal
    })
}

/// Verifies signature, algorithm (HS256 only, so `alg: none` is refused), expiry and kind.
pub fn verify_access(config: &AuthConfig, token: &str) -> Result<AccessClaims, AppError> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "sub"]);
    let data = jsonwebtoken::decode::<AccessClaims>(
        token,
        &DecodingKey::from_secret(config.jwt_secret()),
        &validation,
    )
    .map_err(|_| AppError::Unauthenticated)?;
    if data.claims.typ != ACCESS {
        return Err(AppError::Unauthenticated);
    }
    Ok(data.claims)
}

/// A new opaque refresh token (256 random bits) and the hash that is stored for it.
pub fn new_refresh() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_refresh(&token);
    (token, hash)
}

/// The token that replaces `token` when it is rotated. It is derived, not drawn, so that the same
/// token presented again within the grace window (two tabs refreshing at once) gets the same
/// successor, without the successor ever being stored in the clear.
pub fn successor_refresh(config: &AuthConfig, token: &str) -> (String, Vec<u8>) {
    use hmac::{Hmac, Mac};
    let mut mac = match Hmac::<Sha256>::new_from_slice(config.jwt_secret()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm is never taken.
        Err(_) => return new_refresh(),
    };
    mac.update(b"fleetcore refresh successor\0");
    mac.update(token.as_bytes());
    let successor = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    let hash = hash_refresh(&successor);
    (successor, hash)
}

/// The stored form of a refresh token.
pub fn hash_refresh(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AuthConfig {
        AuthConfig::for_tests()
    }

    #[test]
    fn a_fresh_token_verifies() {
        let c = config();
        let (u, t, s, st) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let token = issue_access(&c, u, t, s, st).unwrap();
        let claims = verify_access(&c, &token).unwrap();
        assert_eq!(
            (claims.sub, claims.tid, claims.sid, claims.stamp),
            (u, t, s, st)
        );
    }

    #[test]
    fn forged_expired_unsigned_and_refresh_tokens_are_refused() {
        let c = config();
        let id = Uuid::now_v7();
        // Signed with another key.
        let other = AuthConfig::for_tests_with_secret("another secret that is long enough!!");
        let forged = issue_access(&other, id, id, id, id).unwrap();
        assert_eq!(verify_access(&c, &forged), Err(AppError::Unauthenticated));
        // Expired a minute ago.
        let now = chrono::Utc::now().timestamp();
        let claims = AccessClaims {
            sub: id,
            tid: id,
            sid: id,
            stamp: id,
            typ: ACCESS.into(),
            iat: now - 120,
            exp: now - 60,
        };
        let expired = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(c.jwt_secret()),
        )
        .unwrap();
        assert_eq!(verify_access(&c, &expired), Err(AppError::Unauthenticated));
        // alg: none, with the claims of a valid token.
        let valid = issue_access(&c, id, id, id, id).unwrap();
        let payload = valid.split('.').nth(1).unwrap();
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert_eq!(
            verify_access(&c, &format!("{none_header}.{payload}.")),
            Err(AppError::Unauthenticated)
        );
        // A refresh token is not an access token.
        let (refresh, _) = new_refresh();
        assert_eq!(verify_access(&c, &refresh), Err(AppError::Unauthenticated));
        // Another kind of JWT signed with our key.
        let claims = AccessClaims {
            typ: "refresh".into(),
            ..verify_access(&c, &valid).unwrap()
        };
        let wrong_kind = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(c.jwt_secret()),
        )
        .unwrap();
        assert_eq!(
            verify_access(&c, &wrong_kind),
            Err(AppError::Unauthenticated)
        );
    }

    #[test]
    fn a_successor_is_the_same_for_the_same_token_and_key_only() {
        let (token, _) = new_refresh();
        let (a, a_hash) = successor_refresh(&config(), &token);
        let (b, _) = successor_refresh(&config(), &token);
        assert_eq!(a, b);
        assert_eq!(a_hash, hash_refresh(&a));
        assert_ne!(a, token);
        let (other, _) = successor_refresh(&config(), &new_refresh().0);
        assert_ne!(a, other);
        let elsewhere = AuthConfig::for_tests_with_secret("another key, also 32 bytes or more");
        assert_ne!(successor_refresh(&elsewhere, &token).0, a);
    }

    #[test]
    fn refresh_tokens_are_random_and_stored_hashed() {
        let (a, ha) = new_refresh();
        let (b, _) = new_refresh();
        assert_ne!(a, b);
        assert_eq!(ha, hash_refresh(&a));
        assert_eq!(ha.len(), 32);
    }
}
