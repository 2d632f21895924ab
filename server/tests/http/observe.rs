//! What the server tells its operators: request ids, the access log (as JSON) and the metrics.

use reqwest::StatusCode;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use crate::support::{self, TestApp, TestTenant};

#[tokio::test]
async fn every_answer_names_its_request_and_a_rest_error_says_it_in_its_body() {
    let app = TestApp::spawn().await;

    // A proxy's id is kept.
    let res = app
        .client
        .get(app.url("/api/v1/vehicles"))
        .header("x-request-id", "lb-7f3a:42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["x-request-id"], "lb-7f3a:42");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["request_id"], "lb-7f3a:42", "{body}");

    // Otherwise one is made, a new one each time.
    let ids: Vec<String> = futures::future::join_all((0..2).map(|_| async {
        let res = app
            .client
            .get(app.url("/api/v1/vehicles"))
            .send()
            .await
            .unwrap();
        let header = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["request_id"], header.as_str());
        header
    }))
    .await;
    assert_ne!(ids[0], ids[1]);

    // A server function's error, a page and a file carry it in the header.
    let server_fn = app
        .client
        .post(app.url("/fn/drivers/list"))
        .form(&[("query[dir]", "asc")])
        .send()
        .await
        .unwrap();
    assert!(server_fn.status().is_client_error());
    assert!(server_fn.headers().contains_key("x-request-id"));
    for path in ["/login", "/favicon.svg", "/no/such/page"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert!(res.headers().contains_key("x-request-id"), "{path}");
    }
}

#[tokio::test]
async fn metrics_count_answers_by_route_pattern_on_their_own_address() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let viewer = app.token(&t.email("viewer")).await;
    for id in [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()] {
        let (status, _) = app
            .get_json(&format!("/api/v1/vehicles/{id}"), Some(&viewer))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    app.client
        .get(app.url("/favicon.svg"))
        .send()
        .await
        .unwrap();

    // The public address has no metrics.
    let public = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND);

    let addr = support::free_address();
    let listener = tokio::net::TcpListener::bind(&addr).await.unwrap();
    let router = server::metrics::router(app.metrics.clone(), app.app_pool.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let text = app
        .client
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let vehicle = r#"method="GET",route="/api/v1/vehicles/{id}""#;
    for line in [
        format!(r#"fleetcore_http_requests_total{{{vehicle},status="404"}} 2"#),
        format!(r#"fleetcore_http_request_duration_seconds_count{{{vehicle}}} 2"#),
        r#"fleetcore_http_requests_total{method="GET",route="(fallback)",status="200"} 1"#
            .to_owned(),
        "fleetcore_db_pool_max_connections 16".to_owned(),
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in\n{text}");
    }
    assert!(
        !text.contains(&t.slug) && !text.contains("/api/v1/vehicles/0"),
        "addresses asked for are never labels"
    );
}

#[tokio::test]
async fn the_access_log_is_json_lines_carrying_the_request_id() {
    let (mut server, addr) = support::spawn_serve(
        &[("FLEETCORE_LOG_FORMAT", "json"), ("RUST_LOG", "info")],
        Stdio::piped(),
    );
    let client = reqwest::Client::new();
    let mut answered = false;
    for _ in 0..100 {
        let sent = client
            .get(format!("http://{addr}/api/v1/vehicles?q=secret"))
            .header("x-request-id", "access-log-test")
            .send()
            .await;
        if sent.is_ok() {
            answered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(answered, "the server answers");
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let logs = server.stderr.take().unwrap();
    let lines = tokio::task::spawn_blocking(move || {
        let lines: Vec<String> = BufReader::new(logs).lines().map_while(Result::ok).collect();
        let _ = server.wait();
        lines
    });
    let lines = tokio::time::timeout(Duration::from_secs(10), lines)
        .await
        .expect("the server stops")
        .unwrap();
    let entries: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let access = entries
        .iter()
        .find(|e| e["target"] == "fleetcore::access" && e["span"]["id"] == "access-log-test")
        .unwrap_or_else(|| panic!("no access line for the request in {lines:?}"));
    assert_eq!(access["level"], "INFO");
    assert_eq!(access["status"], 401);
    assert_eq!(access["method"], "GET");
    assert_eq!(access["path"], "/api/v1/vehicles");
    assert!(access["ms"].as_f64().is_some());
    assert!(
        !lines.iter().any(|l| l.contains("secret")),
        "the query, which may hold what a user typed, is not logged"
    );
}
