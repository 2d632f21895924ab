//! What no input or fault may break: out-of-range input, the headers every answer carries,
//! readiness while the database is away, and draining on SIGTERM.

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::{self, TestApp, TestTenant, codes};

/// Every list's server function gets its query whole, not through the address reader that
/// drops bad days and cuts long searches: the same bounds, refused as field errors.
#[tokio::test]
async fn list_queries_sent_whole_meet_the_bounds_of_their_addresses() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let admin = app.token(&t.email("admin")).await;
    let long = "x".repeat(101);
    let long = long.as_str();
    let page = [("query[page][page]", "1"), ("query[page][per_page]", "50")];
    // (server function, its arguments, the field refused, the code)
    let cases = [
        (
            "/fn/vehicles/list",
            vec![("query[q]", long), ("query[dir]", "asc")],
            "q",
            "too_long",
        ),
        (
            "/fn/drivers/list",
            vec![("query[department]", long), ("query[dir]", "asc")],
            "department",
            "too_long",
        ),
        (
            "/fn/expenses/list",
            vec![("query[from]", "9999-01-01")],
            "from",
            "out_of_range",
        ),
        (
            "/fn/expenses/fleet-consumption",
            vec![("to", "1492-10-12")],
            "to",
            "out_of_range",
        ),
        (
            "/fn/rates/list",
            vec![("query[to]", "9999-01-01")],
            "to",
            "out_of_range",
        ),
        (
            "/fn/audit/list",
            vec![("query[from]", "1492-10-12")],
            "from",
            "out_of_range",
        ),
        (
            "/fn/contracts/list",
            vec![("query[expiring_within]", "2000000000")],
            "expiring_within",
            "out_of_range",
        ),
    ];
    for (path, mut form, field, code) in cases {
        if path.ends_with("/list") {
            form.extend(page);
        }
        let (status, body) = app.server_fn(&admin, path, &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
        assert_eq!(body["fields"][field], json!([code]), "{path}: {body}");
    }
    // Arguments that do not even deserialize are the caller's mistake, not a fault (was 500).
    let (status, body) = app
        .server_fn(&admin, "/fn/audit/list", &[("query[page][page]", "first")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "bad_request");
}

#[tokio::test]
async fn days_and_windows_far_out_of_range_are_refused_not_a_dropped_connection() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let viewer = app.token(&t.email("viewer")).await;

    // The driver list's server function gets its query whole, not through the address reader.
    let (status, body) = app
        .server_fn(
            &viewer,
            "/fn/drivers/list",
            &[
                ("query[expiring_within]", "2000000000"),
                ("query[dir]", "asc"),
                ("query[page][page]", "1"),
                ("query[page][per_page]", "50"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["fields"]["expiring_within"],
        json!(["unknown_choice"]),
        "{body}"
    );

    for on in ["%2B262142-12-15", "9999-01-01", "1492-10-12"] {
        let (status, body) = app
            .get_json(
                &format!("/api/v1/maintenance/calendar?view=month&on={on}"),
                Some(&viewer),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{on}: {body}");
        assert_eq!(codes(&body, "on"), ["out_of_range"], "{on}");
    }
    let (status, _) = app
        .get_json(
            "/api/v1/maintenance/calendar?view=month&on=2200-12-31",
            Some(&viewer),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the last day allowed still works");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_pages_a_nonced_policy() {
    let app = TestApp::spawn().await;
    let page = app.client.get(app.url("/login")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let policy = header(&page, "content-security-policy");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy}"))
        .to_owned();
    let scripts = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(!scripts.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&page, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    let html = page.text().await.unwrap();
    // leptos_i18n leaves an empty `<script></script>`; browsers never run an empty one.
    let inline_scripts =
        html.matches("<script").count() - html.matches("<script></script>").count();
    let nonced = html.matches(&format!("nonce=\"{nonce}\"")).count();
    assert!(inline_scripts > 0, "the page hydrates with a script");
    assert!(
        nonced >= inline_scripts,
        "every script carries the response's nonce: {nonced} of {inline_scripts}"
    );

    // Another request, another nonce.
    let again = app.client.get(app.url("/login")).send().await.unwrap();
    assert!(!header(&again, "content-security-policy").contains(&nonce));

    // JSON answers allow nothing at all.
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert!(header(&health, "content-security-policy").starts_with("default-src 'none'"));
    assert_eq!(header(&health, "x-frame-options"), "DENY");
    assert!(
        health.headers().get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
    let secure = TestApp::spawn_with(|c| c.secure_cookies = true).await;
    let health = secure
        .client
        .get(secure.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert!(header(&health, "strict-transport-security").starts_with("max-age="));
}

/// A static file used to be answered by Leptos's file handler, which ran the page context in an
/// owner that could be a child of another request's render, and took that render's response
/// headers for itself: a page went out without its policy (so the browser refused its styles)
/// and its cookies went to whoever fetched a file at the time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_static_file_never_takes_the_headers_of_a_page_rendered_beside_it() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let page = || {
        app.client
            .get(app.url("/maintenance/calendar"))
            .bearer_auth(&manager)
            .header("accept-language", "ar")
            .send()
    };
    let built = [
        built_file("css"),
        built_file("wasm"),
        "/favicon.svg".to_owned(),
    ];
    let file = |path: &String| app.client.get(app.url(path)).send();
    for round in 0..40 {
        let pages = futures::future::join_all((0..6).map(|_| page()));
        let files = futures::future::join_all(built.iter().cycle().take(12).map(file));
        let (pages, files) = tokio::join!(pages, files);
        for page in pages {
            let page = page.unwrap();
            assert_eq!(page.status(), StatusCode::OK);
            assert!(
                header(&page, "content-security-policy").contains("'nonce-"),
                "round {round}: the page lost its policy"
            );
        }
        for file in files {
            let file = file.unwrap();
            assert_eq!(file.status(), StatusCode::OK, "{}", file.url());
            assert!(
                file.headers().get("set-cookie").is_none(),
                "round {round}: {} carries a page's cookie",
                file.url()
            );
            assert!(
                header(&file, "content-security-policy").starts_with("default-src 'none'"),
                "round {round}: {} carries a page's policy",
                file.url()
            );
        }
    }
}

#[tokio::test]
async fn hashed_files_are_kept_for_a_year_and_everything_else_is_asked_for_again() {
    let app = TestApp::spawn().await;
    for ext in ["js", "wasm", "css"] {
        let path = built_file(ext);
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&res, "cache-control"),
            "public, max-age=31536000, immutable",
            "{path}"
        );
    }
    let icon = app
        .client
        .get(app.url("/favicon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&icon, "cache-control"), "no-cache");
    // Asked again, an unchanged file is not sent again.
    let again = app
        .client
        .get(app.url("/favicon.svg"))
        .header("if-modified-since", header(&icon, "last-modified"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    let page = app.client.get(app.url("/login")).send().await.unwrap();
    assert_eq!(header(&page, "cache-control"), "no-cache, private");
    let (status, _) = app.get_json("/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
    let missing = app
        .client
        .get(app.url("/pkg/nothing.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, "cache-control"), "no-cache, private");
    assert!(
        header(&missing, "content-type").starts_with("text/html"),
        "the 404 page"
    );
}

/// The address of the file with extension `ext` the build wrote under the site's `pkg`
/// (its name carries its content's hash).
fn built_file(ext: &str) -> String {
    let root = std::env::var("LEPTOS_SITE_ROOT").expect("LEPTOS_SITE_ROOT (scripts/env.sh)");
    let name = std::fs::read_dir(std::path::Path::new(&root).join("pkg"))
        .expect("the site is built before the tests run")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with("fleetcore.") && name.ends_with(&format!(".{ext}")))
        .unwrap_or_else(|| panic!("no fleetcore.*.{ext} under {root}/pkg"));
    format!("/pkg/{name}")
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_owned()
}

/// A TCP relay to PostgreSQL that the test can cut (every connection dropped, new ones
/// refused) and restore, as if the database went away and came back.
struct CuttableDatabase {
    url: String,
    down: Arc<AtomicBool>,
}

impl CuttableDatabase {
    async fn start(database_url: &str) -> Self {
        let (before, after) = database_url.split_once('@').unwrap();
        let (host_port, rest) = after.split_once('/').unwrap();
        let target = host_port.to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("{before}@{}/{rest}", listener.local_addr().unwrap());
        let down = Arc::new(AtomicBool::new(false));
        let flag = down.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                if flag.load(Ordering::SeqCst) {
                    continue; // dropped at once: refused
                }
                let target = target.clone();
                let flag = flag.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&target).await else {
                        return;
                    };
                    let relay = tokio::io::copy_bidirectional(&mut client, &mut server);
                    let cut = async {
                        while !flag.load(Ordering::SeqCst) {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                    };
                    tokio::select! {
                        _ = relay => {}
                        () = cut => {}
                    }
                });
            }
        });
        Self { url, down }
    }

    fn cut(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn readiness_follows_the_database_without_a_restart() {
    let database = CuttableDatabase::start(&std::env::var("DATABASE_URL").unwrap()).await;
    let app = TestApp::spawn_on(&database.url, |_| {}).await;
    let ready = || async {
        app.client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(ready().await, StatusCode::OK);

    database.cut(true);
    // The relay notices within 20 ms and drops every connection.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let asked = Instant::now();
    assert_eq!(ready().await, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "answered in {:?}",
        asked.elapsed()
    );
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK,
        "alive, only not ready"
    );

    database.cut(false);
    let mut status = ready().await;
    for _ in 0..20 {
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        status = ready().await;
    }
    assert_eq!(
        status,
        StatusCode::OK,
        "ready again once the database is back"
    );
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish() {
    let (mut server, addr) = support::spawn_serve(&[("RUST_LOG", "warn")], Stdio::inherit());
    let mut connected = None;
    for _ in 0..100 {
        if let Ok(stream) = TcpStream::connect(&addr).await {
            connected = Some(stream);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut stream = connected.expect("the server listens");

    // A sign-in whose body arrives slowly: the request is in flight when SIGTERM comes.
    let body = br#"{"email":"nobody@sigterm.test","password":""}"#;
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        TcpStream::connect(&addr).await.is_err(),
        "no new connections once draining"
    );
    stream.write_all(&body[10..]).await.unwrap();

    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 422"),
        "the request in flight got its answer: {answer}"
    );
    let body: Value = serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["error"], "invalid");

    let exited = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(exited.success(), "a clean exit after draining: {exited}");
}

#[tokio::test]
async fn an_import_over_the_row_cap_is_refused_whole_before_any_row_is_checked() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let csv: String = std::iter::once("currency;date;rate".to_owned())
        .chain((0..20_001).map(|n| format!("USD;2026-01-01;{n}")))
        .collect::<Vec<_>>()
        .join("\n");
    let (status, body) = app
        .call(
            &manager,
            reqwest::Method::POST,
            "/api/v1/exchange-rates/import",
            Some(json!({ "csv": csv })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(codes(&body, "csv"), ["too_many_rows"]);
    let (_, rates) = app
        .get_json("/api/v1/exchange-rates?per_page=25", Some(&manager))
        .await;
    assert_eq!(rates["total"], 0, "nothing written");
}
