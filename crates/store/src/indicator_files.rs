//! The files indicators come in, read into plain values for `indicators` to store:
//! THL Sotkanet's data as JSON and as `;`-separated CSV, a plain CSV (one indicator, an
//! area code per row), Sotkanet's indicator metadata and region list, and Foorumi's own
//! catalogue file.
//!
//! Data files are read as a stream and handed on in batches, so a file of ten million
//! values is never in memory at once. A place in a file is named the way a person finds
//! it: "line 12" in CSV, "record 12" (the 12th object of the array) in JSON, whose
//! Sotkanet files are one long line. Every reader stops at the first bad field and names
//! its place and column.

use std::io::{BufRead, BufReader, Read};

use foorumi_core::indicators::*;
use foorumi_core::{FieldError, Id, Names};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};

use crate::{Error, Result};

/// The formats `read_values` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Sotkanet's JSON data: an array of `{"indicator", "region", "year", "gender",
    /// "primary value", "absolute value"}` with Sotkanet's region ids.
    SotkanetJson,
    /// Sotkanet's CSV data: `indicator;region;year;gender;primary value;absolute value`.
    SotkanetCsv,
    /// A CSV with official area codes: `municipality_code,primary.value,year` (as
    /// rOpenGov's geofi writes Sotkanet's data), or with `area_kind`, `area_code`,
    /// `value`, `year` and optionally `gender`, `age_group`, `indicator`,
    /// `absolute_value`.
    Csv,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "sotkanet-json" => Some(Format::SotkanetJson),
            "sotkanet-csv" => Some(Format::SotkanetCsv),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Where a value stood in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Line(u64),
    Record(u64),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::Record(n) => write!(f, "record {n}"),
        }
    }
}

/// An error at a place and column of a file: "line 12: primary value".
pub fn at(place: Place, column: &str, code: &str) -> Error {
    Error::Invalid(vec![FieldError::new(&format!("{place}: {column}"), code)])
}

/// The area a value is for, as its file names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaRef {
    /// Sotkanet's own region id, translated through its region list.
    Sotkanet(i64),
    /// An official code.
    Official(AreaKey),
}

/// One value as read, before its indicator and area are looked up.
#[derive(Debug, Clone, PartialEq)]
pub struct RawValue {
    pub place: Place,
    pub indicator: Id,
    pub area: AreaRef,
    pub year: i32,
    pub gender: Gender,
    /// Empty for all ages.
    pub age_group: String,
    pub value: Option<f64>,
    pub absolute_value: Option<f64>,
}

/// Values handed on at a time.
pub const BATCH: usize = 4096;

/// Reads a data file, handing its values to `sink` in batches; `indicator` is the
/// indicator of a file without an indicator column (and, given with one, what every row
/// must name). Returns the number of values read.
pub fn read_values<R: Read>(
    reader: R,
    format: Format,
    indicator: Option<Id>,
    sink: &mut dyn FnMut(Vec<RawValue>) -> Result<()>,
) -> Result<u64> {
    let reader = BufReader::with_capacity(1 << 16, reader);
    match format {
        Format::SotkanetJson => read_json(reader, indicator, sink),
        Format::SotkanetCsv | Format::Csv => read_csv(reader, format, indicator, sink),
    }
}

// ---- CSV ------------------------------------------------------------------------------

