//! Indicators: the catalogue, the areas, the values, their imports, and a region's figure
//! from its members' values.
//!
//! The data are national (Sotkanet publishes every municipality of Finland), so they
//! belong to no region; a region reads them through its parties' official codes and the
//! dated membership of those parties (`Party::belongs_to`).
//!
//! An import is one transaction: a file with an unknown area, a malformed number or the
//! same key twice imports nothing, and the error names the line and the column. Values
//! already stored under the same key are replaced, because Sotkanet revises its figures
//! and a new download is the newer truth. The values are written in multi-row statements
//! of `ROWS_PER_INSERT` rows, read and checked on one core while the database writes on
//! the other: ten million values take under 20 seconds on SQLite (docs/performance.md).

use std::collections::{BTreeMap, HashMap, HashSet};

use foorumi_core::indicators::*;
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::audit::{self, Author, Change};
use crate::indicator_files::{AreaRef, IndicatorPatch, RawValue, SotkanetRegion, at};
use crate::records::{all, flag, load, names};
use crate::{Backend, Error, Result, Store, Tx};

/// Imports write the catalogue and the national data: only the installation's
/// administrators (the command line acts as one) may.
fn authorise(actor: &Actor) -> Result<()> {
    if actor.instance_admin { Ok(()) } else { Err(Error::Forbidden) }
}

// ---- the catalogue ------------------------------------------------------------------------

const COLUMNS: &str = "id, name_fi, name_sv, name_en, description_fi, description_sv, description_en, unit_fi, unit_sv, unit_en, \
     decimals, source, producer_fi, producer_sv, producer_en, better, indicator_group, additive, version";

fn indicator_from_row(row: &AnyRow) -> Result<Indicator> {
    let better: String = row.try_get("better")?;
    let group: Option<String> = row.try_get("indicator_group")?;
    Ok(Indicator {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        input: IndicatorInput {
            name: names(row, "name")?,
            description: names(row, "description")?,
            unit: names(row, "unit")?,
            decimals: row.try_get("decimals")?,
            source: row.try_get("source")?,
            producer: names(row, "producer")?,
            better: Better::parse(&better).ok_or_else(|| Error::Config(format!("bad better in database: {better}")))?,
            group: match group {
                Some(text) => Some(IndicatorGroup::parse(&text).ok_or_else(|| Error::Config(format!("bad group in database: {text}")))?),
                None => None,
            },
            additive: flag(row, "additive")?,
        },
    })
}

async fn load_indicator(conn: &mut AnyConnection, id: Id) -> Result<Option<Indicator>> {
    let row =
        sqlx::query(AssertSqlSafe(&*format!("SELECT {COLUMNS} FROM indicators WHERE id = $1"))).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(indicator_from_row).transpose()
}

/// The catalogue, by id; only one group's indicators when `group` is given.
pub async fn indicators(store: &Store, group: Option<IndicatorGroup>) -> Result<Vec<Indicator>> {
    let rows = match group {
        Some(group) => {
            sqlx::query(AssertSqlSafe(&*format!("SELECT {COLUMNS} FROM indicators WHERE indicator_group = $1 ORDER BY id")))
                .bind(group.as_str())
                .fetch_all(store.pool())
                .await?
        }
        None => sqlx::query(AssertSqlSafe(&*format!("SELECT {COLUMNS} FROM indicators ORDER BY id"))).fetch_all(store.pool()).await?,
    };
    rows.iter().map(indicator_from_row).collect()
}

pub async fn indicator(store: &Store, id: Id) -> Result<Indicator> {
    let mut conn = store.pool().acquire().await?;
    load_indicator(&mut conn, id).await?.ok_or(Error::NotFound)
}

