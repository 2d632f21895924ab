//! Expenses and exchange rates over REST: conversion at each expense's own date (the latest
//! rate on or before it), rounding, totals with what no rate converts set apart, a fuel fill's
//! odometer through the mileage rules, refusals that write nothing, roles, and no way into
//! another tenant.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes, day, kia, record_reading};

async fn set_rate(app: &TestApp, token: &str, currency: &str, on: &str, rate: &str) -> Value {
    let (status, body) = app
        .call(
            token,
            Method::PUT,
            "/api/v1/exchange-rates",
            Some(json!({"currency": currency, "rate_on": on, "rate": rate})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn spend(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, expense) = app
        .call(token, Method::POST, "/api/v1/expenses", Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{expense}");
    expense
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, page) = app
        .call(
            token,
            Method::GET,
            &format!("/api/v1/expenses?per_page=100&{query}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

fn decimal(v: &Value) -> rust_decimal::Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("a decimal string: {v}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn amounts_convert_at_their_own_days_rate_and_those_without_one_are_set_apart() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("100 EXP 01"))
        .await;

    set_rate(&app, &manager, "USD", &day(-10), "470").await;
    set_rate(&app, &manager, "USD", &day(-3), "480").await;
    // A second rate for a day replaces the first.
    let replaced = set_rate(&app, &manager, "USD", &day(-3), "481,5").await;
    assert_eq!(decimal(&replaced["rate"]), "481.5".parse().unwrap());
    set_rate(&app, &manager, "TRY", &day(-2), "0.5").await;
    assert_eq!(t.audit_count(&app, "exchange_rate.set").await, 4);
    let (status, own) = app
        .call(
            &manager,
            Method::PUT,
            "/api/v1/exchange-rates",
            Some(json!({"currency": "KZT", "rate_on": day(0), "rate": "1"})),
        )
        .await;
    assert_eq!(
        (status, codes(&own, "currency")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["reporting_currency".to_owned()]
        )
    );

    let parking = |amount: &str, currency: &str, on: String| json!({"vehicle": "100EXP01", "category": "parking", "amount": amount, "currency": currency, "spent_on": on});
    let local = spend(&app, &manager, parking("10 000", "", day(0))).await;
    assert_eq!(
        (local["currency"].as_str(), decimal(&local["converted"])),
        (Some("KZT"), "10000".parse().unwrap()),
        "the reporting currency converts at 1"
    );
    // No USD rate on day -5: the latest before it (day -10) applies.
    let between = spend(&app, &manager, parking("10.01", "USD", day(-5))).await;
    assert_eq!(decimal(&between["converted"]), "4704.70".parse().unwrap());
    let on_day = spend(&app, &manager, parking("20", "USD", day(-3))).await;
    assert_eq!(decimal(&on_day["converted"]), "9630.00".parse().unwrap());
    // 0.01 TRY at 0.5 is half a tiyn: rounded away from zero, not to the even 0.00.
    let half = spend(&app, &manager, parking("0.01", "TRY", day(-1))).await;
    assert_eq!(decimal(&half["converted"]), "0.01".parse().unwrap());
    let no_eur = spend(&app, &manager, parking("7", "EUR", day(-1))).await;
    let before_any = spend(&app, &manager, parking("5", "USD", day(-20))).await;
    assert_eq!(
        (
            no_eur["converted"].clone(),
            before_any["converted"].clone(),
            before_any["rate"].clone()
        ),
        (Value::Null, Value::Null, Value::Null)
    );

    let page = list(&app, &manager, &format!("vehicle_id={car}")).await;
    let totals = &page["totals"];
    assert_eq!(
        (
            page["total"].as_i64(),
            totals["count"].as_i64(),
            totals["currency"].as_str()
        ),
        (Some(6), Some(6), Some("KZT"))
    );
    assert_eq!(decimal(&totals["total"]), "24334.71".parse().unwrap());
    // The SQL total is the sum of the converted amounts shown (each rounded once).
    let shown: rust_decimal::Decimal = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e["converted"].is_null())
        .map(|e| decimal(&e["converted"]))
        .sum();
    assert_eq!(shown, decimal(&totals["total"]));
    assert_eq!(
        decimal(&totals["by_category"]["parking"]),
        "24334.71".parse().unwrap()
    );
    let missing: Vec<(String, i64, String)> = totals["without_rate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["currency"].as_str().unwrap().to_owned(),
                u["count"].as_i64().unwrap(),
                u["amount"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        missing,
        vec![
            ("EUR".to_owned(), 1, "7.00".to_owned()),
            ("USD".to_owned(), 1, "5.00".to_owned())
        ]
    );
    let dates: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["spent_on"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "the latest first: {dates:?}"
    );

    // Filters narrow the totals too.
    let usd = list(&app, &manager, "currency=usd").await;
    assert_eq!(
        (usd["total"].as_i64(), decimal(&usd["totals"]["total"])),
        (Some(3), "14334.70".parse().unwrap())
    );
    let window = list(&app, &manager, &format!("from={}&to={}", day(-5), day(-2))).await;
    assert_eq!(window["total"].as_i64(), Some(2));
    assert_eq!(
        list(&app, &manager, "category=fuel").await["total"].as_i64(),
        Some(0)
    );

    // Removing day -3's rate sends its amount back to day -10's.
    let (_, rates) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/exchange-rates?currency=USD&from={}", day(-3)),
            None,
        )
        .await;
    let rate_id = rates["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.call(
            &manager,
            Method::DELETE,
            &format!("/api/v1/exchange-rates/{rate_id}"),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    let (_, again) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/expenses/{}", on_day["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(decimal(&again["converted"]), "9400.00".parse().unwrap());
    assert_eq!(t.audit_count(&app, "exchange_rate.delete").await, 1);
    assert_eq!(t.audit_count(&app, "expense.create").await, 6);
}

#[tokio::test]
async fn a_fuel_fill_records_its_odometer_and_refusals_write_nothing() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("101 EXP 01"))
        .await;
    record_reading(&app, &manager, &car, 10_000, 2).await;

    let fill = |extra: Value| {
        let mut body = json!({"vehicle": car, "category": "fuel", "fuel_quantity": "40", "fuel_unit_price": "250", "full_tank": true, "vendor": "Helios"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let filled = spend(&app, &manager, fill(json!({"odometer": "10 300"}))).await;
    assert_eq!(
        decimal(&filled["amount"]),
        "10000.00".parse().unwrap(),
        "40 L × 250"
    );
    assert_eq!(
        (
            filled["fuel_type"].as_str(),
            filled["full_tank"].as_bool(),
            filled["odometer_km"].as_i64()
        ),
        (Some("gasoline"), Some(true), Some(10_300))
    );
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
            latest["source"].as_str(),
            latest["id"].as_str()
        ),
        (Some(10_300), Some("fuel"), filled["reading_id"].as_str())
    );
    let (_, vehicle) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/vehicles/{car}"),
            None,
        )
        .await;
    assert_eq!(vehicle["current_mileage"].as_i64(), Some(10_300));

    let refused = |body: Value| {
        let app = &app;
        let manager = &manager;
        async move {
            let (status, error) = app
                .call(manager, Method::POST, "/api/v1/expenses", Some(body))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
            error
        }
    };
    assert_eq!(
        codes(
            &refused(fill(json!({"odometer": "9 000"}))).await,
            "odometer"
        ),
        vec!["mileage_below_previous"]
    );
    assert_eq!(
        codes(
            &refused(fill(json!({"odometer": "90 000"}))).await,
            "odometer"
        ),
        vec!["mileage_abnormal"]
    );
    assert_eq!(
        codes(
            &refused(fill(json!({"fuel_quantity": ""}))).await,
            "fuel_quantity"
        ),
        vec!["required"]
    );
    assert_eq!(
        codes(
            &refused(fill(json!({"spent_on": day(1)}))).await,
            "spent_on"
        ),
        vec!["in_future"]
    );
    assert_eq!(
        codes(
            &refused(fill(json!({"driver": uuid::Uuid::now_v7().to_string()}))).await,
            "driver"
        ),
        vec!["unknown_choice"]
    );
    assert_eq!(
        codes(
            &refused(fill(json!({"fuel_type": "kerosene"}))).await,
            "fuel_type"
        ),
        vec!["unknown_choice"]
    );
    assert_eq!(
        codes(
            &refused(json!({"vehicle": "100 NOT 01", "category": "toll", "amount": "300"})).await,
            "vehicle"
        ),
        vec!["unknown_choice"]
    );
    assert_eq!(
        list(&app, &manager, &format!("vehicle_id={car}")).await["total"].as_i64(),
        Some(1),
        "nothing written by a refusal"
    );
    let (_, readings) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage?vehicle_id={car}"),
            None,
        )
        .await;
    assert_eq!(
        readings["total"].as_i64(),
        Some(2),
        "no reading from a refused fill"
    );

    // An abnormal jump once confirmed; an electric car's fill is kWh without an odometer.
    spend(
        &app,
        &manager,
        fill(json!({"odometer": "90 000", "confirm": "true", "full_tank": false})),
    )
    .await;
    let partial = list(&app, &manager, "category=fuel").await;
    assert_eq!(partial["items"][0]["full_tank"].as_bool(), Some(false));
    let mut ev = kia("102 EXP 01");
    ev["fuel_type"] = json!("electric");
    let ev = app.create(&manager, "/api/v1/vehicles", ev).await;
    let charged = spend(
        &app,
        &manager,
        json!({"vehicle": ev, "category": "fuel", "fuel_quantity": "55.5", "amount": "3 330"}),
    )
    .await;
    assert_eq!(
        (
            charged["fuel_type"].as_str(),
            charged["reading_id"].clone(),
            decimal(&charged["fuel_unit_price"])
        ),
        (Some("electric"), Value::Null, "60".parse().unwrap())
    );
    assert_eq!(t.audit_count(&app, "expense.create").await, 3);
    assert_eq!(
        t.audit_count(&app, "mileage.record").await,
        3,
        "two fills with an odometer, one reading before"
    );
}

#[tokio::test]
async fn roles_decide_who_reads_and_records_and_other_tenants_reach_nothing() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("103 EXP 01"))
        .await;
    let toll = json!({"vehicle": car, "category": "toll", "amount": "300"});
    let expense = spend(&app, &manager, toll.clone()).await;
    let id = expense["id"].as_str().unwrap();
    let rate = set_rate(&app, &manager, "EUR", &day(0), "520").await;

    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        app.call(
            &viewer,
            Method::GET,
            &format!("/api/v1/expenses/{id}"),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        app.call(&viewer, Method::GET, "/api/v1/exchange-rates", None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        app.call(
            &viewer,
            Method::POST,
            "/api/v1/expenses",
            Some(toll.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(
            &viewer,
            Method::PUT,
            "/api/v1/exchange-rates",
            Some(json!({"currency": "USD", "rate_on": day(0), "rate": "1"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    for role in ["driver", "mechanic"] {
        let token = app.token(&t.email(role)).await;
        assert_eq!(
            app.call(&token, Method::GET, "/api/v1/expenses", None)
                .await
                .0,
            StatusCode::FORBIDDEN,
            "{role}"
        );
    }
    let admin = app.token(&t.email("admin")).await;
    spend(&app, &admin, toll).await;

    let other = TestTenant::create(&app).await;
    let stranger = app.token(&other.email("manager")).await;
    assert_eq!(
        app.call(
            &stranger,
            Method::GET,
            &format!("/api/v1/expenses/{id}"),
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
            &format!("/api/v1/expenses?vehicle_id={car}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let theirs = list(&app, &stranger, "").await;
    assert_eq!(
        (theirs["total"].as_i64(), theirs["totals"]["total"].as_str()),
        (Some(0), Some("0"))
    );
    let (_, rates) = app
        .call(&stranger, Method::GET, "/api/v1/exchange-rates", None)
        .await;
    assert_eq!(rates["total"].as_i64(), Some(0), "{rates}");
    let rate_id = rate["id"].as_str().unwrap();
    assert_eq!(
        app.call(
            &stranger,
            Method::DELETE,
            &format!("/api/v1/exchange-rates/{rate_id}"),
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
            "/api/v1/expenses",
            Some(json!({"vehicle": car, "category": "toll", "amount": "1"})),
        )
        .await;
    assert_eq!(
        (status, codes(&error, "vehicle")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );
    // Their own rate for the same day is theirs alone.
    set_rate(&app, &stranger, "EUR", &day(0), "1").await;
    let (_, mine) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/exchange-rates?currency=EUR",
            None,
        )
        .await;
    assert_eq!(decimal(&mine["items"][0]["rate"]), "520".parse().unwrap());
    assert_eq!(list(&app, &manager, "").await["total"].as_i64(), Some(2));
}

#[tokio::test]
async fn consumption_is_measured_between_full_fills_and_costs_spread_over_the_distance() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("104 EXP 01"))
        .await;
    record_reading(&app, &manager, &car, 9_800, 3).await;
    let consumption = |vehicle: String| {
        let (app, manager) = (&app, &manager);
        async move {
            let (status, body) = app
                .call(
                    manager,
                    Method::GET,
                    &format!("/api/v1/expenses/consumption/{vehicle}"),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    let fuel = |quantity: &str, full: bool, odometer: &str| json!({"vehicle": car, "category": "fuel", "fuel_quantity": quantity, "amount": "9000", "full_tank": full, "odometer": odometer});
    spend(&app, &manager, fuel("40", true, "10 000")).await;
    assert_eq!(
        consumption(car.clone()).await["per_100km"],
        Value::Null,
        "one full fill measures nothing"
    );
    spend(&app, &manager, fuel("20", false, "10 250")).await;
    spend(&app, &manager, fuel("16", true, "10 500")).await;
    let measured = consumption(car.clone()).await;
    // 20 + 16 L over 500 km.
    assert_eq!(
        (
            measured["electric"].as_bool(),
            measured["per_100km"].as_f64()
        ),
        (Some(false), Some(7.2))
    );
    assert_eq!(
        (
            measured["stretches"][0]["distance_km"].as_i64(),
            decimal(&measured["stretches"][0]["quantity"])
        ),
        (Some(500), "36".parse().unwrap())
    );

    // What the car has cost: three fills of 9 000 KZT over the 700 km its readings cover; the
    // parking in USD has no rate, so it is set apart and not in the cost of a kilometre.
    spend(
        &app,
        &manager,
        json!({"vehicle": car, "category": "parking", "amount": "10", "currency": "USD"}),
    )
    .await;
    let (status, costs) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/expenses/costs/{car}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{costs}");
    assert_eq!(
        (
            decimal(&costs["totals"]["total"]),
            costs["distance_km"].as_i64()
        ),
        ("27000".parse().unwrap(), Some(700))
    );
    assert_eq!(
        decimal(&costs["cost_per_km"]),
        "38.57".parse().unwrap(),
        "27 000 / 700 = 38.571…"
    );
    assert_eq!(
        (
            costs["totals"]["count"].as_i64(),
            costs["totals"]["without_rate"][0]["currency"].as_str()
        ),
        (Some(4), Some("USD"))
    );
    assert_eq!(costs["fuel"]["per_100km"].as_f64(), Some(7.2));

    let mut ev = kia("105 EXP 01");
    ev["fuel_type"] = json!("electric");
    let ev = app.create(&manager, "/api/v1/vehicles", ev).await;
    assert_eq!(
        consumption(ev.clone()).await["electric"].as_bool(),
        Some(true)
    );
    let (_, unused) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/expenses/costs/{ev}"),
            None,
        )
        .await;
    assert_eq!(
        (
            unused["cost_per_km"].clone(),
            unused["distance_km"].as_i64()
        ),
        (Value::Null, Some(0)),
        "no distance, no cost per km"
    );
    let mechanic = app.token(&t.email("mechanic")).await;
    let other = TestTenant::create(&app).await;
    let stranger = app.token(&other.email("manager")).await;
    for path in [
        format!("/api/v1/expenses/consumption/{car}"),
        format!("/api/v1/expenses/costs/{car}"),
    ] {
        assert_eq!(
            app.call(&mechanic, Method::GET, &path, None).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            app.call(&stranger, Method::GET, &path, None).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn rates_import_from_csv_all_or_nothing_with_each_refused_line_reported() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let import = |csv: String| {
        let (app, manager) = (&app, &manager);
        async move {
            app.call(
                manager,
                Method::POST,
                "/api/v1/exchange-rates/import",
                Some(json!({ "csv": csv })),
            )
            .await
        }
    };
    let bad = format!(
        "currency;date;rate\nUSD;{};471,25\nKZT;{};1\nGBP;tomorrow;0\n\nUSD;{};472\n",
        day(-1),
        day(-1),
        day(-1)
    );
    let (status, report) = import(bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    let refused: Vec<_> = report["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_i64().unwrap(),
                r["errors"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        refused,
        vec![
            (3, vec!["currency".to_owned()]),
            (
                4,
                vec![
                    "currency".to_owned(),
                    "rate".to_owned(),
                    "rate_on".to_owned()
                ]
            ),
            (6, vec!["rate_on".to_owned()])
        ]
    );
    assert_eq!(
        report["refused"][2]["errors"]["rate_on"],
        json!(["taken"]),
        "the same currency's day twice"
    );
    let (_, rates) = app
        .call(&manager, Method::GET, "/api/v1/exchange-rates", None)
        .await;
    assert_eq!(
        rates["total"].as_i64(),
        Some(0),
        "a refused import writes nothing"
    );

    let good = format!(
        "USD\t{}\t470\nUSD\t{}\t471.5\nEUR\t{}\t\"512,75\"",
        day(-2),
        day(-1),
        day(-1)
    );
    let (status, report) = import(good).await;
    assert_eq!(
        (status, report["written"].as_i64(), report["rows"].as_i64()),
        (StatusCode::OK, Some(3), Some(3)),
        "{report}"
    );
    assert_eq!(t.audit_count(&app, "exchange_rate.import").await, 1);
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("106 EXP 01"))
        .await;
    let paid = spend(&app, &manager, json!({"vehicle": car, "category": "parts", "amount": "10", "currency": "EUR", "spent_on": day(0)})).await;
    assert_eq!(
        decimal(&paid["converted"]),
        "5127.50".parse().unwrap(),
        "yesterday's imported rate converts today's amount"
    );
    // Importing a day again replaces its rate.
    let (status, _) = import(format!("EUR;{};500", day(-1))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, eur) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/exchange-rates?currency=EUR",
            None,
        )
        .await;
    assert_eq!(
        (eur["total"].as_i64(), decimal(&eur["items"][0]["rate"])),
        (Some(1), "500".parse().unwrap())
    );

    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        app.call(
            &viewer,
            Method::POST,
            "/api/v1/exchange-rates/import",
            Some(json!({"csv": "USD;2026-01-01;1"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, empty) = import("  \n".into()).await;
    assert_eq!(
        (status, codes(&empty, "csv")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["required".to_owned()]
        )
    );
}

#[tokio::test]
async fn a_fill_larger_than_the_tank_is_flagged_and_the_fleet_is_measured_model_by_model() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let mut rio = kia("110 EXP 01");
    rio["tank_capacity"] = json!("0");
    let (status, refused) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(rio.clone()),
        )
        .await;
    assert_eq!(
        (status, codes(&refused, "tank_capacity")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["out_of_range".to_owned()]
        )
    );
    let mut cars = Vec::new();
    for plate in ["110 EXP 01", "111 EXP 01", "112 EXP 01"] {
        let mut rio = kia(plate);
        rio["tank_capacity"] = json!("50");
        cars.push(app.create(&manager, "/api/v1/vehicles", rio).await);
    }
    let (_, car) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/vehicles/{}", cars[0]),
            None,
        )
        .await;
    assert_eq!(decimal(&car["tank_capacity"]), "50".parse().unwrap());
    // Two cars burn 8 L/100 km; the third put 60 L into its 50 L tank and burns 12.
    for (car, second) in cars.iter().zip(["40", "40", "60"]) {
        let fill = |quantity: &str, odometer: &str, on: String| json!({"vehicle": car, "category": "fuel", "fuel_quantity": quantity, "amount": "10000", "full_tank": true, "odometer": odometer, "spent_on": on});
        let first = spend(&app, &manager, fill("40", "10000", day(-2))).await;
        assert_eq!(first["over_tank"], json!(false));
        let last = spend(&app, &manager, fill(second, "10500", day(-1))).await;
        assert_eq!(last["over_tank"], json!(second == "60"), "{last}");
    }
    // The search finds a plate however it is typed, and the totals follow it.
    let searched = list(&app, &manager, "q=112%20exp").await;
    assert_eq!(
        (
            searched["total"].as_i64(),
            searched["totals"]["count"].as_i64(),
            searched["items"][0]["plate"].as_str()
        ),
        (Some(2), Some(2), Some("112 EXP 01"))
    );
    let (status, fleet) = app
        .call(&manager, Method::GET, "/api/v1/expenses/consumption", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{fleet}");
    let model = &fleet["models"][0];
    // 140 L over 1 500 km.
    assert_eq!(
        (
            model["model"].as_str(),
            model["vehicles"].as_u64(),
            model["distance_km"].as_i64()
        ),
        (Some("Rio"), Some(3), Some(1_500))
    );
    assert!((model["per_100km"].as_f64().unwrap() - 140.0 / 15.0).abs() < 1e-9);
    let above = fleet["above_model"].as_array().unwrap();
    assert_eq!(
        (
            above.len(),
            above[0]["vehicle"]["plate"].as_str(),
            above[0]["above_percent"].as_i64()
        ),
        (1, Some("112 EXP 01"), Some(29)),
        "12 against 9.33"
    );
    let (_, before) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/expenses/consumption?to={}", day(-2)),
            None,
        )
        .await;
    assert_eq!(
        before["models"],
        json!([]),
        "one fill each up to that day measures nothing"
    );
    let (_, since) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/expenses/consumption?from={}", day(-1)),
            None,
        )
        .await;
    assert_eq!(
        since["models"][0]["distance_km"].as_i64(),
        Some(1_500),
        "a stretch counts on the day of the fill that closes it, wherever it began: {since}"
    );

    let other = TestTenant::create(&app).await;
    let stranger = app.token(&other.email("manager")).await;
    let (_, theirs) = app
        .call(&stranger, Method::GET, "/api/v1/expenses/consumption", None)
        .await;
    assert_eq!(
        theirs["models"],
        json!([]),
        "another tenant's fleet is not theirs to measure"
    );
}

#[tokio::test]
async fn deleting_a_fill_voids_its_reading_and_only_writers_of_the_tenant_delete() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("113 EXP 01"))
        .await;
    record_reading(&app, &manager, &car, 20_000, 2).await;
    let fill = spend(&app, &manager, json!({"vehicle": car, "category": "fuel", "fuel_quantity": "40", "amount": "10000", "full_tank": true, "odometer": "20 300"})).await;
    let id = fill["id"].as_str().unwrap();
    let mileage = || {
        let (app, manager, car) = (&app, &manager, &car);
        async move {
            app.call(
                manager,
                Method::GET,
                &format!("/api/v1/vehicles/{car}"),
                None,
            )
            .await
            .1["current_mileage"]
                .as_i64()
        }
    };
    assert_eq!(mileage().await, Some(20_300));

    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        app.call(
            &viewer,
            Method::DELETE,
            &format!("/api/v1/expenses/{id}"),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let other = TestTenant::create(&app).await;
    let stranger = app.token(&other.email("manager")).await;
    assert_eq!(
        app.call(
            &stranger,
            Method::DELETE,
            &format!("/api/v1/expenses/{id}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );

    assert_eq!(
        app.call(
            &manager,
            Method::DELETE,
            &format!("/api/v1/expenses/{id}"),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.call(
            &manager,
            Method::GET,
            &format!("/api/v1/expenses/{id}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        mileage().await,
        Some(20_000),
        "the fill's reading is void: the odometer falls back"
    );
    let (_, readings) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage?vehicle_id={car}"),
            None,
        )
        .await;
    let voided: Vec<bool> = readings["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| !r["voided_at"].is_null())
        .collect();
    assert_eq!(voided, vec![true, false], "{readings}");
    // Why is a key, translated when shown, not English words (before: "fuel expense deleted").
    let void = &readings["items"][0];
    assert_eq!(
        (&void["void_cause"], &void["void_reason"]),
        (&json!("expense_deleted"), &Value::Null),
        "{void}"
    );
    assert_eq!(
        (
            t.audit_count(&app, "expense.delete").await,
            t.audit_count(&app, "mileage.void").await
        ),
        (1, 1)
    );
    assert_eq!(
        app.call(
            &manager,
            Method::DELETE,
            &format!("/api/v1/expenses/{id}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND,
        "gone once"
    );
}
