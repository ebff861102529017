//! The situational picture of a region: which indicators it shows (the cooperation
//! manager's choice, kept as data), their figures for the member municipalities, the
//! region and the whole country, and the municipal borders its map is drawn from.
//!
//! The figures come in one query for all the chosen indicators and areas, and the
//! region's figure of each year is made here from the members of that year, by the same
//! rules as `indicators::region_figure` (dated membership, a sum with a missing member is
//! missing, a rate is the source's own figure) — asking that function once per indicator
//! and year would be a thousand queries for a page (docs/performance.md).

use std::collections::{BTreeSet, HashMap};

use foorumi_core::indicators::*;
use foorumi_core::permissions::{Action, Actor, Object};
use foorumi_core::picture::*;
use foorumi_core::*;
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::audit::{self, Author, Change};
use crate::records::{all, authorise, load};
use crate::{Error, Result, Store};

// ---- the chosen indicators -------------------------------------------------------------

async fn chosen_in(conn: &mut AnyConnection, region_id: Id) -> Result<Vec<Id>> {
    Ok(sqlx::query_scalar("SELECT indicator_id FROM picture_indicators WHERE region_id = $1 ORDER BY position, indicator_id")
        .bind(region_id)
        .fetch_all(&mut *conn)
        .await?)
}

/// The indicators the region's picture shows, in their order.
pub async fn chosen_indicators(store: &Store, region_id: Id) -> Result<Vec<Id>> {
    let mut conn = store.pool().acquire().await?;
    chosen_in(&mut conn, region_id).await
}

#[derive(Serialize)]
struct Choice<'a> {
    indicators: &'a [Id],
}

/// Replaces the region's choice of indicators (in the given order): the cooperation
/// manager's or a region administrator's; audited.
pub async fn set_chosen_indicators(store: &Store, actor: &Actor, author: &Author, region_id: Id, ids: &[Id]) -> Result<Vec<Id>> {
    let mut tx = store.write().await?;
    load::<Region>(&mut tx, region_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Update, Object::Cooperation { region: region_id })?;
    let known: Vec<Id> = sqlx::query_scalar("SELECT id FROM indicators").fetch_all(&mut *tx).await?;
    check_choice(ids, &known)?;
    let before = chosen_in(&mut tx, region_id).await?;
    sqlx::query("DELETE FROM picture_indicators WHERE region_id = $1").bind(region_id).execute(&mut *tx).await?;
    for (position, id) in ids.iter().enumerate() {
        sqlx::query("INSERT INTO picture_indicators (region_id, indicator_id, position) VALUES ($1, $2, $3)")
            .bind(region_id)
            .bind(*id)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
    }
    let change = Change {
        action: "choose_indicators",
        entity: "picture",
        entity_id: region_id,
        region_id: Some(region_id),
        before: Some(&Choice { indicators: &before }),
        after: Some(&Choice { indicators: ids }),
    };
    audit::record(&mut tx, author, change).await?;
    tx.commit().await?;
    Ok(ids.to_vec())
}

// ---- the figures -----------------------------------------------------------------------

