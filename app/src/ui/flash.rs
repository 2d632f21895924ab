//! One-time messages across a redirect, for forms posted with JavaScript off: the server
//! function leaves a short-lived HttpOnly cookie, the next render of the page takes it (and
//! clears it). Used where the outcome cannot travel in the address, like a new password.

#![cfg(feature = "ssr")]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

fn set_cookie(name: &str, value: &str, max_age: u32) {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(header) = http::HeaderValue::from_str(&format!(
            "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}"
        ))
    {
        res.append_header(http::header::SET_COOKIE, header);
    }
}

/// Leaves `value` for the next page render (for one minute at most).
pub fn set(name: &str, value: &impl Serialize) {
    if let Ok(json) = serde_json::to_vec(value) {
        set_cookie(name, &URL_SAFE_NO_PAD.encode(json), 60);
    }
}

/// Takes the value left under `name`, if any, and clears it.
pub fn take<T: DeserializeOwned>(name: &str) -> Option<T> {
    let parts = use_context::<http::request::Parts>()?;
    let raw = crate::auth::ctx::cookie(&parts.headers, name)?.to_owned();
    set_cookie(name, "", 0);
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(raw).ok()?).ok()
}
