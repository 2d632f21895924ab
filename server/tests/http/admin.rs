//! Users and roles over REST: what admins can do, what others cannot, and that no path reaches
//! another tenant's users or roles.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestTenant};

fn role_id(roles: &Value, key: &str) -> String {
    roles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_admin_creates_a_user_who_signs_in_with_the_one_time_password() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let admin = app.token(&t.email("admin")).await;
    let (_, roles) = app.call(&admin, Method::GET, "/api/v1/roles", None).await;
    let driver = role_id(&roles, "driver");
    let email = format!("new@{}.test", t.slug);
    let (status, created) = app
        .call(
            &admin,
            Method::POST,
            "/api/v1/users",
            Some(json!({"email": email, "full_name": "New Driver", "roles": [driver]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let password = created["initial_password"].as_str().unwrap();
    assert_eq!(password.len(), 16);
    assert_eq!(app.login(&email, password, None).await.0, StatusCode::OK);
    // The password is not stored in clear anywhere, the audit log included.
    let leaks: i64 = sqlx::query_scalar("select count(*) from audit_log where tenant_id = $1 and (before::text like '%' || $2 || '%' or after::text like '%' || $2 || '%')")
        .bind(t.id.0)
        .bind(password)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(leaks, 0);
    assert_eq!(
        t.audit_count(&app, "user.create").await,
        7,
        "six provisioned, one by the admin"
    );

    // The same email again, even from another tenant, is a conflict on the field.
    let (status, body) = app
        .call(
            &admin,
            Method::POST,
            "/api/v1/users",
            Some(json!({"email": email.to_uppercase(), "full_name": "Twin"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["fields"]["email"][0]["code"], "taken");
    // Invalid input changes nothing.
    let (status, body) = app
        .call(
            &admin,
            Method::POST,
            "/api/v1/users",
            Some(json!({"email": "nope", "full_name": ""})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["email"][0]["code"], "invalid_email");
    assert_eq!(body["fields"]["full_name"][0]["code"], "required");
    let (_, users) = app.call(&admin, Method::GET, "/api/v1/users", None).await;
    assert_eq!(users.as_array().unwrap().len(), 7);
}

#[tokio::test]
async fn deactivating_a_user_signs_them_out_and_admins_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let admin = app.token(&t.email("admin")).await;
    let driver = app.token(&t.email("driver")).await;
    let (_, me) = app.get_json("/api/v1/auth/me", Some(&driver)).await;
    let driver_id = me["user_id"].as_str().unwrap().to_owned();
    let (status, row) = app
        .call(
            &admin,
            Method::PATCH,
            &format!("/api/v1/users/{driver_id}/active"),
            Some(json!({"active": false})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(row["is_active"], false);
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(&driver)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(t.audit_count(&app, "user.set_active").await, 1);

    let (_, me) = app.get_json("/api/v1/auth/me", Some(&admin)).await;
    let admin_id = me["user_id"].as_str().unwrap().to_owned();
    let (status, body) = app
        .call(
            &admin,
            Method::PATCH,
            &format!("/api/v1/users/{admin_id}/active"),
            Some(json!({"active": false})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["is_active"][0]["code"], "cannot_change_own");
    let (status, _) = app
        .call(
            &admin,
            Method::PUT,
            &format!("/api/v1/users/{admin_id}/roles"),
            Some(json!({"roles": []})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_admin_resets_a_password_the_user_signs_in_once_with_and_must_replace() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let admin = app.token(&t.email("admin")).await;
    let manager = app.token(&t.email("manager")).await;
    let (_, me) = app.get_json("/api/v1/auth/me", Some(&manager)).await;
    let manager_id = me["user_id"].as_str().unwrap().to_owned();
    let reset = format!("/api/v1/users/{manager_id}/reset-password");

    // Only who may change users may reset a password.
    let dispatcher = app.token(&t.email("dispatcher")).await;
    let (status, _) = app.call(&dispatcher, Method::POST, &reset, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(t.audit_count(&app, "user.password_reset").await, 0);

    let (status, answer) = app.call(&admin, Method::POST, &reset, None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["email"], t.email("manager"));
    let one_time = answer["initial_password"].as_str().unwrap();
    assert_eq!(one_time.len(), 16);
    assert_eq!(t.audit_count(&app, "user.password_reset").await, 1);
    // Signed out everywhere, and the old password no longer opens anything.
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(&manager)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = app
        .login(&t.email("manager"), crate::support::PASSWORD, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The one-time password signs in to nothing but choosing a new one.
    let token = app.token_with(&t.email("manager"), one_time).await;
    let (_, me) = app.get_json("/api/v1/auth/me", Some(&token)).await;
    assert_eq!(me["must_change_password"], true, "{me}");
    let (status, refused) = app.get_json("/api/v1/vehicles", Some(&token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(refused["error"], "password_change_required");

    // An admin changes their own password on the profile, with the current one.
    let (_, me) = app.get_json("/api/v1/auth/me", Some(&admin)).await;
    let own = format!(
        "/api/v1/users/{}/reset-password",
        me["user_id"].as_str().unwrap()
    );
    let (status, body) = app.call(&admin, Method::POST, &own, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"]["password"][0]["code"], "cannot_change_own");
    assert_eq!(t.audit_count(&app, "user.password_reset").await, 1);
}

#[tokio::test]
async fn custom_roles_grant_exactly_their_permissions_and_defaults_stay_fixed() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let admin = app.token(&t.email("admin")).await;
    let (status, role) = app
        .call(
            &admin,
            Method::POST,
            "/api/v1/roles",
            Some(json!({"name": "Auditor", "permissions": ["audit_read", "user_read"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{role}");
    let auditor = role["id"].as_str().unwrap().to_owned();
    let (status, body) = app
        .call(
            &admin,
            Method::POST,
            "/api/v1/roles",
            Some(json!({"name": "Auditor", "permissions": []})),
        )
        .await;
    assert_eq!(
        (status, body["fields"]["name"][0]["code"].clone()),
        (StatusCode::CONFLICT, json!("taken"))
    );
    let (status, _) = app
        .call(
            &admin,
            Method::POST,
            "/api/v1/roles",
            Some(json!({"name": "x", "permissions": ["launch_rockets"]})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an unknown permission never reaches the database"
    );

    // Give the viewer the custom role: it can now list users, and still not change them.
    let viewer = app.token(&t.email("viewer")).await;
    assert_eq!(
        app.call(&viewer, Method::GET, "/api/v1/users", None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (_, me) = app.get_json("/api/v1/auth/me", Some(&viewer)).await;
    let viewer_id = me["user_id"].as_str().unwrap().to_owned();
    let (_, roles) = app.call(&admin, Method::GET, "/api/v1/roles", None).await;
    let viewer_role = role_id(&roles, "viewer");
    let (status, _) = app
        .call(
            &admin,
            Method::PUT,
            &format!("/api/v1/users/{viewer_id}/roles"),
            Some(json!({"roles": [viewer_role, auditor]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.call(&viewer, Method::GET, "/api/v1/users", None)
            .await
            .0,
        StatusCode::OK,
        "permissions apply at the next request"
    );
    let (status, body) = app
        .call(
            &viewer,
            Method::POST,
            "/api/v1/users",
            Some(json!({"email": "a@b.kz", "full_name": "A"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "forbidden");

    // Default roles cannot be changed or deleted; custom ones can.
    let admin_role = role_id(&roles, "admin");
    assert_eq!(
        app.call(
            &admin,
            Method::DELETE,
            &format!("/api/v1/roles/{admin_role}"),
            None
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.call(
            &admin,
            Method::PUT,
            &format!("/api/v1/roles/{admin_role}"),
            Some(json!({"name": "Boss", "permissions": []}))
        )
        .await
        .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.call(
            &admin,
            Method::DELETE,
            &format!("/api/v1/roles/{auditor}"),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.call(&viewer, Method::GET, "/api/v1/users", None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    for action in ["role.create", "role.delete", "user.set_roles"] {
        assert_eq!(t.audit_count(&app, action).await, 1, "{action}");
    }
}

#[tokio::test]
async fn no_path_reaches_another_tenants_users_or_roles() {
    let app = TestApp::spawn().await;
    let a = TestTenant::create(&app).await;
    let b = TestTenant::create(&app).await;
    let admin_a = app.token(&a.email("admin")).await;
    let admin_b = app.token(&b.email("admin")).await;
    let (_, users_a) = app.call(&admin_a, Method::GET, "/api/v1/users", None).await;
    let (_, roles_a) = app.call(&admin_a, Method::GET, "/api/v1/roles", None).await;
    let user_a = users_a
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == a.email("driver"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, custom) = app
        .call(
            &admin_a,
            Method::POST,
            "/api/v1/roles",
            Some(json!({"name": "Shift lead", "permissions": ["user_read"]})),
        )
        .await;
    let custom_a = custom["id"].as_str().unwrap().to_owned();
    let (_, roles_b) = app.call(&admin_b, Method::GET, "/api/v1/roles", None).await;
    let role_b = role_id(&roles_b, "viewer");

    // Lists show only B's own.
    let (_, users_b) = app.call(&admin_b, Method::GET, "/api/v1/users", None).await;
    assert!(users_b.as_array().unwrap().iter().all(|u| {
        u["email"]
            .as_str()
            .unwrap()
            .ends_with(&format!("@{}.test", b.slug))
    }));
    assert!(
        roles_b
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["key"] != "Shift lead")
    );
    assert!(roles_a.as_array().unwrap().len() >= 6);

    // Every read, change and delete of A's rows by B is a 404, and changes nothing.
    let attempts = [
        (Method::GET, format!("/api/v1/users/{user_a}"), None),
        (
            Method::PATCH,
            format!("/api/v1/users/{user_a}/active"),
            Some(json!({"active": false})),
        ),
        (
            Method::PUT,
            format!("/api/v1/users/{user_a}/roles"),
            Some(json!({"roles": [role_b]})),
        ),
        (
            Method::POST,
            format!("/api/v1/users/{user_a}/reset-password"),
            None,
        ),
        (Method::GET, format!("/api/v1/roles/{custom_a}"), None),
        (
            Method::PUT,
            format!("/api/v1/roles/{custom_a}"),
            Some(json!({"name": "Hijacked", "permissions": []})),
        ),
        (Method::DELETE, format!("/api/v1/roles/{custom_a}"), None),
    ];
    for (method, path, body) in attempts {
        let (status, answer) = app.call(&admin_b, method.clone(), &path, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {answer}");
    }
    // B cannot hand its users A's roles either.
    let (_, me_b) = app
        .get_json(
            "/api/v1/auth/me",
            Some(&app.token(&b.email("driver")).await),
        )
        .await;
    let driver_b = me_b["user_id"].as_str().unwrap();
    let (status, body) = app
        .call(
            &admin_b,
            Method::PUT,
            &format!("/api/v1/users/{driver_b}/roles"),
            Some(json!({"roles": [custom_a]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["roles"][0]["code"], "unknown_choice");

    let (status, user) = app
        .call(
            &admin_a,
            Method::GET,
            &format!("/api/v1/users/{user_a}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(user["is_active"], true);
    let (status, role) = app
        .call(
            &admin_a,
            Method::GET,
            &format!("/api/v1/roles/{custom_a}"),
            None,
        )
        .await;
    assert_eq!(
        (status, role["key"].clone()),
        (StatusCode::OK, json!("Shift lead"))
    );
    // A malformed id is a 404 too, not a 400 or 500.
    assert_eq!(
        app.call(&admin_b, Method::GET, "/api/v1/users/not-a-uuid", None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}
