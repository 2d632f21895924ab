//! Inspection operations, shared by the server functions below and `rest.rs`.
//!
//! Inspecting needs `InspectionPerform` (any vehicle) or `InspectionPerformOwn` (the vehicles
//! the user's driver record is assigned to now); reading inspections and defects needs
//! `InspectionRead` (performers also read the checklists they fill). Checklists are kept and
//! defects acted on by whoever plans maintenance (`MaintenanceWrite`). Inspections and what
//! becomes of their defects are audited on the vehicle; templates on themselves.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{
    Defect, DefectActionForm, DefectQuery, Inspection, InspectionDetail, InspectionForm,
    InspectionQuery, Template, TemplateForm,
};
use crate::error::AppError;
use crate::listing::Paged;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::Utc;
    use uuid::Uuid;

    use super::super::db::{self, NewInspection};
    use super::super::model::{
        Defect, DefectAction, DefectActionForm, DefectQuery, DefectStatus, Inspection,
        InspectionDetail, InspectionForm, InspectionQuery, Template, TemplateForm,
        check_defect_move,
    };
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError};
    use crate::fleet::RecordsOf;
    use crate::fleet::mileage;
    use crate::fleet::vehicles::{
        VehicleId, VehicleStatus, db as vehicles, find_vehicle, today_in,
    };
    use crate::listing::{PageRequest, Paged};
    use crate::maintenance::{self, WorkKind, WorkOrderInput};
    use crate::tenant::{self, TenantTx};

    /// Audits a change on `entity`.
    async fn audit_change(
        ctx: &Ctx,
        tx: &mut TenantTx,
        action: AuditAction,
        entity: (&'static str, Uuid),
        before: Option<impl serde::Serialize>,
        after: Option<impl serde::Serialize>,
    ) -> Result<(), AppError> {
        let entry = AuditEntry::new(action, entity.0, entity.1).diff(before, after);
        audit::record(tx, Some(ctx.user.user_id), &ctx.meta, entry).await
    }

    /// Who is inspecting: anyone may inspect any vehicle, or a driver their own.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Inspector {
        Anyone,
        Driver(Uuid),
    }

    /// A transaction for inspecting, and whose vehicles. A user with only
    /// `InspectionPerformOwn` and no driver record may inspect nothing.
    async fn inspecting_tx(ctx: &Ctx) -> Result<(TenantTx, Inspector), AppError> {
        if ctx.user.can(Permission::InspectionPerform) {
            return Ok((
                ctx.authorize(Permission::InspectionPerform).await?,
                Inspector::Anyone,
            ));
        }
        let mut tx = ctx.authorize(Permission::InspectionPerformOwn).await?;
        let driver = mileage::db::driver_of_user(&mut tx, ctx.user.user_id.0).await?;
        let driver = driver.ok_or(AppError::Forbidden {
            permission: Permission::InspectionPerformOwn,
        })?;
        Ok((tx, Inspector::Driver(driver)))
    }

    /// A transaction for reading checklists: readers and inspectors.
    async fn checklist_tx(ctx: &Ctx) -> Result<TenantTx, AppError> {
        if ctx.user.can(Permission::InspectionRead) {
            ctx.authorize(Permission::InspectionRead).await
        } else {
            Ok(inspecting_tx(ctx).await?.0)
        }
    }

    /// The checklists, by name; given a vehicle (id or plate), those for its body type.
    pub async fn list_templates(
        ctx: &Ctx,
        vehicle: Option<&str>,
    ) -> Result<Vec<Template>, AppError> {
        let mut tx = checklist_tx(ctx).await?;
        let body_type = match vehicle.filter(|v| !v.trim().is_empty()) {
            Some(reference) => {
                let settings = tenant::db::settings(&mut tx).await?;
                let vehicle = find_vehicle(&mut tx, &settings.country, reference.trim()).await?;
                Some(
                    vehicle
                        .ok_or_else(|| AppError::field("vehicle", FieldError::UnknownChoice))?
                        .body_type,
                )
            }
            None => None,
        };
        db::templates(&mut tx, None, body_type).await
    }

    /// Adds a checklist.
    pub async fn create_template(ctx: &Ctx, form: &TemplateForm) -> Result<Template, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceWrite).await?;
        let input = form.validate()?;
        let id = db::insert_template(&mut tx, &input, ctx.user.user_id.0).await?;
        let template = db::templates(&mut tx, Some(id), None)
            .await?
            .pop()
            .ok_or(AppError::Internal)?;
        audit_change(
            ctx,
            &mut tx,
            AuditAction::InspectionTemplateCreate,
            ("inspection_template", id),
            None::<()>,
            Some(&template),
        )
        .await?;
        tx.commit().await?;
        Ok(template)
    }

    /// Changes a checklist; inspections already done keep what they answered.
    pub async fn update_template(
        ctx: &Ctx,
        id: Uuid,
        form: &TemplateForm,
    ) -> Result<Template, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceWrite).await?;
        let input = form.validate()?;
        let before = db::templates(&mut tx, Some(id), None)
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        db::update_template(&mut tx, id, &input).await?;
        let after = db::templates(&mut tx, Some(id), None)
            .await?
            .pop()
            .ok_or(AppError::Internal)?;
        audit_change(
            ctx,
            &mut tx,
            AuditAction::InspectionTemplateUpdate,
            ("inspection_template", id),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Records an inspection: each item answered, the odometer through the mileage rules, and a
    /// defect opened for every failed item.
    pub async fn perform_inspection(
        ctx: &Ctx,
        form: &InspectionForm,
    ) -> Result<InspectionDetail, AppError> {
        let (mut tx, inspector) = inspecting_tx(ctx).await?;
        let template_id = form
            .template
            .trim()
            .parse()
            .map_err(|_| AppError::field("template", FieldError::UnknownChoice))?;
        let template = db::templates(&mut tx, Some(template_id), None).await?.pop();
        let template =
            template.ok_or_else(|| AppError::field("template", FieldError::UnknownChoice))?;
        let input = form.validate(&template.items)?;
        let settings = tenant::db::settings(&mut tx).await?;
        let vehicle = find_vehicle(&mut tx, &settings.country, &input.vehicle).await?;
        let vehicle =
            vehicle.ok_or_else(|| AppError::field("vehicle", FieldError::UnknownChoice))?;
        if let Inspector::Driver(driver) = inspector
            && !mileage::db::assigned_at(&mut tx, vehicle.id.0, driver, Utc::now()).await?
        {
            return Err(AppError::field("vehicle", FieldError::NotYourVehicle));
        }
        if vehicle.status == VehicleStatus::Decommissioned {
            return Err(AppError::field(
                "vehicle",
                FieldError::VehicleDecommissioned,
            ));
        }
        if template.body_type.is_some_and(|b| b != vehicle.body_type) {
            return Err(AppError::field("template", FieldError::UnknownChoice));
        }
        // The reading says where it came from: the checklist's name.
        let reading = mileage::record_for_work(
            ctx,
            &mut tx,
            &vehicle,
            input.mileage_km,
            Utc::now(),
            input.confirmed,
            template.name.clone(),
            mileage::MileageSource::Manual,
        )
        .await
        .map_err(|e| e.with_fields_renamed(&[("value", "mileage")]))?;
        let new = NewInspection {
            vehicle_id: vehicle.id.0,
            template: &template,
            mileage_km: input.mileage_km,
            reading_id: reading.id,
            notes: input.notes.as_deref(),
            performed_by: ctx.user.user_id.0,
            performed_at: reading.recorded_at,
        };
        let id = db::insert_inspection(&mut tx, &new, &input.answers).await?;
        let detail = detail(&mut tx, id, &ctx.user.time_zone).await?;
        audit_change(
            ctx,
            &mut tx,
            AuditAction::InspectionCreate,
            ("vehicle", vehicle.id.0),
            None::<()>,
            Some(&detail),
        )
        .await?;
        tx.commit().await?;
        Ok(detail)
    }

    /// An inspection with its answers and defects.
    async fn detail(
        tx: &mut TenantTx,
        id: Uuid,
        time_zone: &str,
    ) -> Result<InspectionDetail, AppError> {
        let inspection = db::inspections(tx, Some(id), &InspectionQuery::default(), time_zone)
            .await?
            .items
            .pop()
            .ok_or(AppError::NotFound)?;
        let answers = db::answers(tx, id).await?;
        let all = DefectQuery {
            page: PageRequest {
                page: 1,
                per_page: 200,
            },
            ..Default::default()
        };
        let defects = db::defects(tx, None, Some(id), &all).await?.items;
        Ok(InspectionDetail {
            inspection,
            answers,
            defects,
        })
    }

    /// One inspection.
    pub async fn get_inspection(ctx: &Ctx, id: Uuid) -> Result<InspectionDetail, AppError> {
        let mut tx = ctx.authorize(Permission::InspectionRead).await?;
        detail(&mut tx, id, &ctx.user.time_zone).await
    }

    /// Inspections matching the query; one vehicle's must be the tenant's vehicle.
    pub async fn list_inspections(
        ctx: &Ctx,
        query: &InspectionQuery,
    ) -> Result<Paged<Inspection>, AppError> {
        let mut tx = ctx.authorize(Permission::InspectionRead).await?;
        if let Some(vehicle) = query.vehicle {
            RecordsOf::Vehicle(vehicle).ensure_exists(&mut tx).await?;
        }
        db::inspections(&mut tx, None, query, &ctx.user.time_zone).await
    }

    /// Defects matching the query.
    pub async fn list_defects(ctx: &Ctx, query: &DefectQuery) -> Result<Paged<Defect>, AppError> {
        let mut tx = ctx.authorize(Permission::InspectionRead).await?;
        if let Some(vehicle) = query.vehicle {
            RecordsOf::Vehicle(vehicle).ensure_exists(&mut tx).await?;
        }
        db::defects(&mut tx, None, None, query).await
    }

    async fn get_defect(tx: &mut TenantTx, id: Uuid) -> Result<Defect, AppError> {
        db::defects(tx, Some(id), None, &DefectQuery::default())
            .await?
            .items
            .pop()
            .ok_or(AppError::Internal)
    }

    /// Acts on a defect: acknowledges or resolves it, or turns it into a repair work order
    /// (planned for today, which acknowledges it). A defect has one work order at most.
    pub async fn act_on_defect(
        ctx: &Ctx,
        id: Uuid,
        form: &DefectActionForm,
    ) -> Result<Defect, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceWrite).await?;
        let action = form.validate()?;
        let status = db::lock_defect(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let before = get_defect(&mut tx, id).await?;
        let action_name = match action {
            DefectAction::Move(to) => {
                check_defect_move(status, to).map_err(|e| AppError::field("to", e))?;
                db::set_defect_status(&mut tx, id, to, ctx.user.user_id.0).await?;
                AuditAction::DefectStatus
            }
            DefectAction::WorkOrder(priority) => {
                if before.work_order_id.is_some() {
                    return Err(AppError::field("to", FieldError::DefectHasWorkOrder));
                }
                if status == DefectStatus::Resolved {
                    return Err(AppError::field("to", FieldError::MoveNotAllowed));
                }
                let order = plan_repair(ctx, &mut tx, &before, priority).await?;
                db::link_work_order(&mut tx, id, order, ctx.user.user_id.0).await?;
                if status == DefectStatus::Open {
                    db::set_defect_status(
                        &mut tx,
                        id,
                        DefectStatus::Acknowledged,
                        ctx.user.user_id.0,
                    )
                    .await?;
                }
                AuditAction::DefectWorkOrder
            }
        };
        let after = get_defect(&mut tx, id).await?;
        audit_change(
            ctx,
            &mut tx,
            action_name,
            ("vehicle", before.vehicle_id),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The repair a defect asks for: titled by the failed item, described by its note.
    async fn plan_repair(
        ctx: &Ctx,
        tx: &mut TenantTx,
        defect: &Defect,
        priority: maintenance::Priority,
    ) -> Result<Uuid, AppError> {
        let settings = tenant::db::settings(tx).await?;
        let vehicle = vehicles::get(tx, VehicleId(defect.vehicle_id))
            .await?
            .ok_or(AppError::Internal)?;
        let input = WorkOrderInput {
            vehicle: vehicle.id.0.to_string(),
            kind: WorkKind::Repair,
            title: defect.label.chars().take(200).collect(),
            description: defect.note.clone(),
            priority,
            scheduled_on: Some(today_in(&settings.time_zone)),
            due_km: None,
            cost: None,
            currency: None,
            service_provider: None,
            performed_by: None,
            next_service_km: None,
            next_service_on: None,
        };
        let order = maintenance::plan_for(ctx, tx, &vehicle, &input)
            .await
            .map_err(|e| e.with_fields_renamed(&[("vehicle", "to")]))?;
        Ok(order.id)
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

/// The checklists (for a vehicle's body type when one is given).
#[server(prefix = "/fn", endpoint = "inspections/templates")]
pub async fn list_templates_fn(vehicle: Option<String>) -> Result<Vec<Template>, AppError> {
    finish(list_templates(&ctx()?, vehicle.as_deref()).await, None)
}

/// The new checklist form.
#[server(prefix = "/fn", endpoint = "inspections/templates/create")]
pub async fn create_template_fn(
    form: TemplateForm,
    form_key: Option<FormKey>,
) -> Result<Template, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        create_template(ctx, &form).await
    })
    .await;
    finish_keeping(result, None, &form)
}

