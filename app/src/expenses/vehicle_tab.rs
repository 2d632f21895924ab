//! The expenses tab of a vehicle: what it has cost so far (in the reporting currency, by
//! category and per kilometre), its fuel consumption with the latest stretches between full
//! fills (unusual ones flagged), the add form with the vehicle given, and its expenses, the
//! latest first.

use leptos::prelude::*;
use uuid::Uuid;

use super::consumption::Stretch;
use super::form::AddExpense;
use super::model::{VehicleConsumption, VehicleCosts};
use super::page::{ExpenseTable, Totals};
use super::{CreateExpenseFn, DeleteExpenseFn, ExpenseQuery, list_expenses_fn, vehicle_costs_fn};
use crate::auth::Permission;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::listing::PageRequest;
use crate::tenant::tenant_profile_fn;
use crate::ui::form::{FormError, use_form_error};
use crate::ui::{format, id_param, toast_results, use_address_params, use_signed_in};

/// `/vehicles/{id}/expenses`.
#[component]
pub fn VehicleExpensesTab() -> impl IntoView {
    let id = id_param();
    move || id.get().map(|id| view! { <VehicleExpenses vehicle=id /> })
}

/// The stretches listed under the consumption figure, the latest first; the figure itself
/// covers all of them.
const STRETCHES_SHOWN: usize = 10;

#[component]
fn VehicleExpenses(vehicle: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let signed_in = use_signed_in();
    let params = use_address_params();
    let create = ServerAction::<CreateExpenseFn>::new();
    toast_results(create);
    let create_error = use_form_error(create);
    let remove = ServerAction::<DeleteExpenseFn>::new();
    toast_results(remove);
    let changes = move || (create.version().get(), remove.version().get());
    let costs = Resource::new(changes, move |_| vehicle_costs_fn(vehicle));
    let expenses = Resource::new(
        move || (params.with(PageRequest::from_params), changes()),
        move |(page, _)| {
            list_expenses_fn(ExpenseQuery {
                vehicle: Some(vehicle),
                page,
                ..Default::default()
            })
        },
    );
    let tenant = Resource::new(|| (), |_| tenant_profile_fn());
    let path = format!("/vehicles/{vehicle}/expenses");
    view! {
        <div class="expenses-tab" data-testid="vehicle-expenses">
            // Its own `Suspense`, not rebuilt when the figures reload: what was typed survives a refusal.
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let can_write = signed_in.can(Permission::ExpenseWrite).await;
                    let currency = tenant.await.map(|t| t.currency).unwrap_or_default();
                    can_write.then(|| view! { <AddExpense action=create error=create_error vehicle=Some(vehicle.to_string()) currency /> })
                })}
            </Suspense>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match costs.await {
                        Ok(costs) => view! { <CostFigures costs=costs.clone() /> <Totals totals=costs.totals /> <Fuel fuel=costs.fuel /> }.into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || {
                    let path = path.clone();
                    Suspend::new(async move {
                        let remove = signed_in.can(Permission::ExpenseWrite).await.then_some(remove);
                        match expenses.await {
                            Ok(page) if page.page.items.is_empty() => view! {
                                <section class="card empty-state" data-testid="expenses"><p>{t!(i18n, expenses.empty)}</p></section>
                            }
                            .into_any(),
                            Ok(page) => view! { <ExpenseTable page path show_plate=false remove /> }.into_any(),
                            Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// Distance so far, the cost of a kilometre and the consumption figure.
#[component]
fn CostFigures(costs: VehicleCosts) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let per_km = match costs.cost_per_km {
            Some(amount) => format::money(l, amount, &costs.totals.currency),
            None => "—".to_owned(),
        };
        view! {
            <section class="card" data-testid="vehicle-costs">
                <dl class="figures">
                    <div><dt>{td_string!(l, expenses.distance)}</dt><dd data-testid="cost-distance">{format::number(l, costs.distance_km)} " " {td_string!(l, vehicles.km)}</dd></div>
                    <div><dt>{td_string!(l, expenses.cost_per_km)}</dt><dd data-testid="cost-per-km">{per_km}</dd></div>
                    <div><dt>{consumption_unit(l, &costs.fuel)}</dt><dd data-testid="consumption">{figure(l, costs.fuel.consumption.per_100km)}</dd></div>
                </dl>
            </section>
        }
    }
}

/// "L/100 km" or, for an electric vehicle, "kWh/100 km".
fn consumption_unit(l: Locale, fuel: &VehicleConsumption) -> &'static str {
    if fuel.electric {
        td_string!(l, expenses.kwh_per_100km)
    } else {
        td_string!(l, expenses.litres_per_100km)
    }
}

/// "L" or, for an electric vehicle, "kWh".
fn quantity_unit(l: Locale, fuel: &VehicleConsumption) -> &'static str {
    if fuel.electric {
        td_string!(l, expenses.kwh)
    } else {
        td_string!(l, expenses.litres)
    }
}

/// A consumption figure to one decimal, or a dash before two full fills measure one.
fn figure(l: Locale, per_100km: Option<f64>) -> String {
    per_100km.map_or_else(|| "—".to_owned(), |value| format::tenths(l, value))
}

/// The latest stretches between full fills, or why there is no figure yet.
#[component]
fn Fuel(fuel: VehicleConsumption) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        if fuel.consumption.stretches.is_empty() {
            return view! { <p class="muted" data-testid="no-consumption">{td_string!(l, expenses.no_consumption)}</p> }.into_any();
        }
        let rows = fuel
            .consumption
            .stretches
            .iter()
            .rev()
            .take(STRETCHES_SHOWN)
            .map(|s| stretch_row(l, s))
            .collect_view();
        view! {
            <section class="card" data-testid="stretches">
                <h2>{td_string!(l, expenses.stretches)}</h2>
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, expenses.spent_on)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.stretch_distance)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.filled)} ", " {quantity_unit(l, &fuel)}</th>
                                <th scope="col" class="num">{consumption_unit(l, &fuel)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
        .into_any()
    }
}

fn stretch_row(l: Locale, s: &Stretch) -> impl IntoView + use<> {
    let unusual = s.unusual.then(|| view! { " " <span class="badge" data-status="warning">{td_string!(l, expenses.unusual)}</span> });
    view! {
        <tr data-testid="stretch" data-unusual=s.unusual.to_string()>
            <td class="nowrap">{format::date(l, s.spent_on)}</td>
            <td class="num nowrap">{format::number(l, s.distance_km)} " " {td_string!(l, vehicles.km)}</td>
            <td class="num nowrap">{format::decimal(l, s.quantity)}</td>
            <td class="num nowrap">{figure(l, Some(s.per_100km))}{unusual}</td>
        </tr>
    }
}