/// A header as compared: lower case, without spaces, dots, dashes and underscores
/// ("primary value", "primary.value" and "primary_value" are one column).
fn header_key(text: &str) -> String {
    text.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which column holds what.
struct Columns {
    indicator: Option<usize>,
    /// Sotkanet's region id (Sotkanet CSV) or the official code (plain CSV).
    area: usize,
    kind: Option<usize>,
    year: usize,
    gender: Option<usize>,
    age_group: Option<usize>,
    value: usize,
    absolute_value: Option<usize>,
}

impl Columns {
    fn find(headers: &[String], format: Format) -> Result<Columns> {
        let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
        let need = |names: &[&str], column: &str| find(names).ok_or_else(|| at(Place::Line(1), column, "error-indicator-column"));
        let (area, kind) = match format {
            Format::SotkanetCsv => (need(&["region"], "region")?, None),
            _ => (need(&["municipalitycode", "kunta", "areacode", "code"], "area_code")?, find(&["areakind", "kind"])),
        };
        Ok(Columns {
            indicator: find(&["indicator"]),
            area,
            kind,
            year: need(&["year"], "year")?,
            gender: find(&["gender", "sex"]),
            age_group: find(&["agegroup", "age"]),
            value: need(&["primaryvalue", "value"], "value")?,
            absolute_value: find(&["absolutevalue", "absvalue"]),
        })
    }
}

fn read_csv(
    mut reader: BufReader<impl Read>,
    format: Format,
    indicator: Option<Id>,
    sink: &mut dyn FnMut(Vec<RawValue>) -> Result<()>,
) -> Result<u64> {
    // The separator is whichever the header uses: Sotkanet writes `;` (and then decimal
    // commas), most other tools `,`.
    let mut header = String::new();
    reader.read_line(&mut header).map_err(|_| at(Place::Line(1), "header", "error-indicator-encoding"))?;
    let delimiter = if header.contains(';') { b';' } else { b',' };
    // After a CRLF line the csv reader counts a record from the line before (it starts
    // at the line feed), so lines of such files are one more than it says.
    let crlf = u64::from(header.ends_with("\r\n"));
    let decimal_comma = delimiter == b';';
    let mut csv = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(true).from_reader(std::io::Cursor::new(header).chain(reader));
    let headers: Vec<String> =
        csv.headers().map_err(|_| at(Place::Line(1), "header", "error-indicator-encoding"))?.iter().map(header_key).collect();
    let columns = Columns::find(&headers, format)?;
    if columns.indicator.is_none() && indicator.is_none() {
        return Err(at(Place::Line(1), "indicator", "error-indicator-column"));
    }
    let mut record = csv::ByteRecord::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut count = 0;
    loop {
        let read = csv.read_byte_record(&mut record);
        let line = record.position().map_or(count + 2, |p| p.line() + crlf);
        match read {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => {
                let line = err.position().map_or(line, |p| p.line() + crlf);
                return Err(at(Place::Line(line), "row", "error-indicator-row"));
            }
        }
        if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let place = Place::Line(line);
        let field = |index: usize, column: &str| -> Result<&str> {
            std::str::from_utf8(record.get(index).unwrap_or_default()).map_err(|_| at(place, column, "error-indicator-encoding"))
        };
        let optional = |index: Option<usize>, column: &str| -> Result<&str> { index.map_or(Ok(""), |i| field(i, column)) };
        let value = RawValue {
            place,
            indicator: row_indicator(place, optional(columns.indicator, "indicator")?, indicator)?,
            area: match format {
                Format::SotkanetCsv => AreaRef::Sotkanet(integer(place, "region", field(columns.area, "region")?)?),
                _ => AreaRef::Official(official_area(place, optional(columns.kind, "area_kind")?, field(columns.area, "area_code")?)?),
            },
            year: year(place, field(columns.year, "year")?)?,
            gender: gender(place, optional(columns.gender, "gender")?)?,
            age_group: optional(columns.age_group, "age_group")?.trim().to_owned(),
            value: number(place, "value", field(columns.value, "value")?, decimal_comma)?,
            absolute_value: number(place, "absolute_value", optional(columns.absolute_value, "absolute_value")?, decimal_comma)?,
        };
        batch.push(value);
        count += 1;
        if batch.len() == BATCH {
            sink(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
        }
    }
    if !batch.is_empty() {
        sink(batch)?;
    }
    Ok(count)
}

// ---- fields ---------------------------------------------------------------------------

fn integer(place: Place, column: &str, text: &str) -> Result<i64> {
    text.trim().parse().map_err(|_| at(place, column, "error-integer"))
}

/// The row's indicator: its own column, or the one given for the file; both must agree.
fn row_indicator(place: Place, text: &str, given: Option<Id>) -> Result<Id> {
    match (text.trim().is_empty(), given) {
        (true, Some(id)) => Ok(id),
        (true, None) => Err(at(place, "indicator", "error-required")),
        (false, given) => {
            let id = integer(place, "indicator", text)?;
            if given.is_some_and(|g| g != id) {
                return Err(at(place, "indicator", "error-indicator-mismatch"));
            }
            Ok(id)
        }
    }
}

fn year(place: Place, text: &str) -> Result<i32> {
    text.trim().parse::<i32>().ok().filter(|y| YEARS.contains(y)).ok_or_else(|| at(place, "year", "error-indicator-year"))
}

fn gender(place: Place, text: &str) -> Result<Gender> {
    match text.trim() {
        "" => Ok(Gender::Total),
        other => Gender::parse(&other.to_ascii_lowercase()).ok_or_else(|| at(place, "gender", "error-indicator-gender")),
    }
}

fn number(place: Place, column: &str, text: &str, decimal_comma: bool) -> Result<Option<f64>> {
    parse_number(text, decimal_comma).map_err(|NotANumber| at(place, column, "error-indicator-number"))
}

/// An official area from a plain CSV: the kind (a municipality when not given) in
/// Foorumi's words or Sotkanet's ("KUNTA"), and the code.
fn official_area(place: Place, kind: &str, code: &str) -> Result<AreaKey> {
    let kind = match kind.trim() {
        "" => AreaKind::Municipality,
        text => AreaKind::parse(text)
            .or_else(|| AreaKind::from_sotkanet(text))
            .ok_or_else(|| at(place, "area_kind", "error-indicator-area-kind"))?,
    };
    let code = kind.normalise_code(code).ok_or_else(|| at(place, "area_code", "error-indicator-area-code"))?;
    Ok(AreaKey { kind, code })
}

// ---- Sotkanet JSON ----------------------------------------------------------------------

/// A JSON field that Sotkanet writes as a string in one version and a number in another.
#[derive(Debug, Default)]
enum Scalar {
    #[default]
    Absent,
    Text(String),
    Number(f64),
}

impl Scalar {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Scalar::Absent => "".into(),
            Scalar::Text(text) => text.as_str().into(),
            Scalar::Number(number) => number.to_string().into(),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Scalar, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, a number or null")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Scalar, E> {
                Ok(Scalar::Number(v))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Scalar, E> {
                Ok(Scalar::Absent)
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// One object of Sotkanet's JSON data, under the names its API versions have used.
#[derive(Deserialize)]
struct JsonValue {
    #[serde(default)]
    indicator: Scalar,
    #[serde(default)]
    region: Scalar,
    #[serde(default)]
    year: Scalar,
    #[serde(default)]
    gender: Scalar,
    #[serde(default, rename = "primary value", alias = "value", alias = "primaryValue")]
    value: Scalar,
    #[serde(default, rename = "absolute value", alias = "absValue", alias = "absoluteValue")]
    absolute_value: Scalar,
}

impl JsonValue {
    fn into_raw(self, place: Place, indicator: Option<Id>) -> Result<RawValue> {
        let id = |scalar: &Scalar, column: &str| -> Result<i64> {
            match scalar {
                Scalar::Number(n) if n.fract() == 0.0 => Ok(*n as i64),
                _ => integer(place, column, &scalar.text()),
            }
        };
        let number_of = |scalar: &Scalar, column: &str| -> Result<Option<f64>> {
            match scalar {
                Scalar::Number(n) if n.is_finite() => Ok(Some(*n)),
                _ => number(place, column, &scalar.text(), false),
            }
        };
        Ok(RawValue {
            place,
            indicator: match self.indicator {
                Scalar::Absent => row_indicator(place, "", indicator)?,
                ref given => row_indicator(place, &id(given, "indicator")?.to_string(), indicator)?,
            },
            area: AreaRef::Sotkanet(id(&self.region, "region")?),
            year: year(place, &self.year.text())?,
            gender: gender(place, &self.gender.text())?,
            age_group: String::new(),
            value: number_of(&self.value, "primary value")?,
            absolute_value: number_of(&self.absolute_value, "absolute value")?,
        })
    }
}

/// Walks the top-level array one object at a time.
struct JsonArray<'a> {
    indicator: Option<Id>,
    sink: &'a mut dyn FnMut(Vec<RawValue>) -> Result<()>,
    count: u64,
    /// The error that stopped the walk, when it was not the JSON's own.
    stopped: Option<Error>,
}

impl<'de> DeserializeSeed<'de> for &mut JsonArray<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for &mut JsonArray<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of Sotkanet values")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            let place = Place::Record(self.count + 1);
            let Some(object) = seq.next_element::<JsonValue>()? else { break };
            self.count += 1;
            let value = object.into_raw(place, self.indicator).and_then(|value| {
                batch.push(value);
                if batch.len() == BATCH { (self.sink)(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))) } else { Ok(()) }
            });
            if let Err(err) = value {
                self.stopped = Some(err);
                return Err(de::Error::custom("stopped"));
            }
        }
        if !batch.is_empty()
            && let Err(err) = (self.sink)(batch)
        {
            self.stopped = Some(err);
            return Err(de::Error::custom("stopped"));
        }
        Ok(())
    }
}

