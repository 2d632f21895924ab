//! The parts every list page shares: column headers that sort, and the pager. Both only write
//! links into the address (the list's state lives there), so they work with JavaScript off and
//! the router turns them into in-page navigation once hydrated.

use leptos::prelude::*;

use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::listing::{Params, SortDir};
use crate::ui::format;

/// A column header that sorts: its link sorts by `key`, ascending first, and flips the direction
/// when the list is already sorted by it; any page number is dropped, so a new order starts on
/// page 1. The header (not the link: ARIA allows it only there) says how the list is sorted.
#[component]
pub fn SortHeader(
    label: &'static str,
    key: &'static str,
    params: Params,
    #[prop(into)] path: String,
    current: Option<SortDir>,
) -> impl IntoView {
    let dir = current.map(SortDir::flip).unwrap_or_default();
    let mut next = params;
    next.set("sort", key);
    next.set("dir", dir.as_str());
    next.remove("page");
    let mark = match current {
        Some(SortDir::Asc) => "▲",
        Some(SortDir::Desc) => "▼",
        None => "",
    };
    let aria = current.map(|dir| match dir {
        SortDir::Asc => "ascending",
        SortDir::Desc => "descending",
    });
    view! {
        <th scope="col" aria-sort=aria>
            <a class="sort-link" href=next.href(&path) data-sort=key>
                {label}
                <span class="sort-mark" aria-hidden="true">{mark}</span>
            </a>
        </th>
    }
}

/// "‹ Previous · Page 3 of 1,040 · Next ›" plus first and last, and the total row count.
#[component]
pub fn Pager(
    page: u32,
    pages: u32,
    total: String,
    params: Params,
    #[prop(into)] path: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |to: u32| {
        let mut p = params.clone();
        if to > 1 {
            p.set("page", to.to_string())
        } else {
            p.remove("page")
        }
        p.href(&path)
    };
    let step = move |to: u32,
                     enabled: bool,
                     label: &'static str,
                     rel: &'static str,
                     testid: &'static str| {
        if enabled {
            view! { <a class="button ghost" href=link(to) rel=rel data-testid=testid>{label}</a> }
                .into_any()
        } else {
            view! { <span class="button ghost disabled" aria-disabled="true">{label}</span> }
                .into_any()
        }
    };
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, common.list.pagination) data-testid="pager">
            <span class="pager-total">{t!(i18n, common.list.total)} ": " <strong data-testid="total">{total}</strong></span>
            <span class="pager-steps">
                {step(1, page > 1, "«", "first", "page-first")}
                {step(page.saturating_sub(1), page > 1, "‹", "prev", "page-prev")}
                <span class="pager-position" data-testid="page-position">
                    {move || {
                        let l = i18n.get_locale();
                        let (page, pages) = (format::number(l, page.into()), format::number(l, pages.into()));
                        td_string!(l, common.list.page_of, page, pages).to_string()
                    }}
                </span>
                {step(page + 1, page < pages, "›", "next", "page-next")}
                {step(pages, page < pages, "»", "last", "page-last")}
            </span>
        </nav>
    }
}

/// The address's parameters, as a memo every list page reads its state from.
pub fn use_address_params() -> Memo<Params> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.with(|m| Params::from(m)))
}

/// A filter's select, "Any" first: `options` are (value, label) pairs.
#[component]
pub fn ChoiceFilter(
    label: &'static str,
    name: &'static str,
    selected: Option<String>,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{label}</span>
            <select name=name>
                <option value="">{t!(i18n, common.list.any)}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = selected.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A filter form's day range, `from` and `to` (inclusive), as the address holds them.
#[component]
pub fn DateRangeFilter(
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{t!(i18n, common.list.from)}</span>
            <input type="date" name="from" value=from.map(|d| d.to_string()).unwrap_or_default() />
        </label>
        <label class="field">
            <span>{t!(i18n, common.list.to)}</span>
            <input type="date" name="to" value=to.map(|d| d.to_string()).unwrap_or_default() />
        </label>
    }
}

/// A filter form's currency select (`currency`), any of the currencies amounts may be in.
#[component]
pub fn CurrencyFilter(selected: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let options: Vec<(String, String)> = crate::input::CURRENCIES
        .iter()
        .map(|c| ((*c).to_owned(), (*c).to_owned()))
        .collect();
    move || {
        let label = td_string!(i18n.get_locale(), common.list.currency);
        view! { <ChoiceFilter label name="currency" selected=selected.clone() options=options.clone() /> }
    }
}

/// A filter form's search box (`q`), saying in `placeholder` what it searches.
#[component]
pub fn SearchFilter(value: Option<String>, placeholder: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field filter-search">
            <span>{t!(i18n, common.list.search)}</span>
            <input type="search" name="q" value=value.unwrap_or_default() placeholder=placeholder data-testid="search" />
        </label>
    }
}

/// The page-size select of a filter form.
#[component]
pub fn PageSizeSelect(current: u32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{t!(i18n, common.list.per_page)}</span>
            <select name="per_page">
                {crate::listing::PAGE_SIZES
                    .into_iter()
                    .map(|n| view! { <option value=n.to_string() selected=n == current>{n}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A filter form's buttons: apply, and reset to the bare list at `path`.
#[component]
pub fn FilterActions(path: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="filter-actions">
            <button type="submit" class="button primary" data-testid="apply-filters">{t!(i18n, common.list.apply)}</button>
            <a class="button ghost" href=path>{t!(i18n, common.list.reset)}</a>
        </div>
    }
}

/// What a list shows when it has no rows: "nothing matches" with a reset link when filtered;
/// otherwise "none yet", and when `can_add`, the way to add the first one. (A flag rather than
/// a [`Can`](crate::ui::Can): lists render this inside a `Suspend`, where a nested `Can` does not hydrate.)
#[component]
pub fn EmptyList(
    filtered: bool,
    path: &'static str,
    none_yet: &'static str,
    hint: &'static str,
    new_href: &'static str,
    new_label: &'static str,
    can_add: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if filtered {
        view! {
            <div class="empty-state" data-testid="empty">
                <p>{t!(i18n, common.list.nothing_matches)}</p>
                <a class="button ghost" href=path>{t!(i18n, common.list.reset)}</a>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="empty-state" data-testid="empty">
                <p>{none_yet}</p>
                {can_add.then(|| view! {
                    <p class="muted">{hint}</p>
                    <a class="button primary" href=new_href>{new_label}</a>
                })}
            </div>
        }
        .into_any()
    }
}
