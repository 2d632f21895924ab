//! The signed-in user's own profile: password, language and time zone.
//!
//! Owns no table of its own: it changes the user's row in `users` (through `db.rs` here) and
//! the route `/profile`. Needs no permission beyond being signed in.

mod api;
#[cfg(feature = "ssr")]
mod db;
mod model;
mod page;

pub use api::*;
pub use model::{PasswordChange, Preferences, TIME_ZONES};
pub use page::ProfilePage;
