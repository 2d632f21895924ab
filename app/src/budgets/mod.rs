//! Budgets: what a department, or one vehicle, may spend in a month in the reporting currency,
//! against what it spent (its expenses of the month, converted like every total), with a
//! warning from an alert share and an over-budget state the notifications module will send.
//!
//! Owns the `budgets` table; serves `/api/v1/budgets` and the page `/expenses/budgets`. See
//! `api` for the permissions.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use page::BudgetsPage;
