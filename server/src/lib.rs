//! The FleetCore server: configuration, the router, start-up checks, migrations and the demo
//! seed. No business logic lives here; it is all in `app`.
// Rendering the app's views without `erase_components` (release builds) nests types deeply.
#![recursion_limit = "512"]

mod assets;
pub mod config;
mod fn_errors;
mod headers;
pub mod metrics;
mod observe;
mod operator;
mod router;
pub mod seed;

use anyhow::Context;
use leptos::config::get_configuration;
use secrecy::ExposeSecret;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use app::state::{AppState, AuthConfig};
use config::{
    Cli, Command, DbConfig, LogFormat, PoolConfig, ServeConfig, TenantCommand, UserCommand,
};
pub use router::{api_routes, router};

/// The embedded migrations.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Logs to stderr, filtered by `RUST_LOG` (default: info), as text for people or as one JSON
/// object per line for a log collector. A line written while a request is served carries the
/// request's id (its span).
pub fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    // stderr: stdout is for what a command prints (a one-time password, say).
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => logs.try_init(),
        LogFormat::Json => logs.json().flatten_event(true).try_init(),
    };
}

/// Runs one subcommand.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Migrate => {
            let owner = connect(owner_url(&cli.db)?).await?;
            MIGRATOR.run(&owner).await.context("applying migrations")?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed(seed) => {
            let owner = connect(owner_url(&cli.db)?).await?;
            let app_pool = connect(app_url(&cli.db)?).await?;
            seed::demo(&owner, &app_pool, seed.scale).await
        }
        Command::Serve(serve) => self::serve(&cli.db, serve).await,
        Command::Tenant(TenantCommand::Create(args)) => {
            operator::create_tenant(&cli.db, args).await
        }
        Command::User(UserCommand::ResetPassword { email }) => {
            operator::reset_password(&cli.db, &email).await
        }
        Command::Healthcheck(args) => operator::healthcheck(args).await,
    }
}

fn app_url(db: &DbConfig) -> anyhow::Result<&str> {
    db.database_url
        .as_ref()
        .map(|s| s.expose_secret())
        .context("DATABASE_URL (the application role) is needed for this command")
}

fn owner_url(db: &DbConfig) -> anyhow::Result<&str> {
    db.database_admin_url
        .as_ref()
        .map(|s| s.expose_secret())
        .context("DATABASE_ADMIN_URL (the owner role) is needed for this command")
}

/// A connection pool.
pub async fn connect(url: &str) -> anyhow::Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(16)
        .connect(url)
        .await
        .context("connecting to PostgreSQL")
}

/// The serving pool: bounded, and every connection limits how long a statement may run and a
/// transaction may sit idle, so a slow query or a stuck request cannot hold the database.
pub async fn connect_serving(url: &str, pool: &PoolConfig) -> anyhow::Result<PgPool> {
    let statement_ms = (pool.db_statement_timeout_secs * 1000).to_string();
    let idle_ms = (pool.db_idle_in_transaction_timeout_secs * 1000).to_string();
    let options = PgConnectOptions::from_str(url)
        .context("reading DATABASE_URL")?
        .options([
            ("statement_timeout", statement_ms.as_str()),
            ("idle_in_transaction_session_timeout", idle_ms.as_str()),
        ]);
    PgPoolOptions::new()
        .max_connections(pool.db_pool_size)
        .acquire_timeout(Duration::from_secs(pool.db_acquire_timeout_secs))
        .connect_with(options)
        .await
        .context("connecting to PostgreSQL")
}

/// Refuses to serve with a database role that row-level security does not bind.
pub async fn ensure_rls_applies(pool: &PgPool) -> anyhow::Result<()> {
    let (name, superuser, bypass): (String, bool, bool) = sqlx::query_as(
        "select rolname::text, rolsuper, rolbypassrls from pg_roles where rolname = current_user",
    )
    .fetch_one(pool)
    .await
    .context("reading the database role")?;
    anyhow::ensure!(
        !superuser && !bypass,
        "the database role {name} can bypass row-level security; connect as fleetcore_app"
    );
    Ok(())
}

/// Builds the application state for `serve` and for the HTTP tests.
pub async fn state(database_url: &str, serve: &ServeConfig) -> anyhow::Result<AppState> {
    let db = connect_serving(database_url, &serve.pool).await?;
    ensure_rls_applies(&db).await?;
    let mut auth = AuthConfig::new(serve.jwt_secret.clone(), serve.secure_cookies)
        .map_err(anyhow::Error::msg)?;
    auth.throttle_per_account = serve.throttle_per_account;
    auth.throttle_per_ip = serve.throttle_per_ip;
    auth.throttle_window_secs = serve.throttle_window_secs;
    auth.trusted_proxies = serve
        .trusted_proxies
        .parse()
        .map_err(anyhow::Error::msg)
        .context("FLEETCORE_TRUSTED_PROXIES")?;
    let mut leptos_options = get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    assets::use_built_names(&mut leptos_options);
    Ok(AppState {
        leptos_options,
        db,
        auth: Arc::new(auth),
        public_url: serve.public_url.as_str().into(),
    })
}

async fn serve(db: &DbConfig, serve: ServeConfig) -> anyhow::Result<()> {
    let state = state(app_url(db)?, &serve).await?;
    assets::check_site(&state.leptos_options)?;
    let addr = state.leptos_options.site_addr;
    tokio::spawn(purge_sign_in_attempts(
        state.db.clone(),
        state.auth.throttle_window_secs,
    ));
    let metrics = Arc::new(metrics::Metrics::default());
    if let Some(addr) = serve.metrics_addr {
        tokio::spawn(serve_metrics(addr, metrics.clone(), state.db.clone()));
    }
    let app = router(state, metrics);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!("FleetCore listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_requested())
    .await
    .context("serving")?;
    tracing::info!("requests in flight answered; FleetCore stopped");
    Ok(())
}

/// Serves `/metrics` on its own address until the process ends.
async fn serve_metrics(addr: SocketAddr, metrics: Arc<metrics::Metrics>, db: PgPool) {
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!(error = %e, %addr, "cannot serve the metrics");
            return;
        }
    };
    tracing::info!("metrics at http://{addr}/metrics");
    if let Err(e) = axum::serve(listener, metrics::router(metrics, db)).await {
        tracing::error!(error = %e, "serving the metrics stopped");
    }
}

/// Every ten minutes, removes the sign-in attempts that have left the throttle window.
async fn purge_sign_in_attempts(db: PgPool, window_secs: i64) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        match app::auth::purge_expired_sign_in_attempts(&db, window_secs).await {
            Ok(0) => {}
            Ok(purged) => tracing::debug!(purged, "old sign-in attempts removed"),
            Err(e) => tracing::warn!(error = %e, "could not remove old sign-in attempts"),
        }
    }
}

/// Resolves at the first SIGTERM (`docker stop`, systemd, Kubernetes) or SIGINT (Ctrl-C).
/// Serving then stops accepting connections and answers the requests already in flight.
pub async fn shutdown_requested() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT: draining requests in flight"),
        () = terminate => tracing::info!("SIGTERM: draining requests in flight"),
    }
}
