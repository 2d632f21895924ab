//! The signed-in layout: a collapsible sidebar whose items follow the user's permissions, and a
//! top bar with the language switcher, the theme toggle and the user menu.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

use super::{Icon, IconName, LocaleSwitch, ThemeToggle};
use crate::auth::{CurrentUser, LogoutFn, Permission, current_user_fn};
use crate::i18n::{t, t_string, use_i18n};

/// The signed-in user, loaded once by [`AppLayout`] for the chrome and every page below it.
#[derive(Clone, Copy)]
struct SignedIn(Resource<Result<CurrentUser, crate::error::AppError>>);

/// The signed-in user of the page being shown, once the layout has loaded it. Take the future
/// in the component's body and await it inside a `Suspense`, so the server renders the same
/// thing the browser hydrates.
pub fn use_current_user() -> impl std::future::Future<Output = Option<CurrentUser>> + Send + 'static
{
    let signed_in = use_signed_in();
    async move { signed_in.user().await }
}

/// A handle on the signed-in user that can be awaited any number of times: for a `Suspend`
/// that decides what to show by the user's permissions in the same pass as its data (a
/// [`Can`] nested inside a `Suspend` builds its children anew on every walk of the outer
/// `Suspense`, and resources made there do not hydrate).
#[derive(Clone, Copy)]
pub struct SignedInUser(Option<SignedIn>);

impl SignedInUser {
    /// The user, or `None` outside the signed-in layout or when the sign-in failed.
    pub async fn user(self) -> Option<CurrentUser> {
        match self.0 {
            Some(SignedIn(user)) => user.await.ok(),
            None => None,
        }
    }

    /// Whether the user holds `permission`.
    pub async fn can(self, permission: Permission) -> bool {
        self.user().await.is_some_and(|u| u.can(permission))
    }
}

/// The signed-in user of the page being shown (see [`SignedInUser`]).
pub fn use_signed_in() -> SignedInUser {
    SignedInUser(use_context::<SignedIn>())
}

/// Shows its children only to users holding `permission`. The server decides regardless.
///
/// Not inside a `Suspend`: its own `Suspense` nested there makes the page fail to hydrate (the
/// server walks the outer `Suspense` again and builds it anew). There, await
/// [`use_signed_in`]`().can(permission)` together with the page's data instead.
#[component]
pub fn Can(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let user = use_current_user();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move { user.await.is_some_and(|u| u.can(permission)).then(|| children()) })}
        </Suspense>
    }
}

/// Where a user replaces a one-time password.
const PROFILE: &str = "/profile";

/// Wraps every page that needs a signed-in user; anonymous visitors go to `/login`, users
/// holding a one-time password to `/profile`.
///
/// The page (`<Outlet/>`) sits outside the `Suspense` that waits for the user: a `Suspense` walks
/// its children again until no resource is pending, and a page inside it would be built anew —
/// its resources and queries started again — on every walk (three times per request).
#[component]
pub fn AppLayout() -> impl IntoView {
    let user = Resource::new_blocking(|| (), |_| current_user_fn());
    provide_context(SignedIn(user));
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <div class="layout">
            // A checkbox keeps the sidebar collapsible with JavaScript off.
            <input type="checkbox" id="sidebar-toggle" class="sidebar-toggle" />
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    match user.await {
                        // A one-time password opens nothing but the profile, to replace it.
                        Ok(user) if user.must_change_password && path != PROFILE => {
                            view! { <Redirect path=PROFILE /> }.into_any()
                        }
                        Ok(user) => view! { <Chrome user /> }.into_any(),
                        Err(_) => view! { <Redirect path="/login" /> }.into_any(),
                    }
                })}
            </Suspense>
            <main class="content">
                <Outlet />
            </main>
        </div>
    }
}

/// One sidebar entry: where it goes, its label, and who sees it.
struct NavItem {
    href: &'static str,
    /// Shown to users holding any of these (everyone when empty).
    permissions: &'static [Permission],
    label: fn(crate::i18n::Locale) -> &'static str,
    icon: IconName,
}

