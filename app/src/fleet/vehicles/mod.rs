//! The vehicle registry: every vehicle of a tenant, its details, status and QR label.
//!
//! Owns the `vehicles` table; the pages `/vehicles` (list), `/vehicles/new`, `/vehicles/{id}`
//! (detail, with tabs that later slices fill), `/vehicles/{id}/edit`, `/vehicles/{id}/label`;
//! and `/api/v1/vehicles`. Reading needs `VehicleRead`, every change `VehicleWrite`, and every
//! change is audited with the vehicle before and after. `current_mileage` is the mileage
//! module's to write; `assigned_driver_id` the drivers module's.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod detail;
mod form;
mod labels;
mod list;
mod model;
pub mod plate;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use detail::{
    VehicleDetailPage, VehicleHistoryTab, VehicleInfoTab, VehicleLabelPage, VehicleTabPending,
    shown_vehicle_reloader,
};
pub use form::{EditVehiclePage, NewVehiclePage};
pub use labels::{body_label, fuel_label, status_label};
pub use list::{StatusBadge, VehiclesPage};
pub use model::{
    BodyType, CURRENCIES, FuelType, Transmission, ValidationContext, Vehicle, VehicleColumn,
    VehicleFacets, VehicleForm, VehicleId, VehicleQuery, VehicleStatus,
};
