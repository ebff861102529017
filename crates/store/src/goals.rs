//! The goals of a council term and their follow-up: the records (lines, goals, measures,
//! indicator targets, yearly statuses and the forum's assessments), the annual follow-up
//! report and the term report built from them and the indicator values, attaching a
//! report to a forum's agenda item, and the goals' statuses for the situational picture.
//!
//! Everything here is the region's shared follow-up (`Object::Cooperation`): read by all,
//! kept by the region's administrators and the cooperation manager.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use foorumi_core::goals::{self, *};
use foorumi_core::indicators::{AreaKey, AreaKind, Better, Gender, membership_date};
use foorumi_core::permissions::{Action, Actor, Object};
use foorumi_core::*;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::agendas::{self, StoredFile};
use crate::audit::{self, Author, Change};
use crate::indicators::{self as indicator_store, ValueQuery};
use crate::records::{
    self, FilterType, Record, all, authorise, date_text, enum_value, in_region, load, merge, names, opt_date, stored_fields, upsert,
};
use crate::views::ItemChoice;
use crate::{Error, Result, Store};

// ---- helpers --------------------------------------------------------------------------

fn names_binds(names: &Names) -> [String; 3] {
    [names.fi.trim().to_owned(), names.sv.trim().to_owned(), names.en.trim().to_owned()]
}

/// The next place at the end of a list: `position` 0 on create puts a record last.
async fn next_position(conn: &mut AnyConnection, table: &str, parent: &str, parent_id: Id) -> Result<i64> {
    let sql = format!("SELECT COALESCE(MAX(position), 0) + 1 FROM {table} WHERE {parent} = $1");
    Ok(sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql)).bind(parent_id).fetch_one(&mut *conn).await?)
}

/// The council term a goal belongs to, through its line.
async fn term_of_goal(conn: &mut AnyConnection, goal_id: Id) -> Result<Option<CouncilTerm>> {
    let term: Option<Id> = sqlx::query_scalar("SELECT l.term_id FROM goals g JOIN term_lines l ON l.id = g.line_id WHERE g.id = $1")
        .bind(goal_id)
        .fetch_optional(&mut *conn)
        .await?;
    match term {
        Some(term) => load::<CouncilTerm>(conn, term).await,
        None => Ok(None),
    }
}

/// The goal's term when the goal is in the region; a field error on `goal_id` otherwise.
async fn goal_term(conn: &mut AnyConnection, region_id: Id, goal_id: Id) -> Result<CouncilTerm> {
    if in_region::<Goal>(conn, region_id, goal_id).await?.is_none() {
        return Err(Error::Invalid(vec![FieldError::new("goal_id", "error-not-found")]));
    }
    term_of_goal(conn, goal_id).await?.ok_or(Error::NotFound)
}

/// Whether an agenda item is in the region (a linked item must be).
async fn item_known(conn: &mut AnyConnection, region_id: Id, item_id: Option<Id>) -> Result<bool> {
    match item_id {
        Some(id) => Ok(in_region::<AgendaItem>(conn, region_id, id).await?.is_some()),
        None => Ok(true),
    }
}

/// Refuses a second record for the same goal and year.
async fn year_free(conn: &mut AnyConnection, table: &str, goal_id: Id, year: i32, id: Option<Id>) -> Result<bool> {
    let sql = format!("SELECT id FROM {table} WHERE goal_id = $1 AND year = $2");
    let taken: Option<Id> = sqlx::query_scalar(AssertSqlSafe(sql)).bind(goal_id).bind(i64::from(year)).fetch_optional(&mut *conn).await?;
    Ok(taken.is_none_or(|other| Some(other) == id))
}

// ---- the records ----------------------------------------------------------------------

impl Record for TermLine {
    type Input = TermLineInput;
    const ENTITY: &'static str = "term_line";
    const TABLE: &'static str = "term_lines";
    const COLUMNS: &'static str =
        "id, region_id, term_id, position, name_fi, name_sv, name_en, description_fi, description_sv, description_en, version";
    const ORDER: &'static str = "term_id, position, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("term_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(TermLine {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: TermLineInput {
                term_id: row.try_get("term_id")?,
                position: row.try_get("position")?,
                name: names(row, "name")?,
                description: names(row, "description")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &TermLineInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut TermLineInput) -> Result<()> {
        let mut result = goals::check_line(input).map_err(Error::from);
        if in_region::<CouncilTerm>(conn, region.id, input.term_id).await?.is_none() {
            result = merge(result, "term_id", "error-not-found");
        }
        result?;
        if input.position == 0 && id.is_none() {
            input.position = next_position(conn, Self::TABLE, "term_id", input.term_id).await?;
        }
        Ok(())
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &TermLineInput) -> Result<Id> {
        let columns = ["term_id", "position", "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en"];
        let [nfi, nsv, nen] = names_binds(&input.name);
        let [dfi, dsv, den] = names_binds(&input.description);
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.term_id)
                .bind(input.position)
                .bind(nfi.clone())
                .bind(nsv.clone())
                .bind(nen.clone())
                .bind(dfi.clone())
                .bind(dsv.clone())
                .bind(den.clone())
        })
        .await
    }
}

