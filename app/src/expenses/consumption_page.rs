//! `/expenses/consumption`: the fleet's consumption by model over the days in the address, and
//! the vehicles burning furthest above their model's figure.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use super::fleet_consumption::{
    ABOVE_MODEL_PERCENT, FleetConsumption, ModelConsumption, VehicleAgainstModel,
};
use super::fleet_consumption_fn;
use super::model::ConsumptionQuery;
use crate::fleet::vehicles::{FuelType, fuel_label};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ui::form::FormError;
use crate::ui::{DateRangeFilter, FilterActions, format, use_address_params};

const PATH: &str = "/expenses/consumption";

#[component]
pub fn FleetConsumptionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let query = Memo::new(move |_| params.with(ConsumptionQuery::from_params));
    let fleet = Resource::new(move || query.get(), |q| fleet_consumption_fn(q.from, q.to));
    view! {
        <Title text=t_string!(i18n, expenses.fleet.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, expenses.fleet.title)}</h1>
            <a class="button ghost" href="/expenses">{t!(i18n, expenses.title)}</a>
        </div>
        {move || {
            let q = query.get();
            view! {
                <Form method="GET" action=PATH attr:class="filters card" attr:data-testid="consumption-filters" attr:role="search">
                    <DateRangeFilter from=q.from to=q.to />
                    <FilterActions path=PATH />
                </Form>
            }
        }}
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match fleet.await {
                    Ok(fleet) if fleet.models.is_empty() => view! {
                        <section class="card empty-state" data-testid="fleet-consumption"><p>{t!(i18n, expenses.fleet.empty)}</p></section>
                    }
                    .into_any(),
                    Ok(fleet) => view! { <Figures fleet /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A figure with its unit: kWh for electric vehicles, litres otherwise.
fn per_100km(l: Locale, fuel: FuelType, value: f64) -> String {
    let unit = if fuel == FuelType::Electric {
        td_string!(l, expenses.kwh_per_100km)
    } else {
        td_string!(l, expenses.litres_per_100km)
    };
    format!("{} {unit}", format::tenths(l, value))
}

#[component]
fn Figures(fleet: FleetConsumption) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let models = fleet.models.iter().map(|m| model_row(l, m)).collect_view();
        let above = fleet
            .above_model
            .iter()
            .map(|v| above_row(l, v))
            .collect_view();
        view! {
            <section class="card" data-testid="fleet-consumption">
                <h2>{td_string!(l, expenses.fleet.by_model)}</h2>
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, expenses.fleet.model)}</th>
                                <th scope="col">{td_string!(l, expenses.fuel_type)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.fleet.vehicles)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.stretch_distance)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.filled)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.fleet.figure)}</th>
                            </tr>
                        </thead>
                        <tbody>{models}</tbody>
                    </table>
                </div>
            </section>
            <section class="card" data-testid="above-model">
                <h2>{td_string!(l, expenses.fleet.above_model)}</h2>
                <p class="muted">{td_string!(l, expenses.fleet.above_model_hint)} " " {format!("+{ABOVE_MODEL_PERCENT} %")}</p>
                {if fleet.above_model.is_empty() {
                    view! { <p data-testid="none-above">{td_string!(l, expenses.fleet.none_above)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table class="data-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{td_string!(l, expenses.vehicle)}</th>
                                        <th scope="col">{td_string!(l, expenses.fleet.model)}</th>
                                        <th scope="col" class="num">{td_string!(l, expenses.fleet.figure)}</th>
                                        <th scope="col" class="num">{td_string!(l, expenses.fleet.model_figure)}</th>
                                        <th scope="col" class="num">{td_string!(l, expenses.fleet.above)}</th>
                                    </tr>
                                </thead>
                                <tbody>{above}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }}
            </section>
        }
    }
}

fn model_row(l: Locale, m: &ModelConsumption) -> impl IntoView + use<> {
    view! {
        <tr data-testid="model-row" data-model=format!("{} {}", m.brand, m.model)>
            <td>{format!("{} {}", m.brand, m.model)}</td>
            <td>{fuel_label(l, m.fuel_type)}</td>
            <td class="num">{format::number(l, m.vehicles as i64)}</td>
            <td class="num nowrap">{format::number(l, m.distance_km)} " " {td_string!(l, vehicles.km)}</td>
            <td class="num nowrap">{format::decimal(l, m.quantity)}</td>
            <td class="num nowrap" data-testid="model-figure">{per_100km(l, m.fuel_type, m.per_100km)}</td>
        </tr>
    }
}

fn above_row(l: Locale, v: &VehicleAgainstModel) -> impl IntoView + use<> {
    let fuel = v.vehicle.fuel_type;
    view! {
        <tr data-testid="above-row">
            <td><a class="plate" href=format!("/vehicles/{}/expenses", v.vehicle.id)>{v.vehicle.plate.clone()}</a></td>
            <td>{format!("{} {}", v.vehicle.brand, v.vehicle.model)}</td>
            <td class="num nowrap">{per_100km(l, fuel, v.per_100km)}</td>
            <td class="num nowrap">{per_100km(l, fuel, v.model_per_100km)}</td>
            <td class="num nowrap"><span class="badge" data-status="warning">{format!("+{} %", format::number(l, v.above_percent))}</span></td>
        </tr>
    }
}
