//! SQL for `mileage_readings` and the vehicle's `current_mileage` it keeps.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::model::{
    EntryVehicle, MileageSource, MileageStats, MonthDistance, Neighbour, Reading, VoidCause,
    VoidReason, averages,
};
use crate::error::{AppError, FieldError, OnConstraint};
use crate::fleet::RecordsOf;
use crate::listing::{PageRequest, Paged};
use crate::tenant::{TenantId, TenantTx};

/// A reading about to be stored, with the rules' verdict.
#[derive(Debug, Clone)]
pub struct NewReading<'a> {
    pub vehicle_id: Uuid,
    pub value_km: i64,
    pub recorded_at: DateTime<Utc>,
    pub source: MileageSource,
    pub recorded_by: Option<Uuid>,
    pub driver_id: Option<Uuid>,
    pub notes: Option<&'a str>,
    pub abnormal: bool,
    pub unusual: bool,
}

/// The live readings just before and just after `at`.
pub async fn neighbours(
    tx: &mut TenantTx,
    vehicle: Uuid,
    at: DateTime<Utc>,
) -> Result<(Option<Neighbour>, Option<Neighbour>), AppError> {
    let previous = sqlx::query_as!(
        Neighbour,
        "select recorded_at, value_km from mileage_readings
         where vehicle_id = $1 and voided_at is null and recorded_at < $2
         order by recorded_at desc limit 1",
        vehicle,
        at
    )
    .fetch_optional(&mut **tx)
    .await?;
    let next = sqlx::query_as!(
        Neighbour,
        "select recorded_at, value_km from mileage_readings
         where vehicle_id = $1 and voided_at is null and recorded_at > $2
         order by recorded_at limit 1",
        vehicle,
        at
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok((previous, next))
}

/// The vehicle's daily rates between consecutive live readings before `at` (the last 60
/// intervals), for the standard-deviation test; intervals under a day count as a day.
pub async fn past_rates(
    tx: &mut TenantTx,
    vehicle: Uuid,
    at: DateTime<Utc>,
) -> Result<Vec<f64>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select (value_km - previous_km)::float8 / greatest(extract(epoch from recorded_at - previous_at)::float8 / 86400, 1) as "rate!"
           from (select value_km, recorded_at,
                        lag(value_km) over w as previous_km, lag(recorded_at) over w as previous_at
                 from (select value_km, recorded_at from mileage_readings
                       where vehicle_id = $1 and voided_at is null and recorded_at < $2
                       order by recorded_at desc limit 61) recent
                 window w as (order by recorded_at)) pairs
           where previous_km is not null"#,
        vehicle,
        at
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Stores a reading. Another live reading of the vehicle at the same instant is a field error.
pub async fn insert(tx: &mut TenantTx, r: &NewReading<'_>) -> Result<Uuid, AppError> {
    let (tenant, id) = (tx.tenant_id(), Uuid::now_v7());
    sqlx::query!(
        "insert into mileage_readings (id, tenant_id, vehicle_id, value_km, recorded_at, source, recorded_by, driver_id, notes, abnormal, unusual)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        id,
        tenant as TenantId,
        r.vehicle_id,
        r.value_km,
        r.recorded_at,
        r.source as MileageSource,
        r.recorded_by,
        r.driver_id,
        r.notes,
        r.abnormal,
        r.unusual,
    )
    .execute(&mut **tx)
    .await
    .on_constraints(&[("mileage_readings_vehicle_time_key", AppError::field("recorded_at", FieldError::MileageSameTime))])?;
    Ok(id)
}

/// Voids a live reading; `false` if it is void already.
pub async fn void(
    tx: &mut TenantTx,
    id: Uuid,
    by: Uuid,
    reason: VoidReason<'_>,
) -> Result<bool, AppError> {
    let (typed, cause) = match reason {
        VoidReason::Typed(words) => (Some(words), None),
        VoidReason::Cause(cause) => (None, Some(cause)),
    };
    let done = sqlx::query!(
        "update mileage_readings set voided_at = statement_timestamp(), voided_by = $2, void_reason = $3, void_cause = $4
         where id = $1 and voided_at is null",
        id,
        by,
        typed,
        cause as Option<VoidCause>
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets the vehicle's `current_mileage` to its latest live reading (0 when none is left) and
/// answers it.
pub async fn refresh_current_mileage(tx: &mut TenantTx, vehicle: Uuid) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        "update vehicles set current_mileage = coalesce(
             (select value_km from mileage_readings where vehicle_id = $1 and voided_at is null order by recorded_at desc limit 1), 0)
         where id = $1
         returning current_mileage",
        vehicle
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// One reading, void or not.
pub async fn get(
    tx: &mut TenantTx,
    id: Uuid,
    time_zone: &str,
) -> Result<Option<Reading>, AppError> {
    Ok(sqlx::query_as!(
        Reading,
        r#"select r.id, r.vehicle_id, v.plate, r.value_km, r.recorded_at, r.recorded_at at time zone $2 as "recorded_local!",
                  r.source as "source: MileageSource", u.full_name as "recorded_by_name?", r.driver_id, r.notes,
                  r.abnormal, r.unusual, r.voided_at, r.void_reason, r.void_cause as "void_cause: VoidCause"
           from mileage_readings r join vehicles v on v.id = r.vehicle_id left join users u on u.id = r.recorded_by
           where r.id = $1"#,
        id,
        time_zone
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// A vehicle's readings (or a driver's), latest first, void ones included.
pub async fn list(
    tx: &mut TenantTx,
    scope: RecordsOf,
    page: PageRequest,
    time_zone: &str,
) -> Result<Paged<Reading>, AppError> {
    let (vehicle, driver) = scope.ids();
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from mileage_readings
           where vehicle_id = coalesce($1, vehicle_id) and ($2::uuid is null or driver_id = $2)"#,
        vehicle,
        driver
    )
    .fetch_one(&mut **tx)
    .await?;
    let items = sqlx::query_as!(
        Reading,
        r#"select r.id, r.vehicle_id, v.plate, r.value_km, r.recorded_at, r.recorded_at at time zone $5 as "recorded_local!",
                  r.source as "source: MileageSource", u.full_name as "recorded_by_name?", r.driver_id, r.notes,
                  r.abnormal, r.unusual, r.voided_at, r.void_reason, r.void_cause as "void_cause: VoidCause"
           from mileage_readings r join vehicles v on v.id = r.vehicle_id left join users u on u.id = r.recorded_by
           where r.vehicle_id = coalesce($1, r.vehicle_id) and ($2::uuid is null or r.driver_id = $2)
           order by r.recorded_at desc, r.id desc
           limit $3 offset $4"#,
        vehicle,
        driver,
        i64::from(page.limit()),
        page.offset(),
        time_zone,
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.limit(),
    })
}

/// A vehicle's figures from its live readings: averages over the whole history and the
/// distance of each of the last twelve months (in `time_zone`).
pub async fn stats(
    tx: &mut TenantTx,
    vehicle: Uuid,
    time_zone: &str,
) -> Result<MileageStats, AppError> {
    let ends = sqlx::query!(
        r#"select count(*) as "readings!",
                  min(recorded_at) as first_at, min(value_km) as first_km,
                  max(recorded_at) as last_at, max(value_km) as last_km
           from mileage_readings where vehicle_id = $1 and voided_at is null"#,
        vehicle
    )
    .fetch_one(&mut **tx)
    .await?;
    let mut months = sqlx::query_as!(
        MonthDistance,
        r#"select to_char(date_trunc('month', recorded_at at time zone $2), 'YYYY-MM') as "month!", sum(value_km - previous_km)::int8 as "km!"
           from (select value_km, recorded_at, lag(value_km) over (order by recorded_at) as previous_km
                 from mileage_readings where vehicle_id = $1 and voided_at is null) pairs
           where previous_km is not null
           group by 1 order by 1 desc limit 12"#,
        vehicle,
        time_zone
    )
    .fetch_all(&mut **tx)
    .await?;
    months.reverse();
    // Readings rise with time, so the earliest is the smallest and the latest the largest.
    let (avg_km_per_day, avg_km_per_month) =
        match (ends.first_at, ends.first_km, ends.last_at, ends.last_km) {
            (Some(first_at), Some(first_km), Some(last_at), Some(last_km)) => averages(
                Neighbour {
                    recorded_at: first_at,
                    value_km: first_km,
                },
                Neighbour {
                    recorded_at: last_at,
                    value_km: last_km,
                },
            ),
            _ => (None, None),
        };
    Ok(MileageStats {
        current_km: ends.last_km.unwrap_or(0),
        readings: ends.readings,
        total_km: ends
            .last_km
            .zip(ends.first_km)
            .map_or(0, |(last, first)| last - first),
        avg_km_per_day,
        avg_km_per_month,
        months,
    })
}

/// The driver record linked to a user's sign-in, if any.
pub async fn driver_of_user(tx: &mut TenantTx, user: Uuid) -> Result<Option<Uuid>, AppError> {
    Ok(
        sqlx::query_scalar!("select id from drivers where user_id = $1", user)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// Whether the driver was assigned to the vehicle at `at`.
pub async fn assigned_at(
    tx: &mut TenantTx,
    vehicle: Uuid,
    driver: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from vehicle_assignments where vehicle_id = $1 and driver_id = $2 and period @> $3::timestamptz) as "assigned!""#,
        vehicle,
        driver,
        at
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The vehicles of the bulk entry page, by plate: in service, of a department if given, and
/// only those assigned to `driver` now if given.
pub async fn entry_vehicles(
    tx: &mut TenantTx,
    department: Option<&str>,
    driver: Option<Uuid>,
    page: PageRequest,
) -> Result<Paged<EntryVehicle>, AppError> {
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from vehicles v
           where v.status <> 'decommissioned' and ($1::text is null or v.department = $1)
             and ($2::uuid is null or exists (select 1 from vehicle_assignments a
                  where a.vehicle_id = v.id and a.driver_id = $2 and a.period @> statement_timestamp()))"#,
        department,
        driver
    )
    .fetch_one(&mut **tx)
    .await?;
    let items = sqlx::query_as!(
        EntryVehicle,
        r#"select v.id, v.plate, v.brand, v.model, v.department, v.current_mileage,
                  (select max(recorded_at) from mileage_readings r where r.vehicle_id = v.id and r.voided_at is null) as last_reading_at
           from vehicles v
           where v.status <> 'decommissioned' and ($1::text is null or v.department = $1)
             and ($2::uuid is null or exists (select 1 from vehicle_assignments a
                  where a.vehicle_id = v.id and a.driver_id = $2 and a.period @> statement_timestamp()))
           order by v.plate, v.id
           limit $3 offset $4"#,
        department,
        driver,
        i64::from(page.limit()),
        page.offset(),
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.limit(),
    })
}

/// Stores a vehicle's imported history at once (the demo seed): readings already in sequence.
pub async fn import(
    tx: &mut TenantTx,
    vehicle: Uuid,
    readings: &[(DateTime<Utc>, i64, bool, bool)],
) -> Result<(), AppError> {
    let tenant = tx.tenant_id();
    let ids: Vec<Uuid> = readings.iter().map(|_| Uuid::now_v7()).collect();
    let at: Vec<DateTime<Utc>> = readings.iter().map(|r| r.0).collect();
    let km: Vec<i64> = readings.iter().map(|r| r.1).collect();
    let abnormal: Vec<bool> = readings.iter().map(|r| r.2).collect();
    let unusual: Vec<bool> = readings.iter().map(|r| r.3).collect();
    sqlx::query!(
        "insert into mileage_readings (id, tenant_id, vehicle_id, recorded_at, value_km, source, abnormal, unusual)
         select id, $1, $2, at, km, 'manual', abnormal, unusual
         from unnest($3::uuid[], $4::timestamptz[], $5::int8[], $6::bool[], $7::bool[]) as r(id, at, km, abnormal, unusual)",
        tenant as TenantId,
        vehicle,
        &ids,
        &at,
        &km,
        &abnormal,
        &unusual,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A vehicle's live readings, oldest first: id, moment, kilometres (the demo seed reads its
/// workshop visits off them).
pub async fn live_readings(
    tx: &mut TenantTx,
    vehicle: Uuid,
) -> Result<Vec<(Uuid, DateTime<Utc>, i64)>, AppError> {
    let rows = sqlx::query!("select id, recorded_at, value_km from mileage_readings where vehicle_id = $1 and voided_at is null order by recorded_at", vehicle)
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, r.recorded_at, r.value_km))
        .collect())
}

/// Whether the vehicle has any reading (the demo seed writes a history once).
pub async fn any_for(tx: &mut TenantTx, vehicle: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from mileage_readings where vehicle_id = $1) as "any!""#,
        vehicle
    )
    .fetch_one(&mut **tx)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::vehicles::db::scratch_vehicle;
    use crate::tenant::testing::scratch_tenant;

    fn at(day: &str) -> DateTime<Utc> {
        format!("2026-{day}T12:00:00Z").parse().unwrap()
    }

    #[tokio::test]
    async fn monthly_distance_and_current_mileage_follow_the_live_readings() {
        let mut tx = scratch_tenant("KZ").await;
        let car = scratch_vehicle(&mut tx, "100 AAA 01").await;
        let history = [
            (at("01-10"), 1_000, false, false),
            (at("01-31"), 1_500, false, false),
            (at("02-15"), 2_300, false, false),
            (at("03-01"), 2_400, false, false),
        ];
        import(&mut tx, car, &history).await.unwrap();
        assert_eq!(refresh_current_mileage(&mut tx, car).await.unwrap(), 2_400);
        let months = |s: &MileageStats| {
            s.months
                .iter()
                .map(|m| (m.month.clone(), m.km))
                .collect::<Vec<_>>()
        };
        let stats = stats(&mut tx, car, "UTC").await.unwrap();
        assert_eq!(
            months(&stats),
            vec![
                ("2026-01".into(), 500),
                ("2026-02".into(), 800),
                ("2026-03".into(), 100)
            ]
        );
        assert_eq!(
            (stats.current_km, stats.total_km, stats.readings),
            (2_400, 1_400, 4)
        );
        let rates = past_rates(&mut tx, car, at("03-01")).await.unwrap();
        assert_eq!(rates.len(), 2, "two intervals before March");
        assert!((rates[1] - 800.0 / 15.0).abs() < 1e-9);

        let (previous, next) = neighbours(&mut tx, car, at("02-01")).await.unwrap();
        assert_eq!(
            (previous.map(|n| n.value_km), next.map(|n| n.value_km)),
            (Some(1_500), Some(2_300))
        );
        let latest: Uuid = sqlx::query_scalar("select id from mileage_readings where vehicle_id = $1 order by recorded_at desc limit 1")
            .bind(car)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        let user: Uuid = Uuid::now_v7();
        assert!(
            void(&mut tx, latest, user, VoidReason::Typed("typo"))
                .await
                .unwrap()
        );
        assert!(
            !void(&mut tx, latest, user, VoidReason::Typed("again"))
                .await
                .unwrap()
        );
        assert_eq!(refresh_current_mileage(&mut tx, car).await.unwrap(), 2_300);
        let stats = super::stats(&mut tx, car, "UTC").await.unwrap();
        assert_eq!(
            months(&stats),
            vec![("2026-01".into(), 500), ("2026-02".into(), 800)]
        );
    }
}
