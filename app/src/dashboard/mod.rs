//! The dashboard: for now a welcome and the user's roles; the fleet modules fill it as they land.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t, t_string, use_i18n};
use crate::ui::use_current_user;

/// `/`.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    view! {
        <Title text=t_string!(i18n, common.dashboard.title).to_string() />
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let user = user.await;
                let name = user.as_ref().map(|u| u.full_name.clone()).unwrap_or_default();
                let roles = user.map(|u| u.roles).unwrap_or_default();
                view! {
                    <h1>{t!(i18n, common.dashboard.welcome)} ", " {name}</h1>
                    <p class="muted">{t!(i18n, common.dashboard.intro)}</p>
                    <section class="card">
                        <h2>{t!(i18n, common.dashboard.your_roles)}</h2>
                        <ul class="chips" data-testid="my-roles">
                            {roles
                                .into_iter()
                                .map(|role| view! { <li class="chip">{move || crate::admin::role_label(i18n.get_locale(), &role)}</li> })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
        </Suspense>
    }
}
