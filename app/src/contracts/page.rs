//! `/contracts` and a vehicle's contracts tab: the add form, the statuses with their counts,
//! the filters (type, expiring within) kept in the address, and the contracts, running ones
//! first and the soonest to end first, each open one with its renewal and cancellation; then
//! the payments due around now (`payments`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use uuid::Uuid;

use super::form::AddContract;
use super::labels::{frequency_label, status_label, type_label};
use super::model::{
    Contract, ContractPage, ContractQuery, ContractStatus, ContractType, RenewalForm,
};
use super::payments::{PaymentRecorder, PaymentsDue};
use super::{
    CancelContractFn, CreateContractFn, RenewContractFn, list_contracts_fn, payment_schedule_fn,
};
use crate::auth::Permission;
use crate::expiry::UrgencyBadge;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::listing::Params;
use crate::tenant::tenant_profile_fn;
use crate::ui::form::{FieldErrors, FormError};
use crate::ui::{
    ChoiceFilter, ItemForms, PageSizeSelect, Pager, format, id_param, toast_results,
    use_address_params, use_signed_in,
};

const PATH: &str = "/contracts";

/// The "expiring within" choices, in days.
const EXPIRING_CHOICES: [i32; 5] = [7, 14, 30, 60, 90];

type Renewals = ItemForms<RenewContractFn, RenewalForm>;
type Cancellations = ItemForms<CancelContractFn, ()>;

/// The page.
#[component]
pub fn ContractsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, contracts.title).to_string() />
        <div class="page-header"><h1>{t!(i18n, contracts.title)}</h1></div>
        <Contracts vehicle=None path=PATH.to_owned() />
    }
}

/// `/vehicles/{id}/contracts`.
#[component]
pub fn VehicleContractsTab() -> impl IntoView {
    let id = id_param();
    move || {
        id.get().map(
            |id| view! { <Contracts vehicle=Some(id) path=format!("/vehicles/{id}/contracts") /> },
        )
    }
}

/// The add form, the filters and the list, of one vehicle or of the whole fleet.
#[component]
fn Contracts(vehicle: Option<Uuid>, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let signed_in = use_signed_in();
    let create = ServerAction::<CreateContractFn>::new();
    toast_results(create);
    let renewals = Renewals::new();
    let cancellations = Cancellations::new();
    let recorder = PaymentRecorder::new();
    // A failed plain post of a row's form leaves its error in the address: not the add form's.
    let row_errors = [
        renewals.other_form_error(create),
        cancellations.other_form_error(create),
        recorder.other_form_error(create),
    ];
    let create_error = Signal::derive(move || {
        row_errors
            .iter()
            .map(|e| e.get())
            .reduce(|a, b| a.and(b))
            .flatten()
    });
    let query = Memo::new(move |_| ContractQuery {
        vehicle,
        ..params.with(ContractQuery::from_params)
    });
    let changes = move || {
        (
            create.version().get(),
            renewals.action.version().get(),
            cancellations.action.version().get(),
            recorder.action.version().get(),
        )
    };
    let contracts = Resource::new(
        move || (query.get(), changes()),
        |(q, _)| list_contracts_fn(q),
    );
    let payments = Resource::new(changes, move |_| payment_schedule_fn(vehicle));
    let tenant = Resource::new(|| (), |_| tenant_profile_fn());
    let path = StoredValue::new(path);
    view! {
        <div class="contracts" data-testid="contracts-view">
            // Its own `Suspense`, not rebuilt when the list reloads: what was typed survives a refusal.
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let can_write = signed_in.can(Permission::ContractWrite).await;
                    let currency = tenant.await.map(|t| t.currency).unwrap_or_default();
                    can_write.then(|| view! { <AddContract action=create error=create_error vehicle=vehicle.map(|v| v.to_string()) currency /> })
                })}
            </Suspense>
            <Filters path=path.get_value() keep_vehicle=vehicle.is_none() />
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    let can_write = signed_in.can(Permission::ContractWrite).await;
                    let actions = can_write.then_some(RowActions { renewals, cancellations });
                    match contracts.await {
                        Ok(page) => view! {
                            <StatusCounts page=page.clone() path=path.get_value() />
                            <ContractTable page path=path.get_value() show_plate=vehicle.is_none() actions />
                        }
                        .into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let can_write = signed_in.can(Permission::ContractWrite).await;
                    match payments.await {
                        Ok(schedule) => view! { <PaymentsDue schedule show_plate=vehicle.is_none() recorder=can_write.then_some(recorder) /> }.into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// Type and "expiring within"; the fleet page also keeps a vehicle given in the address.
#[component]
fn Filters(path: String, keep_vehicle: bool) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        let q = params.with(ContractQuery::from_params);
        let (action, reset) = (path.clone(), path.clone());
        let expiring: Vec<(String, String)> = EXPIRING_CHOICES
            .iter()
            .map(|d| {
                (
                    d.to_string(),
                    td_string!(
                        l,
                        common.days,
                        count = *d,
                        n = format::number(l, (*d).into())
                    )
                    .to_string(),
                )
            })
            .collect();
        view! {
            <Form method="GET" action=action attr:class="filters card" attr:data-testid="contract-filters" attr:role="search">
                {keep_vehicle.then(|| q.vehicle.map(|v| view! { <input type="hidden" name="vehicle_id" value=v.to_string() /> })).flatten()}
                {q.status.map(|s| view! { <input type="hidden" name="status" value=s.as_str() /> })}
                <ChoiceFilter label=td_string!(l, contracts.contract_type) name="type" selected=q.contract_type.map(|c| c.as_str().to_owned())
                    options=ContractType::ALL.iter().map(|c| (c.as_str().to_owned(), type_label(l, *c).to_owned())).collect() />
                <ChoiceFilter label=td_string!(l, contracts.expiring_within) name="expiring_within" selected=q.expiring_within.map(|d| d.to_string())
                    options=expiring />
                <PageSizeSelect current=q.page.per_page />
                <div class="filter-actions">
                    <button type="submit" class="button primary" data-testid="apply-filters">{t!(i18n, common.list.apply)}</button>
                    <a class="button ghost" href=reset>{t!(i18n, common.list.reset)}</a>
                </div>
            </Form>
        }
    }
}

