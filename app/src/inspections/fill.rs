//! `/inspections/new`: filling a checklist. First the vehicle (its plate, or its id from a
//! link) and one of the checklists for its body type, a plain GET form; then the checklist
//! itself: the odometer, every item pass / fail / not applicable with a note, and notes on the
//! whole. Saving opens a defect for each failed item and goes on to the inspection.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;

use super::labels::result_label;
use super::model::item_field;
use super::{InspectionForm, ItemResult, PerformInspectionFn, Template, list_templates_fn};
use crate::error::AppError;
use crate::fleet::mileage::ConfirmAbnormal;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::ui::form::{FieldErrors, FormError, TextField, use_form_error, use_form_values};
use crate::ui::{toast_results, use_address_params};

const PATH: &str = "/inspections/new";

/// The page.
#[component]
pub fn NewInspectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let perform = ServerAction::<PerformInspectionFn>::new();
    toast_results(perform);
    let error = use_form_error(perform);
    let vehicle = Memo::new(move |_| {
        params
            .with(|p| p.get("vehicle").map(str::to_owned))
            .filter(|v| !v.trim().is_empty())
    });
    let chosen = Memo::new(move |_| params.with(|p| p.get("template").map(str::to_owned)));
    let templates = Resource::new(move || vehicle.get(), list_templates_fn);
    view! {
        <Title text=t_string!(i18n, inspections.new).to_string() />
        <p><a href="/inspections">"← " {t!(i18n, inspections.title)}</a></p>
        <h1>{t!(i18n, inspections.new)}</h1>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let (vehicle, chosen) = (vehicle.get().unwrap_or_default(), chosen.get());
                let (templates, lookup_error) = match templates.await {
                    Ok(list) => (list, None),
                    Err(e) => (Vec::new(), Some(e)),
                };
                let template = chosen.and_then(|id| templates.iter().find(|t| t.id.to_string() == id).cloned());
                let checklist = template.filter(|_| !vehicle.is_empty()).map(|template| {
                    view! { <Checklist action=perform error vehicle=vehicle.clone() template /> }
                });
                view! {
                    <Choose vehicle=vehicle.clone() templates lookup_error />
                    {checklist}
                }
            })}
        </Suspense>
    }
}

/// Choosing the vehicle and the checklist: a GET form, so the choice is in the address.
#[component]
fn Choose(
    vehicle: String,
    templates: Vec<Template>,
    lookup_error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_address_params();
    let chosen = params
        .with_untracked(|p| p.get("template").map(str::to_owned))
        .unwrap_or_default();
    let error = Signal::stored(lookup_error);
    view! {
        <Form method="GET" action=PATH attr:class="card form" attr:data-testid="choose-checklist">
            <div class="form-grid">
                <label class="field" data-field="vehicle">
                    <span>{t!(i18n, inspections.vehicle)} " *"</span>
                    <input type="text" name="vehicle" value=vehicle required data-testid="choose-vehicle" />
                    <FieldErrors error field="vehicle" />
                </label>
                <label class="field">
                    <span>{t!(i18n, inspections.checklist)} " *"</span>
                    <select name="template" required data-testid="choose-template">
                        <option value="">"—"</option>
                        {templates.into_iter().map(|t| {
                            let id = t.id.to_string();
                            view! { <option value=id.clone() selected=id == chosen>{t.name}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="form-actions">
                <button type="submit" class="button" data-testid="choose-submit">{t!(i18n, inspections.choose)}</button>
            </div>
        </Form>
    }
}

/// The checklist: the odometer, an answer per item, notes.
#[component]
fn Checklist(
    action: ServerAction<PerformInspectionFn>,
    error: Signal<Option<AppError>>,
    vehicle: String,
    template: Template,
) -> impl IntoView {
    let i18n = use_i18n();
    let kept = use_form_values::<InspectionForm>().unwrap_or_default();
    let l = i18n.get_locale();
    let items = template.items.iter().enumerate().map(|(position, label)| {
        let typed = kept.items.get(position).cloned().unwrap_or_default();
        let name = |part: &str| format!("form[items][{position}][{part}]");
        let choices = ItemResult::ALL.iter().map(|r| view! {
            <label class="choice" data-result=r.as_str()>
                <input type="radio" name=name("result") value=r.as_str() required checked=typed.result == r.as_str() data-testid=format!("answer-{}", r.as_str()) />
                <span>{result_label(l, *r)}</span>
            </label>
        }).collect_view();
        view! {
            <fieldset class="check-item" data-testid="check-item" data-position=position>
                <legend>{label.clone()}</legend>
                <div class="choices" role="radiogroup">{choices}</div>
                <input type="text" name=name("note") value=typed.note.clone() maxlength="1000" placeholder=td_string!(l, inspections.note) aria-label=td_string!(l, inspections.note) data-testid="item-note" />
                <FieldErrors error field=item_field(position) />
            </fieldset>
        }
    }).collect_view();
    view! {
        <ActionForm action attr:class="card form checklist" attr:data-testid="inspection-form">
            <h2>{template.name.clone()}</h2>
            <FormError error />
            <input type="hidden" name="form[vehicle]" value=vehicle />
            <input type="hidden" name="form[template]" value=template.id.to_string() />
            <FieldErrors error field="vehicle" />
            <FieldErrors error field="template" />
            <div class="form-grid">
                <TextField label=td_string!(l, inspections.mileage) name="mileage" value=kept.mileage.clone() error required=true inputmode="numeric" />
            </div>
            <ConfirmAbnormal error field="mileage" />
            {items}
            <label class="field" data-field="notes">
                <span>{t!(i18n, inspections.notes)}</span>
                <textarea name="form[notes]" rows="3">{kept.notes.clone()}</textarea>
                <FieldErrors error field="notes" />
            </label>
            <div class="form-actions">
                <button type="submit" class="button primary" data-testid="save-inspection">{t!(i18n, inspections.save)}</button>
            </div>
        </ActionForm>
    }
}
