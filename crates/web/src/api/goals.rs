//! The council term's follow-up in the API beyond the records' own collections: the
//! annual follow-up report and the term report as JSON, and attaching either to a
//! forum's agenda item as a generated PDF (the same function the page calls).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use foorumi_core::goals::{GoalState, Trend};
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::*;
use foorumi_store::goals::{self as goal_store, FollowUpReport};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::path::HttpMethod;

use super::agenda::json_body;
use super::caller;
use super::collection::{json_response, record_id};
use super::openapi::Document;
use super::problem::{ApiError, ApiResult};
use crate::AppState;
use crate::auth::Viewer;
use crate::html::goals::{AttachFailure, attach};
use crate::i18n::t;

/// A follow-up report with the words the reader needs beside its numbers.
#[derive(Serialize, ToSchema)]
pub struct ReportAnswer {
    /// The report: the term's lines and goals, each with its measures (and their owners
    /// and linked actions), its indicator targets with every year's value (`null` where
    /// the source has none: "ei tietoa", never 0), the latest value and the trend, its
    /// statuses and the chairs' forum's assessments. `year` is null in the term report.
    #[schema(value_type = Object)]
    pub report: FollowUpReport,
    /// The words for a missing value in the answer's language ("ei tietoa").
    pub missing: String,
    /// Every goal's status of the report's last year, as on the picture page.
    pub states: Vec<GoalState>,
    /// The trends, for reference: the values `trend` takes.
    pub trends: Vec<Trend>,
}

/// Hides the titles of linked actions the caller may not see: their status and forum
/// stay, as on the pages.
fn redact(report: &mut FollowUpReport, actor: &foorumi_core::permissions::Actor) {
    for goal in report.lines.iter_mut().flat_map(|l| l.goals.iter_mut()) {
        for action in goal.measures.iter_mut().flat_map(|m| m.actions.iter_mut()) {
            let object = Object::ActionItem { region: action.region_id, forum: action.forum_id, party: action.owner_party_id };
            if !allowed(actor, Action::View, object) {
                action.title.clear();
            }
        }
    }
}

async fn answer(state: &AppState, viewer: &Viewer, headers: &HeaderMap, term: &str, year: Option<i32>) -> ApiResult<Response> {
    let lang = viewer.lang;
    let actor = caller::reader(state, headers, viewer).await?;
    let term = record_id(lang, term)?;
    let mut report = goal_store::report(&state.store, term, year).await.map_err(|e| ApiError::from_store(lang, e))?;
    redact(&mut report, &actor);
    let last = report.years.last().copied();
    let states = report
        .lines
        .iter()
        .flat_map(|l| &l.goals)
        .filter_map(|g| g.statuses.iter().find(|s| Some(s.input.year) == last).map(|s| s.input.status))
        .collect();
    let answer = ReportAnswer { report, missing: t(lang, "indicator-missing"), states, trends: Trend::ALL.to_vec() };
    Ok(json_response(StatusCode::OK, &answer))
}

fn year_of(lang: Lang, text: &str) -> ApiResult<i32> {
    text.parse::<i32>().map_err(|_| ApiError::invalid(lang, &[FieldError::new("year", "error-integer")]))
}

/// `GET /council-terms/{id}/followup/{year}`
pub async fn followup(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path((term, year)): Path<(String, String)>,
) -> ApiResult<Response> {
    let year = year_of(viewer.lang, &year)?;
    answer(&state, &viewer, &headers, &term, Some(year)).await
}

/// `GET /council-terms/{id}/term-report`
pub async fn term_report(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(term): Path<String>,
) -> ApiResult<Response> {
    answer(&state, &viewer, &headers, &term, None).await
}

/// The chairs' forum's annual follow-up of a term, year by year (R3.4).
#[derive(Serialize, ToSchema)]
pub struct AnnualFollowUpsAnswer {
    /// From the term's first year to this year: per year, the item with which the forum
    /// assessed the goals, the snapshot it established, and whether the duty is met.
    pub follow_ups: Vec<foorumi_core::plan::AnnualFollowUp>,
}

