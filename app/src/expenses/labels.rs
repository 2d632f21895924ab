//! Translated names of expense categories.

use super::ExpenseCategory;
use crate::i18n::{Locale, td_string};

pub fn category_label(l: Locale, c: ExpenseCategory) -> &'static str {
    match c {
        ExpenseCategory::Fuel => td_string!(l, expenses.categories.fuel),
        ExpenseCategory::Parts => td_string!(l, expenses.categories.parts),
        ExpenseCategory::Service => td_string!(l, expenses.categories.service),
        ExpenseCategory::Insurance => td_string!(l, expenses.categories.insurance),
        ExpenseCategory::Tax => td_string!(l, expenses.categories.tax),
        ExpenseCategory::Fine => td_string!(l, expenses.categories.fine),
        ExpenseCategory::Parking => td_string!(l, expenses.categories.parking),
        ExpenseCategory::Toll => td_string!(l, expenses.categories.toll),
        ExpenseCategory::Washing => td_string!(l, expenses.categories.washing),
        ExpenseCategory::Other => td_string!(l, expenses.categories.other),
    }
}
