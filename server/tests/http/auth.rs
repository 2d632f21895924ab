//! Sign-in, tokens, sessions, the throttle and the error format, over HTTP.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{self, TestApp, TestTenant};

#[tokio::test]
async fn login_returns_tokens_and_me_answers_with_the_user() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let tokens = app.login_ok(&t.email("admin")).await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let me = app
        .get_json(
            "/api/v1/auth/me",
            Some(tokens["access_token"].as_str().unwrap()),
        )
        .await;
    assert_eq!(me.0, StatusCode::OK);
    assert_eq!(me.1["email"], t.email("admin"));
    assert_eq!(me.1["tenant_id"], t.id.to_string());
    let permissions = me.1["permissions"].as_array().unwrap();
    assert!(permissions.contains(&json!("user_write")));
    let driver = app.login_ok(&t.email("driver")).await;
    let me = app
        .get_json(
            "/api/v1/auth/me",
            Some(driver["access_token"].as_str().unwrap()),
        )
        .await;
    assert!(
        !me.1["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("user_write"))
    );
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let wrong = app.login(&t.email("admin"), "not the password", None).await;
    let unknown = app
        .login(
            &format!("nobody-{}@nowhere.test", t.slug),
            support::PASSWORD,
            None,
        )
        .await;
    assert_eq!(wrong.0, StatusCode::UNAUTHORIZED);
    // The same but for the request's own id.
    let without_id = |(status, mut body): (StatusCode, serde_json::Value)| {
        body.as_object_mut().map(|b| b.remove("request_id"));
        (status, body)
    };
    let (wrong, unknown) = (without_id(wrong), without_id(unknown));
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.1["error"], "invalid_credentials");
    assert_eq!(wrong.1["message"], "The email or password is incorrect.");
}

#[tokio::test]
async fn invalid_input_is_422_with_translated_field_errors() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "", "password": ""}),
            Some("fr-FR,fr;q=0.9"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "invalid");
    assert_eq!(body["message"], "Veuillez corriger les champs signalés.");
    assert_eq!(body["fields"]["email"][0]["code"], "required");
    assert_eq!(
        body["fields"]["password"][0]["message"],
        "Ce champ est obligatoire."
    );
    let (status, body) = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "no-at-sign", "password": "x"}),
            Some("ar"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"]["email"][0]["code"], "invalid_email");
    assert_eq!(
        body["fields"]["email"][0]["message"],
        "أدخل عنوان بريد إلكتروني صالحًا."
    );
}

#[tokio::test]
async fn malformed_bodies_are_400_in_the_error_format() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "bad_request");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn bad_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let tokens = app.login_ok(&t.email("viewer")).await;
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    assert_eq!(
        app.get_json("/api/v1/auth/me", None).await.1["error"],
        "unauthenticated"
    );
    for bad in [
        support::forge_token(access, b"some other secret, 32 bytes or more"),
        support::expired_token(access),
        support::unsigned_token(access),
        refresh.to_owned(),
        format!("{access}x"),
    ] {
        let (status, body) = app.get_json("/api/v1/auth/me", Some(&bad)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(body["error"], "unauthenticated");
    }
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(access)).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let first = app.login_ok(&t.email("dispatcher")).await;
    let (status, second) = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": first["refresh_token"]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    let second_access = second["access_token"].as_str().unwrap();
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(second_access)).await.0,
        StatusCode::OK
    );

    // The first refresh token again, after the grace window: stolen or replayed. The whole
    // family dies.
    sqlx::query("update refresh_tokens set used_at = now() - interval '31 seconds' where used_at is not null and tenant_id = $1")
        .bind(t.id.0)
        .execute(&app.owner)
        .await
        .unwrap();
    let (status, _) = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": first["refresh_token"]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": second["refresh_token"]}),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the rotated token belongs to the revoked family"
    );
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(second_access)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(t.audit_count(&app, "auth.refresh_reused").await, 1);
}

#[tokio::test]
async fn logout_revokes_access_and_refresh_tokens() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let tokens = app.login_ok(&t.email("mechanic")).await;
    let access = tokens["access_token"].as_str().unwrap();
    let res = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(access)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": tokens["refresh_token"]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(t.audit_count(&app, "auth.sign_out").await, 1);
}

