//! Forms that work with JavaScript off and improve once hydrated.
//!
//! With JavaScript off an `ActionForm` is a plain form post: the server answers with a redirect,
//! so the outcome has to travel in the address. [`finish`] puts a failure there as `form_error`
//! (base64url JSON of the `AppError`); [`use_form_error`] reads it back, or the action's own
//! result once hydrated, so a page shows the same field errors either way.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::error::{AppError, FieldError};
use crate::i18n::use_i18n;

/// The query parameter that carries a failed plain form post's error.
pub const FORM_ERROR_PARAM: &str = "form_error";
/// The query parameter that carries what a failed plain form post had typed, so the form shows
/// it again (only for forms without secrets: it ends up in the browser's history).
pub const FORM_VALUES_PARAM: &str = "form_values";
/// The query parameter that carries a plain form post's report (see [`finish_reporting`]).
pub const FORM_RESULT_PARAM: &str = "form_result";

#[cfg(feature = "ssr")]
fn encode(value: &impl serde::Serialize) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap_or_default())
}

fn decode<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(value).ok()?).ok()
}

/// Ends a form's server function. For a plain form post it redirects: to `success_to` (or back)
/// on success, back to the form with the error on failure. Hydrated calls get the result as is,
/// plus the redirect to `success_to` when one is given.
#[cfg(feature = "ssr")]
pub fn finish<T>(result: Result<T, AppError>, success_to: Option<&str>) -> Result<T, AppError> {
    finish_with(result, success_to, None)
}

/// [`finish`] for a form whose typed values should survive a failed plain form post: they go
/// back to the form in the address, next to the error (see [`use_form_values`]).
#[cfg(feature = "ssr")]
pub fn finish_keeping<T>(
    result: Result<T, AppError>,
    success_to: Option<&str>,
    values: &impl serde::Serialize,
) -> Result<T, AppError> {
    let kept = result.is_err().then(|| encode(values));
    finish_with(result, success_to, kept)
}

/// [`finish`] for a form whose success is a report worth showing (how many rows of a batch
/// were saved, which failed and why): a plain form post goes back with the report in the
/// address, where [`use_form_result`] reads it.
#[cfg(feature = "ssr")]
pub fn finish_reporting<T: serde::Serialize>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let (Ok(report), Some(back)) = (&result, plain_form_post_origin()) {
        let sep = if back.contains('?') { '&' } else { '?' };
        leptos_axum::redirect(&format!(
            "{back}{sep}{FORM_RESULT_PARAM}={}",
            encode(report)
        ));
        return result;
    }
    finish(result, None)
}

/// For a plain form post to a server function, the address of the page that sent it (without
/// what an earlier post left in it).
#[cfg(feature = "ssr")]
fn plain_form_post_origin() -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    if !parts.uri.path().starts_with("/fn/") || !is_plain_form_post() {
        return None;
    }
    let referer = parts
        .headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok());
    Some(
        referer
            .map(without_form_error)
            .unwrap_or_else(|| "/".to_owned()),
    )
}

#[cfg(feature = "ssr")]
fn finish_with<T>(
    result: Result<T, AppError>,
    success_to: Option<&str>,
    kept_values: Option<String>,
) -> Result<T, AppError> {
    use axum::http::header::REFERER;
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return result;
    };
    // A server function called while rendering a page (by a resource) must change neither the
    // page's status nor where it goes: only a request to the function itself is answered here.
    if !parts.uri.path().starts_with("/fn/") {
        return result;
    }
    let back = parts
        .headers
        .get(REFERER)
        .and_then(|v| v.to_str().ok())
        .map(without_form_error)
        .unwrap_or_else(|| "/".to_owned());
    match (&result, success_to) {
        (Ok(_), Some(to)) => leptos_axum::redirect(to),
        (Ok(_), None) if is_plain_form_post() => leptos_axum::redirect(&back),
        (Err(e), _) if is_plain_form_post() => {
            let sep = if back.contains('?') { '&' } else { '?' };
            let values = kept_values
                .map(|v| format!("&{FORM_VALUES_PARAM}={v}"))
                .unwrap_or_default();
            leptos_axum::redirect(&format!(
                "{back}{sep}{FORM_ERROR_PARAM}={}{values}",
                encode(e)
            ));
        }
        (Err(e), _) => {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>()
                && let Ok(status) = http::StatusCode::from_u16(e.status())
            {
                res.set_status(status);
                if let Some(value) = e.retry_after_header() {
                    res.insert_header(http::header::RETRY_AFTER, value);
                }
            }
        }
        _ => {}
    }
    result
}

/// Whether the server function was called by a plain form post (JavaScript off), which
/// must be answered with a redirect.
#[cfg(feature = "ssr")]
pub fn is_plain_form_post() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// The referring address without a previous `form_error`, and without its origin.
#[cfg(feature = "ssr")]
fn without_form_error(referer: &str) -> String {
    let path = referer
        .find("://")
        .and_then(|i| referer[i + 3..].find('/').map(|j| &referer[i + 3 + j..]))
        .unwrap_or(referer);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| {
            !p.is_empty()
                && !p.starts_with(FORM_ERROR_PARAM)
                && !p.starts_with(FORM_VALUES_PARAM)
                && !p.starts_with(FORM_RESULT_PARAM)
        })
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// A form's submit button: while its request runs it says so (`aria-busy`) and takes no second
/// click. Attributes given with `attr:` land on the button.
#[component]
pub fn SubmitButton<S>(action: ServerAction<S>, children: Children) -> impl IntoView
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let pending = action.pending();
    view! {
        <button type="submit" class="button primary" disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")>
            {children()}
        </button>
    }
}

