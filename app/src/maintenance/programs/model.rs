//! Program types and the validation of the program and apply forms.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, FieldError, Validator};
use crate::fleet::mileage::model::kilometres;
use crate::input::{self, field, integer, optional, required_text};
use crate::maintenance::{DueWindow, WorkKind};

/// A program as stored, with how many vehicles it applies to and how many of its work orders
/// are open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    pub id: Uuid,
    pub name: String,
    pub kind: WorkKind,
    pub interval_km: Option<i64>,
    pub interval_months: Option<i32>,
    pub window_km: i64,
    pub window_days: i32,
    pub tasks: Vec<String>,
    pub vehicles: i64,
    pub open_orders: i64,
    pub created_at: DateTime<Utc>,
}

/// What the program form (and REST clients) send, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgramForm {
    pub name: String,
    /// Blank means a scheduled service.
    pub kind: String,
    #[serde(deserialize_with = "input::text")]
    pub interval_km: String,
    #[serde(deserialize_with = "input::text")]
    pub interval_months: String,
    /// Blank means the default window (500 km).
    #[serde(deserialize_with = "input::text")]
    pub window_km: String,
    /// Blank means the default window (14 days).
    #[serde(deserialize_with = "input::text")]
    pub window_days: String,
    /// One task per line.
    pub tasks: String,
}

/// A validated program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramInput {
    pub name: String,
    pub kind: WorkKind,
    pub interval_km: Option<i64>,
    pub interval_months: Option<i32>,
    pub window_km: i64,
    pub window_days: i32,
    pub tasks: Vec<String>,
}

/// The longest interval a program may have, and the most tasks.
const MAX_INTERVAL_KM: i64 = 1_000_000;
const MAX_INTERVAL_MONTHS: i32 = 120;
const MAX_TASKS: usize = 50;

impl ProgramForm {
    /// Checks the form: a name, at least one interval, windows within reason, short tasks.
    pub fn validate(&self) -> Result<ProgramInput, AppError> {
        let mut v = Validator::default();
        let name = required_text(&mut v, "name", &self.name, 200);
        let kind = field(
            &mut v,
            "kind",
            optional(&self.kind).map_or(Ok(WorkKind::ScheduledService), str::parse),
        );
        let interval_km = optional(&self.interval_km)
            .and_then(|raw| field(&mut v, "interval_km", bounded_km(raw, 1, MAX_INTERVAL_KM)));
        let interval_months = optional(&self.interval_months).and_then(|raw| {
            field(
                &mut v,
                "interval_months",
                integer(raw, 1, MAX_INTERVAL_MONTHS),
            )
        });
        let both_blank =
            optional(&self.interval_km).is_none() && optional(&self.interval_months).is_none();
        v.check(both_blank, "interval_km", FieldError::IntervalRequired);
        let window_km = optional(&self.window_km)
            .map_or(Ok(DueWindow::DEFAULT.km), |raw| bounded_km(raw, 0, 100_000));
        let window_km = field(&mut v, "window_km", window_km);
        let default_days = i32::try_from(DueWindow::DEFAULT.days).unwrap_or(14);
        let window_days = field(
            &mut v,
            "window_days",
            optional(&self.window_days).map_or(Ok(default_days), |raw| integer(raw, 0, 365)),
        );
        let tasks: Vec<String> = self
            .tasks
            .lines()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        v.check(
            tasks.len() > MAX_TASKS || tasks.iter().any(|t| t.chars().count() > 200),
            "tasks",
            FieldError::TooLong,
        );
        v.finish()?;
        match (name, kind, window_km, window_days) {
            (Some(name), Some(kind), Some(window_km), Some(window_days)) => Ok(ProgramInput {
                name,
                kind,
                interval_km,
                interval_months,
                window_km,
                window_days,
                tasks,
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }
}

/// A kilometre figure between `min` and `max`.
fn bounded_km(raw: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    kilometres(raw).and_then(|km| {
        if (min..=max).contains(&km) {
            Ok(km)
        } else {
            Err(FieldError::OutOfRange)
        }
    })
}

/// Which vehicles to apply a program to: those of a department, a brand, a model (all given
/// ones must match), and/or a list of plates or ids. All blank means every vehicle in service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplyForm {
    pub department: String,
    pub brand: String,
    pub model: String,
    /// Plates or ids, separated by commas or new lines.
    pub vehicles: String,
}

impl ApplyForm {
    /// The plates or ids typed, one per entry.
    pub fn references(&self) -> Vec<String> {
        self.vehicles
            .split([',', '\n', ';'])
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// A blank filter is no filter.
    pub fn criterion(raw: &str) -> Option<String> {
        optional(raw).map(str::to_owned)
    }
}

/// What applying did: how many vehicles matched, and how many of them got a new work order
/// (the others already had an open one from this program).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub vehicles: i64,
    pub planned: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_needs_a_name_and_an_interval_and_takes_the_default_window() {
        let fields = ProgramForm {
            window_days: "400".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err()
        .field_errors();
        assert_eq!(fields["name"], vec![FieldError::Required]);
        assert_eq!(fields["interval_km"], vec![FieldError::IntervalRequired]);
        assert_eq!(fields["window_days"], vec![FieldError::OutOfRange]);
        let form = ProgramForm {
            name: "Oil service".into(),
            interval_km: "10 000".into(),
            tasks: "Oil\n\n  Filter  \n".into(),
            ..Default::default()
        };
        let input = form.validate().unwrap();
        assert_eq!(
            (input.kind, input.interval_km, input.interval_months),
            (WorkKind::ScheduledService, Some(10_000), None)
        );
        assert_eq!((input.window_km, input.window_days), (500, 14));
        assert_eq!(input.tasks, vec!["Oil", "Filter"]);
        let months_only = ProgramForm {
            name: "Annual".into(),
            interval_months: "12".into(),
            interval_km: " ".into(),
            ..Default::default()
        };
        assert_eq!(months_only.validate().unwrap().interval_months, Some(12));
        let zero = ProgramForm {
            name: "x".into(),
            interval_km: "0".into(),
            interval_months: "121".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err()
        .field_errors();
        assert_eq!(
            (zero["interval_km"][0], zero["interval_months"][0]),
            (FieldError::OutOfRange, FieldError::OutOfRange)
        );
    }

    #[test]
    fn the_vehicles_to_apply_to_are_split_on_commas_and_lines() {
        let form = ApplyForm {
            vehicles: "123 ABC 02, 456 DEF 02\n\n789 GHI 02;".into(),
            ..Default::default()
        };
        assert_eq!(
            form.references(),
            vec!["123 ABC 02", "456 DEF 02", "789 GHI 02"]
        );
        assert_eq!(ApplyForm::criterion("  "), None);
    }
}
