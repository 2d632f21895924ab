//! SQL for `vehicle_assignments`. The overlap rules live in the table's exclusion constraints;
//! here they only become field errors.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::model::{Assignment, AssignmentId};
use crate::error::{AppError, FieldError, OnConstraint};
use crate::fleet::RecordsOf;
use crate::fleet::drivers::DriverId;
use crate::listing::{PageRequest, Paged};
use crate::tenant::{TenantId, TenantTx};

/// A new assignment's row.
pub struct NewAssignment<'a> {
    pub vehicle_id: Uuid,
    pub driver_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    /// The tenant's rule: the driver may hold no other vehicle during the period.
    pub driver_exclusive: bool,
    pub notes: Option<&'a str>,
    pub created_by: Option<Uuid>,
}

/// Inserts an assignment; an overlap the constraints refuse is a field error on the vehicle or
/// the driver.
pub async fn insert(tx: &mut TenantTx, a: &NewAssignment<'_>) -> Result<AssignmentId, AppError> {
    let tenant = tx.tenant_id();
    let id = AssignmentId(Uuid::now_v7());
    sqlx::query!(
        "insert into vehicle_assignments (id, tenant_id, vehicle_id, driver_id, period, driver_exclusive, notes, created_by)
         values ($1, $2, $3, $4, tstzrange($5, $6), $7, $8, $9)",
        id as AssignmentId,
        tenant as TenantId,
        a.vehicle_id,
        a.driver_id,
        a.starts_at,
        a.ends_at,
        a.driver_exclusive,
        a.notes,
        a.created_by,
    )
    .execute(&mut **tx)
    .await
    .on_constraints(&[
        ("vehicle_assignments_vehicle_excl", AppError::field("vehicle", FieldError::VehicleBusy)),
        ("vehicle_assignments_driver_excl", AppError::field("driver", FieldError::DriverBusy)),
    ])?;
    Ok(id)
}

