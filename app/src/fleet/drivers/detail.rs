//! `/drivers/{id}`: the header card with the papers' urgency, and the tabs: info, vehicle
//! assignments, history, certificates, fines, and the readings the driver entered (mileage).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use uuid::Uuid;

use super::list::{DriverStatusBadge, PaperDate};
use super::{Driver, driver_history_fn, get_driver_fn};
use crate::audit::HistoryPanel;
use crate::auth::Permission;
use crate::error::AppError;
use crate::expiry::UrgencyBadge;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::listing::PageRequest;
use crate::ui::form::FormError;
use crate::ui::{Tab, TabBar, for_id, format, id_param, use_address_params, use_signed_in};

/// The driver the detail page and its tabs show.
#[derive(Clone, Copy)]
struct ShownDriver(Resource<Result<Driver, AppError>>);

/// The detail page: header, tabs, and the selected tab below.
#[component]
pub fn DriverDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let driver = Resource::new(move || id.get(), |id| for_id(id, get_driver_fn));
    provide_context(ShownDriver(driver));
    let signed_in = use_signed_in();
    view! {
        <p><a href="/drivers">"← " {t!(i18n, drivers.back_to_list)}</a></p>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                // Decided here with the driver, not by a `Can` nested in this `Suspend`.
                let can_write = signed_in.can(Permission::DriverWrite).await;
                match driver.await {
                    Ok(d) => view! {
                        <Title text=d.full_name.clone() />
                        <Header driver=d.clone() can_write />
                        <Tabs id=d.id.0 />
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
fn Header(driver: Driver, can_write: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = driver.id.0;
    view! {
        <section class="card record-header" data-testid="driver-header">
            <div class="record-title">
                <h1 data-testid="driver-name">{driver.full_name.clone()}</h1>
                <p class="record-subtitle mono">{driver.employee_number.clone()}</p>
                <DriverStatusBadge status=driver.status />
                " "
                <UrgencyBadge days_left=driver.papers_days_left() />
            </div>
            {can_write.then(|| view! {
                <div class="record-actions">
                    <a class="button" href=format!("/drivers/{id}/edit") data-testid="edit-driver">{t!(i18n, common.edit)}</a>
                </div>
            })}
        </section>
    }
}

#[component]
fn Tabs(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let tab = |path, label: AnyView, testid| Tab {
        path,
        label,
        testid,
    };
    let tabs = vec![
        tab("", t!(i18n, drivers.tabs.info).into_any(), "tab-info"),
        tab(
            "/assignments",
            t!(i18n, drivers.tabs.assignments).into_any(),
            "tab-assignments",
        ),
        tab(
            "/history",
            t!(i18n, drivers.tabs.history).into_any(),
            "tab-history",
        ),
        tab(
            "/certifications",
            t!(i18n, drivers.tabs.certifications).into_any(),
            "tab-certifications",
        ),
        tab(
            "/fines",
            t!(i18n, drivers.tabs.fines).into_any(),
            "tab-fines",
        ),
        tab(
            "/mileage",
            t!(i18n, drivers.tabs.mileage).into_any(),
            "tab-mileage",
        ),
    ];
    view! { <TabBar base=format!("/drivers/{id}") label=Signal::derive(move || t_string!(i18n, drivers.title).to_string()) tabs /> }
}

/// The info tab: every field.
#[component]
pub fn DriverInfoTab() -> impl IntoView {
    let i18n = use_i18n();
    let ShownDriver(driver) = expect_context();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(d) = driver.await else { return ().into_any() };
                let l = i18n.get_locale();
                let or_dash = |s: Option<String>| s.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
                let text_rows: Vec<(&'static str, String)> = vec![
                    (td_string!(l, drivers.fields.full_name), d.full_name.clone()),
                    (td_string!(l, drivers.fields.employee_number), d.employee_number.clone()),
                    (td_string!(l, drivers.fields.phone), or_dash(d.phone.clone())),
                    (td_string!(l, drivers.fields.email), or_dash(d.email.clone())),
                    (td_string!(l, drivers.fields.hire_date), or_dash(d.hire_date.map(|day| format::date(l, day)))),
                    (td_string!(l, drivers.fields.department), or_dash(d.department.clone())),
                    (td_string!(l, drivers.fields.licence_number), or_dash(d.licence_number.clone())),
                    (td_string!(l, drivers.fields.licence_categories), or_dash(Some(d.licence_categories.join(" ")))),
                    (td_string!(l, drivers.fields.languages), or_dash(Some(d.languages.join(", ")))),
                    (td_string!(l, drivers.fields.user_id), if d.user_id.is_some() { td_string!(l, drivers.has_account) } else { td_string!(l, drivers.no_account) }.into()),
                    (td_string!(l, drivers.fields.notes), or_dash(d.notes.clone())),
                ];
                view! {
                    <section class="card">
                        <dl class="facts" data-testid="driver-facts">
                            {text_rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt> <dd>{v}</dd> }).collect_view()}
                            <dt>{td_string!(l, drivers.fields.licence_expiry)}</dt>
                            <dd data-testid="licence-expiry"><PaperDate date=d.licence_expiry days_left=d.licence_days_left /></dd>
                            <dt>{td_string!(l, drivers.fields.medical_expiry)}</dt>
                            <dd data-testid="medical-expiry"><PaperDate date=d.medical_expiry days_left=d.medical_days_left /></dd>
                        </dl>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// The history tab: the driver's audit entries, newest first.
#[component]
pub fn DriverHistoryTab() -> impl IntoView {
    let id = id_param();
    let params = use_address_params();
    let history = Resource::new(
        move || (id.get(), params.with(PageRequest::from_params)),
        |(id, page)| for_id(id, move |id| driver_history_fn(id, page)),
    );
    view! { <HistoryPanel history path=move || id.get().map(|id| format!("/drivers/{id}/history")).unwrap_or_default() /> }
}
