//! Contracts over REST: the status read off the dates on the tenant's day, the expiry steps,
//! the "expiring soon" list, renewal (linked, the old one closed, refused twice), cancellation,
//! refusals that write nothing, roles, and no way into another tenant.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes, day, kia};

fn osago(vehicle: &str, starts: i64, ends: i64) -> Value {
    json!({"vehicle": vehicle, "contract_type": "insurance_osago", "contractor": "Nomad Insurance", "number": format!("OS-{ends}"),
           "starts_on": day(starts), "ends_on": day(ends), "amount": "24 000", "payment_frequency": "annual"})
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, page) = app
        .call(
            token,
            Method::GET,
            &format!("/api/v1/contracts?per_page=100&{query}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

fn field<'a>(page: &'a Value, key: &str) -> Vec<&'a Value> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c[key])
        .collect()
}

#[tokio::test]
async fn the_status_follows_the_dates_and_expiring_contracts_reach_their_step() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("100 CON 01"))
        .await;
    for ends in [60, 31, 30, 10, 3, 0, -1] {
        app.create(&manager, "/api/v1/contracts", osago(&car, ends - 365, ends))
            .await;
    }

    let all = list(&app, &manager, "").await;
    // Running ones first, the soonest to end first; the ended one last.
    assert_eq!(
        field(&all, "days_left"),
        vec![
            &json!(0),
            &json!(3),
            &json!(10),
            &json!(30),
            &json!(31),
            &json!(60),
            &json!(-1)
        ]
    );
    let statuses: Vec<_> = field(&all, "status")
        .into_iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "pending_renewal",
            "pending_renewal",
            "pending_renewal",
            "pending_renewal",
            "active",
            "active",
            "expired"
        ]
    );
    let counts: std::collections::BTreeMap<String, i64> = all["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_owned(), p[1].as_i64().unwrap()))
        .collect();
    assert_eq!(
        counts,
        [
            ("active".to_owned(), 2),
            ("expired".to_owned(), 1),
            ("pending_renewal".to_owned(), 4)
        ]
        .into()
    );

    let pending = list(&app, &manager, "status=pending_renewal").await;
    assert_eq!(pending["total"].as_i64(), Some(4));
    assert_eq!(
        list(&app, &manager, "expiring_within=14").await["total"].as_i64(),
        Some(3),
        "0, 3 and 10 days left"
    );

    let (status, expiring) = app
        .call(&manager, Method::GET, "/api/v1/contracts/expiring", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{expiring}");
    assert_eq!(
        field(&expiring, "expiry_step"),
        vec![&json!(7), &json!(7), &json!(14), &json!(30)]
    );
}

#[tokio::test]
async fn a_renewal_follows_on_links_both_and_closes_the_old_one() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("101 CON 01"))
        .await;
    let old = app
        .create(&manager, "/api/v1/contracts", osago(&car, -345, 20))
        .await;

    let (status, new) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/contracts/{old}/renew"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{new}");
    // The same length (365 days) from the day after the old end, the same amount and number.
    assert_eq!(
        (new["starts_on"].as_str(), new["ends_on"].as_str()),
        (Some(day(21).as_str()), Some(day(386).as_str()))
    );
    assert_eq!(
        (
            new["amount"].as_str(),
            new["number"].as_str(),
            new["renewal_of"].as_str()
        ),
        (Some("24000.00"), Some("OS-20"), Some(old.as_str()))
    );
    let (_, closed) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/contracts/{old}"),
            None,
        )
        .await;
    assert_eq!(
        (closed["renewed_by"].clone(), closed["status"].as_str()),
        (new["id"].clone(), Some("active")),
        "renewed, it runs to its end and asks for nothing"
    );
    assert_eq!(
        list(&app, &manager, "expiring_within=30").await["total"].as_i64(),
        Some(0)
    );

    let (status, twice) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/contracts/{old}/renew"),
            Some(json!({})),
        )
        .await;
    assert_eq!(
        (status, codes(&twice, "contract")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["contract_closed".to_owned()]
        )
    );
    assert_eq!(
        list(&app, &manager, "").await["total"].as_i64(),
        Some(2),
        "the refused renewal wrote nothing"
    );

    // A renewal starting before the old end cuts the old one short; the new amount is kept.
    let second = app
        .create(&manager, "/api/v1/contracts", osago(&car, -300, 65))
        .await;
    let (status, early) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/contracts/{second}/renew"),
            Some(json!({"starts_on": day(10), "ends_on": day(374), "amount": "26 500"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{early}");
    assert_eq!(early["amount"].as_str(), Some("26500.00"));
    let (_, cut) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/contracts/{second}"),
            None,
        )
        .await;
    assert_eq!(cut["ends_on"].as_str(), Some(day(9).as_str()));
    let (status, bad) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/contracts/{}/renew", early["id"].as_str().unwrap()),
            Some(json!({"starts_on": day(5), "ends_on": "soon"})),
        )
        .await;
    assert_eq!(
        (status, codes(&bad, "starts_on"), codes(&bad, "ends_on")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["out_of_range".to_owned()],
            vec!["invalid_date".to_owned()]
        )
    );

    let (status, cancelled) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/contracts/{}/cancel", new["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(
        (status, cancelled["status"].as_str()),
        (StatusCode::OK, Some("cancelled")),
        "{cancelled}"
    );
    let (status, again) = app
        .call(
            &manager,
            Method::POST,
            &format!("/api/v1/contracts/{}/cancel", new["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(
        (status, codes(&again, "contract")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["contract_closed".to_owned()]
        )
    );
    assert_eq!(
        (
            t.audit_count(&app, "contract.create").await,
            t.audit_count(&app, "contract.renew").await,
            t.audit_count(&app, "contract.cancel").await
        ),
        (2, 2, 1)
    );
}

#[tokio::test]
async fn bad_contracts_are_refused_on_their_fields_and_write_nothing() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("102 CON 01"))
        .await;
    let bad = json!({"vehicle": "NO SUCH 99", "contract_type": "loan", "contractor": " ", "starts_on": day(10), "ends_on": day(1), "amount": "-1", "currency": "XXX", "payment_frequency": "weekly"});
    let (status, error) = app
        .call(&manager, Method::POST, "/api/v1/contracts", Some(bad))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    for (name, code) in [
        ("contract_type", "unknown_choice"),
        ("contractor", "required"),
        ("ends_on", "ends_before_starts"),
        ("amount", "out_of_range"),
        ("currency", "unknown_choice"),
        ("payment_frequency", "unknown_choice"),
    ] {
        assert_eq!(
            codes(&error, name),
            vec![code.to_owned()],
            "{name}: {error}"
        );
    }
    let (status, error) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/contracts",
            Some(osago("NO SUCH 99", 0, 10)),
        )
        .await;
    assert_eq!(
        (status, codes(&error, "vehicle")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );
    assert_eq!(list(&app, &manager, "").await["total"].as_i64(), Some(0));
    assert_eq!(t.audit_count(&app, "contract.create").await, 0);
    let warranty = app.create(&manager, "/api/v1/contracts", json!({"vehicle": car, "contract_type": "warranty", "contractor": "Kia", "starts_on": day(-10), "ends_on": day(1000), "payment_frequency": "one_time", "coverage": "ignored"})).await;
    let (_, warranty) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/contracts/{warranty}"),
            None,
        )
        .await;
    let amount: rust_decimal::Decimal = warranty["amount"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        (
            amount,
            warranty["coverage"].clone(),
            warranty["currency"].as_str()
        ),
        (rust_decimal::Decimal::ZERO, Value::Null, Some("KZT")),
        "no amount, no coverage outside insurance"
    );
}

