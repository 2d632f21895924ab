//! Identity on the request: the middleware that resolves it once, the `Ctx` extractor every
//! operation starts from, and the browser's session cookies.

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE, USER_AGENT};
use axum::http::{HeaderMap, HeaderValue, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use super::api::{self, SignedIn};
use super::{CurrentUser, Permission};
use crate::audit::RequestMeta;
use crate::error::AppError;
use crate::once::{self, FormKey};
use crate::state::{AppState, AuthConfig};
use crate::tenant::TenantTx;

/// The browser's access token (a JWT, 15 minutes).
pub const ACCESS_COOKIE: &str = "fc_access";
/// The browser's refresh token (opaque; 30 days with "remember me", else the browser session).
pub const REFRESH_COOKIE: &str = "fc_refresh";

/// The session cookies' names. Served over https they are `__Host-` prefixed: the browser then
/// takes them only from this very host, over https, for the whole site, so neither a sibling
/// subdomain nor a plain-http page can plant or overwrite them.
#[derive(Debug, Clone, Copy)]
pub struct CookieNames {
    pub access: &'static str,
    pub refresh: &'static str,
}

impl CookieNames {
    /// The names for a site served as `config` says.
    pub fn for_config(config: &AuthConfig) -> Self {
        if config.secure_cookies {
            Self {
                access: "__Host-fc_access",
                refresh: "__Host-fc_refresh",
            }
        } else {
            Self {
                access: ACCESS_COOKIE,
                refresh: REFRESH_COOKIE,
            }
        }
    }
}

/// How far a cookie travels with requests other sites start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SameSite {
    /// Also on top-level links from elsewhere (an emailed link opens signed in).
    Lax,
    /// Never from elsewhere: the refresh token, which only our own pages need.
    Strict,
}
/// The language cookie leptos_i18n reads on the server and writes in the browser.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// What the identity middleware leaves on every request: the user, if any.
#[derive(Debug, Clone)]
pub struct Identity(pub Option<CurrentUser>);

/// A request from someone who may not be signed in: public operations (sign-in, refresh).
#[derive(Clone)]
pub struct RequestCtx {
    pub state: AppState,
    pub meta: RequestMeta,
}

/// A request from a signed-in user: the start of every protected operation.
#[derive(Clone)]
pub struct Ctx {
    pub state: AppState,
    pub meta: RequestMeta,
    pub user: CurrentUser,
    /// The key of the form that sent this command, until the command's transaction claims it
    /// (see [`crate::once`]).
    form_key: Arc<Mutex<Option<FormKey>>>,
}

impl Ctx {
    /// Refuses unless the user holds `permission` (and has replaced a one-time password); then
    /// opens the user's tenant transaction.
    pub async fn authorize(&self, permission: Permission) -> Result<TenantTx, AppError> {
        if self.user.must_change_password {
            return Err(AppError::PasswordChangeRequired);
        }
        if !self.user.can(permission) {
            return Err(AppError::Forbidden { permission });
        }
        let mut tx = TenantTx::begin(&self.state.db, self.user.tenant_id).await?;
        if let Some(key) = self.take_form_key() {
            once::db::claim(&mut tx, key, self.user.user_id).await?;
        }
        Ok(tx)
    }

    /// This context for a command sent by the form rendered with `key`: the first transaction
    /// the command opens claims the key, so another sending of the form does not run it again.
    /// Used by [`once::run`].
    pub(crate) fn sent_once(self, key: Option<FormKey>) -> Self {
        *self.form_key.lock().unwrap_or_else(PoisonError::into_inner) = key;
        self
    }

    fn take_form_key(&self) -> Option<FormKey> {
        self.form_key
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// A transaction for the user's own records (profile, password), which need no permission.
    pub async fn own_records(&self) -> Result<TenantTx, AppError> {
        TenantTx::begin(&self.state.db, self.user.tenant_id).await
    }

    /// The context of the server function being run.
    pub fn from_context() -> Result<Self, AppError> {
        let request = RequestCtx::from_context()?;
        let parts = leptos::prelude::use_context::<Parts>().ok_or(AppError::Internal)?;
        Self::from_parts(request, &parts)
    }

    fn from_parts(request: RequestCtx, parts: &Parts) -> Result<Self, AppError> {
        match parts.extensions.get::<Identity>() {
            Some(Identity(Some(user))) => Ok(Self {
                state: request.state,
                meta: request.meta,
                user: user.clone(),
                form_key: Arc::default(),
            }),
            _ => Err(AppError::Unauthenticated),
        }
    }
}

impl RequestCtx {
    /// The context of the server function being run.
    pub fn from_context() -> Result<Self, AppError> {
        let state = leptos::prelude::use_context::<AppState>().ok_or(AppError::Internal)?;
        let parts = leptos::prelude::use_context::<Parts>().ok_or(AppError::Internal)?;
        Ok(Self {
            meta: request_meta(&state.auth, &parts.headers, &parts.extensions),
            state,
        })
    }
}

impl FromRequestParts<AppState> for RequestCtx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(Self {
            state: state.clone(),
            meta: request_meta(&state.auth, &parts.headers, &parts.extensions),
        })
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let request = RequestCtx::from_request_parts(parts, state).await?;
        Self::from_parts(request, parts)
    }
}

