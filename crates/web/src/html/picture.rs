//! The situational picture of a region (R3.4–R3.5): its chosen indicators as small charts
//! of each municipality against the region and the whole country, a map of the
//! municipalities coloured by one indicator and year, the same figures as tables, and
//! beside them the open actions by party. Snapshots show the same from their frozen
//! figures; the compare page sets the current figures against a snapshot's.
//!
//! Everything is drawn on the server (SVG with a title and a description), so the page
//! works without JavaScript; every chart, map and table names the source and the data
//! years, and a missing figure reads "ei tietoa", never 0.

use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use foorumi_core::indicators::{AggregateMethod, AreaKind, format_value};
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::picture::*;
use foorumi_core::*;
use foorumi_render::charts::{self, LineChart, Series, SeriesStyle};
use foorumi_render::map::{self, Map, MapArea};
use foorumi_render::markdown;
use foorumi_store::indicators;
use foorumi_store::picture::{self as store_picture, Border};
use foorumi_store::snapshots;
use foorumi_store::views::RegionRegister;
use serde::Deserialize;

use super::edit::checked_form;
use super::pages::{forum_title, load_region};
use super::{Chrome, PageError, PagePath, PageResult, date_text, render, to_login};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

// ---- shared views ------------------------------------------------------------------------

/// "Lähde: THL, Sotkanet, 2000–2022", the line under every chart, map and table.
pub fn attribution(lang: Lang, source: &str, years: Option<(i32, i32)>) -> String {
    match years {
        Some((first, last)) => {
            let years = if first == last { first.to_string() } else { format!("{first}–{last}") };
            t_args(lang, "indicator-attribution-years", &[("source", source.to_owned()), ("years", years)])
        }
        None => t_args(lang, "indicator-attribution", &[("source", source.to_owned())]),
    }
}

fn figure(lang: Lang, value: Option<f64>, decimals: i64) -> String {
    match value {
        Some(value) => format_figure(value, decimals, lang),
        None => t(lang, "indicator-missing"),
    }
}

/// `figure` with the words for a missing figure looked up once, for tables of thousands.
fn figure_or(lang: Lang, value: Option<f64>, decimals: i64, missing: &str) -> String {
    match value {
        Some(value) => format_figure(value, decimals, lang),
        None => missing.to_owned(),
    }
}

pub struct TableRow {
    pub header: String,
    /// "municipality", "region" or "country": the region's and the country's rows stand out.
    pub kind: &'static str,
    pub cells: Vec<String>,
}

pub struct TableView {
    pub id: String,
    pub caption: String,
    pub years: Vec<i32>,
    pub rows: Vec<TableRow>,
}

pub struct ChartView {
    pub anchor: String,
    pub name: String,
    pub unit: String,
    pub svg: String,
    pub attribution: String,
    /// How the region's figure is made, in words.
    pub method: String,
    pub legend: String,
    pub table: TableView,
}

fn kind_name(kind: AreaKind) -> &'static str {
    match kind {
        AreaKind::Municipality => "municipality",
        AreaKind::WellbeingCounty => "wellbeing_county",
        AreaKind::Region => "region",
        AreaKind::Country => "country",
    }
}

fn area_name(lang: Lang, series: &AreaSeries) -> String {
    match series.kind {
        AreaKind::Country => t(lang, "picture-country"),
        _ => series.name.get(lang).to_owned(),
    }
}

