//! The FleetCore server: configuration, the router, start-up checks, migrations and the demo
//! seed. No business logic lives here; it is all in `app`.
// Rendering the app's views without `erase_components` (release builds) nests types deeply.
#![recursion_limit = "512"]

pub mod config;
mod router;
pub mod seed;

use anyhow::Context;
use leptos::config::get_configuration;
use secrecy::ExposeSecret;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::net::SocketAddr;
use std::sync::Arc;

use app::state::{AppState, AuthConfig};
use config::{Cli, Command, DbConfig, ServeConfig};
pub use router::{api_routes, router};

/// The embedded migrations.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Logs to stderr, filtered by `RUST_LOG` (default: info).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
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
            let app_pool = connect(cli.db.database_url.expose_secret()).await?;
            seed::demo(&owner, &app_pool, seed.scale).await
        }
        Command::Serve(serve) => self::serve(&cli.db, serve).await,
    }
}

fn owner_url(db: &DbConfig) -> anyhow::Result<&str> {
    db.database_admin_url
        .as_ref()
        .map(|s| s.expose_secret())
        .context("DATABASE_ADMIN_URL (the owner role) is needed for this command")
}

/// A connection pool.
pub async fn connect(url: &str) -> anyhow::Result<PgPool> {
    PgPoolOptions::new().max_connections(16).connect(url).await.context("connecting to PostgreSQL")
}

/// Refuses to serve with a database role that row-level security does not bind.
pub async fn ensure_rls_applies(pool: &PgPool) -> anyhow::Result<()> {
    let (name, superuser, bypass): (String, bool, bool) =
        sqlx::query_as("select rolname::text, rolsuper, rolbypassrls from pg_roles where rolname = current_user")
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
    let db = connect(database_url).await?;
    ensure_rls_applies(&db).await?;
    let mut auth = AuthConfig::new(serve.jwt_secret.clone(), serve.secure_cookies).map_err(anyhow::Error::msg)?;
    auth.throttle_per_account = serve.throttle_per_account;
    auth.throttle_per_ip = serve.throttle_per_ip;
    auth.throttle_window_secs = serve.throttle_window_secs;
    let leptos_options = get_configuration(None).context("reading the Leptos configuration")?.leptos_options;
    Ok(AppState { leptos_options, db, auth: Arc::new(auth), public_url: serve.public_url.as_str().into() })
}

async fn serve(db: &DbConfig, serve: ServeConfig) -> anyhow::Result<()> {
    let state = state(db.database_url.expose_secret(), &serve).await?;
    let addr = state.leptos_options.site_addr;
    let app = router(state);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    tracing::info!("FleetCore listening on http://{addr}");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")
}
