//! Work order histories loaded at once (the demo seed): a vehicle's completed, scheduled and
//! in-progress work in one statement, its program memberships, and one audit entry, like the
//! mileage history import. A vehicle that has work orders already is left alone.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{WorkKind, WorkStatus};
use crate::audit::{self, AuditEntry, RequestMeta};
use crate::error::AppError;
use crate::tenant::{TenantId, TenantTx};

/// One work order of an imported history.
#[derive(Debug, Clone, PartialEq)]
pub struct PastWork {
    pub kind: WorkKind,
    pub title: String,
    pub description: Option<String>,
    pub status: WorkStatus,
    pub scheduled_on: Option<NaiveDate>,
    pub due_km: Option<i64>,
    pub completed_on: Option<NaiveDate>,
    pub mileage_at_service: Option<i64>,
    /// The odometer reading the completion was read from.
    pub reading_id: Option<Uuid>,
    pub next_service_on: Option<NaiveDate>,
    pub next_service_km: Option<i64>,
    pub cost: Option<Decimal>,
    pub currency: Option<String>,
    pub service_provider: Option<String>,
    pub program_id: Option<Uuid>,
    pub window_km: i64,
    pub window_days: i32,
}

/// Stores a vehicle's history; answers whether it wrote one.
pub async fn provision_history(tx: &mut TenantTx, vehicle: Uuid, work: &[PastWork]) -> Result<bool, AppError> {
    let exists = sqlx::query_scalar!(r#"select exists (select 1 from maintenance_records where vehicle_id = $1) as "any!""#, vehicle)
        .fetch_one(&mut **tx)
        .await?;
    if work.is_empty() || exists {
        return Ok(false);
    }
    insert(tx, vehicle, work).await?;
    let mut programs: Vec<Uuid> = work.iter().filter_map(|w| w.program_id).collect();
    programs.sort();
    programs.dedup();
    sqlx::query!(
        "insert into maintenance_program_vehicles (tenant_id, program_id, vehicle_id) select $1, p, $2 from unnest($3::uuid[]) p on conflict do nothing",
        tx.tenant_id() as TenantId,
        vehicle,
        &programs,
    )
    .execute(&mut **tx)
    .await?;
    let summary = serde_json::json!({ "work_orders": work.len(), "programs": programs });
    let entry = AuditEntry::new("maintenance.import", "vehicle", vehicle).diff(None::<()>, Some(&summary));
    audit::record(tx, None, &RequestMeta::default(), entry).await?;
    Ok(true)
}

/// One insert of many rows: every column an array, unnested side by side.
async fn insert(tx: &mut TenantTx, vehicle: Uuid, work: &[PastWork]) -> Result<(), AppError> {
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
