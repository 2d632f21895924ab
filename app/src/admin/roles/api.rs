//! Role operations, shared by the server functions below and `rest.rs`.

use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::RoleInput;
use super::RoleRow;
use crate::auth::Permission;
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use uuid::Uuid;

    use super::super::{RoleInput, RoleRow, db};
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError};
    use crate::tenant::TenantTx;

    /// Every role of the caller's tenant.
    pub async fn list_roles(ctx: &Ctx) -> Result<Vec<RoleRow>, AppError> {
        let mut tx = ctx.authorize(Permission::RoleRead).await?;
        db::list(&mut tx).await
    }

    /// One role; another tenant's role is `NotFound`.
    pub async fn get_role(ctx: &Ctx, id: Uuid) -> Result<RoleRow, AppError> {
        let mut tx = ctx.authorize(Permission::RoleRead).await?;
        db::get(&mut tx, id).await?.ok_or(AppError::NotFound)
    }

    /// Creates a custom role.
    pub async fn create_role(ctx: &Ctx, input: RoleInput) -> Result<RoleRow, AppError> {
        let mut tx = ctx.authorize(Permission::RoleWrite).await?;
        input.validate()?;
        let id = db::insert(&mut tx, &input).await?;
        let after = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let entry =
            AuditEntry::new(AuditAction::RoleCreate, "role", id).diff(None::<()>, Some(&after));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Renames a custom role and replaces its permissions; default roles cannot change.
    pub async fn update_role(ctx: &Ctx, id: Uuid, input: RoleInput) -> Result<RoleRow, AppError> {
        let mut tx = ctx.authorize(Permission::RoleWrite).await?;
        input.validate()?;
        let before = custom_role(&mut tx, id).await?;
        db::update(&mut tx, id, &input).await?;
        let after = db::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let entry =
            AuditEntry::new(AuditAction::RoleUpdate, "role", id).diff(Some(&before), Some(&after));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes a custom role; its users simply lose it.
    pub async fn delete_role(ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
        let mut tx = ctx.authorize(Permission::RoleWrite).await?;
        let before = custom_role(&mut tx, id).await?;
        db::delete(&mut tx, id).await?;
        let entry =
            AuditEntry::new(AuditAction::RoleDelete, "role", id).diff(Some(&before), None::<()>);
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await
    }

    /// The role, if it exists and is not a default one.
    async fn custom_role(tx: &mut TenantTx, id: Uuid) -> Result<RoleRow, AppError> {
        let role = db::get(tx, id).await?.ok_or(AppError::NotFound)?;
        if role.is_builtin {
            return Err(AppError::field("name", FieldError::BuiltinRole));
        }
        Ok(role)
    }
}

/// The roles page's list.
#[server(prefix = "/fn", endpoint = "roles/list")]
pub async fn list_roles_fn() -> Result<Vec<RoleRow>, AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    crate::ui::form::finish(list_roles(&ctx).await, None)
}

/// The create-role form. `permissions[]` are checkbox values.
#[server(prefix = "/fn", endpoint = "roles/create")]
pub async fn create_role_fn(
    name: String,
    #[server(default)] permissions: Vec<Permission>,
    form_key: Option<crate::once::FormKey>,
) -> Result<RoleRow, AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    let input = RoleInput { name, permissions };
    let result = crate::once::run(ctx, form_key, async |ctx| create_role(ctx, input).await).await;
    crate::ui::form::finish(result, None)
}

/// The edit form of a custom role.
#[server(prefix = "/fn", endpoint = "roles/update")]
pub async fn update_role_fn(
    id: Uuid,
    name: String,
    #[server(default)] permissions: Vec<Permission>,
) -> Result<RoleRow, AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    crate::ui::form::finish(
        update_role(&ctx, id, RoleInput { name, permissions }).await,
        None,
    )
}

/// The delete button of a custom role.
#[server(prefix = "/fn", endpoint = "roles/delete")]
pub async fn delete_role_fn(id: Uuid) -> Result<(), AppError> {
    let ctx = crate::auth::ctx::Ctx::from_context()?;
    crate::ui::form::finish(delete_role(&ctx, id).await, None)
}
