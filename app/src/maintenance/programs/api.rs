//! Program operations, shared by the server functions below and `rest.rs`. Reading needs
//! `MaintenanceRead`; creating, editing and applying `MaintenanceWrite`. Audited on the program.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{Applied, ApplyForm, Program, ProgramForm};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use uuid::Uuid;

    use super::super::db::{self, Targets};
    use super::super::model::{Applied, ApplyForm, Program, ProgramForm};
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError};
    use crate::fleet::vehicles::{find_vehicle, today_in};
    use crate::maintenance::due::next_due;
    use crate::tenant::{self, TenantTx};

    async fn audit_on_program(
        ctx: &Ctx,
        tx: &mut TenantTx,
        action: AuditAction,
        id: Uuid,
        before: Option<impl serde::Serialize>,
        after: Option<impl serde::Serialize>,
    ) -> Result<(), AppError> {
        let entry = AuditEntry::new(action, "maintenance_program", id).diff(before, after);
        audit::record(tx, Some(ctx.user.user_id), &ctx.meta, entry).await
    }

    /// Every program with its vehicle and open work order counts.
    pub async fn list_programs(ctx: &Ctx) -> Result<Vec<Program>, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceRead).await?;
        db::list(&mut tx, None).await
    }

    /// One program.
    pub async fn get_program(ctx: &Ctx, id: Uuid) -> Result<Program, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceRead).await?;
        db::get(&mut tx, id).await?.ok_or(AppError::NotFound)
    }

    /// Creates a program (it applies to no vehicle yet).
    pub async fn create_program(ctx: &Ctx, form: &ProgramForm) -> Result<Program, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceWrite).await?;
        let input = form.validate()?;
        let id = db::insert(&mut tx, &input, Some(ctx.user.user_id.0)).await?;
        let program = db::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
        audit_on_program(
            ctx,
            &mut tx,
            AuditAction::MaintenanceProgramCreate,
            id,
            None::<()>,
            Some(&program),
        )
        .await?;
        tx.commit().await?;
        Ok(program)
    }

    /// Edits a program; the work orders it planned keep their due points, the next ones follow
    /// the new intervals.
    pub async fn update_program(
        ctx: &Ctx,
        id: Uuid,
        form: &ProgramForm,
    ) -> Result<Program, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceWrite).await?;
        let before = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let input = form.validate()?;
        db::update(&mut tx, id, &input).await?;
        let after = db::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
        audit_on_program(
            ctx,
            &mut tx,
            AuditAction::MaintenanceProgramUpdate,
            id,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Applies a program to vehicles: each matching vehicle in service joins it and gets its
    /// first work order, due one interval from today and from its current odometer (unless it
    /// already has an open one from the program). Unknown plates are refused, naming them.
    pub async fn apply_program(ctx: &Ctx, id: Uuid, form: &ApplyForm) -> Result<Applied, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceWrite).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let program = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let mut vehicles = Vec::new();
        for reference in form.references() {
            match find_vehicle(&mut tx, &settings.country, &reference).await? {
                Some(v) => vehicles.push(v.id.0),
                None => return Err(AppError::field("vehicles", FieldError::UnknownChoice)),
            }
        }
        let (department, brand, model) = (
            ApplyForm::criterion(&form.department),
            ApplyForm::criterion(&form.brand),
            ApplyForm::criterion(&form.model),
        );
        let targets = Targets {
            department: department.as_deref(),
            brand: brand.as_deref(),
            model: model.as_deref(),
            vehicles: &vehicles,
        };
        let months = program.interval_months.and_then(|m| u32::try_from(m).ok());
        let (first_on, _) = next_due(today_in(&settings.time_zone), 0, None, months);
        let applied = db::apply(&mut tx, &program, &targets, first_on, ctx.user.user_id.0).await?;
        let criteria = serde_json::json!({"department": department, "brand": brand, "model": model, "vehicles": vehicles, "applied": applied});
        audit_on_program(
            ctx,
            &mut tx,
            AuditAction::MaintenanceProgramApply,
            id,
            None::<()>,
            Some(criteria),
        )
        .await?;
        tx.commit().await?;
        Ok(applied)
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

/// The programs page.
#[server(prefix = "/fn", endpoint = "maintenance/programs/list")]
pub async fn list_programs_fn() -> Result<Vec<Program>, AppError> {
    finish(list_programs(&ctx()?).await, None)
}

/// The new program form; a plain form post goes back to it, the values kept on failure.
#[server(prefix = "/fn", endpoint = "maintenance/programs/create")]
pub async fn create_program_fn(
    form: ProgramForm,
    form_key: Option<FormKey>,
) -> Result<Program, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        create_program(ctx, &form).await
    })
    .await;
    finish_keeping(result, None, &form)
}

/// Applying a program; a plain form post comes back with what it did.
#[server(prefix = "/fn", endpoint = "maintenance/programs/apply")]
pub async fn apply_program_fn(id: Uuid, form: ApplyForm) -> Result<Applied, AppError> {
    finish_reporting(apply_program(&ctx()?, id, &form).await)
}
