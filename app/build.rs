//! Generates the `i18n` module from `../locales` (leptos_i18n 0.6 is configured here, not by a macro).
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// The six languages by ISO 639-1 code, English first because it is the fallback.
const LOCALES: [&str; 6] = ["en", "ru", "kk", "tr", "fr", "ar"];
const NAMESPACES: [&str; 14] = [
    "common",
    "auth",
    "errors",
    "admin",
    "profile",
    "vehicles",
    "audit",
    "drivers",
    "assignments",
    "mileage",
    "maintenance",
    "inspections",
    "expenses",
    "contracts",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    let mut cfg = Config::new(LOCALES[0])?.locales_path("../locales");
    for locale in &LOCALES[1..] {
        cfg = cfg.add_locale(locale)?;
    }
    // Interpolations render to plain strings too (`td_string!`): titles, options and
    // attributes are text, not views.
    let options = ParseOptions::default().interpolate_display(true);
    let cfg = cfg.add_namespaces(NAMESPACES)?.parse_options(options);
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
