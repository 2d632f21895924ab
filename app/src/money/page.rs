//! `/expenses/rates`: the tenant's exchange rates into its reporting currency, the latest day
//! first (filtered by currency, kept in the address); a writer sets a day's rate, pastes a CSV
//! of rates (all or nothing, each refused line shown with its errors) and removes a mistake.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use super::model::{ExchangeRate, RateForm, RateQuery};
use super::{DeleteRateFn, ImportRatesFn, SetRateFn, list_rates_fn};
use crate::auth::Permission;
use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::import::{ImportReport, RefusedRow, problems};
use crate::input::CURRENCIES;
use crate::listing::Paged;
use crate::tenant::tenant_profile_fn;
use crate::ui::form::{
    FieldErrors, FormError, SelectField, TextField, use_disclosed_form, use_form_error,
    use_form_result, use_form_values,
};
use crate::ui::{
    CurrencyFilter, DateRangeFilter, FilterActions, PageSizeSelect, Pager, format, toast_results,
    use_address_params, use_signed_in,
};

const PATH: &str = "/expenses/rates";

#[component]
pub fn RatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let signed_in = use_signed_in();
    let set = ServerAction::<SetRateFn>::new();
    let import = ServerAction::<ImportRatesFn>::new();
    let remove = ServerAction::<DeleteRateFn>::new();
    toast_results(set);
    toast_results(remove);
    let set_error = use_form_error(set);
    let query = Memo::new(move |_| params.with(RateQuery::from_params));
    let rates = Resource::new(
        move || {
            (
                query.get(),
                set.version().get(),
                import.version().get(),
                remove.version().get(),
            )
        },
        |(q, ..)| list_rates_fn(q),
    );
    let tenant = Resource::new(|| (), |_| tenant_profile_fn());
    view! {
        <Title text=t_string!(i18n, expenses.rates.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, expenses.rates.title)}</h1>
            <a class="button ghost" href="/expenses">{t!(i18n, expenses.title)}</a>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let reporting = tenant.await.map(|t| t.currency).unwrap_or_default();
                let can_write = signed_in.can(Permission::ExpenseWrite).await;
                view! {
                    <p class="muted" data-testid="reporting-currency">{t!(i18n, expenses.rates.into)} " " <strong>{reporting}</strong></p>
                    {can_write.then(|| view! { <SetRate action=set error=set_error /> <ImportRates action=import /> })}
                }
            })}
        </Suspense>
        <Filters />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::ExpenseWrite).await;
                match rates.await {
                    Ok(page) if page.items.is_empty() => view! {
                        <section class="card empty-state" data-testid="rates"><p>{t!(i18n, expenses.rates.empty)}</p></section>
                    }
                    .into_any(),
                    Ok(page) => view! { <RateTable page remove=can_write.then_some(remove) /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One day's rate of one currency; the day's earlier rate is replaced.
#[component]
fn SetRate(action: ServerAction<SetRateFn>, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let kept = use_form_values::<RateForm>().unwrap_or_default();
    let (form_ref, open) = use_disclosed_form(action, error);
    let l = i18n.get_locale();
    view! {
        <details class="card plan" open=move || open.get() data-testid="set-rate">
            <summary class="button primary" data-testid="set-rate-open">{t!(i18n, expenses.rates.set)}</summary>
            <ActionForm action node_ref=form_ref attr:class="form" attr:data-testid="rate-form">
                <FormError error />
                <div class="form-grid">
                    <SelectField label=td_string!(l, expenses.currency) name="currency" value=kept.currency.clone() error required=true
                        options=CURRENCIES.iter().map(|c| (*c, *c)).collect() />
                    <TextField label=td_string!(l, expenses.rates.rate_on) name="rate_on" value=kept.rate_on.clone() error required=true input_type="date" />
                    <TextField label=td_string!(l, expenses.rates.rate) name="rate" value=kept.rate.clone() error required=true inputmode="decimal"
                        hint=Some(td_string!(l, expenses.rates.rate_hint).to_owned()) />
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="save-rate">{t!(i18n, common.save)}</button>
                </div>
            </ActionForm>
        </details>
    }
}

/// Pasted CSV, one `currency;date;rate` per line; the report of the last import.
#[component]
fn ImportRates(action: ServerAction<ImportRatesFn>) -> impl IntoView {
    let i18n = use_i18n();
    let error = use_form_error(action);
    let report = use_form_result(action);
    let has_news = move || {
        error.with(Option::is_some)
            || report.with(|r| r.as_ref().is_some_and(|r| !r.refused.is_empty()))
    };
    view! {
        <details class="card plan" open=has_news data-testid="import-rates">
            <summary class="button" data-testid="import-rates-open">{t!(i18n, expenses.rates.import)}</summary>
            <ActionForm action attr:class="form" attr:data-testid="import-form">
                <FormError error />
                <label class="field" data-field="csv">
                    <span>{t!(i18n, expenses.rates.csv)}</span>
                    <textarea name="form[csv]" rows="6" class="mono" placeholder="currency;date;rate\nUSD;2026-11-30;471,25" data-testid="rates-csv"></textarea>
                    <small class="hint">{t!(i18n, expenses.rates.csv_hint)}</small>
                    <FieldErrors error field="csv" />
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="import-submit">{t!(i18n, expenses.rates.import)}</button>
                </div>
            </ActionForm>
            {move || report.get().map(|r| view! { <ImportOutcome report=r /> })}
        </details>
    }
}

/// "12 rates imported", or the refused lines with what is wrong on each.
#[component]
fn ImportOutcome(report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        if report.refused.is_empty() {
            return view! {
                <p class="notice" role="status" data-testid="import-done">{td_string!(l, expenses.rates.imported)} " " <strong>{format::number(l, report.written as i64)}</strong></p>
            }
            .into_any();
        }
        let rows = report.refused.iter().map(|r: &RefusedRow| {
            let messages = problems(l, &r.errors, |field| column_label(l, field).to_owned());
            view! { <tr data-testid="refused-row" data-line=r.line.to_string()><td class="num">{r.line}</td><td>{messages}</td></tr> }
        }).collect_view();
        view! {
            <div class="notice" data-status="warning" role="alert" data-testid="import-refused">
                <p>{td_string!(l, common.import.nothing_imported)}</p>
                <table class="data-table">
                    <thead><tr><th scope="col" class="num">{td_string!(l, common.import.line)}</th><th scope="col">{td_string!(l, common.import.problem)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

/// The CSV column a field error is about, as the form names it.
fn column_label(l: Locale, field: &str) -> &'static str {
    match field {
        "currency" => td_string!(l, expenses.currency),
        "rate_on" => td_string!(l, expenses.rates.rate_on),
        _ => td_string!(l, expenses.rates.rate),
    }
}

/// Currency and dates.
#[component]
fn Filters() -> impl IntoView {
    let params = use_address_params();
    move || {
        let q = params.with(RateQuery::from_params);
        view! {
            <Form method="GET" action=PATH attr:class="filters card" attr:data-testid="rate-filters" attr:role="search">
                <CurrencyFilter selected=q.currency.clone() />
                <DateRangeFilter from=q.from to=q.to />
                <PageSizeSelect current=q.page.per_page />
                <FilterActions path=PATH />
            </Form>
        }
    }
}

#[component]
fn RateTable(
    page: Paged<ExchangeRate>,
    remove: Option<ServerAction<DeleteRateFn>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        let rows = page
            .items
            .iter()
            .map(|r| {
                let id = r.id.to_string();
                let delete = remove.map(move |action| view! {
                    <td>
                        <ActionForm action attr:class="form-inline">
                            <input type="hidden" name="id" value=id />
                            <button type="submit" class="button ghost danger" data-testid="delete-rate">{td_string!(l, common.delete)}</button>
                        </ActionForm>
                    </td>
                });
                view! {
                    <tr data-testid="rate-row" data-currency=r.currency.clone() data-day=r.rate_on.to_string()>
                        <td class="nowrap">{format::date(l, r.rate_on)}</td>
                        <td>{r.currency.clone()}</td>
                        <td class="num">{format::decimal(l, r.rate)}</td>
                        {delete}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" data-testid="rates">
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, expenses.rates.rate_on)}</th>
                                <th scope="col">{td_string!(l, expenses.currency)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.rates.rate)}</th>
                                {remove.is_some().then(|| view! { <th scope="col"><span class="visually-hidden">{td_string!(l, common.delete)}</span></th> })}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <Pager page=page.page pages=page.pages() total=format::number(l, page.total) params=params.get() path=PATH />
            </section>
        }
    }
}
