//! When maintenance falls due: by date, by odometer, or whichever comes first. Pure arithmetic,
//! shared by the work order lists, the REST answers and (later) the programs and reminders.
//!
//! Lists filtered by due state ask SQL, which states the same rule once more (`db::select`'s
//! `due_state` expression); the HTTP test `due_filters_agree_with_the_due_states` pins the two
//! together.

use chrono::NaiveDate;
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
pub fn due_state(today: NaiveDate, current_km: i64, due_on: Option<NaiveDate>, due_km: Option<i64>, window: DueWindow) -> Option<DueState> {
    let by_date = due_on.map(|on| {
        let days_left = (on - today).num_days();
        classify(days_left, window.days)
    });
    let by_km = due_km.map(|km| classify(km - current_km, window.km));
    by_date.into_iter().chain(by_km).max()
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
        assert_eq!(due_state(today, 0, Some(day(2026, 11, 22)), None, W), Some(DueState::DueSoon));
        assert_eq!(due_state(today, 0, Some(day(2026, 11, 21)), None, W), Some(DueState::Overdue));
        assert_eq!(due_state(today, 0, Some(day(2026, 12, 6)), None, W), Some(DueState::DueSoon));
        assert_eq!(due_state(today, 0, Some(day(2026, 12, 7)), None, W), Some(DueState::Later));
    }

    #[test]
    fn by_kilometre_reaching_it_is_due_soon_and_passing_it_overdue() {
        let today = day(2026, 11, 22);
        assert_eq!(due_state(today, 10_000, None, Some(10_000), W), Some(DueState::DueSoon));
        assert_eq!(due_state(today, 10_001, None, Some(10_000), W), Some(DueState::Overdue));
        assert_eq!(due_state(today, 9_500, None, Some(10_000), W), Some(DueState::DueSoon));
        assert_eq!(due_state(today, 9_499, None, Some(10_000), W), Some(DueState::Later));
    }

    #[test]
    fn whichever_comes_first_decides() {
        let today = day(2026, 11, 22);
        // Far off by date, passed by kilometre.
        assert_eq!(due_state(today, 12_000, Some(day(2027, 5, 1)), Some(10_000), W), Some(DueState::Overdue));
        // Far off by kilometre, due soon by date.
        assert_eq!(due_state(today, 1_000, Some(day(2026, 11, 30)), Some(10_000), W), Some(DueState::DueSoon));
        assert_eq!(due_state(today, 1_000, None, None, W), None);
    }

    #[test]
    fn the_window_counts_across_month_ends_and_leap_days() {
        let window = DueWindow { km: 0, days: 1 };
        assert_eq!(due_state(day(2028, 2, 28), 0, Some(day(2028, 2, 29)), None, window), Some(DueState::DueSoon));
        assert_eq!(due_state(day(2028, 2, 28), 0, Some(day(2028, 3, 1)), None, window), Some(DueState::Later));
        assert_eq!(due_state(day(2027, 2, 28), 0, Some(day(2027, 3, 1)), None, window), Some(DueState::DueSoon));
        assert_eq!(due_state(day(2026, 12, 31), 0, Some(day(2027, 1, 1)), None, window), Some(DueState::DueSoon));
    }
}
