//! The cooperation's own pages (issue 5): the division of responsibilities as a matrix of
//! topics × parties, disagreements with their way up the forums, and the cooperation
//! protocol's versions with the parties' approvals. The records are edited through the
//! generic forms (`edit.rs`); escalating and resolving are their own actions here.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use foorumi_core::cooperation::{self, Conflict, ConflictStatus, DiffLine, ProtocolVersion, Responsibility, ResponsibilityTopic};
use foorumi_core::permissions::{Action, Actor, Object, allowed};
use foorumi_core::*;
use foorumi_render::markdown;
use foorumi_store::views::{RegionRegister, kind_order};
use foorumi_store::{Error as StoreError, conflicts, protocol, records, responsibilities};

use super::edit::checked_form;
use super::pages::{forum_title, load_region};
use super::{Chrome, PageError, PagePath, PageResult, date_text, error_text, render, to_login};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

/// Whether the viewer may register a disagreement in the region: the cooperation manager
/// for any party, a party's administrator for their own party.
fn may_register_conflict(actor: &Actor, region: Id) -> bool {
    allowed(actor, Action::Create, Object::Conflict { region, party: None })
        || actor.party_admin.iter().any(|p| allowed(actor, Action::Create, Object::Conflict { region, party: Some(*p) }))
}

/// A party's name in the viewer's language, or nothing for an unknown id.
fn party_name(register: &RegionRegister, lang: Lang, id: Id) -> String {
    register.party(id).map(|p| p.input.name.get(lang).to_owned()).unwrap_or_default()
}

fn forum_name(register: &RegionRegister, lang: Lang, id: Id) -> String {
    register.forum(id).map(|f| forum_title(lang, f)).unwrap_or_default()
}

/// The region's parties in the register's usual order: regional council, county,
/// municipalities, others.
fn ordered_parties(register: &RegionRegister, lang: Lang) -> Vec<&Party> {
    let mut parties: Vec<&Party> = register.parties.iter().collect();
    parties
        .sort_by(|a, b| kind_order(a.input.kind).cmp(&kind_order(b.input.kind)).then(a.input.name.get(lang).cmp(b.input.name.get(lang))));
    parties
}

/// An agenda item as a link: "12.3.2026 Kuntajohtajakokous § 14 Title".
struct ItemLink {
    href: String,
    label: String,
}

/// The item's link: to its meeting's record (`public`: the published one) and its label.
async fn item_link(state: &AppState, register: &RegionRegister, lang: Lang, item_id: Id, public: bool) -> Option<ItemLink> {
    let item: AgendaItem = records::get(&state.store, item_id).await.ok()?;
    let meeting: Meeting = records::get(&state.store, item.input.meeting_id).await.ok()?;
    let title = if item.input.public_title.is_empty() { item.input.title.clone() } else { item.input.public_title.clone() };
    let label = super::item_text(lang, register, meeting.input.date, item.forum_id, item.number, &title);
    let href = match (public, item.number) {
        (true, Some(n)) => format!("/meetings/{}/record#p{n}", meeting.id),
        (true, None) => format!("/meetings/{}/record", meeting.id),
        (false, _) => format!("/agenda-items/{item_id}/minutes"),
    };
    Some(ItemLink { href, label })
}

fn role_text(lang: Lang, role: cooperation::ResponsibilityRole) -> String {
    t(lang, &format!("responsibility-role-{role}"))
}

// ---- the division of responsibilities ------------------------------------------------

#[derive(serde::Deserialize, Default)]
pub struct MatrixQuery {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    party: String,
}

struct MatrixRow {
    id: Id,
    name: String,
    /// One cell per shown party: the role's class and text, empty where none.
    cells: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "responsibilities.html")]
struct MatrixPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    keeper: bool,
    /// (id, name, selected) for the filter's selects.
    topic_options: Vec<(Id, String, bool)>,
    party_options: Vec<(Id, String, bool)>,
    filtered: bool,
    /// Shown parties' names.
    columns: Vec<String>,
    rows: Vec<MatrixRow>,
    /// The roles' names with their explanation, for the legend.
    legend: Vec<(String, String)>,
}

