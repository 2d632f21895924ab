//! Expenses: what each vehicle costs (fuel, parts, service, insurance, tax, fines, parking,
//! tolls, washing), in the currency it was paid in and converted into the tenant's reporting
//! currency at its date (`money`).
//!
//! Owns the `expenses` table; a fuel fill's odometer is recorded through the mileage rules as
//! a reading with source `fuel`. Serves `/api/v1/expenses`. See `api` for the permissions.

#[cfg(feature = "ssr")]
mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
#[cfg(feature = "ssr")]
pub mod rest;

pub use model::{CostedExpense, Expense, ExpenseCategory, ExpenseForm, ExpensePage, ExpenseQuery, ExpenseTotals};
