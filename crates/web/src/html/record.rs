//! The published record: the secretary's review of personal identifiers before
//! publishing (R1.3), the public page and PDF built from the public version only (R1.2),
//! marked `noindex` while personal data remain in it (R1.4, R1.13).

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::*;
use foorumi_render::markdown;
use foorumi_store::record_publication;
use foorumi_store::records;
use foorumi_store::views::RegionRegister;

use super::agenda::{marking_text, meeting_title, pdf_response, timestamp_text};
use super::edit::checked_form;
use super::pages::{forum_title, owning_authority};
use super::{Chrome, FormData, PageError, PagePath, PageResult, date_text, error_text, render, to_login};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

// ---- the review before publishing ---------------------------------------------------

struct FindingView {
    item_id: Id,
    item: String,
    text: String,
    kind: String,
    decision: String,
}

#[derive(Template)]
#[template(path = "record_publish.html")]
struct PublishPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    meeting_id: Id,
    meeting_title: String,
    minutes_id: Id,
    version: i64,
    findings: Vec<FindingView>,
    expiry_note: String,
    errors: Vec<String>,
}

pub async fn review(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    review_page(&state, &viewer, id, None, Vec::new()).await
}

async fn review_page(state: &AppState, viewer: &Viewer, minutes_id: Id, posted: Option<&FormData>, errors: Vec<String>) -> PageResult {
    let lang = viewer.lang;
    let store_err = |e| PageError::from_store(viewer, e);
    let minutes: Minutes = records::get(&state.store, minutes_id).await.map_err(store_err)?;
    let actor = viewer.actor();
    if !allowed(&actor, Action::Update, Object::AgendaItem { region: minutes.region_id, forum: minutes.forum_id }) {
        return if viewer.signed_in() {
            Err(PageError::new(viewer, StatusCode::FORBIDDEN, "error-page-forbidden"))
        } else {
            Ok(to_login(viewer))
        };
    }
    let meeting: Meeting = records::get(&state.store, minutes.input.meeting_id).await.map_err(store_err)?;
    let register = state.register(minutes.region_id).await.map_err(store_err)?;
    let items = foorumi_store::agendas::items_of(&state.store, meeting.id).await.map_err(store_err)?;
    let found = record_publication::identifiers(&state.store, &actor, minutes_id).await.map_err(store_err)?;
    let findings = found
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let item = items.iter().find(|it| it.id == f.item_id);
            let posted_decision = posted.map(|form| form.text(&format!("finding.{i}.decision")));
            FindingView {
                item_id: f.item_id,
                item: item.map(|it| format!("{} § {}", it.number.unwrap_or_default(), it.input.title)).unwrap_or_default(),
                text: f.text.clone(),
                kind: t(lang, &format!("identifier-kind-{}", identifier_kind(f.kind))),
                decision: posted_decision.unwrap_or_else(|| f.decision.map(|d| d.as_str().to_owned()).unwrap_or_default()),
            }
        })
        .collect();
    let until = foorumi_core::calendar::publication_period(foorumi_store::today(), foorumi_core::calendar::Challenge::Rectification);
    let title = meeting_title(state, viewer, &register, &meeting).await?;
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c =
        Chrome::new(viewer, format!("{}: {title}", t(lang, "record-publish-title"))).with_region(&register.region.input.code, &region_name);
    c.noindex = true;
    if !errors.is_empty() {
        c.title = format!("{} – {}", t(lang, "form-has-errors"), c.title);
    }
    let page = PublishPage {
        c,
        region_code: register.region.input.code.clone(),
        region_name,
        meeting_id: meeting.id,
        meeting_title: title,
        minutes_id,
        version: minutes.version,
        findings,
        expiry_note: t_args(lang, "record-expiry-note", &[("date", date_text(until.personal_data_removed))]),
        errors,
    };
    let status = if posted.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)).into_response())
}

/// The kind's name as it is written in the API ("identity_code").
fn identifier_kind(kind: foorumi_core::personal_data::IdentifierKind) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

