//! The payments contracts make due around now (from last month to the end of next month): what
//! each month is expected to cost, per currency, and the payments not yet recorded, each with
//! the button that records it as an expense.

use leptos::prelude::*;

use super::RecordPaymentFn;
use super::labels::type_label;
use super::model::{PaymentForm, PaymentSchedule, ScheduledPayment};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::form::{FieldErrors, FormError};
use crate::ui::{ItemForms, format};

/// One form per unrecorded payment, keyed by its contract.
pub type PaymentRecorder = ItemForms<RecordPaymentFn, PaymentForm>;

/// The card; on the fleet page the schedule lists only the first unrecorded payments
/// (`payment_schedule_fn`), and the card says how many more there are.
#[component]
pub fn PaymentsDue(
    schedule: PaymentSchedule,
    show_plate: bool,
    recorder: Option<PaymentRecorder>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let months = schedule.by_month.iter().map(|(month, sums)| view! {
            <li data-month=month.to_string()>
                <span>{format::month_year(l, *month)}</span> " "
                <strong>{sums.iter().map(|(currency, amount)| format::money(l, *amount, currency)).collect::<Vec<_>>().join(" · ")}</strong>
            </li>
        }).collect_view();
        let open: Vec<&ScheduledPayment> = schedule
            .payments
            .iter()
            .filter(|p| p.expense_id.is_none())
            .collect();
        let more = schedule.unrecorded.saturating_sub(open.len());
        let rows = open
            .iter()
            .map(|p| payment_row(l, p, show_plate, recorder))
            .collect_view();
        let window = format!(
            "{} – {}",
            format::date(l, schedule.from),
            format::date(l, schedule.to)
        );
        view! {
            <section class="card" data-testid="payments-due">
                <h2>{td_string!(l, contracts.payments_due)}</h2>
                <p class="muted">{window}</p>
                {if schedule.by_month.is_empty() {
                    view! { <p class="muted" data-testid="no-payments">{td_string!(l, contracts.no_payments)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="chips amounts" data-testid="expected-by-month">{months}</ul>
                        <div class="table-wrap">
                            <table class="data-table">
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {(more > 0).then(|| view! { <p class="muted">{format!("+ {}", format::number(l, more as i64))}</p> })}
                    }
                    .into_any()
                }}
            </section>
        }
    }
}

fn payment_row(
    l: Locale,
    p: &ScheduledPayment,
    show_plate: bool,
    recorder: Option<PaymentRecorder>,
) -> impl IntoView + use<> {
    let number = p
        .number
        .clone()
        .map(|n| format!(" · № {n}"))
        .unwrap_or_default();
    view! {
        <tr data-testid="payment-row" data-contract=p.contract_id.to_string() data-due=p.due_on.to_string()>
            <td class="nowrap">{format::date(l, p.due_on)}</td>
            {show_plate.then(|| view! { <td><a class="plate" href=format!("/vehicles/{}/contracts", p.vehicle_id)>{p.plate.clone()}</a></td> })}
            <td>{type_label(l, p.contract_type)} " · " {p.contractor.clone()} {number}</td>
            <td class="num nowrap">{format::money(l, p.amount, &p.currency)}</td>
            <td>{recorder.map(|r| view! { <RecordButton payment=p.clone() recorder=r /> })}</td>
        </tr>
    }
}

/// "Record as expense": the payment becomes an expense of the vehicle.
#[component]
fn RecordButton(payment: ScheduledPayment, recorder: PaymentRecorder) -> impl IntoView {
    let i18n = use_i18n();
    let id = payment.contract_id;
    let error = recorder.error_for(id);
    view! {
        <ActionForm action=recorder.action attr:class="form-inline" attr:data-testid="record-payment">
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="form[due_on]" value=payment.due_on.to_string() />
            <button type="submit" class="button" data-testid="record-payment-submit" on:click=move |_| recorder.sending(id)>
                {t!(i18n, contracts.record_payment)}
            </button>
            <FormError error />
            <FieldErrors error field="due_on" />
        </ActionForm>
    }
}
