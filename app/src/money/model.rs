//! Exchange rates, what the rate form sends, and conversion.
//!
//! **Which rate.** An amount is converted at the rate of its own day or, when none was entered
//! for that day (weekends, holidays), the latest rate before it. An amount with no rate on or
//! before its day has no converted value: totals leave it out and say so, never count it as
//! zero. The reporting currency converts to itself at 1.
//!
//! **Rounding.** A converted amount is rounded to cents once, half away from zero
//! (`0.005 → 0.01`, `-0.005 → -0.01`), the rule accountants and receipts use and the one
//! PostgreSQL's `round(numeric, 2)` applies, so totals summed in SQL equal the sum of the
//! converted amounts shown beside them. Banker's rounding would drift from the receipts.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, FieldError, Validator};
use crate::input::{self, currency, date, decimal, field};
use crate::listing::{PageRequest, Params};

/// `amount` in the reporting currency at `rate` (reporting-currency units per unit of the
/// amount's currency), rounded to cents half away from zero.
pub fn convert(amount: Decimal, rate: Decimal) -> Decimal {
    (amount * rate).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// One day's rate of a currency, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeRate {
    pub id: Uuid,
    pub currency: String,
    pub rate_on: NaiveDate,
    /// Units of the reporting currency one unit of `currency` bought that day.
    pub rate: Decimal,
}

/// What the rate form and REST clients send; everything as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateForm {
    pub currency: String,
    pub rate_on: String,
    #[serde(deserialize_with = "input::text")]
    pub rate: String,
}

/// A validated rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateInput {
    pub currency: String,
    pub rate_on: NaiveDate,
    pub rate: Decimal,
}

/// The most a rate may be: numeric(20, 10) holds ten integer digits.
const MAX_RATE: i64 = 9_999_999_999;

impl RateForm {
    /// Checks the form for a tenant reporting in `reporting` (which needs no rate).
    pub fn validate(&self, reporting: &str) -> Result<RateInput, AppError> {
        let mut v = Validator::default();
        let code = field(
            &mut v,
            "currency",
            currency(&self.currency).and_then(|c| {
                if c == reporting {
                    Err(FieldError::ReportingCurrency)
                } else {
                    Ok(c)
                }
            }),
        );
        let rate_on = field(
            &mut v,
            "rate_on",
            input::required(&self.rate_on).and_then(date),
        );
        let rate = field(
            &mut v,
            "rate",
            input::required(&self.rate)
                .and_then(|r| decimal(r, 10))
                .and_then(|r| input::positive(r, Decimal::from(MAX_RATE))),
        );
        v.finish()?;
        match (code, rate_on, rate) {
            (Some(currency), Some(rate_on), Some(rate)) => Ok(RateInput {
                currency,
                rate_on,
                rate,
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }
}

/// The rates list's filters and page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateQuery {
    pub currency: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: PageRequest,
}

impl RateQuery {
    /// Refuses what the address reader would have dropped or cut: a query sent whole (a server
    /// function's arguments) meets the same bounds as one read from an address.
    pub fn check(&self) -> Result<(), AppError> {
        Validator::default()
            .check_day("from", self.from)
            .check_day("to", self.to)
            .finish()
    }

    /// Reads `currency`, `from`, `to`, `page`, `per_page`; anything unreadable is ignored.
    pub fn from_params(params: &Params) -> Self {
        Self {
            currency: params.get("currency").map(str::to_uppercase),
            from: params.day("from"),
            to: params.day("to"),
            page: PageRequest::from_params(params),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn conversion_rounds_to_cents_half_away_from_zero() {
        assert_eq!(convert(d("100.00"), d("471.25")), d("47125.00"));
        // 10.01 × 0.5 = 5.005: half a cent goes up, not to the even 5.00.
        assert_eq!(convert(d("10.01"), d("0.5")), d("5.01"));
        assert_eq!(
            convert(d("10.03"), d("0.5")),
            d("5.02"),
            "5.015 rounds up too"
        );
        assert_eq!(
            convert(d("-10.01"), d("0.5")),
            d("-5.01"),
            "away from zero below zero"
        );
        assert_eq!(convert(d("1.00"), d("0.0012345678")), d("0.00"));
        assert_eq!(
            convert(d("99999999999999.99"), d("1")),
            d("99999999999999.99"),
            "the largest amount converts exactly at 1"
        );
        // Rates carry ten decimals; the product keeps them all until the one rounding.
        assert_eq!(convert(d("3.33"), d("1.0000000015")), d("3.33"));
        assert_eq!(convert(d("0.01"), d("49.9999999999")), d("0.50"));
    }

    #[test]
    fn a_rate_needs_a_known_foreign_currency_a_day_and_a_positive_rate() {
        let fields = RateForm {
            currency: "KZT".into(),
            rate_on: "31.11.2026".into(),
            rate: "0".into(),
        }
        .validate("KZT")
        .unwrap_err()
        .field_errors();
        assert_eq!(fields["currency"], vec![FieldError::ReportingCurrency]);
        assert_eq!(fields["rate_on"], vec![FieldError::InvalidDate]);
        assert_eq!(fields["rate"], vec![FieldError::MustBePositive]);
        let fields = RateForm {
            currency: "XYZ".into(),
            rate_on: String::new(),
            rate: "1.123456789012".into(),
        }
        .validate("KZT")
        .unwrap_err()
        .field_errors();
        assert_eq!(fields["currency"], vec![FieldError::UnknownChoice]);
        assert_eq!(fields["rate_on"], vec![FieldError::Required]);
        assert_eq!(fields["rate"], vec![FieldError::TooPrecise]);
        let input = RateForm {
            currency: " usd ".into(),
            rate_on: "2026-11-30".into(),
            rate: "471,25".into(),
        }
        .validate("KZT")
        .unwrap();
        assert_eq!(
            (
                input.currency.as_str(),
                input.rate_on.to_string().as_str(),
                input.rate
            ),
            ("USD", "2026-11-30", d("471.25"))
        );
    }
}
