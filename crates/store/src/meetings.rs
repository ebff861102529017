//! The year's plan: meetings generated from each forum's cadence, never overwriting a
//! meeting that was edited or has moved past "planned", and the views over a year of
//! meetings (who would sit in two meetings at once).

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use foorumi_core::permissions::{Action, Actor, Object, allowed};
use foorumi_core::plan::{self, Duty};
use foorumi_core::*;
use serde::Serialize;
use sqlx::Row;

use crate::audit::Author;
use crate::records::{self, create_in, delete_in, load};
use crate::views::RegionRegister;
use crate::{Error, Result, Store};

/// What regenerating a plan did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanOutcome {
    pub created: usize,
    pub removed: usize,
    /// Meetings left as they were: generated ones still on their date, and every meeting
    /// that was edited or is past "planned".
    pub kept: usize,
}

/// The slot a meeting fills in its forum's duties: the month, the year or the term.
fn slot(cadence: &Cadence, term: &TermInput, date: NaiveDate) -> Option<(i32, u32)> {
    match cadence.kind {
        CadenceKind::Monthly => Some((date.year(), date.month())),
        CadenceKind::Annual => Some((date.year(), 0)),
        CadenceKind::OncePerTerm => Some((term.start_date.year(), 13)),
        CadenceKind::AsNeeded => None,
    }
}

/// A forum's meetings in a year, joint meetings convened by another forum included: those
/// fill the forum's month as well as its own would.
pub(crate) async fn of_forum(conn: &mut sqlx::AnyConnection, forum_id: Id, year: i32) -> Result<Vec<Meeting>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT m.id FROM meetings m JOIN meeting_forums f ON f.meeting_id = m.id \
         WHERE f.forum_id = $1 AND substr(m.date, 1, 4) = $2 ORDER BY m.date, m.id",
    )
    .bind(forum_id)
    .bind(format!("{year:04}"))
    .fetch_all(&mut *conn)
    .await?;
    let mut meetings = Vec::with_capacity(ids.len());
    for id in ids {
        meetings.extend(load::<Meeting>(conn, id).await?);
    }
    Ok(meetings)
}