/// `GET /council-terms/{id}/annual-follow-ups`
pub async fn annual_follow_ups(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(term): Path<String>,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let term = record_id(lang, &term)?;
    let term: CouncilTerm = foorumi_store::records::get(&state.store, term).await.map_err(|e| ApiError::from_store(lang, e))?;
    let follow_ups =
        goal_store::annual_follow_ups(&state.store, &term, foorumi_store::today()).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &AnnualFollowUpsAnswer { follow_ups }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachInput {
    /// The agenda item the report is attached to: a chairs' forum's item for the annual
    /// report, a strategic forum's for the term report.
    pub item_id: Id,
}

async fn attach_answer(
    state: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    term: &str,
    year: Option<i32>,
    body: &Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(state, headers, viewer).await?;
    let term = record_id(lang, term)?;
    let input: AttachInput = json_body(lang, body)?;
    match attach(state, &caller.actor, &caller.author, lang, term, year, input.item_id).await {
        Ok(attachment) => Ok(super::collection::record_response(StatusCode::CREATED, &attachment)),
        Err(AttachFailure::Store(err)) | Err(AttachFailure::Upload(crate::uploads::UploadFailure::Store(err))) => {
            Err(ApiError::from_store(lang, err))
        }
        Err(AttachFailure::Pdf(err)) => {
            tracing::error!(%err, "report PDF failed");
            Err(ApiError::new(lang, StatusCode::INTERNAL_SERVER_ERROR, "internal"))
        }
        Err(AttachFailure::Upload(_)) => Err(ApiError::new(lang, StatusCode::SERVICE_UNAVAILABLE, "unavailable")),
    }
}

/// `POST /council-terms/{id}/followup/{year}/attach`
pub async fn attach_followup(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path((term, year)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Response> {
    let year = year_of(viewer.lang, &year)?;
    attach_answer(&state, &viewer, &headers, &term, Some(year), &body).await
}

/// `POST /council-terms/{id}/term-report/attach`
pub async fn attach_term_report(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(term): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    attach_answer(&state, &viewer, &headers, &term, None, &body).await
}

pub fn document(doc: &mut Document) {
    let writes = &["401", "403", "404", "422"];
    doc.action::<ReportAnswer>(
        HttpMethod::Get,
        "/council-terms/{id}/followup/{year}",
        "goals",
        "getFollowUpReport",
        "The annual follow-up report of the term's goals for the chairs' forum",
        None,
        None,
        false,
        &["404", "422"],
    );
    doc.action::<ReportAnswer>(
        HttpMethod::Get,
        "/council-terms/{id}/term-report",
        "goals",
        "getTermReport",
        "The term report of the goals for the strategic forum",
        None,
        None,
        false,
        &["404"],
    );
    doc.action::<AnnualFollowUpsAnswer>(
        HttpMethod::Get,
        "/council-terms/{id}/annual-follow-ups",
        "goals",
        "getAnnualFollowUps",
        "Whether the chairs' forum has followed up the term's goals and established the situational picture every year (R3.4)",
        None,
        None,
        false,
        &["404"],
    );
    doc.action::<Attachment>(
        HttpMethod::Post,
        "/council-terms/{id}/followup/{year}/attach",
        "goals",
        "attachFollowUpReport",
        "Attach the annual follow-up report as a PDF to a chairs' forum's agenda item",
        Some("AttachInput"),
        None,
        false,
        writes,
    );
    doc.action::<Attachment>(
        HttpMethod::Post,
        "/council-terms/{id}/term-report/attach",
        "goals",
        "attachTermReport",
        "Attach the term report as a PDF to a strategic forum's agenda item",
        Some("AttachInput"),
        None,
        false,
        writes,
    );
    doc.schema::<AttachInput>();
}
