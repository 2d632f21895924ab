//! The REST surface's plumbing, shared by every slice's `rest.rs`: a route table in which every
//! route declares its access, JSON bodies whose rejections are `AppError`s, and the one place
//! that renders an `AppError` as `{"error", "message", "fields"}` in the caller's language.

use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::auth::Permission;
use crate::auth::ctx::Identity;
use crate::error::{AppError, field_message, message};
use crate::i18n::Locale;
use crate::request_id::RequestId;
use crate::state::AppState;

/// Who may call a route. Every route states one; there is no default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (sign-in, refresh, health checks).
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Signed-in users holding the permission.
    Permission(Permission),
    /// Signed-in users holding at least one of the permissions (the operation decides what
    /// each allows, e.g. recording for any vehicle or only one's own).
    AnyOf(&'static [Permission]),
}

/// One declared route, as the deny-by-default test walks them.
#[derive(Debug, Clone)]
pub struct DeclaredRoute {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

/// A router whose every route carries an [`Access`], checked before the handler runs (the
/// handler's own `authorize` call then checks again, so neither can be forgotten alone).
pub struct ApiRoutes {
    router: Router<AppState>,
    declared: Vec<DeclaredRoute>,
}

impl Default for ApiRoutes {
    fn default() -> Self {
        Self {
            router: Router::new(),
            declared: Vec::new(),
        }
    }
}

impl ApiRoutes {
    /// Adds `handler` for `method path`, reachable only as `access` allows.
    pub fn route(
        mut self,
        method: Method,
        path: &'static str,
        access: Access,
        handler: MethodRouter<AppState>,
    ) -> Self {
        let guarded = handler.layer(middleware::from_fn(move |req: Request, next: Next| {
            enforce(access, req, next)
        }));
        self.router = self.router.route(path, guarded);
        self.declared.push(DeclaredRoute {
            method,
            path,
            access,
        });
        self
    }

    /// Adds every route of another table.
    pub fn merge(mut self, other: ApiRoutes) -> Self {
        self.router = self.router.merge(other.router);
        self.declared.extend(other.declared);
        self
    }

    /// The routes and their declared access.
    pub fn declared(&self) -> &[DeclaredRoute] {
        &self.declared
    }

    /// The axum router, with errors rendered in the caller's language.
    pub fn into_router(self) -> Router<AppState> {
        self.router.layer(middleware::from_fn(render_errors))
    }
}

async fn enforce(access: Access, req: Request, next: Next) -> Response {
    let user = req
        .extensions()
        .get::<Identity>()
        .and_then(|Identity(u)| u.as_ref());
    let refused = match (access, user) {
        (Access::Public, _) => None,
        (_, None) => Some(AppError::Unauthenticated),
        (Access::SignedIn, Some(_)) => None,
        (Access::Permission(p), Some(u)) => {
            (!u.can(p)).then_some(AppError::Forbidden { permission: p })
        }
        (Access::AnyOf(ps), Some(u)) => {
            (!ps.iter().any(|p| u.can(*p))).then(|| AppError::Forbidden { permission: ps[0] })
        }
    };
    match refused {
        Some(error) => error.into_response(),
        None => next.run(req).await,
    }
}

impl IntoResponse for AppError {
    /// A bare response carrying the error; [`render_errors`] gives it its translated body.
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, Json(json!({ "error": self.code() }))).into_response();
        if let Some(v) = self.retry_after_header() {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res.extensions_mut().insert(self);
        res
    }
}

/// Middleware: turns an `AppError` response into `{"error", "message", "fields", "request_id"}` in the
/// signed-in user's language, else the `Accept-Language` one, else English.
async fn render_errors(req: Request, next: Next) -> Response {
    let locale = request_locale(&req);
    let request_id = req.extensions().get::<RequestId>().cloned();
    let mut res = next.run(req).await;
    if let Some(error) = res.extensions_mut().remove::<AppError>() {
        let mut body = error_body(&error, locale);
        if let Some(id) = request_id {
            body["request_id"] = Value::from(id.as_str());
        }
        let (mut parts, _) = res.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        res = (parts, Json(body)).into_response();
    }
    res
}

/// The JSON body for an error.
pub fn error_body(error: &AppError, locale: Locale) -> Value {
    let fields: Map<String, Value> = error
        .field_errors()
        .into_iter()
        .map(|(field, codes)| {
            let list = codes
                .into_iter()
                .map(|c| json!({ "code": c.code(), "message": field_message(locale, c) }))
                .collect();
            (field, Value::Array(list))
        })
        .collect();
    json!({ "error": error.code(), "message": message(locale, error), "fields": fields })
}

fn request_locale(req: &Request) -> Locale {
    let user_locale = req
        .extensions()
        .get::<Identity>()
        .and_then(|Identity(u)| u.as_ref())
        .map(|u| u.locale.clone());
    user_locale
        .and_then(|l| crate::language::locale_from_code(&l))
        .or_else(|| accept_language(req.headers()))
        .unwrap_or(Locale::en)
}

/// The first of the six languages named in `Accept-Language`.
pub fn accept_language(headers: &HeaderMap) -> Option<Locale> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut ranges: Vec<(f32, &str)> = value
        .split(',')
        .filter_map(|part| {
            let mut it = part.trim().split(";q=");
            let tag = it.next()?.trim();
            let q = it.next().and_then(|q| q.trim().parse().ok()).unwrap_or(1.0);
            Some((q, tag))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges
        .into_iter()
        .find_map(|(_, tag)| crate::language::locale_from_code(tag))
}

/// A JSON body whose every rejection (wrong content type, malformed JSON, missing fields)
/// is an `AppError`, so REST clients always get the one error format.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        Json::<T>::from_request(req, state)
            .await
            .map(|Json(v)| Self(v))
            .map_err(|_| AppError::BadRequest)
    }
}

/// An API call that creates something: run once per `Idempotency-Key` (a retry hears the first
/// answer again), answered 201 with what it made.
pub async fn created<T: serde::Serialize + DeserializeOwned>(
    ctx: crate::auth::ctx::Ctx,
    key: crate::once::IdempotencyKey,
    command: impl AsyncFnOnce(&crate::auth::ctx::Ctx) -> Result<T, AppError>,
) -> Result<(StatusCode, Json<T>), AppError> {
    crate::once::run(ctx, key.0, command)
        .await
        .map(|made| (StatusCode::CREATED, Json(made)))
}

/// A path parameter whose rejection (an id that does not parse) is `NotFound`.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Self(v))
            .map_err(|_| AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn accept_language_picks_the_best_known_language() {
        assert_eq!(
            accept_language(&headers("fr-MA,fr;q=0.9,en;q=0.8")),
            Some(Locale::fr)
        );
        assert_eq!(
            accept_language(&headers("de;q=1.0, ar;q=0.5")),
            Some(Locale::ar)
        );
        assert_eq!(accept_language(&headers("kk-KZ")), Some(Locale::kk));
        assert_eq!(
            accept_language(&headers("en;q=0.2, ru;q=0.9")),
            Some(Locale::ru)
        );
        assert_eq!(accept_language(&headers("de")), None);
    }

    #[test]
    fn error_bodies_carry_code_message_and_fields() {
        let e = AppError::field("email", crate::error::FieldError::Required);
        let body = error_body(&e, Locale::fr);
        assert_eq!(body["error"], "invalid");
        assert_eq!(body["fields"]["email"][0]["code"], "required");
        assert_eq!(
            body["fields"]["email"][0]["message"],
            "Ce champ est obligatoire."
        );
    }
}
