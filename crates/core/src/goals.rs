//! The goals of a council term and their follow-up (R3.4, issue 5 item 4), modelled on
//! Decidim's accountability module: the strategic forum sets the term's policy lines and
//! the goals under them; each goal has measures with owner parties, a weight and a
//! progress; indicator targets with a baseline and a target; a status for each year; and
//! the chairs' forum's yearly assessment, recorded from its memo.
//!
//! The rules that need no database are here: how a goal's progress rolls up from its
//! measures, whether an indicator moves toward its target, and the checks of each record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Error, Problems};
use crate::indicators::{AreaKind, Better};
use crate::model::{CouncilTerm, Id, Names, text_enum};

text_enum!(
    /// Where a goal stands in a year.
    GoalState {
        OnTrack = "on_track",
        AtRisk = "at_risk",
        OffTrack = "off_track",
        Achieved = "achieved",
    }
);

text_enum!(
    /// How an indicator has moved from its baseline, seen from the target.
    Trend {
        /// The latest value has reached the target (or gone past it the good way).
        Reached = "reached",
        /// The latest value is nearer the target's side than the baseline.
        Toward = "toward",
        /// The latest value equals the baseline.
        Unchanged = "unchanged",
        /// The latest value has moved the wrong way.
        Away = "away",
        /// No baseline or no latest value to compare: shown as "ei tietoa".
        NoData = "no_data",
    }
);

/// The largest weight a measure may have; weights are relative, so 1–100 is plenty.
pub const MAX_WEIGHT: i64 = 100;

// ---- records ------------------------------------------------------------------------

/// A policy line of a council term (valtuustokauden linjaus), set by the strategic forum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermLineInput {
    pub term_id: Id,
    /// Order on the goals page, from 1.
    #[serde(default)]
    pub position: i64,
    pub name: Names,
    #[serde(default)]
    pub description: Names,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TermLine {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: TermLineInput,
}

/// A goal under a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalInput {
    pub line_id: Id,
    #[serde(default)]
    pub position: i64,
    pub name: Names,
    #[serde(default)]
    pub description: Names,
    /// The strategic forum's agenda item that set the goal.
    #[serde(default)]
    pub decided_item_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Goal {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: GoalInput,
}

/// A measure taken toward a goal, by one or more parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureInput {
    pub goal_id: Id,
    #[serde(default)]
    pub position: i64,
    /// What is done.
    pub description: Names,
    /// The parties that own the measure.
    #[serde(default)]
    pub owner_party_ids: Vec<Id>,
    /// Its share of the goal's progress, relative to the goal's other measures (1–100).
    #[serde(default = "one")]
    pub weight: i64,
    /// How far it is, 0–100 %.
    #[serde(default)]
    pub progress: i64,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    /// Actions agreed in the minutes that carry the measure out; their status shows in
    /// the follow-up report.
    #[serde(default)]
    pub action_ids: Vec<Id>,
}

fn one() -> i64 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Measure {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: MeasureInput,
}

/// An indicator a goal is followed by, with its baseline and target (R3.5: each plan
/// goal links to at least one indicator with a baseline and a target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalTargetInput {
    pub goal_id: Id,
    /// An indicator of the catalogue.
    pub indicator_id: Id,
    /// `region` (the region's own figure) or `municipality`.
    pub area_kind: AreaKind,
    /// Official code of the area: the region's "07", a municipality's "398".
    pub area_code: String,
    pub baseline_year: i32,
    pub baseline_value: f64,
    pub target_value: f64,
    pub target_year: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GoalTarget {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: GoalTargetInput,
}

/// Where a goal stands in a year, as the cooperation manager sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalStatusInput {
    pub goal_id: Id,
    pub year: i32,
    pub status: GoalState,
    /// A short justification.
    #[serde(default)]
    pub justification: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GoalStatus {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: GoalStatusInput,
}