/// Generates (or regenerates) the year's planned meetings of the region's forums that
/// `actor` may edit (`only` narrows it to one forum), in one transaction. A generated
/// meeting still on a date the cadence gives stays; one no longer given is removed; a
/// missing one is created, unless an edited or later-stage meeting already fills its
/// month (or year, or term).
pub async fn generate_plan(
    store: &Store,
    actor: &Actor,
    author: &Author,
    region_id: Id,
    year: i32,
    only: Option<Id>,
) -> Result<PlanOutcome> {
    let mut tx = store.write().await?;
    let forums: Vec<Forum> = records::all(&mut tx, region_id).await?;
    let terms: Vec<CouncilTerm> = records::all(&mut tx, region_id).await?;
    let mut outcome = PlanOutcome::default();
    let mut any_allowed = false;
    for forum in forums.iter().filter(|f| only.is_none_or(|id| id == f.id)) {
        if !allowed(actor, Action::Create, Object::Meeting { region: region_id, forum: forum.id }) {
            continue;
        }
        any_allowed = true;
        let cadence = &forum.input.cadence;
        let (start_time, end_time) = cadence.hours();
        let existing = of_forum(&mut tx, forum.id, year).await?;
        for term in terms.iter().map(|t| &t.input) {
            let in_term = |m: &&Meeting| term.start_date <= m.input.date && m.input.date <= term.end_date;
            let dates = plan::cadence_dates(cadence, year, term);
            // Edited meetings (cancelled ones too) hold their month: a cancelled March
            // meeting is not planned again.
            let (generated, fixed): (Vec<&Meeting>, Vec<&Meeting>) =
                existing.iter().filter(in_term).partition(|m| m.input.generated && m.input.status == MeetingStatus::Planned);
            let mut taken: BTreeSet<_> = fixed.iter().filter_map(|m| slot(cadence, term, m.input.date)).collect();
            // A once-per-term meeting fills the whole term: one the secretary moved to, or
            // held in, another year of the term is not planned again in this one.
            if cadence.kind == CadenceKind::OncePerTerm && !dates.is_empty() {
                for other in (term.start_date.year()..=term.end_date.year()).filter(|y| *y != year) {
                    let elsewhere = of_forum(&mut tx, forum.id, other).await?;
                    let edited =
                        elsewhere.iter().filter(in_term).filter(|m| !(m.input.generated && m.input.status == MeetingStatus::Planned));
                    taken.extend(edited.filter_map(|m| slot(cadence, term, m.input.date)));
                }
            }
            outcome.kept += fixed.len();
            for meeting in &generated {
                let still_wanted =
                    dates.contains(&meeting.input.date) && slot(cadence, term, meeting.input.date).is_none_or(|s| !taken.contains(&s));
                if still_wanted {
                    outcome.kept += 1;
                } else {
                    delete_in::<Meeting>(&mut tx, actor, author, meeting.id, None).await?;
                    outcome.removed += 1;
                }
            }
            for date in dates {
                let filled =
                    generated.iter().any(|m| m.input.date == date) || slot(cadence, term, date).is_some_and(|s| taken.contains(&s));
                if filled {
                    continue;
                }
                let input = MeetingInput {
                    forum_ids: vec![forum.id],
                    date,
                    start_time,
                    end_time,
                    place: String::new(),
                    online_url: String::new(),
                    kind: MeetingKind::Meeting,
                    status: MeetingStatus::Planned,
                    cancel_reason: String::new(),
                    generated: true,
                };
                create_in::<Meeting>(&mut tx, actor, author, region_id, None, input).await?;
                outcome.created += 1;
            }
        }
    }
    if !any_allowed {
        return Err(Error::Forbidden);
    }
    tx.commit().await?;
    Ok(outcome)
}

/// Every meeting of a region in a year, in date order.
pub async fn meetings_of_year(store: &Store, region_id: Id, year: i32) -> Result<Vec<Meeting>> {
    every_meeting(store, region_id, &[("year".to_owned(), format!("{year:04}"))]).await
}

/// Every meeting of a forum, joint ones included, in date order.
pub async fn meetings_of_forum(store: &Store, region_id: Id, forum_id: Id) -> Result<Vec<Meeting>> {
    every_meeting(store, region_id, &[("forum_id".to_owned(), forum_id.to_string())]).await
}

async fn every_meeting(store: &Store, region_id: Id, filters: &[(String, String)]) -> Result<Vec<Meeting>> {
    let mut all = Vec::new();
    let mut page = records::Page { offset: 0, limit: 1000 };
    loop {
        let (items, total) = records::list::<Meeting>(store, Some(region_id), filters, page).await?;
        all.extend(items);
        if all.len() as i64 >= total {
            return Ok(all);
        }
        page.offset += page.limit;
    }
}

/// A meeting's number in its convening forum's year: "3/2026".
pub fn numbers(meetings: &[Meeting]) -> HashMap<Id, String> {
    let mut counters: HashMap<(Id, i32), usize> = HashMap::new();
    let mut result = HashMap::new();
    let mut ordered: Vec<&Meeting> = meetings.iter().filter(|m| m.input.status != MeetingStatus::Cancelled).collect();
    ordered.sort_by_key(|m| (m.input.date, m.input.start_time, m.id));
    for meeting in ordered {
        let Some(forum) = meeting.input.forum_ids.first() else { continue };
        let year = meeting.input.date.year();
        let n = counters.entry((*forum, year)).or_default();
        *n += 1;
        result.insert(meeting.id, format!("{n}/{year}"));
    }
    result
}

/// Two meetings at overlapping times that one person would sit in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clash {
    pub person: Person,
    pub first: Id,
    pub second: Id,
}

