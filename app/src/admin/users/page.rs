//! `/admin/users`: the tenant's users, creating one, deactivating, assigning roles and
//! resetting a password (a one-time password, shown once either way). Works with JavaScript off.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    CreateUserFn, OneTimePassword, ResetUserPasswordFn, SetUserActiveFn, SetUserRolesFn, UserRow,
    list_users_fn, take_one_time_password_fn,
};
use crate::admin::role_label;
use crate::admin::roles::{RoleRow, list_roles_fn};
use crate::auth::Permission;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::ui::form::{FieldErrors, FormError, SubmitButton, use_form_error};
use crate::ui::{Can, toast_results, use_current_user};

/// The users page.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateUserFn>::new();
    let set_active = ServerAction::<SetUserActiveFn>::new();
    let set_roles = ServerAction::<SetUserRolesFn>::new();
    let reset = ServerAction::<ResetUserPasswordFn>::new();
    let actions = UserActions {
        set_active,
        set_roles,
        reset,
    };
    let users = Resource::new(
        move || {
            (
                create.version().get(),
                set_active.version().get(),
                set_roles.version().get(),
            )
        },
        |_| list_users_fn(),
    );
    let roles = Resource::new(|| (), |_| list_roles_fn());
    toast_results(set_active);
    toast_results(set_roles);
    view! {
        <Title text=t_string!(i18n, admin.users.title).to_string() />
        <h1>{t!(i18n, admin.users.title)}</h1>
        <OneTimePasswordShown create reset />
        <Can permission=Permission::UserWrite>
            <CreateUserCard create roles />
        </Can>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || {
                let me = use_current_user();
                Suspend::new(async move {
                let users = users.await;
                let roles = roles.await.unwrap_or_default();
                let me = me.await;
                match users {
                    Ok(users) => view! { <UserTable users roles me actions /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })
            }}
        </Suspense>
    }
}

/// What a user's row can do.
#[derive(Clone, Copy)]
struct UserActions {
    set_active: ServerAction<SetUserActiveFn>,
    set_roles: ServerAction<SetUserRolesFn>,
    reset: ServerAction<ResetUserPasswordFn>,
}

/// The one-time password the last creation or reset gave: hydrated, the latest action's answer;
/// with JavaScript off, what the plain form post left behind.
#[component]
fn OneTimePasswordShown(
    create: ServerAction<CreateUserFn>,
    reset: ServerAction<ResetUserPasswordFn>,
) -> impl IntoView {
    let latest = RwSignal::new(None::<OneTimePassword>);
    Effect::new(move |_| {
        if let Some(Ok(user)) = create.value().get() {
            latest.set(Some(OneTimePassword::Created(user)));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(user)) = reset.value().get() {
            latest.set(Some(OneTimePassword::Reset(user)));
        }
    });
    let flashed = Resource::new_blocking(|| (), |_| take_one_time_password_fn());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let flashed = flashed.await.ok().flatten();
                view! {
                    {move || latest.get().or_else(|| flashed.clone()).map(|notice| view! { <OneTimePasswordNotice notice /> })}
                }
            })}
        </Suspense>
    }
}

#[component]
fn CreateUserCard(
    create: ServerAction<CreateUserFn>,
    roles: Resource<Result<Vec<RoleRow>, crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = use_form_error(create);
    view! {
        <section class="card">
            <h2>{t!(i18n, admin.users.create_title)}</h2>
            <FormError error />
            <ActionForm action=create attr:class="form form-inline" attr:data-testid="create-user-form">
                <label class="field">
                    <span>{t!(i18n, admin.users.email)}</span>
                    <input type="email" name="email" required />
                    <FieldErrors error field="email" />
                </label>
                <label class="field">
                    <span>{t!(i18n, admin.users.full_name)}</span>
                    <input type="text" name="full_name" required />
                    <FieldErrors error field="full_name" />
                </label>
                <fieldset class="field">
                    <legend>{t!(i18n, admin.users.roles)}</legend>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let roles = roles.await.unwrap_or_default();
                            view! { <RoleCheckboxes roles checked=Vec::new() /> }
                        })}
                    </Suspense>
                    <FieldErrors error field="roles" />
                </fieldset>
                // No form key (the kept answer would hold the initial password in clear): a
                // second sending is refused as a taken email.
                <SubmitButton action=create>{t!(i18n, admin.users.create)}</SubmitButton>
            </ActionForm>
        </section>
    }
}

/// A new user's initial password, or the one-time password of a reset.
#[component]
fn OneTimePasswordNotice(notice: OneTimePassword) -> impl IntoView {
    let i18n = use_i18n();
    let (reset, user) = match notice {
        OneTimePassword::Created(user) => (false, user),
        OneTimePassword::Reset(user) => (true, user),
    };
    let email = user.email.clone();
    let said = move || {
        let (l, email) = (i18n.get_locale(), email.clone());
        if reset {
            td_string!(l, admin.users.password_was_reset, email).to_string()
        } else {
            td_string!(l, admin.users.created, email).to_string()
        }
    };
    view! {
        <div class="alert alert-success" role="status" data-testid=if reset { "password-reset" } else { "created-user" }>
            <p>{said}</p>
            <p>
                {move || if reset { t_string!(i18n, admin.users.one_time_password) } else { t_string!(i18n, admin.users.initial_password) }} ": "
                <code data-testid="initial-password">{user.initial_password}</code>
            </p>
        </div>
    }
}

