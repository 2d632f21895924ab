//! What people type, read into typed values: the field-level rules every form shares.
//!
//! Forms send text as typed (a year of "abc" must be a field error, not an unreadable
//! request), and each slice's `validate` reads its fields with these, collecting every failure
//! in a [`Validator`].

use chrono::NaiveDate;
#[cfg(feature = "ssr")]
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::error::{FieldError, Validator};

/// Currencies money may be in (ISO 4217).
pub const CURRENCIES: [&str; 6] = ["KZT", "RUB", "USD", "EUR", "TRY", "MAD"];

/// A string, a number or null, as text.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    })
}

/// Records a failed field and turns it into `None`.
pub fn field<T>(v: &mut Validator, name: &str, result: Result<T, FieldError>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            v.check(true, name, e);
            None
        }
    }
}

/// The trimmed text, or `None` when blank.
pub fn optional(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|s| !s.is_empty())
}

pub fn required(raw: &str) -> Result<&str, FieldError> {
    optional(raw).ok_or(FieldError::Required)
}

pub fn required_text(v: &mut Validator, name: &str, raw: &str, max: usize) -> Option<String> {
    field(v, name, required(raw).and_then(|s| bounded(s, max)))
}

pub fn optional_text(v: &mut Validator, name: &str, raw: &str, max: usize) -> Option<String> {
    optional(raw).and_then(|s| field(v, name, bounded(s, max)))
}

pub fn bounded(s: &str, max: usize) -> Result<String, FieldError> {
    if s.chars().count() > max {
        Err(FieldError::TooLong)
    } else {
        Ok(s.to_owned())
    }
}

pub fn integer(raw: &str, min: i32, max: i32) -> Result<i32, FieldError> {
    let n: i64 = raw.trim().parse().map_err(|_| FieldError::NotANumber)?;
    if n < i64::from(min) || n > i64::from(max) {
        return Err(FieldError::OutOfRange);
    }
    i32::try_from(n).map_err(|_| FieldError::OutOfRange)
}

/// A decimal as people type it: `1 250 000,50`, `1250000.5`, with at most `scale` decimals.
pub fn decimal(raw: &str, scale: u32) -> Result<Decimal, FieldError> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{202f}' | '\u{a0}' | '\''))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.starts_with('+') || cleaned.contains('e') || cleaned.contains('E') {
        return Err(FieldError::NotANumber);
    }
    let d: Decimal = cleaned.parse().map_err(|_| FieldError::NotANumber)?;
    if d.normalize().scale() > scale {
        return Err(FieldError::TooPrecise);
    }
    Ok(d)
}

pub fn within(d: Decimal, min: Decimal, max: Decimal) -> Result<Decimal, FieldError> {
    if d < min || d > max {
        Err(FieldError::OutOfRange)
    } else {
        Ok(d)
    }
}

/// A value above zero and at most `max`.
pub fn positive(d: Decimal, max: Decimal) -> Result<Decimal, FieldError> {
    if d <= Decimal::ZERO {
        return Err(FieldError::MustBePositive);
    }
    within(d, Decimal::ZERO, max)
}

/// The most an amount may be: `numeric(14, 2)`.
pub const MAX_MONEY: Decimal = Decimal::from_parts(276_447_231, 23_283, 0, false, 2); // 999 999 999 999.99

/// A positive amount with at most two decimals that fits `numeric(14, 2)`.
pub fn money(raw: &str) -> Result<Decimal, FieldError> {
    positive(decimal(raw, 2)?, MAX_MONEY)
}

pub fn currency(raw: &str) -> Result<String, FieldError> {
    let code = required(raw)?.to_uppercase();
    if CURRENCIES.contains(&code.as_str()) {
        Ok(code)
    } else {
        Err(FieldError::UnknownChoice)
    }
}

/// The earliest day anything may be dated: older papers and readings are typing mistakes.
pub const EARLIEST_DAY: NaiveDate = const_day(1900, 1, 1);
/// The latest day anything may be dated. Bounding days where they are read keeps every later
/// step (a period's end, a month ahead, a reminder's lead time) far from chrono's limits.
pub const LATEST_DAY: NaiveDate = const_day(2200, 12, 31);

/// A day written in the code; a wrong one fails the build, not a request.
const fn const_day(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(day) => day,
        None => panic!("not a day"),
    }
}

/// `day` if it lies between [`EARLIEST_DAY`] and [`LATEST_DAY`].
pub fn day_in_range(day: NaiveDate) -> Result<NaiveDate, FieldError> {
    if (EARLIEST_DAY..=LATEST_DAY).contains(&day) {
        Ok(day)
    } else {
        Err(FieldError::OutOfRange)
    }
}

