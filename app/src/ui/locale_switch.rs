//! The language switcher: a form of six buttons, so it works without JavaScript; once
//! hydrated the page switches language in place.

use leptos::prelude::*;

use crate::i18n::{Locale, t_string, use_i18n};
use leptos_i18n::Locale as _;

/// The switcher in the top bar (and on the sign-in page).
#[component]
pub fn LocaleSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<crate::profile::SetLocaleFn>::new();
    Effect::new(move |_| {
        if let Some(Ok(chosen)) = action.value().get()
            && let Some(locale) = crate::language::locale_from_code(&chosen)
        {
            i18n.set_locale(locale);
        }
    });
    let current = move || language_name(i18n.get_locale());
    view! {
        <details class="menu locale-switch" data-testid="locale-switch">
            <summary aria-label=move || t_string!(i18n, common.topbar.language)>
                <crate::ui::Icon name=crate::ui::IconName::Globe />
                {current}
            </summary>
            <ActionForm action attr:class="menu-items">
                {Locale::get_all()
                    .iter()
                    .map(|&locale| {
                        let code = crate::language::code(locale);
                        view! {
                            <button
                                type="submit"
                                name="locale"
                                value=code
                                lang=code
                                data-locale=code
                                aria-current=move || (i18n.get_locale() == locale).then_some("true")
                            >
                                {language_name(locale)}
                            </button>
                        }
                    })
                    .collect_view()}
            </ActionForm>
        </details>
    }
}

/// Each language's name in itself.
pub fn language_name(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "English",
        Locale::ru => "Русский",
        Locale::kk => "Қазақша",
        Locale::tr => "Türkçe",
        Locale::fr => "Français",
        Locale::ar => "العربية",
    }
}
