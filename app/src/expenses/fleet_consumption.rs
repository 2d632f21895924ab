//! The fleet's consumption: each model's figure over the stretches of all its vehicles (weighed
//! by distance, like one vehicle's), and the vehicles burning furthest above their model's
//! figure, where a leak, a heavy foot or fuel going elsewhere shows first.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::consumption::Consumption;
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
const MODEL_NEEDS: usize = 3;
/// The most vehicles listed above their model.
pub const ABOVE_MODEL_SHOWN: usize = 20;

/// The fleet's figures from each vehicle's consumption.
pub fn fleet_consumption(measured: &[(MeasuredVehicle, Consumption)]) -> FleetConsumption {
    let mut models: Vec<ModelConsumption> = Vec::new();
    for (vehicle, consumption) in measured.iter().filter(|(_, c)| c.per_100km.is_some()) {
        let distance: i64 = consumption.stretches.iter().map(|s| s.distance_km).sum();
        let quantity: Decimal = consumption.stretches.iter().map(|s| s.quantity).sum();
        let same = |m: &&mut ModelConsumption| {
            m.brand == vehicle.brand && m.model == vehicle.model && m.fuel_type == vehicle.fuel_type
        };
        match models.iter_mut().find(|m| same(m)) {
            Some(m) => {
                m.vehicles += 1;
                m.distance_km += distance;
                m.quantity += quantity;
            }
            None => models.push(ModelConsumption {
                brand: vehicle.brand.clone(),
                model: vehicle.model.clone(),
                fuel_type: vehicle.fuel_type,
                vehicles: 1,
                distance_km: distance,
                quantity,
                per_100km: 0.0,
            }),
        }
    }
    for m in &mut models {
        m.per_100km = m.quantity.to_f64().unwrap_or(0.0) * 100.0 / m.distance_km as f64;
    }
    models.sort_by(|a, b| {
        b.distance_km
            .cmp(&a.distance_km)
            .then_with(|| (&a.brand, &a.model).cmp(&(&b.brand, &b.model)))
    });
    let mut above_model: Vec<VehicleAgainstModel> = measured
        .iter()
        .filter_map(|(vehicle, consumption)| {
            let per_100km = consumption.per_100km?;
            let model = models.iter().find(|m| {
                m.brand == vehicle.brand
                    && m.model == vehicle.model
                    && m.fuel_type == vehicle.fuel_type
            })?;
            let above_percent = ((per_100km / model.per_100km - 1.0) * 100.0).round() as i64;
            (model.vehicles >= MODEL_NEEDS && above_percent >= ABOVE_MODEL_PERCENT).then(|| {
                VehicleAgainstModel {
                    vehicle: vehicle.clone(),
                    per_100km,
                    model_per_100km: model.per_100km,
                    above_percent,
                }
            })
        })
        .collect();
    above_model.sort_by(|a, b| {
        b.above_percent
            .cmp(&a.above_percent)
            .then_with(|| a.vehicle.plate.cmp(&b.vehicle.plate))
    });
    above_model.truncate(ABOVE_MODEL_SHOWN);
    FleetConsumption {
        models,
        above_model,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::expenses::consumption::{Fill, consumption};

    fn vehicle(plate: &str, model: &str) -> MeasuredVehicle {
        MeasuredVehicle {
            id: Uuid::now_v7(),
            plate: plate.into(),
            brand: "Kia".into(),
            model: model.into(),
            fuel_type: FuelType::Gasoline,
        }
    }

    /// A vehicle that burned `litres` on each of `stretches` stretches of 500 km.
    fn burning(litres: &str, stretches: i64) -> Consumption {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let fills: Vec<Fill> = (0..=stretches)
            .map(|i| Fill {
                expense_id: Uuid::now_v7(),
                spent_on: day,
                quantity: litres.parse().unwrap(),
                full_tank: true,
                odometer_km: Some(i * 500),
            })
            .collect();
        consumption(&fills)
    }

    #[test]
    fn a_model_weighs_its_vehicles_by_distance_and_lists_those_far_above_it() {
        let measured = vec![
            (vehicle("001", "Rio"), burning("40", 4)),
            (vehicle("002", "Rio"), burning("40", 4)),
            (vehicle("003", "Rio"), burning("60", 2)),
            (vehicle("004", "Rio"), Consumption::default()),
            (vehicle("005", "Sportage"), burning("50", 1)),
            (vehicle("006", "Sportage"), burning("90", 1)),
        ];
        let fleet = fleet_consumption(&measured);
        let rio = &fleet.models[0];
        // 40 × 4 + 40 × 4 + 60 × 2 = 440 L over 5 000 km; the unmeasured vehicle does not count.
        assert_eq!(
            (
                rio.model.as_str(),
                rio.vehicles,
                rio.distance_km,
                rio.quantity
            ),
            ("Rio", 3, 5_000, "440".parse().unwrap())
        );
        assert!((rio.per_100km - 8.8).abs() < 1e-9);
        assert_eq!(
            fleet.models[1].model, "Sportage",
            "less driven, listed after"
        );
        // 12 L/100 km is 36 % above the Rio's 8.8; the Sportage has too few vehicles to judge.
        let above: Vec<(&str, i64)> = fleet
            .above_model
            .iter()
            .map(|v| (v.vehicle.plate.as_str(), v.above_percent))
            .collect();
        assert_eq!(above, vec![("003", 36)]);
    }
}
