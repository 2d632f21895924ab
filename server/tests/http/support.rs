//! The test harness: a server on a loopback port, a tenant of one's own, token forgery.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{Value, json};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use uuid::Uuid;

use app::admin::users::{self, NewUser};
use app::auth::DefaultRole;
use app::tenant::{self, NewTenant, TenantId, TenantTx};
use server::config::ServeConfig;
use server::metrics::Metrics;

pub const PASSWORD: &str = "test-password-1";
pub const SECRET: &str = "the HTTP tests' signing key, 32+ bytes";

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} must be set (scripts/cargo-test.sh sets it)"))
}

/// Building a router renders the app once to list its pages, and while it does, Leptos keeps
/// every resource *in the process* from loading (one global flag, `SuppressResourceLoad`): a
/// page another test's server renders meanwhile waits for its data until the request times out
/// (408s in the route walk, one run in two). Production builds its one router before serving;
/// here requests hold this lock for reading and router builds for writing.
static ROUTE_LISTING: LazyLock<tokio::sync::RwLock<()>> = LazyLock::new(Default::default);

/// Runs `list` (something that renders the app to list its routes) while no test server is
/// rendering a page.
pub async fn listing_routes<T>(list: impl FnOnce() -> T) -> T {
    let _alone = ROUTE_LISTING.write().await;
    list()
}