/// The chairs' forum's assessment of a goal in its yearly follow-up, from its memo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalAssessmentInput {
    pub goal_id: Id,
    pub year: i32,
    pub status: GoalState,
    pub text: String,
    /// The chairs' forum's agenda item where the goal was assessed.
    #[serde(default)]
    pub item_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GoalAssessment {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: GoalAssessmentInput,
}

// ---- rules --------------------------------------------------------------------------

/// The calendar years a term's follow-up covers: from the year it starts to the year it
/// ends (2025–2029 for the term from 1.6.2025 to 31.5.2029).
pub fn term_years(term: &CouncilTerm) -> std::ops::RangeInclusive<i32> {
    use chrono::Datelike;
    term.input.start_date.year()..=term.input.end_date.year()
}

pub fn check_line(input: &TermLineInput) -> Result<(), Error> {
    let mut problems = Problems::default();
    problems.check(!input.name.fi.trim().is_empty(), "name.fi", "error-required");
    problems.check(input.position >= 0, "position", "error-invalid");
    problems.into_result()
}

pub fn check_goal(input: &GoalInput) -> Result<(), Error> {
    let mut problems = Problems::default();
    problems.check(!input.name.fi.trim().is_empty(), "name.fi", "error-required");
    problems.check(input.position >= 0, "position", "error-invalid");
    problems.into_result()
}

pub fn check_measure(input: &MeasureInput) -> Result<(), Error> {
    let mut problems = Problems::default();
    problems.check(!input.description.fi.trim().is_empty(), "description.fi", "error-required");
    problems.check((1..=MAX_WEIGHT).contains(&input.weight), "weight", "error-measure-weight");
    problems.check((0..=100).contains(&input.progress), "progress", "error-measure-progress");
    if let (Some(start), Some(end)) = (input.start_date, input.end_date) {
        problems.check(start <= end, "end_date", "error-end-before-start");
    }
    let mut owners = input.owner_party_ids.clone();
    owners.sort_unstable();
    owners.dedup();
    problems.check(owners.len() == input.owner_party_ids.len(), "owner_party_ids", "error-duplicate");
    problems.into_result()
}

/// The target's own rules, and that it points the way the catalogue says is better: a
/// target below the baseline of an indicator where higher is better is a typo or a
/// misunderstanding, never a plan.
pub fn check_target(input: &GoalTargetInput, better: Better, years: &std::ops::RangeInclusive<i32>) -> Result<(), Error> {
    let mut problems = Problems::default();
    problems.check(matches!(input.area_kind, AreaKind::Region | AreaKind::Municipality), "area_kind", "error-goal-target-area");
    problems.check(input.area_kind.normalise_code(&input.area_code).is_some(), "area_code", "error-indicator-area");
    problems.check(input.baseline_value.is_finite(), "baseline_value", "error-invalid");
    problems.check(input.target_value.is_finite(), "target_value", "error-invalid");
    problems.check(crate::indicators::YEARS.contains(&input.baseline_year), "baseline_year", "error-invalid");
    problems.check(input.target_year > input.baseline_year, "target_year", "error-goal-target-year");
    problems.check(input.target_year <= *years.end() + 10, "target_year", "error-goal-target-year");
    let pointing = match better {
        Better::Higher => input.target_value >= input.baseline_value,
        Better::Lower => input.target_value <= input.baseline_value,
        Better::Neither => true,
    };
    problems.check(pointing, "target_value", "error-goal-target-direction");
    problems.into_result()
}

/// A status or an assessment must be for a year of the goal's term.
pub fn check_year(year: i32, years: &std::ops::RangeInclusive<i32>) -> Result<(), Error> {
    if years.contains(&year) { Ok(()) } else { Err(Error::field("year", "error-goal-year")) }
}

pub fn check_status(input: &GoalStatusInput, years: &std::ops::RangeInclusive<i32>) -> Result<(), Error> {
    check_year(input.year, years)
}