/// An ISO date (`2024-03-15`, as `<input type=date>` sends), between 1900 and 2200.
pub fn date(raw: &str) -> Result<NaiveDate, FieldError> {
    let day =
        NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| FieldError::InvalidDate)?;
    day_in_range(day)
}

/// An ISO date not after `today`.
pub fn past_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let date = date(raw)?;
    if date > today {
        Err(FieldError::InFuture)
    } else {
        Ok(date)
    }
}

#[cfg(feature = "ssr")]
/// A moment as `<input type=datetime-local>` sends it (`2026-11-22T09:30`, seconds optional),
/// read on the wall clock of `time_zone`; a full RFC 3339 time (REST clients) is taken as is.
pub fn local_datetime(raw: &str, time_zone: &str) -> Result<DateTime<Utc>, FieldError> {
    let at = read_datetime(raw.trim(), time_zone)?;
    day_in_range(at.date_naive())?;
    Ok(at)
}

#[cfg(feature = "ssr")]
fn read_datetime(raw: &str, time_zone: &str) -> Result<DateTime<Utc>, FieldError> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Ok(at.with_timezone(&Utc));
    }
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok())
        .ok_or(FieldError::InvalidDate)?;
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    // A wall-clock time skipped by a DST change does not exist; an ambiguous one takes the first.
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or(FieldError::InvalidDate)
}

#[cfg(feature = "ssr")]
/// `at` as `<input type=datetime-local>` shows it, on the wall clock of `time_zone`.
pub fn datetime_local_value(at: DateTime<Utc>, time_zone: &str) -> String {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_between_1900_and_2200() {
        assert_eq!(
            date("2026-12-07"),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap())
        );
        assert_eq!(date("1900-01-01"), Ok(EARLIEST_DAY));
        assert_eq!(date("2200-12-31"), Ok(LATEST_DAY));
        assert_eq!(date("1899-12-31"), Err(FieldError::OutOfRange));
        assert!(date("+262142-12-15").is_err());
        assert_eq!(date("9999-01-01"), Err(FieldError::OutOfRange));
        assert_eq!(date("2026-02-30"), Err(FieldError::InvalidDate));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn moments_are_bounded_like_days() {
        assert!(local_datetime("2026-12-07T09:30", "Asia/Almaty").is_ok());
        assert_eq!(
            local_datetime("9999-12-31T23:59", "UTC"),
            Err(FieldError::OutOfRange)
        );
        assert_eq!(
            local_datetime("0001-01-01T00:00:00Z", "UTC"),
            Err(FieldError::OutOfRange)
        );
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        assert_eq!(decimal("1 250 000,50", 2), Ok(Decimal::new(125_000_050, 2)));
        assert_eq!(decimal("1.5", 1), Ok(Decimal::new(15, 1)));
        assert_eq!(decimal("1.55", 1), Err(FieldError::TooPrecise));
        assert_eq!(decimal("1e5", 2), Err(FieldError::NotANumber));
        assert_eq!(decimal("1.2.3", 2), Err(FieldError::NotANumber));
        assert_eq!(money("0"), Err(FieldError::MustBePositive));
        assert_eq!(money("1000000000000"), Err(FieldError::OutOfRange));
        assert_eq!(integer("2027", 1900, 2027), Ok(2027));
        assert_eq!(integer("2028", 1900, 2027), Err(FieldError::OutOfRange));
        assert_eq!(integer("99999999999", 1, 100), Err(FieldError::OutOfRange));
        assert_eq!(integer("two", 1, 100), Err(FieldError::NotANumber));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn local_times_are_read_on_the_given_wall_clock() {
        let at = local_datetime("2026-03-01T09:30", "Asia/Almaty").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-03-01T04:30:00+00:00");
        assert_eq!(datetime_local_value(at, "Asia/Almaty"), "2026-03-01T09:30");
        assert_eq!(
            local_datetime("2026-03-01T09:30:00Z", "Asia/Almaty")
                .unwrap()
                .to_rfc3339(),
            "2026-03-01T09:30:00+00:00"
        );
        assert_eq!(
            local_datetime("yesterday", "UTC"),
            Err(FieldError::InvalidDate)
        );
        // 02:30 on the last Sunday of March does not exist in Paris.
        assert_eq!(
            local_datetime("2026-03-29T02:30", "Europe/Paris"),
            Err(FieldError::InvalidDate)
        );
    }
}
