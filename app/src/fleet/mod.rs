//! The fleet itself: the vehicle registry, the drivers and who drives what, and the odometer
//! readings of every vehicle.

pub mod drivers;
pub mod mileage;
pub mod vehicles;
