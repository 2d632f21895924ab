//! Expense types, the validation of what forms and REST clients send, and the totals of a
//! list in the reporting currency.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::choice::choices;
use crate::error::{AppError, FieldError, Validator};
use crate::fleet::mileage::model::kilometres;
use crate::fleet::vehicles::FuelType;
use crate::input::{
    self, MAX_MONEY, currency, decimal, field, money, optional, optional_text, past_date, positive,
};
use crate::listing::{PageRequest, Params};
use crate::money::convert;

choices! {
    /// What an expense paid for.
    pub enum ExpenseCategory as "expense_category" {
        Fuel = "fuel", Parts = "parts", Service = "service", Insurance = "insurance", Tax = "tax",
        Fine = "fine", Parking = "parking", Toll = "toll", Washing = "washing", Other = "other",
    }
}

/// An expense as stored, with its vehicle's plate, its driver's name, and the exchange rate
/// its day converts it at (`None` when no rate was entered on or before that day; 1 in the
/// reporting currency).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expense {
    pub id: Uuid,
    pub vehicle_id: Uuid,
    pub plate: String,
    pub driver_id: Option<Uuid>,
    pub driver_name: Option<String>,
    pub category: ExpenseCategory,
    pub amount: Decimal,
    pub currency: String,
    pub spent_on: NaiveDate,
    pub description: Option<String>,
    pub vendor: Option<String>,
    /// Litres, or kWh for an electric vehicle (fuel only).
    pub fuel_quantity: Option<Decimal>,
    pub fuel_unit_price: Option<Decimal>,
    pub fuel_type: Option<FuelType>,
    /// Whether the tank was filled up (fuel only); consumption is measured between full fills.
    pub full_tank: Option<bool>,
    pub odometer_km: Option<i64>,
    pub reading_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub rate: Option<Decimal>,
    /// A fill of more than the vehicle's tank holds: booked on the wrong vehicle, a typo, or
    /// fuel that went somewhere else.
    pub over_tank: bool,
}

/// An expense with its amount in the reporting currency: what lists and REST answers show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostedExpense {
    #[serde(flatten)]
    pub expense: Expense,
    /// `None` when no rate converts it (see `money::model`).
    pub converted: Option<Decimal>,
}

impl From<Expense> for CostedExpense {
    fn from(expense: Expense) -> Self {
        let converted = expense.rate.map(|rate| convert(expense.amount, rate));
        Self { expense, converted }
    }
}

/// What the expense form and REST clients send; everything as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpenseForm {
    /// The vehicle's id or plate.
    pub vehicle: String,
    /// The driver's id; blank for none.
    pub driver: String,
    pub category: String,
    /// Blank for fuel with a quantity and a price per unit: their product.
    #[serde(deserialize_with = "input::text")]
    pub amount: String,
    /// Blank means the reporting currency.
    pub currency: String,
    /// Blank means today.
    pub spent_on: String,
    pub description: String,
    pub vendor: String,
    #[serde(deserialize_with = "input::text")]
    pub fuel_quantity: String,
    #[serde(deserialize_with = "input::text")]
    pub fuel_unit_price: String,
    /// Blank means the vehicle's own.
    pub fuel_type: String,
    /// `true` or `on` (a ticked box) for a full tank; anything else is a partial fill.
    #[serde(deserialize_with = "input::text")]
    pub full_tank: String,
    /// The odometer at the fill, recorded as a reading; blank for none.
    #[serde(deserialize_with = "input::text")]
    pub odometer: String,
    /// The second step of an abnormal odometer value: present when the user confirms it.
    pub confirm: Option<String>,
}

/// A validated expense; the vehicle and driver are still references to look up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpenseInput {
    pub vehicle: String,
    pub driver: Option<Uuid>,
    pub category: ExpenseCategory,
    pub amount: Decimal,
    pub currency: String,
    pub spent_on: NaiveDate,
    pub description: Option<String>,
    pub vendor: Option<String>,
    pub fuel: Option<FuelInput>,
}