pub async fn publish(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let version: i64 = form.get("version").parse().unwrap_or(-1);
    let mut decisions = Vec::new();
    for i in 0.. {
        let Some(text) = form.opt_text(&format!("finding.{i}.text")) else { break };
        let Some(decision) = IdentifierDecision::parse(form.get(&format!("finding.{i}.decision"))) else { continue };
        decisions.push(IdentifierDecisionInput { item_id: form.get(&format!("finding.{i}.item_id")).parse().unwrap_or(0), text, decision });
    }
    let result = record_publication::publish(
        &state.store,
        &viewer.actor(),
        &viewer.author(),
        id,
        version,
        &decisions,
        foorumi_store::now_in_finland(),
    )
    .await;
    match result {
        Ok(publication) => Ok(Redirect::to(&format!("/meetings/{}/record", publication.record.meeting_id)).into_response()),
        Err(foorumi_store::Error::Invalid(list)) => {
            let mut texts: Vec<String> = list.iter().map(|e| error_text(viewer.lang, e)).collect();
            texts.dedup();
            review_page(&state, &viewer, id, Some(&form), texts).await
        }
        Err(foorumi_store::Error::Stale { .. }) => {
            review_page(&state, &viewer, id, Some(&form), vec![t(viewer.lang, "error-page-stale")]).await
        }
        Err(other) => Err(PageError::from_store(&viewer, other)),
    }
}

// ---- the public record --------------------------------------------------------------

struct PublicItemView {
    number: i64,
    title: String,
    marking: String,
    background: String,
    proposal: String,
    discussion: String,
    outcome: String,
    outcome_text: String,
    disqualifications: Vec<String>,
    votes: Vec<String>,
    dissents: Vec<String>,
    actions: Vec<String>,
    /// The appeal instructions or no-appeal notice of a formal body's item.
    appeal: String,
    /// "Checked at the meeting" (R2.10).
    checked_note: String,
    /// The situational-picture snapshots the item established, as (address, title).
    snapshots: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "record_public.html")]
struct PublicPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    meeting_id: Id,
    meeting_title: String,
    facts: Vec<(String, String, Option<String>)>,
    attendance: Vec<(String, String, String, String)>,
    quorum: String,
    items: Vec<PublicItemView>,
    checking_note: String,
    personal_data_note: String,
}

/// What the public record shows, for the page and the PDF.
struct PublicView {
    title: String,
    subject: String,
    facts: Vec<(String, String, Option<String>)>,
    attendance: Vec<(String, String, String, String)>,
    quorum: String,
    checking_note: String,
    publication: RecordPublication,
}

