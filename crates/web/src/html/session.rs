//! Signing in and out.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use foorumi_store::accounts::{self, LoginError, SESSION_HOURS};
use serde::Deserialize;

use super::{Chrome, FormData, PageError, PageResult, render};
use crate::AppState;
use crate::auth::{CSRF_COOKIE, SESSION_COOKIE, Viewer, random_token, set_cookie};
use crate::i18n::t;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    csrf: String,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only paths on this site are followed after signing in.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') { next.to_owned() } else { "/".to_owned() }
}

fn login_page(state: &AppState, viewer: &Viewer, status: StatusCode, next: &str, email: &str, error: Option<String>) -> Response {
    let csrf = viewer.anonymous_csrf.clone().unwrap_or_else(random_token);
    let mut c = Chrome::new(viewer, t(viewer.lang, "sign-in"));
    c.noindex = true;
    let page = LoginPage { c, csrf: csrf.clone(), next: safe_next(next), email: email.to_owned(), error };
    let mut response = (status, render(&page)).into_response();
    // Always (re)set the cookie: the page carries this visitor's own token, and a response
    // that sets a cookie is never kept in the page cache for the next visitor.
    response.headers_mut().append(header::SET_COOKIE, set_cookie(CSRF_COOKIE, &csrf, 2 * 3600, state.config.secure_cookies));
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response
}

pub async fn login_form(State(state): State<AppState>, viewer: Viewer, Query(query): Query<NextQuery>) -> Response {
    if viewer.signed_in() {
        return Redirect::to(&safe_next(query.next.as_deref().unwrap_or("/"))).into_response();
    }
    login_page(&state, &viewer, StatusCode::OK, query.next.as_deref().unwrap_or("/"), "", None)
}

pub async fn login(State(state): State<AppState>, viewer: Viewer, body: Bytes) -> PageResult {
    let form = FormData::parse(&body);
    // The login form is the one form an anonymous visitor posts: its token is the
    // double-submit cookie's.
    let anonymous = Viewer { session: None, ..viewer.clone() };
    if !anonymous.csrf_ok(form.opt_text("csrf").as_deref()) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-csrf"));
    }
    let next = form.text("next");
    let email = form.text("email");
    match accounts::login(&state.store, &email, form.get("password"), &viewer.client).await {
        Ok(Ok(session)) => {
            let mut response = Redirect::to(&safe_next(&next)).into_response();
            let cookie = set_cookie(SESSION_COOKIE, &session.token, SESSION_HOURS * 3600, state.config.secure_cookies);
            response.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(response)
        }
        Ok(Err(LoginError::BadCredentials)) => {
            Ok(login_page(&state, &viewer, StatusCode::UNAUTHORIZED, &next, &email, Some(t(viewer.lang, "error-login"))))
        }
        Ok(Err(LoginError::Throttled)) => {
            Ok(login_page(&state, &viewer, StatusCode::TOO_MANY_REQUESTS, &next, &email, Some(t(viewer.lang, "error-login-throttled"))))
        }
        Err(err) => Err(PageError::from_store(&viewer, err)),
    }
}

pub async fn logout(State(state): State<AppState>, viewer: Viewer, body: Bytes) -> PageResult {
    let form = FormData::parse(&body);
    if !viewer.csrf_ok(form.opt_text("csrf").as_deref()) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-csrf"));
    }
    if let Some(token) = &viewer.session_token {
        accounts::logout(&state.store, token).await.map_err(|e| PageError::from_store(&viewer, e))?;
    }
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies));
    Ok(response)
}
