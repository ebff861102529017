//! The register's public pages: the regions, a region at a glance, a forum, a party, the
//! contact directory with vCards, and the privacy and accessibility statements.

use std::sync::Arc;

use chrono::Datelike;

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::*;
use foorumi_store::views::{self, PartyGroup, RegionRegister, SeatView};

use super::{Chrome, PageError, PagePath, PageResult, date_text, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

// ---- labels -------------------------------------------------------------------------

/// How often a forum meets, in words: "Kuukausittain, kuun toinen tiistai, ei heinäkuussa".
pub fn cadence_text(lang: Lang, cadence: &Cadence) -> String {
    match cadence.kind {
        CadenceKind::Monthly => {
            let week = cadence.week_of_month.map(|w| t(lang, &format!("week-{w}"))).unwrap_or_default();
            let weekday = cadence.weekday.map(|d| t(lang, &format!("weekday-{d}"))).unwrap_or_default();
            let month_list = |months: Vec<u8>| months.iter().map(|m| t(lang, &format!("month-in-{m}"))).collect::<Vec<_>>().join(", ");
            // Name the months that have a meeting when they are the fewer ("quarterly").
            if cadence.excluded_months.len() > 6 {
                let meeting_months = (1..=12).filter(|m| !cadence.excluded_months.contains(m)).collect();
                return t_args(
                    lang,
                    "cadence-selected-months",
                    &[("week", week), ("weekday", weekday), ("months", month_list(meeting_months))],
                );
            }
            let mut text = t_args(lang, "cadence-monthly-detail", &[("week", week), ("weekday", weekday)]);
            if !cadence.excluded_months.is_empty() {
                text.push_str(&t_args(lang, "cadence-except", &[("months", month_list(cadence.excluded_months.clone()))]));
            }
            text
        }
        CadenceKind::Annual => {
            let month = cadence.month.map(|m| t(lang, &format!("month-in-{m}"))).unwrap_or_default();
            t_args(lang, "cadence-annual-detail", &[("month", month)])
        }
        CadenceKind::OncePerTerm => t(lang, "cadence-once_per_term"),
        CadenceKind::AsNeeded => t(lang, "cadence-as_needed"),
    }
}

fn label(lang: Lang, prefix: &str, value: impl std::fmt::Display) -> String {
    t(lang, &format!("{prefix}-{value}"))
}

fn yes_no(lang: Lang, value: bool) -> String {
    t(lang, if value { "yes" } else { "no" })
}

fn period_text(lang: Lang, from: chrono::NaiveDate, until: Option<chrono::NaiveDate>) -> String {
    match until {
        Some(until) if until < chrono::NaiveDate::MAX => format!("{}–{}", date_text(from), date_text(until)),
        _ => t_args(lang, "period-from", &[("date", date_text(from))]),
    }
}

/// One seat as a table row.
pub struct SeatRow {
    pub role: String,
    pub post: String,
    pub holder: String,
    pub period: String,
    pub deputy: bool,
    pub edit: Option<String>,
}

pub(super) struct SeatGroup {
    pub party_id: Id,
    pub party: String,
    pub seats: Vec<SeatRow>,
    pub editable: bool,
}

fn seat_row(lang: Lang, view: &SeatView, deputy: bool, edit: bool) -> SeatRow {
    let post = view
        .post
        .as_ref()
        .map(|p| format!("{}, {}", p.input.title.get(lang), view.party.input.name.get(lang)))
        .unwrap_or_else(|| t(lang, "seat-personal"));
    let holder = view.holder.as_ref().map(|p| p.input.name.clone()).unwrap_or_else(|| t(lang, "seat-vacant"));
    let role = if deputy { t(lang, "role-deputy") } else { label(lang, "role", view.seat.input.role) };
    SeatRow {
        role,
        post,
        holder,
        period: period_text(lang, view.seat.input.start_date, view.seat.input.end_date),
        deputy,
        edit: edit.then(|| format!("/edit/seat/{}", view.seat.id)),
    }
}

pub(super) fn seat_groups(viewer: &Viewer, region_id: Id, groups: &[PartyGroup]) -> Vec<SeatGroup> {
    let actor = viewer.actor();
    groups
        .iter()
        .map(|group| {
            let may_edit = |seat: &Seat| {
                allowed(&actor, Action::Update, Object::Seat { region: region_id, forum: seat.input.forum_id, party: seat.input.party_id })
            };
            let mut seats = Vec::new();
            for view in &group.seats {
                seats.push(seat_row(viewer.lang, view, false, may_edit(&view.seat)));
                for deputy in &view.deputies {
                    seats.push(seat_row(viewer.lang, deputy, true, may_edit(&deputy.seat)));
                }
            }
            SeatGroup {
                party_id: group.party.id,
                party: group.party.input.name.get(viewer.lang).to_owned(),
                editable: seats.iter().any(|s| s.edit.is_some()),
                seats,
            }
        })
        .collect()
}

fn holder_label(lang: Lang, view: &views::ForumSummary) -> String {
    let names: Vec<String> = view
        .secretaries
        .iter()
        .map(|s| match (&s.post, &s.holder) {
            (Some(post), _) => format!("{}, {}", post.input.title.get(lang), s.party.input.name.get(lang)),
            (None, Some(person)) => person.input.name.clone(),
            (None, None) => t(lang, "seat-vacant"),
        })
        .collect();
    if names.is_empty() { t(lang, "none") } else { names.join("; ") }
}

/// A region's register by the region's code, or the page to show instead.
pub(super) async fn load_region(state: &AppState, viewer: &Viewer, code: &str) -> Result<Arc<RegionRegister>, PageError> {
    let region = views::region_by_code(&state.store, code).await.map_err(|e| PageError::from_store(viewer, e))?;
    state.register(region.id).await.map_err(|e| PageError::from_store(viewer, e))
}

async fn load_region_of(state: &AppState, viewer: &Viewer, region_id: Id) -> Result<Arc<RegionRegister>, PageError> {
    state.register(region_id).await.map_err(|e| PageError::from_store(viewer, e))
}

// ---- front page ---------------------------------------------------------------------

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    c: Chrome,
    /// (code, name) of each region.
    regions: Vec<(String, String)>,
}

