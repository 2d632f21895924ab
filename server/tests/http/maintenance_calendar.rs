//! The maintenance calendar over REST: work falls on its booked day or, due at a kilometre
//! only, on its forecast; overdue work from before the period is listed apart; rescheduling
//! books scheduled work for today or later, audited, and reaches nobody else's work.

use chrono::{Datelike, Duration, NaiveDate, SecondsFormat, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes, kia};

fn today() -> NaiveDate {
    app::fleet::vehicles::today_in("Asia/Almaty")
}

fn plan(vehicle: &str, title: &str, extra: Value) -> Value {
    let mut body = json!({"vehicle": vehicle, "kind": "scheduled_service", "title": title});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    body
}

/// The week holding `day`: its entries' titles by day, and the overdue titles from before it.
async fn week(app: &TestApp, token: &str, day: NaiveDate) -> (Vec<(String, String)>, Vec<String>) {
    let (status, cal) = app
        .call(
            token,
            Method::GET,
            &format!("/api/v1/maintenance/calendar?view=week&on={day}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cal}");
    let title = |e: &Value| e["title"].as_str().unwrap().to_owned();
    let entries = cal["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["scheduled_on"].as_str().unwrap_or("forecast").to_owned(),
                title(e),
            )
        })
        .collect();
    (
        entries,
        cal["overdue_before"]
            .as_array()
            .unwrap()
            .iter()
            .map(title)
            .collect(),
    )
}

#[tokio::test]
async fn work_falls_on_its_booked_or_forecast_day_and_is_rescheduled_from_today_on() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("110 CAL 01"))
        .await;
    // 100 km a day over ten days.
    for (km, days_ago) in [(10_000, 10), (11_000, 0)] {
        let at = (Utc::now() - Duration::days(days_ago)).to_rfc3339_opts(SecondsFormat::Secs, true);
        let (status, body) = app
            .call(
                &manager,
                Method::POST,
                "/api/v1/mileage",
                Some(json!({"vehicle": car, "value": km.to_string(), "recorded_at": at})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let monday = today() - Duration::days(i64::from(today().weekday().num_days_from_monday()));
    let in_week = |n: i64| (monday + Duration::days(n)).to_string();
    let booked = app
        .create(
            &manager,
            "/api/v1/maintenance",
            plan(&car, "Booked", json!({"scheduled_on": in_week(6)})),
        )
        .await;
    // 11,000 → 11,300 at 100 km a day: forecast three days from today.
    app.create(
        &manager,
        "/api/v1/maintenance",
        plan(&car, "By the odometer", json!({"due_km": "11300"})),
    )
    .await;
    app.create(
        &manager,
        "/api/v1/maintenance",
        plan(
            &car,
            "Next month",
            json!({"scheduled_on": (monday + Duration::days(40)).to_string()}),
        ),
    )
    .await;
    let late = app
        .create(
            &manager,
            "/api/v1/maintenance",
            plan(
                &car,
                "Long overdue",
                json!({"scheduled_on": (monday - Duration::days(20)).to_string()}),
            ),
        )
        .await;
    let started = app
        .create(
            &manager,
            "/api/v1/maintenance",
            plan(&car, "Started", json!({"scheduled_on": in_week(1)})),
        )
        .await;
    let (status, _) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/maintenance/{started}/move"),
            Some(json!({"to": "in_progress"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (entries, overdue) = week(&app, &manager, today()).await;
    let forecast_day = today() + Duration::days(3);
    // By day; on the same day, booked work before forecast work.
    let sunday = monday + Duration::days(6);
    let mut expected = vec![(in_week(6), "Booked".to_owned())];
    let by_odometer = ("forecast".to_owned(), "By the odometer".to_owned());
    if forecast_day < sunday {
        expected.insert(0, by_odometer);
    } else if forecast_day == sunday {
        expected.push(by_odometer);
    }
    assert_eq!(
        entries, expected,
        "work in progress and next month's are not in this week"
    );
    assert_eq!(overdue, vec!["Long overdue"]);
    let (next_week, _) = week(&app, &manager, monday + Duration::days(7)).await;
    assert_eq!(
        next_week.iter().any(|(_, t)| t == "By the odometer"),
        forecast_day > sunday
    );

    // Rescheduling: today or later, scheduled work only, audited.
    let reschedule = |id: &str, on: String| {
        let (app, manager, id) = (&app, &manager, id.to_owned());
        async move {
            app.call(
                manager,
                Method::POST,
                &format!("/api/v1/maintenance/{id}/reschedule"),
                Some(json!({"scheduled_on": on})),
            )
            .await
        }
    };
    let (status, moved) = reschedule(&late, today().to_string()).await;
    assert_eq!(
        (
            status,
            moved["scheduled_on"].as_str(),
            moved["due"].as_str()
        ),
        (
            StatusCode::OK,
            Some(today().to_string().as_str()),
            Some("due_soon")
        ),
        "{moved}"
    );
    assert_eq!(t.audit_count(&app, "maintenance.reschedule").await, 1);
    let (_, overdue) = week(&app, &manager, today()).await;
    assert!(overdue.is_empty());
    let (status, body) = reschedule(&booked, (today() - Duration::days(1)).to_string()).await;
    assert_eq!(
        (status, codes(&body, "scheduled_on")),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["in_past".to_owned()])
    );
    let (_, body) = reschedule(&booked, "someday".to_owned()).await;
    assert_eq!(codes(&body, "scheduled_on"), vec!["invalid_date"]);
    let (_, body) = reschedule(&started, today().to_string()).await;
    assert_eq!(codes(&body, "scheduled_on"), vec!["not_scheduled"]);
    assert_eq!(
        t.audit_count(&app, "maintenance.reschedule").await,
        1,
        "refusals write nothing"
    );
}

#[tokio::test]
async fn readers_see_the_calendar_planners_reschedule_and_other_tenants_reach_nothing() {
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
        .create(&manager_a, "/api/v1/vehicles", kia("111 CAL 01"))
        .await;
    let job = app
        .create(
            &manager_a,
            "/api/v1/maintenance",
            plan(&car, "Theirs", json!({"scheduled_on": today().to_string()})),
        )
        .await;
    let body = json!({"scheduled_on": (today() + Duration::days(2)).to_string()});
    let path = format!("/api/v1/maintenance/{job}/reschedule");

    let viewer = app.token(&a.email("viewer")).await;
    assert_eq!(
        week(&app, &viewer, today()).await.0.len(),
        1,
        "a viewer reads the calendar"
    );
    assert_eq!(
        app.call(&viewer, Method::POST, &path, Some(body.clone()))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let driver = app.token(&a.email("driver")).await;
    assert_eq!(
        app.call(&driver, Method::GET, "/api/v1/maintenance/calendar", None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    assert!(week(&app, &manager_b, today()).await.0.is_empty());
    assert_eq!(
        app.call(&manager_b, Method::POST, &path, Some(body))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, still) = app
        .call(
            &manager_a,
            Method::GET,
            &format!("/api/v1/maintenance/{job}"),
            None,
        )
        .await;
    assert_eq!(
        still["scheduled_on"].as_str(),
        Some(today().to_string().as_str())
    );
}