impl Record for Goal {
    type Input = GoalInput;
    const ENTITY: &'static str = "goal";
    const TABLE: &'static str = "goals";
    const COLUMNS: &'static str = "id, region_id, line_id, position, name_fi, name_sv, name_en, description_fi, description_sv, description_en, decided_item_id, version";
    const ORDER: &'static str = "line_id, position, id";
    const FILTERS: &'static [(&'static str, FilterType)] =
        &[("line_id", FilterType::Int), ("term_id", FilterType::IntWhere("line_id IN (SELECT id FROM term_lines WHERE term_id = {})"))];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Goal {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: GoalInput {
                line_id: row.try_get("line_id")?,
                position: row.try_get("position")?,
                name: names(row, "name")?,
                description: names(row, "description")?,
                decided_item_id: row.try_get("decided_item_id")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &GoalInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut GoalInput) -> Result<()> {
        let mut result = goals::check_goal(input).map_err(Error::from);
        if in_region::<TermLine>(conn, region.id, input.line_id).await?.is_none() {
            result = merge(result, "line_id", "error-not-found");
        }
        if !item_known(conn, region.id, input.decided_item_id).await? {
            result = merge(result, "decided_item_id", "error-not-found");
        }
        result?;
        if input.position == 0 && id.is_none() {
            input.position = next_position(conn, Self::TABLE, "line_id", input.line_id).await?;
        }
        Ok(())
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &GoalInput) -> Result<Id> {
        let columns = [
            "line_id",
            "position",
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "decided_item_id",
        ];
        let [nfi, nsv, nen] = names_binds(&input.name);
        let [dfi, dsv, den] = names_binds(&input.description);
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.line_id)
                .bind(input.position)
                .bind(nfi.clone())
                .bind(nsv.clone())
                .bind(nen.clone())
                .bind(dfi.clone())
                .bind(dsv.clone())
                .bind(den.clone())
                .bind(input.decided_item_id)
        })
        .await
    }
}

