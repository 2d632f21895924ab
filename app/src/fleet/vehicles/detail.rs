//! `/vehicles/{id}`: the header card with the quick status change, decommissioning and the QR
//! code, and the tabs. Tabs of modules that do not exist yet say so; the mileage, maintenance,
//! expenses, contracts and documents slices will render theirs into the same `<Outlet/>`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use uuid::Uuid;

use super::labels::{body_label, fuel_label, status_label, transmission_label};
use super::list::StatusBadge;
use super::{
    DecommissionVehicleFn, SetVehicleStatusFn, Vehicle, VehicleStatus, get_vehicle_fn,
    vehicle_history_fn, vehicle_qr_fn,
};
use crate::audit::HistoryPanel;
use crate::auth::Permission;
use crate::error::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::listing::PageRequest;
use crate::ui::form::{FieldErrors, FormError, use_form_error};
use crate::ui::{
    Tab, TabBar, for_id, format, id_param, toast_results, use_address_params, use_signed_in,
};

/// The vehicle the detail page and its tabs show.
#[derive(Clone, Copy)]
struct ShownVehicle(Resource<Result<Vehicle, AppError>>);

/// Reloads the vehicle the detail page shows, for a tab whose work changes it (a work order
/// started or finished moves the vehicle's status). Does nothing outside the detail page.
pub fn shown_vehicle_reloader() -> impl Fn() + Copy + 'static {
    let shown = use_context::<ShownVehicle>();
    move || {
        if let Some(ShownVehicle(vehicle)) = shown {
            vehicle.refetch();
        }
    }
}

/// The detail page: header, tabs, and the selected tab below.
#[component]
pub fn VehicleDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let set_status = ServerAction::<SetVehicleStatusFn>::new();
    let decommission = ServerAction::<DecommissionVehicleFn>::new();
    toast_results(set_status);
    toast_results(decommission);
    let vehicle = Resource::new(
        move || {
            (
                id.get(),
                set_status.version().get(),
                decommission.version().get(),
            )
        },
        |(id, _, _)| for_id(id, get_vehicle_fn),
    );
    provide_context(ShownVehicle(vehicle));
    let signed_in = use_signed_in();
    view! {
        <p><a href="/vehicles">"← " {t!(i18n, vehicles.back_to_list)}</a></p>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                // Decided here with the vehicle, not by a `Can` nested in this `Suspend`.
                let can_write = signed_in.can(Permission::VehicleWrite).await;
                match vehicle.await {
                    Ok(v) => view! {
                        <Title text=v.plate.clone() />
                        <Header vehicle=v.clone() set_status decommission can_write />
                        <Tabs id=v.id.0 />
                    }
                    .into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
        <Outlet />
    }
}

#[component]
fn Header(
    vehicle: Vehicle,
    set_status: ServerAction<SetVehicleStatusFn>,
    decommission: ServerAction<DecommissionVehicleFn>,
    can_write: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = vehicle.id.0.to_string();
    let decommissioned = vehicle.status == VehicleStatus::Decommissioned;
    let label_href = format!("/vehicles/{id}/label");
    view! {
        <section class="card record-header" data-testid="vehicle-header">
            <div class="record-title">
                <h1 class="plate" data-testid="vehicle-plate">{vehicle.plate.clone()}</h1>
                <p class="record-subtitle">{format!("{} {} · {}", vehicle.brand, vehicle.model, vehicle.year)}</p>
                <StatusBadge status=vehicle.status />
                {decommissioned.then(|| view! { <p class="muted">{t!(i18n, vehicles.decommissioned_notice)}</p> })}
            </div>
            {can_write.then(|| view! {
                <div class="record-actions" data-testid="vehicle-actions">
                    <StatusForm id=id.clone() current=vehicle.status action=set_status />
                    <a class="button" href=format!("/vehicles/{id}/edit") data-testid="edit-vehicle">{t!(i18n, common.edit)}</a>
                    {(!decommissioned).then(|| view! { <DecommissionForm id=id.clone() action=decommission /> })}
                </div>
            })}
            <a class="button ghost" href=label_href data-testid="print-label">{t!(i18n, vehicles.print_label)}</a>
        </section>
    }
}