/// A running server and a client without cookies or redirects.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub owner: PgPool,
    pub app_pool: PgPool,
    /// What the server counted (served at `/metrics` on an address of its own in production).
    pub metrics: Arc<Metrics>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts a server whose settings `tweak` may change.
    pub async fn spawn_with(tweak: impl FnOnce(&mut ServeConfig)) -> Self {
        Self::spawn_on(&env("DATABASE_URL"), tweak).await
    }

    /// Starts a server that reaches the database at `database_url` (a relay, say).
    pub async fn spawn_on(database_url: &str, tweak: impl FnOnce(&mut ServeConfig)) -> Self {
        // RUST_LOG=error shows why a test met an "internal" answer (the server logs the cause).
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
        let mut config = ServeConfig {
            jwt_secret: SecretString::from(SECRET.to_owned()),
            secure_cookies: false,
            throttle_per_account: 5,
            throttle_per_ip: 100_000,
            throttle_window_secs: 900,
            public_url: "http://fleet.test".into(),
            trusted_proxies: String::new(),
            metrics_addr: None,
            pool: Default::default(),
        };
        tweak(&mut config);
        let state = server::state(database_url, &config).await.expect("state");
        let app_pool = state.db.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let metrics = Arc::new(Metrics::default());
        let router = listing_routes(|| server::router(state, metrics.clone()))
            .await
            .layer(axum::middleware::from_fn(
                |request: axum::extract::Request, next: axum::middleware::Next| async move {
                    let _rendering = ROUTE_LISTING.read().await;
                    next.run(request).await
                },
            ));
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let owner = server::connect(&env("DATABASE_ADMIN_URL")).await.unwrap();
        Self {
            base: format!("http://{addr}"),
            client,
            owner,
            app_pool,
            metrics,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_json(
        &self,
        path: &str,
        body: &Value,
        lang: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.post(self.url(path)).json(body);
        if let Some(lang) = lang {
            req = req.header("accept-language", lang);
        }
        let res = req.send().await.unwrap();
        (res.status(), res.json().await.unwrap_or(Value::Null))
    }

    pub async fn get_json(&self, path: &str, bearer: Option<&str>) -> (StatusCode, Value) {
        let mut req = self.client.get(self.url(path));
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        let res = req.send().await.unwrap();
        (res.status(), res.json().await.unwrap_or(Value::Null))
    }

    pub async fn login(
        &self,
        email: &str,
        password: &str,
        lang: Option<&str>,
    ) -> (StatusCode, Value) {
        self.post_json(
            "/api/v1/auth/login",
            &json!({"email": email, "password": password}),
            lang,
        )
        .await
    }

    pub async fn login_ok(&self, email: &str) -> Value {
        let (status, body) = self.login(email, PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// A signed-in user's access token.
    pub async fn token(&self, email: &str) -> String {
        self.token_with(email, PASSWORD).await
    }

    /// The access token of a sign-in with `password`, insisting on success.
    pub async fn token_with(&self, email: &str, password: &str) -> String {
        let (status, body) = self.login(email, password, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// A REST call with a bearer token and an optional JSON body.
    pub async fn call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        (res.status(), res.json().await.unwrap_or(Value::Null))
    }

    /// Creates something over REST (`POST path`), insisting on 201; answers its id.
    pub async fn create(&self, token: &str, path: &str, body: Value) -> String {
        let (status, created) = self
            .call(token, reqwest::Method::POST, path, Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        created["id"].as_str().unwrap().to_owned()
    }

    /// Calls a server function the way a hydrated page does, with a bearer token.
    pub async fn server_fn(
        &self,
        bearer: &str,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let res = self
            .client
            .post(self.url(path))
            .bearer_auth(bearer)
            .form(form)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

/// A valid vehicle for REST (a Kia Rio of the Almaty department) with the given plate.
pub fn kia(plate: &str) -> Value {
    serde_json::json!({"plate": plate, "brand": "Kia", "model": "Rio", "year": 2021, "body_type": "sedan", "fuel_type": "gasoline", "department": "Almaty"})
}

/// A day relative to the test tenant's today (in Almaty, a day ahead of UTC in the evening).
pub fn day(offset: i64) -> String {
    (app::fleet::vehicles::today_in("Asia/Almaty") + chrono::Duration::days(offset)).to_string()
}

/// Records an odometer reading of `km` taken `days_ago` days ago.
pub async fn record_reading(app: &TestApp, token: &str, vehicle: &str, km: i64, days_ago: i64) {
    let at = (chrono::Utc::now() - chrono::Duration::days(days_ago))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let body = json!({"vehicle": vehicle, "value": km.to_string(), "recorded_at": at});
    let (status, reading) = app
        .call(token, reqwest::Method::POST, "/api/v1/mileage", Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reading}");
}

/// The error codes an error body reports on `field` (none when the field is fine).
pub fn codes(body: &Value, field: &str) -> Vec<String> {
    body["fields"][field]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A tenant made for one test, with one user per default role (`{role}@{slug}.test`).
pub struct TestTenant {
    pub id: TenantId,
    pub slug: String,
}

impl TestTenant {
    pub async fn create(app: &TestApp) -> Self {
        Self::create_in(app, "KZ").await
    }

    /// A tenant in `country` (which decides its plate format).
    pub async fn create_in(app: &TestApp, country: &str) -> Self {
        let slug = format!("t{}", Uuid::new_v4().simple());
        let new = NewTenant {
            name: format!("Test {slug}"),
            slug: slug.clone(),
            country: country.into(),
            time_zone: "Asia/Almaty".into(),
            currency: "KZT".into(),
            default_locale: "en".into(),
        };
        let id = tenant::provision(&app.owner, &app.app_pool, &new)
            .await
            .unwrap();
        let mut tx = TenantTx::begin(&app.app_pool, id).await.unwrap();
        for role in DefaultRole::ALL {
            let user = NewUser {
                email: format!("{}@{slug}.test", short(role)),
                full_name: format!("{} of {slug}", role.key()),
                locale: "en".into(),
                time_zone: "Asia/Almaty".into(),
                roles: vec![role.key().into()],
            };
            users::provision(&mut tx, &user, PASSWORD).await.unwrap();
        }
        tx.commit().await.unwrap();
        Self { id, slug }
    }

    pub fn email(&self, mailbox: &str) -> String {
        format!("{mailbox}@{}.test", self.slug)
    }

    /// How many audit entries with `action` the tenant has (read as the owner).
    pub async fn audit_count(&self, app: &TestApp, action: &str) -> i64 {
        sqlx::query_scalar("select count(*) from audit_log where tenant_id = $1 and action = $2")
            .bind(self.id.0)
            .bind(action)
            .fetch_one(&app.owner)
            .await
            .unwrap()
    }
}

fn short(role: DefaultRole) -> &'static str {
    match role {
        DefaultRole::FleetManager => "manager",
        other => other.key(),
    }
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn sign(claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .unwrap()
}

/// The same claims signed with another key.
pub fn forge_token(token: &str, secret: &[u8]) -> String {
    sign(&claims_of(token), secret)
}

/// The same claims, properly signed, but expired a minute ago.
pub fn expired_token(token: &str) -> String {
    let mut claims = claims_of(token);
    let now = chrono::Utc::now().timestamp();
    claims["iat"] = json!(now - 1000);
    claims["exp"] = json!(now - 60);
    sign(&claims, SECRET.as_bytes())
}

/// The same claims with `alg: none` and no signature.
pub fn unsigned_token(token: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = token.split('.').nth(1).unwrap();
    format!("{header}.{payload}.")
}

/// `fleetcore serve` as its own process on a free port, with `env` added to its environment and
/// its log lines (stderr) sent to `logs`.
pub fn spawn_serve(
    env: &[(&str, &str)],
    logs: std::process::Stdio,
) -> (std::process::Child, String) {
    let addr = free_address();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_fleetcore"))
        .arg("serve")
        .env("LEPTOS_SITE_ADDR", &addr)
        .env("FLEETCORE_JWT_SECRET", SECRET)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(logs)
        .spawn()
        .unwrap();
    (child, addr)
}

/// A loopback address nobody listens on.
pub fn free_address() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}")
}
