//! The situational picture of a region: its chosen indicators' figures for each member
//! municipality, the region and the whole country over the years, and snapshots of it —
//! the picture frozen as of a date, with the cooperation manager's commentary, which the
//! chairs' forum establishes and which never changes.
//!
//! A snapshot keeps the figures themselves (not references to the values), so a later
//! import that revises a value leaves every snapshot as it was cited. Comparing the
//! current picture with a snapshot is a rule on two such documents.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Error, Problems};
use crate::indicators::{AggregateMethod, AreaKind, Better, format_value};
use crate::model::{Id, Lang, Names};

/// The most indicators one picture shows.
pub const MAX_INDICATORS: usize = 200;

/// One area's figures for an indicator: one entry per year of the indicator's `years`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AreaSeries {
    pub kind: AreaKind,
    pub code: String,
    pub name: Names,
    /// None where the figure is missing or suppressed: "ei tietoa", never 0.
    pub values: Vec<Option<f64>>,
}

/// An indicator of the picture with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PictureIndicator {
    pub indicator_id: Id,
    pub name: Names,
    pub unit: Names,
    pub decimals: i64,
    /// "THL, Sotkanet".
    pub source: String,
    pub better: Better,
    /// How the region's figure was made: the members' sum or the source's own.
    pub method: AggregateMethod,
    /// The years, in order, that any of the areas has a value for.
    pub years: Vec<i32>,
    /// The member municipalities (by code), then the region, then the whole country.
    pub series: Vec<AreaSeries>,
}

impl PictureIndicator {
    /// The first and last year with any figure.
    pub fn data_years(&self) -> Option<(i32, i32)> {
        let with_value = |i: &usize| self.series.iter().any(|s| s.values.get(*i).is_some_and(Option::is_some));
        let first = (0..self.years.len()).find(with_value)?;
        let last = (0..self.years.len()).rev().find(with_value)?;
        Some((self.years[first], self.years[last]))
    }

    /// An area's figure for a year.
    pub fn value(&self, kind: AreaKind, code: &str, year: i32) -> Option<f64> {
        let at = self.years.binary_search(&year).ok()?;
        self.series.iter().find(|s| s.kind == kind && s.code == code)?.values.get(at).copied().flatten()
    }
}

/// The picture's figures: what a page draws and what a snapshot freezes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PictureData {
    pub region_code: String,
    pub region_name: Names,
    pub indicators: Vec<PictureIndicator>,
}

/// What the cooperation manager gives to freeze a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotInput {
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub commentary: String,
}

/// The chairs' forum item that established a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Establishment {
    pub item_id: Id,
    pub established_by: String,
    pub established_at: String,
}

/// A frozen picture. Never changes once made; its establishment is recorded once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Snapshot {
    pub id: Id,
    pub region_id: Id,
    pub title: String,
    /// The day the figures were frozen: the picture as it stood then.
    pub frozen_on: NaiveDate,
    /// Markdown.
    pub commentary: String,
    /// The account that froze it (an e-mail address): kept for the cooperation manager and
    /// the audit, never sent in the public API.
    #[serde(skip)]
    pub created_by: String,
    pub created_at: String,
    /// The id of the agenda item that established it, once it has been.
    pub established_by_item_id: Option<Id>,
    pub establishment: Option<Establishment>,
    pub data: PictureData,
}

/// A snapshot in a list, without its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SnapshotSummary {
    pub id: Id,
    pub region_id: Id,
    pub title: String,
    pub frozen_on: NaiveDate,
    /// As in `Snapshot`: not sent.
    #[serde(skip)]
    pub created_by: String,
    pub established_by_item_id: Option<Id>,
}

/// The rules on a new snapshot.
pub fn check_snapshot(input: &SnapshotInput, data: &PictureData) -> Result<(), Error> {
    let mut problems = Problems::default();
    problems.check(!input.title.trim().is_empty(), "title", "error-required");
    problems.check(input.title.chars().count() <= 200, "title", "error-too-long");
    problems.check(!data.indicators.is_empty(), "indicators", "error-picture-no-indicators");
    problems.into_result()
}

