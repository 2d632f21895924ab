//! The sign-in throttle: failed attempts counted per account and per client IP in the database,
//! so every server replica sees the same counts.

use super::db;
use crate::audit::RequestMeta;
use crate::error::AppError;
use crate::state::AppState;

/// The throttle keys an attempt counts against, each with its limit.
fn keys(state: &AppState, email: &str, meta: &RequestMeta) -> Vec<(String, i64)> {
    let mut keys = vec![(format!("account:{email}"), state.auth.throttle_per_account)];
    if let Some(ip) = &meta.ip {
        keys.push((format!("ip:{ip}"), state.auth.throttle_per_ip));
    }
    keys
}

/// Refuses the attempt with `RateLimited` while any of its keys is over its limit.
pub async fn check(state: &AppState, email: &str, meta: &RequestMeta) -> Result<(), AppError> {
    let window = state.auth.throttle_window_secs;
    for (key, limit) in keys(state, email, meta) {
        let (count, oldest) = db::recent_failures(&state.db, &key, window).await?;
        if count >= limit {
            let frees_at = oldest.map_or(0, |t| t.timestamp()) + window;
            let retry_after = (frees_at - chrono::Utc::now().timestamp()).max(1);
            return Err(AppError::RateLimited { retry_after: retry_after.unsigned_abs() });
        }
    }
    Ok(())
}

/// Counts one failed attempt against the account and the IP.
pub async fn record_failure(state: &AppState, email: &str, meta: &RequestMeta) -> Result<(), AppError> {
    let keys: Vec<String> = keys(state, email, meta).into_iter().map(|(k, _)| k).collect();
    db::record_failure(&state.db, &keys).await
}

/// A successful sign-in wipes the account's slate (the IP's stays).
pub async fn clear_account(state: &AppState, email: &str) -> Result<(), AppError> {
    db::clear_failures(&state.db, &format!("account:{email}")).await
}
