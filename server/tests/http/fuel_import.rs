//! Fuel-card statements over REST: a preview that writes nothing and names each refused row
//! (unknown plate, bad date, the same fill twice), an import that is all or nothing and
//! records odometers through the mileage rules, the mapping kept as the tenant's template,
//! roles, and no way into another tenant's fleet.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, day, kia};

/// A day relative to today as a statement writes it: `30.11.2026`.
fn dotted(offset: i64) -> String {
    let iso = day(offset);
    let (y, rest) = iso.split_once('-').unwrap();
    let (m, d) = rest.split_once('-').unwrap();
    format!("{d}.{m}.{y}")
}

async fn import(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, preview) = app
        .call(
            token,
            Method::POST,
            "/api/v1/expenses/fuel-import",
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    preview
}

/// Each refused row's line and its error codes, as `key:code`.
fn refusals(preview: &Value) -> Vec<(u64, Vec<String>)> {
    preview["shown"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["errors"].as_object().is_some_and(|e| !e.is_empty()))
        .map(|r| {
            let codes = r["errors"]
                .as_object()
                .unwrap()
                .iter()
                .flat_map(|(k, v)| {
                    v.as_array()
                        .unwrap()
                        .iter()
                        .map(move |c| format!("{k}:{}", c.as_str().unwrap()))
                })
                .collect();
            (r["line"].as_u64().unwrap(), codes)
        })
        .collect()
}

async fn fuel_count(app: &TestApp, token: &str) -> i64 {
    let (_, page) = app
        .call(token, Method::GET, "/api/v1/expenses?category=fuel", None)
        .await;
    page["total"].as_i64().unwrap()
}

#[tokio::test]
async fn a_statement_is_previewed_row_by_row_and_imported_all_or_nothing_once() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("106 EXP 01"))
        .await;
    let header = "Дата;Госномер;АЗС;Литры;Сумма;Пробег";
    let first = format!("{} 08:15;106EXP01;Helios;40;9 800;10 000", dotted(-3));
    let second = format!("{} 09:00;106 exp 01;Helios;38;9 310,50;10 420", dotted(-1));
    let statement = [
        header.to_owned(),
        first.clone(),
        format!("{} 18:40;999ZZZ01;Helios;30;7 350;", dotted(-2)),
        "31.02.2026;106EXP01;Sinooil;20;4 900;".to_owned(),
        second.clone(),
        second.clone(),
        format!("{};106EXP01;Helios;;5 000;", dotted(-1)),
    ]
    .join("\n");

    let preview = import(&app, &manager, json!({"csv": statement, "dry_run": true})).await;
    assert_eq!(
        preview["mapping_errors"],
        json!({}),
        "the usual Russian headers map themselves: {}",
        preview["mapping"]
    );
    assert_eq!(
        (
            preview["rows"].as_u64(),
            preview["refused"].as_u64(),
            preview["written"].as_u64()
        ),
        (Some(6), Some(4), Some(0))
    );
    assert_eq!(
        refusals(&preview),
        vec![
            (3, vec!["plate:unknown_plate".to_owned()]),
            (4, vec!["date:invalid_date".to_owned()]),
            (6, vec!["row:already_recorded".to_owned()]),
            (7, vec!["quantity:required".to_owned()]),
        ],
        "the second of two equal fills is the duplicate"
    );
    // A real import of the same statement is refused the same way and writes nothing either.
    let refused = import(&app, &manager, json!({"csv": statement})).await;
    assert_eq!(
        (refused["refused"].as_u64(), refused["written"].as_u64()),
        (Some(4), Some(0))
    );
    assert_eq!(fuel_count(&app, &manager).await, 0);
    assert_eq!(
        (
            t.audit_count(&app, "expense.create").await,
            t.audit_count(&app, "mileage.record").await
        ),
        (0, 0)
    );

    // Latest first, as many statements list them: written in the order of their days.
    let good = [header, &second, &first].join("\n");
    let ready = import(&app, &manager, json!({"csv": good, "dry_run": true})).await;
    assert_eq!(
        (
            ready["refused"].as_u64(),
            ready["written"].as_u64(),
            ready["shown"].as_array().unwrap().len()
        ),
        (Some(0), Some(0), 2)
    );
    assert_eq!(
        ready["shown"][1]["expense"]["amount"].as_str(),
        Some("9800.00"),
        "rows show the expense they make"
    );
    let imported = import(&app, &manager, json!({"csv": good})).await;
    assert_eq!(imported["written"].as_u64(), Some(2));
    assert_eq!(fuel_count(&app, &manager).await, 2);
    assert_eq!(
        (
            t.audit_count(&app, "expense.create").await,
            t.audit_count(&app, "mileage.record").await,
            t.audit_count(&app, "expense.import").await
        ),
        (2, 2, 1)
    );
    let (_, consumption) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/expenses/consumption/{car}"),
            None,
        )
        .await;
    assert_eq!(
        consumption["stretches"][0]["distance_km"].as_i64(),
        Some(420),
        "full by default, measured between the two fills: {consumption}"
    );
    let (_, readings) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/mileage?vehicle_id={car}"),
            None,
        )
        .await;
    let sources: Vec<&str> = readings["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, vec!["fuel", "fuel"], "{readings}");

    let again = import(&app, &manager, json!({"csv": good})).await;
    assert_eq!(
        (again["written"].as_u64(), refusals(&again).len()),
        (Some(0), 2),
        "a statement imported twice is refused whole"
    );
    assert_eq!(fuel_count(&app, &manager).await, 2);
}

