//! The translated names of a driver's status, the list's columns and the papers' urgency.

use super::{DriverColumn, DriverStatus};
use crate::i18n::{Locale, td_string};

/// "Active", "В отпуске", …
pub fn status_label(l: Locale, s: DriverStatus) -> &'static str {
    match s {
        DriverStatus::Active => td_string!(l, drivers.status.active),
        DriverStatus::OnLeave => td_string!(l, drivers.status.on_leave),
        DriverStatus::Terminated => td_string!(l, drivers.status.terminated),
    }
}

/// A column's header, which is also its field's label on forms.
pub fn column_label(l: Locale, c: DriverColumn) -> &'static str {
    match c {
        DriverColumn::Name => td_string!(l, drivers.fields.full_name),
        DriverColumn::EmployeeNumber => td_string!(l, drivers.fields.employee_number),
        DriverColumn::Phone => td_string!(l, drivers.fields.phone),
        DriverColumn::Categories => td_string!(l, drivers.fields.licence_categories),
        DriverColumn::LicenceExpiry => td_string!(l, drivers.fields.licence_expiry),
        DriverColumn::MedicalExpiry => td_string!(l, drivers.fields.medical_expiry),
        DriverColumn::Certificates => td_string!(l, drivers.tabs.certifications),
        DriverColumn::Department => td_string!(l, drivers.fields.department),
        DriverColumn::Status => td_string!(l, drivers.fields.status),
    }
}
