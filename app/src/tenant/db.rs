//! SQL for the `tenants` table.

use uuid::Uuid;

use super::{AdminTx, NewTenant, TenantId, TenantTx};
use crate::error::AppError;

/// Creates a tenant, or returns the existing one with the same slug (the seed runs twice).
pub async fn upsert(tx: &mut AdminTx, tenant: &NewTenant) -> Result<TenantId, AppError> {
    let id = sqlx::query_scalar!(
        r#"insert into tenants (id, name, slug, country, time_zone, currency, default_locale)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (slug) do update set name = excluded.name
           returning id as "id: TenantId""#,
        Uuid::now_v7(),
        tenant.name,
        tenant.slug,
        tenant.country,
        tenant.time_zone,
        tenant.currency,
        tenant.default_locale,
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Whether a tenant already has `slug`.
pub async fn slug_taken(tx: &mut AdminTx, slug: &str) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select from tenants where slug = $1) as "taken!""#,
        slug
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// The current tenant's display name and defaults.
pub struct TenantSettings {
    pub name: String,
    /// ISO 3166-1 alpha-2: decides the licence plate format.
    pub country: String,
    pub time_zone: String,
    /// ISO 4217 reporting currency.
    pub currency: String,
    pub default_locale: String,
    /// Whether a driver may hold several vehicles at the same time.
    pub drivers_share_vehicles: bool,
    /// Above this many kilometres per day since the previous reading, a reading is abnormal.
    pub mileage_daily_limit_km: i32,
}

/// Changes the tenant's fleet rules.
pub async fn update_fleet_rules(
    tx: &mut TenantTx,
    drivers_share_vehicles: bool,
    mileage_daily_limit_km: i32,
) -> Result<(), AppError> {
    let id = tx.tenant_id();
    sqlx::query!(
        "update tenants set drivers_share_vehicles = $2, mileage_daily_limit_km = $3 where id = $1",
        id as TenantId,
        drivers_share_vehicles,
        mileage_daily_limit_km
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Reads the settings of the tenant the transaction is scoped to.
pub async fn settings(tx: &mut TenantTx) -> Result<TenantSettings, AppError> {
    let id = tx.tenant_id();
    Ok(sqlx::query_as!(
        TenantSettings,
        "select name, country, time_zone, currency, default_locale, drivers_share_vehicles, mileage_daily_limit_km from tenants where id = $1",
        id as TenantId
    )
    .fetch_one(&mut **tx)
    .await?)
}