fn read_json(reader: BufReader<impl Read>, indicator: Option<Id>, sink: &mut dyn FnMut(Vec<RawValue>) -> Result<()>) -> Result<u64> {
    let mut walk = JsonArray { indicator, sink, count: 0, stopped: None };
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let result = (&mut walk).deserialize(&mut deserializer).and_then(|()| deserializer.end());
    match (result, walk.stopped) {
        (_, Some(err)) => Err(err),
        (Ok(()), None) => Ok(walk.count),
        (Err(err), None) => Err(json_error(&err, Some(Place::Record(walk.count + 1)))),
    }
}

/// A JSON error with where the parser stopped, and the record it was reading.
fn json_error(err: &serde_json::Error, record: Option<Place>) -> Error {
    let code = match err.classify() {
        serde_json::error::Category::Data => "error-wrong-type",
        _ => "error-json-syntax",
    };
    let place = format!("line {} column {}", err.line(), err.column());
    let field = match record {
        Some(record) => format!("{record} ({place})"),
        None => place,
    };
    Error::Invalid(vec![FieldError::new(&field, code)])
}

// ---- metadata ---------------------------------------------------------------------------

/// Foorumi's own catalogue file: `{"format": "foorumi-indicators/1", "indicators": [...]}`.
pub const CATALOGUE_FORMAT: &str = "foorumi-indicators/1";

