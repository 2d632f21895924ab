//! Work orders as a table: the vehicle tab's history and the fleet-wide list view.

use leptos::prelude::*;

use super::DueWorkOrder;
use super::WorkStatus;
use super::card::{DueBadge, PriorityBadge, due_point};
use super::labels::{kind_label, status_label};
use crate::i18n::{td_string, use_i18n};
use crate::listing::Paged;
use crate::ui::{Pager, format, use_address_params};

/// A page of work orders with its pager; `show_plate` for lists of many vehicles. Closed work
/// shows when and at what odometer it was done, open work when it falls due.
#[component]
pub fn WorkOrderTable(
    page: Paged<DueWorkOrder>,
    #[prop(into)] path: String,
    show_plate: bool,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        let rows = page
            .items
            .iter()
            .map(|DueWorkOrder { order: w, due, .. }| {
                let closed = matches!(w.status, WorkStatus::Completed | WorkStatus::Cancelled);
                let when = if closed {
                    let km = w.mileage_at_service.map(|k| format!(" · {} {}", format::number(l, k), td_string!(l, vehicles.km))).unwrap_or_default();
                    format!("{}{km}", w.completed_on.map(|d| format::date(l, d)).unwrap_or_else(|| "—".into()))
                } else {
                    due_point(l, w.scheduled_on, w.due_km)
                };
                let cost = w.cost.zip(w.currency.clone()).map(|(c, cur)| format::money(l, c, &cur)).unwrap_or_default();
                let by = [w.service_provider.clone(), w.performed_by.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                view! {
                    <tr id=format!("work-{}", w.id) data-testid="work-row" data-status=w.status.as_str() data-due=due.map(|d| d.as_str())>
                        {show_plate.then(|| view! { <td><a class="plate" href=format!("/vehicles/{}/maintenance", w.vehicle_id)>{w.plate.clone()}</a></td> })}
                        <td>{w.title.clone()} " " <PriorityBadge priority=w.priority /></td>
                        <td>{kind_label(l, w.kind)}</td>
                        <td class="nowrap"><span class="badge" data-work-status=w.status.as_str()>{status_label(l, w.status)}</span> " " <DueBadge due=*due /></td>
                        <td class="nowrap" data-testid="work-when">{when}</td>
                        <td class="num nowrap">{cost}</td>
                        <td>{by}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" data-testid=testid>
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                {show_plate.then(|| view! { <th scope="col">{td_string!(l, maintenance.vehicle)}</th> })}
                                <th scope="col">{td_string!(l, maintenance.title_field)}</th>
                                <th scope="col">{td_string!(l, maintenance.kind)}</th>
                                <th scope="col">{td_string!(l, maintenance.status)}</th>
                                <th scope="col">{td_string!(l, maintenance.when)}</th>
                                <th scope="col" class="num">{td_string!(l, maintenance.cost)}</th>
                                <th scope="col">{td_string!(l, maintenance.performed_by)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <Pager page=page.page pages=page.pages() total=format::number(l, page.total) params=params.get() path=path.clone() />
            </section>
        }
    }
}
