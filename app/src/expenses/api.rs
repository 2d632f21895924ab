//! Expense operations, shared by the server functions below and `rest.rs`.
//!
//! Reading expenses needs `ExpenseRead`, recording them `ExpenseWrite`. Every expense is
//! audited on its vehicle, in the same transaction as the odometer reading a fuel fill makes.

use leptos::prelude::*;

use super::fleet_consumption::FleetConsumption;
#[cfg(feature = "ssr")]
use super::model::ConsumptionQuery;
use super::model::{CostedExpense, ExpenseForm, ExpensePage, ExpenseQuery, VehicleCosts};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use chrono::{DateTime, Utc};
    use uuid::Uuid;

    use super::super::consumption::consumption;
    use super::super::db::{self, NewExpense};
    use super::super::fleet_consumption::FleetConsumption;
    use super::super::model::{
        ConsumptionQuery, CostedExpense, ExpenseForm, ExpenseInput, ExpensePage, ExpenseQuery,
        ExpenseTotals, VehicleConsumption, VehicleCosts, cost_per_km,
    };
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError};
    use crate::fleet::RecordsOf;
    use crate::fleet::mileage::{self, MileageSource};
    use crate::fleet::vehicles::{
        FuelType, Vehicle, VehicleId, db as vehicles, find_vehicle, today_in,
    };
    use crate::listing::Paged;
    use crate::tenant::db::TenantSettings;
    use crate::tenant::{self, TenantTx};

    /// A page of the expenses matching the query and the totals of all of them in the reporting
    /// currency; one vehicle's must be the tenant's vehicle (another tenant's is `NotFound`).
    pub async fn list_expenses(ctx: &Ctx, query: &ExpenseQuery) -> Result<ExpensePage, AppError> {
        query.check()?;
        let mut tx = ctx.authorize(Permission::ExpenseRead).await?;
        if let Some(vehicle) = query.vehicle {
            RecordsOf::Vehicle(vehicle).ensure_exists(&mut tx).await?;
        }
        let reporting = tenant::db::settings(&mut tx).await?.currency;
        let rows = db::totals(&mut tx, query, &reporting).await?;
        let totals = ExpenseTotals::from_rows(reporting.clone(), &rows);
        let items = db::page(&mut tx, query, &reporting)
            .await?
            .into_iter()
            .map(CostedExpense::from)
            .collect();
        let page = Paged {
            items,
            total: totals.count,
            page: query.page.page,
            per_page: query.page.limit(),
        };
        Ok(ExpensePage { page, totals })
    }

    pub async fn get_expense(ctx: &Ctx, id: Uuid) -> Result<CostedExpense, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseRead).await?;
        let reporting = tenant::db::settings(&mut tx).await?.currency;
        db::get(&mut tx, id, &reporting)
            .await?
            .map(CostedExpense::from)
            .ok_or(AppError::NotFound)
    }

    /// Records an expense; a fuel fill's odometer goes through the mileage rules as a reading
    /// with source `fuel` (errors on `odometer` and `spent_on`; an abnormal value needs
    /// `confirm`).
    pub async fn create_expense(ctx: &Ctx, form: &ExpenseForm) -> Result<CostedExpense, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let input = form.validate(today_in(&settings.time_zone), &settings.currency)?;
        let vehicle = find_vehicle(&mut tx, &settings.country, &input.vehicle)
            .await?
            .ok_or_else(|| AppError::field("vehicle", FieldError::UnknownChoice))?;
        if let Some(driver) = input.driver
            && !db::driver_exists(&mut tx, driver).await?
        {
            return Err(AppError::field("driver", FieldError::UnknownChoice));
        }
        let expense = record_expense(ctx, &mut tx, &settings, &vehicle, &input, None).await?;
        tx.commit().await?;
        Ok(expense)
    }

    /// Records a validated expense of `vehicle` in the caller's transaction: the fill's
    /// odometer as a reading taken at `read_at` (by default as `mileage::read_on_day` places
    /// it), then the expense, audited. What the add form and a fuel-card import share.
    pub async fn record_expense(
        ctx: &Ctx,
        tx: &mut TenantTx,
        settings: &TenantSettings,
        vehicle: &Vehicle,
        input: &ExpenseInput,
        read_at: Option<DateTime<Utc>>,
    ) -> Result<CostedExpense, AppError> {
        let reading = match input
            .fuel
            .as_ref()
            .and_then(|f| f.odometer_km.map(|km| (km, f.confirmed)))
        {
            Some((km, confirmed)) => {
                let at = match read_at {
                    Some(at) => at,
                    None => mileage::read_on_day(
                        input.spent_on,
                        today_in(&settings.time_zone),
                        &settings.time_zone,
                    )
                    .map_err(|e| AppError::field("spent_on", e))?,
                };
                let notes = input.vendor.clone().unwrap_or_default();
                let reading = mileage::record_for_work(
                    ctx,
                    tx,
                    vehicle,
                    km,
                    at,
                    confirmed,
                    notes,
                    MileageSource::Fuel,
                )
                .await
                .map_err(|e| {
                    e.with_fields_renamed(&[("value", "odometer"), ("recorded_at", "spent_on")])
                })?;
                Some(reading.id)
            }
            None => None,
        };
        let fuel_type = input
            .fuel
            .as_ref()
            .map(|f| f.fuel_type.unwrap_or(vehicle.fuel_type));
        let new = NewExpense {
            input,
            vehicle: vehicle.id.0,
            fuel_type,
            reading,
            contract_payment: None,
            created_by: ctx.user.user_id.0,
        };
        insert_audited(ctx, tx, new, &settings.currency).await
    }

    /// Stores an expense and audits it on its vehicle, in the caller's transaction: how every
    /// expense is written, here and for a contract's payment.
    pub async fn insert_audited(
        ctx: &Ctx,
        tx: &mut TenantTx,
        new: NewExpense<'_>,
        reporting: &str,
    ) -> Result<CostedExpense, AppError> {
        let vehicle = new.vehicle;
        let id = db::insert(tx, new).await?;
        let expense = db::get(tx, id, reporting)
            .await?
            .ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::ExpenseCreate, "vehicle", vehicle)
            .diff(None::<()>, Some(&expense));
        audit::record(tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        Ok(expense.into())
    }

    /// Deletes an expense booked by mistake, audited on its vehicle with what it was. A fuel
    /// fill's odometer reading is voided with it (whoever may record the fill may take its
    /// reading back); a contract's payment becomes due again.
    pub async fn delete_expense(ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let reporting = tenant::db::settings(&mut tx).await?.currency;
        let expense = db::get(&mut tx, id, &reporting)
            .await?
            .ok_or(AppError::NotFound)?;
        db::delete(&mut tx, id).await?;
        if let Some(reading) = expense.reading_id
            && let Err(e) = mileage::void_in(ctx, &mut tx, reading, EXPENSE_DELETED).await
            // Voided by hand before (an error on `reason`): nothing left to take back.
            && !e.field_errors().contains_key("reason")
        {
            return Err(e);
        }
        let entry = AuditEntry::new(AuditAction::ExpenseDelete, "vehicle", expense.vehicle_id)
            .diff(Some(&expense), None::<()>);
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await
    }

    /// The reason a fill's reading is voided with it, as the mileage history shows it.
    const EXPENSE_DELETED: mileage::VoidReason<'static> =
        mileage::VoidReason::Cause(mileage::VoidCause::ExpenseDeleted);

    /// A vehicle's fuel consumption from its fills (see `consumption`), in litres or, for an
    /// electric vehicle, kWh per 100 km.
    pub async fn vehicle_consumption(
        ctx: &Ctx,
        vehicle: Uuid,
    ) -> Result<VehicleConsumption, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseRead).await?;
        fuel_consumption(&mut tx, vehicle).await
    }

    /// What a vehicle has cost so far (see `VehicleCosts`).
    pub async fn vehicle_costs(ctx: &Ctx, vehicle: Uuid) -> Result<VehicleCosts, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseRead).await?;
        let fuel = fuel_consumption(&mut tx, vehicle).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let query = ExpenseQuery {
            vehicle: Some(vehicle),
            ..Default::default()
        };
        let totals = ExpenseTotals::from_rows(
            settings.currency.clone(),
            &db::totals(&mut tx, &query, &settings.currency).await?,
        );
        let distance_km = mileage::db::stats(&mut tx, vehicle, &settings.time_zone)
            .await?
            .total_km;
        Ok(VehicleCosts {
            cost_per_km: cost_per_km(totals.total, distance_km),
            totals,
            distance_km,
            fuel,
        })
    }

    /// The fleet's consumption by model, over the stretches closed on the query's days (see
    /// `fleet_consumption`).
    pub async fn fleet_consumption(
        ctx: &Ctx,
        query: &ConsumptionQuery,
    ) -> Result<FleetConsumption, AppError> {
        query.check()?;
        let mut tx = ctx.authorize(Permission::ExpenseRead).await?;
        let rows = db::fleet_fuel(&mut tx, query.from, query.to).await?;
        Ok(super::super::fleet_consumption::fleet_consumption(&rows))
    }

    async fn fuel_consumption(
        tx: &mut TenantTx,
        vehicle: Uuid,
    ) -> Result<VehicleConsumption, AppError> {
        let found = vehicles::get(tx, VehicleId(vehicle))
            .await?
            .ok_or(AppError::NotFound)?;
        let fills = db::fills(tx, vehicle).await?;
        Ok(VehicleConsumption {
            electric: found.fuel_type == FuelType::Electric,
            consumption: consumption(&fills),
        })
    }
}

