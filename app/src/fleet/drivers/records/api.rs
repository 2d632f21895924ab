//! Certificate and fine operations, shared by the server functions below and `rest.rs`. Both
//! are a driver's records: reading needs `DriverRead`, changes `DriverWrite`, and changes are
//! audited on the driver.

use leptos::prelude::*;
use uuid::Uuid;

use super::{Certification, CertificationForm, Fine, FineForm};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::NaiveDate;
    use uuid::Uuid;

    use super::super::db;
    use super::super::{Certification, CertificationForm, Fine, FineForm};
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError};
    use crate::fleet::drivers::{DriverId, db as drivers};
    use crate::fleet::vehicles::{find_vehicle, today_in};
    use crate::tenant::{self, TenantTx};

    /// A transaction with `permission` on a driver of the tenant, and the tenant's date and
    /// country; another tenant's driver is `NotFound`.
    async fn driver_tx(
        ctx: &Ctx,
        permission: Permission,
        driver: Uuid,
    ) -> Result<(TenantTx, NaiveDate, String), AppError> {
        let mut tx = ctx.authorize(permission).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let today = today_in(&settings.time_zone);
        drivers::get(&mut tx, DriverId(driver), today)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((tx, today, settings.country))
    }

    /// Audits a change of a driver's records and commits.
    async fn finish(
        ctx: &Ctx,
        mut tx: TenantTx,
        action: AuditAction,
        driver: Uuid,
        before: Option<impl serde::Serialize>,
        after: Option<impl serde::Serialize>,
    ) -> Result<(), AppError> {
        let entry = AuditEntry::new(action, "driver", driver).diff(before, after);
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a certificate and a fine as the demo seed does: validated, audited with no
    /// actor, in the caller's transaction.
    pub async fn provision_records(
        tx: &mut TenantTx,
        driver: Uuid,
        certificates: &[CertificationForm],
        fines: &[FineForm],
        today: NaiveDate,
    ) -> Result<(), AppError> {
        for form in certificates {
            let input = form.validate(today)?;
            db::insert_certification(tx, driver, &input).await?;
            let entry = AuditEntry::new(AuditAction::DriverCertificationAdd, "driver", driver)
                .diff(None::<()>, Some(&input));
            audit::record(tx, None, &crate::audit::RequestMeta::default(), entry).await?;
        }
        for form in fines {
            let input = form.validate(today)?;
            db::insert_fine(tx, driver, None, &input).await?;
            let entry = AuditEntry::new(AuditAction::DriverFineAdd, "driver", driver)
                .diff(None::<()>, Some(&input));
            audit::record(tx, None, &crate::audit::RequestMeta::default(), entry).await?;
        }
        Ok(())
    }

    /// A driver's certificates, the first to expire first.
    pub async fn list_certifications(
        ctx: &Ctx,
        driver: Uuid,
    ) -> Result<Vec<Certification>, AppError> {
        let (mut tx, today, _) = driver_tx(ctx, Permission::DriverRead, driver).await?;
        db::certifications(&mut tx, driver, today).await
    }

    /// Adds a certificate; answers the driver's certificates.
    pub async fn add_certification(
        ctx: &Ctx,
        driver: Uuid,
        form: &CertificationForm,
    ) -> Result<Vec<Certification>, AppError> {
        let (mut tx, today, _) = driver_tx(ctx, Permission::DriverWrite, driver).await?;
        let input = form.validate(today)?;
        db::insert_certification(&mut tx, driver, &input).await?;
        let list = db::certifications(&mut tx, driver, today).await?;
        finish(
            ctx,
            tx,
            AuditAction::DriverCertificationAdd,
            driver,
            None::<()>,
            Some(&input),
        )
        .await?;
        Ok(list)
    }

    /// Removes a certificate entered by mistake; answers the driver's certificates.
    pub async fn remove_certification(
        ctx: &Ctx,
        driver: Uuid,
        id: Uuid,
    ) -> Result<Vec<Certification>, AppError> {
        let (mut tx, today, _) = driver_tx(ctx, Permission::DriverWrite, driver).await?;
        let removed = db::delete_certification(&mut tx, driver, id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        let list = db::certifications(&mut tx, driver, today).await?;
        finish(
            ctx,
            tx,
            AuditAction::DriverCertificationRemove,
            driver,
            Some(&removed),
            None::<()>,
        )
        .await?;
        Ok(list)
    }

    /// A driver's fines, latest first.
    pub async fn list_fines(ctx: &Ctx, driver: Uuid) -> Result<Vec<Fine>, AppError> {
        let (mut tx, _, _) = driver_tx(ctx, Permission::DriverRead, driver).await?;
        db::fines(&mut tx, driver).await
    }

    /// Records a fine, with the vehicle by plate or id if one is given; answers the fine.
    pub async fn add_fine(ctx: &Ctx, driver: Uuid, form: &FineForm) -> Result<Fine, AppError> {
        let (mut tx, today, country) = driver_tx(ctx, Permission::DriverWrite, driver).await?;
        let input = form.validate(today)?;
        let vehicle = match &input.vehicle {
            Some(reference) => {
                let found = find_vehicle(&mut tx, &country, reference).await?;
                Some(
                    found
                        .ok_or_else(|| AppError::field("vehicle", FieldError::UnknownChoice))?
                        .id
                        .0,
                )
            }
            None => None,
        };
        let id = db::insert_fine(&mut tx, driver, vehicle, &input).await?;
        let fine = db::fine(&mut tx, id).await?.ok_or(AppError::Internal)?;
        finish(
            ctx,
            tx,
            AuditAction::DriverFineAdd,
            driver,
            None::<()>,
            Some(&fine),
        )
        .await?;
        Ok(fine)
    }

    /// Marks a fine paid or unpaid; setting what it is changes nothing.
    pub async fn set_fine_paid(
        ctx: &Ctx,
        driver: Uuid,
        id: Uuid,
        paid: bool,
    ) -> Result<Fine, AppError> {
        let (mut tx, _, _) = driver_tx(ctx, Permission::DriverWrite, driver).await?;
        let before = db::fine(&mut tx, id)
            .await?
            .filter(|f| f.driver_id == driver)
            .ok_or(AppError::NotFound)?;
        if before.paid == paid {
            return Ok(before);
        }
        db::set_fine_paid(&mut tx, driver, id, paid).await?;
        let after = db::fine(&mut tx, id).await?.ok_or(AppError::Internal)?;
        finish(
            ctx,
            tx,
            AuditAction::DriverFinePaid,
            driver,
            Some(&before),
            Some(&after),
        )
        .await?;
        Ok(after)
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

/// The certificates tab.
#[server(prefix = "/fn", endpoint = "drivers/certifications/list")]
pub async fn list_certifications_fn(driver: Uuid) -> Result<Vec<Certification>, AppError> {
    finish(list_certifications(&ctx()?, driver).await, None)
}

/// The certificate form; a plain form post goes back to the tab.
#[server(prefix = "/fn", endpoint = "drivers/certifications/add")]
pub async fn add_certification_fn(
    driver: Uuid,
    form: CertificationForm,
    form_key: Option<FormKey>,
) -> Result<Vec<Certification>, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        add_certification(ctx, driver, &form).await
    })
    .await;
    finish_keeping(result, None, &form)
}