pub async fn matrix(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<MatrixQuery>,
) -> PageResult {
    let lang = viewer.lang;
    let register = load_region(&state, &viewer, &code).await?;
    let region_id = register.region.id;
    let (topics, cells) = responsibilities::matrix(&state.store, region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let topic_filter: Option<Id> = query.topic.parse().ok();
    let party_filter: Option<Id> = query.party.parse().ok();
    // The columns are the parties with a role in some topic (or the one asked for).
    let parties: Vec<&Party> = ordered_parties(&register, lang)
        .into_iter()
        .filter(|p| cells.iter().any(|c| c.input.party_id == p.id))
        .filter(|p| party_filter.is_none_or(|f| f == p.id))
        .collect();
    let rows = topics
        .iter()
        .filter(|topic| topic_filter.is_none_or(|f| f == topic.id))
        .filter(|topic| party_filter.is_none_or(|f| cells.iter().any(|c| c.input.topic_id == topic.id && c.input.party_id == f)))
        .map(|topic| MatrixRow {
            id: topic.id,
            name: topic.input.name.get(lang).to_owned(),
            cells: parties
                .iter()
                .map(|party| {
                    cells
                        .iter()
                        .find(|c| c.input.topic_id == topic.id && c.input.party_id == party.id)
                        .map(|c| (c.input.role.as_str().replace('_', "-"), role_text(lang, c.input.role)))
                        .unwrap_or_default()
                })
                .collect(),
        })
        .collect();
    let region_name = register.region.input.name.get(lang).to_owned();
    let page = MatrixPage {
        c: Chrome::new(&viewer, t(lang, "responsibilities-title")).with_region(&code, &region_name),
        region_code: code.clone(),
        region_name,
        keeper: allowed(&viewer.actor(), Action::Update, Object::Cooperation { region: region_id }),
        topic_options: topics.iter().map(|tp| (tp.id, tp.input.name.get(lang).to_owned(), Some(tp.id) == topic_filter)).collect(),
        party_options: ordered_parties(&register, lang)
            .into_iter()
            .filter(|p| cells.iter().any(|c| c.input.party_id == p.id))
            .map(|p| (p.id, p.input.name.get(lang).to_owned(), Some(p.id) == party_filter))
            .collect(),
        filtered: topic_filter.is_some() || party_filter.is_some(),
        columns: parties.iter().map(|p| p.input.name.get(lang).to_owned()).collect(),
        rows,
        legend: cooperation::ResponsibilityRole::ALL
            .iter()
            .map(|r| (role_text(lang, *r), t(lang, &format!("responsibility-role-{r}-hint"))))
            .collect(),
    };
    Ok(render(&page))
}

struct TopicCell {
    party: String,
    role: String,
    legal_basis: String,
    forum: Option<(Id, String)>,
    post: String,
    /// The post's holder today and the address of their contact card.
    contact: Option<(String, String)>,
    edit: Option<String>,
}

#[derive(Template)]
#[template(path = "responsibility_topic.html")]
struct TopicPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    description: String,
    cells: Vec<TopicCell>,
    edit_topic: Option<String>,
    add_cell: Option<String>,
    conflict_href: Option<String>,
}

