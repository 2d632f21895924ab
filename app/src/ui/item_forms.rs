//! Many items on one page, each with its own small form for the same action (a card's move
//! form, a calendar entry's reschedule form): one action serves them all, and only the item
//! whose form was sent shows the error, whether it came back to the hydrated page or, with
//! JavaScript off, in the address after a plain form post.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::form::{use_form_error, use_form_values, use_own_form_error};
use super::toast_results;
use crate::error::AppError;

/// What a failed plain form post of one item's form keeps in the address (see
/// [`super::form::finish_keeping`]): which item's form sent it, and what it had typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeptItem<F> {
    pub id: Uuid,
    pub form: F,
}

/// The forms of a page's items for the action `S`, whose form is `F`.
pub struct ItemForms<S, F>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    F: Send + Sync + 'static,
{
    pub action: ServerAction<S>,
    sent_by: RwSignal<Option<Uuid>>,
    /// The item whose plain form post failed (JavaScript off), from the address.
    kept: StoredValue<Option<KeptItem<F>>>,
    error: Signal<Option<AppError>>,
}

impl<S, F> Clone for ItemForms<S, F>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    F: Send + Sync + 'static,
{
    fn clone(&self) -> Self {
        *self
    }
}

impl<S, F> Copy for ItemForms<S, F>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    F: Send + Sync + 'static,
{
}

impl<S, F> ItemForms<S, F>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    F: Clone + Default + serde::de::DeserializeOwned + Send + Sync + 'static,
{
    /// A page's forms; toasts each outcome.
    #[expect(
        clippy::new_without_default,
        reason = "it makes a server action in the page's reactive owner: an explicit call, not a default"
    )]
    pub fn new() -> Self {
        let action = ServerAction::<S>::new();
        toast_results(action);
        let kept = StoredValue::new(use_form_values::<KeptItem<F>>());
        Self {
            action,
            sent_by: RwSignal::new(None),
            kept,
            error: use_form_error(action),
        }
    }

    /// Sends `input` on behalf of item `id` (a drop, a click), as its form would.
    pub fn dispatch(&self, id: Uuid, input: S) {
        self.sent_by.set(Some(id));
        self.action.dispatch(input);
    }

    /// Notes that item `id`'s form is being sent (its submit button's click).
    pub fn sending(&self, id: Uuid) {
        self.sent_by.set(Some(id));
    }

    /// The error to show on another form of the page (`action`'s): its own answer once
    /// hydrated; the address's error only if no item's form left it there.
    pub fn other_form_error<O>(&self, action: ServerAction<O>) -> Signal<Option<AppError>>
    where
        O: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        O::Output: Send + Sync + 'static,
    {
        use_own_form_error(action, self.kept.with_value(Option::is_none))
    }

    /// The latest answer's error, if item `id` asked.
    pub fn error_for(self, id: Uuid) -> Signal<Option<AppError>> {
        Signal::derive(move || {
            let hydrated_answer = self.action.value().with(Option::is_some);
            let mine = if hydrated_answer {
                self.sent_by.get() == Some(id)
            } else {
                self.kept.with_value(|k| k.as_ref().map(|k| k.id)) == Some(id)
            };
            if mine { self.error.get() } else { None }
        })
    }

    /// What item `id`'s failed plain form post had typed (empty for every other item).
    pub fn kept_for(self, id: Uuid) -> F {
        self.kept
            .with_value(|k| k.as_ref().filter(|k| k.id == id).map(|k| k.form.clone()))
            .unwrap_or_default()
    }
}