impl RegionRegister {
    /// The people who sit in a meeting: holders, on its date, of the seats of its forums.
    pub fn people_in(&self, meeting: &Meeting) -> BTreeSet<Id> {
        let date = meeting.input.date;
        self.seats
            .iter()
            .filter(|s| meeting.input.forum_ids.contains(&s.input.forum_id) && s.active_on(date))
            .filter_map(|s| match (s.input.post_id, s.input.person_id) {
                (Some(post), _) => self.holder_of(post, date).map(|p| p.id),
                (None, person) => person,
            })
            .collect()
    }

    /// Where one person would sit in two meetings at overlapping times.
    pub fn clashes(&self, meetings: &[Meeting]) -> Vec<Clash> {
        let live: Vec<&Meeting> = meetings.iter().filter(|m| m.input.status != MeetingStatus::Cancelled).collect();
        let slots: Vec<(Id, chrono::NaiveDateTime, chrono::NaiveDateTime)> = live.iter().map(|m| (m.id, m.starts(), m.ends())).collect();
        let people: HashMap<Id, BTreeSet<Id>> = live.iter().map(|m| (m.id, self.people_in(m))).collect();
        let mut clashes = Vec::new();
        for (first, second) in plan::overlapping(&slots) {
            for person in people[&first].intersection(&people[&second]) {
                if let Some(person) = self.person(*person) {
                    clashes.push(Clash { person: person.clone(), first, second });
                }
            }
        }
        clashes
    }

    /// A forum's duties for a year (R3.4), against its meetings that are not cancelled.
    pub fn duties(&self, forum: &Forum, meetings: &[Meeting], year: i32, today: NaiveDate) -> Vec<Duty> {
        let held: Vec<(NaiveDate, bool)> = meetings
            .iter()
            .filter(|m| m.input.forum_ids.contains(&forum.id) && m.input.status != MeetingStatus::Cancelled)
            .map(|m| (m.input.date, m.input.status == MeetingStatus::Held))
            .collect();
        self.terms
            .iter()
            .filter(|t| t.input.start_date.year() <= year && year <= t.input.end_date.year())
            .flat_map(|t| plan::duty_report(&forum.input.cadence, year, &t.input, today, &held))
            .collect()
    }
}

/// The years that have meetings in a region, for the plan's year links.
pub async fn years_with_meetings(store: &Store, region_id: Id) -> Result<Vec<i32>> {
    let rows = sqlx::query("SELECT DISTINCT substr(date, 1, 4) AS year FROM meetings WHERE region_id = $1 ORDER BY year")
        .bind(region_id)
        .fetch_all(store.pool())
        .await?;
    rows.iter().map(|r| Ok(r.try_get::<String, _>("year")?.parse().unwrap_or_default())).collect()
}

// ---- private calendar feeds ---------------------------------------------------------

/// Gives a person a new secret calendar address, replacing (revoking) any old one.
/// Returns the token; only its hash is kept.
pub async fn new_calendar_token(store: &Store, person_id: Id) -> Result<String> {
    let token = crate::accounts::random_token();
    let mut tx = store.pool().begin().await?;
    sqlx::query("DELETE FROM calendar_tokens WHERE person_id = $1").bind(person_id).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO calendar_tokens (token_hash, person_id, created_at) VALUES ($1, $2, $3)")
        .bind(crate::accounts::token_hash(&token))
        .bind(person_id)
        .bind(crate::now_text())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn revoke_calendar_token(store: &Store, person_id: Id) -> Result<()> {
    sqlx::query("DELETE FROM calendar_tokens WHERE person_id = $1").bind(person_id).execute(store.pool()).await?;
    Ok(())
}

/// When the person's current calendar address was made, if they have one.
pub async fn calendar_token_created(store: &Store, person_id: Id) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT created_at FROM calendar_tokens WHERE person_id = $1")
        .bind(person_id)
        .fetch_optional(store.pool())
        .await?)
}

