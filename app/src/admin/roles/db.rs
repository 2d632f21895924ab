//! SQL for the `roles` table.

use uuid::Uuid;

use super::{RoleInput, RoleRow};
use crate::auth::DefaultRole;
use crate::error::{AppError, OnConstraint};
use crate::tenant::{TenantId, TenantTx};

/// Creates the default roles the tenant lacks (provisioning; running it twice is harmless).
pub async fn ensure_defaults(tx: &mut TenantTx) -> Result<(), AppError> {
    let tenant = tx.tenant_id();
    for role in DefaultRole::ALL {
        let permissions: Vec<String> = role
            .permissions()
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect();
        sqlx::query!(
            "insert into roles (id, tenant_id, key, name, is_builtin, permissions)
             values ($1, $2, $3, $3, true, $4)
             on conflict on constraint roles_tenant_key_key do nothing",
            Uuid::now_v7(),
            tenant as TenantId,
            role.key(),
            &permissions
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The ids of the roles with the given keys; unknown keys are left out.
pub async fn ids_by_key(tx: &mut TenantTx, keys: &[String]) -> Result<Vec<Uuid>, AppError> {
    Ok(sqlx::query_scalar!(
        "select id from roles where key = any($1) order by key",
        keys
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Which of `ids` are roles of the tenant (row-level security hides the others).
pub async fn existing_ids(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<Uuid>, AppError> {
    Ok(
        sqlx::query_scalar!("select id from roles where id = any($1)", ids)
            .fetch_all(&mut **tx)
            .await?,
    )
}

/// Every role of the tenant with how many users hold it; defaults first.
pub async fn list(tx: &mut TenantTx) -> Result<Vec<RoleRow>, AppError> {
    rows(tx, None).await
}

/// One role, or `None`.
pub async fn get(tx: &mut TenantTx, id: Uuid) -> Result<Option<RoleRow>, AppError> {
    Ok(rows(tx, Some(id)).await?.pop())
}

/// The roles (all, or the one with `only`) with their user counts.
async fn rows(tx: &mut TenantTx, only: Option<Uuid>) -> Result<Vec<RoleRow>, AppError> {
    Ok(sqlx::query_as!(
        RoleRow,
        r#"select r.id, r.key, r.is_builtin, r.permissions,
                  (select count(*) from user_roles ur where ur.role_id = r.id) as "user_count!"
           from roles r
           where ($1::uuid is null or r.id = $1)
           order by r.is_builtin desc,
                    array_position(array['admin', 'fleet_manager', 'dispatcher', 'mechanic', 'driver', 'viewer'], r.key),
                    r.created_at"#,
        only
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Creates a custom role; a name already used is a conflict on `name`.
pub async fn insert(tx: &mut TenantTx, input: &RoleInput) -> Result<Uuid, AppError> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    let name = input.name.trim();
    sqlx::query!(
        "insert into roles (id, tenant_id, key, name, permissions) values ($1, $2, $3, $3, $4)",
        id,
        tenant as TenantId,
        name,
        &input.stored_permissions()
    )
    .execute(&mut **tx)
    .await
    .on_constraint("roles_tenant_key_key", || AppError::Conflict {
        field: "name".into(),
    })?;
    Ok(id)
}

/// Renames a custom role and replaces its permissions.
pub async fn update(tx: &mut TenantTx, id: Uuid, input: &RoleInput) -> Result<(), AppError> {
    let name = input.name.trim();
    sqlx::query!(
        "update roles set key = $2, name = $2, permissions = $3 where id = $1 and not is_builtin",
        id,
        name,
        &input.stored_permissions()
    )
    .execute(&mut **tx)
    .await
    .on_constraint("roles_tenant_key_key", || AppError::Conflict {
        field: "name".into(),
    })?;
    Ok(())
}

/// Deletes a custom role (its assignments go with it).
pub async fn delete(tx: &mut TenantTx, id: Uuid) -> Result<(), AppError> {
    sqlx::query!("delete from roles where id = $1 and not is_builtin", id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
