//! The council term's goals on pages (R3.4): a region's goals page, one goal's page, the
//! annual follow-up report for the chairs' forum and the term report for the strategic
//! forum, each report also as a PDF that the cooperation manager attaches to the forum's
//! agenda item. The records' forms are the generic ones of `edit`.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::Datelike;
use foorumi_core::goals::{Goal, GoalState, TermLine, term_years};
use foorumi_core::indicators::{format_value, membership_date};
use foorumi_core::permissions::{Action, Actor, Object, allowed};
use foorumi_core::plan::{AnnualFollowUp, DutyStatus};
use foorumi_core::*;
use foorumi_store::Error as StoreError;
use foorumi_store::goals::{self as goal_store, FollowUpReport, ItemLink, ReportAttachment, ReportGoal};
use foorumi_store::views::RegionRegister;

use super::edit::checked_form;
use super::pages::{forum_title, load_region};
use super::{Chrome, PageError, PagePath, PageResult, date_text, error_text, render, to_login};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

// ---- what the templates show ------------------------------------------------------------

pub struct LineView {
    pub name: String,
    pub description: String,
    pub goals: Vec<GoalView>,
    pub edit: String,
    pub add_goal: String,
}

pub struct GoalView {
    pub id: Id,
    pub name: String,
    pub description: String,
    /// (href, label) of the strategic forum's item that set the goal.
    pub decided: Option<(String, String)>,
    /// "45 %", or the words for no measures.
    pub progress_text: String,
    /// 0–100 for the bar; none without measures.
    pub progress: Option<i64>,
    pub measures: Vec<MeasureView>,
    pub targets: Vec<TargetView>,
    pub statuses: Vec<StateView>,
    pub assessments: Vec<StateView>,
    /// Links for keepers; empty for everyone else.
    pub edit: String,
    pub add_measure: String,
    pub add_target: String,
    pub add_status: String,
    pub add_assessment: String,
}

pub struct StateView {
    pub year: i32,
    pub label: String,
    /// The CSS class of the status badge (`state-on_track`).
    pub class: String,
    pub text: String,
    pub item: Option<(String, String)>,
    pub edit: String,
}

pub struct MeasureView {
    pub description: String,
    pub owners: String,
    pub weight: i64,
    pub progress: String,
    pub period: String,
    /// (title, status) of each linked action.
    pub actions: Vec<(String, String)>,
    pub edit: String,
}

pub struct TargetView {
    pub indicator: String,
    pub area: String,
    pub unit: String,
    pub baseline: String,
    pub target: String,
    pub latest: String,
    pub trend: String,
    pub trend_class: String,
    /// (year, value or "ei tietoa").
    pub values: Vec<(i32, String)>,
    /// "Lähde: THL, Sotkanet, 2024".
    pub attribution: String,
    pub edit: String,
}

fn state_label(lang: Lang, state: GoalState) -> String {
    t(lang, &format!("goal-state-{state}"))
}

fn item_label(lang: Lang, register: &RegionRegister, item: &ItemLink) -> (String, String) {
    let text = super::item_text(lang, register, item.date, item.forum_id, item.number, &item.title);
    (format!("/agenda-items/{}", item.item_id), text)
}

