//! The web face of Foorumi: server-rendered pages (`html`) and the JSON API (`api`) over
//! the same store functions, with sign-in, CSRF protection, languages and a page cache.

use std::sync::Arc;

use axum::Router;
use foorumi_store::Store;

/// Settings of the web server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark cookies `Secure`: set when Foorumi is served over TLS (directly or behind a
    /// terminating proxy).
    pub secure_cookies: bool,
    /// Cache anonymous pages in memory until the register changes.
    pub page_cache: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config { secure_cookies: false, page_cache: true }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
}

/// The whole application as one router, ready for `serve`.
pub fn router(store: Store, config: Config) -> Router {
    let state = AppState { store, config: Arc::new(config) };
    Router::new().route("/health", axum::routing::get(|| async { "ok" })).with_state(state)
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