/// Each indicator as a chart with its table; `prefix` keeps ids unique when a page shows
/// two pictures.
pub fn chart_views(lang: Lang, data: &PictureData, prefix: &str) -> Vec<ChartView> {
    let region_name = data.region_name.get(lang).to_owned();
    let missing = t(lang, "indicator-missing");
    let legend = t_args(lang, "picture-chart-legend", &[("region", region_name.clone())]);
    let method_sum = t_args(lang, "picture-method-sum", &[("region", region_name.clone())]);
    let method_source = t_args(lang, "picture-method-source", &[("region", region_name.clone())]);
    let log_note = t(lang, "picture-chart-log");
    data.indicators
        .iter()
        .map(|indicator| {
            let name = indicator.name.get(lang).to_owned();
            let years = indicator.data_years();
            let attribution = attribution(lang, &indicator.source, years);
            let id = format!("{prefix}{}", indicator.indicator_id);
            let series: Vec<Series> = indicator
                .series
                .iter()
                .map(|s| Series {
                    name: area_name(lang, s),
                    style: match s.kind {
                        AreaKind::Region => SeriesStyle::Bold,
                        AreaKind::Country => SeriesStyle::Dashed,
                        _ => SeriesStyle::Thin,
                    },
                    values: s.values.clone(),
                })
                .collect();
            let log = charts::scale_for(indicator.series.iter().flat_map(|s| s.values.iter().flatten().copied())) == charts::Scale::Log;
            let span = match years {
                Some((first, last)) if first != last => format!("{first}–{last}"),
                Some((first, _)) => first.to_string(),
                None => missing.clone(),
            };
            let mut description =
                t_args(lang, "picture-chart-desc", &[("indicator", name.clone()), ("years", span), ("region", region_name.clone())]);
            if log {
                description.push(' ');
                description.push_str(&log_note);
            }
            let chart = LineChart {
                id: format!("chart-{id}"),
                title: format!("{name} – {attribution}"),
                description,
                years: indicator.years.clone(),
                series,
            };
            let decimals = indicator.decimals;
            let svg = charts::line_chart(&chart, &|v| format_figure(v, if v.fract() == 0.0 { 0 } else { decimals }, lang));
            let rows = indicator
                .series
                .iter()
                .map(|s| TableRow {
                    header: area_name(lang, s),
                    kind: kind_name(s.kind),
                    cells: s.values.iter().map(|v| figure_or(lang, *v, decimals, &missing)).collect(),
                })
                .collect();
            let method = match indicator.method {
                AggregateMethod::SumOfMembers => method_sum.clone(),
                AggregateMethod::SourceValue => method_source.clone(),
            };
            ChartView {
                anchor: format!("indicator-{id}"),
                name: name.clone(),
                unit: indicator.unit.get(lang).to_owned(),
                svg,
                attribution: attribution.clone(),
                method,
                legend: legend.clone(),
                table: TableView {
                    id: format!("table-{id}"),
                    caption: format!("{name} – {attribution}"),
                    years: indicator.years.clone(),
                    rows,
                },
            }
        })
        .collect()
}

pub struct LegendEntry {
    pub colour: &'static str,
    pub text: String,
}

pub struct MapView {
    pub svg: String,
    pub heading: String,
    pub attribution: String,
    pub legend: Vec<LegendEntry>,
    pub missing: String,
    pub table: TableView,
    /// The form's choices: (value, label, selected).
    pub indicators: Vec<(String, String, bool)>,
    pub years: Vec<(String, bool)>,
}

/// The map's query parameters: `?map_indicator=127&map_year=2022`.
#[derive(Debug, Default, Deserialize)]
pub struct MapQuery {
    #[serde(default)]
    pub map_indicator: Option<String>,
    #[serde(default)]
    pub map_year: Option<String>,
}

