//! Odometer readings, the reading form, and the rules a reading must pass. The rules are plain
//! functions of the reading and its neighbours so that they are tested without a database; `db`
//! finds the neighbours, `api` applies the verdict.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::choice::choices;
use crate::error::{FieldError, FieldErrors};
use crate::listing::{PageRequest, Paged, Params};

choices! {
    /// Where a reading comes from.
    pub enum MileageSource as "mileage_source" {
        Manual = "manual", Obd = "obd", Gps = "gps", Fuel = "fuel",
    }
}

choices! {
    /// Why the system voided a reading (a reason a user gives is their own words).
    pub enum VoidCause as "mileage_void_cause" {
        /// The fuel fill's expense that made the reading was deleted.
        ExpenseDeleted = "expense_deleted",
    }
}

/// Why a reading is voided: in a user's words, or by the system for a [`VoidCause`].
#[derive(Debug, Clone, Copy)]
pub enum VoidReason<'a> {
    Typed(&'a str),
    Cause(VoidCause),
}

/// One odometer reading as stored, with who entered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Reading {
    pub id: Uuid,
    pub vehicle_id: Uuid,
    pub plate: String,
    pub value_km: i64,
    pub recorded_at: DateTime<Utc>,
    /// `recorded_at` on the reader's wall clock, for display.
    pub recorded_local: NaiveDateTime,
    pub source: MileageSource,
    pub recorded_by_name: Option<String>,
    pub driver_id: Option<Uuid>,
    pub notes: Option<String>,
    /// Above the tenant's daily limit; accepted after a confirmation.
    pub abnormal: bool,
    /// Far above the vehicle's usual daily distance.
    pub unusual: bool,
    pub voided_at: Option<DateTime<Utc>>,
    /// The reason a user gave for voiding it.
    pub void_reason: Option<String>,
    /// Or why the system voided it.
    pub void_cause: Option<VoidCause>,
}

/// A vehicle on the bulk entry page: what identifies it and its latest reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct EntryVehicle {
    pub id: Uuid,
    pub plate: String,
    pub brand: String,
    pub model: String,
    pub department: Option<String>,
    pub current_mileage: i64,
    pub last_reading_at: Option<DateTime<Utc>>,
}

/// What the reading form (and REST clients) send, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadingForm {
    /// The vehicle's id or plate.
    pub vehicle: String,
    /// Kilometres, spaces allowed (`123 456`).
    #[serde(deserialize_with = "crate::input::text")]
    pub value: String,
    /// On the user's wall clock or RFC 3339; blank means now.
    pub recorded_at: String,
    /// Blank means manual.
    pub source: String,
    pub notes: String,
    /// The second step of an abnormal reading: present (a ticked box, or `true`) when the user
    /// confirms it is right.
    pub confirm: Option<String>,
}

/// A validated reading; the vehicle is still a reference to look up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingInput {
    pub vehicle: String,
    pub value_km: i64,
    pub recorded_at: DateTime<Utc>,
    pub source: MileageSource,
    pub notes: Option<String>,
    pub confirmed: bool,
}

/// The largest odometer value accepted (a ten-million-kilometre truck is already a legend).
pub const MAX_KM: i64 = 10_000_000;

/// Kilometres as people type them: digits with spaces or apostrophes between groups.
pub fn kilometres(raw: &str) -> Result<i64, FieldError> {
    let digits: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{202f}' | '\u{a0}' | '\''))
        .collect();
    if digits.is_empty() {
        return Err(FieldError::Required);
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::NotANumber);
    }
    match digits.parse::<i64>() {
        Ok(km) if km <= MAX_KM => Ok(km),
        _ => Err(FieldError::OutOfRange),
    }
}