/// Removing a certificate.
#[server(prefix = "/fn", endpoint = "drivers/certifications/remove")]
pub async fn remove_certification_fn(
    driver: Uuid,
    id: Uuid,
) -> Result<Vec<Certification>, AppError> {
    finish(remove_certification(&ctx()?, driver, id).await, None)
}

/// The fines tab.
#[server(prefix = "/fn", endpoint = "drivers/fines/list")]
pub async fn list_fines_fn(driver: Uuid) -> Result<Vec<Fine>, AppError> {
    finish(list_fines(&ctx()?, driver).await, None)
}

/// The fine form; a plain form post goes back to the tab.
#[server(prefix = "/fn", endpoint = "drivers/fines/add")]
pub async fn add_fine_fn(
    driver: Uuid,
    form: FineForm,
    form_key: Option<FormKey>,
) -> Result<Fine, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        add_fine(ctx, driver, &form).await
    })
    .await;
    finish_keeping(result, None, &form)
}

/// The paid / unpaid button of a fine.
#[server(prefix = "/fn", endpoint = "drivers/fines/paid")]
pub async fn set_fine_paid_fn(driver: Uuid, id: Uuid, paid: bool) -> Result<Fine, AppError> {
    finish(set_fine_paid(&ctx()?, driver, id, paid).await, None)
}