/// The map of one indicator and year (the first indicator's latest year with municipal
/// figures unless the query chooses), with its legend and table; None without indicators.
pub fn map_view(lang: Lang, data: &PictureData, borders: &[Border], query: &MapQuery) -> Option<MapView> {
    let chosen = query.map_indicator.as_deref().and_then(|t| t.trim().parse::<Id>().ok());
    let indicator = chosen.and_then(|id| data.indicators.iter().find(|i| i.indicator_id == id)).or(data.indicators.first())?;
    let municipal = |at: usize| indicator.series.iter().filter(|s| s.kind == AreaKind::Municipality).any(|s| s.values[at].is_some());
    let latest = (0..indicator.years.len()).rev().find(|at| municipal(*at)).map(|at| indicator.years[at]);
    let all_years: std::collections::BTreeSet<i32> = data.indicators.iter().flat_map(|i| i.years.iter().copied()).collect();
    let year = query.map_year.as_deref().and_then(|t| t.trim().parse::<i32>().ok()).filter(|y| all_years.contains(y)).or(latest);
    let name = indicator.name.get(lang).to_owned();
    let municipalities: Vec<&AreaSeries> = indicator.series.iter().filter(|s| s.kind == AreaKind::Municipality).collect();
    let value_of = |s: &AreaSeries| year.and_then(|y| indicator.years.binary_search(&y).ok()).and_then(|at| s.values[at]);
    // Only the municipalities that have a border (the map) and a figure (the classes).
    let values: Vec<f64> = municipalities.iter().filter(|s| borders.iter().any(|b| b.code == s.code)).filter_map(|s| value_of(s)).collect();
    let breaks = map::class_breaks(&values);
    let decimals = indicator.decimals;
    let areas: Vec<MapArea> = municipalities
        .iter()
        .filter_map(|s| {
            let border = borders.iter().find(|b| b.code == s.code)?;
            let value = value_of(s);
            Some(MapArea {
                code: s.code.clone(),
                polygons: border.polygons.clone(),
                class: value.and_then(|v| map::class_of(v, &breaks)),
                label: format!("{}: {}", s.name.get(lang), figure(lang, value, decimals)),
            })
        })
        .collect();
    let year_text = year.map_or_else(|| t(lang, "indicator-missing"), |y| y.to_string());
    let attribution = attribution(lang, &indicator.source, year.map(|y| (y, y)));
    let heading = format!("{name} {year_text}");
    let mut lower = values.iter().copied().fold(f64::INFINITY, f64::min);
    let legend = breaks
        .iter()
        .enumerate()
        .map(|(class, upper)| {
            let text = if lower == *upper {
                format_value(*upper, decimals, lang)
            } else {
                format!("{}–{}", format_value(lower, decimals, lang), format_value(*upper, decimals, lang))
            };
            // The next class starts above this one's bound.
            lower = values.iter().copied().filter(|v| v > upper).fold(f64::INFINITY, f64::min);
            LegendEntry { colour: map::colour(class, breaks.len()), text }
        })
        .collect();
    let shown = areas.len();
    let missing_count = areas.iter().filter(|a| a.class.is_none()).count();
    let description = t_args(
        lang,
        "picture-map-desc",
        &[("indicator", name.clone()), ("year", year_text.clone()), ("count", shown.to_string()), ("missing", missing_count.to_string())],
    );
    let svg = map::choropleth(&Map { id: "map".into(), title: format!("{heading} – {attribution}"), description, areas }, breaks.len());
    // A municipality that neither is on today's map nor has a figure that year had
    // merged away by then (Nastola, Hämeenkoski after 2015): no row saying "ei tietoa".
    let rows = municipalities
        .iter()
        .filter(|s| value_of(s).is_some() || borders.iter().any(|b| b.code == s.code))
        .map(|s| TableRow { header: s.name.get(lang).to_owned(), kind: "municipality", cells: vec![figure(lang, value_of(s), decimals)] })
        .collect();
    Some(MapView {
        svg,
        heading: heading.clone(),
        attribution: attribution.clone(),
        legend,
        missing: t(lang, "indicator-missing"),
        table: TableView {
            id: "table-map".into(), caption: format!("{heading} – {attribution}"), years: year.into_iter().collect(), rows
        },
        indicators: data
            .indicators
            .iter()
            .map(|i| (i.indicator_id.to_string(), i.name.get(lang).to_owned(), i.indicator_id == indicator.indicator_id))
            .collect(),
        years: all_years.iter().rev().map(|y| (y.to_string(), Some(*y) == year)).collect(),
    })
}

// ---- the picture page ------------------------------------------------------------------

pub struct ActionLine {
    pub title: String,
    pub forum: String,
    pub due: String,
    pub status: String,
}