/// What a metadata import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CatalogueSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Applies metadata to the catalogue in one transaction: new indicators are created,
/// known ones get what the file says and keep the rest. An entry that leaves an
/// indicator without name or source refuses the whole file, naming the indicator.
pub async fn apply_catalogue(store: &Store, actor: &Actor, author: &Author, patches: &[IndicatorPatch]) -> Result<CatalogueSummary> {
    authorise(actor)?;
    let mut tx = store.write().await?;
    let mut summary = CatalogueSummary::default();
    let mut seen = HashSet::new();
    for patch in patches {
        let locate = |err: Error| match err {
            Error::Invalid(list) => Error::Invalid(
                list.into_iter().map(|e| FieldError { field: format!("indicator {}: {}", patch.id, e.field), code: e.code }).collect(),
            ),
            other => other,
        };
        if !seen.insert(patch.id) {
            return Err(locate(Error::Invalid(vec![FieldError::new("id", "error-indicator-duplicate")])));
        }
        let before = load_indicator(&mut tx, patch.id).await?;
        let input = patch.apply(before.as_ref().map(|b| &b.input));
        check_indicator(patch.id, &input).map_err(|e| locate(e.into()))?;
        if before.as_ref().is_some_and(|b| b.input == input) {
            summary.unchanged += 1;
            continue;
        }
        write_indicator(&mut tx, patch.id, &input, before.is_some()).await?;
        let after = Indicator { id: patch.id, version: before.as_ref().map_or(1, |b| b.version + 1), input };
        let action = if before.is_some() { "update" } else { "create" };
        let change =
            Change { action, entity: "indicator", entity_id: patch.id, region_id: None, before: before.as_ref(), after: Some(&after) };
        audit::record(&mut tx, author, change).await?;
        if before.is_some() {
            summary.updated += 1;
        } else {
            summary.created += 1;
        }
    }
    tx.commit().await?;
    Ok(summary)
}

async fn write_indicator(tx: &mut Tx<'_>, id: Id, input: &IndicatorInput, exists: bool) -> Result<()> {
    let sql = if exists {
        "UPDATE indicators SET name_fi = $2, name_sv = $3, name_en = $4, description_fi = $5, description_sv = $6, description_en = $7, \
         unit_fi = $8, unit_sv = $9, unit_en = $10, decimals = $11, source = $12, producer_fi = $13, producer_sv = $14, producer_en = $15, \
         better = $16, indicator_group = $17, additive = $18, version = version + 1 WHERE id = $1"
    } else {
        "INSERT INTO indicators (id, name_fi, name_sv, name_en, description_fi, description_sv, description_en, unit_fi, unit_sv, unit_en, \
         decimals, source, producer_fi, producer_sv, producer_en, better, indicator_group, additive) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
    };
    let mut query = sqlx::query(sql).bind(id);
    for names in [&input.name, &input.description, &input.unit] {
        query = query.bind(names.fi.clone()).bind(names.sv.clone()).bind(names.en.clone());
    }
    query
        .bind(input.decimals)
        .bind(input.source.clone())
        .bind(input.producer.fi.clone())
        .bind(input.producer.sv.clone())
        .bind(input.producer.en.clone())
        .bind(input.better.as_str())
        .bind(input.group.map(|g| g.as_str()))
        .bind(i64::from(input.additive))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

// ---- areas --------------------------------------------------------------------------------

/// What an import of Sotkanet's region list did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AreasSummary {
    /// Regions of the list, each now known by its Sotkanet id.
    pub regions: usize,
    /// Of them, the areas Foorumi keeps values for, by kind.
    pub areas: BTreeMap<AreaKind, usize>,
}

/// Imports Sotkanet's region list: the municipalities, wellbeing services counties,
/// regions and the country become areas under their official codes; every region's
/// Sotkanet id is remembered, so data files, which name regions by that id, can be read.
pub async fn import_areas(store: &Store, actor: &Actor, author: &Author, regions: &[SotkanetRegion]) -> Result<AreasSummary> {
    authorise(actor)?;
    let mut tx = store.write().await?;
    let mut summary = AreasSummary::default();
    let mut ids = HashSet::new();
    for region in regions {
        let locate = |column: &str, code: &str| Error::Invalid(vec![FieldError::new(&format!("region {}: {column}", region.id), code)]);
        if !ids.insert(region.id) {
            return Err(locate("id", "error-indicator-duplicate"));
        }
        let kind = AreaKind::from_sotkanet(&region.category);
        let area_id = match kind {
            Some(kind) => {
                let code = kind.normalise_code(&region.code).ok_or_else(|| locate("code", "error-indicator-area-code"))?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO indicator_areas (kind, code, name_fi, name_sv, name_en) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (kind, code) DO UPDATE SET name_fi = excluded.name_fi, name_sv = excluded.name_sv, name_en = excluded.name_en \
                     RETURNING id",
                )
                .bind(kind.as_str())
                .bind(code)
                .bind(region.title.fi.trim().to_owned())
                .bind(region.title.sv.trim().to_owned())
                .bind(region.title.en.trim().to_owned())
                .fetch_one(&mut *tx)
                .await?;
                *summary.areas.entry(kind).or_default() += 1;
                Some(id)
            }
            None => None,
        };
        sqlx::query(
            "INSERT INTO sotkanet_regions (sotkanet_id, category, code, area_id) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sotkanet_id) DO UPDATE SET category = excluded.category, code = excluded.code, area_id = excluded.area_id",
        )
        .bind(region.id)
        .bind(region.category.clone())
        .bind(region.code.clone())
        .bind(area_id)
        .execute(&mut *tx)
        .await?;
        summary.regions += 1;
    }
    let change = Change { action: "import", entity: "indicator_areas", entity_id: 0, region_id: None, before: None, after: Some(&summary) };
    audit::record(&mut tx, author, change).await?;
    tx.commit().await?;
    Ok(summary)
}

