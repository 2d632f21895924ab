//! What an audit entry says happened: a closed set, so every action written has a label in six
//! languages (the compiler checks [`action_label`]).

use crate::choice::choices;
use crate::i18n::{Locale, td_string};

choices! {
    /// An audited action, stored as its key `area.verb` (`vehicle.create`).
    pub enum AuditAction {
        AuthSignIn = "auth.sign_in",
        AuthSignInFailed = "auth.sign_in_failed",
        AuthSignOut = "auth.sign_out",
        AuthRefreshReused = "auth.refresh_reused",
        RoleCreate = "role.create",
        RoleUpdate = "role.update",
        RoleDelete = "role.delete",
        UserCreate = "user.create",
        UserSetActive = "user.set_active",
        UserSetRoles = "user.set_roles",
        UserPasswordChange = "user.password_change",
        UserPasswordReset = "user.password_reset",
        UserPreferences = "user.preferences",
        VehicleCreate = "vehicle.create",
        VehicleUpdate = "vehicle.update",
        VehicleStatus = "vehicle.status",
        VehicleDecommission = "vehicle.decommission",
        VehicleAssign = "vehicle.assign",
        VehicleUnassign = "vehicle.unassign",
        DriverCreate = "driver.create",
        DriverUpdate = "driver.update",
        DriverCertificationAdd = "driver.certification_add",
        DriverCertificationRemove = "driver.certification_remove",
        DriverFineAdd = "driver.fine_add",
        DriverFinePaid = "driver.fine_paid",
        TenantFleetRules = "tenant.fleet_rules",
        TenantCreate = "tenant.create",
        MileageRecord = "mileage.record",
        MileageVoid = "mileage.void",
        MileageImport = "mileage.import",
        MaintenanceCreate = "maintenance.create",
        MaintenanceUpdate = "maintenance.update",
        MaintenanceStatus = "maintenance.status",
        MaintenanceImport = "maintenance.import",
        MaintenanceReschedule = "maintenance.reschedule",
        MaintenanceProgramCreate = "maintenance_program.create",
        MaintenanceProgramUpdate = "maintenance_program.update",
        MaintenanceProgramApply = "maintenance_program.apply",
        InspectionCreate = "inspection.create",
        InspectionTemplateCreate = "inspection_template.create",
        InspectionTemplateUpdate = "inspection_template.update",
        DefectStatus = "defect.status",
        DefectWorkOrder = "defect.work_order",
        ExpenseCreate = "expense.create",
        ExpenseDelete = "expense.delete",
        ExchangeRateSet = "exchange_rate.set",
        ExchangeRateDelete = "exchange_rate.delete",
        ExchangeRateImport = "exchange_rate.import",
        ExpenseImport = "expense.import",
        BudgetSet = "budget.set",
        BudgetDelete = "budget.delete",
        ContractCreate = "contract.create",
        ContractRenew = "contract.renew",
        ContractCancel = "contract.cancel",
        ContractImport = "contract.import",
    }
}

