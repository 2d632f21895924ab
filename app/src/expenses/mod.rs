//! Expenses: what each vehicle costs (fuel, parts, service, insurance, tax, fines, parking,
//! tolls, washing), in the currency it was paid in and converted into the tenant's reporting
//! currency at its date (`money`).
//!
//! Owns the `expenses` table; a fuel fill's odometer is recorded through the mileage rules as
//! a reading with source `fuel`. Serves `/api/v1/expenses` and the list at `/expenses` (`page`,
//! its add form in `form`, a row's delete), the vehicle's expenses tab (`vehicle_tab`: costs
//! so far, cost per km, consumption) and the fleet's consumption by model at
//! `/expenses/consumption` (`fleet_consumption`, `consumption_page`). Fuel-card statements are
//! imported through `fuel_import`. See `api` for the permissions.

mod api;
pub mod consumption;
mod consumption_page;
#[cfg(feature = "ssr")]
pub mod db;
pub mod fleet_consumption;
mod form;
pub mod fuel_import;
#[cfg(feature = "ssr")]
pub mod history;
mod labels;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod rest;
mod vehicle_tab;

pub use api::*;
pub use consumption_page::FleetConsumptionPage;
pub use model::{
    CostedExpense, Expense, ExpenseCategory, ExpenseForm, ExpensePage, ExpenseQuery, ExpenseTotals,
};
pub use page::ExpensesPage;
pub use vehicle_tab::VehicleExpensesTab;
