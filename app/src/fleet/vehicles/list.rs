//! `/vehicles`: the fleet as a table or as cards, with search, filters, sorting, paging and a
//! choice of columns. Every bit of that state is in the address, so a view can be shared and
//! the back button works; the filter form is a plain GET form, so all of it works without
//! JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_navigate;

use super::labels::{body_label, column_label, fuel_label, status_label, transmission_label};
use super::{
    BodyType, FuelType, Vehicle, VehicleColumn, VehicleFacets, VehicleQuery, VehicleStatus,
    list_vehicles_fn, vehicle_facets_fn,
};
use crate::auth::Permission;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::listing::{Paged, Params};
use crate::ui::form::FormError;
use crate::ui::{
    Can, ChoiceFilter, EmptyList, FilterActions, PageSizeSelect, Pager, SearchFilter, SortHeader,
    format, use_address_params, use_signed_in,
};

const PATH: &str = "/vehicles";

/// Table or cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Table,
    Cards,
}

impl Layout {
    fn from_params(p: &Params) -> Self {
        if p.get("view") == Some("cards") {
            Self::Cards
        } else {
            Self::Table
        }
    }
}

/// The columns the address asks for, or the default set.
fn visible_columns(p: &Params) -> Vec<VehicleColumn> {
    let chosen: Vec<VehicleColumn> = p
        .all("cols")
        .into_iter()
        .filter_map(|c| c.parse().ok())
        .collect();
    if chosen.is_empty() {
        VehicleColumn::DEFAULT.to_vec()
    } else {
        chosen
    }
}

/// The list page.
#[component]
pub fn VehiclesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let query = Memo::new(move |_| params.with(VehicleQuery::from_params));
    let vehicles = Resource::new(move || query.get(), list_vehicles_fn);
    let signed_in = use_signed_in();
    let facets = Resource::new(|| (), |_| vehicle_facets_fn());
    view! {
        <Title text=t_string!(i18n, vehicles.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, vehicles.title)}</h1>
            <Can permission=Permission::VehicleWrite>
                <a class="button primary" href="/vehicles/new" data-testid="new-vehicle">{t!(i18n, vehicles.new)}</a>
            </Can>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let facets = facets.await.unwrap_or_default();
                view! { <Filters params facets /> }
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let can_add = signed_in.can(Permission::VehicleWrite).await;
                match vehicles.await {
                    Ok(page) => view! { <Results page params=params.get() can_add /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The search box, the filters, the page size and the column choice: one GET form.
#[component]
fn Filters(params: Memo<Params>, facets: VehicleFacets) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let facets = facets.clone();
        let l = i18n.get_locale();
        let p = params.get();
        let q = VehicleQuery::from_params(&p);
        let cols = visible_columns(&p);
        // Sorting and the layout are links, not fields: carried through the form unchanged.
        let keeps = ["sort", "dir", "view"].map(|key: &'static str| {
            p.get(key)
                .map(|v| v.to_owned())
                .map(|v| view! { <input type="hidden" name=key value=v /> })
        });
        view! {
            <Form method="GET" action=PATH attr:class="filters card" attr:data-testid="vehicle-filters" attr:role="search">
                <SearchFilter value=q.q.clone() placeholder=t_string!(i18n, vehicles.search_placeholder) />
                <ChoiceFilter label=column_label(l, VehicleColumn::Status) name="status" selected=q.status.map(|s| s.as_str().to_owned())
                    options=VehicleStatus::ALL.iter().map(|s| (s.as_str().to_owned(), status_label(l, *s).to_owned())).collect() />
                <ChoiceFilter label=column_label(l, VehicleColumn::Brand) name="brand" selected=q.brand.clone()
                    options=facets.brands.iter().map(|b| (b.clone(), b.clone())).collect() />
                <ChoiceFilter label=column_label(l, VehicleColumn::BodyType) name="body_type" selected=q.body_type.map(|s| s.as_str().to_owned())
                    options=BodyType::ALL.iter().map(|b| (b.as_str().to_owned(), body_label(l, *b).to_owned())).collect() />
                <ChoiceFilter label=column_label(l, VehicleColumn::FuelType) name="fuel_type" selected=q.fuel_type.map(|s| s.as_str().to_owned())
                    options=FuelType::ALL.iter().map(|f| (f.as_str().to_owned(), fuel_label(l, *f).to_owned())).collect() />
                <ChoiceFilter label=column_label(l, VehicleColumn::Department) name="department" selected=q.department.clone()
                    options=facets.departments.iter().map(|d| (d.clone(), d.clone())).collect() />
                <fieldset class="field filter-range">
                    <legend>{column_label(l, VehicleColumn::Year)}</legend>
                    <input type="number" name="year_from" min="1900" max="2100" value=q.year_from.map(|y| y.to_string())
                        aria-label=t_string!(i18n, common.list.from) placeholder=t_string!(i18n, common.list.from) />
                    <input type="number" name="year_to" min="1900" max="2100" value=q.year_to.map(|y| y.to_string())
                        aria-label=t_string!(i18n, common.list.to) placeholder=t_string!(i18n, common.list.to) />
                </fieldset>
                <PageSizeSelect current=q.page.per_page />
                <details class="menu columns-menu">
                    <summary class="button ghost">{t!(i18n, common.list.columns)}</summary>
                    <div class="menu-items">
                        {VehicleColumn::ALL
                            .into_iter()
                            .map(|c| view! {
                                <label class="checkbox">
                                    <input type="checkbox" name="cols" value=c.as_str() checked=cols.contains(&c) />
                                    <span>{column_label(l, c)}</span>
                                </label>
                            })
                            .collect_view()}
                    </div>
                </details>
                {keeps}
                <FilterActions path=PATH />
            </Form>
        }
    }
}