fn area_from_row(row: &AnyRow) -> Result<(Id, Area)> {
    let kind: String = row.try_get("kind")?;
    let kind = AreaKind::parse(&kind).ok_or_else(|| Error::Config(format!("bad area kind in database: {kind}")))?;
    Ok((row.try_get("id")?, Area { key: AreaKey { kind, code: row.try_get("code")? }, name: names(row, "name")? }))
}

async fn load_areas(conn: &mut AnyConnection) -> Result<Vec<(Id, Area)>> {
    let rows = sqlx::query("SELECT id, kind, code, name_fi, name_sv, name_en FROM indicator_areas ORDER BY kind, code")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(area_from_row).collect()
}

/// Every area, by kind and code.
pub async fn areas(store: &Store) -> Result<Vec<Area>> {
    let mut conn = store.pool().acquire().await?;
    Ok(load_areas(&mut conn).await?.into_iter().map(|(_, area)| area).collect())
}

// ---- importing values -----------------------------------------------------------------------

/// Choices of a value import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The region (tenant) whose membership values are checked against: values of areas
    /// outside it on their date are reported (and stored; the data are national).
    pub region_id: Option<Id>,
    /// Skips values of Sotkanet region ids missing from the stored region list instead
    /// of refusing the file (a data file newer or older than the list); they are counted.
    pub skip_unlisted_regions: bool,
}

/// Values of an area that was outside the region on their date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutsideRegion {
    pub area: Area,
    pub first_year: i32,
    pub last_year: i32,
    pub values: u64,
    /// The area is a party of the region at some other time (Iitti before 2021,
    /// Nastola after 2015), so its values here are worth a look.
    pub in_register: bool,
}

/// What a value import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportSummary {
    /// Values read from the file.
    pub read: u64,
    /// Values written (new or replacing a stored one).
    pub written: u64,
    /// Of those, values that replaced one already stored under the same key.
    pub replaced: u64,
    /// Of those, values that are missing or suppressed in the source (stored as missing).
    pub missing: u64,
    /// Values of areas Foorumi keeps no values for (Sotkanet's sub-regions, hospital
    /// districts, …), by Sotkanet category; not written.
    pub other_areas: BTreeMap<String, u64>,
    /// Values of Sotkanet region ids not in the region list, when told to skip them:
    /// (place, region id) of each; not written.
    pub unlisted_regions: Vec<(String, i64)>,
    /// Values of areas outside the region on their date; written.
    pub outside_region: Vec<OutsideRegion>,
    pub indicators: Vec<Id>,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

/// Rows per INSERT statement: one statement (and on PostgreSQL one round trip) for many
/// rows; 7 parameters a row stays under SQLite's 32 766 and PostgreSQL's 65 535. On
/// SQLite 1 000 rows were as fast as 4 000 and twice as fast as 64 (measured on 1 million
/// values).
const ROWS_PER_INSERT: usize = 1000;
const VALUE_COLUMNS: usize = 7;
const _: () = assert!(ROWS_PER_INSERT * VALUE_COLUMNS < 32_766, "SQLite's limit of parameters");