fn request_meta(
    config: &AuthConfig,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
) -> RequestMeta {
    RequestMeta {
        ip: extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| {
                config
                    .trusted_proxies
                    .client_ip(peer.ip(), headers)
                    .to_string()
            }),
        user_agent: headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(400).collect()),
    }
}

/// Middleware: resolves the caller once per request (bearer token, else the access cookie,
/// else a silent refresh with the refresh cookie) and leaves an [`Identity`] for extractors.
/// Server functions are denied by default: an anonymous call to one not listed in
/// [`PUBLIC_SERVER_FNS`](super::PUBLIC_SERVER_FNS) is refused before its arguments are read.
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !from_our_pages(&state, &req) {
        return axum::response::IntoResponse::into_response(AppError::CrossSite);
    }
    let meta = request_meta(&state.auth, req.headers(), req.extensions());
    let (user, mut cookies) = resolve(&state, req.headers(), &meta).await;
    let path = req.uri().path();
    let mut res = if user.is_none()
        && path.starts_with("/fn/")
        && !super::PUBLIC_SERVER_FNS.contains(&path)
    {
        axum::response::IntoResponse::into_response(AppError::Unauthenticated)
    } else {
        if let Some(locale) = page_locale(user.as_ref(), req.headers())
            && prefer_locale(req.headers_mut(), locale)
        {
            cookies.extend(locale_cookie(locale));
        }
        req.extensions_mut().insert(Identity(user));
        next.run(req).await
    };
    for cookie in cookies {
        res.headers_mut().append(SET_COOKIE, cookie);
    }
    res
}

/// Whether an unsafe request that our cookies could authenticate comes from our own pages
/// (see [`origin`](super::origin)); checked before a refresh cookie is even used.
fn from_our_pages(state: &AppState, req: &Request) -> bool {
    let headers = req.headers();
    let names = CookieNames::for_config(&state.auth);
    let has_cookie =
        cookie(headers, names.access).is_some() || cookie(headers, names.refresh).is_some();
    super::origin::allows(
        req.method(),
        headers,
        bearer_token(headers).is_some(),
        has_cookie,
        &state.public_url,
    )
}

/// The language the request's pages must be in when the cookie alone would not say it: a
/// signed-in user's profile language, whatever the browser's cookie says (a new browser,
/// another device); else Kazakh for a cookie still holding its old name `kz`, which the
/// translations no longer know.
fn page_locale(user: Option<&CurrentUser>, headers: &HeaderMap) -> Option<&'static str> {
    let code = match user {
        Some(u) => u.locale.as_str(),
        None => cookie(headers, LOCALE_COOKIE)?,
    };
    crate::language::locale_from_code(code).map(crate::language::code)
}

/// Renders the request as if the language cookie held `locale`. Returns whether the request
/// had to be changed (and so the browser's cookie needs it too).
fn prefer_locale(headers: &mut HeaderMap, locale: &str) -> bool {
    if cookie(headers, LOCALE_COOKIE) == Some(locale) {
        return false;
    }
    let others: Vec<String> = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|pair| !pair.is_empty() && !pair.starts_with(&format!("{LOCALE_COOKIE}=")))
        .map(str::to_owned)
        .collect();
    let joined = others
        .into_iter()
        .chain([format!("{LOCALE_COOKIE}={locale}")])
        .collect::<Vec<_>>()
        .join("; ");
    match HeaderValue::from_str(&joined) {
        Ok(value) => {
            headers.insert(COOKIE, value);
            true
        }
        Err(_) => false,
    }
}

