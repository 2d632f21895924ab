//! The operator's commands, run as the real binary against the test database: a customer's first
//! tenant and admin, a forgotten password, the container's health check.

use reqwest::{Method, StatusCode};
use std::process::{Command, Output};
use uuid::Uuid;

use crate::support::{PASSWORD, TestApp, TestTenant};

/// `fleetcore <args>`, with the test environment's database settings.
fn fleetcore(args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fleetcore"));
    command.args(args).env("RUST_LOG", "warn");
    let Some(input) = stdin else {
        return command.output().unwrap();
    };
    use std::io::Write;
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The value printed after `label` on a line of the command's output.
fn printed(output: &Output, label: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|line| line.split_once(label).map(|(_, v)| v.trim().to_owned()))
        .unwrap_or_else(|| panic!("no {label} in {stdout}"))
}

/// Changes the password of the user behind `token`, as the profile form does.
async fn change_password(app: &TestApp, token: &str, current: &str, new: &str) -> StatusCode {
    let form = [
        ("current_password", current),
        ("new_password", new),
        ("confirm_password", new),
    ];
    app.server_fn(token, "/fn/profile/password", &form).await.0
}

#[tokio::test]
async fn a_tenant_made_on_the_command_line_signs_in_replaces_its_password_and_starts_empty() {
    let app = TestApp::spawn().await;
    let slug = format!("c{}", Uuid::new_v4().simple());
    let email = format!("owner@{slug}.test");
    let create = [
        "tenant",
        "create",
        "--name",
        "Steppe Logistics",
        "--slug",
        &slug,
        "--country",
        "KZ",
        "--time-zone",
        "Asia/Almaty",
        "--currency",
        "KZT",
        "--language",
        "kk",
        "--admin-email",
        &email,
    ];
    let output = fleetcore(&create, None);
    assert!(output.status.success(), "{output:?}");
    let one_time = printed(&output, "one-time password:");
    assert_eq!(one_time.len(), 16);

    let (status, signed_in) = app.login(&email, &one_time, None).await;
    assert_eq!(status, StatusCode::OK, "{signed_in}");
    let token = signed_in["access_token"].as_str().unwrap().to_owned();
    let (status, me) = app.get_json("/api/v1/auth/me", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["must_change_password"], true, "{me}");
    assert_eq!(me["locale"], "kk");
    assert_eq!(me["roles"], serde_json::json!(["admin"]));
    let (status, refused) = app.get_json("/api/v1/vehicles", Some(&token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(refused["error"], "password_change_required");
    let page = app
        .client
        .get(app.url("/vehicles"))
        .header("cookie", format!("fc_access={token}"))
        .send()
        .await
        .unwrap();
    let location = page
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = page.text().await.unwrap();
    assert!(
        location.as_deref() == Some("/profile") || body.contains("/profile"),
        "pages send the user to the profile: {location:?}"
    );

    let chosen = "steppe-owner-password-1";
    assert_eq!(
        change_password(&app, &token, &one_time, chosen).await,
        StatusCode::OK
    );
    assert_eq!(
        app.login(&email, &one_time, None).await.0,
        StatusCode::UNAUTHORIZED,
        "the one-time password is spent"
    );
    let token = app.token_with(&email, chosen).await;
    let (status, vehicles) = app.get_json("/api/v1/vehicles", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{vehicles}");
    assert_eq!(vehicles["total"], 0, "nothing of the demo");
    let (_, drivers) = app.get_json("/api/v1/drivers", Some(&token)).await;
    assert_eq!(drivers["total"], 0);

    let tenant: Uuid = sqlx::query_scalar("select id from tenants where slug = $1")
        .bind(&slug)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where tenant_id = $1 and action in ('tenant.create', 'user.create', 'user.password_reset', 'user.password_change') order by at, action",
    )
    .bind(tenant)
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "tenant.create",
            "user.create",
            "user.password_reset",
            "user.password_change"
        ]
    );

    // The same slug or the same admin again is refused, and nothing is written.
    let again = fleetcore(&create, None);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already"),
        "{again:?}"
    );
    let bad = fleetcore(
        &[
            "tenant",
            "create",
            "--name",
            "X",
            "--country",
            "Kazakhstan",
            "--time-zone",
            "Mars/Olympus",
            "--currency",
            "XYZ",
            "--admin-email",
            "x@y.test",
        ],
        None,
    );
    let refusal = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success());
    for field in ["country", "time_zone", "currency", "slug"] {
        assert!(refusal.contains(field), "{field} in {refusal}");
    }
}

#[tokio::test]
async fn a_password_read_from_stdin_must_still_be_replaced() {
    let app = TestApp::spawn().await;
    let slug = format!("s{}", Uuid::new_v4().simple());
    let email = format!("boss@{slug}.test");
    let output = fleetcore(
        &[
            "tenant",
            "create",
            "--name",
            "Atlas Coaches",
            "--slug",
            &slug,
            "--country",
            "MA",
            "--time-zone",
            "Africa/Casablanca",
            "--currency",
            "MAD",
            "--language",
            "ar",
            "--admin-email",
            &email,
            "--password-stdin",
        ],
        Some("chosen-by-the-operator\n"),
    );
    assert!(output.status.success(), "{output:?}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("chosen-by-the-operator"));
    let token = app.token_with(&email, "chosen-by-the-operator").await;
    let (_, me) = app.get_json("/api/v1/auth/me", Some(&token)).await;
    assert_eq!(me["must_change_password"], true);
    assert_eq!(me["locale"], "ar");
}

#[tokio::test]
async fn the_operator_resets_a_forgotten_password_and_ends_its_sessions() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let email = t.email("viewer");
    let old_token = app.token(&email).await;
    let output = fleetcore(&["user", "reset-password", "--email", &email], None);
    assert!(output.status.success(), "{output:?}");
    let one_time = printed(&output, &format!("one-time password for {email}:"));

    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(&old_token)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&email, PASSWORD, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let token = app.token_with(&email, &one_time).await;
    let (status, refused) = app
        .call(&token, Method::GET, "/api/v1/vehicles", None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(refused["error"], "password_change_required");
    assert_eq!(t.audit_count(&app, "user.password_reset").await, 1);

    let unknown = fleetcore(
        &["user", "reset-password", "--email", "nobody@nowhere.test"],
        None,
    );
    assert!(!unknown.status.success());
}

#[tokio::test]
async fn the_health_check_reads_readiness() {
    let app = TestApp::spawn().await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    // The server runs on this test's thread: wait for the command elsewhere.
    let ready =
        tokio::task::spawn_blocking(move || fleetcore(&["healthcheck", "--addr", &addr], None))
            .await
            .unwrap();
    assert!(ready.status.success(), "{ready:?}");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nobody = closed.local_addr().unwrap().to_string();
    drop(closed);
    let down = fleetcore(&["healthcheck", "--addr", &nobody], None);
    assert!(!down.status.success());
}
