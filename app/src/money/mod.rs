//! Money across currencies: the tenant's daily exchange rates and the one rule that converts
//! an amount paid in one currency into the reporting currency at its date.
//!
//! Owns the `exchange_rates` table and serves `/api/v1/exchange-rates`. The expenses slice
//! (and later contracts, budgets and reports) look rates up in SQL next to their rows and
//! convert with [`convert`]; see `model` for which rate applies and how amounts round.

#[cfg(feature = "ssr")]
mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod history;
pub mod model;
#[cfg(feature = "ssr")]
pub mod rest;

pub use model::{ExchangeRate, RateForm, RateQuery, convert};
