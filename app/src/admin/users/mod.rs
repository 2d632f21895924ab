//! Users of a tenant: the admin list, creation with a one-time initial password, deactivation,
//! role assignment and password resets (a one-time password again); also the provisioning used
//! by the demo seed and tests and the operator's command line.
//!
//! Owns the `users` and `user_roles` tables (the credential columns are read by `auth`), the
//! page `/admin/users` and `/api/v1/users`. Reading needs `UserRead`, changing `UserWrite`.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use model::{CreatedUser, NewUser, OneTimePassword, UserInput, UserRow, looks_like_email};
pub use page::UsersPage;
