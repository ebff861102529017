//! Agenda pages: the secretary's editor (items in order, moved by buttons, attachments,
//! proposals taken onto the agenda, publication), the public agenda as published, the
//! proposal queue of a forum, standing items and the secrecy grounds of a region, and
//! attachment downloads with the item's publicity enforced.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::*;
use foorumi_render::markdown;
use foorumi_store::agendas;
use foorumi_store::records;
use foorumi_store::{meetings, views::RegionRegister};

use super::edit::checked_form;
use super::pages::{forum_title, load_region};
use super::{Chrome, PageError, PagePath, PageResult, date_text, error_text, render, to_login};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};
use crate::uploads::{self, Upload, UploadFailure, size_text};

/// A meeting's title as pages show it: "Kuntajohtajakokous 3/2026".
pub(super) async fn meeting_title(
    state: &AppState,
    viewer: &Viewer,
    register: &RegionRegister,
    meeting: &Meeting,
) -> Result<String, PageError> {
    let year_meetings = meetings::meetings_of_year(&state.store, meeting.region_id, meeting.input.date.year())
        .await
        .map_err(|e| PageError::from_store(viewer, e))?;
    let number = meetings::numbers(&year_meetings).get(&meeting.id).cloned().unwrap_or_default();
    let forum = meeting.input.forum_ids.first().and_then(|id| register.forum(*id)).map(|f| forum_title(viewer.lang, f)).unwrap_or_default();
    Ok(format!("{forum} {number}").trim().to_owned())
}

fn convening(meeting: &Meeting) -> Id {
    meeting.input.forum_ids.first().copied().unwrap_or(0)
}

fn type_text(media_type: &str) -> String {
    match media_type.split(';').next().unwrap_or_default() {
        "application/pdf" => "PDF",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "image/gif" => "GIF",
        "image/webp" => "WebP",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "Word",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Excel",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "PowerPoint",
        "application/vnd.oasis.opendocument.text" => "ODT",
        "application/vnd.oasis.opendocument.spreadsheet" => "ODS",
        "application/vnd.oasis.opendocument.presentation" => "ODP",
        "text/csv" => "CSV",
        "text/markdown" => "Markdown",
        _ => "TXT",
    }
    .to_owned()
}

/// The secrecy marking as it is printed (R1.2, R1.10): "Salassa pidettävä, JulkL 24 § 1 mom. 8 k.".
pub(super) fn marking_text(lang: Lang, code: &str) -> String {
    t_args(lang, "secrecy-marking", &[("basis", code.to_owned())])
}

pub(super) fn publicity_text(lang: Lang, publicity: Publicity) -> String {
    t(lang, &format!("publicity-{publicity}"))
}

// ---- the public agenda --------------------------------------------------------------

struct PublicItemView {
    number: i64,
    title: String,
    /// "Salassa pidettävä, …" or "Ei vielä julkinen"; empty for a public item.
    marking: String,
    preparer: String,
    presenter: String,
    /// The Markdown as written, for the PDF.
    background_source: String,
    proposal_source: String,
    background: String,
    proposal: String,
    tags: String,
    parties: String,
    attachments: Vec<AttachmentLink>,
}

struct AttachmentLink {
    href: String,
    name: String,
    details: String,
}

#[derive(Template)]
#[template(path = "agenda.html")]
struct AgendaPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    meeting_id: Id,
    facts: Vec<(String, String, Option<String>)>,
    items: Vec<PublicItemView>,
    published: bool,
    editor: bool,
    late_warning: String,
}

/// What the public version of an agenda shows, for the page and the PDF: the meeting's
/// title, its facts and items, from the latest publication.
struct PublicView {
    publication: Option<Publication>,
    title: String,
    facts: Vec<(String, String, Option<String>)>,
    items: Vec<PublicItemView>,
}

