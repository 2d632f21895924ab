//! `/admin/settings`: the fleet rules form.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{FleetRules, UpdateFleetRulesFn, fleet_rules_fn};
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::form::{FieldErrors, FormError, TextField, use_form_error};
use crate::ui::toast_results;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<UpdateFleetRulesFn>::new();
    toast_results(save);
    let rules = Resource::new(move || save.version().get(), |_| fleet_rules_fn());
    view! {
        <Title text=move || td_string!(i18n.get_locale(), admin.settings.title).to_owned() />
        <h1>{t!(i18n, admin.settings.title)}</h1>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match rules.await {
                    Ok(rules) => view! { <RulesForm rules action=save /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RulesForm(rules: FleetRules, action: ServerAction<UpdateFleetRulesFn>) -> impl IntoView {
    let i18n = use_i18n();
    let error = use_form_error(action);
    move || {
        let l = i18n.get_locale();
        view! {
            <section class="card">
                <h2>{td_string!(l, admin.settings.fleet_rules)}</h2>
                <ActionForm action attr:class="form" attr:data-testid="fleet-rules-form">
                    <FormError error />
                    <label class="checkbox">
                        <input type="checkbox" name="form[drivers_share_vehicles]" value="true" checked=rules.drivers_share_vehicles />
                        <span>{td_string!(l, admin.settings.drivers_share_vehicles)}</span>
                    </label>
                    <p class="hint">{td_string!(l, admin.settings.drivers_share_vehicles_hint)}</p>
                    <FieldErrors error field="drivers_share_vehicles" />
                    <div class="form-grid">
                        <TextField label=td_string!(l, admin.settings.mileage_daily_limit_km) name="mileage_daily_limit_km"
                            value=rules.mileage_daily_limit_km.to_string() error required=true inputmode="numeric"
                            hint=Some(td_string!(l, admin.settings.mileage_daily_limit_hint).to_owned()) />
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button primary" data-testid="save-settings">{t!(i18n, common.save)}</button>
                    </div>
                </ActionForm>
            </section>
        }
    }
}
