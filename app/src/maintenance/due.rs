//! When maintenance falls due: by date, by odometer, or whichever comes first. Pure arithmetic,
//! shared by the work order lists, the REST answers and (later) the programs and reminders.
//!
//! Lists filtered by due state ask SQL, which states the same rule once more (`db::select`'s
//! `due_state` expression); the HTTP test `due_filters_agree_with_the_due_states` pins the two
//! together.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How close to its date or its kilometre a scheduled item counts as "due soon".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueWindow {
    pub km: i64,
    pub days: i64,
}

impl DueWindow {
    /// What a program uses unless it says otherwise: 500 km or 14 days.
    pub const DEFAULT: Self = Self { km: 500, days: 14 };
}

/// Where a scheduled item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// Neither its date nor its kilometre is within the window.
    Later,
    /// Its date or its kilometre is within the window (the date itself included).
    DueSoon,
    /// Its date has passed, or the odometer is beyond its kilometre.
    Overdue,
}

impl DueState {
    /// Every state, least urgent first.
    pub const ALL: [Self; 3] = [Self::Later, Self::DueSoon, Self::Overdue];

    /// The key in JSON, the address bar and SQL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Later => "later",
            Self::DueSoon => "due_soon",
            Self::Overdue => "overdue",
        }
    }
}

impl std::str::FromStr for DueState {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|d| d.as_str() == s).ok_or(())
    }
}

/// Where an item due on `due_on` and/or at `due_km` stands on `today` with the odometer at
/// `current_km`; the more urgent of the two wins. `None` when it has neither a date nor a
/// kilometre to be due by.
pub fn due_state(
    today: NaiveDate,
    current_km: i64,
    due_on: Option<NaiveDate>,
    due_km: Option<i64>,
    window: DueWindow,
) -> Option<DueState> {
    let by_date = due_on.map(|on| {
        let days_left = (on - today).num_days();
        classify(days_left, window.days)
    });
    let by_km = due_km.map(|km| classify(km - current_km, window.km));
    by_date.into_iter().chain(by_km).max()
}

/// When work due at `due_km` is expected, at the vehicle's average daily distance: today if
/// the odometer has reached it, `None` without a usable average (no readings, a single one, or
/// a flat or falling average) or when it is more than a century away.
pub fn forecast_on(
    today: NaiveDate,
    current_km: i64,
    due_km: i64,
    avg_km_per_day: Option<f64>,
) -> Option<NaiveDate> {
    let left = due_km - current_km;
    if left <= 0 {
        return Some(today);
    }
    let per_day = avg_km_per_day.filter(|a| a.is_finite() && *a > 0.0)?;
    let days = (left as f64 / per_day).ceil();
    if days > 36_500.0 {
        return None;
    }
    today.checked_add_days(Days::new(days as u64))
}

/// The day work is planned for: its date, or its kilometre's forecast when that comes first.
pub fn planned_on(
    scheduled_on: Option<NaiveDate>,
    forecast: Option<NaiveDate>,
) -> Option<NaiveDate> {
    scheduled_on.into_iter().chain(forecast).min()
}

/// How many days before the planned day reminders go out.
pub const REMINDER_STEPS: [u64; 4] = [14, 7, 3, 1];

/// One reminder of planned work: the day it goes out and how many days ahead it warns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub on: NaiveDate,
    pub days_before: u64,
}

/// The reminders of work planned for `planned`, earliest first (the notifications module sends
/// them; this decides when).
pub fn reminders(planned: NaiveDate) -> Vec<Reminder> {
    REMINDER_STEPS
        .iter()
        .filter_map(|&days_before| {
            planned
                .checked_sub_days(Days::new(days_before))
                .map(|on| Reminder { on, days_before })
        })
        .collect()
}

/// When a program's next work falls due after work done on `done_on` at `done_km`: a date
/// `interval_months` later (the month's last day when the day does not exist, as 31 January
/// + 1 month = 28 or 29 February) and/or `interval_km` further.
pub fn next_due(
    done_on: NaiveDate,
    done_km: i64,
    interval_km: Option<i64>,
    interval_months: Option<u32>,
) -> (Option<NaiveDate>, Option<i64>) {
    let on = interval_months.and_then(|m| done_on.checked_add_months(Months::new(m)));
    (on, interval_km.map(|km| done_km + km))
}

