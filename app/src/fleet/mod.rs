//! The fleet itself: the vehicle registry, the drivers and who drives what (mileage joins them
//! in a later issue).

pub mod drivers;
pub mod vehicles;
