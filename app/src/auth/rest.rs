//! `/api/v1/auth/*`: the same sign-in operations as the login form, for the driver app and
//! integrations, which hold their tokens themselves.

use axum::Json;
use axum::http::{Method, StatusCode};
use axum::routing::{get, post};
use serde::Deserialize;

use super::ctx::{Ctx, RequestCtx};
use super::{Credentials, CurrentUser, TokenPair, api};
use crate::error::AppError;
use crate::rest::{Access, ApiJson, ApiRoutes};

/// The auth routes.
pub fn routes() -> ApiRoutes {
    ApiRoutes::default()
        .route(
            Method::POST,
            "/api/v1/auth/login",
            Access::Public,
            post(login),
        )
        .route(
            Method::POST,
            "/api/v1/auth/refresh",
            Access::Public,
            post(refresh),
        )
        .route(
            Method::POST,
            "/api/v1/auth/logout",
            Access::SignedIn,
            post(logout),
        )
        .route(Method::GET, "/api/v1/auth/me", Access::SignedIn, get(me))
}

async fn login(
    request: RequestCtx,
    ApiJson(creds): ApiJson<Credentials>,
) -> Result<Json<TokenPair>, AppError> {
    api::login(&request.state, &request.meta, creds)
        .await
        .map(|s| Json(s.tokens))
}

#[derive(Deserialize)]
struct RefreshBody {
    refresh_token: String,
}

async fn refresh(
    request: RequestCtx,
    ApiJson(body): ApiJson<RefreshBody>,
) -> Result<Json<TokenPair>, AppError> {
    api::refresh(&request.state, &request.meta, &body.refresh_token)
        .await
        .map(|s| Json(s.tokens))
}

async fn logout(ctx: Ctx) -> Result<StatusCode, AppError> {
    api::logout(&ctx.state, &ctx.meta, &ctx.user)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

async fn me(ctx: Ctx) -> Json<CurrentUser> {
    Json(ctx.user)
}