async fn public_view(state: &AppState, viewer: &Viewer, register: &RegionRegister, meeting: &Meeting) -> Result<PublicView, PageError> {
    let lang = viewer.lang;
    let publication = agendas::publication(&state.store, meeting.id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let title = meeting_title(state, viewer, register, meeting).await?;
    let mut facts = Vec::new();
    let mut items = Vec::new();
    if let Some(p) = &publication {
        let a = &p.agenda;
        let weekday = t(lang, &format!("weekday-{}", a.date.weekday().number_from_monday()));
        facts.push((t(lang, "field-date"), format!("{weekday} {}", date_text(a.date)), None));
        facts.push((t(lang, "field-time"), format!("{}–{}", a.start_time.format("%-H.%M"), a.end_time.format("%-H.%M")), None));
        if !a.place.is_empty() {
            facts.push((t(lang, "field-place"), a.place.clone(), None));
        }
        facts.push((t(lang, "field-meeting-kind"), t(lang, &format!("meeting-kind-{}", a.kind)), None));
        for forum in a.forum_ids.iter().filter_map(|f| register.forum(*f)) {
            facts.push((t(lang, "field-forum"), forum_title(lang, forum), Some(format!("/forums/{}", forum.id))));
        }
        facts.push((t(lang, "agenda-published-at"), timestamp_text(&p.published_at), None));
        for item in &a.items {
            let marking = match (&item.marking, item.publicity) {
                (Some(m), _) => marking_text(lang, &m.code),
                (None, Publicity::Public) => String::new(),
                (None, publicity) => publicity_text(lang, publicity),
            };
            let body = item.body.as_ref();
            items.push(PublicItemView {
                number: item.number,
                title: item.public_title.clone(),
                marking,
                preparer: body.map(|b| b.preparer.clone()).unwrap_or_default(),
                presenter: body.map(|b| b.presenter.clone()).unwrap_or_default(),
                background_source: body.map(|b| b.background.clone()).unwrap_or_default(),
                proposal_source: body.map(|b| b.proposal.clone()).unwrap_or_default(),
                background: body.map(|b| markdown::to_html(&b.background)).unwrap_or_default(),
                proposal: body.map(|b| markdown::to_html(&b.proposal)).unwrap_or_default(),
                tags: body.map(|b| b.tags.join(", ")).unwrap_or_default(),
                parties: body
                    .map(|b| {
                        b.party_ids.iter().filter_map(|p| register.party(*p)).map(|p| p.input.name.get(lang)).collect::<Vec<_>>().join(", ")
                    })
                    .unwrap_or_default(),
                attachments: body
                    .map(|b| {
                        b.attachments
                            .iter()
                            .map(|a| AttachmentLink {
                                href: attachment_href(a.id, &a.name),
                                name: a.name.clone(),
                                details: format!("{}, {}", type_text(&a.media_type), size_text(lang, a.size)),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
    }
    Ok(PublicView { publication, title, facts, items })
}

pub async fn public_agenda(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let meeting: Meeting = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(meeting.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let lang = viewer.lang;
    let view = public_view(&state, &viewer, &register, &meeting).await?;
    let editor = allowed(&viewer.actor(), Action::Update, Object::Meeting { region: meeting.region_id, forum: convening(&meeting) });
    let late_warning =
        if editor && view.publication.as_ref().is_some_and(|p| p.late) { t(lang, "agenda-published-late") } else { String::new() };
    let region_name = register.region.input.name.get(lang).to_owned();
    let published = view.publication.is_some();
    let page = AgendaPage {
        c: Chrome::new(&viewer, format!("{}: {}", t(lang, "agenda-title"), view.title))
            .with_region(&register.region.input.code, &region_name),
        region_code: register.region.input.code.clone(),
        region_name,
        meeting_id: meeting.id,
        facts: view.facts,
        items: view.items,
        published,
        editor,
        late_warning,
    };
    let status = if published { StatusCode::OK } else { StatusCode::NOT_FOUND };
    Ok((status, render(&page)).into_response())
}

/// The published agenda as PDF/A, built from the public version only.
pub async fn agenda_pdf(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let meeting: Meeting = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(meeting.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let lang = viewer.lang;
    let view = public_view(&state, &viewer, &register, &meeting).await?;
    let Some(publication) = &view.publication else { return Err(PageError::not_found(&viewer)) };
    let sections = view
        .items
        .into_iter()
        .map(|item| {
            let mut blocks = Vec::new();
            let mut facts = Vec::new();
            if !item.preparer.is_empty() {
                facts.push((t(lang, "field-preparer"), item.preparer));
            }
            if !item.presenter.is_empty() {
                facts.push((t(lang, "field-presenter"), item.presenter));
            }
            if !facts.is_empty() {
                blocks.push(foorumi_pdf::Block::Facts(facts));
            }
            if !item.background_source.is_empty() {
                blocks.push(foorumi_pdf::Block::Markdown(item.background_source));
            }
            if !item.proposal_source.is_empty() {
                blocks.push(foorumi_pdf::Block::Heading(t(lang, "field-item-proposal")));
                blocks.push(foorumi_pdf::Block::Markdown(item.proposal_source));
            }
            if !item.attachments.is_empty() {
                blocks.push(foorumi_pdf::Block::Heading(t(lang, "attachments-title")));
                let names = item.attachments.iter().map(|a| format!("- {} ({})", a.name, a.details)).collect::<Vec<_>>().join("\n");
                blocks.push(foorumi_pdf::Block::Markdown(names));
            }
            foorumi_pdf::Section {
                number: Some(format!("{} §", item.number)),
                title: item.title,
                marking: (!item.marking.is_empty()).then_some(item.marking),
                blocks,
            }
        })
        .collect();
    let subject = t(lang, "agenda-title");
    let author = super::pages::owning_authority(&register, lang);
    let document = foorumi_pdf::Document {
        lang: lang.as_str().to_owned(),
        title: format!("{} – {subject}", view.title),
        subject,
        created: chrono::NaiveDateTime::parse_from_str(publication.published_at.get(..19).unwrap_or_default(), "%Y-%m-%dT%H:%M:%S")
            .unwrap_or_default(),
        header: view.facts.into_iter().map(|(label, value, _)| (label, value)).collect(),
        sections,
        closing: Vec::new(),
        footer: author.clone(),
        author,
    };
    pdf_response(&viewer, &document, &format!("esityslista-{id}.pdf"), true)
}

/// A rendered PDF as a download; `public` ones may be cached like public pages.
pub(super) fn pdf_response(viewer: &Viewer, document: &foorumi_pdf::Document, file_name: &str, public: bool) -> PageResult {
    let bytes = foorumi_pdf::render(document).map_err(|err| {
        tracing::error!(%err, "pdf rendering failed");
        PageError::new(viewer, StatusCode::INTERNAL_SERVER_ERROR, "error-page-internal")
    })?;
    let cache = if public { "public, max-age=300" } else { "private, no-store" };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("inline; filename=\"{file_name}\"")).unwrap_or(HeaderValue::from_static("inline")),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// "2026-03-02T10:15:00" as "2.3.2026 klo 10.15".
pub(super) fn timestamp_text(stamp: &str) -> String {
    match chrono::NaiveDateTime::parse_from_str(stamp.get(..19).unwrap_or(stamp), "%Y-%m-%dT%H:%M:%S") {
        Ok(at) => format!("{} {}", date_text(at.date()), at.format("%-H.%M")),
        Err(_) => stamp.to_owned(),
    }
}

fn attachment_href(id: Id, name: &str) -> String {
    let encoded: String = serde_urlencoded::to_string([("", name)]).unwrap_or_default().trim_start_matches('=').replace('+', "%20");
    format!("/attachments/{id}/{encoded}")
}

// ---- the editor ---------------------------------------------------------------------

struct EditorItem {
    id: Id,
    number: i64,
    title: String,
    public_title: String,
    publicity: String,
    marking: String,
    standing: bool,
    from_proposal: bool,
    first: bool,
    last: bool,
    /// Focus goes back to the button that was used to move this item.
    focus_up: bool,
    focus_down: bool,
    attachments: Vec<EditorAttachment>,
}

struct EditorAttachment {
    id: Id,
    href: String,
    name: String,
    details: String,
    publicity: String,
}

struct PendingProposal {
    id: Id,
    version: i64,
    title: String,
    proposer: String,
}

#[derive(Template)]
#[template(path = "agenda_edit.html")]
struct EditorPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    meeting_id: Id,
    meeting_title: String,
    forum_id: Id,
    items: Vec<EditorItem>,
    proposals: Vec<PendingProposal>,
    publications: Vec<(String, bool)>,
    deadline: String,
    overdue: bool,
    /// Why the last action was refused: its heading, and each reason.
    error_heading: String,
    errors: Vec<String>,
    notice: String,
    new_item_href: String,
    publicity_options: Vec<(String, String)>,
    legal_bases: Vec<(String, String)>,
    max_size: String,
    publishable: bool,
}

#[derive(serde::Deserialize, Default)]
pub struct EditorQuery {
    moved: Option<Id>,
    dir: Option<String>,
    done: Option<String>,
}

pub async fn editor(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(id): PagePath<Id>,
    Query(query): Query<EditorQuery>,
) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    editor_page(&state, &viewer, id, &query, None, StatusCode::OK).await
}

/// What was refused on the editor: publishing or an attachment, with the reasons.
struct Refused {
    heading_key: &'static str,
    reasons: Vec<String>,
}

/// The editor, with the reasons above it when an action was refused.
async fn editor_page(
    state: &AppState,
    viewer: &Viewer,
    id: Id,
    query: &EditorQuery,
    refused: Option<Refused>,
    status: StatusCode,
) -> PageResult {
    let lang = viewer.lang;
    let meeting: Meeting = records::get(&state.store, id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let forum_id = convening(&meeting);
    let actor = viewer.actor();
    if !allowed(&actor, Action::Update, Object::AgendaItem { region: meeting.region_id, forum: forum_id }) {
        return Err(PageError::new(viewer, StatusCode::FORBIDDEN, "error-page-forbidden"));
    }
    let register = state.register(meeting.region_id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let store_err = |e| PageError::from_store(viewer, e);
    let items = agendas::items_of(&state.store, id).await.map_err(store_err)?;
    let numbers = agendas::numbers(&state.store, &meeting).await.map_err(store_err)?;
    let attachments = agendas::attachments_of(&state.store, id).await.map_err(store_err)?;
    let bases: HashMap<Id, &LegalBasis> = register.legal_bases.iter().map(|b| (b.id, b)).collect();
    let count = items.len();
    let editor_items = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let moved = query.moved == Some(item.id);
            EditorItem {
                id: item.id,
                number: numbers.get(&item.id).copied().unwrap_or_default(),
                title: item.input.title.clone(),
                public_title: item.input.public_title.clone(),
                publicity: publicity_text(lang, item.input.publicity),
                marking: item
                    .input
                    .legal_basis_id
                    .and_then(|b| bases.get(&b))
                    .map(|b| marking_text(lang, &b.input.code))
                    .unwrap_or_default(),
                standing: item.input.standing_item_id.is_some(),
                from_proposal: item.input.proposal_id.is_some(),
                first: i == 0,
                last: i + 1 == count,
                focus_up: moved && query.dir.as_deref() == Some("up") && i > 0,
                focus_down: moved && query.dir.as_deref() == Some("down") && i + 1 < count,
                attachments: attachments
                    .get(&item.id)
                    .into_iter()
                    .flatten()
                    .map(|a| EditorAttachment {
                        id: a.id,
                        href: attachment_href(a.id, &a.input.name),
                        name: a.input.name.clone(),
                        details: format!("{}, {}", type_text(&a.media_type), size_text(lang, a.size)),
                        publicity: match a.input.legal_basis_id.and_then(|b| bases.get(&b)) {
                            Some(basis) => marking_text(lang, &basis.input.code),
                            None => publicity_text(lang, a.input.publicity),
                        },
                    })
                    .collect(),
            }
        })
        .collect();
    let (pending, _) = records::list::<Proposal>(
        &state.store,
        Some(meeting.region_id),
        &[("forum_id".into(), forum_id.to_string()), ("status".into(), "pending".into())],
        records::Page { offset: 0, limit: 200 },
    )
    .await
    .map_err(store_err)?;
    let proposals = pending
        .iter()
        .map(|p| PendingProposal {
            id: p.id,
            version: p.version,
            title: p.input.title.clone(),
            proposer: proposer_text(lang, &register, p),
        })
        .collect();
    let publications = agendas::publications(&state.store, id)
        .await
        .map_err(store_err)?
        .iter()
        .map(|p| (timestamp_text(&p.published_at), p.late))
        .collect::<Vec<_>>();
    let forum = register.forum(forum_id);
    let deadline = foorumi_core::rules::notice_deadline(&meeting, forum.map_or(4, |f| f.input.notice_days));
    let today = foorumi_store::today();
    let title = meeting_title(state, viewer, &register, &meeting).await?;
    let mut publicity_options: Vec<(String, String)> =
        Publicity::ALL.iter().map(|p| (p.as_str().to_owned(), publicity_text(lang, *p))).collect();
    // A new attachment starts as its forum's default publicity would have it.
    if let Some(default) = forum.map(|f| f.input.default_publicity) {
        publicity_options.sort_by_key(|(value, _)| value != default.as_str());
    }
    let notice = match query.done.as_deref() {
        Some("published") => t(lang, "agenda-notice-published"),
        Some("prepared") => t(lang, "agenda-notice-prepared"),
        Some("uploaded") => t(lang, "agenda-notice-uploaded"),
        Some("accepted") => t(lang, "agenda-notice-accepted"),
        _ => String::new(),
    };
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c =
        Chrome::new(viewer, format!("{}: {title}", t(lang, "agenda-editor-title"))).with_region(&register.region.input.code, &region_name);
    c.noindex = true;
    if refused.is_some() {
        c.title = format!("{} – {}", t(lang, "form-has-errors"), c.title);
    }
    let page = EditorPage {
        c,
        region_code: register.region.input.code.clone(),
        region_name,
        meeting_id: id,
        meeting_title: title,
        forum_id,
        items: editor_items,
        proposals,
        publications,
        deadline: date_text(deadline),
        overdue: today > deadline && !matches!(meeting.input.status, MeetingStatus::AgendaPublished | MeetingStatus::Held),
        error_heading: refused.as_ref().map(|r| t(lang, r.heading_key)).unwrap_or_default(),
        errors: refused.map(|r| r.reasons).unwrap_or_default(),
        notice,
        new_item_href: format!(
            "/regions/{}/new/agenda-item?meeting_id={id}&publicity={}",
            register.region.input.code,
            forum.map_or(Publicity::Public, |f| f.input.default_publicity)
        ),
        publicity_options,
        legal_bases: register
            .legal_bases
            .iter()
            .map(|b| (b.id.to_string(), format!("{} – {}", b.input.code, b.input.name.get(lang))))
            .collect(),
        max_size: size_text(lang, state.config.attachment_max_bytes as i64),
        publishable: !matches!(meeting.input.status, MeetingStatus::Held | MeetingStatus::Cancelled),
    };
    Ok((status, render(&page)).into_response())
}

fn proposer_text(lang: Lang, register: &RegionRegister, proposal: &Proposal) -> String {
    let person = proposal.input.person_id.and_then(|p| register.person(p)).map(|p| p.input.name.clone());
    let party = proposal.input.party_id.and_then(|p| register.party(p)).map(|p| p.input.name.get(lang).to_owned());
    [person, party].into_iter().flatten().collect::<Vec<_>>().join(", ")
}

fn back_to_editor(meeting_id: Id, extra: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/meetings/{meeting_id}/agenda/edit{extra}{anchor}")).into_response()
}

/// Puts the forum's standing items on an empty agenda.
pub async fn prepare(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    checked_form(&viewer, &body)?;
    agendas::prepare(&state.store, &viewer.actor(), &viewer.author(), id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    agendas::follow_up_actions(&state.store, &viewer.actor(), &viewer.author(), id, &crate::follow_up_text())
        .await
        .map_err(|e| PageError::from_store(&viewer, e))?;
    Ok(back_to_editor(id, "?done=prepared", ""))
}

/// Moves an item one place up or down (`dir`), or to `to`.
pub async fn move_item(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let item: AgendaItem = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let items = agendas::items_of(&state.store, item.input.meeting_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let current = items.iter().position(|i| i.id == id).unwrap_or(0) as i64 + 1;
    let dir = form.get("dir").to_owned();
    let target = match dir.as_str() {
        "up" => current - 1,
        "down" => current + 1,
        _ => form.get("to").parse().unwrap_or(current),
    }
    .clamp(1, items.len().max(1) as i64);
    if target != current {
        agendas::move_item(&state.store, &viewer.actor(), &viewer.author(), id, target)
            .await
            .map_err(|e| PageError::from_store(&viewer, e))?;
    }
    // No fragment: a browser honours `autofocus` (on the button just used) only when the
    // address does not point into the page.
    Ok(back_to_editor(item.input.meeting_id, &format!("?moved={id}&dir={dir}"), ""))
}

/// An item's own address: its place in the editor for those who prepare it, its
/// meeting's public agenda for everyone else.
pub async fn item(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    let item: AgendaItem = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let editor = allowed(&viewer.actor(), Action::Update, Object::AgendaItem { region: item.region_id, forum: item.forum_id });
    let meeting = item.input.meeting_id;
    let store_err = |e| PageError::from_store(&viewer, e);
    // Others go to where the item is public: the published record, else the published
    // agenda, else the meeting's page (a link to an item never ends in "not found").
    let target = if editor {
        format!("/meetings/{meeting}/agenda/edit#item-{id}")
    } else if foorumi_store::record_publication::publication(&state.store, meeting, foorumi_store::today())
        .await
        .map_err(store_err)?
        .is_some()
    {
        format!("/meetings/{meeting}/record")
    } else if agendas::publication(&state.store, meeting).await.map_err(store_err)?.is_some() {
        format!("/meetings/{meeting}/agenda")
    } else {
        format!("/meetings/{meeting}")
    };
    Ok(Redirect::to(&target).into_response())
}

pub async fn publish(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    checked_form(&viewer, &body)?;
    // Open actions come back on every agenda until done or dropped.
    agendas::follow_up_actions(&state.store, &viewer.actor(), &viewer.author(), id, &crate::follow_up_text())
        .await
        .map_err(|e| PageError::from_store(&viewer, e))?;
    match agendas::publish(&state.store, &viewer.actor(), &viewer.author(), id, foorumi_store::now_in_finland()).await {
        Ok(_) => Ok(back_to_editor(id, "?done=published", "")),
        Err(foorumi_store::Error::Invalid(errors)) => {
            let refused = Refused { heading_key: "agenda-errors", reasons: item_reasons(&state, &viewer, id, &errors).await? };
            editor_page(&state, &viewer, id, &EditorQuery::default(), Some(refused), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(PageError::from_store(&viewer, e)),
    }
}

/// Each refusal of a publication, with the item it concerns ("Otsikko: …").
async fn item_reasons(state: &AppState, viewer: &Viewer, meeting_id: Id, errors: &[FieldError]) -> Result<Vec<String>, PageError> {
    let items = agendas::items_of(&state.store, meeting_id).await.map_err(|e| PageError::from_store(viewer, e))?;
    Ok(errors
        .iter()
        .map(|e| {
            let text = error_text(viewer.lang, e);
            let item = e.field.strip_prefix("items.").and_then(|rest| rest.split('.').next()).and_then(|id| id.parse::<Id>().ok());
            match item.and_then(|id| items.iter().find(|i| i.id == id)) {
                Some(item) => format!("{}: {text}", item.input.title),
                None => text,
            }
        })
        .collect())
}

// ---- attachments --------------------------------------------------------------------

/// Receives a file for an item: checked by content and size before anything is stored;
/// the file and its record are kept only when both succeed.
pub async fn upload(State(state): State<AppState>, viewer: Viewer, PagePath(item_id): PagePath<Id>, multipart: Multipart) -> PageResult {
    let lang = viewer.lang;
    let item: AgendaItem = records::get(&state.store, item_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    // Refused before anything is read or stored.
    if !allowed(&viewer.actor(), Action::Create, Object::AgendaItem { region: item.region_id, forum: item.forum_id }) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-page-forbidden"));
    }
    let max = state.config.attachment_max_bytes;
    let posted = uploads::read_form(multipart, max).await;
    let field = |name: &str| posted.fields.get(name).map(String::as_str).unwrap_or_default();
    if !viewer.csrf_ok(posted.fields.get("csrf").map(String::as_str)) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-csrf"));
    }
    let publicity = Publicity::parse(field("publicity"));
    let legal_basis_id = field("legal_basis_id").parse::<Id>().ok();
    let meeting_id = item.input.meeting_id;
    let refused = |reasons: Vec<String>| Refused { heading_key: "attachment-errors", reasons };
    let refusal = |e: &foorumi_files::UploadError| uploads::refusal_text(lang, e);
    let failure = match (posted.file, posted.too_large) {
        (_, true) => refusal(&foorumi_files::UploadError::TooLarge { size: max + 1, max }),
        (None, false) => refusal(&foorumi_files::UploadError::Empty),
        (Some((name, bytes)), false) => {
            let upload = Upload { item_id, name, bytes, publicity: publicity.unwrap_or(item.input.publicity), legal_basis_id };
            match uploads::receive(&state, &viewer.actor(), &viewer.author(), upload).await {
                Ok(_) => return Ok(back_to_editor(meeting_id, "?done=uploaded", &format!("#item-{item_id}"))),
                Err(UploadFailure::Refused(e)) => refusal(&e),
                Err(UploadFailure::Store(foorumi_store::Error::Invalid(errors))) => {
                    let reasons = errors.iter().map(|e| error_text(lang, e)).collect();
                    return editor_page(
                        &state,
                        &viewer,
                        meeting_id,
                        &EditorQuery::default(),
                        Some(refused(reasons)),
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await;
                }
                Err(UploadFailure::Store(e)) => return Err(PageError::from_store(&viewer, e)),
                Err(UploadFailure::Unavailable) => {
                    return Err(PageError::new(&viewer, StatusCode::SERVICE_UNAVAILABLE, "error-attachments-unavailable"));
                }
            }
        }
    };
    editor_page(&state, &viewer, meeting_id, &EditorQuery::default(), Some(refused(vec![failure])), StatusCode::UNPROCESSABLE_ENTITY).await
}

/// Downloads an attachment: anyone may have one that is in the published public agenda;
/// anything else only those who prepare or sit in the forum.
pub async fn download(State(state): State<AppState>, viewer: Viewer, PagePath((id, _name)): PagePath<(Id, String)>) -> PageResult {
    let attachment: Attachment = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let public = agendas::attachment_is_public(&state.store, &attachment).await.map_err(|e| PageError::from_store(&viewer, e))?;
    if !public {
        let item: AgendaItem = records::get(&state.store, attachment.input.item_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
        if !allowed(&viewer.actor(), Action::View, Object::AgendaItem { region: item.region_id, forum: item.forum_id }) {
            // Not even whether it exists: the public sees secret items only as markings.
            return Err(if viewer.signed_in() {
                PageError::new(&viewer, StatusCode::FORBIDDEN, "error-page-forbidden")
            } else {
                PageError::not_found(&viewer)
            });
        }
        // A disqualified member does not open the item's non-public material (R2.6).
        if let Some(person) = viewer.actor().person_id
            && foorumi_store::minutes::is_disqualified(&state.store, item.id, person)
                .await
                .map_err(|e| PageError::from_store(&viewer, e))?
        {
            return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-page-forbidden"));
        }
    }
    let Some(blobs) = state.config.attachments.as_ref() else {
        return Err(PageError::new(&viewer, StatusCode::SERVICE_UNAVAILABLE, "error-attachments-unavailable"));
    };
    let bytes = blobs.get(&attachment.sha256).await.map_err(|e| {
        tracing::error!(err = %e, "attachment read failed");
        PageError::new(&viewer, StatusCode::SERVICE_UNAVAILABLE, "error-attachments-unavailable")
    })?;
    Ok(file_response(bytes, &attachment.media_type, &attachment.input.name, public))
}

/// A stored file as a download: its type, its name, and whether shared caches may keep it.
pub(super) fn file_response(bytes: Bytes, media_type: &str, name: &str, public: bool) -> Response {
    let disposition = format!("attachment; filename*=UTF-8''{}", attachment_href(0, name).trim_start_matches("/attachments/0/"));
    let cache = if public { "public, max-age=300" } else { "private, no-store" };
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(media_type).unwrap_or(HeaderValue::from_static("application/octet-stream")));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

// ---- proposals ----------------------------------------------------------------------

struct ProposalView {
    id: Id,
    version: i64,
    title: String,
    description: String,
    proposer: String,
    created: String,
    wanted_by: String,
    status: String,
    answer: String,
    meeting: Option<(String, String)>,
    pending: bool,
}

#[derive(Template)]
#[template(path = "proposals.html")]
struct ProposalsPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    forum_id: Id,
    forum_name: String,
    keeper: bool,
    propose_href: String,
    pending: Vec<ProposalView>,
    answered: Vec<ProposalView>,
    meetings: Vec<(String, String)>,
    errors: Vec<String>,
}

/// A forum's proposal queue: waiting proposals with the secretary's answers, and the
/// answered ones. Each viewer sees the proposals the rules let them see.
pub async fn proposals(State(state): State<AppState>, viewer: Viewer, PagePath(forum_id): PagePath<Id>) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    proposals_page(&state, &viewer, forum_id, Vec::new(), StatusCode::OK).await
}

async fn proposals_page(state: &AppState, viewer: &Viewer, forum_id: Id, errors: Vec<String>, status: StatusCode) -> PageResult {
    let lang = viewer.lang;
    let forum: Forum = records::get(&state.store, forum_id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let register = state.register(forum.region_id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let actor = viewer.actor();
    let keeper = allowed(&actor, Action::Update, Object::Proposal { region: forum.region_id, forum: forum_id, party: None, person: None });
    let (all, _) = records::list::<Proposal>(
        &state.store,
        Some(forum.region_id),
        &[("forum_id".into(), forum_id.to_string())],
        records::Page { offset: 0, limit: 1000 },
    )
    .await
    .map_err(|e| PageError::from_store(viewer, e))?;
    let today = foorumi_store::today();
    let forum_meetings =
        meetings::meetings_of_forum(&state.store, forum.region_id, forum_id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let meeting_label = |m: &Meeting| format!("{} {}", date_text(m.input.date), forum_title(lang, &forum));
    let upcoming: Vec<(String, String)> = forum_meetings
        .iter()
        .filter(|m| m.input.date >= today && !matches!(m.input.status, MeetingStatus::Held | MeetingStatus::Cancelled))
        .map(|m| (m.id.to_string(), meeting_label(m)))
        .collect();
    let mut pending = Vec::new();
    let mut answered = Vec::new();
    for p in all.iter().rev() {
        let object = Object::Proposal { region: p.region_id, forum: forum_id, party: p.input.party_id, person: p.input.person_id };
        if !allowed(&actor, Action::View, object) {
            continue;
        }
        let view = ProposalView {
            id: p.id,
            version: p.version,
            title: p.input.title.clone(),
            description: markdown::to_html(&p.input.description),
            proposer: proposer_text(lang, &register, p),
            created: timestamp_text(&p.created_at),
            wanted_by: p.input.wanted_by.map(date_text).unwrap_or_default(),
            status: t(lang, &format!("proposal-status-{}", p.status)),
            answer: p.answer.clone(),
            meeting: p
                .meeting_id
                .and_then(|id| forum_meetings.iter().find(|m| m.id == id))
                .map(|m| (format!("/meetings/{}", m.id), meeting_label(m))),
            pending: p.status == ProposalStatus::Pending,
        };
        if view.pending { pending.push(view) } else { answered.push(view) }
    }
    // A member proposes for themself and their party; the form fills both in.
    let person = actor.person_id.and_then(|id| register.person(id));
    let mut propose_href = format!("/regions/{}/new/proposal?forum_id={forum_id}", register.region.input.code);
    if let Some(person) = person {
        propose_href.push_str(&format!("&person_id={}", person.id));
        if let Some(party) = person.input.party_id {
            propose_href.push_str(&format!("&party_id={party}"));
        }
    } else if let Some(party) = actor.party_admin.first() {
        propose_href.push_str(&format!("&party_id={party}"));
    }
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c = Chrome::new(viewer, format!("{}: {}", t(lang, "proposals-title"), forum_title(lang, &forum)))
        .with_region(&register.region.input.code, &region_name);
    c.noindex = true;
    let page = ProposalsPage {
        c,
        region_code: register.region.input.code.clone(),
        region_name,
        forum_id,
        forum_name: forum_title(lang, &forum),
        keeper,
        propose_href,
        pending,
        answered,
        meetings: upcoming,
        errors,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn accept_proposal(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let proposal: Proposal = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let version = form.get("version").parse().unwrap_or(-1);
    let Ok(meeting_id) = form.get("meeting_id").parse::<Id>() else {
        let message = error_text(viewer.lang, &FieldError::new("meeting_id", "error-proposal-meeting"));
        return proposals_page(&state, &viewer, proposal.input.forum_id, vec![message], StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match agendas::accept_proposal(&state.store, &viewer.actor(), &viewer.author(), id, version, meeting_id).await {
        Ok(item) => Ok(back_to_editor(meeting_id, "?done=accepted", &format!("#item-{}", item.id))),
        Err(err) => proposal_refused(&state, &viewer, proposal.input.forum_id, err).await,
    }
}

pub async fn decline_proposal(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let proposal: Proposal = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let version = form.get("version").parse().unwrap_or(-1);
    match agendas::decline_proposal(&state.store, &viewer.actor(), &viewer.author(), id, version, form.get("answer")).await {
        Ok(_) => Ok(Redirect::to(&format!("/forums/{}/proposals#answered", proposal.input.forum_id)).into_response()),
        Err(err) => proposal_refused(&state, &viewer, proposal.input.forum_id, err).await,
    }
}

async fn proposal_refused(state: &AppState, viewer: &Viewer, forum_id: Id, err: foorumi_store::Error) -> PageResult {
    let messages = match err {
        foorumi_store::Error::Invalid(errors) => errors.iter().map(|e| error_text(viewer.lang, e)).collect(),
        foorumi_store::Error::Stale { .. } => vec![t(viewer.lang, "error-page-stale")],
        other => return Err(PageError::from_store(viewer, other)),
    };
    proposals_page(state, viewer, forum_id, messages, StatusCode::UNPROCESSABLE_ENTITY).await
}

// ---- standing items and secrecy grounds ---------------------------------------------

#[derive(Template)]
#[template(path = "list_page.html")]
struct ListPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    lead: String,
    new_href: Option<String>,
    headers: Vec<String>,
    rows: Vec<(Vec<String>, Option<String>)>,
}

pub async fn standing_items(State(state): State<AppState>, viewer: Viewer, PagePath(forum_id): PagePath<Id>) -> PageResult {
    let lang = viewer.lang;
    let forum: Forum = records::get(&state.store, forum_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(forum.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let (items, _) = records::list::<StandingItem>(
        &state.store,
        Some(forum.region_id),
        &[("forum_id".into(), forum_id.to_string())],
        records::Page { offset: 0, limit: 1000 },
    )
    .await
    .map_err(|e| PageError::from_store(&viewer, e))?;
    let editor = allowed(&viewer.actor(), Action::Update, Object::StandingItem { region: forum.region_id, forum: forum_id });
    let rows = items
        .iter()
        .map(|i| {
            let cells = vec![t(lang, &format!("placement-{}", i.input.placement)), i.input.position.to_string(), i.input.title.clone()];
            (cells, editor.then(|| format!("/edit/standing-item/{}", i.id)))
        })
        .collect();
    let region_name = register.region.input.name.get(lang).to_owned();
    let page = ListPage {
        c: Chrome::new(&viewer, format!("{}: {}", t(lang, "standing-items-title"), forum_title(lang, &forum)))
            .with_region(&register.region.input.code, &region_name),
        region_code: register.region.input.code.clone(),
        region_name,
        lead: t(lang, "standing-items-lead"),
        new_href: editor.then(|| format!("/regions/{}/new/standing-item?forum_id={forum_id}", register.region.input.code)),
        headers: vec![t(lang, "field-placement"), t(lang, "field-order"), t(lang, "field-item-title")],
        rows,
    };
    Ok(render(&page))
}

pub async fn legal_bases(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>) -> PageResult {
    let lang = viewer.lang;
    let register = load_region(&state, &viewer, &code).await?;
    let editor = allowed(&viewer.actor(), Action::Update, Object::LegalBasis { region: register.region.id });
    let rows = register
        .legal_bases
        .iter()
        .map(|b| (vec![b.input.code.clone(), b.input.name.get(lang).to_owned()], editor.then(|| format!("/edit/legal-basis/{}", b.id))))
        .collect();
    let region_name = register.region.input.name.get(lang).to_owned();
    let page = ListPage {
        c: Chrome::new(&viewer, t(lang, "legal-bases-title")).with_region(&code, &region_name),
        region_code: code.clone(),
        region_name,
        lead: t(lang, "legal-bases-lead"),
        new_href: editor.then(|| format!("/regions/{code}/new/legal-basis")),
        headers: vec![t(lang, "field-legal-basis-code"), t(lang, "field-name-fi")],
        rows,
    };
    Ok(render(&page))
}
