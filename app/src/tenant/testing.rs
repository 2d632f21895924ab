//! For the SQL tests at the bottom of each `db.rs`: a fresh tenant of one's own on the real
//! database (`scripts/cargo-test.sh` sets the connection variables).

use uuid::Uuid;

use super::{NewTenant, TenantTx, provision};

fn pool(var: &str) -> sqlx::PgPool {
    let url = std::env::var(var)
        .unwrap_or_else(|_| panic!("{var} must be set (scripts/cargo-test.sh sets it)"));
    sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect_lazy(&url)
        .unwrap_or_else(|e| panic!("{var}: {e}"))
}

/// A new, empty tenant in `country` and an open transaction scoped to it. Dropping the
/// transaction throws away whatever the test wrote; the empty tenant row stays.
pub async fn scratch_tenant(country: &str) -> TenantTx {
    let (owner, app) = (pool("DATABASE_ADMIN_URL"), pool("DATABASE_URL"));
    let slug = format!("sql{}", Uuid::new_v4().simple());
    let tenant = NewTenant {
        name: slug.clone(),
        slug,
        country: country.into(),
        time_zone: "UTC".into(),
        currency: "KZT".into(),
        default_locale: "en".into(),
    };
    let id = provision(&owner, &app, &tenant)
        .await
        .unwrap_or_else(|e| panic!("provision: {e}"));
    TenantTx::begin(&app, id)
        .await
        .unwrap_or_else(|e| panic!("begin: {e}"))
}

/// How many rows this transaction has read from `table` so far, by sequential scans and through
/// its indexes, from PostgreSQL's own per-transaction counters: the guard that a list or an
/// aggregate reads what its page needs, not the table, whatever plan PostgreSQL picks.
pub async fn rows_read(tx: &mut TenantTx, table: &str) -> i64 {
    sqlx::query_scalar(
        "select coalesce(t.seq_tup_read, 0)
              + coalesce((select sum(pg_stat_get_xact_tuples_returned(i.indexrelid)) from pg_index i
                          where i.indrelid = t.relid), 0)::bigint
         from pg_stat_xact_user_tables t where t.relname = $1",
    )
    .bind(table)
    .fetch_one(&mut **tx)
    .await
    .unwrap_or_else(|e| panic!("rows read from {table}: {e}"))
}