/// The inspection form; a plain form post goes on to the inspection when its inspector may
/// read it, and back to the form (emptied) otherwise.
#[server(prefix = "/fn", endpoint = "inspections/perform")]
pub async fn perform_inspection_fn(form: InspectionForm) -> Result<InspectionDetail, AppError> {
    let ctx = ctx()?;
    let result = perform_inspection(&ctx, &form).await;
    let readable = ctx.user.can(crate::auth::Permission::InspectionRead);
    let to = result
        .as_ref()
        .ok()
        .filter(|_| readable)
        .map(|d| format!("/inspections/{}", d.inspection.id));
    finish_keeping(result, to.as_deref(), &form)
}

/// One inspection.
#[server(prefix = "/fn", endpoint = "inspections/get")]
pub async fn get_inspection_fn(id: Uuid) -> Result<InspectionDetail, AppError> {
    finish(get_inspection(&ctx()?, id).await, None)
}

/// The inspection list.
#[server(prefix = "/fn", endpoint = "inspections/list")]
pub async fn list_inspections_fn(query: InspectionQuery) -> Result<Paged<Inspection>, AppError> {
    finish(list_inspections(&ctx()?, &query).await, None)
}

/// The defect list.
#[server(prefix = "/fn", endpoint = "inspections/defects")]
pub async fn list_defects_fn(query: DefectQuery) -> Result<Paged<Defect>, AppError> {
    finish(list_defects(&ctx()?, &query).await, None)
}

/// A defect's action forms (acknowledge, resolve, make a work order).
#[server(prefix = "/fn", endpoint = "inspections/defects/act")]
pub async fn act_on_defect_fn(id: Uuid, form: DefectActionForm) -> Result<Defect, AppError> {
    let result = act_on_defect(&ctx()?, id, &form).await;
    finish_keeping(result, None, &crate::ui::KeptItem { id, form })
}