/// The multi-row INSERT, the one query written per backend, for two reasons.
///
/// On SQLite its parameters are anonymous (`?`): sqlx looks up the name of every `$n`
/// parameter and SQLite finds a name by a linear search, which makes a statement's cost
/// grow with the square of its parameters (95 % of an import's time at 7 000 of them).
///
/// On PostgreSQL a missing figure is bound as NaN and turned into NULL by `NULLIF`: sqlx's
/// `Any` driver declares a NULL `f64` as `float4`, and PostgreSQL keeps the parameter types
/// of the statement's first run, so a later batch with a figure where the first had none
/// would be refused. The files' numbers are never NaN (`parse_number` refuses it).
fn insert_sql(rows: usize, backend: Backend) -> String {
    let mut sql = String::with_capacity(200 + rows * 40);
    sql.push_str("INSERT INTO indicator_values (indicator_id, area_id, year, gender, age_group, value, absolute_value) VALUES ");
    for row in 0..rows {
        if row > 0 {
            sql.push(',');
        }
        match backend {
            Backend::Sqlite => sql.push_str("(?,?,?,?,?,?,?)"),
            Backend::Postgres => {
                let n = row * VALUE_COLUMNS;
                sql.push_str(&format!(
                    "(${},${},${},${},${},NULLIF(${}, 'NaN'::float8),NULLIF(${}, 'NaN'::float8))",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4,
                    n + 5,
                    n + 6,
                    n + 7
                ));
            }
        }
    }
    sql.push_str(
        " ON CONFLICT (indicator_id, area_id, year, gender, age_group) \
         DO UPDATE SET value = excluded.value, absolute_value = excluded.absolute_value",
    );
    sql
}

struct PendingRow {
    indicator: Id,
    area: Id,
    year: i32,
    gender: Gender,
    age_group: String,
    value: Option<f64>,
    absolute_value: Option<f64>,
}

/// The region a value import checks membership against.
struct Membership {
    code: String,
    /// Parties with an official code, by area: their dated membership.
    parties: HashMap<AreaKey, Vec<Party>>,
    /// Answers already found, by area id and year.
    known: HashMap<(Id, i32), bool>,
}

impl Membership {
    fn inside(&mut self, area_id: Id, key: &AreaKey, year: i32) -> bool {
        *self.known.entry((area_id, year)).or_insert_with(|| match key.kind {
            // The country is what every region is compared with.
            AreaKind::Country => true,
            AreaKind::Region => key.code == self.code,
            AreaKind::Municipality | AreaKind::WellbeingCounty => {
                self.parties.get(key).is_some_and(|parties| parties.iter().any(|p| p.belongs_to(&self.code, membership_date(year))))
            }
        })
    }
}

/// What checks each value and turns the values into statements, on the thread that reads
/// the file, while the database writes the statements before: reading, checking and
/// binding take one core, the database the other. Everything it needs from the database
/// is loaded before the file is opened.
struct Resolver {
    options: ImportOptions,
    indicators: HashSet<Id>,
    areas: HashMap<AreaKey, Id>,
    area_names: HashMap<Id, Area>,
    /// Sotkanet region id → (category, area when Foorumi keeps the kind).
    sotkanet: HashMap<i64, (String, Option<Id>)>,
    membership: Option<Membership>,
    /// Keys of the values read so far, packed: the same key twice refuses the file.
    seen: HashSet<u128>,
    age_groups: HashMap<String, u32>,
    pending: Vec<PendingRow>,
    insert_sql: std::sync::Arc<str>,
    backend: Backend,
    summary: ImportSummary,
    written_indicators: BTreeMap<Id, u64>,
    outside: BTreeMap<AreaKey, OutsideRegion>,
}

/// One multi-row INSERT, bound and ready to run.
type Statement = sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>;

impl Resolver {
    async fn load(conn: &mut AnyConnection, backend: Backend, options: ImportOptions) -> Result<Resolver> {
        let indicators: HashSet<Id> = sqlx::query_scalar("SELECT id FROM indicators").fetch_all(&mut *conn).await?.into_iter().collect();
        let mut areas = HashMap::new();
        let mut area_names = HashMap::new();
        for (id, area) in load_areas(conn).await? {
            areas.insert(area.key.clone(), id);
            area_names.insert(id, area);
        }
        let mut sotkanet = HashMap::new();
        for row in sqlx::query("SELECT sotkanet_id, category, area_id FROM sotkanet_regions").fetch_all(&mut *conn).await? {
            sotkanet.insert(row.try_get::<i64, _>("sotkanet_id")?, (row.try_get::<String, _>("category")?, row.try_get("area_id")?));
        }
        let membership = match options.region_id {
            Some(region_id) => {
                let region = load::<Region>(conn, region_id).await?.ok_or(Error::NotFound)?;
                let mut parties: HashMap<AreaKey, Vec<Party>> = HashMap::new();
                for party in all::<Party>(conn, region_id).await? {
                    let kind = match party.input.kind {
                        PartyKind::Municipality => AreaKind::Municipality,
                        PartyKind::WellbeingCounty => AreaKind::WellbeingCounty,
                        _ => continue,
                    };
                    if let Some(code) = party.input.code.as_deref().and_then(|c| kind.normalise_code(c)) {
                        parties.entry(AreaKey { kind, code }).or_default().push(party);
                    }
                }
                Some(Membership { code: region.input.code, parties, known: HashMap::new() })
            }
            None => None,
        };
        Ok(Resolver {
            options,
            indicators,
            areas,
            area_names,
            sotkanet,
            membership,
            seen: HashSet::new(),
            age_groups: HashMap::from([(String::new(), 0)]),
            pending: Vec::with_capacity(ROWS_PER_INSERT),
            insert_sql: insert_sql(ROWS_PER_INSERT, backend).into(),
            backend,
            summary: ImportSummary::default(),
            written_indicators: BTreeMap::new(),
            outside: BTreeMap::new(),
        })
    }