pub fn check_assessment(input: &GoalAssessmentInput, years: &std::ops::RangeInclusive<i32>) -> Result<(), Error> {
    let mut problems = Problems::default();
    problems.check(years.contains(&input.year), "year", "error-goal-year");
    problems.check(!input.text.trim().is_empty(), "text", "error-required");
    problems.into_result()
}

/// A goal's progress from its measures: the average of their progress weighted by their
/// weights, as Decidim's accountability rolls a result's progress up from its children.
/// None without measures, so a goal with nothing under it does not read as 0 % done.
pub fn rolled_up_progress(measures: &[(i64, i64)]) -> Option<f64> {
    let total: i64 = measures.iter().map(|(weight, _)| (*weight).max(0)).sum();
    if total == 0 {
        return None;
    }
    let sum: i64 = measures.iter().map(|(weight, progress)| weight.max(&0) * progress.clamp(&0, &100)).sum();
    Some(sum as f64 / total as f64)
}

/// How an indicator has moved from `baseline` to `latest` with respect to `target`.
///
/// The good way is the catalogue's (`better`); for an indicator that is good neither way
/// (a population) it is the way the target lies from the baseline. Reaching the target
/// counts once the latest value is at it or past it the good way; otherwise a move the
/// good way is "toward", the other "away". Values within a millionth of the baseline's
/// size are equal, so rounding in the source does not read as a trend.
pub fn trend(better: Better, baseline: Option<f64>, latest: Option<f64>, target: f64) -> Trend {
    let (Some(baseline), Some(latest)) = (baseline, latest) else { return Trend::NoData };
    let tolerance = 1e-6 * baseline.abs().max(1.0);
    let up = match better {
        Better::Higher => Some(true),
        Better::Lower => Some(false),
        Better::Neither if (target - baseline).abs() <= tolerance => None,
        Better::Neither => Some(target > baseline),
    };
    let Some(up) = up else {
        // Keeping a level: reached while at it, else off it.
        return if (latest - target).abs() <= tolerance { Trend::Reached } else { Trend::Away };
    };
    let reached = if up { latest >= target - tolerance } else { latest <= target + tolerance };
    if reached {
        return Trend::Reached;
    }
    let moved = latest - baseline;
    if moved.abs() <= tolerance {
        Trend::Unchanged
    } else if (moved > 0.0) == up {
        Trend::Toward
    } else {
        Trend::Away
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_the_weighted_average_of_the_measures() {
        assert_eq!(rolled_up_progress(&[]), None);
        assert_eq!(rolled_up_progress(&[(1, 40)]), Some(40.0));
        // 3 × 100 + 1 × 0 over 4.
        assert_eq!(rolled_up_progress(&[(3, 100), (1, 0)]), Some(75.0));
        assert_eq!(rolled_up_progress(&[(1, 50), (1, 25)]), Some(37.5));
        // Weights that sum to nothing give no figure rather than a division by zero.
        assert_eq!(rolled_up_progress(&[(0, 80)]), None);
    }

    #[test]
    fn trend_follows_the_better_direction() {
        // Higher is better: from 50 toward 60.
        assert_eq!(trend(Better::Higher, Some(50.0), Some(55.0), 60.0), Trend::Toward);
        assert_eq!(trend(Better::Higher, Some(50.0), Some(45.0), 60.0), Trend::Away);
        assert_eq!(trend(Better::Higher, Some(50.0), Some(61.0), 60.0), Trend::Reached);
        assert_eq!(trend(Better::Higher, Some(50.0), Some(50.0), 60.0), Trend::Unchanged);
        // Lower is better: morbidity index from 110 toward 100.
        assert_eq!(trend(Better::Lower, Some(110.0), Some(105.0), 100.0), Trend::Toward);
        assert_eq!(trend(Better::Lower, Some(110.0), Some(112.0), 100.0), Trend::Away);
        assert_eq!(trend(Better::Lower, Some(110.0), Some(100.0), 100.0), Trend::Reached);
    }

    #[test]
    fn trend_of_a_neutral_indicator_follows_the_target() {
        // Population: the plan wants growth from 200 000 to 205 000.
        assert_eq!(trend(Better::Neither, Some(200_000.0), Some(199_000.0), 205_000.0), Trend::Away);
        assert_eq!(trend(Better::Neither, Some(200_000.0), Some(201_000.0), 205_000.0), Trend::Toward);
        // Keeping a level.
        assert_eq!(trend(Better::Neither, Some(10.0), Some(10.0), 10.0), Trend::Reached);
        assert_eq!(trend(Better::Neither, Some(10.0), Some(11.0), 10.0), Trend::Away);
    }

    #[test]
    fn a_missing_value_is_no_data_not_a_trend() {
        assert_eq!(trend(Better::Higher, None, Some(5.0), 6.0), Trend::NoData);
        assert_eq!(trend(Better::Higher, Some(5.0), None, 6.0), Trend::NoData);
    }

    fn target(better_baseline: f64, target: f64) -> GoalTargetInput {
        GoalTargetInput {
            goal_id: 1,
            indicator_id: 127,
            area_kind: AreaKind::Region,
            area_code: "07".into(),
            baseline_year: 2024,
            baseline_value: better_baseline,
            target_value: target,
            target_year: 2029,
        }
    }

    fn codes(result: Result<(), Error>) -> Vec<(String, String)> {
        match result {
            Ok(()) => Vec::new(),
            Err(Error::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_target_must_point_the_better_way_and_lie_after_its_baseline() {
        let years = 2025..=2029;
        assert!(check_target(&target(50.0, 60.0), Better::Higher, &years).is_ok());
        assert_eq!(
            codes(check_target(&target(50.0, 40.0), Better::Higher, &years)),
            vec![("target_value".to_owned(), "error-goal-target-direction".to_owned())]
        );
        assert!(check_target(&target(50.0, 40.0), Better::Lower, &years).is_ok());
        assert!(check_target(&target(50.0, 40.0), Better::Neither, &years).is_ok());
        let mut early = target(50.0, 60.0);
        early.target_year = 2024;
        assert_eq!(
            codes(check_target(&early, Better::Higher, &years)),
            vec![("target_year".to_owned(), "error-goal-target-year".to_owned())]
        );
        let mut county = target(50.0, 60.0);
        county.area_kind = AreaKind::Country;
        county.area_code = "358".into();
        assert_eq!(
            codes(check_target(&county, Better::Higher, &years)),
            vec![("area_kind".to_owned(), "error-goal-target-area".to_owned())]
        );
    }

    #[test]
    fn measures_keep_weight_progress_and_dates_in_range() {
        let mut measure = MeasureInput {
            goal_id: 1,
            position: 0,
            description: Names::new("Liikuntaneuvonta", "", ""),
            owner_party_ids: vec![1, 2],
            weight: 1,
            progress: 100,
            start_date: "2025-08-01".parse().ok(),
            end_date: "2027-12-31".parse().ok(),
            action_ids: vec![],
        };
        assert!(check_measure(&measure).is_ok());
        measure.progress = 101;
        measure.weight = 0;
        measure.end_date = "2025-01-01".parse().ok();
        measure.owner_party_ids = vec![2, 2];
        let found = codes(check_measure(&measure));
        for field in ["progress", "weight", "end_date", "owner_party_ids"] {
            assert!(found.iter().any(|(f, _)| f == field), "{field} in {found:?}");
        }
    }

    #[test]
    fn statuses_belong_to_the_years_of_the_term() {
        let term = CouncilTerm {
            id: 1,
            region_id: 1,
            version: 1,
            input: crate::model::TermInput { start_date: "2025-06-01".parse().unwrap(), end_date: "2029-05-31".parse().unwrap() },
        };
        let years = term_years(&term);
        assert_eq!(years, 2025..=2029);
        assert!(check_year(2025, &years).is_ok());
        assert!(check_year(2029, &years).is_ok());
        assert!(check_year(2030, &years).is_err());
    }
}