/// One topic with each party's role, legal basis, forum and contact.
pub async fn topic(State(state): State<AppState>, viewer: Viewer, PagePath((code, id)): PagePath<(String, Id)>) -> PageResult {
    let lang = viewer.lang;
    let register = load_region(&state, &viewer, &code).await?;
    let topic: ResponsibilityTopic = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    if topic.region_id != register.region.id {
        return Err(PageError::not_found(&viewer));
    }
    let (_, cells) = responsibilities::matrix(&state.store, register.region.id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let actor = viewer.actor();
    let keeper = allowed(&actor, Action::Update, Object::Cooperation { region: register.region.id });
    let today = foorumi_store::today();
    let mut mine: Vec<&Responsibility> = cells.iter().filter(|c| c.input.topic_id == topic.id).collect();
    mine.sort_by_key(|c| (c.input.role, register.party(c.input.party_id).map(|p| kind_order(p.input.kind)).unwrap_or(9)));
    let cells = mine
        .into_iter()
        .map(|cell| {
            let post = cell.input.post_id.and_then(|p| register.post(p));
            TopicCell {
                party: party_name(&register, lang, cell.input.party_id),
                role: role_text(lang, cell.input.role),
                legal_basis: cell.input.legal_basis.clone(),
                forum: cell.input.forum_id.map(|f| (f, forum_name(&register, lang, f))),
                post: post.map(|p| p.input.title.get(lang).to_owned()).unwrap_or_default(),
                contact: post.and_then(|p| {
                    register.holder_of(p.id, today).map(|person| (person.input.name.clone(), format!("/posts/{}/vcard", p.id)))
                }),
                edit: keeper.then(|| format!("/edit/responsibility/{}", cell.id)),
            }
        })
        .collect();
    let region_name = register.region.input.name.get(lang).to_owned();
    let may_register = may_register_conflict(&actor, register.region.id);
    let page = TopicPage {
        c: Chrome::new(&viewer, topic.input.name.get(lang).to_owned()).with_region(&code, &region_name),
        region_code: code.clone(),
        region_name,
        description: topic.input.description.get(lang).to_owned(),
        cells,
        edit_topic: keeper.then(|| format!("/edit/responsibility-topic/{}", topic.id)),
        add_cell: keeper.then(|| format!("/regions/{code}/new/responsibility?topic_id={}", topic.id)),
        conflict_href: may_register.then(|| format!("/regions/{code}/conflicts?topic={}", topic.id)),
    };
    Ok(render(&page))
}

// ---- conflicts ----------------------------------------------------------------------

#[derive(serde::Deserialize, Default)]
pub struct ConflictsQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    topic: String,
}

struct ConflictRow {
    id: Id,
    title: String,
    topic: String,
    parties: String,
    arose: String,
    now: String,
    status: String,
    status_class: String,
    raised_on: String,
}

#[derive(Template)]
#[template(path = "conflicts.html")]
struct ConflictsPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    /// ("", "open", "resolved") with their labels and whether chosen.
    statuses: Vec<(String, String, bool)>,
    rows: Vec<ConflictRow>,
    /// Whether the viewer may register one, with the topics to choose from.
    may_register: bool,
    topics: Vec<(Id, String, bool)>,
}

fn topic_name(topics: &HashMap<Id, ResponsibilityTopic>, lang: Lang, conflict: &Conflict) -> String {
    conflict
        .input
        .topic_id
        .and_then(|id| topics.get(&id))
        .map(|tp| tp.input.name.get(lang).to_owned())
        .unwrap_or_else(|| conflict.input.topic_text.clone())
}

/// Who may see the region's disagreements: those who take part in the cooperation.
fn may_see_conflicts(viewer: &Viewer, region: Id) -> bool {
    allowed(&viewer.actor(), Action::View, Object::Conflict { region, party: None })
}

