//! `/maintenance/calendar`: scheduled work by day, a month (whole weeks) or a week at a time,
//! under the board's filters. Work shows on the day it is booked for, or (due at a kilometre
//! only) on the day its forecast reaches it; overdue work is red, and work overdue from before
//! the period is listed above it. Once hydrated, an entry dropped on another day is booked for
//! that day; without JavaScript every entry has a small form that does the same.

pub mod period;

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use uuid::Uuid;

use self::period::{Period, Span};
use super::board::WorkChoices;
use super::card::{DueBadge, PriorityBadge};
use super::model::RescheduleForm;
use super::{Calendar, DueState, DueWorkOrder, RescheduleWorkOrderFn, WorkOrderQuery, calendar_fn};
use crate::auth::Permission;
use crate::fleet::vehicles::vehicle_facets_fn;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::listing::Params;
use crate::ui::form::{FieldErrors, FormError};
use crate::ui::{FilterActions, ItemForms, format, use_address_params, use_signed_in};

const PATH: &str = "/maintenance/calendar";

/// The MIME type of a dragged entry's data: its work order's id.
const DRAG_TYPE: &str = "application/x-fleetcore-booking";

/// The reschedule forms of the page's entries.
type Rescheduler = ItemForms<RescheduleWorkOrderFn, RescheduleForm>;

/// Books `id` for `day` (a drop on a day).
fn dispatch_reschedule(rescheduler: Rescheduler, id: Uuid, day: NaiveDate) {
    let form = RescheduleForm {
        scheduled_on: day.to_string(),
    };
    rescheduler.dispatch(id, RescheduleWorkOrderFn { id, form });
}

/// The period the address asks for: `view=week`, `on=` a day in it (default: today).
fn requested(p: &Params) -> (Span, Option<NaiveDate>) {
    (p.parse("view").unwrap_or_default(), p.parse("on"))
}

/// The address of `period` under the current filters.
fn period_href(p: &Params, period: Period) -> String {
    let mut next = p.clone();
    match period.span {
        Span::Month => next.remove("view"),
        Span::Week => next.set("view", "week"),
    }
    next.set("on", period.start.to_string());
    next.href(PATH)
}

