//! A server function's error goes out with its error's status.
//!
//! `leptos_axum` answers every server-function error with 500. Our functions set the right
//! status themselves through `ui::form::finish`, but an error raised before a function's body
//! runs (arguments that do not deserialize: `bad_request`) or by one that does not finish through
//! it would still say 500, an internal fault, for what is the caller's mistake. This layer reads
//! such an answer's body, which is the `AppError` itself, and gives it the error's own status.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use app::error::AppError;

/// An error body is a code and its fields: far below this.
const LONGEST_ERROR: usize = 64 * 1024;

pub async fn fn_error_status(req: Request, next: Next) -> Response {
    let is_server_fn = req.uri().path().starts_with("/fn/");
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, LONGEST_ERROR).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::post;
    use tower::ServiceExt;

    fn app(body: &'static str) -> Router {
        Router::new()
            .route(
                "/fn/x",
                post(move || async move { (StatusCode::INTERNAL_SERVER_ERROR, body) }),
            )
            .route(
                "/api/x",
                post(move || async move { (StatusCode::INTERNAL_SERVER_ERROR, body) }),
            )
            .layer(axum::middleware::from_fn(fn_error_status))
    }

    async fn status(router: Router, path: &str) -> StatusCode {
        let req = Request::post(path).body(Body::empty()).unwrap();
        router.oneshot(req).await.unwrap().status()
    }

    #[tokio::test]
    async fn a_server_functions_error_takes_its_own_status() {
        assert_eq!(
            status(app(r#"{"error":"bad_request"}"#), "/fn/x").await,
            StatusCode::BAD_REQUEST
        );
        let invalid = r#"{"error":"invalid","fields":{"q":["too_long"]}}"#;
        assert_eq!(
            status(app(invalid), "/fn/x").await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        // A real fault stays 500; other routes are not touched.
        assert_eq!(
            status(app(r#"{"error":"internal"}"#), "/fn/x").await,
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            status(app("not json"), "/fn/x").await,
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            status(app(r#"{"error":"bad_request"}"#), "/api/x").await,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