/// The municipalities a region's picture shows: its municipal parties with an official
/// code that belong to the region on any date (Nastola and Hämeenkoski until 2015, Iitti
/// from 2021), by code.
pub fn picture_municipalities<'a>(region: &Region, parties: &'a [Party]) -> Vec<(String, &'a Party)> {
    let mut list: Vec<(String, &Party)> = parties
        .iter()
        .filter(|p| p.input.kind == PartyKind::Municipality)
        .filter(|p| p.input.region_periods.iter().any(|period| period.region_code == region.input.code))
        .filter_map(|p| Some((AreaKind::Municipality.normalise_code(p.input.code.as_deref()?)?, p)))
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

/// The region's picture of its chosen indicators, loading what it needs.
pub async fn region_picture(store: &Store, region_id: Id) -> Result<PictureData> {
    let mut conn = store.pool().acquire().await?;
    let region = load::<Region>(&mut conn, region_id).await?.ok_or(Error::NotFound)?;
    let parties: Vec<Party> = all(&mut conn, region_id).await?;
    let ids = chosen_in(&mut conn, region_id).await?;
    picture_data_in(&mut conn, &region, &parties, &ids).await
}

/// The region's picture of its chosen indicators, from the cache when it was computed at
/// the current register version (every change that can alter the figures is audited and
/// moves that version), otherwise computed and cached. The steady-state cost of a picture
/// page is then one small query and the reading of one JSON document, not the rows of
/// every value (docs/performance.md).
pub async fn cached_region_picture(store: &Store, region_id: Id) -> Result<PictureData> {
    let mut conn = store.pool().acquire().await?;
    // The version first: a change made while the figures are computed leaves them under
    // the older version, so the next reader computes again.
    let version: i64 = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1").fetch_one(&mut *conn).await?;
    let cached =
        sqlx::query("SELECT version, data FROM picture_cache WHERE region_id = $1").bind(region_id).fetch_optional(&mut *conn).await?;
    if let Some(row) = cached
        && row.try_get::<i64, _>("version")? == version
        && let Ok(data) = serde_json::from_str::<PictureData>(&row.try_get::<String, _>("data")?)
    {
        return Ok(data);
    }
    let region = load::<Region>(&mut conn, region_id).await?.ok_or(Error::NotFound)?;
    let parties: Vec<Party> = all(&mut conn, region_id).await?;
    let ids = chosen_in(&mut conn, region_id).await?;
    let data = picture_data_in(&mut conn, &region, &parties, &ids).await?;
    sqlx::query(
        "INSERT INTO picture_cache (region_id, version, data) VALUES ($1, $2, $3) \
         ON CONFLICT (region_id) DO UPDATE SET version = excluded.version, data = excluded.data",
    )
    .bind(region_id)
    .bind(version)
    .bind(serde_json::to_string(&data).expect("figures serialise"))
    .execute(&mut *conn)
    .await
    // Only a cache: a page is still shown when it cannot be written.
    .ok();
    Ok(data)
}

/// The picture of `ids` for the region: one query for the values of all of them.
/// Indicators unknown to the catalogue are left out.
pub(crate) async fn picture_data_in(conn: &mut AnyConnection, region: &Region, parties: &[Party], ids: &[Id]) -> Result<PictureData> {
    let region_code = region.input.code.clone();
    let mut data = PictureData { region_code: region_code.clone(), region_name: region.input.name.clone(), indicators: Vec::new() };
    if ids.is_empty() {
        return Ok(data);
    }
    let municipalities = picture_municipalities(region, parties);
    // The catalogue entries, in one query.
    let list: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT id, name_fi, name_sv, name_en, unit_fi, unit_sv, unit_en, decimals, source, better, additive FROM indicators WHERE id IN ({})",
        list.join(", ")
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(*id);
    }
    let mut catalogue = HashMap::new();
    for row in query.fetch_all(&mut *conn).await? {
        let id: Id = row.try_get("id")?;
        let better: String = row.try_get("better")?;
        catalogue.insert(
            id,
            (
                crate::records::names(&row, "name")?,
                crate::records::names(&row, "unit")?,
                row.try_get::<i64, _>("decimals")?,
                row.try_get::<String, _>("source")?,
                Better::parse(&better).unwrap_or(Better::Neither),
                crate::records::flag(&row, "additive")?,
            ),
        );
    }
    // The areas: the municipalities, the region and the country.
    let mut areas: HashMap<Id, (AreaKind, String, Names)> = HashMap::new();
    let area_rows = sqlx::query(
        "SELECT id, kind, code, name_fi, name_sv, name_en FROM indicator_areas WHERE kind = 'municipality' OR (kind = 'region' AND code = $1) \
         OR (kind = 'country' AND code = $2)",
    )
    .bind(region_code.clone())
    .bind(COUNTRY_CODE)
    .fetch_all(&mut *conn)
    .await?;
    let wanted: BTreeSet<&str> = municipalities.iter().map(|(code, _)| code.as_str()).collect();
    for row in area_rows {
        let kind: String = row.try_get("kind")?;
        let Some(kind) = AreaKind::parse(&kind) else { continue };
        let code: String = row.try_get("code")?;
        if kind == AreaKind::Municipality && !wanted.contains(code.as_str()) {
            continue;
        }
        areas.insert(row.try_get("id")?, (kind, code, crate::records::names(&row, "name")?));
    }
    // Every value of every chosen indicator in those areas, in one query.
    let mut values: HashMap<(Id, AreaKind, String), YearValues> = HashMap::new();
    let mut years: HashMap<Id, BTreeSet<i32>> = HashMap::new();
    if !areas.is_empty() {
        let indicator_list: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let area_ids: Vec<Id> = areas.keys().copied().collect();
        let area_list: Vec<String> = (ids.len() + 1..=ids.len() + area_ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT indicator_id, area_id, year, value FROM indicator_values WHERE indicator_id IN ({}) AND area_id IN ({}) \
             AND gender = 'total' AND age_group = '' ORDER BY indicator_id, area_id, year",
            indicator_list.join(", "),
            area_list.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for id in ids.iter().chain(area_ids.iter()) {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            let indicator: Id = row.try_get("indicator_id")?;
            let area: Id = row.try_get("area_id")?;
            let year = row.try_get::<i64, _>("year")? as i32;
            let value: Option<f64> = row.try_get("value")?;
            let (kind, code, _) = &areas[&area];
            values.entry((indicator, *kind, code.clone())).or_default().push((year, value));
            years.entry(indicator).or_default().insert(year);
        }
    }
    let name_of = |kind: AreaKind, code: &str| {
        areas.values().find(|(k, c, _)| *k == kind && c == code).map(|(_, _, n)| n.clone()).unwrap_or_default()
    };
    for id in ids {
        let Some((name, unit, decimals, source, better, additive)) = catalogue.get(id) else { continue };
        let years: Vec<i32> = years.remove(id).unwrap_or_default().into_iter().collect();
        let row_of = |kind: AreaKind, code: &str| -> Vec<Option<f64>> {
            let mut row = vec![None; years.len()];
            if let Some(list) = values.get(&(*id, kind, code.to_owned())) {
                for (year, value) in list {
                    if let Ok(at) = years.binary_search(year) {
                        row[at] = *value;
                    }
                }
            }
            row
        };
        let mut series = Vec::with_capacity(municipalities.len() + 2);
        for (code, party) in &municipalities {
            series.push(AreaSeries {
                kind: AreaKind::Municipality,
                code: code.clone(),
                name: party.input.name.clone(),
                values: row_of(AreaKind::Municipality, code),
            });
        }
        let method = if *additive { AggregateMethod::SumOfMembers } else { AggregateMethod::SourceValue };
        let region_values = match method {
            AggregateMethod::SourceValue => row_of(AreaKind::Region, &region_code),
            AggregateMethod::SumOfMembers => years
                .iter()
                .enumerate()
                .map(|(at, year)| {
                    let date = membership_date(*year);
                    let members: Vec<Option<f64>> = municipalities
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, party))| party.belongs_to(&region_code, date))
                        .map(|(i, _)| series[i].values[at])
                        .collect();
                    sum_of_members(&members)
                })
                .collect(),
        };
        series.push(AreaSeries {
            kind: AreaKind::Region,
            code: region_code.clone(),
            name: region.input.name.clone(),
            values: region_values,
        });
        series.push(AreaSeries {
            kind: AreaKind::Country,
            code: COUNTRY_CODE.to_owned(),
            name: name_of(AreaKind::Country, COUNTRY_CODE),
            values: row_of(AreaKind::Country, COUNTRY_CODE),
        });
        data.indicators.push(PictureIndicator {
            indicator_id: *id,
            name: name.clone(),
            unit: unit.clone(),
            decimals: *decimals,
            source: source.clone(),
            better: *better,
            method,
            years,
            series,
        });
    }
    Ok(data)
}