/// The report's records as display strings in the viewer's language. Edit links only for
/// `keeper`; an action's title only for those who may see the action (its status and
/// forum are shown to all: the forum follows it in public minutes).
fn goal_view(lang: Lang, actor: &Actor, register: &RegionRegister, goal: &ReportGoal, keeper: bool) -> GoalView {
    let missing = t(lang, "indicator-missing");
    let link = |path: String| if keeper { path } else { String::new() };
    let code = &register.region.input.code;
    let measures = goal
        .measures
        .iter()
        .map(|m| {
            let owners: Vec<&str> = m.owners.iter().map(|n| n.get(lang)).collect();
            let period = match (m.measure.input.start_date, m.measure.input.end_date) {
                (None, None) => String::new(),
                (start, end) => format!("{}–{}", start.map(date_text).unwrap_or_default(), end.map(date_text).unwrap_or_default()),
            };
            let actions = m
                .actions
                .iter()
                .map(|a| {
                    let object = Object::ActionItem { region: a.region_id, forum: a.forum_id, party: a.owner_party_id };
                    let title = if allowed(actor, Action::View, object) {
                        a.title.clone()
                    } else {
                        let forum = register.forum(a.forum_id).map(|f| forum_title(lang, f)).unwrap_or_default();
                        t_args(lang, "goals-action-of-forum", &[("forum", forum)])
                    };
                    (title, t(lang, &format!("action-status-{}", a.status)))
                })
                .collect();
            MeasureView {
                description: m.measure.input.description.get(lang).to_owned(),
                owners: owners.join(", "),
                weight: m.measure.input.weight,
                progress: format!("{} %", m.measure.input.progress),
                period,
                actions,
                edit: link(format!("/edit/measure/{}", m.measure.id)),
            }
        })
        .collect();
    let targets = goal
        .targets
        .iter()
        .map(|target| {
            let input = &target.target.input;
            let number = |value: f64| format_value(value, target.decimals, lang);
            let latest = match target.latest {
                Some(v) => format!("{} ({})", v.value.map(number).unwrap_or_else(|| missing.clone()), v.year),
                None => missing.clone(),
            };
            let attribution = match target.latest {
                Some(v) => t_args(lang, "indicator-attribution-years", &[("source", target.source.clone()), ("years", v.year.to_string())]),
                None => t_args(lang, "indicator-attribution", &[("source", target.source.clone())]),
            };
            TargetView {
                indicator: target.indicator_name.get(lang).to_owned(),
                area: target.area_name.get(lang).to_owned(),
                unit: target.unit.get(lang).to_owned(),
                baseline: format!("{} ({})", number(input.baseline_value), input.baseline_year),
                target: format!("{} ({})", number(input.target_value), input.target_year),
                latest,
                trend: t(lang, &format!("goal-trend-{}", target.trend)),
                trend_class: format!("trend-{}", target.trend),
                values: target.values.iter().map(|v| (v.year, v.value.map(number).unwrap_or_else(|| missing.clone()))).collect(),
                attribution,
                edit: link(format!("/edit/goal-target/{}", target.target.id)),
            }
        })
        .collect();
    let statuses = goal
        .statuses
        .iter()
        .map(|s| StateView {
            year: s.input.year,
            label: state_label(lang, s.input.status),
            class: format!("state-{}", s.input.status),
            text: s.input.justification.clone(),
            item: None,
            edit: link(format!("/edit/goal-status/{}", s.id)),
        })
        .collect();
    let assessments = goal
        .assessments
        .iter()
        .map(|a| StateView {
            year: a.assessment.input.year,
            label: state_label(lang, a.assessment.input.status),
            class: format!("state-{}", a.assessment.input.status),
            text: a.assessment.input.text.clone(),
            item: a.item.as_ref().map(|item| item_label(lang, register, item)),
            edit: link(format!("/edit/goal-assessment/{}", a.assessment.id)),
        })
        .collect();
    let id = goal.goal.id;
    GoalView {
        id,
        name: goal.goal.input.name.get(lang).to_owned(),
        description: goal.goal.input.description.get(lang).to_owned(),
        decided: goal.decided_item.as_ref().map(|item| item_label(lang, register, item)),
        progress_text: match goal.progress {
            Some(p) => format!("{} %", p.round() as i64),
            None => t(lang, "goals-no-measures"),
        },
        progress: goal.progress.map(|p| p.round() as i64),
        measures,
        targets,
        statuses,
        assessments,
        edit: link(format!("/edit/goal/{id}")),
        add_measure: link(format!("/regions/{code}/new/measure?goal_id={id}")),
        add_target: link(format!("/regions/{code}/new/goal-target?goal_id={id}")),
        add_status: link(format!("/regions/{code}/new/goal-status?goal_id={id}")),
        add_assessment: link(format!("/regions/{code}/new/goal-assessment?goal_id={id}")),
    }
}

fn line_views(lang: Lang, actor: &Actor, register: &RegionRegister, report: &FollowUpReport, keeper: bool) -> Vec<LineView> {
    let code = &register.region.input.code;
    report
        .lines
        .iter()
        .map(|line| LineView {
            name: line.line.input.name.get(lang).to_owned(),
            description: line.line.input.description.get(lang).to_owned(),
            goals: line.goals.iter().map(|g| goal_view(lang, actor, register, g, keeper)).collect(),
            edit: if keeper { format!("/edit/term-line/{}", line.line.id) } else { String::new() },
            add_goal: if keeper { format!("/regions/{code}/new/goal?line_id={}", line.line.id) } else { String::new() },
        })
        .collect()
}