pub struct ActionGroup {
    pub party: String,
    pub actions: Vec<ActionLine>,
}

/// A panel beside the charts: the follow-up that other parts of Foorumi keep.
pub struct Panel {
    /// Its id in the page, for the heading's label.
    pub id: &'static str,
    pub heading: String,
    /// Said when there are no lines.
    pub empty: String,
    pub lines: Vec<PanelLine>,
    /// The page with the whole of it, with its name.
    pub more: (String, String),
}

pub struct PanelLine {
    pub text: String,
    pub href: Option<String>,
    /// Status words after the text.
    pub note: String,
}

/// The term's goals this year, open conflicts (for those who may see them), what the
/// statutory wellbeing reporting lacks, and the preparedness forums' public notes.
async fn side_panels(state: &AppState, viewer: &Viewer, register: &RegionRegister) -> foorumi_store::Result<Vec<Panel>> {
    use chrono::Datelike;
    let lang = viewer.lang;
    let region = &register.region;
    let code = &region.input.code;
    let today = foorumi_store::today();
    let mut panels = Vec::new();

    let goals = foorumi_store::goals::goal_statuses(&state.store, region.id, today.year()).await?;
    panels.push(Panel {
        id: "panel-goals",
        heading: t_args(lang, "picture-panel-goals", &[("year", today.year().to_string())]),
        empty: t(lang, "picture-panel-goals-empty"),
        lines: goals
            .iter()
            .map(|g| {
                let mut note = g.status.map(|s| t(lang, &format!("goal-state-{s}"))).unwrap_or_else(|| t(lang, "picture-panel-no-status"));
                if let Some(progress) = g.progress {
                    note.push_str(&format!(" · {} %", progress.round()));
                }
                PanelLine { text: g.name.get(lang).to_owned(), href: Some(format!("/goals/{}", g.goal_id)), note }
            })
            .collect(),
        more: (format!("/regions/{code}/goals"), t(lang, "goals-title")),
    });

    if allowed(&viewer.actor(), Action::View, Object::Conflict { region: region.id, party: None }) {
        let conflicts = foorumi_store::conflicts::open_conflicts(&state.store, region.id).await?;
        panels.push(Panel {
            id: "panel-conflicts",
            heading: t(lang, "picture-panel-conflicts"),
            empty: t(lang, "picture-panel-conflicts-empty"),
            lines: conflicts
                .iter()
                .map(|c| PanelLine {
                    text: c.input.title.clone(),
                    href: Some(format!("/conflicts/{}", c.id)),
                    note: register.forum(c.input.forum_id).map(|f| forum_title(lang, f)).unwrap_or_default(),
                })
                .collect(),
            more: (format!("/regions/{code}/conflicts"), t(lang, "conflicts-title")),
        });
    }

    let gaps = foorumi_store::wellbeing::wellbeing_gaps(&state.store, region.id, today).await?;
    panels.push(Panel {
        id: "panel-wellbeing",
        heading: t(lang, "picture-panel-wellbeing"),
        empty: t(lang, "picture-panel-wellbeing-empty"),
        lines: gaps
            .iter()
            .map(|gap| PanelLine {
                text: super::wellbeing::gap_text(lang, register, gap),
                href: None,
                note: super::wellbeing::urgency_text(lang, gap.urgency),
            })
            .collect(),
        more: (format!("/regions/{code}/wellbeing-reporting"), t(lang, "wellbeing-title")),
    });

    let notes = foorumi_store::preparedness::public_preparedness_notes(&state.store, region.id).await?;
    panels.push(Panel {
        id: "panel-preparedness",
        heading: t(lang, "picture-panel-preparedness"),
        empty: t(lang, "picture-panel-preparedness-empty"),
        lines: notes
            .iter()
            .map(|n| PanelLine {
                text: n.input.title.clone(),
                href: None,
                note: format!(
                    "{} · {}",
                    date_text(n.input.noted_on),
                    register.forum(n.input.forum_id).map(|f| forum_title(lang, f)).unwrap_or_default()
                ),
            })
            .collect(),
        more: (format!("/regions/{code}/responsibilities"), t(lang, "responsibilities-title")),
    });
    Ok(panels)
}

