//! Roles: the six defaults every tenant gets (read-only) and the custom roles an admin builds
//! by ticking permissions.
//!
//! Owns the `roles` table, the page `/admin/roles` and `/api/v1/roles`. Reading needs
//! `RoleRead`, changing `RoleWrite`.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use model::{RoleInput, RoleRow};
pub use page::RolesPage;
