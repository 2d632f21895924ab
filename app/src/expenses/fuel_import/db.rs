//! SQL for `fuel_imports` (statements kept until imported) and `fuel_import_templates` (each
//! tenant's mapping).

use sqlx::types::Json;
use uuid::Uuid;

use super::model::{FuelMapping, StagedSummary};
use crate::error::AppError;
use crate::tenant::{TenantId, TenantTx};

/// A kept statement as stored.
pub struct Staged {
    pub id: Uuid,
    pub csv: String,
    pub mapping: FuelMapping,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub imported_at: Option<chrono::DateTime<chrono::Utc>>,
    pub written: Option<i32>,
}

pub async fn insert(
    tx: &mut TenantTx,
    csv: &str,
    rows: i32,
    mapping: &FuelMapping,
    created_by: Uuid,
) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query!(
        "insert into fuel_imports (id, tenant_id, csv, rows, mapping, created_by) values ($1, $2, $3, $4, $5, $6)",
        id,
        tx.tenant_id() as TenantId,
        csv,
        rows,
        Json(mapping) as _,
        created_by,
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A kept statement, locked against a concurrent import of it.
pub async fn get_for_update(tx: &mut TenantTx, id: Uuid) -> Result<Option<Staged>, AppError> {
    let row = sqlx::query!(
        r#"select id, csv, mapping as "mapping: Json<FuelMapping>", created_at, imported_at, written
           from fuel_imports where id = $1 for update"#,
        id,
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| Staged {
        id: r.id,
        csv: r.csv,
        mapping: r.mapping.0,
        created_at: r.created_at,
        imported_at: r.imported_at,
        written: r.written,
    }))
}

pub async fn set_mapping(
    tx: &mut TenantTx,
    id: Uuid,
    mapping: &FuelMapping,
) -> Result<(), AppError> {
    sqlx::query!(
        "update fuel_imports set mapping = $2 where id = $1",
        id,
        Json(mapping) as _
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn mark_imported(tx: &mut TenantTx, id: Uuid, written: i32) -> Result<(), AppError> {
    sqlx::query!(
        "update fuel_imports set imported_at = now(), written = $2 where id = $1",
        id,
        written
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The latest statements, with who pasted them.
pub async fn recent(tx: &mut TenantTx, limit: i64) -> Result<Vec<StagedSummary>, AppError> {
    Ok(sqlx::query_as!(
        StagedSummary,
        r#"select f.id, f.created_at, u.full_name as "created_by_name?", f.rows, f.imported_at, f.written
           from fuel_imports f left join users u on u.id = f.created_by
           order by f.created_at desc limit $1"#,
        limit,
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// The tenant's template, if it has imported a statement before.
pub async fn template(tx: &mut TenantTx) -> Result<Option<FuelMapping>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select mapping as "mapping: Json<FuelMapping>" from fuel_import_templates"#
    )
    .fetch_optional(&mut **tx)
    .await?
    .map(|m| m.0))
}

pub async fn save_template(
    tx: &mut TenantTx,
    mapping: &FuelMapping,
    updated_by: Uuid,
) -> Result<(), AppError> {
    sqlx::query!(
        "insert into fuel_import_templates (tenant_id, mapping, updated_by) values ($1, $2, $3)
         on conflict (tenant_id) do update set mapping = excluded.mapping, updated_by = excluded.updated_by",
        tx.tenant_id() as TenantId,
        Json(mapping) as _,
        updated_by,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
