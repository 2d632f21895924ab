//! The vehicle registry over REST and server functions: the whole life of a vehicle, what
//! each role may do, field errors that change nothing, and no way into another tenant's fleet.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes};

fn camry(plate: &str, vin: &str) -> Value {
    json!({
        "plate": plate, "vin": vin, "brand": "Toyota", "model": "Camry", "year": 2022,
        "body_type": "sedan", "fuel_type": "gasoline", "engine_volume": "2.5", "transmission": "automatic",
        "seats": 5, "purchase_date": "2022-05-01", "purchase_price": "15000000.00", "purchase_currency": "KZT",
        "department": "Almaty"
    })
}

/// How many vehicles the tenant has (read as the owner).
pub async fn vehicle_count(app: &TestApp, t: &TestTenant) -> i64 {
    sqlx::query_scalar("select count(*) from vehicles where tenant_id = $1")
        .bind(t.id.0)
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_manager_registers_edits_moves_and_decommissions_a_vehicle_and_each_step_is_audited() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;

    let (status, created) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("123abc01", "jtdbr32e720123456")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["plate"], "123 ABC 01");
    assert_eq!(created["vin"], "JTDBR32E720123456");
    assert_eq!(created["status"], "active");
    assert_eq!(created["purchase_price"], "15000000.00");
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/vehicles/{id}");

    let (status, got) = app.call(&manager, Method::GET, &path, None).await;
    assert_eq!((status, &got["model"]), (StatusCode::OK, &json!("Camry")));

    let mut edited = camry("123 ABC 01", "JTDBR32E720123456");
    edited["color"] = json!("white");
    edited["year"] = json!("2023");
    let (status, updated) = app.call(&manager, Method::PUT, &path, Some(edited)).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(
        (updated["color"].as_str(), updated["year"].as_i64()),
        (Some("white"), Some(2023))
    );

    let (status, moved) = app
        .call(
            &manager,
            Method::PATCH,
            &format!("{path}/status"),
            Some(json!({"status": "in_maintenance"})),
        )
        .await;
    assert_eq!(
        (status, moved["status"].as_str()),
        (StatusCode::OK, Some("in_maintenance"))
    );
    let (status, body) = app
        .call(
            &manager,
            Method::PATCH,
            &format!("{path}/status"),
            Some(json!({"status": "flying"})),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "status")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );

    let (status, gone) = app.call(&manager, Method::DELETE, &path, None).await;
    assert_eq!(
        (status, gone["status"].as_str()),
        (StatusCode::OK, Some("decommissioned"))
    );
    // Decommissioned, not deleted.
    assert_eq!(
        app.call(&manager, Method::GET, &path, None).await.0,
        StatusCode::OK
    );

    for action in [
        "vehicle.create",
        "vehicle.update",
        "vehicle.status",
        "vehicle.decommission",
    ] {
        assert_eq!(t.audit_count(&app, action).await, 1, "{action}");
    }
    let (status, history) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/audit?entity_type=vehicle&entity_id={id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let entries = history["items"].as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec![
            "vehicle.decommission",
            "vehicle.status",
            "vehicle.update",
            "vehicle.create"
        ]
    );
    let update = &entries[2];
    assert_eq!(
        (
            update["before"]["color"].clone(),
            update["after"]["color"].clone()
        ),
        (Value::Null, json!("white"))
    );
    assert_eq!(update["actor_name"], format!("fleet_manager of {}", t.slug));
}

