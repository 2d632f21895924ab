//! SQL for `expenses`. Every read converts with the `exchange_rate` SQL function (migration
//! 11), the one statement of which rate applies.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::consumption::Fill;
use super::fleet_consumption::{
    ABOVE_MODEL_PERCENT, ABOVE_MODEL_SHOWN, MODEL_NEEDS, MeasuredRow, MeasuredVehicle,
};
use super::history::PastExpense;
use super::model::{Expense, ExpenseCategory, ExpenseInput, ExpenseQuery, TotalsRow};
use crate::error::{AppError, OnConstraint};
use crate::fleet::vehicles::FuelType;
use crate::tenant::{TenantId, TenantTx};

/// What `insert` stores besides the validated input: the looked-up vehicle and driver, the
/// fuel type resolved against the vehicle, the reading the odometer made, and for a contract's
/// payment the contract and the day the payment fell due.
pub struct NewExpense<'a> {
    pub input: &'a ExpenseInput,
    pub vehicle: Uuid,
    pub fuel_type: Option<FuelType>,
    pub reading: Option<Uuid>,
    pub contract_payment: Option<(Uuid, NaiveDate)>,
    pub created_by: Uuid,
}

/// Stores a new expense; its id. A contract's payment recorded already is a conflict on
/// `due_on`.
pub async fn insert(tx: &mut TenantTx, e: NewExpense<'_>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    let fuel = e.input.fuel.as_ref();
    sqlx::query!(
        "insert into expenses (id, tenant_id, vehicle_id, driver_id, category, amount, currency, spent_on, description, vendor,
                               fuel_quantity, fuel_unit_price, fuel_type, full_tank, odometer_km, reading_id, created_by,
                               contract_id, contract_due_on)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        id,
        tx.tenant_id() as TenantId,
        e.vehicle,
        e.input.driver,
        e.input.category as ExpenseCategory,
        e.input.amount,
        e.input.currency,
        e.input.spent_on,
        e.input.description,
        e.input.vendor,
        fuel.map(|f| f.quantity),
        fuel.map(|f| f.unit_price),
        e.fuel_type as Option<FuelType>,
        fuel.map(|f| f.full_tank),
        fuel.and_then(|f| f.odometer_km),
        e.reading,
        e.created_by,
        e.contract_payment.map(|(contract, _)| contract),
        e.contract_payment.map(|(_, due_on)| due_on),
    )
    .execute(&mut **tx)
    .await
    .on_constraint("expenses_contract_due_key", || AppError::Conflict { field: "due_on".into() })?;
    Ok(id)
}

