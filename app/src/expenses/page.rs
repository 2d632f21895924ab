//! `/expenses`: the fleet's expenses, the latest first, under filters kept in the address
//! (category, currency, dates; one vehicle's from its link), with what they add up to in the
//! reporting currency and, apart, what no exchange rate converts. The add form records one.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use super::form::AddExpense;
use super::labels::category_label;
use super::model::{CostedExpense, ExpenseTotals};
use super::{
    CreateExpenseFn, DeleteExpenseFn, ExpenseCategory, ExpensePage, ExpenseQuery, list_expenses_fn,
};
use crate::auth::Permission;
use crate::fleet::vehicles::FuelType;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ui::form::{FormError, use_form_error};
use crate::ui::{
    ChoiceFilter, CurrencyFilter, DateRangeFilter, FilterActions, PageSizeSelect, Pager,
    SearchFilter, format, toast_results, use_address_params, use_signed_in,
};

const PATH: &str = "/expenses";

/// The page.
#[component]
pub fn ExpensesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let signed_in = use_signed_in();
    let create = ServerAction::<CreateExpenseFn>::new();
    let remove = ServerAction::<DeleteExpenseFn>::new();
    toast_results(create);
    toast_results(remove);
    let create_error = use_form_error(create);
    let query = Memo::new(move |_| params.with(ExpenseQuery::from_params));
    let expenses = Resource::new(
        move || (query.get(), create.version().get(), remove.version().get()),
        |(q, ..)| list_expenses_fn(q),
    );
    view! {
        <Title text=t_string!(i18n, expenses.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, expenses.title)}</h1>
            <div class="record-actions">
                <a class="button ghost" href="/expenses/consumption" data-testid="consumption-link">{t!(i18n, expenses.fleet.open)}</a>
                // Importing is writing: readers are not offered it.
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        signed_in.can(Permission::ExpenseWrite).await.then(|| view! {
                            <a class="button ghost" href=super::fuel_import::PATH data-testid="fuel-import-link">{t!(i18n, expenses.fuel_import.title)}</a>
                        })
                    })}
                </Suspense>
                <a class="button ghost" href="/expenses/budgets" data-testid="budgets-link">{t!(i18n, expenses.budgets.title)}</a>
                <a class="button ghost" href="/expenses/rates" data-testid="rates-link">{t!(i18n, expenses.rates.title)}</a>
            </div>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::ExpenseWrite).await;
                let currency = expenses.await.map(|p| p.totals.currency).unwrap_or_default();
                can_write.then(|| view! { <AddExpense action=create error=create_error vehicle=None currency /> })
            })}
        </Suspense>
        <Filters />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let remove = signed_in.can(Permission::ExpenseWrite).await.then_some(remove);
                match expenses.await {
                    Ok(page) if page.page.items.is_empty() => view! {
                        <section class="card empty-state" data-testid="expenses"><p>{t!(i18n, expenses.empty)}</p></section>
                    }
                    .into_any(),
                    Ok(page) => view! { <Totals totals=page.totals.clone() /> <ExpenseTable page path=PATH show_plate=true remove /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Category, currency and dates, keeping the vehicle.
#[component]
fn Filters() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        let q = params.with(ExpenseQuery::from_params);
        view! {
            <Form method="GET" action=PATH attr:class="filters card" attr:data-testid="expense-filters" attr:role="search">
                {q.vehicle.map(|v| view! { <input type="hidden" name="vehicle_id" value=v.to_string() /> })}
                <SearchFilter value=q.q.clone() placeholder=td_string!(l, expenses.search_placeholder) />
                <ChoiceFilter label=td_string!(l, expenses.category) name="category" selected=q.category.map(|c| c.as_str().to_owned())
                    options=ExpenseCategory::ALL.iter().map(|c| (c.as_str().to_owned(), category_label(l, *c).to_owned())).collect() />
                <CurrencyFilter selected=q.currency.clone() />
                <DateRangeFilter from=q.from to=q.to />
                <PageSizeSelect current=q.page.per_page />
                <FilterActions path=PATH />
            </Form>
        }
    }
}

/// What the filter adds up to, by category, and what no rate converts.
#[component]
pub(super) fn Totals(totals: ExpenseTotals) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let by_category = totals
            .by_category
            .iter()
            .map(|(c, amount)| view! { <li data-category=c.as_str()><span>{category_label(l, *c)}</span> " " <strong>{format::money(l, *amount, &totals.currency)}</strong></li> })
            .collect_view();
        let missing = (!totals.without_rate.is_empty()).then(|| {
            let items = totals
                .without_rate
                .iter()
                .map(|u| view! { <li data-currency=u.currency.clone()>{format::money(l, u.amount, &u.currency)} " × " {format::number(l, u.count)}</li> })
                .collect_view();
            view! {
                <div class="notice" data-status="warning" role="status" data-testid="without-rate">
                    <p>{td_string!(l, expenses.without_rate)}</p>
                    <ul>{items}</ul>
                </div>
            }
        });
        view! {
            <section class="card" data-testid="expense-totals">
                <dl class="figures">
                    <div><dt>{td_string!(l, expenses.total)}</dt><dd data-testid="expense-total">{format::money(l, totals.total, &totals.currency)}</dd></div>
                    <div><dt>{td_string!(l, expenses.expenses_count)}</dt><dd>{format::number(l, totals.count)}</dd></div>
                </dl>
                <ul class="chips amounts">{by_category}</ul>
                {missing}
            </section>
        }
    }
}