/// Every status with how many contracts the filter matches in it, each a link narrowing the
/// list to it ("All" first).
#[component]
fn StatusCounts(page: ContractPage, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        let current = params.with(ContractQuery::from_params).status;
        let link = |status: Option<ContractStatus>| {
            let mut p: Params = params.get();
            p.remove("page");
            match status {
                Some(s) => p.set("status", s.as_str().to_owned()),
                None => p.remove("status"),
            }
            p.href(&path)
        };
        let count = |status: ContractStatus| {
            page.by_status
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n)
        };
        let all: i64 = page.by_status.iter().map(|(_, n)| n).sum();
        let chips = ContractStatus::ALL
            .iter()
            .map(|s| {
                view! {
                    <li>
                        <a href=link(Some(*s)) data-status=s.as_str() aria-current=(current == Some(*s)).then_some("page")>
                            {status_label(l, *s)} " " <strong>{format::number(l, count(*s))}</strong>
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav class="card" aria-label=td_string!(l, contracts.status)>
                <ul class="chips status-counts" data-testid="contract-statuses">
                    <li><a href=link(None) aria-current=current.is_none().then_some("page")>{td_string!(l, contracts.all)} " " <strong>{format::number(l, all)}</strong></a></li>
                    {chips}
                </ul>
            </nav>
        }
    }
}

/// The forms a contract writer gets on each open contract.
#[derive(Clone, Copy)]
struct RowActions {
    renewals: Renewals,
    cancellations: Cancellations,
}

