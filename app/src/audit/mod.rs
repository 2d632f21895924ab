//! The audit log: an append-only record of every change to business data and every sign-in.
//!
//! Owns the `audit_log` table (insert and select only for the application role; a trigger
//! refuses update, delete and truncate for everyone). Entries are written by the operation that
//! makes the change, in the same transaction. Read on the page `/admin/audit` and through
//! `/api/v1/audit` (`AuditRead`); a record's own history is shown by its slice (the vehicle page).

use serde::{Deserialize, Serialize};

mod action;
mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod rest;

pub use action::{AuditAction, action_label};
pub use api::*;
#[cfg(feature = "ssr")]
pub use db::record;
pub use model::{AuditFacets, AuditQuery, AuditRow, Change, changes};
pub use page::{AuditLogPage, AuditTrail, HistoryPanel, entity_label, stored_action_label};

/// Where a request came from, kept with every audit entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// One audit entry, before it is written.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// What happened.
    pub action: AuditAction,
    /// The kind of thing it happened to (`user`, `role`, `session`).
    pub entity_type: &'static str,
    pub entity_id: Option<uuid::Uuid>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl AuditEntry {
    /// An entry about `entity_type` `entity_id`, with no diff yet.
    pub fn new(
        action: AuditAction,
        entity_type: &'static str,
        entity_id: impl Into<Option<uuid::Uuid>>,
    ) -> Self {
        Self {
            action,
            entity_type,
            entity_id: entity_id.into(),
            before: None,
            after: None,
        }
    }

    /// Records the state before and after the change, as JSON.
    pub fn diff(mut self, before: Option<impl Serialize>, after: Option<impl Serialize>) -> Self {
        self.before = before.and_then(|b| serde_json::to_value(b).ok());
        self.after = after.and_then(|a| serde_json::to_value(a).ok());
        self
    }
}
