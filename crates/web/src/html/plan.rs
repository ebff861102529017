//! The year's plan as a calendar grid (forums × months, clashes marked), the form that
//! generates it from the cadences, and the meeting page.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::Datelike;
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::*;
use foorumi_store::meetings::{self, PlanOutcome};
use foorumi_store::records;
use serde::Deserialize;

use super::pages::{SeatGroup, forum_title, load_region, seat_groups};
use super::{Chrome, FormData, PageError, PagePath, PageResult, date_text, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

struct PlanMeeting {
    id: Id,
    day: String,
    title: String,
    status_key: &'static str,
    /// Said in words for held and cancelled meetings, which the grid also shows by type.
    status_note: Option<String>,
    clash: bool,
}

struct PlanRow {
    forum_id: Id,
    forum: String,
    cells: Vec<Vec<PlanMeeting>>,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    year: i32,
    /// (abbreviation, full name) of each month.
    months: Vec<(String, String)>,
    rows: Vec<PlanRow>,
    /// (person, first meeting id, its label, second meeting id, its label).
    clashes: Vec<(String, Id, String, Id, String)>,
    may_generate: bool,
    outcome: Option<String>,
}

#[derive(Deserialize)]
pub struct PlanQuery {
    year: Option<i32>,
    created: Option<usize>,
    removed: Option<usize>,
    kept: Option<usize>,
}

/// "Kuntajohtajakokous 3/2026, 10.3.2026 9.00–11.00".
fn meeting_label(lang: Lang, forums: &HashMap<Id, &Forum>, numbers: &HashMap<Id, String>, meeting: &Meeting) -> String {
    let forum = meeting.input.forum_ids.first().and_then(|id| forums.get(id)).map(|f| forum_title(lang, f)).unwrap_or_default();
    let number = numbers.get(&meeting.id).cloned().unwrap_or_default();
    format!("{forum} {number}, {} {}", date_text(meeting.input.date), hours_text(meeting))
}

fn hours_text(meeting: &Meeting) -> String {
    format!("{}–{}", meeting.input.start_time.format("%-H.%M"), meeting.input.end_time.format("%-H.%M"))
}

pub async fn plan_page(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<PlanQuery>,
) -> PageResult {
    let lang = viewer.lang;
    let register = load_region(&state, &viewer, &code).await?;
    let year = query.year.filter(|y| (2000..=2100).contains(y)).unwrap_or_else(|| foorumi_store::today().year());
    let meetings =
        meetings::meetings_of_year(&state.store, register.region.id, year).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let numbers = meetings::numbers(&meetings);
    let clashes = register.clashes(&meetings);
    let clashing: BTreeSet<Id> = clashes.iter().flat_map(|c| [c.first, c.second]).collect();
    let forums: HashMap<Id, &Forum> = register.forums.iter().map(|f| (f.id, f)).collect();
    let mut ordered: Vec<&Forum> = register.forums.iter().collect();
    ordered.sort_by_key(|f| (f.input.level.rank(), f.input.name.fi.clone()));
    let rows = ordered
        .iter()
        .map(|forum| {
            let mut cells: Vec<Vec<PlanMeeting>> = (0..12).map(|_| Vec::new()).collect();
            for meeting in meetings.iter().filter(|m| m.input.forum_ids.contains(&forum.id)) {
                cells[meeting.input.date.month0() as usize].push(PlanMeeting {
                    id: meeting.id,
                    day: meeting.input.date.format("%-d.%-m.").to_string(),
                    title: format!(
                        "{} – {}",
                        meeting_label(lang, &forums, &numbers, meeting),
                        t(lang, &format!("meeting-status-{}", meeting.input.status))
                    ),
                    status_key: meeting.input.status.as_str(),
                    status_note: matches!(meeting.input.status, MeetingStatus::Held | MeetingStatus::Cancelled)
                        .then(|| t(lang, &format!("meeting-status-{}", meeting.input.status))),
                    clash: clashing.contains(&meeting.id),
                });
            }
            PlanRow { forum_id: forum.id, forum: forum_title(lang, forum), cells }
        })
        .collect();
    let by_id: HashMap<Id, &Meeting> = meetings.iter().map(|m| (m.id, m)).collect();
    let clashes = clashes
        .iter()
        .map(|c| {
            let label = |id: Id| by_id.get(&id).map(|m| meeting_label(lang, &forums, &numbers, m)).unwrap_or_default();
            (c.person.input.name.clone(), c.first, label(c.first), c.second, label(c.second))
        })
        .collect();
    let actor = viewer.actor();
    let may_generate =
        register.forums.iter().any(|f| allowed(&actor, Action::Create, Object::Meeting { region: register.region.id, forum: f.id }));
    let outcome = match (query.created, query.removed, query.kept) {
        (Some(created), Some(removed), Some(kept)) => Some(t_args(
            lang,
            "plan-outcome",
            &[("created", created.to_string()), ("removed", removed.to_string()), ("kept", kept.to_string())],
        )),
        _ => None,
    };
    let region_name = register.region.input.name.get(lang).to_owned();
    let months = (1..=12).map(|m| (t(lang, &format!("month-short-{m}")), t(lang, &format!("month-{m}")))).collect();
    let mut c = Chrome::new(&viewer, format!("{} {year}", t(lang, "plan-title"))).with_region(&code, &region_name);
    c.noindex = outcome.is_some();
    let page = PlanPage { c, region_code: code, region_name, year, months, rows, clashes, may_generate, outcome };
    Ok(render(&page))
}

pub async fn generate(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>, body: Bytes) -> PageResult {
    let form = FormData::parse(&body);
    if !viewer.csrf_ok(form.opt_text("csrf").as_deref()) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-csrf"));
    }
    let register = load_region(&state, &viewer, &code).await?;
    let year: i32 = form.get("year").parse().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(|| PageError::not_found(&viewer))?;
    let PlanOutcome { created, removed, kept } =
        meetings::generate_plan(&state.store, &viewer.actor(), &viewer.author(), register.region.id, year, None)
            .await
            .map_err(|e| PageError::from_store(&viewer, e))?;
    Ok(Redirect::to(&format!("/regions/{code}/plan?year={year}&created={created}&removed={removed}&kept={kept}")).into_response())
}

