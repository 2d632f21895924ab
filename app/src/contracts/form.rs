//! The form that adds a contract, behind an "Add contract" button: the vehicle (given on its
//! tab, else by plate), type, contractor and number, the term, one payment and how often, the
//! coverage (read for insurance only) and notes.

use leptos::prelude::*;

use super::CreateContractFn;
use super::labels::{frequency_label, type_label};
use super::model::{ContractForm, ContractType, PaymentFrequency};
use crate::error::AppError;
use crate::i18n::{t, td_string, use_i18n};
use crate::input::CURRENCIES;
use crate::once::FormKeyField;
use crate::ui::form::{
    FieldErrors, FormError, SelectField, SubmitButton, TextField, use_disclosed_form,
    use_form_values,
};

/// `vehicle` is the vehicle's id when the page is about one, else the form asks for a plate.
#[component]
pub fn AddContract(
    action: ServerAction<CreateContractFn>,
    error: Signal<Option<AppError>>,
    vehicle: Option<String>,
    currency: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let kept = use_form_values::<ContractForm>()
        .filter(|f| !f.contractor.is_empty() || !f.contract_type.is_empty())
        .unwrap_or_default();
    let (form_ref, open) = use_disclosed_form(action, error);
    let l = i18n.get_locale();
    let types = ContractType::ALL
        .iter()
        .map(|c| (c.as_str(), type_label(l, *c)))
        .collect::<Vec<_>>();
    let frequencies = PaymentFrequency::ALL
        .iter()
        .map(|f| (f.as_str(), frequency_label(l, *f)))
        .collect::<Vec<_>>();
    let currency = if kept.currency.is_empty() {
        currency
    } else {
        kept.currency.clone()
    };
    let vehicle_field = match vehicle {
        Some(id) => view! { <input type="hidden" name="form[vehicle]" value=id /> <FieldErrors error field="vehicle" /> }.into_any(),
        None => view! {
            <TextField label=td_string!(l, contracts.vehicle) name="vehicle" value=kept.vehicle.clone() error required=true
                hint=Some(td_string!(l, assignments.vehicle_hint).to_owned()) />
        }
        .into_any(),
    };
    view! {
        <details class="card plan" open=move || open.get() data-testid="add-contract">
            <summary class="button primary" data-testid="add-contract-open">{t!(i18n, contracts.add)}</summary>
            <ActionForm action node_ref=form_ref attr:class="form" attr:data-testid="contract-form">
                <FormKeyField action=action />
                <FormError error />
                <div class="form-grid">
                    {vehicle_field}
                    <SelectField label=td_string!(l, contracts.contract_type) name="contract_type" value=kept.contract_type.clone() error required=true options=types />
                    <TextField label=td_string!(l, contracts.contractor) name="contractor" value=kept.contractor.clone() error required=true maxlength=200 />
                    <TextField label=td_string!(l, contracts.number) name="number" value=kept.number.clone() error maxlength=100 />
                    <TextField label=td_string!(l, contracts.starts_on) name="starts_on" value=kept.starts_on.clone() error required=true input_type="date" />
                    <TextField label=td_string!(l, contracts.ends_on) name="ends_on" value=kept.ends_on.clone() error required=true input_type="date" />
                    <TextField label=td_string!(l, contracts.amount) name="amount" value=kept.amount.clone() error inputmode="decimal"
                        hint=Some(td_string!(l, contracts.amount_hint).to_owned()) />
                    <SelectField label=td_string!(l, contracts.currency) name="currency" value=currency error required=false
                        options=CURRENCIES.iter().map(|c| (*c, *c)).collect() />
                    <SelectField label=td_string!(l, contracts.payment_frequency) name="payment_frequency" value=kept.payment_frequency.clone() error required=true options=frequencies />
                    <label class="checkbox">
                        <input type="checkbox" name="form[auto_renew]" value="true" checked=matches!(kept.auto_renew.as_str(), "true" | "on") />
                        <span>{t!(i18n, contracts.auto_renew)}</span>
                    </label>
                </div>
                <label class="field" data-field="coverage">
                    <span>{t!(i18n, contracts.coverage)}</span>
                    <textarea name="form[coverage]" rows="2" maxlength="2000">{kept.coverage.clone()}</textarea>
                    <small class="hint">{t!(i18n, contracts.coverage_hint)}</small>
                    <FieldErrors error field="coverage" />
                </label>
                <label class="field" data-field="notes">
                    <span>{t!(i18n, contracts.notes)}</span>
                    <textarea name="form[notes]" rows="2" maxlength="2000">{kept.notes.clone()}</textarea>
                    <FieldErrors error field="notes" />
                </label>
                <div class="form-actions">
                    <SubmitButton action attr:data-testid="save-contract">{t!(i18n, common.save)}</SubmitButton>
                </div>
            </ActionForm>
        </details>
    }
}