    /// Checks a batch of values; hands on a statement whenever enough rows are waiting.
    fn push(&mut self, batch: Vec<RawValue>, send: &mut dyn FnMut(Statement, &ImportSummary) -> Result<()>) -> Result<()> {
        for raw in batch {
            self.summary.read += 1;
            if let Some(row) = self.resolve(raw)? {
                self.pending.push(row);
                if self.pending.len() == ROWS_PER_INSERT {
                    let statement = self.statement();
                    send(statement, &self.summary)?;
                }
            }
        }
        Ok(())
    }

    /// The value as a row to write, None when it is not written (an area of a kind
    /// Foorumi keeps no values for), or the error that refuses the file.
    fn resolve(&mut self, raw: RawValue) -> Result<Option<PendingRow>> {
        let place = raw.place;
        let (column, area) = match &raw.area {
            AreaRef::Official(key) => {
                ("area_code", self.areas.get(key).copied().ok_or_else(|| at(place, "area_code", "error-indicator-unknown-area"))?)
            }
            AreaRef::Sotkanet(region) => match self.sotkanet.get(region) {
                Some((_, Some(area))) => ("region", *area),
                Some((category, None)) => {
                    *self.summary.other_areas.entry(category.clone()).or_default() += 1;
                    return Ok(None);
                }
                None if self.options.skip_unlisted_regions => {
                    self.summary.unlisted_regions.push((place.to_string(), *region));
                    return Ok(None);
                }
                None => return Err(at(place, "region", "error-indicator-unknown-area")),
            },
        };
        if !self.indicators.contains(&raw.indicator) {
            return Err(at(place, "indicator", "error-indicator-unknown"));
        }
        let next = self.age_groups.len() as u32;
        let age = *self.age_groups.entry(raw.age_group.clone()).or_insert(next);
        if age > AGE_GROUP_BITS {
            return Err(at(place, "age_group", "error-indicator-age-groups"));
        }
        if !self.seen.insert(key(raw.indicator, area, raw.year, raw.gender, age)) {
            return Err(at(place, column, "error-indicator-duplicate"));
        }
        if let Some(membership) = &mut self.membership {
            let area_key = &self.area_names[&area].key;
            if !membership.inside(area, area_key, raw.year) {
                let in_register = membership.parties.contains_key(area_key);
                let entry = self.outside.entry(area_key.clone()).or_insert_with(|| OutsideRegion {
                    area: self.area_names[&area].clone(),
                    first_year: raw.year,
                    last_year: raw.year,
                    values: 0,
                    in_register,
                });
                entry.first_year = entry.first_year.min(raw.year);
                entry.last_year = entry.last_year.max(raw.year);
                entry.values += 1;
            }
        }
        let summary = &mut self.summary;
        summary.written += 1;
        summary.missing += u64::from(raw.value.is_none());
        summary.first_year = Some(summary.first_year.map_or(raw.year, |y| y.min(raw.year)));
        summary.last_year = Some(summary.last_year.map_or(raw.year, |y| y.max(raw.year)));
        *self.written_indicators.entry(raw.indicator).or_default() += 1;
        Ok(Some(PendingRow {
            indicator: raw.indicator,
            area,
            year: raw.year,
            gender: raw.gender,
            age_group: raw.age_group,
            value: raw.value,
            absolute_value: raw.absolute_value,
        }))
    }