impl Record for Measure {
    type Input = MeasureInput;
    const ENTITY: &'static str = "measure";
    const TABLE: &'static str = "measures";
    const COLUMNS: &'static str =
        "id, region_id, goal_id, position, description_fi, description_sv, description_en, weight, progress, start_date, end_date, version";
    const ORDER: &'static str = "goal_id, position, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("goal_id", FilterType::Int),
        ("party_id", FilterType::IntWhere("id IN (SELECT measure_id FROM measure_owners WHERE party_id = {})")),
    ];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Measure {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: MeasureInput {
                goal_id: row.try_get("goal_id")?,
                position: row.try_get("position")?,
                description: names(row, "description")?,
                owner_party_ids: Vec::new(),
                weight: row.try_get("weight")?,
                progress: row.try_get("progress")?,
                start_date: opt_date(row, "start_date")?,
                end_date: opt_date(row, "end_date")?,
                action_ids: Vec::new(),
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|m| m.id.to_string()).collect();
        let ids = ids.join(",");
        let owners = format!("SELECT measure_id, party_id FROM measure_owners WHERE measure_id IN ({ids}) ORDER BY measure_id, position");
        for row in sqlx::query(AssertSqlSafe(owners)).fetch_all(&mut *conn).await? {
            let measure: Id = row.try_get("measure_id")?;
            if let Some(m) = items.iter_mut().find(|m| m.id == measure) {
                m.input.owner_party_ids.push(row.try_get("party_id")?);
            }
        }
        let actions =
            format!("SELECT measure_id, action_id FROM measure_actions WHERE measure_id IN ({ids}) ORDER BY measure_id, position");
        for row in sqlx::query(AssertSqlSafe(actions)).fetch_all(&mut *conn).await? {
            let measure: Id = row.try_get("measure_id")?;
            if let Some(m) = items.iter_mut().find(|m| m.id == measure) {
                m.input.action_ids.push(row.try_get("action_id")?);
            }
        }
        Ok(())
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &MeasureInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut MeasureInput) -> Result<()> {
        let mut result = goals::check_measure(input).map_err(Error::from);
        if in_region::<Goal>(conn, region.id, input.goal_id).await?.is_none() {
            result = merge(result, "goal_id", "error-not-found");
        }
        for party in &input.owner_party_ids {
            if in_region::<Party>(conn, region.id, *party).await?.is_none() {
                result = merge(result, "owner_party_ids", "error-not-found");
                break;
            }
        }
        input.action_ids.dedup();
        for action in &input.action_ids {
            if in_region::<ActionItem>(conn, region.id, *action).await?.is_none() {
                result = merge(result, "action_ids", "error-not-found");
                break;
            }
        }
        result?;
        if input.position == 0 && id.is_none() {
            input.position = next_position(conn, Self::TABLE, "goal_id", input.goal_id).await?;
        }
        Ok(())
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &MeasureInput) -> Result<Id> {
        let columns =
            ["goal_id", "position", "description_fi", "description_sv", "description_en", "weight", "progress", "start_date", "end_date"];
        let [dfi, dsv, den] = names_binds(&input.description);
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.goal_id)
                .bind(input.position)
                .bind(dfi.clone())
                .bind(dsv.clone())
                .bind(den.clone())
                .bind(input.weight)
                .bind(input.progress)
                .bind(input.start_date.map(date_text))
                .bind(input.end_date.map(date_text))
        })
        .await?;
        sqlx::query("DELETE FROM measure_owners WHERE measure_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, party) in input.owner_party_ids.iter().enumerate() {
            sqlx::query("INSERT INTO measure_owners (measure_id, position, party_id) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(position as i64)
                .bind(*party)
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query("DELETE FROM measure_actions WHERE measure_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, action) in input.action_ids.iter().enumerate() {
            sqlx::query("INSERT INTO measure_actions (measure_id, position, action_id) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(position as i64)
                .bind(*action)
                .execute(&mut *conn)
                .await?;
        }
        Ok(id)
    }
}

impl Record for GoalTarget {
    type Input = GoalTargetInput;
    const ENTITY: &'static str = "goal_target";
    const TABLE: &'static str = "goal_targets";
    const COLUMNS: &'static str =
        "id, region_id, goal_id, indicator_id, area_kind, area_code, baseline_year, baseline_value, target_value, target_year, version";
    const ORDER: &'static str = "goal_id, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("goal_id", FilterType::Int), ("indicator_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(GoalTarget {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: GoalTargetInput {
                goal_id: row.try_get("goal_id")?,
                indicator_id: row.try_get("indicator_id")?,
                area_kind: enum_value(row, "area_kind", AreaKind::parse)?,
                area_code: row.try_get("area_code")?,
                baseline_year: row.try_get::<i64, _>("baseline_year")? as i32,
                baseline_value: row.try_get("baseline_value")?,
                target_value: row.try_get("target_value")?,
                target_year: row.try_get::<i64, _>("target_year")? as i32,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &GoalTargetInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, _: Option<Id>, input: &mut GoalTargetInput) -> Result<()> {
        if let Some(code) = input.area_kind.normalise_code(&input.area_code) {
            input.area_code = code;
        }
        let term = goal_term(conn, region.id, input.goal_id).await?;
        let better: Option<String> =
            sqlx::query_scalar("SELECT better FROM indicators WHERE id = $1").bind(input.indicator_id).fetch_optional(&mut *conn).await?;
        let Some(better) = better.as_deref().and_then(Better::parse) else {
            return Err(Error::Invalid(vec![FieldError::new("indicator_id", "error-not-found")]));
        };
        let mut result = goals::check_target(input, better, &goals::term_years(&term)).map_err(Error::from);
        // The area must be the region itself or one of its municipalities.
        let area_ok = match input.area_kind {
            AreaKind::Region => input.area_code == region.input.code,
            AreaKind::Municipality => {
                let parties: Vec<Party> = all(conn, region.id).await?;
                parties.iter().any(|p| p.input.kind == PartyKind::Municipality && p.input.code.as_deref() == Some(input.area_code.as_str()))
            }
            _ => true,
        };
        if !area_ok {
            result = merge(result, "area_code", "error-goal-target-area-code");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &GoalTargetInput) -> Result<Id> {
        let columns =
            ["goal_id", "indicator_id", "area_kind", "area_code", "baseline_year", "baseline_value", "target_value", "target_year"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.goal_id)
                .bind(input.indicator_id)
                .bind(input.area_kind.as_str())
                .bind(input.area_code.clone())
                .bind(i64::from(input.baseline_year))
                .bind(input.baseline_value)
                .bind(input.target_value)
                .bind(i64::from(input.target_year))
        })
        .await
    }
}

