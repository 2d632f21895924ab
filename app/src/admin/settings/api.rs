//! Reading and changing the fleet rules, shared by the page and `rest.rs`.

use leptos::prelude::*;

use super::{FleetRules, FleetRulesForm};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use super::super::{FleetRules, FleetRulesForm};
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::AppError;
    use crate::tenant::{TenantTx, db};

    async fn current(tx: &mut TenantTx) -> Result<FleetRules, AppError> {
        let s = db::settings(tx).await?;
        Ok(FleetRules {
            drivers_share_vehicles: s.drivers_share_vehicles,
            mileage_daily_limit_km: s.mileage_daily_limit_km,
        })
    }

    /// The tenant's rules.
    pub async fn fleet_rules(ctx: &Ctx) -> Result<FleetRules, AppError> {
        let mut tx = ctx.authorize(Permission::SettingsWrite).await?;
        current(&mut tx).await
    }

    /// Changes the rules; they apply to what is recorded from now on (existing assignments and
    /// readings keep the verdict they were given).
    pub async fn update_fleet_rules(
        ctx: &Ctx,
        form: &FleetRulesForm,
    ) -> Result<FleetRules, AppError> {
        let mut tx = ctx.authorize(Permission::SettingsWrite).await?;
        let rules = form.validate()?;
        let before = current(&mut tx).await?;
        if before == rules {
            return Ok(rules);
        }
        db::update_fleet_rules(
            &mut tx,
            rules.drivers_share_vehicles,
            rules.mileage_daily_limit_km,
        )
        .await?;
        let entry = AuditEntry::new(AuditAction::TenantFleetRules, "tenant", tx.tenant_id().0)
            .diff(Some(&before), Some(&rules));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(rules)
    }
}

#[cfg(feature = "ssr")]
fn ctx() -> Result<crate::auth::ctx::Ctx, AppError> {
    crate::auth::ctx::Ctx::from_context()
}

/// The settings page.
#[server(prefix = "/fn", endpoint = "settings/fleet")]
pub async fn fleet_rules_fn() -> Result<FleetRules, AppError> {
    crate::ui::form::finish(fleet_rules(&ctx()?).await, None)
}

/// The settings form; a plain form post goes back to the page.
#[server(prefix = "/fn", endpoint = "settings/fleet/update")]
pub async fn update_fleet_rules_fn(form: FleetRulesForm) -> Result<FleetRules, AppError> {
    let result = update_fleet_rules(&ctx()?, &form).await;
    crate::ui::form::finish_keeping(result, None, &form)
}