#[tokio::test]
async fn bad_input_is_a_field_error_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let mut bad = camry("12-AB", "JTDBR32E72012345O");
    bad["year"] = json!("soon");
    bad["seats"] = json!(0);
    bad["purchase_price"] = json!("-1");
    let (status, body) = app
        .call(&manager, Method::POST, "/api/v1/vehicles", Some(bad))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(codes(&body, "plate"), vec!["invalid_plate"]);
    assert_eq!(codes(&body, "vin"), vec!["invalid_vin"]);
    assert_eq!(codes(&body, "year"), vec!["not_a_number"]);
    assert_eq!(codes(&body, "seats"), vec!["out_of_range"]);
    assert_eq!(codes(&body, "purchase_price"), vec!["must_be_positive"]);
    assert!(
        body["fields"]["plate"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    assert_eq!(vehicle_count(&app, &t).await, 0);

    // Duplicates: the same plate typed differently, the same VIN in lower case.
    let (status, _) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("777 KZT 02", "XW8ZZZ61ZKG000001")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("777kzt02", "XW8ZZZ61ZKG000002")),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "plate")),
        (StatusCode::CONFLICT, vec!["taken".to_owned()])
    );
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("778 KZT 02", "xw8zzz61zkg000001")),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "vin")),
        (StatusCode::CONFLICT, vec!["taken".to_owned()])
    );
    assert_eq!(vehicle_count(&app, &t).await, 1);
    assert_eq!(t.audit_count(&app, "vehicle.create").await, 1);

    // The message is the signed-in user's language's (English here; the language rules are in auth.rs).
    let (_, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("1", "")),
        )
        .await;
    assert_eq!(
        body["fields"]["plate"][0]["message"],
        "This is not a licence plate in your country's format."
    );
}

#[tokio::test]
async fn moroccan_plates_are_stored_in_arabic_whichever_way_they_are_typed() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create_in(&app, "MA").await;
    let manager = app.token(&t.email("manager")).await;
    let (status, created) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("12345-A-6", "")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["plate"], "12345-أ-6");
    assert_eq!(created["vin"], Value::Null);
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("12345 أ 6", "")),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "plate")),
        (StatusCode::CONFLICT, vec!["taken".to_owned()])
    );
    // A Kazakh plate is not a Moroccan one.
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("123 ABC 01", "")),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "plate")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["invalid_plate".to_owned()]
        )
    );
}

#[tokio::test]
async fn the_list_filters_sorts_searches_and_pages_like_its_page() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    for (i, (brand, body)) in [
        ("Kia", "sedan"),
        ("Kia", "suv"),
        ("Lada", "suv"),
        ("Toyota", "sedan"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut v = camry(&format!("10{i} LST 01"), "");
        v["brand"] = json!(brand);
        v["body_type"] = json!(body);
        v["year"] = json!(2015 + i);
        assert_eq!(
            app.call(&manager, Method::POST, "/api/v1/vehicles", Some(v))
                .await
                .0,
            StatusCode::CREATED
        );
    }
    let list = |query: &str| {
        let (app, manager) = (&app, &manager);
        let path = format!("/api/v1/vehicles?{query}");
        async move {
            let (status, body) = app.call(manager, Method::GET, &path, None).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let plates: Vec<String> = body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["plate"].as_str().unwrap().to_owned())
                .collect();
            (body["total"].as_i64().unwrap(), plates)
        }
    };
    assert_eq!(list("").await.0, 4);
    assert_eq!(
        list("brand=Kia&body_type=suv").await,
        (1, vec!["101 LST 01".to_owned()])
    );
    assert_eq!(
        list("sort=year&dir=desc&per_page=25").await.1[0],
        "103 LST 01"
    );
    assert_eq!(list("q=102lst").await, (1, vec!["102 LST 01".to_owned()]));
    assert_eq!(list("year_from=2016&year_to=2017").await.0, 2);
    let (total, page2) = list("page=2&per_page=25").await;
    assert_eq!((total, page2.len()), (4, 0));
    // Nonsense in the address is ignored rather than an error.
    assert_eq!(list("status=flying&sort=1;drop&page=-3").await.0, 4);
}