async fn resolve(
    state: &AppState,
    headers: &HeaderMap,
    meta: &RequestMeta,
) -> (Option<CurrentUser>, Vec<HeaderValue>) {
    if let Some(bearer) = bearer_token(headers) {
        return (api::identify(state, bearer).await.ok(), Vec::new());
    }
    let names = CookieNames::for_config(&state.auth);
    if let Some(access) = cookie(headers, names.access)
        && let Ok(user) = api::identify(state, access).await
    {
        return (Some(user), Vec::new());
    }
    match cookie(headers, names.refresh) {
        Some(refresh) => match api::refresh(state, meta, refresh).await {
            Ok(signed_in) => {
                let cookies = session_cookies(&state.auth, &signed_in);
                (Some(signed_in.user), cookies)
            }
            Err(_) => (None, expired_session_cookies(&state.auth)),
        },
        None => (None, Vec::new()),
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The value of cookie `name` on the request.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn cookie_header(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    http_only: bool,
    secure: bool,
    same_site: SameSite,
) -> Option<HeaderValue> {
    let same_site = match same_site {
        SameSite::Lax => "Lax",
        SameSite::Strict => "Strict",
    };
    let mut c = format!("{name}={value}; Path=/; SameSite={same_site}");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).ok()
}

fn session_cookies(config: &AuthConfig, s: &SignedIn) -> Vec<HeaderValue> {
    let names = CookieNames::for_config(config);
    let refresh_age = s.remember.then_some(30 * 24 * 3600);
    let secure = config.secure_cookies;
    [
        cookie_header(
            names.access,
            &s.tokens.access_token,
            Some(config.access_ttl_secs),
            true,
            secure,
            SameSite::Lax,
        ),
        cookie_header(
            names.refresh,
            &s.tokens.refresh_token,
            refresh_age,
            true,
            secure,
            SameSite::Strict,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn expired_session_cookies(config: &AuthConfig) -> Vec<HeaderValue> {
    let names = CookieNames::for_config(config);
    [
        (names.access, SameSite::Lax),
        (names.refresh, SameSite::Strict),
    ]
    .into_iter()
    .filter_map(|(name, same_site)| {
        cookie_header(name, "", Some(0), true, config.secure_cookies, same_site)
    })
    .collect()
}

fn append_to_response(cookies: Vec<HeaderValue>) {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        for c in cookies {
            res.append_header(SET_COOKIE, c);
        }
    }
}

/// Sets the session cookies on the server function's response.
pub fn set_session_cookies(config: &AuthConfig, signed_in: &SignedIn) {
    append_to_response(session_cookies(config, signed_in));
}

/// Clears the session cookies on the server function's response.
pub fn clear_session_cookies(config: &AuthConfig) {
    append_to_response(expired_session_cookies(config));
}

fn locale_cookie(locale: &str) -> Option<HeaderValue> {
    cookie_header(
        LOCALE_COOKIE,
        locale,
        Some(365 * 24 * 3600),
        false,
        false,
        SameSite::Lax,
    )
}

/// Sets the language cookie (readable by the browser, which leptos_i18n also writes it from).
pub fn set_locale_cookie(locale: &str) {
    append_to_response(locale_cookie(locale).into_iter().collect());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_and_bearer_tokens() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; fc_access=tok.en; b=2"),
        );
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer xyz"));
        assert_eq!(cookie(&h, ACCESS_COOKIE), Some("tok.en"));
        assert_eq!(cookie(&h, REFRESH_COOKIE), None);
        assert_eq!(bearer_token(&h), Some("xyz"));
    }

    #[test]
    fn the_profile_language_wins_over_the_cookie() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("fc_access=x; i18n_pref_locale=en"),
        );
        assert!(prefer_locale(&mut h, "ar"));
        assert!(!prefer_locale(&mut h, "ar"));
        assert_eq!(cookie(&h, LOCALE_COOKIE), Some("ar"));
        assert_eq!(cookie(&h, ACCESS_COOKIE), Some("x"));
        let mut h = HeaderMap::new();
        assert!(prefer_locale(&mut h, "kk"));
        assert_eq!(cookie(&h, LOCALE_COOKIE), Some("kk"));
    }

    #[test]
    fn kazakh_under_its_old_name_is_read_as_kk() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("i18n_pref_locale=kz"));
        assert_eq!(page_locale(None, &h), Some("kk"));
        h.insert(COOKIE, HeaderValue::from_static("i18n_pref_locale=fr"));
        assert_eq!(page_locale(None, &h), Some("fr"));
        h.insert(COOKIE, HeaderValue::from_static("i18n_pref_locale=de"));
        assert_eq!(page_locale(None, &h), None);
        assert_eq!(page_locale(None, &HeaderMap::new()), None);
    }

    #[test]
    fn secure_sites_use_host_prefixed_cookies_and_a_strict_refresh_cookie() {
        let mut config = AuthConfig::for_tests();
        assert_eq!(CookieNames::for_config(&config).access, "fc_access");
        config.secure_cookies = true;
        let names = CookieNames::for_config(&config);
        assert_eq!(
            (names.access, names.refresh),
            ("__Host-fc_access", "__Host-fc_refresh")
        );
        let cleared: Vec<String> = expired_session_cookies(&config)
            .iter()
            .map(|c| c.to_str().unwrap().to_owned())
            .collect();
        assert!(
            cleared[0].starts_with("__Host-fc_access=; Path=/; SameSite=Lax"),
            "{cleared:?}"
        );
        assert!(
            cleared[1].starts_with("__Host-fc_refresh=; Path=/; SameSite=Strict"),
            "{cleared:?}"
        );
        assert!(
            cleared
                .iter()
                .all(|c| c.contains("Secure") && !c.contains("Domain"))
        );
    }

    #[test]
    fn session_cookies_are_http_only_and_lax() {
        let c = cookie_header(ACCESS_COOKIE, "v", Some(900), true, true, SameSite::Lax).unwrap();
        let c = c.to_str().unwrap();
        assert!(
            c.contains("HttpOnly")
                && c.contains("SameSite=Lax")
                && c.contains("Secure")
                && c.contains("Max-Age=900")
        );
    }
}
