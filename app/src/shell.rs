//! The HTML document, the routes and the `<html lang dir data-theme>` attributes.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::fleet::drivers::{self, assignments};
use crate::fleet::{mileage, vehicles};
use crate::i18n::{I18nContextProvider, Locale, t, t_string, use_i18n};
use crate::ui::{AppLayout, Theme, Toaster, provide_toasts, use_theme};
use crate::{
    admin, audit, auth, budgets, contracts, dashboard, expenses, inspections, maintenance, money,
    profile,
};

/// The document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Pages anyone may see; every other page sends anonymous visitors to `/login`. The
/// deny-by-default test walks the route list against this.
pub const PUBLIC_PAGES: [&str; 1] = ["/login"];

/// Arabic is written right to left; the layout mirrors through CSS logical properties.
pub fn html_dir(locale: Locale) -> &'static str {
    if locale == Locale::ar { "rtl" } else { "ltr" }
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider set_lang_attr_on_html=false set_dir_attr_on_html=false>
            <Document />
        </I18nContextProvider>
    }
}

#[component]
fn Document() -> impl IntoView {
    let i18n = use_i18n();
    provide_toasts();
    let theme = use_theme();
    // Effects run only in the browser: the end-to-end tests wait for this mark of hydration.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
    view! {
        <Html
            attr:lang=move || crate::language::code(i18n.get_locale())
            attr:dir=move || html_dir(i18n.get_locale())
            attr:data-theme=move || theme.get().map(Theme::as_str)
        />
        <Title formatter=|page: String| format!("{page} · FleetCore") />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=auth::LoginPage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=dashboard::DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("profile") view=profile::ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("admin/users") view=admin::users::UsersPage ssr=SsrMode::Async />
                    <Route path=path!("admin/roles") view=admin::roles::RolesPage ssr=SsrMode::Async />
                    <Route path=path!("admin/settings") view=admin::settings::SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("admin/audit") view=audit::AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("vehicles") view=vehicles::VehiclesPage ssr=SsrMode::Async />
                    <Route path=path!("vehicles/new") view=vehicles::NewVehiclePage ssr=SsrMode::Async />
                    <Route path=path!("vehicles/:id/edit") view=vehicles::EditVehiclePage ssr=SsrMode::Async />
                    <Route path=path!("vehicles/:id/label") view=vehicles::VehicleLabelPage ssr=SsrMode::Async />
                    // The tabs of other modules render into the detail page's outlet.
                    <ParentRoute path=path!("vehicles/:id") view=vehicles::VehicleDetailPage ssr=SsrMode::Async>
                        <Route path=path!("") view=vehicles::VehicleInfoTab />
                        <Route path=path!("assignments") view=assignments::VehicleAssignmentsTab />
                        <Route path=path!("history") view=vehicles::VehicleHistoryTab />
                        <Route path=path!("mileage") view=mileage::VehicleMileageTab />
                        <Route path=path!("maintenance") view=maintenance::VehicleMaintenanceTab />
                        <Route path=path!("expenses") view=expenses::VehicleExpensesTab />
                        <Route path=path!("contracts") view=contracts::VehicleContractsTab />
                        <Route path=path!("documents") view=vehicles::VehicleTabPending />
                    </ParentRoute>
                    <Route path=path!("mileage") view=mileage::MileageEntryPage ssr=SsrMode::Async />
                    <Route path=path!("maintenance") view=maintenance::MaintenancePage ssr=SsrMode::Async />
                    <Route path=path!("maintenance/calendar") view=maintenance::MaintenanceCalendarPage ssr=SsrMode::Async />
                    <Route path=path!("maintenance/programs") view=maintenance::programs::ProgramsPage ssr=SsrMode::Async />
                    <Route path=path!("inspections") view=inspections::InspectionsPage ssr=SsrMode::Async />
                    <Route path=path!("expenses") view=expenses::ExpensesPage ssr=SsrMode::Async />
                    <Route path=path!("expenses/rates") view=money::RatesPage ssr=SsrMode::Async />
                    <Route path=path!("expenses/consumption") view=expenses::FleetConsumptionPage ssr=SsrMode::Async />
                    <Route path=path!("expenses/fuel-import") view=expenses::fuel_import::FuelImportPage ssr=SsrMode::Async />
                    <Route path=path!("expenses/fuel-import/:id") view=expenses::fuel_import::FuelImportPreviewPage ssr=SsrMode::Async />
                    <Route path=path!("expenses/budgets") view=budgets::BudgetsPage ssr=SsrMode::Async />
                    <Route path=path!("contracts") view=contracts::ContractsPage ssr=SsrMode::Async />
                    <Route path=path!("inspections/new") view=inspections::NewInspectionPage ssr=SsrMode::Async />
                    <Route path=path!("inspections/templates") view=inspections::TemplatesPage ssr=SsrMode::Async />
                    <Route path=path!("inspections/:id") view=inspections::InspectionPage ssr=SsrMode::Async />
                    <Route path=path!("drivers") view=drivers::DriversPage ssr=SsrMode::Async />
                    <Route path=path!("drivers/new") view=drivers::NewDriverPage ssr=SsrMode::Async />
                    <Route path=path!("drivers/:id/edit") view=drivers::EditDriverPage ssr=SsrMode::Async />
                    <ParentRoute path=path!("drivers/:id") view=drivers::DriverDetailPage ssr=SsrMode::Async>
                        <Route path=path!("") view=drivers::DriverInfoTab />
                        <Route path=path!("assignments") view=assignments::DriverAssignmentsTab />
                        <Route path=path!("history") view=drivers::DriverHistoryTab />
                        <Route path=path!("certifications") view=drivers::records::DriverCertificationsTab />
                        <Route path=path!("fines") view=drivers::records::DriverFinesTab />
                        <Route path=path!("mileage") view=mileage::DriverMileageTab />
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
        <Toaster />
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t_string!(i18n, common.not_found.title).to_string() />
        <main class="centered-page">
            <h1>{t!(i18n, common.not_found.title)}</h1>
            <p>{t!(i18n, common.not_found.body)}</p>
            <a href="/">{t!(i18n, common.not_found.home)}</a>
        </main>
    }
}
