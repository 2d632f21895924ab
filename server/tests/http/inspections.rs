//! Inspections over REST: checklists per body type, an inspection's odometer through the
//! mileage rules, failed items opening defects, a defect turned into a work order in one step
//! (linked both ways), drivers limited to their own vehicles, per-role permissions, and no
//! way into another tenant.

use chrono::{Duration, SecondsFormat, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes, kia};

fn checklist(name: &str, body_type: &str) -> Value {
    json!({"name": name, "body_type": body_type, "items": "Tyres\nLights\nBrakes"})
}

fn answers(results: &[&str]) -> Value {
    Value::Array(
        results
            .iter()
            .map(|r| json!({"result": r, "note": if *r == "fail" { "worn out" } else { "" }}))
            .collect(),
    )
}

fn inspection(vehicle: &str, template: &str, km: i64, results: &[&str]) -> Value {
    json!({"vehicle": vehicle, "template": template, "mileage": km.to_string(), "items": answers(results)})
}

async fn inspect(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    app.call(token, Method::POST, "/api/v1/inspections", Some(body))
        .await
}

async fn reading(app: &TestApp, token: &str, vehicle: &str, km: i64, days_ago: i64) {
    let at = (Utc::now() - Duration::days(days_ago)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let (status, body) = app
        .call(
            token,
            Method::POST,
            "/api/v1/mileage",
            Some(json!({"vehicle": vehicle, "value": km.to_string(), "recorded_at": at})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn a_failed_item_opens_a_defect_that_becomes_a_work_order_in_one_step() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("120 INS 01"))
        .await;
    reading(&app, &manager, &car, 10_000, 5).await;
    let sedans = app
        .create(
            &manager,
            "/api/v1/inspections/templates",
            checklist("Sedan pre-trip", "sedan"),
        )
        .await;
    let buses = app
        .create(
            &manager,
            "/api/v1/inspections/templates",
            checklist("Bus pre-trip", "bus"),
        )
        .await;
    app.create(
        &manager,
        "/api/v1/inspections/templates",
        json!({"name": "Any vehicle", "items": "Documents"}),
    )
    .await;
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/inspections/templates",
            Some(checklist("Sedan pre-trip", "")),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "name")),
        (StatusCode::CONFLICT, vec!["taken".to_owned()])
    );

    // The car's checklists: for sedans and for every vehicle, not for buses.
    let (_, listed) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/inspections/templates?vehicle=120ins01",
            None,
        )
        .await;
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Any vehicle", "Sedan pre-trip"]);
    let (_, body) = inspect(
        &app,
        &manager,
        inspection(&car, &buses, 10_100, &["pass", "pass", "pass"]),
    )
    .await;
    assert_eq!(
        codes(&body, "template"),
        vec!["unknown_choice"],
        "a bus checklist is not for a sedan"
    );

    // Every item answered; the odometer follows the mileage rules; nothing is written meanwhile.
    let (status, body) = inspect(
        &app,
        &manager,
        inspection(&car, &sedans, 9_000, &["pass", "maybe"]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (codes(&body, "items.1"), codes(&body, "items.2")),
        (
            vec!["unknown_choice".to_owned()],
            vec!["required".to_owned()]
        )
    );
    let (_, body) = inspect(
        &app,
        &manager,
        inspection(&car, &sedans, 9_000, &["pass", "na", "fail"]),
    )
    .await;
    assert_eq!(codes(&body, "mileage"), vec!["mileage_below_previous"]);
    assert_eq!(t.audit_count(&app, "inspection.create").await, 0);

    let (status, done) = inspect(
        &app,
        &manager,
        inspection("120 INS 01", &sedans, 10_250, &["pass", "na", "fail"]),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(
        (
            done["failed"].as_i64(),
            done["template_name"].as_str(),
            done["mileage_km"].as_i64()
        ),
        (Some(1), Some("Sedan pre-trip"), Some(10_250))
    );
    let defects = done["defects"].as_array().unwrap();
    assert_eq!(defects.len(), 1);
    assert_eq!(
        (
            defects[0]["label"].as_str(),
            defects[0]["note"].as_str(),
            defects[0]["status"].as_str()
        ),
        (Some("Brakes"), Some("worn out"), Some("open"))
    );
    let defect = defects[0]["id"].as_str().unwrap().to_owned();
    let (_, vehicle) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/vehicles/{car}"),
            None,
        )
        .await;
    assert_eq!(
        vehicle["current_mileage"], 10_250,
        "the inspection's odometer is a reading"
    );
    assert_eq!(t.audit_count(&app, "inspection.create").await, 1);

    // One step: a repair planned for today, linked both ways, the defect acknowledged.
    let (status, made) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/inspections/defects/{defect}/work-order"),
            Some(json!({"priority": "critical"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["status"], "acknowledged");
    let order = made["work_order_id"].as_str().unwrap().to_owned();
    let (_, work) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/maintenance/{order}"),
            None,
        )
        .await;
    assert_eq!(
        (
            work["title"].as_str(),
            work["kind"].as_str(),
            work["priority"].as_str()
        ),
        (Some("Brakes"), Some("repair"), Some("critical"))
    );
    assert_eq!(
        (work["description"].as_str(), work["inspection_id"].as_str()),
        (Some("worn out"), done["id"].as_str())
    );
    let (_, again) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/inspections/defects/{defect}/work-order"),
            Some(json!({})),
        )
        .await;
    assert_eq!(codes(&again, "to"), vec!["defect_has_work_order"]);
    assert_eq!(t.audit_count(&app, "maintenance.create").await, 1);

    // Defects only move forward; the unresolved list follows.
    let move_path = format!("/api/v1/inspections/defects/{defect}/move");
    let moved = |to: &str| app.call(&manager, Method::POST, &move_path, Some(json!({"to": to})));
    let (_, body) = moved("open").await;
    assert_eq!(codes(&body, "to"), vec!["move_not_allowed"]);
    let (status, resolved) = moved("resolved").await;
    assert_eq!(
        (status, resolved["status"].as_str()),
        (StatusCode::OK, Some("resolved"))
    );
    assert!(resolved["resolved_at"].is_string());
    let (_, unresolved) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/inspections/defects?unresolved=true",
            None,
        )
        .await;
    assert_eq!(unresolved["total"], 0);
    let (_, failed) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/inspections?vehicle_id={car}&failed=true"),
            None,
        )
        .await;
    assert_eq!(failed["total"], 1);
    assert_eq!(t.audit_count(&app, "defect.status").await, 1);
    assert_eq!(t.audit_count(&app, "defect.work_order").await, 1);
}

