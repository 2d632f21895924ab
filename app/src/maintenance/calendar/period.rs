//! Which days a calendar shows: a month as whole weeks (Monday first, so the first and last
//! rows hold days of the months around it) or one week, and the periods before and after.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How much a calendar shows at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    #[default]
    Month,
    Week,
}

impl Span {
    /// The key in the address (`view=week`); a month is the default, written as nothing.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Week => "week",
        }
    }
}

impl std::str::FromStr for Span {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        [Self::Month, Self::Week]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or(())
    }
}

/// A month (from its first day) or a week (from its Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub span: Span,
    pub start: NaiveDate,
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

fn sunday_of(day: NaiveDate) -> NaiveDate {
    day + Days::new(u64::from(6 - day.weekday().num_days_from_monday()))
}

impl Period {
    /// The month or the week holding `day`.
    pub fn around(span: Span, day: NaiveDate) -> Self {
        let start = match span {
            Span::Month => day.with_day(1).unwrap_or(day),
            Span::Week => monday_of(day),
        };
        Self { span, start }
    }

    /// The last day of the period itself (a month's last day, a week's Sunday).
    fn end(&self) -> NaiveDate {
        match self.span {
            Span::Month => self.start + Months::new(1) - Days::new(1),
            Span::Week => self.start + Days::new(6),
        }
    }

    /// The first and last day of the grid: whole weeks, Monday to Sunday.
    pub fn grid(&self) -> (NaiveDate, NaiveDate) {
        (monday_of(self.start), sunday_of(self.end()))
    }

    /// Every day of the grid, week by week.
    pub fn days(&self) -> Vec<NaiveDate> {
        let (first, last) = self.grid();
        first.iter_days().take_while(|d| *d <= last).collect()
    }

    /// Whether `day` belongs to the period (a month's grid also shows days of its neighbours).
    pub fn holds(&self, day: NaiveDate) -> bool {
        (self.start..=self.end()).contains(&day)
    }

    /// The period before.
    pub fn previous(&self) -> Self {
        let start = match self.span {
            Span::Month => self.start - Months::new(1),
            Span::Week => self.start - Days::new(7),
        };
        Self { start, ..*self }
    }

    /// The period after.
    pub fn next(&self) -> Self {
        let start = match self.span {
            Span::Month => self.start + Months::new(1),
            Span::Week => self.start + Days::new(7),
        };
        Self { start, ..*self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_month_shows_whole_weeks_from_monday_to_sunday() {
        // November 2026 starts on a Sunday and ends on a Monday: six rows.
        let november = Period::around(Span::Month, day(2026, 11, 30));
        assert_eq!(november.start, day(2026, 11, 1));
        assert_eq!(november.grid(), (day(2026, 10, 26), day(2026, 12, 6)));
        assert_eq!(november.days().len(), 42);
        assert!(
            november.holds(day(2026, 11, 30))
                && !november.holds(day(2026, 12, 1))
                && !november.holds(day(2026, 10, 31))
        );
        // February 2027 starts on a Monday and ends on a Sunday: exactly four rows.
        assert_eq!(
            Period::around(Span::Month, day(2027, 2, 14)).days().len(),
            28
        );
        // A leap February ends on the 29th.
        let leap = Period::around(Span::Month, day(2028, 2, 29));
        assert!(leap.holds(day(2028, 2, 29)));
        assert_eq!(leap.grid().1, day(2028, 3, 5));
    }

    #[test]
    fn a_week_runs_from_monday_and_periods_step_across_years() {
        let week = Period::around(Span::Week, day(2026, 11, 29)); // a Sunday
        assert_eq!(week.start, day(2026, 11, 23));
        assert_eq!(week.grid(), (day(2026, 11, 23), day(2026, 11, 29)));
        assert_eq!(week.days().len(), 7);
        let new_year = Period::around(Span::Week, day(2026, 12, 31));
        assert_eq!(new_year.next().start, day(2027, 1, 4));
        assert_eq!(
            Period::around(Span::Month, day(2027, 1, 31))
                .previous()
                .start,
            day(2026, 12, 1)
        );
        assert_eq!(
            Period::around(Span::Month, day(2026, 12, 5)).next().start,
            day(2027, 1, 1)
        );
        assert_eq!("week".parse::<Span>(), Ok(Span::Week));
        assert_eq!("year".parse::<Span>(), Err(()));
    }
}
