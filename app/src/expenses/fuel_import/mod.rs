//! Fuel-card statements: a statement pasted as CSV is kept (`fuel_imports`), its columns mapped
//! onto the fields of a fuel expense (the tenant's last mapping is its template, so the next
//! statement maps itself), previewed row by row and imported all or nothing, once. Each row is
//! a fuel expense recorded like the add form's, its odometer through the mileage rules.
//!
//! Serves `/expenses/fuel-import` and `/expenses/fuel-import/{id}` (`page`) and
//! `POST /api/v1/expenses/fuel-import` (in `expenses::rest`).

mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
mod page;

pub use api::*;
pub use page::{FuelImportPage, FuelImportPreviewPage};

/// Where the paste form is; a statement's page is under it.
pub const PATH: &str = "/expenses/fuel-import";
