//! `/profile`: account details, preferences and the password form.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{ChangePasswordFn, TIME_ZONES, UpdatePreferencesFn};
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::ui::form::{FieldErrors, FormError, use_form_error};
use crate::ui::{use_current_user, use_toasts};
use leptos_i18n::Locale as _;

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    view! {
        <Title text=t_string!(i18n, profile.title).to_string() />
        <h1>{t!(i18n, profile.title)}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move { user.await.map(|user| view! { <Profile user /> }) })}
        </Suspense>
    }
}

/// The account card and the two forms.
#[component]
fn Profile(user: crate::auth::CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let must_change = user.must_change_password;
    view! {
        {must_change.then(|| view! {
            <p class="alert alert-warning" role="alert" data-testid="must-change-password">{t!(i18n, profile.must_change)}</p>
        })}
        <div class="grid-2">
            <section class="card">
                <h2>{t!(i18n, profile.account)}</h2>
                <dl class="facts">
                    <dt>{t!(i18n, profile.name)}</dt>
                    <dd>{user.full_name.clone()}</dd>
                    <dt>{t!(i18n, profile.email)}</dt>
                    <dd>{user.email.clone()}</dd>
                    <dt>{t!(i18n, profile.company)}</dt>
                    <dd>{user.tenant_name.clone()}</dd>
                </dl>
            </section>
            <PreferencesForm locale=user.locale.clone() time_zone=user.time_zone.clone() />
            <PasswordForm must_change />
        </div>
    }
}

#[component]
fn PreferencesForm(locale: String, time_zone: String) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<UpdatePreferencesFn>::new();
    let error = use_form_error(action);
    Effect::new(move |_| {
        if let Some(Ok(saved)) = action.value().get() {
            if let Some(locale) = crate::language::locale_from_code(&saved.locale) {
                i18n.set_locale(locale);
            }
            toasts.success(t_string!(i18n, profile.preferences_saved));
        }
    });
    let mut zones: Vec<String> = TIME_ZONES.iter().map(|z| (*z).to_owned()).collect();
    if !zones.contains(&time_zone) {
        zones.insert(0, time_zone.clone());
    }
    view! {
        <section class="card">
            <h2>{t!(i18n, profile.preferences)}</h2>
            <FormError error />
            <ActionForm action attr:class="form" attr:data-testid="preferences-form">
                <label class="field">
                    <span>{t!(i18n, profile.language)}</span>
                    <select name="locale">
                        {Locale::get_all()
                            .iter()
                            .map(|&l| {
                                let code = crate::language::code(l);
                                view! {
                                    <option value=code selected=code == locale>
                                        {crate::ui::language_name(l)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <FieldErrors error field="locale" />
                </label>
                <label class="field">
                    <span>{t!(i18n, profile.time_zone)}</span>
                    <select name="time_zone">
                        {zones
                            .into_iter()
                            .map(|z| {
                                let selected = z == time_zone;
                                let value = z.clone();
                                view! { <option value=value selected=selected>{z}</option> }
                            })
                            .collect_view()}
                    </select>
                    <FieldErrors error field="time_zone" />
                </label>
                <button type="submit" class="button primary">{t!(i18n, common.save)}</button>
            </ActionForm>
        </section>
    }
}

/// The password form. After a one-time password (`must_change`) is replaced, the whole
/// application opens: the browser loads the dashboard afresh with the new session.
#[component]
fn PasswordForm(must_change: bool) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<ChangePasswordFn>::new();
    let error = use_form_error(action);
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            toasts.success(t_string!(i18n, profile.password_changed));
            if let Some(form) = form.get() {
                form.reset();
            }
            if must_change {
                let _ = window().location().set_href("/");
            }
        }
    });
    view! {
        <section class="card">
            <h2>{t!(i18n, profile.password_section)}</h2>
            <FormError error />
            <ActionForm action node_ref=form attr:class="form" attr:data-testid="password-form">
                <label class="field">
                    <span>{t!(i18n, profile.current_password)}</span>
                    <input type="password" name="current_password" autocomplete="current-password" />
                    <FieldErrors error field="current_password" />
                </label>
                <label class="field">
                    <span>{t!(i18n, profile.new_password)}</span>
                    <input type="password" name="new_password" autocomplete="new-password" />
                    <FieldErrors error field="new_password" />
                </label>
                <label class="field">
                    <span>{t!(i18n, profile.confirm_password)}</span>
                    <input type="password" name="confirm_password" autocomplete="new-password" />
                    <FieldErrors error field="confirm_password" />
                </label>
                <button type="submit" class="button primary">{t!(i18n, profile.change_password)}</button>
            </ActionForm>
        </section>
    }
}
