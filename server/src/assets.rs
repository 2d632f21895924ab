//! The site's static files (the WebAssembly and its script, the stylesheet, the vendored assets,
//! the icon) with how long browsers may keep them, and, for any other address no route takes,
//! the 404 page.
//!
//! The build names the script, the WebAssembly and the stylesheet after their content's hash
//! (cargo-leptos `hash-files`, which lists the names in a `hash.txt` beside the binary): those
//! never change and are kept for a year; everything else is revalidated on each use.
//!
//! The files are served by `ServeDir` alone, not by Leptos's file-and-error handler: that handler
//! ran the page context for every file in a reactive owner made from whichever owner the worker
//! thread had current, and when that was another request's render it took that render's response
//! headers for the file. The page went out without its content security policy (so the browser
//! refused its stylesheet) and its cookies went to whoever fetched a file at that moment
//! (`hardening::a_static_file_never_takes_the_headers_of_a_page_rendered_beside_it`).

use anyhow::{Context, bail};
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use leptos::config::LeptosOptions;
use std::convert::Infallible;
use std::path::PathBuf;
use tower_http::services::ServeDir;

use app::shell;
use app::state::AppState;

/// A service answering a request no route took: a file under the site root, or the app's 404
/// page (rendered with the same `context` as every page).
pub fn files_or_not_found(
    state: &AppState,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> Router {
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
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(keep_for))
}

/// Tells the browser how long it may keep a file it was given.
async fn keep_for(request: Request, next: Next) -> Response {
    let lifetime = cache_lifetime(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(lifetime));
    }
    response
}

/// A year, never revalidated, for a name carrying its content's hash (`fleetcore.<hash>.wasm`:
/// cargo-leptos writes 22 characters of URL-safe base64 of an MD5); otherwise revalidated on
/// every use (304 while the file is unchanged).
fn cache_lifetime(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.split('.');
    let hashed = matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(_), Some(hash), Some(_), None)
            if hash.len() == 22
                && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Where the build lists the hashed names: beside the running binary, where Leptos's
/// `HydrationScripts` and `HashedStylesheet` read it.
fn hash_file(options: &LeptosOptions) -> Option<PathBuf> {
    let beside = std::env::current_exe()
        .ok()?
        .parent()?
        .join(&*options.hash_file);
    beside.is_file().then_some(beside)
}

/// Makes the pages name the files the build wrote: hashed names when the build left a hash file
/// beside the binary, plain ones otherwise (a test binary, a build without `hash-files`).
pub fn use_built_names(options: &mut LeptosOptions) {
    options.hash_files = hash_file(options).is_some();
}

/// Refuses to serve pages whose script, WebAssembly or stylesheet is not in the site root: a
/// binary and a site from different builds would otherwise serve pages that never style or
/// hydrate.
pub fn check_site(options: &LeptosOptions) -> anyhow::Result<()> {
    let pkg = PathBuf::from(&*options.site_root).join(&*options.site_pkg_dir);
    let name = &*options.output_name;
    let files: Vec<String> = match hash_file(options) {
        Some(path) => {
            let listed = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let files: Vec<String> = listed
                .lines()
                .filter_map(|line| line.split_once(':'))
                .filter(|(ext, _)| matches!(ext.trim(), "js" | "wasm" | "css"))
                .map(|(ext, hash)| format!("{name}.{}.{}", hash.trim(), ext.trim()))
                .collect();
            if files.len() != 3 {
                bail!("{} does not list the js, wasm and css", path.display());
            }
            files
        }
        None => ["js", "wasm", "css"]
            .map(|ext| format!("{name}.{ext}"))
            .to_vec(),
    };
    for file in files {
        if !pkg.join(&file).is_file() {
            bail!(
                "{} has no {file}: the site and the binary come from different builds \
                 (LEPTOS_SITE_ROOT must be the site built with this binary)",
                pkg.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_without_the_pages_files_is_refused() {
        // A test binary has no hash file beside it: the plain names are expected.
        let root = std::env::temp_dir().join(format!("fleetcore-site-{}", std::process::id()));
        let pkg = root.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        let mut options = LeptosOptions::builder()
            .output_name("fleetcore")
            .site_root(root.to_string_lossy().as_ref())
            .site_pkg_dir("pkg")
            .build();
        use_built_names(&mut options);
        assert!(!options.hash_files);
        std::fs::write(pkg.join("fleetcore.js"), "").unwrap();
        std::fs::write(pkg.join("fleetcore.wasm"), "").unwrap();
        let refused = check_site(&options).unwrap_err().to_string();
        assert!(refused.contains("no fleetcore.css"), "{refused}");
        std::fs::write(pkg.join("fleetcore.css"), "").unwrap();
        check_site(&options).unwrap();
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn only_names_carrying_a_content_hash_are_kept_for_a_year() {
        let year = "public, max-age=31536000, immutable";
        assert_eq!(
            cache_lifetime("/pkg/fleetcore.Xk3_9-abcdEFGHijklmnop.wasm"),
            year
        );
        assert_eq!(cache_lifetime("/pkg/fleetcore.wasm"), "no-cache");
        assert_eq!(cache_lifetime("/favicon.svg"), "no-cache");
        assert_eq!(cache_lifetime("/vendor/chart.min.js"), "no-cache");
        // Not 22 characters, or not base64: an ordinary name with dots.
        assert_eq!(cache_lifetime("/pkg/fleetcore.short.css"), "no-cache");
        assert_eq!(
            cache_lifetime("/pkg/fleetcore.Xk3+9=abcdEFGHijklmnop.css"),
            "no-cache"
        );
    }
}
