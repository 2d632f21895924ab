//! `/maintenance`: the fleet's work orders as a Kanban board (Scheduled → In progress →
//! Completed, Cancelled counted below) or as a list, under one set of filters (department, kind,
//! priority, due soon / overdue) kept in the address. Cards move by their form without
//! JavaScript and by drag and drop once hydrated; both call the same move.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use uuid::Uuid;

use super::card::{DRAG_TYPE, Mover, WorkOrderCard, dispatch_move};
use super::labels::{due_label, kind_label, priority_label, status_label};
use super::plan::PlanForm;
use super::table::WorkOrderTable;
use super::{
    BoardColumn, CreateWorkOrderFn, DueState, Priority, WorkKind, WorkOrderQuery, WorkStatus,
    board_fn, list_work_orders_fn,
};
use crate::auth::Permission;
use crate::fleet::vehicles::vehicle_facets_fn;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::listing::Params;
use crate::tenant::tenant_profile_fn;
use crate::ui::form::FormError;
use crate::ui::{
    ChoiceFilter, FilterActions, PageSizeSelect, format, toast_results, use_address_params,
    use_signed_in,
};

const PATH: &str = "/maintenance";

/// Whether the address asks for the list instead of the board.
fn list_view(p: &Params) -> bool {
    p.get("view") == Some("list")
}

/// The page.
#[component]
pub fn MaintenancePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let mover = Mover::new();
    let create = ServerAction::<CreateWorkOrderFn>::new();
    toast_results(create);
    let plan_error = mover.other_form_error(create);
    let signed_in = use_signed_in();
    let query = Memo::new(move |_| params.with(WorkOrderQuery::from_params));
    let changes = move || (mover.action.version().get(), create.version().get());
    let board = Resource::new(
        move || (query.get(), params.with(list_view), changes()),
        |(q, list, _)| async move {
            if list {
                list_work_orders_fn(q).await.map(Shown::List)
            } else {
                board_fn(q).await.map(Shown::Board)
            }
        },
    );
    let facets = Resource::new(|| (), |_| vehicle_facets_fn());
    let tenant = Resource::new(|| (), |_| tenant_profile_fn());
    view! {
        <Title text=t_string!(i18n, maintenance.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, maintenance.title)}</h1>
            <div class="page-actions">
                <a class="button" href="/maintenance/calendar" data-testid="calendar-link">{t!(i18n, maintenance.calendar.title)}</a>
                <a class="button" href="/maintenance/programs" data-testid="programs-link">{t!(i18n, maintenance.programs.title)}</a>
            </div>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::MaintenanceWrite).await;
                let currency = tenant.await.map(|t| t.currency).unwrap_or_default();
                can_write.then(|| view! { <PlanForm action=create error=plan_error vehicle=None currency /> })
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let departments = facets.await.map(|f| f.departments).unwrap_or_default();
                view! { <Filters params departments /> }
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::MaintenanceWrite).await;
                match board.await {
                    Ok(Shown::Board(columns)) => view! { <Board columns mover=can_write.then_some(mover) /> }.into_any(),
                    Ok(Shown::List(page)) if page.items.is_empty() => view! {
                        <section class="card empty-state" data-testid="work-list"><p>{t!(i18n, common.list.nothing_matches)}</p></section>
                    }
                    .into_any(),
                    Ok(Shown::List(page)) => view! { <WorkOrderTable page path=PATH show_plate=true testid="work-list" /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the page shows: the board's columns or a page of the list.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
enum Shown {
    Board(Vec<BoardColumn>),
    List(crate::listing::Paged<super::DueWorkOrder>),
}

/// The filters and the board/list switch: one GET form.
#[component]
fn Filters(params: Memo<Params>, departments: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (l, departments) = (i18n.get_locale(), departments.clone());
        let p = params.get();
        let q = WorkOrderQuery::from_params(&p);
        let list = list_view(&p);
        let switch = |to_list: bool| {
            let mut next = p.clone();
            next.remove("page");
            if to_list {
                next.set("view", "list")
            } else {
                next.remove("view")
            }
            next.href(PATH)
        };
        view! {
            <Form method="GET" action=PATH attr:class="filters card" attr:data-testid="work-filters" attr:role="search">
                <WorkChoices l query=q.clone() departments />
                // A board of one vehicle (linked from its tab) stays that vehicle's.
                {q.vehicle.map(|v| view! { <input type="hidden" name="vehicle_id" value=v.to_string() /> })}
                {list.then(|| view! {
                    <ChoiceFilter label=td_string!(l, maintenance.status) name="status" selected=q.status.map(|s| s.as_str().to_owned())
                        options=WorkStatus::ALL.iter().map(|s| (s.as_str().to_owned(), status_label(l, *s).to_owned())).collect() />
                    <PageSizeSelect current=q.page.per_page />
                    <input type="hidden" name="view" value="list" />
                })}
                <fieldset class="field filter-checks">
                    <legend>{td_string!(l, maintenance.due_filter)}</legend>
                    {[DueState::DueSoon, DueState::Overdue].map(|d| view! {
                        <label class="checkbox">
                            <input type="checkbox" name="due" value=d.as_str() checked=q.due.contains(&d) data-testid=format!("due-{}", d.as_str()) />
                            <span>{due_label(l, d)}</span>
                        </label>
                    })}
                </fieldset>
                <FilterActions path=PATH />
            </Form>
            <div class="segmented" role="group" aria-label=td_string!(l, maintenance.view_label)>
                <a href=switch(false) aria-current=(!list).then_some("true") data-testid="view-board">{td_string!(l, maintenance.board)}</a>
                <a href=switch(true) aria-current=list.then_some("true") data-testid="view-list">{td_string!(l, common.list.table)}</a>
            </div>
        }
    }
}

/// The department, type and priority choices of the board's and the calendar's filters.
#[component]
pub(super) fn WorkChoices(
    l: Locale,
    query: WorkOrderQuery,
    departments: Vec<String>,
) -> impl IntoView {
    view! {
        <ChoiceFilter label=td_string!(l, maintenance.department) name="department" selected=query.department.clone()
            options=departments.iter().map(|d| (d.clone(), d.clone())).collect() />
        <ChoiceFilter label=td_string!(l, maintenance.kind) name="kind" selected=query.kind.map(|k| k.as_str().to_owned())
            options=WorkKind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_label(l, *k).to_owned())).collect() />
        <ChoiceFilter label=td_string!(l, maintenance.priority) name="priority" selected=query.priority.map(|p| p.as_str().to_owned())
            options=Priority::ALL.iter().map(|p| (p.as_str().to_owned(), priority_label(l, *p).to_owned())).collect() />
    }
}

