//! The fleet itself: the vehicle registry (drivers and mileage join it in later issues).

pub mod vehicles;