async fn public_view(state: &AppState, viewer: &Viewer, register: &RegionRegister, meeting: &Meeting) -> Result<PublicView, PageError> {
    let lang = viewer.lang;
    let today = foorumi_store::today();
    let publication = record_publication::publication(&state.store, meeting.id, today)
        .await
        .map_err(|e| PageError::from_store(viewer, e))?
        .ok_or_else(|| PageError::not_found(viewer))?;
    let r = &publication.record;
    let subject = t(lang, &format!("record-kind-{}", r.kind));
    let title = meeting_title(state, viewer, register, meeting).await?;
    let mut facts = vec![(t(lang, "field-date"), date_text(r.date), None)];
    if let (Some(opened), Some(closed)) = (r.opened_at, r.closed_at) {
        facts.push((t(lang, "field-time"), format!("{}–{}", opened.format("%-H.%M"), closed.format("%-H.%M")), None));
    }
    if !r.place.is_empty() {
        facts.push((t(lang, "field-place"), r.place.clone(), None));
    }
    facts.push((t(lang, "field-meeting-kind"), t(lang, &format!("meeting-kind-{}", r.meeting_kind)), None));
    for forum in r.forum_ids.iter().filter_map(|f| register.forum(*f)) {
        facts.push((t(lang, "field-forum"), forum_title(lang, forum), Some(format!("/forums/{}", forum.id))));
    }
    facts.push((t(lang, "field-chair"), r.chair.clone(), None));
    facts.push((t(lang, "field-secretary"), r.secretary.clone(), None));
    facts.push((t(lang, "record-published-at"), timestamp_text(&publication.published_at), None));
    let attendance = r
        .attendance
        .iter()
        .map(|p| {
            let mut presence = t(lang, &format!("presence-{}", p.presence));
            if !p.deputy.is_empty() {
                presence = format!("{presence}: {}", p.deputy);
            }
            (p.name.clone(), p.party.clone(), t(lang, &format!("role-{}", p.role)), presence)
        })
        .collect();
    let quorum = r
        .quorum
        .map(|(present, members, required)| {
            let key = if present >= required { "minutes-quorum-met" } else { "minutes-quorum-not-met" };
            t_args(lang, key, &[("present", present.to_string()), ("members", members.to_string()), ("required", required.to_string())])
        })
        .unwrap_or_default();
    let checkers: Vec<String> = r.checkers.iter().map(|(name, at)| format!("{name} {}", timestamp_text(at))).collect();
    let mut checking_note = if checkers.is_empty() {
        t_args(lang, "record-approved-note", &[("date", timestamp_text(&r.checked_at))])
    } else {
        t_args(lang, "record-checked-note", &[("checkers", checkers.join(", "))])
    };
    if !r.correction_reason.is_empty() {
        checking_note = format!(
            "{checking_note} {}",
            t_args(lang, "record-corrected-note", &[("version", r.version.to_string()), ("reason", r.correction_reason.clone())])
        );
    }
    Ok(PublicView { title, subject, facts, attendance, quorum, checking_note, publication })
}

