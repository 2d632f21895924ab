//! SQL for `contracts`. Every read takes the tenant's day (`today`) and reads the status off
//! it with the `contract_status` SQL function (migration 12), the one statement of the rule.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::model::{
    Contract, ContractInput, ContractQuery, ContractStatus, ContractType, PaymentFrequency,
};
use crate::error::{AppError, FieldError, OnConstraint};
use crate::tenant::{TenantId, TenantTx};

/// What `insert` stores besides the validated input.
pub struct NewContract<'a> {
    pub input: &'a ContractInput,
    pub vehicle: Uuid,
    pub renewal_of: Option<Uuid>,
    pub created_by: Uuid,
}

/// Stores a new contract; its id.
pub async fn insert(tx: &mut TenantTx, c: NewContract<'_>) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    let i = c.input;
    sqlx::query!(
        "insert into contracts (id, tenant_id, vehicle_id, contract_type, contractor, number, starts_on, ends_on, amount, currency,
                                payment_frequency, auto_renew, coverage, notes, renewal_of, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        id,
        tx.tenant_id() as TenantId,
        c.vehicle,
        i.contract_type as ContractType,
        i.contractor,
        i.number,
        i.starts_on,
        i.ends_on,
        i.amount,
        i.currency,
        i.payment_frequency as PaymentFrequency,
        i.auto_renew,
        i.coverage,
        i.notes,
        c.renewal_of,
        c.created_by,
    )
    .execute(&mut **tx)
    .await
    // A renewal racing another renewal of the same contract.
    .on_constraint("contracts_renewal_of_key", || AppError::field("contract", FieldError::ContractClosed))?;
    Ok(id)
}

/// One contract on `today`, or `None`.
pub async fn get(
    tx: &mut TenantTx,
    id: Uuid,
    today: NaiveDate,
) -> Result<Option<Contract>, AppError> {
    Ok(
        select(tx, Some(id), &ContractQuery::default(), None, today, 1, 0)
            .await?
            .into_iter()
            .next(),
    )
}

