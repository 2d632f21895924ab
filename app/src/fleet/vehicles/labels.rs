//! The translated names of a vehicle's choices and of the list's columns.

use super::{BodyType, FuelType, Transmission, VehicleColumn, VehicleStatus};
use crate::i18n::{Locale, td_string};

/// "Active", "В работе", …
pub fn status_label(l: Locale, s: VehicleStatus) -> &'static str {
    match s {
        VehicleStatus::Active => td_string!(l, vehicles.status.active),
        VehicleStatus::InMaintenance => td_string!(l, vehicles.status.in_maintenance),
        VehicleStatus::Reserved => td_string!(l, vehicles.status.reserved),
        VehicleStatus::Decommissioned => td_string!(l, vehicles.status.decommissioned),
    }
}

/// "Sedan", "Седан", …
pub fn body_label(l: Locale, b: BodyType) -> &'static str {
    match b {
        BodyType::Sedan => td_string!(l, vehicles.body.sedan),
        BodyType::Suv => td_string!(l, vehicles.body.suv),
        BodyType::Truck => td_string!(l, vehicles.body.truck),
        BodyType::Van => td_string!(l, vehicles.body.van),
        BodyType::Bus => td_string!(l, vehicles.body.bus),
        BodyType::Minivan => td_string!(l, vehicles.body.minivan),
        BodyType::Pickup => td_string!(l, vehicles.body.pickup),
    }
}

/// "Diesel", "Дизель", …
pub fn fuel_label(l: Locale, f: FuelType) -> &'static str {
    match f {
        FuelType::Gasoline => td_string!(l, vehicles.fuel.gasoline),
        FuelType::Diesel => td_string!(l, vehicles.fuel.diesel),
        FuelType::Gas => td_string!(l, vehicles.fuel.gas),
        FuelType::Electric => td_string!(l, vehicles.fuel.electric),
        FuelType::Hybrid => td_string!(l, vehicles.fuel.hybrid),
    }
}

/// "Automatic", "Автомат", …
pub fn transmission_label(l: Locale, t: Transmission) -> &'static str {
    match t {
        Transmission::Manual => td_string!(l, vehicles.gearbox.manual),
        Transmission::Automatic => td_string!(l, vehicles.gearbox.automatic),
        Transmission::Cvt => td_string!(l, vehicles.gearbox.cvt),
        Transmission::Robot => td_string!(l, vehicles.gearbox.robot),
    }
}

/// A column's header, which is also its field's label on forms.
pub fn column_label(l: Locale, c: VehicleColumn) -> &'static str {
    match c {
        VehicleColumn::Plate => td_string!(l, vehicles.fields.plate),
        VehicleColumn::Brand => td_string!(l, vehicles.fields.brand),
        VehicleColumn::Model => td_string!(l, vehicles.fields.model),
        VehicleColumn::Year => td_string!(l, vehicles.fields.year),
        VehicleColumn::BodyType => td_string!(l, vehicles.fields.body_type),
        VehicleColumn::FuelType => td_string!(l, vehicles.fields.fuel_type),
        VehicleColumn::Transmission => td_string!(l, vehicles.fields.transmission),
        VehicleColumn::Vin => td_string!(l, vehicles.fields.vin),
        VehicleColumn::Color => td_string!(l, vehicles.fields.color),
        VehicleColumn::Seats => td_string!(l, vehicles.fields.seats),
        VehicleColumn::Department => td_string!(l, vehicles.fields.department),
        VehicleColumn::Mileage => td_string!(l, vehicles.fields.current_mileage),
        VehicleColumn::Status => td_string!(l, vehicles.fields.status),
        VehicleColumn::PurchaseDate => td_string!(l, vehicles.fields.purchase_date),
        VehicleColumn::Driver => td_string!(l, vehicles.fields.assigned_driver),
    }
}