/// What a fuel expense adds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FuelInput {
    pub quantity: Decimal,
    pub unit_price: Decimal,
    /// `None`: the vehicle's own fuel type.
    pub fuel_type: Option<FuelType>,
    pub full_tank: bool,
    pub odometer_km: Option<i64>,
    pub confirmed: bool,
}

/// The most one fill may hold, litres or kWh: more than any road tank, less than a typo.
const MAX_FUEL_QUANTITY: i64 = 5_000;

/// The most a price per unit may be: `numeric(12, 4)`.
const MAX_UNIT_PRICE: Decimal = Decimal::from_parts(3_567_587_327, 232, 0, false, 4); // 99 999 999.9999

impl ExpenseForm {
    /// Checks the form on the tenant's date `today` for a tenant reporting in `reporting`.
    pub fn validate(&self, today: NaiveDate, reporting: &str) -> Result<ExpenseInput, AppError> {
        let mut v = Validator::default();
        v.check(
            optional(&self.vehicle).is_none(),
            "vehicle",
            FieldError::Required,
        );
        let driver = optional(&self.driver).and_then(|raw| {
            field(
                &mut v,
                "driver",
                raw.parse::<Uuid>().map_err(|_| FieldError::UnknownChoice),
            )
        });
        let category = field(
            &mut v,
            "category",
            input::required(&self.category).and_then(str::parse::<ExpenseCategory>),
        );
        let currency = field(
            &mut v,
            "currency",
            currency(optional(&self.currency).unwrap_or(reporting)),
        );
        let spent_on = field(
            &mut v,
            "spent_on",
            optional(&self.spent_on).map_or(Ok(today), |raw| past_date(raw, today)),
        );
        let description = optional_text(&mut v, "description", &self.description, 2000);
        let vendor = optional_text(&mut v, "vendor", &self.vendor, 200);
        let (amount, fuel) = if category == Some(ExpenseCategory::Fuel) {
            self.fuel_amount(&mut v)
        } else {
            (
                field(
                    &mut v,
                    "amount",
                    input::required(&self.amount).and_then(money),
                ),
                None,
            )
        };
        v.finish()?;
        match (category, amount, currency, spent_on) {
            (Some(category), Some(amount), Some(currency), Some(spent_on)) => Ok(ExpenseInput {
                vehicle: self.vehicle.trim().to_owned(),
                driver,
                category,
                amount,
                currency,
                spent_on,
                description,
                vendor,
                fuel,
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }

    /// A fuel expense's amount and fill. Two of amount, quantity and price per unit make the
    /// third: a blank amount is quantity × price (rounded to cents half away from zero), a
    /// blank price is amount ÷ quantity (to four decimals); both typed are kept as typed,
    /// since receipts carry discounts.
    fn fuel_amount(&self, v: &mut Validator) -> (Option<Decimal>, Option<FuelInput>) {
        let quantity = field(
            v,
            "fuel_quantity",
            input::required(&self.fuel_quantity)
                .and_then(|q| decimal(q, 3))
                .and_then(|q| positive(q, Decimal::from(MAX_FUEL_QUANTITY))),
        );
        let unit_price = optional(&self.fuel_unit_price).and_then(|raw| {
            field(
                v,
                "fuel_unit_price",
                decimal(raw, 4).and_then(|p| positive(p, MAX_UNIT_PRICE)),
            )
        });
        let amount = match (optional(&self.amount), quantity, unit_price) {
            (Some(raw), _, _) => field(v, "amount", money(raw)),
            (None, Some(q), Some(p)) => field(
                v,
                "amount",
                positive(
                    (q * p).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
                    MAX_MONEY,
                ),
            ),
            (None, _, _) => field(v, "amount", Err(FieldError::Required)),
        };
        let fuel_type = optional(&self.fuel_type)
            .and_then(|raw| field(v, "fuel_type", raw.parse::<FuelType>()));
        let odometer_km =
            optional(&self.odometer).and_then(|raw| field(v, "odometer", kilometres(raw)));
        let fill = match (quantity, amount) {
            (Some(quantity), Some(amount)) => Some(FuelInput {
                quantity,
                unit_price: unit_price.unwrap_or_else(|| {
                    (amount / quantity)
                        .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
                }),
                fuel_type,
                full_tank: matches!(self.full_tank.trim(), "true" | "on"),
                odometer_km,
                confirmed: self.confirm.is_some(),
            }),
            _ => None,
        };
        (amount, fill)
    }
}

/// The expense list's filters and page, as the address bar holds them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpenseQuery {
    /// Part of a plate (however spaced), a vendor or a description.
    pub q: Option<String>,
    pub vehicle: Option<Uuid>,
    pub driver: Option<Uuid>,
    pub category: Option<ExpenseCategory>,
    pub currency: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: PageRequest,
}

impl ExpenseQuery {
    /// Refuses what the address reader would have dropped or cut: a query sent whole (a server
    /// function's arguments) meets the same bounds as one read from an address.
    pub fn check(&self) -> Result<(), AppError> {
        Validator::default()
            .check_search("q", self.q.as_deref())
            .check_day("from", self.from)
            .check_day("to", self.to)
            .finish()
    }

    /// Reads `q`, `vehicle_id`, `driver_id`, `category`, `currency`, `from`, `to`, `page`,
    /// `per_page`; anything unreadable is ignored.
    pub fn from_params(params: &Params) -> Self {
        Self {
            q: params
                .get("q")
                .map(|q| {
                    q.trim()
                        .chars()
                        .take(crate::listing::LONGEST_SEARCH)
                        .collect::<String>()
                })
                .filter(|q| !q.is_empty()),
            vehicle: params.parse("vehicle_id"),
            driver: params.parse("driver_id"),
            category: params.parse("category"),
            currency: params.get("currency").map(str::to_uppercase),
            from: params.day("from"),
            to: params.day("to"),
            page: PageRequest::from_params(params),
        }
    }
}

/// The days whose fills the fleet's consumption is measured on (`from`, `to`; all when blank).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsumptionQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl ConsumptionQuery {
    /// Refuses what the address reader would have dropped or cut: a query sent whole (a server
    /// function's arguments) meets the same bounds as one read from an address.
    pub fn check(&self) -> Result<(), AppError> {
        Validator::default()
            .check_day("from", self.from)
            .check_day("to", self.to)
            .finish()
    }

    pub fn from_params(params: &Params) -> Self {
        Self {
            from: params.day("from"),
            to: params.day("to"),
        }
    }
}

/// The expenses of one category in one currency, with or without a rate: a row of the totals
/// query, summed in SQL.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalsRow {
    pub category: ExpenseCategory,
    pub currency: String,
    /// Whether these expenses had a rate (then `converted` is their sum in the reporting
    /// currency, each converted and rounded first).
    pub has_rate: bool,
    pub count: i64,
    pub amount: Decimal,
    pub converted: Decimal,
}