/// The rules on a region's choice of indicators: known ones, each once, not too many.
pub fn check_choice(chosen: &[Id], known: &[Id]) -> Result<(), Error> {
    let mut problems = Problems::default();
    problems.check(chosen.len() <= MAX_INDICATORS, "indicators", "error-picture-too-many");
    let mut seen = std::collections::HashSet::new();
    problems.check(chosen.iter().all(|id| seen.insert(*id)), "indicators", "error-indicator-duplicate");
    problems.check(chosen.iter().all(|id| known.contains(id)), "indicators", "error-picture-unknown-indicator");
    problems.into_result()
}

/// How a figure stands now against a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueChange {
    Unchanged,
    /// There was no figure in the snapshot; there is one now (a new year, or a figure
    /// published since).
    Added,
    /// The figure differs from the snapshot's: the source revised it.
    Revised,
    /// The snapshot had a figure that is missing now.
    Removed,
}

pub fn value_change(then: Option<f64>, now: Option<f64>) -> ValueChange {
    match (then, now) {
        (None, None) => ValueChange::Unchanged,
        (None, Some(_)) => ValueChange::Added,
        (Some(_), None) => ValueChange::Removed,
        // Figures are stored as the files give them; a difference in the last bit is
        // still a revision, but a float read back from text must not look like one.
        (Some(a), Some(b)) if (a - b).abs() <= 1e-9 * a.abs().max(1.0) => ValueChange::Unchanged,
        (Some(_), Some(_)) => ValueChange::Revised,
    }
}

/// One area of one indicator compared: the latest figure then and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ComparedArea {
    pub kind: AreaKind,
    pub code: String,
    pub name: Names,
    /// The snapshot's latest year with a figure for the area, and the figure.
    pub snapshot_year: Option<i32>,
    pub snapshot_value: Option<f64>,
    /// The current latest year with a figure, and the figure.
    pub current_year: Option<i32>,
    pub current_value: Option<f64>,
    /// Current minus snapshot latest figure, when both are there.
    pub change: Option<f64>,
    /// Figures of any year added, revised or removed since the snapshot.
    pub added: Vec<i32>,
    pub revised: Vec<i32>,
    pub removed: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ComparedIndicator {
    pub indicator_id: Id,
    pub name: Names,
    pub decimals: i64,
    pub source: String,
    /// Whether the indicator is still among the region's chosen ones.
    pub in_current: bool,
    pub in_snapshot: bool,
    pub areas: Vec<ComparedArea>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Comparison {
    pub snapshot_id: Id,
    pub frozen_on: NaiveDate,
    pub indicators: Vec<ComparedIndicator>,
    pub added: usize,
    pub revised: usize,
    pub removed: usize,
}

/// `indicators::format_value`, the same text, by integer arithmetic where that gives the
/// same rounding: a picture of a hundred indicators writes tens of thousands of figures,
/// and exact float formatting was a tenth of the page's time. Figures whose scaled value
/// lies within a millionth of a rounding boundary, or that are too large for the integer
/// path to be exact, go to `format_value` itself.
pub fn format_figure(value: f64, decimals: i64, lang: Lang) -> String {
    let decimals = decimals.clamp(0, crate::indicators::MAX_DECIMALS);
    let scaled = value.abs() * 10f64.powi(decimals as i32);
    let fraction = scaled - scaled.floor();
    if !scaled.is_finite() || scaled >= 1e9 || (fraction - 0.5).abs() < 1e-6 {
        return format_value(value, decimals, lang);
    }
    let units = scaled.round() as u64;
    let divisor = 10u64.pow(decimals as u32);
    let (whole, part) = (units / divisor, units % divisor);
    let digits = whole.to_string();
    let (separator, point, group_from) = match lang {
        Lang::Fi | Lang::Sv => ('\u{a0}', ',', 5),
        Lang::En => (',', '.', 4),
    };
    let mut out = String::with_capacity(digits.len() + 8);
    // A value that rounds to zero has no sign, as in `format_value`.
    if value < 0.0 && units > 0 {
        out.push('-');
    }
    if digits.len() >= group_from {
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(separator);
            }
            out.push(digit);
        }
    } else {
        out.push_str(&digits);
    }
    if decimals > 0 {
        out.push(point);
        let part = part.to_string();
        for _ in part.len()..decimals as usize {
            out.push('0');
        }
        out.push_str(&part);
    }
    out
}

