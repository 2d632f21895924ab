//! argon2id password hashing and the password rules.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

use crate::error::AppError;

/// Hashes a password with argon2id and a fresh salt (PHC string).
pub fn hash(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

/// Checks a password against a stored PHC hash; a malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// At most this many argon2 computations run at once: each takes a core and 19 MiB, so a burst
/// of sign-ins queues instead of starving page requests. (Memory is still kept by the allocator
/// after a burst: bench/http.sh shows 500 MB RSS after its sign-in run, 640 MB without this
/// bound; reusing the blocks on a small dedicated pool is the next step.)
static SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// At most this many password checks wait for a slot; one more is refused at once with
/// `RateLimited`, instead of joining a queue that would take longer than the request may.
pub const QUEUE_LENGTH: usize = 32;
static QUEUE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(QUEUE_LENGTH);

/// Runs password work on a blocking thread, within [`SLOTS`], after waiting in [`QUEUE`].
pub async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _waiting = QUEUE
        .try_acquire()
        .map_err(|_| AppError::RateLimited { retry_after: 1 })?;
    let _slot = SLOTS.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AppError::Internal)
}

/// Verifies against a throwaway hash so that an unknown email costs as much time as a wrong
/// password and the two cannot be told apart.
pub fn verify_nobody(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("fleetcore-no-such-user").unwrap_or_default());
    let _ = verify(password, dummy);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("correct horse").unwrap();
        let b = hash("correct horse").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse", &a));
        assert!(!verify("wrong horse", &a));
        assert!(!verify("correct horse", "not a hash"));
    }
}
