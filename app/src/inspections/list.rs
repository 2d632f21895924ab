//! `/inspections`: the fleet's unresolved defects, with what may be done to each, and the
//! inspections, the latest first (all, or only those with a failed item; one vehicle's from
//! its link).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use super::defects::{DefectActions, DefectTable};
use super::model::{DefectQuery, InspectionQuery};
use super::{Inspection, list_defects_fn, list_inspections_fn};
use crate::auth::Permission;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::listing::{PageRequest, Paged};
use crate::ui::form::FormError;
use crate::ui::{FilterActions, Pager, format, use_address_params, use_signed_in};

const PATH: &str = "/inspections";

/// Unresolved defects shown at once; the rest are a filter away.
const DEFECTS_SHOWN: u32 = 50;

/// The page.
#[component]
pub fn InspectionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let actions = DefectActions::new();
    let signed_in = use_signed_in();
    let query = Memo::new(move |_| params.with(InspectionQuery::from_params));
    let inspections = Resource::new(move || query.get(), list_inspections_fn);
    let defects = Resource::new(
        move || (query.with(|q| q.vehicle), actions.action.version().get()),
        |(vehicle, _)| {
            list_defects_fn(DefectQuery {
                vehicle,
                unresolved: true,
                page: PageRequest {
                    page: 1,
                    per_page: DEFECTS_SHOWN,
                },
                ..Default::default()
            })
        },
    );
    view! {
        <Title text=t_string!(i18n, inspections.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, inspections.title)}</h1>
            <div class="page-actions">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let can_inspect = signed_in.can(Permission::InspectionPerform).await || signed_in.can(Permission::InspectionPerformOwn).await;
                        can_inspect.then(|| view! { <a class="button primary" href="/inspections/new" data-testid="new-inspection">{t!(i18n, inspections.new)}</a> })
                    })}
                </Suspense>
                <a class="button" href="/inspections/templates" data-testid="templates-link">{t!(i18n, inspections.templates.title)}</a>
            </div>
        </div>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                // Drivers inspect their own vehicles but read no one's inspections.
                if !signed_in.can(Permission::InspectionRead).await {
                    return ().into_any();
                }
                let can_act = signed_in.can(Permission::MaintenanceWrite).await;
                match defects.await {
                    Ok(page) if page.items.is_empty() => view! {
                        <section class="card" data-testid="open-defects"><h2>{t!(i18n, inspections.open_defects)}</h2><p class="muted">{t!(i18n, inspections.no_open_defects)}</p></section>
                    }
                    .into_any(),
                    Ok(page) => view! {
                        <section class="card" data-testid="open-defects">
                            <h2>{t!(i18n, inspections.open_defects)} " " <span class="badge">{page.total}</span></h2>
                            <DefectTable defects=page.items actions=can_act.then_some(actions) show_plate=true />
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { signed_in.can(Permission::InspectionRead).await.then(|| view! { <Filters /> }) })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                if !signed_in.can(Permission::InspectionRead).await {
                    return view! {
                        <section class="card empty-state" data-testid="inspections">
                            <p>{t!(i18n, inspections.own_only)}</p>
                            <a class="button primary" href="/inspections/new">{t!(i18n, inspections.new)}</a>
                        </section>
                    }
                    .into_any();
                }
                match inspections.await {
                    Ok(page) if page.items.is_empty() => view! {
                        <section class="card empty-state" data-testid="inspections"><p>{t!(i18n, inspections.empty)}</p></section>
                    }
                    .into_any(),
                    Ok(page) => view! { <InspectionTable page /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Only with a failed item", keeping the vehicle.
#[component]
fn Filters() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let q = params.with(InspectionQuery::from_params);
        view! {
            <Form method="GET" action=PATH attr:class="filters card" attr:data-testid="inspection-filters" attr:role="search">
                {q.vehicle.map(|v| view! { <input type="hidden" name="vehicle_id" value=v.to_string() /> })}
                <label class="checkbox">
                    <input type="checkbox" name="failed" value="true" checked=q.failed data-testid="failed-only" />
                    <span>{t!(i18n, inspections.failed_only)}</span>
                </label>
                <FilterActions path=PATH />
            </Form>
        }
    }
}

#[component]
fn InspectionTable(page: Paged<Inspection>) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        let rows = page
            .items
            .iter()
            .map(|i| {
                view! {
                    <tr data-testid="inspection-row" data-failed=i.failed>
                        <td class="nowrap"><a href=format!("/inspections/{}", i.id)>{format::date_time(l, i.performed_local)}</a></td>
                        <td><a class="plate" href=format!("/vehicles/{}", i.vehicle_id)>{i.plate.clone()}</a></td>
                        <td>{i.template_name.clone()}</td>
                        <td>{i.performed_by_name.clone()}</td>
                        <td class="num nowrap">{format!("{} {}", format::number(l, i.mileage_km), td_string!(l, vehicles.km))}</td>
                        <td class="num">
                            {(i.failed > 0).then(|| view! { <span class="badge" data-defect="open" data-testid="failed-count">{format::number(l, i.failed)}</span> })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" data-testid="inspections">
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, inspections.when)}</th>
                                <th scope="col">{td_string!(l, inspections.vehicle)}</th>
                                <th scope="col">{td_string!(l, inspections.checklist)}</th>
                                <th scope="col">{td_string!(l, inspections.by)}</th>
                                <th scope="col" class="num">{td_string!(l, inspections.mileage)}</th>
                                <th scope="col" class="num">{td_string!(l, inspections.failed)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <Pager page=page.page pages=page.pages() total=format::number(l, page.total) params=params.get() path=PATH />
            </section>
        }
    }
}
