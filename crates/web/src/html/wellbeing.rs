//! The statutory wellbeing reporting page of a region (R3.1–R3.3): per municipality and
//! for the county the annual reports of this year and the last, the extensive report of
//! the term and delivery to the county, in words; the negotiations; what is missing; and
//! the extensive report's skeleton in THL's structure (R3.5) as a Markdown download.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use foorumi_core::indicators::format_value;
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::wellbeing::{self, Gap, Negotiation, ReportKind, Urgency, WellbeingReport};
use foorumi_core::*;
use foorumi_store::views::RegionRegister;
use foorumi_store::wellbeing::LatestValue;
use std::collections::HashMap;

use super::pages::load_region;
use super::{Chrome, PageError, PagePath, PageResult, date_text, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

/// One cell of the reports table: the status in words, the report's own link, and the
/// keeper's link to record or edit it.
struct Cell {
    status: String,
    /// "missing", "recorded", "approved", "delivered" or "none", for the style only: the
    /// words say the same.
    class: &'static str,
    url: String,
    edit: Option<(String, String)>,
}

struct Row {
    party: String,
    party_href: String,
    /// This year's annual report, its delivery, last year's, the term's extensive one.
    cells: Vec<Cell>,
}

struct NegotiationRow {
    date: String,
    kind: String,
    parties: String,
    topics: String,
    item: Option<String>,
    minutes: String,
    edit: Option<String>,
}

struct GapRow {
    urgency: String,
    late: bool,
    text: String,
}

#[derive(Template)]
#[template(path = "wellbeing.html")]
struct WellbeingPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    caption: String,
    columns: Vec<String>,
    term: Option<String>,
    rows: Vec<Row>,
    negotiations: Vec<NegotiationRow>,
    gaps: Vec<GapRow>,
    new_negotiation: Option<String>,
    /// (id, name) of the parties and (id, label) of the terms the skeleton is offered for.
    skeleton_parties: Vec<(Id, String)>,
    skeleton_terms: Vec<(Id, String, bool)>,
}

/// The parties that report, in the register's order: municipalities first, then the
/// county (R3.1, R3.2), as members of the region on `on`.
fn reporting_parties(register: &RegionRegister, on: chrono::NaiveDate) -> Vec<&Party> {
    let mut parties: Vec<&Party> = register
        .parties
        .iter()
        .filter(|p| matches!(p.input.kind, PartyKind::Municipality | PartyKind::WellbeingCounty))
        .filter(|p| p.belongs_to(&register.region.input.code, on))
        .collect();
    parties.sort_by_key(|p| p.input.kind == PartyKind::WellbeingCounty);
    parties
}

fn term_label(register: &RegionRegister, id: Option<Id>) -> String {
    id.and_then(|id| register.terms.iter().find(|t| t.id == id)).map(CouncilTerm::label).unwrap_or_default()
}

/// A missing item in words, in `lang`: for the situational picture's side panel too.
pub fn gap_text(lang: Lang, register: &RegionRegister, gap: &Gap) -> String {
    let party = gap.party_id.and_then(|id| register.party(id)).map(|p| p.input.name.get(lang).to_owned()).unwrap_or_default();
    t_args(
        lang,
        &format!("wellbeing-gap-{}", gap.kind),
        &[("party", party), ("year", gap.year.map(|y| y.to_string()).unwrap_or_default()), ("term", term_label(register, gap.term_id))],
    )
}

/// "Erääntymässä" or "Myöhässä".
pub fn urgency_text(lang: Lang, urgency: Urgency) -> String {
    t(lang, &format!("wellbeing-urgency-{urgency}"))
}

fn report_cell(lang: Lang, report: Option<&WellbeingReport>, new_href: Option<String>, may_keep: bool) -> Cell {
    let edit = |label: &str, href: String| may_keep.then(|| (href, t(lang, label)));
    match report {
        None => Cell {
            status: t(lang, "wellbeing-status-missing"),
            class: "missing",
            url: String::new(),
            edit: new_href.and_then(|href| edit("wellbeing-add-report", href)),
        },
        Some(r) => {
            let mut status = match r.input.approved_on {
                None => t(lang, "wellbeing-status-recorded"),
                Some(date) => t_args(lang, "wellbeing-status-approved", &[("date", date_text(date))]),
            };
            if !r.input.approved_section.is_empty() {
                status = format!("{status} ({})", r.input.approved_section);
            }
            if !r.input.draws_on.is_empty() {
                status =
                    format!("{status}. {}", t_args(lang, "wellbeing-status-sources", &[("count", r.input.draws_on.len().to_string())]));
            }
            Cell {
                status,
                class: if r.input.approved_on.is_some() { "approved" } else { "recorded" },
                url: r.input.url.clone(),
                edit: edit("wellbeing-edit-report", format!("/edit/wellbeing-report/{}", r.id)),
            }
        }
    }
}

