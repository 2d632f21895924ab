//! The mileage tab: on a vehicle, its figures, the monthly distance chart, the reading form and
//! every reading with its flags (void ones struck through, with their reason); on a driver, the
//! readings they entered. Plain form posts without JavaScript, in-page once hydrated.

use leptos::html;
use leptos::prelude::*;

use super::chart::MonthlyDistance;
use super::model::{MileageSource, MileageStats, Reading, ReadingForm, VoidCause};
use super::{RecordReadingFn, VoidReadingFn, list_readings_fn, vehicle_mileage_fn};
use crate::auth::Permission;
use crate::error::{AppError, FieldError};
use crate::fleet::RecordsOf;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::listing::{PageRequest, Paged};
use crate::once::FormKeyField;
use crate::ui::form::{
    FieldErrors, FormError, SelectField, TextField, use_form_error, use_form_values,
};
use crate::ui::{Pager, format, id_param, toast_results, use_address_params, use_signed_in};

/// `/vehicles/{id}/mileage`.
#[component]
pub fn VehicleMileageTab() -> impl IntoView {
    let id = id_param();
    move || {
        id.get()
            .map(|id| view! { <MileagePanel scope=RecordsOf::Vehicle(id) /> })
    }
}

/// `/drivers/{id}/mileage`: the readings the driver entered.
#[component]
pub fn DriverMileageTab() -> impl IntoView {
    let id = id_param();
    move || {
        id.get()
            .map(|id| view! { <MileagePanel scope=RecordsOf::Driver(id) /> })
    }
}

