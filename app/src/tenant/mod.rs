//! Tenants and tenant isolation.
//!
//! Owns the `tenants` table. Every query on tenant data runs inside a [`TenantTx`], which sets
//! `app.tenant_id` for PostgreSQL's row-level security; platform-wide work (provisioning a
//! tenant, the demo seed) uses [`AdminTx`] on the owner connection instead.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod tx;
#[cfg(feature = "ssr")]
pub use tx::{AdminTx, TenantTx};
#[cfg(test)]
#[cfg(feature = "ssr")]
pub mod testing;

/// A tenant's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct TenantId(pub Uuid);

impl std::fmt::Display for TenantId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What provisioning needs to know about a new tenant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewTenant {
    pub name: String,
    pub slug: String,
    /// ISO 3166-1 alpha-2 country code (`KZ`, `MA`).
    pub country: String,
    pub time_zone: String,
    /// ISO 4217 reporting currency (`KZT`, `MAD`).
    pub currency: String,
    /// The language new users of this tenant start with.
    pub default_locale: String,
}

#[cfg(feature = "ssr")]
impl NewTenant {
    /// Every field a known value: a two-letter country, a time zone of the IANA table, one of our
    /// currencies and languages, a slug of lower-case letters, digits and dashes.
    pub fn validate(&self) -> Result<(), crate::error::AppError> {
        use crate::error::{FieldError, Validator};
        use std::str::FromStr;
        let slug_ok = (2..=40).contains(&self.slug.len())
            && self
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        Validator::default()
            .check(self.name.trim().is_empty(), "name", FieldError::Required)
            .check(self.name.chars().count() > 200, "name", FieldError::TooLong)
            .check(!slug_ok, "slug", FieldError::UnknownChoice)
            .check(
                self.country.len() != 2 || !self.country.chars().all(|c| c.is_ascii_uppercase()),
                "country",
                FieldError::UnknownChoice,
            )
            .check(
                chrono_tz::Tz::from_str(&self.time_zone).is_err(),
                "time_zone",
                FieldError::UnknownChoice,
            )
            .check(
                !crate::input::CURRENCIES.contains(&self.currency.as_str()),
                "currency",
                FieldError::UnknownChoice,
            )
            .check(
                !crate::profile::is_locale(&self.default_locale),
                "language",
                FieldError::UnknownChoice,
            )
            .finish()
    }
}

/// Creates a tenant (or finds it by slug) with its default roles. Platform work: the owner pool
/// writes the tenant row, then the tenant's own transaction writes its roles.
#[cfg(feature = "ssr")]
pub async fn provision(
    owner_pool: &sqlx::PgPool,
    app_pool: &sqlx::PgPool,
    tenant: &NewTenant,
) -> Result<TenantId, crate::error::AppError> {
    let mut admin = AdminTx::begin(owner_pool).await?;
    let id = db::upsert(&mut admin, tenant).await?;
    admin.commit().await?;
    let mut tx = TenantTx::begin(app_pool, id).await?;
    crate::admin::roles::db::ensure_defaults(&mut tx).await?;
    tx.commit().await?;
    Ok(id)
}

/// What pages need to know about the signed-in user's tenant: the plate format and the
/// currency new amounts default to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantProfile {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// ISO 4217 reporting currency.
    pub currency: String,
    pub time_zone: String,
}

/// The signed-in user's tenant, for forms (any signed-in user may read it).
#[leptos::server(prefix = "/fn", endpoint = "tenant/profile")]
pub async fn tenant_profile_fn() -> Result<TenantProfile, crate::error::AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    let mut tx = ctx.own_records().await?;
    let s = db::settings(&mut tx).await?;
    Ok(TenantProfile {
        name: s.name,
        country: s.country,
        currency: s.currency,
        time_zone: s.time_zone,
    })
}
