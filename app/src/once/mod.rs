//! A command sent twice runs once: a double click on "Save", a form posted again after a
//! timeout, a driver's phone sending again when the network comes back.
//!
//! Each create form carries a [`FormKey`] rendered with it (a hidden field, so a plain form post
//! carries it too); a hydrated form takes a new key after each success, so the next record is a
//! new command. On the server, [`run`] hands the key to the command's context, the command's own
//! transaction claims it before anything else ([`db::claim`], from `Ctx::authorize`), and the
//! command's answer is kept. A second sending of the key waits on the claim until the first
//! commits, finds the key taken, and gets the first answer again: the key is committed with the
//! command or not at all.
//!
//! API clients name their commands the same way with an `Idempotency-Key` header
//! ([`IdempotencyKey`]): a retry after a timeout, or a phone sending its queue again, runs once.

#[cfg(feature = "ssr")]
pub mod db;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The name of the hidden field carrying the key.
pub const FIELD: &str = "form_key";

/// One rendering of a form: its sendings are one command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FormKey(pub Uuid);

impl FormKey {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for FormKey {
    fn default() -> Self {
        Self::new()
    }
}

/// The hidden field carrying the key of the form whose action is `action`: a new key after each
/// success, so the next record the form sends is a new command.
#[component]
pub fn FormKeyField<S>(action: ServerAction<S>) -> impl IntoView
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let key = RwSignal::new(FormKey::new());
    Effect::new(move |_| {
        if action.value().with(|answer| matches!(answer, Some(Ok(_)))) {
            key.set(FormKey::new());
        }
    });
    // An attribute, not a property: the server renders it, and a hidden input's value is its
    // attribute.
    view! { <input type="hidden" name=FIELD value=move || key.get().0.to_string() /> }
}

#[cfg(feature = "ssr")]
pub use ssr::{IdempotencyKey, run};

#[cfg(feature = "ssr")]
mod ssr {
    use axum::extract::FromRequestParts;
    use axum::http::request::Parts;
    use sha2::{Digest, Sha256};
    use uuid::Uuid;

    use crate::error::FieldError;
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use std::time::Duration;

    use super::{FormKey, db};
    use crate::auth::ctx::Ctx;
    use crate::error::AppError;
    use crate::tenant::TenantTx;

    /// The `Idempotency-Key` header of an API call: the client's name for one command, any 1 to
    /// 200 visible ASCII characters (a UUID is the usual choice). Names are the caller's own, like
    /// form keys: a UUID is taken as it is, any other name is hashed into one. Absent, the call
    /// runs as is; malformed, it is refused before anything runs.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub struct IdempotencyKey(pub Option<FormKey>);

    impl IdempotencyKey {
        pub const HEADER: &'static str = "idempotency-key";
        pub const MAX_LEN: usize = 200;

        /// The key a header value names.
        pub fn parse(value: &[u8]) -> Result<FormKey, FieldError> {
            let name = std::str::from_utf8(value).map_err(|_| FieldError::OutOfRange)?;
            if name.is_empty() {
                return Err(FieldError::Required);
            }
            if name.len() > Self::MAX_LEN {
                return Err(FieldError::TooLong);
            }
            if !name.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(FieldError::OutOfRange);
            }
            Ok(FormKey(Uuid::parse_str(name).unwrap_or_else(|_| {
                let digest = Sha256::digest(name.as_bytes());
                let mut bytes = [0u8; 16];
                bytes.copy_from_slice(&digest[..16]);
                Uuid::from_bytes(bytes)
            })))
        }
    }

    impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
        type Rejection = AppError;

        async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
            match parts.headers.get(Self::HEADER) {
                None => Ok(Self(None)),
                Some(value) => Self::parse(value.as_bytes())
                    .map(|key| Self(Some(key)))
                    .map_err(|e| AppError::field("idempotency_key", e)),
            }
        }
    }

    /// How long a second sending waits for the first's answer to be written (it is written just
    /// after the first commits).
    const WAIT_FOR_ANSWER: Duration = Duration::from_secs(3);

    /// Runs `command` for the form rendered with `key` (none: a caller without a key, run as
    /// is): once, however often the form is sent.
    pub async fn run<T: Serialize + DeserializeOwned>(
        ctx: Ctx,
        key: Option<FormKey>,
        command: impl AsyncFnOnce(&Ctx) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let ctx = ctx.sent_once(key);
        let result = command(&ctx).await;
        answer(&ctx, key, result).await
    }

    /// The answer to a command run with `key`: the command's own `result`, kept for later sendings,
    /// or, when the key had been claimed by an earlier sending, that sending's answer.
    async fn answer<T: Serialize + DeserializeOwned>(
        ctx: &Ctx,
        key: Option<FormKey>,
        result: Result<T, AppError>,
    ) -> Result<T, AppError> {
        let Some(key) = key else { return result };
        match result {
            Ok(answer) => {
                keep(ctx, key, &answer).await;
                Ok(answer)
            }
            Err(AppError::AlreadySubmitted) => earlier(ctx, key).await,
            Err(other) => Err(other),
        }
    }

    async fn keep<T: Serialize>(ctx: &Ctx, key: FormKey, answer: &T) {
        let kept = async {
            let json = serde_json::to_value(answer).map_err(|_| AppError::Internal)?;
            let mut tx = TenantTx::begin(&ctx.state.db, ctx.user.tenant_id).await?;
            db::keep_answer(&mut tx, key, &json).await?;
            tx.commit().await
        };
        // The command is done either way; a later sending then hears `already_submitted`.
        if let Err(e) = kept.await {
            tracing::warn!(error = %e, "could not keep a form's answer");
        }
    }

    async fn earlier<T: DeserializeOwned>(ctx: &Ctx, key: FormKey) -> Result<T, AppError> {
        let waited = tokio::time::Instant::now();
        loop {
            let mut tx = TenantTx::begin(&ctx.state.db, ctx.user.tenant_id).await?;
            let kept = db::kept_answer(&mut tx, key, ctx.user.user_id).await?;
            tx.commit().await?;
            match kept {
                Some(json) => {
                    return serde_json::from_value(json).map_err(|_| AppError::AlreadySubmitted);
                }
                None if waited.elapsed() < WAIT_FOR_ANSWER => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                None => return Err(AppError::AlreadySubmitted),
            }
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::error::FieldError;

    #[test]
    fn an_idempotency_key_is_a_uuid_or_any_short_visible_name() {
        let id = Uuid::now_v7();
        let parse = |s: &str| IdempotencyKey::parse(s.as_bytes());
        assert_eq!(parse(&id.to_string()), Ok(FormKey(id)));
        assert_eq!(
            parse("order-301"),
            parse("order-301"),
            "a name always names one key"
        );
        assert_ne!(parse("order-301"), parse("order-302"));
        assert_eq!(parse(""), Err(FieldError::Required));
        assert_eq!(parse(&"k".repeat(201)), Err(FieldError::TooLong));
        assert!(parse(&"k".repeat(200)).is_ok());
        assert_eq!(parse("two words"), Err(FieldError::OutOfRange));
        assert_eq!(IdempotencyKey::parse(&[0xff]), Err(FieldError::OutOfRange));
    }
}