/// The region's disagreements, open or resolved.
pub async fn conflicts_list(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<ConflictsQuery>,
) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    let lang = viewer.lang;
    let register = load_region(&state, &viewer, &code).await?;
    let region_id = register.region.id;
    if !may_see_conflicts(&viewer, region_id) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-page-forbidden"));
    }
    let status = ConflictStatus::parse(&query.status);
    let list = conflicts::conflicts_of(&state.store, region_id, status).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let (topics, _) = responsibilities::matrix(&state.store, region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let topic_map: HashMap<Id, ResponsibilityTopic> = topics.iter().map(|tp| (tp.id, tp.clone())).collect();
    let rows = list
        .iter()
        .map(|c| ConflictRow {
            id: c.id,
            title: c.input.title.clone(),
            topic: topic_name(&topic_map, lang, c),
            parties: c.input.party_ids.iter().map(|p| party_name(&register, lang, *p)).collect::<Vec<_>>().join(", "),
            arose: forum_name(&register, lang, c.input.forum_id),
            now: forum_name(&register, lang, c.current_forum_id),
            status: t(lang, &format!("conflict-status-{}", c.status)),
            status_class: c.status.as_str().to_owned(),
            raised_on: date_text(c.input.raised_on),
        })
        .collect();
    let actor = viewer.actor();
    let may_register = may_register_conflict(&actor, region_id);
    let chosen_topic: Option<Id> = query.topic.parse().ok();
    let region_name = register.region.input.name.get(lang).to_owned();
    let page = ConflictsPage {
        c: Chrome::new(&viewer, t(lang, "conflicts-title")).with_region(&code, &region_name),
        region_code: code,
        region_name,
        statuses: [("", "conflicts-all"), ("open", "conflict-status-open"), ("resolved", "conflict-status-resolved")]
            .iter()
            .map(|(value, key)| ((*value).to_owned(), t(lang, key), query.status == *value))
            .collect(),
        rows,
        may_register,
        topics: topics.iter().map(|tp| (tp.id, tp.input.name.get(lang).to_owned(), Some(tp.id) == chosen_topic)).collect(),
    };
    let mut response = render(&page);
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// Sends the register form on, with the topic chosen in the list.
pub async fn conflict_new(PagePath(code): PagePath<String>, Query(query): Query<ConflictsQuery>) -> PageResult {
    let topic = query.topic.parse::<Id>().map(|id| format!("?topic_id={id}")).unwrap_or_default();
    Ok(Redirect::to(&format!("/regions/{code}/new/conflict{topic}")).into_response())
}

struct StepView {
    date: String,
    text: String,
    note: String,
    item: Option<ItemLink>,
    /// The proposal an escalation made, and where it stands.
    proposal: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "conflict.html")]
struct ConflictPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    conflict_id: Id,
    version: i64,
    topic: String,
    topic_href: Option<String>,
    parties: String,
    raised_by: String,
    arose: String,
    arose_item: Option<ItemLink>,
    now: String,
    open: bool,
    status: String,
    description: String,
    resolution: String,
    resolved_item: Option<ItemLink>,
    steps: Vec<StepView>,
    keeper: bool,
    /// The forum one level up, if there is one.
    escalate_to: Option<String>,
    /// (id, label) of the items a step may name.
    items: Vec<(Id, String)>,
    errors: Vec<String>,
    today: String,
}

