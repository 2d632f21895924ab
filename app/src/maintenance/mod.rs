//! Maintenance: work orders (services, repairs, inspections, tyre changes, body work, recalls)
//! planned and done on every vehicle, and when work falls due.
//!
//! Owns the `maintenance_records` table; moving a work order makes its vehicle's status follow
//! (in maintenance while work is in progress), and completing one records its odometer value
//! through the mileage rules. Serves `/api/v1/maintenance`. See `api` for the permissions.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod due;
pub mod model;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use due::{DueState, DueWindow};
pub use model::{DueWorkOrder, MoveForm, Priority, WorkKind, WorkOrder, WorkOrderForm, WorkOrderQuery, WorkStatus};
