//! The translated names of a work order's kind, status, priority and due state.

use super::{DueState, Priority, WorkKind, WorkStatus};
use crate::i18n::{Locale, td_string};

/// "Scheduled service", "Ремонт", …
pub fn kind_label(l: Locale, k: WorkKind) -> &'static str {
    match k {
        WorkKind::ScheduledService => td_string!(l, maintenance.kinds.scheduled_service),
        WorkKind::Repair => td_string!(l, maintenance.kinds.repair),
        WorkKind::Inspection => td_string!(l, maintenance.kinds.inspection),
        WorkKind::TireChange => td_string!(l, maintenance.kinds.tire_change),
        WorkKind::BodyRepair => td_string!(l, maintenance.kinds.body_repair),
        WorkKind::Recall => td_string!(l, maintenance.kinds.recall),
    }
}

/// A board column's title, a work order's status.
pub fn status_label(l: Locale, s: WorkStatus) -> &'static str {
    match s {
        WorkStatus::Scheduled => td_string!(l, maintenance.statuses.scheduled),
        WorkStatus::InProgress => td_string!(l, maintenance.statuses.in_progress),
        WorkStatus::Completed => td_string!(l, maintenance.statuses.completed),
        WorkStatus::Cancelled => td_string!(l, maintenance.statuses.cancelled),
    }
}

/// "Low" … "Critical".
pub fn priority_label(l: Locale, p: Priority) -> &'static str {
    match p {
        Priority::Low => td_string!(l, maintenance.priorities.low),
        Priority::Normal => td_string!(l, maintenance.priorities.normal),
        Priority::High => td_string!(l, maintenance.priorities.high),
        Priority::Critical => td_string!(l, maintenance.priorities.critical),
    }
}

/// "Due soon", "Overdue", "Later".
pub fn due_label(l: Locale, d: DueState) -> &'static str {
    match d {
        DueState::Later => td_string!(l, maintenance.due.later),
        DueState::DueSoon => td_string!(l, maintenance.due.due_soon),
        DueState::Overdue => td_string!(l, maintenance.due.overdue),
    }
}

/// The label of the move that takes a work order to `to`: "Start", "Complete", …
pub fn move_label(l: Locale, to: WorkStatus) -> &'static str {
    match to {
        WorkStatus::Scheduled => td_string!(l, maintenance.moves.scheduled),
        WorkStatus::InProgress => td_string!(l, maintenance.moves.in_progress),
        WorkStatus::Completed => td_string!(l, maintenance.moves.completed),
        WorkStatus::Cancelled => td_string!(l, maintenance.moves.cancelled),
    }
}
