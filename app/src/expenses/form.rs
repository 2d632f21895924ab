//! The form that records an expense, behind an "Add expense" button: the vehicle by plate, the
//! category and amount, and for fuel the fill (quantity, price per unit, fuel, full tank,
//! odometer). Without JavaScript every field is there; fuel's are read for fuel only. On a
//! vehicle's tab the vehicle is given.

use leptos::prelude::*;

use super::labels::category_label;
use super::{CreateExpenseFn, ExpenseCategory, ExpenseForm};
use crate::error::AppError;
use crate::fleet::mileage::ConfirmAbnormal;
use crate::fleet::vehicles::{FuelType, fuel_label};
use crate::i18n::{t, td_string, use_i18n};
use crate::input::CURRENCIES;
use crate::once::FormKeyField;
use crate::ui::form::{
    FieldErrors, FormError, SelectField, SubmitButton, TextField, use_disclosed_form,
    use_form_values,
};

/// `vehicle` is the vehicle's id when the page is about one, else the form asks for a plate.
#[component]
pub fn AddExpense(
    action: ServerAction<CreateExpenseFn>,
    error: Signal<Option<AppError>>,
    vehicle: Option<String>,
    currency: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let kept = use_form_values::<ExpenseForm>()
        .filter(|f| !f.category.is_empty() || !f.vehicle.is_empty())
        .unwrap_or_default();
    let (form_ref, open) = use_disclosed_form(action, error);
    let l = i18n.get_locale();
    let categories = ExpenseCategory::ALL
        .iter()
        .map(|c| (c.as_str(), category_label(l, *c)))
        .collect::<Vec<_>>();
    let fuels = FuelType::ALL
        .iter()
        .map(|f| (f.as_str(), fuel_label(l, *f)))
        .collect::<Vec<_>>();
    let currency = if kept.currency.is_empty() {
        currency
    } else {
        kept.currency.clone()
    };
    let full_tank = kept.category.is_empty() || matches!(kept.full_tank.as_str(), "true" | "on");
    let vehicle_field = match vehicle {
        Some(id) => view! { <input type="hidden" name="form[vehicle]" value=id /> <FieldErrors error field="vehicle" /> }.into_any(),
        None => view! {
            <TextField label=td_string!(l, expenses.vehicle) name="vehicle" value=kept.vehicle.clone() error required=true
                hint=Some(td_string!(l, assignments.vehicle_hint).to_owned()) />
        }
        .into_any(),
    };
    view! {
        <details class="card plan" open=move || open.get() data-testid="add-expense">
            <summary class="button primary" data-testid="add-expense-open">{t!(i18n, expenses.add)}</summary>
            <ActionForm action node_ref=form_ref attr:class="form" attr:data-testid="expense-form">
                <FormKeyField action=action />
                <FormError error />
                <div class="form-grid">
                    {vehicle_field}
                    <SelectField label=td_string!(l, expenses.category) name="category" value=kept.category.clone() error required=true options=categories />
                    <TextField label=td_string!(l, expenses.amount) name="amount" value=kept.amount.clone() error inputmode="decimal"
                        hint=Some(td_string!(l, expenses.amount_hint).to_owned()) />
                    <SelectField label=td_string!(l, expenses.currency) name="currency" value=currency error required=false
                        options=CURRENCIES.iter().map(|c| (*c, *c)).collect() />
                    <TextField label=td_string!(l, expenses.spent_on) name="spent_on" value=kept.spent_on.clone() error input_type="date" />
                    <TextField label=td_string!(l, expenses.vendor) name="vendor" value=kept.vendor.clone() error maxlength=200 />
                </div>
                <fieldset class="form-grid fuel-fill" data-testid="fuel-fill">
                    <legend>{t!(i18n, expenses.fuel)}</legend>
                    <TextField label=td_string!(l, expenses.fuel_quantity) name="fuel_quantity" value=kept.fuel_quantity.clone() error inputmode="decimal" />
                    <TextField label=td_string!(l, expenses.fuel_unit_price) name="fuel_unit_price" value=kept.fuel_unit_price.clone() error inputmode="decimal" />
                    <SelectField label=td_string!(l, expenses.fuel_type) name="fuel_type" value=kept.fuel_type.clone() error required=false options=fuels />
                    <TextField label=td_string!(l, expenses.odometer) name="odometer" value=kept.odometer.clone() error inputmode="numeric"
                        hint=Some(td_string!(l, expenses.odometer_hint).to_owned()) />
                    <label class="checkbox">
                        <input type="checkbox" name="form[full_tank]" value="true" checked=full_tank data-testid="full-tank" />
                        <span>{t!(i18n, expenses.full_tank)}</span>
                    </label>
                    <ConfirmAbnormal error field="odometer" />
                </fieldset>
                <label class="field" data-field="description">
                    <span>{t!(i18n, expenses.description)}</span>
                    <textarea name="form[description]" rows="2" maxlength="2000">{kept.description.clone()}</textarea>
                    <FieldErrors error field="description" />
                </label>
                <div class="form-actions">
                    <SubmitButton action attr:data-testid="save-expense">{t!(i18n, common.save)}</SubmitButton>
                </div>
            </ActionForm>
        </details>
    }
}
