//! Budgets over REST: a department's or a vehicle's month against its converted expenses, the
//! warning and over states, replacing a month's budget, refusals, roles and other tenants.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes, day, kia};

async fn month(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, body) = app
        .call(
            token,
            Method::GET,
            &format!("/api/v1/budgets?{query}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn a_budget_weighs_the_months_converted_expenses_of_its_department_or_vehicle() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let first = app
        .create(&manager, "/api/v1/vehicles", kia("100 BUD 01"))
        .await;
    let second = app
        .create(&manager, "/api/v1/vehicles", kia("101 BUD 01"))
        .await;
    let mut elsewhere = kia("102 BUD 01");
    elsewhere["department"] = json!("Astana");
    let elsewhere = app.create(&manager, "/api/v1/vehicles", elsewhere).await;
    for (vehicle, amount, currency) in [
        (&first, "10000", "KZT"),
        (&second, "5000", "KZT"),
        (&elsewhere, "3000", "KZT"),
        (&first, "20", "USD"),
    ] {
        app.create(&manager, "/api/v1/expenses", json!({"vehicle": vehicle, "category": "parking", "amount": amount, "currency": currency, "spent_on": day(0)})).await;
    }
    let this_month = &day(0)[..7];

    let set = |body: Value| app.call(&manager, Method::PUT, "/api/v1/budgets", Some(body));
    let (status, almaty) =
        set(json!({"month": this_month, "department": "Almaty", "amount": "16 000"})).await;
    assert_eq!(status, StatusCode::OK, "{almaty}");
    // 15 000 of 16 000 (93.75 %) is past the default 90 % alert; the USD parking has no rate.
    assert_eq!(
        (
            almaty["actual"].as_str(),
            almaty["without_rate"].as_i64(),
            almaty["alert_percent"].as_i64()
        ),
        (Some("15000.00"), Some(1), Some(90))
    );
    let (_, own) =
        set(json!({"month": this_month, "vehicle": "100 BUD 01", "amount": "9000"})).await;
    assert_eq!(
        (own["plate"].as_str(), own["actual"].as_str()),
        (Some("100 BUD 01"), Some("10000.00"))
    );

    let shown = month(&app, &manager, &format!("month={this_month}")).await;
    let states: Vec<_> = shown["budgets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["state"].as_str().unwrap(),
                b["used_percent"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        states,
        vec![("warning", "93.8".to_owned()), ("over", "111.1".to_owned())],
        "departments first, then vehicles"
    );
    assert_eq!(
        month(&app, &manager, "").await["budgets"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "the current month by default"
    );

    // A second budget for the month and department replaces the first.
    let (_, raised) = set(json!({"month": format!("{this_month}-15"), "department": "Almaty", "amount": "30000", "alert_percent": "60"})).await;
    assert_eq!(raised["id"], almaty["id"]);
    let shown = month(&app, &manager, &format!("month={this_month}")).await;
    assert_eq!(
        (
            shown["budgets"].as_array().unwrap().len(),
            shown["budgets"][0]["state"].as_str()
        ),
        (2, Some("within"))
    );
    assert_eq!(t.audit_count(&app, "budget.set").await, 3);

    let (status, error) = set(json!({"month": this_month, "amount": "1"})).await;
    assert_eq!(
        (status, codes(&error, "department")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["required".to_owned()]
        )
    );
    let (status, error) =
        set(json!({"month": "soon", "vehicle": "NO SUCH 1", "amount": "1"})).await;
    assert_eq!(
        (status, codes(&error, "month")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["invalid_date".to_owned()]
        )
    );
    let (status, error) =
        set(json!({"month": this_month, "vehicle": "NO SUCH 1", "amount": "1"})).await;
    assert_eq!(
        (status, codes(&error, "vehicle")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );
    assert_eq!(
        t.audit_count(&app, "budget.set").await,
        3,
        "refusals write nothing"
    );

    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        month(&app, &viewer, "").await["budgets"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        app.call(
            &viewer,
            Method::PUT,
            "/api/v1/budgets",
            Some(json!({"month": this_month, "department": "X", "amount": "1"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let mechanic = app.token(&t.email("mechanic")).await;
    assert_eq!(
        app.call(&mechanic, Method::GET, "/api/v1/budgets", None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    let other = TestTenant::create(&app).await;
    let stranger = app.token(&other.email("manager")).await;
    assert_eq!(
        month(&app, &stranger, "").await["budgets"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let id = own["id"].as_str().unwrap();
    assert_eq!(
        app.call(
            &stranger,
            Method::DELETE,
            &format!("/api/v1/budgets/{id}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, error) = app
        .call(
            &stranger,
            Method::PUT,
            "/api/v1/budgets",
            Some(json!({"month": this_month, "vehicle": first, "amount": "1"})),
        )
        .await;
    assert_eq!(
        (status, codes(&error, "vehicle")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );
    // Their own Almaty budget sums none of our expenses.
    let (_, theirs) = app
        .call(
            &stranger,
            Method::PUT,
            "/api/v1/budgets",
            Some(json!({"month": this_month, "department": "Almaty", "amount": "100"})),
        )
        .await;
    assert_eq!(theirs["actual"].as_str(), Some("0"), "{theirs}");

    assert_eq!(
        app.call(
            &manager,
            Method::DELETE,
            &format!("/api/v1/budgets/{id}"),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        month(&app, &manager, "").await["budgets"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
