//! Drivers and assignments over REST: a driver's life, the assignment rules (the database's
//! exclusion constraints under 50 concurrent requests, expired papers, reassignment), what each
//! role may do, and no way into another tenant's drivers.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant, codes, kia};

fn driver(number: &str, licence_expiry: &str) -> Value {
    json!({
        "full_name": format!("Driver {number}"), "employee_number": number, "phone": "+7 701 555 12 34",
        "licence_number": "KZ 0012345", "licence_categories": "b, ce c", "licence_expiry": licence_expiry,
        "medical_expiry": "2030-01-01", "hire_date": "2020-02-01", "department": "Almaty", "languages": "Kazakh, Russian"
    })
}

async fn assignment_count(app: &TestApp, t: &TestTenant) -> i64 {
    sqlx::query_scalar("select count(*) from vehicle_assignments where tenant_id = $1")
        .bind(t.id.0)
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_manager_adds_and_edits_a_driver_and_bad_input_saves_nothing() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;

    let (status, created) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/drivers",
            Some(driver("K-1", "2030-01-01")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["licence_categories"], json!(["B", "C", "CE"]));
    assert_eq!(created["languages"], json!(["Kazakh", "Russian"]));
    assert_eq!(created["status"], "active");
    let path = format!("/api/v1/drivers/{}", created["id"].as_str().unwrap());

    let mut edited = driver("K-1", "2031-01-01");
    edited["status"] = json!("on_leave");
    let (status, updated) = app.call(&manager, Method::PUT, &path, Some(edited)).await;
    assert_eq!(
        (
            status,
            updated["status"].as_str(),
            updated["licence_expiry"].as_str()
        ),
        (StatusCode::OK, Some("on_leave"), Some("2031-01-01"))
    );
    assert_eq!(
        (
            t.audit_count(&app, "driver.create").await,
            t.audit_count(&app, "driver.update").await
        ),
        (1, 1)
    );

    let mut bad = driver("K-2", "31.12.2030");
    bad["phone"] = json!("ring ring");
    bad["licence_categories"] = json!("B, Q");
    let (status, body) = app
        .call(&manager, Method::POST, "/api/v1/drivers", Some(bad))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(codes(&body, "licence_expiry"), vec!["invalid_date"]);
    assert_eq!(codes(&body, "phone"), vec!["invalid_phone"]);
    assert_eq!(codes(&body, "licence_categories"), vec!["unknown_choice"]);
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/drivers",
            Some(driver("K-1", "")),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "employee_number")),
        (StatusCode::CONFLICT, vec!["taken".to_owned()])
    );
    let (_, list) = app
        .call(&manager, Method::GET, "/api/v1/drivers", None)
        .await;
    assert_eq!(list["total"], 1, "refused drivers were not saved");
    assert_eq!(t.audit_count(&app, "driver.create").await, 1);
}

#[tokio::test]
async fn assigning_reassigning_and_ending_keep_the_history_and_the_current_driver() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let car = app
        .create(&manager, "/api/v1/vehicles", kia("100 ASN 01"))
        .await;
    app.create(&manager, "/api/v1/drivers", driver("K-1", "2030-01-01"))
        .await;
    app.create(&manager, "/api/v1/drivers", driver("K-2", "2030-01-01"))
        .await;

    // By plate and employee number, as people type them; a blank start means now.
    let (status, first) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(json!({"vehicle": "100asn01", "driver": "K-1"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(
        (first["current"].as_bool(), first["ends_at"].is_null()),
        (Some(true), true)
    );
    let (_, got) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/vehicles/{car}"),
            None,
        )
        .await;
    assert_eq!(got["driver_name"], "Driver K-1");

    // A second driver while the first holds it is refused by the database...
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(json!({"vehicle": car, "driver": "K-2"})),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "vehicle")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["vehicle_busy".to_owned()]
        )
    );
    // ...a reassignment ends the first one when the second starts.
    let reassign = json!({"vehicle": car, "driver": "K-2", "replaces": first["id"]});
    let (status, second) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(reassign.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(reassign),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "replaces")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["changed_meanwhile".to_owned()]
        )
    );
    let (_, got) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/vehicles/{car}"),
            None,
        )
        .await;
    assert_eq!(got["driver_name"], "Driver K-2");

    let (status, ended) = app
        .call(
            &manager,
            Method::POST,
            &format!(
                "/api/v1/drivers/assignments/{}/end",
                second["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(
        (status, ended["current"].as_bool()),
        (StatusCode::OK, Some(false)),
        "{ended}"
    );
    let (_, got) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/vehicles/{car}"),
            None,
        )
        .await;
    assert_eq!(got["driver_name"], Value::Null);

    let (_, history) = app
        .call(
            &manager,
            Method::GET,
            &format!("/api/v1/drivers/assignments?vehicle_id={car}"),
            None,
        )
        .await;
    let who: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["employee_number"].as_str().unwrap())
        .collect();
    assert_eq!(who, vec!["K-2", "K-1"], "nothing was overwritten");
    assert!(
        history["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| !a["ends_at"].is_null())
    );
    assert_eq!(
        (
            t.audit_count(&app, "vehicle.assign").await,
            t.audit_count(&app, "vehicle.unassign").await
        ),
        (2, 2)
    );
}