/// The person behind a calendar address, if the address is current.
pub async fn person_by_calendar_token(store: &Store, token: &str) -> Result<Option<Person>> {
    let person_id: Option<i64> = sqlx::query_scalar("SELECT person_id FROM calendar_tokens WHERE token_hash = $1")
        .bind(crate::accounts::token_hash(token))
        .fetch_optional(store.pool())
        .await?;
    match person_id {
        Some(id) => Ok(Some(records::get::<Person>(store, id).await?)),
        None => Ok(None),
    }
}

// ---- planned attendance -------------------------------------------------------------

/// One seat's answer to one meeting, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub meeting_id: Id,
    pub seat_id: Id,
    pub response: Option<AttendanceResponse>,
}

/// Records a seat's answer to a meeting (`None` clears it). The seat must sit in one of
/// the meeting's forums on its date; "a deputy attends" needs a deputy seat then.
pub async fn set_attendance(
    store: &Store,
    actor: &Actor,
    author: &Author,
    meeting_id: Id,
    seat_id: Id,
    response: Option<AttendanceResponse>,
) -> Result<()> {
    let mut tx = store.write().await?;
    let meeting = load::<Meeting>(&mut tx, meeting_id).await?.ok_or(Error::NotFound)?;
    let seat = load::<Seat>(&mut tx, seat_id).await?.filter(|s| s.region_id == meeting.region_id).ok_or(Error::NotFound)?;
    let date = meeting.input.date;
    let register = crate::views::register_in(&mut tx, meeting.region_id).await?;
    let sitter = match (seat.input.post_id, seat.input.person_id) {
        (Some(post), _) => register.holder_of(post, date).map(|p| p.id),
        (None, person) => person,
    };
    let object = Object::Attendance { region: meeting.region_id, forum: seat.input.forum_id, sitter };
    if !allowed(actor, Action::Update, object) {
        return Err(Error::Forbidden);
    }
    let has_deputy = register.seats.iter().any(|s| s.input.deputy_of == Some(seat.id) && s.active_on(date));
    foorumi_core::rules::validate_attendance(&meeting, &seat, has_deputy, response)?;
    let before = attendance_in(&mut tx, meeting_id).await?.get(&seat_id).copied();
    if before == response {
        return Ok(());
    }
    sqlx::query("DELETE FROM attendance WHERE meeting_id = $1 AND seat_id = $2").bind(meeting_id).bind(seat_id).execute(&mut *tx).await?;
    if let Some(response) = response {
        sqlx::query("INSERT INTO attendance (meeting_id, seat_id, response, answered_at) VALUES ($1, $2, $3, $4)")
            .bind(meeting_id)
            .bind(seat_id)
            .bind(response.as_str())
            .bind(crate::now_text())
            .execute(&mut *tx)
            .await?;
    }
    let answer = |response| Answer { meeting_id, seat_id, response };
    crate::audit::record(
        &mut tx,
        author,
        crate::audit::Change {
            action: "update",
            entity: "attendance",
            entity_id: seat_id,
            region_id: Some(meeting.region_id),
            before: Some(&answer(before)),
            after: Some(&answer(response)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn attendance_in(conn: &mut sqlx::AnyConnection, meeting_id: Id) -> Result<HashMap<Id, AttendanceResponse>> {
    let rows = sqlx::query("SELECT seat_id, response FROM attendance WHERE meeting_id = $1").bind(meeting_id).fetch_all(&mut *conn).await?;
    let mut answers = HashMap::new();
    for row in rows {
        let response: String = row.try_get("response")?;
        if let Some(response) = AttendanceResponse::parse(&response) {
            answers.insert(row.try_get("seat_id")?, response);
        }
    }
    Ok(answers)
}

/// Every seat's answer to a meeting.
pub async fn attendance(store: &Store, meeting_id: Id) -> Result<HashMap<Id, AttendanceResponse>> {
    let mut conn = store.pool().acquire().await?;
    attendance_in(&mut conn, meeting_id).await
}
