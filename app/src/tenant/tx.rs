//! The two ways code gets a database connection: one tenant's transaction, or the platform's.

use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use std::ops::{Deref, DerefMut};

use super::TenantId;
use crate::error::AppError;

/// The database role the application runs as; it cannot bypass row-level security.
pub const APP_ROLE: &str = "fleetcore_app";

/// A transaction that can only see one tenant's rows.
///
/// It switches to [`APP_ROLE`] (so RLS applies even on a privileged pool, as in `#[sqlx::test]`)
/// and sets `app.tenant_id`, which every tenant table's policy compares with its `tenant_id`.
pub struct TenantTx {
    tx: Transaction<'static, Postgres>,
    tenant_id: TenantId,
}

impl TenantTx {
    /// Begins a transaction scoped to `tenant_id`.
    pub async fn begin(pool: &PgPool, tenant_id: TenantId) -> Result<Self, AppError> {
        let mut tx = pool.begin().await?;
        sqlx::query("select set_config('role', $1, true), set_config('app.tenant_id', $2, true)")
            .bind(APP_ROLE)
            .bind(tenant_id.0.to_string())
            .execute(&mut *tx)
            .await?;
        Ok(Self { tx, tenant_id })
    }

    /// The tenant this transaction is scoped to.
    pub fn tenant_id(&self) -> TenantId {
        self.tenant_id
    }

    /// Commits the transaction; dropping it without this rolls everything back.
    pub async fn commit(self) -> Result<(), AppError> {
        self.tx.commit().await.map_err(AppError::from)
    }

    /// Marks where `undo_to_mark` goes back to: lets a batch (an import) try each row in the
    /// one transaction and take back a refused row's writes without losing the others'. Each
    /// mark ends with `keep_since_mark` or `undo_to_mark`.
    pub async fn mark(&mut self) -> Result<(), AppError> {
        sqlx::query("savepoint batch_row")
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Keeps what was written since the last `mark`.
    pub async fn keep_since_mark(&mut self) -> Result<(), AppError> {
        sqlx::query("release savepoint batch_row")
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Takes back everything written since the last `mark`.
    pub async fn undo_to_mark(&mut self) -> Result<(), AppError> {
        sqlx::query("rollback to savepoint batch_row")
            .execute(&mut *self.tx)
            .await?;
        sqlx::query("release savepoint batch_row")
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}

impl Deref for TenantTx {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.tx
    }
}

impl DerefMut for TenantTx {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.tx
    }
}

/// A platform-wide transaction on the owner connection: provisioning tenants, the demo seed.
/// Never reachable from a request handler.
pub struct AdminTx {
    tx: Transaction<'static, Postgres>,
}

impl AdminTx {
    /// Begins a transaction on the owner pool.
    pub async fn begin(owner_pool: &PgPool) -> Result<Self, AppError> {
        Ok(Self {
            tx: owner_pool.begin().await?,
        })
    }

    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), AppError> {
        self.tx.commit().await.map_err(AppError::from)
    }
}

impl Deref for AdminTx {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.tx
    }
}

impl DerefMut for AdminTx {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.tx
    }
}
