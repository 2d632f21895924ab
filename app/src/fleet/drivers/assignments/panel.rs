//! The assignments tab, on a vehicle (who drove it; assign or reassign a driver) and on a
//! driver (what they drove; assign a vehicle). One panel serves both: the scope decides which
//! party the form asks for and which column the history shows.

use leptos::prelude::*;

use super::{AssignFn, Assignment, EndAssignmentFn, list_assignments_fn};
use crate::auth::Permission;
use crate::fleet::RecordsOf;
use crate::fleet::drivers::{Driver, DriverQuery, DriverStatus, list_drivers_fn};
use crate::i18n::{t, td_string, use_i18n};
use crate::listing::{PageRequest, Paged};
use crate::ui::form::{FieldErrors, FormError, TextField, use_form_error};
use crate::ui::{Pager, format, id_param, toast_results, use_address_params, use_signed_in};

/// `/vehicles/{id}/assignments`.
#[component]
pub fn VehicleAssignmentsTab() -> impl IntoView {
    let id = id_param();
    move || {
        id.get()
            .map(|id| view! { <AssignmentsPanel scope=RecordsOf::Vehicle(id) /> })
    }
}

/// `/drivers/{id}/assignments`.
#[component]
pub fn DriverAssignmentsTab() -> impl IntoView {
    let id = id_param();
    move || {
        id.get()
            .map(|id| view! { <AssignmentsPanel scope=RecordsOf::Driver(id) /> })
    }
}