    /// The waiting rows as one statement.
    fn statement(&mut self) -> Statement {
        // The full statement is built once and shared, so each batch copies no SQL.
        let sql: std::sync::Arc<str> = if self.pending.len() == ROWS_PER_INSERT {
            self.insert_sql.clone()
        } else {
            insert_sql(self.pending.len(), self.backend).into()
        };
        let mut query = sqlx::query(AssertSqlSafe(sql));
        let postgres = self.backend == Backend::Postgres;
        for row in self.pending.drain(..) {
            query = query.bind(row.indicator).bind(row.area).bind(i64::from(row.year)).bind(row.gender.as_str()).bind(row.age_group);
            query = if postgres {
                query.bind(row.value.unwrap_or(f64::NAN)).bind(row.absolute_value.unwrap_or(f64::NAN))
            } else {
                query.bind(row.value).bind(row.absolute_value)
            };
        }
        query
    }
}

/// The largest age group number a key holds (14 bits): more age groups in one file are
/// refused rather than risk two keys looking alike.
const AGE_GROUP_BITS: u32 = 0x3fff;

/// A value's key in 128 bits: indicator, area, year, gender and age group each in a
/// field of its own, so ten million keys take a tenth of what their text would.
fn key(indicator: Id, area: Id, year: i32, gender: Gender, age: u32) -> u128 {
    let gender = Gender::ALL.iter().position(|g| *g == gender).unwrap_or_default() as u128;
    ((indicator as u64 as u128) << 64)
        | ((area as u32 as u128) << 32)
        | ((year as u16 as u128) << 16)
        | (gender << 14)
        | u128::from(age & AGE_GROUP_BITS)
}

async fn count_values(conn: &mut AnyConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM indicator_values").fetch_one(&mut *conn).await?)
}

/// Imports a data file in one transaction: the file is read, checked and bound on a
/// blocking thread while the database writes the statements before, so parsing and the
/// database each have a core. `progress` hears (values read, values written) after every
/// statement. A refused file leaves the database as it was.
#[allow(clippy::too_many_arguments)]
pub async fn import_file<R: std::io::Read + Send + 'static>(
    store: &Store,
    actor: &Actor,
    author: &Author,
    reader: R,
    format: crate::indicator_files::Format,
    indicator: Option<Id>,
    options: ImportOptions,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<ImportSummary> {
    authorise(actor)?;
    let region_id = options.region_id;
    let mut tx = store.write().await?;
    let mut resolver = Resolver::load(&mut tx, store.backend(), options).await?;
    let rows_before = count_values(&mut tx).await?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<(Statement, u64, u64)>(4);
    let reading = tokio::task::spawn_blocking(move || -> Result<Resolver> {
        // The receiver is gone only when writing failed; that error is the one reported.
        let mut send = |statement: Statement, summary: &ImportSummary| {
            sender.blocking_send((statement, summary.read, summary.written)).map_err(|_| Error::Config("the import stopped".into()))
        };
        crate::indicator_files::read_values(reader, format, indicator, &mut |batch| resolver.push(batch, &mut send))?;
        if !resolver.pending.is_empty() {
            let statement = resolver.statement();
            send(statement, &resolver.summary)?;
        }
        Ok(resolver)
    });
    while let Some((statement, read, written)) = receiver.recv().await {
        statement.execute(&mut *tx).await?;
        progress(read, written);
    }
    let resolver = reading.await.map_err(|err| Error::Config(format!("reading the file failed: {err}")))??;
    let Resolver { mut summary, written_indicators, outside, .. } = resolver;
    let rows_after = count_values(&mut tx).await?;
    summary.replaced = summary.written - (rows_after - rows_before).max(0) as u64;
    summary.indicators = written_indicators.keys().copied().collect();
    summary.outside_region = outside.into_values().collect();
    // One entry per indicator, so each indicator's history shows its imports.
    #[derive(Serialize)]
    struct Logged {
        values: u64,
        first_year: Option<i32>,
        last_year: Option<i32>,
    }
    for (indicator, values) in &written_indicators {
        let logged = Logged { values: *values, first_year: summary.first_year, last_year: summary.last_year };
        let change =
            Change { action: "import_values", entity: "indicator", entity_id: *indicator, region_id, before: None, after: Some(&logged) };
        audit::record(&mut tx, author, change).await?;
    }
    tx.commit().await?;
    Ok(summary)
}

// ---- reading values -----------------------------------------------------------------------

/// Which values to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueQuery {
    /// Only these areas; every area when empty.
    pub areas: Vec<AreaKey>,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub gender: Option<Gender>,
}

