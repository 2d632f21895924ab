//! `/inspections/{id}`: one inspection: its vehicle, checklist, inspector and odometer, every
//! answer, and the defects its failed items opened with what may be done to each.

use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

use super::defects::{DefectActions, DefectTable};
use super::labels::result_label;
use super::{InspectionDetail, get_inspection_fn};
use crate::auth::Permission;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::ui::form::FormError;
use crate::ui::{format, id_param, use_signed_in};

/// The page.
#[component]
pub fn InspectionPage() -> impl IntoView {
    let id = id_param();
    move || id.get().map(|id| view! { <Inspection id /> })
}

#[component]
fn Inspection(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let actions = DefectActions::new();
    let signed_in = use_signed_in();
    let detail = Resource::new(
        move || actions.action.version().get(),
        move |_| get_inspection_fn(id),
    );
    view! {
        <Title text=t_string!(i18n, inspections.one).to_string() />
        <p><a href="/inspections">"← " {t!(i18n, inspections.title)}</a></p>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let can_act = signed_in.can(Permission::MaintenanceWrite).await;
                match detail.await {
                    Ok(detail) => view! { <Detail detail actions=can_act.then_some(actions) /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(detail: InspectionDetail, actions: Option<DefectActions>) -> impl IntoView {
    let i18n = use_i18n();
    let InspectionDetail {
        inspection: i,
        answers,
        defects,
    } = detail;
    let header = move || {
        let l = i18n.get_locale();
        view! {
            <div class="page-header">
                <h1 data-testid="inspection-title">{i.template_name.clone()} " · " <a class="plate" href=format!("/vehicles/{}", i.vehicle_id)>{i.plate.clone()}</a></h1>
            </div>
            <p class="muted" data-testid="inspection-meta">
                {format::date_time(l, i.performed_local)} " · " {i.performed_by_name.clone()} " · "
                {format!("{} {}", format::number(l, i.mileage_km), td_string!(l, vehicles.km))}
            </p>
            {i.notes.clone().map(|n| view! { <p data-testid="inspection-notes">{n}</p> })}
        }
    };
    let answers = move || {
        let l = i18n.get_locale();
        let rows = answers.iter().map(|a| view! {
            <tr data-testid="answer-row" data-result=a.result.as_str()>
                <td>{a.label.clone()}</td>
                <td><span class="badge" data-result=a.result.as_str()>{result_label(l, a.result)}</span></td>
                <td>{a.note.clone()}</td>
            </tr>
        }).collect_view();
        view! {
            <section class="card table-wrap" data-testid="answers">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(l, inspections.item)}</th>
                            <th scope="col">{td_string!(l, inspections.result)}</th>
                            <th scope="col">{td_string!(l, inspections.note)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    };
    view! {
        {header}
        {answers}
        {(!defects.is_empty()).then(|| view! {
            <section class="card" data-testid="inspection-defects">
                <h2>{t!(i18n, inspections.defects)}</h2>
                <DefectTable defects actions />
            </section>
        })}
    }
}
