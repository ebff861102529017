//! The agenda's actions beyond the records' five operations: the published public
//! agenda, publishing, answering proposals, and attachments' files in and out.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::*;
use foorumi_store::agendas;
use foorumi_store::records;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::path::HttpMethod;

use super::caller;
use super::collection::{json_response, record_id, record_response};
use super::openapi::Document;
use super::problem::{ApiError, ApiResult};
use crate::AppState;
use crate::auth::Viewer;
use crate::uploads::{self, Upload, UploadFailure};

/// The version in a single strong `If-Match` tag.
pub(super) fn if_match(lang: Lang, headers: &HeaderMap) -> ApiResult<i64> {
    headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().trim_matches('"').parse().ok())
        .ok_or_else(|| ApiError::new(lang, StatusCode::PRECONDITION_REQUIRED, "precondition-required"))
}

pub(super) fn json_body<T: serde::de::DeserializeOwned>(lang: Lang, body: &Bytes) -> ApiResult<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| ApiError::from_json(lang, err))
}

/// The latest public version of a meeting's agenda.
pub async fn published(State(state): State<AppState>, viewer: Viewer, Path(meeting): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    let meeting = record_id(lang, &meeting)?;
    match agendas::publication(&state.store, meeting).await.map_err(|e| ApiError::from_store(lang, e))? {
        Some(publication) => Ok(json_response(StatusCode::OK, &publication)),
        None => Err(ApiError::not_found(lang)),
    }
}

pub async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(meeting): Path<String>,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let meeting = record_id(lang, &meeting)?;
    agendas::follow_up_actions(&state.store, &caller.actor, &caller.author, meeting, &crate::follow_up_text())
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    let publication = agendas::publish(&state.store, &caller.actor, &caller.author, meeting, foorumi_store::now_in_finland())
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::CREATED, &publication))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInput {
    /// The meeting of the proposal's forum whose agenda takes it.
    pub meeting_id: Id,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclineInput {
    /// Why not, for the proposer.
    pub answer: String,
}

pub async fn accept(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(proposal): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let proposal = record_id(lang, &proposal)?;
    let version = if_match(lang, &headers)?;
    let input: AcceptInput = json_body(lang, &body)?;
    let item = agendas::accept_proposal(&state.store, &caller.actor, &caller.author, proposal, version, input.meeting_id)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    let item: AgendaItem = records::get(&state.store, item.id).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(record_response(StatusCode::CREATED, &item))
}

pub async fn decline(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(proposal): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let proposal = record_id(lang, &proposal)?;
    let version = if_match(lang, &headers)?;
    let input: DeclineInput = json_body(lang, &body)?;
    let answered = agendas::decline_proposal(&state.store, &caller.actor, &caller.author, proposal, version, &input.answer)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(record_response(StatusCode::OK, &answered))
}

#[derive(Deserialize)]
pub struct UploadQuery {
    name: String,
    publicity: Option<String>,
    legal_basis_id: Option<Id>,
}

/// An attachment's file as the request body, its name and publicity in the query.
pub async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(item): Path<String>,
    Query(query): Query<UploadQuery>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let item_id = record_id(lang, &item)?;
    let item: AgendaItem = records::get(&state.store, item_id).await.map_err(|e| ApiError::from_store(lang, e))?;
    // Refused before the file is stored.
    if !allowed(&caller.actor, Action::Create, Object::AgendaItem { region: item.region_id, forum: item.forum_id }) {
        return Err(ApiError::from_store(lang, foorumi_store::Error::Forbidden));
    }
    let bytes = body.map_err(|_| ApiError::new(lang, StatusCode::PAYLOAD_TOO_LARGE, "too-large"))?;
    let publicity = match query.publicity.as_deref() {
        None => item.input.publicity,
        Some(text) => Publicity::parse(text).ok_or_else(|| ApiError::invalid(lang, &[FieldError::new("publicity", "error-invalid")]))?,
    };
    let upload = Upload { item_id, name: query.name, bytes, publicity, legal_basis_id: query.legal_basis_id };
    match uploads::receive(&state, &caller.actor, &caller.author, upload).await {
        Ok(attachment) => Ok(record_response(StatusCode::CREATED, &attachment)),
        Err(UploadFailure::Refused(foorumi_files::UploadError::TooLarge { .. })) => {
            Err(ApiError::new(lang, StatusCode::PAYLOAD_TOO_LARGE, "too-large"))
        }
        Err(UploadFailure::Refused(other)) => Err(ApiError::invalid(lang, &[FieldError::new("file", other.code())])),
        Err(UploadFailure::Unavailable) => Err(ApiError::new(lang, StatusCode::SERVICE_UNAVAILABLE, "unavailable")),
        Err(UploadFailure::Store(e)) => Err(ApiError::from_store(lang, e)),
    }
}

