//! The situational picture in the API: a region's picture (the chosen indicators' figures
//! with their source lines), the choice of indicators, snapshots (list, one, freeze,
//! establish, compare). A snapshot never changes: PUT and DELETE on one are 409.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use foorumi_core::picture::*;
use foorumi_core::*;
use foorumi_store::picture as store_picture;
use foorumi_store::{snapshots, views};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::path::HttpMethod;

use super::PREFIX;
use super::agenda::json_body;
use super::caller;
use super::collection::{json_response, record_id};
use super::openapi::Document;
use super::problem::{ApiError, ApiResult};
use crate::AppState;
use crate::auth::Viewer;
use crate::html::picture_attribution as attribution;

/// An indicator of the picture with the source line to show with it.
#[derive(Serialize, ToSchema)]
pub struct PictureIndicatorAnswer {
    #[serde(flatten)]
    pub indicator: PictureIndicator,
    /// "Lähde: THL, Sotkanet, 2000–2022" in the answer's language.
    pub attribution: String,
}

/// A region's picture: each chosen indicator's figures for the member municipalities,
/// the region and the whole country. A missing figure is null, never 0.
#[derive(Serialize, ToSchema)]
pub struct PictureAnswer {
    pub region_code: String,
    pub region_name: Names,
    pub indicators: Vec<PictureIndicatorAnswer>,
}

/// The indicators a region's picture shows, in order.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorChoice {
    pub indicators: Vec<Id>,
}

#[derive(Serialize, ToSchema)]
pub struct SnapshotList {
    pub items: Vec<SnapshotSummary>,
}

/// The agenda item of the chairs' forum that established a snapshot.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EstablishInput {
    pub item_id: Id,
}

fn answer(lang: Lang, data: PictureData) -> PictureAnswer {
    PictureAnswer {
        region_code: data.region_code,
        region_name: data.region_name,
        indicators: data
            .indicators
            .into_iter()
            .map(|indicator| PictureIndicatorAnswer {
                attribution: attribution(lang, &indicator.source, indicator.data_years()),
                indicator,
            })
            .collect(),
    }
}

async fn region_id(state: &AppState, lang: Lang, code: &str) -> ApiResult<Id> {
    Ok(views::region_by_code(&state.store, code).await.map_err(|e| ApiError::from_store(lang, e))?.id)
}

/// `GET /regions/{code}/picture`.
pub async fn picture(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(code): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let region = region_id(&state, lang, &code).await?;
    let picture = state.picture(region).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &answer(lang, picture.data.clone())))
}

/// `GET /regions/{code}/picture/indicators`.
pub async fn chosen(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(code): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let region = region_id(&state, lang, &code).await?;
    let indicators = store_picture::chosen_indicators(&state.store, region).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &IndicatorChoice { indicators }))
}

/// `PUT /regions/{code}/picture/indicators`: replaces the choice.
pub async fn choose(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let region = region_id(&state, lang, &code).await?;
    let input: IndicatorChoice = json_body(lang, &body)?;
    let indicators = store_picture::set_chosen_indicators(&state.store, &caller.actor, &caller.author, region, &input.indicators)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &IndicatorChoice { indicators }))
}

/// `GET /regions/{code}/snapshots`: newest first.
pub async fn list(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(code): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let region = region_id(&state, lang, &code).await?;
    let items = snapshots::snapshots(&state.store, region).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &SnapshotList { items }))
}

