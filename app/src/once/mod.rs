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
pub use ssr::run;

#[cfg(feature = "ssr")]
mod ssr {
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use std::time::Duration;

    use super::{FormKey, db};
    use crate::auth::ctx::Ctx;
    use crate::error::AppError;
    use crate::tenant::TenantTx;

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
