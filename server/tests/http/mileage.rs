//! Odometer readings over REST (and the bulk form as a page posts it): the order rule, the
//! abnormal-jump confirmation, the unusual flag, voiding with the current mileage recomputed,
//! drivers limited to their own vehicles, per-role permissions, and no way into another tenant.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes, kia};

fn days_ago(days: i64) -> String {
    (Utc::now() - Duration::days(days)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn reading(
    app: &TestApp,
    token: &str,
    vehicle: &str,
    km: i64,
    at: &str,
) -> (StatusCode, Value) {
    let body = json!({"vehicle": vehicle, "value": km.to_string(), "recorded_at": at});
    app.call(token, Method::POST, "/api/v1/mileage", Some(body))
        .await
}

async fn current_mileage(app: &TestApp, token: &str, vehicle: &str) -> i64 {
    let (status, v) = app
        .call(
            token,
            Method::GET,
            &format!("/api/v1/vehicles/{vehicle}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["current_mileage"].as_i64().unwrap()
}

async fn reading_count(app: &TestApp, t: &TestTenant) -> i64 {
    sqlx::query_scalar("select count(*) from mileage_readings where tenant_id = $1")
        .bind(t.id.0)
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn readings_must_rise_with_time_and_back_dated_ones_fit_between_their_neighbours() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("100 MIL 01"))
        .await;

    assert_eq!(
        reading(&app, &manager, &car, 10_000, &days_ago(10)).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        reading(&app, &manager, "100mil01", 10_500, &days_ago(5))
            .await
            .0,
        StatusCode::CREATED,
        "by plate, typed loosely"
    );
    let (status, back_dated) = reading(&app, &manager, &car, 10_200, &days_ago(7)).await;
    assert_eq!(status, StatusCode::CREATED, "{back_dated}");
    assert_eq!(
        current_mileage(&app, &manager, &car).await,
        10_500,
        "a back-dated reading is not the latest"
    );

    let (status, body) = reading(&app, &manager, &car, 10_600, &days_ago(6)).await;
    assert_eq!(
        (status, codes(&body, "value")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["mileage_above_next".to_owned()]
        )
    );
    let (status, body) = reading(&app, &manager, &car, 10_100, &days_ago(0)).await;
    assert_eq!(
        (status, codes(&body, "value")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["mileage_below_previous".to_owned()]
        )
    );
    let (_, body) = reading(&app, &manager, &car, 10_500, &days_ago(-1)).await;
    assert_eq!(codes(&body, "recorded_at"), vec!["in_future"]);
    let at = back_dated["recorded_at"].as_str().unwrap().to_owned();
    let (status, body) = reading(&app, &manager, &car, 10_200, &at).await;
    assert_eq!(
        (status, codes(&body, "recorded_at")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["mileage_same_time".to_owned()]
        )
    );
    let (_, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/mileage",
            Some(json!({"vehicle": car, "value": "12.5 km"})),
        )
        .await;
    assert_eq!(codes(&body, "value"), vec!["not_a_number"]);

    assert_eq!(
        reading_count(&app, &t).await,
        3,
        "refused readings were not saved"
    );
    assert_eq!(t.audit_count(&app, "mileage.record").await, 3);
    let (_, list) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage?vehicle_id={car}"),
            None,
        )
        .await;
    let values: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value_km"].as_i64().unwrap())
        .collect();
    assert_eq!(values, vec![10_500, 10_200, 10_000], "latest first");
}

#[tokio::test]
async fn an_abnormal_jump_needs_a_confirmation_and_voiding_recomputes_the_mileage() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("101 MIL 01"))
        .await;
    reading(&app, &manager, &car, 50_000, &days_ago(30)).await;
    reading(&app, &manager, &car, 53_000, &days_ago(2)).await;

    // 5,000 km in two days against the default limit of 1,000 km a day.
    let (status, body) = reading(&app, &manager, &car, 58_000, &days_ago(0)).await;
    assert_eq!(
        (status, codes(&body, "value")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["mileage_abnormal".to_owned()]
        )
    );
    assert_eq!(current_mileage(&app, &manager, &car).await, 53_000);
    let confirmed =
        json!({"vehicle": car, "value": "58 000", "recorded_at": days_ago(0), "confirm": "true"});
    let (status, abnormal) = app
        .call(&manager, Method::POST, "/api/v1/mileage", Some(confirmed))
        .await;
    assert_eq!(
        (status, abnormal["abnormal"].as_bool()),
        (StatusCode::CREATED, Some(true)),
        "{abnormal}"
    );
    assert_eq!(current_mileage(&app, &manager, &car).await, 58_000);
    let (_, stats) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage/stats/{car}"),
            None,
        )
        .await;
    assert_eq!(
        (
            stats["current_km"].as_i64(),
            stats["total_km"].as_i64(),
            stats["readings"].as_i64()
        ),
        (Some(58_000), Some(8_000), Some(3))
    );

    let void_path = format!("/api/v1/mileage/{}/void", abnormal["id"].as_str().unwrap());
    for role in ["dispatcher", "viewer", "driver"] {
        let token = app.token(&t.email(role)).await;
        let (status, _) = app
            .call(
                &token,
                Method::POST,
                &void_path,
                Some(json!({"reason": "typo"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role} may not void");
    }
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            &void_path,
            Some(json!({"reason": "  "})),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "reason")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["required".to_owned()]
        )
    );
    let (status, voided) = app
        .call(
            &manager,
            Method::POST,
            &void_path,
            Some(json!({"reason": "Typed 58 for 53"})),
        )
        .await;
    assert_eq!(
        (status, voided["void_reason"].as_str()),
        (StatusCode::OK, Some("Typed 58 for 53")),
        "{voided}"
    );
    assert_eq!(
        current_mileage(&app, &manager, &car).await,
        53_000,
        "back to the latest live reading"
    );
    let (_, stats) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage/stats/{car}"),
            None,
        )
        .await;
    assert_eq!(
        (stats["total_km"].as_i64(), stats["readings"].as_i64()),
        (Some(3_000), Some(2))
    );
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            &void_path,
            Some(json!({"reason": "again"})),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "reason")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["already_voided".to_owned()]
        )
    );
    // The voided reading stays in the history, and a lower reading is accepted again.
    let (_, list) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage?vehicle_id={car}"),
            None,
        )
        .await;
    assert_eq!(list["total"], 3);
    assert_eq!(
        reading(&app, &manager, &car, 53_400, &days_ago(0)).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        (
            t.audit_count(&app, "mileage.void").await,
            t.audit_count(&app, "mileage.record").await
        ),
        (1, 4)
    );
}

