//! A driver's records besides their assignments: certificates and training (with the renewal
//! due shown like the licence's), and traffic fines (paid or not). Tabs of the driver page and
//! routes under `/api/v1/drivers/{id}/`.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
mod panel;

pub use api::*;
pub use model::{Certification, CertificationForm, Fine, FineForm};
pub use panel::{DriverCertificationsTab, DriverFinesTab};