// ---- borders ---------------------------------------------------------------------------

/// Polygons, each of rings (the outer first) of (longitude, latitude) points, WGS-84.
pub type Polygons = Vec<Vec<Vec<(f64, f64)>>>;

/// An area's values of one indicator as (year, figure).
type YearValues = Vec<(i32, Option<f64>)>;

/// A municipality's border for the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Border {
    pub code: String,
    pub name: Names,
    pub polygons: Polygons,
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: serde_json::Map<String, serde_json::Value>,
    geometry: serde_json::Value,
}

/// Polygons of a GeoJSON Polygon or MultiPolygon geometry; None for anything else.
fn polygons(geometry: &serde_json::Value) -> Option<Polygons> {
    let ring = |ring: &serde_json::Value| -> Option<Vec<(f64, f64)>> {
        ring.as_array()?.iter().map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?))).collect()
    };
    let polygon = |polygon: &serde_json::Value| -> Option<Vec<Vec<(f64, f64)>>> { polygon.as_array()?.iter().map(ring).collect() };
    let coordinates = geometry.get("coordinates")?;
    match geometry.get("type")?.as_str()? {
        "Polygon" => Some(vec![polygon(coordinates)?]),
        "MultiPolygon" => coordinates.as_array()?.iter().map(polygon).collect(),
        _ => None,
    }
}