/// An indicator's values, by area kind, code, year, gender and age group, with the total
/// count before `offset` and `limit`.
pub async fn values(store: &Store, indicator_id: Id, query: &ValueQuery, offset: i64, limit: i64) -> Result<(Vec<IndicatorValue>, i64)> {
    let mut conn = store.pool().acquire().await?;
    let mut area_ids = Vec::new();
    if !query.areas.is_empty() {
        for key in &query.areas {
            let id: Option<i64> = sqlx::query_scalar("SELECT id FROM indicator_areas WHERE kind = $1 AND code = $2")
                .bind(key.kind.as_str())
                .bind(key.code.clone())
                .fetch_optional(&mut *conn)
                .await?;
            area_ids.extend(id);
        }
        if area_ids.is_empty() {
            return Ok((Vec::new(), 0));
        }
    }
    // Parameters: indicator, from, to, then the gender and the areas when given.
    let mut conditions = vec!["v.indicator_id = $1".to_owned(), "v.year >= $2".to_owned(), "v.year <= $3".to_owned()];
    let mut next = 4;
    if query.gender.is_some() {
        conditions.push(format!("v.gender = ${next}"));
        next += 1;
    }
    if !area_ids.is_empty() {
        let placeholders: Vec<String> = (next..next + area_ids.len()).map(|n| format!("${n}")).collect();
        conditions.push(format!("v.area_id IN ({})", placeholders.join(", ")));
    }
    let where_clause = conditions.join(" AND ");
    let bind_all = |sql: String| {
        let mut q = sqlx::query(AssertSqlSafe(sql))
            .bind(indicator_id)
            .bind(i64::from(query.from.unwrap_or(*YEARS.start())))
            .bind(i64::from(query.to.unwrap_or(*YEARS.end())));
        if let Some(gender) = query.gender {
            q = q.bind(gender.as_str());
        }
        for id in &area_ids {
            q = q.bind(*id);
        }
        q
    };
    let total: i64 =
        bind_all(format!("SELECT COUNT(*) AS n FROM indicator_values v WHERE {where_clause}")).fetch_one(&mut *conn).await?.try_get("n")?;
    let rows = bind_all(format!(
        "SELECT a.kind, a.code, a.name_fi, a.name_sv, a.name_en, v.year, v.gender, v.age_group, v.value, v.absolute_value \
         FROM indicator_values v JOIN indicator_areas a ON a.id = v.area_id WHERE {where_clause} \
         ORDER BY a.kind, a.code, v.year, v.gender, v.age_group LIMIT {} OFFSET {}",
        limit.max(1),
        offset.max(0)
    ))
    .fetch_all(&mut *conn)
    .await?;
    let list = rows.iter().map(value_from_row).collect::<Result<Vec<_>>>()?;
    Ok((list, total))
}

fn value_from_row(row: &AnyRow) -> Result<IndicatorValue> {
    let kind: String = row.try_get("kind")?;
    let gender: String = row.try_get("gender")?;
    let age_group: String = row.try_get("age_group")?;
    Ok(IndicatorValue {
        area: Area {
            key: AreaKey {
                kind: AreaKind::parse(&kind).ok_or_else(|| Error::Config(format!("bad area kind in database: {kind}")))?,
                code: row.try_get("code")?,
            },
            name: names(row, "name")?,
        },
        year: row.try_get::<i64, _>("year")? as i32,
        gender: Gender::parse(&gender).ok_or_else(|| Error::Config(format!("bad gender in database: {gender}")))?,
        age_group: (!age_group.is_empty()).then_some(age_group),
        value: row.try_get("value")?,
        absolute_value: row.try_get("absolute_value")?,
    })
}

/// The first and last year an indicator has values for.
pub async fn data_years(store: &Store, indicator_id: Id) -> Result<Option<(i32, i32)>> {
    let row = sqlx::query("SELECT MIN(year) AS first, MAX(year) AS last FROM indicator_values WHERE indicator_id = $1")
        .bind(indicator_id)
        .fetch_one(store.pool())
        .await?;
    let first: Option<i64> = row.try_get("first")?;
    let last: Option<i64> = row.try_get("last")?;
    Ok(first.zip(last).map(|(f, l)| (f as i32, l as i32)))
}

// ---- a region's figure ------------------------------------------------------------------

/// A member municipality's value in a region's figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberValue {
    pub party_id: Id,
    pub code: String,
    pub name: Names,
    pub value: Option<f64>,
}