fn nav_items() -> [NavItem; 13] {
    use crate::i18n::td_string;
    [
        NavItem {
            href: "/",
            permissions: &[Permission::DashboardView],
            label: |l| td_string!(l, common.nav.dashboard),
            icon: IconName::Dashboard,
        },
        NavItem {
            href: "/vehicles",
            permissions: &[Permission::VehicleRead],
            label: |l| td_string!(l, common.nav.vehicles),
            icon: IconName::Truck,
        },
        NavItem {
            href: "/drivers",
            permissions: &[Permission::DriverRead],
            label: |l| td_string!(l, common.nav.drivers),
            icon: IconName::SteeringWheel,
        },
        NavItem {
            href: "/mileage",
            permissions: &[Permission::MileageRecord, Permission::MileageRecordOwn],
            label: |l| td_string!(l, common.nav.mileage),
            icon: IconName::Gauge,
        },
        NavItem {
            href: "/maintenance",
            permissions: &[Permission::MaintenanceRead],
            label: |l| td_string!(l, common.nav.maintenance),
            icon: IconName::Wrench,
        },
        NavItem {
            href: "/inspections",
            permissions: &[
                Permission::InspectionRead,
                Permission::InspectionPerform,
                Permission::InspectionPerformOwn,
            ],
            label: |l| td_string!(l, common.nav.inspections),
            icon: IconName::Clipboard,
        },
        NavItem {
            href: "/expenses",
            permissions: &[Permission::ExpenseRead],
            label: |l| td_string!(l, common.nav.expenses),
            icon: IconName::Wallet,
        },
        NavItem {
            href: "/contracts",
            permissions: &[Permission::ContractRead],
            label: |l| td_string!(l, common.nav.contracts),
            icon: IconName::FileText,
        },
        NavItem {
            href: "/admin/users",
            permissions: &[Permission::UserRead],
            label: |l| td_string!(l, common.nav.users),
            icon: IconName::Users,
        },
        NavItem {
            href: "/admin/roles",
            permissions: &[Permission::RoleRead],
            label: |l| td_string!(l, common.nav.roles),
            icon: IconName::Key,
        },
        NavItem {
            href: "/admin/settings",
            permissions: &[Permission::SettingsWrite],
            label: |l| td_string!(l, common.nav.settings),
            icon: IconName::Sliders,
        },
        NavItem {
            href: "/admin/audit",
            permissions: &[Permission::AuditRead],
            label: |l| td_string!(l, common.nav.audit),
            icon: IconName::History,
        },
        NavItem {
            href: "/profile",
            permissions: &[],
            label: |l| td_string!(l, common.nav.profile),
            icon: IconName::Settings,
        },
    ]
}

/// The sidebar and the top bar, which follow the user's permissions.
#[component]
fn Chrome(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let items: Vec<NavItem> = nav_items()
        .into_iter()
        .filter(|i| i.permissions.is_empty() || i.permissions.iter().any(|p| user.can(*p)))
        .collect();
    view! {
        <aside class="sidebar">
            <a class="brand" href="/">
                <img class="brand-mark" src="/favicon.svg" alt="" width="24" height="24" />
                <span class="brand-name">{t!(i18n, common.app_name)}</span>
            </a>
            <nav aria-label=move || t_string!(i18n, common.nav.label) data-testid="sidebar">
                <ul>
                    {items
                        .into_iter()
                        .map(|item| {
                            view! {
                                <li>
                                    <A href=item.href attr:data-nav=item.href>
                                        <span class="nav-icon"><Icon name=item.icon /></span>
                                        <span class="nav-label">{move || (item.label)(i18n.get_locale())}</span>
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </aside>
        <header class="topbar">
            <label
                for="sidebar-toggle"
                class="icon-button"
                title=move || t_string!(i18n, common.topbar.toggle_sidebar)
                aria-label=move || t_string!(i18n, common.topbar.toggle_sidebar)
            >
                <Icon name=IconName::Menu />
            </label>
            <span class="tenant-name">{user.tenant_name.clone()}</span>
            <div class="topbar-actions">
                <LocaleSwitch />
                <ThemeToggle />
                <UserMenu user=user.clone() />
            </div>
        </header>
    }
}

#[component]
fn UserMenu(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<LogoutFn>::new();
    view! {
        <details class="menu user-menu" data-testid="user-menu">
            <summary aria-label=move || t_string!(i18n, common.topbar.user_menu)>
                <span class="avatar" aria-hidden="true">{initials(&user.full_name)}</span>
                <span class="user-name">{user.full_name.clone()}</span>
            </summary>
            <div class="menu-items">
                <p class="menu-caption">{user.email.clone()}</p>
                <a href="/profile">{t!(i18n, common.nav.profile)}</a>
                <ActionForm action=logout>
                    <button type="submit" data-testid="sign-out">{t!(i18n, common.topbar.sign_out)}</button>
                </ActionForm>
            </div>
        </details>
    }
}

/// Up to two initials for the avatar.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials_take_two_words() {
        assert_eq!(super::initials("Aigerim Nurlanovna Sadykova"), "AN");
        assert_eq!(super::initials("admin"), "A");
        assert_eq!(super::initials(""), "");
    }
}
