//! Fuel consumption from fills, by the full-to-full method: the fuel that went in after one full
//! tank up to and including the next full tank, over the distance between the two, is what the
//! vehicle burned on that stretch. Pure arithmetic over one vehicle's fills.
//!
//! - The first full fill only sets the mark: nothing before it is measured.
//! - Partial fills add their fuel to the next full one.
//! - A full fill without an odometer value cannot close a stretch and sets no mark: the fuel
//!   since the last mark is lost to the measure and the next full fill with an odometer starts
//!   afresh.
//! - Electric vehicles work the same way with kWh instead of litres.
//!
//! The vehicle's figure weighs stretches by distance (all fuel over all distance), not the
//! average of the stretches' figures, so a short stretch cannot swing it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One fill as the measure needs it, in odometer order.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    pub expense_id: Uuid,
    pub spent_on: NaiveDate,
    pub quantity: Decimal,
    pub full_tank: bool,
    pub odometer_km: Option<i64>,
}

/// A measured stretch between two full fills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stretch {
    /// The full fill that closes it, and its day.
    pub expense_id: Uuid,
    pub spent_on: NaiveDate,
    pub distance_km: i64,
    pub quantity: Decimal,
    /// Litres (or kWh) per 100 km.
    pub per_100km: f64,
    /// Far above the vehicle's other stretches (see [`UNUSUAL_FACTOR`]).
    pub unusual: bool,
}

/// A vehicle's consumption: every measured stretch and the figure over all of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Consumption {
    pub stretches: Vec<Stretch>,
    /// All measured fuel over all measured distance, per 100 km; `None` before two full fills.
    pub per_100km: Option<f64>,
}

/// A stretch burning more than this many times the vehicle's figure over its other stretches
/// is flagged (a leak, a theft, a fill booked on the wrong vehicle).
pub const UNUSUAL_FACTOR: f64 = 1.5;

/// Stretches needed besides the one judged before any is flagged: fewer say too little of what
/// is usual for the vehicle.
const USUAL_NEEDS: usize = 3;

/// Litres (or kWh) per 100 km: one vehicle's stretches, and the fleet's models and vehicles.
pub(crate) fn per_100km(quantity: Decimal, distance_km: i64) -> f64 {
    quantity.to_f64().unwrap_or(0.0) * 100.0 / distance_km as f64
}

/// The consumption of one vehicle's `fills`, in odometer order.
pub fn consumption(fills: &[Fill]) -> Consumption {
    let mut stretches = Vec::new();
    // The odometer of the last full tank, and the fuel put in since.
    let mut mark: Option<i64> = None;
    let mut since = Decimal::ZERO;
    for fill in fills {
        since += fill.quantity;
        if !fill.full_tank {
            continue;
        }
        match (mark, fill.odometer_km) {
            (Some(from), Some(to)) if to > from => stretches.push(Stretch {
                expense_id: fill.expense_id,
                spent_on: fill.spent_on,
                distance_km: to - from,
                quantity: since,
                per_100km: per_100km(since, to - from),
                unusual: false,
            }),
            _ => {}
        }
        mark = fill.odometer_km;
        since = Decimal::ZERO;
    }
    flag_unusual(&mut stretches);
    let distance: i64 = stretches.iter().map(|s| s.distance_km).sum();
    let quantity: Decimal = stretches.iter().map(|s| s.quantity).sum();
    let per_100km = (distance > 0).then(|| per_100km(quantity, distance));
    Consumption {
        stretches,
        per_100km,
    }
}

