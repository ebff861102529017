//! Statutory wellbeing reporting in the API beyond its records' collections: what is
//! missing for the current year and term (R3.1–R3.3), and the extensive report's
//! skeleton in THL's structure (R3.5) as Markdown. Both are public, like the reporting.

use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use foorumi_core::wellbeing::{GapKind, Urgency};
use foorumi_core::{FieldError, Id};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{ContentBuilder, ObjectBuilder, Ref, RefOr, Required, ResponseBuilder, Type};

use super::PREFIX;
use super::caller;
use super::collection::json_response;
use super::openapi::Document;
use super::problem::{ApiError, ApiResult};
use crate::AppState;
use crate::auth::Viewer;
use crate::html::wellbeing::{gap_text, markdown_download, skeleton_file_name, skeleton_markdown, skeleton_subject, urgency_text};

/// One missing item, with its words in the answer's language.
#[derive(Serialize, ToSchema)]
pub struct GapEntry {
    pub kind: GapKind,
    pub party_id: Option<Id>,
    pub year: Option<i32>,
    pub term_id: Option<Id>,
    /// Due while its year or term runs, late after.
    pub urgency: Urgency,
    /// "Erääntymässä: Hartola: vuoden 2026 hyvinvointiraportti puuttuu".
    pub text: String,
}

/// What is missing of a region's statutory wellbeing reporting on a date.
#[derive(Serialize, ToSchema)]
pub struct WellbeingGaps {
    pub region: String,
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    pub items: Vec<GapEntry>,
}

async fn register(
    state: &AppState,
    lang: foorumi_core::Lang,
    code: &str,
) -> ApiResult<std::sync::Arc<foorumi_store::views::RegionRegister>> {
    let region = foorumi_store::views::region_by_code(&state.store, code).await.map_err(|e| ApiError::from_store(lang, e))?;
    state.register(region.id).await.map_err(|e| ApiError::from_store(lang, e))
}

fn query_pairs(uri: &axum::http::Uri, lang: foorumi_core::Lang) -> ApiResult<Vec<(String, String)>> {
    serde_urlencoded::from_str(uri.query().unwrap_or_default())
        .map_err(|_| ApiError::invalid(lang, &[FieldError::new("query", "error-invalid")]))
}

/// `GET /regions/{code}/wellbeing-gaps[?date=YYYY-MM-DD]`: today in Finland by default.
pub async fn gaps(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(code): Path<String>,
    OriginalUri(uri): OriginalUri,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let mut date = foorumi_store::today();
    for (name, value) in query_pairs(&uri, lang)? {
        match name.as_str() {
            "date" => date = value.parse().map_err(|_| ApiError::invalid(lang, &[FieldError::new("date", "error-date")]))?,
            "lang" => {}
            _ => return Err(ApiError::invalid(lang, &[FieldError::new(&name, "error-unknown-filter")])),
        }
    }
    let register = register(&state, lang, &code).await?;
    let gaps = foorumi_store::wellbeing::wellbeing_gaps(&state.store, register.region.id, date)
        .await
        .map_err(|e| ApiError::from_store(lang, e))?;
    let items = gaps
        .iter()
        .map(|gap| GapEntry {
            kind: gap.kind,
            party_id: gap.party_id,
            year: gap.year,
            term_id: gap.term_id,
            urgency: gap.urgency,
            text: format!("{}: {}", urgency_text(lang, gap.urgency), gap_text(lang, &register, gap)),
        })
        .collect();
    Ok(json_response(StatusCode::OK, &WellbeingGaps { region: code, date, items }))
}

/// `GET /regions/{code}/wellbeing-skeleton?party_id=…&term_id=…`: the Markdown skeleton.
pub async fn skeleton(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(code): Path<String>,
    OriginalUri(uri): OriginalUri,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let (mut party, mut term) = (None, None);
    for (name, value) in query_pairs(&uri, lang)? {
        match name.as_str() {
            "party_id" => party = Some(value),
            "term_id" => term = Some(value),
            "lang" => {}
            _ => return Err(ApiError::invalid(lang, &[FieldError::new(&name, "error-unknown-filter")])),
        }
    }
    let mut missing = Vec::new();
    if party.is_none() {
        missing.push(FieldError::new("party_id", "error-required"));
    }
    if term.is_none() {
        missing.push(FieldError::new("term_id", "error-required"));
    }
    if !missing.is_empty() {
        return Err(ApiError::invalid(lang, &missing));
    }
    let register = register(&state, lang, &code).await?;
    let (party, term) = skeleton_subject(&register, party.as_deref(), term.as_deref()).ok_or_else(|| ApiError::not_found(lang))?;
    let values = foorumi_store::wellbeing::latest_values(&state.store, party).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(markdown_download(&skeleton_file_name(party, term), skeleton_markdown(lang, party, term, &values)))
}

fn parameter(name: &str, place: ParameterIn, required: bool, description: &str, kind: Type) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(place)
        .required(if required { Required::True } else { Required::False })
        .description(Some(description))
        .schema(Some(RefOr::from(ObjectBuilder::new().schema_type(kind).build())))
        .build()
}

/// Describes the routes above in the OpenAPI document.
pub fn document(doc: &mut Document) {
    doc.schema::<WellbeingGaps>();
    let code = || parameter("code", ParameterIn::Path, true, "The region's code (\"07\").", Type::String);
    let not_found = || RefOr::Ref(Ref::new("#/components/responses/NotFound"));
    let invalid = || RefOr::Ref(Ref::new("#/components/responses/UnprocessableContent"));
    let gaps = OperationBuilder::new()
        .tag("wellbeing")
        .operation_id(Some("getWellbeingGaps"))
        .summary(Some("What is missing of the statutory wellbeing reporting for the current year and term, and the year and term before"))
        .parameters(Some(vec![
            code(),
            parameter("date", ParameterIn::Query, false, "The date to look from; today by default.", Type::String),
        ]))
        .response(
            "200",
            ResponseBuilder::new()
                .description("The missing items.")
                .content("application/json", ContentBuilder::new().schema(Some(RefOr::Ref(Ref::from_schema_name("WellbeingGaps")))).build())
                .build(),
        )
        .response("404", not_found())
        .response("422", invalid())
        .build();
    let skeleton = OperationBuilder::new()
        .tag("wellbeing")
        .operation_id(Some("getWellbeingSkeleton"))
        .summary(Some("The extensive wellbeing report's skeleton in THL's six sections, with the party's latest indicator values"))
        .parameters(Some(vec![
            code(),
            parameter("party_id", ParameterIn::Query, true, "A municipality or the wellbeing services county.", Type::Integer),
            parameter("term_id", ParameterIn::Query, true, "The council term.", Type::Integer),
        ]))
        .response(
            "200",
            ResponseBuilder::new().description("The skeleton as Markdown.").content("text/markdown", ContentBuilder::new().build()).build(),
        )
        .response("404", not_found())
        .response("422", invalid())
        .build();
    doc.add(&format!("{PREFIX}/regions/{{code}}/wellbeing-gaps"), [(HttpMethod::Get, gaps)]);
    doc.add(&format!("{PREFIX}/regions/{{code}}/wellbeing-skeleton"), [(HttpMethod::Get, skeleton)]);
}
