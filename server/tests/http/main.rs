//! HTTP tests: the real router on a loopback port against the real PostgreSQL (one binary).
//! Each test makes a tenant of its own, so tests run in parallel and never depend on each
//! other's data or on the demo data.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test binary: a failed unwrap is a failed test, with its location"
)]

mod admin;
mod auth;
mod budgets;
mod contracts;
mod drivers;
mod expenses;
mod fuel_import;
mod hardening;
mod inspections;
mod maintenance;
mod maintenance_calendar;
mod maintenance_programs;
mod mileage;
mod observe;
mod once;
mod operator;
mod routes;
mod support;
mod tenancy;
mod vehicles;
