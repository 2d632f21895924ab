//! SQL for `expenses`. Every read converts with the `exchange_rate` SQL function (migration
//! 11), the one statement of which rate applies.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::consumption::Fill;
use super::fleet_consumption::MeasuredVehicle;
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

/// Every fuel fill of the fleet spent from `from` to `to` (each when given), vehicle by
/// vehicle in the order they were made, with what the fleet figures need of its vehicle.
pub async fn fleet_fills(
    tx: &mut TenantTx,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<(MeasuredVehicle, Fill)>, AppError> {
    let rows = sqlx::query!(
        r#"select v.id as vehicle_id, v.plate, v.brand, v.model, v.fuel_type as "fuel_type: FuelType",
                  e.id, e.spent_on, e.fuel_quantity as "quantity!", e.full_tank as "full_tank!", e.odometer_km
           from expenses e join vehicles v on v.id = e.vehicle_id
           where e.category = 'fuel' and ($1::date is null or e.spent_on >= $1) and ($2::date is null or e.spent_on <= $2)
           order by e.vehicle_id, e.spent_on, e.created_at, e.id"#,
        from,
        to,
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let vehicle = MeasuredVehicle {
                id: r.vehicle_id,
                plate: r.plate,
                brand: r.brand,
                model: r.model,
                fuel_type: r.fuel_type,
            };
            (
                vehicle,
                Fill {
                    expense_id: r.id,
                    spent_on: r.spent_on,
                    quantity: r.quantity,
                    full_tank: r.full_tank,
                    odometer_km: r.odometer_km,
                },
            )
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
