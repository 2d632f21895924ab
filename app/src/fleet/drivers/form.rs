//! `/drivers/new` and `/drivers/{id}/edit`: one set of fields, two actions. Plain form posts
//! without JavaScript; field errors next to their fields either way.

use leptos::prelude::*;
use leptos_meta::Title;

use super::labels::{column_label, status_label};
use super::{
    CreateDriverFn, DriverColumn, DriverFacets, DriverForm, DriverStatus, LICENCE_CATEGORIES,
    UpdateDriverFn, driver_facets_fn, get_driver_fn,
};
use crate::error::AppError;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::once::FormKeyField;
use crate::ui::form::{
    FieldErrors, FormError, SelectField, SubmitButton, TextField, use_form_error, use_form_values,
};
use crate::ui::{for_id, id_param};

/// Registering a driver.
#[component]
pub fn NewDriverPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateDriverFn>::new();
    let error = use_form_error(create);
    let facets = Resource::new(|| (), |_| driver_facets_fn());
    // After a failed post without JavaScript, what was typed comes back with the errors.
    let typed = StoredValue::new(use_form_values::<DriverForm>());
    view! {
        <Title text=t_string!(i18n, drivers.new).to_string() />
        <p><a href="/drivers">"← " {t!(i18n, drivers.back_to_list)}</a></p>
        <h1>{t!(i18n, drivers.new)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let facets = facets.await.unwrap_or_default();
                view! {
                    <ActionForm action=create attr:class="form driver-form" attr:data-testid="driver-form">
                        <FormKeyField action=create />
                        <FormError error />
                        <DriverFields initial=typed.get_value().unwrap_or_default() facets error />
                        <div class="form-actions">
                            <SubmitButton action=create attr:data-testid="save-driver">{t!(i18n, drivers.create)}</SubmitButton>
                            <a class="button ghost" href="/drivers">{t!(i18n, common.cancel)}</a>
                        </div>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}

/// Editing a driver.
#[component]
pub fn EditDriverPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let update = ServerAction::<UpdateDriverFn>::new();
    let error = use_form_error(update);
    let driver = Resource::new(move || id.get(), |id| for_id(id, get_driver_fn));
    let facets = Resource::new(|| (), |_| driver_facets_fn());
    let typed = StoredValue::new(use_form_values::<DriverForm>());
    view! {
        <Title text=t_string!(i18n, drivers.edit).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let facets = facets.await.unwrap_or_default();
                match driver.await {
                    Ok(d) => {
                        let back = format!("/drivers/{}", d.id.0);
                        view! {
                            <p><a href=back.clone()>"← " {d.full_name.clone()}</a></p>
                            <h1>{t!(i18n, drivers.edit)} " " {d.full_name.clone()}</h1>
                            <ActionForm action=update attr:class="form driver-form" attr:data-testid="driver-form">
                                <input type="hidden" name="id" value=d.id.0.to_string() />
                                <FormError error />
                                <DriverFields initial=typed.get_value().unwrap_or_else(|| DriverForm::from(&d)) facets error />
                                <div class="form-actions">
                                    <button type="submit" class="button primary" data-testid="save-driver">{t!(i18n, common.save)}</button>
                                    <a class="button ghost" href=back>{t!(i18n, common.cancel)}</a>
                                </div>
                            </ActionForm>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Every field of a driver, named `form[…]` for the server function, with its errors.
#[component]
fn DriverFields(
    initial: DriverForm,
    facets: DriverFacets,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let f = initial.clone();
        let label = move |c: DriverColumn| column_label(l, c);
        let accounts: Vec<(String, String)> = facets
            .accounts
            .iter()
            .map(|a| {
                (
                    a.user_id.to_string(),
                    format!("{} ({})", a.full_name, a.email),
                )
            })
            .collect();
        let categories_hint = format!(
            "{}: {}",
            td_string!(l, drivers.categories_hint),
            LICENCE_CATEGORIES.join(" ")
        );
        view! {
            <fieldset class="form-section">
                <legend>{t!(i18n, drivers.sections.person)}</legend>
                <div class="form-grid">
                    <TextField label=label(DriverColumn::Name) name="full_name" value=f.full_name.clone() error required=true />
                    <TextField label=label(DriverColumn::EmployeeNumber) name="employee_number" value=f.employee_number.clone() error required=true />
                    <TextField label=label(DriverColumn::Phone) name="phone" value=f.phone.clone() error input_type="tel" />
                    <TextField label=td_string!(l, drivers.fields.email) name="email" value=f.email.clone() error input_type="email" />
                    <TextField label=td_string!(l, drivers.fields.hire_date) name="hire_date" value=f.hire_date.clone() error input_type="date" />
                    <TextField label=label(DriverColumn::Department) name="department" value=f.department.clone() error list="driver-departments" />
                    <label class="field" data-field="user_id">
                        <span>{td_string!(l, drivers.fields.user_id)}</span>
                        <select name="form[user_id]">
                            <option value="" selected=f.user_id.is_empty()>{td_string!(l, drivers.no_account)}</option>
                            {accounts
                                .into_iter()
                                .map(|(id, text)| {
                                    let selected = id == f.user_id;
                                    view! { <option value=id selected=selected>{text}</option> }
                                })
                                .collect_view()}
                        </select>
                        <small class="hint">{td_string!(l, drivers.account_hint)}</small>
                        <FieldErrors error field="user_id" />
                    </label>
                    <SelectField label=label(DriverColumn::Status) name="status" value=f.status.clone() error required=false
                        options=DriverStatus::ALL.iter().map(|s| (s.as_str(), status_label(l, *s))).collect() />
                </div>
            </fieldset>
            <fieldset class="form-section">
                <legend>{t!(i18n, drivers.sections.papers)}</legend>
                <div class="form-grid">
                    <TextField label=td_string!(l, drivers.fields.licence_number) name="licence_number" value=f.licence_number.clone() error />
                    <TextField label=label(DriverColumn::Categories) name="licence_categories" value=f.licence_categories.clone() error
                        placeholder="B, C, CE" hint=Some(categories_hint) />
                    <TextField label=label(DriverColumn::LicenceExpiry) name="licence_expiry" value=f.licence_expiry.clone() error input_type="date" />
                    <TextField label=label(DriverColumn::MedicalExpiry) name="medical_expiry" value=f.medical_expiry.clone() error input_type="date" />
                </div>
            </fieldset>
            <fieldset class="form-section">
                <legend>{t!(i18n, drivers.sections.other)}</legend>
                <div class="form-grid">
                    <TextField label=td_string!(l, drivers.fields.languages) name="languages" value=f.languages.clone() error
                        hint=Some(td_string!(l, drivers.languages_hint).to_owned()) />
                </div>
                <label class="field">
                    <span>{td_string!(l, drivers.fields.notes)}</span>
                    <textarea name="form[notes]" rows="3">{f.notes.clone()}</textarea>
                    <FieldErrors error field="notes" />
                </label>
            </fieldset>
            <datalist id="driver-departments">
                {facets.departments.iter().map(|d| view! { <option value=d.clone()></option> }).collect_view()}
            </datalist>
        }
    }
}
