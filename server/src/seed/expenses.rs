//! Expenses for the demo fleets: a year of fuel fills read off every vehicle's odometer history
//! (a full tank at each reading, with partial fills between readings far apart; one fill in ten
//! is a top-up), parking and washing every other month, the odd toll and fine, a yearly
//! insurance and road tax. Now and then parts bought abroad in a foreign currency, with that
//! currency's daily rates for the year (weekdays only, so a weekend amount takes Friday's
//! rate). In the last week a few amounts are in a currency that has no rate at all, so the
//! missing-rate warning has something to say.
//!
//! One vehicle in fifty burns a third more than its kind, for the fleet consumption page.
//!
//! A vehicle that has expenses already is left alone, so running the seed again adds nothing.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use uuid::Uuid;

use app::error::AppError;
use app::expenses::ExpenseCategory;
use app::expenses::history::{PastExpense, PastFill, provision_history};
use app::fleet::mileage::db as mileage;
use app::fleet::vehicles::{BodyType, FuelType, Vehicle, date_in, db as vehicles, today_in};
use app::money::history::provision_rates;
use app::tenant::{TenantId, TenantTx};

/// Vehicles written per transaction.
const BATCH: usize = 500;

/// The prices and vendors of one tenant, in its currency.
struct Costs {
    slug: &'static str,
    /// Per litre (per kWh for electric) by fuel type.
    fuel: &'static [(FuelType, f64)],
    stations: &'static [&'static str],
    parking: (i64, i64),
    washing: (i64, i64),
    toll: (i64, i64),
    fine: (i64, i64),
    insurance: (i64, i64),
    tax: (i64, i64),
    /// Foreign currencies: the rate a year ago, and what parts bought abroad cost in it.
    foreign: &'static [(&'static str, f64, (i64, i64))],
    /// A currency the tenant enters no rate for.
    unrated: &'static str,
}

fn costs() -> [Costs; 2] {
    [
        Costs {
            slug: "kazfleet",
            fuel: &[
                (FuelType::Gasoline, 255.0),
                (FuelType::Diesel, 298.0),
                (FuelType::Gas, 95.0),
                (FuelType::Electric, 60.0),
                (FuelType::Hybrid, 255.0),
            ],
            stations: &[
                "Helios",
                "Sinooil",
                "Qazaq Oil",
                "Gazprom Neft",
                "КазМунайГаз",
            ],
            parking: (3_000, 15_000),
            washing: (2_500, 7_000),
            toll: (300, 2_500),
            fine: (7_000, 60_000),
            insurance: (25_000, 70_000),
            tax: (8_000, 45_000),
            foreign: &[
                ("USD", 475.0, (40, 400)),
                ("EUR", 515.0, (35, 350)),
                ("RUB", 5.3, (3_000, 30_000)),
            ],
            unrated: "TRY",
        },
        Costs {
            slug: "atlastours",
            fuel: &[
                (FuelType::Gasoline, 14.2),
                (FuelType::Diesel, 12.6),
                (FuelType::Gas, 8.0),
                (FuelType::Electric, 1.6),
                (FuelType::Hybrid, 14.2),
            ],
            stations: &[
                "Afriquia",
                "Shell Maroc",
                "TotalEnergies",
                "Winxo",
                "Petrom",
            ],
            parking: (40, 300),
            washing: (40, 150),
            toll: (20, 180),
            fine: (150, 700),
            insurance: (3_000, 9_000),
            tax: (700, 3_000),
            foreign: &[("EUR", 10.85, (40, 450)), ("USD", 10.05, (50, 500))],
            unrated: "TRY",
        },
    ]
}

/// Writes the tenant's rates and expense histories; answers how many expenses were written.
pub async fn seed(
    app_pool: &sqlx::PgPool,
    tenant: TenantId,
    slug: &str,
    seed: u64,
) -> Result<usize, AppError> {
    let Some(costs) = costs().into_iter().find(|c| c.slug == slug) else {
        return Ok(0);
    };
    let mut tx = TenantTx::begin(app_pool, tenant).await?;
    let settings = app::tenant::db::settings(&mut tx).await?;
    let today = today_in(&settings.time_zone);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xf0e1);
    for &(currency, start, _) in costs.foreign {
        provision_rates(&mut tx, currency, &rates(&mut rng, start, today)).await?;
    }
    let ids = vehicles::ids_in_service(&mut tx).await?;
    tx.commit().await?;
    let mut written = 0;
    for (batch_no, batch) in ids.chunks(BATCH).enumerate() {
        let mut tx = TenantTx::begin(app_pool, tenant).await?;
        for (k, id) in batch.iter().enumerate() {
            let index = (batch_no * BATCH + k) as u64;
            let Some(vehicle) = vehicles::get(&mut tx, *id).await? else {
                continue;
            };
            let readings = mileage::live_readings(&mut tx, id.0).await?;
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (index << 24) ^ 0xe4e);
            let book = Book {
                costs: &costs,
                currency: &settings.currency,
                time_zone: &settings.time_zone,
                today,
                index,
            };
            let expenses = book.vehicle(&mut rng, &vehicle, &readings);
            if provision_history(&mut tx, id.0, &expenses).await? {
                written += expenses.len();
            }
        }
        tx.commit().await?;
    }
    Ok(written)
}

