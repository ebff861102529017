//! The record of a meeting in the browser: the secretary writes each item's record
//! during the meeting, members following the page see it update live (server-sent
//! events; the page works without them), attendance, the checkers' approvals, a memo
//! approved at the next meeting, corrections and the checked versions.

use std::collections::HashMap;
use std::convert::Infallible;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::rules;
use foorumi_core::*;
use foorumi_render::markdown;
use foorumi_store::minutes::{self};
use foorumi_store::records;
use foorumi_store::views::RegionRegister;
use foorumi_store::{agendas, meetings};
use serde::Deserialize;

use super::agenda::{marking_text, meeting_title, timestamp_text};
use super::edit::checked_form;
use super::{Chrome, FormData, PageError, PagePath, PageResult, date_text, error_text, render, to_login};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};
use crate::live::RecordUpdate;
use crate::uploads::{self, UploadFailure};

fn person_name(register: &RegionRegister, id: Option<Id>) -> String {
    id.and_then(|id| register.person(id)).map(|p| p.input.name.clone()).unwrap_or_default()
}

fn time_text(time: Option<chrono::NaiveTime>) -> String {
    time.map(|t| t.format("%-H.%M").to_string()).unwrap_or_default()
}

// ---- one item's record, as the page and the live followers show it -------------------

#[derive(Template)]
#[template(path = "minutes_record.html")]
struct RecordFragment {
    empty: bool,
    discussion: String,
    outcome: String,
    outcome_text: String,
    disqualifications: Vec<String>,
    /// (motion, result, each member's ballot)
    votes: Vec<(String, String, Vec<String>)>,
    /// (dissenter and reasons, address of the written reasons file, its name)
    dissents: Vec<(String, String, String)>,
    actions: Vec<String>,
    appeal: String,
    /// "Checked at the meeting 10.3.2026 10.15" (R2.10).
    checked_note: String,
    t_not_recorded: String,
    t_reasons_file: String,
    t_discussion: String,
    t_disqualifications: String,
    t_vote: String,
    t_outcome: String,
    t_dissents: String,
    t_actions: String,
}

/// Everything recorded of one item, for `fragment`.
struct ItemParts<'a> {
    record: Option<&'a ItemRecord>,
    disqualifications: Vec<&'a Disqualification>,
    votes: Vec<&'a Vote>,
    dissents: Vec<&'a Dissent>,
    actions: Vec<&'a ActionItem>,
}

impl ItemParts<'_> {
    /// Who may not read this item (R2.6), as the store derived it for each part.
    fn withheld_from(&self) -> &[Id] {
        self.disqualifications.first().map_or(&[], |d| d.withheld_from.as_slice())
    }
}

fn parts_of(full: &FullRecord, item_id: Id) -> ItemParts<'_> {
    ItemParts {
        record: full.records.iter().find(|r| r.input.item_id == item_id),
        disqualifications: full.disqualifications.iter().filter(|d| d.input.item_id == item_id).collect(),
        votes: full.votes.iter().filter(|v| v.input.item_id == item_id).collect(),
        dissents: full.dissents.iter().filter(|d| d.input.item_id == item_id).collect(),
        actions: full.actions.iter().filter(|a| a.input.item_id == item_id).collect(),
    }
}

fn fragment(lang: Lang, register: &RegionRegister, parts: &ItemParts) -> String {
    let disqualifications = parts
        .disqualifications
        .iter()
        .map(|d| {
            let times = match (d.input.left_at, d.input.returned_at) {
                (Some(left), Some(back)) => {
                    format!(" ({} {}–{})", t(lang, "minutes-absent-from"), time_text(Some(left)), time_text(Some(back)))
                }
                _ => String::new(),
            };
            format!("{}: {}{times}", person_name(register, Some(d.input.person_id)), t(lang, &format!("ground-{}", d.input.ground)))
        })
        .collect();
    let votes = parts
        .votes
        .iter()
        .map(|v| {
            let result = rules::vote_result(&v.input);
            let motion = t_args(lang, "minutes-vote-motion", &[("yes", v.input.yes_proposal.clone()), ("no", v.input.no_proposal.clone())]);
            let winner = match result.winner {
                rules::VoteWinner::Yes => &v.input.yes_proposal,
                rules::VoteWinner::No => &v.input.no_proposal,
            };
            let mut outcome = t_args(
                lang,
                "minutes-vote-result",
                &[
                    ("yes", result.yes.to_string()),
                    ("no", result.no.to_string()),
                    ("blank", result.blank.to_string()),
                    ("absent", result.absent.to_string()),
                    ("winner", winner.clone()),
                ],
            );
            if result.tie_broken_by_chair {
                outcome = format!("{outcome} {}", t(lang, "minutes-vote-chair"));
            }
            let ballots = v
                .input
                .ballots
                .iter()
                .map(|b| format!("{}: {}", person_name(register, Some(b.person_id)), t(lang, &format!("ballot-{}", b.ballot))))
                .collect();
            (motion, outcome, ballots)
        })
        .collect();
    let dissents = parts
        .dissents
        .iter()
        .map(|d| {
            let name = person_name(register, Some(d.input.person_id));
            let text = if d.input.reasons.is_empty() { name } else { format!("{name}: {}", d.input.reasons) };
            let (href, file) = match &d.reasons_file {
                Some(file) => (format!("/dissents/{}/reasons-file", d.id), file.name.clone()),
                None => (String::new(), String::new()),
            };
            (text, href, file)
        })
        .collect();
    let actions = parts
        .actions
        .iter()
        .map(|a| {
            let owner = a.input.owner_party_id.and_then(|p| register.party(p)).map(|p| p.input.name.get(lang).to_owned());
            let owner = owner.or_else(|| a.input.owner_person_id.map(|p| person_name(register, Some(p)))).unwrap_or_default();
            let due = a.input.due_date.map(|d| format!(", {} {}", t(lang, "field-due-date"), date_text(d))).unwrap_or_default();
            format!("{} ({owner}{due}) – {}", a.input.title, t(lang, &format!("action-status-{}", a.input.status)))
        })
        .collect();
    let record = parts.record;
    let page = RecordFragment {
        empty: record.is_none_or(|r| r.input.discussion.is_empty() && r.input.outcome.is_none() && r.input.outcome_text.is_empty()),
        discussion: record.map(|r| markdown::to_html(&r.input.discussion)).unwrap_or_default(),
        outcome: record.and_then(|r| r.input.outcome).map(|o| t(lang, &format!("outcome-{o}"))).unwrap_or_default(),
        outcome_text: record.map(|r| markdown::to_html(&r.input.outcome_text)).unwrap_or_default(),
        appeal: record
            .and_then(|r| {
                r.input
                    .appeal
                    .map(|a| format!("{}: {}, {}", t(lang, "field-appeal"), t(lang, &format!("appeal-{a}")), r.input.appeal_basis))
            })
            .unwrap_or_default(),
        checked_note: record
            .and_then(|r| r.checked_at_meeting.as_deref())
            .map(|at| t_args(lang, "minutes-checked-at-meeting", &[("at", timestamp_text(at))]))
            .unwrap_or_default(),
        disqualifications,
        votes,
        dissents,
        actions,
        t_not_recorded: t(lang, "minutes-not-recorded"),
        t_reasons_file: t(lang, "minutes-reasons-file"),
        t_discussion: t(lang, "field-discussion"),
        t_disqualifications: t(lang, "minutes-disqualifications"),
        t_vote: t(lang, "minutes-vote"),
        t_outcome: t(lang, "field-outcome"),
        t_dissents: t(lang, "minutes-dissents"),
        t_actions: t(lang, "minutes-actions"),
    };
    page.render().unwrap_or_default()
}

