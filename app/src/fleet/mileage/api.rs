//! Mileage operations, shared by the server functions below and `rest.rs`.
//!
//! Recording needs `MileageRecord` (any vehicle) or `MileageRecordOwn` (the vehicles the user's
//! driver record was assigned to when the reading was taken); voiding needs `MileageVoid`;
//! reading needs `MileageRead`. Every recorded or voided reading is audited on its vehicle, so
//! the vehicle's history shows it.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{
    BulkEntryForm, BulkOutcome, EntryPage, EntryQuery, MileageStats, Reading, ReadingForm, VoidForm,
};
use crate::error::AppError;
use crate::fleet::RecordsOf;
use crate::listing::{PageRequest, Paged};

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::Utc;
    use uuid::Uuid;

    use super::super::db::{self, NewReading};
    use super::super::model::{
        BulkEntryForm, BulkFailure, BulkOutcome, EntryPage, EntryQuery, MileageSource,
        MileageStats, Neighbour, Reading, ReadingForm, ReadingInput, VoidForm, VoidReason,
        check_sequence, judge,
    };
    use crate::audit::{self, AuditAction, AuditEntry, RequestMeta};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError, Validator};
    use crate::fleet::RecordsOf;
    use crate::fleet::vehicles::{Vehicle, VehicleId, VehicleStatus, db as vehicles, find_vehicle};
    use crate::input::required_text;
    use crate::listing::{PageRequest, Paged};
    use crate::tenant::{self, TenantTx};

    /// Which vehicles a user may record readings for.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Recorder {
        /// Any vehicle of the tenant (`MileageRecord`).
        Anyone,
        /// The vehicles this driver is assigned to (`MileageRecordOwn`).
        Driver(Uuid),
    }

    /// A transaction for recording, and what the user may record. A user with only
    /// `MileageRecordOwn` and no driver record may record nothing.
    async fn recording_tx(ctx: &Ctx) -> Result<(TenantTx, Recorder), AppError> {
        if ctx.user.can(Permission::MileageRecord) {
            return Ok((
                ctx.authorize(Permission::MileageRecord).await?,
                Recorder::Anyone,
            ));
        }
        let mut tx = ctx.authorize(Permission::MileageRecordOwn).await?;
        let driver = db::driver_of_user(&mut tx, ctx.user.user_id.0).await?;
        let driver = driver.ok_or(AppError::Forbidden {
            permission: Permission::MileageRecordOwn,
        })?;
        Ok((tx, Recorder::Driver(driver)))
    }

    /// Records one reading; answers it.
    pub async fn record_reading(ctx: &Ctx, form: &ReadingForm) -> Result<Reading, AppError> {
        let (mut tx, recorder) = recording_tx(ctx).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let input = form.validate(&ctx.user.time_zone, Utc::now())?;
        let vehicle = find_vehicle(&mut tx, &settings.country, &input.vehicle).await?;
        let vehicle =
            vehicle.ok_or_else(|| AppError::field("vehicle", FieldError::UnknownChoice))?;
        let rules = Rules {
            daily_limit_km: settings.mileage_daily_limit_km.into(),
            recorder,
            recorded_by: Some(ctx.user.user_id.0),
        };
        let reading = record_audited(ctx, &mut tx, &vehicle, &input, rules).await?;
        tx.commit().await?;
        Ok(reading)
    }

    /// Records an odometer value noted along with other work on the vehicle (a job finished,
    /// an inspection, a fuel fill: `source` says which kind), through the same rules as any
    /// reading and audited the same way, in the caller's transaction. Errors name the
    /// reading's fields (`value`, `recorded_at`).
    #[allow(clippy::too_many_arguments)]
    pub async fn record_for_work(
        ctx: &Ctx,
        tx: &mut TenantTx,
        vehicle: &Vehicle,
        value_km: i64,
        recorded_at: chrono::DateTime<Utc>,
        confirmed: bool,
        notes: String,
        source: MileageSource,
    ) -> Result<Reading, AppError> {
        let settings = tenant::db::settings(tx).await?;
        let input = ReadingInput {
            vehicle: vehicle.id.0.to_string(),
            value_km,
            recorded_at,
            source,
            notes: Some(notes),
            confirmed,
        };
        let rules = Rules {
            daily_limit_km: settings.mileage_daily_limit_km.into(),
            recorder: Recorder::Anyone,
            recorded_by: Some(ctx.user.user_id.0),
        };
        record_audited(ctx, tx, vehicle, &input, rules).await
    }

    /// When a reading noted for a day (a job's completion, a fuel receipt) was taken: now for
    /// today; for an earlier day noon on the tenant's clock, between that day's morning and
    /// evening readings as well as we can tell.
    pub fn read_on_day(
        day: chrono::NaiveDate,
        today: chrono::NaiveDate,
        time_zone: &str,
    ) -> Result<chrono::DateTime<Utc>, crate::error::FieldError> {
        if day == today {
            Ok(Utc::now())
        } else {
            crate::input::local_datetime(&format!("{day}T12:00"), time_zone)
        }
    }

    /// Records a reading and audits it on its vehicle.
    async fn record_audited(
        ctx: &Ctx,
        tx: &mut TenantTx,
        vehicle: &Vehicle,
        input: &ReadingInput,
        rules: Rules,
    ) -> Result<Reading, AppError> {
        let id = record_in(tx, vehicle, input, rules).await?;
        let reading = db::get(tx, id, &ctx.user.time_zone)
            .await?
            .ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::MileageRecord, "vehicle", vehicle.id.0)
            .diff(None::<()>, Some(&reading));
        audit::record(tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        Ok(reading)
    }

    /// Records a reading for each vehicle of the bulk entry form that has a value typed, each in
    /// its own transaction: a row that fails keeps its errors, the others are saved.
    pub async fn record_bulk(ctx: &Ctx, form: &BulkEntryForm) -> Result<BulkOutcome, AppError> {
        // Refuses a user who may record nothing before looking at any row.
        drop(recording_tx(ctx).await?);
        let mut outcome = BulkOutcome::default();
        for row in form.rows.iter().filter(|r| !r.value.trim().is_empty()) {
            let single = ReadingForm {
                vehicle: row.vehicle.clone(),
                value: row.value.clone(),
                recorded_at: form.recorded_at.clone(),
                source: form.source.clone(),
                confirm: row.confirm.clone(),
                ..Default::default()
            };
            match record_reading(ctx, &single).await {
                Ok(_) => outcome.saved += 1,
                Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
                    outcome.failed.push(BulkFailure {
                        vehicle: row.vehicle.clone(),
                        value: row.value.clone(),
                        errors: e.field_errors(),
                    })
                }
                Err(e) => return Err(e),
            }
        }
        Ok(outcome)
    }

    /// What recording checks a reading against.
    #[derive(Debug, Clone, Copy)]
    struct Rules {
        daily_limit_km: i64,
        recorder: Recorder,
        recorded_by: Option<Uuid>,
    }

    /// Checks a reading against the vehicle's other readings and stores it, keeping the
    /// vehicle's current mileage. The vehicle's row stays locked until the transaction ends.
    async fn record_in(
        tx: &mut TenantTx,
        vehicle: &Vehicle,
        input: &ReadingInput,
        rules: Rules,
    ) -> Result<Uuid, AppError> {
        let driver_id = match rules.recorder {
            Recorder::Anyone => None,
            Recorder::Driver(driver) => {
                if !db::assigned_at(tx, vehicle.id.0, driver, input.recorded_at).await? {
                    return Err(AppError::field("vehicle", FieldError::NotYourVehicle));
                }
                Some(driver)
            }
        };
        if vehicle.status == VehicleStatus::Decommissioned {
            return Err(AppError::field(
                "vehicle",
                FieldError::VehicleDecommissioned,
            ));
        }
        vehicles::lock(tx, vehicle.id).await?;
        let (previous, next) = db::neighbours(tx, vehicle.id.0, input.recorded_at).await?;
        check_sequence(input.value_km, previous, next).map_err(|e| AppError::field("value", e))?;
        let past = db::past_rates(tx, vehicle.id.0, input.recorded_at).await?;
        let this = Neighbour {
            recorded_at: input.recorded_at,
            value_km: input.value_km,
        };
        let verdict = judge(this, previous, next, rules.daily_limit_km, &past);
        if verdict.abnormal && !input.confirmed {
            return Err(AppError::field("value", FieldError::MileageAbnormal));
        }
        let new = NewReading {
            vehicle_id: vehicle.id.0,
            value_km: input.value_km,
            recorded_at: input.recorded_at,
            source: input.source,
            recorded_by: rules.recorded_by,
            driver_id,
            notes: input.notes.as_deref(),
            abnormal: verdict.abnormal,
            unusual: verdict.unusual,
        };
        let id = db::insert(tx, &new).await?;
        db::refresh_current_mileage(tx, vehicle.id.0).await?;
        Ok(id)
    }

    /// Stores a vehicle's history as the demo seed does: readings already in sequence with
    /// their flags, one audit entry for the import, the current mileage kept. `false` (and
    /// nothing written) if the vehicle has readings already.
    pub async fn provision_history(
        tx: &mut TenantTx,
        vehicle: Uuid,
        readings: &[(chrono::DateTime<Utc>, i64, bool, bool)],
    ) -> Result<bool, AppError> {
        if readings.is_empty() || db::any_for(tx, vehicle).await? {
            return Ok(false);
        }
        db::import(tx, vehicle, readings).await?;
        let current = db::refresh_current_mileage(tx, vehicle).await?;
        let summary = serde_json::json!({ "readings": readings.len(), "current_mileage": current });
        let entry = AuditEntry::new(AuditAction::MileageImport, "vehicle", vehicle)
            .diff(None::<()>, Some(&summary));
        audit::record(tx, None, &RequestMeta::default(), entry).await?;
        Ok(true)
    }

    /// Voids a reading entered by mistake, with a reason; the vehicle's current mileage falls
    /// back to its latest live reading. Answers the reading as voided.
    pub async fn void_reading(ctx: &Ctx, id: Uuid, form: &VoidForm) -> Result<Reading, AppError> {
        let mut tx = ctx.authorize(Permission::MileageVoid).await?;
        let mut v = Validator::default();
        let reason = required_text(&mut v, "reason", &form.reason, 500);
        v.finish()?;
        let reason = reason.ok_or(AppError::Internal)?;
        let after = void_in(ctx, &mut tx, id, VoidReason::Typed(&reason)).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Voids a reading in the caller's transaction and audits it: for a slice whose record
    /// made the reading (a fuel fill) and is taken back. Already void is an error on `reason`.
    pub async fn void_in(
        ctx: &Ctx,
        tx: &mut TenantTx,
        id: Uuid,
        reason: VoidReason<'_>,
    ) -> Result<Reading, AppError> {
        let before = db::get(tx, id, &ctx.user.time_zone)
            .await?
            .ok_or(AppError::NotFound)?;
        vehicles::lock(tx, VehicleId(before.vehicle_id)).await?;
        if !db::void(tx, id, ctx.user.user_id.0, reason).await? {
            return Err(AppError::field("reason", FieldError::AlreadyVoided));
        }
        db::refresh_current_mileage(tx, before.vehicle_id).await?;
        let after = db::get(tx, id, &ctx.user.time_zone)
            .await?
            .ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::MileageVoid, "vehicle", before.vehicle_id)
            .diff(Some(&before), Some(&after));
        audit::record(tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        Ok(after)
    }

    /// A vehicle's readings or a driver's, latest first, void ones included. Another tenant's
    /// (or no) vehicle or driver is `NotFound`.
    pub async fn list_readings(
        ctx: &Ctx,
        scope: RecordsOf,
        page: PageRequest,
    ) -> Result<Paged<Reading>, AppError> {
        let mut tx = ctx.authorize(Permission::MileageRead).await?;
        scope.ensure_exists(&mut tx).await?;
        db::list(&mut tx, scope, page, &ctx.user.time_zone).await
    }

    /// A vehicle's mileage figures.
    pub async fn vehicle_mileage(ctx: &Ctx, vehicle: Uuid) -> Result<MileageStats, AppError> {
        let mut tx = ctx.authorize(Permission::MileageRead).await?;
        vehicles::get(&mut tx, VehicleId(vehicle))
            .await?
            .ok_or(AppError::NotFound)?;
        let settings = tenant::db::settings(&mut tx).await?;
        db::stats(&mut tx, vehicle, &settings.time_zone).await
    }

    /// The bulk entry page: every vehicle in service (of a department), or a driver's own.
    pub async fn entry_page(ctx: &Ctx, query: &EntryQuery) -> Result<EntryPage, AppError> {
        let (mut tx, recorder) = recording_tx(ctx).await?;
        let (driver, departments) = match recorder {
            Recorder::Anyone => (None, vehicles::facets(&mut tx).await?.departments),
            Recorder::Driver(driver) => (Some(driver), Vec::new()),
        };
        let vehicles =
            db::entry_vehicles(&mut tx, query.department.as_deref(), driver, query.page).await?;
        Ok(EntryPage {
            vehicles,
            departments,
            own_only: driver.is_some(),
        })
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
use crate::ui::form::{finish, finish_keeping, finish_reporting};

/// The readings table of a vehicle's (or a driver's) mileage tab.
#[server(prefix = "/fn", endpoint = "mileage/list")]
pub async fn list_readings_fn(
    scope: RecordsOf,
    page: PageRequest,
) -> Result<Paged<Reading>, AppError> {
    finish(list_readings(&ctx()?, scope, page).await, None)
}

/// The figures and chart of a vehicle's mileage tab.
#[server(prefix = "/fn", endpoint = "mileage/stats")]
pub async fn vehicle_mileage_fn(vehicle: Uuid) -> Result<MileageStats, AppError> {
    finish(vehicle_mileage(&ctx()?, vehicle).await, None)
}

/// The reading form; a plain form post goes back to the tab, with the values kept on failure
/// (the confirmation of an abnormal reading is the same form sent again).
#[server(prefix = "/fn", endpoint = "mileage/record")]
pub async fn record_reading_fn(
    form: ReadingForm,
    form_key: Option<FormKey>,
) -> Result<Reading, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        record_reading(ctx, &form).await
    })
    .await;
    finish_keeping(result, None, &form)
}

/// The void form of a reading.
#[server(prefix = "/fn", endpoint = "mileage/void")]
pub async fn void_reading_fn(id: Uuid, form: VoidForm) -> Result<Reading, AppError> {
    finish(void_reading(&ctx()?, id, &form).await, None)
}

/// The vehicles of the bulk entry page.
#[server(prefix = "/fn", endpoint = "mileage/entry")]
pub async fn entry_page_fn(#[server(default)] query: EntryQuery) -> Result<EntryPage, AppError> {
    finish(entry_page(&ctx()?, &query).await, None)
}

/// The bulk entry form; a plain form post goes back with the outcome in the address.
#[server(prefix = "/fn", endpoint = "mileage/bulk")]
pub async fn record_bulk_fn(form: BulkEntryForm) -> Result<BulkOutcome, AppError> {
    // No form key: each row is its own transaction, so no one transaction could claim it. A
    // second sending of the same values is refused row by row (a reading repeats no other).
    finish_reporting(record_bulk(&ctx()?, &form).await)
}