/// An action's translated name.
pub fn action_label(l: Locale, action: AuditAction) -> &'static str {
    match action {
        AuditAction::AuthSignIn => td_string!(l, audit.actions.auth.sign_in),
        AuditAction::AuthSignInFailed => td_string!(l, audit.actions.auth.sign_in_failed),
        AuditAction::AuthSignOut => td_string!(l, audit.actions.auth.sign_out),
        AuditAction::AuthRefreshReused => td_string!(l, audit.actions.auth.refresh_reused),
        AuditAction::RoleCreate => td_string!(l, audit.actions.role.create),
        AuditAction::RoleUpdate => td_string!(l, audit.actions.role.update),
        AuditAction::RoleDelete => td_string!(l, audit.actions.role.delete),
        AuditAction::UserCreate => td_string!(l, audit.actions.user.create),
        AuditAction::UserSetActive => td_string!(l, audit.actions.user.set_active),
        AuditAction::UserSetRoles => td_string!(l, audit.actions.user.set_roles),
        AuditAction::UserPasswordChange => td_string!(l, audit.actions.user.password_change),
        AuditAction::UserPasswordReset => td_string!(l, audit.actions.user.password_reset),
        AuditAction::UserPreferences => td_string!(l, audit.actions.user.preferences),
        AuditAction::VehicleCreate => td_string!(l, audit.actions.vehicle.create),
        AuditAction::VehicleUpdate => td_string!(l, audit.actions.vehicle.update),
        AuditAction::VehicleStatus => td_string!(l, audit.actions.vehicle.status),
        AuditAction::VehicleDecommission => td_string!(l, audit.actions.vehicle.decommission),
        AuditAction::VehicleAssign => td_string!(l, audit.actions.vehicle.assign),
        AuditAction::VehicleUnassign => td_string!(l, audit.actions.vehicle.unassign),
        AuditAction::DriverCreate => td_string!(l, audit.actions.driver.create),
        AuditAction::DriverUpdate => td_string!(l, audit.actions.driver.update),
        AuditAction::DriverCertificationAdd => {
            td_string!(l, audit.actions.driver.certification_add)
        }
        AuditAction::DriverCertificationRemove => {
            td_string!(l, audit.actions.driver.certification_remove)
        }
        AuditAction::DriverFineAdd => td_string!(l, audit.actions.driver.fine_add),
        AuditAction::DriverFinePaid => td_string!(l, audit.actions.driver.fine_paid),
        AuditAction::TenantFleetRules => td_string!(l, audit.actions.tenant.fleet_rules),
        AuditAction::TenantCreate => td_string!(l, audit.actions.tenant.create),
        AuditAction::MileageRecord => td_string!(l, audit.actions.mileage.record),
        AuditAction::MileageVoid => td_string!(l, audit.actions.mileage.void),
        AuditAction::MileageImport => td_string!(l, audit.actions.mileage.import),
        AuditAction::MaintenanceCreate => td_string!(l, audit.actions.maintenance.create),
        AuditAction::MaintenanceUpdate => td_string!(l, audit.actions.maintenance.update),
        AuditAction::MaintenanceStatus => td_string!(l, audit.actions.maintenance.status),
        AuditAction::MaintenanceImport => td_string!(l, audit.actions.maintenance.import),
        AuditAction::MaintenanceReschedule => td_string!(l, audit.actions.maintenance.reschedule),
        AuditAction::MaintenanceProgramCreate => {
            td_string!(l, audit.actions.maintenance_program.create)
        }
        AuditAction::MaintenanceProgramUpdate => {
            td_string!(l, audit.actions.maintenance_program.update)
        }
        AuditAction::MaintenanceProgramApply => {
            td_string!(l, audit.actions.maintenance_program.apply)
        }
        AuditAction::InspectionCreate => td_string!(l, audit.actions.inspection.create),
        AuditAction::InspectionTemplateCreate => {
            td_string!(l, audit.actions.inspection_template.create)
        }
        AuditAction::InspectionTemplateUpdate => {
            td_string!(l, audit.actions.inspection_template.update)
        }
        AuditAction::DefectStatus => td_string!(l, audit.actions.defect.status),
        AuditAction::DefectWorkOrder => td_string!(l, audit.actions.defect.work_order),
        AuditAction::ExpenseCreate => td_string!(l, audit.actions.expense.create),
        AuditAction::ExpenseDelete => td_string!(l, audit.actions.expense.delete),
        AuditAction::ExchangeRateSet => td_string!(l, audit.actions.exchange_rate.set),
        AuditAction::ExchangeRateDelete => td_string!(l, audit.actions.exchange_rate.delete),
        AuditAction::ExchangeRateImport => td_string!(l, audit.actions.exchange_rate.import),
        AuditAction::ExpenseImport => td_string!(l, audit.actions.expense.import),
        AuditAction::BudgetSet => td_string!(l, audit.actions.budget.set),
        AuditAction::BudgetDelete => td_string!(l, audit.actions.budget.delete),
        AuditAction::ContractCreate => td_string!(l, audit.actions.contract.create),
        AuditAction::ContractRenew => td_string!(l, audit.actions.contract.renew),
        AuditAction::ContractCancel => td_string!(l, audit.actions.contract.cancel),
        AuditAction::ContractImport => td_string!(l, audit.actions.contract.import),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_read_back_from_its_key_and_labelled() {
        for &action in AuditAction::ALL {
            assert_eq!(action.as_str().parse::<AuditAction>(), Ok(action));
            for locale in [Locale::en, Locale::ar] {
                let label = action_label(locale, action);
                assert!(!label.is_empty() && label != action.as_str(), "{action}");
            }
        }
        assert_eq!(
            action_label(Locale::ru, AuditAction::ExpenseDelete),
            "Расход удалён"
        );
    }
}
