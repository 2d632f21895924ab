//! Vehicle operations, shared by the server functions below and `rest.rs`.

use leptos::prelude::*;
use uuid::Uuid;

use super::{Vehicle, VehicleFacets, VehicleForm, VehicleQuery};
use crate::audit::AuditRow;
use crate::error::AppError;
use crate::listing::{PageRequest, Paged};

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::{NaiveDate, Utc};

    use super::super::model::{ValidationContext, VehicleInput};
    use super::super::{
        Vehicle, VehicleFacets, VehicleForm, VehicleId, VehicleQuery, VehicleStatus, db,
    };
    use crate::audit::{self, AuditAction, AuditEntry, AuditQuery, AuditRow, RequestMeta};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::AppError;
    use crate::listing::{PageRequest, Paged};
    use crate::tenant::{self, TenantTx};

    /// A page of the tenant's vehicles.
    pub async fn list_vehicles(
        ctx: &Ctx,
        query: &VehicleQuery,
    ) -> Result<Paged<Vehicle>, AppError> {
        query.check()?;
        let mut tx = ctx.authorize(Permission::VehicleRead).await?;
        db::list(&mut tx, query).await
    }

    /// The brands and departments in use, for the list's filters.
    pub async fn vehicle_facets(ctx: &Ctx) -> Result<VehicleFacets, AppError> {
        let mut tx = ctx.authorize(Permission::VehicleRead).await?;
        db::facets(&mut tx).await
    }

    /// One vehicle; another tenant's is `NotFound`.
    pub async fn get_vehicle(ctx: &Ctx, id: VehicleId) -> Result<Vehicle, AppError> {
        let mut tx = ctx.authorize(Permission::VehicleRead).await?;
        db::get(&mut tx, id).await?.ok_or(AppError::NotFound)
    }

    /// Registers a vehicle.
    pub async fn create_vehicle(ctx: &Ctx, form: &VehicleForm) -> Result<Vehicle, AppError> {
        let mut tx = ctx.authorize(Permission::VehicleWrite).await?;
        let input = validate(&mut tx, form).await?;
        let id = db::insert(&mut tx, &input).await?;
        finish(ctx, tx, AuditAction::VehicleCreate, None, id).await
    }

    /// Replaces a vehicle's details (not its status or mileage).
    pub async fn update_vehicle(
        ctx: &Ctx,
        id: VehicleId,
        form: &VehicleForm,
    ) -> Result<Vehicle, AppError> {
        let mut tx = ctx.authorize(Permission::VehicleWrite).await?;
        let before = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let input = validate(&mut tx, form).await?;
        db::update(&mut tx, id, &input).await?;
        finish(ctx, tx, AuditAction::VehicleUpdate, Some(before), id).await
    }

    /// Moves a vehicle to another status; setting the status it has changes nothing.
    pub async fn set_vehicle_status(
        ctx: &Ctx,
        id: VehicleId,
        status: VehicleStatus,
    ) -> Result<Vehicle, AppError> {
        change_status(ctx, id, status, AuditAction::VehicleStatus).await
    }

    /// Takes a vehicle out of service for good: vehicles are never deleted, their history stays.
    pub async fn decommission_vehicle(ctx: &Ctx, id: VehicleId) -> Result<Vehicle, AppError> {
        change_status(
            ctx,
            id,
            VehicleStatus::Decommissioned,
            AuditAction::VehicleDecommission,
        )
        .await
    }

    async fn change_status(
        ctx: &Ctx,
        id: VehicleId,
        status: VehicleStatus,
        action: AuditAction,
    ) -> Result<Vehicle, AppError> {
        let mut tx = ctx.authorize(Permission::VehicleWrite).await?;
        let before = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if before.status == status {
            return Ok(before);
        }
        db::set_status(&mut tx, id, status).await?;
        finish(ctx, tx, action, Some(before), id).await
    }

    /// A vehicle's audit history, newest first.
    pub async fn vehicle_history(
        ctx: &Ctx,
        id: VehicleId,
        page: PageRequest,
    ) -> Result<Paged<AuditRow>, AppError> {
        let mut tx = ctx.authorize(Permission::VehicleRead).await?;
        db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        audit::db::list(
            &mut tx,
            &AuditQuery::for_entity("vehicle", id.0, page),
            &ctx.user.time_zone,
        )
        .await
    }

    /// The QR code of the vehicle's page, as SVG, for its detail page and printable label.
    pub async fn vehicle_qr_svg(ctx: &Ctx, id: VehicleId) -> Result<String, AppError> {
        let vehicle = get_vehicle(ctx, id).await?;
        let url = format!(
            "{}/vehicles/{}",
            ctx.state.public_url.trim_end_matches('/'),
            vehicle.id.0
        );
        let code = qrcode::QrCode::new(url.as_bytes()).map_err(|_| AppError::Internal)?;
        Ok(code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build())
    }

    /// Registers a vehicle in a given status as the demo seed does: through the same
    /// validation, audited with no actor, in the caller's transaction (which the caller
    /// commits, so thousands of vehicles share one).
    pub async fn provision_vehicle(
        tx: &mut TenantTx,
        cx: ValidationContext<'_>,
        form: &VehicleForm,
        status: VehicleStatus,
    ) -> Result<VehicleId, AppError> {
        let input = form.validate(cx)?;
        let id = db::insert(tx, &input).await?;
        let entry = AuditEntry::new(AuditAction::VehicleCreate, "vehicle", id.0)
            .diff(None::<()>, Some(&input));
        audit::record(tx, None, &RequestMeta::default(), entry).await?;
        if status != VehicleStatus::Active {
            db::set_status(tx, id, status).await?;
            let entry = AuditEntry::new(AuditAction::VehicleStatus, "vehicle", id.0).diff(
                Some(serde_json::json!({"status": VehicleStatus::Active})),
                Some(serde_json::json!({"status": status})),
            );
            audit::record(tx, None, &RequestMeta::default(), entry).await?;
        }
        Ok(id)
    }

    /// The vehicle a form names by id or by plate (typed any way the tenant's plate format
    /// accepts), if the tenant has it: for forms of other slices that point at a vehicle.
    pub async fn find_vehicle(
        tx: &mut TenantTx,
        country: &str,
        reference: &str,
    ) -> Result<Option<Vehicle>, AppError> {
        let id = match reference.trim().parse::<uuid::Uuid>() {
            Ok(id) => VehicleId(id),
            Err(_) => match super::super::plate::normalize_plate(country, reference) {
                Ok(plate) => match db::id_by_plate(tx, &plate).await? {
                    Some(id) => id,
                    None => return Ok(None),
                },
                Err(_) => return Ok(None),
            },
        };
        db::get(tx, id).await
    }

    /// Validates a form with the tenant's country (plate format) and today's date there.
    async fn validate(tx: &mut TenantTx, form: &VehicleForm) -> Result<VehicleInput, AppError> {
        let settings = tenant::db::settings(tx).await?;
        form.validate(ValidationContext {
            country: &settings.country,
            today: today_in(&settings.time_zone),
        })
    }

    /// Today's date in `time_zone` (UTC's if the zone is unknown).
    pub fn today_in(time_zone: &str) -> NaiveDate {
        date_in(Utc::now(), time_zone)
    }

    /// The date of `at` on the wall clock of `time_zone` (UTC's if the zone is unknown).
    pub fn date_in(at: chrono::DateTime<Utc>, time_zone: &str) -> NaiveDate {
        match time_zone.parse::<chrono_tz::Tz>() {
            Ok(tz) => at.with_timezone(&tz).date_naive(),
            Err(_) => at.date_naive(),
        }
    }

    /// Audits a change with the vehicle before and after it, and commits.
    async fn finish(
        ctx: &Ctx,
        mut tx: TenantTx,
        action: AuditAction,
        before: Option<Vehicle>,
        id: VehicleId,
    ) -> Result<Vehicle, AppError> {
        let after = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let entry = AuditEntry::new(action, "vehicle", id.0).diff(before.as_ref(), Some(&after));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
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

/// The list page's rows.
#[server(prefix = "/fn", endpoint = "vehicles/list")]
pub async fn list_vehicles_fn(query: VehicleQuery) -> Result<Paged<Vehicle>, AppError> {
    finish(list_vehicles(&ctx()?, &query).await, None)
}

/// The list page's filter choices.
#[server(prefix = "/fn", endpoint = "vehicles/facets")]
pub async fn vehicle_facets_fn() -> Result<VehicleFacets, AppError> {
    finish(vehicle_facets(&ctx()?).await, None)
}

/// The detail page's vehicle.
#[server(prefix = "/fn", endpoint = "vehicles/get")]
pub async fn get_vehicle_fn(id: Uuid) -> Result<Vehicle, AppError> {
    finish(get_vehicle(&ctx()?, super::VehicleId(id)).await, None)
}

/// The create form; a plain form post lands on the new vehicle's page.
#[server(prefix = "/fn", endpoint = "vehicles/create")]
pub async fn create_vehicle_fn(
    form: VehicleForm,
    form_key: Option<FormKey>,
) -> Result<Vehicle, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        create_vehicle(ctx, &form).await
    })
    .await;
    let to = result
        .as_ref()
        .ok()
        .map(|v| format!("/vehicles/{}", v.id.0));
    finish_keeping(result, to.as_deref(), &form)
}