#[tokio::test]
async fn drivers_inspect_their_own_vehicles_and_roles_decide_the_rest() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let (mine, other) = (
        app.create(&manager, "/api/v1/vehicles", kia("121 INS 01"))
            .await,
        app.create(&manager, "/api/v1/vehicles", kia("122 INS 01"))
            .await,
    );
    let template = app
        .create(
            &manager,
            "/api/v1/inspections/templates",
            checklist("Daily", ""),
        )
        .await;
    let driver_user: uuid::Uuid = sqlx::query_scalar("select id from users where email = $1")
        .bind(t.email("driver"))
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let driver_token = app.token(&t.email("driver")).await;
    let body = |vehicle: &str| inspection(vehicle, &template, 500, &["pass", "pass", "fail"]);
    assert_eq!(
        inspect(&app, &driver_token, body(&mine)).await.0,
        StatusCode::FORBIDDEN,
        "no driver record yet"
    );

    let driver = json!({"full_name": "Daulet K", "employee_number": "D-9", "user_id": driver_user.to_string(), "licence_expiry": "2030-01-01"});
    let driver_id = app.create(&manager, "/api/v1/drivers", driver).await;
    let starts = (Utc::now() - Duration::days(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    app.create(
        &manager,
        "/api/v1/drivers/assignments",
        json!({"vehicle": mine, "driver": driver_id, "starts_at": starts}),
    )
    .await;
    let (status, _) = app
        .call(
            &driver_token,
            Method::GET,
            "/api/v1/inspections/templates",
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a driver reads the checklists they fill"
    );
    let (status, done) = inspect(&app, &driver_token, body(&mine)).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    let (_, refused) = inspect(&app, &driver_token, body(&other)).await;
    assert_eq!(codes(&refused, "vehicle"), vec!["not_your_vehicle"]);
    assert_eq!(
        app.call(&driver_token, Method::GET, "/api/v1/inspections", None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let defect = done["defects"][0]["id"].as_str().unwrap().to_owned();
    let act = |token: &str| {
        let (app, path) = (&app, format!("/api/v1/inspections/defects/{defect}/move"));
        let token = token.to_owned();
        async move {
            app.call(
                &token,
                Method::POST,
                &path,
                Some(json!({"to": "acknowledged"})),
            )
            .await
            .0
        }
    };
    assert_eq!(
        act(&driver_token).await,
        StatusCode::FORBIDDEN,
        "drivers report defects, managers act on them"
    );

    let mechanic = app.token(&t.email("mechanic")).await;
    assert_eq!(
        inspect(
            &app,
            &mechanic,
            inspection(&other, &template, 800, &["pass", "na", "na"])
        )
        .await
        .0,
        StatusCode::CREATED
    );
    for role in ["dispatcher", "viewer"] {
        let token = app.token(&t.email(role)).await;
        let (status, list) = app
            .call(&token, Method::GET, "/api/v1/inspections", None)
            .await;
        assert_eq!(
            (status, list["total"].as_i64()),
            (StatusCode::OK, Some(2)),
            "{role} reads"
        );
        assert_eq!(
            inspect(&app, &token, body(&other)).await.0,
            StatusCode::FORBIDDEN,
            "{role} inspects nothing"
        );
        assert_eq!(
            act(&token).await,
            StatusCode::FORBIDDEN,
            "{role} acts on no defect"
        );
    }
    assert_eq!(act(&mechanic).await, StatusCode::OK);
}

#[tokio::test]
async fn another_tenants_checklists_inspections_and_defects_cannot_be_reached() {
    let app = TestApp::spawn().await;
    let (a, b) = (
        TestTenant::create(&app).await,
        TestTenant::create(&app).await,
    );
    let (manager_a, manager_b) = (
        app.token(&a.email("manager")).await,
        app.token(&b.email("manager")).await,
    );
    let car = app
        .create(&manager_a, "/api/v1/vehicles", kia("123 INS 01"))
        .await;
    let template = app
        .create(
            &manager_a,
            "/api/v1/inspections/templates",
            checklist("Theirs", ""),
        )
        .await;
    let (_, done) = inspect(
        &app,
        &manager_a,
        inspection(&car, &template, 100, &["fail", "pass", "pass"]),
    )
    .await;
    let (id, defect) = (
        done["id"].as_str().unwrap().to_owned(),
        done["defects"][0]["id"].as_str().unwrap().to_owned(),
    );

    assert_eq!(
        app.call(
            &manager_b,
            Method::GET,
            &format!("/api/v1/inspections/{id}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (_, listed) = app
        .call(&manager_b, Method::GET, "/api/v1/inspections", None)
        .await;
    assert_eq!(listed["total"], 0);
    let (_, defects) = app
        .call(&manager_b, Method::GET, "/api/v1/inspections/defects", None)
        .await;
    assert_eq!(defects["total"], 0);
    let (_, templates) = app
        .call(
            &manager_b,
            Method::GET,
            "/api/v1/inspections/templates",
            None,
        )
        .await;
    assert_eq!(templates.as_array().map(Vec::len), Some(0));
    assert_eq!(
        app.call(
            &manager_b,
            Method::PUT,
            &format!("/api/v1/inspections/templates/{template}"),
            Some(checklist("Mine", ""))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, _) = app
        .call(
            &manager_b,
            Method::POST,
            &format!("/api/v1/inspections/defects/{defect}/work-order"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Their own car with the other tenant's checklist, or the other tenant's car: unknown.
    let own = app
        .create(&manager_b, "/api/v1/vehicles", kia("124 INS 01"))
        .await;
    let (_, body) = inspect(
        &app,
        &manager_b,
        inspection(&own, &template, 100, &["pass", "pass", "pass"]),
    )
    .await;
    assert_eq!(codes(&body, "template"), vec!["unknown_choice"]);
    let mine = app
        .create(
            &manager_b,
            "/api/v1/inspections/templates",
            checklist("Mine", ""),
        )
        .await;
    let (_, body) = inspect(
        &app,
        &manager_b,
        inspection("123 INS 01", &mine, 100, &["pass", "pass", "pass"]),
    )
    .await;
    assert_eq!(codes(&body, "vehicle"), vec!["unknown_choice"]);
    let (_, still) = app
        .call(
            &manager_a,
            Method::GET,
            &format!("/api/v1/inspections/{id}"),
            None,
        )
        .await;
    assert_eq!(still["defects"][0]["status"], "open");
}
