//! Statutory wellbeing reporting (R3.1–R3.3, R3.5): the reports and negotiations as
//! records of the region's shared follow-up, what is missing, and the latest indicator
//! values an extensive report's skeleton starts from.

use chrono::NaiveDate;
use foorumi_core::indicators::{AreaKind, Indicator};
use foorumi_core::permissions::Object;
use foorumi_core::wellbeing::{
    self, Gap, GapFacts, Negotiation, NegotiationInput, NegotiationKind, ReportKind, WellbeingReport, WellbeingReportInput,
};
use foorumi_core::*;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::records::{self, FilterType, Record, date, date_text, enum_value, in_region, load, merge, opt_date, stored_fields, upsert};
use crate::{Error, Result, Store};

impl Record for WellbeingReport {
    type Input = WellbeingReportInput;
    const ENTITY: &'static str = "wellbeing_report";
    const TABLE: &'static str = "wellbeing_reports";
    const COLUMNS: &'static str =
        "id, region_id, party_id, kind, year, term_id, approved_on, approved_section, delivered_on, url, notes, version";
    const ORDER: &'static str = "party_id, kind, year, term_id, id";
    const FILTERS: &'static [(&'static str, FilterType)] =
        &[("party_id", FilterType::Int), ("kind", FilterType::Text), ("year", FilterType::Int), ("term_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(WellbeingReport {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: WellbeingReportInput {
                party_id: row.try_get("party_id")?,
                kind: enum_value(row, "kind", ReportKind::parse)?,
                year: row.try_get::<Option<i64>, _>("year")?.map(|y| y as i32),
                term_id: row.try_get("term_id")?,
                approved_on: opt_date(row, "approved_on")?,
                approved_section: row.try_get("approved_section")?,
                delivered_on: opt_date(row, "delivered_on")?,
                url: row.try_get("url")?,
                notes: row.try_get("notes")?,
                draws_on: Vec::new(),
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|r| r.id.to_string()).collect();
        let sql = format!(
            "SELECT report_id, source_id FROM wellbeing_report_sources WHERE report_id IN ({}) ORDER BY report_id, position",
            ids.join(",")
        );
        for row in sqlx::query(AssertSqlSafe(&*sql)).fetch_all(&mut *conn).await? {
            let report_id: Id = row.try_get("report_id")?;
            if let Some(report) = items.iter_mut().find(|r| r.id == report_id) {
                report.input.draws_on.push(row.try_get("source_id")?);
            }
        }
        Ok(())
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, input: &WellbeingReportInput) -> Result<Object> {
        Ok(Object::WellbeingReport { region, party: input.party_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut WellbeingReportInput) -> Result<()> {
        wellbeing::normalise_report(input);
        let party = in_region::<Party>(conn, region.id, input.party_id).await?;
        let term = match input.term_id {
            Some(term) => in_region::<CouncilTerm>(conn, region.id, term).await?,
            None => None,
        };
        let mut result =
            wellbeing::validate_report(input, party.as_ref().map(|p| p.input.kind), term.as_ref(), crate::today()).map_err(Error::from);
        // R3.1: one annual report a year and one extensive report a term per party.
        let (column, value) = match input.kind {
            ReportKind::Annual => ("year", input.year.map(i64::from)),
            ReportKind::Extensive => ("term_id", input.term_id),
        };
        let sql = format!("SELECT id FROM wellbeing_reports WHERE party_id = $1 AND kind = $2 AND {column} = $3");
        let taken: Vec<Id> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(input.party_id)
            .bind(input.kind.as_str())
            .bind(value.unwrap_or(0))
            .fetch_all(&mut *conn)
            .await?;
        if taken.iter().any(|other| Some(*other) != id) {
            let field = if input.kind == ReportKind::Annual { "year" } else { "term_id" };
            result = merge(result, field, "error-wellbeing-report-exists");
        }
        // A county report draws on the municipalities' reports of the same region.
        for source in &input.draws_on {
            let report = in_region::<WellbeingReport>(conn, region.id, *source).await?;
            let municipal = match &report {
                Some(r) => {
                    in_region::<Party>(conn, region.id, r.input.party_id).await?.is_some_and(|p| p.input.kind == PartyKind::Municipality)
                }
                None => false,
            };
            if !municipal {
                result = merge(result, "draws_on", "error-wellbeing-source");
                break;
            }
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &WellbeingReportInput) -> Result<Id> {
        let columns = ["party_id", "kind", "year", "term_id", "approved_on", "approved_section", "delivered_on", "url", "notes"];
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.party_id)
                .bind(input.kind.as_str())
                .bind(input.year.map(i64::from))
                .bind(input.term_id)
                .bind(input.approved_on.map(date_text))
                .bind(input.approved_section.clone())
                .bind(input.delivered_on.map(date_text))
                .bind(input.url.clone())
                .bind(input.notes.clone())
        })
        .await?;
        sqlx::query("DELETE FROM wellbeing_report_sources WHERE report_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, source) in input.draws_on.iter().enumerate() {
            sqlx::query("INSERT INTO wellbeing_report_sources (report_id, source_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(*source)
                .bind(position as i64)
                .execute(&mut *conn)
                .await?;
        }
        Ok(id)
    }
}

