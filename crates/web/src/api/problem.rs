//! Errors of the API as RFC 9457 problem documents (`application/problem+json`).
//!
//! The policy, in one place:
//! - bad input — unreadable JSON, an unknown field, a wrong type, a broken rule — is 422
//!   and names every field it can (`cadence.weekday`), with a message in the caller's
//!   language; JSON that does not parse also gives line and column;
//! - a taken unique value (a municipality's official code) is 409 naming the field; a
//!   record still referred to elsewhere is 409 without one;
//! - an unknown record, region or path is 404;
//! - no or wrong credentials are 401 with a Basic challenge; a write the store refuses,
//!   or a session write without its CSRF token, is 403;
//! - a replace without `If-Match` is 428; a version that is no longer current is 412
//!   and says which version is;
//! - a body that is not JSON is 415.
//!
//! Titles, details and messages come from the translation files (`problem-*`, `error-*`),
//! so the words live where the pages' words live.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use foorumi_core::{FieldError, Lang};
use foorumi_store::Error as StoreError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{has, t, t_args};

/// Where the problem types live; `type` is this followed by the problem's slug.
pub const TYPE_BASE: &str = "https://foorumi.fi/problems/";

/// The media type of every error response.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// `https://foorumi.fi/problems/<slug>`, e.g. `…/invalid-input`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the problem type, in the caller's language.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, in the caller's language.
    pub detail: String,
    /// Every invalid or conflicting field (422, and 409 for a taken value).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub errors: Vec<FieldProblem>,
    /// The record's current version (412): send it back in `If-Match` after merging.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub current_version: Option<i64>,
}

/// One field that is invalid or conflicts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's path in the JSON body (`end_date`, `cadence.weekday`,
    /// `contacts[0].value`) or the query parameter (`region`, `limit`); empty when the
    /// body as a whole could not be read.
    pub field: String,
    /// A stable code for programs (`error-end-before-start`).
    pub code: String,
    /// The code's message in the caller's language.
    pub message: String,
    /// For JSON that does not parse: where the parser stopped (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub column: Option<usize>,
}

/// A failed API request, ready to be rendered as a problem document.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub slug: &'static str,
    lang: Lang,
    /// A detail that replaces the slug's generic one.
    detail: Option<String>,
    errors: Vec<FieldProblem>,
    current_version: Option<i64>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The message of an error code in `lang`; codes without a message of their own get the
/// generic one, so a new rule never shows a bare key.
pub fn message(lang: Lang, code: &str) -> String {
    if has(code) { t(lang, code) } else { t(lang, "error-invalid") }
}

impl ApiError {
    pub fn new(lang: Lang, status: StatusCode, slug: &'static str) -> Self {
        ApiError { status, slug, lang, detail: None, errors: Vec::new(), current_version: None, headers: Vec::new() }
    }

    pub fn not_found(lang: Lang) -> Self {
        Self::new(lang, StatusCode::NOT_FOUND, "not-found")
    }

    /// No credentials, or wrong ones: ask for Basic credentials.
    pub fn unauthorized(lang: Lang) -> Self {
        Self::new(lang, StatusCode::UNAUTHORIZED, "unauthorized")
            .header(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"foorumi\", charset=\"UTF-8\""))
    }

    /// 422 for the given fields.
    pub fn invalid(lang: Lang, fields: &[FieldError]) -> Self {
        let mut error = Self::new(lang, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
        for f in fields {
            error = error.field(&f.field, &f.code);
        }
        error
    }

    /// 412: the record is at `current`, not at the version the caller sent.
    pub fn stale(lang: Lang, current: i64) -> Self {
        let mut error = Self::new(lang, StatusCode::PRECONDITION_FAILED, "stale");
        error.current_version = Some(current);
        error.detail = Some(t_args(lang, "problem-stale-detail", &[("version", current.to_string())]));
        error.header(header::ETAG, super::etag(current))
    }

    pub fn field(mut self, field: &str, code: &str) -> Self {
        self.errors.push(FieldProblem {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message(self.lang, code),
            line: None,
            column: None,
        });
        self
    }

    pub fn detail(mut self, detail: String) -> Self {
        self.detail = Some(detail);
        self
    }

    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The store's answer, as the API reports it.
    pub fn from_store(lang: Lang, err: StoreError) -> Self {
        match err {
            StoreError::Invalid(fields) => Self::invalid(lang, &fields),
            StoreError::Forbidden => Self::new(lang, StatusCode::FORBIDDEN, "forbidden"),
            StoreError::NotFound => Self::not_found(lang),
            StoreError::Conflict { field: Some(field), code } => Self::new(lang, StatusCode::CONFLICT, "duplicate").field(&field, &code),
            StoreError::Conflict { field: None, .. } => Self::new(lang, StatusCode::CONFLICT, "in-use"),
            StoreError::Stale { current } => Self::stale(lang, current),
            other => {
                tracing::error!(err = %other, "API request failed");
                Self::new(lang, StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }

    /// A JSON body that could not be read as the expected input: 422 naming where.
    pub fn from_json(lang: Lang, err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        use serde_json::error::Category;
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = err.inner();
        let text = inner.to_string();
        let join = |path: &str, name: &str| if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
        let quoted = |text: &str| text.split('`').nth(1).map(str::to_owned);
        let (field, code) = match inner.classify() {
            Category::Syntax | Category::Eof | Category::Io => return Self::json_syntax(lang, path, inner),
            Category::Data if text.starts_with("missing field") => {
                // The path names the object; the message names the missing member.
                (quoted(&text).map_or(path.clone(), |name| join(&path, &name)), "error-required")
            }
            Category::Data if text.starts_with("unknown field") => {
                let name = quoted(&text).unwrap_or_default();
                let field = if path.rsplit('.').next() == Some(name.as_str()) { path } else { join(&path, &name) };
                (field, "error-unknown-field")
            }
            Category::Data if text.starts_with("invalid type") => (path, "error-wrong-type"),
            Category::Data => (path, "error-invalid"),
        };
        Self::new(lang, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input").field(&field, code)
    }

    /// JSON that does not parse: 422 with where the parser stopped.
    pub fn json_syntax(lang: Lang, path: String, err: &serde_json::Error) -> Self {
        let (line, column) = (err.line(), err.column());
        let mut error = Self::new(lang, StatusCode::UNPROCESSABLE_ENTITY, "invalid-json").detail(t_args(
            lang,
            "problem-invalid-json-detail",
            &[("line", line.to_string()), ("column", column.to_string())],
        ));
        error.errors.push(FieldProblem {
            field: path,
            code: "error-json-syntax".into(),
            message: message(lang, "error-json-syntax"),
            line: Some(line),
            column: Some(column),
        });
        error
    }

    pub fn document(&self) -> Problem {
        Problem {
            kind: format!("{TYPE_BASE}{}", self.slug),
            title: t(self.lang, &format!("problem-{}", self.slug)),
            status: self.status.as_u16(),
            detail: self.detail.clone().unwrap_or_else(|| t(self.lang, &format!("problem-{}-detail", self.slug))),
            errors: self.errors.clone(),
            current_version: self.current_version,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.document()).unwrap_or_default();
        let mut response = (self.status, [(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))], body).into_response();
        let headers = response.headers_mut();
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(self.lang.as_str()));
        response
    }
}