fn latest(series: Option<&AreaSeries>, years: &[i32]) -> (Option<i32>, Option<f64>) {
    let Some(series) = series else { return (None, None) };
    for (i, value) in series.values.iter().enumerate().rev() {
        if let Some(v) = value {
            return (years.get(i).copied(), Some(*v));
        }
    }
    (None, None)
}

fn series_of<'a>(indicator: Option<&'a PictureIndicator>, kind: AreaKind, code: &str) -> Option<&'a AreaSeries> {
    indicator.and_then(|i| i.series.iter().find(|s| s.kind == kind && s.code == code))
}

/// The current picture against a snapshot's: every indicator of either, every area of
/// either, the latest figures and which years' figures were added, revised or removed.
pub fn compare(snapshot_id: Id, frozen_on: NaiveDate, then: &PictureData, now: &PictureData) -> Comparison {
    let mut ids: Vec<Id> = then.indicators.iter().map(|i| i.indicator_id).collect();
    ids.extend(now.indicators.iter().map(|i| i.indicator_id).filter(|id| !then.indicators.iter().any(|t| t.indicator_id == *id)));
    let mut comparison = Comparison { snapshot_id, frozen_on, indicators: Vec::new(), added: 0, revised: 0, removed: 0 };
    for id in ids {
        let old = then.indicators.iter().find(|i| i.indicator_id == id);
        let new = now.indicators.iter().find(|i| i.indicator_id == id);
        let Some(meta) = new.or(old) else { continue };
        let mut keys: Vec<(AreaKind, String, Names)> = Vec::new();
        for series in old.iter().chain(new.iter()).flat_map(|i| i.series.iter()) {
            if !keys.iter().any(|(k, c, _)| *k == series.kind && *c == series.code) {
                keys.push((series.kind, series.code.clone(), series.name.clone()));
            }
        }
        let mut areas = Vec::new();
        for (kind, code, name) in keys {
            let (snapshot_year, snapshot_value) = latest(series_of(old, kind, &code), old.map_or(&[], |i| &i.years));
            let (current_year, current_value) = latest(series_of(new, kind, &code), new.map_or(&[], |i| &i.years));
            let mut area = ComparedArea {
                kind,
                code: code.clone(),
                name,
                snapshot_year,
                snapshot_value,
                current_year,
                current_value,
                change: snapshot_value.zip(current_value).map(|(a, b)| b - a),
                added: Vec::new(),
                revised: Vec::new(),
                removed: Vec::new(),
            };
            // Only when both pictures have the indicator: a newly chosen indicator is not
            // a list of "added" figures.
            if let (Some(old), Some(new)) = (old, new) {
                let mut years: Vec<i32> = old.years.iter().chain(new.years.iter()).copied().collect();
                years.sort_unstable();
                years.dedup();
                for year in years {
                    match value_change(old.value(kind, &code, year), new.value(kind, &code, year)) {
                        ValueChange::Unchanged => {}
                        ValueChange::Added => area.added.push(year),
                        ValueChange::Revised => area.revised.push(year),
                        ValueChange::Removed => area.removed.push(year),
                    }
                }
            }
            comparison.added += area.added.len();
            comparison.revised += area.revised.len();
            comparison.removed += area.removed.len();
            areas.push(area);
        }
        comparison.indicators.push(ComparedIndicator {
            indicator_id: id,
            name: meta.name.clone(),
            decimals: meta.decimals,
            source: meta.source.clone(),
            in_current: new.is_some(),
            in_snapshot: old.is_some(),
            areas,
        });
    }
    comparison
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(years: Vec<i32>, lahti: Vec<Option<f64>>) -> PictureIndicator {
        PictureIndicator {
            indicator_id: 127,
            name: Names::new("Väestö", "Befolkning", "Population"),
            unit: Names::default(),
            decimals: 0,
            source: "THL, Sotkanet".into(),
            better: Better::Neither,
            method: AggregateMethod::SumOfMembers,
            years,
            series: vec![AreaSeries {
                kind: AreaKind::Municipality,
                code: "398".into(),
                name: Names::new("Lahti", "Lahtis", "Lahti"),
                values: lahti,
            }],
        }
    }

    fn picture(indicator: PictureIndicator) -> PictureData {
        PictureData { region_code: "07".into(), region_name: Names::default(), indicators: vec![indicator] }
    }

    #[test]
    fn a_comparison_names_added_revised_and_removed_figures() {
        let then = picture(indicator(vec![2020, 2021], vec![Some(100.0), None]));
        let now = picture(indicator(vec![2020, 2021, 2022], vec![Some(101.0), Some(102.0), Some(103.0)]));
        let result = compare(5, "2024-01-01".parse().unwrap(), &then, &now);
        let area = &result.indicators[0].areas[0];
        assert_eq!((area.snapshot_year, area.snapshot_value), (Some(2020), Some(100.0)));
        assert_eq!((area.current_year, area.current_value), (Some(2022), Some(103.0)));
        assert_eq!(area.change, Some(3.0));
        assert_eq!((area.added.as_slice(), area.revised.as_slice()), (&[2021, 2022][..], &[2020][..]));
        assert_eq!((result.added, result.revised, result.removed), (2, 1, 0));

        let gone = picture(indicator(vec![2020], vec![None]));
        let result = compare(5, "2024-01-01".parse().unwrap(), &then, &gone);
        assert_eq!(result.indicators[0].areas[0].removed, [2020]);
        assert_eq!(result.indicators[0].areas[0].change, None);
    }

    #[test]
    fn missing_stays_missing_and_equal_figures_are_unchanged() {
        assert_eq!(value_change(None, None), ValueChange::Unchanged);
        assert_eq!(value_change(Some(201_270.0), Some(201_270.0)), ValueChange::Unchanged);
        assert_eq!(value_change(Some(0.0), None), ValueChange::Removed);
        assert_eq!(value_change(Some(1.0), Some(1.1)), ValueChange::Revised);
    }

    #[test]
    fn data_years_skip_years_without_any_figure() {
        let i = indicator(vec![2000, 2001, 2002], vec![None, Some(1.0), None]);
        assert_eq!(i.data_years(), Some((2001, 2001)));
        assert_eq!(i.value(AreaKind::Municipality, "398", 2001), Some(1.0));
        assert_eq!(i.value(AreaKind::Municipality, "398", 2002), None);
        assert_eq!(indicator(vec![], vec![]).data_years(), None);
    }

    #[test]
    fn figures_are_written_as_format_value_writes_them() {
        let mut checked = 0;
        for lang in [Lang::Fi, Lang::Sv, Lang::En] {
            for decimals in 0..=3 {
                let mut x = 0.001_f64;
                while x < 2_000_000.0 {
                    for v in [x, -x] {
                        assert_eq!(format_figure(v, decimals, lang), format_value(v, decimals, lang), "{v} {decimals} {lang:?}");
                    }
                    x = x * 1.013 + 0.037;
                    checked += 1;
                }
                for x in [0.0, -0.0, 0.05, 0.049, -0.04, 2.675, 1.005, 201_270.0, 5_351_427.0, 999.95, 1e12, 12.5, 0.125] {
                    assert_eq!(format_figure(x, decimals, lang), format_value(x, decimals, lang), "{x} {decimals} {lang:?}");
                }
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn a_choice_of_indicators_is_known_and_each_once() {
        assert!(check_choice(&[127, 186], &[127, 186, 322]).is_ok());
        let Err(Error::Invalid(list)) = check_choice(&[127, 127, 999], &[127]) else { panic!("accepted") };
        let codes: Vec<&str> = list.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["error-indicator-duplicate", "error-picture-unknown-indicator"]);
        let input = SnapshotInput { title: " ".into(), commentary: String::new() };
        assert!(check_snapshot(&input, &picture(indicator(vec![], vec![]))).is_err());
    }
}