pub async fn index(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    let regions = views::regions(&state.store).await.map_err(|e| PageError::from_store(&viewer, e))?;
    if let [only] = regions.as_slice() {
        return Ok(Redirect::to(&format!("/regions/{}", only.input.code)).into_response());
    }
    let regions = regions.iter().map(|r| (r.input.code.clone(), r.input.name.get(viewer.lang).to_owned())).collect();
    Ok(render(&IndexPage { c: Chrome::new(&viewer, t(viewer.lang, "index-heading")), regions }))
}

// ---- region at a glance -------------------------------------------------------------

struct ForumCard {
    id: Id,
    name: String,
    cadence: String,
    secretary: String,
    members: usize,
    parent: Option<String>,
}

struct LevelView {
    key: &'static str,
    name: String,
    note: String,
    forums: Vec<ForumCard>,
}

struct PartyRow {
    id: Id,
    name: String,
    kind: String,
    code: String,
    signed: String,
    example: bool,
    ended: bool,
}

#[derive(Template)]
#[template(path = "region.html")]
struct RegionPage {
    c: Chrome,
    region_name: String,
    term: Option<String>,
    levels: Vec<LevelView>,
    parties: Vec<PartyRow>,
    actions: Vec<(String, String)>,
    /// The region's shared follow-up pages (issue 5), as (path, name).
    follow_up: Vec<(String, String)>,
}

