//! Command line and environment: every flag is also an environment variable.

use clap::{Parser, Subcommand};
use secrecy::SecretString;

/// FleetCore: fleet and transport operations.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub db: DbConfig,
    /// How log lines are written: `text` for people, `json` (one object per line) for a
    /// collector.
    #[arg(
        long,
        global = true,
        env = "FLEETCORE_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: LogFormat,
}

/// The two ways of writing log lines.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the application (never loads demo data).
    Serve(ServeConfig),
    /// Apply pending migrations, as the owner role.
    Migrate,
    /// Load the demo tenants, users and fleets (idempotent).
    Seed(SeedConfig),
    /// A customer's tenants.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Users, across tenants.
    #[command(subcommand)]
    User(UserCommand),
    /// Exit 0 when the server at LEPTOS_SITE_ADDR is ready (the container's health check).
    Healthcheck(HealthcheckConfig),
}

/// `fleetcore tenant …`.
#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant with its default roles and first admin; prints a one-time password.
    Create(TenantCreate),
}

/// Settings of `tenant create`.
#[derive(Debug, Clone, clap::Args)]
pub struct TenantCreate {
    /// The company's name, as users see it.
    #[arg(long)]
    pub name: String,
    /// A short unique id (lower-case letters, digits, dashes); made from the name if left out.
    #[arg(long)]
    pub slug: Option<String>,
    /// ISO 3166-1 country code: decides the licence plate format (`KZ`, `MA`).
    #[arg(long)]
    pub country: String,
    /// IANA time zone of the fleet's day (`Asia/Almaty`).
    #[arg(long)]
    pub time_zone: String,
    /// ISO 4217 reporting currency (`KZT`).
    #[arg(long)]
    pub currency: String,
    /// The language new users start with: kk, ru, en, tr, fr or ar.
    #[arg(long, default_value = "en")]
    pub language: String,
    /// The first admin's email (their sign-in).
    #[arg(long)]
    pub admin_email: String,
    /// The first admin's full name (the email if left out).
    #[arg(long)]
    pub admin_name: Option<String>,
    /// Read the first admin's password from the first line of stdin instead of printing a
    /// generated one; it must still be changed at the first sign-in.
    #[arg(long)]
    pub password_stdin: bool,
}

/// `fleetcore user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Give a user a one-time password (printed) and end their sessions.
    ResetPassword {
        /// The user's email.
        #[arg(long)]
        email: String,
    },
}

/// Settings of `healthcheck`.
#[derive(Debug, Clone, clap::Args)]
pub struct HealthcheckConfig {
    /// Where the server listens.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: String,
}

/// Settings of `seed`.
#[derive(Debug, Clone, clap::Args)]
pub struct SeedConfig {
    /// Multiplies the demo fleets (520 and 80 vehicles) for benchmarks; up to 100.
    #[arg(long, env = "FLEETCORE_SEED_SCALE", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub scale: u32,
}

/// Where the database is.
#[derive(Debug, Clone, clap::Args)]
pub struct DbConfig {
    /// Connection as the application role (no BYPASSRLS); used by `serve` and `seed`.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<SecretString>,
    /// Connection as the owner role; used by `migrate`, `seed`, `tenant` and `user`.
    #[arg(long, env = "DATABASE_ADMIN_URL", hide_env_values = true)]
    pub database_admin_url: Option<SecretString>,
}

/// Settings of `serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeConfig {
    /// HMAC secret for access tokens, at least 32 bytes.
    #[arg(long, env = "FLEETCORE_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: SecretString,
    /// Mark cookies Secure (set when served over https).
    #[arg(long, env = "FLEETCORE_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Failed sign-ins allowed per account in the throttle window.
    #[arg(long, env = "FLEETCORE_THROTTLE_PER_ACCOUNT", default_value_t = 5)]
    pub throttle_per_account: i64,
    /// Failed sign-ins allowed per client IP in the throttle window.
    #[arg(long, env = "FLEETCORE_THROTTLE_PER_IP", default_value_t = 50)]
    pub throttle_per_ip: i64,
    /// Where users reach FleetCore; QR codes on vehicle labels link there.
    #[arg(
        long,
        env = "FLEETCORE_PUBLIC_URL",
        default_value = "http://localhost:3000"
    )]
    pub public_url: String,
    /// The throttle window, in seconds.
    #[arg(long, env = "FLEETCORE_THROTTLE_WINDOW_SECS", default_value_t = 900)]
    pub throttle_window_secs: i64,
    /// Proxies in front of FleetCore whose `X-Forwarded-For` names the client: addresses or
    /// networks, comma-separated (`10.0.0.0/8,127.0.0.1`). Empty: the TCP peer is the client.
    #[arg(long, env = "FLEETCORE_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// Where to serve Prometheus metrics (`/metrics`), apart from the public address
    /// (`127.0.0.1:9100`). Unset: no metrics are served.
    #[arg(long, env = "FLEETCORE_METRICS_ADDR")]
    pub metrics_addr: Option<std::net::SocketAddr>,
    #[command(flatten)]
    pub pool: PoolConfig,
}

/// How `serve` uses the database: a bounded pool whose requests cannot hold a connection or a
/// transaction forever.
#[derive(Debug, Clone, clap::Args)]
pub struct PoolConfig {
    /// Connections in the pool.
    #[arg(long, env = "FLEETCORE_DB_POOL_SIZE", default_value_t = 16)]
    pub db_pool_size: u32,
    /// How long a request waits for a free connection before it fails, in seconds.
    #[arg(long, env = "FLEETCORE_DB_ACQUIRE_TIMEOUT_SECS", default_value_t = 5)]
    pub db_acquire_timeout_secs: u64,
    /// The longest one SQL statement may run, in seconds (PostgreSQL `statement_timeout`).
    #[arg(
        long,
        env = "FLEETCORE_DB_STATEMENT_TIMEOUT_SECS",
        default_value_t = 30
    )]
    pub db_statement_timeout_secs: u64,
    /// How long a transaction may sit idle before PostgreSQL ends it, in seconds
    /// (`idle_in_transaction_session_timeout`).
    #[arg(
        long,
        env = "FLEETCORE_DB_IDLE_IN_TRANSACTION_TIMEOUT_SECS",
        default_value_t = 60
    )]
    pub db_idle_in_transaction_timeout_secs: u64,
}

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            db_pool_size: 16,
            db_acquire_timeout_secs: 5,
            db_statement_timeout_secs: 30,
            db_idle_in_transaction_timeout_secs: 60,
        }
    }
}