/// The error to show for a form: the action's latest result once hydrated, else what a plain
/// form post left in the address.
pub fn use_form_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let query = use_query_map();
    Signal::derive(move || {
        action.value().with(|latest| match latest {
            Some(Err(e)) => Some(e.clone()),
            Some(Ok(_)) => None,
            None => query.with(|q| q.get(FORM_ERROR_PARAM).and_then(|v| decode(&v))),
        })
    })
}

/// [`use_form_error`] for one of several forms on a page: the address's error (left by a plain
/// form post) counts only when `address_is_mine`, which the page decides from what the failed
/// post kept in the address.
pub fn use_own_form_error<S>(
    action: ServerAction<S>,
    address_is_mine: bool,
) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let error = use_form_error(action);
    Signal::derive(move || {
        if action.value().with(Option::is_none) && !address_is_mine {
            None
        } else {
            error.get()
        }
    })
}

/// The report of a form's latest success: the action's own once hydrated, else what a plain
/// form post left in the address (see [`finish_reporting`]).
pub fn use_form_result<S>(action: ServerAction<S>) -> Signal<Option<S::Output>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
{
    let query = use_query_map();
    Signal::derive(move || {
        action.value().with(|latest| match latest {
            Some(Ok(report)) => Some(report.clone()),
            Some(Err(_)) => None,
            None => query.with(|q| q.get(FORM_RESULT_PARAM).and_then(|v| decode(&v))),
        })
    })
}

/// A form behind a disclosure button (`<details>`): open while it has an error to show, emptied
/// and closed once saved, ready for the next. Answers the form's node (give it to the
/// `ActionForm`) and whether the disclosure is open.
pub fn use_disclosed_form<S>(
    action: ServerAction<S>,
    error: Signal<Option<AppError>>,
) -> (NodeRef<leptos::html::Form>, RwSignal<bool>)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let form = NodeRef::<leptos::html::Form>::new();
    let open = RwSignal::new(error.with_untracked(Option::is_some));
    Effect::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            if let Some(form) = form.get() {
                form.reset();
            }
            open.set(false);
        } else if error.with(Option::is_some) {
            open.set(true);
        }
    });
    (form, open)
}

/// What a failed plain form post had typed (see [`finish_keeping`]), to fill the form again.
pub fn use_form_values<T: serde::de::DeserializeOwned>() -> Option<T> {
    use_query_map().with_untracked(|q| q.get(FORM_VALUES_PARAM).and_then(|v| decode(&v)))
}

/// The translated messages for one field of a form error.
#[component]
pub fn FieldErrors(error: Signal<Option<AppError>>, #[prop(into)] field: String) -> impl IntoView {
    let i18n = use_i18n();
    let name = field.clone();
    let messages = move || {
        let codes: Vec<FieldError> = error
            .get()
            .map(|e| e.field_errors().remove(&name).unwrap_or_default())
            .unwrap_or_default();
        codes
            .into_iter()
            .map(|c| crate::error::field_message(i18n.get_locale(), c))
            .collect::<Vec<_>>()
    };
    view! {
        <For each=messages key=|m| *m let:message>
            <p class="field-error" role="alert" data-field=field.clone()>{message}</p>
        </For>
    }
}

/// The translated summary of a form error (no message when the error is only about fields).
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().filter(|e| !matches!(e, AppError::Invalid { .. })).map(|e| {
            let text = crate::error::message(i18n.get_locale(), &e);
            view! { <div class="alert alert-error" role="alert" data-error=e.code()>{text}</div> }
        })
    }
}

#[cfg(test)]
#[cfg(feature = "ssr")]
mod tests {
    use super::*;

    #[test]
    fn errors_survive_the_address_bar() {
        let e = AppError::field("email", FieldError::Required);
        assert_eq!(decode::<AppError>(&encode(&e)), Some(e));
        assert_eq!(decode::<AppError>("%%%"), None);
    }

    #[test]
    fn referer_loses_its_origin_and_old_error() {
        assert_eq!(
            without_form_error("http://h:3000/login?form_error=abc"),
            "/login"
        );
        assert_eq!(
            without_form_error("http://h/admin/users?page=2&form_error=x"),
            "/admin/users?page=2"
        );
        assert_eq!(
            without_form_error("/vehicles/new?form_error=x&form_values=y"),
            "/vehicles/new"
        );
        assert_eq!(without_form_error("/profile"), "/profile");
    }
}

/// A labelled text input named `form[name]`, with its errors.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    value: String,
    error: Signal<Option<AppError>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] placeholder: &'static str,
    #[prop(default = None)] hint: Option<String>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] input_type: Option<&'static str>,
) -> impl IntoView {
    let invalid = move || {
        error
            .with(|e| {
                e.as_ref()
                    .is_some_and(|e| e.field_errors().contains_key(name))
            })
            .then_some("true")
    };
    view! {
        <label class="field" data-field=name>
            <span>{label} {required.then_some(" *")}</span>
            <input
                type=input_type.unwrap_or("text")
                name=format!("form[{name}]")
                value=value
                required=required
                placeholder=placeholder
                maxlength=maxlength
                list=list
                inputmode=inputmode
                aria-invalid=invalid
            />
            {hint.map(|h| view! { <small class="hint">{h}</small> })}
            <FieldErrors error field=name />
        </label>
    }
}

/// A labelled select named `form[name]`; optional ones start with an empty choice.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    value: String,
    error: Signal<Option<AppError>>,
    required: bool,
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <label class="field" data-field=name>
            <span>{label} {required.then_some(" *")}</span>
            <select name=format!("form[{name}]") required=required>
                <option value="" selected=value.is_empty()>"—"</option>
                {options
                    .into_iter()
                    .map(|(key, text)| view! { <option value=key selected=value == key>{text}</option> })
                    .collect_view()}
            </select>
            <FieldErrors error field=name />
        </label>
    }
}
