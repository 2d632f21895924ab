//! The sign-in throttle. Attempts are kept in the database, so every server replica sees the
//! same counts, and an attempt is *reserved before* its password is checked: thirty guesses sent
//! at once meet the count one after another instead of all reading it before any is written.
//!
//! Each attempt counts under three keys:
//! - the account from this client address: `per_account` attempts per window, then refused until
//!   the window frees one. The lock a guesser earns is on its own address;
//! - the client address: `per_ip` attempts per window over every account (one source trying many);
//! - the account from anywhere: past `per_account` failures each attempt waits a back-off that
//!   doubles from one second up to [`BACKOFF_CAP_SECS`]. Guesses from many addresses slow an
//!   account down, but nobody can keep someone else locked out of their own account.
//!
//! A successful sign-in takes its reservation back and clears the account's keys; the rows of a
//! failed one stay until the window is over, when [`purge_expired`] removes them.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::db::{self, AttemptCount};
use crate::audit::RequestMeta;
use crate::error::AppError;
use crate::state::AppState;

/// The longest an account's back-off grows, in seconds.
pub const BACKOFF_CAP_SECS: i64 = 60;

/// How a key limits attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// At most this many attempts in the window.
    Window(i64),
    /// After this many attempts in the window, a doubling wait after the latest one.
    Backoff(i64),
}

/// The seconds an attempt must wait under `rule`, given the key's attempts in the window; `None`
/// when it may go ahead.
fn wait_secs(
    rule: Rule,
    attempts: &AttemptCount,
    window_secs: i64,
    now: DateTime<Utc>,
) -> Option<i64> {
    let wait = match rule {
        Rule::Window(limit) if attempts.count >= limit => {
            attempts.oldest.map_or(window_secs, |oldest| {
                (oldest.timestamp() + window_secs) - now.timestamp()
            })
        }
        Rule::Backoff(after) if attempts.count >= after => {
            let doublings = u32::try_from(attempts.count - after)
                .unwrap_or(u32::MAX)
                .min(16);
            let backoff = 2_i64.saturating_pow(doublings).min(BACKOFF_CAP_SECS);
            attempts.latest.map_or(backoff, |latest| {
                (latest.timestamp() + backoff) - now.timestamp()
            })
        }
        _ => return None,
    };
    (wait > 0).then_some(wait)
}

/// The keys an attempt counts under, each with its rule.
fn keys(state: &AppState, email: &str, meta: &RequestMeta) -> Vec<(String, Rule)> {
    let per_account = state.auth.throttle_per_account;
    let mut keys = vec![(account_key(email), Rule::Backoff(per_account))];
    if let Some(ip) = &meta.ip {
        keys.push((format!("account:{email}@{ip}"), Rule::Window(per_account)));
        keys.push((format!("ip:{ip}"), Rule::Window(state.auth.throttle_per_ip)));
    }
    keys
}

fn account_key(email: &str) -> String {
    format!("account:{email}")
}

/// An attempt that passed the throttle; it counts as a failure unless [`succeeded`] takes it back.
#[derive(Debug)]
#[must_use = "a successful sign-in must take its reservation back"]
pub struct Reservation {
    ids: Vec<i64>,
    keys: Vec<String>,
}

/// Reserves one attempt under each of the attempt's keys, or refuses with `RateLimited` and the
/// longest wait among the keys that are spent.
pub async fn reserve(
    state: &AppState,
    email: &str,
    meta: &RequestMeta,
) -> Result<Reservation, AppError> {
    let mut keys = keys(state, email, meta);
    // Locks are taken in one order everywhere, so two attempts never wait on each other crosswise.
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    let names: Vec<String> = keys.iter().map(|(k, _)| k.clone()).collect();
    let window = state.auth.throttle_window_secs;
    let mut tx = state.db.begin().await?;
    db::lock_attempt_keys(&mut tx, &names).await?;
    let counts = db::count_attempts(&mut tx, &names, window).await?;
    let now = Utc::now();
    let wait = keys
        .iter()
        .zip(&counts)
        .filter_map(|((_, rule), count)| wait_secs(*rule, count, window, now))
        .max();
    if let Some(retry_after) = wait {
        return Err(AppError::RateLimited {
            retry_after: retry_after.unsigned_abs(),
        });
    }
    let ids = db::insert_attempts(&mut tx, &names).await?;
    tx.commit().await?;
    Ok(Reservation { ids, keys: names })
}

/// The sign-in succeeded: its reservation was no failure, and the account starts afresh (the
/// address keeps its count of other accounts' failures).
pub async fn succeeded(
    state: &AppState,
    email: &str,
    reservation: Reservation,
) -> Result<(), AppError> {
    let account = account_key(email);
    let cleared: Vec<String> = reservation
        .keys
        .into_iter()
        .filter(|k| k.starts_with(&account))
        .collect();
    db::release_attempts(&state.db, &reservation.ids, &cleared).await
}

/// Removes the attempts older than the window; run now and then by the server.
pub async fn purge_expired(pool: &PgPool, window_secs: i64) -> Result<u64, AppError> {
    db::purge_attempts(pool, window_secs).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    /// A fixed "now", so that waits are exact.
    fn moment() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap()
    }

    fn attempts(count: i64, oldest_ago: i64, latest_ago: i64) -> AttemptCount {
        let now = moment();
        AttemptCount {
            count,
            oldest: Some(now - Duration::seconds(oldest_ago)),
            latest: Some(now - Duration::seconds(latest_ago)),
        }
    }

    #[test]
    fn a_window_refuses_until_its_oldest_attempt_leaves_it() {
        let now = moment();
        assert_eq!(
            wait_secs(Rule::Window(5), &attempts(4, 100, 1), 900, now),
            None
        );
        assert_eq!(
            wait_secs(Rule::Window(5), &attempts(5, 100, 1), 900, now),
            Some(800)
        );
        assert_eq!(
            wait_secs(Rule::Window(5), &attempts(5, 899, 1), 900, now),
            Some(1)
        );
        assert_eq!(
            wait_secs(Rule::Window(5), &attempts(5, 901, 1), 900, now),
            None
        );
    }

    #[test]
    fn the_account_backoff_doubles_up_to_a_minute_and_never_locks() {
        let now = moment();
        assert_eq!(
            wait_secs(Rule::Backoff(5), &attempts(4, 10, 0), 900, now),
            None
        );
        assert_eq!(
            wait_secs(Rule::Backoff(5), &attempts(5, 10, 0), 900, now),
            Some(1)
        );
        assert_eq!(
            wait_secs(Rule::Backoff(5), &attempts(8, 10, 0), 900, now),
            Some(8)
        );
        assert_eq!(
            wait_secs(Rule::Backoff(5), &attempts(500, 10, 0), 900, now),
            Some(BACKOFF_CAP_SECS)
        );
        assert_eq!(
            wait_secs(Rule::Backoff(5), &attempts(500, 800, 61), 900, now),
            None,
            "a minute after the latest guess, the owner may try again"
        );
    }
}
