//! `/vehicles/new` and `/vehicles/{id}/edit`: one set of fields, two actions. Plain form posts
//! without JavaScript; field errors next to their fields either way.

use leptos::prelude::*;
use leptos_meta::Title;

use super::labels::{body_label, column_label, fuel_label, transmission_label};
use super::plate::plate_example;
use super::{
    BodyType, CURRENCIES, CreateVehicleFn, FuelType, Transmission, UpdateVehicleFn, VehicleColumn,
    VehicleForm, get_vehicle_fn, vehicle_facets_fn,
};
use crate::error::AppError;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::once::FormKeyField;
use crate::tenant::tenant_profile_fn;
use crate::ui::form::{
    FieldErrors, FormError, SelectField, SubmitButton, TextField, use_form_error, use_form_values,
};
use crate::ui::{for_id, id_param};

/// Registering a vehicle.
#[component]
pub fn NewVehiclePage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateVehicleFn>::new();
    let error = use_form_error(create);
    let tenant = Resource::new(|| (), |_| tenant_profile_fn());
    // After a failed post without JavaScript, what was typed comes back with the errors.
    let typed = StoredValue::new(use_form_values::<VehicleForm>());
    view! {
        <Title text=t_string!(i18n, vehicles.new).to_string() />
        <p><a href="/vehicles">"← " {t!(i18n, vehicles.back_to_list)}</a></p>
        <h1>{t!(i18n, vehicles.new)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let tenant = tenant.await;
                let (country, currency) = tenant.map(|t| (t.country, t.currency)).unwrap_or_default();
                let initial = typed.get_value().unwrap_or(VehicleForm { purchase_currency: currency, ..Default::default() });
                view! {
                    <ActionForm action=create attr:class="form vehicle-form" attr:data-testid="vehicle-form">
                        <FormKeyField action=create />
                        <FormError error />
                        <VehicleFields initial country error />
                        <div class="form-actions">
                            <SubmitButton action=create attr:data-testid="save-vehicle">{t!(i18n, vehicles.create)}</SubmitButton>
                            <a class="button ghost" href="/vehicles">{t!(i18n, common.cancel)}</a>
                        </div>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}

/// Editing a vehicle's details.
#[component]
pub fn EditVehiclePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let update = ServerAction::<UpdateVehicleFn>::new();
    let error = use_form_error(update);
    let vehicle = Resource::new(move || id.get(), |id| for_id(id, get_vehicle_fn));
    let tenant = Resource::new(|| (), |_| tenant_profile_fn());
    let typed = StoredValue::new(use_form_values::<VehicleForm>());
    view! {
        <Title text=t_string!(i18n, vehicles.edit).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let country = tenant.await.map(|t| t.country).unwrap_or_default();
                match vehicle.await {
                    Ok(v) => {
                        let back = format!("/vehicles/{}", v.id.0);
                        view! {
                            <p><a href=back.clone()>"← " {v.plate.clone()}</a></p>
                            <h1>{t!(i18n, vehicles.edit)} " " <span class="plate">{v.plate.clone()}</span></h1>
                            <ActionForm action=update attr:class="form vehicle-form" attr:data-testid="vehicle-form">
                                <input type="hidden" name="id" value=v.id.0.to_string() />
                                <FormError error />
                                <VehicleFields initial=typed.get_value().unwrap_or_else(|| VehicleForm::from(&v)) country error />
                                <div class="form-actions">
                                    <button type="submit" class="button primary" data-testid="save-vehicle">{t!(i18n, common.save)}</button>
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

/// Every field of a vehicle, named `form[…]` for the server function, with its errors.
#[component]
fn VehicleFields(
    initial: VehicleForm,
    country: String,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let facets = Resource::new(|| (), |_| vehicle_facets_fn());
    let example = plate_example(&country);
    move || {
        let l = i18n.get_locale();
        let f = initial.clone();
        let label = move |c: VehicleColumn| column_label(l, c);
        view! {
            <fieldset class="form-section">
                <legend>{t!(i18n, vehicles.sections.identity)}</legend>
                <div class="form-grid">
                    <TextField label=label(VehicleColumn::Plate) name="plate" value=f.plate.clone() error required=true
                        placeholder=example hint=(!example.is_empty()).then(|| format!("{}: {example}", t_string!(i18n, vehicles.plate_format))) />
                    <TextField label=label(VehicleColumn::Vin) name="vin" value=f.vin.clone() error maxlength=17 />
                    <TextField label=label(VehicleColumn::Brand) name="brand" value=f.brand.clone() error required=true list="vehicle-brands" />
                    <TextField label=label(VehicleColumn::Model) name="model" value=f.model.clone() error required=true />
                    <TextField label=label(VehicleColumn::Year) name="year" value=f.year.clone() error required=true inputmode="numeric" />
                    <TextField label=label(VehicleColumn::Color) name="color" value=f.color.clone() error />
                </div>
            </fieldset>
            <fieldset class="form-section">
                <legend>{t!(i18n, vehicles.sections.specs)}</legend>
                <div class="form-grid">
                    <SelectField label=label(VehicleColumn::BodyType) name="body_type" value=f.body_type.clone() error required=true
                        options=BodyType::ALL.iter().map(|b| (b.as_str(), body_label(l, *b))).collect() />
                    <SelectField label=label(VehicleColumn::FuelType) name="fuel_type" value=f.fuel_type.clone() error required=true
                        options=FuelType::ALL.iter().map(|b| (b.as_str(), fuel_label(l, *b))).collect() />
                    <TextField label=td_string!(l, vehicles.fields.engine_volume) name="engine_volume" value=f.engine_volume.clone() error inputmode="decimal" />
                    <TextField label=td_string!(l, vehicles.fields.tank_capacity) name="tank_capacity" value=f.tank_capacity.clone() error inputmode="decimal"
                        hint=Some(td_string!(l, vehicles.tank_capacity_hint).to_owned()) />
                    <SelectField label=label(VehicleColumn::Transmission) name="transmission" value=f.transmission.clone() error required=false
                        options=Transmission::ALL.iter().map(|b| (b.as_str(), transmission_label(l, *b))).collect() />
                    <TextField label=label(VehicleColumn::Seats) name="seats" value=f.seats.clone() error inputmode="numeric" />
                </div>
            </fieldset>
            <fieldset class="form-section">
                <legend>{t!(i18n, vehicles.sections.purchase)}</legend>
                <div class="form-grid">
                    <TextField label=label(VehicleColumn::PurchaseDate) name="purchase_date" value=f.purchase_date.clone() error input_type="date" />
                    <TextField label=td_string!(l, vehicles.fields.purchase_price) name="purchase_price" value=f.purchase_price.clone() error inputmode="decimal" />
                    <SelectField label=td_string!(l, vehicles.fields.purchase_currency) name="purchase_currency" value=f.purchase_currency.clone() error required=true
                        options=CURRENCIES.iter().map(|c| (*c, *c)).collect() />
                </div>
            </fieldset>
            <fieldset class="form-section">
                <legend>{t!(i18n, vehicles.sections.organisation)}</legend>
                <div class="form-grid">
                    <TextField label=label(VehicleColumn::Department) name="department" value=f.department.clone() error list="vehicle-departments" />
                </div>
                <label class="field">
                    <span>{td_string!(l, vehicles.fields.notes)}</span>
                    <textarea name="form[notes]" rows="3">{f.notes.clone()}</textarea>
                    <FieldErrors error field="notes" />
                </label>
            </fieldset>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let facets = facets.await.unwrap_or_default();
                    view! {
                        <datalist id="vehicle-brands">
                            {facets.brands.into_iter().map(|b| view! { <option value=b></option> }).collect_view()}
                        </datalist>
                        <datalist id="vehicle-departments">
                            {facets.departments.into_iter().map(|d| view! { <option value=d></option> }).collect_view()}
                        </datalist>
                    }
                })}
            </Suspense>
        }
    }
}