/// A year (and the week before it, so the year's first weekend has a rate) of weekday rates up
/// to `today`, wandering a little from `start` each day.
fn rates(rng: &mut ChaCha8Rng, start: f64, today: NaiveDate) -> Vec<(NaiveDate, Decimal)> {
    let mut rate = start;
    (0..=372)
        .rev()
        .map(|back| today - Duration::days(back))
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .map(|day| {
            rate *= 1.0 + rng.gen_range(-0.004..0.0045);
            (day, Decimal::from_f64(rate).unwrap_or_default().round_dp(4))
        })
        .collect()
}

/// Litres (kWh) per 100 km a vehicle of this body and fuel burns.
fn usual_consumption(body: BodyType, fuel: FuelType) -> f64 {
    match (fuel, body) {
        (FuelType::Electric, BodyType::Bus | BodyType::Truck) => 110.0,
        (FuelType::Electric, _) => 17.0,
        (_, BodyType::Bus) => 28.0,
        (_, BodyType::Truck) => 32.0,
        (_, BodyType::Van | BodyType::Minivan | BodyType::Pickup) => 11.5,
        (_, BodyType::Suv) => 10.5,
        (FuelType::Hybrid, _) => 5.2,
        _ => 8.0,
    }
}

/// The distance a tank takes a vehicle of this body: readings farther apart get fills between.
fn tank_range_km(body: BodyType) -> i64 {
    match body {
        BodyType::Bus | BodyType::Truck => 900,
        _ => 550,
    }
}

fn money(amount: f64) -> Decimal {
    Decimal::from_f64(amount)
        .unwrap_or_default()
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The book of one vehicle's expenses.
struct Book<'a> {
    costs: &'a Costs,
    currency: &'a str,
    time_zone: &'a str,
    today: NaiveDate,
    index: u64,
}

