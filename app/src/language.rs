//! Which of the six languages a code names, wherever a code comes from: the language cookie, a
//! profile, a tenant's default, `Accept-Language`, the operator's command line.
//!
//! Kazakh's ISO 639-1 code is `kk`, and that is what this build writes. Builds before it called
//! Kazakh `kz` (the product brief's spelling) and wrote that into cookies and profiles, so `kz`
//! is still read as Kazakh.

use std::str::FromStr;

use crate::i18n::Locale;

/// The locale a language code or tag names (`kk`, `kk-KZ`, `kz`, `ar_MA`, `FR`), if it is one
/// of ours.
pub fn locale_from_code(code: &str) -> Option<Locale> {
    let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let primary = if primary == "kz" { "kk" } else { &primary };
    Locale::from_str(primary).ok()
}

/// The code this build writes for a locale (`kk`, `ar`, …): the page's `lang` attribute, the
/// cookie, the profile.
pub fn code(locale: Locale) -> &'static str {
    leptos_i18n::Locale::as_str(locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_is_read_under_its_iso_code_and_its_old_name() {
        for kazakh in ["kk", "kk-KZ", "kz", "KZ", " kz "] {
            assert_eq!(locale_from_code(kazakh), Some(Locale::kk), "{kazakh}");
        }
        assert_eq!(code(Locale::kk), "kk");
    }

    #[test]
    fn tags_name_their_language_and_strangers_name_none() {
        assert_eq!(locale_from_code("ar-MA"), Some(Locale::ar));
        assert_eq!(locale_from_code("fr_FR"), Some(Locale::fr));
        assert_eq!(locale_from_code("en"), Some(Locale::en));
        for stranger in ["", "de", "kaz", "zz-KZ", "*"] {
            assert_eq!(locale_from_code(stranger), None, "{stranger}");
        }
    }
}
