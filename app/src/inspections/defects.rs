//! Defects as a table, each with what may be done to it: acknowledge, resolve, or turn it into
//! a work order (planned for today, its priority chosen). Every action is a small form that
//! works without JavaScript; once hydrated the table reloads in place. Serves the inspection
//! list (unresolved defects of the fleet) and one inspection's page.

use leptos::prelude::*;

use super::labels::defect_status_label;
use super::model::{DefectActionForm, TO_WORK_ORDER};
use super::{ActOnDefectFn, Defect, DefectStatus};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::maintenance::Priority;
use crate::maintenance::labels::priority_label;
use crate::ui::form::{FieldErrors, FormError};
use crate::ui::{ItemForms, format};

/// The action forms of a page's defects.
pub type DefectActions = ItemForms<ActOnDefectFn, DefectActionForm>;

/// A defect's status as a badge.
#[component]
pub fn DefectBadge(status: DefectStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge" data-defect=status.as_str() data-testid="defect-status">{move || defect_status_label(i18n.get_locale(), status)}</span> }
}

/// The defects; `actions` when the reader may act on them.
#[component]
pub fn DefectTable(
    defects: Vec<Defect>,
    actions: Option<DefectActions>,
    #[prop(optional)] show_plate: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let rows = defects
            .iter()
            .map(|d| view! { <DefectRow defect=d.clone() actions show_plate l /> })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="data-table" data-testid="defects">
                    <thead>
                        <tr>
                            {show_plate.then(|| view! { <th scope="col">{td_string!(l, inspections.vehicle)}</th> })}
                            <th scope="col">{td_string!(l, inspections.defect)}</th>
                            <th scope="col">{td_string!(l, inspections.status)}</th>
                            <th scope="col">{td_string!(l, inspections.reported)}</th>
                            <th scope="col">{td_string!(l, inspections.work_order)}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    }
}

#[component]
fn DefectRow(
    defect: Defect,
    actions: Option<DefectActions>,
    show_plate: bool,
    l: Locale,
) -> impl IntoView {
    let d = defect;
    let work_order = d.work_order_id.map(|w| {
        view! { <a href=format!("/vehicles/{}/maintenance#work-{w}", d.vehicle_id) data-testid="defect-work-order">{td_string!(l, inspections.open_work_order)}</a> }
    });
    let acts = actions
        .filter(|_| d.status != DefectStatus::Resolved)
        .map(|a| view! { <DefectActionsCell defect=d.clone() actions=a /> });
    view! {
        <tr data-testid="defect-row" data-id=d.id.to_string() data-status=d.status.as_str()>
            {show_plate.then(|| view! { <td><a class="plate" href=format!("/inspections/{}", d.inspection_id)>{d.plate.clone()}</a></td> })}
            <td>
                <strong data-testid="defect-label">{d.label.clone()}</strong>
                {d.note.clone().map(|n| view! { <p class="muted">{n}</p> })}
            </td>
            <td><DefectBadge status=d.status /></td>
            <td class="nowrap">{format::date(l, d.created_at.date_naive())}</td>
            <td>{work_order}</td>
            <td>{acts}</td>
        </tr>
    }
}

/// The forms of one defect that is not resolved yet.
#[component]
fn DefectActionsCell(defect: Defect, actions: DefectActions) -> impl IntoView {
    let i18n = use_i18n();
    let id = defect.id;
    let error = actions.error_for(id);
    let l = i18n.get_locale();
    let step = |to: DefectStatus, label: &'static str| {
        view! {
            <ActionForm action=actions.action attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="form[to]" value=to.as_str() />
                <button type="submit" class="button ghost small" data-testid=format!("defect-{}", to.as_str()) on:click=move |_| actions.sending(id)>{label}</button>
            </ActionForm>
        }
    };
    let priorities = Priority::ALL.iter().map(|p| view! { <option value=p.as_str() selected=*p == Priority::High>{priority_label(l, *p)}</option> }).collect_view();
    view! {
        <div class="defect-actions">
            <FormError error />
            <FieldErrors error field="to" />
            {(defect.status == DefectStatus::Open).then(|| step(DefectStatus::Acknowledged, td_string!(l, inspections.acknowledge)))}
            {step(DefectStatus::Resolved, td_string!(l, inspections.resolve))}
            {defect.work_order_id.is_none().then(|| view! {
                <ActionForm action=actions.action attr:class="inline-form" attr:data-testid="defect-work-order-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="form[to]" value=TO_WORK_ORDER />
                    <select name="form[priority]" aria-label=td_string!(l, maintenance.priority)>{priorities}</select>
                    <button type="submit" class="button small" data-testid="defect-make-work-order" on:click=move |_| actions.sending(id)>
                        {t!(i18n, inspections.make_work_order)}
                    </button>
                </ActionForm>
            })}
        </div>
    }
}