impl Book<'_> {
    fn vehicle(
        &self,
        rng: &mut ChaCha8Rng,
        vehicle: &Vehicle,
        readings: &[(Uuid, DateTime<Utc>, i64)],
    ) -> Vec<PastExpense> {
        let Some(&(_, first_at, _)) = readings.first() else {
            return Vec::new();
        };
        let mut book = self.fuel(rng, vehicle, readings);
        let start = date_in(first_at, self.time_zone);
        self.running_costs(rng, start, &mut book);
        // One vehicle in ten has parts bought abroad (every demo tenant has a foreign currency).
        if self.index % 10 == 4
            && let Some(&(currency, _, (low, high))) = self.costs.foreign.choose(rng)
        {
            let on =
                start + Duration::days(rng.gen_range(0..(self.today - start).num_days().max(1)));
            book.push(self.expense(
                ExpenseCategory::Parts,
                rng.gen_range(low..=high) as f64,
                currency,
                on,
                None,
            ));
        }
        if self.index % 40 == 9 {
            let on = self.today - Duration::days(rng.gen_range(0..7));
            book.push(self.expense(
                ExpenseCategory::Parking,
                rng.gen_range(100..900) as f64,
                self.costs.unrated,
                on,
                None,
            ));
        }
        book
    }

    /// A fill at every reading, the tank topped up between readings farther apart than a
    /// tank goes (or than its capacity holds).
    fn fuel(
        &self,
        rng: &mut ChaCha8Rng,
        vehicle: &Vehicle,
        readings: &[(Uuid, DateTime<Utc>, i64)],
    ) -> Vec<PastExpense> {
        let Some(&(_, unit_price)) = self
            .costs
            .fuel
            .iter()
            .find(|(f, _)| *f == vehicle.fuel_type)
        else {
            return Vec::new();
        };
        // One vehicle in fifty burns a third more than its kind: the fleet's consumption page
        // lists it above its model.
        let thirst = if self.index % 50 == 17 { 1.35 } else { 1.0 };
        let per_100km = usual_consumption(vehicle.body_type, vehicle.fuel_type)
            * rng.gen_range(0.9..1.15)
            * thirst;
        let Some(&station) = self.costs.stations.choose(rng) else {
            return Vec::new();
        };
        let mut fills = Vec::new();
        for pair in readings.windows(2) {
            let [(_, from_at, from_km), (reading, at, km)] = [pair[0], pair[1]];
            let distance = km - from_km;
            if distance <= 0 {
                continue;
            }
            let fuel = distance as f64 * per_100km / 100.0 * rng.gen_range(0.93..1.07);
            // Stops enough for the distance a tank goes, and for no fill to exceed the tank.
            let by_range = (distance + tank_range_km(vehicle.body_type) - 1)
                / tank_range_km(vehicle.body_type);
            let by_tank = vehicle
                .tank_capacity
                .and_then(|t| t.to_f64())
                .map_or(1, |tank| (fuel / (tank * 0.9)).ceil() as i64);
            let stops = by_range.max(by_tank).max(1);
            let price = unit_price * rng.gen_range(0.97..1.04);
            for stop in 1..=stops {
                let quantity = Decimal::from_f64(fuel / stops as f64)
                    .unwrap_or_default()
                    .round_dp(2)
                    .max(Decimal::new(1, 0));
                let price = Decimal::from_f64(price).unwrap_or_default().round_dp(2);
                let last = stop == stops;
                let when = if last {
                    at
                } else {
                    from_at + (at - from_at) * stop as i32 / stops as i32
                };
                let fill = PastFill {
                    quantity,
                    unit_price: price,
                    fuel_type: vehicle.fuel_type,
                    // A top-up now and then: its fuel counts with the next full tank.
                    full_tank: last && rng.gen_range(0..10) != 0,
                    odometer_km: if last { Some(km) } else { None },
                    reading_id: if last { Some(reading) } else { None },
                };
                let amount = (quantity * price)
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                fills.push(PastExpense {
                    category: ExpenseCategory::Fuel,
                    amount,
                    currency: self.currency.to_owned(),
                    spent_on: date_in(when, self.time_zone),
                    vendor: Some(station.to_owned()),
                    fuel: Some(fill),
                });
            }
        }
        fills
    }

    /// Parking and washing every other month, a yearly insurance and tax, the odd toll and fine.
    fn running_costs(&self, rng: &mut ChaCha8Rng, start: NaiveDate, book: &mut Vec<PastExpense>) {
        let c = self.costs;
        let mut month = start;
        while month <= self.today {
            let on = (month + Duration::days(rng.gen_range(0..28))).min(self.today);
            let (category, (low, high)) = if rng.gen_bool(0.5) {
                (ExpenseCategory::Parking, c.parking)
            } else {
                (ExpenseCategory::Washing, c.washing)
            };
            book.push(self.expense(
                category,
                rng.gen_range(low..=high) as f64,
                self.currency,
                on,
                None,
            ));
            if rng.gen_range(0..4) == 0 {
                book.push(self.expense(
                    ExpenseCategory::Toll,
                    rng.gen_range(c.toll.0..=c.toll.1) as f64,
                    self.currency,
                    on,
                    None,
                ));
            }
            month += Duration::days(61);
        }
        let yearly = (start + Duration::days(rng.gen_range(0..300))).min(self.today);
        book.push(self.expense(
            ExpenseCategory::Insurance,
            rng.gen_range(c.insurance.0..=c.insurance.1) as f64,
            self.currency,
            yearly,
            Some("ОСАГО / RC"),
        ));
        book.push(self.expense(
            ExpenseCategory::Tax,
            rng.gen_range(c.tax.0..=c.tax.1) as f64,
            self.currency,
            yearly + Duration::days(14).min(self.today - yearly),
            None,
        ));
        if rng.gen_range(0..3) == 0 {
            let on =
                start + Duration::days(rng.gen_range(0..(self.today - start).num_days().max(1)));
            book.push(self.expense(
                ExpenseCategory::Fine,
                rng.gen_range(c.fine.0..=c.fine.1) as f64,
                self.currency,
                on,
                None,
            ));
        }
    }

    fn expense(
        &self,
        category: ExpenseCategory,
        amount: f64,
        currency: &str,
        spent_on: NaiveDate,
        vendor: Option<&str>,
    ) -> PastExpense {
        PastExpense {
            category,
            amount: money(amount),
            currency: currency.to_owned(),
            spent_on,
            vendor: vendor.map(str::to_owned),
            fuel: None,
        }
    }
}
