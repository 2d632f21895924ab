//! Assignment operations, shared by the server functions below and the REST handlers.

use leptos::prelude::*;
use uuid::Uuid;

use super::{Assignment, AssignmentForm};
use crate::error::AppError;
use crate::fleet::RecordsOf;
use crate::listing::{PageRequest, Paged};

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::{DateTime, Utc};
    use uuid::Uuid;

    use super::super::db::{self, NewAssignment};
    use super::super::model::AssignmentInput;
    use super::super::{Assignment, AssignmentForm, AssignmentId};
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError};
    use crate::fleet::RecordsOf;
    use crate::fleet::drivers::{Driver, DriverId, DriverStatus, db as drivers};
    use crate::fleet::vehicles::{
        self as vehicles_api, Vehicle, VehicleId, VehicleStatus, today_in,
    };
    use crate::input::local_datetime;
    use crate::listing::{PageRequest, Paged};
    use crate::tenant::{self, TenantTx};

    /// A vehicle's or a driver's assignments, latest first.
    /// Another tenant's (or no) vehicle or driver is `NotFound`, not an empty list.
    pub async fn list_assignments(
        ctx: &Ctx,
        scope: RecordsOf,
        page: PageRequest,
    ) -> Result<Paged<Assignment>, AppError> {
        let mut tx = ctx.authorize(Permission::DriverRead).await?;
        scope.ensure_exists(&mut tx).await?;
        db::list(&mut tx, scope, page, &ctx.user.time_zone).await
    }

    /// Puts a driver in a vehicle for a period; with `replaces`, ends the vehicle's current
    /// assignment when the new one starts (a reassignment), in the same transaction.
    pub async fn assign(ctx: &Ctx, form: &AssignmentForm) -> Result<Assignment, AppError> {
        let mut tx = ctx.authorize(Permission::DriverWrite).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let input = form.validate(&ctx.user.time_zone, Utc::now())?;
        let vehicle = find_vehicle(&mut tx, &settings.country, &input.vehicle).await;
        let driver = find_driver(&mut tx, &input.driver, today_in(&settings.time_zone)).await;
        let (vehicle, driver) = check_parties(vehicle?, driver?, &input, &settings.time_zone)?;
        if let Some(replaced) = input.replaces {
            end_replaced(ctx, &mut tx, replaced, vehicle.id, input.starts_at).await?;
        }
        let new = NewAssignment {
            vehicle_id: vehicle.id.0,
            driver_id: driver.id.0,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            driver_exclusive: !settings.drivers_share_vehicles,
            notes: input.notes.as_deref(),
            created_by: Some(ctx.user.user_id.0),
        };
        let id = db::insert(&mut tx, &new).await?;
        let assignment = db::get(&mut tx, id, &ctx.user.time_zone)
            .await?
            .ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::VehicleAssign, "vehicle", vehicle.id.0)
            .diff(None::<()>, Some(&assignment));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(assignment)
    }

    /// Ends an assignment at `ends_at` (on the user's wall clock; blank means now).
    pub async fn end_assignment(
        ctx: &Ctx,
        id: AssignmentId,
        ends_at: &str,
    ) -> Result<Assignment, AppError> {
        let mut tx = ctx.authorize(Permission::DriverWrite).await?;
        let at = match ends_at.trim() {
            "" => Utc::now(),
            raw => local_datetime(raw, &ctx.user.time_zone)
                .map_err(|e| AppError::field("ends_at", e))?,
        };
        let before = db::get(&mut tx, id, &ctx.user.time_zone)
            .await?
            .ok_or(AppError::NotFound)?;
        if !db::end(&mut tx, id, at).await? {
            let error = if at <= before.starts_at {
                FieldError::EndsBeforeStarts
            } else {
                FieldError::ChangedMeanwhile
            };
            return Err(AppError::field("ends_at", error));
        }
        let after = db::get(&mut tx, id, &ctx.user.time_zone)
            .await?
            .ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::VehicleUnassign, "vehicle", after.vehicle_id)
            .diff(Some(&before), Some(&after));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Records an assignment as the demo seed does: audited with no actor, in the caller's
    /// transaction. The parties are the caller's to have checked.
    pub async fn provision_assignment(
        tx: &mut TenantTx,
        new: &NewAssignment<'_>,
    ) -> Result<AssignmentId, AppError> {
        let id = db::insert(tx, new).await?;
        let assignment = db::get(tx, id, "UTC").await?.ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::VehicleAssign, "vehicle", new.vehicle_id)
            .diff(None::<()>, Some(&assignment));
        audit::record(tx, None, &crate::audit::RequestMeta::default(), entry).await?;
        Ok(id)
    }

    /// Ends the assignment a reassignment replaces; it must still be the vehicle's.
    async fn end_replaced(
        ctx: &Ctx,
        tx: &mut TenantTx,
        id: AssignmentId,
        vehicle: VehicleId,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let changed = || AppError::field("replaces", FieldError::ChangedMeanwhile);
        let before = db::get(tx, id, &ctx.user.time_zone)
            .await?
            .filter(|a| a.vehicle_id == vehicle.0)
            .ok_or_else(changed)?;
        if !db::end(tx, id, at).await? {
            return Err(changed());
        }
        let after = db::get(tx, id, &ctx.user.time_zone)
            .await?
            .ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::VehicleUnassign, "vehicle", vehicle.0)
            .diff(Some(&before), Some(&after));
        audit::record(tx, Some(ctx.user.user_id), &ctx.meta, entry).await
    }

    /// The vehicle a form names, by id or by plate.
    async fn find_vehicle(
        tx: &mut TenantTx,
        country: &str,
        reference: &str,
    ) -> Result<Vehicle, AppError> {
        vehicles_api::find_vehicle(tx, country, reference)
            .await?
            .ok_or_else(|| AppError::field("vehicle", FieldError::UnknownChoice))
    }

    /// The driver a form names, by id or by employee number.
    async fn find_driver(
        tx: &mut TenantTx,
        reference: &str,
        today: chrono::NaiveDate,
    ) -> Result<Driver, AppError> {
        let unknown = || AppError::field("driver", FieldError::UnknownChoice);
        let id = match reference.parse::<Uuid>() {
            Ok(id) => DriverId(id),
            Err(_) => drivers::id_by_employee_number(tx, reference)
                .await?
                .ok_or_else(unknown)?,
        };
        drivers::get(tx, id, today).await?.ok_or_else(unknown)
    }

    /// The rules a new assignment's vehicle and driver must meet, besides overlaps: a vehicle
    /// in service, an active driver whose licence and medical certificate are valid on the
    /// first day (in the tenant's calendar).
    fn check_parties(
        vehicle: Vehicle,
        driver: Driver,
        input: &AssignmentInput,
        time_zone: &str,
    ) -> Result<(Vehicle, Driver), AppError> {
        let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
        let first_day = input
            .starts_at
            .with_timezone(&tz)
            .date_naive()
            .max(today_in(time_zone));
        let expired = |expiry: Option<chrono::NaiveDate>| expiry.is_some_and(|d| d < first_day);
        let refusal = if vehicle.status == VehicleStatus::Decommissioned {
            Some(("vehicle", FieldError::VehicleDecommissioned))
        } else if driver.status != DriverStatus::Active {
            Some(("driver", FieldError::DriverNotActive))
        } else if expired(driver.licence_expiry) {
            Some(("driver", FieldError::LicenceExpired))
        } else if expired(driver.medical_expiry) {
            Some(("driver", FieldError::MedicalExpired))
        } else {
            None
        };
        match refusal {
            Some((field, error)) => Err(AppError::field(field, error)),
            None => Ok((vehicle, driver)),
        }
    }
}

