//! `/admin/roles`: the default roles (read-only) and custom roles built by ticking permissions.
//! Works with JavaScript off; deleting asks for a ticked confirmation box either way.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{CreateRoleFn, DeleteRoleFn, RoleRow, UpdateRoleFn, list_roles_fn};
use crate::admin::{permission_label, role_label};
use crate::auth::Permission;
use crate::i18n::{t, t_string, use_i18n};
use crate::once::FormKeyField;
use crate::ui::form::{FieldErrors, FormError, use_form_error};
use crate::ui::{Can, toast_results, use_current_user};

/// The roles page.
#[component]
pub fn RolesPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateRoleFn>::new();
    let update = ServerAction::<UpdateRoleFn>::new();
    let delete = ServerAction::<DeleteRoleFn>::new();
    let roles = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                delete.version().get(),
            )
        },
        |_| list_roles_fn(),
    );
    toast_results(update);
    toast_results(delete);
    view! {
        <Title text=t_string!(i18n, admin.roles_page.title).to_string() />
        <h1>{t!(i18n, admin.roles_page.title)}</h1>
        <Can permission=Permission::RoleWrite>
            <CreateRoleCard create />
        </Can>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || {
                let me = use_current_user();
                Suspend::new(async move {
                    let can_write = me.await.is_some_and(|u| u.can(Permission::RoleWrite));
                    match roles.await {
                        Ok(roles) => view! { <RoleList roles can_write update delete /> }.into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn CreateRoleCard(create: ServerAction<CreateRoleFn>) -> impl IntoView {
    let i18n = use_i18n();
    let error = use_form_error(create);
    view! {
        <section class="card">
            <h2>{t!(i18n, admin.roles_page.create_title)}</h2>
            <FormError error />
            <ActionForm action=create attr:class="form" attr:data-testid="create-role-form">
                <FormKeyField action=create />
                <label class="field">
                    <span>{t!(i18n, admin.roles_page.name)}</span>
                    <input type="text" name="name" required maxlength="60" />
                    <FieldErrors error field="name" />
                </label>
                <PermissionCheckboxes granted=Vec::new() />
                <button type="submit" class="button primary">{t!(i18n, admin.roles_page.create)}</button>
            </ActionForm>
        </section>
    }
}

/// One checkbox per permission, named `permissions[]` so the form posts a list.
#[component]
fn PermissionCheckboxes(granted: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="field permission-grid">
            <legend>{t!(i18n, admin.roles_page.permissions)}</legend>
            {Permission::ALL
                .into_iter()
                .map(|p| {
                    let checked = granted.iter().any(|g| g == p.as_str());
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" name="permissions[]" value=p.as_str() checked=checked />
                            <span>{move || permission_label(i18n.get_locale(), p)}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

#[component]
fn RoleList(
    roles: Vec<RoleRow>,
    can_write: bool,
    update: ServerAction<UpdateRoleFn>,
    delete: ServerAction<DeleteRoleFn>,
) -> impl IntoView {
    view! {
        <div class="role-list" data-testid="roles">
            {roles
                .into_iter()
                .map(|role| view! { <RoleCard role can_write update delete /> })
                .collect_view()}
        </div>
    }
}

#[component]
fn RoleCard(
    role: RoleRow,
    can_write: bool,
    update: ServerAction<UpdateRoleFn>,
    delete: ServerAction<DeleteRoleFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = role.key.clone();
    let granted: Vec<Permission> = Permission::ALL
        .into_iter()
        .filter(|p| role.grants(*p))
        .collect();
    let editable = can_write && !role.is_builtin;
    view! {
        <section class="card role-card" data-role=role.key.clone()>
            <header class="role-header">
                <h2>{move || role_label(i18n.get_locale(), &key)}</h2>
                <span class="chip">
                    {move || if role.is_builtin { t_string!(i18n, admin.roles_page.builtin) } else { t_string!(i18n, admin.roles_page.custom) }}
                </span>
                <span class="muted">{t!(i18n, admin.roles_page.user_count)} ": " {role.user_count}</span>
            </header>
            <ul class="chips">
                {granted
                    .into_iter()
                    .map(|p| view! { <li class="chip">{move || permission_label(i18n.get_locale(), p)}</li> })
                    .collect_view()}
            </ul>
            {editable.then(|| view! { <RoleEditor role=role.clone() update delete /> })}
        </section>
    }
}

#[component]
fn RoleEditor(
    role: RoleRow,
    update: ServerAction<UpdateRoleFn>,
    delete: ServerAction<DeleteRoleFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = role.id.to_string();
    let delete_id = id.clone();
    view! {
        <details class="role-editor">
            <summary class="button">{t!(i18n, admin.roles_page.edit)}</summary>
            <ActionForm action=update attr:class="form">
                <input type="hidden" name="id" value=id />
                <label class="field">
                    <span>{t!(i18n, admin.roles_page.name)}</span>
                    <input type="text" name="name" required maxlength="60" value=role.key.clone() />
                </label>
                <PermissionCheckboxes granted=role.permissions.clone() />
                <button type="submit" class="button primary">{t!(i18n, common.save)}</button>
            </ActionForm>
            <ActionForm action=delete attr:class="form danger-zone">
                <input type="hidden" name="id" value=delete_id />
                <label class="checkbox">
                    <input type="checkbox" name="confirm" required />
                    <span>{t!(i18n, admin.roles_page.confirm_delete)}</span>
                </label>
                <button type="submit" class="button danger">{t!(i18n, admin.roles_page.delete)}</button>
            </ActionForm>
        </details>
    }
}