impl Record for Negotiation {
    type Input = NegotiationInput;
    const ENTITY: &'static str = "negotiation";
    const TABLE: &'static str = "negotiations";
    const COLUMNS: &'static str = "id, region_id, kind, held_on, topics, item_id, minutes_url, notes, version";
    const ORDER: &'static str = "held_on, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("kind", FilterType::Text)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Negotiation {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: NegotiationInput {
                kind: enum_value(row, "kind", NegotiationKind::parse)?,
                held_on: date(row, "held_on")?,
                party_ids: Vec::new(),
                topics: row.try_get("topics")?,
                item_id: row.try_get("item_id")?,
                minutes_url: row.try_get("minutes_url")?,
                notes: row.try_get("notes")?,
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|n| n.id.to_string()).collect();
        let sql = format!(
            "SELECT negotiation_id, party_id FROM negotiation_parties WHERE negotiation_id IN ({}) ORDER BY negotiation_id, position",
            ids.join(",")
        );
        for row in sqlx::query(AssertSqlSafe(&*sql)).fetch_all(&mut *conn).await? {
            let negotiation: Id = row.try_get("negotiation_id")?;
            if let Some(n) = items.iter_mut().find(|n| n.id == negotiation) {
                n.input.party_ids.push(row.try_get("party_id")?);
            }
        }
        Ok(())
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &NegotiationInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, _: Option<Id>, input: &mut NegotiationInput) -> Result<()> {
        wellbeing::normalise_negotiation(input);
        let mut kinds = Vec::new();
        for party in &input.party_ids {
            kinds.push(in_region::<Party>(conn, region.id, *party).await?.map(|p| p.input.kind));
        }
        let mut result = wellbeing::validate_negotiation(input, &kinds, crate::today()).map_err(Error::from);
        if let Some(item) = input.item_id
            && in_region::<AgendaItem>(conn, region.id, item).await?.is_none()
        {
            result = merge(result, "item_id", "error-not-found");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &NegotiationInput) -> Result<Id> {
        let columns = ["kind", "held_on", "topics", "item_id", "minutes_url", "notes"];
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.kind.as_str())
                .bind(date_text(input.held_on))
                .bind(input.topics.clone())
                .bind(input.item_id)
                .bind(input.minutes_url.clone())
                .bind(input.notes.clone())
        })
        .await?;
        sqlx::query("DELETE FROM negotiation_parties WHERE negotiation_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, party) in input.party_ids.iter().enumerate() {
            sqlx::query("INSERT INTO negotiation_parties (negotiation_id, party_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(*party)
                .bind(position as i64)
                .execute(&mut *conn)
                .await?;
        }
        Ok(id)
    }
}

/// A region's reports and negotiations, as pages show them.
pub struct Reporting {
    pub reports: Vec<WellbeingReport>,
    pub negotiations: Vec<Negotiation>,
}

pub async fn reporting(store: &Store, region_id: Id) -> Result<Reporting> {
    let mut conn = store.pool().acquire().await?;
    Ok(Reporting { reports: records::all(&mut conn, region_id).await?, negotiations: records::all(&mut conn, region_id).await? })
}

/// What is missing of the statutory reporting for the current year and term, and still
/// missing for the year and term before (R3.1–R3.3; rules in `core::wellbeing`). For the
/// situational picture's side panel and the reporting page; everything here is public.
pub async fn wellbeing_gaps(store: &Store, region_id: Id, today: NaiveDate) -> Result<Vec<Gap>> {
    let mut conn = store.pool().acquire().await?;
    let region = load::<Region>(&mut conn, region_id).await?.ok_or(Error::NotFound)?;
    let terms: Vec<CouncilTerm> = records::all(&mut conn, region_id).await?;
    let parties: Vec<Party> = records::all(&mut conn, region_id).await?;
    let reports: Vec<WellbeingReport> = records::all(&mut conn, region_id).await?;
    let negotiations: Vec<Negotiation> = records::all(&mut conn, region_id).await?;
    let facts = GapFacts {
        today,
        region_code: &region.input.code,
        terms: &terms,
        parties: &parties,
        reports: &reports,
        negotiations: &negotiations,
    };
    Ok(wellbeing::gaps(&facts))
}

/// An indicator's latest value for one area: the year and the value (None: no figure,
/// shown as "ei tietoa"), or None when the area has no values for it at all.
pub struct LatestValue {
    pub indicator: Indicator,
    pub latest: Option<(i32, Option<f64>)>,
}

/// Every catalogue indicator's latest total (all genders, all ages) for a party's area,
/// for the extensive report's skeleton (R3.5). A party without an official code, or one
/// that is neither a municipality nor a county, has no area: every value is missing.
pub async fn latest_values(store: &Store, party: &Party) -> Result<Vec<LatestValue>> {
    let indicators = crate::indicators::indicators(store, None).await?;
    let kind = match party.input.kind {
        PartyKind::Municipality => Some(AreaKind::Municipality),
        PartyKind::WellbeingCounty => Some(AreaKind::WellbeingCounty),
        _ => None,
    };
    let mut conn = store.pool().acquire().await?;
    let area: Option<Id> = match (kind, party.input.code.as_deref()) {
        (Some(kind), Some(code)) => {
            sqlx::query_scalar("SELECT id FROM indicator_areas WHERE kind = $1 AND code = $2")
                .bind(kind.as_str())
                .bind(code.to_owned())
                .fetch_optional(&mut *conn)
                .await?
        }
        _ => None,
    };
    let mut out = Vec::new();
    for indicator in indicators {
        let latest = match area {
            Some(area) => {
                let row = sqlx::query(
                    "SELECT year, value FROM indicator_values WHERE indicator_id = $1 AND area_id = $2 AND gender = 'total' \
                     AND age_group = '' ORDER BY year DESC LIMIT 1",
                )
                .bind(indicator.id)
                .bind(area)
                .fetch_optional(&mut *conn)
                .await?;
                match row {
                    Some(row) => Some((row.try_get::<i64, _>("year")? as i32, row.try_get::<Option<f64>, _>("value")?)),
                    None => None,
                }
            }
            None => None,
        };
        out.push(LatestValue { indicator, latest });
    }
    Ok(out)
}