#[component]
fn ContractTable(
    page: ContractPage,
    path: String,
    show_plate: bool,
    actions: Option<RowActions>,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    if page.page.items.is_empty() {
        return view! { <section class="card empty-state" data-testid="contracts"><p>{t!(i18n, contracts.empty)}</p></section> }.into_any();
    }
    view! {
        <section class="card" data-testid="contracts">
            {move || {
                let l = i18n.get_locale();
                let rows = page.page.items.iter().map(|c| view! { <ContractRow contract=c.clone() show_plate actions /> }).collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <thead>
                                <tr>
                                    {show_plate.then(|| view! { <th scope="col">{td_string!(l, contracts.vehicle)}</th> })}
                                    <th scope="col">{td_string!(l, contracts.contract_type)}</th>
                                    <th scope="col">{td_string!(l, contracts.contractor)}</th>
                                    <th scope="col">{td_string!(l, contracts.term)}</th>
                                    <th scope="col" class="num">{td_string!(l, contracts.amount)}</th>
                                    <th scope="col">{td_string!(l, contracts.status)}</th>
                                    {actions.is_some().then(|| view! { <th scope="col"><span class="visually-hidden">{td_string!(l, contracts.actions)}</span></th> })}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <Pager page=page.page.page pages=page.page.pages() total=format::number(l, page.page.total) params=params.get() path=path.clone() />
                }
            }}
        </section>
    }
    .into_any()
}

#[component]
fn ContractRow(contract: Contract, show_plate: bool, actions: Option<RowActions>) -> impl IntoView {
    let i18n = use_i18n();
    let open = contract.renewed_by.is_none() && contract.cancelled_at.is_none();
    let c = contract.clone();
    let cells = move || {
        let l = i18n.get_locale();
        let c = &c;
        let number = c
            .number
            .clone()
            .map(|n| view! { <br /><small class="muted">"№ " {n}</small> });
        view! {
            {show_plate.then(|| view! { <td><a class="plate" href=format!("/vehicles/{}/contracts", c.vehicle_id)>{c.plate.clone()}</a></td> })}
            <td>{type_label(l, c.contract_type)}</td>
            <td>{c.contractor.clone()} {number}</td>
            <td class="nowrap">{format::date(l, c.starts_on)} " – " {format::date(l, c.ends_on)}</td>
            <td class="num nowrap">{format::money(l, c.amount, &c.currency)} <br /><small class="muted">{frequency_label(l, c.payment_frequency)}</small></td>
            <td><StatusCell contract=c.clone() /></td>
        }
    };
    view! {
        <tr data-testid="contract-row" data-status=contract.status.as_str() data-id=contract.id.to_string()>
            {cells}
            {actions.map(|a| view! {
                <td>
                    {open.then(|| view! {
                        <div class="row-actions">
                            <RenewForm contract=contract.clone() renewals=a.renewals />
                            <CancelForm id=contract.id cancellations=a.cancellations />
                        </div>
                    })}
                </td>
            })}
        </tr>
    }
}

/// The status badge, the days left (or since the end) and the reminder step reached.
#[component]
fn StatusCell(contract: Contract) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let c = &contract;
        let when = days_text(l, c);
        let renewed = c.renewed_by.map(|_| view! { <br /><small class="muted" data-testid="renewed">{td_string!(l, contracts.renewed)}</small> });
        view! {
            <span class="badge" data-status=c.status.as_str()>{status_label(l, c.status)}</span>
            {c.expiry_step().map(|_| view! { " " <UrgencyBadge days_left=Some(c.days_left) /> })}
            {when.map(|w| view! { <br /><small class="muted" data-testid="days-left">{w}</small> })}
            {renewed}
        }
    }
}

/// "12 days left" (or "Ends today") while open, nothing once ended, renewed or cancelled.
fn days_text(l: Locale, c: &Contract) -> Option<String> {
    let open = matches!(
        c.status,
        ContractStatus::Active | ContractStatus::PendingRenewal
    ) && c.renewed_by.is_none();
    match c.days_left {
        _ if !open => None,
        0 => Some(td_string!(l, contracts.ends_today).to_owned()),
        count => {
            let n = format::number(l, count.into());
            Some(td_string!(l, contracts.days_left, count, n).to_string())
        }
    }
}

