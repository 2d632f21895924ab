//! The monthly distance of a vehicle: a table that reads without JavaScript, and once hydrated
//! an ECharts bar chart above it.

use leptos::prelude::*;

use super::model::MonthDistance;
use crate::i18n::{td_string, use_i18n};
use crate::ui::format;

/// The last twelve months' distance.
#[component]
pub fn MonthlyDistance(months: Vec<MonthDistance>) -> impl IntoView {
    let i18n = use_i18n();
    if months.is_empty() {
        return ().into_any();
    }
    (move || {
        let l = i18n.get_locale();
        let rows = months
            .iter()
            .map(|m| view! { <tr><th scope="row">{m.month.clone()}</th><td class="num">{format::number(l, m.km)}</td></tr> })
            .collect_view();
        view! {
            <figure class="monthly-distance" data-testid="monthly-distance">
                <figcaption>{td_string!(l, mileage.monthly_distance)}</figcaption>
                <table class="data-table compact">
                    <thead><tr><th scope="col">{td_string!(l, mileage.month)}</th><th scope="col" class="num">{td_string!(l, vehicles.km)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </figure>
        }
    })
    .into_any()
}
