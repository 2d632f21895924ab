//! The light/dark theme: remembered in a cookie so the server renders the right one (no flash),
//! switched by a small form that works without JavaScript.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{t_string, use_i18n};

/// The cookie that remembers the theme; without it the browser's preference applies.
pub const THEME_COOKIE: &str = "fc_theme";

/// A colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// The value of `<html data-theme>` and of the cookie.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }
}

#[derive(Clone, Copy)]
struct ThemeSignal(RwSignal<Option<Theme>>);

/// The current theme (`None`: follow the browser), provided once by the document.
pub fn use_theme() -> RwSignal<Option<Theme>> {
    if let Some(ThemeSignal(s)) = use_context() {
        return s;
    }
    let signal = RwSignal::new(theme_cookie().as_deref().and_then(Theme::parse));
    provide_context(ThemeSignal(signal));
    signal
}

/// The theme cookie of the request being rendered.
#[cfg(feature = "ssr")]
fn theme_cookie() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    crate::auth::ctx::cookie(&parts.headers, THEME_COOKIE).map(str::to_owned)
}

/// The theme cookie as the browser holds it (the same value the server rendered with).
#[cfg(not(feature = "ssr"))]
fn theme_cookie() -> Option<String> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?
        .document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?;
    let cookies = document.cookie().ok()?;
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == THEME_COOKIE)
        .map(|(_, v)| v.to_owned())
}

/// Remembers the theme. Public: the sign-in page has the toggle too.
#[server(prefix = "/fn", endpoint = "ui/theme")]
pub async fn set_theme_fn(theme: Theme) -> Result<Theme, AppError> {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(cookie) = http::HeaderValue::from_str(&format!(
            "{THEME_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            theme.as_str()
        ))
    {
        res.append_header(http::header::SET_COOKIE, cookie);
    }
    crate::ui::form::finish(Ok(theme), None)
}

/// The light/dark switch in the top bar.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let i18n = use_i18n();
    let theme = use_theme();
    let action = ServerAction::<SetThemeFn>::new();
    let next = move || {
        if theme.get() == Some(Theme::Dark) {
            Theme::Light
        } else {
            Theme::Dark
        }
    };
    Effect::new(move |_| {
        if let Some(Ok(chosen)) = action.value().get() {
            theme.set(Some(chosen));
        }
    });
    let label = move || match next() {
        Theme::Dark => t_string!(i18n, common.topbar.theme_dark),
        Theme::Light => t_string!(i18n, common.topbar.theme_light),
    };
    view! {
        <ActionForm action attr:class="theme-toggle">
            <button
                type="submit"
                name="theme"
                value=move || next().as_str()
                class="icon-button"
                title=label
                aria-label=label
                data-testid="theme-toggle"
            >
                {move || {
                    let name = if next() == Theme::Dark { crate::ui::IconName::Moon } else { crate::ui::IconName::Sun };
                    view! { <crate::ui::Icon name /> }
                }}
            </button>
        </ActionForm>
    }
}
