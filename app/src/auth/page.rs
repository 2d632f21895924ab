//! The sign-in page. A plain form: it works with JavaScript off.

use leptos::prelude::*;
use leptos_meta::Title;

use super::LoginFn;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::form::{FieldErrors, FormError, use_form_error};
use crate::ui::{LocaleSwitch, ThemeToggle};

/// `/login`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<LoginFn>::new();
    let error = use_form_error(login);
    Effect::new(move |_| {
        if let Some(Ok(locale)) = login.value().get()
            && let Some(locale) = crate::language::locale_from_code(&locale)
        {
            i18n.set_locale(locale);
        }
    });
    view! {
        <Title text=t_string!(i18n, auth.title).to_string() />
        <div class="auth-page">
            <div class="auth-tools">
                <LocaleSwitch />
                <ThemeToggle />
            </div>
            <main class="auth-card">
                <div class="brand">
                    <img class="brand-mark" src="/favicon.svg" alt="" width="28" height="28" />
                    <span class="brand-name">{t!(i18n, common.app_name)}</span>
                </div>
                <p class="muted">{t!(i18n, common.tagline)}</p>
                <h1>{t!(i18n, auth.heading)}</h1>
                <FormError error />
                <ActionForm action=login attr:class="form" attr:data-testid="login-form">
                    <label class="field">
                        <span>{t!(i18n, auth.email)}</span>
                        <input type="email" name="email" autocomplete="username" required autofocus />
                        <FieldErrors error field="email" />
                    </label>
                    <label class="field">
                        <span>{t!(i18n, auth.password)}</span>
                        <input type="password" name="password" autocomplete="current-password" required />
                        <FieldErrors error field="password" />
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" name="remember" value="on" />
                        <span>{t!(i18n, auth.remember)}</span>
                    </label>
                    <button type="submit" class="button primary" disabled=move || login.pending().get()>
                        {t!(i18n, auth.submit)}
                    </button>
                </ActionForm>
            </main>
        </div>
    }
}