/// What a list of expenses adds up to in the reporting currency, by category, and what could
/// not be converted (left out of the totals, by currency).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExpenseTotals {
    pub currency: String,
    pub count: i64,
    pub total: Decimal,
    pub by_category: BTreeMap<ExpenseCategory, Decimal>,
    pub without_rate: Vec<Unconverted>,
}

/// Expenses in one currency that no rate converts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unconverted {
    pub currency: String,
    pub count: i64,
    pub amount: Decimal,
}

impl ExpenseTotals {
    /// Folds the totals query's rows for a tenant reporting in `currency`.
    pub fn from_rows(currency: String, rows: &[TotalsRow]) -> Self {
        let mut totals = Self {
            currency,
            ..Self::default()
        };
        for row in rows {
            totals.count += row.count;
            if row.has_rate {
                totals.total += row.converted;
                *totals.by_category.entry(row.category).or_default() += row.converted;
            } else {
                match totals
                    .without_rate
                    .iter_mut()
                    .find(|u| u.currency == row.currency)
                {
                    Some(u) => {
                        u.count += row.count;
                        u.amount += row.amount;
                    }
                    None => totals.without_rate.push(Unconverted {
                        currency: row.currency.clone(),
                        count: row.count,
                        amount: row.amount,
                    }),
                }
            }
        }
        totals
            .without_rate
            .sort_by(|a, b| a.currency.cmp(&b.currency));
        totals
    }
}

