//! Tabs that are nested routes (`/vehicles/{id}/history`): real links, so they work without
//! JavaScript, can be bookmarked, and the back button walks through them.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// One tab: the path below the record's address (`""` for the first), its label (a `t!`
/// view, so it follows the language), a test id.
pub struct Tab {
    pub path: &'static str,
    pub label: AnyView,
    pub testid: &'static str,
}

/// The tab bar of the record at `base`, named `label` for screen readers; the router marks the
/// current tab.
#[component]
pub fn TabBar(base: String, #[prop(into)] label: Signal<String>, tabs: Vec<Tab>) -> impl IntoView {
    // Plain links (the router still handles them in the page once hydrated): the router's `<A>`
    // failed to hydrate here, its children expected a marker the server had not written.
    let pathname = use_location().pathname;
    view! {
        <nav class="tabs" aria-label=label data-testid="record-tabs">
            {tabs
                .into_iter()
                .map(|tab| {
                    let href = format!("{base}{}", tab.path);
                    let target = href.clone();
                    let current = move || pathname.with(|p| p.trim_end_matches('/') == target).then_some("page");
                    view! { <a href=href aria-current=current data-testid=tab.testid>{tab.label}</a> }
                })
                .collect_view()}
        </nav>
    }
}