/// What a border import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BordersSummary {
    pub imported: usize,
}

/// Imports municipal borders from a GeoJSON FeatureCollection in WGS-84 whose features
/// carry the official code in `NATCODE` and the names in `NAMEFIN` and `NAMESWE` (the
/// National Land Survey's division, as `kuntarajat.2023.json`), all or nothing; a
/// feature without a code or a polygon refuses the file, naming the feature.
pub async fn import_borders(store: &Store, actor: &Actor, author: &Author, text: &str) -> Result<BordersSummary> {
    if !actor.instance_admin {
        return Err(Error::Forbidden);
    }
    let collection: FeatureCollection = serde_json::from_str(text)
        .map_err(|e| Error::Invalid(vec![FieldError::new(&format!("line {}: column {}", e.line(), e.column()), "error-borders-file")]))?;
    let mut tx = store.write().await?;
    let mut summary = BordersSummary::default();
    for (i, feature) in collection.features.iter().enumerate() {
        let locate = |field: &str| Error::Invalid(vec![FieldError::new(&format!("feature {}: {field}", i + 1), "error-borders-file")]);
        let text = |name: &str| feature.properties.get(name).and_then(|v| v.as_str()).map(str::trim).unwrap_or_default().to_owned();
        let code = AreaKind::Municipality.normalise_code(&text("NATCODE")).ok_or_else(|| locate("NATCODE"))?;
        let shape = polygons(&feature.geometry).filter(|p| !p.is_empty()).ok_or_else(|| locate("geometry"))?;
        let name_fi = text("NAMEFIN");
        let name_sv = if text("NAMESWE").is_empty() { name_fi.clone() } else { text("NAMESWE") };
        sqlx::query(
            "INSERT INTO area_borders (code, name_fi, name_sv, geometry) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code) DO UPDATE SET name_fi = excluded.name_fi, name_sv = excluded.name_sv, geometry = excluded.geometry",
        )
        .bind(code)
        .bind(name_fi)
        .bind(name_sv)
        .bind(serde_json::to_string(&shape).expect("numbers serialise"))
        .execute(&mut *tx)
        .await?;
        summary.imported += 1;
    }
    let change = Change { action: "import", entity: "area_borders", entity_id: 0, region_id: None, before: None, after: Some(&summary) };
    audit::record(&mut tx, author, change).await?;
    tx.commit().await?;
    Ok(summary)
}

/// The borders of the given municipalities (those that have one).
pub async fn borders(store: &Store, codes: &[String]) -> Result<Vec<Border>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = (1..=codes.len()).map(|n| format!("${n}")).collect();
    let sql = format!("SELECT code, name_fi, name_sv, geometry FROM area_borders WHERE code IN ({}) ORDER BY code", list.join(", "));
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for code in codes {
        query = query.bind(code.clone());
    }
    let rows = query.fetch_all(store.pool()).await?;
    rows.iter()
        .map(|row| {
            let geometry: String = row.try_get("geometry")?;
            let name_fi: String = row.try_get("name_fi")?;
            Ok(Border {
                code: row.try_get("code")?,
                name: Names { en: name_fi.clone(), sv: row.try_get("name_sv")?, fi: name_fi },
                polygons: serde_json::from_str(&geometry).map_err(|e| Error::Config(format!("bad border in database: {e}")))?,
            })
        })
        .collect()
}

// ---- beside the charts -----------------------------------------------------------------

/// The region's open actions (open or in progress), in every forum; the caller shows
/// only those the viewer may see.
pub async fn open_actions(store: &Store, region_id: Id) -> Result<Vec<ActionItem>> {
    use crate::records::Record;
    let mut conn = store.pool().acquire().await?;
    let sql = format!(
        "SELECT {} FROM {} WHERE region_id = $1 AND status IN ('open', 'in_progress') ORDER BY {}",
        ActionItem::COLUMNS,
        ActionItem::TABLE,
        ActionItem::ORDER
    );
    let rows = sqlx::query(AssertSqlSafe(sql)).bind(region_id).fetch_all(&mut *conn).await?;
    let mut items = rows.iter().map(ActionItem::from_row).collect::<Result<Vec<_>>>()?;
    ActionItem::attach(&mut conn, &mut items).await?;
    Ok(items)
}
