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
use crate::once::FormKeyField;
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

/// "Every 10,000 km or 6 months", the noun agreeing with its number in each language.
fn interval_text(l: Locale, p: &Program) -> String {
    let number = |n: i64| format::number(l, n);
    match (p.interval_km, p.interval_months) {
        (Some(km), Some(count)) => {
            let (km, months) = (number(km), number(count.into()));
            td_string!(
                l,
                maintenance.programs.every_km_or_months,
                count,
                km,
                months
            )
            .to_string()
        }
        (Some(count), None) => {
            td_string!(l, maintenance.programs.every_km, count, km = number(count)).to_string()
        }
        (None, Some(count)) => {
            let months = number(count.into());
            td_string!(l, maintenance.programs.every_months, count, months).to_string()
        }
        // A program always has one or the other (`Program::validate`).
        (None, None) => String::new(),
    }
}

/// "500 km / 14 days": how early a program's work is due soon.
fn window_text(l: Locale, p: &Program) -> String {
    let (km, days) = (
        format::number(l, p.window_km),
        format::number(l, p.window_days.into()),
    );
    td_string!(
        l,
        maintenance.programs.window_text,
        count = p.window_days,
        km,
        days
    )
    .to_string()
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
                        <td class="nowrap">{window_text(l, p)}</td>
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
                <FormKeyField action=action />
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

#[cfg(test)]
mod tests {
    use super::*;

    fn program(
        interval_km: Option<i64>,
        interval_months: Option<i32>,
        window_days: i32,
    ) -> Program {
        Program {
            id: uuid::Uuid::nil(),
            name: "Oil".into(),
            kind: WorkKind::ScheduledService,
            interval_km,
            interval_months,
            window_km: 500,
            window_days,
            tasks: Vec::new(),
            vehicles: 0,
            open_orders: 0,
            created_at: chrono::Utc::now(),
        }
    }

    /// The noun agrees with its number the way each language wants: Russian's one, few and
    /// many; Arabic's one, two, few and many; no agreement in Kazakh.
    #[test]
    fn intervals_are_whole_sentences_in_each_languages_plural_forms() {
        let both = |months| program(Some(15_000), Some(months), 14);
        let ru = |months| interval_text(Locale::ru, &both(months));
        assert_eq!(ru(1), "Каждые 15\u{202f}000 км или 1 месяц");
        assert_eq!(ru(3), "Каждые 15\u{202f}000 км или 3 месяца");
        assert_eq!(ru(6), "Каждые 15\u{202f}000 км или 6 месяцев");
        assert_eq!(ru(21), "Каждые 15\u{202f}000 км или 21 месяц");
        assert_eq!(
            interval_text(Locale::en, &both(1)),
            "Every 15,000 km or 1 month"
        );
        assert_eq!(
            interval_text(Locale::en, &both(6)),
            "Every 15,000 km or 6 months"
        );
        assert_eq!(
            interval_text(Locale::kk, &both(6)),
            "Әр 15\u{202f}000 км немесе 6 ай сайын"
        );
        let ar = |months| interval_text(Locale::ar, &program(None, Some(months), 14));
        assert_eq!(ar(1), "كل شهر");
        assert_eq!(ar(2), "كل شهرين");
        assert_eq!(ar(6), "كل 6 أشهر");
        assert_eq!(ar(12), "كل 12 شهرًا");
        assert_eq!(
            interval_text(Locale::ru, &program(Some(21), None, 14)),
            "Каждый 21 км"
        );
        assert_eq!(
            interval_text(Locale::fr, &program(Some(10_000), None, 14)),
            "Tous les 10\u{202f}000 km"
        );
    }

    #[test]
    fn the_due_soon_window_counts_its_days() {
        let window = |l, days| window_text(l, &program(Some(10_000), None, days));
        assert_eq!(window(Locale::en, 1), "500 km / 1 day");
        assert_eq!(window(Locale::en, 14), "500 km / 14 days");
        assert_eq!(window(Locale::ru, 2), "500 км / 2 дня");
        assert_eq!(window(Locale::ru, 14), "500 км / 14 дней");
        assert_eq!(window(Locale::ar, 7), "500 كم / 7 أيام");
        assert_eq!(window(Locale::ar, 2), "500 كم / يومان");
    }
}