async fn conflict_page(state: &AppState, viewer: &Viewer, id: Id, errors: Vec<FieldError>) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(viewer));
    }
    let lang = viewer.lang;
    let conflict: Conflict = records::get(&state.store, id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let actor = viewer.actor();
    let object = Object::Conflict { region: conflict.region_id, party: conflict.input.raised_by };
    if !allowed(&actor, Action::View, object) {
        return Err(PageError::not_found(viewer));
    }
    let register = state.register(conflict.region_id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let code = register.region.input.code.clone();
    let topic = match conflict.input.topic_id {
        Some(topic_id) => records::get::<ResponsibilityTopic>(&state.store, topic_id).await.ok(),
        None => None,
    };
    let mut steps = Vec::new();
    for step in &conflict.steps {
        let item = match step.item_id {
            Some(item) => item_link(state, &register, lang, item, false).await,
            None => None,
        };
        let proposal = match step.proposal_id {
            Some(pid) => match records::get::<Proposal>(&state.store, pid).await {
                Ok(p) => {
                    let status = t(lang, &format!("conflict-proposal-{}", p.status));
                    Some((format!("/forums/{}/proposals", p.input.forum_id), status))
                }
                Err(_) => None,
            },
            None => None,
        };
        // The item the escalation's proposal became on the forum's agenda.
        let item = match (item, step.proposal_id) {
            (None, Some(pid)) => {
                let (accepted, _) = records::list::<AgendaItem>(
                    &state.store,
                    Some(conflict.region_id),
                    &[("proposal_id".to_owned(), pid.to_string())],
                    records::Page::default(),
                )
                .await
                .map_err(|e| PageError::from_store(viewer, e))?;
                match accepted.first() {
                    Some(item) => item_link(state, &register, lang, item.id, false).await,
                    None => None,
                }
            }
            (item, _) => item,
        };
        let forum = forum_name(&register, lang, step.forum_id);
        steps.push(StepView {
            date: date_text(step.taken_on),
            text: t_args(lang, &format!("conflict-step-{}", step.kind), &[("forum", forum)]),
            note: step.text.clone(),
            item,
            proposal,
        });
    }
    let keeper = allowed(&actor, Action::Update, object);
    let open = conflict.status == ConflictStatus::Open;
    let escalate_to =
        register.forum(conflict.current_forum_id).and_then(|f| f.input.parent_id).map(|parent| forum_name(&register, lang, parent));
    let items = if keeper && open {
        let mut forums = vec![conflict.current_forum_id];
        for step in &conflict.steps {
            if !forums.contains(&step.forum_id) {
                forums.push(step.forum_id);
            }
        }
        let mut items =
            foorumi_store::views::item_choices(&state.store, register.region.id).await.map_err(|e| PageError::from_store(viewer, e))?;
        items.retain(|i| forums.contains(&i.forum_id) && !i.cancelled);
        items.iter().map(|i| (i.item_id, super::item_choice_label(lang, &register, i))).collect()
    } else {
        Vec::new()
    };
    let arose_item = match conflict.input.item_id {
        Some(item) => item_link(state, &register, lang, item, false).await,
        None => None,
    };
    let resolved_item = match conflict.resolved_item_id {
        Some(item) => item_link(state, &register, lang, item, false).await,
        None => None,
    };
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c = Chrome::new(viewer, conflict.input.title.clone()).with_region(&code, &region_name);
    c.noindex = true;
    let page = ConflictPage {
        c,
        region_code: code.clone(),
        region_name,
        conflict_id: conflict.id,
        version: conflict.version,
        topic: topic.as_ref().map(|tp| tp.input.name.get(lang).to_owned()).unwrap_or_else(|| conflict.input.topic_text.clone()),
        topic_href: topic.as_ref().map(|tp| format!("/regions/{code}/responsibilities/{}", tp.id)),
        parties: conflict.input.party_ids.iter().map(|p| party_name(&register, lang, *p)).collect::<Vec<_>>().join(", "),
        raised_by: conflict.input.raised_by.map(|p| party_name(&register, lang, p)).unwrap_or_default(),
        arose: forum_name(&register, lang, conflict.input.forum_id),
        arose_item,
        now: forum_name(&register, lang, conflict.current_forum_id),
        open,
        status: t(lang, &format!("conflict-status-{}", conflict.status)),
        description: markdown::to_html(&conflict.input.description),
        resolution: conflict.resolution.clone(),
        resolved_item,
        steps,
        keeper,
        escalate_to,
        items,
        errors: errors.iter().map(|e| error_text(lang, e)).collect(),
        today: foorumi_store::today().format("%Y-%m-%d").to_string(),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut response = (status, render(&page)).into_response();
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// One disagreement with its way so far and, for its keeper, the next steps.
pub async fn conflict(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    conflict_page(&state, &viewer, id, Vec::new()).await
}

#[derive(Template)]
#[template(path = "conflict_escalate.html")]
struct EscalatePage {
    c: Chrome,
    conflict_id: Id,
    version: i64,
    title: String,
    from: String,
    to: String,
}

/// Asks to confirm an escalation, naming the forum it goes to.
pub async fn escalate_form(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    let lang = viewer.lang;
    let conflict: Conflict = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    if !allowed(&viewer.actor(), Action::Update, Object::Conflict { region: conflict.region_id, party: conflict.input.raised_by }) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-page-forbidden"));
    }
    let register = state.register(conflict.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let parent = register.forum(conflict.current_forum_id).and_then(|f| f.input.parent_id);
    if let Err(err) = cooperation::escalation_target(conflict.status, parent) {
        let StoreError::Invalid(list) = StoreError::from(err) else { return Err(PageError::not_found(&viewer)) };
        return conflict_page(&state, &viewer, id, list).await;
    }
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c = Chrome::new(&viewer, t(lang, "conflict-escalate-title")).with_region(&register.region.input.code, &region_name);
    c.noindex = true;
    let page = EscalatePage {
        c,
        conflict_id: id,
        version: conflict.version,
        title: conflict.input.title.clone(),
        from: forum_name(&register, lang, conflict.current_forum_id),
        to: parent.map(|p| forum_name(&register, lang, p)).unwrap_or_default(),
    };
    Ok(render(&page))
}

/// Back to the disagreement's page: at its steps when the step was taken, with the
/// errors when it was refused.
async fn after_step(state: &AppState, viewer: &Viewer, id: Id, result: foorumi_store::Result<()>) -> PageResult {
    let errors = match result {
        Ok(()) => return Ok(Redirect::to(&format!("/conflicts/{id}#steps")).into_response()),
        Err(StoreError::Invalid(list)) => list,
        Err(StoreError::Stale { .. }) => vec![FieldError::new("version", "error-page-stale")],
        Err(other) => return Err(PageError::from_store(viewer, other)),
    };
    conflict_page(state, viewer, id, errors).await
}

/// Escalates one level up, proposing an item to that forum's agenda.
pub async fn escalate(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let version = form.get("version").parse().unwrap_or(-1);
    let result =
        conflicts::escalate(&state.store, &viewer.actor(), &viewer.author(), id, version, form.get("note"), foorumi_store::today())
            .await
            .map(|_| ());
    after_step(&state, &viewer, id, result).await
}

/// Records that a forum discussed it at an item.
pub async fn discussed(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let mut errors = Vec::new();
    let version = form.get("version").parse().unwrap_or(-1);
    let item = form.required_id("item_id", &mut errors);
    let on = form.required_date("taken_on", &mut errors);
    if !errors.is_empty() {
        return conflict_page(&state, &viewer, id, errors).await;
    }
    let result = conflicts::record_discussion(&state.store, &viewer.actor(), &viewer.author(), id, version, item, form.get("note"), on)
        .await
        .map(|_| ());
    after_step(&state, &viewer, id, result).await
}

/// Resolves it at an item, with the resolution.
pub async fn resolve(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let mut errors = Vec::new();
    let version = form.get("version").parse().unwrap_or(-1);
    let item = form.id("item_id", &mut errors);
    let on = form.required_date("taken_on", &mut errors);
    if !errors.is_empty() {
        return conflict_page(&state, &viewer, id, errors).await;
    }
    let result = conflicts::resolve(&state.store, &viewer.actor(), &viewer.author(), id, version, item, form.get("resolution"), on)
        .await
        .map(|_| ());
    after_step(&state, &viewer, id, result).await
}

// ---- the cooperation protocol -------------------------------------------------------

struct ApprovalRow {
    party: String,
    result: String,
    result_class: String,
    body: String,
    url: String,
    date: String,
    section: String,
}

struct VersionRow {
    label: String,
    valid_from: String,
    accepted: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "protocol.html")]
struct ProtocolPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    /// Whether this is the page of one version (`/protocol/{label}`) rather than the current.
    single: bool,
    label: String,
    valid_from: String,
    text: String,
    accepted: Option<ItemLink>,
    acceptance_note: String,
    frozen: bool,
    approvals: Vec<ApprovalRow>,
    approvals_summary: String,
    versions: Vec<VersionRow>,
    /// The version compared with and the paragraphs (kind, text).
    diff_from: String,
    diff: Vec<(String, String)>,
    edit: Option<String>,
    new_version: Option<String>,
    ratifications_href: String,
}

async fn protocol_page(state: &AppState, viewer: &Viewer, code: &str, label: Option<&str>) -> PageResult {
    let lang = viewer.lang;
    let register = load_region(state, viewer, code).await?;
    let region_id = register.region.id;
    let versions = protocol::versions(&state.store, region_id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let today = foorumi_store::today();
    let current = cooperation::current_protocol(&versions, today);
    let shown = match label {
        Some(label) => Some(versions.iter().find(|v| v.input.label == label).ok_or_else(|| PageError::not_found(viewer))?),
        None => current,
    };
    let keeper = allowed(&viewer.actor(), Action::Update, Object::Cooperation { region: region_id });
    let region_name = register.region.input.name.get(lang).to_owned();
    let title = match (label, shown) {
        (Some(_), Some(v)) => t_args(lang, "protocol-version-title", &[("label", v.input.label.clone())]),
        _ => t(lang, "protocol-title"),
    };
    let mut page = ProtocolPage {
        c: Chrome::new(viewer, title).with_region(code, &region_name),
        region_code: code.to_owned(),
        region_name,
        single: label.is_some(),
        label: String::new(),
        valid_from: String::new(),
        text: String::new(),
        accepted: None,
        acceptance_note: String::new(),
        frozen: false,
        approvals: Vec::new(),
        approvals_summary: String::new(),
        versions: versions
            .iter()
            .rev()
            .map(|v| VersionRow {
                label: v.input.label.clone(),
                valid_from: date_text(v.input.valid_from),
                accepted: if v.frozen() {
                    t(lang, "protocol-accepted")
                } else if v.input.acceptance_note.is_empty() {
                    t(lang, "protocol-draft")
                } else {
                    v.input.acceptance_note.clone()
                },
                current: current.is_some_and(|c| c.id == v.id),
            })
            .collect(),
        diff_from: String::new(),
        diff: Vec::new(),
        edit: None,
        new_version: keeper.then(|| format!("/regions/{code}/new/protocol-version")),
        ratifications_href: format!("/regions/{code}/ratifications"),
    };
    if let Some(version) = shown {
        fill_version(state, &register, lang, &versions, version, keeper, &mut page).await.map_err(|e| PageError::from_store(viewer, e))?;
    }
    Ok(render(&page))
}

async fn fill_version(
    state: &AppState,
    register: &RegionRegister,
    lang: Lang,
    versions: &[ProtocolVersion],
    version: &ProtocolVersion,
    keeper: bool,
    page: &mut ProtocolPage,
) -> foorumi_store::Result<()> {
    page.label = version.input.label.clone();
    page.valid_from = date_text(version.input.valid_from);
    page.text = markdown::to_html(&version.input.text);
    page.frozen = version.frozen();
    page.acceptance_note = version.input.acceptance_note.clone();
    page.accepted = match version.input.item_id {
        Some(item) => item_link(state, register, lang, item, true).await,
        None => None,
    };
    let approvals = protocol::approvals(&state.store, version).await?;
    let decided = approvals.iter().filter(|a| a.decision.as_ref().is_some_and(|d| d.input.result != RatificationResult::Pending)).count();
    page.approvals_summary =
        t_args(lang, "ratifications-summary", &[("decided", decided.to_string()), ("parties", approvals.len().to_string())]);
    page.approvals = approvals
        .iter()
        .map(|a| {
            let result = a.decision.as_ref().map_or(RatificationResult::Pending, |d| d.input.result);
            ApprovalRow {
                party: a.party.input.name.get(lang).to_owned(),
                result: t(lang, &format!("ratification-result-{result}")),
                result_class: result.as_str().to_owned(),
                body: a.decision.as_ref().map(|d| d.input.body.clone()).unwrap_or_default(),
                url: a.decision.as_ref().map(|d| d.input.url.clone()).unwrap_or_default(),
                date: a.decision.as_ref().and_then(|d| d.input.decided_on).map(date_text).unwrap_or_default(),
                section: a.decision.as_ref().map(|d| d.input.section.clone()).unwrap_or_default(),
            }
        })
        .collect();
    if let Some(before) = cooperation::predecessor(versions, version) {
        page.diff_from = before.input.label.clone();
        page.diff = cooperation::paragraph_diff(&before.input.text, &version.input.text)
            .into_iter()
            .map(|line| match line {
                DiffLine::Same(text) => ("same".to_owned(), text),
                DiffLine::Removed(text) => ("removed".to_owned(), text),
                DiffLine::Added(text) => ("added".to_owned(), text),
            })
            .collect();
    }
    page.edit = (keeper && !version.frozen()).then(|| format!("/edit/protocol-version/{}", version.id));
    Ok(())
}

/// The protocol in force, its versions and the parties' approvals: public (R1.15).
pub async fn protocol_current(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>) -> PageResult {
    protocol_page(&state, &viewer, &code, None).await
}

/// One version, at a stable address, compared with the one before.
pub async fn protocol_version(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((code, label)): PagePath<(String, String)>,
) -> PageResult {
    protocol_page(&state, &viewer, &code, Some(&label)).await
}
