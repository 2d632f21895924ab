//! `/inspections/templates`: the checklists, and the form for a new one (a name, the body type
//! it is for or every vehicle, one item per line).

use leptos::prelude::*;
use leptos_meta::Title;

use super::{CreateTemplateFn, Template, TemplateForm as Typed, list_templates_fn};
use crate::auth::Permission;
use crate::error::AppError;
use crate::fleet::vehicles::{BodyType, body_label};
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::once::FormKeyField;
use crate::ui::form::{
    FieldErrors, FormError, SelectField, TextField, use_disclosed_form, use_form_error,
    use_form_values,
};
use crate::ui::{format, toast_results, use_signed_in};

/// The page.
#[component]
pub fn TemplatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateTemplateFn>::new();
    toast_results(create);
    let error = use_form_error(create);
    let signed_in = use_signed_in();
    let templates = Resource::new(move || create.version().get(), |_| list_templates_fn(None));
    view! {
        <Title text=t_string!(i18n, inspections.templates.title).to_string() />
        <p><a href="/inspections">"← " {t!(i18n, inspections.title)}</a></p>
        <div class="page-header">
            <h1>{t!(i18n, inspections.templates.title)}</h1>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                signed_in.can(Permission::MaintenanceWrite).await.then(|| view! { <NewTemplate action=create error /> })
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match templates.await {
                    Ok(list) if list.is_empty() => view! {
                        <section class="card empty-state" data-testid="templates"><p>{t!(i18n, inspections.templates.empty)}</p></section>
                    }
                    .into_any(),
                    Ok(list) => view! { <Templates list /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Templates(list: Vec<Template>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let rows = list
            .iter()
            .map(|t| {
                let items = t
                    .items
                    .iter()
                    .map(|item| view! { <li>{item.clone()}</li> })
                    .collect_view();
                let body = t.body_type.map_or_else(
                    || td_string!(l, inspections.templates.every_vehicle),
                    |b| body_label(l, b),
                );
                view! {
                    <tr data-testid="template-row">
                        <td><strong data-testid="template-name">{t.name.clone()}</strong></td>
                        <td>{body}</td>
                        <td><ol class="tasks">{items}</ol></td>
                        <td class="num">{format::number(l, t.inspections)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card table-wrap" data-testid="templates">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(l, inspections.templates.name)}</th>
                            <th scope="col">{td_string!(l, vehicles.fields.body_type)}</th>
                            <th scope="col">{td_string!(l, inspections.templates.items)}</th>
                            <th scope="col" class="num">{td_string!(l, inspections.templates.used)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    }
}

/// The new checklist form, behind a button.
#[component]
fn NewTemplate(
    action: ServerAction<CreateTemplateFn>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kept = use_form_values::<Typed>().unwrap_or_default();
    let (form_ref, open) = use_disclosed_form(action, error);
    let l = i18n.get_locale();
    let bodies = BodyType::ALL
        .iter()
        .map(|b| (b.as_str(), body_label(l, *b)))
        .collect::<Vec<_>>();
    view! {
        <details class="card plan" open=move || open.get() data-testid="new-template">
            <summary class="button primary" data-testid="new-template-open">{t!(i18n, inspections.templates.new)}</summary>
            <ActionForm action node_ref=form_ref attr:class="form" attr:data-testid="template-form">
                <FormKeyField action=action />
                <FormError error />
                <div class="form-grid">
                    <TextField label=td_string!(l, inspections.templates.name) name="name" value=kept.name.clone() error required=true maxlength=200 />
                    <SelectField label=td_string!(l, vehicles.fields.body_type) name="body_type" value=kept.body_type.clone() error required=false options=bodies />
                </div>
                <label class="field" data-field="items">
                    <span>{t!(i18n, inspections.templates.items)} " *"</span>
                    <textarea name="form[items]" rows="6" required>{kept.items.clone()}</textarea>
                    <small class="hint">{t!(i18n, inspections.templates.items_hint)}</small>
                    <FieldErrors error field="items" />
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="save-template">{t!(i18n, common.save)}</button>
                </div>
            </ActionForm>
        </details>
    }
}
