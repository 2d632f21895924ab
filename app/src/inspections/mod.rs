//! Inspections: pre- and post-trip checklists filled for a vehicle, and the defects their
//! failed items open.
//!
//! Owns `inspection_templates` (the checklists, per body type or for every vehicle),
//! `inspections` with their answered `inspection_items`, and `defects` (open → acknowledged →
//! resolved; a manager turns one into a work order of the maintenance slice, which finds its
//! defect back through it). An inspection's odometer value goes through the mileage rules as a
//! reading. Serves `/api/v1/inspections`, the list at `/inspections` (`list`), the form at
//! `/inspections/new` (`fill`), one inspection at `/inspections/{id}` (`detail`) and the
//! checklists at `/inspections/templates` (`templates`); `defects` shows defects with their
//! actions on the list and the inspection. See `api` for the permissions.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod defects;
mod detail;
mod fill;
mod labels;
mod list;
pub mod model;
#[cfg(feature = "ssr")]
pub mod rest;
mod templates;

pub use api::*;
pub use detail::InspectionPage;
pub use fill::NewInspectionPage;
pub use list::InspectionsPage;
pub use model::{
    Defect, DefectStatus, Inspection, InspectionDetail, InspectionForm, ItemResult, Template,
    TemplateForm,
};
pub use templates::TemplatesPage;