/// Every contract (of one vehicle, or of the fleet) whose term meets `from`..=`to`, cancelled
/// ones included: what may have payments falling due then.
pub async fn running_between(
    tx: &mut TenantTx,
    vehicle: Option<Uuid>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<Contract>, AppError> {
    let query = ContractQuery {
        vehicle,
        ..Default::default()
    };
    select(tx, None, &query, Some((from, to)), today, i64::MAX, 0).await
}

/// The query's page: contracts still running first, the soonest to end first; then the ended
/// and cancelled ones, the latest first.
pub async fn page(
    tx: &mut TenantTx,
    query: &ContractQuery,
    today: NaiveDate,
) -> Result<Vec<Contract>, AppError> {
    select(
        tx,
        None,
        query,
        None,
        today,
        i64::from(query.page.limit()),
        query.page.offset(),
    )
    .await
}

async fn select(
    tx: &mut TenantTx,
    id: Option<Uuid>,
    q: &ContractQuery,
    meets: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
    limit: i64,
    offset: i64,
) -> Result<Vec<Contract>, AppError> {
    Ok(sqlx::query_as!(
        Contract,
        r#"select c.id, c.vehicle_id, v.plate, c.contract_type as "contract_type: ContractType", c.contractor, c.number,
                  c.starts_on, c.ends_on, c.amount, c.currency, c.payment_frequency as "payment_frequency: PaymentFrequency",
                  c.auto_renew, c.coverage, c.notes, c.renewal_of, c.renewed_by, c.cancelled_at, c.created_at,
                  contract_status(c.ends_on, c.cancelled_at, c.renewed_by, $1) as "status!: ContractStatus",
                  (c.ends_on - $1)::int4 as "days_left!"
           from contracts c join vehicles v on v.id = c.vehicle_id
           where ($2::uuid is null or c.id = $2) and ($3::uuid is null or c.vehicle_id = $3)
             and ($4::contract_status is null or contract_status(c.ends_on, c.cancelled_at, c.renewed_by, $1) = $4)
             and ($5::contract_type is null or c.contract_type = $5)
             and ($6::int4 is null or (c.cancelled_at is null and c.renewed_by is null and c.ends_on between $1 and $1 + $6))
             and ($9::date is null or (c.ends_on >= $9 and c.starts_on <= $10))
           order by (c.cancelled_at is not null or c.ends_on < $1),
                    case when c.cancelled_at is null and c.ends_on >= $1 then c.ends_on end,
                    c.ends_on desc, c.id
           limit $7 offset $8"#,
        today,
        id,
        q.vehicle,
        q.status as Option<ContractStatus>,
        q.contract_type as Option<ContractType>,
        q.expiring_within,
        limit,
        offset,
        meets.map(|(from, _)| from),
        meets.map(|(_, to)| to),
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// How many contracts the query matches in each status, its own status filter aside (the page
/// shows every status with its count).
pub async fn count_by_status(
    tx: &mut TenantTx,
    q: &ContractQuery,
    today: NaiveDate,
) -> Result<Vec<(ContractStatus, i64)>, AppError> {
    // The same filter as `select`'s, but for the status.
    let rows = sqlx::query!(
        r#"select contract_status(c.ends_on, c.cancelled_at, c.renewed_by, $1) as "status!: ContractStatus", count(*) as "count!"
           from contracts c
           where ($2::uuid is null or c.vehicle_id = $2) and ($3::contract_type is null or c.contract_type = $3)
             and ($4::int4 is null or (c.cancelled_at is null and c.renewed_by is null and c.ends_on between $1 and $1 + $4))
           group by 1"#,
        today,
        q.vehicle,
        q.contract_type as Option<ContractType>,
        q.expiring_within,
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|r| (r.status, r.count)).collect())
}

/// Links a renewal to the contract it renews and, when the renewal starts before the old one
/// ends, cuts the old one short to the day before. False when the old one was renewed (or
/// cancelled) meanwhile.
pub async fn mark_renewed(
    tx: &mut TenantTx,
    old: Uuid,
    new: Uuid,
    new_starts_on: NaiveDate,
) -> Result<bool, AppError> {
    let done = sqlx::query!(
        "update contracts set renewed_by = $2, ends_on = least(ends_on, $3::date - 1)
         where id = $1 and renewed_by is null and cancelled_at is null",
        old,
        new,
        new_starts_on,
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels an open contract; false when it was already cancelled or renewed.
pub async fn cancel(tx: &mut TenantTx, id: Uuid, by: Uuid) -> Result<bool, AppError> {
    let done = sqlx::query!(
        "update contracts set cancelled_at = now(), cancelled_by = $2 where id = $1 and cancelled_at is null and renewed_by is null",
        id,
        by,
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The contract payments falling due between `from` and `to` that expenses recorded: the
/// contract, the day and the expense.
pub async fn recorded_payments(
    tx: &mut TenantTx,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Uuid, NaiveDate, Uuid)>, AppError> {
    let rows = sqlx::query!(
        r#"select contract_id as "contract_id!", contract_due_on as "due_on!", id from expenses
           where contract_id is not null and contract_due_on between $1 and $2"#,
        from,
        to
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.contract_id, r.due_on, r.id))
        .collect())
}

/// One contract the demo seed provisions.
pub struct PastContract {
    pub contract_type: ContractType,
    pub contractor: String,
    pub number: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub amount: Decimal,
    pub currency: String,
    pub payment_frequency: PaymentFrequency,
    pub coverage: Option<String>,
}

/// Stores a vehicle's provisioned contracts in one insert.
pub async fn import(
    tx: &mut TenantTx,
    vehicle: Uuid,
    contracts: &[PastContract],
) -> Result<(), AppError> {
    let ids: Vec<Uuid> = contracts.iter().map(|_| Uuid::now_v7()).collect();
    let types: Vec<String> = contracts
        .iter()
        .map(|c| c.contract_type.as_str().to_owned())
        .collect();
    let contractors: Vec<String> = contracts.iter().map(|c| c.contractor.clone()).collect();
    let numbers: Vec<String> = contracts.iter().map(|c| c.number.clone()).collect();
    let starts: Vec<NaiveDate> = contracts.iter().map(|c| c.starts_on).collect();
    let ends: Vec<NaiveDate> = contracts.iter().map(|c| c.ends_on).collect();
    let amounts: Vec<Decimal> = contracts.iter().map(|c| c.amount).collect();
    let currencies: Vec<String> = contracts.iter().map(|c| c.currency.clone()).collect();
    let frequencies: Vec<String> = contracts
        .iter()
        .map(|c| c.payment_frequency.as_str().to_owned())
        .collect();
    let coverages: Vec<Option<String>> = contracts.iter().map(|c| c.coverage.clone()).collect();
    sqlx::query!(
        "insert into contracts (id, tenant_id, vehicle_id, contract_type, contractor, number, starts_on, ends_on, amount, currency, payment_frequency, coverage)
         select id, $1, $2, contract_type::contract_type, contractor, number, starts_on, ends_on, amount, currency, payment_frequency::payment_frequency, coverage
         from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[], $9::numeric[], $10::text[], $11::text[], $12::text[])
              as t(id, contract_type, contractor, number, starts_on, ends_on, amount, currency, payment_frequency, coverage)",
        tx.tenant_id() as TenantId,
        vehicle,
        &ids,
        &types,
        &contractors,
        &numbers,
        &starts,
        &ends,
        &amounts,
        &currencies,
        &frequencies,
        &coverages as &[Option<String>],
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether the vehicle has any contract (the demo seed provisions once).
pub async fn any_for(tx: &mut TenantTx, vehicle: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from contracts where vehicle_id = $1) as "any!""#,
        vehicle
    )
    .fetch_one(&mut **tx)
    .await?)
}
