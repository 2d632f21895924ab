//! Who drives which vehicle when: `vehicle_assignments`, whose exclusion constraints refuse
//! two drivers in one vehicle at once (and, where the tenant says so, one driver in two). The
//! history is kept: ending an assignment closes its period, nothing is overwritten, and a
//! vehicle's current driver is derived from it. Shown as a tab of both the vehicle and the
//! driver (`AssignmentsTab`); changes need `DriverWrite` and are audited on the vehicle.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
mod panel;

pub use api::*;
pub use model::{Assignment, AssignmentForm, AssignmentId};
pub use panel::{DriverAssignmentsTab, VehicleAssignmentsTab};