// ---- the page -----------------------------------------------------------------------

struct StartForm {
    people: Vec<(String, String)>,
    members: Vec<(String, String)>,
    chair: String,
    secretary: String,
    checkers_used: bool,
}

struct RecordForm {
    version: i64,
    discussion: String,
    outcome: String,
    outcome_text: String,
    appeal: String,
    appeal_basis: String,
    /// The record someone else saved meanwhile, when this form's save was refused.
    theirs: String,
    open: bool,
}

struct ItemView {
    id: Id,
    number: String,
    title: String,
    marking: String,
    proposal: String,
    fragment: String,
    /// The viewer is disqualified in this non-public item.
    withheld: bool,
    form: Option<RecordForm>,
    /// (record id, version) when the secretary may record that the body checked the item
    /// at the meeting (R2.10).
    check_now: Option<(Id, i64)>,
    /// The dissents whose written reasons the viewer may still give (R2.8).
    reasons_forms: Vec<ReasonsForm>,
    /// The parties notified of a formal body's decision (R2.12), for the record keepers.
    notifications: Option<Vec<NotificationView>>,
    /// The situational-picture snapshots the item established, as (address, title).
    snapshots: Vec<(String, String)>,
}

struct ReasonsForm {
    dissent_id: Id,
    name: String,
    reasons: String,
}

struct NotificationView {
    id: Id,
    recipient: String,
    method: String,
    sent_on: String,
    received_on: String,
    deadline: String,
}

#[derive(Template)]
#[template(path = "minutes.html")]
struct MinutesPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    meeting_id: Id,
    meeting_title: String,
    start: Option<StartForm>,
    started: bool,
    editor: bool,
    writable: bool,
    minutes_id: Id,
    minutes_version: i64,
    facts: Vec<(String, String)>,
    presences: Vec<(String, String, String, String)>,
    quorum: String,
    quorum_met: bool,
    items: Vec<ItemView>,
    outcome_options: Vec<(String, String)>,
    /// A formal body, which votes (R2.7) and gives appeal instructions (R2.11).
    formal: bool,
    appeal_options: Vec<(String, String)>,
    checkers: Vec<(String, String, String)>,
    correction_reason: String,
    can_send: bool,
    can_approve: bool,
    later_meetings: Vec<(String, String)>,
    can_correct: bool,
    versions: Vec<(i64, String, String)>,
    live_url: String,
    errors: Vec<String>,
    error_heading: String,
    notice: String,
}

#[derive(Deserialize, Default)]
pub struct MinutesQuery {
    done: Option<String>,
}

/// What a refused save brings back to the page.
#[derive(Default)]
struct Refusal {
    errors: Vec<String>,
    /// The item whose form comes back, with what the user wrote.
    item: Option<(Id, FormData)>,
    /// The current version of that item's record, when the save was stale.
    stale: bool,
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(id): PagePath<Id>,
    Query(query): Query<MinutesQuery>,
) -> PageResult {
    minutes_page(&state, &viewer, id, &query, Refusal::default(), StatusCode::OK).await
}

