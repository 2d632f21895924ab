//! The signed-in user's own profile: password, language and time zone.
//!
//! Owns no table of its own: it changes the user's row in `users` (through `db.rs` here) and
//! the route `/profile`. Needs no permission beyond being signed in.

mod api;
#[cfg(feature = "ssr")]
pub(crate) mod db;
mod model;
mod page;

pub use api::*;
#[cfg(feature = "ssr")]
pub use model::is_locale;
pub use model::{PasswordChange, Preferences, TIME_ZONES, validate_new_password};
pub use page::ProfilePage;