pub async fn region(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>) -> PageResult {
    let register = load_region(&state, &viewer, &code).await?;
    let lang = viewer.lang;
    let today = foorumi_store::today();
    let region = &register.region;
    let levels = register
        .levels(today)
        .into_iter()
        .map(|(level, forums)| LevelView {
            key: level.as_str(),
            name: label(lang, "level", level),
            note: label(lang, "level-note", level),
            forums: forums
                .iter()
                .map(|summary| ForumCard {
                    id: summary.forum.id,
                    name: forum_title(lang, &summary.forum),
                    cadence: cadence_text(lang, &summary.forum.input.cadence),
                    secretary: holder_label(lang, summary),
                    members: summary.member_count,
                    parent: summary.forum.input.parent_id.and_then(|id| register.forum(id)).map(|f| forum_title(lang, f)),
                })
                .collect(),
        })
        .collect();
    let mut sorted: Vec<&Party> = register.parties.iter().collect();
    sorted.sort_by(|a, b| {
        views::kind_order(a.input.kind).cmp(&views::kind_order(b.input.kind)).then_with(|| a.input.name.fi.cmp(&b.input.name.fi))
    });
    let parties = sorted
        .into_iter()
        .map(|party| PartyRow {
            id: party.id,
            name: party.input.name.get(lang).to_owned(),
            kind: label(lang, "party-kind", party.input.kind),
            code: party.input.code.clone().unwrap_or_default(),
            signed: yes_no(lang, party.input.signed_protocol),
            example: party.input.is_example,
            ended: !party.belongs_to(&region.input.code, today),
        })
        .collect();
    let actor = viewer.actor();
    let mut follow_up: Vec<(String, String)> = [
        ("picture", "picture-breadcrumb"),
        ("goals", "goals-title"),
        ("responsibilities", "responsibilities-title"),
        ("protocol", "protocol-title"),
        ("wellbeing-reporting", "wellbeing-title"),
    ]
    .into_iter()
    .map(|(path, key)| (format!("/regions/{}/{path}", region.input.code), t(lang, key)))
    .collect();
    if allowed(&actor, Action::View, Object::Conflict { region: region.id, party: None }) {
        follow_up.push((format!("/regions/{}/conflicts", region.input.code), t(lang, "conflicts-title")));
    }
    let mut actions = Vec::new();
    if allowed(&actor, Action::Update, Object::Region { region: region.id }) {
        actions.push((format!("/edit/region/{}", region.id), t(lang, "edit-region")));
    }
    for (kind, key, object) in [
        ("forum", "new-forum", Object::Forum { region: region.id, forum: 0 }),
        ("party", "new-party", Object::Party { region: region.id, party: 0 }),
        ("council-term", "new-council-term", Object::CouncilTerm { region: region.id }),
    ] {
        if allowed(&actor, Action::Create, object) {
            actions.push((format!("/regions/{}/new/{kind}", region.input.code), t(lang, key)));
        }
    }
    if allowed(&actor, Action::Create, Object::CouncilTerm { region: region.id }) && register.terms.len() > 1 {
        actions.push((format!("/regions/{}/roll-over", region.input.code), t(lang, "roll-over-title")));
    }
    if allowed(&actor, Action::View, Object::AuditLog { region: region.id }) {
        actions.push((format!("/regions/{}/audit", region.input.code), t(lang, "nav-audit")));
    }
    if allowed(&actor, Action::Update, Object::LegalBasis { region: region.id }) {
        actions.push((format!("/regions/{}/legal-bases", region.input.code), t(lang, "legal-bases-title")));
    }
    actions.push((format!("/regions/{}/ratifications", region.input.code), t(lang, "ratifications-title")));
    let name = region.input.name.get(lang).to_owned();
    let page = RegionPage {
        c: Chrome::new(&viewer, name.clone()).with_region(&region.input.code, &name),
        region_name: name,
        term: register.term_on(today).map(|term| term.label()),
        levels,
        parties,
        actions,
        follow_up,
    };
    Ok(render(&page))
}

/// "Turvallisuus- ja valmiustoimikunta (PHTURVA)".
pub fn forum_title(lang: Lang, forum: &Forum) -> String {
    let name = forum.input.name.get(lang);
    if forum.input.short_name.is_empty() || name.contains(&forum.input.short_name) {
        name.to_owned()
    } else {
        format!("{name} ({})", forum.input.short_name)
    }
}

// ---- forum --------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "forum.html")]
struct ForumPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    name: String,
    facts: Vec<(String, String, Option<String>)>,
    mandate: Vec<String>,
    children: Vec<(Id, String)>,
    term: Option<String>,
    groups: Vec<SeatGroup>,
    drafts: Vec<SeatGroup>,
    actions: Vec<(String, String)>,
    forum_id: Id,
    year: i32,
    /// (id, number, date, time, status) of the forum's meetings this year.
    meetings: Vec<(Id, String, String, String, String)>,
    /// (period, status text, status key) of the year's duties (R3.4).
    duties: Vec<(String, String, &'static str)>,
}

/// A duty's period in words: "maaliskuu 2026", "2026", "2025–2029".
fn duty_period(lang: Lang, period: &foorumi_core::plan::DutyPeriod) -> String {
    use foorumi_core::plan::DutyPeriod;
    match period {
        DutyPeriod::Month { year, month } => format!("{} {year}", t(lang, &format!("month-{month}"))),
        DutyPeriod::Year { year } => year.to_string(),
        DutyPeriod::Term { start, end } => format!("{}–{}", start.year(), end.year()),
    }
}

