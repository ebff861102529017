//! Indicators in the API, read only: the catalogue, one indicator, and an indicator's
//! values by area and year. Every answer with values names the source ("THL, Sotkanet")
//! and the data years, as every chart and table must; a missing value is `null` with the
//! words for it ("ei tietoa"), never 0.

use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use foorumi_core::indicators::*;
use foorumi_core::{FieldError, Id, Lang, Names};
use foorumi_store::indicators::{self, ValueQuery};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{ContentBuilder, ObjectBuilder, Ref, RefOr, Required, ResponseBuilder, Schema, Type};

use super::PREFIX;
use super::caller;
use super::collection::{json_response, record_id};
use super::openapi::Document;
use super::problem::{ApiError, ApiResult};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

/// Values in one answer, unless the caller asks for another number, and at most.
const DEFAULT_LIMIT: i64 = 1000;
const MAX_LIMIT: i64 = 10_000;

/// A page of the catalogue.
#[derive(Serialize, ToSchema)]
pub struct IndicatorList {
    pub items: Vec<Indicator>,
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

/// One value as the API gives it.
#[derive(Serialize, ToSchema)]
pub struct ValueEntry {
    pub area: Area,
    pub year: i32,
    pub gender: Gender,
    pub age_group: Option<String>,
    /// The figure; null when the source has none or suppressed it — never 0.
    pub value: Option<f64>,
    /// The figure as people read it in the answer's language, with the indicator's
    /// decimals ("201 270"), or the words for a missing figure ("ei tietoa").
    pub text: String,
    pub absolute_value: Option<f64>,
}

/// An indicator's values with what must be shown beside them.
#[derive(Serialize, ToSchema)]
pub struct IndicatorValues {
    pub indicator_id: Id,
    pub name: Names,
    pub unit: Names,
    pub decimals: i64,
    /// The source to name with the values: "THL, Sotkanet".
    pub source: String,
    /// The first and last year of the values in this answer (none without values).
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
    /// The source line in the answer's language: "Lähde: THL, Sotkanet, 2009–2022".
    pub attribution: String,
    pub values: Vec<ValueEntry>,
    /// Values matching the query before `offset` and `limit`.
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

fn query_pairs(uri: &axum::http::Uri, lang: Lang) -> ApiResult<Vec<(String, String)>> {
    serde_urlencoded::from_str(uri.query().unwrap_or_default())
        .map_err(|_| ApiError::invalid(lang, &[FieldError::new("query", "error-invalid")]))
}

fn number(lang: Lang, name: &str, value: &str, allowed: std::ops::RangeInclusive<i64>) -> ApiResult<i64> {
    match value.trim().parse::<i64>() {
        Ok(n) if allowed.contains(&n) => Ok(n),
        Ok(_) => Err(ApiError::invalid(lang, &[FieldError::new(name, "error-invalid")])),
        Err(_) => Err(ApiError::invalid(lang, &[FieldError::new(name, "error-integer")])),
    }
}

/// The catalogue, by id; `?group=` for one group.
pub async fn list(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, OriginalUri(uri): OriginalUri) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let (mut group, mut offset, mut limit) = (None, 0, super::collection::DEFAULT_LIMIT);
    for (name, value) in query_pairs(&uri, lang)? {
        match name.as_str() {
            "group" => {
                group = Some(
                    IndicatorGroup::parse(&value).ok_or_else(|| ApiError::invalid(lang, &[FieldError::new("group", "error-invalid")]))?,
                )
            }
            "offset" => offset = number(lang, "offset", &value, 0..=i64::MAX)?,
            "limit" => limit = number(lang, "limit", &value, 1..=i64::MAX)?.min(super::collection::MAX_LIMIT),
            "lang" => {}
            _ => return Err(ApiError::invalid(lang, &[FieldError::new(&name, "error-unknown-filter")])),
        }
    }
    let all = indicators::indicators(&state.store, group).await.map_err(|e| ApiError::from_store(lang, e))?;
    let total = all.len() as i64;
    let items = all.into_iter().skip(offset as usize).take(limit as usize).collect();
    Ok(json_response(StatusCode::OK, &IndicatorList { items, total, offset, limit }))
}

pub async fn one(State(state): State<AppState>, viewer: Viewer, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let indicator = indicators::indicator(&state.store, id).await.map_err(|e| ApiError::from_store(lang, e))?;
    Ok(json_response(StatusCode::OK, &indicator))
}

/// `?area=region:07&area=398&from=2009&to=2022&gender=total`; `area` may also be a
/// comma-separated list.
pub async fn values(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    caller::reader(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let mut query = ValueQuery::default();
    let (mut offset, mut limit) = (0, DEFAULT_LIMIT);
    let years = i64::from(*YEARS.start())..=i64::from(*YEARS.end());
    for (name, value) in query_pairs(&uri, lang)? {
        match name.as_str() {
            "area" => {
                for text in value.split(',').filter(|t| !t.trim().is_empty()) {
                    let area =
                        AreaKey::parse(text).ok_or_else(|| ApiError::invalid(lang, &[FieldError::new("area", "error-indicator-area")]))?;
                    query.areas.push(area);
                }
            }
            "from" => query.from = Some(number(lang, "from", &value, years.clone())? as i32),
            "to" => query.to = Some(number(lang, "to", &value, years.clone())? as i32),
            "gender" => {
                query.gender = Some(
                    Gender::parse(&value).ok_or_else(|| ApiError::invalid(lang, &[FieldError::new("gender", "error-indicator-gender")]))?,
                )
            }
            "offset" => offset = number(lang, "offset", &value, 0..=i64::MAX)?,
            "limit" => limit = number(lang, "limit", &value, 1..=i64::MAX)?.min(MAX_LIMIT),
            "lang" => {}
            _ => return Err(ApiError::invalid(lang, &[FieldError::new(&name, "error-unknown-filter")])),
        }
    }
    let indicator = indicators::indicator(&state.store, id).await.map_err(|e| ApiError::from_store(lang, e))?;
    let (found, total) = indicators::values(&state.store, id, &query, offset, limit).await.map_err(|e| ApiError::from_store(lang, e))?;
    let first_year = found.iter().map(|v| v.year).min();
    let last_year = found.iter().map(|v| v.year).max();
    let missing = t(lang, "indicator-missing");
    let values = found
        .into_iter()
        .map(|v| ValueEntry {
            text: v.value.map_or_else(|| missing.clone(), |value| format_value(value, indicator.input.decimals, lang)),
            area: v.area,
            year: v.year,
            gender: v.gender,
            age_group: v.age_group,
            value: v.value,
            absolute_value: v.absolute_value,
        })
        .collect();
    let attribution = attribution(lang, &indicator.input.source, first_year.zip(last_year));
    let answer = IndicatorValues {
        indicator_id: indicator.id,
        name: indicator.input.name,
        unit: indicator.input.unit,
        decimals: indicator.input.decimals,
        source: indicator.input.source,
        first_year,
        last_year,
        attribution,
        values,
        total,
        offset,
        limit,
    };
    Ok(json_response(StatusCode::OK, &answer))
}

/// "Lähde: THL, Sotkanet, 2009" or "…, 2000–2022"; just the source without values.
pub fn attribution(lang: Lang, source: &str, years: Option<(i32, i32)>) -> String {
    match years {
        Some((first, last)) => {
            let years = if first == last { first.to_string() } else { format!("{first}–{last}") };
            t_args(lang, "indicator-attribution-years", &[("source", source.to_owned()), ("years", years)])
        }
        None => t_args(lang, "indicator-attribution", &[("source", source.to_owned())]),
    }
}

fn query_parameter(name: &str, description: &str, schema: RefOr<Schema>) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

fn integer_schema(min: i64, max: Option<i64>) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(min)).maximum(max).into()
}