/// Deletes an expense; `false` when there is none.
pub async fn delete(tx: &mut TenantTx, id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query!("delete from expenses where id = $1", id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

/// One expense converted for a tenant reporting in `reporting`, or `None`. A statement of its
/// own rather than the list's with an id: PostgreSQL plans the list's optional filters anew
/// on every call (0.4 ms), while this one settles on a generic plan, and a fuel import reads
/// back each of its thousands of rows.
pub async fn get(
    tx: &mut TenantTx,
    id: Uuid,
    reporting: &str,
) -> Result<Option<Expense>, AppError> {
    Ok(sqlx::query_as!(
        Expense,
        r#"select e.id, e.vehicle_id, v.plate, e.driver_id, d.full_name as "driver_name?", e.category as "category: ExpenseCategory",
                  e.amount, e.currency, e.spent_on, e.description, e.vendor, e.fuel_quantity, e.fuel_unit_price,
                  e.fuel_type as "fuel_type: FuelType", e.full_tank, e.odometer_km, e.reading_id, e.created_at,
                  exchange_rate(e.currency, e.spent_on, $2) as rate, coalesce(e.fuel_quantity > v.tank_capacity, false) as "over_tank!"
           from expenses e join vehicles v on v.id = e.vehicle_id left join drivers d on d.id = e.driver_id
           where e.id = $1"#,
        id,
        reporting,
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The query's page, the latest day first.
pub async fn page(
    tx: &mut TenantTx,
    query: &ExpenseQuery,
    reporting: &str,
) -> Result<Vec<Expense>, AppError> {
    select(
        tx,
        query,
        reporting,
        i64::from(query.page.limit()),
        query.page.offset(),
    )
    .await
}

async fn select(
    tx: &mut TenantTx,
    q: &ExpenseQuery,
    reporting: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<Expense>, AppError> {
    Ok(sqlx::query_as!(
        Expense,
        r#"select e.id, e.vehicle_id, v.plate, e.driver_id, d.full_name as "driver_name?", e.category as "category: ExpenseCategory",
                  e.amount, e.currency, e.spent_on, e.description, e.vendor, e.fuel_quantity, e.fuel_unit_price,
                  e.fuel_type as "fuel_type: FuelType", e.full_tank, e.odometer_km, e.reading_id, e.created_at,
                  exchange_rate(e.currency, e.spent_on, $7) as rate, coalesce(e.fuel_quantity > v.tank_capacity, false) as "over_tank!"
           from expenses e join vehicles v on v.id = e.vehicle_id left join drivers d on d.id = e.driver_id
           where ($1::uuid is null or e.vehicle_id = $1) and ($2::uuid is null or e.driver_id = $2)
             and ($3::expense_category is null or e.category = $3) and ($4::text is null or e.currency = $4)
             and ($5::date is null or e.spent_on >= $5) and ($6::date is null or e.spent_on <= $6)
             and ($10::text is null or v.plate_key like '%' || upper(regexp_replace($10, '[[:space:]-]', '', 'g')) || '%'
                  or e.vendor ilike '%' || $10 || '%' or e.description ilike '%' || $10 || '%')
           order by e.spent_on desc, e.created_at desc, e.id
           limit $8 offset $9"#,
        q.vehicle,
        q.driver,
        q.category as Option<ExpenseCategory>,
        q.currency,
        q.from,
        q.to,
        reporting,
        limit,
        offset,
        q.q,
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Everything the query matches (its page aside), summed by category, currency and whether a
/// rate converts it; each amount is converted and rounded to cents (half away from zero,
/// `money::convert`'s rule) before it is summed.
pub async fn totals(
    tx: &mut TenantTx,
    q: &ExpenseQuery,
    reporting: &str,
) -> Result<Vec<TotalsRow>, AppError> {
    // The same filter as `select`'s. `offset 0` keeps the rate a subquery of its own, which
    // PostgreSQL memoizes by currency and day: a year of fills asks for a few hundred rates,
    // not one per expense (160 ms instead of 680 for 62,000 expenses).
    let rows = sqlx::query!(
        r#"select e.category as "category!: ExpenseCategory", e.currency as "currency!", x.rate is not null as "has_rate!",
                  count(*) as "count!", sum(e.amount) as "amount!", coalesce(sum(round(e.amount * x.rate, 2)), 0) as "converted!"
           from expenses e cross join lateral (select exchange_rate(e.currency, e.spent_on, $7) as rate offset 0) x
           where ($1::uuid is null or e.vehicle_id = $1) and ($2::uuid is null or e.driver_id = $2)
             and ($3::expense_category is null or e.category = $3) and ($4::text is null or e.currency = $4)
             and ($5::date is null or e.spent_on >= $5) and ($6::date is null or e.spent_on <= $6)
             and ($8::text is null
                  or exists (select 1 from vehicles v where v.id = e.vehicle_id
                                and v.plate_key like '%' || upper(regexp_replace($8, '[[:space:]-]', '', 'g')) || '%')
                  or e.vendor ilike '%' || $8 || '%' or e.description ilike '%' || $8 || '%')
           group by 1, 2, 3"#,
        q.vehicle,
        q.driver,
        q.category as Option<ExpenseCategory>,
        q.currency,
        q.from,
        q.to,
        reporting,
        q.q,
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TotalsRow {
            category: r.category,
            currency: r.currency,
            has_rate: r.has_rate,
            count: r.count,
            amount: r.amount,
            converted: r.converted,
        })
        .collect())
}

/// Whether `driver` is one of the tenant's drivers.
pub async fn driver_exists(tx: &mut TenantTx, driver: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from drivers where id = $1) as "found!""#,
        driver
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Whether the vehicle has a fuel fill of that quantity and amount on that day already: the
/// same fill imported twice.
pub async fn fill_recorded(
    tx: &mut TenantTx,
    vehicle: Uuid,
    day: NaiveDate,
    quantity: Decimal,
    amount: Decimal,
) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from expenses where vehicle_id = $1 and spent_on = $2 and category = 'fuel'
                                                 and fuel_quantity = $3 and amount = $4) as "found!""#,
        vehicle,
        day,
        quantity,
        amount,
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// A vehicle's fuel fills in the order they were made (by day, then as entered).
pub async fn fills(tx: &mut TenantTx, vehicle: Uuid) -> Result<Vec<Fill>, AppError> {
    Ok(sqlx::query_as!(
        Fill,
        r#"select id as expense_id, spent_on, fuel_quantity as "quantity!", full_tank as "full_tank!", odometer_km
           from expenses where vehicle_id = $1 and category = 'fuel'
           order by spent_on, created_at, id"#,
        vehicle,
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// The fleet's fuel over the stretches closed from `from` to `to` (each when given), summed by
/// vehicle and by model (see `fleet_consumption`): a row for each vehicle that is its model's
/// first or listed above its model, so as many rows as models and at most
/// `ABOVE_MODEL_SHOWN` more, however many fills the period holds.
pub async fn fleet_fuel(
    tx: &mut TenantTx,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<MeasuredRow>, AppError> {
    let rows = sqlx::query!(
        r#"with per_vehicle as (
               select vehicle_id, sum(distance_km)::bigint as distance_km, sum(quantity) as quantity
               from fuel_stretches
               where ($1::date is null or closed_on >= $1) and ($2::date is null or closed_on <= $2)
               group by vehicle_id
           ), against_model as (
               select v.id, v.plate, v.brand, v.model, v.fuel_type, p.distance_km, p.quantity,
                      count(*) over model as model_vehicles, sum(p.distance_km) over model as model_distance_km,
                      sum(p.quantity) over model as model_quantity,
                      row_number() over (model order by v.id) = 1 as first_of_model
               from per_vehicle p join vehicles v on v.id = p.vehicle_id
               window model as (partition by v.brand, v.model, v.fuel_type)
           ), judged as (
               select *, round((quantity / distance_km) / (model_quantity / model_distance_km) * 100 - 100)::bigint as above_percent
               from against_model
           ), ranked as (
               select *, case when model_vehicles >= $3 and above_percent >= $4
                              then row_number() over (order by model_vehicles >= $3 and above_percent >= $4 desc,
                                                               above_percent desc, plate) end as above_rank
               from judged
           )
           select id as "id!", plate as "plate!", brand as "brand!", model as "model!", fuel_type as "fuel_type!: FuelType",
                  distance_km as "distance_km!", quantity as "quantity!", model_vehicles as "model_vehicles!",
                  model_distance_km::bigint as "model_distance_km!", model_quantity as "model_quantity!",
                  above_percent as "above_percent!", first_of_model as "first_of_model!", above_rank
           from ranked where first_of_model or above_rank <= $5"#,
        from,
        to,
        MODEL_NEEDS,
        ABOVE_MODEL_PERCENT,
        ABOVE_MODEL_SHOWN,
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MeasuredRow {
            vehicle: MeasuredVehicle {
                id: r.id,
                plate: r.plate,
                brand: r.brand,
                model: r.model,
                fuel_type: r.fuel_type,
            },
            distance_km: r.distance_km,
            quantity: r.quantity,
            model_vehicles: r.model_vehicles,
            model_distance_km: r.model_distance_km,
            model_quantity: r.model_quantity,
            above_percent: r.above_percent,
            first_of_model: r.first_of_model,
            above_rank: r.above_rank,
        })
        .collect())
}

/// Whether the vehicle has any expense (the demo seed writes a history once).
pub async fn any_for(tx: &mut TenantTx, vehicle: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from expenses where vehicle_id = $1) as "any!""#,
        vehicle
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Stores an imported history (the demo seed) in one insert: every column an array, unnested
/// side by side.
pub async fn import(
    tx: &mut TenantTx,
    vehicle: Uuid,
    expenses: &[PastExpense],
) -> Result<(), AppError> {
    let ids: Vec<Uuid> = expenses.iter().map(|_| Uuid::now_v7()).collect();
    let categories: Vec<String> = expenses
        .iter()
        .map(|e| e.category.as_str().to_owned())
        .collect();
    let amounts: Vec<Decimal> = expenses.iter().map(|e| e.amount).collect();
    let currencies: Vec<String> = expenses.iter().map(|e| e.currency.clone()).collect();
    let days: Vec<NaiveDate> = expenses.iter().map(|e| e.spent_on).collect();
    let vendors: Vec<Option<String>> = expenses.iter().map(|e| e.vendor.clone()).collect();
    let fuel_types: Vec<Option<String>> = expenses
        .iter()
        .map(|e| e.fuel.as_ref().map(|f| f.fuel_type.as_str().to_owned()))
        .collect();
    let quantities: Vec<Option<Decimal>> = expenses
        .iter()
        .map(|e| e.fuel.as_ref().map(|f| f.quantity))
        .collect();
    let prices: Vec<Option<Decimal>> = expenses
        .iter()
        .map(|e| e.fuel.as_ref().map(|f| f.unit_price))
        .collect();
    let full: Vec<Option<bool>> = expenses
        .iter()
        .map(|e| e.fuel.as_ref().map(|f| f.full_tank))
        .collect();
    let odometers: Vec<Option<i64>> = expenses
        .iter()
        .map(|e| e.fuel.as_ref().and_then(|f| f.odometer_km))
        .collect();
    let readings: Vec<Option<Uuid>> = expenses
        .iter()
        .map(|e| e.fuel.as_ref().and_then(|f| f.reading_id))
        .collect();
    sqlx::query!(
        "insert into expenses (id, tenant_id, vehicle_id, category, amount, currency, spent_on, vendor,
                               fuel_quantity, fuel_unit_price, fuel_type, full_tank, odometer_km, reading_id)
         select id, $1, $2, category::expense_category, amount, currency, spent_on, vendor,
                quantity, price, fuel_type::vehicle_fuel_type, full_tank, odometer_km, reading_id
         from unnest($3::uuid[], $4::text[], $5::numeric[], $6::text[], $7::date[], $8::text[], $9::numeric[], $10::numeric[],
                     $11::text[], $12::bool[], $13::int8[], $14::uuid[])
              as e(id, category, amount, currency, spent_on, vendor, quantity, price, fuel_type, full_tank, odometer_km, reading_id)",
        tx.tenant_id() as TenantId,
        vehicle,
        &ids,
        &categories,
        &amounts,
        &currencies,
        &days,
        &vendors as &[Option<String>],
        &quantities as &[Option<Decimal>],
        &prices as &[Option<Decimal>],
        &fuel_types as &[Option<String>],
        &full as &[Option<bool>],
        &odometers as &[Option<i64>],
        &readings as &[Option<Uuid>],
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use rand::{Rng, SeedableRng, rngs::StdRng};

    use super::*;
    use crate::expenses::consumption::consumption;
    use crate::expenses::fleet_consumption::fleet_consumption;
    use crate::tenant::testing::{rows_read, scratch_tenant};

    async fn vehicle(tx: &mut TenantTx, plate: &str, model: &str) -> Uuid {
        sqlx::query_scalar(
            "insert into vehicles (id, tenant_id, plate, brand, model, year, body_type, fuel_type)
             values (gen_random_uuid(), current_tenant_id(), $1, 'Kia', $2, 2020, 'sedan', 'gasoline') returning id",
        )
        .bind(plate)
        .bind(model)
        .fetch_one(&mut **tx)
        .await
        .unwrap()
    }

    async fn fill(
        tx: &mut TenantTx,
        vehicle: Uuid,
        day: NaiveDate,
        litres: Decimal,
        full_tank: bool,
        odometer_km: Option<i64>,
    ) -> Uuid {
        sqlx::query_scalar(
            "insert into expenses (id, tenant_id, vehicle_id, category, amount, currency, spent_on,
                                   fuel_quantity, fuel_type, full_tank, odometer_km)
             values ($1, current_tenant_id(), $2, 'fuel', 100, 'KZT', $3, $4, 'gasoline', $5, $6) returning id",
        )
        .bind(Uuid::now_v7())
        .bind(vehicle)
        .bind(day)
        .bind(litres)
        .bind(full_tank)
        .bind(odometer_km)
        .fetch_one(&mut **tx)
        .await
        .unwrap()
    }

    /// Runs the measuring that would run at commit (the test's transaction never commits).
    async fn measure_now(tx: &mut TenantTx) {
        sqlx::raw_sql("set constraints all immediate; set constraints all deferred")
            .execute(&mut **tx)
            .await
            .unwrap();
    }

    async fn stored_stretches(tx: &mut TenantTx, vehicle: Uuid) -> Vec<(Uuid, i64, Decimal)> {
        sqlx::query_as(
            "select expense_id, distance_km, quantity from fuel_stretches where vehicle_id = $1 order by expense_id",
        )
        .bind(vehicle)
        .fetch_all(&mut **tx)
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn kept_stretches_are_the_measure_of_the_fills_after_random_writes_and_deletes() {
        let mut tx = scratch_tenant("KZ").await;
        let mut rng = StdRng::seed_from_u64(18);
        let mut vehicles = Vec::new();
        for plate in ["R1", "R2", "R3"] {
            vehicles.push((vehicle(&mut tx, plate, "Rio").await, Vec::<Uuid>::new()));
        }
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for round in 0..9 {
            // Every third round only deletes, so a deletion alone must mark its vehicle.
            let deleting = if round % 3 == 2 { 1.0 } else { 0.2 };
            for _ in 0..30 {
                let (id, written) = &mut vehicles[rng.gen_range(0..3)];
                if !written.is_empty() && rng.gen_bool(deleting) {
                    let gone = written.swap_remove(rng.gen_range(0..written.len()));
                    delete(&mut tx, gone).await.unwrap();
                } else {
                    let day = start + Duration::days(rng.gen_range(0..60));
                    let odometer = rng
                        .gen_bool(0.85)
                        .then(|| rng.gen_range(0..60) * 400 + rng.gen_range(0..300));
                    let litres = Decimal::new(rng.gen_range(5_000..60_000), 3);
                    written
                        .push(fill(&mut tx, *id, day, litres, rng.gen_bool(0.7), odometer).await);
                }
            }
            measure_now(&mut tx).await;
            for (id, _) in &vehicles {
                let mut expected: Vec<(Uuid, i64, Decimal)> =
                    consumption(&fills(&mut tx, *id).await.unwrap())
                        .stretches
                        .into_iter()
                        .map(|s| (s.expense_id, s.distance_km, s.quantity))
                        .collect();
                expected.sort();
                assert_eq!(
                    stored_stretches(&mut tx, *id).await,
                    expected,
                    "round {round}"
                );
            }
        }
        let stale: i64 = sqlx::query_scalar("select count(*) from fuel_stretches_stale")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        assert_eq!(stale, 0, "every marked vehicle was measured");
    }

    #[tokio::test]
    async fn a_model_weighs_its_vehicles_by_distance_and_lists_those_far_above_it() {
        let mut tx = scratch_tenant("KZ").await;
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        // Each vehicle burns `litres` on each of `stretches` stretches of 500 km.
        for (plate, model, litres, stretches) in [
            ("001", "Rio", 40, 4),
            ("002", "Rio", 40, 4),
            ("003", "Rio", 60, 2),
            ("004", "Rio", 40, 0),
            ("005", "Sportage", 50, 1),
            ("006", "Sportage", 90, 1),
        ] {
            let id = vehicle(&mut tx, plate, model).await;
            for i in 0..=stretches {
                fill(&mut tx, id, day, Decimal::from(litres), true, Some(i * 500)).await;
            }
        }
        measure_now(&mut tx).await;
        let before = rows_read(&mut tx, "expenses").await;
        let rows = fleet_fuel(&mut tx, None, Some(day)).await.unwrap();
        assert_eq!(
            rows_read(&mut tx, "expenses").await,
            before,
            "the figures read no fill"
        );
        let fleet = fleet_consumption(&rows);
        let rio = &fleet.models[0];
        // 40 × 4 + 40 × 4 + 60 × 2 = 440 L over 5 000 km; the unmeasured vehicle does not count.
        assert_eq!(
            (
                rio.model.as_str(),
                rio.vehicles,
                rio.distance_km,
                rio.quantity
            ),
            ("Rio", 3, 5_000, Decimal::from(440))
        );
        assert!((rio.per_100km - 8.8).abs() < 1e-9);
        assert_eq!(
            fleet.models[1].model, "Sportage",
            "less driven, listed after"
        );
        // 12 L/100 km is 36 % above the Rio's 8.8; the Sportage has too few vehicles to judge.
        let above: Vec<(&str, i64)> = fleet
            .above_model
            .iter()
            .map(|v| (v.vehicle.plate.as_str(), v.above_percent))
            .collect();
        assert_eq!(above, vec![("003", 36)]);
        let before_the_fills = fleet_fuel(&mut tx, None, day.pred_opt()).await.unwrap();
        assert!(
            before_the_fills.is_empty(),
            "a stretch belongs to the day it closed"
        );
    }
}
