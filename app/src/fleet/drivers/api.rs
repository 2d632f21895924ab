//! Driver operations, shared by the server functions below and `rest.rs`.

use leptos::prelude::*;
use uuid::Uuid;

use super::{Driver, DriverFacets, DriverForm, DriverQuery};
use crate::audit::AuditRow;
use crate::error::AppError;
use crate::listing::{PageRequest, Paged};

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::NaiveDate;

    use super::super::{Driver, DriverFacets, DriverForm, DriverId, DriverQuery, db};
    use crate::audit::{self, AuditAction, AuditEntry, AuditQuery, AuditRow, RequestMeta};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::AppError;
    use crate::fleet::vehicles::today_in;
    use crate::listing::{PageRequest, Paged};
    use crate::tenant::{self, TenantTx};

    /// A page of the tenant's drivers.
    pub async fn list_drivers(ctx: &Ctx, query: &DriverQuery) -> Result<Paged<Driver>, AppError> {
        query.check()?;
        let mut tx = ctx.authorize(Permission::DriverRead).await?;
        let today = tenant_today(&mut tx).await?;
        db::list(&mut tx, query, today).await
    }

    /// The departments in use and the sign-ins a driver can be linked to.
    pub async fn driver_facets(ctx: &Ctx) -> Result<DriverFacets, AppError> {
        let mut tx = ctx.authorize(Permission::DriverRead).await?;
        Ok(DriverFacets {
            departments: db::departments(&mut tx).await?,
            accounts: db::driver_accounts(&mut tx).await?,
        })
    }

    /// One driver; another tenant's is `NotFound`.
    pub async fn get_driver(ctx: &Ctx, id: DriverId) -> Result<Driver, AppError> {
        let mut tx = ctx.authorize(Permission::DriverRead).await?;
        let today = tenant_today(&mut tx).await?;
        db::get(&mut tx, id, today).await?.ok_or(AppError::NotFound)
    }

    /// Registers a driver.
    pub async fn create_driver(ctx: &Ctx, form: &DriverForm) -> Result<Driver, AppError> {
        let mut tx = ctx.authorize(Permission::DriverWrite).await?;
        let today = tenant_today(&mut tx).await?;
        let input = form.validate(today)?;
        check_account(&mut tx, input.user_id).await?;
        let id = db::insert(&mut tx, &input).await?;
        finish(ctx, tx, AuditAction::DriverCreate, None, id, today).await
    }

    /// Replaces a driver's details, status included.
    pub async fn update_driver(
        ctx: &Ctx,
        id: DriverId,
        form: &DriverForm,
    ) -> Result<Driver, AppError> {
        let mut tx = ctx.authorize(Permission::DriverWrite).await?;
        let today = tenant_today(&mut tx).await?;
        let before = db::get(&mut tx, id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        let input = form.validate(today)?;
        if input.user_id != before.user_id {
            check_account(&mut tx, input.user_id).await?;
        }
        db::update(&mut tx, id, &input).await?;
        finish(ctx, tx, AuditAction::DriverUpdate, Some(before), id, today).await
    }

    /// A driver's audit history, newest first.
    pub async fn driver_history(
        ctx: &Ctx,
        id: DriverId,
        page: PageRequest,
    ) -> Result<Paged<AuditRow>, AppError> {
        let mut tx = ctx.authorize(Permission::DriverRead).await?;
        let today = tenant_today(&mut tx).await?;
        db::get(&mut tx, id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        audit::db::list(
            &mut tx,
            &AuditQuery::for_entity("driver", id.0, page),
            &ctx.user.time_zone,
        )
        .await
    }

    /// Registers a driver as the demo seed does: validated, audited with no actor, in the
    /// caller's transaction.
    pub async fn provision_driver(
        tx: &mut TenantTx,
        form: &DriverForm,
        today: NaiveDate,
    ) -> Result<DriverId, AppError> {
        let input = form.validate(today)?;
        let id = db::insert(tx, &input).await?;
        let entry = AuditEntry::new(AuditAction::DriverCreate, "driver", id.0)
            .diff(None::<()>, Some(&input));
        audit::record(tx, None, &RequestMeta::default(), entry).await?;
        Ok(id)
    }

    /// Gives a driver who drives a vehicle now the demo's driver sign-in, as the demo seed
    /// does; audited with no actor. Nothing changes if the sign-in is linked already.
    pub async fn provision_driver_account(
        tx: &mut TenantTx,
        user: uuid::Uuid,
    ) -> Result<(), AppError> {
        let Some(driver) = crate::fleet::drivers::assignments::db::a_current_driver(tx).await?
        else {
            return Ok(());
        };
        if db::link_user(tx, driver, user).await? {
            let entry = AuditEntry::new(AuditAction::DriverUpdate, "driver", driver.0)
                .diff(None::<()>, Some(&serde_json::json!({ "user_id": user })));
            audit::record(tx, None, &RequestMeta::default(), entry).await?;
        }
        Ok(())
    }

    /// A linked account must be one of the tenant's users with the driver role.
    async fn check_account(tx: &mut TenantTx, user_id: Option<uuid::Uuid>) -> Result<(), AppError> {
        let Some(user_id) = user_id else {
            return Ok(());
        };
        let accounts = db::driver_accounts(tx).await?;
        if accounts.iter().any(|a| a.user_id == user_id) {
            Ok(())
        } else {
            Err(AppError::field(
                "user_id",
                crate::error::FieldError::UnknownChoice,
            ))
        }
    }

    /// Today in the tenant's time zone: papers expire by the tenant's calendar.
    pub(in crate::fleet::drivers) async fn tenant_today(
        tx: &mut TenantTx,
    ) -> Result<NaiveDate, AppError> {
        Ok(today_in(&tenant::db::settings(tx).await?.time_zone))
    }

    /// Audits a change with the driver before and after it, and commits.
    async fn finish(
        ctx: &Ctx,
        mut tx: TenantTx,
        action: AuditAction,
        before: Option<Driver>,
        id: DriverId,
        today: NaiveDate,
    ) -> Result<Driver, AppError> {
        let after = db::get(&mut tx, id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        let entry = AuditEntry::new(action, "driver", id.0)
            .diff(before.as_ref().map(audited), Some(audited(&after)));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The driver as the audit log keeps it: without the day counts, which change by themselves.
    fn audited(d: &Driver) -> serde_json::Value {
        let mut value = serde_json::to_value(d).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            for derived in [
                "licence_days_left",
                "medical_days_left",
                "certificate_days_left",
            ] {
                map.remove(derived);
            }
        }
        value
    }
}

#[cfg(feature = "ssr")]
fn ctx() -> Result<crate::auth::ctx::Ctx, AppError> {
    crate::auth::ctx::Ctx::from_context()
}

#[cfg(feature = "ssr")]
use crate::once;
use crate::once::FormKey;
#[cfg(feature = "ssr")]
use crate::ui::form::{finish, finish_keeping};

/// The list page's rows.
#[server(prefix = "/fn", endpoint = "drivers/list")]
pub async fn list_drivers_fn(query: DriverQuery) -> Result<Paged<Driver>, AppError> {
    finish(list_drivers(&ctx()?, &query).await, None)
}

/// The list's and the form's choices.
#[server(prefix = "/fn", endpoint = "drivers/facets")]
pub async fn driver_facets_fn() -> Result<DriverFacets, AppError> {
    finish(driver_facets(&ctx()?).await, None)
}

/// The detail page's driver.
#[server(prefix = "/fn", endpoint = "drivers/get")]
pub async fn get_driver_fn(id: Uuid) -> Result<Driver, AppError> {
    finish(get_driver(&ctx()?, super::DriverId(id)).await, None)
}

/// The create form; a plain form post lands on the new driver's page.
#[server(prefix = "/fn", endpoint = "drivers/create")]
pub async fn create_driver_fn(
    form: DriverForm,
    form_key: Option<FormKey>,
) -> Result<Driver, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        create_driver(ctx, &form).await
    })
    .await;
    let to = result.as_ref().ok().map(|d| format!("/drivers/{}", d.id.0));
    finish_keeping(result, to.as_deref(), &form)
}

/// The edit form; it goes back to the driver's page.
#[server(prefix = "/fn", endpoint = "drivers/update")]
pub async fn update_driver_fn(id: Uuid, form: DriverForm) -> Result<Driver, AppError> {
    let result = update_driver(&ctx()?, super::DriverId(id), &form).await;
    let to = result.as_ref().ok().map(|d| format!("/drivers/{}", d.id.0));
    finish_keeping(result, to.as_deref(), &form)
}

/// The detail page's history tab.
#[server(prefix = "/fn", endpoint = "drivers/history")]
pub async fn driver_history_fn(id: Uuid, page: PageRequest) -> Result<Paged<AuditRow>, AppError> {
    finish(
        driver_history(&ctx()?, super::DriverId(id), page).await,
        None,
    )
}
