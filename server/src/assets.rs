//! The site's static files (the WebAssembly and its script, the stylesheet, the vendored assets,
//! the icon) and, for any other address no route takes, the 404 page.
//!
//! The files are served by `ServeDir` alone, not by Leptos's file-and-error handler: that handler
//! ran the page context for every file in a reactive owner made from whichever owner the worker
//! thread had current, and when that was another request's render it took that render's response
//! headers for the file. The page went out without its content security policy (so the browser
//! refused its stylesheet) and its cookies went to whoever fetched a file at that moment
//! (`hardening::a_static_file_never_takes_the_headers_of_a_page_rendered_beside_it`).

use axum::body::Body;
use axum::http::{HeaderValue, Request, header};
use std::convert::Infallible;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

use app::shell;
use app::state::AppState;

/// A service answering a request no route took: a file under the site root, or the app's 404
/// page (rendered with the same `context` as every page).
pub fn files_or_not_found(
    state: &AppState,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> BoxCloneSyncService<Request<Body>, axum::response::Response, Infallible> {
    let options = state.leptos_options.clone();
    // The router inside the shell answers an unknown address with the 404 page.
    let render =
        leptos_axum::render_app_async_with_context(context, move || shell(options.clone()));
    let not_found = tower::service_fn(move |req: Request<Body>| {
        let page = render(req);
        async move { Ok::<_, Infallible>(page.await) }
    });
    let files = ServeDir::new(&*state.leptos_options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .not_found_service(not_found);
    // File names do not change with their content yet: the browser asks again each time and
    // gets 304 Not Modified while the file is the same.
    let files = SetResponseHeader::if_not_present(
        files,
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    BoxCloneSyncService::new(files.map_response(|res| res.map(Body::new)))
}