#[component]
fn AssignmentsPanel(scope: RecordsOf) -> impl IntoView {
    let i18n = use_i18n();
    let assign = ServerAction::<AssignFn>::new();
    let end = ServerAction::<EndAssignmentFn>::new();
    toast_results(assign);
    toast_results(end);
    let params = use_address_params();
    let signed_in = use_signed_in();
    // Made here, not in the form: resources made inside a `Suspend` do not hydrate.
    let drivers = matches!(scope, RecordsOf::Vehicle(_)).then(|| {
        let active = DriverQuery {
            status: Some(DriverStatus::Active),
            page: PageRequest {
                page: 1,
                per_page: 200,
            },
            ..Default::default()
        };
        Resource::new(move || active.clone(), list_drivers_fn)
    });
    let history = Resource::new(
        move || {
            (
                params.with(PageRequest::from_params),
                assign.version().get(),
                end.version().get(),
            )
        },
        move |(page, _, _)| list_assignments_fn(scope, page),
    );
    let path = match scope {
        RecordsOf::Vehicle(id) => format!("/vehicles/{id}/assignments"),
        RecordsOf::Driver(id) => format!("/drivers/{id}/assignments"),
    };
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || {
                let path = path.clone();
                Suspend::new(async move {
                    let can_write = signed_in.can(Permission::DriverWrite).await;
                    let suggestions = match drivers {
                        Some(drivers) => drivers.await.map(|p| p.items).unwrap_or_default(),
                        None => Vec::new(),
                    };
                    match history.await {
                        Ok(page) => {
                            let current = page.items.iter().find(|a| a.current).cloned();
                            view! {
                                <div class="assignments" data-testid="assignments">
                                    <Current current=current.clone() scope end can_write />
                                    {can_write.then(|| view! { <AssignForm scope current=current.clone() action=assign suggestions /> })}
                                    <History page=page.clone() scope path=path.clone() />
                                </div>
                            }
                            .into_any()
                        }
                        Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Who drives the vehicle now (or what the driver drives), with the button that ends it.
#[component]
fn Current(
    current: Option<Assignment>,
    scope: RecordsOf,
    end: ServerAction<EndAssignmentFn>,
    can_write: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    // Only this form's own failure: a failed assignment's errors belong to the assign form.
    let error = Signal::derive(move || end.value().get().and_then(Result::err));
    let Some(a) = current else {
        return view! { <section class="card muted" data-testid="no-current-assignment">{t!(i18n, assignments.none_now)}</section> }.into_any();
    };
    let l = i18n.get_locale();
    view! {
        <section class="card current-assignment" data-testid="current-assignment">
            <p>
                <strong>{t!(i18n, assignments.now)} ": "</strong>
                <OtherParty assignment=a.clone() scope />
                " · " {td_string!(l, assignments.since)} " " {format::date_time(l, a.starts_local)}
                {a.ends_local.map(|e| view! { " · " {td_string!(l, assignments.until)} " " {format::date_time(l, e)} })}
            </p>
            {can_write.then(|| view! {
                <ActionForm action=end attr:class="form-inline" attr:data-testid="end-assignment-form">
                    <input type="hidden" name="id" value=a.id.0.to_string() />
                    <button type="submit" class="button" data-testid="end-assignment">{t!(i18n, assignments.end_now)}</button>
                    <FieldErrors error field="ends_at" />
                </ActionForm>
            })}
        </section>
    }
    .into_any()
}

/// The vehicle of an assignment on a driver's page, the driver on a vehicle's page: a link.
#[component]
fn OtherParty(assignment: Assignment, scope: RecordsOf) -> impl IntoView {
    match scope {
        RecordsOf::Vehicle(_) => view! {
            <a href=format!("/drivers/{}", assignment.driver_id) data-testid="assignment-driver">{assignment.driver_name.clone()}</a>
        }
        .into_any(),
        RecordsOf::Driver(_) => view! {
            <a class="plate" href=format!("/vehicles/{}", assignment.vehicle_id) data-testid="assignment-vehicle">{assignment.plate.clone()}</a>
        }
        .into_any(),
    }
}

/// Assigning a driver to the vehicle (or a vehicle to the driver). On a vehicle that has a
/// driver now it reassigns: the current assignment ends when the new one starts.
#[component]
fn AssignForm(
    scope: RecordsOf,
    current: Option<Assignment>,
    action: ServerAction<AssignFn>,
    suggestions: Vec<Driver>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = use_form_error(action);
    let replaces = match scope {
        RecordsOf::Vehicle(_) => current.clone(),
        RecordsOf::Driver(_) => None,
    };
    move || {
        let replaces = replaces.clone();
        let l = i18n.get_locale();
        // The party of the page is fixed (a hidden field); its refusals (an expired licence on
        // a driver's page) show above the form.
        let (fixed, fixed_name, fixed_id, asked, asked_label, asked_hint) = match scope {
            RecordsOf::Vehicle(id) => (
                "vehicle",
                "form[vehicle]",
                id,
                "driver",
                td_string!(l, assignments.driver),
                td_string!(l, assignments.driver_hint),
            ),
            RecordsOf::Driver(id) => (
                "driver",
                "form[driver]",
                id,
                "vehicle",
                td_string!(l, assignments.vehicle),
                td_string!(l, assignments.vehicle_hint),
            ),
        };
        let title = if replaces.is_some() {
            td_string!(l, assignments.reassign)
        } else {
            td_string!(l, assignments.assign)
        };
        view! {
            <section class="card">
                <h2>{title}</h2>
                <ActionForm action attr:class="form assign-form" attr:data-testid="assign-form">
                    <input type="hidden" name=fixed_name value=fixed_id.to_string() />
                    {replaces.as_ref().map(|r| view! {
                        <input type="hidden" name="form[replaces]" value=r.id.0.to_string() />
                        <p class="hint" data-testid="reassign-note">{td_string!(l, assignments.reassign_note).replace("{name}", &r.driver_name)}</p>
                    })}
                    <FormError error />
                    <FieldErrors error field="replaces" />
                    <FieldErrors error field=fixed />
                    <div class="form-grid">
                        <TextField label=asked_label name=asked value=String::new() error required=true
                            list="assignable-drivers" hint=Some(asked_hint.to_owned()) />
                        <TextField label=td_string!(l, assignments.starts_at) name="starts_at" value=String::new() error input_type="datetime-local"
                            hint=Some(td_string!(l, assignments.starts_hint).to_owned()) />
                        <TextField label=td_string!(l, assignments.ends_at) name="ends_at" value=String::new() error input_type="datetime-local" />
                        <TextField label=td_string!(l, assignments.notes) name="notes" value=String::new() error />
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button primary" data-testid="assign-submit">{title}</button>
                    </div>
                </ActionForm>
                <datalist id="assignable-drivers">
                    {suggestions.iter().map(|d| view! { <option value=d.employee_number.clone()>{d.full_name.clone()}</option> }).collect_view()}
                </datalist>
            </section>
        }
    }
}

/// Every assignment, latest first.
#[component]
fn History(page: Paged<Assignment>, scope: RecordsOf, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        if page.items.is_empty() {
            return view! { <section class="card empty-state" data-testid="assignment-history"><p>{t!(i18n, assignments.empty)}</p></section> }.into_any();
        }
        let party = match scope {
            RecordsOf::Vehicle(_) => td_string!(l, assignments.driver),
            RecordsOf::Driver(_) => td_string!(l, assignments.vehicle),
        };
        let rows = page
            .items
            .iter()
            .map(|a| {
                view! {
                    <tr data-testid="assignment-row" data-current=a.current.then_some("true")>
                        <td><OtherParty assignment=a.clone() scope /></td>
                        <td class="nowrap">{format::date_time(l, a.starts_local)}</td>
                        <td class="nowrap">{a.ends_local.map(|e| format::date_time(l, e)).unwrap_or_else(|| "—".into())}</td>
                        <td>{a.notes.clone().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" data-testid="assignment-history">
                <h2>{t!(i18n, assignments.history)}</h2>
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{party}</th>
                                <th scope="col">{td_string!(l, assignments.starts_at)}</th>
                                <th scope="col">{td_string!(l, assignments.ends_at)}</th>
                                <th scope="col">{td_string!(l, assignments.notes)}</th>
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