/// The toolbar, then the table or the cards, or an empty state.
#[component]
fn Results(page: Paged<Vehicle>, params: Params, can_add: bool) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let layout = Layout::from_params(&params);
        let pager = view! {
            <Pager page=page.page pages=page.pages() total=format::number(l, page.total) params=params.clone() path=PATH />
        };
        let body = if page.items.is_empty() {
            let filtered = VehicleQuery::from_params(&params) != VehicleQuery::default();
            view! {
                <EmptyList filtered path=PATH none_yet=td_string!(l, vehicles.empty) hint=td_string!(l, vehicles.empty_hint)
                    new_href="/vehicles/new" new_label=td_string!(l, vehicles.new) can_add />
            }
            .into_any()
        } else if layout == Layout::Cards {
            view! { <Cards vehicles=page.items.clone() locale=l /> }.into_any()
        } else {
            view! { <Table vehicles=page.items.clone() params=params.clone() locale=l /> }
                .into_any()
        };
        view! {
            <div class="list-toolbar">
                <LayoutSwitch params=params.clone() current=layout />
                {pager}
            </div>
            {body}
        }
    }
}

#[component]
fn LayoutSwitch(params: Params, current: Layout) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |layout: Layout| {
        let mut p = params.clone();
        match layout {
            Layout::Table => p.remove("view"),
            Layout::Cards => p.set("view", "cards"),
        }
        p.href(PATH)
    };
    view! {
        <div class="segmented" role="group" aria-label=move || t_string!(i18n, vehicles.view_label)>
            <a href=href(Layout::Table) aria-current=(current == Layout::Table).then_some("true") data-testid="view-table">
                {t!(i18n, common.list.table)}
            </a>
            <a href=href(Layout::Cards) aria-current=(current == Layout::Cards).then_some("true") data-testid="view-cards">
                {t!(i18n, common.list.cards)}
            </a>
        </div>
    }
}

fn detail_href(v: &Vehicle) -> String {
    format!("/vehicles/{}", v.id.0)
}

