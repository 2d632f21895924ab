//! The certificates and fines tabs of a driver: the records, and for `DriverWrite` the form
//! that adds one. Plain form posts without JavaScript, in-page once hydrated.

use leptos::prelude::*;

use super::{
    AddCertificationFn, AddFineFn, Certification, Fine, RemoveCertificationFn, SetFinePaidFn,
    list_certifications_fn, list_fines_fn,
};
use crate::auth::Permission;
use crate::expiry::UrgencyBadge;
use crate::i18n::{t, td_string, use_i18n};
use crate::input::CURRENCIES;
use crate::once::FormKeyField;
use crate::tenant::tenant_profile_fn;
use crate::ui::form::{FieldErrors, FormError, SelectField, TextField, use_form_error};
use crate::ui::{format, id_param, toast_results, use_signed_in};

/// `/drivers/{id}/certifications`.
#[component]
pub fn DriverCertificationsTab() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let add = ServerAction::<AddCertificationFn>::new();
    let remove = ServerAction::<RemoveCertificationFn>::new();
    toast_results(add);
    toast_results(remove);
    let signed_in = use_signed_in();
    let list = Resource::new(
        move || (id.get(), add.version().get(), remove.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => list_certifications_fn(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::DriverWrite).await;
                match (list.await, id.get()) {
                    (Ok(rows), Some(driver)) => view! {
                        <div class="records" data-testid="certifications">
                            <CertificationTable rows driver=driver.to_string() remove can_write />
                            {can_write.then(|| view! { <CertificationForm driver=driver.to_string() action=add /> })}
                        </div>
                    }
                    .into_any(),
                    (Err(e), _) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CertificationTable(
    rows: Vec<Certification>,
    driver: String,
    remove: ServerAction<RemoveCertificationFn>,
    can_write: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <section class="card empty-state"><p>{t!(i18n, drivers.records.no_certifications)}</p></section> }.into_any();
    }
    (move || {
        let l = i18n.get_locale();
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| format::date(l, d)).unwrap_or_else(|| "—".into());
        let body = rows
            .iter()
            .map(|c| {
                let (driver, id) = (driver.clone(), c.id.to_string());
                view! {
                    <tr data-testid="certification-row">
                        <td>{c.kind.clone()}</td>
                        <td class="nowrap">{day(c.issued_on)}</td>
                        <td class="nowrap">{day(c.expires_on)} " " <UrgencyBadge days_left=c.days_left /></td>
                        <td>{c.issuer.clone().unwrap_or_default()}</td>
                        <td>
                            {can_write.then(|| view! {
                                <ActionForm action=remove attr:class="form-inline">
                                    <input type="hidden" name="driver" value=driver />
                                    <input type="hidden" name="id" value=id />
                                    <button type="submit" class="button ghost" data-testid="remove-certification">{t!(i18n, drivers.records.remove)}</button>
                                </ActionForm>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card table-wrap">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(l, drivers.records.kind)}</th>
                            <th scope="col">{td_string!(l, drivers.records.issued_on)}</th>
                            <th scope="col">{td_string!(l, drivers.records.expires_on)}</th>
                            <th scope="col">{td_string!(l, drivers.records.issuer)}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </section>
        }
    })
    .into_any()
}

#[component]
fn CertificationForm(driver: String, action: ServerAction<AddCertificationFn>) -> impl IntoView {
    let i18n = use_i18n();
    let error = use_form_error(action);
    move || {
        let (driver, l) = (driver.clone(), i18n.get_locale());
        view! {
            <section class="card">
                <h2>{t!(i18n, drivers.records.add_certification)}</h2>
                <ActionForm action attr:class="form" attr:data-testid="certification-form">
                    <FormKeyField action=action />
                    <input type="hidden" name="driver" value=driver />
                    <FormError error />
                    <div class="form-grid">
                        <TextField label=td_string!(l, drivers.records.kind) name="kind" value=String::new() error required=true
                            hint=Some(td_string!(l, drivers.records.kind_hint).to_owned()) />
                        <TextField label=td_string!(l, drivers.records.issued_on) name="issued_on" value=String::new() error input_type="date" />
                        <TextField label=td_string!(l, drivers.records.expires_on) name="expires_on" value=String::new() error input_type="date" />
                        <TextField label=td_string!(l, drivers.records.issuer) name="issuer" value=String::new() error />
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button primary" data-testid="save-certification">{t!(i18n, common.save)}</button>
                    </div>
                </ActionForm>
            </section>
        }
    }
}

/// `/drivers/{id}/fines`.
#[component]
pub fn DriverFinesTab() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let add = ServerAction::<AddFineFn>::new();
    let paid = ServerAction::<SetFinePaidFn>::new();
    toast_results(add);
    toast_results(paid);
    let signed_in = use_signed_in();
    let tenant = Resource::new(|| (), |_| tenant_profile_fn());
    let list = Resource::new(
        move || (id.get(), add.version().get(), paid.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => list_fines_fn(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::DriverWrite).await;
                let currency = tenant.await.map(|t| t.currency).unwrap_or_default();
                match (list.await, id.get()) {
                    (Ok(rows), Some(driver)) => view! {
                        <div class="records" data-testid="fines">
                            <FineTable rows driver=driver.to_string() paid can_write />
                            {can_write.then(|| view! { <FineForm driver=driver.to_string() currency action=add /> })}
                        </div>
                    }
                    .into_any(),
                    (Err(e), _) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FineTable(
    rows: Vec<Fine>,
    driver: String,
    paid: ServerAction<SetFinePaidFn>,
    can_write: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <section class="card empty-state"><p>{t!(i18n, drivers.records.no_fines)}</p></section> }.into_any();
    }
    (move || {
        let l = i18n.get_locale();
        let body = rows
            .iter()
            .map(|f| {
                let status = if f.paid { td_string!(l, drivers.records.paid) } else { td_string!(l, drivers.records.unpaid) };
                let toggle = if f.paid { td_string!(l, drivers.records.mark_unpaid) } else { td_string!(l, drivers.records.mark_paid) };
                let (driver, id, next) = (driver.clone(), f.id.to_string(), (!f.paid).to_string());
                view! {
                    <tr data-testid="fine-row" data-paid=f.paid.to_string()>
                        <td class="nowrap">{format::date(l, f.occurred_on)}</td>
                        <td>{f.plate.clone().map(|p| view! { <span class="plate">{p}</span> })}</td>
                        <td>{f.kind.clone()}</td>
                        <td class="num nowrap">{format::money(l, f.amount, &f.currency)}</td>
                        <td><span class="badge" data-status=if f.paid { "active" } else { "in_maintenance" }>{status}</span></td>
                        <td>{f.reference.clone().unwrap_or_default()}</td>
                        <td>
                            {can_write.then(|| view! {
                                <ActionForm action=paid attr:class="form-inline">
                                    <input type="hidden" name="driver" value=driver />
                                    <input type="hidden" name="id" value=id />
                                    <input type="hidden" name="paid" value=next />
                                    <button type="submit" class="button ghost" data-testid="toggle-paid">{toggle}</button>
                                </ActionForm>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card table-wrap">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(l, drivers.records.occurred_on)}</th>
                            <th scope="col">{td_string!(l, drivers.records.vehicle)}</th>
                            <th scope="col">{td_string!(l, drivers.records.kind)}</th>
                            <th scope="col">{td_string!(l, drivers.records.amount)}</th>
                            <th scope="col">{td_string!(l, drivers.records.status)}</th>
                            <th scope="col">{td_string!(l, drivers.records.reference)}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </section>
        }
    })
    .into_any()
}

#[component]
fn FineForm(driver: String, currency: String, action: ServerAction<AddFineFn>) -> impl IntoView {
    let i18n = use_i18n();
    let error = use_form_error(action);
    move || {
        let (driver, currency, l) = (driver.clone(), currency.clone(), i18n.get_locale());
        view! {
            <section class="card">
                <h2>{t!(i18n, drivers.records.add_fine)}</h2>
                <ActionForm action attr:class="form" attr:data-testid="fine-form">
                    <FormKeyField action=action />
                    <input type="hidden" name="driver" value=driver />
                    <FormError error />
                    <div class="form-grid">
                        <TextField label=td_string!(l, drivers.records.occurred_on) name="occurred_on" value=String::new() error required=true input_type="date" />
                        <TextField label=td_string!(l, drivers.records.vehicle) name="vehicle" value=String::new() error
                            hint=Some(td_string!(l, assignments.vehicle_hint).to_owned()) />
                        <TextField label=td_string!(l, drivers.records.kind) name="kind" value=String::new() error required=true />
                        <TextField label=td_string!(l, drivers.records.amount) name="amount" value=String::new() error required=true inputmode="decimal" />
                        <SelectField label=td_string!(l, drivers.records.currency) name="currency" value=currency error required=true
                            options=CURRENCIES.iter().map(|c| (*c, *c)).collect() />
                        <TextField label=td_string!(l, drivers.records.reference) name="reference" value=String::new() error />
                    </div>
                    <label class="checkbox">
                        <input type="checkbox" name="form[paid]" value="on" />
                        <span>{td_string!(l, drivers.records.already_paid)}</span>
                    </label>
                    <FieldErrors error field="paid" />
                    <div class="form-actions">
                        <button type="submit" class="button primary" data-testid="save-fine">{t!(i18n, common.save)}</button>
                    </div>
                </ActionForm>
            </section>
        }
    }
}