impl Record for GoalStatus {
    type Input = GoalStatusInput;
    const ENTITY: &'static str = "goal_status";
    const TABLE: &'static str = "goal_statuses";
    const COLUMNS: &'static str = "id, region_id, goal_id, year, status, justification, version";
    const ORDER: &'static str = "goal_id, year, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("goal_id", FilterType::Int), ("year", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(GoalStatus {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: GoalStatusInput {
                goal_id: row.try_get("goal_id")?,
                year: row.try_get::<i64, _>("year")? as i32,
                status: enum_value(row, "status", GoalState::parse)?,
                justification: row.try_get("justification")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &GoalStatusInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut GoalStatusInput) -> Result<()> {
        input.justification = input.justification.trim().to_owned();
        let term = goal_term(conn, region.id, input.goal_id).await?;
        let mut result = goals::check_status(input, &goals::term_years(&term)).map_err(Error::from);
        if !year_free(conn, Self::TABLE, input.goal_id, input.year, id).await? {
            result = merge(result, "year", "error-goal-year-taken");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &GoalStatusInput) -> Result<Id> {
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &["goal_id", "year", "status", "justification"], |q| {
            q.bind(input.goal_id).bind(i64::from(input.year)).bind(input.status.as_str()).bind(input.justification.clone())
        })
        .await
    }
}

impl Record for GoalAssessment {
    type Input = GoalAssessmentInput;
    const ENTITY: &'static str = "goal_assessment";
    const TABLE: &'static str = "goal_assessments";
    const COLUMNS: &'static str = "id, region_id, goal_id, year, status, text, item_id, version";
    const ORDER: &'static str = "goal_id, year, id";
    const FILTERS: &'static [(&'static str, FilterType)] =
        &[("goal_id", FilterType::Int), ("year", FilterType::Int), ("item_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(GoalAssessment {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: GoalAssessmentInput {
                goal_id: row.try_get("goal_id")?,
                year: row.try_get::<i64, _>("year")? as i32,
                status: enum_value(row, "status", GoalState::parse)?,
                text: row.try_get("text")?,
                item_id: row.try_get("item_id")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &GoalAssessmentInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut GoalAssessmentInput) -> Result<()> {
        input.text = input.text.trim().to_owned();
        let term = goal_term(conn, region.id, input.goal_id).await?;
        let mut result = goals::check_assessment(input, &goals::term_years(&term)).map_err(Error::from);
        if !year_free(conn, Self::TABLE, input.goal_id, input.year, id).await? {
            result = merge(result, "year", "error-goal-year-taken");
        }
        // The assessment is the chairs' forum's (R3.4): its item must be that forum's.
        if let Some(item_id) = input.item_id {
            match in_region::<AgendaItem>(conn, region.id, item_id).await? {
                None => result = merge(result, "item_id", "error-not-found"),
                Some(item) => {
                    if forum_level(conn, item.forum_id).await? != Some(ForumLevel::Chairs) {
                        result = merge(result, "item_id", "error-goal-item-not-chairs");
                    }
                }
            }
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &GoalAssessmentInput) -> Result<Id> {
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &["goal_id", "year", "status", "text", "item_id"], |q| {
            q.bind(input.goal_id).bind(i64::from(input.year)).bind(input.status.as_str()).bind(input.text.clone()).bind(input.item_id)
        })
        .await
    }
}

async fn forum_level(conn: &mut AnyConnection, forum_id: Id) -> Result<Option<ForumLevel>> {
    Ok(load::<Forum>(conn, forum_id).await?.map(|f| f.input.level))
}

// ---- the report -------------------------------------------------------------------------

/// An agenda item a goal or an assessment links to, as the public may see it named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemLink {
    pub item_id: Id,
    pub meeting_id: Id,
    pub forum_id: Id,
    /// The § number once the agenda is published.
    pub number: Option<i64>,
    /// The title, or the public title of an item that is not public (R1.6).
    pub title: String,
    pub date: NaiveDate,
}

/// An action linked to a measure, with its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedAction {
    pub id: Id,
    pub region_id: Id,
    pub forum_id: Id,
    pub owner_party_id: Option<Id>,
    pub title: String,
    pub status: ActionStatus,
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportMeasure {
    pub measure: Measure,
    /// The owner parties' names, in the measure's order.
    pub owners: Vec<Names>,
    pub actions: Vec<LinkedAction>,
}