/// Ends an assignment at `at`, if it is still running then and started before; `false` if not
/// (already ended, or ended by someone else meanwhile).
pub async fn end(tx: &mut TenantTx, id: AssignmentId, at: DateTime<Utc>) -> Result<bool, AppError> {
    let done = sqlx::query!(
        "update vehicle_assignments set period = tstzrange(lower(period), $2)
         where id = $1 and lower(period) < $2 and (upper_inf(period) or upper(period) > $2)",
        id as AssignmentId,
        at,
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One assignment, or `None`; local times on `time_zone`'s wall clock.
pub async fn get(
    tx: &mut TenantTx,
    id: AssignmentId,
    time_zone: &str,
) -> Result<Option<Assignment>, AppError> {
    Ok(sqlx::query_as!(
        Assignment,
        r#"select a.id as "id: AssignmentId", a.vehicle_id, v.plate, a.driver_id, d.full_name as driver_name, d.employee_number,
                  lower(a.period) as "starts_at!", upper(a.period) as ends_at,
                  lower(a.period) at time zone $2 as "starts_local!", upper(a.period) at time zone $2 as ends_local,
                  a.period @> statement_timestamp() as "current!", a.notes
           from vehicle_assignments a join vehicles v on v.id = a.vehicle_id join drivers d on d.id = a.driver_id
           where a.id = $1"#,
        id as AssignmentId,
        time_zone,
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// A vehicle's or a driver's assignments, latest start first; local times on `time_zone`'s wall clock.
pub async fn list(
    tx: &mut TenantTx,
    scope: RecordsOf,
    page: PageRequest,
    time_zone: &str,
) -> Result<Paged<Assignment>, AppError> {
    let (vehicle, driver) = scope.ids();
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from vehicle_assignments where vehicle_id = coalesce($1, vehicle_id) and driver_id = coalesce($2, driver_id)"#,
        vehicle,
        driver
    )
    .fetch_one(&mut **tx)
    .await?;
    let items = sqlx::query_as!(
        Assignment,
        r#"select a.id as "id: AssignmentId", a.vehicle_id, v.plate, a.driver_id, d.full_name as driver_name, d.employee_number,
                  lower(a.period) as "starts_at!", upper(a.period) as ends_at,
                  lower(a.period) at time zone $5 as "starts_local!", upper(a.period) at time zone $5 as ends_local,
                  a.period @> statement_timestamp() as "current!", a.notes
           from vehicle_assignments a join vehicles v on v.id = a.vehicle_id join drivers d on d.id = a.driver_id
           where a.vehicle_id = coalesce($1, a.vehicle_id) and a.driver_id = coalesce($2, a.driver_id)
           order by lower(a.period) desc, a.id desc
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

/// The driver of the earliest-started assignment running now, if any (the demo seed gives
/// them the demo driver's sign-in).
pub async fn a_current_driver(tx: &mut TenantTx) -> Result<Option<DriverId>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select driver_id as "driver_id: DriverId" from vehicle_assignments
           where period @> statement_timestamp() order by lower(period), id limit 1"#
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Whether the tenant has any assignment (the demo seed makes them once).
pub async fn any(tx: &mut TenantTx) -> Result<bool, AppError> {
    Ok(
        sqlx::query_scalar!(r#"select exists (select 1 from vehicle_assignments) as "any!""#)
            .fetch_one(&mut **tx)
            .await?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::drivers::db as drivers;
    use crate::fleet::drivers::model::DriverForm;
    use crate::fleet::vehicles::db as vehicles;
    use crate::tenant::testing::scratch_tenant;

    async fn vehicle(tx: &mut TenantTx, plate: &str) -> Uuid {
        vehicles::scratch_vehicle(tx, plate).await
    }

    async fn driver(tx: &mut TenantTx, number: &str) -> Uuid {
        let form = DriverForm {
            full_name: format!("Driver {number}"),
            employee_number: number.into(),
            ..Default::default()
        };
        drivers::insert(
            tx,
            &form
                .validate(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
                .unwrap(),
        )
        .await
        .unwrap()
        .0
    }

    fn at(s: &str) -> DateTime<Utc> {
        format!("2026-{s}:00Z").parse().unwrap()
    }

    fn new(
        vehicle_id: Uuid,
        driver_id: Uuid,
        from: &str,
        to: Option<&str>,
        driver_exclusive: bool,
    ) -> NewAssignment<'static> {
        NewAssignment {
            vehicle_id,
            driver_id,
            starts_at: at(from),
            ends_at: to.map(at),
            driver_exclusive,
            notes: None,
            created_by: None,
        }
    }

    /// Runs `insert` inside a savepoint, since a refused statement spoils the transaction.
    async fn try_insert(tx: &mut TenantTx, a: NewAssignment<'_>) -> Result<AssignmentId, AppError> {
        sqlx::query("savepoint attempt")
            .execute(&mut **tx)
            .await
            .unwrap();
        let result = insert(tx, &a).await;
        let undo = if result.is_ok() {
            "release savepoint attempt"
        } else {
            "rollback to savepoint attempt"
        };
        sqlx::query(undo).execute(&mut **tx).await.unwrap();
        result
    }

    #[tokio::test]
    async fn a_vehicle_has_one_driver_at_a_time() {
        let mut tx = scratch_tenant("KZ").await;
        let (car, ann, bob) = (
            vehicle(&mut tx, "100 AAA 01").await,
            driver(&mut tx, "A").await,
            driver(&mut tx, "B").await,
        );
        try_insert(
            &mut tx,
            new(car, ann, "01-01T08:00", Some("01-10T08:00"), true),
        )
        .await
        .unwrap();
        let busy = Err(AppError::field("vehicle", FieldError::VehicleBusy));
        assert_eq!(
            try_insert(
                &mut tx,
                new(car, bob, "01-05T08:00", Some("01-06T08:00"), true)
            )
            .await,
            busy
        );
        assert_eq!(
            try_insert(&mut tx, new(car, bob, "01-09T08:00", None, true)).await,
            busy
        );
        // Periods are half-open: the next one may start the moment the last one ends.
        try_insert(&mut tx, new(car, bob, "01-10T08:00", None, true))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn the_tenant_rule_decides_whether_a_driver_holds_several_vehicles() {
        let mut tx = scratch_tenant("KZ").await;
        let (car, van, bus) = (
            vehicle(&mut tx, "100 AAA 01").await,
            vehicle(&mut tx, "101 AAA 01").await,
            vehicle(&mut tx, "102 AAA 01").await,
        );
        let ann = driver(&mut tx, "A").await;
        // Shared assignments do not exclude each other...
        try_insert(&mut tx, new(car, ann, "02-01T08:00", None, false))
            .await
            .unwrap();
        try_insert(&mut tx, new(van, ann, "02-01T08:00", None, false))
            .await
            .unwrap();
        // ...but an exclusive one excludes every other, shared or not.
        let busy = Err(AppError::field("driver", FieldError::DriverBusy));
        assert_eq!(
            try_insert(&mut tx, new(bus, ann, "03-01T08:00", None, true)).await,
            busy
        );
        let bob = driver(&mut tx, "B").await;
        try_insert(&mut tx, new(bus, bob, "03-01T08:00", None, true))
            .await
            .unwrap();
        let truck = vehicle(&mut tx, "103 AAA 01").await;
        assert_eq!(
            try_insert(
                &mut tx,
                new(truck, bob, "01-01T08:00", Some("03-02T00:00"), false)
            )
            .await,
            busy
        );
        try_insert(
            &mut tx,
            new(truck, bob, "01-01T08:00", Some("03-01T08:00"), false),
        )
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn ending_keeps_the_history_and_frees_the_vehicle() {
        let mut tx = scratch_tenant("KZ").await;
        let (car, ann, bob) = (
            vehicle(&mut tx, "100 AAA 01").await,
            driver(&mut tx, "A").await,
            driver(&mut tx, "B").await,
        );
        let first = try_insert(&mut tx, new(car, ann, "01-01T08:00", None, true))
            .await
            .unwrap();
        assert!(
            !end(&mut tx, first, at("01-01T07:00")).await.unwrap(),
            "cannot end before it starts"
        );
        assert!(end(&mut tx, first, at("01-15T08:00")).await.unwrap());
        assert!(
            !end(&mut tx, first, at("01-20T08:00")).await.unwrap(),
            "already ended"
        );
        try_insert(&mut tx, new(car, bob, "01-15T08:00", None, true))
            .await
            .unwrap();
        let history = list(
            &mut tx,
            RecordsOf::Vehicle(car),
            PageRequest::default(),
            "UTC",
        )
        .await
        .unwrap();
        let who: Vec<&str> = history
            .items
            .iter()
            .map(|a| a.employee_number.as_str())
            .collect();
        assert_eq!(who, vec!["B", "A"]);
        assert_eq!(history.items[1].ends_at, Some(at("01-15T08:00")));
        assert_eq!(
            list(
                &mut tx,
                RecordsOf::Driver(ann),
                PageRequest::default(),
                "UTC"
            )
            .await
            .unwrap()
            .total,
            1
        );
    }
}
