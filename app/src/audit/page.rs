//! `/admin/audit`: the audit log with its filters, and [`AuditTrail`], the table of entries that
//! a record's own history (the vehicle page) shows too.

use std::borrow::Cow;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use serde_json::Value;

use super::action::{AuditAction, action_label};
use super::{AuditFacets, AuditQuery, AuditRow, audit_facets_fn, changes, list_audit_fn};
use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::listing::{Paged, Params};
use crate::ui::form::FormError;
use crate::ui::{ChoiceFilter, FilterActions, PageSizeSelect, Pager, format, use_address_params};

const PATH: &str = "/admin/audit";

/// The audit log page.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let query = Memo::new(move |_| params.with(AuditQuery::from_params));
    let entries = Resource::new(move || query.get(), list_audit_fn);
    let facets = Resource::new(|| (), |_| audit_facets_fn());
    view! {
        <Title text=t_string!(i18n, audit.title).to_string() />
        <h1>{t!(i18n, audit.title)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let facets = facets.await.unwrap_or_default();
                view! { <Filters params facets /> }
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(page) => view! {
                        <section class="card" data-testid="audit-log">
                            <AuditTrail rows=page.items.clone() show_entity=true />
                            <Pager page=page.page pages=page.pages() total=format::number(i18n.get_locale(), page.total)
                                params=params.get() path=PATH />
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Filters(params: Memo<Params>, facets: AuditFacets) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let facets = facets.clone();
        let l = i18n.get_locale();
        let q = AuditQuery::from_params(&params.get());
        view! {
            <Form method="GET" action=PATH attr:class="filters card" attr:data-testid="audit-filters">
                <ChoiceFilter label=td_string!(l, audit.fields.user) name="user" selected=q.user.map(|u| u.to_string())
                    options=facets.users.iter().map(|(id, name)| (id.to_string(), name.clone())).collect() />
                <ChoiceFilter label=td_string!(l, audit.fields.action) name="action" selected=q.action.clone()
                    options=facets.actions.iter().map(|a| (a.clone(), stored_action_label(l, a).into_owned())).collect() />
                <ChoiceFilter label=td_string!(l, audit.fields.entity_type) name="entity_type" selected=q.entity_type.clone()
                    options=facets.entity_types.iter().map(|e| (e.clone(), entity_label(l, e).into_owned())).collect() />
                <label class="field">
                    <span>{t!(i18n, audit.fields.entity_id)}</span>
                    <input type="text" name="entity_id" value=q.entity_id.map(|i| i.to_string()) class="mono" />
                </label>
                <label class="field">
                    <span>{t!(i18n, common.list.from)}</span>
                    <input type="date" name="from" value=q.from.map(|d| d.to_string()) />
                </label>
                <label class="field">
                    <span>{t!(i18n, common.list.to)}</span>
                    <input type="date" name="to" value=q.to.map(|d| d.to_string()) />
                </label>
                <PageSizeSelect current=q.page.per_page />
                <FilterActions path=PATH />
            </Form>
        }
    }
}

/// Audit entries as a table: when (in the reader's time zone), who, what, on which record,
/// and the fields that changed.
#[component]
pub fn AuditTrail(rows: Vec<AuditRow>, show_entity: bool) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        if rows.is_empty() {
            return view! { <p class="empty-state" data-testid="audit-empty">{t!(i18n, audit.empty)}</p> }.into_any();
        }
        let body = rows
            .iter()
            .map(|r| {
                let who = r
                    .actor_name
                    .clone()
                    .unwrap_or_else(|| t_string!(i18n, audit.system).to_owned());
                view! {
                    <tr data-testid="audit-row" data-action=r.action.clone()>
                        <td class="nowrap">{r.at_local.clone()}</td>
                        <td>{who}</td>
                        <td>{stored_action_label(l, &r.action)}</td>
                        {show_entity.then(|| view! { <td>{entity_cell(l, r)}</td> })}
                        <td><Changes before=r.before.clone() after=r.after.clone() /></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="data-table audit-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, audit.fields.at)}</th>
                            <th scope="col">{t!(i18n, audit.fields.user)}</th>
                            <th scope="col">{t!(i18n, audit.fields.action)}</th>
                            {show_entity.then(|| view! { <th scope="col">{t!(i18n, audit.fields.entity)}</th> })}
                            <th scope="col">{t!(i18n, audit.fields.changes)}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

/// The record an entry is about, linked when it has a page.
fn entity_cell(l: Locale, r: &AuditRow) -> AnyView {
    let label = entity_label(l, &r.entity_type).into_owned();
    match (r.entity_type.as_str(), r.entity_id) {
        ("vehicle", Some(id)) => view! { <a href=format!("/vehicles/{id}")>{label}</a> }.into_any(),
        _ => label.into_any(),
    }
}

/// "field: before → after" for each changed field.
#[component]
fn Changes(before: Option<Value>, after: Option<Value>) -> impl IntoView {
    let list = changes(before.as_ref(), after.as_ref());
    let show = |v: Option<Value>| match v {
        None => "—".to_owned(),
        Some(Value::String(s)) => s,
        Some(other) => other.to_string(),
    };
    view! {
        <ul class="changes">
            {list
                .into_iter()
                .map(|c| {
                    let field = c.field.clone();
                    view! {
                    <li data-field=field>
                        <span class="mono">{c.field}</span> ": " <del>{show(c.before)}</del> " → " <ins>{show(c.after)}</ins>
                    </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// A record's history tab (a vehicle's, a driver's): its audit entries, paged at `path`.
#[component]
pub fn HistoryPanel(
    history: Resource<Result<Paged<AuditRow>, AppError>>,
    #[prop(into)] path: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(page) => view! {
                        <section class="card" data-testid="record-history">
                            <AuditTrail rows=page.items.clone() show_entity=false />
                            <Pager page=page.page pages=page.pages() total=format::number(i18n.get_locale(), page.total)
                                params=params.get() path=path.get() />
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A stored action's translated name (the raw key for one this build does not know: an entry
/// written by a later version).
pub fn stored_action_label(l: Locale, action: &str) -> Cow<'static, str> {
    match action.parse::<AuditAction>() {
        Ok(known) => Cow::Borrowed(action_label(l, known)),
        Err(_) => Cow::Owned(action.to_owned()),
    }
}

/// An entity type's translated name.
pub fn entity_label(l: Locale, entity_type: &str) -> Cow<'static, str> {
    let known = match entity_type {
        "session" => td_string!(l, audit.entities.session),
        "user" => td_string!(l, audit.entities.user),
        "role" => td_string!(l, audit.entities.role),
        "vehicle" => td_string!(l, audit.entities.vehicle),
        "driver" => td_string!(l, audit.entities.driver),
        "tenant" => td_string!(l, audit.entities.tenant),
        "maintenance_program" => td_string!(l, audit.entities.maintenance_program),
        "inspection_template" => td_string!(l, audit.entities.inspection_template),
        "exchange_rate" => td_string!(l, audit.entities.exchange_rate),
        "budget" => td_string!(l, audit.entities.budget),
        other => return Cow::Owned(other.to_owned()),
    };
    Cow::Borrowed(known)
}