#[cfg(feature = "ssr")]
impl ReadingForm {
    /// Checks the form, reading the time on `time_zone`'s wall clock; a blank time is `now`,
    /// and a reading cannot be taken in the future.
    pub fn validate(
        &self,
        time_zone: &str,
        now: DateTime<Utc>,
    ) -> Result<ReadingInput, crate::error::AppError> {
        use crate::error::{AppError, Validator};
        use crate::input::{field, local_datetime, optional, optional_text, required};
        let mut v = Validator::default();
        let vehicle = field(&mut v, "vehicle", required(&self.vehicle)).map(str::to_owned);
        let value_km = field(&mut v, "value", kilometres(&self.value));
        let recorded_at = match optional(&self.recorded_at) {
            Some(raw) => field(&mut v, "recorded_at", local_datetime(raw, time_zone)),
            None => Some(now),
        };
        // A minute of grace for a phone whose clock runs a little ahead.
        if let Some(at) = recorded_at {
            v.check(
                at > now + chrono::Duration::minutes(1),
                "recorded_at",
                FieldError::InFuture,
            );
        }
        let source = match optional(&self.source) {
            Some(raw) => field(&mut v, "source", raw.parse::<MileageSource>()),
            None => Some(MileageSource::Manual),
        };
        let notes = optional_text(&mut v, "notes", &self.notes, 500);
        v.finish()?;
        match (vehicle, value_km, recorded_at, source) {
            (Some(vehicle), Some(value_km), Some(recorded_at), Some(source)) => Ok(ReadingInput {
                vehicle,
                value_km,
                recorded_at,
                source,
                notes,
                confirmed: self
                    .confirm
                    .as_deref()
                    .is_some_and(|c| !c.is_empty() && c != "false"),
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }
}

/// A live (non-void) reading next to a new one in time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    pub recorded_at: DateTime<Utc>,
    pub value_km: i64,
}

/// What the rules say about a new reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Above the tenant's daily limit: needs a confirmation.
    pub abnormal: bool,
    /// Far above the vehicle's usual daily distance: accepted, flagged.
    pub unusual: bool,
}

/// Kilometres per day between two readings; intervals shorter than a day count as one day, so
/// two readings an hour apart are not a 2,400 km/day trip.
pub fn daily_rate(from: Neighbour, to: Neighbour) -> f64 {
    let days = (to.recorded_at - from.recorded_at).num_seconds() as f64 / 86_400.0;
    (to.value_km - from.value_km) as f64 / days.max(1.0)
}

/// Readings must rise with time: a reading lies between the one before it and the one after.
pub fn check_sequence(
    value_km: i64,
    previous: Option<Neighbour>,
    next: Option<Neighbour>,
) -> Result<(), FieldError> {
    if previous.is_some_and(|p| value_km < p.value_km) {
        return Err(FieldError::MileageBelowPrevious);
    }
    if next.is_some_and(|n| value_km > n.value_km) {
        return Err(FieldError::MileageAboveNext);
    }
    Ok(())
}

/// Judges a reading that is in sequence. `past_rates` are the vehicle's daily rates between its
/// earlier consecutive readings; `daily_limit_km` is the tenant's threshold.
pub fn judge(
    reading: Neighbour,
    previous: Option<Neighbour>,
    next: Option<Neighbour>,
    daily_limit_km: i64,
    past_rates: &[f64],
) -> Verdict {
    let limit = daily_limit_km as f64;
    let rate_in = previous.map(|p| daily_rate(p, reading));
    let rate_out = next.map(|n| daily_rate(reading, n));
    let abnormal = rate_in.is_some_and(|r| r > limit) || rate_out.is_some_and(|r| r > limit);
    let unusual = rate_in.is_some_and(|r| unusually_high(r, past_rates));
    Verdict { abnormal, unusual }
}

/// The fewest past intervals the standard-deviation test trusts.
pub const MIN_INTERVALS_FOR_USUAL: usize = 5;

/// Whether `rate` lies more than three standard deviations above the mean of `past` (and at
/// least half again above it, so that a vehicle driven exactly the same distance every day is
/// not flagged for one extra kilometre).
pub fn unusually_high(rate: f64, past: &[f64]) -> bool {
    if past.len() < MIN_INTERVALS_FOR_USUAL {
        return false;
    }
    let n = past.len() as f64;
    let mean = past.iter().sum::<f64>() / n;
    let variance = past.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / n;
    rate > mean + 3.0 * variance.sqrt() && rate > mean * 1.5
}

/// A vehicle's mileage figures from its live readings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MileageStats {
    pub current_km: i64,
    pub readings: i64,
    /// Distance between the first and the last live reading.
    pub total_km: i64,
    pub avg_km_per_day: Option<f64>,
    pub avg_km_per_month: Option<f64>,
    /// Distance per calendar month (tenant's time zone), oldest first, at most twelve.
    pub months: Vec<MonthDistance>,
}

/// The distance driven in one month: the rise of the odometer between readings that fall in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MonthDistance {
    /// `2026-03`.
    pub month: String,
    pub km: i64,
}

/// The average days in a month, for km per month from km per day.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// Averages from the first and last live readings: distance over the days between them.
pub fn averages(first: Neighbour, last: Neighbour) -> (Option<f64>, Option<f64>) {
    let days = (last.recorded_at - first.recorded_at).num_seconds() as f64 / 86_400.0;
    if days < 1.0 {
        return (None, None);
    }
    let per_day = (last.value_km - first.value_km) as f64 / days;
    (Some(per_day), Some(per_day * DAYS_PER_MONTH))
}

/// Why a reading is voided, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoidForm {
    pub reason: String,
}

/// The bulk entry page's address: `department`, `page`, `per_page`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryQuery {
    pub department: Option<String>,
    pub page: PageRequest,
}

impl EntryQuery {
    pub fn from_params(params: &Params) -> Self {
        let department = params
            .get("department")
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        Self {
            department,
            page: PageRequest::from_params(params),
        }
    }
}

/// What the bulk entry page shows: the vehicles to type readings for, and the departments to
/// filter them by (none for a driver, who sees only their own vehicles).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryPage {
    pub vehicles: Paged<EntryVehicle>,
    pub departments: Vec<String>,
    pub own_only: bool,
}

