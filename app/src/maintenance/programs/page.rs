//! `/maintenance/programs`: the programs, the form for a new one, and on each the form that
//! applies it to vehicles (department, brand, model, or plates), with what applying did.
//! Plain form posts without JavaScript, in-page once hydrated.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{ApplyProgramFn, CreateProgramFn, Program, ProgramForm as Typed, list_programs_fn};
use crate::auth::Permission;
use crate::error::AppError;
use crate::fleet::vehicles::{VehicleFacets, vehicle_facets_fn};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::maintenance::WorkKind;
use crate::maintenance::labels::kind_label;
use crate::ui::form::{
    FieldErrors, FormError, SelectField, TextField, use_disclosed_form, use_form_result,
    use_form_values, use_own_form_error,
};
use crate::ui::{format, toast_results, use_signed_in};

/// The page.
#[component]
pub fn ProgramsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateProgramFn>::new();
    let apply = ServerAction::<ApplyProgramFn>::new();
    toast_results(create);
    toast_results(apply);
    let signed_in = use_signed_in();
    let programs = Resource::new(
        move || (create.version().get(), apply.version().get()),
        |_| list_programs_fn(),
    );
    let facets = Resource::new(|| (), |_| vehicle_facets_fn());
    // A failed plain post of the program form keeps its values in the address; the apply form's
    // does not, which tells the two errors apart.
    let kept = use_form_values::<Typed>();
    let create_error = use_own_form_error(create, kept.is_some());
    let apply_error = use_own_form_error(apply, kept.is_none());
    view! {
        <Title text=t_string!(i18n, maintenance.programs.title).to_string() />
        <p><a href="/maintenance">"← " {t!(i18n, maintenance.title)}</a></p>
        <div class="page-header">
            <h1>{t!(i18n, maintenance.programs.title)}</h1>
        </div>
        <p class="muted">{t!(i18n, maintenance.programs.intro)}</p>
        <Suspense fallback=|| ()>
            {move || {
                let kept = kept.clone();
                Suspend::new(async move {
                    signed_in.can(Permission::MaintenanceWrite).await.then(|| view! { <NewProgram action=create error=create_error kept /> })
                })
            }}
        </Suspense>
        <AppliedReport apply error=apply_error />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let can_write = signed_in.can(Permission::MaintenanceWrite).await;
                let facets = facets.await.unwrap_or_default();
                match programs.await {
                    Ok(list) if list.is_empty() => view! {
                        <section class="card empty-state" data-testid="programs"><p>{t!(i18n, maintenance.programs.empty)}</p></section>
                    }
                    .into_any(),
                    Ok(list) => view! { <Programs list facets apply=can_write.then_some(apply) /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Every 10,000 km or 6 months".
fn interval_text(l: Locale, p: &Program) -> String {
    let km = p
        .interval_km
        .map(|km| format!("{} {}", format::number(l, km), td_string!(l, vehicles.km)));
    let months = p
        .interval_months
        .map(|m| format!("{m} {}", td_string!(l, maintenance.programs.months)));
    let parts: Vec<String> = km.into_iter().chain(months).collect();
    format!(
        "{} {}",
        td_string!(l, maintenance.programs.every),
        parts.join(&format!(" {} ", td_string!(l, maintenance.programs.or)))
    )
}

#[component]
fn Programs(
    list: Vec<Program>,
    facets: VehicleFacets,
    apply: Option<ServerAction<ApplyProgramFn>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let rows = list
            .iter()
            .map(|p| {
                let tasks = p.tasks.iter().map(|task| view! { <li>{task.clone()}</li> }).collect_view();
                view! {
                    <tr data-testid="program-row">
                        <td>
                            <strong data-testid="program-name">{p.name.clone()}</strong>
                            <ul class="tasks">{tasks}</ul>
                        </td>
                        <td>{kind_label(l, p.kind)}</td>
                        <td data-testid="program-interval">{interval_text(l, p)}</td>
                        <td class="nowrap">{format!("{} {} / {} {}", format::number(l, p.window_km), td_string!(l, vehicles.km), p.window_days, td_string!(l, maintenance.programs.days))}</td>
                        <td class="num" data-testid="program-vehicles">{format::number(l, p.vehicles)}</td>
                        <td class="num" data-testid="program-open">{format::number(l, p.open_orders)}</td>
                        <td>{apply.map(|action| view! { <ApplyForm id=p.id.to_string() facets=facets.clone() action /> })}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card table-wrap" data-testid="programs">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(l, maintenance.programs.name)}</th>
                            <th scope="col">{td_string!(l, maintenance.kind)}</th>
                            <th scope="col">{td_string!(l, maintenance.programs.interval)}</th>
                            <th scope="col">{td_string!(l, maintenance.programs.window)}</th>
                            <th scope="col" class="num">{td_string!(l, maintenance.programs.vehicles)}</th>
                            <th scope="col" class="num">{td_string!(l, maintenance.open_work)}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    }
}

/// Applying a program: the criteria, all optional (none: the whole fleet in service).
#[component]
fn ApplyForm(
    id: String,
    facets: VehicleFacets,
    action: ServerAction<ApplyProgramFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale();
    let options = |values: &[String]| {
        values
            .iter()
            .map(|v| view! { <option value=v.clone()>{v.clone()}</option> })
            .collect_view()
    };
    view! {
        <details class="menu apply">
            <summary class="button" data-testid="apply-open">{t!(i18n, maintenance.programs.apply)}</summary>
            <div class="menu-items">
                <ActionForm action attr:class="form" attr:data-testid="apply-form">
                    <input type="hidden" name="id" value=id />
                    <label class="field">
                        <span>{td_string!(l, maintenance.department)}</span>
                        <select name="form[department]" data-testid="apply-department">
                            <option value="">{t!(i18n, common.list.any)}</option>
                            {options(&facets.departments)}
                        </select>
                    </label>
                    <label class="field">
                        <span>{td_string!(l, vehicles.fields.brand)}</span>
                        <select name="form[brand]">
                            <option value="">{t!(i18n, common.list.any)}</option>
                            {options(&facets.brands)}
                        </select>
                    </label>
                    <label class="field">
                        <span>{td_string!(l, vehicles.fields.model)}</span>
                        <input type="text" name="form[model]" />
                    </label>
                    <label class="field">
                        <span>{td_string!(l, maintenance.programs.plates)}</span>
                        <textarea name="form[vehicles]" rows="2" data-testid="apply-plates"></textarea>
                        <small class="hint">{td_string!(l, maintenance.programs.plates_hint)}</small>
                    </label>
                    <button type="submit" class="button primary" data-testid="apply-submit">{t!(i18n, maintenance.programs.apply)}</button>
                </ActionForm>
            </div>
        </details>
    }
}

/// What the latest apply did, or why it was refused.
#[component]
fn AppliedReport(
    apply: ServerAction<ApplyProgramFn>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let report = use_form_result(apply);
    view! {
        <FormError error />
        <FieldErrors error field="vehicles" />
        {move || report.get().map(|applied| {
            let l = i18n.get_locale();
            view! {
                <p class="notice" role="status" data-testid="applied" data-planned=applied.planned>
                    {td_string!(l, maintenance.programs.applied_vehicles)} ": " {format::number(l, applied.vehicles)} " · "
                    {td_string!(l, maintenance.programs.applied_planned)} ": " {format::number(l, applied.planned)}
                </p>
            }
        })}
    }
}

/// The new program form, behind a button.
#[component]
fn NewProgram(
    action: ServerAction<CreateProgramFn>,
    error: Signal<Option<AppError>>,
    kept: Option<Typed>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kept = kept.unwrap_or_default();
    let (form_ref, open) = use_disclosed_form(action, error);
    let l = i18n.get_locale();
    let kinds = WorkKind::ALL
        .iter()
        .map(|k| (k.as_str(), kind_label(l, *k)))
        .collect::<Vec<_>>();
    let kind = if kept.kind.is_empty() {
        WorkKind::ScheduledService.as_str().to_owned()
    } else {
        kept.kind.clone()
    };
    view! {
        <details class="card plan" open=move || open.get() data-testid="new-program">
            <summary class="button primary" data-testid="new-program-open">{t!(i18n, maintenance.programs.new)}</summary>
            <ActionForm action node_ref=form_ref attr:class="form" attr:data-testid="program-form">
                <FormError error />
                <div class="form-grid">
                    <TextField label=td_string!(l, maintenance.programs.name) name="name" value=kept.name.clone() error required=true maxlength=200 />
                    <SelectField label=td_string!(l, maintenance.kind) name="kind" value=kind error required=true options=kinds />
                    <TextField label=td_string!(l, maintenance.programs.interval_km) name="interval_km" value=kept.interval_km.clone() error inputmode="numeric" />
                    <TextField label=td_string!(l, maintenance.programs.interval_months) name="interval_months" value=kept.interval_months.clone() error inputmode="numeric"
                        hint=Some(td_string!(l, maintenance.programs.interval_hint).to_owned()) />
                    <TextField label=td_string!(l, maintenance.programs.window_km) name="window_km" value=kept.window_km.clone() error inputmode="numeric" placeholder="500" />
                    <TextField label=td_string!(l, maintenance.programs.window_days) name="window_days" value=kept.window_days.clone() error inputmode="numeric" placeholder="14" />
                </div>
                <label class="field" data-field="tasks">
                    <span>{t!(i18n, maintenance.programs.tasks)}</span>
                    <textarea name="form[tasks]" rows="4">{kept.tasks.clone()}</textarea>
                    <small class="hint">{t!(i18n, maintenance.programs.tasks_hint)}</small>
                    <FieldErrors error field="tasks" />
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="save-program">{t!(i18n, common.save)}</button>
                </div>
            </ActionForm>
        </details>
    }
}