#[tokio::test]
async fn roles_decide_who_reads_and_changes_contracts_and_other_tenants_reach_nothing() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("103 CON 01"))
        .await;
    let id = app
        .create(&manager, "/api/v1/contracts", osago(&car, -345, 20))
        .await;

    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        app.call(
            &viewer,
            Method::GET,
            &format!("/api/v1/contracts/{id}"),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        app.call(
            &viewer,
            Method::POST,
            "/api/v1/contracts",
            Some(osago(&car, 0, 10))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(
            &viewer,
            Method::POST,
            &format!("/api/v1/contracts/{id}/cancel"),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    for role in ["driver", "mechanic"] {
        let token = app.token(&t.email(role)).await;
        assert_eq!(
            app.call(&token, Method::GET, "/api/v1/contracts", None)
                .await
                .0,
            StatusCode::FORBIDDEN,
            "{role}"
        );
    }

    let other = TestTenant::create(&app).await;
    let stranger = app.token(&other.email("manager")).await;
    assert_eq!(
        app.call(
            &stranger,
            Method::GET,
            &format!("/api/v1/contracts/{id}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            &stranger,
            Method::GET,
            &format!("/api/v1/contracts?vehicle_id={car}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            &stranger,
            Method::POST,
            &format!("/api/v1/contracts/{id}/renew"),
            Some(json!({}))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            &stranger,
            Method::POST,
            &format!("/api/v1/contracts/{id}/cancel"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, error) = app
        .call(
            &stranger,
            Method::POST,
            "/api/v1/contracts",
            Some(osago(&car, 0, 10)),
        )
        .await;
    assert_eq!(
        (status, codes(&error, "vehicle")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );
    assert_eq!(list(&app, &stranger, "").await["total"].as_i64(), Some(0));
    let (_, expiring) = app
        .call(&stranger, Method::GET, "/api/v1/contracts/expiring", None)
        .await;
    assert_eq!(expiring["total"].as_i64(), Some(0), "{expiring}");
    let (_, mine) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/contracts/{id}"),
            None,
        )
        .await;
    assert_eq!(
        mine["status"].as_str(),
        Some("pending_renewal"),
        "untouched by the stranger"
    );
}

#[tokio::test]
async fn payments_fall_due_by_the_frequency_and_each_is_recorded_once_as_an_expense() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("104 CON 01"))
        .await;
    let today = app::fleet::vehicles::today_in("Asia/Almaty");
    // The page's window runs from the first day of last month to the last day of next month.
    let (from, to) = app::contracts::model::PaymentSchedule::window(today);
    let lease = json!({"vehicle": car, "contract_type": "leasing", "contractor": "Halyk Leasing", "number": "LS-9", "starts_on": from.to_string(),
                       "ends_on": (from + chrono::Months::new(36)).to_string(), "amount": "300 000", "payment_frequency": "monthly"});
    let id = app.create(&manager, "/api/v1/contracts", lease).await;
    app.create(&manager, "/api/v1/contracts", json!({"vehicle": car, "contract_type": "warranty", "contractor": "Kia", "starts_on": from.to_string(), "ends_on": to.to_string(), "payment_frequency": "one_time"})).await;

    let schedule = |token: String| {
        let app = &app;
        async move {
            let (status, body) = app
                .call(&token, Method::GET, "/api/v1/contracts/payments", None)
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    let due = schedule(manager.clone()).await;
    assert_eq!(
        (due["from"].as_str(), due["to"].as_str()),
        (
            Some(from.to_string().as_str()),
            Some(to.to_string().as_str())
        )
    );
    let days: Vec<_> = due["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["due_on"].as_str().unwrap().to_owned())
        .collect();
    let expected: Vec<_> = (0..3)
        .map(|n| (from + chrono::Months::new(n)).to_string())
        .collect();
    assert_eq!(
        days, expected,
        "three monthly payments; the warranty costs nothing"
    );

    let path = format!("/api/v1/contracts/{id}/payments");
    let record = |body: Value| app.call(&manager, Method::POST, &path, Some(body));
    let (status, expense) = record(json!({"due_on": from.to_string()})).await;
    assert_eq!(status, StatusCode::CREATED, "{expense}");
    assert_eq!(
        (
            expense["category"].as_str(),
            expense["amount"].as_str(),
            expense["spent_on"].as_str()
        ),
        (
            Some("other"),
            Some("300000.00"),
            Some(from.to_string().as_str())
        )
    );
    assert_eq!(
        (expense["vendor"].as_str(), expense["description"].as_str()),
        (Some("Halyk Leasing"), Some("LS-9"))
    );
    let (status, twice) = record(json!({"due_on": from.to_string()})).await;
    assert_eq!(
        (status, codes(&twice, "due_on")),
        (StatusCode::CONFLICT, vec!["taken".to_owned()])
    );
    let (status, not_due) =
        record(json!({"due_on": (from + chrono::Duration::days(1)).to_string()})).await;
    assert_eq!(
        (status, codes(&not_due, "due_on")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );
    // Paid ahead: dated today, still the payment of its due day.
    let (status, ahead) = record(json!({"due_on": expected[2]})).await;
    assert_eq!(
        (status, ahead["spent_on"].as_str()),
        (StatusCode::CREATED, Some(today.to_string().as_str())),
        "{ahead}"
    );
    assert_eq!(
        t.audit_count(&app, "expense.create").await,
        2,
        "the refusals wrote nothing"
    );

    let due = schedule(manager.clone()).await;
    let recorded: Vec<_> = due["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["expense_id"].is_string())
        .collect();
    assert_eq!(recorded, vec![true, false, true]);
    assert_eq!(due["payments"][0]["expense_id"], expense["id"]);
    let (_, trimmed) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/contracts/payments?limit=0",
            None,
        )
        .await;
    assert_eq!(
        (
            trimmed["payments"].as_array().unwrap().len(),
            trimmed["unrecorded"].as_i64()
        ),
        (0, Some(1)),
        "{trimmed}"
    );
    let sums: rust_decimal::Decimal = trimmed["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            m[1][0][1]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(
        sums,
        "900000".parse().unwrap(),
        "the monthly sums count every payment"
    );

    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        app.call(
            &viewer,
            Method::POST,
            &format!("/api/v1/contracts/{id}/payments"),
            Some(json!({"due_on": expected[1]}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        schedule(viewer).await["payments"].as_array().unwrap().len(),
        3
    );
    let other = TestTenant::create(&app).await;
    let stranger = app.token(&other.email("manager")).await;
    assert_eq!(
        app.call(
            &stranger,
            Method::POST,
            &format!("/api/v1/contracts/{id}/payments"),
            Some(json!({"due_on": expected[1]}))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            &stranger,
            Method::GET,
            &format!("/api/v1/contracts/payments?vehicle_id={car}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        schedule(stranger).await["payments"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