fn keeper(viewer: &Viewer, region_id: Id) -> bool {
    allowed(&viewer.actor(), Action::Create, Object::Cooperation { region: region_id })
}

/// The term chosen with `?term=`, else the one whose follow-up covers this year, else
/// the latest.
fn chosen_term<'a>(register: &'a RegionRegister, query: &HashMap<String, String>) -> Option<&'a CouncilTerm> {
    let year = foorumi_store::today().year();
    match query.get("term").and_then(|t| t.parse::<Id>().ok()) {
        Some(id) => register.terms.iter().find(|t| t.id == id),
        None => register
            .terms
            .iter()
            .find(|t| t.contains(membership_date(year)))
            .or_else(|| register.terms.iter().max_by_key(|t| t.input.start_date)),
    }
}

fn store_err(viewer: &Viewer) -> impl Fn(StoreError) -> PageError + '_ {
    move |e| PageError::from_store(viewer, e)
}

// ---- the goals page ------------------------------------------------------------------------

/// One year of the chairs' forum's annual follow-up, in words: each part a link, or
/// empty where it is missing.
pub struct FollowUpRow {
    year: i32,
    /// (href, text) of the item with which the forum assessed the goals.
    assessment: (String, String),
    /// (href, text) of the snapshot the forum established.
    snapshot: (String, String),
    status: String,
    /// "met", "planned" or "missing", for the status's style.
    status_key: &'static str,
    /// The forum's next meeting this year, while something is missing.
    next_meeting: String,
    /// (href, label) of the year's follow-up report.
    report: (String, String),
}

fn follow_up_row(lang: Lang, code: &str, term_id: Id, f: &AnnualFollowUp) -> FollowUpRow {
    let dated = |key: &str, date| t_args(lang, key, &[("date", date_text(date))]);
    FollowUpRow {
        year: f.year,
        assessment: f
            .assessment
            .map(|i| (format!("/agenda-items/{}", i.item_id), dated("goals-annual-assessed", i.date)))
            .unwrap_or_default(),
        snapshot: match (f.snapshot_id, f.snapshot_item) {
            (Some(id), Some(item)) => (format!("/regions/{code}/picture/snapshots/{id}"), dated("goals-annual-established", item.date)),
            _ => Default::default(),
        },
        status: t(lang, &format!("goals-annual-status-{}", f.status.as_str())),
        status_key: f.status.as_str(),
        next_meeting: match (f.status, f.next_meeting) {
            (DutyStatus::Met, _) | (_, None) => String::new(),
            (_, Some(date)) => dated("goals-annual-next", date),
        },
        report: (
            format!("/regions/{code}/goals/followup/{}?term={term_id}", f.year),
            t_args(lang, "goals-followup-of-year", &[("year", f.year.to_string())]),
        ),
    }
}

#[derive(Template)]
#[template(path = "goals.html")]
struct GoalsPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    /// (id, label, selected)
    terms: Vec<(Id, String, bool)>,
    term_label: String,
    /// The chairs' forum's follow-up of each year so far (R3.4), with its report.
    follow_ups: Vec<FollowUpRow>,
    /// (href, label) of the term report.
    term_report: (String, String),
    lines: Vec<LineView>,
    add_line: String,
    hl: u8,
}