/// `left` units before the due point (negative once past it).
fn classify(left: i64, window: i64) -> DueState {
    if left < 0 {
        DueState::Overdue
    } else if left <= window {
        DueState::DueSoon
    } else {
        DueState::Later
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const W: DueWindow = DueWindow::DEFAULT;

    #[test]
    fn by_date_the_due_day_itself_is_due_soon_and_the_day_after_overdue() {
        let today = day(2026, 11, 22);
        assert_eq!(
            due_state(today, 0, Some(day(2026, 11, 22)), None, W),
            Some(DueState::DueSoon)
        );
        assert_eq!(
            due_state(today, 0, Some(day(2026, 11, 21)), None, W),
            Some(DueState::Overdue)
        );
        assert_eq!(
            due_state(today, 0, Some(day(2026, 12, 6)), None, W),
            Some(DueState::DueSoon)
        );
        assert_eq!(
            due_state(today, 0, Some(day(2026, 12, 7)), None, W),
            Some(DueState::Later)
        );
    }

    #[test]
    fn by_kilometre_reaching_it_is_due_soon_and_passing_it_overdue() {
        let today = day(2026, 11, 22);
        assert_eq!(
            due_state(today, 10_000, None, Some(10_000), W),
            Some(DueState::DueSoon)
        );
        assert_eq!(
            due_state(today, 10_001, None, Some(10_000), W),
            Some(DueState::Overdue)
        );
        assert_eq!(
            due_state(today, 9_500, None, Some(10_000), W),
            Some(DueState::DueSoon)
        );
        assert_eq!(
            due_state(today, 9_499, None, Some(10_000), W),
            Some(DueState::Later)
        );
    }

    #[test]
    fn whichever_comes_first_decides() {
        let today = day(2026, 11, 22);
        // Far off by date, passed by kilometre.
        assert_eq!(
            due_state(today, 12_000, Some(day(2027, 5, 1)), Some(10_000), W),
            Some(DueState::Overdue)
        );
        // Far off by kilometre, due soon by date.
        assert_eq!(
            due_state(today, 1_000, Some(day(2026, 11, 30)), Some(10_000), W),
            Some(DueState::DueSoon)
        );
        assert_eq!(due_state(today, 1_000, None, None, W), None);
    }

    #[test]
    fn a_forecast_needs_a_rising_average_and_rounds_up_to_whole_days() {
        let today = day(2026, 11, 22);
        // No readings, or a single one: no average, no forecast.
        assert_eq!(forecast_on(today, 0, 10_000, None), None);
        // A flat or falling average never reaches the kilometre.
        assert_eq!(forecast_on(today, 9_000, 10_000, Some(0.0)), None);
        assert_eq!(forecast_on(today, 9_000, 10_000, Some(-12.5)), None);
        assert_eq!(forecast_on(today, 9_000, 10_000, Some(f64::NAN)), None);
        // 1,000 km at 100 km a day: ten days; at 300 km a day 3.33 days, so the fourth.
        assert_eq!(
            forecast_on(today, 9_000, 10_000, Some(100.0)),
            Some(day(2026, 12, 2))
        );
        assert_eq!(
            forecast_on(today, 9_000, 10_000, Some(300.0)),
            Some(day(2026, 11, 26))
        );
        // Reached or passed already: due today, whatever the average.
        assert_eq!(forecast_on(today, 10_000, 10_000, None), Some(today));
        assert_eq!(forecast_on(today, 12_000, 10_000, Some(50.0)), Some(today));
        // A crawl that would take centuries is no forecast.
        assert_eq!(forecast_on(today, 0, 1_000_000, Some(0.01)), None);
    }

    #[test]
    fn the_planned_day_is_the_earlier_of_the_date_and_the_forecast() {
        let (a, b) = (day(2026, 12, 1), day(2027, 1, 15));
        assert_eq!(planned_on(Some(b), Some(a)), Some(a));
        assert_eq!(planned_on(Some(a), Some(b)), Some(a));
        assert_eq!(planned_on(None, Some(b)), Some(b));
        assert_eq!(planned_on(None, None), None);
    }

    #[test]
    fn reminders_go_out_14_7_3_and_1_days_before_across_month_and_year_ends() {
        let on = |r: Vec<Reminder>| {
            r.into_iter()
                .map(|r| (r.on, r.days_before))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            on(reminders(day(2027, 1, 2))),
            vec![
                (day(2026, 12, 19), 14),
                (day(2026, 12, 26), 7),
                (day(2026, 12, 30), 3),
                (day(2027, 1, 1), 1)
            ]
        );
        assert_eq!(
            reminders(day(2028, 3, 1))[3].on,
            day(2028, 2, 29),
            "a leap year's 29 February"
        );
        assert_eq!(reminders(day(2027, 3, 1))[3].on, day(2027, 2, 28));
    }

    #[test]
    fn a_programs_next_work_is_an_interval_after_the_last_whichever_comes_first() {
        assert_eq!(
            next_due(day(2026, 5, 10), 48_200, Some(10_000), Some(6)),
            (Some(day(2026, 11, 10)), Some(58_200))
        );
        assert_eq!(
            next_due(day(2026, 5, 10), 48_200, Some(10_000), None),
            (None, Some(58_200))
        );
        // Month ends clamp to the last day of a shorter month, leap years included.
        assert_eq!(
            next_due(day(2027, 1, 31), 0, None, Some(1)).0,
            Some(day(2027, 2, 28))
        );
        assert_eq!(
            next_due(day(2028, 1, 31), 0, None, Some(1)).0,
            Some(day(2028, 2, 29))
        );
        assert_eq!(
            next_due(day(2028, 2, 29), 0, None, Some(12)).0,
            Some(day(2029, 2, 28))
        );
        assert_eq!(
            next_due(day(2026, 8, 31), 0, None, Some(6)).0,
            Some(day(2027, 2, 28))
        );
    }

    #[test]
    fn the_window_counts_across_month_ends_and_leap_days() {
        let window = DueWindow { km: 0, days: 1 };
        assert_eq!(
            due_state(day(2028, 2, 28), 0, Some(day(2028, 2, 29)), None, window),
            Some(DueState::DueSoon)
        );
        assert_eq!(
            due_state(day(2028, 2, 28), 0, Some(day(2028, 3, 1)), None, window),
            Some(DueState::Later)
        );
        assert_eq!(
            due_state(day(2027, 2, 28), 0, Some(day(2027, 3, 1)), None, window),
            Some(DueState::DueSoon)
        );
        assert_eq!(
            due_state(day(2026, 12, 31), 0, Some(day(2027, 1, 1)), None, window),
            Some(DueState::DueSoon)
        );
    }
}
