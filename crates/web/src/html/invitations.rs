//! Invitations by e-mail: the secretary's panel on the meeting page (send invitations or
//! the changes, and each recipient's delivery status), and the pages behind the answer
//! links in the messages. Opening a link only shows what it would record (mail scanners
//! open links); the answer is recorded when the recipient confirms it with a POST.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::*;
use foorumi_store::outbox::{self, Delivery, Kind, Status, TokenError};
use foorumi_store::{meetings, records};

use super::{Chrome, FormData, PageError, PagePath, PageResult, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

pub fn routes() -> Router<AppState> {
    Router::new().route("/meetings/{id}/invitations", post(send)).route("/answer/{token}", get(confirm).post(record))
}

// ---- the secretary's panel ------------------------------------------------------------

/// One message in the delivery status.
pub struct DeliveryRow {
    pub recipient: String,
    pub address: String,
    pub kind: String,
    pub status: String,
    /// `queued`, `sent`, `failed` or `no_address`, for styling and tests.
    pub status_key: &'static str,
}

/// The meeting page's e-mail section, for those who may send the meeting's invitations.
pub struct MailPanel {
    /// Whether an SMTP server is configured.
    pub enabled: bool,
    /// (kind, button text) of what may be sent now.
    pub offer: Option<(&'static str, String)>,
    pub update_due: bool,
    pub cancelled: bool,
    /// What the last sending queued, shown right after it.
    pub outcome: Option<String>,
    pub rows: Vec<DeliveryRow>,
}

/// "10.3.2026 9.05", Finnish local time.
fn local_time(at: DateTime<Utc>) -> String {
    outbox::helsinki(at).format("%-d.%-m.%Y %-H.%M").to_string()
}

fn status_text(lang: Lang, d: &Delivery) -> String {
    match d.status {
        Status::Sent => t_args(lang, "mail-status-sent", &[("at", d.sent_at.map(local_time).unwrap_or_default())]),
        Status::Failed => t_args(lang, "mail-status-failed", &[("error", d.last_error.clone())]),
        Status::NoAddress => t(lang, "mail-status-no_address"),
        Status::Queued if d.attempts > 0 && !d.last_error.is_empty() => t_args(
            lang,
            "mail-status-retry",
            &[("attempts", d.attempts.to_string()), ("at", local_time(d.next_attempt_at)), ("error", d.last_error.clone())],
        ),
        Status::Queued => t(lang, "mail-status-queued"),
    }
}

/// A query parameter of the page's address.
fn query_param<'a>(viewer: &'a Viewer, name: &str) -> Option<&'a str> {
    let (_, query) = viewer.path.split_once('?')?;
    query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// The panel of a meeting, or `None` for viewers who may not send its invitations.
pub async fn panel(state: &AppState, viewer: &Viewer, meeting: &Meeting) -> Result<Option<MailPanel>, PageError> {
    let object = Object::Meeting { region: meeting.region_id, forum: meeting.input.forum_ids.first().copied().unwrap_or(0) };
    if !viewer.signed_in() || !allowed(&viewer.actor(), Action::Update, object) {
        return Ok(None);
    }
    let lang = viewer.lang;
    let deliveries = outbox::deliveries(&state.store, meeting.id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let offer = outbox::offer(meeting, &deliveries);
    let outcome = match (query_param(viewer, "queued"), query_param(viewer, "no_address")) {
        (Some(queued), Some(no_address)) if queued.parse::<u32>().is_ok() && no_address.parse::<u32>().is_ok() => {
            Some(t_args(lang, "mail-outcome", &[("queued", queued.to_owned()), ("no_address", no_address.to_owned())]))
        }
        _ => None,
    };
    let rows = deliveries
        .iter()
        .rev()
        .map(|d| DeliveryRow {
            recipient: d.recipient.clone(),
            address: d.address.clone(),
            kind: t(lang, &format!("mail-kind-{}", d.kind.as_str())),
            status: status_text(lang, d),
            status_key: d.status.as_str(),
        })
        .collect();
    Ok(Some(MailPanel {
        enabled: state.config.mail_enabled,
        offer: offer.map(|kind| match kind {
            Kind::Update => ("update", t(lang, "mail-send-update")),
            _ => ("invitation", t(lang, "mail-send-invitation")),
        }),
        update_due: offer == Some(Kind::Update),
        cancelled: meeting.input.status == MeetingStatus::Cancelled,
        outcome,
        rows,
    }))
}

/// Sends the meeting's invitations, or the changes to them.
pub async fn send(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = FormData::parse(&body);
    if !viewer.csrf_ok(form.opt_text("csrf").as_deref()) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-csrf"));
    }
    let update = form.get("kind") == "update";
    match crate::mail::send_invitations(&state.store, &state.config, &viewer.actor(), &viewer.author(), id, update).await {
        Ok(done) => Ok(Redirect::to(&format!("/meetings/{id}?queued={}&no_address={}#mail", done.queued, done.no_address)).into_response()),
        Err(foorumi_store::Error::Invalid(errors)) => {
            let key = if errors.iter().any(|e| e.code == "error-mail-not-cancelled") {
                "error-mail-not-cancelled"
            } else {
                "error-mail-meeting-closed"
            };
            Err(PageError::new(&viewer, StatusCode::CONFLICT, key))
        }
        Err(err) => Err(PageError::from_store(&viewer, err)),
    }
}

// ---- answer links -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "answer.html")]
struct AnswerPage {
    c: Chrome,
    message: String,
    /// The confirmation form: (action, button text).
    confirm: Option<(String, String)>,
    note: Option<String>,
}

/// A page about an answer link, never cached: its state changes when it is used.
fn answer_page(
    viewer: &Viewer,
    status: StatusCode,
    title: String,
    message: String,
    confirm: Option<(String, String)>,
    note: Option<String>,
) -> Response {
    let mut c = Chrome::new(viewer, title);
    c.noindex = true;
    let mut response = (status, render(&AnswerPage { c, message, confirm, note })).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// The page for a refused link: what happened, and that nothing changed.
fn refused(viewer: &Viewer, err: TokenError) -> PageResult {
    let (status, key) = match err {
        TokenError::Invalid => (StatusCode::NOT_FOUND, "answer-invalid"),
        TokenError::Expired => (StatusCode::GONE, "answer-expired"),
        TokenError::Used => (StatusCode::CONFLICT, "answer-used"),
        TokenError::Cancelled => (StatusCode::GONE, "answer-cancelled"),
        TokenError::Store(foorumi_store::Error::Forbidden | foorumi_store::Error::Invalid(_) | foorumi_store::Error::NotFound) => {
            (StatusCode::CONFLICT, "answer-failed")
        }
        TokenError::Store(err) => return Err(PageError::from_store(viewer, err)),
    };
    let lang = viewer.lang;
    Ok(answer_page(viewer, status, t(lang, &format!("{key}-title")), t(lang, key), None, None))
}

/// Shows what a link would record and asks to confirm it.
pub async fn confirm(State(state): State<AppState>, viewer: Viewer, PagePath(token): PagePath<String>) -> PageResult {
    let answer = match outbox::verify_answer(&state.store, &token, Utc::now()).await {
        Ok(answer) => answer,
        Err(err) => return refused(&viewer, err),
    };
    let lang = viewer.lang;
    let meeting: Meeting = records::get(&state.store, answer.meeting_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(meeting.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let year = meetings::meetings_of_year(&state.store, meeting.region_id, chrono::Datelike::year(&meeting.input.date))
        .await
        .map_err(|e| PageError::from_store(&viewer, e))?;
    let number = meetings::numbers(&year).remove(&meeting.id);
    let name = register.person(answer.person_id).map(|p| p.input.name.clone()).unwrap_or_default();
    let answer_text = t(lang, &format!("answer-{}", answer.response));
    let message = t_args(
        lang,
        "answer-confirm-lead",
        &[
            ("name", name),
            ("title", crate::mail::meeting_title(lang, &register, &meeting, number.as_deref())),
            ("when", crate::mail::when_text(lang, &meeting)),
        ],
    );
    let button = t_args(lang, "answer-confirm-button", &[("answer", answer_text)]);
    Ok(answer_page(&viewer, StatusCode::OK, t(lang, "answer-confirm-title"), message, Some((format!("/answer/{token}"), button)), None))
}

/// Records the link's answer, once.
pub async fn record(State(state): State<AppState>, viewer: Viewer, PagePath(token): PagePath<String>) -> PageResult {
    match outbox::answer(&state.store, &token, Utc::now()).await {
        Ok(answer) => {
            let lang = viewer.lang;
            let message = t_args(lang, "answer-done", &[("answer", t(lang, &format!("answer-{}", answer.response)))]);
            Ok(answer_page(&viewer, StatusCode::OK, t(lang, "answer-done-title"), message, None, Some(t(lang, "answer-change"))))
        }
        Err(err) => refused(&viewer, err),
    }
}
