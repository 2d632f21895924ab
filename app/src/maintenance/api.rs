//! Work order operations, shared by the server functions below and `rest.rs`.
//!
//! Reading needs `MaintenanceRead`, planning, editing and moving `MaintenanceWrite`. Every
//! change is audited on the work order's vehicle (so the vehicle's history shows its
//! workshop visits), and so is the vehicle's status when it follows a move.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{
    BoardColumn, Calendar, DueWorkOrder, MoveForm, RescheduleForm, WorkOrderForm, WorkOrderQuery,
};
use crate::error::AppError;
use crate::listing::Paged;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::NaiveDate;
    use uuid::Uuid;

    use super::super::calendar::period::{Period, Span};
    use super::super::db;
    use super::super::due::{DueState, next_due};
    use super::super::model::{
        BoardColumn, Calendar, Completion, DueWorkOrder, MoveForm, RescheduleForm, WorkOrder,
        WorkOrderForm, WorkOrderInput, WorkOrderQuery, WorkStatus, check_move,
        vehicle_status_after,
    };
    use super::super::programs;
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError};
    use crate::fleet::RecordsOf;
    use crate::fleet::mileage::{self, MileageSource};
    use crate::fleet::vehicles::{
        Vehicle, VehicleId, VehicleStatus, db as vehicles, find_vehicle, today_in,
    };
    use crate::listing::{PageRequest, Paged};
    use crate::tenant::{self, TenantTx};

    /// A transaction with `permission` and the tenant's date.
    async fn tenant_tx(
        ctx: &Ctx,
        permission: Permission,
    ) -> Result<(TenantTx, NaiveDate), AppError> {
        let mut tx = ctx.authorize(permission).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        Ok((tx, today_in(&settings.time_zone)))
    }

    /// Audits a change on the vehicle's history.
    async fn audit_on_vehicle(
        ctx: &Ctx,
        tx: &mut TenantTx,
        action: AuditAction,
        vehicle: Uuid,
        before: Option<impl serde::Serialize>,
        after: Option<impl serde::Serialize>,
    ) -> Result<(), AppError> {
        let entry = AuditEntry::new(action, "vehicle", vehicle).diff(before, after);
        audit::record(tx, Some(ctx.user.user_id), &ctx.meta, entry).await
    }

    /// Work orders matching the query; one vehicle's must be the tenant's vehicle (another
    /// tenant's id is `NotFound`, not an empty list).
    pub async fn list_work_orders(
        ctx: &Ctx,
        query: &WorkOrderQuery,
    ) -> Result<Paged<DueWorkOrder>, AppError> {
        let (mut tx, today) = tenant_tx(ctx, Permission::MaintenanceRead).await?;
        if let Some(vehicle) = query.vehicle {
            RecordsOf::Vehicle(vehicle).ensure_exists(&mut tx).await?;
        }
        let page = db::list(&mut tx, query, today).await?;
        let items = page
            .items
            .into_iter()
            .map(|o| DueWorkOrder::on(o, today))
            .collect();
        Ok(Paged {
            items,
            total: page.total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// The Kanban board under the query's filters: for each status how many work orders it
    /// holds and its first `cards_per_column`, in list order. Cancelled work shows its count
    /// only (its column is folded away and links to the list): finding the few cancelled
    /// orders among years of completed ones would cost more than the rest of the board.
    pub async fn board(
        ctx: &Ctx,
        query: &WorkOrderQuery,
        cards_per_column: u32,
    ) -> Result<Vec<BoardColumn>, AppError> {
        let (mut tx, today) = tenant_tx(ctx, Permission::MaintenanceRead).await?;
        let counts = db::count_by_status(
            &mut tx,
            &WorkOrderQuery {
                status: None,
                ..query.clone()
            },
            today,
        )
        .await?;
        let mut columns = Vec::with_capacity(WorkStatus::ALL.len());
        for &status in WorkStatus::ALL {
            let total = counts
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n);
            let cards = if total == 0 || status == WorkStatus::Cancelled {
                Vec::new()
            } else {
                let page = PageRequest {
                    page: 1,
                    per_page: cards_per_column,
                };
                let column = WorkOrderQuery {
                    status: Some(status),
                    page,
                    ..query.clone()
                };
                let found = db::page(&mut tx, &column, today).await?;
                found
                    .into_iter()
                    .map(|o| DueWorkOrder::on(o, today))
                    .collect()
            };
            columns.push(BoardColumn {
                status,
                total,
                cards,
            });
        }
        Ok(columns)
    }

    /// How much scheduled work one calendar reads at most.
    const CALENDAR_CAP: i64 = 5_000;

    /// The month or week around `on` (default: the tenant's today): scheduled work under the
    /// query's filters that falls on its days (the booked day, else the forecast), and the
    /// overdue work that fell before them.
    pub async fn calendar(
        ctx: &Ctx,
        query: &WorkOrderQuery,
        span: Span,
        on: Option<NaiveDate>,
    ) -> Result<Calendar, AppError> {
        let on = on
            .map(crate::input::day_in_range)
            .transpose()
            .map_err(|e| AppError::field("on", e))?;
        let (mut tx, today) = tenant_tx(ctx, Permission::MaintenanceRead).await?;
        let period = Period::around(span, on.unwrap_or(today));
        let (from, to) = period.grid();
        let scheduled = WorkOrderQuery {
            status: Some(WorkStatus::Scheduled),
            ..query.clone()
        };
        let found = db::booked_by(&mut tx, &scheduled, today, to, CALENDAR_CAP).await?;
        let mut calendar = Calendar {
            period,
            today,
            entries: Vec::new(),
            overdue_before: Vec::new(),
        };
        for order in found.into_iter().map(|o| DueWorkOrder::on(o, today)) {
            match order.calendar_day() {
                Some(day) if (from..=to).contains(&day) => calendar.entries.push(order),
                Some(day) if day < from && order.due == Some(DueState::Overdue) => {
                    calendar.overdue_before.push(order)
                }
                _ => {}
            }
        }
        calendar
            .entries
            .sort_by_key(|o| (o.calendar_day(), std::cmp::Reverse(o.order.priority)));
        Ok(calendar)
    }

    /// Books scheduled work for another day (a drop on the calendar, its form); work already
    /// started, finished or cancelled keeps its day.
    pub async fn reschedule_work_order(
        ctx: &Ctx,
        id: Uuid,
        form: &RescheduleForm,
    ) -> Result<DueWorkOrder, AppError> {
        let (mut tx, today) = tenant_tx(ctx, Permission::MaintenanceWrite).await?;
        let on = form.validate(today)?;
        let (vehicle, status) = db::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if status != WorkStatus::Scheduled {
            return Err(AppError::field("scheduled_on", FieldError::NotScheduled));
        }
        let before = db::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
        db::reschedule(&mut tx, id, on).await?;
        let after = db::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
        audit_on_vehicle(
            ctx,
            &mut tx,
            AuditAction::MaintenanceReschedule,
            vehicle,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(DueWorkOrder::on(after, today))
    }

    /// One work order.
    pub async fn get_work_order(ctx: &Ctx, id: Uuid) -> Result<DueWorkOrder, AppError> {
        let (mut tx, today) = tenant_tx(ctx, Permission::MaintenanceRead).await?;
        let order = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        Ok(DueWorkOrder::on(order, today))
    }

    /// Plans a work order for a vehicle in service (by id or plate); it starts scheduled.
    pub async fn create_work_order(
        ctx: &Ctx,
        form: &WorkOrderForm,
    ) -> Result<DueWorkOrder, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceWrite).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let input = form.validate(&settings.currency)?;
        let vehicle = find_vehicle(&mut tx, &settings.country, &input.vehicle).await?;
        let vehicle =
            vehicle.ok_or_else(|| AppError::field("vehicle", FieldError::UnknownChoice))?;
        let order = plan_for(ctx, &mut tx, &vehicle, &input).await?;
        tx.commit().await?;
        Ok(DueWorkOrder::on(order, today_in(&settings.time_zone)))
    }

    /// Plans a work order for a vehicle in service, audited, in the caller's transaction (the
    /// plan form; a defect turned into a work order).
    pub async fn plan_for(
        ctx: &Ctx,
        tx: &mut TenantTx,
        vehicle: &Vehicle,
        input: &WorkOrderInput,
    ) -> Result<WorkOrder, AppError> {
        if vehicle.status == VehicleStatus::Decommissioned {
            return Err(AppError::field(
                "vehicle",
                FieldError::VehicleDecommissioned,
            ));
        }
        let id = db::insert(tx, vehicle.id.0, input, Some(ctx.user.user_id.0)).await?;
        let order = db::get(tx, id).await?.ok_or(AppError::Internal)?;
        audit_on_vehicle(
            ctx,
            tx,
            AuditAction::MaintenanceCreate,
            vehicle.id.0,
            None::<()>,
            Some(&order),
        )
        .await?;
        Ok(order)
    }

    /// Replaces what the form edits; the vehicle stays the one the work order was planned for.
    pub async fn update_work_order(
        ctx: &Ctx,
        id: Uuid,
        form: &WorkOrderForm,
    ) -> Result<DueWorkOrder, AppError> {
        let mut tx = ctx.authorize(Permission::MaintenanceWrite).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let before = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let form = WorkOrderForm {
            vehicle: before.vehicle_id.to_string(),
            ..form.clone()
        };
        let input = form.validate(&settings.currency)?;
        db::update(&mut tx, id, &input).await?;
        let after = db::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
        audit_on_vehicle(
            ctx,
            &mut tx,
            AuditAction::MaintenanceUpdate,
            before.vehicle_id,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(DueWorkOrder::on(after, today_in(&settings.time_zone)))
    }

    /// Moves a work order to another status (a Kanban drop, a button). Completing records the
    /// odometer through the mileage rules; the vehicle goes into maintenance while work is in
    /// progress and back to active when its last work in progress ends. The vehicle's row is
    /// locked first, so two moves on one vehicle see each other's outcome.
    pub async fn move_work_order(
        ctx: &Ctx,
        id: Uuid,
        form: &MoveForm,
    ) -> Result<DueWorkOrder, AppError> {
        let (mut tx, today) = tenant_tx(ctx, Permission::MaintenanceWrite).await?;
        let input = form.validate(today)?;
        let vehicle_id = db::get(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?
            .vehicle_id;
        vehicles::lock(&mut tx, VehicleId(vehicle_id)).await?;
        let (_, from) = db::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let before = db::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
        check_move(from, input.to).map_err(|e| AppError::field("to", e))?;
        let vehicle = vehicles::get(&mut tx, VehicleId(vehicle_id))
            .await?
            .ok_or(AppError::Internal)?;
        if input.to == WorkStatus::InProgress && vehicle.status == VehicleStatus::Decommissioned {
            return Err(AppError::field("to", FieldError::VehicleDecommissioned));
        }
        match input.completion {
            Some(done) => complete(ctx, &mut tx, &before, &vehicle, done, today).await?,
            None => db::set_status(&mut tx, id, input.to).await?,
        }
        let others = db::others_in_progress(&mut tx, vehicle_id, id).await?;
        if let Some(status) = vehicle_status_after(vehicle.status, from, input.to, others) {
            vehicles::set_status(&mut tx, vehicle.id, status).await?;
            let moved = vehicles::get(&mut tx, vehicle.id).await?;
            audit_on_vehicle(
                ctx,
                &mut tx,
                AuditAction::VehicleStatus,
                vehicle_id,
                Some(&vehicle),
                moved.as_ref(),
            )
            .await?;
        }
        let after = db::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
        audit_on_vehicle(
            ctx,
            &mut tx,
            AuditAction::MaintenanceStatus,
            vehicle_id,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(DueWorkOrder::on(after, today))
    }

    /// Records the completion and its odometer reading (read when `mileage::read_on_day` says).
    async fn complete(
        ctx: &Ctx,
        tx: &mut TenantTx,
        order: &WorkOrder,
        vehicle: &Vehicle,
        done: Completion,
        today: NaiveDate,
    ) -> Result<(), AppError> {
        let settings = tenant::db::settings(tx).await?;
        let at = mileage::read_on_day(done.on, today, &settings.time_zone)
            .map_err(|e| AppError::field("completed_on", e))?;
        let reading = mileage::record_for_work(
            ctx,
            tx,
            vehicle,
            done.km,
            at,
            done.confirmed,
            order.title.clone(),
            MileageSource::Manual,
        )
        .await
        .map_err(|e| {
            e.with_fields_renamed(&[
                ("value", "mileage"),
                ("recorded_at", "completed_on"),
                ("vehicle", "to"),
            ])
        })?;
        db::complete(tx, order.id, done.on, done.km, reading.id).await?;
        match order.program_id {
            Some(program) => plan_programs_next(ctx, tx, order, program, done).await,
            None => Ok(()),
        }
    }

    /// Completed program work plans the program's next: an interval after this completion's
    /// day and odometer. The completed one notes when that is.
    async fn plan_programs_next(
        ctx: &Ctx,
        tx: &mut TenantTx,
        order: &WorkOrder,
        program: Uuid,
        done: Completion,
    ) -> Result<(), AppError> {
        let program = programs::db::get(tx, program)
            .await?
            .ok_or(AppError::Internal)?;
        let months = program.interval_months.and_then(|m| u32::try_from(m).ok());
        let (on, km) = next_due(done.on, done.km, program.interval_km, months);
        db::set_next(tx, order.id, on, km).await?;
        if let Some(next) =
            programs::db::plan_next(tx, &program, order.vehicle_id, on, km, ctx.user.user_id.0)
                .await?
        {
            let planned = db::get(tx, next).await?.ok_or(AppError::Internal)?;
            audit_on_vehicle(
                ctx,
                tx,
                AuditAction::MaintenanceCreate,
                order.vehicle_id,
                None::<()>,
                Some(&planned),
            )
            .await?;
        }
        Ok(())
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

/// The work order lists (fleet-wide, a vehicle's tab).
#[server(prefix = "/fn", endpoint = "maintenance/list")]
pub async fn list_work_orders_fn(query: WorkOrderQuery) -> Result<Paged<DueWorkOrder>, AppError> {
    finish(list_work_orders(&ctx()?, &query).await, None)
}

/// Cards per board column; the list view shows the rest.
pub const BOARD_CARDS: u32 = 50;

/// The Kanban board.
#[server(prefix = "/fn", endpoint = "maintenance/board")]
pub async fn board_fn(query: WorkOrderQuery) -> Result<Vec<BoardColumn>, AppError> {
    finish(board(&ctx()?, &query, BOARD_CARDS).await, None)
}

/// The calendar of scheduled work: a month or a week.
#[server(prefix = "/fn", endpoint = "maintenance/calendar")]
pub async fn calendar_fn(
    query: WorkOrderQuery,
    span: super::calendar::period::Span,
    on: Option<chrono::NaiveDate>,
) -> Result<Calendar, AppError> {
    finish(calendar(&ctx()?, &query, span, on).await, None)
}

/// Rescheduling: a drop on the calendar once hydrated, the entry's form without JavaScript.
#[server(prefix = "/fn", endpoint = "maintenance/reschedule")]
pub async fn reschedule_work_order_fn(
    id: Uuid,
    form: RescheduleForm,
) -> Result<DueWorkOrder, AppError> {
    let result = reschedule_work_order(&ctx()?, id, &form).await;
    finish_keeping(result, None, &crate::ui::KeptItem { id, form })
}

/// One work order.
#[server(prefix = "/fn", endpoint = "maintenance/get")]
pub async fn get_work_order_fn(id: Uuid) -> Result<DueWorkOrder, AppError> {
    finish(get_work_order(&ctx()?, id).await, None)
}

/// The new work order form; a plain form post goes back to it, the values kept on failure.
#[server(prefix = "/fn", endpoint = "maintenance/create")]
pub async fn create_work_order_fn(
    form: WorkOrderForm,
    form_key: Option<FormKey>,
) -> Result<DueWorkOrder, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        create_work_order(ctx, &form).await
    })
    .await;
    finish_keeping(result, None, &form)
}

/// The edit form.
#[server(prefix = "/fn", endpoint = "maintenance/update")]
pub async fn update_work_order_fn(id: Uuid, form: WorkOrderForm) -> Result<DueWorkOrder, AppError> {
    let result = update_work_order(&ctx()?, id, &form).await;
    finish_keeping(result, None, &form)
}

/// A move: a Kanban drop once hydrated, the move form without JavaScript.
#[server(prefix = "/fn", endpoint = "maintenance/move")]
pub async fn move_work_order_fn(id: Uuid, form: MoveForm) -> Result<DueWorkOrder, AppError> {
    let result = move_work_order(&ctx()?, id, &form).await;
    finish_keeping(result, None, &crate::ui::KeptItem { id, form })
}
