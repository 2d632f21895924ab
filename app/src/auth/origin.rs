//! Cross-site request forgery: a page elsewhere must not make a signed-in browser change
//! anything here. Browsers attach our cookies to a form another site posts to us, so an unsafe
//! request that a cookie could authenticate must show it comes from our own pages: an `Origin`
//! that is ours, else `Sec-Fetch-Site: same-origin`. Requests with a bearer token carry their
//! credentials explicitly and are left alone; so are cookie-less ones from non-browser clients.

use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, Method};

/// What the browser says about where a request was made.
const FETCH_SITE: &str = "sec-fetch-site";

/// Whether a request may go ahead. `has_cookie_credentials`: it carries a session cookie.
/// `public_url`: where users reach FleetCore (`https://fleet.example.com`).
pub fn allows(
    method: &Method,
    headers: &HeaderMap,
    has_bearer: bool,
    has_cookie_credentials: bool,
    public_url: &str,
) -> bool {
    if is_safe(method) || has_bearer {
        return true;
    }
    if let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        return is_ours(origin, headers, public_url);
    }
    if let Some(site) = headers.get(FETCH_SITE).and_then(|v| v.to_str().ok()) {
        // `none`: the user typed or bookmarked the address; no other site is involved.
        return matches!(site, "same-origin" | "none");
    }
    !has_cookie_credentials
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The public address's origin, or the host the request was sent to (behind a proxy that keeps
/// `Host`, and on a developer's loopback).
fn is_ours(origin: &str, headers: &HeaderMap, public_url: &str) -> bool {
    let origin = origin.trim_end_matches('/');
    if origin.eq_ignore_ascii_case(origin_of(public_url)) {
        return true;
    }
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

/// `scheme://host[:port]` of an address, without its path.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(path) => &url[..after_scheme + path],
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.insert(*name, HeaderValue::from_static(value));
        }
        h
    }

    const PUBLIC: &str = "https://fleet.example.com/";

    #[test]
    fn a_post_from_our_own_pages_goes_ahead() {
        let ours = headers(&[
            ("origin", "https://fleet.example.com"),
            ("host", "fleet.example.com"),
        ]);
        assert!(allows(&Method::POST, &ours, false, true, PUBLIC));
        let loopback = headers(&[
            ("origin", "http://127.0.0.1:3900"),
            ("host", "127.0.0.1:3900"),
        ]);
        assert!(allows(&Method::POST, &loopback, false, true, PUBLIC));
        let fetch = headers(&[("sec-fetch-site", "same-origin")]);
        assert!(allows(&Method::DELETE, &fetch, false, true, PUBLIC));
    }

    #[test]
    fn a_post_from_another_site_with_our_cookie_is_refused() {
        let evil = headers(&[
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
            ("host", "fleet.example.com"),
        ]);
        assert!(!allows(&Method::POST, &evil, false, true, PUBLIC));
        assert!(
            !allows(&Method::POST, &evil, false, false, PUBLIC),
            "nor a sign-in form"
        );
        let lookalike = headers(&[("origin", "https://fleet.example.com.evil.example")]);
        assert!(!allows(&Method::POST, &lookalike, false, true, PUBLIC));
        let sibling = headers(&[("sec-fetch-site", "same-site")]);
        assert!(!allows(&Method::PUT, &sibling, false, true, PUBLIC));
        let silent = headers(&[]);
        assert!(
            !allows(&Method::POST, &silent, false, true, PUBLIC),
            "a cookie without any sign of where it comes from"
        );
    }

    #[test]
    fn reads_bearer_calls_and_cookieless_clients_are_not_checked() {
        let evil = headers(&[("origin", "https://evil.example")]);
        assert!(allows(&Method::GET, &evil, false, true, PUBLIC));
        assert!(allows(&Method::POST, &evil, true, false, PUBLIC));
        assert!(allows(&Method::POST, &headers(&[]), false, false, PUBLIC));
    }
}
