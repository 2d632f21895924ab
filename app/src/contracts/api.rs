//! Contract operations, shared by the server functions below and `rest.rs`.
//!
//! Reading contracts needs `ContractRead`; adding, renewing and cancelling them
//! `ContractWrite`. Every change is audited on the contract's vehicle.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{
    Contract, ContractForm, ContractPage, ContractQuery, PaymentForm, PaymentSchedule, RenewalForm,
};
use crate::error::AppError;
use crate::expenses::CostedExpense;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use std::collections::HashMap;

    use chrono::NaiveDate;
    use uuid::Uuid;

    use super::super::db::{self, NewContract};
    use super::super::model::{
        Contract, ContractForm, ContractInput, ContractPage, ContractQuery, ContractType,
        ExpiringContract, PaymentForm, PaymentSchedule, RenewalForm, ScheduledPayment,
    };
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError};
    use crate::expenses::db::NewExpense;
    use crate::expenses::model::ExpenseInput;
    use crate::expenses::{self, CostedExpense, ExpenseCategory};
    use crate::fleet::RecordsOf;
    use crate::fleet::vehicles::{find_vehicle, today_in};
    use crate::listing::{PageRequest, Paged};
    use crate::tenant::{self, TenantTx};

    /// A page of the contracts matching the query, with how many there are in each status.
    pub async fn list_contracts(
        ctx: &Ctx,
        query: &ContractQuery,
    ) -> Result<ContractPage, AppError> {
        query.check()?;
        let mut tx = ctx.authorize(Permission::ContractRead).await?;
        if let Some(vehicle) = query.vehicle {
            RecordsOf::Vehicle(vehicle).ensure_exists(&mut tx).await?;
        }
        let today = tenant_today(&mut tx).await?;
        let by_status = db::count_by_status(&mut tx, query, today).await?;
        let total = by_status
            .iter()
            .filter(|(status, _)| query.status.is_none_or(|s| s == *status))
            .map(|(_, n)| n)
            .sum();
        let items = db::page(&mut tx, query, today).await?;
        Ok(ContractPage {
            page: Paged {
                items,
                total,
                page: query.page.page,
                per_page: query.page.limit(),
            },
            by_status,
        })
    }

    pub async fn get_contract(ctx: &Ctx, id: Uuid) -> Result<Contract, AppError> {
        let mut tx = ctx.authorize(Permission::ContractRead).await?;
        let today = tenant_today(&mut tx).await?;
        db::get(&mut tx, id, today).await?.ok_or(AppError::NotFound)
    }

    /// The open contracts ending within `days` (at most a year), the soonest first, each with
    /// the reminder step it has reached: what the "expiring soon" widget shows.
    pub async fn expiring_contracts(
        ctx: &Ctx,
        days: i32,
        page: PageRequest,
    ) -> Result<Paged<ExpiringContract>, AppError> {
        let query = ContractQuery {
            expiring_within: Some(days.clamp(0, 366)),
            page,
            ..Default::default()
        };
        let listed = list_contracts(ctx, &query).await?.page;
        let items = listed
            .items
            .into_iter()
            .map(|contract| ExpiringContract {
                expiry_step: contract.expiry_step(),
                contract,
            })
            .collect();
        Ok(Paged {
            items,
            total: listed.total,
            page: listed.page,
            per_page: listed.per_page,
        })
    }

    /// Adds a contract to a vehicle.
    pub async fn create_contract(ctx: &Ctx, form: &ContractForm) -> Result<Contract, AppError> {
        let mut tx = ctx.authorize(Permission::ContractWrite).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let input = form.validate(&settings.currency)?;
        let vehicle = find_vehicle(&mut tx, &settings.country, &input.vehicle)
            .await?
            .ok_or_else(|| AppError::field("vehicle", FieldError::UnknownChoice))?;
        let contract = insert(
            ctx,
            &mut tx,
            &input,
            vehicle.id.0,
            None,
            today_in(&settings.time_zone),
        )
        .await?;
        let entry = AuditEntry::new(AuditAction::ContractCreate, "vehicle", vehicle.id.0)
            .diff(None::<()>, Some(&contract));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(contract)
    }

    /// Renews a contract: a copy with the new term (and amount, number) linked to it, the old
    /// one closed by it (cut short if the new term starts before the old one ends). A contract
    /// renewed or cancelled already is refused.
    pub async fn renew_contract(
        ctx: &Ctx,
        id: Uuid,
        form: &RenewalForm,
    ) -> Result<Contract, AppError> {
        let mut tx = ctx.authorize(Permission::ContractWrite).await?;
        let today = tenant_today(&mut tx).await?;
        let old = db::get(&mut tx, id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        ensure_open(&old)?;
        let renewal = form.validate(&old)?;
        let input = ContractInput {
            vehicle: old.vehicle_id.to_string(),
            contract_type: old.contract_type,
            contractor: old.contractor.clone(),
            number: renewal.number,
            starts_on: renewal.starts_on,
            ends_on: renewal.ends_on,
            amount: renewal.amount,
            currency: old.currency.clone(),
            payment_frequency: old.payment_frequency,
            auto_renew: old.auto_renew,
            coverage: old.coverage.clone(),
            notes: old.notes.clone(),
        };
        let new = insert(ctx, &mut tx, &input, old.vehicle_id, Some(old.id), today).await?;
        if !db::mark_renewed(&mut tx, old.id, new.id, new.starts_on).await? {
            return Err(closed());
        }
        // The difference between the old contract and its successor is what the renewal changed.
        let entry = AuditEntry::new(AuditAction::ContractRenew, "vehicle", old.vehicle_id)
            .diff(Some(&old), Some(&new));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(new)
    }

    /// Cancels an open contract.
    pub async fn cancel_contract(ctx: &Ctx, id: Uuid) -> Result<Contract, AppError> {
        let mut tx = ctx.authorize(Permission::ContractWrite).await?;
        let today = tenant_today(&mut tx).await?;
        let old = db::get(&mut tx, id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        ensure_open(&old)?;
        if !db::cancel(&mut tx, id, ctx.user.user_id.0).await? {
            return Err(closed());
        }
        let cancelled = db::get(&mut tx, id, today)
            .await?
            .ok_or(AppError::Internal)?;
        let entry = AuditEntry::new(AuditAction::ContractCancel, "vehicle", old.vehicle_id)
            .diff(Some(&old), Some(&cancelled));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(cancelled)
    }

    async fn insert(
        ctx: &Ctx,
        tx: &mut TenantTx,
        input: &ContractInput,
        vehicle: Uuid,
        renewal_of: Option<Uuid>,
        today: chrono::NaiveDate,
    ) -> Result<Contract, AppError> {
        let id = db::insert(
            tx,
            NewContract {
                input,
                vehicle,
                renewal_of,
                created_by: ctx.user.user_id.0,
            },
        )
        .await?;
        db::get(tx, id, today).await?.ok_or(AppError::Internal)
    }

    /// The payments of the contracts (of one vehicle, or of the fleet) falling due in the
    /// page's window (see `PaymentSchedule::window`), recorded or not; with a `limit`, only
    /// that many unrecorded ones are listed (the sums count them all).
    pub async fn payment_schedule(
        ctx: &Ctx,
        vehicle: Option<Uuid>,
        limit: Option<usize>,
    ) -> Result<PaymentSchedule, AppError> {
        let mut tx = ctx.authorize(Permission::ContractRead).await?;
        if let Some(vehicle) = vehicle {
            RecordsOf::Vehicle(vehicle).ensure_exists(&mut tx).await?;
        }
        let today = tenant_today(&mut tx).await?;
        let (from, to) = PaymentSchedule::window(today);
        let contracts = db::running_between(&mut tx, vehicle, from, to, today).await?;
        let recorded: HashMap<(Uuid, NaiveDate), Uuid> = db::recorded_payments(&mut tx, from, to)
            .await?
            .into_iter()
            .map(|(contract, day, expense)| ((contract, day), expense))
            .collect();
        let mut payments: Vec<ScheduledPayment> = contracts
            .iter()
            .flat_map(|c| {
                c.due_days()
                    .into_iter()
                    .filter(|day| (from..=to).contains(day))
                    .map(move |due_on| (c, due_on))
            })
            .map(|(c, due_on)| ScheduledPayment {
                contract_id: c.id,
                vehicle_id: c.vehicle_id,
                plate: c.plate.clone(),
                contract_type: c.contract_type,
                contractor: c.contractor.clone(),
                number: c.number.clone(),
                due_on,
                amount: c.amount,
                currency: c.currency.clone(),
                expense_id: recorded.get(&(c.id, due_on)).copied(),
            })
            .collect();
        payments.sort_by(|a, b| (a.due_on, &a.plate).cmp(&(b.due_on, &b.plate)));
        Ok(PaymentSchedule::new(from, to, payments, limit))
    }

    /// Records one of a contract's payments as an expense of its vehicle (insurance for an
    /// insurance, service for a warranty or service contract, other for leasing and rental),
    /// dated the day it fell due, or today when paid ahead. Once per due day.
    pub async fn record_payment(
        ctx: &Ctx,
        id: Uuid,
        form: &PaymentForm,
    ) -> Result<CostedExpense, AppError> {
        let mut tx = ctx.authorize(Permission::ContractWrite).await?;
        let settings = tenant::db::settings(&mut tx).await?;
        let today = today_in(&settings.time_zone);
        let contract = db::get(&mut tx, id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        let due_on = contract.due_day(form)?;
        let input = ExpenseInput {
            vehicle: contract.vehicle_id.to_string(),
            driver: None,
            category: expense_category(contract.contract_type),
            amount: contract.amount,
            currency: contract.currency.clone(),
            spent_on: due_on.min(today),
            description: contract.number.clone(),
            vendor: Some(contract.contractor.clone()),
            fuel: None,
        };
        let new = NewExpense {
            input: &input,
            vehicle: contract.vehicle_id,
            fuel_type: None,
            reading: None,
            contract_payment: Some((contract.id, due_on)),
            created_by: ctx.user.user_id.0,
        };
        let expense = expenses::insert_audited(ctx, &mut tx, new, &settings.currency).await?;
        tx.commit().await?;
        Ok(expense)
    }

    fn expense_category(contract_type: ContractType) -> ExpenseCategory {
        match contract_type {
            ContractType::InsuranceCasco | ContractType::InsuranceOsago => {
                ExpenseCategory::Insurance
            }
            ContractType::Warranty | ContractType::ServiceContract => ExpenseCategory::Service,
            ContractType::Leasing | ContractType::Rental => ExpenseCategory::Other,
        }
    }

    fn ensure_open(contract: &Contract) -> Result<(), AppError> {
        if contract.renewed_by.is_some() || contract.cancelled_at.is_some() {
            Err(closed())
        } else {
            Ok(())
        }
    }

    fn closed() -> AppError {
        AppError::field("contract", FieldError::ContractClosed)
    }

    async fn tenant_today(tx: &mut TenantTx) -> Result<chrono::NaiveDate, AppError> {
        Ok(today_in(&tenant::db::settings(tx).await?.time_zone))
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

/// The contract list with its counts by status.
#[server(prefix = "/fn", endpoint = "contracts/list")]
pub async fn list_contracts_fn(query: ContractQuery) -> Result<ContractPage, AppError> {
    finish(list_contracts(&ctx()?, &query).await, None)
}

/// The add form; a plain form post goes back, the values kept on failure.
#[server(prefix = "/fn", endpoint = "contracts/create")]
pub async fn create_contract_fn(
    form: ContractForm,
    form_key: Option<FormKey>,
) -> Result<Contract, AppError> {
    let result = once::run(ctx()?, form_key, async |ctx| {
        create_contract(ctx, &form).await
    })
    .await;
    finish_keeping(result, None, &form)
}

/// A row's renewal form; a failed plain post keeps which row sent it and what it typed.
#[server(prefix = "/fn", endpoint = "contracts/renew")]
pub async fn renew_contract_fn(id: Uuid, form: RenewalForm) -> Result<Contract, AppError> {
    let result = renew_contract(&ctx()?, id, &form).await;
    finish_keeping(result, None, &crate::ui::KeptItem { id, form })
}

/// A row's cancellation; a failed plain post keeps which row sent it.
#[server(prefix = "/fn", endpoint = "contracts/cancel")]
pub async fn cancel_contract_fn(id: Uuid) -> Result<Contract, AppError> {
    let result = cancel_contract(&ctx()?, id).await;
    finish_keeping(result, None, &crate::ui::KeptItem { id, form: () })
}

/// The payments due around now: all of one vehicle's, the first few unrecorded of the fleet's.
#[server(prefix = "/fn", endpoint = "contracts/payments")]
pub async fn payment_schedule_fn(vehicle: Option<Uuid>) -> Result<PaymentSchedule, AppError> {
    /// The unrecorded payments the fleet page lists; its monthly sums count them all.
    const FLEET_ROWS: usize = 25;
    let limit = vehicle.is_none().then_some(FLEET_ROWS);
    finish(payment_schedule(&ctx()?, vehicle, limit).await, None)
}

/// A payment's "record as expense" button; a failed plain post keeps which contract sent it.
#[server(prefix = "/fn", endpoint = "contracts/record-payment")]
pub async fn record_payment_fn(id: Uuid, form: PaymentForm) -> Result<CostedExpense, AppError> {
    let result = record_payment(&ctx()?, id, &form).await;
    finish_keeping(result, None, &crate::ui::KeptItem { id, form })
}