fn item_views(lang: Lang, record: &PublicRecord) -> Vec<PublicItemView> {
    record
        .items
        .iter()
        .map(|item| {
            let body = item.body.as_ref();
            let votes = body
                .map(|b| {
                    b.votes
                        .iter()
                        .map(|v| {
                            let count = |ballot| v.ballots.iter().filter(|(_, b)| *b == ballot).count().to_string();
                            let ballots = v
                                .ballots
                                .iter()
                                .map(|(name, b)| format!("{name}: {}", t(lang, &format!("ballot-{b}"))))
                                .collect::<Vec<_>>();
                            format!(
                                "{} {} ({})",
                                t_args(lang, "minutes-vote-motion", &[("yes", v.yes_proposal.clone()), ("no", v.no_proposal.clone())]),
                                t_args(lang, "record-vote-count", &[("yes", count(Ballot::Yes)), ("no", count(Ballot::No))]),
                                ballots.join(", ")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            PublicItemView {
                number: item.number,
                title: item.public_title.clone(),
                marking: item.marking.as_ref().map(|m| marking_text(lang, &m.code)).unwrap_or_default(),
                background: body.map(|b| markdown::to_html(&b.background)).unwrap_or_default(),
                proposal: body.map(|b| markdown::to_html(&b.proposal)).unwrap_or_default(),
                discussion: body.map(|b| markdown::to_html(&b.discussion)).unwrap_or_default(),
                outcome: body.and_then(|b| b.outcome).map(|o| t(lang, &format!("outcome-{o}"))).unwrap_or_default(),
                outcome_text: body.map(|b| markdown::to_html(&b.outcome_text)).unwrap_or_default(),
                disqualifications: body
                    .map(|b| {
                        b.disqualifications
                            .iter()
                            .map(|(name, ground)| format!("{name}: {}", t(lang, &format!("ground-{ground}"))))
                            .collect()
                    })
                    .unwrap_or_default(),
                votes,
                dissents: body
                    .map(|b| {
                        b.dissents
                            .iter()
                            .map(|(name, reasons)| if reasons.is_empty() { name.clone() } else { format!("{name}: {reasons}") })
                            .collect()
                    })
                    .unwrap_or_default(),
                actions: body
                    .map(|b| {
                        b.actions
                            .iter()
                            .map(|a| {
                                let due = a.due_date.map(|d| format!(", {}", date_text(d))).unwrap_or_default();
                                format!("{} ({}{due})", a.title, a.owner)
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                appeal: body
                    .and_then(|b| b.appeal.map(|a| appeal_text(lang, a, &b.appeal_basis, b.appeal_text.as_ref())))
                    .unwrap_or_default(),
                checked_note: if body.is_some_and(|b| b.checked_at_meeting) { t(lang, "record-checked-at-meeting") } else { String::new() },
                snapshots: Vec::new(),
            }
        })
        .collect()
}

/// Links each public item of the record to the situational-picture snapshots it
/// established (snapshot pages are public). The public record names items by number; a
/// secret item is its number, public title and marking only (R1.2), so it links nowhere.
async fn link_snapshots(
    state: &AppState,
    viewer: &Viewer,
    register: &RegionRegister,
    meeting: &Meeting,
    record: &PublicRecord,
    views: &mut [PublicItemView],
) -> Result<(), PageError> {
    let store_err = |e| PageError::from_store(viewer, e);
    let items = foorumi_store::agendas::items_of(&state.store, meeting.id).await.map_err(store_err)?;
    let code = &register.region.input.code;
    for (view, public) in views.iter_mut().zip(&record.items) {
        if public.publicity != Publicity::Public || public.body.is_none() {
            continue;
        }
        let Some(item) = items.iter().find(|i| i.number == Some(public.number)) else { continue };
        let established = foorumi_store::snapshots::established_by_item(&state.store, item.id).await.map_err(store_err)?;
        view.snapshots = established.into_iter().map(|s| (format!("/regions/{code}/picture/snapshots/{}", s.id), s.title)).collect();
    }
    Ok(())
}

/// A formal body's appeal instructions as the record prints them (R2.11): the
/// organisation's own wording if it has one, else Foorumi's standard text, with the
/// provision they rest on.
fn appeal_text(lang: Lang, appeal: Appeal, basis: &str, own: Option<&Names>) -> String {
    let basis = if basis.is_empty() { appeal.default_basis() } else { basis };
    match own {
        Some(text) => format!("{} ({basis})", text.get(lang)),
        None => t_args(lang, &format!("appeal-text-{appeal}"), &[("basis", basis.to_owned())]),
    }
}

/// While personal data remain in the public copy, search engines are asked to keep out
/// (R1.13).
fn with_noindex(mut response: Response, publication: &RecordPublication) -> Response {
    if publication.personal_data_removed_at.is_none() {
        response.headers_mut().insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    response
}

pub async fn public_record(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let lang = viewer.lang;
    let meeting: Meeting = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(meeting.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let view = public_view(&state, &viewer, &register, &meeting).await?;
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c = Chrome::new(&viewer, format!("{}: {}", view.subject, view.title)).with_region(&register.region.input.code, &region_name);
    let has_personal_data = view.publication.personal_data_removed_at.is_none();
    c.noindex = has_personal_data;
    let mut items = item_views(lang, &view.publication.record);
    link_snapshots(&state, &viewer, &register, &meeting, &view.publication.record, &mut items).await?;
    let page = PublicPage {
        c,
        region_code: register.region.input.code.clone(),
        region_name,
        meeting_id: meeting.id,
        meeting_title: view.title,
        facts: view.facts,
        attendance: view.attendance,
        quorum: view.quorum,
        items,
        checking_note: view.checking_note,
        personal_data_note: if has_personal_data {
            t_args(lang, "record-personal-data-until", &[("date", date_text(view.publication.personal_data_until))])
        } else {
            String::new()
        },
    };
    Ok(with_noindex(render(&page), &view.publication))
}

/// The public record as PDF/A, from the public version only.
pub async fn public_record_pdf(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let lang = viewer.lang;
    let meeting: Meeting = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(meeting.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let view = public_view(&state, &viewer, &register, &meeting).await?;
    let mut header: Vec<(String, String)> = view.facts.into_iter().map(|(label, value, _)| (label, value)).collect();
    if !view.attendance.is_empty() {
        let present = view
            .attendance
            .iter()
            .map(|(name, party, role, presence)| format!("{name}, {party} ({role}) – {presence}"))
            .collect::<Vec<_>>();
        header.push((t(lang, "minutes-attendance"), present.join("\n")));
    }
    if !view.quorum.is_empty() {
        header.push((t(lang, "record-legality"), view.quorum));
    }
    let sections = item_views(lang, &view.publication.record)
        .into_iter()
        .zip(&view.publication.record.items)
        .map(|(item, public)| {
            let mut blocks = Vec::new();
            if let Some(body) = &public.body {
                for (heading, source) in
                    [(None, &body.background), (Some("field-item-proposal"), &body.proposal), (Some("field-discussion"), &body.discussion)]
                {
                    if !source.is_empty() {
                        if let Some(key) = heading {
                            blocks.push(foorumi_pdf::Block::Heading(t(lang, key)));
                        }
                        blocks.push(foorumi_pdf::Block::Markdown(source.clone()));
                    }
                }
                for (key, lines) in [("minutes-disqualifications", &item.disqualifications), ("minutes-vote", &item.votes)] {
                    if !lines.is_empty() {
                        blocks.push(foorumi_pdf::Block::Heading(t(lang, key)));
                        blocks.extend(lines.iter().map(|l| foorumi_pdf::Block::Paragraph(l.clone())));
                    }
                }
                if !item.outcome.is_empty() {
                    blocks.push(foorumi_pdf::Block::Heading(t(lang, "field-outcome")));
                    blocks.push(foorumi_pdf::Block::Paragraph(item.outcome.clone()));
                }
                if !body.outcome_text.is_empty() {
                    blocks.push(foorumi_pdf::Block::Markdown(body.outcome_text.clone()));
                }
                if !item.checked_note.is_empty() {
                    blocks.push(foorumi_pdf::Block::Paragraph(item.checked_note.clone()));
                }
                if !item.appeal.is_empty() {
                    blocks.push(foorumi_pdf::Block::Heading(t(lang, "field-appeal")));
                    blocks.push(foorumi_pdf::Block::Paragraph(item.appeal.clone()));
                }
                for (key, lines) in [("minutes-dissents", &item.dissents), ("minutes-actions", &item.actions)] {
                    if !lines.is_empty() {
                        blocks.push(foorumi_pdf::Block::Heading(t(lang, key)));
                        blocks.push(foorumi_pdf::Block::Markdown(lines.iter().map(|l| format!("- {l}")).collect::<Vec<_>>().join("\n")));
                    }
                }
            }
            foorumi_pdf::Section {
                number: Some(format!("{} §", item.number)),
                title: item.title,
                marking: (!item.marking.is_empty()).then_some(item.marking),
                blocks,
            }
        })
        .collect();
    let author = owning_authority(&register, lang);
    let publication = &view.publication;
    let document = foorumi_pdf::Document {
        lang: lang.as_str().to_owned(),
        title: format!("{} – {}", view.title, view.subject),
        subject: view.subject,
        created: chrono::NaiveDateTime::parse_from_str(publication.published_at.get(..19).unwrap_or_default(), "%Y-%m-%dT%H:%M:%S")
            .unwrap_or_default(),
        header,
        sections,
        closing: vec![foorumi_pdf::Block::Heading(t(lang, "record-validity")), foorumi_pdf::Block::Paragraph(view.checking_note)],
        footer: author.clone(),
        author,
    };
    // While personal data remain, no shared cache keeps a copy past their day.
    let response = pdf_response(&viewer, &document, &format!("poytakirja-{id}.pdf"), publication.personal_data_removed_at.is_some())?;
    Ok(with_noindex(response, publication))
}