fn delivery_cell(lang: Lang, party: &Party, report: Option<&WellbeingReport>) -> Cell {
    let (status, class) = if party.input.kind == PartyKind::WellbeingCounty {
        (t(lang, "wellbeing-status-not-applicable"), "none")
    } else {
        match report.and_then(|r| r.input.delivered_on) {
            Some(date) => (t_args(lang, "wellbeing-status-delivered", &[("date", date_text(date))]), "delivered"),
            None if report.is_none() => (t(lang, "wellbeing-status-missing"), "missing"),
            None => (t(lang, "wellbeing-status-not-delivered"), "missing"),
        }
    };
    Cell { status, class, url: String::new(), edit: None }
}

/// Adds "toimitettu …" to a municipality's report status; the county delivers nothing.
fn with_delivery(lang: Lang, mut cell: Cell, party: &Party, report: Option<&WellbeingReport>) -> Cell {
    if party.input.kind == PartyKind::Municipality
        && let Some(report) = report
    {
        let delivered = match report.input.delivered_on {
            Some(date) => t_args(lang, "wellbeing-status-delivered", &[("date", date_text(date))]),
            None => t(lang, "wellbeing-status-not-delivered"),
        };
        cell.status = format!("{}; {}", cell.status, delivered.to_lowercase());
        if report.input.delivered_on.is_some() {
            cell.class = "delivered";
        }
    }
    cell
}

