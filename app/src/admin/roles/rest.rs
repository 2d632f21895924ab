//! `/api/v1/roles`: the same operations as the roles page.

use axum::Json;
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, post, put};
use uuid::Uuid;

use super::{RoleInput, RoleRow, api};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::once::IdempotencyKey;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes, created};

/// The role routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::RoleRead);
    let write = Access::Permission(Permission::RoleWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/roles", read, get(list))
        .route(Method::POST, "/api/v1/roles", write, post(create))
        .route(Method::GET, "/api/v1/roles/{id}", read, get(one))
        .route(Method::PUT, "/api/v1/roles/{id}", write, put(update))
        .route(Method::DELETE, "/api/v1/roles/{id}", write, delete(remove))
}

async fn list(ctx: Ctx) -> Result<Json<Vec<RoleRow>>, AppError> {
    api::list_roles(&ctx).await.map(Json)
}

async fn one(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<RoleRow>, AppError> {
    api::get_role(&ctx, id).await.map(Json)
}

async fn create(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(input): ApiJson<RoleInput>,
) -> Result<(StatusCode, Json<RoleRow>), AppError> {
    created(ctx, key, async |ctx| api::create_role(ctx, input).await).await
}

async fn update(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RoleInput>,
) -> Result<Json<RoleRow>, AppError> {
    api::update_role(&ctx, id, input).await.map(Json)
}

async fn remove(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<StatusCode, AppError> {
    api::delete_role(&ctx, id)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}