/// The page.
#[component]
pub fn MaintenanceCalendarPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let rescheduler = Rescheduler::new();
    let signed_in = use_signed_in();
    let query = Memo::new(move |_| params.with(WorkOrderQuery::from_params));
    let period = Memo::new(move |_| params.with(requested));
    let calendar = Resource::new(
        move || {
            (
                query.get(),
                period.get(),
                rescheduler.action.version().get(),
            )
        },
        |(q, (span, on), _)| calendar_fn(q, span, on),
    );
    let facets = Resource::new(|| (), |_| vehicle_facets_fn());
    view! {
        <Title text=t_string!(i18n, maintenance.calendar.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, maintenance.calendar.title)}</h1>
            <a class="button" href="/maintenance" data-testid="board-link">{t!(i18n, maintenance.board)}</a>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let departments = facets.await.map(|f| f.departments).unwrap_or_default();
                view! { <Filters params departments /> }
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::MaintenanceWrite).await;
                let rescheduler = can_write.then_some(rescheduler);
                match calendar.await {
                    Ok(calendar) => view! { <CalendarView calendar rescheduler /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The board's filters (department, type, priority), keeping the period.
#[component]
fn Filters(params: Memo<Params>, departments: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (l, departments) = (i18n.get_locale(), departments.clone());
        let p = params.get();
        let q = WorkOrderQuery::from_params(&p);
        let (span, on) = requested(&p);
        view! {
            <Form method="GET" action=PATH attr:class="filters card" attr:data-testid="calendar-filters" attr:role="search">
                <WorkChoices l query=q departments />
                {(span == Span::Week).then(|| view! { <input type="hidden" name="view" value="week" /> })}
                {on.map(|on| view! { <input type="hidden" name="on" value=on.to_string() /> })}
                <FilterActions path=PATH />
            </Form>
        }
    }
}

/// The period's heading and navigation, the overdue work from before it, and its days.
#[component]
fn CalendarView(calendar: Calendar, rescheduler: Option<Rescheduler>) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let Calendar {
        period,
        today,
        entries,
        overdue_before,
    } = calendar;
    let heading = move |l: Locale| match period.span {
        Span::Month => format::month_year(l, period.start),
        Span::Week => format!(
            "{} {}",
            td_string!(l, maintenance.calendar.week_of),
            format::date(l, period.start)
        ),
    };
    let nav = move || {
        let (l, p) = (i18n.get_locale(), params.get());
        let switch_to = |span| period_href(&p, Period::around(span, period.start));
        view! {
            <nav class="calendar-nav" aria-label=td_string!(l, maintenance.calendar.period)>
                <a class="button ghost" href=period_href(&p, period.previous()) rel="prev" data-testid="calendar-previous" aria-label=td_string!(l, maintenance.calendar.previous)>"‹"</a>
                <a class="button ghost" href=period_href(&p, Period::around(period.span, today)) data-testid="calendar-today">{td_string!(l, maintenance.calendar.today)}</a>
                <a class="button ghost" href=period_href(&p, period.next()) rel="next" data-testid="calendar-next" aria-label=td_string!(l, maintenance.calendar.next)>"›"</a>
                <h2 data-testid="calendar-heading">{heading(l)}</h2>
                <div class="segmented" role="group" aria-label=td_string!(l, maintenance.view_label)>
                    <a href=switch_to(Span::Month) aria-current=(period.span == Span::Month).then_some("true") data-testid="view-month">{td_string!(l, maintenance.calendar.month)}</a>
                    <a href=switch_to(Span::Week) aria-current=(period.span == Span::Week).then_some("true") data-testid="view-week">{td_string!(l, maintenance.calendar.week)}</a>
                </div>
            </nav>
        }
    };
    view! {
        {nav}
        {(!overdue_before.is_empty()).then(|| view! {
            <section class="card calendar-overdue" data-testid="overdue-before">
                <h3>{t!(i18n, maintenance.calendar.overdue_before)}</h3>
                <div class="calendar-entries">
                    {overdue_before.into_iter().map(|order| view! { <Entry order rescheduler today /> }).collect_view()}
                </div>
            </section>
        })}
        <Grid period today entries rescheduler />
    }
}

/// The days, week by week, each with its entries; days are drop targets once hydrated.
#[component]
fn Grid(
    period: Period,
    today: NaiveDate,
    entries: Vec<DueWorkOrder>,
    rescheduler: Option<Rescheduler>,
) -> impl IntoView {
    let i18n = use_i18n();
    let days = period.days();
    let weekdays = move || {
        let l = i18n.get_locale();
        days.iter().take(7).map(|d| view! { <div class="calendar-weekday" role="columnheader">{format::weekday_short(l, d.weekday())}</div> }).collect_view()
    };
    let day_cell = |day: NaiveDate| {
        let on_day: Vec<DueWorkOrder> = entries
            .iter()
            .filter(|o| o.calendar_day() == Some(day))
            .cloned()
            .collect();
        view! { <Day day period today entries=on_day rescheduler /> }
    };
    // A grid is rows of cells (ARIA's grid pattern): one row per week.
    let weeks = period
        .days()
        .chunks(7)
        .map(|week| {
            let cells = week.iter().map(|&day| day_cell(day)).collect_view();
            view! { <div class="calendar-week" role="row">{cells}</div> }
        })
        .collect_view();
    // Effects run only in the browser, once the days are hydrated and take drops: a mark the
    // end-to-end tests wait for before dragging.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <div class="calendar" data-span=period.span.as_str() data-testid="calendar" role="grid" data-live=move || live.get().then_some("true")>
            <div class="calendar-week calendar-head" role="row">{weekdays}</div>
            <div class="calendar-days" role="rowgroup">{weeks}</div>
        </div>
    }
}