/// A region's figure for an indicator and a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionFigure {
    pub region_code: String,
    pub year: i32,
    pub method: AggregateMethod,
    /// The figure: the members' sum or the source's own, as `method` says; None when it
    /// is missing (a member's value missing from a sum counts as missing).
    pub value: Option<f64>,
    /// The municipalities that belonged to the region on the year's last day, with their
    /// values.
    pub members: Vec<MemberValue>,
    /// The source's own figure for the region, to compare a sum with.
    pub source_value: Option<f64>,
}

/// The figure of `region_id` for `year`: for an additive indicator (a count such as
/// population) the sum of the values of the municipalities that belonged to the region
/// on 31 December of that year, by the register's dated membership; for a rate or share
/// the source's own figure for the region, since members' rates cannot be added and
/// averaging them without their populations would be wrong.
pub async fn region_figure(store: &Store, region_id: Id, indicator_id: Id, year: i32, gender: Gender) -> Result<RegionFigure> {
    let mut conn = store.pool().acquire().await?;
    let indicator = load_indicator(&mut conn, indicator_id).await?.ok_or(Error::NotFound)?;
    let region = load::<Region>(&mut conn, region_id).await?.ok_or(Error::NotFound)?;
    let date = membership_date(year);
    let parties: Vec<Party> = all(&mut conn, region_id).await?;
    let one_value = |kind: AreaKind, code: String| {
        sqlx::query(
            "SELECT v.value FROM indicator_values v JOIN indicator_areas a ON a.id = v.area_id \
             WHERE v.indicator_id = $1 AND a.kind = $2 AND a.code = $3 AND v.year = $4 AND v.gender = $5 AND v.age_group = ''",
        )
        .bind(indicator_id)
        .bind(kind.as_str())
        .bind(code)
        .bind(i64::from(year))
        .bind(gender.as_str())
    };
    let mut members = Vec::new();
    for party in parties.iter().filter(|p| p.input.kind == PartyKind::Municipality && p.belongs_to(&region.input.code, date)) {
        let Some(code) = party.input.code.as_deref().and_then(|c| AreaKind::Municipality.normalise_code(c)) else { continue };
        let row = one_value(AreaKind::Municipality, code.clone()).fetch_optional(&mut *conn).await?;
        let value = match row {
            Some(row) => row.try_get::<Option<f64>, _>("value")?,
            None => None,
        };
        members.push(MemberValue { party_id: party.id, code, name: party.input.name.clone(), value });
    }
    members.sort_by(|a, b| a.code.cmp(&b.code));
    let source_value = match one_value(AreaKind::Region, region.input.code.clone()).fetch_optional(&mut *conn).await? {
        Some(row) => row.try_get::<Option<f64>, _>("value")?,
        None => None,
    };
    let method = AggregateMethod::for_indicator(&indicator.input);
    let value = match method {
        AggregateMethod::SumOfMembers => sum_of_members(&members.iter().map(|m| m.value).collect::<Vec<_>>()),
        AggregateMethod::SourceValue => source_value,
    };
    Ok(RegionFigure { region_code: region.input.code, year, method, value, members, source_value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_in_every_part() {
        let base = key(127, 5, 2009, Gender::Total, 0);
        assert_ne!(base, key(128, 5, 2009, Gender::Total, 0));
        assert_ne!(base, key(127, 6, 2009, Gender::Total, 0));
        assert_ne!(base, key(127, 5, 2010, Gender::Total, 0));
        assert_ne!(base, key(127, 5, 2009, Gender::Male, 0));
        assert_ne!(base, key(127, 5, 2009, Gender::Total, 1));
        assert_eq!(base, key(127, 5, 2009, Gender::Total, 0));
    }

    #[test]
    fn one_statement_writes_many_rows() {
        let sql = insert_sql(2, Backend::Postgres);
        assert!(sql.contains("VALUES ($1,$2,$3,$4,$5,NULLIF($6, 'NaN'::float8),NULLIF($7, 'NaN'::float8)),($8,"), "{sql}");
        assert!(sql.contains("NULLIF($14, 'NaN'::float8)) ON CONFLICT"), "{sql}");
        let sql = insert_sql(2, Backend::Sqlite);
        assert!(sql.contains("VALUES (?,?,?,?,?,?,?),(?,?,?,?,?,?,?) ON CONFLICT"), "{sql}");
    }
}
