//! A work order as a card (the board's and the vehicle tab's), its badges, and the move form
//! every card carries: a plain form without JavaScript, the same server function behind a drop
//! on the board once hydrated.

use leptos::prelude::*;
use uuid::Uuid;

use super::labels::{due_label, kind_label, move_label, priority_label, status_label};
use super::model::check_move;
use super::{DueState, DueWorkOrder, MoveForm, MoveWorkOrderFn, Priority, WorkStatus};
use crate::fleet::mileage::ConfirmAbnormal;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::form::{FieldErrors, FormError};
use crate::ui::{ItemForms, format};

/// The moves of one page: the one action every card's form and every drop dispatches.
pub type Mover = ItemForms<MoveWorkOrderFn, MoveForm>;

/// Moves `id` to `to` (a drop on the board).
pub fn dispatch_move(mover: Mover, id: Uuid, to: WorkStatus) {
    let form = MoveForm {
        to: to.as_str().to_owned(),
        ..Default::default()
    };
    mover.dispatch(id, MoveWorkOrderFn { id, form });
}

/// A priority other than normal ("High" and "Critical" stand out); normal, the usual case, shows nothing.
#[component]
pub fn PriorityBadge(priority: Priority) -> impl IntoView {
    let i18n = use_i18n();
    (priority != Priority::Normal)
        .then(|| view! { <span class="badge" data-priority=priority.as_str()>{move || priority_label(i18n.get_locale(), priority)}</span> })
}

/// "Due soon" or "Overdue" (nothing for later work).
#[component]
pub fn DueBadge(due: Option<DueState>) -> impl IntoView {
    let i18n = use_i18n();
    due.filter(|d| *d != DueState::Later).map(|d| {
        view! { <span class="badge" data-due=d.as_str() data-testid="due-badge">{move || due_label(i18n.get_locale(), d)}</span> }
    })
}

/// When work falls due: its date and/or kilometre, as `2026-12-01 · 120,000 km`.
pub fn due_point(l: Locale, date: Option<chrono::NaiveDate>, km: Option<i64>) -> String {
    let date = date.map(|d| format::date(l, d));
    let km = km.map(|k| format!("{} {}", format::number(l, k), td_string!(l, vehicles.km)));
    let parts: Vec<String> = date.into_iter().chain(km).collect();
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join(" · ")
    }
}

/// The MIME type of a dragged card's data: `{id} {status}`.
pub const DRAG_TYPE: &str = "application/x-fleetcore-work-order";

