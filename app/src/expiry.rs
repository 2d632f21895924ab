//! What runs out on a date (a driver's papers, a contract): how urgent it is by the days left,
//! expired or within the 7-, 14- and 30-day reminder steps, and the badge that shows it.

use leptos::prelude::*;

use crate::i18n::{Locale, td_string, use_i18n};

/// How urgent an expiry is: expired, or due within 7, 14 or 30 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Expired,
    Within7,
    Within14,
    Within30,
}

impl Urgency {
    /// The urgency of something with `days_left` (0 on its last day); `None` when it is more
    /// than 30 days away.
    pub fn of(days_left: Option<i32>) -> Option<Self> {
        match days_left? {
            d if d < 0 => Some(Self::Expired),
            0..=7 => Some(Self::Within7),
            8..=14 => Some(Self::Within14),
            15..=30 => Some(Self::Within30),
            _ => None,
        }
    }

    /// The reminder step reached, in days before the end (30, 14 or 7); none once expired.
    pub fn step(self) -> Option<i32> {
        match self {
            Self::Expired => None,
            Self::Within7 => Some(7),
            Self::Within14 => Some(14),
            Self::Within30 => Some(30),
        }
    }

    /// The badge's `data-urgency`, which the style sheet colours.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::Within7 => "7",
            Self::Within14 => "14",
            Self::Within30 => "30",
        }
    }
}

/// "Expired", "≤ 7 days", …
pub fn urgency_label(l: Locale, u: Urgency) -> &'static str {
    match u {
        Urgency::Expired => td_string!(l, common.urgency.expired),
        Urgency::Within7 => td_string!(l, common.urgency.within_7),
        Urgency::Within14 => td_string!(l, common.urgency.within_14),
        Urgency::Within30 => td_string!(l, common.urgency.within_30),
    }
}

/// "Expired" or "≤ N days", coloured by urgency; nothing when more than 30 days away.
#[component]
pub fn UrgencyBadge(days_left: Option<i32>) -> impl IntoView {
    let i18n = use_i18n();
    Urgency::of(days_left).map(|u| {
        view! {
            <span class="badge" data-urgency=u.as_str() data-testid="urgency-badge">{move || urgency_label(i18n.get_locale(), u)}</span>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_is_the_nearest_of_30_14_and_7_days_ahead() {
        let steps: Vec<_> = [45, 31, 30, 20, 15, 14, 10, 8, 7, 3, 0, -1]
            .into_iter()
            .map(|d| Urgency::of(Some(d)).and_then(Urgency::step))
            .collect();
        assert_eq!(
            steps,
            vec![
                None,
                None,
                Some(30),
                Some(30),
                Some(30),
                Some(14),
                Some(14),
                Some(14),
                Some(7),
                Some(7),
                Some(7),
                None
            ]
        );
        assert_eq!(Urgency::of(Some(-1)), Some(Urgency::Expired));
        assert_eq!(Urgency::of(None), None);
    }
}
