//! Tenant isolation (row-level security) and the append-only audit log, tried directly in SQL.

use reqwest::StatusCode;
use uuid::Uuid;

use crate::support::{TestApp, TestTenant};
use app::tenant::TenantTx;

#[tokio::test]
async fn sql_without_the_tenant_setting_sees_no_rows() {
    let app = TestApp::spawn().await;
    let _t = TestTenant::create(&app).await;
    for table in [
        "tenants",
        "users",
        "roles",
        "user_roles",
        "sessions",
        "refresh_tokens",
        "audit_log",
    ] {
        let count: i64 = sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(&app.app_pool)
            .await
            .unwrap();
        assert_eq!(count, 0, "{table} leaked rows without app.tenant_id");
    }
}

#[tokio::test]
async fn one_tenant_cannot_read_change_or_delete_anothers_rows() {
    let app = TestApp::spawn().await;
    let a = TestTenant::create(&app).await;
    let b = TestTenant::create(&app).await;
    // Give A a session and audit rows too.
    app.login_ok(&a.email("admin")).await;

    let mut tx = TenantTx::begin(&app.app_pool, b.id).await.unwrap();
    for table in [
        "users",
        "roles",
        "user_roles",
        "sessions",
        "refresh_tokens",
        "audit_log",
    ] {
        let seen: i64 = sqlx::query_scalar(&format!(
            "select count(*) from {table} where tenant_id = $1"
        ))
        .bind(a.id.0)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        assert_eq!(seen, 0, "tenant B sees tenant A's {table}");
    }
    let own: i64 = sqlx::query_scalar("select count(*) from users")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(own, 6, "tenant B sees exactly its own six users");
    let tenants: Vec<Uuid> = sqlx::query_scalar("select id from tenants")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    assert_eq!(tenants, vec![b.id.0]);

    let changed = sqlx::query("update users set full_name = 'hijacked' where tenant_id = $1")
        .bind(a.id.0)
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 0);
    let changed = sqlx::query("update roles set permissions = '{}' where tenant_id = $1")
        .bind(a.id.0)
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 0);
    let deleted = sqlx::query("delete from users where tenant_id = $1")
        .bind(a.id.0)
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 0);
    let deleted = sqlx::query("delete from roles where tenant_id = $1")
        .bind(a.id.0)
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 0);
    tx.commit().await.unwrap();

    // Writing a row into another tenant is refused by the policy's `with check`.
    let mut tx = TenantTx::begin(&app.app_pool, b.id).await.unwrap();
    let planted = sqlx::query(
        "insert into roles (id, tenant_id, key, name) values ($1, $2, 'planted', 'planted')",
    )
    .bind(Uuid::now_v7())
    .bind(a.id.0)
    .execute(&mut *tx)
    .await;
    assert!(
        planted.is_err(),
        "a row for tenant A was written from tenant B"
    );
    drop(tx);

    // A's rows are all still there, unchanged.
    let names: Vec<String> = sqlx::query_scalar("select full_name from users where tenant_id = $1")
        .bind(a.id.0)
        .fetch_all(&app.owner)
        .await
        .unwrap();
    assert_eq!(names.len(), 6);
    assert!(names.iter().all(|n| n != "hijacked"));
}

#[tokio::test]
async fn a_token_of_one_tenant_only_ever_shows_that_tenant() {
    let app = TestApp::spawn().await;
    let a = TestTenant::create(&app).await;
    let b = TestTenant::create(&app).await;
    let tokens = app.login_ok(&b.email("admin")).await;
    let (status, me) = app
        .get_json(
            "/api/v1/auth/me",
            Some(tokens["access_token"].as_str().unwrap()),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["tenant_id"], b.id.to_string());
    assert_ne!(me["tenant_id"], a.id.to_string());
}

#[tokio::test]
async fn the_server_refuses_a_role_that_bypasses_rls() {
    let app = TestApp::spawn().await;
    assert!(server::ensure_rls_applies(&app.app_pool).await.is_ok());
    let refused = server::ensure_rls_applies(&app.owner).await;
    assert!(refused.is_err_and(|e| e.to_string().contains("bypass row-level security")));
}

#[tokio::test]
async fn the_audit_log_is_append_only_for_everyone() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    app.login_ok(&t.email("admin")).await;
    assert!(t.audit_count(&app, "auth.sign_in").await >= 1);
    for sql in [
        "update audit_log set action = 'forged' where tenant_id = $1",
        "delete from audit_log where tenant_id = $1",
    ] {
        let as_owner = sqlx::query(sql).bind(t.id.0).execute(&app.owner).await;
        assert!(as_owner.is_err(), "owner: {sql}");
        let mut tx = TenantTx::begin(&app.app_pool, t.id).await.unwrap();
        let as_app = sqlx::query(sql).bind(t.id.0).execute(&mut *tx).await;
        assert!(as_app.is_err(), "app role: {sql}");
    }
    assert!(
        sqlx::query("truncate audit_log")
            .execute(&app.owner)
            .await
            .is_err()
    );
    assert!(t.audit_count(&app, "auth.sign_in").await >= 1);
}

#[tokio::test]
async fn sign_ins_are_audited_with_ip_and_user_agent() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("user-agent", "FleetCore-Driver/1.0")
        .json(
            &serde_json::json!({"email": t.email("driver"), "password": crate::support::PASSWORD}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (actor, ip, agent): (Option<Uuid>, Option<String>, Option<String>) =
        sqlx::query_as("select actor_user_id, ip, user_agent from audit_log where tenant_id = $1 and action = 'auth.sign_in'")
            .bind(t.id.0)
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert!(actor.is_some());
    assert_eq!(ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(agent.as_deref(), Some("FleetCore-Driver/1.0"));
}
