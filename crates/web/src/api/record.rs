//! Publishing a checked record in the API: the personal identifiers to decide on, the
//! publication with those decisions, and the published public version.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use foorumi_core::*;
use foorumi_store::record_publication;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::path::HttpMethod;

use super::agenda::{if_match, json_body};
use super::caller;
use super::collection::{json_response, record_id};
use super::openapi::Document;
use super::problem::{ApiError, ApiResult};
use crate::AppState;
use crate::auth::Viewer;

/// The latest published version of a meeting's record, as the public may read it today.
pub async fn published(State(state): State<AppState>, viewer: Viewer, Path(meeting): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    let meeting = record_id(lang, &meeting)?;
    let publication = record_publication::publication(&state.store, meeting, foorumi_store::today())
        .await
        .map_err(|e| ApiError::from_store(lang, e))?
        .ok_or_else(|| ApiError::not_found(lang))?;
    let mut response = json_response(StatusCode::OK, &publication);
    if publication.personal_data_removed_at.is_none() {
        response.headers_mut().insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    Ok(response)
}

pub async fn identifiers(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    let actor = caller::reader(&state, &headers, &viewer).await?;
    // Only those who publish the record review it: the public is asked to sign in.
    if !actor.signed_in() {
        return Err(ApiError::unauthorized(lang));
    }
    let id = record_id(lang, &id)?;
    let found = record_publication::identifiers(&state.store, &actor, id).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &found))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishInput {
    /// A decision on each personal identifier not decided before.
    #[serde(default)]
    pub decisions: Vec<IdentifierDecisionInput>,
}

pub async fn publish(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let version = if_match(lang, &headers)?;
    let input: PublishInput = if body.is_empty() { PublishInput { decisions: Vec::new() } } else { json_body(lang, &body)? };
    let publication = record_publication::publish(
        &state.store,
        &caller.actor,
        &caller.author,
        id,
        version,
        &input.decisions,
        foorumi_store::now_in_finland(),
    )
    .await
    .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::CREATED, &publication))
}

pub fn document(doc: &mut Document) {
    doc.action::<RecordPublication>(
        HttpMethod::Get,
        "/meetings/{id}/published-record",
        "minutes",
        "getPublishedRecord",
        "The published public version of a meeting's minutes or memo",
        None,
        None,
        false,
        &["404"],
    );
    doc.action::<IdentifierReview>(
        HttpMethod::Get,
        "/minutes/{id}/identifiers",
        "minutes",
        "getRecordIdentifiers",
        "The personal identifiers found in what the record would publish, with the decisions made",
        None,
        None,
        false,
        &["401", "403", "404"],
    );
    doc.action::<RecordPublication>(
        HttpMethod::Post,
        "/minutes/{id}/publish",
        "minutes",
        "publishRecord",
        "Publish the checked record once every personal identifier is kept or taken out",
        Some("PublishInput"),
        None,
        true,
        &["401", "403", "404", "412", "422", "428"],
    );
    doc.schema::<PublishInput>();
}
