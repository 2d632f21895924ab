//! A form sent twice runs once (`app::once`): the vehicle form for the rules, then every other
//! create form that carries a key.

use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use crate::support::{TestApp, TestTenant};
use crate::vehicles::vehicle_count;

/// Sends the vehicle form rendered with `key` (none: no key at all), for `plate`.
async fn send(app: &TestApp, token: &str, key: Option<Uuid>, plate: &str) -> (StatusCode, Value) {
    let key = key.map(|k| k.to_string());
    let mut form = vec![
        ("form[plate]", plate),
        ("form[brand]", "Kia"),
        ("form[model]", "Rio"),
        ("form[year]", "2021"),
        ("form[body_type]", "sedan"),
        ("form[fuel_type]", "gasoline"),
    ];
    if let Some(key) = &key {
        form.push(("form_key", key));
    }
    app.server_fn(token, "/fn/vehicles/create", &form).await
}

#[tokio::test]
async fn a_form_sent_three_times_at_once_records_one_vehicle_and_answers_each_with_it() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let key = Uuid::new_v4();

    let (a, b, c) = tokio::join!(
        send(&app, &manager, Some(key), "101 AAA 02"),
        send(&app, &manager, Some(key), "101 AAA 02"),
        send(&app, &manager, Some(key), "101 AAA 02"),
    );
    for (status, body) in [&a, &b, &c] {
        assert_eq!(*status, StatusCode::OK, "{body}");
        assert_eq!(
            body["id"], a.1["id"],
            "every sending hears of the one vehicle"
        );
    }
    assert_eq!(vehicle_count(&app, &t).await, 1);
    assert_eq!(t.audit_count(&app, "vehicle.create").await, 1);

    // Sent again later (a retry after a timeout): the same answer, still one vehicle.
    let (status, again) = send(&app, &manager, Some(key), "101 AAA 02").await;
    assert_eq!((status, &again["id"]), (StatusCode::OK, &a.1["id"]));

    // A new rendering of the form is a new command; so is a caller without a key.
    let (status, _) = send(&app, &manager, Some(Uuid::new_v4()), "102 AAA 02").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(&app, &manager, None, "103 AAA 02").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(vehicle_count(&app, &t).await, 3);
}

#[tokio::test]
async fn a_refused_sending_leaves_its_key_to_the_corrected_form() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let key = Uuid::new_v4();
    let (status, body) = send(&app, &manager, Some(key), "not a plate").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = send(&app, &manager, Some(key), "104 AAA 02").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["plate"], "104 AAA 02");
    assert_eq!(vehicle_count(&app, &t).await, 1);
}

#[tokio::test]
async fn a_key_is_its_senders_and_its_tenants_alone() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let admin = app.token(&t.email("admin")).await;
    let key = Uuid::new_v4();
    let (status, _) = send(&app, &manager, Some(key), "105 AAA 02").await;
    assert_eq!(status, StatusCode::OK);

    // Someone else sending the key runs nothing and learns nothing of the first answer.
    let (status, body) = send(&app, &admin, Some(key), "106 AAA 02").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"], "already_submitted", "{body}");
    assert!(body.get("id").is_none());
    assert_eq!(vehicle_count(&app, &t).await, 1);

    // Another tenant's key space is its own: the same key there is a new command.
    let other = TestTenant::create(&app).await;
    let their_manager = app.token(&other.email("manager")).await;
    let (status, body) = send(&app, &their_manager, Some(key), "107 AAA 02").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["plate"], "107 AAA 02");
    assert_eq!(vehicle_count(&app, &other).await, 1);
}