/// One work order as a card; `draggable` when it may move (the board's columns take the drop).
#[component]
pub fn WorkOrderCard(
    order: DueWorkOrder,
    mover: Option<Mover>,
    #[prop(optional)] show_plate: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let DueWorkOrder {
        order: w,
        due,
        forecast_on,
        planned_on,
        reminders,
    } = order;
    let movable = mover.is_some() && w.status != WorkStatus::Completed;
    let drag_data = format!("{} {}", w.id, w.status.as_str());
    let drag_start = move |ev: leptos::ev::DragEvent| {
        if let Some(data) = ev.data_transfer() {
            let _ = data.set_data(DRAG_TYPE, &drag_data);
            data.set_effect_allowed("move");
        }
    };
    move || {
        let l = i18n.get_locale();
        let cost = w
            .cost
            .zip(w.currency.clone())
            .map(|(c, cur)| format::money(l, c, &cur));
        let done = (w.status == WorkStatus::Completed).then(|| {
            let on = w.completed_on.map(|d| format::date(l, d)).unwrap_or_default();
            let km = w.mileage_at_service.map(|k| format!(" · {} {}", format::number(l, k), td_string!(l, vehicles.km))).unwrap_or_default();
            view! { <p class="work-done">{td_string!(l, maintenance.completed_on)} ": " {on} {km}</p> }
        });
        view! {
            <article class="work-card" id=format!("work-{}", w.id) data-testid="work-card" data-id=w.id.to_string() data-status=w.status.as_str()
                data-due=due.map(DueState::as_str) draggable=movable.then_some("true") on:dragstart=drag_start.clone()>
                <header class="work-card-head">
                    {show_plate.then(|| view! { <a class="plate" href=format!("/vehicles/{}/maintenance", w.vehicle_id)>{w.plate.clone()}</a> })}
                    <PriorityBadge priority=w.priority />
                    <DueBadge due />
                </header>
                <p class="work-title" data-testid="work-title">{w.title.clone()}</p>
                <p class="muted">{kind_label(l, w.kind)}</p>
                {(w.status != WorkStatus::Completed).then(|| view! {
                    <p class="work-due"><span class="muted">{td_string!(l, maintenance.due_at)} ": "</span> {due_point(l, w.scheduled_on, w.due_km)}</p>
                })}
                // A kilometre the vehicle's pace reaches before the date (or with no date) gives the plan.
                {forecast_on.filter(|f| planned_on == Some(*f) && w.scheduled_on != Some(*f)).map(|f| view! {
                    <p class="work-forecast" data-testid="forecast"><span class="muted">{td_string!(l, maintenance.forecast)} ": "</span> {format::date(l, f)}</p>
                })}
                {(!reminders.is_empty()).then(|| view! {
                    <p class="work-reminders muted" data-testid="reminders">
                        {td_string!(l, maintenance.reminders)} ": "
                        {reminders.iter().map(|r| format::date(l, r.on)).collect::<Vec<_>>().join(" · ")}
                    </p>
                })}
                {done}
                {cost.map(|c| view! { <p class="work-cost">{c}</p> })}
                {w.inspection_id.map(|i| view! {
                    <p><a href=format!("/inspections/{i}") data-testid="from-inspection">{td_string!(l, maintenance.from_inspection)}</a></p>
                })}
                {mover.filter(|_| movable).map(|m| view! { <MoveWorkForm id=w.id from=w.status mover=m /> })}
            </article>
        }
    }
}

/// Moving a work order: the statuses it may go to from where it is, and what completing needs
/// (the day, blank for today, and the odometer). An abnormal odometer value comes back with a
/// confirmation box.
#[component]
fn MoveWorkForm(id: Uuid, from: WorkStatus, mover: Mover) -> impl IntoView {
    let i18n = use_i18n();
    let error = mover.error_for(id);
    let kept = mover.kept_for(id);
    let targets: Vec<WorkStatus> = WorkStatus::ALL
        .iter()
        .copied()
        .filter(|to| check_move(from, *to).is_ok())
        .collect();
    let l = i18n.get_locale();
    view! {
        <details class="menu move" open=move || error.with(Option::is_some)>
            <summary class="button ghost" data-testid="move-open">{t!(i18n, maintenance.move_to)}</summary>
            <div class="menu-items">
                <ActionForm action=mover.action attr:class="form" attr:data-testid="move-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <FormError error />
                    <label class="field" data-field="to">
                        <span>{t!(i18n, maintenance.move_to)} " *"</span>
                        <select name="form[to]" required data-testid="move-to">
                            {targets.into_iter().map(|to| view! {
                                <option value=to.as_str() selected=kept.to == to.as_str()>{move_label(l, to)} " → " {status_label(l, to)}</option>
                            }).collect_view()}
                        </select>
                        <FieldErrors error field="to" />
                    </label>
                    <fieldset class="completion">
                        <legend>{t!(i18n, maintenance.to_complete)}</legend>
                        <label class="field" data-field="completed_on">
                            <span>{t!(i18n, maintenance.completed_on)}</span>
                            <input type="date" name="form[completed_on]" value=kept.completed_on.clone() />
                            <small class="hint">{t!(i18n, maintenance.completed_on_hint)}</small>
                            <FieldErrors error field="completed_on" />
                        </label>
                        <label class="field" data-field="mileage">
                            <span>{t!(i18n, maintenance.mileage_at_service)}</span>
                            <input type="text" inputmode="numeric" name="form[mileage]" value=kept.mileage.clone() data-testid="move-mileage" />
                            <FieldErrors error field="mileage" />
                        </label>
                        <ConfirmAbnormal error field="mileage" />
                    </fieldset>
                    <button type="submit" class="button primary" data-testid="move-submit" on:click=move |_| mover.sending(id)>
                        {t!(i18n, maintenance.apply_move)}
                    </button>
                </ActionForm>
            </div>
        </details>
    }
}
