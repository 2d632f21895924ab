//! Maintenance programs over REST: applied by department, brand or plates (twice plans nothing
//! twice), each work order due one interval ahead with its program's window, forecast from the
//! vehicle's pace; completing one plans the next; permissions and other tenants.

use chrono::{Duration, Months, SecondsFormat, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes, kia};

fn today() -> chrono::NaiveDate {
    app::fleet::vehicles::today_in("Asia/Almaty")
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

async fn open_orders(app: &TestApp, token: &str, vehicle: &str) -> Vec<Value> {
    let (status, list) = app
        .call(
            token,
            Method::GET,
            &format!("/api/v1/maintenance?vehicle_id={vehicle}&open=true"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_program_plans_work_for_a_department_forecasts_it_and_plans_the_next_on_completion() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("110 PRG 01"))
        .await;
    let sister = app
        .create(&manager, "/api/v1/vehicles", kia("111 PRG 01"))
        .await;
    let elsewhere = app.create(&manager, "/api/v1/vehicles", json!({"plate": "112 PRG 01", "brand": "Lada", "model": "Niva", "year": 2020, "body_type": "suv", "fuel_type": "gasoline", "department": "Astana"})).await;
    // 2,000 km in 20 days: 100 km a day.
    reading(&app, &manager, &car, 10_000, 20).await;
    reading(&app, &manager, &car, 12_000, 0).await;

    let oil = json!({"name": "Oil service", "interval_km": "10 000", "interval_months": "6", "tasks": "Engine oil\nOil filter\n"});
    let program = app
        .create(&manager, "/api/v1/maintenance/programs", oil)
        .await;
    let apply_path = format!("/api/v1/maintenance/programs/{program}/apply");
    let apply = |body: Value| app.call(&manager, Method::POST, &apply_path, Some(body));
    let (status, applied) = apply(json!({"department": "Almaty"})).await;
    assert_eq!(
        (status, applied),
        (StatusCode::OK, json!({"vehicles": 2, "planned": 2}))
    );
    let (_, again) = apply(json!({"department": "Almaty"})).await;
    assert_eq!(
        again,
        json!({"vehicles": 2, "planned": 0}),
        "one open work order per program and vehicle"
    );
    assert!(
        open_orders(&app, &manager, &elsewhere).await.is_empty(),
        "another department is untouched"
    );

    let orders = open_orders(&app, &manager, &car).await;
    assert_eq!(orders.len(), 1);
    let first = &orders[0];
    let in_six_months = (today() + Months::new(6)).to_string();
    assert_eq!(
        (first["title"].as_str(), first["description"].as_str()),
        (Some("Oil service"), Some("Engine oil\nOil filter"))
    );
    assert_eq!(
        (first["due_km"].as_i64(), first["scheduled_on"].as_str()),
        (Some(22_000), Some(in_six_months.as_str()))
    );
    assert_eq!(first["program_id"].as_str(), Some(program.as_str()));
    // 10,000 km at 100 km a day comes before six months: the forecast is the plan.
    let pace = first["avg_km_per_day"].as_f64().unwrap();
    let (_, stats) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage/stats/{car}"),
            None,
        )
        .await;
    assert!(
        (pace - stats["avg_km_per_day"].as_f64().unwrap()).abs() < 1e-9,
        "the list's pace is the mileage tab's: {pace} vs {stats}"
    );
    let forecast = today() + Duration::days((10_000.0 / pace).ceil() as i64);
    assert_eq!(
        (first["forecast_on"].as_str(), first["planned_on"].as_str()),
        (
            Some(forecast.to_string().as_str()),
            Some(forecast.to_string().as_str())
        )
    );
    let reminders: Vec<i64> = first["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["days_before"].as_i64().unwrap())
        .collect();
    assert_eq!(reminders, vec![14, 7, 3, 1]);
    assert_eq!(
        first["reminders"][3]["on"].as_str(),
        Some((forecast - Duration::days(1)).to_string().as_str())
    );
    // A vehicle without readings has no pace, so only its date plans it.
    let sisters = open_orders(&app, &manager, &sister).await;
    assert_eq!(
        (
            sisters[0]["forecast_on"].clone(),
            sisters[0]["planned_on"].as_str()
        ),
        (Value::Null, Some(in_six_months.as_str()))
    );

    // Completing it plans the next, an interval after the completion.
    let id = first["id"].as_str().unwrap();
    let (status, done) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/maintenance/{id}/move"),
            Some(json!({"to": "completed", "mileage": "12 500"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (
            done["next_service_km"].as_i64(),
            done["next_service_on"].as_str()
        ),
        (Some(22_500), Some(in_six_months.as_str()))
    );
    let next = open_orders(&app, &manager, &car).await;
    assert_eq!(next.len(), 1, "{next:?}");
    assert_eq!(
        (
            next[0]["due_km"].as_i64(),
            next[0]["status"].as_str(),
            next[0]["program_id"].as_str()
        ),
        (Some(22_500), Some("scheduled"), Some(program.as_str()))
    );
    let (_, shown) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/maintenance/programs/{program}"),
            None,
        )
        .await;
    assert_eq!(
        (shown["vehicles"].as_i64(), shown["open_orders"].as_i64()),
        (Some(2), Some(2))
    );
    let audited = [
        t.audit_count(&app, "maintenance_program.create").await,
        t.audit_count(&app, "maintenance_program.apply").await,
        t.audit_count(&app, "maintenance.create").await,
    ];
    assert_eq!(
        audited,
        [1, 2, 1],
        "the program, two applies, the next work order"
    );
}

#[tokio::test]
async fn a_programs_own_window_decides_due_soon_and_plates_pick_vehicles() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("113 PRG 01"))
        .await;
    let other = app
        .create(&manager, "/api/v1/vehicles", kia("114 PRG 01"))
        .await;
    reading(&app, &manager, &car, 5_000, 1).await;
    // 600 km ahead is "later" in the default 500 km window, "due soon" in this one's 1,000.
    let tyres = app.create(&manager, "/api/v1/maintenance/programs", json!({"name": "Tyre check", "kind": "tire_change", "interval_km": "600", "window_km": "1000"})).await;
    let (status, applied) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/maintenance/programs/{tyres}/apply"),
            Some(json!({"vehicles": "113prg01"})),
        )
        .await;
    assert_eq!(
        (status, applied),
        (StatusCode::OK, json!({"vehicles": 1, "planned": 1}))
    );
    assert!(
        open_orders(&app, &manager, &other).await.is_empty(),
        "only the plate given"
    );
    let order = &open_orders(&app, &manager, &car).await[0];
    assert_eq!(
        (
            order["due_km"].as_i64(),
            order["due"].as_str(),
            order["kind"].as_str()
        ),
        (Some(5_600), Some("due_soon"), Some("tire_change"))
    );
    assert_eq!(order["scheduled_on"], Value::Null, "no months, no date");
    let (_, soon) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/maintenance?due=due_soon",
            None,
        )
        .await;
    assert_eq!(
        soon["total"], 1,
        "the SQL filter reads the work order's own window: {soon}"
    );

    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/maintenance/programs/{tyres}/apply"),
            Some(json!({"vehicles": "113prg01, 999 ZZZ 99"})),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "vehicles")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/maintenance/programs",
            Some(json!({"name": "Nothing", "window_days": "-1"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (codes(&body, "interval_km"), codes(&body, "window_days")),
        (
            vec!["interval_required".to_owned()],
            vec!["out_of_range".to_owned()]
        )
    );
    let (status, edited) = app
        .call(
            &manager,
            Method::PUT,
            &format!("/api/v1/maintenance/programs/{tyres}"),
            Some(json!({"name": "Tyre check", "kind": "tire_change", "interval_km": "800"})),
        )
        .await;
    assert_eq!(
        (
            status,
            edited["interval_km"].as_i64(),
            edited["window_km"].as_i64()
        ),
        (StatusCode::OK, Some(800), Some(500)),
        "{edited}"
    );
}

#[tokio::test]
async fn programs_are_read_by_every_reader_changed_by_planners_and_invisible_to_other_tenants() {
    let app = TestApp::spawn().await;
    let (a, b) = (
        TestTenant::create(&app).await,
        TestTenant::create(&app).await,
    );
    let manager = app.token(&a.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("115 PRG 01"))
        .await;
    let program = app
        .create(
            &manager,
            "/api/v1/maintenance/programs",
            json!({"name": "Annual", "interval_months": "12"}),
        )
        .await;
    for role in ["viewer", "dispatcher"] {
        let token = app.token(&a.email(role)).await;
        let (status, list) = app
            .call(&token, Method::GET, "/api/v1/maintenance/programs", None)
            .await;
        assert_eq!(
            (status, list.as_array().map(Vec::len)),
            (StatusCode::OK, Some(1)),
            "{role}"
        );
        assert_eq!(
            app.call(
                &token,
                Method::POST,
                "/api/v1/maintenance/programs",
                Some(json!({"name": "x", "interval_km": "1"}))
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
        let apply = app
            .call(
                &token,
                Method::POST,
                &format!("/api/v1/maintenance/programs/{program}/apply"),
                Some(json!({})),
            )
            .await;
        assert_eq!(apply.0, StatusCode::FORBIDDEN, "{role}");
    }
    let mechanic = app.token(&a.email("mechanic")).await;
    assert_eq!(
        app.call(
            &mechanic,
            Method::POST,
            &format!("/api/v1/maintenance/programs/{program}/apply"),
            Some(json!({}))
        )
        .await
        .0,
        StatusCode::OK
    );

    let stranger = app.token(&b.email("manager")).await;
    let (_, theirs) = app
        .call(&stranger, Method::GET, "/api/v1/maintenance/programs", None)
        .await;
    assert_eq!(theirs, json!([]));
    for (method, path, body) in [
        (
            Method::GET,
            format!("/api/v1/maintenance/programs/{program}"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/maintenance/programs/{program}"),
            Some(json!({"name": "Mine", "interval_km": "5"})),
        ),
        (
            Method::POST,
            format!("/api/v1/maintenance/programs/{program}/apply"),
            Some(json!({})),
        ),
    ] {
        assert_eq!(
            app.call(&stranger, method, &path, body).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Their own program applied by our plate finds no such vehicle.
    let own = app
        .create(
            &stranger,
            "/api/v1/maintenance/programs",
            json!({"name": "Theirs", "interval_km": "1000"}),
        )
        .await;
    let (_, body) = app
        .call(
            &stranger,
            Method::POST,
            &format!("/api/v1/maintenance/programs/{own}/apply"),
            Some(json!({"vehicles": car})),
        )
        .await;
    assert_eq!(codes(&body, "vehicles"), vec!["unknown_choice"]);
    let (_, applied) = app
        .call(
            &stranger,
            Method::POST,
            &format!("/api/v1/maintenance/programs/{own}/apply"),
            Some(json!({})),
        )
        .await;
    assert_eq!(
        applied,
        json!({"vehicles": 0, "planned": 0}),
        "the whole fleet is theirs only"
    );
}
