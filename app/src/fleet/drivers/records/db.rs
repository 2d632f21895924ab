//! SQL for `driver_certifications` and `driver_fines`.

use chrono::NaiveDate;
use uuid::Uuid;

use super::model::{Certification, CertificationInput, Fine, FineInput};
use crate::error::AppError;
use crate::tenant::{TenantId, TenantTx};

/// Adds a certificate to a driver.
pub async fn insert_certification(
    tx: &mut TenantTx,
    driver_id: Uuid,
    c: &CertificationInput,
) -> Result<Uuid, AppError> {
    let (tenant, id) = (tx.tenant_id(), Uuid::now_v7());
    sqlx::query!(
        "insert into driver_certifications (id, tenant_id, driver_id, kind, issued_on, expires_on, issuer)
         values ($1, $2, $3, $4, $5, $6, $7)",
        id,
        tenant as TenantId,
        driver_id,
        c.kind,
        c.issued_on,
        c.expires_on,
        c.issuer,
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Removes a certificate entered by mistake; `None` if the driver has no such certificate.
pub async fn delete_certification(
    tx: &mut TenantTx,
    driver_id: Uuid,
    id: Uuid,
    today: NaiveDate,
) -> Result<Option<Certification>, AppError> {
    Ok(sqlx::query_as!(
        Certification,
        "delete from driver_certifications where id = $1 and driver_id = $2
         returning id, driver_id, kind, issued_on, expires_on, issuer, expires_on - $3 as days_left",
        id,
        driver_id,
        today,
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// A driver's certificates, the first to expire first (undated last).
pub async fn certifications(
    tx: &mut TenantTx,
    driver_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<Certification>, AppError> {
    Ok(sqlx::query_as!(
        Certification,
        "select id, driver_id, kind, issued_on, expires_on, issuer, expires_on - $2 as days_left
         from driver_certifications where driver_id = $1
         order by expires_on nulls last, kind",
        driver_id,
        today,
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Records a fine.
pub async fn insert_fine(
    tx: &mut TenantTx,
    driver_id: Uuid,
    vehicle_id: Option<Uuid>,
    f: &FineInput,
) -> Result<Uuid, AppError> {
    let (tenant, id) = (tx.tenant_id(), Uuid::now_v7());
    sqlx::query!(
        "insert into driver_fines (id, tenant_id, driver_id, vehicle_id, occurred_on, kind, amount, currency, paid, reference)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        id,
        tenant as TenantId,
        driver_id,
        vehicle_id,
        f.occurred_on,
        f.kind,
        f.amount,
        f.currency,
        f.paid,
        f.reference,
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Marks a fine paid or unpaid; `false` if the driver has no such fine.
pub async fn set_fine_paid(
    tx: &mut TenantTx,
    driver_id: Uuid,
    id: Uuid,
    paid: bool,
) -> Result<bool, AppError> {
    let done = sqlx::query!(
        "update driver_fines set paid = $3 where id = $1 and driver_id = $2",
        id,
        driver_id,
        paid
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One fine, or `None`.
pub async fn fine(tx: &mut TenantTx, id: Uuid) -> Result<Option<Fine>, AppError> {
    Ok(sqlx::query_as!(
        Fine,
        "select f.id, f.driver_id, f.vehicle_id, v.plate as \"plate?\", f.occurred_on, f.kind, f.amount, f.currency, f.paid, f.reference
         from driver_fines f left join vehicles v on v.id = f.vehicle_id
         where f.id = $1",
        id
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// A driver's fines, latest first.
pub async fn fines(tx: &mut TenantTx, driver_id: Uuid) -> Result<Vec<Fine>, AppError> {
    Ok(sqlx::query_as!(
        Fine,
        "select f.id, f.driver_id, f.vehicle_id, v.plate as \"plate?\", f.occurred_on, f.kind, f.amount, f.currency, f.paid, f.reference
         from driver_fines f left join vehicles v on v.id = f.vehicle_id
         where f.driver_id = $1
         order by f.occurred_on desc, f.id desc",
        driver_id
    )
    .fetch_all(&mut **tx)
    .await?)
}