#[cfg(feature = "ssr")]
fn ctx() -> Result<crate::auth::ctx::Ctx, AppError> {
    crate::auth::ctx::Ctx::from_context()
}

#[cfg(feature = "ssr")]
use crate::once;
use crate::once::FormKey;
#[cfg(feature = "ssr")]
use crate::ui::form::{finish, finish_keeping};

/// The expense list with its totals.
#[server(prefix = "/fn", endpoint = "expenses/list")]
pub async fn list_expenses_fn(query: ExpenseQuery) -> Result<ExpensePage, AppError> {
    finish(list_expenses(&ctx()?, &query).await, None)
}

/// The add form; a plain form post goes back to the list, the values kept on failure.
#[server(prefix = "/fn", endpoint = "expenses/create")]
pub async fn create_expense_fn(
    form: ExpenseForm,
    form_key: Option<FormKey>,
) -> Result<CostedExpense, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        create_expense(ctx, &form).await
    })
    .await;
    finish_keeping(result, None, &form)
}

/// The vehicle's expenses tab: its costs so far and its consumption.
#[server(prefix = "/fn", endpoint = "expenses/vehicle-costs")]
pub async fn vehicle_costs_fn(vehicle: uuid::Uuid) -> Result<VehicleCosts, AppError> {
    finish(vehicle_costs(&ctx()?, vehicle).await, None)
}

/// The fleet's consumption page. The days come as they are, not as a query struct: with both
/// blank a struct would not be sent at all.
#[server(prefix = "/fn", endpoint = "expenses/fleet-consumption")]
pub async fn fleet_consumption_fn(
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<FleetConsumption, AppError> {
    finish(
        fleet_consumption(&ctx()?, &ConsumptionQuery { from, to }).await,
        None,
    )
}

/// An expense row's delete button.
#[server(prefix = "/fn", endpoint = "expenses/delete")]
pub async fn delete_expense_fn(id: uuid::Uuid) -> Result<(), AppError> {
    finish(delete_expense(&ctx()?, id).await, None)
}