/// One seat's planned attendance, with the form to change it when the viewer may.
struct AttendanceRow {
    seat_id: Id,
    post: String,
    holder: String,
    answer: String,
    current: &'static str,
    editable: bool,
    options: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    c: Chrome,
    meeting_id: Id,
    attendance: Vec<AttendanceRow>,
    region_code: String,
    region_name: String,
    year: i32,
    facts: Vec<(String, String, Option<String>)>,
    groups: Vec<SeatGroup>,
    actions: Vec<(String, String)>,
    mail: Option<super::invitations::MailPanel>,
}

pub async fn meeting_page(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let meeting: Meeting = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(meeting.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let lang = viewer.lang;
    let m = &meeting.input;
    let year = m.date.year();
    let year_meetings =
        meetings::meetings_of_year(&state.store, meeting.region_id, year).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let numbers = meetings::numbers(&year_meetings);
    let forums: Vec<&Forum> = m.forum_ids.iter().filter_map(|id| register.forum(*id)).collect();
    let convening = forums.first().map(|f| forum_title(lang, f)).unwrap_or_default();
    let title = format!("{convening} {}", numbers.get(&meeting.id).cloned().unwrap_or_default()).trim().to_owned();
    let weekday = t(lang, &format!("weekday-{}", m.date.weekday().number_from_monday()));
    let mut facts = vec![
        (t(lang, "field-date"), format!("{weekday} {}", date_text(m.date)), None),
        (t(lang, "field-time"), hours_text(&meeting), None),
        (t(lang, "field-meeting-kind"), t(lang, &format!("meeting-kind-{}", m.kind)), None),
        (t(lang, "field-status"), t(lang, &format!("meeting-status-{}", m.status)), None),
    ];
    if !m.place.is_empty() {
        facts.push((t(lang, "field-place"), m.place.clone(), None));
    }
    // The online link is for the invited: people with a role in the region see it.
    let invited = allowed(&viewer.actor(), Action::View, Object::RestrictedContacts { region: meeting.region_id });
    if !m.online_url.is_empty() && invited {
        facts.push((t(lang, "field-online-url"), m.online_url.clone(), Some(m.online_url.clone())));
    }
    if m.status == MeetingStatus::Cancelled {
        facts.push((t(lang, "field-cancel-reason"), m.cancel_reason.clone(), None));
    }
    for forum in &forums {
        facts.push((t(lang, "field-forum"), forum_title(lang, forum), Some(format!("/forums/{}", forum.id))));
    }
    if let Some(clash) = register.clashes(&year_meetings).iter().find(|c| c.first == meeting.id || c.second == meeting.id) {
        let other = if clash.first == meeting.id { clash.second } else { clash.first };
        facts.push((t(lang, "plan-clash-short"), clash.person.input.name.clone(), Some(format!("/meetings/{other}"))));
    }
    let groups: Vec<_> = m.forum_ids.iter().flat_map(|f| register.forum_members(*f, m.date, false)).collect();
    let answers = meetings::attendance(&state.store, meeting.id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let actor = viewer.actor();
    let mut attendance = Vec::new();
    for view in groups.iter().flat_map(|g| g.seats.iter()) {
        let sitter = view.holder.as_ref().map(|p| p.id);
        let object =
            |action| allowed(&actor, action, Object::Attendance { region: meeting.region_id, forum: view.seat.input.forum_id, sitter });
        if !object(Action::View) || !view.seat.input.role.is_member() {
            continue;
        }
        let current = answers.get(&view.seat.id).copied();
        let mut options = vec![("", t(lang, "attendance-none"))];
        options.extend(
            AttendanceResponse::ALL
                .iter()
                .filter(|r| **r != AttendanceResponse::DeputyAttends || !view.deputies.is_empty())
                .map(|r| (r.as_str(), t(lang, &format!("attendance-{r}")))),
        );
        attendance.push(AttendanceRow {
            seat_id: view.seat.id,
            post: view
                .post
                .as_ref()
                .map(|p| format!("{}, {}", p.input.title.get(lang), view.party.input.name.get(lang)))
                .unwrap_or_else(|| view.party.input.name.get(lang).to_owned()),
            holder: view.holder.as_ref().map(|p| p.input.name.clone()).unwrap_or_else(|| t(lang, "seat-vacant")),
            answer: current.map_or_else(|| t(lang, "attendance-none"), |r| t(lang, &format!("attendance-{r}"))),
            current: current.map_or("", |r| r.as_str()),
            editable: object(Action::Update),
            options,
        });
    }
    let mut actions = Vec::new();
    if allowed(
        &viewer.actor(),
        Action::Update,
        Object::Meeting { region: meeting.region_id, forum: m.forum_ids.first().copied().unwrap_or(0) },
    ) {
        actions.push((format!("/edit/meeting/{}", meeting.id), t(lang, "edit-meeting")));
        actions.push((format!("/meetings/{}/agenda/edit", meeting.id), t(lang, "agenda-edit")));
    }
    if matches!(m.status, MeetingStatus::AgendaPublished | MeetingStatus::Held) {
        actions.push((format!("/meetings/{}/agenda", meeting.id), t(lang, "agenda-title")));
    }
    // The record being written is the forum's own (the public reads the published one).
    let forum = m.forum_ids.first().copied().unwrap_or(0);
    if m.status != MeetingStatus::Cancelled
        && allowed(&viewer.actor(), Action::View, Object::AgendaItem { region: meeting.region_id, forum })
    {
        actions.push((format!("/meetings/{}/minutes", meeting.id), t(lang, "minutes-open")));
    }
    if foorumi_store::record_publication::publication(&state.store, meeting.id, foorumi_store::today())
        .await
        .map_err(|e| PageError::from_store(&viewer, e))?
        .is_some()
    {
        actions.push((format!("/meetings/{}/record", meeting.id), t(lang, "record-public-view")));
    }
    let region_name = register.region.input.name.get(lang).to_owned();
    let page = MeetingPage {
        c: Chrome::new(&viewer, title).with_region(&register.region.input.code, &region_name),
        meeting_id: meeting.id,
        attendance,
        region_code: register.region.input.code.clone(),
        region_name,
        year,
        facts,
        groups: seat_groups(&viewer, meeting.region_id, &groups),
        actions,
        mail: super::invitations::panel(&state, &viewer, &meeting).await?,
    };
    Ok(render(&page))
}

// ---- calendar feeds -----------------------------------------------------------------

/// Meetings of last year, this year and next year: what a subscribed calendar needs.
async fn feed_meetings(state: &AppState, viewer: &Viewer, region_id: Id) -> Result<Vec<Meeting>, PageError> {
    let year = foorumi_store::today().year();
    let mut all = Vec::new();
    for y in year - 1..=year + 1 {
        all.extend(meetings::meetings_of_year(&state.store, region_id, y).await.map_err(|e| PageError::from_store(viewer, e))?);
    }
    Ok(all)
}

/// A calendar of meetings: times, forums and places; `private` feeds, for the people
/// invited, carry the online links too.
fn feed(
    viewer: &Viewer,
    name: &str,
    forums: &HashMap<Id, &Forum>,
    meetings: &[&Meeting],
    numbers: &HashMap<Id, String>,
    private: bool,
) -> axum::response::Response {
    let lang = viewer.lang;
    let events: Vec<foorumi_render::ical::Event> = meetings
        .iter()
        .map(|m| {
            let forum_names: Vec<String> = m.input.forum_ids.iter().filter_map(|id| forums.get(id)).map(|f| forum_title(lang, f)).collect();
            let summary =
                format!("{} {}", forum_names.first().cloned().unwrap_or_default(), numbers.get(&m.id).cloned().unwrap_or_default());
            foorumi_render::ical::Event {
                uid: format!("meeting-{}@foorumi", m.id),
                sequence: m.version - 1,
                date: m.input.date,
                start: m.input.start_time,
                end: m.input.end_time,
                summary: summary.trim().to_owned(),
                location: m.input.place.clone(),
                description: {
                    let mut lines = Vec::new();
                    if forum_names.len() > 1 {
                        lines.push(format!("{}: {}", t(lang, "field-joint-forums"), forum_names.join(", ")));
                    }
                    if private && !m.input.online_url.is_empty() {
                        lines.push(format!("{}: {}", t(lang, "field-online-url"), m.input.online_url));
                    }
                    lines.join("\n")
                },
                url: String::new(),
                cancelled: m.input.status == MeetingStatus::Cancelled,
            }
        })
        .collect();
    let body = foorumi_render::ical::calendar(name, &events, foorumi_render::ical::now());
    ([(axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response()
}

pub async fn region_feed(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>) -> PageResult {
    let register = load_region(&state, &viewer, &code).await?;
    let meetings = feed_meetings(&state, &viewer, register.region.id).await?;
    let numbers = meetings::numbers(&meetings);
    let forums: HashMap<Id, &Forum> = register.forums.iter().map(|f| (f.id, f)).collect();
    let name = format!("{} – {}", register.region.input.name.get(viewer.lang), t(viewer.lang, "feed-meetings"));
    Ok(feed(&viewer, &name, &forums, &meetings.iter().collect::<Vec<_>>(), &numbers, false))
}

pub async fn forum_feed(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let forum: Forum = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(forum.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let meetings = feed_meetings(&state, &viewer, forum.region_id).await?;
    let numbers = meetings::numbers(&meetings);
    let forums: HashMap<Id, &Forum> = register.forums.iter().map(|f| (f.id, f)).collect();
    let own: Vec<&Meeting> = meetings.iter().filter(|m| m.input.forum_ids.contains(&forum.id)).collect();
    Ok(feed(&viewer, &forum_title(viewer.lang, &forum), &forums, &own, &numbers, false))
}

// ---- the signed-in person's meetings and private calendar ----------------------------

#[derive(Template)]
#[template(path = "me.html")]
struct MePage {
    c: Chrome,
    person: Option<String>,
    /// (id, date, time, forum, status) of the person's meetings from today on.
    meetings: Vec<(Id, String, String, String, String)>,
    has_token: bool,
    created: Option<String>,
    new_url: Option<String>,
}

/// The meetings a person sits in, this year and next, from `from` on.
async fn meetings_of_person(
    state: &AppState,
    viewer: &Viewer,
    person: &Person,
    from: chrono::NaiveDate,
) -> Result<Vec<Meeting>, PageError> {
    let register = state.register(person.region_id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let mut all = Vec::new();
    for year in from.year()..=from.year() + 1 {
        let year_meetings =
            meetings::meetings_of_year(&state.store, person.region_id, year).await.map_err(|e| PageError::from_store(viewer, e))?;
        all.extend(year_meetings.into_iter().filter(|m| m.input.date >= from && register.people_in(m).contains(&person.id)));
    }
    Ok(all)
}

async fn me_page(state: &AppState, viewer: &Viewer, new_url: Option<String>) -> PageResult {
    let lang = viewer.lang;
    let Some(session) = &viewer.session else { return Ok(super::to_login(viewer)) };
    let mut c = Chrome::new(viewer, t(lang, "me-title"));
    c.noindex = true;
    let person = match session.user.person_id {
        Some(id) => Some(records::get::<Person>(&state.store, id).await.map_err(|e| PageError::from_store(viewer, e))?),
        None => None,
    };
    let (mut meetings_list, mut has_token, mut created) = (Vec::new(), false, None);
    if let Some(person) = &person {
        let register = state.register(person.region_id).await.map_err(|e| PageError::from_store(viewer, e))?;
        for m in meetings_of_person(state, viewer, person, foorumi_store::today()).await? {
            let forum = m.input.forum_ids.first().and_then(|id| register.forum(*id)).map(|f| forum_title(lang, f)).unwrap_or_default();
            meetings_list.push((
                m.id,
                date_text(m.input.date),
                hours_text(&m),
                forum,
                t(lang, &format!("meeting-status-{}", m.input.status)),
            ));
        }
        let made = meetings::calendar_token_created(&state.store, person.id).await.map_err(|e| PageError::from_store(viewer, e))?;
        has_token = made.is_some();
        created = made.map(|at| t_args(lang, "me-calendar-created", &[("date", at.get(..10).unwrap_or(&at).to_owned())]));
    }
    let page = MePage { c, person: person.map(|p| p.input.name), meetings: meetings_list, has_token, created, new_url };
    let mut response = render(&page);
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(response)
}

pub async fn me(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    me_page(&state, &viewer, None).await
}

/// The signed-in user's person, for changes to their own calendar address.
fn own_person(viewer: &Viewer, body: &[u8]) -> Result<Id, PageError> {
    let form = FormData::parse(body);
    if !viewer.csrf_ok(form.opt_text("csrf").as_deref()) {
        return Err(PageError::new(viewer, StatusCode::FORBIDDEN, "error-csrf"));
    }
    viewer
        .session
        .as_ref()
        .and_then(|s| s.user.person_id)
        .ok_or_else(|| PageError::new(viewer, StatusCode::FORBIDDEN, "error-page-forbidden"))
}

pub async fn new_calendar(State(state): State<AppState>, viewer: Viewer, headers: axum::http::HeaderMap, body: Bytes) -> PageResult {
    let person_id = own_person(&viewer, &body)?;
    let token = meetings::new_calendar_token(&state.store, person_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.config.secure_cookies { "https" } else { "http" };
    me_page(&state, &viewer, Some(format!("{scheme}://{host}/calendar/{token}.ics"))).await
}

pub async fn revoke_calendar(State(state): State<AppState>, viewer: Viewer, body: Bytes) -> PageResult {
    let person_id = own_person(&viewer, &body)?;
    meetings::revoke_calendar_token(&state.store, person_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    Ok(Redirect::to("/me").into_response())
}

/// A person's own calendar behind their secret address: their meetings with the online
/// links, which the public feeds leave out.
pub async fn private_feed(State(state): State<AppState>, viewer: Viewer, PagePath(file): PagePath<String>) -> PageResult {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let person = meetings::person_by_calendar_token(&state.store, token)
        .await
        .map_err(|e| PageError::from_store(&viewer, e))?
        .ok_or_else(|| PageError::not_found(&viewer))?;
    let register = state.register(person.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let year = foorumi_store::today().year();
    let from = chrono::NaiveDate::from_ymd_opt(year - 1, 1, 1).unwrap_or_default();
    let own = meetings_of_person(&state, &viewer, &person, from).await?;
    let numbers = meetings::numbers(&own);
    let forums: HashMap<Id, &Forum> = register.forums.iter().map(|f| (f.id, f)).collect();
    let name = format!("{} – {}", person.input.name, t(viewer.lang, "feed-meetings"));
    let mut response = feed(&viewer, &name, &forums, &own.iter().collect::<Vec<_>>(), &numbers, true);
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// A seat's answer to a meeting, from the meeting page.
pub async fn answer(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = FormData::parse(&body);
    if !viewer.csrf_ok(form.opt_text("csrf").as_deref()) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-csrf"));
    }
    let seat_id: Id = form.get("seat_id").parse().map_err(|_| PageError::not_found(&viewer))?;
    let response = match form.get("response") {
        "" => None,
        text => Some(
            AttendanceResponse::parse(text).ok_or_else(|| PageError::new(&viewer, StatusCode::UNPROCESSABLE_ENTITY, "error-attendance"))?,
        ),
    };
    match meetings::set_attendance(&state.store, &viewer.actor(), &viewer.author(), id, seat_id, response).await {
        Ok(()) => Ok(Redirect::to(&format!("/meetings/{id}#attendance")).into_response()),
        Err(foorumi_store::Error::Invalid(_)) => Err(PageError::new(&viewer, StatusCode::UNPROCESSABLE_ENTITY, "error-attendance")),
        Err(err) => Err(PageError::from_store(&viewer, err)),
    }
}