/// The edit form; it goes back to the vehicle's page.
#[server(prefix = "/fn", endpoint = "vehicles/update")]
pub async fn update_vehicle_fn(id: Uuid, form: VehicleForm) -> Result<Vehicle, AppError> {
    let result = update_vehicle(&ctx()?, super::VehicleId(id), &form).await;
    let to = result
        .as_ref()
        .ok()
        .map(|v| format!("/vehicles/{}", v.id.0));
    finish_keeping(result, to.as_deref(), &form)
}

/// The quick status change on the detail page.
#[server(prefix = "/fn", endpoint = "vehicles/status")]
pub async fn set_vehicle_status_fn(
    id: Uuid,
    status: super::VehicleStatus,
) -> Result<Vehicle, AppError> {
    finish(
        set_vehicle_status(&ctx()?, super::VehicleId(id), status).await,
        None,
    )
}

/// The decommission form, which needs its confirmation box ticked.
#[server(prefix = "/fn", endpoint = "vehicles/decommission")]
pub async fn decommission_vehicle_fn(
    id: Uuid,
    #[server(default)] confirm: bool,
) -> Result<Vehicle, AppError> {
    let result = if confirm {
        decommission_vehicle(&ctx()?, super::VehicleId(id)).await
    } else {
        Err(AppError::field(
            "confirm",
            crate::error::FieldError::Required,
        ))
    };
    finish(result, None)
}

/// The detail page's history tab.
#[server(prefix = "/fn", endpoint = "vehicles/history")]
pub async fn vehicle_history_fn(id: Uuid, page: PageRequest) -> Result<Paged<AuditRow>, AppError> {
    finish(
        vehicle_history(&ctx()?, super::VehicleId(id), page).await,
        None,
    )
}

/// The QR code on the detail page and the label.
#[server(prefix = "/fn", endpoint = "vehicles/qr")]
pub async fn vehicle_qr_fn(id: Uuid) -> Result<String, AppError> {
    finish(vehicle_qr_svg(&ctx()?, super::VehicleId(id)).await, None)
}