async fn minutes_page(
    state: &AppState,
    viewer: &Viewer,
    meeting_id: Id,
    query: &MinutesQuery,
    refusal: Refusal,
    status: StatusCode,
) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(viewer, e);
    let meeting: Meeting = records::get(&state.store, meeting_id).await.map_err(store_err)?;
    let forum_id = meeting.input.forum_ids.first().copied().unwrap_or(0);
    let actor = viewer.actor();
    let object = Object::AgendaItem { region: meeting.region_id, forum: forum_id };
    if !allowed(&actor, Action::View, object) {
        return if viewer.signed_in() {
            Err(PageError::new(viewer, StatusCode::FORBIDDEN, "error-page-forbidden"))
        } else {
            Ok(to_login(viewer))
        };
    }
    let editor = allowed(&actor, Action::Update, object);
    let register = state.register(meeting.region_id).await.map_err(store_err)?;
    let forum = register.forum(forum_id);
    let full = minutes::record_of(&state.store, meeting_id).await.map_err(store_err)?;
    let items = agendas::items_of(&state.store, meeting_id).await.map_err(store_err)?;
    let numbers = agendas::numbers(&state.store, &meeting).await.map_err(store_err)?;
    let title = meeting_title(state, viewer, &register, &meeting).await?;
    let kind = forum.map_or(RecordKind::Memo, |f| rules::record_kind_for(f.input.legal_type));
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c = Chrome::new(viewer, format!("{}: {title}", t(lang, &format!("record-kind-{kind}"))))
        .with_region(&register.region.input.code, &region_name);
    c.noindex = true;
    if !refusal.errors.is_empty() {
        c.title = format!("{} – {}", t(lang, "form-has-errors"), c.title);
    }
    let people: Vec<(String, String)> = {
        let mut list: Vec<(String, String)> = register.people.iter().map(|p| (p.id.to_string(), p.input.name.clone())).collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    };
    let seats = minutes::seats_of(&state.store, &meeting).await.map_err(store_err)?;
    let mut page = MinutesPage {
        c,
        region_code: register.region.input.code.clone(),
        region_name,
        meeting_id,
        meeting_title: title,
        start: None,
        started: full.is_some(),
        editor,
        writable: false,
        minutes_id: 0,
        minutes_version: 0,
        facts: Vec::new(),
        presences: Vec::new(),
        quorum: String::new(),
        quorum_met: true,
        items: Vec::new(),
        outcome_options: Outcome::ALL
            .iter()
            .filter(|o| forum.is_some_and(|f| f.input.legal_type == LegalType::FormalBody) || !o.is_decision())
            .map(|o| (o.as_str().to_owned(), t(lang, &format!("outcome-{o}"))))
            .collect(),
        formal: forum.is_some_and(|f| f.input.legal_type == LegalType::FormalBody),
        appeal_options: Appeal::ALL.iter().map(|a| (a.as_str().to_owned(), t(lang, &format!("appeal-{a}")))).collect(),
        checkers: Vec::new(),
        correction_reason: String::new(),
        can_send: false,
        can_approve: false,
        later_meetings: Vec::new(),
        can_correct: false,
        versions: Vec::new(),
        live_url: format!("/meetings/{meeting_id}/minutes/live"),
        error_heading: t(lang, "minutes-errors"),
        errors: refusal.errors,
        notice: query
            .done
            .as_deref()
            .map(|done| t(lang, &format!("minutes-notice-{done}")))
            .filter(|_| query.done.as_deref().is_some_and(|d| NOTICES.contains(&d)))
            .unwrap_or_default(),
    };
    let Some(full) = full else {
        if editor && meeting.input.status != MeetingStatus::Cancelled {
            let chair = seats.iter().find(|(s, _)| s.input.role == SeatRole::Chair).and_then(|(_, p)| *p);
            let secretary = register
                .seats
                .iter()
                .find(|s| s.input.forum_id == forum_id && s.input.role == SeatRole::Secretary && s.active_on(meeting.input.date))
                .and_then(|s| s.input.person_id)
                .or(actor.person_id);
            page.start = Some(StartForm {
                people,
                members: seats.iter().filter_map(|(_, p)| *p).map(|p| (p.to_string(), person_name(&register, Some(p)))).collect(),
                chair: chair.map(|p| p.to_string()).unwrap_or_default(),
                secretary: secretary.map(|p| p.to_string()).unwrap_or_default(),
                checkers_used: forum.is_none_or(|f| f.input.minutes_approval == MinutesApproval::Checkers),
            });
        }
        page.live_url.clear();
        return Ok((status, render(&page)).into_response());
    };
    let m = &full.minutes;
    let writable = editor && matches!(m.status, MinutesStatus::Draft | MinutesStatus::Checking);
    page.writable = writable;
    page.minutes_id = m.id;
    page.minutes_version = m.version;
    page.facts = vec![
        (t(lang, "field-record-kind"), t(lang, &format!("record-kind-{}", m.kind))),
        (t(lang, "field-status"), t(lang, &format!("minutes-status-{}", m.status))),
        (t(lang, "field-chair"), person_name(&register, m.input.chair_id)),
        (t(lang, "field-secretary"), person_name(&register, m.input.secretary_id)),
        (t(lang, "field-opened-at"), time_text(m.input.opened_at)),
        (t(lang, "field-closed-at"), time_text(m.input.closed_at)),
        (t(lang, "field-minutes-approval"), t(lang, &format!("minutes-approval-{}", m.approval))),
    ];
    page.presences = seats
        .iter()
        .map(|(seat, sitter)| {
            let presence = full.presences.iter().find(|p| p.input.seat_id == seat.id);
            let text = match presence {
                None => t(lang, "minutes-presence-unknown"),
                Some(p) => {
                    let mut text = t(lang, &format!("presence-{}", p.input.presence));
                    if let Some(deputy) = p.input.deputy_id {
                        text = format!("{text}: {}", person_name(&register, Some(deputy)));
                    }
                    if let Some(v) = p.input.verification {
                        text = format!("{text} ({})", t(lang, &format!("verification-{v}")));
                    }
                    text
                }
            };
            let party = register.party(seat.input.party_id).map(|p| p.input.name.get(lang).to_owned()).unwrap_or_default();
            (person_name(&register, *sitter), party, t(lang, &format!("role-{}", seat.input.role)), text)
        })
        .collect();
    if let Some(quorums) = minutes::quorums(&state.store, meeting_id).await.map_err(store_err)? {
        let whole = rules::Quorum::new(seats.len(), full.presences.iter().filter(|p| rules::counts_as_present(p.input.presence)).count());
        page.quorum_met = whole.met();
        page.quorum = t_args(
            lang,
            if whole.met() { "minutes-quorum-met" } else { "minutes-quorum-not-met" },
            &[("present", whole.present.to_string()), ("members", whole.members.to_string()), ("required", whole.required.to_string())],
        );
        let lost: Vec<String> = quorums
            .iter()
            .filter(|(_, q)| !q.met() && whole.met())
            .filter_map(|(item, _)| numbers.get(item))
            .map(|n| format!("{n} §"))
            .collect();
        if !lost.is_empty() {
            page.quorum = format!("{} {}", page.quorum, t_args(lang, "minutes-quorum-lost", &[("items", lost.join(", "))]));
        }
    }
    let open_record = matches!(m.status, MinutesStatus::Draft | MinutesStatus::Checking);
    let notifications: Vec<PartyNotification> = if editor && page.formal {
        records::list::<PartyNotification>(
            &state.store,
            Some(meeting.region_id),
            &[("meeting_id".into(), meeting_id.to_string())],
            records::Page { limit: 10_000, ..records::Page::default() },
        )
        .await
        .map_err(store_err)?
        .0
    } else {
        Vec::new()
    };
    let mut established = HashMap::new();
    for item in &items {
        let list = foorumi_store::snapshots::established_by_item(&state.store, item.id).await.map_err(store_err)?;
        let code = &register.region.input.code;
        established.insert(item.id, list.into_iter().map(|s| (format!("/regions/{code}/picture/snapshots/{}", s.id), s.title)).collect());
    }
    let (refused_item, refused_form) = match refusal.item {
        Some((id, form)) => (Some(id), Some(form)),
        None => (None, None),
    };
    page.items = items
        .iter()
        .map(|item| {
            let parts = parts_of(&full, item.id);
            // A disqualified person does not open the item's non-public material (R2.6).
            if actor.person_id.is_some_and(|p| parts.withheld_from().contains(&p)) {
                return ItemView {
                    id: item.id,
                    number: numbers.get(&item.id).map(|n| format!("{n} §")).unwrap_or_default(),
                    title: if item.input.public_title.is_empty() { item.input.title.clone() } else { item.input.public_title.clone() },
                    marking: String::new(),
                    proposal: String::new(),
                    fragment: String::new(),
                    withheld: true,
                    form: None,
                    check_now: None,
                    reasons_forms: Vec::new(),
                    notifications: None,
                    snapshots: Vec::new(),
                };
            }
            let record = parts.record;
            let final_item = record.is_some_and(|r| r.checked_at_meeting.is_some());
            let check_now = record.filter(|r| writable && !final_item && r.input.outcome.is_some()).map(|r| (r.id, r.version));
            let reasons_forms = parts
                .dissents
                .iter()
                .filter(|d| open_record && (editor || actor.person_id == Some(d.input.person_id)))
                .map(|d| ReasonsForm {
                    dissent_id: d.id,
                    name: person_name(&register, Some(d.input.person_id)),
                    reasons: d.input.reasons.clone(),
                })
                .collect();
            let notifications = (editor && page.formal).then(|| {
                notifications
                    .iter()
                    .filter(|n| n.input.item_id == item.id)
                    .map(|n| NotificationView {
                        id: n.id,
                        recipient: n.input.recipient.clone(),
                        method: t(lang, &format!("notification-method-{}", n.input.method)),
                        sent_on: date_text(n.input.sent_on),
                        received_on: n.received_on.map(date_text).unwrap_or_default(),
                        deadline: n.deadline.map(date_text).unwrap_or_else(|| t(lang, "notification-no-deadline")),
                    })
                    .collect()
            });
            let form = (writable && !final_item).then(|| {
                let saved = RecordForm {
                    version: record.map_or(0, |r| r.version),
                    discussion: record.map(|r| r.input.discussion.clone()).unwrap_or_default(),
                    outcome: record.and_then(|r| r.input.outcome).map(|o| o.as_str().to_owned()).unwrap_or_default(),
                    outcome_text: record.map(|r| r.input.outcome_text.clone()).unwrap_or_default(),
                    appeal: record.and_then(|r| r.input.appeal).map(|a| a.as_str().to_owned()).unwrap_or_default(),
                    appeal_basis: record.map(|r| r.input.appeal_basis.clone()).unwrap_or_default(),
                    theirs: String::new(),
                    open: false,
                };
                match (&refused_form, refused_item == Some(item.id)) {
                    // The user's own text stays in the form; a stale save shows what
                    // the other person saved beside it, and saving again keeps the merge.
                    (Some(form), true) => RecordForm {
                        version: saved.version,
                        discussion: form.text("discussion"),
                        outcome: form.text("outcome"),
                        outcome_text: form.text("outcome_text"),
                        appeal: form.text("appeal"),
                        appeal_basis: form.text("appeal_basis"),
                        theirs: if refusal.stale { fragment(lang, &register, &parts) } else { String::new() },
                        open: true,
                    },
                    _ => saved,
                }
            });
            ItemView {
                id: item.id,
                number: numbers.get(&item.id).map(|n| format!("{n} §")).unwrap_or_default(),
                title: item.input.title.clone(),
                marking: match item.input.publicity {
                    Publicity::Secret => item
                        .input
                        .legal_basis_id
                        .and_then(|b| register.legal_bases.iter().find(|l| l.id == b))
                        .map(|b| marking_text(lang, &b.input.code))
                        .unwrap_or_default(),
                    _ => String::new(),
                },
                proposal: markdown::to_html(&item.input.proposal),
                fragment: fragment(lang, &register, &parts),
                withheld: false,
                form,
                check_now,
                reasons_forms,
                notifications,
                snapshots: established.remove(&item.id).unwrap_or_default(),
            }
        })
        .collect();
    page.checkers = full
        .checkers
        .iter()
        .map(|ch| {
            let state = match &ch.approved_at {
                Some(at) => format!("{} {}", t(lang, "minutes-approved-at"), timestamp_text(at)),
                None => t(lang, "minutes-not-approved"),
            };
            (person_name(&register, Some(ch.person_id)), state, ch.comment.clone())
        })
        .collect();
    page.correction_reason = if m.status == MinutesStatus::Draft { m.correction_reason.clone() } else { String::new() };
    page.can_send = editor && m.status == MinutesStatus::Draft && m.approval == MinutesApproval::Checkers;
    page.can_approve = m.status == MinutesStatus::Checking
        && actor.person_id.is_some_and(|p| full.checkers.iter().any(|ch| ch.person_id == p && ch.approved_at.is_none()));
    if editor && m.status == MinutesStatus::Draft && m.approval == MinutesApproval::NextMeeting {
        let later = meetings::meetings_of_forum(&state.store, meeting.region_id, forum_id).await.map_err(store_err)?;
        // Only a meeting that has begun can have approved the memo (as the store checks).
        let now = foorumi_store::now_in_finland();
        page.later_meetings = later
            .iter()
            .filter(|l| l.starts() > meeting.starts() && l.starts() <= now && l.input.status != MeetingStatus::Cancelled)
            .map(|l| (l.id.to_string(), date_text(l.input.date)))
            .collect();
    }
    page.can_correct = editor && matches!(m.status, MinutesStatus::Checked | MinutesStatus::Published);
    page.versions = minutes::versions(&state.store, m.id)
        .await
        .map_err(store_err)?
        .into_iter()
        .map(|v| (v.number, timestamp_text(&v.checked_at), v.reason))
        .collect();
    Ok((status, render(&page)).into_response())
}

