//! The form that plans a work order: on a vehicle's tab (the vehicle given) or on the board (by
//! plate). It starts scheduled; the move form takes it from there.

use leptos::prelude::*;

use super::labels::{kind_label, priority_label};
use super::{CreateWorkOrderFn, Priority, WorkKind, WorkOrderForm};
use crate::error::AppError;
use crate::i18n::{t, td_string, use_i18n};
use crate::input::CURRENCIES;
use crate::once::FormKeyField;
use crate::ui::form::{
    FieldErrors, FormError, SelectField, SubmitButton, TextField, use_disclosed_form,
    use_form_values,
};

/// The plan form behind a "Plan work" button; open while it has something to say. `vehicle`
/// is the vehicle's id when the page is about one, else the form asks for a plate. `error` is
/// the form's own (see [`crate::ui::ItemForms::other_form_error`]).
#[component]
pub fn PlanForm(
    action: ServerAction<CreateWorkOrderFn>,
    error: Signal<Option<AppError>>,
    vehicle: Option<String>,
    currency: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let kept = use_form_values::<WorkOrderForm>()
        .filter(|f| !f.title.is_empty() || !f.kind.is_empty())
        .unwrap_or_default();
    let (form_ref, open) = use_disclosed_form(action, error);
    let l = i18n.get_locale();
    let kinds = WorkKind::ALL
        .iter()
        .map(|k| (k.as_str(), kind_label(l, *k)))
        .collect::<Vec<_>>();
    let priorities = Priority::ALL
        .iter()
        .map(|p| (p.as_str(), priority_label(l, *p)))
        .collect::<Vec<_>>();
    let currency = if kept.currency.is_empty() {
        currency
    } else {
        kept.currency.clone()
    };
    let vehicle_field = match vehicle {
        Some(id) => view! { <input type="hidden" name="form[vehicle]" value=id /> <FieldErrors error field="vehicle" /> }.into_any(),
        None => view! {
            <TextField label=td_string!(l, maintenance.vehicle) name="vehicle" value=kept.vehicle.clone() error required=true
                hint=Some(td_string!(l, assignments.vehicle_hint).to_owned()) />
        }
        .into_any(),
    };
    view! {
        <details class="card plan" open=move || open.get() data-testid="plan-work">
            <summary class="button primary" data-testid="plan-open">{t!(i18n, maintenance.plan)}</summary>
            <ActionForm action node_ref=form_ref attr:class="form" attr:data-testid="plan-form">
                <FormKeyField action=action />
                <FormError error />
                <div class="form-grid">
                    {vehicle_field}
                    <SelectField label=td_string!(l, maintenance.kind) name="kind" value=kept.kind.clone() error required=true options=kinds />
                    <TextField label=td_string!(l, maintenance.title_field) name="title" value=kept.title.clone() error required=true maxlength=200 />
                    <SelectField label=td_string!(l, maintenance.priority) name="priority"
                        value=if kept.priority.is_empty() { "normal".to_owned() } else { kept.priority.clone() } error required=true options=priorities />
                    <TextField label=td_string!(l, maintenance.scheduled_on) name="scheduled_on" value=kept.scheduled_on.clone() error input_type="date" />
                    <TextField label=td_string!(l, maintenance.due_km) name="due_km" value=kept.due_km.clone() error inputmode="numeric"
                        hint=Some(td_string!(l, maintenance.due_km_hint).to_owned()) />
                    <TextField label=td_string!(l, maintenance.cost) name="cost" value=kept.cost.clone() error inputmode="decimal" />
                    <SelectField label=td_string!(l, maintenance.currency) name="currency" value=currency error required=false
                        options=CURRENCIES.iter().map(|c| (*c, *c)).collect() />
                    <TextField label=td_string!(l, maintenance.service_provider) name="service_provider" value=kept.service_provider.clone() error />
                    <TextField label=td_string!(l, maintenance.performed_by) name="performed_by" value=kept.performed_by.clone() error />
                </div>
                <label class="field" data-field="description">
                    <span>{t!(i18n, maintenance.description)}</span>
                    <textarea name="form[description]" rows="3" maxlength="4000">{kept.description.clone()}</textarea>
                    <FieldErrors error field="description" />
                </label>
                <div class="form-actions">
                    <SubmitButton action attr:data-testid="save-work">{t!(i18n, common.save)}</SubmitButton>
                </div>
            </ActionForm>
        </details>
    }
}
