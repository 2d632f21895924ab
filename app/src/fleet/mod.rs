//! The fleet itself: the vehicle registry, the drivers and who drives what, and the odometer
//! readings of every vehicle.

pub mod drivers;
pub mod mileage;
pub mod vehicles;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, FieldError};
use crate::listing::Params;

/// Whose records a tab or a list shows: one vehicle's or one driver's (their assignments, their
/// odometer readings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "of", content = "id", rename_all = "snake_case")]
pub enum RecordsOf {
    Vehicle(Uuid),
    Driver(Uuid),
}

impl RecordsOf {
    /// The vehicle and the driver to filter by; one of them is `None`.
    pub fn ids(self) -> (Option<Uuid>, Option<Uuid>) {
        match self {
            Self::Vehicle(id) => (Some(id), None),
            Self::Driver(id) => (None, Some(id)),
        }
    }

    /// Reads `vehicle_id` or `driver_id` (exactly one) from a REST query.
    pub fn from_params(params: &Params) -> Result<Self, AppError> {
        match (params.parse("vehicle_id"), params.parse("driver_id")) {
            (Some(vehicle), None) => Ok(Self::Vehicle(vehicle)),
            (None, Some(driver)) => Ok(Self::Driver(driver)),
            _ => Err(AppError::field("vehicle_id", FieldError::Required)),
        }
    }

    /// `NotFound` unless the vehicle or driver is the tenant's, so that another tenant's id
    /// answers 404 rather than an empty list.
    #[cfg(feature = "ssr")]
    pub async fn ensure_exists(self, tx: &mut crate::tenant::TenantTx) -> Result<(), AppError> {
        let exists = match self {
            Self::Vehicle(id) => vehicles::db::get(tx, vehicles::VehicleId(id))
                .await?
                .is_some(),
            Self::Driver(id) => {
                drivers::db::get(tx, drivers::DriverId(id), chrono::Utc::now().date_naive())
                    .await?
                    .is_some()
            }
        };
        if exists {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