/// Flags each stretch far above the figure of the vehicle's other stretches.
fn flag_unusual(stretches: &mut [Stretch]) {
    if stretches.len() <= USUAL_NEEDS {
        return;
    }
    let distance: i64 = stretches.iter().map(|s| s.distance_km).sum();
    let quantity: Decimal = stretches.iter().map(|s| s.quantity).sum();
    for s in stretches.iter_mut() {
        let others = per_100km(quantity - s.quantity, distance - s.distance_km);
        s.unusual = s.per_100km > others * UNUSUAL_FACTOR;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(quantity: &str, full_tank: bool, odometer_km: Option<i64>) -> Fill {
        Fill {
            expense_id: Uuid::now_v7(),
            spent_on: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            quantity: quantity.parse().unwrap(),
            full_tank,
            odometer_km,
        }
    }

    fn figures(c: &Consumption) -> Vec<(i64, f64)> {
        c.stretches
            .iter()
            .map(|s| (s.distance_km, (s.per_100km * 100.0).round() / 100.0))
            .collect()
    }

    #[test]
    fn the_first_full_fill_only_sets_the_mark() {
        let c = consumption(&[
            fill("30", false, Some(9_500)),
            fill("45", true, Some(10_000)),
        ]);
        assert_eq!(
            c,
            Consumption::default(),
            "nothing measured: no stretch, no figure"
        );
        let c = consumption(&[
            fill("45", true, Some(10_000)),
            fill("40", true, Some(10_500)),
        ]);
        assert_eq!(figures(&c), vec![(500, 8.0)]);
        assert_eq!(c.per_100km, Some(8.0));
    }

    #[test]
    fn partial_fills_add_their_fuel_to_the_next_full_one() {
        let c = consumption(&[
            fill("50", true, Some(20_000)),
            fill("20", false, Some(20_250)),
            fill("15", false, None),
            fill("10", true, Some(20_600)),
        ]);
        // 20 + 15 + 10 = 45 L over 600 km.
        assert_eq!(figures(&c), vec![(600, 7.5)]);
        assert_eq!(c.stretches[0].quantity, "45".parse::<Decimal>().unwrap());
    }

    #[test]
    fn a_full_fill_without_an_odometer_starts_afresh() {
        let c = consumption(&[
            fill("50", true, Some(1_000)),
            fill("40", true, None),
            fill("30", true, Some(1_800)),
            fill("36", true, Some(2_200)),
        ]);
        assert_eq!(
            figures(&c),
            vec![(400, 9.0)],
            "only the stretch after the next full fill with an odometer"
        );
    }

    #[test]
    fn a_falling_or_repeated_odometer_measures_nothing_and_moves_the_mark() {
        let c = consumption(&[
            fill("50", true, Some(5_000)),
            fill("10", true, Some(5_000)),
            fill("40", true, Some(5_400)),
        ]);
        assert_eq!(figures(&c), vec![(400, 10.0)]);
    }

    #[test]
    fn electric_vehicles_measure_kwh_the_same_way() {
        let c = consumption(&[
            fill("60.5", true, Some(3_000)),
            fill("33.75", true, Some(3_225)),
        ]);
        assert_eq!(figures(&c), vec![(225, 15.0)]);
    }

    #[test]
    fn the_vehicle_figure_weighs_stretches_by_distance() {
        let c = consumption(&[
            fill("40", true, Some(0)),
            fill("5", true, Some(100)),
            fill("80", true, Some(1_100)),
        ]);
        // 5 L/100 km over 100 km and 8 over 1 000: 85 L over 1 100 km, not the mean 6.5.
        assert_eq!(figures(&c), vec![(100, 5.0), (1_000, 8.0)]);
        assert!((c.per_100km.unwrap() - 85.0 / 11.0).abs() < 1e-9);
    }

    #[test]
    fn a_stretch_far_above_the_others_is_flagged_once_enough_are_known() {
        let steady = |n: usize| {
            (0..=n as i64)
                .map(|i| fill("40", true, Some(i * 500)))
                .collect::<Vec<_>>()
        };
        let mut fills = steady(2);
        fills.push(fill("70", true, Some(1_500)));
        // Two other stretches are not yet enough to judge a third.
        assert!(consumption(&fills).stretches.iter().all(|s| !s.unusual));
        let mut fills = steady(4);
        fills.push(fill("70", true, Some(2_500)));
        fills.push(fill("59", true, Some(3_000)));
        let flags: Vec<bool> = consumption(&fills)
            .stretches
            .iter()
            .map(|s| s.unusual)
            .collect();
        // 14 L/100 km is above 1.5 × 8.76 (the other five stretches); 11.8 is below 1.5 × 9.2.
        assert_eq!(flags, vec![false, false, false, false, true, false]);
    }
}