#[tokio::test]
async fn a_deactivated_user_is_refused_at_the_next_request() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let tokens = app.login_ok(&t.email("driver")).await;
    let access = tokens["access_token"].as_str().unwrap();
    sqlx::query("update users set is_active = false where email = $1")
        .bind(t.email("driver"))
        .execute(&app.owner)
        .await
        .unwrap();
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(access)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": tokens["refresh_token"]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // And it cannot sign in again, with the same answer as a wrong password.
    assert_eq!(
        app.login(&t.email("driver"), support::PASSWORD, None)
            .await
            .1["error"],
        "invalid_credentials"
    );
}

#[tokio::test]
async fn a_deleted_user_is_refused_at_the_next_request() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let tokens = app.login_ok(&t.email("viewer")).await;
    sqlx::query("delete from users where email = $1")
        .bind(t.email("viewer"))
        .execute(&app.owner)
        .await
        .unwrap();
    assert_eq!(
        app.get_json(
            "/api/v1/auth/me",
            Some(tokens["access_token"].as_str().unwrap())
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_password_change_voids_every_earlier_token() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let other_device = app.login_ok(&t.email("manager")).await;
    let this_device = app.login_ok(&t.email("manager")).await;
    let access = this_device["access_token"].as_str().unwrap();

    // Wrong current password: a field error, nothing changes.
    let (status, body) = app
        .server_fn(
            access,
            "/fn/profile/password",
            &[
                ("current_password", "wrong one!"),
                ("new_password", "a new password"),
                ("confirm_password", "a new password"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"]["current_password"][0], "wrong_password");
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(access)).await.0,
        StatusCode::OK
    );

    let (status, body) = app
        .server_fn(
            access,
            "/fn/profile/password",
            &[
                ("current_password", support::PASSWORD),
                ("new_password", "a new password"),
                ("confirm_password", "a new password"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for tokens in [&other_device, &this_device] {
        assert_eq!(
            app.get_json(
                "/api/v1/auth/me",
                Some(tokens["access_token"].as_str().unwrap())
            )
            .await
            .0,
            StatusCode::UNAUTHORIZED
        );
        let (status, _) = app
            .post_json(
                "/api/v1/auth/refresh",
                &json!({"refresh_token": tokens["refresh_token"]}),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.login(&t.email("manager"), support::PASSWORD, None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&t.email("manager"), "a new password", None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(t.audit_count(&app, "user.password_change").await, 1);
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_with_retry_after() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    for _ in 0..5 {
        assert_eq!(
            app.login(&t.email("admin"), "wrong", None).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": t.email("admin"), "password": support::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 900, "{retry}");
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "rate_limited");
    // The login form's server function answers the same way.
    let res = app
        .client
        .post(app.url("/fn/auth/login"))
        .form(&[
            ("email", t.email("admin")),
            ("password", support::PASSWORD.to_owned()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "rate_limited");
    // Another account of the same tenant is not affected.
    assert_eq!(
        app.login(&t.email("viewer"), support::PASSWORD, None)
            .await
            .0,
        StatusCode::OK
    );
    assert!(t.audit_count(&app, "auth.sign_in_failed").await >= 5);
}

#[tokio::test]
async fn sign_in_is_throttled_per_ip() {
    // Four accounts, one failure each: only the IP's budget (3) can refuse the fourth. Other
    // tests' failures from 127.0.0.1 only make it sooner, never later.
    let app = TestApp::spawn_with(|c| c.throttle_per_ip = 3).await;
    let t = TestTenant::create(&app).await;
    let mut statuses = Vec::new();
    for role in ["admin", "manager", "dispatcher", "mechanic"] {
        statuses.push(app.login(&t.email(role), "wrong", None).await.0);
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn browser_sign_in_sets_http_only_cookies_the_refresh_one_strict() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    for (remember, persistent) in [(Some("on"), true), (None, false)] {
        let mut form = vec![
            ("email", t.email("admin")),
            ("password", support::PASSWORD.to_owned()),
        ];
        if let Some(r) = remember {
            form.push(("remember", r.to_owned()));
        }
        let res = app
            .client
            .post(app.url("/fn/auth/login"))
            .header("accept", "text/html")
            .header("referer", app.url("/login"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FOUND);
        assert_eq!(res.headers()["location"], "/");
        let cookies: Vec<String> = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let access = cookies
            .iter()
            .find(|c| c.starts_with("fc_access="))
            .expect("access cookie");
        let refresh = cookies
            .iter()
            .find(|c| c.starts_with("fc_refresh="))
            .expect("refresh cookie");
        assert!(
            access.contains("HttpOnly") && access.contains("SameSite=Lax"),
            "{access}"
        );
        assert!(
            refresh.contains("HttpOnly") && refresh.contains("SameSite=Strict"),
            "{refresh}"
        );
        assert!(access.contains("Max-Age=900"));
        assert_eq!(refresh.contains("Max-Age="), persistent, "{refresh}");
        assert!(cookies.iter().any(|c| c.starts_with("i18n_pref_locale=en")));
    }
}

#[tokio::test]
async fn a_failed_plain_form_post_comes_back_to_the_form_with_its_error() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/fn/auth/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login?form_error=old"))
        .form(&[("email", ""), ("password", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("/login?form_error=") && !location.contains("old"),
        "{location}"
    );
    let page = app
        .client
        .get(app.url(location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("This field is required."),
        "the page shows the field error"
    );
}

#[tokio::test]
async fn pages_redirect_anonymous_visitors_and_render_for_users() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let res = app
        .client
        .get(app.url("/profile"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/login");
    let tokens = app.login_ok(&t.email("admin")).await;
    // As a browser asks for it: resources that call server functions while the page renders
    // must not turn the page into a redirect.
    for page in ["/", "/profile", "/admin/users", "/admin/roles"] {
        let res = app
            .client
            .get(app.url(page))
            .header("accept", "text/html")
            .header(
                "cookie",
                format!("fc_access={}", tokens["access_token"].as_str().unwrap()),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{page}");
    }
    let html = app
        .client
        .get(app.url("/profile"))
        .header(
            "cookie",
            format!("fc_access={}", tokens["access_token"].as_str().unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), StatusCode::OK);
    let html = html.text().await.unwrap();
    assert!(
        html.contains(&t.email("admin")) && html.contains("lang=\"en\""),
        "{html}"
    );
}

#[tokio::test]
async fn an_expired_access_cookie_is_renewed_with_the_refresh_cookie() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let tokens = app.login_ok(&t.email("viewer")).await;
    let cookie = format!(
        "fc_access={}; fc_refresh={}",
        support::expired_token(tokens["access_token"].as_str().unwrap()),
        tokens["refresh_token"].as_str().unwrap()
    );
    let res = app
        .client
        .get(app.url("/"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let set: Vec<&str> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        set.iter()
            .any(|c| c.starts_with("fc_access=") && !c.starts_with("fc_access=;")),
        "{set:?}"
    );
    assert!(
        set.iter().any(|c| c.starts_with("fc_refresh=")
            && !c.contains(tokens["refresh_token"].as_str().unwrap()))
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn parallel_refreshes_with_one_token_share_one_successor() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let first = app.login_ok(&t.email("dispatcher")).await;
    let body = json!({"refresh_token": first["refresh_token"]});
    let (a, b, c) = tokio::join!(
        app.post_json("/api/v1/auth/refresh", &body, None),
        app.post_json("/api/v1/auth/refresh", &body, None),
        app.post_json("/api/v1/auth/refresh", &body, None),
    );
    for (status, answer) in [&a, &b, &c] {
        assert_eq!(*status, StatusCode::OK, "{answer}");
    }
    assert_eq!(a.1["refresh_token"], b.1["refresh_token"]);
    assert_eq!(b.1["refresh_token"], c.1["refresh_token"]);
    assert_ne!(a.1["refresh_token"], first["refresh_token"]);
    let sessions: Vec<(bool,)> =
        sqlx::query_as("select revoked_at is not null from sessions where tenant_id = $1")
            .bind(t.id.0)
            .fetch_all(&app.owner)
            .await
            .unwrap();
    assert_eq!(sessions, vec![(false,)], "one live session");
    assert_eq!(t.audit_count(&app, "auth.refresh_reused").await, 0);
    // The shared successor rotates on as usual.
    let (status, next) = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": a.1["refresh_token"]}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{next}");
    let access = next["access_token"].as_str().unwrap();
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(access)).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn thirty_parallel_guesses_meet_the_throttle_one_by_one() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let email = t.email("admin");
    let guesses = (0..30).map(|_| async {
        let res = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": "wrong"}))
            .send()
            .await
            .unwrap();
        let retry_after = res
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        (res.status(), retry_after)
    });
    let answers = futures::future::join_all(guesses).await;
    let refused = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::UNAUTHORIZED)
        .count();
    let throttled: Vec<_> = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(
        refused <= 5,
        "at most five passwords were checked: {answers:?}"
    );
    assert_eq!(refused + throttled.len(), 30, "{answers:?}");
    assert!(
        throttled.iter().all(|(_, retry)| retry.is_some()),
        "{answers:?}"
    );
}

#[tokio::test]
async fn a_guesser_elsewhere_slows_an_account_but_cannot_lock_its_owner_out() {
    // Behind our own proxy on loopback, X-Forwarded-For names each client.
    let app = TestApp::spawn_with(|c| c.trusted_proxies = "127.0.0.1".into()).await;
    let t = TestTenant::create(&app).await;
    let email = t.email("manager");
    let sign_in = |from: &'static str, password: &'static str| {
        let email = email.clone();
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/auth/login"))
                .header("x-forwarded-for", from)
                .json(&json!({"email": email, "password": password}))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..5 {
        assert_eq!(
            sign_in("203.0.113.9", "wrong").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = sign_in("203.0.113.9", support::PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the guesser's address is locked"
    );
    let locked_for: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(locked_for > 60, "{locked_for}");

    // The owner, from another address, waits at most the back-off.
    let mut res = sign_in("198.51.100.20", support::PASSWORD).await;
    if res.status() == StatusCode::TOO_MANY_REQUESTS {
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(wait <= 60, "a back-off, not a lock: {wait}");
        tokio::time::sleep(
            std::time::Duration::from_secs(wait) + std::time::Duration::from_millis(200),
        )
        .await;
        res = sign_in("198.51.100.20", support::PASSWORD).await;
    }
    assert_eq!(res.status(), StatusCode::OK);
    let audited: Vec<(Option<String>,)> = sqlx::query_as(
        "select ip::text from audit_log where tenant_id = $1 and action = 'auth.sign_in'",
    )
    .bind(t.id.0)
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert_eq!(audited.len(), 1);
    assert!(
        audited[0]
            .0
            .as_deref()
            .unwrap_or("")
            .starts_with("198.51.100.20"),
        "{audited:?}"
    );
}

#[tokio::test]
async fn a_change_sent_with_our_cookie_from_another_site_is_refused() {
    let app = TestApp::spawn().await;
    let t = TestTenant::create(&app).await;
    let tokens = app.login_ok(&t.email("viewer")).await;
    let cookie = format!(
        "fc_access={}; fc_refresh={}",
        tokens["access_token"].as_str().unwrap(),
        tokens["refresh_token"].as_str().unwrap()
    );
    let logout = |origin: String, site: &'static str| {
        app.client
            .post(app.url("/fn/auth/logout"))
            .header("cookie", &cookie)
            .header("origin", origin)
            .header("sec-fetch-site", site)
            .send()
    };
    let res = logout("https://evil.example".into(), "cross-site")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "cross_site");
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(
        app.get_json("/api/v1/auth/me", Some(access)).await.0,
        StatusCode::OK,
        "still signed in"
    );
    assert_eq!(t.audit_count(&app, "auth.sign_out").await, 0);

    // The same from our own page goes ahead.
    let res = logout(app.base.clone(), "same-origin").await.unwrap();
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    assert_eq!(t.audit_count(&app, "auth.sign_out").await, 1);
}

/// Kazakh was called `kz` before it took its ISO code `kk`: a browser's language cookie and a
/// profile saved then still mean Kazakh, and the browser is given the new name.
#[tokio::test]
async fn kazakh_under_its_old_name_kz_is_still_kazakh() {
    let app = TestApp::spawn().await;
    let heading = "FleetCore жүйесіне кіру";
    let res = app
        .client
        .get(app.url("/login"))
        .header("cookie", "i18n_pref_locale=kz")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let renamed = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("i18n_pref_locale=kk;"));
    assert!(renamed, "{:?}", res.headers());
    let html = res.text().await.unwrap();
    assert!(
        html.contains("lang=\"kk\"") && html.contains(heading),
        "{html}"
    );

    let t = TestTenant::create(&app).await;
    sqlx::query("update users set locale = 'kz' where email = $1")
        .bind(t.email("viewer"))
        .execute(&app.owner)
        .await
        .unwrap();
    let tokens = app.login_ok(&t.email("viewer")).await;
    let access = tokens["access_token"].as_str().unwrap();
    let html = app
        .client
        .get(app.url("/profile"))
        .header("cookie", format!("fc_access={access}; i18n_pref_locale=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("lang=\"kk\""), "{html}");
    // The API answers in the profile's language too.
    let (status, refused) = app.get_json("/api/v1/users", Some(access)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused["message"], "Бұл әрекетке құқығыңыз жоқ.",
        "{refused}"
    );
}
