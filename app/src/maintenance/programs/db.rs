//! SQL for `maintenance_programs` and `maintenance_program_vehicles`, and the work orders a
//! program plans.

use chrono::NaiveDate;
use uuid::Uuid;

use super::model::{Applied, Program, ProgramInput};
use crate::error::AppError;
use crate::maintenance::WorkKind;
use crate::tenant::{TenantId, TenantTx};

/// Stores a new program.
pub async fn insert(
    tx: &mut TenantTx,
    p: &ProgramInput,
    created_by: Option<Uuid>,
) -> Result<Uuid, AppError> {
    let (tenant, id) = (tx.tenant_id(), Uuid::now_v7());
    sqlx::query!(
        "insert into maintenance_programs (id, tenant_id, name, kind, interval_km, interval_months, window_km, window_days, tasks, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        id,
        tenant as TenantId,
        p.name,
        p.kind as WorkKind,
        p.interval_km,
        p.interval_months,
        p.window_km,
        p.window_days,
        &p.tasks,
        created_by,
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Replaces a program's fields; work orders already planned keep theirs.
pub async fn update(tx: &mut TenantTx, id: Uuid, p: &ProgramInput) -> Result<(), AppError> {
    sqlx::query!(
        "update maintenance_programs set name = $2, kind = $3, interval_km = $4, interval_months = $5, window_km = $6, window_days = $7, tasks = $8
         where id = $1",
        id,
        p.name,
        p.kind as WorkKind,
        p.interval_km,
        p.interval_months,
        p.window_km,
        p.window_days,
        &p.tasks,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every program, by name; or the one with `id`.
pub async fn list(tx: &mut TenantTx, id: Option<Uuid>) -> Result<Vec<Program>, AppError> {
    Ok(sqlx::query_as!(
        Program,
        r#"select p.id, p.name, p.kind as "kind: WorkKind", p.interval_km, p.interval_months, p.window_km, p.window_days, p.tasks,
                  (select count(*) from maintenance_program_vehicles pv where pv.program_id = p.id) as "vehicles!",
                  (select count(*) from maintenance_records w where w.program_id = p.id and w.status in ('scheduled', 'in_progress')) as "open_orders!",
                  p.created_at
           from maintenance_programs p where ($1::uuid is null or p.id = $1)
           order by p.name, p.id"#,
        id,
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// One program, or `None`.
pub async fn get(tx: &mut TenantTx, id: Uuid) -> Result<Option<Program>, AppError> {
    Ok(list(tx, Some(id)).await?.into_iter().next())
}

/// The vehicles to apply a program to: in service, matching every criterion given.
pub struct Targets<'a> {
    pub department: Option<&'a str>,
    pub brand: Option<&'a str>,
    pub model: Option<&'a str>,
    /// Chosen vehicles (none: no such filter).
    pub vehicles: &'a [Uuid],
}

/// Applies a program to the target vehicles: each joins the program and, unless it already has
/// an open work order from it, gets one due on `first_on` and/or `interval_km` beyond its
/// current odometer. One statement, so a department of thousands is one round trip.
pub async fn apply(
    tx: &mut TenantTx,
    program: &Program,
    targets: &Targets<'_>,
    first_on: Option<NaiveDate>,
    by: Uuid,
) -> Result<Applied, AppError> {
    let tenant = tx.tenant_id();
    let description = (!program.tasks.is_empty()).then(|| program.tasks.join("\n"));
    let row = sqlx::query!(
        r#"with targets as (
               select v.id, v.current_mileage from vehicles v
               where v.status <> 'decommissioned' and ($3::text is null or v.department = $3) and ($4::text is null or v.brand = $4)
                 and ($5::text is null or v.model = $5) and (cardinality($6::uuid[]) = 0 or v.id = any($6))
           ), joined as (
               insert into maintenance_program_vehicles (tenant_id, program_id, vehicle_id, applied_by)
               select $1, $2, t.id, $7 from targets t
               on conflict do nothing
           ), planned as (
               insert into maintenance_records (id, tenant_id, vehicle_id, kind, title, description, scheduled_on, due_km,
                                                program_id, due_window_km, due_window_days, created_by)
               select gen_random_uuid(), $1, t.id, $8, $9, $10, $11, t.current_mileage + $12, $2, $13, $14, $7 from targets t
               on conflict (tenant_id, program_id, vehicle_id) where program_id is not null and status in ('scheduled', 'in_progress') do nothing
               returning id
           )
           select (select count(*) from targets) as "vehicles!", (select count(*) from planned) as "planned!""#,
        tenant as TenantId,
        program.id,
        targets.department,
        targets.brand,
        targets.model,
        targets.vehicles,
        by,
        program.kind as WorkKind,
        program.name,
        description,
        first_on,
        program.interval_km,
        program.window_km,
        program.window_days,
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(Applied {
        vehicles: row.vehicles,
        planned: row.planned,
    })
}

/// Joins a vehicle to programs (an imported history's); joining twice changes nothing.
pub async fn join(tx: &mut TenantTx, vehicle: Uuid, programs: &[Uuid]) -> Result<(), AppError> {
    sqlx::query!(
        "insert into maintenance_program_vehicles (tenant_id, program_id, vehicle_id) select $1, p, $2 from unnest($3::uuid[]) p on conflict do nothing",
        tx.tenant_id() as TenantId,
        vehicle,
        programs,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Plans a program's next work order for a vehicle (after one was completed); `None` if the
/// vehicle already has an open one from the program.
pub async fn plan_next(
    tx: &mut TenantTx,
    program: &Program,
    vehicle: Uuid,
    on: Option<NaiveDate>,
    km: Option<i64>,
    by: Uuid,
) -> Result<Option<Uuid>, AppError> {
    let (tenant, id) = (tx.tenant_id(), Uuid::now_v7());
    let description = (!program.tasks.is_empty()).then(|| program.tasks.join("\n"));
    Ok(sqlx::query_scalar!(
        "insert into maintenance_records (id, tenant_id, vehicle_id, kind, title, description, scheduled_on, due_km,
                                          program_id, due_window_km, due_window_days, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         on conflict (tenant_id, program_id, vehicle_id) where program_id is not null and status in ('scheduled', 'in_progress') do nothing
         returning id",
        id,
        tenant as TenantId,
        vehicle,
        program.kind as WorkKind,
        program.name,
        description,
        on,
        km,
        program.id,
        program.window_km,
        program.window_days,
        by,
    )
    .fetch_optional(&mut **tx)
    .await?)
}