#[component]
fn Day(
    day: NaiveDate,
    period: Period,
    today: NaiveDate,
    entries: Vec<DueWorkOrder>,
    rescheduler: Option<Rescheduler>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Nothing is booked in the past: only today and later take a drop.
    let takes_drop = rescheduler.filter(|_| day >= today);
    let drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(r) = takes_drop
            && let Some(id) = ev
                .data_transfer()
                .and_then(|d| d.get_data(DRAG_TYPE).ok())
                .and_then(|id| id.parse().ok())
        {
            dispatch_reschedule(r, id, day);
        }
    };
    let over = move |ev: leptos::ev::DragEvent| {
        if takes_drop.is_some() {
            ev.prevent_default();
        }
    };
    view! {
        <div class="calendar-day" role="gridcell" data-testid="calendar-day" data-date=day.to_string()
            data-outside=(!period.holds(day)).then_some("true") data-today=(day == today).then_some("true")
            on:dragover=over on:drop=drop>
            <span class="calendar-date" aria-label=move || format::date(i18n.get_locale(), day)>{day.day()}</span>
            <div class="calendar-entries">
                {entries.into_iter().map(|order| view! { <Entry order rescheduler today /> }).collect_view()}
            </div>
        </div>
    }
}

/// One piece of scheduled work: its vehicle, title, priority and due state, draggable when it
/// may be rescheduled, with its reschedule form.
#[component]
fn Entry(order: DueWorkOrder, rescheduler: Option<Rescheduler>, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let day = order.calendar_day();
    let forecast_only = order.order.scheduled_on.is_none();
    let w = order.order;
    let id = w.id;
    let drag_start = move |ev: leptos::ev::DragEvent| {
        if let Some(data) = ev.data_transfer() {
            let _ = data.set_data(DRAG_TYPE, &id.to_string());
            data.set_effect_allowed("move");
        }
    };
    view! {
        <article class="calendar-entry" data-testid="calendar-entry" data-id=id.to_string() data-due=order.due.map(DueState::as_str)
            data-forecast=forecast_only.then_some("true") draggable=rescheduler.is_some().then_some("true") on:dragstart=drag_start>
            <header class="work-card-head">
                <a class="plate" href=format!("/vehicles/{}/maintenance", w.vehicle_id)>{w.plate.clone()}</a>
                <PriorityBadge priority=w.priority />
                <DueBadge due=order.due />
            </header>
            <p class="work-title" data-testid="work-title">{w.title.clone()}</p>
            {forecast_only.then(|| view! { <p class="muted">{t!(i18n, maintenance.forecast)}</p> })}
            {rescheduler.map(|r| view! { <RescheduleEntryForm id rescheduler=r day today /> })}
        </article>
    }
}

/// Booking the work for another day, without JavaScript (and from the keyboard).
#[component]
fn RescheduleEntryForm(
    id: Uuid,
    rescheduler: Rescheduler,
    day: Option<NaiveDate>,
    today: NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = rescheduler.error_for(id);
    let kept = rescheduler.kept_for(id);
    let value = if kept.scheduled_on.is_empty() {
        day.map(|d| d.to_string()).unwrap_or_default()
    } else {
        kept.scheduled_on
    };
    view! {
        <details class="menu reschedule" open=move || error.with(Option::is_some)>
            <summary class="button ghost small" data-testid="reschedule-open">{t!(i18n, maintenance.calendar.reschedule)}</summary>
            <div class="menu-items">
                <ActionForm action=rescheduler.action attr:class="form" attr:data-testid="reschedule-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <FormError error />
                    <label class="field" data-field="scheduled_on">
                        <span>{t!(i18n, maintenance.scheduled_on)} " *"</span>
                        <input type="date" name="form[scheduled_on]" required min=today.to_string() value=value data-testid="reschedule-date" />
                        <FieldErrors error field="scheduled_on" />
                    </label>
                    <button type="submit" class="button primary" data-testid="reschedule-submit" on:click=move |_| rescheduler.sending(id)>
                        {t!(i18n, maintenance.calendar.book)}
                    </button>
                </ActionForm>
            </div>
        </details>
    }
}
