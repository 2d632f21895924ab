//! `/api/v1/users`: the same operations as the users page.

use axum::Json;
use axum::http::{Method, StatusCode};
use axum::routing::{get, patch, put};
use serde::Deserialize;
use uuid::Uuid;

use super::{CreatedUser, UserInput, UserRow, api};
use crate::auth::ctx::Ctx;
use crate::auth::{Permission, UserId};
use crate::error::AppError;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes};

/// The user routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::UserRead);
    let write = Access::Permission(Permission::UserWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/users", read, get(list))
        .route(
            Method::POST,
            "/api/v1/users",
            write,
            axum::routing::post(create),
        )
        .route(Method::GET, "/api/v1/users/{id}", read, get(one))
        .route(
            Method::PATCH,
            "/api/v1/users/{id}/active",
            write,
            patch(set_active),
        )
        .route(
            Method::PUT,
            "/api/v1/users/{id}/roles",
            write,
            put(set_roles),
        )
        .route(
            Method::POST,
            "/api/v1/users/{id}/reset-password",
            write,
            axum::routing::post(reset_password),
        )
}

async fn list(ctx: Ctx) -> Result<Json<Vec<UserRow>>, AppError> {
    api::list_users(&ctx).await.map(Json)
}

async fn one(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<UserRow>, AppError> {
    api::get_user(&ctx, UserId(id)).await.map(Json)
}

async fn create(
    ctx: Ctx,
    ApiJson(input): ApiJson<UserInput>,
) -> Result<(StatusCode, Json<CreatedUser>), AppError> {
    api::create_user(&ctx, input)
        .await
        .map(|u| (StatusCode::CREATED, Json(u)))
}

#[derive(Deserialize)]
struct ActiveBody {
    active: bool,
}

async fn set_active(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ActiveBody>,
) -> Result<Json<UserRow>, AppError> {
    api::set_user_active(&ctx, UserId(id), body.active)
        .await
        .map(Json)
}

#[derive(Deserialize)]
struct RolesBody {
    roles: Vec<Uuid>,
}

async fn set_roles(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<RolesBody>,
) -> Result<Json<UserRow>, AppError> {
    api::set_user_roles(&ctx, UserId(id), body.roles)
        .await
        .map(Json)
}

async fn reset_password(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CreatedUser>, AppError> {
    api::reset_user_password(&ctx, UserId(id)).await.map(Json)
}