/// The notices a `?done=` may ask for.
const NOTICES: &[&str] =
    &["started", "saved", "sent", "approved", "commented", "checked", "correcting", "attendance", "item-checked", "reasons"];

fn back_to(meeting_id: Id, done: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/meetings/{meeting_id}/minutes?done={done}{anchor}")).into_response()
}

/// Field errors as sentences; anything else as an error page.
fn refusal_texts(viewer: &Viewer, err: foorumi_store::Error) -> Result<Vec<String>, PageError> {
    match err {
        foorumi_store::Error::Invalid(list) => Ok(list.iter().map(|e| error_text(viewer.lang, e)).collect()),
        other => Err(PageError::from_store(viewer, other)),
    }
}

pub async fn start(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let meeting: Meeting = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let mut errors = Vec::new();
    let input = MinutesInput {
        meeting_id: id,
        chair_id: form.id("chair_id", &mut errors),
        secretary_id: form.id("secretary_id", &mut errors),
        checker_ids: form.0.iter().filter(|(k, _)| k == "checker_id").filter_map(|(_, v)| v.parse().ok()).collect(),
        opened_at: None,
        closed_at: None,
    };
    let result = if errors.is_empty() {
        minutes::start(&state.store, &viewer.actor(), &viewer.author(), meeting.region_id, input).await.map(|_| ())
    } else {
        Err(foorumi_store::Error::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(back_to(id, "started", "")),
        Err(err) => {
            let refusal = Refusal { errors: refusal_texts(&viewer, err)?, ..Refusal::default() };
            minutes_page(&state, &viewer, id, &MinutesQuery::default(), refusal, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Saves one item's record from its form; a save that started from an older version is
/// refused and the page shows both versions.
pub async fn save_record(State(state): State<AppState>, viewer: Viewer, PagePath(item_id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let item: AgendaItem = records::get(&state.store, item_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let meeting_id = item.input.meeting_id;
    let version: i64 = form.get("version").parse().unwrap_or(0);
    let outcome = match form.get("outcome") {
        "" => None,
        text => Outcome::parse(text),
    };
    let input = ItemRecordInput {
        item_id,
        discussion: form.text("discussion"),
        outcome,
        outcome_text: form.text("outcome_text"),
        appeal: Appeal::parse(form.get("appeal")),
        appeal_basis: form.text("appeal_basis"),
    };
    let (actor, author) = (viewer.actor(), viewer.author());
    let result = if version == 0 {
        records::create::<ItemRecord>(&state.store, &actor, &author, item.region_id, input).await
    } else {
        let (existing, _) = records::list::<ItemRecord>(
            &state.store,
            Some(item.region_id),
            &[("item_id".into(), item_id.to_string())],
            records::Page::default(),
        )
        .await
        .map_err(|e| PageError::from_store(&viewer, e))?;
        match existing.first() {
            Some(record) => records::update::<ItemRecord>(&state.store, &actor, &author, record.id, version, input).await,
            None => Err(foorumi_store::Error::NotFound),
        }
    };
    match result {
        Ok(_) => {
            announce(&state, meeting_id, item_id).await;
            Ok(back_to(meeting_id, "saved", &format!("#item-{item_id}")))
        }
        Err(err) => {
            // A new record someone else created first is stale too.
            let stale = matches!(err, foorumi_store::Error::Stale { .. })
                || (version == 0
                    && matches!(&err, foorumi_store::Error::Invalid(list) if list.iter().any(|e| e.code == "error-item-record-exists")));
            let errors = if stale { vec![t(viewer.lang, "minutes-conflict")] } else { refusal_texts(&viewer, err)? };
            let refusal = Refusal { errors, item: Some((item_id, form)), stale };
            minutes_page(&state, &viewer, meeting_id, &MinutesQuery::default(), refusal, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// Sends an item's record as it now stands to everyone following the meeting.
pub(crate) async fn announce(state: &AppState, meeting_id: Id, item_id: Id) {
    let Ok(meeting) = records::get::<Meeting>(&state.store, meeting_id).await else { return };
    let Ok(Some(full)) = minutes::record_of(&state.store, meeting_id).await else { return };
    let Ok(register) = state.register(full.minutes.region_id).await else { return };
    let Ok(numbers) = agendas::numbers(&state.store, &meeting).await else { return };
    let Some(item) = full.items.iter().find(|i| i.id == item_id) else { return };
    let number = numbers.get(&item.id).map(|n| format!("{n} §")).unwrap_or_else(|| item.input.title.clone());
    let parts = parts_of(&full, item_id);
    let version = parts.record.map_or(0, |r| r.version);
    let in_lang = |lang| (t_args(lang, "minutes-live-updated", &[("item", number.clone())]), fragment(lang, &register, &parts));
    let withheld_from = parts.withheld_from().to_vec();
    let update =
        RecordUpdate { item: item_id, version, withheld_from, fi: in_lang(Lang::Fi), sv: in_lang(Lang::Sv), en: in_lang(Lang::En) };
    state.live.send(meeting_id, update);
}

/// The live stream of a meeting's record: one `record` event per saved item record.
pub async fn live(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let meeting: Meeting = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let forum_id = meeting.input.forum_ids.first().copied().unwrap_or(0);
    if !allowed(&viewer.actor(), Action::View, Object::AgendaItem { region: meeting.region_id, forum: forum_id }) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-page-forbidden"));
    }
    let lang = viewer.lang;
    let person = viewer.actor().person_id;
    let receiver = state.live.follow(id);
    let stream = futures_util::stream::unfold(receiver, move |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(update) if person.is_some_and(|p| update.withheld_from.contains(&p)) => continue,
                Ok(update) => {
                    let (announcement, html) = update.in_lang(lang);
                    let data =
                        serde_json::json!({ "item": update.item, "version": update.version, "announcement": announcement, "html": html });
                    let event = Event::default().event("record").data(data.to_string());
                    return Some((Ok::<_, Infallible>(event), receiver));
                }
                // A follower that fell behind gets the updates still in the channel.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response())
}

// ---- the workflow -------------------------------------------------------------------

async fn step_result(
    state: &AppState,
    viewer: &Viewer,
    minutes_id: Id,
    done: &str,
    result: Result<Minutes, foorumi_store::Error>,
) -> PageResult {
    match result {
        Ok(after) => {
            let done = if after.status == MinutesStatus::Checked && done == "approved" { "checked" } else { done };
            Ok(back_to(after.input.meeting_id, done, "#checking"))
        }
        Err(err) => {
            let minutes: Minutes = records::get(&state.store, minutes_id).await.map_err(|e| PageError::from_store(viewer, e))?;
            let refusal = Refusal { errors: refusal_texts(viewer, err)?, ..Refusal::default() };
            minutes_page(state, viewer, minutes.input.meeting_id, &MinutesQuery::default(), refusal, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

fn form_version(form: &FormData) -> i64 {
    form.get("version").parse().unwrap_or(-1)
}

pub async fn send(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let result =
        crate::mail::send_to_checkers(&state.store, &state.config, &viewer.actor(), &viewer.author(), id, form_version(&form)).await;
    step_result(&state, &viewer, id, "sent", result).await
}

/// Records that the body checked one item at the meeting itself (R2.10).
pub async fn check_at_meeting(State(state): State<AppState>, viewer: Viewer, PagePath(record_id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let record: ItemRecord = records::get(&state.store, record_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    match minutes::check_item_at_meeting(&state.store, &viewer.actor(), &viewer.author(), record_id, form_version(&form)).await {
        Ok(after) => {
            announce(&state, after.meeting_id, after.input.item_id).await;
            Ok(back_to(after.meeting_id, "item-checked", &format!("#item-{}", after.input.item_id)))
        }
        Err(err) => {
            let refusal = Refusal { errors: refusal_texts(&viewer, err)?, ..Refusal::default() };
            minutes_page(&state, &viewer, record.meeting_id, &MinutesQuery::default(), refusal, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// A dissenter's written reasons, as text and an optional file (R2.8).
pub async fn submit_reasons(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(dissent_id): PagePath<Id>,
    multipart: Multipart,
) -> PageResult {
    let lang = viewer.lang;
    let dissent: Dissent = records::get(&state.store, dissent_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let own = viewer.actor().person_id == Some(dissent.input.person_id);
    let editor = allowed(&viewer.actor(), Action::Update, Object::AgendaItem { region: dissent.region_id, forum: dissent.forum_id });
    // Refused before anything is read or stored.
    if !own && !editor {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-page-forbidden"));
    }
    let posted = uploads::read_form(multipart, state.config.attachment_max_bytes).await;
    if !viewer.csrf_ok(posted.fields.get("csrf").map(String::as_str)) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-csrf"));
    }
    let item: AgendaItem = records::get(&state.store, dissent.input.item_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let refused = |errors: Vec<String>| Refusal { errors, ..Refusal::default() };
    let query = MinutesQuery::default();
    let page_with =
        |errors| minutes_page(&state, &viewer, item.input.meeting_id, &query, refused(errors), StatusCode::UNPROCESSABLE_ENTITY);
    if posted.too_large {
        let max = state.config.attachment_max_bytes;
        return page_with(vec![uploads::refusal_text(lang, &foorumi_files::UploadError::TooLarge { size: max + 1, max })]).await;
    }
    let file = match posted.file {
        Some((name, bytes)) => match uploads::store_file(&state, &name, bytes).await {
            Ok(stored) => Some(stored),
            Err(UploadFailure::Refused(e)) => return page_with(vec![uploads::refusal_text(lang, &e)]).await,
            Err(UploadFailure::Store(e)) => return Err(PageError::from_store(&viewer, e)),
            Err(UploadFailure::Unavailable) => {
                return Err(PageError::new(&viewer, StatusCode::SERVICE_UNAVAILABLE, "error-attachments-unavailable"));
            }
        },
        None => None,
    };
    let reasons = posted.fields.get("reasons").map(String::as_str);
    match minutes::submit_reasons(&state.store, &viewer.actor(), &viewer.author(), dissent_id, reasons, file).await {
        Ok(_) => {
            announce(&state, item.input.meeting_id, item.id).await;
            Ok(back_to(item.input.meeting_id, "reasons", &format!("#item-{}", item.id)))
        }
        Err(err) => page_with(refusal_texts(&viewer, err)?).await,
    }
}

/// A dissenter's written reasons file: for those who may read the item's record.
pub async fn reasons_file(State(state): State<AppState>, viewer: Viewer, PagePath(dissent_id): PagePath<Id>) -> PageResult {
    let store_err = |e| PageError::from_store(&viewer, e);
    let dissent: Dissent = records::get(&state.store, dissent_id).await.map_err(store_err)?;
    let readable = allowed(&viewer.actor(), Action::View, Object::AgendaItem { region: dissent.region_id, forum: dissent.forum_id })
        && !viewer.actor().person_id.is_some_and(|p| dissent.withheld_from.contains(&p));
    let file = dissent.reasons_file.as_ref().filter(|_| readable).ok_or_else(|| PageError::not_found(&viewer))?;
    let Some(blobs) = state.config.attachments.as_ref() else {
        return Err(PageError::new(&viewer, StatusCode::SERVICE_UNAVAILABLE, "error-attachments-unavailable"));
    };
    let bytes = blobs.get(&file.sha256).await.map_err(|e| {
        tracing::error!(err = %e, "reasons file read failed");
        PageError::new(&viewer, StatusCode::SERVICE_UNAVAILABLE, "error-attachments-unavailable")
    })?;
    Ok(super::agenda::file_response(bytes, &file.media_type, &file.name, false))
}

pub async fn approve(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    checked_form(&viewer, &body)?;
    let result = minutes::approve(&state.store, &viewer.actor(), &viewer.author(), id, foorumi_store::now_in_finland()).await;
    step_result(&state, &viewer, id, "approved", result).await
}

pub async fn comment(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let result = minutes::comment(&state.store, &viewer.actor(), &viewer.author(), id, form.get("comment")).await;
    step_result(&state, &viewer, id, "commented", result).await
}

pub async fn approve_at_meeting(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let meeting: Id = form.get("meeting_id").parse().unwrap_or(0);
    let result = minutes::approve_at_meeting(
        &state.store,
        &viewer.actor(),
        &viewer.author(),
        id,
        form_version(&form),
        meeting,
        foorumi_store::now_in_finland(),
    )
    .await;
    step_result(&state, &viewer, id, "checked", result).await
}

pub async fn correction(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let result =
        minutes::start_correction(&state.store, &viewer.actor(), &viewer.author(), id, form_version(&form), form.get("reason")).await;
    step_result(&state, &viewer, id, "correcting", result).await
}

// ---- attendance ---------------------------------------------------------------------

struct AttendanceRow {
    seat_id: Id,
    name: String,
    party: String,
    role: String,
    presence: String,
    deputy: String,
    verification: String,
    arrived: String,
    left: String,
}

#[derive(Template)]
#[template(path = "minutes_attendance.html")]
struct AttendancePage {
    c: Chrome,
    region_code: String,
    region_name: String,
    meeting_id: Id,
    meeting_title: String,
    rows: Vec<AttendanceRow>,
    people: Vec<(String, String)>,
    presence_options: Vec<(String, String)>,
    verification_options: Vec<(String, String)>,
    item_options: Vec<(String, String)>,
    errors: Vec<String>,
}

pub async fn attendance(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    attendance_page(&state, &viewer, id, None, Vec::new()).await
}

async fn attendance_page(state: &AppState, viewer: &Viewer, meeting_id: Id, posted: Option<&FormData>, errors: Vec<String>) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(viewer, e);
    let meeting: Meeting = records::get(&state.store, meeting_id).await.map_err(store_err)?;
    let forum_id = meeting.input.forum_ids.first().copied().unwrap_or(0);
    if !allowed(&viewer.actor(), Action::Update, Object::AgendaItem { region: meeting.region_id, forum: forum_id }) {
        return if viewer.signed_in() {
            Err(PageError::new(viewer, StatusCode::FORBIDDEN, "error-page-forbidden"))
        } else {
            Ok(to_login(viewer))
        };
    }
    let register = state.register(meeting.region_id).await.map_err(store_err)?;
    let seats = minutes::seats_of(&state.store, &meeting).await.map_err(store_err)?;
    let presences: HashMap<Id, PresenceRecord> = minutes::record_of(&state.store, meeting_id)
        .await
        .map_err(store_err)?
        .map(|full| full.presences.into_iter().map(|p| (p.input.seat_id, p)).collect())
        .unwrap_or_default();
    let items = agendas::items_of(&state.store, meeting_id).await.map_err(store_err)?;
    let numbers = agendas::numbers(&state.store, &meeting).await.map_err(store_err)?;
    let id_text = |id: Option<Id>| id.map(|i| i.to_string()).unwrap_or_default();
    let rows = seats
        .iter()
        .enumerate()
        .map(|(i, (seat, sitter))| {
            let saved = presences.get(&seat.id).map(|p| &p.input);
            let value = |name: &str, saved: String| match posted {
                Some(form) => form.text(&format!("seats.{i}.{name}")),
                None => saved,
            };
            AttendanceRow {
                seat_id: seat.id,
                name: person_name(&register, *sitter),
                party: register.party(seat.input.party_id).map(|p| p.input.name.get(lang).to_owned()).unwrap_or_default(),
                role: t(lang, &format!("role-{}", seat.input.role)),
                presence: value("presence", saved.map(|p| p.presence.as_str().to_owned()).unwrap_or_default()),
                deputy: value("deputy_id", id_text(saved.and_then(|p| p.deputy_id))),
                verification: value("verification", saved.and_then(|p| p.verification).map(|v| v.as_str().to_owned()).unwrap_or_default()),
                arrived: value("arrived_item_id", id_text(saved.and_then(|p| p.arrived_item_id))),
                left: value("left_item_id", id_text(saved.and_then(|p| p.left_item_id))),
            }
        })
        .collect();
    let mut people: Vec<(String, String)> = register.people.iter().map(|p| (p.id.to_string(), p.input.name.clone())).collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    let title = meeting_title(state, viewer, &register, &meeting).await?;
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c =
        Chrome::new(viewer, format!("{}: {title}", t(lang, "minutes-attendance"))).with_region(&register.region.input.code, &region_name);
    c.noindex = true;
    if !errors.is_empty() {
        c.title = format!("{} – {}", t(lang, "form-has-errors"), c.title);
    }
    let page = AttendancePage {
        c,
        region_code: register.region.input.code.clone(),
        region_name,
        meeting_id,
        meeting_title: title,
        rows,
        people,
        presence_options: Presence::ALL.iter().map(|p| (p.as_str().to_owned(), t(lang, &format!("presence-{p}")))).collect(),
        verification_options: Verification::ALL.iter().map(|v| (v.as_str().to_owned(), t(lang, &format!("verification-{v}")))).collect(),
        item_options: items
            .iter()
            .map(|i| (i.id.to_string(), format!("{} {}", numbers.get(&i.id).map(|n| format!("{n} §")).unwrap_or_default(), i.input.title)))
            .collect(),
        errors,
    };
    let status = if posted.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)).into_response())
}

pub async fn save_attendance(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let meeting: Meeting = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let forum_id = meeting.input.forum_ids.first().copied().unwrap_or(0);
    if !allowed(&viewer.actor(), Action::Update, Object::AgendaItem { region: meeting.region_id, forum: forum_id }) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-page-forbidden"));
    }
    let lang = viewer.lang;
    let mut errors = Vec::new();
    let mut inputs = Vec::new();
    // Rows with no presence chosen are left unrecorded.
    for i in 0.. {
        let prefix = format!("seats.{i}.");
        let Some(seat_id) = form.opt_text(&format!("{prefix}seat_id")) else { break };
        let Some(presence) = Presence::parse(form.get(&format!("{prefix}presence"))) else { continue };
        let optional_id = |name: &str, errors: &mut Vec<FieldError>| form.id(&format!("{prefix}{name}"), errors);
        inputs.push(PresenceInput {
            meeting_id: id,
            seat_id: seat_id.parse().unwrap_or(0),
            presence,
            deputy_id: optional_id("deputy_id", &mut errors),
            verification: Verification::parse(form.get(&format!("{prefix}verification"))),
            arrived_item_id: optional_id("arrived_item_id", &mut errors),
            left_item_id: optional_id("left_item_id", &mut errors),
        });
    }
    let result = if errors.is_empty() {
        minutes::set_presences(&state.store, &viewer.actor(), &viewer.author(), meeting.region_id, inputs).await.map(|_| ())
    } else {
        Err(foorumi_store::Error::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(back_to(id, "attendance", "#attendance")),
        Err(foorumi_store::Error::Invalid(list)) => {
            // "seats.2.verification" → the row's person: the message.
            let register = state.register(meeting.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
            let seats = minutes::seats_of(&state.store, &meeting).await.map_err(|e| PageError::from_store(&viewer, e))?;
            let texts = list
                .iter()
                .map(|e| {
                    let row = e.field.strip_prefix("seats.").and_then(|rest| rest.split('.').next()).and_then(|i| i.parse::<usize>().ok());
                    let seat_id: Option<Id> = row.and_then(|i| form.get(&format!("seats.{i}.seat_id")).parse().ok());
                    let who = seat_id.and_then(|s| seats.iter().find(|(seat, _)| seat.id == s)).map(|(_, p)| person_name(&register, *p));
                    match who {
                        Some(who) => format!("{who}: {}", error_text(lang, e)),
                        None => error_text(lang, e),
                    }
                })
                .collect();
            attendance_page(&state, &viewer, id, Some(&form), texts).await
        }
        Err(other) => Err(PageError::from_store(&viewer, other)),
    }
}

/// An item's record page: its meeting's minutes, at the item.
pub async fn item_minutes(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let item: AgendaItem = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    Ok(Redirect::to(&format!("/meetings/{}/minutes#item-{id}", item.input.meeting_id)).into_response())
}

// ---- ratifications (R0.1) -----------------------------------------------------------

struct RatificationRow {
    party: String,
    result: String,
    result_class: String,
    body: String,
    url: String,
    date: String,
    section: String,
    edit: String,
}

struct RatificationItem {
    id: Id,
    title: String,
    origin: String,
    outcome: String,
    summary: String,
    editable: bool,
    rows: Vec<RatificationRow>,
}

#[derive(Template)]
#[template(path = "ratifications.html")]
struct RatificationsPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    items: Vec<RatificationItem>,
}

/// Every recommendation and shared policy line of the region's forums, and what each
/// party that signed the cooperation protocol has decided on it in its own body.
pub async fn ratifications(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(&viewer, e);
    let region = foorumi_store::views::region_by_code(&state.store, &code).await.map_err(store_err)?;
    let register = state.register(region.id).await.map_err(store_err)?;
    let tracked = minutes::ratification_items(&state.store, region.id).await.map_err(store_err)?;
    let actor = viewer.actor();
    let parties: Vec<&Party> = register.parties.iter().filter(|p| p.input.signed_protocol).collect();
    let items = tracked
        .iter()
        .map(|(item, record, meeting, decisions)| {
            let forum = register.forum(item.forum_id).map(|f| super::pages::forum_title(lang, f)).unwrap_or_default();
            let rows: Vec<RatificationRow> = parties
                .iter()
                .map(|party| {
                    let decision = decisions.iter().find(|d| d.input.party_id == party.id);
                    let may =
                        allowed(&actor, Action::Update, Object::Ratification { region: region.id, forum: item.forum_id, party: party.id });
                    let result = decision.map_or(RatificationResult::Pending, |d| d.input.result);
                    RatificationRow {
                        party: party.input.name.get(lang).to_owned(),
                        result: t(lang, &format!("ratification-result-{result}")),
                        result_class: result.as_str().to_owned(),
                        body: decision.map(|d| d.input.body.clone()).unwrap_or_default(),
                        url: decision.map(|d| d.input.url.clone()).unwrap_or_default(),
                        date: decision.and_then(|d| d.input.decided_on).map(date_text).unwrap_or_default(),
                        section: decision.map(|d| d.input.section.clone()).unwrap_or_default(),
                        edit: match (may, decision) {
                            (false, _) => String::new(),
                            (true, Some(d)) => format!("/edit/ratification/{}", d.id),
                            (true, None) => format!("/regions/{code}/new/ratification?item_id={}&party_id={}", item.id, party.id),
                        },
                    }
                })
                .collect();
            let decided = decisions.iter().filter(|d| d.input.result != RatificationResult::Pending).count();
            RatificationItem {
                id: item.id,
                title: if item.input.public_title.is_empty() { item.input.title.clone() } else { item.input.public_title.clone() },
                origin: format!("{forum} {}", date_text(meeting.input.date)),
                outcome: record.input.outcome.map(|o| t(lang, &format!("outcome-{o}"))).unwrap_or_default(),
                summary: t_args(lang, "ratifications-summary", &[("decided", decided.to_string()), ("parties", parties.len().to_string())]),
                editable: rows.iter().any(|r| !r.edit.is_empty()),
                rows,
            }
        })
        .collect();
    let region_name = region.input.name.get(lang).to_owned();
    let c = Chrome::new(&viewer, t(lang, "ratifications-title")).with_region(&code, &region_name);
    Ok(render(&RatificationsPage { c, region_code: code, region_name, items }))
}

/// An item's ratifications: the region's tracker at the item.
pub async fn item_ratifications(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let item: AgendaItem = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(item.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    Ok(Redirect::to(&format!("/regions/{}/ratifications#item-{id}", register.region.input.code)).into_response())
}

// ---- a party's actions --------------------------------------------------------------

struct ActionRow {
    title: String,
    forum: String,
    due: String,
    status: String,
    notes: String,
    edit: String,
}

#[derive(Template)]
#[template(path = "party_actions.html")]
struct PartyActionsPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    party_id: Id,
    party_name: String,
    rows: Vec<ActionRow>,
}

/// Every action a party owns, across the forums, as far as the viewer may see them.
pub async fn party_actions(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(&viewer, e);
    let party: Party = records::get(&state.store, id).await.map_err(store_err)?;
    let register = state.register(party.region_id).await.map_err(store_err)?;
    let actor = viewer.actor();
    let actions = minutes::party_actions(&state.store, id).await.map_err(store_err)?;
    let rows: Vec<ActionRow> = actions
        .iter()
        .filter(|a| {
            allowed(&actor, Action::View, Object::ActionItem { region: a.region_id, forum: a.forum_id, party: a.input.owner_party_id })
        })
        .map(|a| ActionRow {
            title: a.input.title.clone(),
            forum: register.forum(a.forum_id).map(|f| super::pages::forum_title(lang, f)).unwrap_or_default(),
            due: a.input.due_date.map(date_text).unwrap_or_default(),
            status: t(lang, &format!("action-status-{}", a.input.status)),
            notes: a.input.notes.clone(),
            edit: if allowed(
                &actor,
                Action::Update,
                Object::ActionItem { region: a.region_id, forum: a.forum_id, party: a.input.owner_party_id },
            ) {
                format!("/edit/action/{}", a.id)
            } else {
                String::new()
            },
        })
        .collect();
    if rows.is_empty() && !viewer.signed_in() && !actions.is_empty() {
        return Ok(to_login(&viewer));
    }
    let region_name = register.region.input.name.get(lang).to_owned();
    let party_name = party.input.name.get(lang).to_owned();
    let mut c = Chrome::new(&viewer, t_args(lang, "actions-of-party", &[("party", party_name.clone())]))
        .with_region(&register.region.input.code, &region_name);
    c.noindex = true;
    Ok(render(&PartyActionsPage { c, region_code: register.region.input.code.clone(), region_name, party_id: id, party_name, rows }))
}

// ---- a vote (R2.7) ------------------------------------------------------------------

#[derive(Template)]
#[template(path = "minutes_vote.html")]
struct VotePage {
    c: Chrome,
    region_code: String,
    region_name: String,
    meeting_id: Id,
    meeting_title: String,
    item_id: Id,
    vote_id: Id,
    version: i64,
    yes_proposal: String,
    no_proposal: String,
    chair: String,
    /// (person, name, ballot given)
    members: Vec<(String, String, String)>,
    ballot_options: Vec<(String, String)>,
    errors: Vec<String>,
}

/// The vote form of an item: one ballot per member in the meeting's seats.
pub async fn vote(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    vote_page(&state, &viewer, id, None, Vec::new()).await
}

async fn vote_page(state: &AppState, viewer: &Viewer, item_id: Id, posted: Option<&FormData>, errors: Vec<String>) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(viewer, e);
    let item: AgendaItem = records::get(&state.store, item_id).await.map_err(store_err)?;
    if !allowed(&viewer.actor(), Action::Update, Object::AgendaItem { region: item.region_id, forum: item.forum_id }) {
        return if viewer.signed_in() {
            Err(PageError::new(viewer, StatusCode::FORBIDDEN, "error-page-forbidden"))
        } else {
            Ok(to_login(viewer))
        };
    }
    let meeting: Meeting = records::get(&state.store, item.input.meeting_id).await.map_err(store_err)?;
    let register = state.register(item.region_id).await.map_err(store_err)?;
    let (votes, _) =
        records::list::<Vote>(&state.store, Some(item.region_id), &[("item_id".into(), item_id.to_string())], records::Page::default())
            .await
            .map_err(store_err)?;
    let saved = votes.first();
    let seats = minutes::seats_of(&state.store, &meeting).await.map_err(store_err)?;
    let value = |name: &str, saved: String| posted.map(|f| f.text(name)).unwrap_or(saved);
    let members = seats
        .iter()
        .filter_map(|(_, p)| *p)
        .map(|p| {
            let given = saved
                .and_then(|v| v.input.ballots.iter().find(|b| b.person_id == p))
                .map(|b| b.ballot.as_str().to_owned())
                .unwrap_or_default();
            (p.to_string(), person_name(&register, Some(p)), value(&format!("ballot.{p}"), given))
        })
        .collect();
    let full = minutes::record_of(&state.store, meeting.id).await.map_err(store_err)?;
    let chair = saved.map(|v| v.input.chair_id).or_else(|| full.and_then(|f| f.minutes.input.chair_id));
    let title = meeting_title(state, viewer, &register, &meeting).await?;
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c = Chrome::new(viewer, format!("{}: {}", t(lang, "minutes-vote"), item.input.title))
        .with_region(&register.region.input.code, &region_name);
    c.noindex = true;
    if !errors.is_empty() {
        c.title = format!("{} – {}", t(lang, "form-has-errors"), c.title);
    }
    let page = VotePage {
        c,
        region_code: register.region.input.code.clone(),
        region_name,
        meeting_id: meeting.id,
        meeting_title: title,
        item_id,
        vote_id: saved.map_or(0, |v| v.id),
        version: saved.map_or(0, |v| v.version),
        yes_proposal: value(
            "yes_proposal",
            saved.map(|v| v.input.yes_proposal.clone()).unwrap_or_else(|| t(lang, "minutes-vote-default-yes")),
        ),
        no_proposal: value("no_proposal", saved.map(|v| v.input.no_proposal.clone()).unwrap_or_default()),
        chair: value("chair_id", chair.map(|c| c.to_string()).unwrap_or_default()),
        members,
        ballot_options: Ballot::ALL.iter().map(|b| (b.as_str().to_owned(), t(lang, &format!("ballot-{b}")))).collect(),
        errors,
    };
    let status = if posted.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)).into_response())
}

pub async fn save_vote(State(state): State<AppState>, viewer: Viewer, PagePath(item_id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let item: AgendaItem = records::get(&state.store, item_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let ballots = form
        .0
        .iter()
        .filter_map(|(name, value)| {
            let person = name.strip_prefix("ballot.")?.parse().ok()?;
            Some(BallotInput { person_id: person, ballot: Ballot::parse(value)? })
        })
        .collect();
    let input = VoteInput {
        item_id,
        yes_proposal: form.text("yes_proposal"),
        no_proposal: form.text("no_proposal"),
        chair_id: form.get("chair_id").parse().unwrap_or(0),
        ballots,
    };
    let (actor, author) = (viewer.actor(), viewer.author());
    let vote_id: Id = form.get("vote_id").parse().unwrap_or(0);
    let result = if vote_id == 0 {
        records::create::<Vote>(&state.store, &actor, &author, item.region_id, input).await
    } else {
        records::update::<Vote>(&state.store, &actor, &author, vote_id, form.get("version").parse().unwrap_or(-1), input).await
    };
    match result {
        Ok(_) => {
            announce(&state, item.input.meeting_id, item_id).await;
            Ok(back_to(item.input.meeting_id, "saved", &format!("#item-{item_id}")))
        }
        Err(foorumi_store::Error::Stale { .. }) => {
            vote_page(&state, &viewer, item_id, Some(&form), vec![t(viewer.lang, "error-page-stale")]).await
        }
        Err(err) => {
            let texts = refusal_texts(&viewer, err)?;
            vote_page(&state, &viewer, item_id, Some(&form), texts).await
        }
    }
}
