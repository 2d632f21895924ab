//! The WebAssembly entry point. Everything the browser runs lives in `app`; this crate only
//! starts hydration of the page the server rendered.
// Release builds (without `erase_components`) type the whole view tree; the mileage tab's is
// deeper than the default limit allows (debug builds never show it).
#![recursion_limit = "512"]

/// Called by the generated JavaScript once the `.wasm` has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