/// What a metadata file says about one indicator; what it leaves out (None) stays as
/// the catalogue has it. Sotkanet's metadata says nothing of Foorumi's own fields
/// (`better`, `group`, `additive`), so importing it again keeps them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorPatch {
    pub id: Id,
    #[serde(default)]
    pub name: Option<Names>,
    #[serde(default)]
    pub description: Option<Names>,
    #[serde(default)]
    pub unit: Option<Names>,
    #[serde(default)]
    pub decimals: Option<i64>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub producer: Option<Names>,
    #[serde(default)]
    pub better: Option<Better>,
    #[serde(default)]
    pub group: Option<IndicatorGroup>,
    #[serde(default)]
    pub additive: Option<bool>,
}

impl IndicatorPatch {
    /// The indicator after this patch; a new one starts empty, so the catalogue's rules
    /// then refuse a patch without name and source.
    pub fn apply(&self, before: Option<&IndicatorInput>) -> IndicatorInput {
        let mut input = before.cloned().unwrap_or_else(|| IndicatorInput {
            name: Names::default(),
            description: Names::default(),
            unit: Names::default(),
            decimals: 0,
            source: String::new(),
            producer: Names::default(),
            better: Better::Neither,
            group: None,
            additive: false,
        });
        if let Some(name) = &self.name {
            input.name = name.clone();
        }
        if let Some(description) = &self.description {
            input.description = description.clone();
        }
        if let Some(unit) = &self.unit {
            input.unit = unit.clone();
        }
        if let Some(decimals) = self.decimals {
            input.decimals = decimals;
        }
        if let Some(source) = &self.source {
            input.source = source.clone();
        }
        if let Some(producer) = &self.producer {
            input.producer = producer.clone();
        }
        if let Some(better) = self.better {
            input.better = better;
        }
        if self.group.is_some() {
            input.group = self.group;
        }
        if let Some(additive) = self.additive {
            input.additive = additive;
        }
        input
    }
}

#[derive(Deserialize)]
struct CatalogueFile {
    format: String,
    indicators: Vec<IndicatorPatch>,
}