/// The bulk entry form: one time and source for every row, a value per vehicle (blank rows are
/// skipped).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BulkEntryForm {
    pub recorded_at: String,
    pub source: String,
    pub rows: Vec<BulkRow>,
}

/// One vehicle's row of the bulk entry form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BulkRow {
    /// The vehicle's id.
    pub vehicle: String,
    #[serde(deserialize_with = "crate::input::text")]
    pub value: String,
    /// Ticked to accept an abnormal reading.
    pub confirm: Option<String>,
}

/// How a bulk entry went: how many readings were saved, and each failed row with its errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub saved: usize,
    pub failed: Vec<BulkFailure>,
}

/// A row of the bulk entry that was not saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkFailure {
    pub vehicle: String,
    pub value: String,
    pub errors: FieldErrors,
}

impl BulkOutcome {
    /// The failure of a vehicle's row, if it failed.
    pub fn failure(&self, vehicle: &str) -> Option<&BulkFailure> {
        self.failed.iter().find(|f| f.vehicle == vehicle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: i64, km: i64) -> Neighbour {
        let start: DateTime<Utc> = "2026-01-01T08:00:00Z".parse().unwrap();
        Neighbour {
            recorded_at: start + chrono::Duration::days(day),
            value_km: km,
        }
    }

    #[test]
    fn kilometres_accept_grouped_digits_and_refuse_the_rest() {
        assert_eq!(kilometres("123 456"), Ok(123_456));
        assert_eq!(kilometres("12'000"), Ok(12_000));
        assert_eq!(kilometres(" "), Err(FieldError::Required));
        assert_eq!(kilometres("-5"), Err(FieldError::NotANumber));
        assert_eq!(kilometres("12.5"), Err(FieldError::NotANumber));
        assert_eq!(
            kilometres("99999999999999999999"),
            Err(FieldError::OutOfRange)
        );
        assert_eq!(kilometres("10000001"), Err(FieldError::OutOfRange));
    }

    #[test]
    fn a_reading_must_lie_between_its_neighbours() {
        let (before, after) = (Some(at(0, 1_000)), Some(at(10, 2_000)));
        assert_eq!(check_sequence(1_500, before, after), Ok(()));
        assert_eq!(
            check_sequence(1_000, before, after),
            Ok(()),
            "an unmoved vehicle is fine"
        );
        assert_eq!(
            check_sequence(999, before, after),
            Err(FieldError::MileageBelowPrevious)
        );
        assert_eq!(
            check_sequence(2_001, before, after),
            Err(FieldError::MileageAboveNext)
        );
        assert_eq!(check_sequence(0, None, None), Ok(()));
    }

    #[test]
    fn a_jump_above_the_daily_limit_is_abnormal_on_either_side() {
        // 1,500 km in one day against a limit of 1,000.
        assert!(judge(at(1, 2_500), Some(at(0, 1_000)), None, 1_000, &[]).abnormal);
        // The same 1,500 km over two days is 750 a day.
        assert!(!judge(at(2, 2_500), Some(at(0, 1_000)), None, 1_000, &[]).abnormal);
        // An hour later, 300 km more counts as a day's driving, not 7,200 km/day.
        let hour_later = Neighbour {
            recorded_at: at(0, 0).recorded_at + chrono::Duration::hours(1),
            value_km: 1_300,
        };
        assert!(!judge(hour_later, Some(at(0, 1_000)), None, 1_000, &[]).abnormal);
        // A back-dated reading that leaves 5,000 km for the one day after it.
        assert!(
            judge(
                at(9, 1_000),
                Some(at(0, 1_000)),
                Some(at(10, 6_000)),
                1_000,
                &[]
            )
            .abnormal
        );
    }

    #[test]
    fn three_standard_deviations_above_the_usual_is_unusual() {
        let usual = [100.0, 110.0, 90.0, 105.0, 95.0, 100.0];
        assert!(unusually_high(400.0, &usual));
        assert!(!unusually_high(120.0, &usual));
        assert!(
            !unusually_high(400.0, &usual[..4]),
            "too few intervals to judge"
        );
        // A perfectly regular vehicle: one extra kilometre is not unusual, double is.
        let regular = [50.0; 8];
        assert!(!unusually_high(51.0, &regular));
        assert!(unusually_high(100.0, &regular));
        let verdict = judge(at(31, 1_400), Some(at(30, 1_000)), None, 1_000, &usual);
        assert_eq!(
            verdict,
            Verdict {
                abnormal: false,
                unusual: true
            }
        );
    }

    #[test]
    fn averages_need_at_least_a_day_between_first_and_last() {
        assert_eq!(averages(at(0, 0), at(0, 50)), (None, None));
        let (per_day, per_month) = averages(at(0, 1_000), at(10, 2_000));
        assert_eq!(per_day, Some(100.0));
        assert!((per_month.unwrap() - 3_043.75).abs() < 1e-9);
    }
}