pub async fn goals_page(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<HashMap<String, String>>,
) -> PageResult {
    let lang = viewer.lang;
    let register = load_region(&state, &viewer, &code).await?;
    let region_name = register.region.input.name.get(lang).to_owned();
    let c = Chrome::new(&viewer, t(lang, "goals-title")).with_region(&code, &region_name);
    let Some(term) = chosen_term(&register, &query) else {
        if query.contains_key("term") {
            return Err(PageError::not_found(&viewer));
        }
        let page = GoalsPage {
            c,
            region_code: code,
            region_name,
            terms: Vec::new(),
            term_label: String::new(),
            follow_ups: Vec::new(),
            term_report: (String::new(), String::new()),
            lines: Vec::new(),
            add_line: String::new(),
            hl: 4,
        };
        return Ok(render(&page));
    };
    let years = term_years(term);
    // The page shows the term up to this year: later years have no values yet.
    let year = foorumi_store::today().year().clamp(*years.start(), *years.end());
    let report = goal_store::report(&state.store, term.id, Some(year)).await.map_err(store_err(&viewer))?;
    let keeper = keeper(&viewer, register.region.id);
    let mut terms: Vec<(Id, String, bool)> = register.terms.iter().map(|t| (t.id, t.label(), t.id == term.id)).collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1));
    let follow_ups = goal_store::annual_follow_ups(&state.store, term, foorumi_store::today()).await.map_err(store_err(&viewer))?;
    let follow_ups = follow_ups.iter().map(|f| follow_up_row(lang, &code, term.id, f)).collect();
    let term_report = (format!("/regions/{code}/goals/term-report?term={}", term.id), t(lang, "goals-term-report"));
    let page = GoalsPage {
        lines: line_views(lang, &viewer.actor(), &register, &report, keeper),
        c,
        region_code: code.clone(),
        region_name,
        terms,
        term_label: term.label(),
        follow_ups,
        term_report,
        add_line: if keeper { format!("/regions/{code}/new/term-line?term_id={}", term.id) } else { String::new() },
        hl: 4,
    };
    Ok(render(&page))
}

// ---- one goal ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "goals_goal_page.html")]
struct GoalPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    term_id: Id,
    line: String,
    g: GoalView,
    hl: u8,
}

pub async fn goal_page(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let lang = viewer.lang;
    let goal: Goal = foorumi_store::records::get(&state.store, id).await.map_err(store_err(&viewer))?;
    let line: TermLine = foorumi_store::records::get(&state.store, goal.input.line_id).await.map_err(store_err(&viewer))?;
    let register = state.register(goal.region_id).await.map_err(store_err(&viewer))?;
    let term = register.terms.iter().find(|t| t.id == line.input.term_id).ok_or_else(|| PageError::not_found(&viewer))?;
    let years = term_years(term);
    let year = foorumi_store::today().year().clamp(*years.start(), *years.end());
    let report = goal_store::report(&state.store, term.id, Some(year)).await.map_err(store_err(&viewer))?;
    let found = report.lines.iter().flat_map(|l| &l.goals).find(|g| g.goal.id == id).ok_or_else(|| PageError::not_found(&viewer))?;
    let keeper = keeper(&viewer, goal.region_id);
    let view = goal_view(lang, &viewer.actor(), &register, found, keeper);
    let region_name = register.region.input.name.get(lang).to_owned();
    let c = Chrome::new(&viewer, view.name.clone()).with_region(&register.region.input.code, &region_name);
    Ok(render(&GoalPage {
        c,
        region_code: register.region.input.code.clone(),
        region_name,
        term_id: term.id,
        line: line.input.name.get(lang).to_owned(),
        g: view,
        hl: 2,
    }))
}

// ---- the follow-up report and the term report ---------------------------------------------

#[derive(Template)]
#[template(path = "followup.html")]
struct FollowUpPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    term_id: Id,
    term_label: String,
    /// What the report is for: "Puheenjohtajafoorumi" / the strategic level.
    audience: String,
    intro: String,
    pdf_href: String,
    lines: Vec<LineView>,
    /// The attach form, for keepers: where it posts, the items offered, the error.
    attach_action: String,
    items: Vec<(Id, String)>,
    attach_error: Option<String>,
    hl: u8,
}

/// Which report a URL asks for.
#[derive(Clone, Copy)]
enum Which {
    Year(i32),
    Term,
}

impl Which {
    fn year(self) -> Option<i32> {
        match self {
            Which::Year(year) => Some(year),
            Which::Term => None,
        }
    }
    fn path(self, code: &str) -> String {
        match self {
            Which::Year(year) => format!("/regions/{code}/goals/followup/{year}"),
            Which::Term => format!("/regions/{code}/goals/term-report"),
        }
    }
}

fn report_title(lang: Lang, which: Which, term: &CouncilTerm) -> String {
    match which {
        Which::Year(year) => t_args(lang, "goals-followup-title", &[("year", year.to_string())]),
        Which::Term => t_args(lang, "goals-term-report-title", &[("term", term.label())]),
    }
}

