//! Toasts: short success and error messages in a live region, gone after a few seconds.

use leptos::prelude::*;
use std::time::Duration;

use crate::i18n::{t_string, use_i18n};

/// Whether a toast reports success or failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
}

/// The toast queue, shared through context.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    /// Shows a message for five seconds.
    pub fn show(&self, kind: ToastKind, text: impl Into<String>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list.update(|l| {
            l.push(Toast {
                id,
                kind,
                text: text.into(),
            })
        });
        let list = self.list;
        set_timeout(
            move || list.update(|l| l.retain(|t| t.id != id)),
            Duration::from_secs(5),
        );
    }

    /// Shows a success message.
    pub fn success(&self, text: impl Into<String>) {
        self.show(ToastKind::Success, text);
    }

    /// Shows an error message.
    pub fn error(&self, text: impl Into<String>) {
        self.show(ToastKind::Error, text);
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }
}

fn new_queue() -> Toasts {
    Toasts {
        list: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(0),
    }
}

/// Provides the toast queue to the whole page.
pub fn provide_toasts() {
    provide_context(new_queue());
}

/// The page's toast queue (a detached one outside a page, whose toasts nobody sees).
pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or_else(new_queue)
}

/// Shows a toast for every answer `action` gets: "saved" on success, the error's text on failure.
pub fn toast_results<S>(action: ServerAction<S>)
where
    S: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let i18n = use_i18n();
    let toasts = use_toasts();
    Effect::new(move |_| {
        action.value().with(|answer| match answer {
            Some(Ok(_)) => toasts.success(t_string!(i18n, common.saved)),
            Some(Err(e)) => toasts.error(crate::error::message(i18n.get_locale(), e)),
            None => {}
        });
    });
}

/// Where toasts appear.
#[component]
pub fn Toaster() -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    view! {
        <div class="toaster" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|t| t.id let:toast>
                <div class=match toast.kind {
                    ToastKind::Success => "toast toast-success",
                    ToastKind::Error => "toast toast-error",
                }>
                    <span>{toast.text.clone()}</span>
                    <button
                        class="icon-button"
                        aria-label=move || t_string!(i18n, common.close)
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
