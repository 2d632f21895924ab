//! Money across currencies: the tenant's daily exchange rates and the one rule that converts
//! an amount paid in one currency into the reporting currency at its date.
//!
//! Owns the `exchange_rates` table and serves `/api/v1/exchange-rates` and the rates page
//! `/expenses/rates` (`page`: set, import from CSV, remove). The expenses slice
//! (and later contracts, budgets and reports) look rates up in SQL next to their rows and
//! convert with [`convert`]; see `model` for which rate applies and how amounts round.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod history;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use model::{ExchangeRate, RateForm, RateQuery, convert};
pub use page::RatesPage;
