//! Work orders over REST: planning, moving between statuses with the vehicle following,
//! completion through the odometer rules, due states, per-role permissions, concurrent moves
//! on one vehicle, and no way into another tenant.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes, day, kia, record_reading};

fn order(vehicle: &str, title: &str) -> Value {
    json!({"vehicle": vehicle, "kind": "scheduled_service", "title": title, "priority": "high"})
}

async fn move_to(app: &TestApp, token: &str, id: &str, body: Value) -> (StatusCode, Value) {
    app.call(
        token,
        Method::POST,
        &format!("/api/v1/maintenance/{id}/move"),
        Some(body),
    )
    .await
}

async fn vehicle_field(app: &TestApp, token: &str, vehicle: &str, field: &str) -> Value {
    let (status, v) = app
        .call(
            token,
            Method::GET,
            &format!("/api/v1/vehicles/{vehicle}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v[field].clone()
}

#[tokio::test]
async fn a_work_order_is_planned_started_and_completed_and_the_vehicle_follows() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("100 WRK 01"))
        .await;
    record_reading(&app, &manager, &car, 10_000, 10).await;

    let oil = json!({"vehicle": "100wrk01", "kind": "scheduled_service", "title": "Oil change", "scheduled_on": day(3), "cost": "25 000"});
    let (status, planned) = app
        .call(&manager, Method::POST, "/api/v1/maintenance", Some(oil))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{planned}");
    assert_eq!(
        (
            planned["status"].as_str(),
            planned["due"].as_str(),
            planned["plate"].as_str()
        ),
        (Some("scheduled"), Some("due_soon"), Some("100 WRK 01"))
    );
    assert_eq!(
        (planned["priority"].as_str(), planned["currency"].as_str()),
        (Some("normal"), Some("KZT")),
        "defaults: normal priority, the tenant's currency"
    );
    let oil = planned["id"].as_str().unwrap().to_owned();
    let brakes = app
        .create(&manager, "/api/v1/maintenance", order(&car, "Brake pads"))
        .await;

    let (status, started) = move_to(&app, &manager, &oil, json!({"to": "in_progress"})).await;
    assert_eq!(
        (status, started["status"].as_str(), started["due"].clone()),
        (StatusCode::OK, Some("in_progress"), Value::Null),
        "{started}"
    );
    assert!(started["started_at"].is_string());
    assert_eq!(
        vehicle_field(&app, &manager, &car, "status").await,
        "in_maintenance"
    );
    assert_eq!(
        move_to(&app, &manager, &brakes, json!({"to": "in_progress"}))
            .await
            .0,
        StatusCode::OK
    );

    // Completing needs the odometer, and the odometer follows the mileage rules.
    let (status, body) = move_to(&app, &manager, &oil, json!({"to": "completed"})).await;
    assert_eq!(
        (status, codes(&body, "mileage")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["required".to_owned()]
        )
    );
    let (_, body) = move_to(
        &app,
        &manager,
        &oil,
        json!({"to": "completed", "mileage": "9 000"}),
    )
    .await;
    assert_eq!(codes(&body, "mileage"), vec!["mileage_below_previous"]);
    let (_, body) = move_to(
        &app,
        &manager,
        &oil,
        json!({"to": "completed", "mileage": "10 400", "completed_on": day(1)}),
    )
    .await;
    assert_eq!(codes(&body, "completed_on"), vec!["in_future"]);
    let (status, done) = move_to(
        &app,
        &manager,
        &oil,
        json!({"to": "completed", "mileage": "10 400"}),
    )
    .await;
    assert_eq!(
        (
            status,
            done["status"].as_str(),
            done["mileage_at_service"].as_i64()
        ),
        (StatusCode::OK, Some("completed"), Some(10_400)),
        "{done}"
    );
    assert_eq!(
        done["completed_on"].as_str(),
        Some(day(0).as_str()),
        "blank means today"
    );
    assert!(done["reading_id"].is_string());
    assert_eq!(
        vehicle_field(&app, &manager, &car, "current_mileage").await,
        10_400,
        "the completion is a reading"
    );
    assert_eq!(
        vehicle_field(&app, &manager, &car, "status").await,
        "in_maintenance",
        "the brakes are still in progress"
    );

    let (status, _) = move_to(&app, &manager, &brakes, json!({"to": "cancelled"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        vehicle_field(&app, &manager, &car, "status").await,
        "active",
        "the last work in progress ended"
    );
    let (status, body) = move_to(&app, &manager, &oil, json!({"to": "scheduled"})).await;
    assert_eq!(
        (status, codes(&body, "to")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["move_not_allowed".to_owned()]
        )
    );
    assert_eq!(
        move_to(&app, &manager, &brakes, json!({"to": "scheduled"}))
            .await
            .0,
        StatusCode::OK,
        "cancelled work can be planned again"
    );

    let audited = [
        t.audit_count(&app, "maintenance.create").await,
        t.audit_count(&app, "maintenance.status").await,
        t.audit_count(&app, "vehicle.status").await,
        t.audit_count(&app, "mileage.record").await,
    ];
    assert_eq!(
        audited,
        [2, 5, 2, 2],
        "create ×2; start ×2, complete, cancel, replan; in and out of maintenance; two readings"
    );
}

#[tokio::test]
async fn a_completion_odometer_above_the_daily_limit_needs_a_confirmation() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let mechanic = app.token(&t.email("mechanic")).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("101 WRK 01"))
        .await;
    record_reading(&app, &manager, &car, 1_000, 1).await;
    let job = app
        .create(&mechanic, "/api/v1/maintenance", order(&car, "Tyres"))
        .await;

    let (status, body) = move_to(
        &app,
        &mechanic,
        &job,
        json!({"to": "completed", "mileage": "9000"}),
    )
    .await;
    assert_eq!(
        (status, codes(&body, "mileage")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["mileage_abnormal".to_owned()]
        )
    );
    let (_, still) = app
        .call(
            &mechanic,
            Method::GET,
            &format!("/api/v1/maintenance/{job}"),
            None,
        )
        .await;
    assert_eq!(
        still["status"], "scheduled",
        "a refused completion changes nothing"
    );
    let (status, done) = move_to(
        &app,
        &mechanic,
        &job,
        json!({"to": "completed", "mileage": "9000", "confirm": "true"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let (_, readings) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage?vehicle_id={car}"),
            None,
        )
        .await;
    let latest = &readings["items"][0];
    assert_eq!(
        (
            latest["value_km"].as_i64(),
            latest["abnormal"].as_bool(),
            latest["notes"].as_str()
        ),
        (Some(9_000), Some(true), Some("Tyres"))
    );
    assert_eq!(
        vehicle_field(&app, &manager, &car, "status").await,
        "active",
        "completing scheduled work never touched the vehicle"
    );
}

#[tokio::test]
async fn due_states_follow_the_date_and_the_odometer_and_the_list_filters() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("102 WRK 01"))
        .await;
    let other = app.create(&manager, "/api/v1/vehicles", json!({"plate": "103 WRK 01", "brand": "Lada", "model": "Niva", "year": 2020, "body_type": "suv", "fuel_type": "gasoline", "department": "Astana"})).await;
    record_reading(&app, &manager, &car, 20_000, 3).await;
    let plan = |title: &str, extra: Value| {
        let mut body = order(&car, title);
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    for (title, extra) in [
        ("late by date", json!({"scheduled_on": day(-1)})),
        ("later by date", json!({"scheduled_on": day(30)})),
        (
            "passed by km",
            json!({"scheduled_on": day(60), "due_km": "19 900"}),
        ),
        ("soon by km", json!({"due_km": "20 300"})),
        ("undated", json!({})),
        // The edges of the window, where SQL and Rust could disagree.
        ("today", json!({"scheduled_on": day(0)})),
        ("last day of the window", json!({"scheduled_on": day(14)})),
        ("day after the window", json!({"scheduled_on": day(15)})),
        ("at its km", json!({"due_km": "20 000"})),
        ("km window edge", json!({"due_km": "20 500"})),
        ("km past the window", json!({"due_km": "20 501"})),
    ] {
        app.create(&manager, "/api/v1/maintenance", plan(title, extra))
            .await;
    }
    app.create(
        &manager,
        "/api/v1/maintenance",
        json!({"vehicle": other, "kind": "repair", "title": "Clutch", "priority": "critical"}),
    )
    .await;

    let (status, list) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/maintenance?vehicle_id={car}"),
            None,
        )
        .await;
    assert_eq!(
        (status, list["total"].as_i64()),
        (StatusCode::OK, Some(11)),
        "{list}"
    );
    let due: Vec<(String, Value)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["title"].as_str().unwrap().to_owned(), o["due"].clone()))
        .collect();
    let expected = [
        ("late by date", "overdue"),
        ("later by date", "later"),
        ("passed by km", "overdue"),
        ("soon by km", "due_soon"),
        ("today", "due_soon"),
        ("last day of the window", "due_soon"),
        ("day after the window", "later"),
        ("at its km", "due_soon"),
        ("km window edge", "due_soon"),
        ("km past the window", "later"),
    ];
    for (title, state) in expected {
        assert!(
            due.contains(&(title.to_owned(), json!(state))),
            "{title} should be {state}: {due:?}"
        );
    }
    assert!(due.contains(&("undated".to_owned(), Value::Null)));
    assert_eq!(
        due.first().map(|d| d.0.as_str()),
        Some("late by date"),
        "the earliest date first"
    );

    // The due filter restates the rule in SQL: it must pick exactly the items in that state.
    let titles = |list: &Value| {
        let mut t: Vec<String> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["title"].as_str().unwrap().to_owned())
            .collect();
        t.sort();
        t
    };
    for state in ["overdue", "due_soon", "later"] {
        let (_, found) = app
            .call(
                &manager,
                Method::GET,
                &format!("/api/v1/maintenance?vehicle_id={car}&due={state}"),
                None,
            )
            .await;
        let mut wanted: Vec<String> = expected
            .iter()
            .filter(|(_, s)| *s == state)
            .map(|(t, _)| (*t).to_owned())
            .collect();
        wanted.sort();
        assert_eq!(
            (titles(&found), found["total"].as_i64()),
            (wanted.clone(), Some(wanted.len() as i64)),
            "due={state}"
        );
    }
    let (_, attention) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/maintenance?due=due_soon&due=overdue",
            None,
        )
        .await;
    assert_eq!(attention["total"], 7, "due soon or overdue, fleet-wide");

    let (_, critical) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/maintenance?priority=critical",
            None,
        )
        .await;
    assert_eq!(
        (
            critical["total"].as_i64(),
            critical["items"][0]["title"].as_str()
        ),
        (Some(1), Some("Clutch"))
    );
    let (_, astana) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/maintenance?department=Astana&kind=repair",
            None,
        )
        .await;
    assert_eq!(astana["total"], 1);
    let (_, in_progress) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/maintenance?status=in_progress",
            None,
        )
        .await;
    assert_eq!(in_progress["total"], 0);
}