#[tokio::test]
async fn expired_papers_inactive_drivers_and_bad_periods_are_refused() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    app.create(&manager, "/api/v1/vehicles", kia("100 EXP 01"))
        .await;
    app.create(&manager, "/api/v1/drivers", driver("OLD", "2020-01-01"))
        .await;
    let mut sick = driver("SICK", "2030-01-01");
    sick["medical_expiry"] = json!("2021-06-30");
    app.create(&manager, "/api/v1/drivers", sick).await;
    let mut away = driver("AWAY", "2030-01-01");
    away["status"] = json!("on_leave");
    app.create(&manager, "/api/v1/drivers", away).await;
    app.create(&manager, "/api/v1/drivers", driver("OK", "2030-01-01"))
        .await;

    let assign = |driver: &str, extra: Value| {
        let mut body = json!({"vehicle": "100 EXP 01", "driver": driver});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    for (who, extra, field, code) in [
        ("OLD", json!({}), "driver", "licence_expired"),
        ("SICK", json!({}), "driver", "medical_expired"),
        ("AWAY", json!({}), "driver", "driver_not_active"),
        ("NOBODY", json!({}), "driver", "unknown_choice"),
        (
            "OK",
            json!({"vehicle": "999 ZZZ 99"}),
            "vehicle",
            "unknown_choice",
        ),
        (
            "OK",
            json!({"starts_at": "2026-12-01T10:00", "ends_at": "2026-12-01T09:00"}),
            "ends_at",
            "ends_before_starts",
        ),
        (
            "OK",
            json!({"starts_at": "tomorrow"}),
            "starts_at",
            "invalid_date",
        ),
    ] {
        let (status, body) = app
            .call(
                &manager,
                Method::POST,
                "/api/v1/drivers/assignments",
                Some(assign(who, extra)),
            )
            .await;
        assert_eq!(
            (status, codes(&body, field)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec![code.to_owned()]),
            "{who}: {body}"
        );
    }
    assert_eq!(assignment_count(&app, &t).await, 0);
    let (_, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(assign("OLD", json!({}))),
        )
        .await;
    assert_eq!(
        body["fields"]["driver"][0]["message"],
        "This driver's licence has expired: renew it before assigning a vehicle."
    );
}

#[tokio::test]
async fn fifty_concurrent_assignments_of_one_vehicle_let_exactly_one_through() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    app.create(&manager, "/api/v1/vehicles", kia("500 CON 01"))
        .await;
    for i in 0..50 {
        app.create(
            &manager,
            "/api/v1/drivers",
            driver(&format!("C-{i}"), "2030-01-01"),
        )
        .await;
    }
    let attempts = (0..50).map(|i| {
        let (app, manager) = (&app, &manager);
        let body = json!({"vehicle": "500 CON 01", "driver": format!("C-{i}"), "starts_at": "2027-01-01T08:00"});
        async move { app.call(manager, Method::POST, "/api/v1/drivers/assignments", Some(body)).await }
    });
    let results = futures::future::join_all(attempts).await;
    let created = results
        .iter()
        .filter(|(status, _)| *status == StatusCode::CREATED)
        .count();
    let busy = results
        .iter()
        .filter(|(status, body)| {
            *status == StatusCode::UNPROCESSABLE_ENTITY
                && codes(body, "vehicle") == ["vehicle_busy"]
        })
        .count();
    assert_eq!((created, busy), (1, 49), "{results:?}");
    assert_eq!(assignment_count(&app, &t).await, 1);
    assert_eq!(t.audit_count(&app, "vehicle.assign").await, 1);
}

