//! The monthly distance of a vehicle: a table that reads without JavaScript, and once hydrated
//! an ECharts bar chart (drawn with `charming`) above it. ECharts is loaded from our own assets
//! by the first chart a page draws, never by pages without one; the chart follows the theme
//! (dark or light) and, in Arabic, runs right to left with its value axis on the right.

use leptos::prelude::*;

use super::model::MonthDistance;
use crate::i18n::{td_string, use_i18n};
use crate::ui::format;

/// The element the chart is drawn into.
const CHART_ID: &str = "monthly-distance-chart";

/// The last twelve months' distance.
#[component]
pub fn MonthlyDistance(months: Vec<MonthDistance>) -> impl IntoView {
    let i18n = use_i18n();
    if months.is_empty() {
        return ().into_any();
    }
    #[cfg(feature = "hydrate")]
    {
        let (months, theme) = (months.clone(), crate::ui::use_theme());
        // Drawn again when the language or the theme changes.
        Effect::new(move |_| {
            let locale = i18n.get_locale();
            let chosen = theme.get();
            draw::when_echarts_loaded(CHART_ID, months.clone(), locale, chosen);
        });
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
                // The table below says the same to screen readers.
                <div class="chart" id=CHART_ID aria-hidden="true" data-testid="distance-chart"></div>
                <table class="data-table compact">
                    <thead><tr><th scope="col">{td_string!(l, mileage.month)}</th><th scope="col" class="num">{td_string!(l, vehicles.km)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </figure>
        }
    })
    .into_any()
}

#[cfg(feature = "hydrate")]
mod draw {
    use charming::component::{Axis, Grid};
    use charming::element::{AxisType, Tooltip, Trigger};
    use charming::series::Bar;
    use charming::theme::Theme as ChartTheme;
    use charming::{Chart, WasmRenderer};
    use web_sys::js_sys::Reflect;
    use web_sys::wasm_bindgen::closure::Closure;
    use web_sys::wasm_bindgen::{JsCast, JsValue};

    use super::MonthDistance;
    use crate::i18n::{Locale, td_string};
    use crate::ui::Theme;

    /// Where ECharts is served from (see `public/vendor/echarts/README.md`).
    const ECHARTS_SRC: &str = "/vendor/echarts/echarts.min.js";
    /// The one `<script>` that loads it, however many charts wait for it.
    const SCRIPT_ID: &str = "echarts-script";

    /// Draws the chart now if ECharts is there, else once its script has loaded.
    pub fn when_echarts_loaded(
        id: &'static str,
        months: Vec<MonthDistance>,
        locale: Locale,
        theme: Option<Theme>,
    ) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(document) = window.document() else {
            return;
        };
        if Reflect::has(&window, &JsValue::from_str("echarts")).unwrap_or(false) {
            render(id, &months, locale, is_dark(theme));
            return;
        }
        let script = match document.get_element_by_id(SCRIPT_ID) {
            Some(script) => script,
            None => {
                let Ok(script) = document.create_element("script") else {
                    return;
                };
                let _ = script.set_attribute("id", SCRIPT_ID);
                let _ = script.set_attribute("src", ECHARTS_SRC);
                if let Some(body) = document.body() {
                    let _ = body.append_child(&script);
                }
                script
            }
        };
        let draw = Closure::once_into_js(move || render(id, &months, locale, is_dark(theme)));
        let _ = script.add_event_listener_with_callback("load", draw.unchecked_ref());
    }

    /// The user's choice, or the browser's preference when they made none.
    fn is_dark(theme: Option<Theme>) -> bool {
        match theme {
            Some(theme) => theme == Theme::Dark,
            None => web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|m| m.matches()),
        }
    }

    fn render(id: &str, months: &[MonthDistance], locale: Locale, dark: bool) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(container) = document.get_element_by_id(id) else {
            return;
        };
        // A fresh element each time: ECharts keeps an instance per element, with its theme.
        container.set_inner_html("");
        let Ok(canvas) = document.create_element("div") else {
            return;
        };
        let canvas_id = format!("{id}-canvas");
        let _ = canvas.set_attribute("id", &canvas_id);
        let _ = canvas.set_attribute("style", "inline-size: 100%; block-size: 100%");
        if container.append_child(&canvas).is_err() {
            return;
        }
        let rtl = locale == Locale::ar;
        let chart = Chart::new()
            .background_color("transparent")
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .grid(
                Grid::new()
                    .top("8%")
                    .bottom("4%")
                    .left(if rtl { "6%" } else { "2%" })
                    .right(if rtl { "2%" } else { "6%" })
                    .contain_label(true),
            )
            .x_axis(
                Axis::new()
                    .type_(AxisType::Category)
                    .data(months.iter().map(|m| m.month.clone()).collect())
                    .inverse(rtl),
            )
            .y_axis(
                Axis::new()
                    .type_(AxisType::Value)
                    .position(if rtl { "right" } else { "left" }),
            )
            .series(
                Bar::new()
                    .name(td_string!(locale, vehicles.km))
                    .data(months.iter().map(|m| m.km).collect()),
            );
        let theme = if dark {
            ChartTheme::Dark
        } else {
            ChartTheme::Default
        };
        if WasmRenderer::new_opt(None, None)
            .theme(theme)
            .render(&canvas_id, &chart)
            .is_ok()
        {
            let _ = container.set_attribute("data-drawn", "true");
        }
    }
}