#[tokio::test]
async fn open_and_closed_work_are_listed_apart_and_the_board_counts_each_column() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("107 WRK 01"))
        .await;
    record_reading(&app, &manager, &car, 5_000, 2).await;
    let mut jobs = Vec::new();
    for title in ["Waiting", "Started", "Done", "Dropped"] {
        jobs.push(
            app.create(&manager, "/api/v1/maintenance", order(&car, title))
                .await,
        );
    }
    assert_eq!(
        move_to(&app, &manager, &jobs[1], json!({"to": "in_progress"}))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        move_to(
            &app,
            &manager,
            &jobs[2],
            json!({"to": "completed", "mileage": "5100"})
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        move_to(&app, &manager, &jobs[3], json!({"to": "cancelled"}))
            .await
            .0,
        StatusCode::OK
    );
    let statuses = |list: &Value| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["status"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let (_, open) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/maintenance?vehicle_id={car}&open=true"),
            None,
        )
        .await;
    let (_, closed) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/maintenance?vehicle_id={car}&open=false"),
            None,
        )
        .await;
    let (mut open, mut closed) = (statuses(&open), statuses(&closed));
    open.sort();
    closed.sort();
    assert_eq!(
        (open, closed),
        (
            vec!["in_progress".to_owned(), "scheduled".to_owned()],
            vec!["cancelled".to_owned(), "completed".to_owned()]
        )
    );
    let (_, all) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/maintenance?vehicle_id={car}"),
            None,
        )
        .await;
    let all = statuses(&all);
    assert!(
        all[..2]
            .iter()
            .all(|s| s == "scheduled" || s == "in_progress"),
        "open work first: {all:?}"
    );

    // The board, as the page calls it: one column per status, filtered like the list.
    let (status, board) = app
        .server_fn(
            &manager,
            "/fn/maintenance/board",
            &[("query[department]", "Almaty")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{board}");
    let columns: Vec<(String, i64, usize)> = board
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["status"].as_str().unwrap().to_owned(),
                c["total"].as_i64().unwrap(),
                c["cards"].as_array().unwrap().len(),
            )
        })
        .collect();
    let one = |s: &str| (s.to_owned(), 1, 1);
    let counted_only = ("cancelled".to_owned(), 1, 0);
    assert_eq!(
        columns,
        vec![
            one("scheduled"),
            one("in_progress"),
            one("completed"),
            counted_only
        ]
    );
    let (_, elsewhere) = app
        .server_fn(
            &manager,
            "/fn/maintenance/board",
            &[("query[department]", "Astana")],
        )
        .await;
    assert!(
        elsewhere
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["total"] == 0),
        "{elsewhere}"
    );
    let other = TestTenant::create(&app).await;
    let stranger = app.token(&other.email("manager")).await;
    let (_, theirs) = app
        .server_fn(
            &stranger,
            "/fn/maintenance/board",
            &[("query[page][page]", "1"), ("query[page][per_page]", "50")],
        )
        .await;
    assert!(
        theirs.as_array().unwrap().iter().all(|c| c["total"] == 0),
        "another tenant's board is empty: {theirs}"
    );
    let driver = app.token(&t.email("driver")).await;
    assert_eq!(
        app.server_fn(
            &driver,
            "/fn/maintenance/board",
            &[("query[page][page]", "1"), ("query[page][per_page]", "50")]
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn roles_decide_who_reads_and_who_plans_and_bad_input_is_refused_by_field() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("104 WRK 01"))
        .await;
    let job = app
        .create(&manager, "/api/v1/maintenance", order(&car, "Inspection"))
        .await;
    for role in ["dispatcher", "viewer"] {
        let token = app.token(&t.email(role)).await;
        assert_eq!(
            app.call(&token, Method::GET, "/api/v1/maintenance", None)
                .await
                .0,
            StatusCode::OK,
            "{role} reads"
        );
        assert_eq!(
            app.call(
                &token,
                Method::POST,
                "/api/v1/maintenance",
                Some(order(&car, "x"))
            )
            .await
            .0,
            StatusCode::FORBIDDEN,
            "{role} plans nothing"
        );
        assert_eq!(
            move_to(&app, &token, &job, json!({"to": "in_progress"}))
                .await
                .0,
            StatusCode::FORBIDDEN,
            "{role} moves nothing"
        );
    }
    let driver = app.token(&t.email("driver")).await;
    assert_eq!(
        app.call(
            &driver,
            Method::GET,
            &format!("/api/v1/maintenance/{job}"),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/maintenance",
            Some(json!({"vehicle": "999 NOP 99", "kind": "oil", "title": "", "cost": "abc"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (
            codes(&body, "kind"),
            codes(&body, "title"),
            codes(&body, "cost")
        ),
        (
            vec!["unknown_choice".to_owned()],
            vec!["required".to_owned()],
            vec!["not_a_number".to_owned()]
        )
    );
    let (_, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/maintenance",
            Some(order("999 NOP 99", "Ghost")),
        )
        .await;
    assert_eq!(codes(&body, "vehicle"), vec!["unknown_choice"]);
    let (status, edited) = app.call(&manager, Method::PUT, &format!("/api/v1/maintenance/{job}"), Some(json!({"vehicle": "ignored", "kind": "inspection", "title": "Annual inspection", "service_provider": "TechCenter"}))).await;
    assert_eq!(
        (
            status,
            edited["title"].as_str(),
            edited["vehicle_id"].as_str()
        ),
        (
            StatusCode::OK,
            Some("Annual inspection"),
            Some(car.as_str())
        ),
        "{edited}"
    );
    assert_eq!(t.audit_count(&app, "maintenance.update").await, 1);

    assert_eq!(
        app.call(
            &manager,
            Method::DELETE,
            &format!("/api/v1/vehicles/{car}"),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    let (_, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/maintenance",
            Some(order(&car, "Too late")),
        )
        .await;
    assert_eq!(codes(&body, "vehicle"), vec!["vehicle_decommissioned"]);
    let (_, body) = move_to(&app, &manager, &job, json!({"to": "in_progress"})).await;
    assert_eq!(codes(&body, "to"), vec!["vehicle_decommissioned"]);
}

#[tokio::test]
async fn concurrent_moves_on_one_vehicle_leave_it_active_once_all_work_ends() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("105 WRK 01"))
        .await;
    let mut jobs = Vec::new();
    for i in 0..12 {
        let job = app
            .create(
                &manager,
                "/api/v1/maintenance",
                order(&car, &format!("Job {i}")),
            )
            .await;
        assert_eq!(
            move_to(&app, &manager, &job, json!({"to": "in_progress"}))
                .await
                .0,
            StatusCode::OK
        );
        jobs.push(job);
    }
    assert_eq!(
        vehicle_field(&app, &manager, &car, "status").await,
        "in_maintenance"
    );
    // Every job ends at once: whichever ends last must see that none is left.
    let calls = jobs.iter().map(|job| {
        let (app, manager) = (&app, &manager);
        async move {
            move_to(app, manager, job, json!({"to": "cancelled"}))
                .await
                .0
        }
    });
    let statuses = futures::future::join_all(calls).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(
        vehicle_field(&app, &manager, &car, "status").await,
        "active"
    );
    assert_eq!(
        t.audit_count(&app, "vehicle.status").await,
        2,
        "into maintenance once, out once"
    );
}

#[tokio::test]
async fn another_tenants_work_orders_cannot_be_seen_changed_or_moved() {
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
        .create(&manager_a, "/api/v1/vehicles", kia("106 WRK 01"))
        .await;
    let job = app
        .create(&manager_a, "/api/v1/maintenance", order(&car, "Theirs"))
        .await;

    assert_eq!(
        app.call(
            &manager_b,
            Method::GET,
            &format!("/api/v1/maintenance/{job}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            &manager_b,
            Method::GET,
            &format!("/api/v1/maintenance?vehicle_id={car}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (_, theirs) = app
        .call(&manager_b, Method::GET, "/api/v1/maintenance", None)
        .await;
    assert_eq!(theirs["total"], 0);
    let (status, _) = app
        .call(
            &manager_b,
            Method::PUT,
            &format!("/api/v1/maintenance/{job}"),
            Some(order(&car, "Mine")),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        move_to(&app, &manager_b, &job, json!({"to": "cancelled"}))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    for reference in [car.as_str(), "106 WRK 01"] {
        let (_, body) = app
            .call(
                &manager_b,
                Method::POST,
                "/api/v1/maintenance",
                Some(order(reference, "Sneaky")),
            )
            .await;
        assert_eq!(
            codes(&body, "vehicle"),
            vec!["unknown_choice"],
            "{reference}"
        );
    }
    let (_, still) = app
        .call(
            &manager_a,
            Method::GET,
            &format!("/api/v1/maintenance/{job}"),
            None,
        )
        .await;
    assert_eq!(
        (still["title"].as_str(), still["status"].as_str()),
        (Some("Theirs"), Some("scheduled"))
    );
}
