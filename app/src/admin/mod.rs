//! Tenant administration: users and roles, and the labels both show.

use std::borrow::Cow;

use crate::auth::{DefaultRole, Permission};
use crate::i18n::{Locale, td_string};

/// A role's display name: default roles are translated, custom roles show the name they were given.
pub fn role_label(locale: Locale, key: &str) -> Cow<'static, str> {
    match DefaultRole::parse(key) {
        Some(DefaultRole::Admin) => Cow::Borrowed(td_string!(locale, admin.roles.admin)),
        Some(DefaultRole::FleetManager) => {
            Cow::Borrowed(td_string!(locale, admin.roles.fleet_manager))
        }
        Some(DefaultRole::Dispatcher) => Cow::Borrowed(td_string!(locale, admin.roles.dispatcher)),
        Some(DefaultRole::Mechanic) => Cow::Borrowed(td_string!(locale, admin.roles.mechanic)),
        Some(DefaultRole::Driver) => Cow::Borrowed(td_string!(locale, admin.roles.driver)),
        Some(DefaultRole::Viewer) => Cow::Borrowed(td_string!(locale, admin.roles.viewer)),
        None => Cow::Owned(key.to_owned()),
    }
}

/// A permission's translated label.
pub fn permission_label(locale: Locale, permission: Permission) -> &'static str {
    match permission {
        Permission::DashboardView => td_string!(locale, admin.permissions.dashboard_view),
        Permission::UserRead => td_string!(locale, admin.permissions.user_read),
        Permission::UserWrite => td_string!(locale, admin.permissions.user_write),
        Permission::RoleRead => td_string!(locale, admin.permissions.role_read),
        Permission::RoleWrite => td_string!(locale, admin.permissions.role_write),
        Permission::AuditRead => td_string!(locale, admin.permissions.audit_read),
        Permission::VehicleRead => td_string!(locale, admin.permissions.vehicle_read),
        Permission::VehicleWrite => td_string!(locale, admin.permissions.vehicle_write),
        Permission::DriverRead => td_string!(locale, admin.permissions.driver_read),
        Permission::DriverWrite => td_string!(locale, admin.permissions.driver_write),
        Permission::MileageRead => td_string!(locale, admin.permissions.mileage_read),
        Permission::MileageRecord => td_string!(locale, admin.permissions.mileage_record),
        Permission::MileageRecordOwn => td_string!(locale, admin.permissions.mileage_record_own),
        Permission::MileageVoid => td_string!(locale, admin.permissions.mileage_void),
        Permission::MaintenanceRead => td_string!(locale, admin.permissions.maintenance_read),
        Permission::MaintenanceWrite => td_string!(locale, admin.permissions.maintenance_write),
        Permission::InspectionRead => td_string!(locale, admin.permissions.inspection_read),
        Permission::InspectionPerform => td_string!(locale, admin.permissions.inspection_perform),
        Permission::InspectionPerformOwn => {
            td_string!(locale, admin.permissions.inspection_perform_own)
        }
        Permission::SettingsWrite => td_string!(locale, admin.permissions.settings_write),
        Permission::ExpenseRead => td_string!(locale, admin.permissions.expense_read),
        Permission::ExpenseWrite => td_string!(locale, admin.permissions.expense_write),
        Permission::ContractRead => td_string!(locale, admin.permissions.contract_read),
        Permission::ContractWrite => td_string!(locale, admin.permissions.contract_write),
    }
}

pub mod roles;
pub mod settings;
pub mod users;