pub async fn forum(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let forum: Forum = foorumi_store::records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = load_region_of(&state, &viewer, forum.region_id).await?;
    let lang = viewer.lang;
    let today = foorumi_store::today();
    let f = &forum.input;
    let term = register.term_on(today);
    let summary = register.forum_summary(&forum, today);
    let chair = summary
        .chair
        .as_ref()
        .map(|c| {
            let row = seat_row(lang, c, false, false);
            if c.post.is_some() { format!("{} ({})", row.post, row.holder) } else { row.holder }
        })
        .unwrap_or_else(|| t(lang, "none"));
    let mut facts = vec![
        (t(lang, "field-level"), label(lang, "level", f.level), None),
        (t(lang, "field-legal-type"), label(lang, "legal-type", f.legal_type), None),
        (t(lang, "field-cadence"), cadence_text(lang, &f.cadence), None),
        (t(lang, "field-default-publicity"), label(lang, "publicity", f.default_publicity), None),
        (t(lang, "role-chair"), chair, None),
        (t(lang, "role-secretary"), holder_label(lang, &summary), None),
        (t(lang, "member-count"), summary.member_count.to_string(), None),
    ];
    if let Some(parent) = f.parent_id.and_then(|pid| register.forum(pid)) {
        facts.push((t(lang, "field-parent"), forum_title(lang, parent), Some(format!("/forums/{}", parent.id))));
    }
    let children = register
        .forums
        .iter()
        .filter(|child| child.input.parent_id == Some(forum.id))
        .map(|child| (child.id, forum_title(lang, child)))
        .collect();
    let actor = viewer.actor();
    let mut actions = Vec::new();
    if allowed(&actor, Action::Update, Object::Forum { region: forum.region_id, forum: forum.id }) {
        actions.push((format!("/edit/forum/{}", forum.id), t(lang, "edit-forum")));
    }
    let may_add_seat = allowed(&actor, Action::Create, Object::Seat { region: forum.region_id, forum: forum.id, party: 0 })
        || !actor.party_admin.is_empty();
    if may_add_seat {
        actions.push((format!("/regions/{}/new/seat?forum_id={}", register.region.input.code, forum.id), t(lang, "new-seat")));
    }
    if allowed(&actor, Action::Create, Object::Meeting { region: forum.region_id, forum: forum.id }) {
        actions.push((format!("/regions/{}/new/meeting?forum_id={}", register.region.input.code, forum.id), t(lang, "new-meeting")));
    }
    let proposals = Object::Proposal { region: forum.region_id, forum: forum.id, party: actor.party_admin.first().copied(), person: None };
    if allowed(&actor, Action::View, proposals) {
        actions.push((format!("/forums/{}/proposals", forum.id), t(lang, "proposals-title")));
    }
    actions.push((format!("/forums/{}/standing-items", forum.id), t(lang, "standing-items-title")));
    let year = today.year();
    let year_meetings = foorumi_store::meetings::meetings_of_year(&state.store, forum.region_id, year)
        .await
        .map_err(|e| PageError::from_store(&viewer, e))?;
    let numbers = foorumi_store::meetings::numbers(&year_meetings);
    let meetings = year_meetings
        .iter()
        .filter(|m| m.input.forum_ids.contains(&forum.id))
        .map(|m| {
            let weekday = t(lang, &format!("weekday-{}", m.input.date.weekday().number_from_monday()));
            (
                m.id,
                // Cancelled meetings have no number; the link still needs words.
                numbers.get(&m.id).cloned().unwrap_or_else(|| t(lang, "meeting-status-cancelled")),
                format!("{weekday} {}", date_text(m.input.date)),
                format!("{}–{}", m.input.start_time.format("%-H.%M"), m.input.end_time.format("%-H.%M")),
                t(lang, &format!("meeting-status-{}", m.input.status)),
            )
        })
        .collect();
    // A once-per-term duty may have been met in another year of the term.
    let forum_meetings = foorumi_store::meetings::meetings_of_forum(&state.store, forum.region_id, forum.id)
        .await
        .map_err(|e| PageError::from_store(&viewer, e))?;
    let duties = register
        .duties(&forum, &forum_meetings, year, today)
        .iter()
        .map(|d| (duty_period(lang, &d.period), t(lang, &format!("duty-status-{}", d.status.as_str())), d.status.as_str()))
        .collect();
    let name = forum_title(lang, &forum);
    let region_name = register.region.input.name.get(lang).to_owned();
    let members = register.forum_members(forum.id, today, false);
    let drafts = if actor.may_edit_something() { register.forum_members(forum.id, today, true) } else { Vec::new() };
    let page = ForumPage {
        c: Chrome::new(&viewer, name.clone()).with_region(&register.region.input.code, &region_name),
        region_code: register.region.input.code.clone(),
        region_name,
        name,
        facts,
        mandate: f.mandate.get(lang).split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect(),
        children,
        term: term.map(|t| t.label()),
        groups: seat_groups(&viewer, forum.region_id, &members),
        drafts: seat_groups(&viewer, forum.region_id, &drafts),
        actions,
        forum_id: forum.id,
        year,
        meetings,
        duties,
    };
    Ok(render(&page))
}

