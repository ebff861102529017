//! Who is asking, and whether a form really came from our page.
//!
//! A middleware resolves the `Viewer` once per request: the session behind the session
//! cookie (with its roles for today) and the language. Forms carry a CSRF token: the
//! session's own token when signed in, otherwise a random token in a cookie of its own
//! (double submit), which only the login form needs.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use foorumi_core::Lang;
use foorumi_core::permissions::Actor;
use foorumi_store::accounts::{self, Session};
use foorumi_store::audit::Author;
use rand::RngCore;

use crate::AppState;

pub const SESSION_COOKIE: &str = "foorumi_session";
pub const CSRF_COOKIE: &str = "foorumi_csrf";

/// The value of cookie `name`, if the request has it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

/// A `Set-Cookie` value with the flags every Foorumi cookie has.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite=Lax{secure}"))
        .expect("cookie values are hex or language codes")
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Compares tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The person (or nobody) behind a request, and their language.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub session: Option<Session>,
    pub session_token: Option<String>,
    pub lang: Lang,
    /// The anonymous CSRF cookie's value, when the browser sent one.
    pub anonymous_csrf: Option<String>,
    /// Path and query of the request, for language links and redirects after login.
    pub path: String,
    /// The client's address, for login throttling.
    pub client: String,
}

impl Viewer {
    pub fn actor(&self) -> Actor {
        self.session.as_ref().map(|s| s.actor.clone()).unwrap_or_default()
    }
    pub fn author(&self) -> Author {
        match &self.session {
            Some(s) => Author { user_id: Some(s.user.id), label: s.user.email.clone() },
            None => Author::system("anonymous"),
        }
    }
    pub fn signed_in(&self) -> bool {
        self.session.is_some()
    }
    /// The token a form rendered for this viewer must carry.
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.session {
            Some(s) => Some(&s.csrf_token),
            None => self.anonymous_csrf.as_deref(),
        }
    }
    /// Whether a submitted token is the one this viewer's forms carry.
    pub fn csrf_ok(&self, submitted: Option<&str>) -> bool {
        match (self.csrf_token(), submitted) {
            (Some(expected), Some(submitted)) => same_token(expected, submitted),
            _ => false,
        }
    }
}

/// Resolves the viewer of every request.
pub async fn resolve_viewer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let session_token = cookie(headers, SESSION_COOKIE).filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()));
    let session = match &session_token {
        Some(token) => accounts::session(&state.store, token).await.unwrap_or_else(|err| {
            tracing::error!(%err, "session lookup failed");
            None
        }),
        None => None,
    };
    let lang = crate::i18n::negotiate(request.uri().query(), headers);
    let viewer = Viewer {
        session_token: session.as_ref().and(session_token),
        session,
        lang,
        anonymous_csrf: cookie(headers, CSRF_COOKIE).filter(|t| t.len() == 64),
        path: request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into()),
        client: request
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
            .unwrap_or_default(),
    };
    let chose_language = request.uri().query().is_some_and(|q| q.split('&').any(|p| p.starts_with("lang=")));
    request.extensions_mut().insert(viewer);
    let mut response = next.run(request).await;
    if chose_language {
        let value = set_cookie("lang", lang.as_str(), 365 * 24 * 3600, state.config.secure_cookies);
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Viewer>().cloned().unwrap_or(Viewer {
            session: None,
            session_token: None,
            lang: Lang::Fi,
            anonymous_csrf: None,
            path: parts.uri.path().to_owned(),
            client: String::new(),
        }))
    }
}
