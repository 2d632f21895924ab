//! Assignment types and the validation of the assignment form.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use crate::error::{AppError, FieldError, Validator};
#[cfg(feature = "ssr")]
use crate::input::{field, optional, optional_text};

/// An assignment's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct AssignmentId(pub Uuid);

/// A driver in a vehicle from `starts_at` until `ends_at` (open-ended while `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Assignment {
    pub id: AssignmentId,
    pub vehicle_id: Uuid,
    pub plate: String,
    pub driver_id: Uuid,
    pub driver_name: String,
    pub employee_number: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    /// The same moments on the reader's wall clock, for display.
    pub starts_local: NaiveDateTime,
    pub ends_local: Option<NaiveDateTime>,
    /// Whether the period covers this moment.
    pub current: bool,
    pub notes: Option<String>,
}

/// What the assignment form (and REST clients) send, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignmentForm {
    /// The vehicle's id or plate.
    pub vehicle: String,
    /// The driver's id or employee number.
    pub driver: String,
    /// On the user's wall clock (`2026-11-22T09:30`) or RFC 3339; blank means now.
    pub starts_at: String,
    /// Blank for open-ended.
    pub ends_at: String,
    pub notes: String,
    /// A reassignment: the id of the vehicle's current assignment, which ends when this starts.
    pub replaces: String,
}

/// A validated assignment form; the vehicle and driver are still references to look up.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentInput {
    pub vehicle: String,
    pub driver: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub replaces: Option<AssignmentId>,
}

#[cfg(feature = "ssr")]
impl AssignmentForm {
    /// Checks the form, reading times on `time_zone`'s wall clock; a blank start is `now`.
    pub fn validate(
        &self,
        time_zone: &str,
        now: DateTime<Utc>,
    ) -> Result<AssignmentInput, AppError> {
        use crate::input::{local_datetime, required};
        let mut v = Validator::default();
        let vehicle = field(&mut v, "vehicle", required(&self.vehicle)).map(str::to_owned);
        let driver = field(&mut v, "driver", required(&self.driver)).map(str::to_owned);
        let starts_at = match optional(&self.starts_at) {
            Some(raw) => field(&mut v, "starts_at", local_datetime(raw, time_zone)),
            None => Some(now),
        };
        let ends_at = optional(&self.ends_at)
            .and_then(|raw| field(&mut v, "ends_at", local_datetime(raw, time_zone)));
        if let (Some(start), Some(end)) = (starts_at, ends_at) {
            v.check(end <= start, "ends_at", FieldError::EndsBeforeStarts);
        }
        let notes = optional_text(&mut v, "notes", &self.notes, 500);
        let replaces = optional(&self.replaces).and_then(|raw| {
            field(
                &mut v,
                "replaces",
                raw.parse()
                    .map(AssignmentId)
                    .map_err(|_| FieldError::ChangedMeanwhile),
            )
        });
        v.finish()?;
        match (vehicle, driver, starts_at) {
            (Some(vehicle), Some(driver), Some(starts_at)) => Ok(AssignmentInput {
                vehicle,
                driver,
                starts_at,
                ends_at,
                notes,
                replaces,
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }
}

#[cfg(test)]
#[cfg(feature = "ssr")]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T06:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_blank_start_is_now_and_times_are_read_on_the_users_clock() {
        let form = AssignmentForm {
            vehicle: "123 ABC 01".into(),
            driver: "K-1".into(),
            ends_at: "2026-11-23T18:00".into(),
            ..Default::default()
        };
        let input = form.validate("Asia/Almaty", now()).unwrap();
        assert_eq!(input.starts_at, now());
        assert_eq!(input.ends_at, Some("2026-11-23T13:00:00Z".parse().unwrap()));
    }

    #[test]
    fn an_end_before_the_start_and_missing_parties_are_field_errors() {
        let form = AssignmentForm {
            starts_at: "2026-11-22T10:00".into(),
            ends_at: "2026-11-22T09:00".into(),
            ..Default::default()
        };
        let fields = form.validate("UTC", now()).unwrap_err().field_errors();
        assert_eq!(fields["ends_at"], vec![FieldError::EndsBeforeStarts]);
        assert_eq!(fields["vehicle"], vec![FieldError::Required]);
        assert_eq!(fields["driver"], vec![FieldError::Required]);
    }
}
