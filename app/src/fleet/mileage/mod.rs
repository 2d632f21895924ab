//! Mileage: odometer readings of every vehicle and the rules that keep them trustworthy (in
//! sequence, abnormal jumps confirmed, unusual ones flagged, mistakes voided with a reason).
//!
//! Owns the `mileage_readings` table and keeps `vehicles.current_mileage` equal to the latest
//! live reading in the same transaction; the pages `/mileage` (bulk entry) and the mileage tabs
//! of vehicles and drivers; and `/api/v1/mileage`. See `api` for the permissions.

mod api;
mod chart;
#[cfg(feature = "ssr")]
pub mod db;
mod entry;
pub mod model;
mod panel;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use entry::MileageEntryPage;
pub use model::{MileageSource, Reading, ReadingForm, VoidCause, VoidReason};
pub use panel::{ConfirmAbnormal, DriverMileageTab, VehicleMileageTab};
