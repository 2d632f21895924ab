//! Drivers: who they are, their licence and medical papers, and (in `assignments`) which
//! vehicles they drive.
//!
//! Owns the `drivers` table (and, in `records`, `driver_certifications` and `driver_fines`);
//! the pages `/drivers` (list with papers-due filter and badges),
//! `/drivers/new`, `/drivers/{id}` (detail with tabs), `/drivers/{id}/edit`; and
//! `/api/v1/drivers`. Reading needs `DriverRead`, every change `DriverWrite`, and every change
//! is audited with the driver before and after. Drivers are never deleted: `terminated` ends
//! their employment and keeps their history.

mod api;
pub mod assignments;
#[cfg(feature = "ssr")]
pub mod db;
mod detail;
mod form;
mod labels;
mod list;
mod model;
pub mod records;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use detail::{DriverDetailPage, DriverHistoryTab, DriverInfoTab};
pub use form::{EditDriverPage, NewDriverPage};
pub use list::DriversPage;
pub use model::{
    Driver, DriverAccount, DriverColumn, DriverFacets, DriverForm, DriverId, DriverQuery,
    DriverStatus, LICENCE_CATEGORIES,
};