/// A page of expenses, the latest first; `show_plate` off on a vehicle's own tab; a delete
/// button on each row for those who may (`remove`).
#[component]
pub(super) fn ExpenseTable(
    page: ExpensePage,
    #[prop(into)] path: String,
    show_plate: bool,
    remove: Option<ServerAction<DeleteExpenseFn>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        let reporting = page.totals.currency.clone();
        let rows = page
            .page
            .items
            .iter()
            .map(|e| row(l, e, &reporting, show_plate, remove))
            .collect_view();
        view! {
            <section class="card" data-testid="expenses">
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, expenses.spent_on)}</th>
                                {show_plate.then(|| view! { <th scope="col">{td_string!(l, expenses.vehicle)}</th> })}
                                <th scope="col">{td_string!(l, expenses.category)}</th>
                                <th scope="col">{td_string!(l, expenses.details)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.amount)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.converted)} " (" {reporting.clone()} ")"</th>
                                {remove.is_some().then(|| view! { <th scope="col"><span class="visually-hidden">{td_string!(l, common.delete)}</span></th> })}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <Pager page=page.page.page pages=page.page.pages() total=format::number(l, page.page.total) params=params.get() path=path.clone() />
            </section>
        }
    }
}

/// One expense: its original amount, and beside it the converted one or "No rate".
fn row(
    l: Locale,
    costed: &CostedExpense,
    reporting: &str,
    show_plate: bool,
    remove: Option<ServerAction<DeleteExpenseFn>>,
) -> impl IntoView + use<> {
    let e = &costed.expense;
    let converted = match costed.converted {
        Some(amount) => view! { <span>{format::money(l, amount, reporting)}</span> }.into_any(),
        None => view! { <span class="badge" data-rate="missing">{td_string!(l, expenses.no_rate)}</span> }.into_any(),
    };
    view! {
        <tr data-testid="expense-row" data-category=e.category.as_str()>
            <td class="nowrap">{format::date(l, e.spent_on)}</td>
            {show_plate.then(|| view! { <td><a class="plate" href=format!("/vehicles/{}", e.vehicle_id)>{e.plate.clone()}</a></td> })}
            <td>{category_label(l, e.category)}</td>
            <td>
                {details(l, costed)}
                {e.over_tank.then(|| view! { " " <span class="badge" data-status="warning" data-testid="over-tank">{td_string!(l, expenses.over_tank)}</span> })}
            </td>
            <td class="num nowrap" data-testid="original-amount">{format::money(l, e.amount, &e.currency)}</td>
            <td class="num nowrap" data-testid="converted-amount">{converted}</td>
            {remove.map(|action| view! { <td><DeleteExpense action id=e.id /></td> })}
        </tr>
    }
}

/// The vendor and, for a fill, how much went in, whether it filled the tank, the odometer.
fn details(l: Locale, costed: &CostedExpense) -> String {
    let e = &costed.expense;
    let mut parts: Vec<String> = e
        .vendor
        .iter()
        .chain(e.description.iter())
        .cloned()
        .collect();
    if let Some(quantity) = e.fuel_quantity {
        let unit = if e.fuel_type == Some(FuelType::Electric) {
            td_string!(l, expenses.kwh)
        } else {
            td_string!(l, expenses.litres)
        };
        let tank = if e.full_tank == Some(true) {
            td_string!(l, expenses.full)
        } else {
            td_string!(l, expenses.partial)
        };
        parts.push(format!("{} {unit} · {tank}", format::decimal(l, quantity)));
    }
    if let Some(km) = e.odometer_km {
        parts.push(format!(
            "{} {}",
            format::number(l, km),
            td_string!(l, vehicles.km)
        ));
    }
    parts.join(" · ")
}

/// Behind a first click, so that one slip deletes nothing; says what goes with the expense.
#[component]
fn DeleteExpense(action: ServerAction<DeleteExpenseFn>, id: uuid::Uuid) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="row-confirm" data-testid="delete-expense">
            <summary class="button ghost danger">{t!(i18n, common.delete)}</summary>
            <ActionForm action attr:class="form-inline">
                <input type="hidden" name="id" value=id.to_string() />
                <span class="muted">{t!(i18n, expenses.delete_confirm)}</span>
                <button type="submit" class="button danger" data-testid="confirm-delete-expense">{t!(i18n, expenses.delete)}</button>
            </ActionForm>
        </details>
    }
}
