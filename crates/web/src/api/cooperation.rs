//! The cooperation's actions beyond the records' five operations (issue 5): escalating a
//! disagreement one level up, recording its discussion and resolution at agenda items,
//! and a protocol version's approvals (the ratifications of its accepting item).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::NaiveDate;
use foorumi_core::cooperation::{Conflict, ProtocolVersion};
use foorumi_core::*;
use foorumi_store::{conflicts, protocol, records};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::path::HttpMethod;

use super::caller;
use super::collection::{json_response, record_id, record_response};
use super::minutes::{VersionedAction, versioned_action};
use super::openapi::Document;
use super::problem::{ApiError, ApiResult};
use crate::AppState;
use crate::auth::Viewer;

impl super::Api {
    /// Registers the actions and documents them.
    pub(super) fn cooperation(mut self) -> Self {
        self.router = self
            .router
            .route("/conflicts/{id}/escalate", post(escalate))
            .route("/conflicts/{id}/discussed", post(discussed))
            .route("/conflicts/{id}/resolve", post(resolve))
            .route("/protocol-versions/{id}/approvals", get(approvals));
        document(&mut self.document);
        self
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalateInput {
    /// Why it goes up, for the next forum.
    #[serde(default)]
    pub note: String,
    /// The day of the step; today when not given.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct Escalation {
    pub conflict: Conflict,
    /// The proposal to the next forum's agenda.
    pub proposal: Proposal,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DiscussedInput {
    /// The agenda item where it was discussed.
    pub item_id: Id,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveInput {
    /// The agenda item that resolved it.
    pub item_id: Option<Id>,
    /// How it was resolved.
    pub resolution: String,
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// One party's approval of a protocol version: its decision on the accepting item.
#[derive(Serialize, ToSchema)]
pub struct Approval {
    pub party_id: Id,
    pub party_name: Names,
    /// None while the party has not decided.
    pub ratification: Option<Ratification>,
}

#[derive(Serialize, ToSchema)]
pub struct Approvals {
    pub protocol_version_id: Id,
    pub item_id: Option<Id>,
    pub items: Vec<Approval>,
}

pub async fn escalate(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let VersionedAction { caller, id, version, input } = versioned_action::<EscalateInput>(&state, &viewer, &headers, &id, &body).await?;
    let on = input.on.unwrap_or_else(foorumi_store::today);
    let (conflict, proposal) = conflicts::escalate(&state.store, &caller.actor, &caller.author, id, version, &input.note, on)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    let mut response = json_response(StatusCode::CREATED, &Escalation { conflict: conflict.clone(), proposal });
    response.headers_mut().insert(axum::http::header::ETAG, super::etag(conflict.version));
    Ok(response)
}

pub async fn discussed(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let VersionedAction { caller, id, version, input } = versioned_action::<DiscussedInput>(&state, &viewer, &headers, &id, &body).await?;
    let on = input.on.unwrap_or_else(foorumi_store::today);
    let conflict = conflicts::record_discussion(&state.store, &caller.actor, &caller.author, id, version, input.item_id, &input.note, on)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(record_response(StatusCode::OK, &conflict))
}

pub async fn resolve(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let VersionedAction { caller, id, version, input } = versioned_action::<ResolveInput>(&state, &viewer, &headers, &id, &body).await?;
    let on = input.on.unwrap_or_else(foorumi_store::today);
    let conflict = conflicts::resolve(&state.store, &caller.actor, &caller.author, id, version, input.item_id, &input.resolution, on)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(record_response(StatusCode::OK, &conflict))
}

/// Who has approved a protocol version and who is pending: public, like the protocol.
pub async fn approvals(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let version: ProtocolVersion = records::get(&state.store, record_id(lang, &id)?).await.map_err(|e| ApiError::from_store(lang, e))?;
    let list = protocol::approvals(&state.store, &version).await.map_err(|e| ApiError::from_store(lang, e))?;
    let body = Approvals {
        protocol_version_id: version.id,
        item_id: version.input.item_id,
        items: list
            .into_iter()
            .map(|a| Approval { party_id: a.party.id, party_name: a.party.input.name, ratification: a.decision })
            .collect(),
    };
    Ok(json_response(StatusCode::OK, &body))
}

/// Describes the routes above in the OpenAPI document.
fn document(doc: &mut Document) {
    doc.action::<Escalation>(
        HttpMethod::Post,
        "/conflicts/{id}/escalate",
        "conflicts",
        "escalateConflict",
        "Escalate a disagreement one level up, proposing an item to that forum's agenda",
        Some("EscalateInput"),
        None,
        true,
        &["401", "403", "404", "412", "422", "428"],
    );
    doc.schema::<EscalateInput>();
    doc.action::<Conflict>(
        HttpMethod::Post,
        "/conflicts/{id}/discussed",
        "conflicts",
        "recordConflictDiscussion",
        "Record that a forum discussed a disagreement at an agenda item",
        Some("DiscussedInput"),
        None,
        true,
        &["401", "403", "404", "412", "422", "428"],
    );
    doc.schema::<DiscussedInput>();
    doc.action::<Conflict>(
        HttpMethod::Post,
        "/conflicts/{id}/resolve",
        "conflicts",
        "resolveConflict",
        "Resolve a disagreement at the agenda item that settled it",
        Some("ResolveInput"),
        None,
        true,
        &["401", "403", "404", "412", "422", "428"],
    );
    doc.schema::<ResolveInput>();
    doc.action::<Approvals>(
        HttpMethod::Get,
        "/protocol-versions/{id}/approvals",
        "protocol-versions",
        "getProtocolApprovals",
        "Each party's approval of a protocol version: the ratifications of its accepting item",
        None,
        None,
        false,
        &["404"],
    );
}