/// The quick status change: a small form without JavaScript, submitted on change once hydrated.
#[component]
fn StatusForm(
    id: String,
    current: VehicleStatus,
    action: ServerAction<SetVehicleStatusFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let submit_on_change = |ev: leptos::ev::Event| {
        let select: web_sys::HtmlSelectElement = event_target(&ev);
        if let Some(form) = select.form() {
            let _ = form.request_submit();
        }
    };
    view! {
        <ActionForm action attr:class="form-inline status-form" attr:data-testid="status-form">
            <input type="hidden" name="id" value=id />
            <label class="field">
                <span class="visually-hidden">{t!(i18n, vehicles.change_status)}</span>
                <select name="status" data-testid="status-select" on:change=submit_on_change>
                    {VehicleStatus::ALL
                        .iter()
                        .map(|s| view! { <option value=s.as_str() selected=*s == current>{move || status_label(i18n.get_locale(), *s)}</option> })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="button" data-testid="status-submit">{t!(i18n, vehicles.change_status)}</button>
        </ActionForm>
    }
}

/// Decommissioning, behind a confirmation box that must be ticked.
#[component]
fn DecommissionForm(id: String, action: ServerAction<DecommissionVehicleFn>) -> impl IntoView {
    let i18n = use_i18n();
    let error = use_form_error(action);
    view! {
        <details class="menu decommission" open=move || error.get().is_some()>
            <summary class="button danger" data-testid="decommission-open">{t!(i18n, vehicles.decommission)}</summary>
            <div class="menu-items">
                <ActionForm action attr:class="form" attr:data-testid="decommission-form">
                    <input type="hidden" name="id" value=id />
                    <label class="checkbox">
                        <input type="checkbox" name="confirm" value="true" required data-testid="decommission-confirm" />
                        <span>{t!(i18n, vehicles.decommission_confirm)}</span>
                    </label>
                    <FieldErrors error field="confirm" />
                    <button type="submit" class="button danger" data-testid="decommission-submit">{t!(i18n, vehicles.decommission)}</button>
                </ActionForm>
            </div>
        </details>
    }
}

/// The tabs; other modules' tabs render into the page's `<Outlet/>` (see `shell.rs`).
#[component]
fn Tabs(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let tab = |path, label: AnyView, testid| Tab {
        path,
        label,
        testid,
    };
    let tabs = vec![
        tab("", t!(i18n, vehicles.tabs.info).into_any(), "tab-info"),
        tab(
            "/assignments",
            t!(i18n, vehicles.tabs.assignments).into_any(),
            "tab-assignments",
        ),
        tab(
            "/history",
            t!(i18n, vehicles.tabs.history).into_any(),
            "tab-history",
        ),
        tab(
            "/mileage",
            t!(i18n, vehicles.tabs.mileage).into_any(),
            "tab-mileage",
        ),
        tab(
            "/maintenance",
            t!(i18n, vehicles.tabs.maintenance).into_any(),
            "tab-maintenance",
        ),
        tab(
            "/expenses",
            t!(i18n, vehicles.tabs.expenses).into_any(),
            "tab-expenses",
        ),
        tab(
            "/contracts",
            t!(i18n, vehicles.tabs.contracts).into_any(),
            "tab-contracts",
        ),
        tab(
            "/documents",
            t!(i18n, vehicles.tabs.documents).into_any(),
            "tab-documents",
        ),
    ];
    view! { <TabBar base=format!("/vehicles/{id}") label=Signal::derive(move || t_string!(i18n, vehicles.title).to_string()) tabs /> }
}

/// The details tab: every field, and the QR code.
#[component]
pub fn VehicleInfoTab() -> impl IntoView {
    let i18n = use_i18n();
    let ShownVehicle(vehicle) = expect_context();
    let id = id_param();
    let qr = Resource::new(move || id.get(), |id| for_id(id, vehicle_qr_fn));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(v) = vehicle.await else { return ().into_any() };
                let qr = qr.await.ok();
                view! {
                    <div class="vehicle-info">
                        <Facts vehicle=v />
                        <section class="card qr-card" data-testid="qr-card">
                            <h2>{t!(i18n, vehicles.qr)}</h2>
                            <div class="qr" inner_html=qr.unwrap_or_default()></div>
                            <p class="muted">{t!(i18n, vehicles.qr_hint)}</p>
                        </section>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
fn Facts(vehicle: Vehicle) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let v = &vehicle;
        let or_dash = |s: Option<String>| s.unwrap_or_else(|| "—".into());
        let rows: Vec<(&'static str, String)> = vec![
            (t_string!(i18n, vehicles.fields.plate), v.plate.clone()),
            (t_string!(i18n, vehicles.fields.vin), or_dash(v.vin.clone())),
            (t_string!(i18n, vehicles.fields.brand), v.brand.clone()),
            (t_string!(i18n, vehicles.fields.model), v.model.clone()),
            (t_string!(i18n, vehicles.fields.year), v.year.to_string()),
            (
                t_string!(i18n, vehicles.fields.color),
                or_dash(v.color.clone()),
            ),
            (
                t_string!(i18n, vehicles.fields.body_type),
                body_label(l, v.body_type).into(),
            ),
            (
                t_string!(i18n, vehicles.fields.fuel_type),
                fuel_label(l, v.fuel_type).into(),
            ),
            (
                t_string!(i18n, vehicles.fields.engine_volume),
                or_dash(v.engine_volume.map(|e| e.to_string())),
            ),
            (
                t_string!(i18n, vehicles.fields.tank_capacity),
                or_dash(v.tank_capacity.map(|c| format::decimal(l, c))),
            ),
            (
                t_string!(i18n, vehicles.fields.transmission),
                or_dash(v.transmission.map(|t| transmission_label(l, t).into())),
            ),
            (
                t_string!(i18n, vehicles.fields.seats),
                or_dash(v.seats.map(|s| s.to_string())),
            ),
            (
                t_string!(i18n, vehicles.fields.purchase_date),
                or_dash(v.purchase_date.map(|d| format::date(l, d))),
            ),
            (
                t_string!(i18n, vehicles.fields.purchase_price),
                or_dash(
                    v.purchase_price
                        .zip(v.purchase_currency.clone())
                        .map(|(p, c)| format::money(l, p, &c)),
                ),
            ),
            (
                t_string!(i18n, vehicles.fields.current_mileage),
                format!(
                    "{} {}",
                    format::number(l, v.current_mileage),
                    t_string!(i18n, vehicles.km)
                ),
            ),
            (
                t_string!(i18n, vehicles.fields.assigned_driver),
                v.driver_name
                    .clone()
                    .unwrap_or_else(|| t_string!(i18n, vehicles.no_driver).into()),
            ),
            (
                t_string!(i18n, vehicles.fields.department),
                or_dash(v.department.clone()),
            ),
            (
                t_string!(i18n, vehicles.fields.notes),
                or_dash(v.notes.clone()),
            ),
        ];
        view! {
            <section class="card">
                <dl class="facts" data-testid="vehicle-facts">
                    {rows.into_iter().map(|(k, val)| view! { <dt>{k}</dt> <dd>{val}</dd> }).collect_view()}
                </dl>
            </section>
        }
    }
}

/// The history tab: the vehicle's audit entries, newest first.
#[component]
pub fn VehicleHistoryTab() -> impl IntoView {
    let id = id_param();
    let params = use_address_params();
    let history = Resource::new(
        move || (id.get(), params.with(PageRequest::from_params)),
        |(id, page)| for_id(id, move |id| vehicle_history_fn(id, page)),
    );
    view! { <HistoryPanel history path=move || id.get().map(|id| format!("/vehicles/{id}/history")).unwrap_or_default() /> }
}

/// A tab whose module has not arrived yet.
#[component]
pub fn VehicleTabPending() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card empty-state" data-testid="tab-pending">
            <p>{t!(i18n, vehicles.pending)}</p>
        </section>
    }
}