/// A vehicle's fuel consumption, and its unit: kWh per 100 km for an electric vehicle, litres
/// per 100 km otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VehicleConsumption {
    pub electric: bool,
    #[serde(flatten)]
    pub consumption: super::consumption::Consumption,
}

/// What a vehicle has cost so far: every expense in the reporting currency by category, the
/// distance its odometer readings cover, the cost of a kilometre, and its fuel consumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VehicleCosts {
    pub totals: ExpenseTotals,
    /// From the first live odometer reading to the latest.
    pub distance_km: i64,
    /// `None` before the vehicle has covered any distance.
    pub cost_per_km: Option<Decimal>,
    pub fuel: VehicleConsumption,
}

/// What a kilometre costs: the converted total over the distance, to cents, half away from
/// zero like every conversion. Expenses without a rate are not in the total, so the figure is
/// low by what they would add (the page says which those are).
pub fn cost_per_km(total: Decimal, distance_km: i64) -> Option<Decimal> {
    (distance_km > 0).then(|| {
        (total / Decimal::from(distance_km))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    })
}

/// A page of expenses with the totals of everything the filter matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpensePage {
    #[serde(flatten)]
    pub page: crate::listing::Paged<CostedExpense>,
    pub totals: ExpenseTotals,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn an_expense_needs_a_vehicle_a_category_and_an_amount_on_a_day_not_ahead() {
        let fields = ExpenseForm {
            category: "food".into(),
            amount: "0".into(),
            spent_on: "2026-12-01".into(),
            currency: "GBP".into(),
            ..Default::default()
        }
        .validate(today(), "KZT")
        .unwrap_err()
        .field_errors();
        assert_eq!(fields["vehicle"], vec![FieldError::Required]);
        assert_eq!(fields["category"], vec![FieldError::UnknownChoice]);
        assert_eq!(fields["currency"], vec![FieldError::UnknownChoice]);
        assert_eq!(fields["spent_on"], vec![FieldError::InFuture]);
        let input = ExpenseForm {
            vehicle: " 123 ABC 02 ".into(),
            category: "parking".into(),
            amount: "1 500,50".into(),
            ..Default::default()
        }
        .validate(today(), "KZT")
        .unwrap();
        assert_eq!(
            (
                input.vehicle.as_str(),
                input.amount,
                input.currency.as_str(),
                input.spent_on
            ),
            ("123 ABC 02", d("1500.50"), "KZT", today())
        );
        assert_eq!(input.fuel, None, "fuel fields are only read for fuel");
    }

    #[test]
    fn fuel_makes_the_third_of_amount_quantity_and_price_from_the_other_two() {
        let fuel = |amount: &str, quantity: &str, price: &str| {
            ExpenseForm {
                vehicle: "car".into(),
                category: "fuel".into(),
                amount: amount.into(),
                fuel_quantity: quantity.into(),
                fuel_unit_price: price.into(),
                full_tank: "on".into(),
                ..Default::default()
            }
            .validate(today(), "KZT")
        };
        let from_price = fuel("", "42,5", "245.5").unwrap();
        // 42.5 × 245.5 = 10 433.75.
        assert_eq!(from_price.amount, d("10433.75"));
        assert!(from_price.fuel.as_ref().unwrap().full_tank);
        let from_amount = fuel("10 000", "42.5", "").unwrap().fuel.unwrap();
        assert_eq!(
            from_amount.unit_price,
            d("235.2941"),
            "10 000 ÷ 42.5 to four decimals"
        );
        let both = fuel("10 000", "42.5", "245.5").unwrap();
        assert_eq!(
            (both.amount, both.fuel.unwrap().unit_price),
            (d("10000"), d("245.5")),
            "a discounted receipt keeps both"
        );
        // 0.333 × 0.015 = 0.004995: rounds to zero, which is no amount at all.
        assert_eq!(
            fuel("", "0.333", "0.015").unwrap_err().field_errors()["amount"],
            vec![FieldError::MustBePositive]
        );
        let fields = fuel("", "", "").unwrap_err().field_errors();
        assert_eq!(
            (fields["fuel_quantity"].clone(), fields["amount"].clone()),
            (vec![FieldError::Required], vec![FieldError::Required])
        );
        let fields = fuel("", "6000", "-1").unwrap_err().field_errors();
        assert_eq!(
            (
                fields["fuel_quantity"].clone(),
                fields["fuel_unit_price"].clone()
            ),
            (
                vec![FieldError::OutOfRange],
                vec![FieldError::MustBePositive]
            )
        );
        let partial = ExpenseForm {
            vehicle: "car".into(),
            category: "fuel".into(),
            amount: "5000".into(),
            fuel_quantity: "20".into(),
            odometer: "88 500".into(),
            ..Default::default()
        }
        .validate(today(), "KZT")
        .unwrap()
        .fuel
        .unwrap();
        assert_eq!(
            (partial.full_tank, partial.odometer_km, partial.fuel_type),
            (false, Some(88_500), None)
        );
    }

    #[test]
    fn the_largest_amount_and_price_are_what_their_columns_hold() {
        assert_eq!(MAX_MONEY, d("999999999999.99"));
        assert_eq!(MAX_UNIT_PRICE, d("99999999.9999"));
    }

    #[test]
    fn a_kilometre_costs_the_total_over_the_distance_to_cents() {
        assert_eq!(cost_per_km(d("1000000"), 12_000), Some(d("83.33")));
        // 125 / 1 000 = 0.125: the half cent goes up.
        assert_eq!(cost_per_km(d("125"), 1_000), Some(d("0.13")));
        assert_eq!(
            cost_per_km(d("5000"), 0),
            None,
            "no distance yet, no figure"
        );
    }

    #[test]
    fn totals_add_converted_amounts_and_set_apart_those_without_a_rate() {
        let row =
            |category, currency: &str, has_rate, count, amount: &str, converted: &str| TotalsRow {
                category,
                currency: currency.into(),
                has_rate,
                count,
                amount: d(amount),
                converted: d(converted),
            };
        let rows = [
            row(ExpenseCategory::Fuel, "KZT", true, 3, "30000", "30000"),
            row(ExpenseCategory::Fuel, "USD", true, 1, "10", "4712.50"),
            row(ExpenseCategory::Parking, "USD", false, 2, "15.50", "0"),
            row(ExpenseCategory::Toll, "EUR", false, 1, "7", "0"),
            row(ExpenseCategory::Fuel, "USD", false, 1, "20", "0"),
        ];
        let totals = ExpenseTotals::from_rows("KZT".into(), &rows);
        assert_eq!((totals.count, totals.total), (8, d("34712.50")));
        assert_eq!(
            totals.by_category.get(&ExpenseCategory::Fuel),
            Some(&d("34712.50"))
        );
        assert_eq!(
            totals.by_category.get(&ExpenseCategory::Parking),
            None,
            "nothing converted, no figure"
        );
        let missing: Vec<_> = totals
            .without_rate
            .iter()
            .map(|u| (u.currency.as_str(), u.count, u.amount))
            .collect();
        assert_eq!(missing, vec![("EUR", 1, d("7")), ("USD", 3, d("35.50"))]);
    }
}
