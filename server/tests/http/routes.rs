//! Deny by default: walks every REST route, every server function and every page, and fails on
//! any that an anonymous caller can reach without it being declared public.

use leptos::server_fn::axum::server_fn_paths;
use reqwest::{Method, StatusCode};

use crate::support::{TestApp, listing_routes};
use app::auth::PUBLIC_SERVER_FNS;
use app::rest::Access;
use app::shell::PUBLIC_PAGES;

#[tokio::test]
async fn every_rest_route_declares_its_access_and_refuses_anonymous_callers() {
    let app = TestApp::spawn().await;
    let routes = server::api_routes();
    assert!(routes.declared().len() >= 6);
    for route in routes
        .declared()
        .iter()
        .filter(|r| r.access != Access::Public)
    {
        let method = Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
        let res = app
            .client
            .request(method, app.url(route.path))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::UNAUTHORIZED,
            "{} {}",
            route.method,
            route.path
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"], "unauthenticated", "{}", route.path);
    }
}

#[tokio::test]
async fn every_server_function_refuses_anonymous_callers_unless_declared_public() {
    let app = TestApp::spawn().await;
    // Building the router registers the server functions.
    let paths: Vec<_> = server_fn_paths().collect();
    assert!(paths.len() >= 7, "{paths:?}");
    for public in PUBLIC_SERVER_FNS {
        assert!(
            paths.iter().any(|(p, _)| *p == public),
            "{public} is declared public but does not exist"
        );
    }
    for (path, method) in paths.iter().filter(|(p, _)| !PUBLIC_SERVER_FNS.contains(p)) {
        let method = Method::from_bytes(method.as_str().as_bytes()).unwrap();
        let res = app
            .client
            .request(method, app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("")
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{path} answered an anonymous caller: {body}"
        );
        assert!(body.contains("unauthenticated"), "{path}: {body}");
    }
}

#[tokio::test]
async fn every_page_sends_anonymous_visitors_to_sign_in_unless_public() {
    let app = TestApp::spawn().await;
    let routes = listing_routes(|| leptos_axum::generate_route_list(app::App)).await;
    let pages: Vec<String> = routes.iter().map(|r| r.path().to_owned()).collect();
    assert!(pages.iter().any(|p| p == "/profile"), "{pages:?}");
    for page in pages.iter().filter(|p| !PUBLIC_PAGES.contains(&p.as_str())) {
        let res = app
            .client
            .get(app.url(page))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FOUND, "{page}");
        assert_eq!(res.headers()["location"], "/login", "{page}");
    }
    for page in PUBLIC_PAGES {
        assert_eq!(
            app.client.get(app.url(page)).send().await.unwrap().status(),
            StatusCode::OK,
            "{page}"
        );
    }
}
