//! `/expenses/budgets`: a month's budgets (the current month unless the address names one),
//! each department's or vehicle's spend against it with its state (within, warning from the
//! alert share, over), and for writers the form that sets one and the button that removes it.

use chrono::{Months, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use super::model::{Budget, BudgetForm, BudgetMonth, BudgetState, month_param};
use super::{DeleteBudgetFn, SetBudgetFn, month_budgets_fn};
use crate::auth::Permission;
use crate::error::AppError;
use crate::fleet::vehicles::vehicle_facets_fn;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ui::form::{FormError, TextField, use_disclosed_form, use_form_error, use_form_values};
use crate::ui::{format, toast_results, use_address_params, use_signed_in};

const PATH: &str = "/expenses/budgets";

#[component]
pub fn BudgetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let signed_in = use_signed_in();
    let set = ServerAction::<SetBudgetFn>::new();
    let remove = ServerAction::<DeleteBudgetFn>::new();
    toast_results(set);
    toast_results(remove);
    let set_error = use_form_error(set);
    let month = Memo::new(move |_| params.with(month_param));
    let budgets = Resource::new(
        move || (month.get(), set.version().get(), remove.version().get()),
        |(m, ..)| month_budgets_fn(m),
    );
    let facets = Resource::new(|| (), |_| vehicle_facets_fn());
    view! {
        <Title text=t_string!(i18n, expenses.budgets.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, expenses.budgets.title)}</h1>
            <a class="button ghost" href="/expenses">{t!(i18n, expenses.title)}</a>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::ExpenseWrite).await;
                let departments = facets.await.map(|f| f.departments).unwrap_or_default();
                can_write.then(|| view! { <SetBudget action=set error=set_error departments /> })
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::ExpenseWrite).await;
                match budgets.await {
                    Ok(month) => view! { <MonthNav month=month.month /> <BudgetTable month remove=can_write.then_some(remove) /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The month shown, the months either side, and a month picker.
#[component]
fn MonthNav(month: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let link = |m: Option<NaiveDate>| {
        m.map(|m| format!("{PATH}?month={}", &m.to_string()[..7]))
            .unwrap_or_else(|| PATH.to_owned())
    };
    let previous = link(month.checked_sub_months(Months::new(1)));
    let next = link(month.checked_add_months(Months::new(1)));
    move || {
        let l = i18n.get_locale();
        let (previous, next) = (previous.clone(), next.clone());
        view! {
            <Form method="GET" action=PATH attr:class="filters card month-nav" attr:data-testid="budget-month">
                <a class="button ghost" href=previous data-testid="previous-month" aria-label=td_string!(l, common.list.previous)>"‹"</a>
                <strong data-testid="shown-month">{format::month_year(l, month)}</strong>
                <a class="button ghost" href=next data-testid="next-month" aria-label=td_string!(l, common.list.next)>"›"</a>
                <label class="field">
                    <span>{td_string!(l, expenses.budgets.month)}</span>
                    <input type="month" name="month" value=month.to_string()[..7].to_owned() />
                </label>
                <button type="submit" class="button">{td_string!(l, common.list.apply)}</button>
            </Form>
        }
    }
}

/// Sets a month's budget of a department (picked from the fleet's) or of one vehicle.
#[component]
fn SetBudget(
    action: ServerAction<SetBudgetFn>,
    error: Signal<Option<AppError>>,
    departments: Vec<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let kept = use_form_values::<BudgetForm>().unwrap_or_default();
    let (form_ref, open) = use_disclosed_form(action, error);
    let l = i18n.get_locale();
    let month = if kept.month.is_empty() {
        params
            .with_untracked(month_param)
            .map(|m| m.to_string()[..7].to_owned())
            .unwrap_or_default()
    } else {
        kept.month.clone()
    };
    view! {
        <details class="card plan" open=move || open.get() data-testid="set-budget">
            <summary class="button primary" data-testid="set-budget-open">{t!(i18n, expenses.budgets.set)}</summary>
            <ActionForm action node_ref=form_ref attr:class="form" attr:data-testid="budget-form">
                <FormError error />
                <div class="form-grid">
                    <TextField label=td_string!(l, expenses.budgets.month) name="month" value=month error input_type="month"
                        hint=Some(td_string!(l, expenses.budgets.month_hint).to_owned()) />
                    <TextField label=td_string!(l, expenses.budgets.department) name="department" value=kept.department.clone() error list="budget-departments" />
                    <TextField label=td_string!(l, expenses.vehicle) name="vehicle" value=kept.vehicle.clone() error
                        hint=Some(td_string!(l, expenses.budgets.vehicle_hint).to_owned()) />
                    <TextField label=td_string!(l, expenses.budgets.amount) name="amount" value=kept.amount.clone() error required=true inputmode="decimal" />
                    <TextField label=td_string!(l, expenses.budgets.alert_percent) name="alert_percent" value=kept.alert_percent.clone() error inputmode="numeric" placeholder="90" />
                </div>
                <datalist id="budget-departments">
                    {departments.into_iter().map(|d| view! { <option value=d></option> }).collect_view()}
                </datalist>
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="save-budget">{t!(i18n, common.save)}</button>
                </div>
            </ActionForm>
        </details>
    }
}

#[component]
fn BudgetTable(month: BudgetMonth, remove: Option<ServerAction<DeleteBudgetFn>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        if month.budgets.is_empty() {
            return view! { <section class="card empty-state" data-testid="budgets"><p>{td_string!(l, expenses.budgets.empty)}</p></section> }.into_any();
        }
        let rows = month
            .budgets
            .iter()
            .map(|b| budget_row(l, b, &month.currency, remove))
            .collect_view();
        view! {
            <section class="card" data-testid="budgets">
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, expenses.budgets.scope)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.budgets.amount)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.budgets.actual)}</th>
                                <th scope="col">{td_string!(l, expenses.budgets.used)}</th>
                                {remove.is_some().then(|| view! { <th scope="col"><span class="visually-hidden">{td_string!(l, common.delete)}</span></th> })}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
        .into_any()
    }
}