/// The columns; once hydrated a card dropped on another column moves there (completing opens
/// the card's form instead, which asks for the odometer).
#[component]
fn Board(columns: Vec<BoardColumn>, mover: Option<Mover>) -> impl IntoView {
    let (open, cancelled): (Vec<_>, Vec<_>) = columns
        .into_iter()
        .partition(|c| c.status != WorkStatus::Cancelled);
    view! {
        <div class="board" data-testid="board">
            {open.into_iter().map(|column| view! { <Column column mover /> }).collect_view()}
        </div>
        {cancelled.into_iter().map(|column| view! { <CancelledColumn column /> }).collect_view()}
    }
}

#[component]
fn Column(column: BoardColumn, mover: Option<Mover>) -> impl IntoView {
    let status = column.status;
    let drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(m) = mover
            && let Some((id, from)) = dragged(&ev)
            && from != status
        {
            if status == WorkStatus::Completed {
                open_completion(id)
            } else {
                dispatch_move(m, id, status)
            }
        }
    };
    view! {
        <section class="board-column" data-testid="board-column" data-status=status.as_str()
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=drop>
            <ColumnHead status total=column.total shown=column.cards.len() />
            <div class="board-cards">
                {column.cards.into_iter().map(|order| view! { <WorkOrderCard order mover show_plate=true /> }).collect_view()}
            </div>
        </section>
    }
}

/// Cancelled work under the board: how much there is, and a link to it in the list (the board
/// reads no cancelled cards, see `api::board`).
#[component]
fn CancelledColumn(column: BoardColumn) -> impl IntoView {
    view! {
        <section class="board-column cancelled" data-testid="board-column" data-status=column.status.as_str()>
            <ColumnHead status=column.status total=column.total shown=column.cards.len() />
        </section>
    }
}

/// A column's title, how many cards it holds, and a link to the rest when not all are shown.
#[component]
fn ColumnHead(status: WorkStatus, total: i64, shown: usize) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    move || {
        let l = i18n.get_locale();
        let more = (total > shown as i64).then(|| {
            let mut p = params.get();
            p.set("view", "list");
            p.set("status", status.as_str());
            view! { <a href=p.href(PATH) data-testid="column-more">{td_string!(l, maintenance.see_all)}</a> }
        });
        view! {
            <header class="board-column-head">
                <h2>{status_label(l, status)}</h2>
                <span class="badge" data-testid="column-total">{format::number(l, total)}</span>
                {more}
            </header>
        }
    }
}

/// The work order a drop carries, and where it came from.
fn dragged(ev: &leptos::ev::DragEvent) -> Option<(Uuid, WorkStatus)> {
    let data = ev.data_transfer()?.get_data(DRAG_TYPE).ok()?;
    let (id, from) = data.split_once(' ')?;
    Some((id.parse().ok()?, from.parse().ok()?))
}

/// Opens a card's move form on "complete", where the odometer is typed.
fn open_completion(id: Uuid) {
    use wasm_bindgen::JsCast;
    let card = format!("[data-testid=work-card][data-id='{id}']");
    let Some(form) = document()
        .query_selector(&format!("{card} details.move"))
        .ok()
        .flatten()
    else {
        return;
    };
    let _ = form.set_attribute("open", "");
    if let Some(select) = document()
        .query_selector(&format!("{card} select[name='form[to]']"))
        .ok()
        .flatten()
        && let Ok(select) = select.dyn_into::<web_sys::HtmlSelectElement>()
    {
        select.set_value(WorkStatus::Completed.as_str());
    }
    if let Some(input) = document()
        .query_selector(&format!("{card} [data-testid=move-mileage]"))
        .ok()
        .flatten()
        && let Ok(input) = input.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = input.focus();
    }
}