#[component]
fn Table(vehicles: Vec<Vehicle>, params: Params, locale: Locale) -> impl IntoView {
    let cols = visible_columns(&params);
    let query = VehicleQuery::from_params(&params);
    let sorted = query.sort_column();
    let navigate = use_navigate();
    let headers = cols
        .iter()
        .map(|c| {
            let current = (*c == sorted).then_some(query.dir);
            view! {
                <SortHeader label=column_label(locale, *c) key=c.as_str() params=params.clone() path=PATH current />
            }
        })
        .collect_view();
    let rows = vehicles
        .into_iter()
        .map(|v| {
            let href = detail_href(&v);
            let navigate = navigate.clone();
            let to = href.clone();
            // The plate is a real link (keyboard, JavaScript off); once hydrated the whole row is.
            let cells = cols.iter().map(|c| view! { <td data-col=c.as_str()>{cell(locale, &v, *c, &href)}</td> }).collect_view();
            view! {
                <tr class="clickable" data-testid="vehicle-row" on:click=move |_| navigate(&to, Default::default())>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap card">
            <table class="data-table" data-testid="vehicle-table">
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One cell of the table.
fn cell(l: Locale, v: &Vehicle, c: VehicleColumn, href: &str) -> AnyView {
    let text = |s: Option<String>| s.unwrap_or_else(|| "—".into()).into_any();
    match c {
        VehicleColumn::Plate => {
            view! { <a class="plate" href=href.to_owned()>{v.plate.clone()}</a> }.into_any()
        }
        VehicleColumn::Brand => v.brand.clone().into_any(),
        VehicleColumn::Model => v.model.clone().into_any(),
        VehicleColumn::Year => v.year.into_any(),
        VehicleColumn::BodyType => body_label(l, v.body_type).into_any(),
        VehicleColumn::FuelType => fuel_label(l, v.fuel_type).into_any(),
        VehicleColumn::Transmission => {
            text(v.transmission.map(|t| transmission_label(l, t).to_owned()))
        }
        VehicleColumn::Vin => {
            view! { <span class="mono">{v.vin.clone().unwrap_or_else(|| "—".into())}</span> }
                .into_any()
        }
        VehicleColumn::Color => text(v.color.clone()),
        VehicleColumn::Seats => text(v.seats.map(|s| s.to_string())),
        VehicleColumn::Department => text(v.department.clone()),
        VehicleColumn::Mileage => {
            view! { <span class="num">{format::number(l, v.current_mileage)}</span> }.into_any()
        }
        VehicleColumn::Status => view! { <StatusBadge status=v.status /> }.into_any(),
        VehicleColumn::PurchaseDate => text(v.purchase_date.map(|d| format::date(l, d))),
        VehicleColumn::Driver => text(v.driver_name.clone()),
    }
}

#[component]
fn Cards(vehicles: Vec<Vehicle>, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card-grid" data-testid="vehicle-cards">
            {vehicles
                .into_iter()
                .map(|v| view! {
                    <a class="card vehicle-card" href=detail_href(&v) data-testid="vehicle-card">
                        <div class="vehicle-card-head">
                            <span class="plate">{v.plate.clone()}</span>
                            <StatusBadge status=v.status />
                        </div>
                        <p class="vehicle-card-title">{format!("{} {} · {}", v.brand, v.model, v.year)}</p>
                        <p class="muted">
                            {body_label(locale, v.body_type)} " · " {fuel_label(locale, v.fuel_type)}
                        </p>
                        <p class="muted">
                            {v.department.clone().unwrap_or_default()} " · "
                            <span class="num">{format::number(locale, v.current_mileage)}</span> " " {t!(i18n, vehicles.km)}
                        </p>
                    </a>
                })
                .collect_view()}
        </div>
    }
}

/// A vehicle's status as a coloured badge.
#[component]
pub fn StatusBadge(status: VehicleStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge" data-status=status.as_str() data-testid="status-badge">
            {move || status_label(i18n.get_locale(), status)}
        </span>
    }
}