/// Renewing: the new term (blank follows on with the same length), amount and number.
#[component]
fn RenewForm(contract: Contract, renewals: Renewals) -> impl IntoView {
    let i18n = use_i18n();
    let id = contract.id;
    let error = renewals.error_for(id);
    let kept = renewals.kept_for(id);
    let follows = contract.ends_on.succ_opt().unwrap_or(contract.ends_on);
    let default_end = follows + (contract.ends_on - contract.starts_on);
    view! {
        <details class="menu" open=move || error.with(Option::is_some) data-testid="renew">
            <summary class="button ghost" data-testid="renew-open">{t!(i18n, contracts.renew)}</summary>
            <div class="menu-items">
                <ActionForm action=renewals.action attr:class="form" attr:data-testid="renew-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <FormError error />
                    <FieldErrors error field="contract" />
                    <label class="field" data-field="starts_on">
                        <span>{t!(i18n, contracts.starts_on)}</span>
                        <input type="date" name="form[starts_on]" value=if kept.starts_on.is_empty() { follows.to_string() } else { kept.starts_on.clone() } />
                        <FieldErrors error field="starts_on" />
                    </label>
                    <label class="field" data-field="ends_on">
                        <span>{t!(i18n, contracts.ends_on)}</span>
                        <input type="date" name="form[ends_on]" value=if kept.ends_on.is_empty() { default_end.to_string() } else { kept.ends_on.clone() } />
                        <FieldErrors error field="ends_on" />
                    </label>
                    <label class="field" data-field="amount">
                        <span>{t!(i18n, contracts.amount)} " (" {contract.currency.clone()} ")"</span>
                        <input type="text" inputmode="decimal" name="form[amount]" value=if kept.amount.is_empty() { contract.amount.to_string() } else { kept.amount.clone() } />
                        <FieldErrors error field="amount" />
                    </label>
                    <label class="field" data-field="number">
                        <span>{t!(i18n, contracts.number)}</span>
                        <input type="text" name="form[number]" maxlength="100" value=if kept.number.is_empty() { contract.number.clone().unwrap_or_default() } else { kept.number.clone() } />
                        <FieldErrors error field="number" />
                    </label>
                    <button type="submit" class="button primary" data-testid="renew-submit" on:click=move |_| renewals.sending(id)>
                        {t!(i18n, contracts.renew)}
                    </button>
                </ActionForm>
            </div>
        </details>
    }
}

/// Cancelling, behind a confirmation.
#[component]
fn CancelForm(id: Uuid, cancellations: Cancellations) -> impl IntoView {
    let i18n = use_i18n();
    let error = cancellations.error_for(id);
    view! {
        <details class="menu" open=move || error.with(Option::is_some) data-testid="cancel">
            <summary class="button ghost danger" data-testid="cancel-open">{t!(i18n, contracts.cancel)}</summary>
            <div class="menu-items">
                <ActionForm action=cancellations.action attr:class="form" attr:data-testid="cancel-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <FormError error />
                    <FieldErrors error field="contract" />
                    <p>{t!(i18n, contracts.cancel_confirm)}</p>
                    <button type="submit" class="button danger" data-testid="cancel-submit" on:click=move |_| cancellations.sending(id)>
                        {t!(i18n, contracts.cancel)}
                    </button>
                </ActionForm>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::model::tests::contract;

    #[test]
    fn the_days_left_agree_with_their_number() {
        let left = |l, days_left| {
            let c = Contract {
                days_left,
                ..contract("2026-01-01", "2026-12-31")
            };
            days_text(l, &c)
        };
        assert_eq!(left(Locale::en, 1).as_deref(), Some("1 day left"));
        assert_eq!(left(Locale::en, 12).as_deref(), Some("12 days left"));
        assert_eq!(left(Locale::ru, 1).as_deref(), Some("Остался 1 день"));
        assert_eq!(left(Locale::ru, 3).as_deref(), Some("Осталось 3 дня"));
        assert_eq!(left(Locale::ru, 12).as_deref(), Some("Осталось 12 дней"));
        assert_eq!(left(Locale::ru, 22).as_deref(), Some("Осталось 22 дня"));
        assert_eq!(left(Locale::ar, 2).as_deref(), Some("يتبقى يومان"));
        assert_eq!(left(Locale::ar, 7).as_deref(), Some("تتبقى 7 أيام"));
        assert_eq!(left(Locale::ar, 11).as_deref(), Some("يتبقى 11 يومًا"));
        assert_eq!(left(Locale::kk, 7).as_deref(), Some("7 күн қалды"));
        assert_eq!(left(Locale::en, 0).as_deref(), Some("Ends today"));
    }
}