#[cfg(feature = "ssr")]
fn ctx() -> Result<crate::auth::ctx::Ctx, AppError> {
    crate::auth::ctx::Ctx::from_context()
}

#[cfg(feature = "ssr")]
use crate::ui::form::{finish, finish_keeping};

/// The assignments tab of a vehicle or a driver.
#[server(prefix = "/fn", endpoint = "assignments/list")]
pub async fn list_assignments_fn(
    scope: RecordsOf,
    page: PageRequest,
) -> Result<Paged<Assignment>, AppError> {
    finish(list_assignments(&ctx()?, scope, page).await, None)
}

/// The assign (or reassign) form; a plain form post goes back to the tab it came from.
#[server(prefix = "/fn", endpoint = "assignments/create")]
pub async fn assign_fn(form: AssignmentForm) -> Result<Assignment, AppError> {
    let result = assign(&ctx()?, &form).await;
    finish_keeping(result, None, &form)
}

/// Ending an assignment.
#[server(prefix = "/fn", endpoint = "assignments/end")]
pub async fn end_assignment_fn(
    id: Uuid,
    #[server(default)] ends_at: String,
) -> Result<Assignment, AppError> {
    finish(
        end_assignment(&ctx()?, super::AssignmentId(id), &ends_at).await,
        None,
    )
}
