//! The minutes' workflow in the API: the whole record of a meeting, sending it to the
//! checkers, a checker's approval or comment, a memo approved at the next meeting, a
//! correction of a checked record, and the checked versions.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::*;
use foorumi_store::minutes;
use foorumi_store::records;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;
use utoipa::openapi::path::HttpMethod;

use super::agenda::{if_match, json_body};
use super::caller::{self, Caller};
use super::collection::{json_response, record_id, record_response};
use super::openapi::Document;
use super::problem::{ApiError, ApiResult};
use crate::AppState;
use crate::auth::Viewer;

/// What an action on a record that moves its version reads from the request, in the
/// order its errors come: the writing caller (401, 403), the record's id (404), the
/// version the caller saw in `If-Match` (428) and the JSON body (422).
pub(super) struct VersionedAction<T> {
    pub caller: Caller,
    pub id: Id,
    pub version: i64,
    pub input: T,
}

pub(super) async fn versioned_action<T: DeserializeOwned>(
    state: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    id: &str,
    body: &Bytes,
) -> ApiResult<VersionedAction<T>> {
    let caller = caller::writer(state, headers, viewer).await?;
    let id = record_id(viewer.lang, id)?;
    let version = if_match(viewer.lang, headers)?;
    let input = json_body(viewer.lang, body)?;
    Ok(VersionedAction { caller, id, version, input })
}

/// The record of a meeting as it stands, for the forum.
pub async fn record(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(meeting): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    let actor = caller::reader(&state, &headers, &viewer).await?;
    let meeting = record_id(lang, &meeting)?;
    let record = minutes::record_of(&state.store, meeting).await.map_err(|e| ApiError::from_store(lang, e))?;
    match record {
        Some(mut record)
            if allowed(&actor, Action::View, Object::AgendaItem { region: record.minutes.region_id, forum: record.minutes.forum_id }) =>
        {
            // Someone disqualified in a non-public item does not read its record (R2.6).
            if let Some(person) = actor.person_id {
                record.records.retain(|r| !r.withheld_from.contains(&person));
                record.disqualifications.retain(|r| !r.withheld_from.contains(&person));
                record.votes.retain(|r| !r.withheld_from.contains(&person));
                record.dissents.retain(|r| !r.withheld_from.contains(&person));
            }
            Ok(json_response(StatusCode::OK, &record))
        }
        _ => Err(ApiError::not_found(lang)),
    }
}

pub async fn send(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let version = if_match(lang, &headers)?;
    let after = crate::mail::send_to_checkers(&state.store, &state.config, &caller.actor, &caller.author, id, version)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(record_response(StatusCode::OK, &after))
}

pub async fn approve(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let after = minutes::approve(&state.store, &caller.actor, &caller.author, id, foorumi_store::now_in_finland())
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(record_response(StatusCode::OK, &after))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentInput {
    /// What the checker asks the secretary to change.
    pub comment: String,
}

pub async fn comment(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let input: CommentInput = json_body(lang, &body)?;
    let after = minutes::comment(&state.store, &caller.actor, &caller.author, id, &input.comment)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(record_response(StatusCode::OK, &after))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovedAtInput {
    /// The later meeting of the same forum that approved the memo.
    pub meeting_id: Id,
}

pub async fn approve_at_meeting(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let VersionedAction { caller, id, version, input } = versioned_action::<ApprovedAtInput>(&state, &viewer, &headers, &id, &body).await?;
    let after = minutes::approve_at_meeting(
        &state.store,
        &caller.actor,
        &caller.author,
        id,
        version,
        input.meeting_id,
        foorumi_store::now_in_finland(),
    )
    .await
    .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(record_response(StatusCode::OK, &after))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionInput {
    /// Why the checked record is corrected; kept with the new version.
    pub reason: String,
}

pub async fn correction(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let VersionedAction { caller, id, version, input } = versioned_action::<CorrectionInput>(&state, &viewer, &headers, &id, &body).await?;
    let after = minutes::start_correction(&state.store, &caller.actor, &caller.author, id, version, &input.reason)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(record_response(StatusCode::OK, &after))
}

/// Every checked version, for the forum (the public reads the published one).
pub async fn versions(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    let actor = caller::reader(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let minutes: Minutes = records::get(&state.store, id).await.map_err(|e| ApiError::from_store(lang, e))?;
    if !allowed(&actor, Action::View, Object::AgendaItem { region: minutes.region_id, forum: minutes.forum_id }) {
        return Err(ApiError::not_found(lang));
    }
    let versions = minutes::versions(&state.store, id).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &versions))
}

pub fn document(doc: &mut Document) {
    let writes = &["401", "403", "404", "412", "422", "428"];
    doc.action::<FullRecord>(
        HttpMethod::Get,
        "/meetings/{id}/record",
        "minutes",
        "getMeetingRecord",
        "The whole record of a meeting as it stands: presences, item records, disqualifications, votes, dissents, actions",
        None,
        None,
        false,
        &["404"],
    );
    doc.action::<Minutes>(
        HttpMethod::Post,
        "/minutes/{id}/send",
        "minutes",
        "sendMinutesToCheckers",
        "Send a complete draft to its minute checkers",
        None,
        None,
        true,
        writes,
    );
    doc.action::<Minutes>(
        HttpMethod::Post,
        "/minutes/{id}/approve",
        "minutes",
        "approveMinutes",
        "Approve the record as its checker; the last approval checks it",
        None,
        None,
        false,
        &["401", "403", "404", "422"],
    );
    doc.action::<Minutes>(
        HttpMethod::Post,
        "/minutes/{id}/comment",
        "minutes",
        "commentMinutes",
        "Comment on the record as its checker",
        Some("CommentInput"),
        None,
        false,
        &["401", "403", "404", "422"],
    );
    doc.schema::<CommentInput>();
    doc.action::<Minutes>(
        HttpMethod::Post,
        "/minutes/{id}/approve-at-meeting",
        "minutes",
        "approveMemoAtMeeting",
        "Record that a later meeting of the forum approved the memo",
        Some("ApprovedAtInput"),
        None,
        true,
        writes,
    );
    doc.schema::<ApprovedAtInput>();
    doc.action::<Minutes>(
        HttpMethod::Post,
        "/minutes/{id}/correction",
        "minutes",
        "correctMinutes",
        "Open a checked record for a correction, with its reason",
        Some("CorrectionInput"),
        None,
        true,
        writes,
    );
    doc.schema::<CorrectionInput>();
    doc.action::<CheckedVersion>(
        HttpMethod::Get,
        "/minutes/{id}/versions",
        "minutes",
        "getMinutesVersions",
        "Every checked version of a record, with the reasons of corrections",
        None,
        None,
        false,
        &["404"],
    );
}