#[tokio::test]
async fn the_mapping_of_an_import_is_the_next_statements_template() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    app.create(&manager, "/api/v1/vehicles", kia("107 EXP 01"))
        .await;
    let statement = |days_ago: i64, litres: &str| {
        format!(
            "Card;When;Car;Fuel volume;Paid;Cur\n7788;{};107EXP01;{litres};100;USD",
            day(-days_ago).replace('-', "/")
        )
    };

    let unmapped = import(
        &app,
        &manager,
        json!({"csv": statement(2, "20"), "dry_run": true}),
    )
    .await;
    let missing: Vec<&String> = unmapped["mapping_errors"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        missing,
        vec!["amount", "date", "plate", "quantity"],
        "{unmapped}"
    );
    assert_eq!(unmapped["rows"].as_u64(), Some(1));
    assert_eq!(
        unmapped["shown"],
        json!([]),
        "no row is read under a broken mapping"
    );

    let mapping = json!({"columns": {"date": "When", "plate": "Car", "quantity": "Fuel volume", "amount": "Paid", "currency": "Cur"}, "month_first": false, "full_by_default": false});
    let wrong = import(&app, &manager, json!({"csv": statement(2, "20"), "mapping": {"columns": {"plate": "Vehicle"}}, "dry_run": true})).await;
    assert_eq!(
        wrong["mapping_errors"]["plate"][0].as_str(),
        Some("unknown_choice"),
        "{wrong}"
    );
    let first = import(
        &app,
        &manager,
        json!({"csv": statement(2, "20"), "mapping": mapping}),
    )
    .await;
    assert_eq!(first["written"].as_u64(), Some(1), "{first}");
    let expense = &first["shown"][0]["expense"];
    assert_eq!(
        (
            expense["currency"].as_str(),
            expense["full_tank"].as_bool(),
            expense["converted"].clone()
        ),
        (Some("USD"), Some(false), Value::Null),
        "no USD rate yet"
    );

    let next = import(&app, &manager, json!({"csv": statement(1, "25")})).await;
    assert_eq!(
        (
            next["written"].as_u64(),
            next["mapping"]["columns"]["plate"].as_str()
        ),
        (Some(1), Some("Car")),
        "{next}"
    );
    assert_eq!(t.audit_count(&app, "expense.import").await, 2);
}

#[tokio::test]
async fn only_writers_import_and_a_statement_reaches_only_its_own_tenants_fleet() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    app.create(&manager, "/api/v1/vehicles", kia("108 EXP 01"))
        .await;
    let statement = format!("date;plate;litres;amount\n{};108EXP01;30;7000", day(-1));

    for role in ["viewer", "dispatcher", "driver", "mechanic"] {
        let token = app.token(&t.email(role)).await;
        let (status, _) = app
            .call(
                &token,
                Method::POST,
                "/api/v1/expenses/fuel-import",
                Some(json!({"csv": statement, "dry_run": true})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let other = TestTenant::create(&app).await;
    let stranger = app.token(&other.email("manager")).await;
    let theirs = import(&app, &stranger, json!({"csv": statement})).await;
    assert_eq!(
        (theirs["written"].as_u64(), refusals(&theirs)),
        (Some(0), vec![(2, vec!["plate:unknown_plate".to_owned()])])
    );
    assert_eq!(fuel_count(&app, &manager).await, 0);
    let (status, error) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/expenses/fuel-import",
            Some(json!({"csv": "  "})),
        )
        .await;
    assert_eq!(
        (status, error["fields"]["csv"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("required"))
    );
    assert_eq!(
        import(&app, &manager, json!({"csv": statement})).await["written"].as_u64(),
        Some(1)
    );
}