// ---- party --------------------------------------------------------------------------

struct PostRow {
    id: Id,
    title: String,
    holder: String,
    since: String,
    links: Vec<(String, String)>,
}

struct PersonRow {
    name: String,
    contacts: Vec<String>,
    edit: Option<String>,
}

#[derive(Template)]
#[template(path = "party.html")]
struct PartyPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    name: String,
    facts: Vec<(String, String, Option<String>)>,
    seats: Vec<(Id, String, SeatRow)>,
    posts: Vec<PostRow>,
    people: Vec<PersonRow>,
    actions: Vec<(String, String)>,
    /// The organisation's own appeal instructions (R2.11): shown when it has any or the
    /// viewer may add them.
    appeal_templates: Option<Vec<AppealTemplateRow>>,
    new_appeal_template: Option<String>,
}

struct AppealTemplateRow {
    kind: String,
    basis: String,
    text: String,
    edit: Option<String>,
}

/// Contact details the viewer may see, as "phone: +358 …" lines.
fn visible_contacts(viewer: &Viewer, region_id: Id, person: &Person) -> Vec<String> {
    let restricted = allowed(&viewer.actor(), Action::View, Object::RestrictedContacts { region: region_id });
    let today = foorumi_store::today();
    person
        .input
        .contacts
        .iter()
        .filter(|c| c.valid_on(today) && (c.public || restricted))
        .map(|c| format!("{}: {}", label(viewer.lang, "contact-kind", c.kind), c.value))
        .collect()
}

