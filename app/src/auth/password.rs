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

/// How many argon2 computations run at once, each on a thread of its own that lives as long as
/// the server: each takes a core and 19 MiB, so a burst of sign-ins queues instead of starving
/// page requests. The threads are always the same ones because the allocator keeps what a thread
/// freed for that thread: on tokio's blocking pool every new thread kept its own 19 MiB blocks
/// (the HTTP server grew past 1 GB RSS over the end-to-end suite's sign-ins); two threads keep
/// two.
const WORKERS: usize = 2;

/// At most this many password checks wait for a worker; one more is refused at once with
/// `RateLimited`, instead of joining a queue that would take longer than the request may.
pub const QUEUE_LENGTH: usize = 32;
static QUEUE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(QUEUE_LENGTH);

type Job = Box<dyn FnOnce() + Send>;

/// The workers' shared queue of jobs, started with the first job.
fn workers() -> &'static std::sync::mpsc::Sender<Job> {
    static JOBS: std::sync::OnceLock<std::sync::mpsc::Sender<Job>> = std::sync::OnceLock::new();
    JOBS.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<Job>();
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        for n in 0..WORKERS {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || work_through(&receiver));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password worker");
            }
        }
        sender
    })
}

/// A worker's life: one job after another. A job that panics loses only its own answer.
fn work_through(jobs: &std::sync::Mutex<std::sync::mpsc::Receiver<Job>>) {
    loop {
        let next = jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .recv();
        let Ok(job) = next else { return };
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

/// Runs password work on one of the [`WORKERS`], after waiting in [`QUEUE`].
pub async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _waiting = QUEUE
        .try_acquire()
        .map_err(|_| AppError::RateLimited { retry_after: 1 })?;
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(work());
    });
    workers().send(job).map_err(|_| AppError::Internal)?;
    answered.await.map_err(|_| AppError::Internal)
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

    #[tokio::test]
    async fn work_runs_on_the_password_workers_and_a_panic_loses_only_its_answer() {
        let thread = off_thread(|| std::thread::current().name().map(str::to_owned))
            .await
            .unwrap();
        assert!(thread.is_some_and(|name| name.starts_with("password-")));
        let panicked: Result<(), AppError> = off_thread(|| panic!("a job's bug")).await;
        assert!(matches!(panicked, Err(AppError::Internal)));
        for _ in 0..WORKERS {
            assert_eq!(
                off_thread(|| 2 + 2).await.unwrap(),
                4,
                "the workers live on"
            );
        }
    }
}