#[tokio::test]
async fn a_distance_far_above_the_vehicles_usual_is_flagged_unusual() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("102 MIL 01"))
        .await;
    // About 100 km a day for a week.
    for (day, km) in [
        (8, 1_000),
        (7, 1_100),
        (6, 1_190),
        (5, 1_300),
        (4, 1_395),
        (3, 1_500),
        (2, 1_600),
    ] {
        let (status, body) = reading(&app, &manager, &car, km, &days_ago(day)).await;
        assert_eq!(
            (status, body["unusual"].as_bool()),
            (StatusCode::CREATED, Some(false)),
            "{body}"
        );
    }
    // 600 km in a day: under the tenant's limit, far above this car's usual.
    let (status, body) = reading(&app, &manager, &car, 2_200, &days_ago(1)).await;
    assert_eq!(
        (
            status,
            body["unusual"].as_bool(),
            body["abnormal"].as_bool()
        ),
        (StatusCode::CREATED, Some(true), Some(false)),
        "{body}"
    );
}

#[tokio::test]
async fn bulk_entry_saves_the_good_rows_and_reports_the_bad_ones() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let a = app
        .create(&manager, "/api/v1/vehicles", kia("103 MIL 01"))
        .await;
    let b = app
        .create(&manager, "/api/v1/vehicles", kia("104 MIL 01"))
        .await;
    let c = app
        .create(&manager, "/api/v1/vehicles", kia("105 MIL 01"))
        .await;
    reading(&app, &manager, &b, 90_000, &days_ago(3)).await;

    // As the page posts it: nested form fields, a blank row skipped.
    let form = [
        ("form[recorded_at]", ""),
        ("form[source]", "manual"),
        ("form[rows][0][vehicle]", a.as_str()),
        ("form[rows][0][value]", "12 000"),
        ("form[rows][1][vehicle]", b.as_str()),
        ("form[rows][1][value]", "80000"),
        ("form[rows][2][vehicle]", c.as_str()),
        ("form[rows][2][value]", ""),
    ];
    let (status, outcome) = app.server_fn(&manager, "/fn/mileage/bulk", &form).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["saved"], 1);
    assert_eq!(outcome["failed"][0]["vehicle"].as_str(), Some(b.as_str()));
    assert_eq!(
        outcome["failed"][0]["value"], "80000",
        "what was typed comes back"
    );
    assert_eq!(
        outcome["failed"][0]["errors"]["value"],
        json!(["mileage_below_previous"])
    );
    assert_eq!(current_mileage(&app, &manager, &a).await, 12_000);
    assert_eq!(current_mileage(&app, &manager, &b).await, 90_000);
    assert_eq!(current_mileage(&app, &manager, &c).await, 0);

    // REST takes the same form as JSON.
    let body = json!({"rows": [{"vehicle": c, "value": "7 000"}, {"vehicle": "no such car", "value": "1"}]});
    let (status, outcome) = app
        .call(&manager, Method::POST, "/api/v1/mileage/bulk", Some(body))
        .await;
    assert_eq!(
        (status, outcome["saved"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{outcome}"
    );
    assert_eq!(
        outcome["failed"][0]["errors"]["vehicle"],
        json!(["unknown_choice"])
    );
}

#[tokio::test]
async fn a_driver_records_readings_only_for_the_vehicles_assigned_to_them() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let (mine, other) = (
        app.create(&manager, "/api/v1/vehicles", kia("106 MIL 01"))
            .await,
        app.create(&manager, "/api/v1/vehicles", kia("107 MIL 01"))
            .await,
    );
    let driver_user: uuid::Uuid = sqlx::query_scalar("select id from users where email = $1")
        .bind(t.email("driver"))
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let driver_token = app.token(&t.email("driver")).await;
    // Not linked to a driver record yet: nothing to record for.
    let (status, _) = reading(&app, &driver_token, &mine, 100, &days_ago(0)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let driver = json!({"full_name": "Aigerim S", "employee_number": "D-1", "user_id": driver_user.to_string(), "licence_expiry": "2030-01-01"});
    let driver_id = app.create(&manager, "/api/v1/drivers", driver).await;
    let assign = json!({"vehicle": mine, "driver": driver_id, "starts_at": days_ago(3)});
    app.create(&manager, "/api/v1/drivers/assignments", assign)
        .await;

    let (status, body) = reading(&app, &driver_token, &mine, 100, &days_ago(0)).await;
    assert_eq!(
        (status, body["driver_id"].as_str()),
        (StatusCode::CREATED, Some(driver_id.as_str())),
        "{body}"
    );
    let (status, body) = reading(&app, &driver_token, &other, 100, &days_ago(0)).await;
    assert_eq!(
        (status, codes(&body, "vehicle")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["not_your_vehicle".to_owned()]
        )
    );
    let (_, body) = reading(&app, &driver_token, &mine, 50, &days_ago(5)).await;
    assert_eq!(
        codes(&body, "vehicle"),
        vec!["not_your_vehicle"],
        "before the assignment began"
    );
    // The bulk page lists only their vehicle; they cannot read the mileage of the fleet.
    let (status, page) = app.server_fn(&driver_token, "/fn/mileage/entry", &[]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let plates: Vec<&str> = page["vehicles"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["plate"].as_str().unwrap())
        .collect();
    assert_eq!(
        (plates, page["own_only"].as_bool()),
        (vec!["106 MIL 01"], Some(true))
    );
    let (status, _) = app
        .call(
            &driver_token,
            Method::GET,
            &format!("/api/v1/mileage?vehicle_id={mine}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The driver's mileage tab shows what they entered.
    let (_, entered) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage?driver_id={driver_id}"),
            None,
        )
        .await;
    assert_eq!(entered["total"], 1);

    // Mechanics and dispatchers record for any vehicle; viewers only read.
    for (role, expected) in [
        ("mechanic", StatusCode::CREATED),
        ("dispatcher", StatusCode::CREATED),
        ("viewer", StatusCode::FORBIDDEN),
    ] {
        let token = app.token(&t.email(role)).await;
        let (status, body) = reading(&app, &token, &other, 1_000, &days_ago(0)).await;
        assert_eq!(status, expected, "{role}: {body}");
        sqlx::query("delete from mileage_readings where tenant_id = $1 and vehicle_id = $2::uuid")
            .bind(t.id.0)
            .bind(&other)
            .execute(&app.owner)
            .await
            .unwrap();
    }
    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        app.call(
            &viewer,
            Method::GET,
            &format!("/api/v1/mileage?vehicle_id={mine}"),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn another_tenants_readings_cannot_be_seen_written_or_voided() {
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
        .create(&manager_a, "/api/v1/vehicles", kia("108 MIL 01"))
        .await;
    let (_, r) = reading(&app, &manager_a, &car, 5_000, &days_ago(1)).await;
    let id = r["id"].as_str().unwrap();

    let (status, _) = app
        .call(
            &manager_b,
            Method::GET,
            &format!("/api/v1/mileage?vehicle_id={car}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call(
            &manager_b,
            Method::GET,
            &format!("/api/v1/mileage/stats/{car}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = reading(&app, &manager_b, &car, 6_000, &days_ago(0)).await;
    assert_eq!(
        (status, codes(&body, "vehicle")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );
    let (status, body) = reading(&app, &manager_b, "108 MIL 01", 6_000, &days_ago(0)).await;
    assert_eq!(
        codes(&body, "vehicle"),
        vec!["unknown_choice"],
        "{status}: not by plate either"
    );
    let (status, _) = app
        .call(
            &manager_b,
            Method::POST,
            &format!("/api/v1/mileage/{id}/void"),
            Some(json!({"reason": "mine now"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(current_mileage(&app, &manager_a, &car).await, 5_000);
    assert_eq!(reading_count(&app, &b).await, 0);
}

#[tokio::test]
async fn concurrent_readings_of_one_vehicle_are_checked_one_after_the_other() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("109 MIL 01"))
        .await;
    reading(&app, &manager, &car, 1_000, &days_ago(2)).await;
    // Twenty readings at the same moment: one is stored, the others meet it.
    let at: DateTime<Utc> = Utc::now() - Duration::hours(1);
    let at = at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let calls = (0..20).map(|i| {
        let (app, manager, car, at) = (&app, &manager, &car, &at);
        async move { reading(app, manager, car, 1_100 + i, at).await }
    });
    let results = futures::future::join_all(calls).await;
    let created = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "{results:?}");
    for (status, body) in results.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
        assert_eq!(
            (*status, codes(body, "recorded_at")),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                vec!["mileage_same_time".to_owned()]
            )
        );
    }
    let stored: i64 = sqlx::query_scalar("select value_km from mileage_readings where vehicle_id = $1::uuid order by recorded_at desc limit 1")
        .bind(&car)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(current_mileage(&app, &manager, &car).await, stored);
}

#[tokio::test]
async fn the_admin_sets_the_daily_limit_that_decides_what_is_abnormal() {
    let app = TestApp::spawn().await;
    let (t, other) = (
        TestTenant::create(&app).await,
        TestTenant::create(&app).await,
    );
    let (admin, manager) = (
        app.token(&t.email("admin")).await,
        app.token(&t.email("manager")).await,
    );
    let (status, rules) = app
        .call(&admin, Method::GET, "/api/v1/settings/fleet", None)
        .await;
    assert_eq!(
        (status, rules),
        (
            StatusCode::OK,
            json!({"drivers_share_vehicles": false, "mileage_daily_limit_km": 1000})
        )
    );
    let stricter = json!({"drivers_share_vehicles": "true", "mileage_daily_limit_km": "300"});
    assert_eq!(
        app.call(
            &manager,
            Method::PUT,
            "/api/v1/settings/fleet",
            Some(stricter.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = app
        .call(
            &admin,
            Method::PUT,
            "/api/v1/settings/fleet",
            Some(json!({"mileage_daily_limit_km": "0"})),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "mileage_daily_limit_km")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["out_of_range".to_owned()]
        )
    );
    let (status, rules) = app
        .call(
            &admin,
            Method::PUT,
            "/api/v1/settings/fleet",
            Some(stricter),
        )
        .await;
    assert_eq!(
        (
            status,
            rules["mileage_daily_limit_km"].as_i64(),
            rules["drivers_share_vehicles"].as_bool()
        ),
        (StatusCode::OK, Some(300), Some(true))
    );
    assert_eq!(t.audit_count(&app, "tenant.fleet_rules").await, 1);
    let other_admin = app.token(&other.email("admin")).await;
    let (_, theirs) = app
        .call(&other_admin, Method::GET, "/api/v1/settings/fleet", None)
        .await;
    assert_eq!(
        theirs["mileage_daily_limit_km"], 1000,
        "another tenant's rules are their own"
    );

    // 400 km a day is within the default limit, above this tenant's.
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("110 MIL 01"))
        .await;
    reading(&app, &manager, &car, 1_000, &days_ago(2)).await;
    let (status, body) = reading(&app, &manager, &car, 1_800, &days_ago(0)).await;
    assert_eq!(
        (status, codes(&body, "value")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["mileage_abnormal".to_owned()]
        )
    );
}