#[component]
fn MileagePanel(scope: RecordsOf) -> impl IntoView {
    let i18n = use_i18n();
    let record = ServerAction::<RecordReadingFn>::new();
    let void = ServerAction::<VoidReadingFn>::new();
    toast_results(record);
    toast_results(void);
    let params = use_address_params();
    let signed_in = use_signed_in();
    let changes = move || (record.version().get(), void.version().get());
    let readings = Resource::new(
        move || (params.with(PageRequest::from_params), changes()),
        move |(page, _)| list_readings_fn(scope, page),
    );
    let stats = Resource::new(changes, move |_| async move {
        match scope {
            RecordsOf::Vehicle(id) => vehicle_mileage_fn(id).await.map(Some),
            RecordsOf::Driver(_) => Ok(None),
        }
    });
    let path = match scope {
        RecordsOf::Vehicle(id) => format!("/vehicles/{id}/mileage"),
        RecordsOf::Driver(id) => format!("/drivers/{id}/mileage"),
    };
    // The form sits in its own `Suspense`, which does not wait for the readings: it is not
    // rebuilt when they reload, so what was typed survives a refusal (and its confirmation).
    let form = move || {
        let RecordsOf::Vehicle(vehicle) = scope else {
            return None;
        };
        Some(view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    signed_in.can(Permission::MileageRecord).await.then(|| view! { <RecordForm vehicle=vehicle.to_string() action=record /> })
                })}
            </Suspense>
        })
    };
    view! {
        <div class="mileage" data-testid="mileage">
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match stats.await {
                        Ok(Some(stats)) => view! { <Figures stats /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                    }
                })}
            </Suspense>
            {form}
            <Suspense fallback=|| ()>
                {move || {
                    let path = path.clone();
                    Suspend::new(async move {
                        let can_void = signed_in.can(Permission::MileageVoid).await;
                        match readings.await {
                            Ok(page) => view! { <Readings page scope path can_void void /> }.into_any(),
                            Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// The vehicle's current mileage, averages and monthly distance.
#[component]
fn Figures(stats: MileageStats) -> impl IntoView {
    let i18n = use_i18n();
    let months = stats.months.clone();
    move || {
        let l = i18n.get_locale();
        let average = |km: Option<f64>| {
            km.map(|k| {
                format!(
                    "{} {}",
                    format::number(l, k.round() as i64),
                    td_string!(l, vehicles.km)
                )
            })
            .unwrap_or_else(|| "—".into())
        };
        view! {
            <section class="card" data-testid="mileage-figures">
                <dl class="figures">
                    <div><dt>{td_string!(l, mileage.current)}</dt>
                        <dd data-testid="current-mileage" data-km=stats.current_km>{format::number(l, stats.current_km)} " " {td_string!(l, vehicles.km)}</dd></div>
                    <div><dt>{td_string!(l, mileage.per_day)}</dt><dd data-testid="avg-per-day">{average(stats.avg_km_per_day)}</dd></div>
                    <div><dt>{td_string!(l, mileage.per_month)}</dt><dd data-testid="avg-per-month">{average(stats.avg_km_per_month)}</dd></div>
                    <div><dt>{td_string!(l, mileage.readings)}</dt><dd>{format::number(l, stats.readings)}</dd></div>
                </dl>
                <MonthlyDistance months=months.clone() />
            </section>
        }
    }
}

/// Recording a reading. An abnormal one comes back with a confirmation box; sending the form
/// again with it ticked accepts the reading.
#[component]
fn RecordForm(vehicle: String, action: ServerAction<RecordReadingFn>) -> impl IntoView {
    let i18n = use_i18n();
    let error = use_form_error(action);
    let kept = use_form_values::<ReadingForm>().unwrap_or_default();
    let form_ref = NodeRef::<html::Form>::new();
    // Once saved, the form empties for the next reading.
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_)))
            && let Some(form) = form_ref.get()
        {
            form.reset();
        }
    });
    let l = i18n.get_locale();
    let sources = MileageSource::ALL
        .iter()
        .map(|s| (s.as_str(), source_label(l, *s)))
        .collect::<Vec<_>>();
    view! {
        <section class="card">
            <h2>{t!(i18n, mileage.record)}</h2>
            <ActionForm action node_ref=form_ref attr:class="form" attr:data-testid="reading-form">
                <FormKeyField action=action />
                <input type="hidden" name="form[vehicle]" value=vehicle />
                <FormError error />
                <FieldErrors error field="vehicle" />
                <div class="form-grid">
                    <TextField label=td_string!(l, mileage.value) name="value" value=kept.value.clone() error required=true inputmode="numeric" />
                    <TextField label=td_string!(l, mileage.recorded_at) name="recorded_at" value=kept.recorded_at.clone() error input_type="datetime-local"
                        hint=Some(td_string!(l, mileage.recorded_at_hint).to_owned()) />
                    <SelectField label=td_string!(l, mileage.source) name="source" value=if kept.source.is_empty() { "manual".to_owned() } else { kept.source.clone() } error required=true options=sources />
                    <TextField label=td_string!(l, mileage.notes) name="notes" value=kept.notes.clone() error />
                </div>
                <ConfirmAbnormal error field="value" />
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="save-reading">{t!(i18n, common.save)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The box that confirms an odometer value above the daily limit, shown once `field` of the
/// form was refused as abnormal (the reading form's, the maintenance move form's). Ticked, the
/// form sends `confirm` and the value is accepted.
#[component]
pub fn ConfirmAbnormal(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let abnormal = move || {
        error.with(|e| {
            e.as_ref().is_some_and(|e| {
                e.field_errors()
                    .get(field)
                    .is_some_and(|codes| codes.contains(&FieldError::MileageAbnormal))
            })
        })
    };
    view! {
        <Show when=abnormal>
            <label class="checkbox confirm" data-testid="confirm-abnormal">
                <input type="checkbox" name="form[confirm]" value="true" />
                <span>{t!(i18n, mileage.confirm_abnormal)}</span>
            </label>
        </Show>
    }
}

/// A reading source's label.
pub fn source_label(l: Locale, source: MileageSource) -> &'static str {
    match source {
        MileageSource::Manual => td_string!(l, mileage.sources.manual),
        MileageSource::Obd => td_string!(l, mileage.sources.obd),
        MileageSource::Gps => td_string!(l, mileage.sources.gps),
        MileageSource::Fuel => td_string!(l, mileage.sources.fuel),
    }
}

/// Why the system voided a reading, in words.
pub fn cause_label(l: Locale, cause: VoidCause) -> &'static str {
    match cause {
        VoidCause::ExpenseDeleted => td_string!(l, mileage.void_causes.expense_deleted),
    }
}

/// Every reading, latest first, with its flags; void ones struck through with their reason.
#[component]
fn Readings(
    page: Paged<Reading>,
    scope: RecordsOf,
    path: String,
    can_void: bool,
    void: ServerAction<VoidReadingFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        if page.items.is_empty() {
            return view! { <section class="card empty-state" data-testid="readings"><p>{t!(i18n, mileage.empty)}</p></section> }.into_any();
        }
        let rows = page
            .items
            .iter()
            .map(|r| view! { <ReadingRow reading=r.clone() scope can_void void /> })
            .collect_view();
        view! {
            <section class="card" data-testid="readings">
                <h2>{t!(i18n, mileage.history)}</h2>
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, mileage.recorded_at)}</th>
                                {matches!(scope, RecordsOf::Driver(_)).then(|| view! { <th scope="col">{td_string!(l, assignments.vehicle)}</th> })}
                                <th scope="col" class="num">{td_string!(l, mileage.value)}</th>
                                <th scope="col">{td_string!(l, mileage.source)}</th>
                                <th scope="col">{td_string!(l, mileage.flags)}</th>
                                <th scope="col">{td_string!(l, mileage.recorded_by)}</th>
                                <th scope="col">{td_string!(l, mileage.notes)}</th>
                                <th scope="col"></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <Pager page=page.page pages=page.pages() total=format::number(l, page.total) params=params.get() path=path.clone() />
            </section>
        }
        .into_any()
    }
}

