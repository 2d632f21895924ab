//! SQL for `maintenance_records`, including the bulk import of a history (`history`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::history::PastWork;
use super::model::{Priority, WorkKind, WorkOrder, WorkOrderInput, WorkOrderQuery, WorkStatus};
use crate::error::AppError;
use crate::listing::Paged;
use crate::tenant::{TenantId, TenantTx};

/// Stores a new, scheduled work order for `vehicle`.
pub async fn insert(
    tx: &mut TenantTx,
    vehicle: Uuid,
    w: &WorkOrderInput,
    created_by: Option<Uuid>,
) -> Result<Uuid, AppError> {
    let (tenant, id) = (tx.tenant_id(), Uuid::now_v7());
    sqlx::query!(
        "insert into maintenance_records (id, tenant_id, vehicle_id, kind, title, description, priority, scheduled_on, due_km,
                                          cost, currency, service_provider, performed_by, next_service_km, next_service_on, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        id,
        tenant as TenantId,
        vehicle,
        w.kind as WorkKind,
        w.title,
        w.description,
        w.priority as Priority,
        w.scheduled_on,
        w.due_km,
        w.cost,
        w.currency,
        w.service_provider,
        w.performed_by,
        w.next_service_km,
        w.next_service_on,
        created_by,
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Replaces what the form edits (not the vehicle, the status or the completion).
pub async fn update(tx: &mut TenantTx, id: Uuid, w: &WorkOrderInput) -> Result<(), AppError> {
    sqlx::query!(
        "update maintenance_records set kind = $2, title = $3, description = $4, priority = $5, scheduled_on = $6, due_km = $7,
                cost = $8, currency = $9, service_provider = $10, performed_by = $11, next_service_km = $12, next_service_on = $13
         where id = $1",
        id,
        w.kind as WorkKind,
        w.title,
        w.description,
        w.priority as Priority,
        w.scheduled_on,
        w.due_km,
        w.cost,
        w.currency,
        w.service_provider,
        w.performed_by,
        w.next_service_km,
        w.next_service_on,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Locks a work order for a move and answers its vehicle and status; `None` if the tenant has
/// no such work order.
pub async fn lock(tx: &mut TenantTx, id: Uuid) -> Result<Option<(Uuid, WorkStatus)>, AppError> {
    let row = sqlx::query!(r#"select vehicle_id, status as "status: WorkStatus" from maintenance_records where id = $1 for update"#, id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|r| (r.vehicle_id, r.status)))
}

/// Moves a work order to `to`; starting stamps the first start, leaving "in progress" for
/// "scheduled" keeps it.
pub async fn set_status(tx: &mut TenantTx, id: Uuid, to: WorkStatus) -> Result<(), AppError> {
    sqlx::query!(
        "update maintenance_records
         set status = $2, started_at = case when $2::maintenance_status = 'in_progress' then coalesce(started_at, statement_timestamp()) else started_at end
         where id = $1",
        id,
        to as WorkStatus,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Books scheduled work for another day.
pub async fn reschedule(tx: &mut TenantTx, id: Uuid, on: NaiveDate) -> Result<(), AppError> {
    sqlx::query!(
        "update maintenance_records set scheduled_on = $2 where id = $1",
        id,
        on
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records the completion: the day, the odometer and the reading it made.
pub async fn complete(
    tx: &mut TenantTx,
    id: Uuid,
    on: NaiveDate,
    km: i64,
    reading: Uuid,
) -> Result<(), AppError> {
    sqlx::query!(
        "update maintenance_records set status = 'completed', completed_on = $2, mileage_at_service = $3, reading_id = $4 where id = $1",
        id,
        on,
        km,
        reading,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Notes on completed work when the next is due (its program's next work order).
pub async fn set_next(
    tx: &mut TenantTx,
    id: Uuid,
    on: Option<NaiveDate>,
    km: Option<i64>,
) -> Result<(), AppError> {
    sqlx::query!(
        "update maintenance_records set next_service_on = $2, next_service_km = $3 where id = $1",
        id,
        on,
        km
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many of the vehicle's work orders other than `except` are in progress.
pub async fn others_in_progress(
    tx: &mut TenantTx,
    vehicle: Uuid,
    except: Uuid,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select count(*) as "n!" from maintenance_records where vehicle_id = $1 and id <> $2 and status = 'in_progress'"#,
        vehicle,
        except
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Whether the vehicle has any work order (the demo seed writes a history once).
pub async fn any_for(tx: &mut TenantTx, vehicle: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from maintenance_records where vehicle_id = $1) as "any!""#,
        vehicle
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Stores an imported history (the demo seed) in one insert: every column an array, unnested
/// side by side.
pub async fn import(tx: &mut TenantTx, vehicle: Uuid, work: &[PastWork]) -> Result<(), AppError> {
    let column = |f: fn(&PastWork) -> Option<String>| work.iter().map(f).collect::<Vec<_>>();
    let ids: Vec<Uuid> = work.iter().map(|_| Uuid::now_v7()).collect();
    let kinds: Vec<String> = work.iter().map(|w| w.kind.as_str().to_owned()).collect();
    let titles: Vec<String> = work.iter().map(|w| w.title.clone()).collect();
    let statuses: Vec<String> = work.iter().map(|w| w.status.as_str().to_owned()).collect();
    let scheduled: Vec<Option<NaiveDate>> = work.iter().map(|w| w.scheduled_on).collect();
    let due_km: Vec<Option<i64>> = work.iter().map(|w| w.due_km).collect();
    let completed: Vec<Option<NaiveDate>> = work.iter().map(|w| w.completed_on).collect();
    let km: Vec<Option<i64>> = work.iter().map(|w| w.mileage_at_service).collect();
    let readings: Vec<Option<Uuid>> = work.iter().map(|w| w.reading_id).collect();
    let next_on: Vec<Option<NaiveDate>> = work.iter().map(|w| w.next_service_on).collect();
    let next_km: Vec<Option<i64>> = work.iter().map(|w| w.next_service_km).collect();
    let costs: Vec<Option<Decimal>> = work.iter().map(|w| w.cost).collect();
    let programs: Vec<Option<Uuid>> = work.iter().map(|w| w.program_id).collect();
    let window_km: Vec<i64> = work.iter().map(|w| w.window_km).collect();
    let window_days: Vec<i32> = work.iter().map(|w| w.window_days).collect();
    sqlx::query!(
        "insert into maintenance_records (id, tenant_id, vehicle_id, kind, title, description, status, scheduled_on, due_km,
                                          started_at, completed_on, mileage_at_service, reading_id, next_service_on, next_service_km,
                                          cost, currency, service_provider, program_id, due_window_km, due_window_days)
         select id, $1, $2, kind::maintenance_kind, title, description, status::maintenance_status, scheduled_on, due_km,
                case when status = 'in_progress' then statement_timestamp() end, completed_on, km, reading_id, next_on, next_km,
                cost, currency, provider, program_id, window_km, window_days
         from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::int8[], $10::date[], $11::int8[],
                     $12::uuid[], $13::date[], $14::int8[], $15::numeric[], $16::text[], $17::text[], $18::uuid[], $19::int8[], $20::int4[])
              as w(id, kind, title, description, status, scheduled_on, due_km, completed_on, km, reading_id, next_on, next_km,
                   cost, currency, provider, program_id, window_km, window_days)",
        tx.tenant_id() as TenantId,
        vehicle,
        &ids,
        &kinds,
        &titles,
        &column(|w| w.description.clone()) as &[Option<String>],
        &statuses,
        &scheduled as &[Option<NaiveDate>],
        &due_km as &[Option<i64>],
        &completed as &[Option<NaiveDate>],
        &km as &[Option<i64>],
        &readings as &[Option<Uuid>],
        &next_on as &[Option<NaiveDate>],
        &next_km as &[Option<i64>],
        &costs as &[Option<Decimal>],
        &column(|w| w.currency.clone()) as &[Option<String>],
        &column(|w| w.service_provider.clone()) as &[Option<String>],
        &programs as &[Option<Uuid>],
        &window_km,
        &window_days,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One work order, or `None`.
pub async fn get(tx: &mut TenantTx, id: Uuid) -> Result<Option<WorkOrder>, AppError> {
    // No due filter, so the date is never read.
    let (query, today) = (WorkOrderQuery::default(), NaiveDate::default());
    Ok(select(tx, Some(id), &query, today, None, 1, 0)
        .await?
        .into_iter()
        .next())
}

/// A page of work orders matching the query on the tenant's date `today`: open work first, the
/// next scheduled first (undated last); then closed work, the latest first.
pub async fn list(
    tx: &mut TenantTx,
    query: &WorkOrderQuery,
    today: NaiveDate,
) -> Result<Paged<WorkOrder>, AppError> {
    let total = count_by_status(tx, query, today)
        .await?
        .iter()
        .map(|(_, n)| n)
        .sum();
    let items = page(tx, query, today).await?;
    Ok(Paged {
        items,
        total,
        page: query.page.page,
        per_page: query.page.limit(),
    })
}

/// The query's page of work orders, in [`list`]'s order, without counting them.
pub async fn page(
    tx: &mut TenantTx,
    query: &WorkOrderQuery,
    today: NaiveDate,
) -> Result<Vec<WorkOrder>, AppError> {
    select(
        tx,
        None,
        query,
        today,
        None,
        i64::from(query.page.limit()),
        query.page.offset(),
    )
    .await
}

/// How many work orders match the query (its page aside) in each status that has any: one
/// pass over them, for a list's total or every column of the board.
pub async fn count_by_status(
    tx: &mut TenantTx,
    query: &WorkOrderQuery,
    today: NaiveDate,
) -> Result<Vec<(WorkStatus, i64)>, AppError> {
    let due: Vec<String> = query.due.iter().map(|d| d.as_str().to_owned()).collect();
    // The same filter as `select`'s. Every work order has its vehicle (a foreign key), so the
    // left join counts the same; it lets PostgreSQL skip the vehicles altogether when no filter
    // reads them, which the board's counts mostly are.
    let counts = sqlx::query!(
        r#"select w.status as "status: WorkStatus", count(*) as "n!" from maintenance_records w left join vehicles v on v.id = w.vehicle_id
           where ($1::uuid is null or w.vehicle_id = $1)
             and ($2::maintenance_status is null or (w.status = $2 and w.closed = ($2 in ('completed', 'cancelled'))))
             and ($3::maintenance_kind is null or w.kind = $3) and ($4::maintenance_priority is null or w.priority = $4)
             and ($5::text is null or v.department = $5)
             and ($6::bool is null or w.closed = not $6)
             and (cardinality($7::text[]) = 0 or (not w.closed and (case
                   when w.status <> 'scheduled' then null
                   when w.scheduled_on < $8::date or v.current_mileage > w.due_km then 'overdue'
                   when w.scheduled_on <= $8::date + w.due_window_days or w.due_km - v.current_mileage <= w.due_window_km then 'due_soon'
                   when w.scheduled_on is not null or w.due_km is not null then 'later' end) = any($7)))
           group by w.status"#,
        query.vehicle,
        query.status as Option<WorkStatus>,
        query.kind as Option<WorkKind>,
        query.priority as Option<Priority>,
        query.department,
        query.open,
        &due,
        today,
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(counts.into_iter().map(|c| (c.status, c.n)).collect())
}

/// Scheduled work matching the query (its page aside) that may fall on or before `by`: booked
/// for a day up to then, or not booked but due at a kilometre (its forecast decides where it
/// falls). At most `cap`, the earliest booked first.
pub async fn booked_by(
    tx: &mut TenantTx,
    query: &WorkOrderQuery,
    today: NaiveDate,
    by: NaiveDate,
    cap: i64,
) -> Result<Vec<WorkOrder>, AppError> {
    select(tx, None, query, today, Some(by), cap, 0).await
}

/// The one select of work orders with their vehicle, serving [`get`], [`list`] and
/// [`booked_by`]. The due filter restates `due::due_state` in SQL (the more urgent of date and
/// kilometre wins), and the vehicle's average daily distance restates
/// `mileage::model::averages` (first and last live readings, at least a day apart); HTTP tests
/// pin both to their Rust originals.
///
/// The page is cut first (`page`) and only its rows read the vehicle's readings for the pace:
/// a board column of 30,000 completed orders would otherwise aggregate every vehicle's readings
/// once per order before the `limit`. The conditions on `closed` repeat what the status, open
/// and due filters already say, in the one form the list index can use (migration 10).
async fn select(
    tx: &mut TenantTx,
    id: Option<Uuid>,
    query: &WorkOrderQuery,
    today: NaiveDate,
    booked_by: Option<NaiveDate>,
    limit: i64,
    offset: i64,
) -> Result<Vec<WorkOrder>, AppError> {
    let due: Vec<String> = query.due.iter().map(|d| d.as_str().to_owned()).collect();
    Ok(sqlx::query_as!(
        WorkOrder,
        r#"with page as (
             select w.*, v.plate, v.current_mileage as vehicle_km
             from maintenance_records w join vehicles v on v.id = w.vehicle_id
             where ($1::uuid is null or w.id = $1) and ($2::uuid is null or w.vehicle_id = $2)
               and ($3::maintenance_status is null or (w.status = $3 and w.closed = ($3 in ('completed', 'cancelled'))))
               and ($4::maintenance_kind is null or w.kind = $4)
               and ($5::maintenance_priority is null or w.priority = $5) and ($6::text is null or v.department = $6)
               and ($7::bool is null or w.closed = not $7)
               and (cardinality($8::text[]) = 0 or (not w.closed and (case
                     when w.status <> 'scheduled' then null
                     when w.scheduled_on < $9::date or v.current_mileage > w.due_km then 'overdue'
                     when w.scheduled_on <= $9::date + w.due_window_days or w.due_km - v.current_mileage <= w.due_window_km then 'due_soon'
                     when w.scheduled_on is not null or w.due_km is not null then 'later' end) = any($8)))
               and ($12::date is null or (not w.closed and w.status = 'scheduled' and (w.scheduled_on <= $12 or (w.scheduled_on is null and w.due_km is not null))))
             order by w.closed, w.open_on, w.latest_on desc, w.created_at desc, w.id
             limit $10 offset $11)
           select w.id as "id!", w.vehicle_id as "vehicle_id!", w.plate as "plate!", w.vehicle_km as "vehicle_km!", w.kind as "kind!: WorkKind", w.title as "title!", w.description,
                  w.status as "status!: WorkStatus", w.priority as "priority!: Priority", w.scheduled_on,
                  w.due_km, w.started_at, w.completed_on, w.mileage_at_service, w.reading_id, w.next_service_km, w.next_service_on,
                  w.cost, w.currency, w.service_provider, w.performed_by, w.created_at as "created_at!", w.program_id,
                  w.due_window_km as "due_window_km!", w.due_window_days as "due_window_days!",
                  case when pace.last_at - pace.first_at >= interval '1 day'
                       then (pace.last_km - pace.first_km)::float8 / (extract(epoch from pace.last_at - pace.first_at) / 86400)::float8 end
                      as avg_km_per_day,
                  (select d.inspection_id from defects d where d.work_order_id = w.id) as inspection_id
           from page w
           left join lateral (select min(r.recorded_at) as first_at, min(r.value_km) as first_km, max(r.recorded_at) as last_at, max(r.value_km) as last_km
                              from mileage_readings r where r.vehicle_id = w.vehicle_id and r.voided_at is null) pace on true
           order by w.closed, w.open_on, w.latest_on desc, w.created_at desc, w.id"#,
        id,
        query.vehicle,
        query.status as Option<WorkStatus>,
        query.kind as Option<WorkKind>,
        query.priority as Option<Priority>,
        query.department,
        query.open,
        &due,
        today,
        limit,
        offset,
        booked_by,
    )
    .fetch_all(&mut **tx)
    .await?)
}