/// Fields of Sotkanet's `/indicators` answers that Foorumi keeps.
#[derive(Deserialize)]
struct SotkanetIndicator {
    id: Id,
    title: Option<Names>,
    #[serde(default)]
    description: Option<Names>,
    #[serde(default, rename = "primaryValueType")]
    value_type: Option<SotkanetTitled>,
    #[serde(default)]
    decimals: Option<i64>,
    #[serde(default)]
    organization: Option<SotkanetTitled>,
}

#[derive(Deserialize)]
struct SotkanetTitled {
    title: Option<Names>,
}

impl SotkanetIndicator {
    fn into_patch(self) -> IndicatorPatch {
        let trimmed = |names: Names| Names::new(names.fi.trim(), names.sv.trim(), names.en.trim());
        IndicatorPatch {
            id: self.id,
            name: self.title.map(trimmed),
            description: self.description.map(|d| Names::new(&plain_text(&d.fi), &plain_text(&d.sv), &plain_text(&d.en))),
            unit: self.value_type.and_then(|t| t.title).map(trimmed),
            decimals: self.decimals,
            source: Some(SOTKANET_SOURCE.to_owned()),
            producer: self.organization.and_then(|o| o.title).map(trimmed),
            ..IndicatorPatch::default()
        }
    }
}

/// Reads indicator metadata: Foorumi's catalogue file, Sotkanet's `/indicators/{id}`
/// answer (one object), its `/indicators` list (an array), or such objects gathered
/// under `"indicators"` (as an array or keyed by id).
pub fn read_metadata(text: &str) -> Result<Vec<IndicatorPatch>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|err| json_error(&err, None))?;
    let unreadable =
        |what: &str, err: serde_json::Error| Error::Invalid(vec![FieldError::new(&format!("{what}: {err}"), "error-indicator-metadata")]);
    if value.get("format").is_some() {
        let file: CatalogueFile = serde_json::from_value(value).map_err(|err| unreadable("catalogue", err))?;
        if file.format != CATALOGUE_FORMAT {
            return Err(Error::Invalid(vec![FieldError::new("format", "error-format")]));
        }
        return Ok(file.indicators);
    }
    let list = match value {
        serde_json::Value::Array(list) => list,
        serde_json::Value::Object(mut object) => match object.remove("indicators") {
            Some(serde_json::Value::Array(list)) => list,
            Some(serde_json::Value::Object(map)) => map.into_iter().map(|(_, v)| v).collect(),
            Some(_) => return Err(Error::Invalid(vec![FieldError::new("indicators", "error-indicator-metadata")])),
            None => vec![serde_json::Value::Object(object)],
        },
        _ => return Err(Error::Invalid(vec![FieldError::new("metadata", "error-indicator-metadata")])),
    };
    list.into_iter()
        .enumerate()
        .map(|(i, item)| {
            serde_json::from_value::<SotkanetIndicator>(item)
                .map(SotkanetIndicator::into_patch)
                .map_err(|err| unreadable(&format!("indicator {}", i + 1), err))
        })
        .collect()
}

/// Sotkanet's descriptions are HTML fragments; pages and the API show text. Breaks and
/// paragraphs become line breaks, other tags go, and the common entities are decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or_default();
        if matches!(name, "br" | "p" | "div" | "li") {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    // At most one empty line between paragraphs, no trailing spaces.
    let mut text = String::new();
    let mut empty_lines = 0;
    for line in decoded.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            empty_lines += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if empty_lines > 0 { "\n\n" } else { "\n" });
        }
        text.push_str(line.trim_start());
        empty_lines = 0;
    }
    text
}

// ---- regions ----------------------------------------------------------------------------

/// One region of Sotkanet's `/regions` list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SotkanetRegion {
    pub id: i64,
    pub code: String,
    pub category: String,
    pub title: Names,
}

