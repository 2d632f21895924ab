//! The translated names of answers and defect statuses.

use super::{DefectStatus, ItemResult};
use crate::i18n::{Locale, td_string};

pub fn result_label(l: Locale, r: ItemResult) -> &'static str {
    match r {
        ItemResult::Pass => td_string!(l, inspections.results.pass),
        ItemResult::Fail => td_string!(l, inspections.results.fail),
        ItemResult::NotApplicable => td_string!(l, inspections.results.na),
    }
}

pub fn defect_status_label(l: Locale, s: DefectStatus) -> &'static str {
    match s {
        DefectStatus::Open => td_string!(l, inspections.defect_statuses.open),
        DefectStatus::Acknowledged => td_string!(l, inspections.defect_statuses.acknowledged),
        DefectStatus::Resolved => td_string!(l, inspections.defect_statuses.resolved),
    }
}