/// `POST /regions/{code}/snapshots`: freezes the picture as it stands today.
pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let region = region_id(&state, lang, &code).await?;
    let input: SnapshotInput = json_body(lang, &body)?;
    let snapshot = snapshots::create(&state.store, &caller.actor, &caller.author, region, input, foorumi_store::today())
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    let mut response = json_response(StatusCode::CREATED, &snapshot);
    if let Ok(location) = HeaderValue::from_str(&format!("{PREFIX}/snapshots/{}", snapshot.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /snapshots/{id}`: the frozen figures, the commentary and the establishment.
pub async fn one(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let snapshot = snapshots::snapshot(&state.store, id).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &snapshot))
}

/// `PUT` and `DELETE /snapshots/{id}`: a snapshot never changes (409).
pub async fn refuse(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    match snapshots::refuse_change(&state.store, &caller.actor, id).await {
        Err(foorumi_store::Error::Conflict { code, .. }) if code == "error-snapshot-frozen" => {
            Err(ApiError::new(lang, StatusCode::CONFLICT, "snapshot-frozen").field("snapshot", &code))
        }
        Err(err) => Err(ApiError::from_store(lang, err)),
        Ok(()) => Err(ApiError::new(lang, StatusCode::CONFLICT, "snapshot-frozen")),
    }
}

/// `POST /snapshots/{id}/establish`: records the chairs' forum item, once.
pub async fn establish(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let input: EstablishInput = json_body(lang, &body)?;
    let snapshot = snapshots::establish(&state.store, &caller.actor, &caller.author, id, input.item_id)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &snapshot))
}

/// `GET /snapshots/{id}/compare`: the current figures against the snapshot's.
pub async fn compare(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let (_, _, comparison) = snapshots::compare_with_current(&state.store, id).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &comparison))
}

/// Describes the routes above in the OpenAPI document.
pub fn document(doc: &mut Document) {
    doc.schema::<SnapshotInput>();
    doc.schema::<IndicatorChoice>();
    doc.schema::<EstablishInput>();
    let reads = &["404"];
    let writes = &["401", "403", "404", "409", "422"];
    let tag = "picture";
    doc.action::<PictureAnswer>(
        HttpMethod::Get,
        "/regions/{code}/picture",
        tag,
        "getPicture",
        "A region's situational picture",
        None,
        None,
        false,
        reads,
    );
    doc.action::<IndicatorChoice>(
        HttpMethod::Get,
        "/regions/{code}/picture/indicators",
        tag,
        "getPictureIndicators",
        "The indicators a region's picture shows",
        None,
        None,
        false,
        reads,
    );
    doc.action::<IndicatorChoice>(
        HttpMethod::Put,
        "/regions/{code}/picture/indicators",
        tag,
        "setPictureIndicators",
        "Replace the indicators a region's picture shows",
        Some("IndicatorChoice"),
        None,
        false,
        writes,
    );
    doc.action::<SnapshotList>(
        HttpMethod::Get,
        "/regions/{code}/snapshots",
        tag,
        "listSnapshots",
        "A region's snapshots, newest first",
        None,
        None,
        false,
        reads,
    );
    doc.action::<Snapshot>(
        HttpMethod::Post,
        "/regions/{code}/snapshots",
        tag,
        "freezeSnapshot",
        "Freeze the region's picture as it stands today (201)",
        Some("SnapshotInput"),
        None,
        false,
        writes,
    );
    doc.action::<Snapshot>(
        HttpMethod::Get,
        "/snapshots/{id}",
        tag,
        "getSnapshot",
        "A snapshot with its frozen figures",
        None,
        None,
        false,
        reads,
    );
    doc.action::<Snapshot>(
        HttpMethod::Put,
        "/snapshots/{id}",
        tag,
        "changeSnapshot",
        "Refused: a snapshot never changes (409)",
        None,
        None,
        false,
        writes,
    );
    doc.action::<Snapshot>(
        HttpMethod::Delete,
        "/snapshots/{id}",
        tag,
        "deleteSnapshot",
        "Refused: a snapshot never changes (409)",
        None,
        None,
        false,
        writes,
    );
    doc.action::<Snapshot>(
        HttpMethod::Post,
        "/snapshots/{id}/establish",
        tag,
        "establishSnapshot",
        "Record the chairs' forum item that established the snapshot (once; a second time is 409)",
        Some("EstablishInput"),
        None,
        false,
        writes,
    );
    doc.action::<Comparison>(
        HttpMethod::Get,
        "/snapshots/{id}/compare",
        tag,
        "compareSnapshot",
        "The current figures against a snapshot's, with what was added or revised since",
        None,
        None,
        false,
        reads,
    );
}