pub async fn party(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let party: Party = foorumi_store::records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = load_region_of(&state, &viewer, party.region_id).await?;
    let lang = viewer.lang;
    let today = foorumi_store::today();
    let p = &party.input;
    let periods: Vec<String> =
        p.region_periods.iter().map(|r| format!("{} {}", r.region_code, period_text(lang, r.valid_from, r.valid_until))).collect();
    let mut facts = vec![
        (t(lang, "field-kind"), label(lang, "party-kind", p.kind), None),
        (t(lang, "field-code"), p.code.clone().unwrap_or_else(|| t(lang, "none")), None),
        (t(lang, "field-signed-protocol"), yes_no(lang, p.signed_protocol), None),
        (t(lang, "field-region-periods"), if periods.is_empty() { t(lang, "none") } else { periods.join("; ") }, None),
    ];
    if p.is_example {
        facts.push((t(lang, "example-badge"), t(lang, "example-note"), None));
    }
    let seats = register
        .party_seats(party.id, today)
        .iter()
        .map(|(forum, view)| (forum.id, forum_title(lang, forum), seat_row(lang, view, view.seat.input.role == SeatRole::Deputy, false)))
        .collect();
    let actor = viewer.actor();
    let may_post = allowed(&actor, Action::Update, Object::Post { region: party.region_id, party: party.id });
    let posts = register
        .posts
        .iter()
        .filter(|post| post.input.party_id == party.id)
        .map(|post| {
            let holding = register.holdings.iter().find(|h| h.input.post_id == post.id && h.active_on(today));
            let mut links = Vec::new();
            if may_post {
                links.push((format!("/edit/post/{}", post.id), t(lang, "edit")));
                match holding {
                    Some(h) => links.push((format!("/edit/holding/{}", h.id), t(lang, "edit-holding"))),
                    None => links
                        .push((format!("/regions/{}/new/holding?post_id={}", register.region.input.code, post.id), t(lang, "new-holding"))),
                }
            }
            PostRow {
                id: post.id,
                title: post.input.title.get(lang).to_owned(),
                holder: holding
                    .and_then(|h| register.person(h.input.person_id))
                    .map(|p| p.input.name.clone())
                    .unwrap_or_else(|| t(lang, "seat-vacant")),
                since: holding.map(|h| date_text(h.input.start_date)).unwrap_or_default(),
                links,
            }
        })
        .collect();
    let may_person = allowed(&actor, Action::Update, Object::Person { region: party.region_id, party: Some(party.id) });
    let people = register
        .people
        .iter()
        .filter(|person| person.input.party_id == Some(party.id))
        .map(|person| PersonRow {
            name: person.input.name.clone(),
            contacts: visible_contacts(&viewer, party.region_id, person),
            edit: may_person.then(|| format!("/edit/person/{}", person.id)),
        })
        .collect();
    let code = &register.region.input.code;
    let may_party = allowed(&actor, Action::Update, Object::Party { region: party.region_id, party: party.id });
    let (templates, _) = foorumi_store::records::list::<AppealTemplate>(
        &state.store,
        Some(party.region_id),
        &[("party_id".into(), party.id.to_string())],
        foorumi_store::records::Page::default(),
    )
    .await
    .map_err(|e| PageError::from_store(&viewer, e))?;
    let appeal_templates = (may_party || !templates.is_empty()).then(|| {
        templates
            .iter()
            .map(|tpl| AppealTemplateRow {
                kind: t(lang, &format!("appeal-{}", tpl.input.appeal)),
                basis: if tpl.input.basis.is_empty() { tpl.input.appeal.default_basis().to_owned() } else { tpl.input.basis.clone() },
                text: tpl.input.text.get(lang).to_owned(),
                edit: may_party.then(|| format!("/edit/appeal-template/{}", tpl.id)),
            })
            .collect()
    });
    let new_appeal_template = may_party.then(|| format!("/regions/{code}/new/appeal-template?party_id={}", party.id));
    let mut actions = Vec::new();
    if may_party {
        actions.push((format!("/edit/party/{}", party.id), t(lang, "edit-party")));
    }
    if may_person {
        actions.push((format!("/regions/{code}/new/person?party_id={}", party.id), t(lang, "new-person")));
    }
    if may_post {
        actions.push((format!("/regions/{code}/new/post?party_id={}", party.id), t(lang, "new-post")));
    }
    if viewer.signed_in() {
        actions.push((format!("/parties/{}/actions", party.id), t(lang, "actions-title")));
    }
    let name = p.name.get(lang).to_owned();
    let region_name = register.region.input.name.get(lang).to_owned();
    let page = PartyPage {
        c: Chrome::new(&viewer, name.clone()).with_region(code, &region_name),
        region_code: code.clone(),
        region_name,
        name,
        facts,
        seats,
        posts,
        people,
        actions,
        appeal_templates,
        new_appeal_template,
    };
    Ok(render(&page))
}

// ---- contact directory --------------------------------------------------------------

struct DirectoryRow {
    post_id: Id,
    title: String,
    holder: String,
    contacts: Vec<String>,
    forums: Vec<(Id, String, String)>,
}

struct DirectoryParty {
    party_id: Id,
    party: String,
    entries: Vec<DirectoryRow>,
}

#[derive(Template)]
#[template(path = "directory.html")]
struct DirectoryPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    groups: Vec<DirectoryParty>,
    contacts_shown: bool,
}

pub async fn directory(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>) -> PageResult {
    let register = load_region(&state, &viewer, &code).await?;
    let lang = viewer.lang;
    let today = foorumi_store::today();
    let region_id = register.region.id;
    let groups = register
        .directory(today)
        .into_iter()
        .map(|group| DirectoryParty {
            party_id: group.party.id,
            party: group.party.input.name.get(lang).to_owned(),
            entries: group
                .entries
                .iter()
                .map(|entry| DirectoryRow {
                    post_id: entry.post.id,
                    title: entry.post.input.title.get(lang).to_owned(),
                    holder: entry.holder.as_ref().map(|p| p.input.name.clone()).unwrap_or_else(|| t(lang, "seat-vacant")),
                    contacts: entry.holder.as_ref().map(|p| visible_contacts(&viewer, region_id, p)).unwrap_or_default(),
                    forums: entry.forums.iter().map(|(f, role)| (f.id, forum_title(lang, f), label(lang, "role", role))).collect(),
                })
                .collect(),
        })
        .collect();
    let region_name = register.region.input.name.get(lang).to_owned();
    let page = DirectoryPage {
        c: Chrome::new(&viewer, t(lang, "nav-directory")).with_region(&code, &region_name),
        region_code: code.clone(),
        region_name,
        groups,
        contacts_shown: allowed(&viewer.actor(), Action::View, Object::RestrictedContacts { region: region_id }),
    };
    Ok(render(&page))
}