/// Every other create form a double click could repeat: each sent twice with one key records
/// once, and both sendings hear of the one record.
#[tokio::test]
async fn the_other_create_forms_record_once_per_key_too() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let admin = app.token(&t.email("admin")).await;
    let vehicle = app
        .create(
            &manager,
            "/api/v1/vehicles",
            crate::support::kia("201 AAA 02"),
        )
        .await;
    let driver = app
        .create(
            &manager,
            "/api/v1/drivers",
            serde_json::json!({
                "full_name": "Aibek Once", "employee_number": "ONCE-1", "phone": "+7 701 555 12 34",
                "licence_number": "KZ 0012345", "licence_categories": "B", "licence_expiry": "2030-01-01",
                "medical_expiry": "2030-01-01", "hire_date": "2020-02-01", "department": "Almaty"
            }),
        )
        .await;
    let today = crate::support::day(0);
    // (who sends it, the server function, the form, the audit action of what it records)
    let forms = [
        (
            &admin,
            "/fn/roles/create",
            vec![("name", "Night shift"), ("permissions[]", "vehicle_read")],
            "role.create",
        ),
        (
            &manager,
            "/fn/maintenance/programs/create",
            vec![
                ("form[name]", "Oil every 10k"),
                ("form[interval_km]", "10000"),
                ("form[tasks]", "Oil"),
            ],
            "maintenance_program.create",
        ),
        (
            &manager,
            "/fn/inspections/templates/create",
            vec![
                ("form[name]", "Morning walk-round"),
                ("form[items]", "Tyres\nLights"),
            ],
            "inspection_template.create",
        ),
        (
            &manager,
            "/fn/drivers/certifications/add",
            vec![
                ("driver", &driver),
                ("form[kind]", "ADR"),
                ("form[expires_on]", "2030-01-01"),
            ],
            "driver.certification_add",
        ),
        (
            &manager,
            "/fn/drivers/fines/add",
            vec![
                ("driver", &driver),
                ("form[occurred_on]", &today),
                ("form[kind]", "Speeding"),
                ("form[amount]", "15000"),
                ("form[currency]", "KZT"),
            ],
            "driver.fine_add",
        ),
        (
            &manager,
            "/fn/mileage/record",
            vec![("form[vehicle]", &vehicle), ("form[value]", "120")],
            "mileage.record",
        ),
    ];
    for (token, path, mut form, action) in forms {
        let key = Uuid::new_v4().to_string();
        form.push(("form_key", &key));
        let (first, second) = tokio::join!(
            app.server_fn(token, path, &form),
            app.server_fn(token, path, &form)
        );
        assert_eq!(first.0, StatusCode::OK, "{path}: {}", first.1);
        assert_eq!(second.0, StatusCode::OK, "{path}: {}", second.1);
        assert_eq!(first.1, second.1, "{path}: both hear the one answer");
        assert_eq!(t.audit_count(&app, action).await, 1, "{path}");
    }
}

/// `POST path` with `body` as an API client retrying under `key` would send it.
async fn post_with_key(
    app: &TestApp,
    token: &str,
    path: &str,
    key: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    (res.status(), res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_api_call_retried_under_its_idempotency_key_runs_once() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let body = crate::support::kia("301 AAA 02");
    let (a, b) = tokio::join!(
        post_with_key(&app, &manager, "/api/v1/vehicles", "order-301", &body),
        post_with_key(&app, &manager, "/api/v1/vehicles", "order-301", &body),
    );
    assert_eq!(a.0, StatusCode::CREATED, "{}", a.1);
    assert_eq!(b.0, StatusCode::CREATED, "{}", b.1);
    assert_eq!(a.1["id"], b.1["id"]);
    assert_eq!(vehicle_count(&app, &t).await, 1);
    assert_eq!(t.audit_count(&app, "vehicle.create").await, 1);

    // The driver app's reading, sent again when the phone is back online: one reading.
    let vehicle = a.1["id"].as_str().unwrap();
    let reading = serde_json::json!({"vehicle": vehicle, "value": "150"});
    let key = Uuid::new_v4().to_string();
    for _ in 0..2 {
        let (status, body) = post_with_key(&app, &manager, "/api/v1/mileage", &key, &reading).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    assert_eq!(t.audit_count(&app, "mileage.record").await, 1);

    // A name the header cannot carry is refused before anything runs.
    let other = crate::support::kia("302 AAA 02");
    let long = "k".repeat(201);
    for (key, code) in [(long.as_str(), "too_long"), ("two words", "out_of_range")] {
        let (status, body) = post_with_key(&app, &manager, "/api/v1/vehicles", key, &other).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(crate::support::codes(&body, "idempotency_key"), vec![code]);
    }
    assert_eq!(vehicle_count(&app, &t).await, 1);
    // A new name is a new command.
    let (status, _) = post_with_key(&app, &manager, "/api/v1/vehicles", "order-302", &other).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(vehicle_count(&app, &t).await, 2);
}
