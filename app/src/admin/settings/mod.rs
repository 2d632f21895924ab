//! The company's fleet rules: whether a driver may hold several vehicles at once, and the
//! kilometres per day above which an odometer reading is abnormal.
//!
//! Owns the page `/admin/settings` and `/api/v1/settings/fleet`; the values live in the
//! `tenants` row (see `tenant::db`). Reading and changing need `SettingsWrite`; a change is
//! audited on the tenant.

mod api;
mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use model::{FleetRules, FleetRulesForm};
pub use page::SettingsPage;