/// The current holder of a post as a vCard 4.0 (RFC 6350), with the contact details the
/// viewer may see.
pub async fn vcard(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> Result<Response, PageError> {
    let post: Post = foorumi_store::records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = load_region_of(&state, &viewer, post.region_id).await?;
    let lang = viewer.lang;
    let party = register.party(post.input.party_id).ok_or_else(|| PageError::not_found(&viewer))?;
    let holder = register.holder_of(post.id, foorumi_store::today());
    let title = post.input.title.get(lang);
    let name = holder.map(|p| p.input.name.as_str()).unwrap_or(title);
    let mut lines = vec![
        "BEGIN:VCARD".to_owned(),
        "VERSION:4.0".to_owned(),
        format!("FN:{}", vcard_escape(name)),
        format!("TITLE:{}", vcard_escape(title)),
        format!("ORG:{}", vcard_escape(party.input.name.get(lang))),
    ];
    if let Some(person) = holder {
        let restricted = allowed(&viewer.actor(), Action::View, Object::RestrictedContacts { region: post.region_id });
        for c in person.input.contacts.iter().filter(|c| c.valid_on(foorumi_store::today()) && (c.public || restricted)) {
            lines.push(match c.kind {
                ContactKind::Email => format!("EMAIL;TYPE=work:{}", vcard_escape(&c.value)),
                ContactKind::Phone => format!("TEL;TYPE=work,voice;VALUE=uri:tel:{}", c.value.replace(' ', "")),
                ContactKind::Url => format!("URL:{}", vcard_escape(&c.value)),
                ContactKind::Address => format!("ADR;TYPE=work:;;{};;;;", vcard_escape(&c.value)),
            });
        }
    }
    lines.push("END:VCARD".to_owned());
    let body = lines.join("\r\n") + "\r\n";
    let filename = format!("attachment; filename=\"post-{}.vcf\"", post.id);
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, "text/vcard; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, filename)], body)
        .into_response())
}

fn vcard_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(',', "\\,").replace(';', "\\;").replace('\n', "\\n")
}

/// Any address no route knows: the 404 page in the visitor's language.
pub async fn not_found(viewer: Viewer) -> PageError {
    PageError::not_found(&viewer)
}

// ---- statements ---------------------------------------------------------------------

#[derive(Template)]
#[template(path = "text_page.html")]
struct TextPage {
    c: Chrome,
    sections: Vec<(String, Vec<String>)>,
}

/// A statement page from numbered translation keys: `{prefix}-{n}-heading` and
/// `{prefix}-{n}-body` (paragraphs separated by blank lines).
fn statement(viewer: &Viewer, prefix: &str, count: usize) -> Response {
    let lang = viewer.lang;
    let sections = (1..=count)
        .map(|n| {
            let body = t(lang, &format!("{prefix}-{n}-body"));
            (t(lang, &format!("{prefix}-{n}-heading")), body.split("\n\n").map(|p| p.trim().to_owned()).collect())
        })
        .collect();
    render(&TextPage { c: Chrome::new(viewer, t(lang, &format!("{prefix}-title"))), sections })
}

pub async fn privacy(viewer: Viewer) -> Response {
    statement(&viewer, "privacy", 6)
}

pub async fn accessibility(viewer: Viewer) -> Response {
    statement(&viewer, "accessibility", 4)
}

/// The authority that keeps the forums' documents (domain R0.2): the regional council,
/// through its cooperation manager; the region's name where the register has none.
pub fn owning_authority(register: &RegionRegister, lang: Lang) -> String {
    register
        .parties
        .iter()
        .find(|p| p.input.kind == PartyKind::RegionalCouncil)
        .map(|p| p.input.name.get(lang).to_owned())
        .unwrap_or_else(|| register.region.input.name.get(lang).to_owned())
}