pub struct CatalogueChoice {
    pub id: Id,
    pub name: String,
    pub chosen: bool,
}

pub struct SnapshotLine {
    pub id: Id,
    pub title: String,
    pub frozen_on: String,
    pub established: bool,
}

#[derive(Template)]
#[template(path = "picture.html")]
struct PicturePage {
    c: Chrome,
    region_code: String,
    region_name: String,
    charts: Arc<Vec<ChartView>>,
    map: Option<MapView>,
    actions: Vec<ActionGroup>,
    /// The term's goals, open conflicts, wellbeing-reporting gaps, preparedness notes.
    panels: Vec<Panel>,
    snapshots: Vec<SnapshotLine>,
    /// The forms of the cooperation manager; empty for others.
    keeper: bool,
    catalogue: Vec<CatalogueChoice>,
    errors: Vec<String>,
    title_value: String,
    commentary_value: String,
}

fn group_actions(lang: Lang, viewer: &Viewer, register: &RegionRegister, actions: &[ActionItem]) -> Vec<ActionGroup> {
    let actor = viewer.actor();
    let mut groups: Vec<(String, ActionGroup)> = Vec::new();
    for action in actions {
        let object = Object::ActionItem { region: action.region_id, forum: action.forum_id, party: action.input.owner_party_id };
        if !allowed(&actor, Action::View, object) {
            continue;
        }
        let party = action
            .input
            .owner_party_id
            .and_then(|id| register.party(id))
            .map_or_else(|| t(lang, "picture-actions-no-party"), |p| p.input.name.get(lang).to_owned());
        let line = ActionLine {
            title: action.input.title.clone(),
            forum: register.forum(action.forum_id).map(|f| forum_title(lang, f)).unwrap_or_default(),
            due: action.input.due_date.map(date_text).unwrap_or_default(),
            status: t(lang, &format!("action-status-{}", action.input.status)),
        };
        match groups.iter_mut().find(|(name, _)| *name == party) {
            Some((_, group)) => group.actions.push(line),
            None => groups.push((party.clone(), ActionGroup { party, actions: vec![line] })),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups.into_iter().map(|(_, g)| g).collect()
}

struct PictureForm {
    errors: Vec<String>,
    title: String,
    commentary: String,
}

async fn picture_page(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    query: &MapQuery,
    form: PictureForm,
    status: StatusCode,
) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(viewer, e);
    let register = load_region(state, viewer, code).await?;
    let region = &register.region;
    let picture = state.picture(region.id).await.map_err(store_err)?;
    let data = &picture.data;
    let ids: Vec<Id> = data.indicators.iter().map(|i| i.indicator_id).collect();
    let codes: Vec<String> = store_picture::picture_municipalities(region, &register.parties).into_iter().map(|(c, _)| c).collect();
    let borders = store_picture::borders(&state.store, &codes).await.map_err(store_err)?;
    let actions = store_picture::open_actions(&state.store, region.id).await.map_err(store_err)?;
    let snapshots = snapshots::snapshots(&state.store, region.id).await.map_err(store_err)?;
    let panels = side_panels(state, viewer, &register).await.map_err(store_err)?;
    let keeper = allowed(&viewer.actor(), Action::Update, Object::Cooperation { region: region.id });
    let catalogue = if keeper {
        let all = indicators::indicators(&state.store, None).await.map_err(store_err)?;
        all.into_iter()
            .map(|i| CatalogueChoice { id: i.id, name: i.input.name.get(lang).to_owned(), chosen: ids.contains(&i.id) })
            .collect()
    } else {
        Vec::new()
    };
    let region_name = region.input.name.get(lang).to_owned();
    let c = Chrome::new(viewer, t_args(lang, "picture-heading", &[("region", region_name.clone())]))
        .with_region(&region.input.code, &region_name);
    let page = PicturePage {
        c,
        region_code: region.input.code.clone(),
        region_name,
        charts: picture.charts(lang),
        map: map_view(lang, data, &borders, query),
        actions: group_actions(lang, viewer, &register, &actions),
        panels,
        snapshots: snapshots
            .iter()
            .map(|s| SnapshotLine {
                id: s.id,
                title: s.title.clone(),
                frozen_on: date_text(s.frozen_on),
                established: s.established_by_item_id.is_some(),
            })
            .collect(),
        keeper,
        catalogue,
        errors: form.errors,
        title_value: form.title,
        commentary_value: form.commentary,
    };
    Ok((status, render(&page)).into_response())
}

/// `/regions/{code}/picture`: public.
pub async fn picture(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<MapQuery>,
) -> PageResult {
    let empty = PictureForm { errors: Vec::new(), title: String::new(), commentary: String::new() };
    picture_page(&state, &viewer, &code, &query, empty, StatusCode::OK).await
}

fn error_texts(viewer: &Viewer, err: foorumi_store::Error) -> Result<Vec<String>, PageError> {
    match err {
        foorumi_store::Error::Invalid(list) => Ok(list.iter().map(|e| super::error_text(viewer.lang, e)).collect()),
        foorumi_store::Error::Conflict { code, .. } => Ok(vec![t(viewer.lang, &code)]),
        other => Err(PageError::from_store(viewer, other)),
    }
}

/// The cooperation manager's choice of indicators (the checked boxes, in catalogue order).
pub async fn choose(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>, body: Bytes) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    let form = checked_form(&viewer, &body)?;
    let region = foorumi_store::views::region_by_code(&state.store, &code).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let ids: Vec<Id> = form.0.iter().filter(|(k, _)| k == "indicator").filter_map(|(_, v)| v.trim().parse().ok()).collect();
    match store_picture::set_chosen_indicators(&state.store, &viewer.actor(), &viewer.author(), region.id, &ids).await {
        Ok(_) => Ok(Redirect::to(&format!("/regions/{code}/picture?saved=indicators")).into_response()),
        Err(err) => {
            let errors = error_texts(&viewer, err)?;
            let form = PictureForm { errors, title: String::new(), commentary: String::new() };
            picture_page(&state, &viewer, &code, &MapQuery::default(), form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Freezes a snapshot of the picture as it stands today.
pub async fn freeze(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>, body: Bytes) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    let form = checked_form(&viewer, &body)?;
    let region = foorumi_store::views::region_by_code(&state.store, &code).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let input = SnapshotInput { title: form.text("title"), commentary: form.text("commentary") };
    match snapshots::create(&state.store, &viewer.actor(), &viewer.author(), region.id, input.clone(), foorumi_store::today()).await {
        Ok(snapshot) => Ok(Redirect::to(&format!("/regions/{code}/picture/snapshots/{}", snapshot.id)).into_response()),
        Err(err) => {
            let errors = error_texts(&viewer, err)?;
            let form = PictureForm { errors, title: input.title, commentary: input.commentary };
            picture_page(&state, &viewer, &code, &MapQuery::default(), form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

// ---- a snapshot ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "snapshot.html")]
struct SnapshotPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    id: Id,
    frozen_on: String,
    created_by: String,
    commentary: String,
    /// (item page link, its text) of the establishing item.
    established: Option<(String, String)>,
    charts: Arc<Vec<ChartView>>,
    map: Option<MapView>,
    keeper: bool,
    items: Vec<(Id, String)>,
    errors: Vec<String>,
    citation: String,
}

async fn snapshot_page(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    id: Id,
    query: &MapQuery,
    errors: Vec<String>,
    status: StatusCode,
) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(viewer, e);
    let register = load_region(state, viewer, code).await?;
    let snapshot = snapshots::snapshot(&state.store, id).await.map_err(store_err)?;
    if snapshot.region_id != register.region.id {
        return Err(PageError::not_found(viewer));
    }
    let codes: Vec<String> = snapshot
        .data
        .indicators
        .first()
        .map(|i| i.series.iter().filter(|s| s.kind == AreaKind::Municipality).map(|s| s.code.clone()).collect())
        .unwrap_or_default();
    let borders = store_picture::borders(&state.store, &codes).await.map_err(store_err)?;
    let keeper = allowed(&viewer.actor(), Action::Update, Object::Cooperation { region: snapshot.region_id });
    // The chairs' forum's items: those that may establish the snapshot, or the one that did.
    let chairs_items = if keeper || snapshot.establishment.is_some() {
        let mut items = foorumi_store::views::item_choices(&state.store, snapshot.region_id).await.map_err(store_err)?;
        items.retain(|i| i.level == ForumLevel::Chairs && !i.cancelled);
        items
    } else {
        Vec::new()
    };
    let label = |item| super::item_choice_label(lang, &register, item);
    let items = if snapshot.establishment.is_none() { chairs_items.iter().map(|i| (i.item_id, label(i))).collect() } else { Vec::new() };
    let established = match &snapshot.establishment {
        Some(e) => {
            let text = chairs_items.iter().find(|i| i.item_id == e.item_id).map(label).unwrap_or_else(|| format!("#{}", e.item_id));
            // The item's own page: it stands whether or not the record is published yet.
            let href = format!("/agenda-items/{}", e.item_id);
            Some((href, text))
        }
        None => None,
    };
    let region_name = register.region.input.name.get(lang).to_owned();
    let c = Chrome::new(viewer, snapshot.title.clone()).with_region(code, &region_name);
    let citation = t_args(
        lang,
        "picture-snapshot-citation",
        &[("title", snapshot.title.clone()), ("region", region_name.clone()), ("date", date_text(snapshot.frozen_on))],
    );
    let page = SnapshotPage {
        c,
        region_code: code.to_owned(),
        region_name,
        id,
        frozen_on: date_text(snapshot.frozen_on),
        created_by: snapshot.created_by.clone(),
        commentary: markdown::to_html(&snapshot.commentary),
        established,
        charts: Arc::new(chart_views(lang, &snapshot.data, "s")),
        map: map_view(lang, &snapshot.data, &borders, query),
        keeper,
        items,
        errors,
        citation,
    };
    Ok((status, render(&page)).into_response())
}

/// `/regions/{code}/picture/snapshots/{id}`: the frozen picture, public and citable.
pub async fn snapshot(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((code, id)): PagePath<(String, Id)>,
    Query(query): Query<MapQuery>,
) -> PageResult {
    snapshot_page(&state, &viewer, &code, id, &query, Vec::new(), StatusCode::OK).await
}

/// Records the chairs' forum item that established the snapshot (once).
pub async fn establish(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((code, id)): PagePath<(String, Id)>,
    body: Bytes,
) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    let form = checked_form(&viewer, &body)?;
    let mut errors = Vec::new();
    let item_id = form.required_id("item_id", &mut errors);
    if !errors.is_empty() {
        let texts = errors.iter().map(|e| super::error_text(viewer.lang, e)).collect();
        return snapshot_page(&state, &viewer, &code, id, &MapQuery::default(), texts, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match snapshots::establish(&state.store, &viewer.actor(), &viewer.author(), id, item_id).await {
        Ok(_) => Ok(Redirect::to(&format!("/regions/{code}/picture/snapshots/{id}")).into_response()),
        Err(err) => {
            // Established already: 409; an item that cannot establish it: 422.
            let status =
                if matches!(err, foorumi_store::Error::Conflict { .. }) { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
            let texts = error_texts(&viewer, err)?;
            snapshot_page(&state, &viewer, &code, id, &MapQuery::default(), texts, status).await
        }
    }
}

// ---- comparing ----------------------------------------------------------------------------

pub struct CompareRow {
    pub area: String,
    pub kind: &'static str,
    pub then: String,
    pub now: String,
    pub change: String,
    pub added: String,
    pub revised: String,
}

pub struct CompareSection {
    pub anchor: String,
    pub name: String,
    pub note: String,
    pub caption: String,
    pub rows: Vec<CompareRow>,
}

#[derive(Template)]
#[template(path = "snapshot_compare.html")]
struct ComparePage {
    c: Chrome,
    region_code: String,
    region_name: String,
    id: Id,
    snapshot_title: String,
    summary: String,
    sections: Vec<CompareSection>,
}

fn years_text(years: &[i32]) -> String {
    years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
}

/// `/regions/{code}/picture/snapshots/{id}/compare`: the current figures against the
/// snapshot's, per indicator and area, with what was added or revised since.
pub async fn compare(State(state): State<AppState>, viewer: Viewer, PagePath((code, id)): PagePath<(String, Id)>) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(&viewer, e);
    let register = load_region(&state, &viewer, &code).await?;
    let (snapshot, current, comparison) = snapshots::compare_with_current(&state.store, id).await.map_err(store_err)?;
    if snapshot.region_id != register.region.id {
        return Err(PageError::not_found(&viewer));
    }
    let missing = t(lang, "indicator-missing");
    let with_year = |value: Option<f64>, year: Option<i32>, decimals: i64| match (value, year) {
        (Some(v), Some(y)) => format!("{} ({y})", format_value(v, decimals, lang)),
        _ => missing.clone(),
    };
    let sections = comparison
        .indicators
        .iter()
        .map(|indicator| {
            let name = indicator.name.get(lang).to_owned();
            let then_years =
                snapshot.data.indicators.iter().find(|i| i.indicator_id == indicator.indicator_id).and_then(|i| i.data_years());
            let now_years = current.indicators.iter().find(|i| i.indicator_id == indicator.indicator_id).and_then(|i| i.data_years());
            let note = match (indicator.in_snapshot, indicator.in_current) {
                (true, false) => t(lang, "picture-compare-dropped"),
                (false, true) => t(lang, "picture-compare-new"),
                _ => String::new(),
            };
            let caption = format!(
                "{name} – {} / {}",
                t_args(lang, "picture-compare-then", &[("source", attribution(lang, &indicator.source, then_years))]),
                t_args(lang, "picture-compare-now", &[("source", attribution(lang, &indicator.source, now_years))]),
            );
            let decimals = indicator.decimals;
            let rows = indicator
                .areas
                .iter()
                .map(|a| CompareRow {
                    area: if a.kind == AreaKind::Country { t(lang, "picture-country") } else { a.name.get(lang).to_owned() },
                    kind: kind_name(a.kind),
                    then: with_year(a.snapshot_value, a.snapshot_year, decimals),
                    now: with_year(a.current_value, a.current_year, decimals),
                    change: match a.change {
                        Some(change) if change > 0.0 => format!("+{}", format_value(change, decimals, lang)),
                        Some(change) => format_value(change, decimals, lang),
                        None => missing.clone(),
                    },
                    added: years_text(&a.added),
                    revised: years_text(&a.revised),
                })
                .collect();
            CompareSection { anchor: format!("compare-{}", indicator.indicator_id), name, note, caption, rows }
        })
        .collect();
    let region_name = register.region.input.name.get(lang).to_owned();
    let c = Chrome::new(&viewer, t_args(lang, "picture-compare-heading", &[("title", snapshot.title.clone())]))
        .with_region(&code, &region_name);
    let summary = t_args(
        lang,
        "picture-compare-summary",
        &[
            ("date", date_text(snapshot.frozen_on)),
            ("added", comparison.added.to_string()),
            ("revised", comparison.revised.to_string()),
            ("removed", comparison.removed.to_string()),
        ],
    );
    Ok(render(&ComparePage { c, region_code: code, region_name, id, snapshot_title: snapshot.title, summary, sections }))
}
