//! Maintenance programs: "every 10,000 km or 6 months, whichever comes first", with a due-soon
//! window and a task list, applied to vehicles by department, brand, model or a selection.
//!
//! Owns `maintenance_programs` and `maintenance_program_vehicles`. Applying plans each vehicle's
//! first work order (one interval from today and from its odometer); completing a program's
//! work order plans the next (`maintenance::api`). Serves `/api/v1/maintenance/programs` and
//! `/maintenance/programs`.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use model::{Applied, ApplyForm, Program, ProgramForm};
pub use page::ProgramsPage;