pub async fn page(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(&viewer, e);
    let register = load_region(&state, &viewer, &code).await?;
    let region_id = register.region.id;
    let today = foorumi_store::today();
    let year = today.year();
    let reporting = foorumi_store::wellbeing::reporting(&state.store, region_id).await.map_err(store_err)?;
    let gaps = foorumi_store::wellbeing::wellbeing_gaps(&state.store, region_id, today).await.map_err(store_err)?;
    let may_keep = allowed(&viewer.actor(), Action::Create, Object::Cooperation { region: region_id });
    let (term, _) = wellbeing::current_and_previous_term(&register.terms, today);

    let find = |party: Id, kind: ReportKind, year: Option<i32>, term: Option<Id>| {
        reporting
            .reports
            .iter()
            .find(|r| r.input.party_id == party && r.input.kind == kind && r.input.year == year && r.input.term_id == term)
    };
    // A county report recorded from here draws on the municipal reports of its year or
    // term recorded by then (R3.2).
    let municipal_sources = |kind: ReportKind, year: Option<i32>, term: Option<Id>| {
        let ids: Vec<String> = reporting
            .reports
            .iter()
            .filter(|r| r.input.kind == kind && r.input.year == year && r.input.term_id == term)
            .filter(|r| register.party(r.input.party_id).is_some_and(|p| p.input.kind == PartyKind::Municipality))
            .map(|r| r.id.to_string())
            .collect();
        ids.join(",")
    };
    let new_href = |party: &Party, kind: ReportKind, year: Option<i32>, term: Option<Id>| {
        let mut href = format!("/regions/{code}/new/wellbeing-report?party_id={}&kind={kind}", party.id);
        if let Some(year) = year {
            href.push_str(&format!("&year={year}"));
        }
        if let Some(term) = term {
            href.push_str(&format!("&term_id={term}"));
        }
        if party.input.kind == PartyKind::WellbeingCounty {
            href.push_str(&format!("&draws_on={}", municipal_sources(kind, year, term)));
        }
        href
    };

    let actor = viewer.actor();
    let rows = reporting_parties(&register, today)
        .into_iter()
        .map(|party| {
            // The cooperation manager records every party's reports; a party its own.
            let may_keep = allowed(&actor, Action::Create, Object::WellbeingReport { region: region_id, party: party.id });
            let this = find(party.id, ReportKind::Annual, Some(year), None);
            let last = find(party.id, ReportKind::Annual, Some(year - 1), None);
            let extensive = term.map(|term| {
                let report = find(party.id, ReportKind::Extensive, None, Some(term.id));
                let cell = report_cell(lang, report, Some(new_href(party, ReportKind::Extensive, None, Some(term.id))), may_keep);
                with_delivery(lang, cell, party, report)
            });
            let mut cells = vec![
                report_cell(lang, this, Some(new_href(party, ReportKind::Annual, Some(year), None)), may_keep),
                delivery_cell(lang, party, this),
                with_delivery(
                    lang,
                    report_cell(lang, last, Some(new_href(party, ReportKind::Annual, Some(year - 1), None)), may_keep),
                    party,
                    last,
                ),
            ];
            cells.extend(extensive);
            Row { party: party.input.name.get(lang).to_owned(), party_href: format!("/parties/{}", party.id), cells }
        })
        .collect();

    let mut negotiations: Vec<&Negotiation> = reporting.negotiations.iter().collect();
    negotiations.sort_by_key(|n| std::cmp::Reverse((n.input.held_on, n.id)));
    let negotiations = negotiations
        .into_iter()
        .map(|n| NegotiationRow {
            date: date_text(n.input.held_on),
            kind: t(lang, &format!("negotiation-kind-{}", n.input.kind)),
            parties: n
                .input
                .party_ids
                .iter()
                .filter_map(|id| register.party(*id))
                .map(|p| p.input.name.get(lang))
                .collect::<Vec<_>>()
                .join(", "),
            topics: n.input.topics.clone(),
            item: n.input.item_id.map(|id| format!("/agenda-items/{id}")),
            minutes: n.input.minutes_url.clone(),
            edit: may_keep.then(|| format!("/edit/negotiation/{}", n.id)),
        })
        .collect();

    let gaps = gaps
        .iter()
        .map(|gap| GapRow {
            urgency: urgency_text(lang, gap.urgency),
            late: gap.urgency == Urgency::Late,
            text: gap_text(lang, &register, gap),
        })
        .collect();

    let region_name = register.region.input.name.get(lang).to_owned();
    let c = Chrome::new(&viewer, t(lang, "wellbeing-title")).with_region(&code, &region_name);
    let skeleton_parties = reporting_parties(&register, today).iter().map(|p| (p.id, p.input.name.get(lang).to_owned())).collect();
    let skeleton_terms = register.terms.iter().map(|t| (t.id, t.label(), term.is_some_and(|c| c.id == t.id))).collect();
    Ok(render(&WellbeingPage {
        c,
        region_code: code.clone(),
        region_name,
        caption: t_args(
            lang,
            "wellbeing-table-caption",
            &[("year", year.to_string()), ("last", (year - 1).to_string()), ("term", term.map(CouncilTerm::label).unwrap_or_default())],
        ),
        columns: [
            Some(t_args(lang, "wellbeing-col-annual", &[("year", year.to_string())])),
            Some(t_args(lang, "wellbeing-col-delivered", &[("year", year.to_string())])),
            Some(t_args(lang, "wellbeing-col-annual", &[("year", (year - 1).to_string())])),
            term.map(|term| t_args(lang, "wellbeing-col-extensive", &[("term", term.label())])),
        ]
        .into_iter()
        .flatten()
        .collect(),
        term: term.map(CouncilTerm::label),
        rows,
        negotiations,
        gaps,
        new_negotiation: may_keep.then(|| format!("/regions/{code}/new/negotiation")),
        skeleton_parties,
        skeleton_terms,
    }))
}

/// The party (a municipality or the county) and term a skeleton is asked for, in the
/// region; None when either is not.
pub(crate) fn skeleton_subject<'a>(
    register: &'a RegionRegister,
    party: Option<&str>,
    term: Option<&str>,
) -> Option<(&'a Party, &'a CouncilTerm)> {
    let party = register.party(party?.trim().parse().ok()?)?;
    let term = register.terms.iter().find(|t| Some(t.id) == term.and_then(|t| t.trim().parse().ok()))?;
    matches!(party.input.kind, PartyKind::Municipality | PartyKind::WellbeingCounty).then_some((party, term))
}

