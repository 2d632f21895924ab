//! Contracts: a vehicle's leasing, rental, insurance (CASCO, OSAGO), warranty and service
//! contracts, with their term, what one payment costs and how often, and the renewal that links
//! one contract to the next.
//!
//! Owns the `contracts` table. The status (active, pending renewal, expired, cancelled) is read
//! off the dates on the tenant's day, never edited; contracts within 30 days of their end await
//! renewal and reach the reminder steps 30, 14 and 7 days (`Contract::expiry_step`). Their
//! payments fall due by the frequency and can each be recorded once as an expense. Serves
//! `/api/v1/contracts`, the list at `/contracts` (`page`, its add form in `form`) and the
//! vehicle's contracts tab. See `api` for the permissions.

mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod form;
#[cfg(feature = "ssr")]
pub mod history;
mod labels;
pub mod model;
mod page;
mod payments;
#[cfg(feature = "ssr")]
pub mod rest;

pub use api::*;
pub use model::{
    Contract, ContractForm, ContractQuery, ContractStatus, ContractType, PaymentFrequency,
};
pub use page::{ContractsPage, VehicleContractsTab};