#[tokio::test]
async fn the_tenant_decides_whether_a_driver_holds_several_vehicles() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    for plate in ["100 SHR 01", "101 SHR 01", "102 SHR 01"] {
        app.create(&manager, "/api/v1/vehicles", kia(plate)).await;
    }
    app.create(&manager, "/api/v1/drivers", driver("K-1", "2030-01-01"))
        .await;
    let assign = |plate: &str| json!({"vehicle": plate, "driver": "K-1"});
    assert_eq!(
        app.call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(assign("100 SHR 01"))
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(assign("101 SHR 01")),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "driver")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["driver_busy".to_owned()]
        )
    );

    sqlx::query("update tenants set drivers_share_vehicles = true where id = $1")
        .bind(t.id.0)
        .execute(&app.owner)
        .await
        .unwrap();
    // Still refused: the first assignment was made under the one-vehicle rule and keeps it.
    assert_eq!(
        app.call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(assign("101 SHR 01"))
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    sqlx::query("update vehicle_assignments set driver_exclusive = false where tenant_id = $1")
        .bind(t.id.0)
        .execute(&app.owner)
        .await
        .unwrap();
    assert_eq!(
        app.call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(assign("101 SHR 01"))
        )
        .await
        .0,
        StatusCode::CREATED
    );
    assert_eq!(
        app.call(
            &manager,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(assign("102 SHR 01"))
        )
        .await
        .0,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn each_role_gets_exactly_its_driver_permissions() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let id = app
        .create(&manager, "/api/v1/drivers", driver("R-0", "2030-01-01"))
        .await;
    app.create(&manager, "/api/v1/vehicles", kia("100 ROL 01"))
        .await;
    for (mailbox, can_read, can_write) in [
        ("admin", true, true),
        ("manager", true, true),
        ("dispatcher", true, true),
        ("viewer", true, false),
        ("mechanic", false, false),
        ("driver", false, false),
    ] {
        let token = app.token(&t.email(mailbox)).await;
        let read = if can_read {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            app.call(&token, Method::GET, "/api/v1/drivers", None)
                .await
                .0,
            read,
            "{mailbox} list"
        );
        assert_eq!(
            app.call(&token, Method::GET, &format!("/api/v1/drivers/{id}"), None)
                .await
                .0,
            read,
            "{mailbox} get"
        );
        let write = if can_write {
            StatusCode::CREATED
        } else {
            StatusCode::FORBIDDEN
        };
        let (status, body) = app
            .call(
                &token,
                Method::POST,
                "/api/v1/drivers",
                Some(driver(&format!("R-{mailbox}"), "2030-01-01")),
            )
            .await;
        assert_eq!(status, write, "{mailbox} create {body}");
        if !can_write {
            let (status, _) = app
                .call(
                    &token,
                    Method::POST,
                    "/api/v1/drivers/assignments",
                    Some(json!({"vehicle": "100 ROL 01", "driver": "R-0"})),
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{mailbox} assign");
        }
    }
    assert_eq!(assignment_count(&app, &t).await, 0);
}

#[tokio::test]
async fn another_tenants_drivers_and_assignments_are_out_of_reach() {
    let app = TestApp::spawn().await;
    let (a, b) = (
        TestTenant::create(&app).await,
        TestTenant::create(&app).await,
    );
    let manager_a = app.token(&a.email("manager")).await;
    let manager_b = app.token(&b.email("manager")).await;
    let driver_a = app
        .create(&manager_a, "/api/v1/drivers", driver("A-1", "2030-01-01"))
        .await;
    let car_a = app
        .create(&manager_a, "/api/v1/vehicles", kia("100 SEC 01"))
        .await;
    let (_, assignment) = app
        .call(
            &manager_a,
            Method::POST,
            "/api/v1/drivers/assignments",
            Some(json!({"vehicle": car_a, "driver": driver_a})),
        )
        .await;
    let assignment = assignment["id"].as_str().unwrap().to_owned();
    app.create(&manager_b, "/api/v1/vehicles", kia("100 SEC 01"))
        .await;

    let path = format!("/api/v1/drivers/{driver_a}");
    assert_eq!(
        app.call(&manager_b, Method::GET, &path, None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(&manager_b, Method::PUT, &path, Some(driver("A-1", "")))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    for scope in [
        format!("vehicle_id={car_a}"),
        format!("driver_id={driver_a}"),
    ] {
        let (status, _) = app
            .call(
                &manager_b,
                Method::GET,
                &format!("/api/v1/drivers/assignments?{scope}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{scope}");
    }
    assert_eq!(
        app.call(
            &manager_b,
            Method::POST,
            &format!("/api/v1/drivers/assignments/{assignment}/end"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    // A's driver by id, or by employee number, is nobody in B.
    for reference in [driver_a.clone(), "A-1".to_owned()] {
        let (status, body) = app
            .call(
                &manager_b,
                Method::POST,
                "/api/v1/drivers/assignments",
                Some(json!({"vehicle": "100 SEC 01", "driver": reference})),
            )
            .await;
        assert_eq!(
            (status, codes(&body, "driver")),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                vec!["unknown_choice".to_owned()]
            )
        );
    }
    let (_, list) = app
        .call(&manager_b, Method::GET, "/api/v1/drivers", None)
        .await;
    assert_eq!(list["total"], 0);
    let (_, still) = app
        .call(
            &manager_a,
            Method::GET,
            &format!("/api/v1/vehicles/{car_a}"),
            None,
        )
        .await;
    assert_eq!(
        still["driver_name"], "Driver A-1",
        "B's attempts changed nothing of A's"
    );
}

#[tokio::test]
async fn certificates_and_fines_are_kept_per_driver_and_audited() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let manager = app.token(&t.email("manager")).await;
    let id = app
        .create(&manager, "/api/v1/drivers", driver("K-1", "2035-01-01"))
        .await;
    app.create(&manager, "/api/v1/vehicles", kia("100 FIN 01"))
        .await;
    let certs = format!("/api/v1/drivers/{id}/certifications");

    // A certificate due soon puts the driver among those whose papers are due.
    let soon = (chrono::Utc::now().date_naive() + chrono::Days::new(10)).to_string();
    let (status, list) = app.call(&manager, Method::POST, &certs, Some(json!({"kind": "ADR", "issued_on": "2024-01-10", "expires_on": soon, "issuer": "KazAvtoTrans"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{list}");
    assert_eq!(list[0]["kind"], "ADR");
    assert!(
        (9..=11).contains(&list[0]["days_left"].as_i64().unwrap()),
        "{list}"
    );
    let (_, due) = app
        .call(
            &manager,
            Method::GET,
            "/api/v1/drivers?expiring_within=14",
            None,
        )
        .await;
    assert_eq!(
        due["total"], 1,
        "the licence is far off, the certificate is not"
    );
    let (status, body) = app
        .call(
            &manager,
            Method::POST,
            &certs,
            Some(
                json!({"kind": "First aid", "issued_on": "2026-01-10", "expires_on": "2025-01-10"}),
            ),
        )
        .await;
    assert_eq!(
        (status, codes(&body, "expires_on")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["ends_before_starts".to_owned()]
        )
    );
    let cert = list[0]["id"].as_str().unwrap().to_owned();
    let (status, list) = app
        .call(&manager, Method::DELETE, &format!("{certs}/{cert}"), None)
        .await;
    assert_eq!(
        (status, list.as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );

    // Fines: the vehicle by plate as typed; bad input is a field error.
    let fines = format!("/api/v1/drivers/{id}/fines");
    let fine = json!({"occurred_on": "2026-10-01", "vehicle": "100fin01", "kind": "Speeding", "amount": "15 000", "currency": "KZT", "reference": "PP-12"});
    let (status, created) = app
        .call(&manager, Method::POST, &fines, Some(fine.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        (
            created["plate"].as_str(),
            created["amount"].as_str(),
            created["paid"].as_bool()
        ),
        (Some("100 FIN 01"), Some("15000.00"), Some(false))
    );
    let mut bad = fine.clone();
    bad["vehicle"] = json!("999 ZZZ 99");
    bad["amount"] = json!("-1");
    let (status, body) = app.call(&manager, Method::POST, &fines, Some(bad)).await;
    assert_eq!(
        (status, codes(&body, "amount")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["must_be_positive".to_owned()]
        )
    );
    let mut unknown = fine.clone();
    unknown["vehicle"] = json!("999 ZZZ 99");
    let (status, body) = app
        .call(&manager, Method::POST, &fines, Some(unknown))
        .await;
    assert_eq!(
        (status, codes(&body, "vehicle")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["unknown_choice".to_owned()]
        )
    );
    let fine_path = format!("{fines}/{}", created["id"].as_str().unwrap());
    let (status, paid) = app
        .call(
            &manager,
            Method::PATCH,
            &fine_path,
            Some(json!({"paid": true})),
        )
        .await;
    assert_eq!(
        (status, paid["paid"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (_, list) = app.call(&manager, Method::GET, &fines, None).await;
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(1),
        "refused fines were not saved"
    );

    for (action, count) in [
        ("driver.certification_add", 1),
        ("driver.certification_remove", 1),
        ("driver.fine_add", 1),
        ("driver.fine_paid", 1),
    ] {
        assert_eq!(t.audit_count(&app, action).await, count, "{action}");
    }
    // A viewer reads them but changes nothing.
    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        app.call(&viewer, Method::GET, &fines, None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.call(
            &viewer,
            Method::PATCH,
            &fine_path,
            Some(json!({"paid": false}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(&viewer, Method::POST, &certs, Some(json!({"kind": "ADR"})))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn another_tenants_certificates_and_fines_are_out_of_reach() {
    let app = TestApp::spawn().await;
    let (a, b) = (
        TestTenant::create(&app).await,
        TestTenant::create(&app).await,
    );
    let manager_a = app.token(&a.email("manager")).await;
    let manager_b = app.token(&b.email("manager")).await;
    let id = app
        .create(&manager_a, "/api/v1/drivers", driver("A-1", "2030-01-01"))
        .await;
    let (_, certs) = app
        .call(
            &manager_a,
            Method::POST,
            &format!("/api/v1/drivers/{id}/certifications"),
            Some(json!({"kind": "ADR"})),
        )
        .await;
    let cert = certs[0]["id"].as_str().unwrap().to_owned();
    let fine = json!({"occurred_on": "2026-10-01", "kind": "Parking", "amount": "5000", "currency": "KZT"});
    let (_, fine_a) = app
        .call(
            &manager_a,
            Method::POST,
            &format!("/api/v1/drivers/{id}/fines"),
            Some(fine.clone()),
        )
        .await;
    let fine_a = fine_a["id"].as_str().unwrap().to_owned();

    for (method, path, body) in [
        (
            Method::GET,
            format!("/api/v1/drivers/{id}/certifications"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/drivers/{id}/certifications"),
            Some(json!({"kind": "ADR"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/drivers/{id}/certifications/{cert}"),
            None,
        ),
        (Method::GET, format!("/api/v1/drivers/{id}/fines"), None),
        (
            Method::POST,
            format!("/api/v1/drivers/{id}/fines"),
            Some(fine.clone()),
        ),
        (
            Method::PATCH,
            format!("/api/v1/drivers/{id}/fines/{fine_a}"),
            Some(json!({"paid": true})),
        ),
    ] {
        assert_eq!(
            app.call(&manager_b, method.clone(), &path, body).await.0,
            StatusCode::NOT_FOUND,
            "{method} {path}"
        );
    }
    // B's own driver cannot reach A's fine either.
    let id_b = app
        .create(&manager_b, "/api/v1/drivers", driver("B-1", "2030-01-01"))
        .await;
    let (status, _) = app
        .call(
            &manager_b,
            Method::PATCH,
            &format!("/api/v1/drivers/{id_b}/fines/{fine_a}"),
            Some(json!({"paid": true})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, still) = app
        .call(
            &manager_a,
            Method::GET,
            &format!("/api/v1/drivers/{id}/fines"),
            None,
        )
        .await;
    assert_eq!(
        (still[0]["paid"].as_bool(), still.as_array().map(Vec::len)),
        (Some(false), Some(1))
    );
}