#[tokio::test]
async fn each_role_gets_exactly_its_permissions() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let (_, created) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("555 ROL 01", "")),
        )
        .await;
    let path = format!("/api/v1/vehicles/{}", created["id"].as_str().unwrap());
    for (mailbox, can_read, can_write) in [
        ("admin", true, true),
        ("manager", true, true),
        ("dispatcher", true, false),
        ("mechanic", true, false),
        ("viewer", true, false),
        ("driver", false, false),
    ] {
        let token = app.token(&t.email(mailbox)).await;
        let read = if can_read {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        let write = if can_write {
            StatusCode::CREATED
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            app.call(&token, Method::GET, "/api/v1/vehicles", None)
                .await
                .0,
            read,
            "{mailbox} list"
        );
        assert_eq!(
            app.call(&token, Method::GET, &path, None).await.0,
            read,
            "{mailbox} get"
        );
        let plate = format!(
            "{} ROL 02",
            100 + mailbox.len() * 10 + usize::from(can_read)
        );
        let (status, body) = app
            .call(
                &token,
                Method::POST,
                "/api/v1/vehicles",
                Some(camry(&plate, "")),
            )
            .await;
        assert_eq!(status, write, "{mailbox} create {body}");
        if !can_write {
            assert_eq!(body["error"], "forbidden");
            assert_eq!(
                app.call(
                    &token,
                    Method::PATCH,
                    &format!("{path}/status"),
                    Some(json!({"status": "reserved"}))
                )
                .await
                .0,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                app.call(&token, Method::DELETE, &path, None).await.0,
                StatusCode::FORBIDDEN
            );
        }
    }
    let (_, still) = app.call(&manager, Method::GET, &path, None).await;
    assert_eq!(still["status"], "active", "refused calls changed nothing");
    // The audit log is for those who hold AuditRead.
    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        app.call(&viewer, Method::GET, "/api/v1/audit", None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn another_tenants_vehicles_are_not_found_by_any_path() {
    let app = TestApp::spawn().await;
    let (a, b) = (
        TestTenant::create(&app).await,
        TestTenant::create(&app).await,
    );
    let manager_a = app.token(&a.email("manager")).await;
    let manager_b = app.token(&b.email("manager")).await;
    let (_, created) = app
        .call(
            &manager_a,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("999 SEC 01", "JTDBR32E720999999")),
        )
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/vehicles/{id}");

    assert_eq!(
        app.call(&manager_b, Method::GET, &path, None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            &manager_b,
            Method::PUT,
            &path,
            Some(camry("999 SEC 01", ""))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            &manager_b,
            Method::PATCH,
            &format!("{path}/status"),
            Some(json!({"status": "reserved"}))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(&manager_b, Method::DELETE, &path, None).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = app
        .call(&manager_b, Method::GET, "/api/v1/vehicles?q=999", None)
        .await;
    assert_eq!(list["total"], 0);
    let (_, audit) = app
        .call(
            &manager_b,
            Method::GET,
            &format!("/api/v1/audit?entity_id={id}"),
            None,
        )
        .await;
    assert_eq!(audit["total"], 0);
    // The same plate and VIN are free in tenant B: uniqueness is per tenant.
    let (status, _) = app
        .call(
            &manager_b,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("999 SEC 01", "JTDBR32E720999999")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Server functions refuse the same way.
    let (status, _) = app
        .server_fn(&manager_b, "/fn/vehicles/get", &[("id", &id)])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .server_fn(
            &manager_b,
            "/fn/vehicles/status",
            &[("id", &id), ("status", "reserved")],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, still) = app.call(&manager_a, Method::GET, &path, None).await;
    assert_eq!(still["status"], "active");
}

#[tokio::test]
async fn the_create_form_reports_field_errors_and_decommission_needs_its_box_ticked() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let (status, body) = app
        .server_fn(
            &manager,
            "/fn/vehicles/create",
            &[
                ("form[plate]", "nope"),
                ("form[brand]", "Kia"),
                ("form[year]", "20x2"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"]["plate"][0], "invalid_plate");
    assert_eq!(body["fields"]["year"][0], "not_a_number");
    assert_eq!(body["fields"]["model"][0], "required");
    assert_eq!(vehicle_count(&app, &t).await, 0);

    let (_, created) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/vehicles",
            Some(camry("321 CNF 01", "")),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let (status, body) = app
        .server_fn(&manager, "/fn/vehicles/decommission", &[("id", id)])
        .await;
    assert_eq!(
        (status, body["fields"]["confirm"][0].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("required"))
    );
    let (status, body) = app
        .server_fn(
            &manager,
            "/fn/vehicles/decommission",
            &[("id", id), ("confirm", "true")],
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("decommissioned"))
    );
}