/// Reads Sotkanet's region list.
pub fn read_regions(text: &str) -> Result<Vec<SotkanetRegion>> {
    #[derive(Deserialize)]
    struct Region {
        id: i64,
        code: Scalar,
        category: String,
        title: Names,
    }
    let list: Vec<Region> = serde_json::from_str(text).map_err(|err| json_error(&err, None))?;
    Ok(list
        .into_iter()
        .map(|r| SotkanetRegion { id: r.id, code: r.code.text().trim().to_owned(), category: r.category, title: r.title })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, format: Format, indicator: Option<Id>) -> Result<Vec<RawValue>> {
        let mut all = Vec::new();
        read_values(text.as_bytes(), format, indicator, &mut |batch| {
            all.extend(batch);
            Ok(())
        })?;
        Ok(all)
    }

    fn field(result: Result<Vec<RawValue>>) -> (String, String) {
        match result {
            Err(Error::Invalid(list)) => (list[0].field.clone(), list[0].code.clone()),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn sotkanet_csv_reads_with_missing_values_and_decimal_commas() {
        let text = "indicator;region;year;gender;primary value;absolute value\n127;69;2009;total;2406;\n186;9;2010;female;;\n5051;9;2011;male;12,5;3\n";
        let values = read(text, Format::SotkanetCsv, None).unwrap();
        assert_eq!(values.len(), 3);
        assert_eq!(values[0].area, AreaRef::Sotkanet(69));
        assert_eq!((values[0].indicator, values[0].year, values[0].value), (127, 2009, Some(2406.0)));
        assert_eq!((values[1].gender, values[1].value, values[1].place), (Gender::Female, None, Place::Line(3)));
        assert_eq!((values[2].value, values[2].absolute_value), (Some(12.5), Some(3.0)));
    }

    #[test]
    fn plain_csv_pads_codes_and_takes_the_indicator_from_outside() {
        let text = "municipality_code,primary.value,year\n9,2770,2010\n398,NA,2011\n";
        let values = read(text, Format::Csv, Some(127)).unwrap();
        assert_eq!(values[0].area, AreaRef::Official(AreaKey::new(AreaKind::Municipality, "009")));
        assert_eq!((values[0].indicator, values[1].value), (127, None));
        assert_eq!(field(read(text, Format::Csv, None)), ("line 1: indicator".into(), "error-indicator-column".into()));
        let kinds = "area_kind,area_code,value,year\nregion,7,201270,2009\nKUNTA,16,1,2009\n";
        let values = read(kinds, Format::Csv, Some(127)).unwrap();
        assert_eq!(values[0].area, AreaRef::Official(AreaKey::new(AreaKind::Region, "07")));
        assert_eq!(values[1].area, AreaRef::Official(AreaKey::new(AreaKind::Municipality, "016")));
    }

    #[test]
    fn bad_fields_are_named_by_line_and_column() {
        let text = "indicator;region;year;gender;primary value\n127;69;2009;total;2406\n127;70;2009;total;24x6\n";
        assert_eq!(field(read(text, Format::SotkanetCsv, None)), ("line 3: value".into(), "error-indicator-number".into()));
        let text = "indicator;region;year;gender;primary value\n127;69;209x;total;1\n";
        assert_eq!(field(read(text, Format::SotkanetCsv, None)), ("line 2: year".into(), "error-indicator-year".into()));
        let text = "indicator;region;year;gender;primary value\n127;69;2009;both;1\n";
        assert_eq!(field(read(text, Format::SotkanetCsv, None)), ("line 2: gender".into(), "error-indicator-gender".into()));
        let text = "indicator;region;year;gender;primary value\n128;69;2009;total;1\n";
        assert_eq!(field(read(text, Format::SotkanetCsv, Some(127))), ("line 2: indicator".into(), "error-indicator-mismatch".into()));
        let text = "municipality_code,primary.value,year\n1234,1,2009\n";
        assert_eq!(field(read(text, Format::Csv, Some(127))), ("line 2: area_code".into(), "error-indicator-area-code".into()));
        let text = "municipality_code,primary.value,year\n123,1,2009,extra\n";
        assert_eq!(field(read(text, Format::Csv, Some(127))), ("line 2: row".into(), "error-indicator-row".into()));
        let text = "region,year\n";
        assert_eq!(field(read(text, Format::Csv, Some(127))), ("line 1: area_code".into(), "error-indicator-column".into()));
    }

    #[test]
    fn lines_are_counted_alike_whatever_ends_them() {
        for end in ["\n", "\r\n"] {
            let text = format!("indicator;region;year;gender;primary value{end}127;69;2009;total;1{end}127;70;2009;total;x{end}");
            assert_eq!(field(read(&text, Format::SotkanetCsv, None)), ("line 3: value".into(), "error-indicator-number".into()), "{end:?}");
        }
    }

    #[test]
    fn sotkanet_json_reads_strings_numbers_and_nulls() {
        let text = r#"[{"region":"69","indicator":"127","primary value":"2406","gender":"total","year":"2009"},
                       {"region":70,"indicator":127,"value":null,"gender":"male","year":2010,"absValue":5}]"#;
        let values = read(text, Format::SotkanetJson, None).unwrap();
        assert_eq!(values[0].area, AreaRef::Sotkanet(69));
        assert_eq!((values[0].value, values[0].place), (Some(2406.0), Place::Record(1)));
        assert_eq!((values[1].value, values[1].absolute_value, values[1].year), (None, Some(5.0), 2010));
        let bad = r#"[{"region":"69","indicator":"127","primary value":"2406","gender":"total","year":"2009"},
                      {"region":"69","indicator":"127","primary value":"1.2.3","gender":"total","year":"2009"}]"#;
        assert_eq!(field(read(bad, Format::SotkanetJson, None)), ("record 2: primary value".into(), "error-indicator-number".into()));
        let broken = r#"[{"region":"69","indicator":"127","#;
        let (place, code) = field(read(broken, Format::SotkanetJson, None));
        assert!(place.starts_with("record 1 (line 1 column"), "{place}");
        assert_eq!(code, "error-json-syntax");
    }

    #[test]
    fn large_files_arrive_in_batches() {
        let mut text = String::from("indicator;region;year;gender;primary value\n");
        for i in 0..(BATCH + 10) {
            text.push_str(&format!("127;{i};2009;total;{i}\n"));
        }
        let mut sizes = Vec::new();
        let count = read_values(text.as_bytes(), Format::SotkanetCsv, None, &mut |batch| {
            sizes.push(batch.len());
            Ok(())
        })
        .unwrap();
        assert_eq!((count, sizes), ((BATCH + 10) as u64, vec![BATCH, 10]));
    }

    #[test]
    fn metadata_comes_in_every_shape_sotkanet_writes() {
        let one = r#"{"id": 186, "title": {"fi": "Kuolleisuus ", "sv": "Dödlighet", "en": "Mortality"},
            "description": {"fi": "Rivi.<br><br />Toinen &amp; <p id=x>kolmas</p>", "sv": "", "en": ""},
            "primaryValueType": {"code": "PER100000", "title": {"fi": "Sataa tuhatta asukasta kohden", "sv": "", "en": ""}},
            "decimals": 1, "organization": {"id": 3, "title": {"fi": "Tilastokeskus", "sv": "", "en": "Statistics Finland"}}}"#;
        let patches = read_metadata(one).unwrap();
        assert_eq!(patches.len(), 1);
        let input = patches[0].apply(None);
        assert_eq!((input.name.fi.as_str(), input.decimals, input.source.as_str()), ("Kuolleisuus", 1, SOTKANET_SOURCE));
        assert_eq!(input.description.fi, "Rivi.\n\nToinen &\nkolmas");
        assert_eq!(input.unit.fi, "Sataa tuhatta asukasta kohden");
        assert_eq!(input.producer.en, "Statistics Finland");
        assert_eq!(read_metadata(&format!("[{one}, {one}]")).unwrap().len(), 2);
        assert_eq!(read_metadata(&format!(r#"{{"source": "x", "indicators": {{"186": {one}}}}}"#)).unwrap().len(), 1);
        let catalogue = r#"{"format": "foorumi-indicators/1", "indicators": [{"id": 127, "group": "vitality", "additive": true}]}"#;
        let patch = &read_metadata(catalogue).unwrap()[0];
        let before = patches[0].apply(None);
        let after = patch.apply(Some(&before));
        assert_eq!((after.group, after.additive, after.name.fi.as_str()), (Some(IndicatorGroup::Vitality), true, "Kuolleisuus"));
        assert!(read_metadata(r#"{"format": "other/1", "indicators": []}"#).is_err());
    }
}
