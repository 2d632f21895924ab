//! `/mileage`: bulk entry. One row per vehicle in service (a department at a time, or a
//! driver's own vehicles), a box for the new reading, one time and source for all; rows that
//! fail show their own errors and keep what was typed, the others are saved, and a summary says
//! how many of each.

use leptos::prelude::*;
use leptos_meta::Title;

use super::model::{BulkOutcome, EntryPage, EntryQuery, EntryVehicle, MileageSource};
use super::panel::source_label;
use super::{RecordBulkFn, entry_page_fn};
use crate::error::{FieldError, field_message};
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::form::{FormError, use_form_error, use_form_result};
use crate::ui::{Pager, format, use_address_params};

#[component]
pub fn MileageEntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<RecordBulkFn>::new();
    let params = use_address_params();
    let page = Resource::new(
        move || (params.with(EntryQuery::from_params), save.version().get()),
        |(query, _)| entry_page_fn(query),
    );
    view! {
        <Title text=move || td_string!(i18n.get_locale(), mileage.entry_title).to_owned() />
        <h1>{t!(i18n, mileage.entry_title)}</h1>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Entry page action=save /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Entry(page: EntryPage, action: ServerAction<RecordBulkFn>) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let error = use_form_error(action);
    let outcome = use_form_result(action);
    let department = params.with_untracked(|p| p.get("department").unwrap_or_default().to_owned());
    move || {
        let l = i18n.get_locale();
        let outcome = outcome.get();
        let sources = MileageSource::ALL
            .iter()
            .map(|s| view! { <option value=s.as_str()>{source_label(l, *s)}</option> })
            .collect_view();
        let rows = page
            .vehicles
            .items
            .iter()
            .enumerate()
            .map(|(i, v)| view! { <EntryRow index=i vehicle=v.clone() outcome=outcome.clone() /> })
            .collect_view();
        view! {
            {(!page.own_only).then(|| view! { <DepartmentFilter departments=page.departments.clone() current=department.clone() /> })}
            {page.own_only.then(|| view! { <p class="muted">{td_string!(l, mileage.own_only)}</p> })}
            {outcome.as_ref().map(|o| view! { <Summary outcome=o.clone() /> })}
            <FormError error />
            {if page.vehicles.items.is_empty() {
                view! { <section class="card empty-state" data-testid="entry-empty"><p>{td_string!(l, mileage.no_vehicles)}</p></section> }.into_any()
            } else {
                view! {
                    <ActionForm action attr:class="form bulk-entry" attr:data-testid="bulk-form">
                        <section class="card">
                            <div class="form-grid">
                                <label class="field">
                                    <span>{td_string!(l, mileage.recorded_at)}</span>
                                    <input type="datetime-local" name="form[recorded_at]" />
                                    <small class="hint">{td_string!(l, mileage.recorded_at_hint)}</small>
                                </label>
                                <label class="field">
                                    <span>{td_string!(l, mileage.source)}</span>
                                    <select name="form[source]">{sources}</select>
                                </label>
                            </div>
                        </section>
                        <section class="card table-wrap">
                            <table class="data-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{td_string!(l, vehicles.fields.plate)}</th>
                                        <th scope="col">{td_string!(l, vehicles.fields.model)}</th>
                                        <th scope="col">{td_string!(l, vehicles.fields.department)}</th>
                                        <th scope="col" class="num">{td_string!(l, mileage.current)}</th>
                                        <th scope="col">{td_string!(l, mileage.last_reading)}</th>
                                        <th scope="col">{td_string!(l, mileage.new_reading)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </section>
                        <div class="form-actions">
                            <button type="submit" class="button primary" data-testid="bulk-save">{td_string!(l, mileage.save_all)}</button>
                        </div>
                    </ActionForm>
                }
                .into_any()
            }}
            <Pager page=page.vehicles.page pages=page.vehicles.pages() total=format::number(l, page.vehicles.total) params=params.get() path="/mileage" />
        }
    }
}

/// One vehicle's row; a failed row shows its errors and what was typed, and a confirmation box
/// if the reading was abnormal.
#[component]
fn EntryRow(index: usize, vehicle: EntryVehicle, outcome: Option<BulkOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let id = vehicle.id.to_string();
    let failure = outcome.as_ref().and_then(|o| o.failure(&id)).cloned();
    let l = i18n.get_locale();
    let codes: Vec<FieldError> = failure
        .as_ref()
        .map(|f| f.errors.values().flatten().copied().collect())
        .unwrap_or_default();
    let abnormal = codes.contains(&FieldError::MileageAbnormal);
    let name = |field: &str| format!("form[rows][{index}][{field}]");
    view! {
        <tr data-testid="entry-row" data-plate=vehicle.plate.clone() data-failed=failure.is_some().then_some("true")>
            <th scope="row"><a class="plate" href=format!("/vehicles/{id}/mileage")>{vehicle.plate.clone()}</a></th>
            <td>{format!("{} {}", vehicle.brand, vehicle.model)}</td>
            <td>{vehicle.department.clone().unwrap_or_default()}</td>
            <td class="num nowrap" data-testid="entry-current" data-km=vehicle.current_mileage>{format::number(l, vehicle.current_mileage)}</td>
            <td class="nowrap">{vehicle.last_reading_at.map(|at| format::date(l, at.date_naive())).unwrap_or_else(|| "—".into())}</td>
            <td>
                <input type="hidden" name=name("vehicle") value=id.clone() />
                <input type="text" inputmode="numeric" name=name("value") class="reading-input" aria-invalid=failure.is_some().then_some("true")
                    aria-label=format!("{} {}", td_string!(l, mileage.new_reading), vehicle.plate)
                    value=failure.as_ref().map(|f| f.value.clone()).unwrap_or_default() data-testid="entry-value" />
                {codes.iter().map(|c| view! { <p class="field-error" role="alert">{field_message(l, *c)}</p> }).collect_view()}
                {abnormal.then(|| view! {
                    <label class="checkbox">
                        <input type="checkbox" name=name("confirm") value="true" data-testid="entry-confirm" />
                        <span>{td_string!(l, mileage.confirm_abnormal)}</span>
                    </label>
                })}
            </td>
        </tr>
    }
}

/// How the last save went.
#[component]
fn Summary(outcome: BulkOutcome) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let text = td_string!(l, mileage.bulk_summary)
            .replace("{saved}", &format::number(l, outcome.saved as i64))
            .replace("{failed}", &format::number(l, outcome.failed.len() as i64));
        let status = if outcome.failed.is_empty() {
            "success"
        } else {
            "warning"
        };
        view! { <p class="notice" data-status=status role="status" data-testid="bulk-summary">{text}</p> }
    }
}

/// The department filter: a plain GET form, so it works without JavaScript.
#[component]
fn DepartmentFilter(departments: Vec<String>, current: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let options = departments
            .iter()
            .map(|d| view! { <option value=d.clone() selected=*d == current>{d.clone()}</option> })
            .collect_view();
        view! {
            <form method="get" action="/mileage" class="filters card" data-testid="department-filter">
                <label class="field">
                    <span>{td_string!(l, vehicles.fields.department)}</span>
                    <select name="department">
                        <option value="">{td_string!(l, mileage.all_departments)}</option>
                        {options}
                    </select>
                </label>
                <button type="submit" class="button">{td_string!(l, mileage.filter)}</button>
            </form>
        }
    }
}