/// One year's value of a target's indicator in its area; `value` None is "ei tietoa".
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearValue {
    pub year: i32,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportTarget {
    pub target: GoalTarget,
    pub indicator_name: Names,
    pub unit: Names,
    pub decimals: i64,
    /// "THL, Sotkanet".
    pub source: String,
    pub better: Better,
    pub area_name: Names,
    /// Every year from the baseline year to the report's last year (this year at the
    /// latest), a missing value as None.
    pub values: Vec<YearValue>,
    /// The latest year with a value, from the baseline year on.
    pub latest: Option<YearValue>,
    pub trend: Trend,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportAssessment {
    pub assessment: GoalAssessment,
    pub item: Option<ItemLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportGoal {
    pub goal: Goal,
    pub decided_item: Option<ItemLink>,
    /// Rolled up from the measures by weight; None without measures.
    pub progress: Option<f64>,
    pub measures: Vec<ReportMeasure>,
    pub targets: Vec<ReportTarget>,
    /// The statuses of the report's years, by year.
    pub statuses: Vec<GoalStatus>,
    pub assessments: Vec<ReportAssessment>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportLine {
    pub line: TermLine,
    pub goals: Vec<ReportGoal>,
}

/// The annual follow-up report (a `year`) for the chairs' forum, or the term report (no
/// year) for the strategic forum: the term's goals with their indicator trends,
/// measures, actions, statuses and assessments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpReport {
    pub region_code: String,
    pub region_name: Names,
    pub term: CouncilTerm,
    /// The year followed up; none for the term report.
    pub year: Option<i32>,
    /// The years the report covers: up to `year`, or the whole term.
    pub years: Vec<i32>,
    pub lines: Vec<ReportLine>,
}

impl FollowUpReport {
    /// The forum level the report is for: the chairs' forum every year, the strategic
    /// forum once a term (R3.4).
    pub fn forum_level(&self) -> ForumLevel {
        if self.year.is_some() { ForumLevel::Chairs } else { ForumLevel::Strategic }
    }
}

async fn item_link(conn: &mut AnyConnection, item_id: Option<Id>) -> Result<Option<ItemLink>> {
    let Some(item_id) = item_id else { return Ok(None) };
    let Some(item) = load::<AgendaItem>(conn, item_id).await? else { return Ok(None) };
    let Some(meeting) = load::<Meeting>(conn, item.input.meeting_id).await? else { return Ok(None) };
    let title = if item.input.publicity == Publicity::Public { item.input.title.clone() } else { item.input.public_title.clone() };
    Ok(Some(ItemLink { item_id, meeting_id: meeting.id, forum_id: item.forum_id, number: item.number, title, date: meeting.input.date }))
}

/// The values of a target's indicator in its area, for `years`: the region's figure
/// (the members' sum or the source's own, as `region_figure` decides) or the
/// municipality's value.
async fn target_values(store: &Store, region_id: Id, target: &GoalTargetInput, years: &[i32]) -> Result<Vec<YearValue>> {
    let mut values = Vec::new();
    match target.area_kind {
        AreaKind::Region => {
            for year in years {
                let figure = indicator_store::region_figure(store, region_id, target.indicator_id, *year, Gender::Total).await?;
                values.push(YearValue { year: *year, value: figure.value });
            }
        }
        kind => {
            let (Some(first), Some(last)) = (years.first(), years.last()) else { return Ok(values) };
            let query = ValueQuery {
                areas: vec![AreaKey::new(kind, &target.area_code)],
                from: Some(*first),
                to: Some(*last),
                gender: Some(Gender::Total),
            };
            let (found, _) = indicator_store::values(store, target.indicator_id, &query, 0, 1000).await?;
            for year in years {
                let value = found.iter().find(|v| v.year == *year && v.age_group.is_none()).and_then(|v| v.value);
                values.push(YearValue { year: *year, value });
            }
        }
    }
    Ok(values)
}

/// The report of `term_id` for `year` (annual) or for the whole term (`None`).
pub async fn report(store: &Store, term_id: Id, year: Option<i32>) -> Result<FollowUpReport> {
    let mut conn = store.pool().acquire().await?;
    let term = load::<CouncilTerm>(&mut conn, term_id).await?.ok_or(Error::NotFound)?;
    let region = load::<Region>(&mut conn, term.region_id).await?.ok_or(Error::NotFound)?;
    let term_years = goals::term_years(&term);
    if let Some(year) = year {
        goals::check_year(year, &term_years)?;
    }
    let last_year = year.unwrap_or(*term_years.end());
    let years: Vec<i32> = (*term_years.start()..=last_year).collect();
    let lines: Vec<TermLine> = list_by(store, region.id, "term_id", term_id).await?;
    let all_goals: Vec<Goal> = list_by(store, region.id, "term_id", term_id).await?;
    let parties: Vec<Party> = all(&mut conn, region.id).await?;
    let mut report_lines = Vec::new();
    for line in lines {
        let mut report_goals = Vec::new();
        for goal in all_goals.iter().filter(|g| g.input.line_id == line.id) {
            report_goals.push(report_goal(store, &mut conn, &region, &parties, goal, &years).await?);
        }
        report_lines.push(ReportLine { line, goals: report_goals });
    }
    Ok(FollowUpReport {
        region_code: region.input.code.clone(),
        region_name: region.input.name.clone(),
        term,
        year,
        years,
        lines: report_lines,
    })
}

/// The region's records whose `filter` is `value`, in their order: a term has far fewer
/// lines, goals, measures, targets, statuses or assessments than one page of 1000.
async fn list_by<R: Record>(store: &Store, region_id: Id, filter: &str, value: Id) -> Result<Vec<R>> {
    let page = records::Page { offset: 0, limit: 1000 };
    Ok(records::list::<R>(store, Some(region_id), &[(filter.to_owned(), value.to_string())], page).await?.0)
}

async fn report_goal(
    store: &Store,
    conn: &mut AnyConnection,
    region: &Region,
    parties: &[Party],
    goal: &Goal,
    years: &[i32],
) -> Result<ReportGoal> {
    let last_year = years.last().copied().unwrap_or_default();
    let measures: Vec<Measure> = list_by(store, region.id, "goal_id", goal.id).await?;
    let progress = goals::rolled_up_progress(&measures.iter().map(|m| (m.input.weight, m.input.progress)).collect::<Vec<_>>());
    let mut report_measures = Vec::new();
    for measure in measures {
        let owners = measure
            .input
            .owner_party_ids
            .iter()
            .filter_map(|id| parties.iter().find(|p| p.id == *id).map(|p| p.input.name.clone()))
            .collect();
        let mut actions = Vec::new();
        for action_id in &measure.input.action_ids {
            if let Some(action) = load::<ActionItem>(conn, *action_id).await? {
                actions.push(LinkedAction {
                    id: action.id,
                    region_id: action.region_id,
                    forum_id: action.forum_id,
                    owner_party_id: action.input.owner_party_id,
                    title: action.input.title,
                    status: action.input.status,
                    due_date: action.input.due_date,
                });
            }
        }
        report_measures.push(ReportMeasure { measure, owners, actions });
    }
    let targets: Vec<GoalTarget> = list_by(store, region.id, "goal_id", goal.id).await?;
    let mut report_targets = Vec::new();
    for target in targets {
        let indicator = indicator_store::indicator(store, target.input.indicator_id).await?;
        // Years still to come have no values yet: the rows stop at this year.
        let last_value_year = last_year.min(crate::today().year());
        let first = target.input.baseline_year.min(last_value_year);
        let target_years: Vec<i32> = (first..=last_value_year).collect();
        let values = target_values(store, region.id, &target.input, &target_years).await?;
        let latest = values.iter().rev().find(|v| v.value.is_some() && v.year >= target.input.baseline_year).copied();
        let trend = goals::trend(
            indicator.input.better,
            Some(target.input.baseline_value),
            latest.and_then(|v| v.value),
            target.input.target_value,
        );
        let area_name = match target.input.area_kind {
            AreaKind::Region => region.input.name.clone(),
            _ => parties
                .iter()
                .find(|p| p.input.kind == PartyKind::Municipality && p.input.code.as_deref() == Some(target.input.area_code.as_str()))
                .map(|p| p.input.name.clone())
                .unwrap_or_else(|| Names::new(&target.input.area_code, "", "")),
        };
        report_targets.push(ReportTarget {
            indicator_name: indicator.input.name,
            unit: indicator.input.unit,
            decimals: indicator.input.decimals,
            source: indicator.input.source,
            better: indicator.input.better,
            area_name,
            values,
            latest,
            trend,
            target,
        });
    }
    let statuses: Vec<GoalStatus> = list_by(store, region.id, "goal_id", goal.id).await?;
    let statuses = statuses.into_iter().filter(|s| years.contains(&s.input.year)).collect();
    let assessments: Vec<GoalAssessment> = list_by(store, region.id, "goal_id", goal.id).await?;
    let mut report_assessments = Vec::new();
    for assessment in assessments.into_iter().filter(|a| years.contains(&a.input.year)) {
        let item = item_link(conn, assessment.input.item_id).await?;
        report_assessments.push(ReportAssessment { assessment, item });
    }
    Ok(ReportGoal {
        decided_item: item_link(conn, goal.input.decided_item_id).await?,
        goal: goal.clone(),
        progress,
        measures: report_measures,
        targets: report_targets,
        statuses,
        assessments: report_assessments,
    })
}

// ---- attaching a report to an agenda ------------------------------------------------------

/// What the caller attaches: the report of `term_id` for `year` (or the term report)
/// as a generated file, to the agenda item `item_id`.
#[derive(Debug, Clone)]
pub struct ReportAttachment {
    pub item_id: Id,
    pub term_id: Id,
    pub year: Option<i32>,
    /// The file's name ("Seurantaraportti 2026.pdf").
    pub name: String,
}

/// Attaches a generated report to an agenda item in one transaction with its audit
/// entries. The keeper of the region's follow-up (`Object::Cooperation`) who may also add
/// attachments to the item's agenda does it; the annual report goes to a chairs' forum's
/// item and the term report to a strategic forum's (R3.4). The attachment takes the
/// item's publicity. The caller has generated and stored the file.
pub async fn attach_report(
    store: &Store,
    actor: &Actor,
    author: &Author,
    request: &ReportAttachment,
    file: StoredFile,
) -> Result<Attachment> {
    let mut tx = store.write().await?;
    let term = load::<CouncilTerm>(&mut tx, request.term_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Create, Object::Cooperation { region: term.region_id })?;
    let Some(item) = in_region::<AgendaItem>(&mut tx, term.region_id, request.item_id).await? else {
        return Err(Error::Invalid(vec![FieldError::new("item_id", "error-not-found")]));
    };
    let input = AttachmentInput {
        item_id: item.id,
        name: request.name.clone(),
        publicity: item.input.publicity,
        legal_basis_id: item.input.legal_basis_id,
    };
    // Someone who may not add to the item's agenda is refused before being told what else
    // is wrong; `add_attachment_in` asks again as it writes.
    authorise(actor, Action::Create, Attachment::object(&mut tx, item.region_id, None, &input).await?)?;
    let mut result = match request.year {
        Some(year) => goals::check_year(year, &goals::term_years(&term)).map_err(Error::from),
        None => Ok(()),
    };
    let wanted = if request.year.is_some() { ForumLevel::Chairs } else { ForumLevel::Strategic };
    if forum_level(&mut tx, item.forum_id).await? != Some(wanted) {
        result =
            merge(result, "item_id", if request.year.is_some() { "error-goal-item-not-chairs" } else { "error-goal-item-not-strategic" });
    }
    result?;
    // The attachment and the report's own audit entry go in the one transaction.
    let attachment = agendas::add_attachment_in(&mut tx, actor, author, input, file).await?;
    #[derive(Serialize)]
    struct Attached {
        year: Option<i32>,
        item_id: Id,
        attachment_id: Id,
        sha256: String,
    }
    let logged = Attached { year: request.year, item_id: item.id, attachment_id: attachment.id, sha256: attachment.sha256.clone() };
    let action = if request.year.is_some() { "attach_followup_report" } else { "attach_term_report" };
    audit::record(
        &mut tx,
        author,
        Change { action, entity: "council_term", entity_id: term.id, region_id: Some(term.region_id), before: None, after: Some(&logged) },
    )
    .await?;
    tx.commit().await?;
    Ok(attachment)
}

/// The items of the region's meetings on or after `from` convened by a forum of
/// `level`, in date and agenda order, cancelled meetings left out: where the page offers
/// to attach a report (the chairs' forum's next meetings for the annual report).
pub async fn report_items(store: &Store, region_id: Id, level: ForumLevel, from: NaiveDate) -> Result<Vec<ItemChoice>> {
    let mut items = crate::views::item_choices(store, region_id).await?;
    items.retain(|i| i.level == level && !i.cancelled && i.date >= from);
    // Stable: the agenda order within a meeting stays.
    items.sort_by_key(|i| i.date);
    Ok(items)
}

// ---- for the situational picture ----------------------------------------------------------

/// A goal's standing in a year, for the situational picture's side panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalStatusSummary {
    pub goal_id: Id,
    pub line: Names,
    pub name: Names,
    /// The chairs' forum's assessment of the year when there is one (the agreed view),
    /// else the status recorded for the year; none when neither is.
    pub status: Option<GoalState>,
    /// Rolled up from the measures; none without measures.
    pub progress: Option<f64>,
}

/// The council term whose follow-up covers `year`: the one in force on 31 December (the
/// year a term starts belongs to the new term), else the one in force on 1 January.
pub async fn term_for_year(store: &Store, region_id: Id, year: i32) -> Result<Option<CouncilTerm>> {
    let mut conn = store.pool().acquire().await?;
    let terms: Vec<CouncilTerm> = all(&mut conn, region_id).await?;
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    Ok(terms.iter().find(|t| t.contains(membership_date(year))).or_else(|| terms.iter().find(|t| t.contains(first))).cloned())
}

/// The (weight, progress) of the measures of `goals`, by goal and in the measures' order:
/// one query for all of them, as the situational picture reads this on every view.
async fn measure_weights(store: &Store, region_id: Id, goals: &[Goal]) -> Result<HashMap<Id, Vec<(i64, i64)>>> {
    let mut weights: HashMap<Id, Vec<(i64, i64)>> = HashMap::new();
    if goals.is_empty() {
        return Ok(weights);
    }
    let ids = goals.iter().map(|g| g.id.to_string()).collect::<Vec<_>>().join(",");
    let sql =
        format!("SELECT goal_id, weight, progress FROM measures WHERE region_id = $1 AND goal_id IN ({ids}) ORDER BY {}", Measure::ORDER);
    for row in sqlx::query(AssertSqlSafe(sql)).bind(region_id).fetch_all(store.pool()).await? {
        weights.entry(row.try_get("goal_id")?).or_default().push((row.try_get("weight")?, row.try_get("progress")?));
    }
    Ok(weights)
}

/// The goals of the term that covers `year` in `region_id`, in the goals page's order,
/// with their status that year and their progress. Empty when no term covers the year.
/// Public information: callers need no permission check.
pub async fn goal_statuses(store: &Store, region_id: Id, year: i32) -> Result<Vec<GoalStatusSummary>> {
    let Some(term) = term_for_year(store, region_id, year).await? else { return Ok(Vec::new()) };
    let lines: Vec<TermLine> = list_by(store, region_id, "term_id", term.id).await?;
    let goals: Vec<Goal> = list_by(store, region_id, "term_id", term.id).await?;
    let statuses: Vec<GoalStatus> = list_by(store, region_id, "year", i64::from(year)).await?;
    let assessments: Vec<GoalAssessment> = list_by(store, region_id, "year", i64::from(year)).await?;
    let weights = measure_weights(store, region_id, &goals).await?;
    let mut summaries = Vec::new();
    for line in &lines {
        for goal in goals.iter().filter(|g| g.input.line_id == line.id) {
            let status = assessments
                .iter()
                .find(|a| a.input.goal_id == goal.id)
                .map(|a| a.input.status)
                .or_else(|| statuses.iter().find(|s| s.input.goal_id == goal.id).map(|s| s.input.status));
            summaries.push(GoalStatusSummary {
                goal_id: goal.id,
                line: line.input.name.clone(),
                name: goal.input.name.clone(),
                status,
                progress: goals::rolled_up_progress(weights.get(&goal.id).map_or(&[], Vec::as_slice)),
            });
        }
    }
    Ok(summaries)
}

// ---- the chairs' forum's annual follow-up (R3.4) -----------------------------------------

/// Whether the chairs' forum has followed up `term` every year so far: per year, the
/// item with which it assessed the term's goals and the item that established the year's
/// situational-picture snapshot (`core::plan::annual_follow_ups`).
pub async fn annual_follow_ups(store: &Store, term: &CouncilTerm, today: NaiveDate) -> Result<Vec<foorumi_core::plan::AnnualFollowUp>> {
    use foorumi_core::plan::{FollowUpItem, annual_follow_ups};
    let mut conn = store.pool().acquire().await?;
    let meetings = sqlx::query(
        "SELECT DISTINCT m.id, m.date, m.status FROM meetings m \
         JOIN meeting_forums mf ON mf.meeting_id = m.id JOIN forums fo ON fo.id = mf.forum_id \
         WHERE m.region_id = $1 AND fo.level = $2 AND m.status <> 'cancelled'",
    )
    .bind(term.region_id)
    .bind(ForumLevel::Chairs.as_str())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| Ok((records::date(row, "date")?, row.try_get::<String, _>("status")? == MeetingStatus::Held.as_str())))
    .collect::<Result<Vec<_>>>()?;
    // The items with which the term's goals were assessed (no snapshot), and the items
    // that established a snapshot of the region's picture.
    let rows = sqlx::query(
        "SELECT DISTINCT CAST(NULL AS BIGINT) AS snapshot_id, a.item_id, m.date FROM goal_assessments a \
         JOIN goals g ON g.id = a.goal_id JOIN term_lines l ON l.id = g.line_id \
         JOIN agenda_items i ON i.id = a.item_id JOIN meetings m ON m.id = i.meeting_id \
         WHERE l.term_id = $1 AND m.status <> 'cancelled' \
         UNION ALL SELECT s.id AS snapshot_id, e.item_id, m.date FROM picture_snapshots s \
         JOIN snapshot_establishments e ON e.snapshot_id = s.id \
         JOIN agenda_items i ON i.id = e.item_id JOIN meetings m ON m.id = i.meeting_id \
         WHERE s.region_id = $2 AND m.status <> 'cancelled'",
    )
    .bind(term.id)
    .bind(term.region_id)
    .fetch_all(&mut *conn)
    .await?;
    let (mut assessments, mut snapshots) = (Vec::new(), Vec::new());
    for row in &rows {
        let item = FollowUpItem { item_id: row.try_get("item_id")?, date: records::date(row, "date")? };
        match row.try_get::<Option<Id>, _>("snapshot_id")? {
            Some(snapshot) => snapshots.push((snapshot, item)),
            None => assessments.push(item),
        }
    }
    Ok(annual_follow_ups(&term.input, today, &meetings, &assessments, &snapshots))
}
