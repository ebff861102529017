//! Who is calling the API. Programs send HTTP Basic credentials (e-mail and password of a
//! Foorumi account); a browser page may use its session cookie instead, but then every
//! write must also carry the session's CSRF token in `X-CSRF-Token`, since a cookie is
//! sent by the browser whatever page asks.

use axum::http::{HeaderMap, StatusCode, header};
use foorumi_core::permissions::Actor;
use foorumi_store::accounts::{self, LoginError};
use foorumi_store::audit::Author;

use super::problem::{ApiError, ApiResult};
use crate::AppState;
use crate::auth::Viewer;

/// The header a session write carries its CSRF token in (names are case-insensitive).
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// An authenticated caller: whose roles apply, and whose name goes into the audit log.
pub struct Caller {
    pub actor: Actor,
    pub author: Author,
}

/// The caller of a read: anonymous unless credentials come along, and then they must be
/// right (a program should learn at once that its password is wrong).
pub async fn reader(state: &AppState, headers: &HeaderMap, viewer: &Viewer) -> ApiResult<Actor> {
    if headers.contains_key(header::AUTHORIZATION) {
        return Ok(basic(state, headers, viewer).await?.actor);
    }
    Ok(viewer.actor())
}

/// The caller of a write, who must be signed in.
pub async fn writer(state: &AppState, headers: &HeaderMap, viewer: &Viewer) -> ApiResult<Caller> {
    if headers.contains_key(header::AUTHORIZATION) {
        return basic(state, headers, viewer).await;
    }
    if viewer.session.is_none() {
        return Err(ApiError::unauthorized(viewer.lang));
    }
    let token = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    if !viewer.csrf_ok(token) {
        return Err(ApiError::new(viewer.lang, StatusCode::FORBIDDEN, "csrf"));
    }
    Ok(Caller { actor: viewer.actor(), author: viewer.author() })
}

async fn basic(state: &AppState, headers: &HeaderMap, viewer: &Viewer) -> ApiResult<Caller> {
    let lang = viewer.lang;
    let (email, password) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(basic_credentials)
        .ok_or_else(|| ApiError::unauthorized(lang))?;
    match accounts::actor_by_credentials(&state.store, &email, &password, &viewer.client).await {
        Ok(Ok((user, actor))) => Ok(Caller { actor, author: Author { user_id: Some(user.id), label: user.email } }),
        Ok(Err(LoginError::BadCredentials)) => Err(ApiError::unauthorized(lang)),
        Ok(Err(LoginError::Throttled)) => Err(ApiError::new(lang, StatusCode::TOO_MANY_REQUESTS, "throttled")),
        Err(err) => Err(ApiError::from_store(lang, err)),
    }
}

/// E-mail and password from `Basic <base64(email:password)>`.
fn basic_credentials(value: &str) -> Option<(String, String)> {
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(base64_decode(encoded.trim())?).ok()?;
    let (email, password) = decoded.split_once(':')?;
    Some((email.to_owned(), password.to_owned()))
}

/// Standard base64 with optional padding; a few lines instead of a dependency.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let text = text.trim_end_matches('=').as_bytes();
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.chunks(4) {
        let mut bits = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            bits |= value(*c)? << (18 - 6 * i);
        }
        out.push((bits >> 16) as u8);
        if chunk.len() > 2 {
            out.push((bits >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(bits as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_decoded() {
        // "admin@example.org:secret:with:colons"
        let header = "Basic YWRtaW5AZXhhbXBsZS5vcmc6c2VjcmV0OndpdGg6Y29sb25z";
        assert_eq!(basic_credentials(header), Some(("admin@example.org".into(), "secret:with:colons".into())));
        assert_eq!(base64_decode("YQ=="), Some(b"a".to_vec()));
        assert_eq!(base64_decode("YWI="), Some(b"ab".to_vec()));
        assert_eq!(base64_decode("YWJj"), Some(b"abc".to_vec()));
        assert_eq!(basic_credentials("Bearer abc"), None);
        assert_eq!(basic_credentials("Basic !!!"), None);
    }
}
