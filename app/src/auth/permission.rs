//! What a user may do: the `Permission` enum and the default roles built from it.
//!
//! Permissions are stored as their snake_case names in `roles.permissions`; the names are
//! also translation keys under `admin.permissions`.

use serde::{Deserialize, Serialize};

/// One thing a user may be allowed to do. New slices add their variants here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// See the dashboard and the signed-in user's own profile.
    DashboardView,
    /// List and read users of the tenant.
    UserRead,
    /// Create, deactivate and assign roles to users.
    UserWrite,
    /// List roles and their permissions.
    RoleRead,
    /// Create, edit and delete custom roles.
    RoleWrite,
    /// Read the audit log.
    AuditRead,
    /// See vehicles (the vehicle registry lands with issue 3).
    VehicleRead,
    /// Change vehicles.
    VehicleWrite,
    /// See drivers, their papers and who drives which vehicle.
    DriverRead,
    /// Change drivers and assign them to vehicles.
    DriverWrite,
    /// See every vehicle's odometer readings and mileage statistics.
    MileageRead,
    /// Record odometer readings for any vehicle.
    MileageRecord,
    /// Record odometer readings for the vehicles assigned to oneself (drivers).
    MileageRecordOwn,
    /// Void a reading entered by mistake.
    MileageVoid,
    /// See work orders (services, repairs, inspections) and what is due.
    MaintenanceRead,
    /// Plan, edit and move work orders; moving one makes its vehicle follow.
    MaintenanceWrite,
    /// See inspections and their defects.
    InspectionRead,
    /// Inspect any vehicle (fill a checklist, which opens defects).
    InspectionPerform,
    /// Inspect the vehicles assigned to oneself (drivers).
    InspectionPerformOwn,
    /// Change the company's fleet rules (shared vehicles, the daily distance limit).
    SettingsWrite,
    /// See expenses, their totals and the exchange rates they are converted with.
    ExpenseRead,
    /// Record expenses and keep the exchange rates.
    ExpenseWrite,
    /// See contracts (leasing, insurance, warranty…) and which expire soon.
    ContractRead,
    /// Add, renew and cancel contracts, and turn their payments into expenses.
    ContractWrite,
}

/// A default role every tenant gets at provisioning; custom roles are rows built in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultRole {
    Admin,
    FleetManager,
    Dispatcher,
    Mechanic,
    Driver,
    Viewer,
}

impl Permission {
    /// Every permission, in the order the role editor shows them.
    pub const ALL: [Permission; 24] = [
        Self::DashboardView,
        Self::UserRead,
        Self::UserWrite,
        Self::RoleRead,
        Self::RoleWrite,
        Self::AuditRead,
        Self::VehicleRead,
        Self::VehicleWrite,
        Self::DriverRead,
        Self::DriverWrite,
        Self::MileageRead,
        Self::MileageRecord,
        Self::MileageRecordOwn,
        Self::MileageVoid,
        Self::MaintenanceRead,
        Self::MaintenanceWrite,
        Self::InspectionRead,
        Self::InspectionPerform,
        Self::InspectionPerformOwn,
        Self::SettingsWrite,
        Self::ExpenseRead,
        Self::ExpenseWrite,
        Self::ContractRead,
        Self::ContractWrite,
    ];

    /// The stored name (`user_write`), the same as the serde form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DashboardView => "dashboard_view",
            Self::UserRead => "user_read",
            Self::UserWrite => "user_write",
            Self::RoleRead => "role_read",
            Self::RoleWrite => "role_write",
            Self::AuditRead => "audit_read",
            Self::VehicleRead => "vehicle_read",
            Self::VehicleWrite => "vehicle_write",
            Self::DriverRead => "driver_read",
            Self::DriverWrite => "driver_write",
            Self::MileageRead => "mileage_read",
            Self::MileageRecord => "mileage_record",
            Self::MileageRecordOwn => "mileage_record_own",
            Self::MileageVoid => "mileage_void",
            Self::MaintenanceRead => "maintenance_read",
            Self::MaintenanceWrite => "maintenance_write",
            Self::InspectionRead => "inspection_read",
            Self::InspectionPerform => "inspection_perform",
            Self::InspectionPerformOwn => "inspection_perform_own",
            Self::SettingsWrite => "settings_write",
            Self::ExpenseRead => "expense_read",
            Self::ExpenseWrite => "expense_write",
            Self::ContractRead => "contract_read",
            Self::ContractWrite => "contract_write",
        }
    }

    /// Parses a stored name; `None` for a name this build does not know.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

impl DefaultRole {
    /// All default roles, in the order they are listed.
    pub const ALL: [DefaultRole; 6] = [
        Self::Admin,
        Self::FleetManager,
        Self::Dispatcher,
        Self::Mechanic,
        Self::Driver,
        Self::Viewer,
    ];

    /// The role's key, unique per tenant (`fleet_manager`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::FleetManager => "fleet_manager",
            Self::Dispatcher => "dispatcher",
            Self::Mechanic => "mechanic",
            Self::Driver => "driver",
            Self::Viewer => "viewer",
        }
    }

    /// Parses a role key.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// What the role may do when a tenant is provisioned.
    pub fn permissions(self) -> Vec<Permission> {
        use Permission::*;
        match self {
            Self::Admin => Permission::ALL.to_vec(),
            Self::FleetManager => vec![
                DashboardView,
                UserRead,
                AuditRead,
                VehicleRead,
                VehicleWrite,
                DriverRead,
                DriverWrite,
                MileageRead,
                MileageRecord,
                MileageRecordOwn,
                MileageVoid,
                MaintenanceRead,
                MaintenanceWrite,
                InspectionRead,
                InspectionPerform,
                ExpenseRead,
                ExpenseWrite,
                ContractRead,
                ContractWrite,
            ],
            Self::Dispatcher => vec![
                DashboardView,
                VehicleRead,
                DriverRead,
                DriverWrite,
                MileageRead,
                MileageRecord,
                MaintenanceRead,
                InspectionRead,
                ExpenseRead,
                ContractRead,
            ],
            Self::Mechanic => vec![
                DashboardView,
                VehicleRead,
                MileageRead,
                MileageRecord,
                MaintenanceRead,
                MaintenanceWrite,
                InspectionRead,
                InspectionPerform,
            ],
            Self::Driver => vec![DashboardView, MileageRecordOwn, InspectionPerformOwn],
            Self::Viewer => vec![
                DashboardView,
                VehicleRead,
                DriverRead,
                MileageRead,
                MaintenanceRead,
                InspectionRead,
                ExpenseRead,
                ContractRead,
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip_and_match_serde() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.as_str()), Some(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        }
        assert_eq!(Permission::parse("launch_rockets"), None);
    }

    #[test]
    fn only_admin_administers_users_and_roles() {
        for role in DefaultRole::ALL {
            let perms = role.permissions();
            let admin_only =
                perms.contains(&Permission::UserWrite) || perms.contains(&Permission::RoleWrite);
            assert_eq!(admin_only, role == DefaultRole::Admin, "{role:?}");
            assert!(
                perms.contains(&Permission::DashboardView),
                "{role:?} must see the dashboard"
            );
        }
    }
}