/// An attachment's file: public ones of a published agenda for anyone, the rest for
/// the forum.
pub async fn content(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(attachment): Path<String>,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let actor = caller::reader(&state, &headers, &viewer).await?;
    let attachment: Attachment =
        records::get(&state.store, record_id(lang, &attachment)?).await.map_err(|e| ApiError::from_store(lang, e))?;
    let public = agendas::attachment_is_public(&state.store, &attachment).await.map_err(|e| ApiError::from_store(lang, e))?;
    if !public && !allowed(&actor, Action::View, Object::AgendaItem { region: attachment.region_id, forum: attachment.forum_id }) {
        return Err(ApiError::not_found(lang));
    }
    // A disqualified member does not open the item's non-public material (R2.6).
    if !public
        && let Some(person) = actor.person_id
        && foorumi_store::minutes::is_disqualified(&state.store, attachment.input.item_id, person)
            .await
            .map_err(|e| ApiError::from_store(lang, e))?
    {
        return Err(ApiError::not_found(lang));
    }
    let blobs = state.config.attachments.as_ref().ok_or_else(|| ApiError::new(lang, StatusCode::SERVICE_UNAVAILABLE, "unavailable"))?;
    let bytes = blobs.get(&attachment.sha256).await.map_err(|err| {
        tracing::error!(%err, "attachment read failed");
        ApiError::new(lang, StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    })?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let content_type = HeaderValue::from_str(&attachment.media_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    response.headers_mut().insert(header::CONTENT_TYPE, content_type);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(if public { "public, max-age=300" } else { "private, no-store" }));
    Ok(response)
}

/// Describes the routes above in the OpenAPI document.
pub fn document(doc: &mut Document) {
    doc.action::<Publication>(
        HttpMethod::Get,
        "/meetings/{id}/agenda",
        "agenda-items",
        "getPublishedAgenda",
        "The published public agenda of a meeting",
        None,
        None,
        false,
        &["404"],
    );
    doc.action::<Publication>(
        HttpMethod::Post,
        "/meetings/{id}/agenda/publish",
        "agenda-items",
        "publishAgenda",
        "Publish the agenda: check publicity, fix § numbers, freeze the public version",
        None,
        None,
        false,
        &["401", "403", "404", "422"],
    );
    doc.action::<AgendaItem>(
        HttpMethod::Post,
        "/proposals/{id}/accept",
        "proposals",
        "acceptProposal",
        "Take a proposal onto a meeting's agenda",
        Some("AcceptInput"),
        None,
        true,
        &["401", "403", "404", "412", "422", "428"],
    );
    doc.schema::<AcceptInput>();
    doc.action::<Proposal>(
        HttpMethod::Post,
        "/proposals/{id}/decline",
        "proposals",
        "declineProposal",
        "Decline a proposal with the reason",
        Some("DeclineInput"),
        None,
        true,
        &["401", "403", "404", "412", "422", "428"],
    );
    doc.schema::<DeclineInput>();
    doc.action::<Attachment>(
        HttpMethod::Post,
        "/agenda-items/{id}/attachments",
        "attachments",
        "uploadAttachment",
        "Attach a file to an item (query: name, publicity, legal_basis_id)",
        None,
        Some("The file; its type is found from the content and must match the name's extension."),
        false,
        &["401", "403", "404", "413", "422"],
    );
    doc.action::<Attachment>(
        HttpMethod::Get,
        "/attachments/{id}/content",
        "attachments",
        "getAttachmentContent",
        "An attachment's file",
        None,
        None,
        false,
        &["404"],
    );
}