/// One checkbox per role, named `roles[]` so the form posts a list.
#[component]
fn RoleCheckboxes(roles: Vec<RoleRow>, checked: Vec<uuid::Uuid>) -> impl IntoView {
    let i18n = use_i18n();
    roles
        .into_iter()
        .map(|role| {
            let is_checked = checked.contains(&role.id);
            let key = role.key.clone();
            view! {
                <label class="checkbox">
                    <input type="checkbox" name="roles[]" value=role.id.to_string() checked=is_checked data-role=role.key.clone() />
                    <span>{move || role_label(i18n.get_locale(), &key)}</span>
                </label>
            }
        })
        .collect_view()
}

#[component]
fn UserTable(
    users: Vec<UserRow>,
    roles: Vec<RoleRow>,
    me: Option<crate::auth::CurrentUser>,
    actions: UserActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let can_write = me.as_ref().is_some_and(|u| u.can(Permission::UserWrite));
    let me = me.map(|u| u.user_id);
    if users.is_empty() {
        return view! { <p class="empty">{t!(i18n, admin.users.empty)}</p> }.into_any();
    }
    view! {
        <table class="table" data-testid="users-table">
            <thead>
                <tr>
                    <th>{t!(i18n, admin.users.full_name)}</th>
                    <th>{t!(i18n, admin.users.email)}</th>
                    <th>{t!(i18n, admin.users.roles)}</th>
                    <th>{t!(i18n, admin.users.status)}</th>
                    <th>{t!(i18n, admin.users.last_login)}</th>
                    {can_write.then(|| view! { <th></th> })}
                </tr>
            </thead>
            <tbody>
                {users
                    .into_iter()
                    .map(|user| {
                        let own = Some(user.id) == me;
                        view! { <UserRowView user roles=roles.clone() own can_write actions /> }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn UserRowView(
    user: UserRow,
    roles: Vec<RoleRow>,
    own: bool,
    can_write: bool,
    actions: UserActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let UserActions {
        set_active,
        set_roles,
        reset,
    } = actions;
    let role_keys = user.role_keys.clone();
    let active = user.is_active;
    let last_login = user
        .last_login_at
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string());
    view! {
        <tr data-email=user.email.clone() class:inactive=!active>
            <td>{user.full_name.clone()}</td>
            <td>{user.email.clone()}</td>
            <td>
                <ul class="chips">
                    {role_keys
                        .into_iter()
                        .map(|k| view! { <li class="chip">{move || role_label(i18n.get_locale(), &k)}</li> })
                        .collect_view()}
                </ul>
            </td>
            <td data-testid="status">
                {move || if active { t_string!(i18n, admin.users.active) } else { t_string!(i18n, admin.users.inactive) }}
            </td>
            <td>{last_login.unwrap_or_else(|| "—".into())}</td>
            {(can_write && own).then(|| view! { <td></td> })}
            {(can_write && !own)
                .then(|| {
                    view! {
                        <td>
                            <div class="row-actions">
                            <ActionForm action=set_active>
                                <input type="hidden" name="id" value=user.id.0.to_string() />
                                <input type="hidden" name="active" value=(!active).to_string() />
                                <button type="submit" class="button" data-testid="toggle-active">
                                    {move || if active { t_string!(i18n, admin.users.deactivate) } else { t_string!(i18n, admin.users.activate) }}
                                </button>
                            </ActionForm>
                            <details class="menu">
                                <summary class="button">{t!(i18n, admin.users.edit_roles)}</summary>
                                <ActionForm action=set_roles attr:class="menu-items form">
                                    <input type="hidden" name="id" value=user.id.0.to_string() />
                                    <RoleCheckboxes roles checked=user.role_ids.clone() />
                                    <button type="submit" class="button primary">{t!(i18n, common.save)}</button>
                                </ActionForm>
                            </details>
                            <ResetPassword action=reset id=user.id.0 name=user.full_name.clone() />
                            </div>
                        </td>
                    }
                })}
        </tr>
    }
}

/// Behind a first click, since it signs the user out everywhere; says so.
#[component]
fn ResetPassword(
    action: ServerAction<ResetUserPasswordFn>,
    id: uuid::Uuid,
    name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="row-confirm" data-testid="reset-password">
            <summary class="button">{t!(i18n, admin.users.reset_password)}</summary>
            <ActionForm action attr:class="form-inline">
                <input type="hidden" name="id" value=id.to_string() />
                <span class="muted">{move || td_string!(i18n.get_locale(), admin.users.reset_confirm, name = name.clone()).to_string()}</span>
                // No form key here: the kept answer would hold the password in clear. A second
                // click cannot happen while the first runs, and one after it is a new reset.
                <SubmitButton action attr:data-testid="confirm-reset-password">{t!(i18n, admin.users.reset)}</SubmitButton>
            </ActionForm>
        </details>
    }
}
