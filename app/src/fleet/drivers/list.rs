//! `/drivers`: the drivers as a table with search, filters (status, department, papers due
//! within N days), sorting and paging; badges flag papers that expired or are due within 7, 14
//! or 30 days. The state lives in the address and the filters are a GET form, as on `/vehicles`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_navigate;

use super::labels::{column_label, status_label};
use super::model::EXPIRY_WINDOWS;
use super::{
    Driver, DriverColumn, DriverFacets, DriverQuery, DriverStatus, driver_facets_fn,
    list_drivers_fn,
};
use crate::auth::Permission;
use crate::expiry::UrgencyBadge;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::listing::{Paged, Params};
use crate::ui::form::FormError;
use crate::ui::{
    Can, ChoiceFilter, EmptyList, FilterActions, PageSizeSelect, Pager, SearchFilter, SortHeader,
    format, use_address_params, use_signed_in,
};

const PATH: &str = "/drivers";

/// The list page.
#[component]
pub fn DriversPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let query = Memo::new(move |_| params.with(DriverQuery::from_params));
    let drivers = Resource::new(move || query.get(), list_drivers_fn);
    let signed_in = use_signed_in();
    let facets = Resource::new(|| (), |_| driver_facets_fn());
    view! {
        <Title text=t_string!(i18n, drivers.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, drivers.title)}</h1>
            <Can permission=Permission::DriverWrite>
                <a class="button primary" href="/drivers/new" data-testid="new-driver">{t!(i18n, drivers.new)}</a>
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
                let can_add = signed_in.can(Permission::DriverWrite).await;
                match drivers.await {
                    Ok(page) => view! { <Results page params=params.get() can_add /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The search box, the filters and the page size: one GET form.
#[component]
fn Filters(params: Memo<Params>, facets: DriverFacets) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let facets = facets.clone();
        let l = i18n.get_locale();
        let p = params.get();
        let q = DriverQuery::from_params(&p);
        let keeps = ["sort", "dir"].map(|key: &'static str| {
            p.get(key)
                .map(|v| v.to_owned())
                .map(|v| view! { <input type="hidden" name=key value=v /> })
        });
        let windows = EXPIRY_WINDOWS
            .iter()
            .map(|d| {
                (
                    d.to_string(),
                    td_string!(
                        l,
                        drivers.within_days,
                        count = *d,
                        n = format::number(l, (*d).into())
                    )
                    .to_string(),
                )
            })
            .collect();
        view! {
            <Form method="GET" action=PATH attr:class="filters card" attr:data-testid="driver-filters" attr:role="search">
                <SearchFilter value=q.q.clone() placeholder=t_string!(i18n, drivers.search_placeholder) />
                <ChoiceFilter label=column_label(l, DriverColumn::Status) name="status" selected=q.status.map(|s| s.as_str().to_owned())
                    options=DriverStatus::ALL.iter().map(|s| (s.as_str().to_owned(), status_label(l, *s).to_owned())).collect() />
                <ChoiceFilter label=column_label(l, DriverColumn::Department) name="department" selected=q.department.clone()
                    options=facets.departments.iter().map(|d| (d.clone(), d.clone())).collect() />
                <ChoiceFilter label=td_string!(l, drivers.papers_due) name="expiring_within" selected=q.expiring_within.map(|d| d.to_string())
                    options=windows />
                <PageSizeSelect current=q.page.per_page />
                {keeps}
                <FilterActions path=PATH />
            </Form>
        }
    }
}

/// The pager, then the table or an empty state.
#[component]
fn Results(page: Paged<Driver>, params: Params, can_add: bool) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let body = if page.items.is_empty() {
            let filtered = DriverQuery::from_params(&params) != DriverQuery::default();
            view! {
                <EmptyList filtered path=PATH none_yet=td_string!(l, drivers.empty) hint=td_string!(l, drivers.empty_hint)
                    new_href="/drivers/new" new_label=td_string!(l, drivers.new) can_add />
            }
            .into_any()
        } else {
            view! { <Table drivers=page.items.clone() params=params.clone() locale=l /> }.into_any()
        };
        view! {
            <div class="list-toolbar">
                <Pager page=page.page pages=page.pages() total=format::number(l, page.total) params=params.clone() path=PATH />
            </div>
            {body}
        }
    }
}

#[component]
fn Table(drivers: Vec<Driver>, params: Params, locale: Locale) -> impl IntoView {
    let query = DriverQuery::from_params(&params);
    let sorted = query.sort_column();
    let navigate = use_navigate();
    let headers = DriverColumn::ALL
        .iter()
        .map(|c| {
            let current = (*c == sorted).then_some(query.dir);
            view! {
                <SortHeader label=column_label(locale, *c) key=c.as_str() params=params.clone() path=PATH current />
            }
        })
        .collect_view();
    let rows = drivers
        .into_iter()
        .map(|d| {
            let href = format!("/drivers/{}", d.id.0);
            let navigate = navigate.clone();
            let to = href.clone();
            // The name is a real link (keyboard, JavaScript off); once hydrated the whole row is.
            let cells = DriverColumn::ALL.iter().map(|c| view! { <td data-col=c.as_str()>{cell(&d, *c, &href)}</td> }).collect_view();
            view! {
                <tr class="clickable" data-testid="driver-row" on:click=move |_| navigate(&to, Default::default())>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap card">
            <table class="data-table" data-testid="driver-table">
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One cell of the table.
fn cell(d: &Driver, c: DriverColumn, href: &str) -> AnyView {
    let text = |s: Option<String>| s.unwrap_or_else(|| "—".into()).into_any();
    match c {
        DriverColumn::Name => {
            view! { <a href=href.to_owned()>{d.full_name.clone()}</a> }.into_any()
        }
        DriverColumn::EmployeeNumber => {
            view! { <span class="mono">{d.employee_number.clone()}</span> }.into_any()
        }
        DriverColumn::Phone => text(d.phone.clone()),
        DriverColumn::Categories => {
            text(Some(d.licence_categories.join(" ")).filter(|s| !s.is_empty()))
        }
        DriverColumn::LicenceExpiry => {
            view! { <PaperDate date=d.licence_expiry days_left=d.licence_days_left /> }.into_any()
        }
        DriverColumn::MedicalExpiry => {
            view! { <PaperDate date=d.medical_expiry days_left=d.medical_days_left /> }.into_any()
        }
        DriverColumn::Certificates => match d.certificate_days_left {
            Some(_) => view! { <UrgencyBadge days_left=d.certificate_days_left /> }.into_any(),
            None => "—".into_any(),
        },
        DriverColumn::Department => text(d.department.clone()),
        DriverColumn::Status => view! { <DriverStatusBadge status=d.status /> }.into_any(),
    }
}

/// A paper's expiry date with its urgency badge.
#[component]
pub fn PaperDate(date: Option<chrono::NaiveDate>, days_left: Option<i32>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        match date {
            None => "—".into_any(),
            Some(day) => view! { {format::date(l, day)} " " <UrgencyBadge days_left /> }.into_any(),
        }
    }
}

/// A driver's status as a coloured badge.
#[component]
pub fn DriverStatusBadge(status: DriverStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge" data-status=status.as_str() data-testid="driver-status">{move || status_label(i18n.get_locale(), status)}</span>
    }
}
