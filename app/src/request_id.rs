//! The id of one request: taken from the `X-Request-Id` a proxy in front set, or made here. It is
//! on every log line written while the request is served, on the response's `X-Request-Id`, and
//! in the body of every REST error, so a user's report leads to the server's log lines.

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use std::fmt;
use std::sync::Arc;

/// The request and response header carrying the id.
pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest id accepted from outside; longer ones are replaced.
const MAX_LEN: usize = 64;

/// One request's id (kept in the request's extensions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(Arc<str>);

impl RequestId {
    /// The id a proxy gave the request, when it is short and plain (letters, digits, `-_.:`);
    /// otherwise a new one. A client may send one too, but only plain characters reach the log,
    /// so no header can forge a log line.
    pub fn of(headers: &HeaderMap) -> Self {
        headers
            .get(HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|id| is_plain(id))
            .map(|id| Self(id.into()))
            .unwrap_or_else(Self::new)
    }

    /// A new id (a UUID v7: ids sort by the time they were made).
    pub fn new() -> Self {
        Self(uuid::Uuid::now_v7().simple().to_string().into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn header_value(&self) -> Option<HeaderValue> {
        HeaderValue::from_str(&self.0).ok()
    }
}

impl Default for RequestId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_plain(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(HEADER, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn a_plain_id_from_the_proxy_is_kept_and_anything_else_replaced() {
        assert_eq!(RequestId::of(&with("lb-7f3a:42")).as_str(), "lb-7f3a:42");
        for odd in ["", "a b", "id\"}", &"x".repeat(65)] {
            let mut headers = HeaderMap::new();
            if let Ok(v) = HeaderValue::from_str(odd) {
                headers.insert(HEADER, v);
            }
            let id = RequestId::of(&headers);
            assert_ne!(id.as_str(), odd);
            assert_eq!(id.as_str().len(), 32, "a new UUID in its simple form");
        }
        assert_ne!(RequestId::new(), RequestId::new());
    }
}