#[component]
fn ReadingRow(
    reading: Reading,
    scope: RecordsOf,
    can_void: bool,
    void: ServerAction<VoidReadingFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = reading;
    let voided = r.voided_at.is_some();
    move || {
        let l = i18n.get_locale();
        let flags = view! {
            {voided.then(|| view! { <span class="badge" data-flag="void" data-testid="flag-void">{td_string!(l, mileage.void_badge)}</span> })}
            {r.abnormal.then(|| view! { <span class="badge" data-flag="abnormal" data-testid="flag-abnormal">{td_string!(l, mileage.abnormal)}</span> })}
            {r.unusual.then(|| view! { <span class="badge" data-flag="unusual" data-testid="flag-unusual">{td_string!(l, mileage.unusual)}</span> })}
        };
        view! {
            <tr data-testid="reading-row" data-void=voided.then_some("true") class:voided=voided>
                <td class="nowrap">{format::date_time(l, r.recorded_local)}</td>
                {matches!(scope, RecordsOf::Driver(_)).then(|| view! {
                    <td><a class="plate" href=format!("/vehicles/{}/mileage", r.vehicle_id)>{r.plate.clone()}</a></td>
                })}
                <td class="num nowrap" data-testid="reading-value">{format::number(l, r.value_km)}</td>
                <td>{source_label(l, r.source)}</td>
                <td class="flags">{flags}</td>
                <td>{r.recorded_by_name.clone().unwrap_or_default()}</td>
                <td>
                    {r.notes.clone().unwrap_or_default()}
                    {r.void_reason.clone().or_else(|| r.void_cause.map(|c| cause_label(l, c).to_owned())).map(|reason| view! {
                        <p class="muted" data-testid="void-reason-shown">{td_string!(l, mileage.void_reason)} ": " {reason}</p>
                    })}
                </td>
                <td>{(can_void && !voided).then(|| view! { <VoidForm id=r.id.to_string() action=void /> })}</td>
            </tr>
        }
    }
}

/// Voiding a reading: a reason is required.
#[component]
fn VoidForm(id: String, action: ServerAction<VoidReadingFn>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="menu">
            <summary class="button ghost" data-testid="void-open">{t!(i18n, mileage.void)}</summary>
            <div class="menu-items">
                <ActionForm action attr:class="form" attr:data-testid="void-form">
                    <input type="hidden" name="id" value=id />
                    <label class="field">
                        <span>{t!(i18n, mileage.void_reason)} " *"</span>
                        <input type="text" name="form[reason]" required maxlength="500" data-testid="void-reason" />
                    </label>
                    <button type="submit" class="button danger" data-testid="void-submit">{t!(i18n, mileage.void)}</button>
                </ActionForm>
            </div>
        </details>
    }
}
