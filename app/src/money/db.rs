//! SQL for `exchange_rates`.

use uuid::Uuid;

use super::model::{ExchangeRate, RateInput, RateQuery};
use crate::error::AppError;
use crate::listing::Paged;
use crate::tenant::{TenantId, TenantTx};

/// The rate of `currency` on `on`, exactly that day's, or `None`.
pub async fn on_day(
    tx: &mut TenantTx,
    currency: &str,
    on: chrono::NaiveDate,
) -> Result<Option<ExchangeRate>, AppError> {
    Ok(sqlx::query_as!(ExchangeRate, "select id, currency, rate_on, rate from exchange_rates where currency = $1 and rate_on = $2", currency, on)
        .fetch_optional(&mut **tx)
        .await?)
}

/// Sets the day's rate of a currency, replacing one entered before; the rate's id.
pub async fn set(tx: &mut TenantTx, rate: &RateInput, by: Uuid) -> Result<Uuid, AppError> {
    Ok(sqlx::query_scalar!(
        "insert into exchange_rates (id, tenant_id, currency, rate_on, rate, created_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, currency, rate_on) do update set rate = excluded.rate
         returning id",
        Uuid::now_v7(),
        tx.tenant_id() as TenantId,
        rate.currency,
        rate.rate_on,
        rate.rate,
        by,
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Sets many rates in one statement, replacing the days that have one; how many were set.
pub async fn set_many(tx: &mut TenantTx, rates: &[RateInput], by: Uuid) -> Result<u64, AppError> {
    let ids: Vec<Uuid> = rates.iter().map(|_| Uuid::now_v7()).collect();
    let currencies: Vec<String> = rates.iter().map(|r| r.currency.clone()).collect();
    let days: Vec<chrono::NaiveDate> = rates.iter().map(|r| r.rate_on).collect();
    let values: Vec<rust_decimal::Decimal> = rates.iter().map(|r| r.rate).collect();
    let done = sqlx::query!(
        "insert into exchange_rates (id, tenant_id, currency, rate_on, rate, created_by)
         select id, $1, currency, rate_on, rate, $2 from unnest($3::uuid[], $4::text[], $5::date[], $6::numeric[]) as r(id, currency, rate_on, rate)
         on conflict (tenant_id, currency, rate_on) do update set rate = excluded.rate",
        tx.tenant_id() as TenantId,
        by,
        &ids,
        &currencies,
        &days,
        &values,
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Removes a rate; whether there was one.
pub async fn delete(tx: &mut TenantTx, id: Uuid) -> Result<Option<ExchangeRate>, AppError> {
    Ok(sqlx::query_as!(
        ExchangeRate,
        "delete from exchange_rates where id = $1 returning id, currency, rate_on, rate",
        id
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// A page of rates, the latest day first, then by currency.
pub async fn list(tx: &mut TenantTx, query: &RateQuery) -> Result<Paged<ExchangeRate>, AppError> {
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from exchange_rates
           where ($1::text is null or currency = $1) and ($2::date is null or rate_on >= $2) and ($3::date is null or rate_on <= $3)"#,
        query.currency,
        query.from,
        query.to,
    )
    .fetch_one(&mut **tx)
    .await?;
    let items = sqlx::query_as!(
        ExchangeRate,
        r#"select id, currency, rate_on, rate from exchange_rates
           where ($1::text is null or currency = $1) and ($2::date is null or rate_on >= $2) and ($3::date is null or rate_on <= $3)
           order by rate_on desc, currency limit $4 offset $5"#,
        query.currency,
        query.from,
        query.to,
        i64::from(query.page.limit()),
        query.page.offset(),
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(Paged {
        items,
        total,
        page: query.page.page,
        per_page: query.page.limit(),
    })
}

/// Stores many days' rates of one currency in one insert; days that have one keep it. How many
/// were new.
pub async fn import(
    tx: &mut TenantTx,
    currency: &str,
    rates: &[(chrono::NaiveDate, rust_decimal::Decimal)],
) -> Result<u64, AppError> {
    let days: Vec<chrono::NaiveDate> = rates.iter().map(|(d, _)| *d).collect();
    let values: Vec<rust_decimal::Decimal> = rates.iter().map(|(_, r)| *r).collect();
    let ids: Vec<Uuid> = rates.iter().map(|_| Uuid::now_v7()).collect();
    let done = sqlx::query!(
        "insert into exchange_rates (id, tenant_id, currency, rate_on, rate)
         select id, $1, $2, rate_on, rate from unnest($3::uuid[], $4::date[], $5::numeric[]) as r(id, rate_on, rate)
         on conflict (tenant_id, currency, rate_on) do nothing",
        tx.tenant_id() as TenantId,
        currency,
        &ids,
        &days,
        &values,
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}