/// `/vehicles/{id}/label`: plate, model and QR code on a card sized to print.
#[component]
pub fn VehicleLabelPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            let vehicle = for_id(id, get_vehicle_fn).await?;
            let qr = vehicle_qr_fn(vehicle.id.0).await?;
            Ok::<_, AppError>((vehicle, qr))
        },
    );
    view! {
        <Title text=t_string!(i18n, vehicles.print_label).to_string() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((v, qr)) => view! {
                        <p class="no-print">
                            <a href=format!("/vehicles/{}", v.id.0)>"← " {v.plate.clone()}</a>
                            " "
                            <button type="button" class="button primary" on:click=|_| print_page()>{t!(i18n, vehicles.print)}</button>
                        </p>
                        <article class="print-label" data-testid="print-label">
                            <div class="qr" inner_html=qr></div>
                            <div class="print-label-text">
                                <p class="plate">{v.plate.clone()}</p>
                                <p>{format!("{} {} · {}", v.brand, v.model, v.year)}</p>
                                {v.vin.clone().map(|vin| view! { <p class="mono">{vin}</p> })}
                            </div>
                        </article>
                    }
                    .into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Opens the browser's print dialog (a handler, not an inline `onclick`: the page's content
/// security policy runs no inline script).
fn print_page() {
    let _ = window().print();
}