fn budget_row(
    l: Locale,
    b: &Budget,
    currency: &str,
    remove: Option<ServerAction<DeleteBudgetFn>>,
) -> impl IntoView + use<> {
    let scope = match (&b.department, b.vehicle_id, &b.plate) {
        (_, Some(id), Some(plate)) => {
            view! { <a class="plate" href=format!("/vehicles/{id}/expenses")>{plate.clone()}</a> }
                .into_any()
        }
        (department, ..) => {
            view! { <span>{department.clone().unwrap_or_default()}</span> }.into_any()
        }
    };
    let state = b.state();
    let used = b.used_percent();
    let id = b.id.to_string();
    let delete = remove.map(move |action| view! {
        <td>
            <ActionForm action attr:class="form-inline">
                <input type="hidden" name="id" value=id />
                <button type="submit" class="button ghost danger" data-testid="delete-budget">{td_string!(l, common.delete)}</button>
            </ActionForm>
        </td>
    });
    let missing = (b.without_rate > 0).then(|| view! { <br /><small class="muted" data-testid="budget-without-rate">{td_string!(l, expenses.budgets.without_rate)} " " {format::number(l, b.without_rate)}</small> });
    view! {
        <tr data-testid="budget-row" data-state=state.as_str()>
            <td>{scope}</td>
            <td class="num nowrap">{format::money(l, b.amount, currency)}</td>
            <td class="num nowrap" data-testid="budget-actual">{format::money(l, b.actual, currency)} {missing}</td>
            <td class="budget-used">
                <meter min="0" max="100" low=f64::from(b.alert_percent) high=100.0 optimum="0" value=used.to_string()></meter>
                " " <span data-testid="budget-used">{format::decimal(l, used)} " %"</span>
                " " <span class="badge" data-budget=state.as_str()>{state_label(l, state)}</span>
            </td>
            {delete}
        </tr>
    }
}

fn state_label(l: Locale, s: BudgetState) -> &'static str {
    match s {
        BudgetState::Within => td_string!(l, expenses.budgets.states.within),
        BudgetState::Warning => td_string!(l, expenses.budgets.states.warning),
        BudgetState::Over => td_string!(l, expenses.budgets.states.over),
    }
}