fn read_operation(id: &str, summary: &str, parameters: Vec<Parameter>, response: &str) -> utoipa::openapi::path::Operation {
    let not_found = RefOr::Ref(Ref::new("#/components/responses/NotFound"));
    let invalid = RefOr::Ref(Ref::new("#/components/responses/UnprocessableContent"));
    OperationBuilder::new()
        .tag("indicators")
        .operation_id(Some(id))
        .summary(Some(summary))
        .parameters(Some(parameters))
        .response(
            "200",
            ResponseBuilder::new()
                .description("The answer.")
                .content("application/json", ContentBuilder::new().schema(Some(RefOr::Ref(Ref::from_schema_name(response)))).build())
                .build(),
        )
        .response("404", not_found)
        .response("422", invalid)
        .build()
}

fn lang_parameter() -> Parameter {
    let schema = ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["fi", "sv", "en"])).into();
    query_parameter("lang", "Language of the texts and error messages (otherwise Accept-Language; Finnish by default).", schema)
}

/// Describes the routes above in the OpenAPI document.
pub fn document(doc: &mut Document) {
    doc.schema::<IndicatorList>();
    doc.schema::<Indicator>();
    doc.schema::<IndicatorValues>();
    let string = || RefOr::from(ObjectBuilder::new().schema_type(Type::String).build());
    let list = read_operation(
        "listIndicators",
        "The indicator catalogue",
        vec![
            query_parameter("group", "Only the indicators of this group.", RefOr::Ref(Ref::from_schema_name("IndicatorGroup"))),
            query_parameter("offset", "Indicators to skip.", integer_schema(0, None)),
            query_parameter("limit", "Indicators to return.", integer_schema(1, Some(super::collection::MAX_LIMIT))),
            lang_parameter(),
        ],
        "IndicatorList",
    );
    doc.schema::<IndicatorGroup>();
    let id_parameter = || {
        ParameterBuilder::new()
            .name("id")
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some("The indicator's id (Sotkanet's, where it has one)."))
            .schema(Some(integer_schema(1, None)))
            .build()
    };
    let one = read_operation("getIndicator", "An indicator of the catalogue", vec![id_parameter(), lang_parameter()], "Indicator");
    let values = read_operation(
        "getIndicatorValues",
        "An indicator's values by area and year, with the source and the data years",
        vec![
            id_parameter(),
            query_parameter(
                "area",
                "Only these areas: `municipality:398` (or just `398`), `region:07`, `wellbeing_county:09`, `country`; repeat or separate with commas.",
                string(),
            ),
            query_parameter("from", "The first year.", integer_schema(i64::from(*YEARS.start()), Some(i64::from(*YEARS.end())))),
            query_parameter("to", "The last year.", integer_schema(i64::from(*YEARS.start()), Some(i64::from(*YEARS.end())))),
            query_parameter("gender", "Only this gender.", RefOr::Ref(Ref::from_schema_name("Gender"))),
            query_parameter("offset", "Values to skip.", integer_schema(0, None)),
            query_parameter("limit", "Values to return.", integer_schema(1, Some(MAX_LIMIT))),
            lang_parameter(),
        ],
        "IndicatorValues",
    );
    doc.schema::<Gender>();
    doc.add(&format!("{PREFIX}/indicators"), [(HttpMethod::Get, list)]);
    doc.add(&format!("{PREFIX}/indicators/{{id}}"), [(HttpMethod::Get, one)]);
    doc.add(&format!("{PREFIX}/indicators/{{id}}/values"), [(HttpMethod::Get, values)]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_names_source_and_years_in_each_language() {
        assert_eq!(attribution(Lang::Fi, SOTKANET_SOURCE, Some((2009, 2009))), "Lähde: THL, Sotkanet, 2009");
        assert_eq!(attribution(Lang::Sv, SOTKANET_SOURCE, Some((2000, 2022))), "Källa: THL, Sotkanet, 2000–2022");
        assert_eq!(attribution(Lang::En, SOTKANET_SOURCE, None), "Source: THL, Sotkanet");
        assert_eq!(t(Lang::Fi, "indicator-missing"), "ei tietoa");
    }

    #[test]
    fn every_message_key_of_the_indicators_is_translated() {
        let source = [
            include_str!("../../../core/src/indicators.rs"),
            include_str!("../../../store/src/indicators.rs"),
            include_str!("../../../store/src/indicator_files.rs"),
            include_str!("indicators.rs"),
        ]
        .concat();
        // Every quoted `"error-…"` key, wherever it stands.
        let missing: Vec<&str> = source
            .match_indices("\"error-")
            .filter_map(|(at, _)| {
                let rest = &source[at + 1..];
                let key = &rest[..rest.find('"')?];
                (key.len() > 6 && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')).then_some(key)
            })
            .filter(|key| !crate::i18n::has(key))
            .collect();
        assert!(missing.is_empty(), "untranslated error codes: {missing:?}");
    }
}