async fn load_report(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    which: Which,
    query: &HashMap<String, String>,
) -> Result<(std::sync::Arc<RegionRegister>, CouncilTerm, FollowUpReport), PageError> {
    let register = load_region(state, viewer, code).await?;
    let term = match (chosen_term(&register, query), which) {
        (Some(term), _) if query.contains_key("term") => term.clone(),
        // Without a chosen term, the year's own term.
        (_, Which::Year(year)) => goal_store::term_for_year(&state.store, register.region.id, year)
            .await
            .map_err(store_err(viewer))?
            .ok_or_else(|| PageError::not_found(viewer))?,
        (Some(term), Which::Term) => term.clone(),
        (None, Which::Term) => return Err(PageError::not_found(viewer)),
    };
    if let Which::Year(year) = which
        && !term_years(&term).contains(&year)
    {
        return Err(PageError::not_found(viewer));
    }
    let report = goal_store::report(&state.store, term.id, which.year()).await.map_err(store_err(viewer))?;
    Ok((register, term, report))
}

async fn report_page(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    which: Which,
    query: &HashMap<String, String>,
    attach_error: Option<String>,
) -> PageResult {
    let lang = viewer.lang;
    let (register, term, report) = load_report(state, viewer, code, which, query).await?;
    let keeper = keeper(viewer, register.region.id);
    let level = report.forum_level();
    let items = if keeper {
        goal_store::report_items(&state.store, register.region.id, level, foorumi_store::today())
            .await
            .map_err(store_err(viewer))?
            .into_iter()
            .map(|item| (item.item_id, super::item_choice_label(lang, &register, &item)))
            .collect()
    } else {
        Vec::new()
    };
    let region_name = register.region.input.name.get(lang).to_owned();
    let title = report_title(lang, which, &term);
    let c = Chrome::new(viewer, title).with_region(code, &region_name);
    let status = if attach_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = FollowUpPage {
        c,
        region_code: code.to_owned(),
        region_name,
        term_id: term.id,
        term_label: term.label(),
        audience: t(lang, &format!("level-{level}")),
        intro: t(lang, if which.year().is_some() { "goals-followup-intro" } else { "goals-term-report-intro" }),
        pdf_href: format!("{}/report.pdf?term={}", which.path(code), term.id),
        lines: line_views(lang, &viewer.actor(), &register, &report, false),
        attach_action: if keeper { format!("{}/attach?term={}", which.path(code), term.id) } else { String::new() },
        items,
        attach_error,
        hl: 4,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn followup_page(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((code, year)): PagePath<(String, i32)>,
    Query(query): Query<HashMap<String, String>>,
) -> PageResult {
    report_page(&state, &viewer, &code, Which::Year(year), &query, None).await
}

pub async fn term_report_page(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<HashMap<String, String>>,
) -> PageResult {
    report_page(&state, &viewer, &code, Which::Term, &query, None).await
}

/// The report as a document to print (a tagged PDF), in `lang`.
pub fn report_document(
    lang: Lang,
    actor: &Actor,
    register: &RegionRegister,
    report: &FollowUpReport,
    title: &str,
) -> foorumi_pdf::Document {
    use foorumi_pdf::{Block, Document, Section};
    let lines = line_views(lang, actor, register, report, false);
    let mut sections = Vec::new();
    for line in &lines {
        for goal in &line.goals {
            let mut blocks = Vec::new();
            if !goal.description.is_empty() {
                blocks.push(Block::Paragraph(goal.description.clone()));
            }
            let mut facts = vec![(t(lang, "goals-line"), line.name.clone()), (t(lang, "goals-progress"), goal.progress_text.clone())];
            if let Some((_, label)) = &goal.decided {
                facts.push((t(lang, "goals-decided-in"), label.clone()));
            }
            for status in &goal.statuses {
                let text = if status.text.is_empty() { status.label.clone() } else { format!("{} – {}", status.label, status.text) };
                facts.push((t_args(lang, "goals-status-of-year", &[("year", status.year.to_string())]), text));
            }
            blocks.push(Block::Facts(facts));
            blocks.push(Block::Heading(t(lang, "goals-indicators")));
            if goal.targets.is_empty() {
                blocks.push(Block::Paragraph(t(lang, "goals-no-targets")));
            }
            for target in &goal.targets {
                blocks.push(Block::Paragraph(format!(
                    "{} – {}{}: {} {}, {} {}, {} {} – {}",
                    target.indicator,
                    target.area,
                    if target.unit.is_empty() { String::new() } else { format!(" ({})", target.unit) },
                    t(lang, "goals-baseline"),
                    target.baseline,
                    t(lang, "goals-latest"),
                    target.latest,
                    t(lang, "goals-target"),
                    target.target,
                    target.trend
                )));
                blocks.push(Block::Table {
                    header: vec![t(lang, "goals-year"), t(lang, "goals-value")],
                    rows: target.values.iter().map(|(year, value)| vec![year.to_string(), value.clone()]).collect(),
                });
                blocks.push(Block::Paragraph(target.attribution.clone()));
            }
            blocks.push(Block::Heading(t(lang, "goals-measures")));
            if goal.measures.is_empty() {
                blocks.push(Block::Paragraph(t(lang, "goals-no-measures")));
            } else {
                blocks.push(Block::Table {
                    header: vec![t(lang, "goals-measure"), t(lang, "goals-owners"), t(lang, "goals-progress"), t(lang, "goals-actions")],
                    rows: goal
                        .measures
                        .iter()
                        .map(|m| {
                            let actions: Vec<String> = m.actions.iter().map(|(title, status)| format!("{title} ({status})")).collect();
                            vec![m.description.clone(), m.owners.clone(), m.progress.clone(), actions.join("; ")]
                        })
                        .collect(),
                });
            }
            if !goal.assessments.is_empty() {
                blocks.push(Block::Heading(t(lang, "goals-assessments")));
                for a in &goal.assessments {
                    let item = a.item.as_ref().map(|(_, label)| format!(" ({label})")).unwrap_or_default();
                    blocks.push(Block::Paragraph(format!("{} {}{item}: {}", a.year, a.label, a.text)));
                }
            }
            sections.push(Section { number: None, title: goal.name.clone(), marking: None, blocks });
        }
    }
    if sections.is_empty() {
        sections.push(Section { number: None, title: t(lang, "goals-empty"), marking: None, blocks: Vec::new() });
    }
    Document {
        lang: lang.as_str().to_owned(),
        title: title.to_owned(),
        subject: t(lang, "goals-report-subject"),
        author: report.region_name.get(lang).to_owned(),
        created: foorumi_store::now_in_finland(),
        header: vec![
            (t(lang, "field-term"), report.term.label()),
            (t(lang, "goals-years"), format!("{}–{}", report.years.first().unwrap_or(&0), report.years.last().unwrap_or(&0))),
            (t(lang, "goals-generated"), date_text(foorumi_store::today())),
        ],
        sections,
        closing: vec![Block::Paragraph(t(lang, "goals-missing-note"))],
        footer: report.region_name.get(lang).to_owned(),
    }
}

/// The report as PDF bytes with its own title: for callers outside the pages (the demo).
pub fn render_report_pdf(lang: Lang, actor: &Actor, register: &RegionRegister, report: &FollowUpReport) -> Result<Vec<u8>, String> {
    let which = match report.year {
        Some(year) => Which::Year(year),
        None => Which::Term,
    };
    let document = report_document(lang, actor, register, report, &report_title(lang, which, &report.term));
    foorumi_pdf::render(&document).map_err(|e| e.to_string())
}

/// The file name a report is attached under.
pub fn report_file_name(lang: Lang, report: &FollowUpReport) -> String {
    match report.year {
        Some(year) => t_args(lang, "goals-followup-file", &[("year", year.to_string())]),
        None => t_args(lang, "goals-term-report-file", &[("term", report.term.label().replace('–', "-"))]),
    }
}

async fn pdf_of(state: &AppState, viewer: &Viewer, code: &str, which: Which, query: &HashMap<String, String>) -> PageResult {
    let lang = viewer.lang;
    let (register, term, report) = load_report(state, viewer, code, which, query).await?;
    let document = report_document(lang, &viewer.actor(), &register, &report, &report_title(lang, which, &term));
    let file_name = match which {
        Which::Year(year) => format!("followup-{year}.pdf"),
        Which::Term => format!("term-report-{}.pdf", term.label().replace('–', "-")),
    };
    // Private: what a keeper's report lists of the actions depends on who reads it.
    super::agenda::pdf_response(viewer, &document, &file_name, false)
}

pub async fn followup_pdf(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((code, year)): PagePath<(String, i32)>,
    Query(query): Query<HashMap<String, String>>,
) -> PageResult {
    pdf_of(&state, &viewer, &code, Which::Year(year), &query).await
}

pub async fn term_report_pdf(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<HashMap<String, String>>,
) -> PageResult {
    pdf_of(&state, &viewer, &code, Which::Term, &query).await
}

/// Why a report could not be attached.
pub enum AttachFailure {
    Store(StoreError),
    Pdf(String),
    Upload(crate::uploads::UploadFailure),
}

/// Generates the report's PDF, stores it and attaches it to `item_id`: the one way the
/// page and the API attach a report.
pub async fn attach(
    state: &AppState,
    actor: &Actor,
    author: &foorumi_store::audit::Author,
    lang: Lang,
    term_id: Id,
    year: Option<i32>,
    item_id: Id,
) -> Result<Attachment, AttachFailure> {
    let report = goal_store::report(&state.store, term_id, year).await.map_err(AttachFailure::Store)?;
    // Refused before anything is generated or stored, when the caller may not attach.
    if !allowed(actor, Action::Create, Object::Cooperation { region: report.term.region_id }) {
        return Err(AttachFailure::Store(StoreError::Forbidden));
    }
    let register = state.register(report.term.region_id).await.map_err(AttachFailure::Store)?;
    let pdf = render_report_pdf(lang, actor, &register, &report).map_err(AttachFailure::Pdf)?;
    let name = report_file_name(lang, &report);
    let (name, file) = crate::uploads::store_file(state, &name, Bytes::from(pdf)).await.map_err(AttachFailure::Upload)?;
    let request = ReportAttachment { item_id, term_id, year, name };
    goal_store::attach_report(&state.store, actor, author, &request, file).await.map_err(AttachFailure::Store)
}

async fn attach_from_page(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    which: Which,
    query: &HashMap<String, String>,
    body: &[u8],
) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(viewer));
    }
    let form = checked_form(viewer, body)?;
    let lang = viewer.lang;
    let (_, term, _) = load_report(state, viewer, code, which, query).await?;
    let mut errors = Vec::new();
    let item_id = form.required_id("item_id", &mut errors);
    if let Some(error) = errors.first() {
        return report_page(state, viewer, code, which, query, Some(error_text(lang, error))).await;
    }
    match attach(state, &viewer.actor(), &viewer.author(), lang, term.id, which.year(), item_id).await {
        Ok(attachment) => Ok(Redirect::to(&format!("/agenda-items/{}", attachment.input.item_id)).into_response()),
        Err(AttachFailure::Store(StoreError::Invalid(list))) => {
            let text = list.iter().map(|e| error_text(lang, e)).collect::<Vec<_>>().join(" ");
            report_page(state, viewer, code, which, query, Some(text)).await
        }
        Err(AttachFailure::Store(err)) => Err(PageError::from_store(viewer, err)),
        Err(AttachFailure::Upload(crate::uploads::UploadFailure::Store(err))) => Err(PageError::from_store(viewer, err)),
        Err(AttachFailure::Pdf(err)) => {
            tracing::error!(%err, "report PDF failed");
            Err(PageError::new(viewer, StatusCode::INTERNAL_SERVER_ERROR, "error-page-internal"))
        }
        Err(AttachFailure::Upload(_)) => Err(PageError::new(viewer, StatusCode::SERVICE_UNAVAILABLE, "error-page-internal")),
    }
}

pub async fn attach_followup(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((code, year)): PagePath<(String, i32)>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> PageResult {
    attach_from_page(&state, &viewer, &code, Which::Year(year), &query, &body).await
}

pub async fn attach_term_report(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> PageResult {
    attach_from_page(&state, &viewer, &code, Which::Term, &query, &body).await
}

/// For `Trend` and `GoalState` in templates and tests: every value has its words.
#[cfg(test)]
mod tests {
    use super::*;
    use foorumi_core::goals::Trend;

    #[test]
    fn every_state_and_trend_has_words_in_each_language() {
        for lang in [Lang::Fi, Lang::Sv, Lang::En] {
            for state in GoalState::ALL {
                assert!(crate::i18n::has(&format!("goal-state-{state}")), "{state}");
                assert!(!state_label(lang, *state).is_empty());
            }
            for trend in Trend::ALL {
                assert!(crate::i18n::has(&format!("goal-trend-{trend}")), "{trend}");
            }
        }
        assert_eq!(t(Lang::Fi, "goal-state-at_risk"), "riskissä");
    }
}
