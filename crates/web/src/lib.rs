//! The web face of Foorumi: server-rendered pages (`html`) and the JSON API (`api`) over
//! the same store functions, with sign-in, CSRF protection, languages and a page cache.

pub mod api;
pub mod auth;
mod cache;
pub mod html;
pub mod i18n;
mod live;
pub mod mail;
mod uploads;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use foorumi_store::Store;

/// 20 MiB: a long report as PDF fits, a video does not.
pub const DEFAULT_ATTACHMENT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The largest attachment body the API reads; the configured limit is checked after.
pub const API_UPLOAD_LIMIT: usize = 256 * 1024 * 1024;

/// Settings of the web server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark cookies `Secure`: set when Foorumi is served over TLS (directly or behind a
    /// terminating proxy).
    pub secure_cookies: bool,
    /// Cache anonymous pages in memory until the register changes.
    pub page_cache: bool,
    /// Whether an SMTP server is configured: without one, messages wait in the outbox and
    /// the delivery status says so.
    pub mail_enabled: bool,
    /// The sender of Foorumi's e-mail, and the organizer of its calendar invitations.
    pub mail_from: String,
    /// Where people reach this Foorumi (no trailing slash): links in e-mail start with it.
    pub public_url: String,
    /// Days before a meeting its reminder goes out; 0 sends none.
    pub reminder_days: u32,
    /// Where attachments are kept; without a store, uploads and downloads are refused.
    pub attachments: Option<foorumi_files::BlobStore>,
    /// The largest attachment accepted.
    pub attachment_max_bytes: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            page_cache: true,
            mail_enabled: false,
            mail_from: "foorumi@localhost".into(),
            public_url: "http://127.0.0.1:8080".into(),
            reminder_days: 2,
            attachments: None,
            attachment_max_bytes: DEFAULT_ATTACHMENT_MAX_BYTES,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    cache: Arc<cache::PageCache>,
    registers: Arc<cache::RegisterCache>,
    live: Arc<live::LiveMinutes>,
}

/// The words of the agenda item that follows up a forum's open actions. Agendas are
/// written in Finnish, the region's working language (domain section 4).
pub fn follow_up_text() -> foorumi_store::agendas::FollowUpText {
    let lang = foorumi_core::Lang::Fi;
    foorumi_store::agendas::FollowUpText {
        title: i18n::t(lang, "agenda-follow-up-title"),
        proposal: i18n::t(lang, "agenda-follow-up-proposal"),
        none_open: i18n::t(lang, "agenda-follow-up-none"),
    }
}

/// The whole application as one router, ready for `serve`.
pub fn router(store: Store, config: Config) -> Router {
    let state = AppState { store, config: Arc::new(config), cache: Arc::default(), registers: Arc::default(), live: Arc::default() };
    Router::new()
        .merge(html::routes())
        .nest("/api/v1", api::routes())
        .route("/static/style.css", get(stylesheet))
        .route("/static/live.js", get(live_script))
        .route("/health", get(|| async { "ok" }))
        .layer(middleware::from_fn_with_state(state.clone(), cache::serve_cached))
        .layer(middleware::from_fn_with_state(state.clone(), auth::resolve_viewer))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

async fn live_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/live.js"),
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/style.css"),
    )
        .into_response()
}

/// The same security headers on every response, pages and API alike.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    response
}

/// Serves `router` on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let ctrl_c = tokio::signal::ctrl_c();
            let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("signal handler");
            tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
        })
        .await
}
