//! The maintenance tab of a vehicle: its open work (scheduled and in progress, as cards that
//! move), the form that plans more, and the history of completed and cancelled work.

use leptos::prelude::*;
use uuid::Uuid;

use super::card::{Mover, WorkOrderCard};
use super::plan::PlanForm;
use super::table::WorkOrderTable;
use super::{CreateWorkOrderFn, DueWorkOrder, WorkOrderQuery, list_work_orders_fn};
use crate::auth::Permission;
use crate::fleet::vehicles::shown_vehicle_reloader;
use crate::i18n::{t, use_i18n};
use crate::listing::{PageRequest, Paged};
use crate::tenant::tenant_profile_fn;
use crate::ui::form::FormError;
use crate::ui::{id_param, toast_results, use_address_params, use_signed_in};

/// `/vehicles/{id}/maintenance`.
#[component]
pub fn VehicleMaintenanceTab() -> impl IntoView {
    let id = id_param();
    move || {
        id.get()
            .map(|id| view! { <VehicleMaintenance vehicle=id /> })
    }
}

/// Open work is rarely more than a handful per vehicle; the tab shows up to this many.
const OPEN_WORK_SHOWN: u32 = 200;

#[component]
fn VehicleMaintenance(vehicle: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let mover = Mover::new();
    let create = ServerAction::<CreateWorkOrderFn>::new();
    toast_results(create);
    let plan_error = mover.other_form_error(create);
    // Starting or finishing work moves the vehicle's status in the header above.
    let reload_vehicle = shown_vehicle_reloader();
    Effect::watch(
        move || mover.action.version().get(),
        move |_, _, _| reload_vehicle(),
        false,
    );
    let signed_in = use_signed_in();
    let params = use_address_params();
    let changes = move || (mover.action.version().get(), create.version().get());
    let query = move |open: bool, page: PageRequest| WorkOrderQuery {
        vehicle: Some(vehicle),
        open: Some(open),
        page,
        ..Default::default()
    };
    let open = Resource::new(changes, move |_| {
        list_work_orders_fn(query(
            true,
            PageRequest {
                page: 1,
                per_page: OPEN_WORK_SHOWN,
            },
        ))
    });
    let history = Resource::new(
        move || (params.with(PageRequest::from_params), changes()),
        move |(page, _)| list_work_orders_fn(query(false, page)),
    );
    let tenant = Resource::new(|| (), |_| tenant_profile_fn());
    let path = format!("/vehicles/{vehicle}/maintenance");
    view! {
        <div class="maintenance-tab" data-testid="vehicle-maintenance">
            // Its own `Suspense`, not rebuilt when the lists reload: what was typed survives a refusal.
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let can_write = signed_in.can(Permission::MaintenanceWrite).await;
                    let can_inspect = signed_in.can(Permission::InspectionPerform).await;
                    let currency = tenant.await.map(|t| t.currency).unwrap_or_default();
                    view! {
                        {can_inspect.then(|| view! {
                            <a class="button" href=format!("/inspections/new?vehicle={vehicle}") data-testid="inspect-vehicle">{t!(i18n, maintenance.inspect)}</a>
                        })}
                        {can_write.then(|| view! { <PlanForm action=create error=plan_error vehicle=Some(vehicle.to_string()) currency /> })}
                    }
                })}
            </Suspense>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    let can_write = signed_in.can(Permission::MaintenanceWrite).await;
                    match open.await {
                        Ok(page) => view! { <OpenWork orders=page.items mover=can_write.then_some(mover) /> }.into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || {
                    let path = path.clone();
                    Suspend::new(async move {
                        match history.await {
                            Ok(page) => view! { <History page path /> }.into_any(),
                            Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// Scheduled and in-progress work, the next due first.
#[component]
fn OpenWork(orders: Vec<DueWorkOrder>, mover: Option<Mover>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="open-work">
            <h2>{t!(i18n, maintenance.open_work)}</h2>
            {if orders.is_empty() {
                view! { <p class="muted" data-testid="no-open-work">{t!(i18n, maintenance.nothing_open)}</p> }.into_any()
            } else {
                view! {
                    <div class="work-cards">
                        {orders.into_iter().map(|order| view! { <WorkOrderCard order mover /> }).collect_view()}
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

/// Completed and cancelled work, the latest first.
#[component]
fn History(page: Paged<DueWorkOrder>, path: String) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <section class="card empty-state" data-testid="work-history"><p>{t!(i18n, maintenance.no_history)}</p></section> }.into_any();
    }
    view! {
        <h2>{t!(i18n, maintenance.history)}</h2>
        <WorkOrderTable page path show_plate=false testid="work-history" />
    }
    .into_any()
}
