//! Maintenance: work orders (services, repairs, inspections, tyre changes, body work, recalls)
//! planned and done on every vehicle, and when work falls due.
//!
//! Owns the `maintenance_records` table; moving a work order makes its vehicle's status follow
//! (in maintenance while work is in progress), and completing one records its odometer value
//! through the mileage rules. Serves `/api/v1/maintenance`, the board and list at
//! `/maintenance` (`board`), the calendar at `/maintenance/calendar` (`calendar`) and the
//! vehicle's maintenance tab (`vehicle_tab`); cards and their
//! move form (`card`), the plan form (`plan`) and the table (`table`) serve both pages.
//! Programs (`programs`) plan work orders for many vehicles and the next one on completion. See
//! `api` for the permissions.

mod api;
mod board;
mod calendar;
mod card;
#[cfg(feature = "ssr")]
pub mod db;
pub mod due;
#[cfg(feature = "ssr")]
pub mod history;
pub mod labels;
pub mod model;
mod plan;
pub mod programs;
#[cfg(feature = "ssr")]
pub mod rest;
mod table;
mod vehicle_tab;

pub use api::*;
pub use board::MaintenancePage;
pub use calendar::MaintenanceCalendarPage;
pub use due::{DueState, DueWindow};
pub use model::{
    BoardColumn, Calendar, DueWorkOrder, MoveForm, Priority, WorkKind, WorkOrder, WorkOrderForm,
    WorkOrderInput, WorkOrderQuery, WorkStatus,
};
pub use vehicle_tab::VehicleMaintenanceTab;
