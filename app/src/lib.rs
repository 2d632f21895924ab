//! FleetCore's application: every page, component and server function, and the operations
//! behind them. Compiled twice: with `ssr` into the server, with `hydrate` into the browser.
#![recursion_limit = "256"]

pub mod admin;
pub mod audit;
pub mod auth;
mod choice;
pub mod dashboard;
pub mod error;
pub mod budgets;
pub mod contracts;
pub mod expenses;
pub mod expiry;
pub mod import;
pub mod fleet;
pub mod input;
pub mod listing;
pub mod inspections;
pub mod maintenance;
pub mod money;
pub mod profile;
#[cfg(feature = "ssr")]
pub mod rest;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod state;
pub mod tenant;
pub mod ui;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use shell::{App, shell};
