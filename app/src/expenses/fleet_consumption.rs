//! The fleet's consumption: each model's figure over the stretches of all its vehicles (weighed
//! by distance, like one vehicle's), and the vehicles burning furthest above their model's
//! figure, where a leak, a heavy foot or fuel going elsewhere shows first.
//!
//! The stretches are measured as fills are written (migration 19 keeps `fuel_stretches`) and
//! summed in SQL (`db::fleet_fuel`), which returns one row per model and the vehicles listed
//! above theirs, never a row per fill; [`fleet_consumption`] turns those rows into figures.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::consumption::per_100km;
use crate::fleet::vehicles::FuelType;

/// What the fleet figures need of a vehicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasuredVehicle {
    pub id: Uuid,
    pub plate: String,
    pub brand: String,
    pub model: String,
    pub fuel_type: FuelType,
}

/// One model's figure, in litres or (electric) kWh per 100 km.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelConsumption {
    pub brand: String,
    pub model: String,
    pub fuel_type: FuelType,
    /// Its vehicles with at least one measured stretch.
    pub vehicles: usize,
    pub distance_km: i64,
    pub quantity: Decimal,
    pub per_100km: f64,
}

/// A vehicle set against its model's figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VehicleAgainstModel {
    pub vehicle: MeasuredVehicle,
    pub per_100km: f64,
    pub model_per_100km: f64,
    /// How far above the model's figure, in percent (rounded).
    pub above_percent: i64,
}

/// The fleet's figures: every model measured, most driven first, and the vehicles furthest
/// above their model's figure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FleetConsumption {
    pub models: Vec<ModelConsumption>,
    pub above_model: Vec<VehicleAgainstModel>,
}

/// A vehicle is listed once it burns this much more than its model (in percent)...
pub const ABOVE_MODEL_PERCENT: i64 = 15;
/// ...and its model has this many vehicles measured, so that the model's figure is not the
/// vehicle's own.
pub const MODEL_NEEDS: i64 = 3;
/// The most vehicles listed above their model.
pub const ABOVE_MODEL_SHOWN: i64 = 20;

/// A vehicle measured over the period, with its model's sums: a row of `db::fleet_fuel`. Every
/// model has one row marked `first_of_model`; the vehicles listed above their model carry
/// their place in that list.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasuredRow {
    pub vehicle: MeasuredVehicle,
    pub distance_km: i64,
    pub quantity: Decimal,
    pub model_vehicles: i64,
    pub model_distance_km: i64,
    pub model_quantity: Decimal,
    /// How far above its model's figure, in percent, rounded half away from zero.
    pub above_percent: i64,
    pub first_of_model: bool,
    pub above_rank: Option<i64>,
}

/// The fleet's figures from the measured rows: the models most driven first, then the vehicles
/// furthest above their model.
pub fn fleet_consumption(rows: &[MeasuredRow]) -> FleetConsumption {
    let mut models: Vec<ModelConsumption> = rows
        .iter()
        .filter(|r| r.first_of_model)
        .map(|r| ModelConsumption {
            brand: r.vehicle.brand.clone(),
            model: r.vehicle.model.clone(),
            fuel_type: r.vehicle.fuel_type,
            vehicles: usize::try_from(r.model_vehicles).unwrap_or(0),
            distance_km: r.model_distance_km,
            quantity: r.model_quantity,
            per_100km: per_100km(r.model_quantity, r.model_distance_km),
        })
        .collect();
    models.sort_by(|a, b| {
        b.distance_km
            .cmp(&a.distance_km)
            .then_with(|| (&a.brand, &a.model).cmp(&(&b.brand, &b.model)))
    });
    let mut listed: Vec<&MeasuredRow> = rows.iter().filter(|r| r.above_rank.is_some()).collect();
    listed.sort_by_key(|r| r.above_rank);
    let above_model = listed
        .into_iter()
        .map(|r| VehicleAgainstModel {
            vehicle: r.vehicle.clone(),
            per_100km: per_100km(r.quantity, r.distance_km),
            model_per_100km: per_100km(r.model_quantity, r.model_distance_km),
            above_percent: r.above_percent,
        })
        .collect();
    FleetConsumption {
        models,
        above_model,
    }
}