/// The extensive wellbeing report's skeleton in THL's six sections (R3.5), with the
/// party's latest indicator values ("ei tietoa" where there is none) and their source
/// and years.
pub(crate) fn skeleton_markdown(lang: Lang, party: &Party, term: &CouncilTerm, values: &[LatestValue]) -> String {
    let mut out = format!(
        "# {}\n\n",
        t_args(lang, "wellbeing-skeleton-title", &[("party", party.input.name.get(lang).to_owned()), ("term", term.label())])
    );
    for key in wellbeing::EXTENSIVE_SECTIONS {
        out.push_str(&format!("## {}\n\n_{}_\n\n", t(lang, key), t(lang, &format!("{key}-hint"))));
        if key == "wellbeing-section-population" {
            out.push_str(&indicator_table(lang, values));
        }
        out.push_str(&format!("{}\n\n", t(lang, "wellbeing-skeleton-fill")));
    }
    out
}

fn indicator_table(lang: Lang, values: &[LatestValue]) -> String {
    let mut out = format!("### {}\n\n", t(lang, "wellbeing-skeleton-indicators"));
    if values.is_empty() {
        out.push_str(&format!("{}\n\n", t(lang, "wellbeing-skeleton-no-indicators")));
        return out;
    }
    let cell = |text: &str| text.replace('|', "\\|");
    out.push_str(&format!(
        "| {} | {} | {} |\n|---|---:|---:|\n",
        t(lang, "wellbeing-skeleton-indicator"),
        t(lang, "wellbeing-skeleton-value"),
        t(lang, "wellbeing-skeleton-year")
    ));
    // Each source is named with the years its values come from.
    let mut sources: Vec<(String, Vec<i32>)> = Vec::new();
    for v in values {
        let i = &v.indicator.input;
        let name =
            if i.unit.get(lang).is_empty() { i.name.get(lang).to_owned() } else { format!("{} ({})", i.name.get(lang), i.unit.get(lang)) };
        let (value, year) = match v.latest {
            Some((year, Some(value))) => (format_value(value, i.decimals, lang), year.to_string()),
            Some((year, None)) => (t(lang, "indicator-missing"), year.to_string()),
            None => (t(lang, "indicator-missing"), String::new()),
        };
        out.push_str(&format!("| {} | {} | {} |\n", cell(&name), cell(&value), year));
        let years = match sources.iter_mut().find(|(s, _)| *s == i.source) {
            Some((_, years)) => years,
            None => {
                sources.push((i.source.clone(), Vec::new()));
                &mut sources.last_mut().expect("just pushed").1
            }
        };
        years.extend(v.latest.map(|(year, _)| year));
    }
    out.push('\n');
    for (source, years) in sources {
        let line = match (years.iter().min(), years.iter().max()) {
            (Some(first), Some(last)) => {
                let years = if first == last { first.to_string() } else { format!("{first}–{last}") };
                t_args(lang, "indicator-attribution-years", &[("source", source), ("years", years)])
            }
            _ => t_args(lang, "indicator-attribution", &[("source", source)]),
        };
        out.push_str(&format!("{line}\n\n"));
    }
    out
}

/// A file name safe on every system: "hyvinvointikertomus-398-2025-2029.md".
pub(crate) fn skeleton_file_name(party: &Party, term: &CouncilTerm) -> String {
    let code = party.input.code.clone().unwrap_or_else(|| party.id.to_string());
    format!("hyvinvointikertomus-{code}-{}-{}.md", term.input.start_date.year(), term.input.end_date.year())
}

pub(crate) fn markdown_download(file_name: &str, body: String) -> Response {
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")).unwrap_or(HeaderValue::from_static("attachment"));
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/markdown; charset=utf-8")), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response()
}

/// `/regions/{code}/wellbeing-reporting/skeleton?party_id=…&term_id=…`: public, like the
/// reporting itself; the values are public statistics.
pub async fn skeleton(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<HashMap<String, String>>,
) -> PageResult {
    let register = load_region(&state, &viewer, &code).await?;
    let (party, term) = skeleton_subject(&register, query.get("party_id").map(String::as_str), query.get("term_id").map(String::as_str))
        .ok_or_else(|| PageError::not_found(&viewer))?;
    let values = foorumi_store::wellbeing::latest_values(&state.store, party).await.map_err(|e| PageError::from_store(&viewer, e))?;
    Ok(markdown_download(&skeleton_file_name(party, term), skeleton_markdown(viewer.lang, party, term, &values)))
}
