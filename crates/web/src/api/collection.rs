//! The five operations every record type of the register has, written once: list, get,
//! create, replace and delete, over the store's generic `records` functions. A record
//! type joins the API by implementing `Collection` (its name in URLs, and how its input's
//! schema is found); `super::routes` then registers its routes and documents them in the
//! same step.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use foorumi_core::permissions::{self, Action, Actor, Object};
use foorumi_core::*;
use foorumi_store::records::{self, Page, Record};
use foorumi_store::{Store, views};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::{RefOr, Schema};

use super::caller::{self, Caller};
use super::problem::{ApiError, ApiResult};
use super::{PREFIX, etag};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::t_args;

/// A store call that may move between threads.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = foorumi_store::Result<T>> + Send + 'a>>;

/// Records in a list response, unless the caller asks for another number.
pub const DEFAULT_LIMIT: i64 = 100;
/// The most records one list response holds.
pub const MAX_LIMIT: i64 = 1000;

/// Query parameters that are not filters.
const REGION: &str = "region";
const OFFSET: &str = "offset";
const LIMIT: &str = "limit";
/// Read by the language negotiation in front of every route.
const LANG: &str = "lang";

/// A record type served under `/api/v1/{PATH}`.
pub trait Collection: Record + ToSchema {
    /// The collection's name in URLs ("council-terms").
    const PATH: &'static str;
    /// Whether records belong to a region (everything but regions themselves), given on
    /// create as `?region=07`.
    const IN_REGION: bool = true;

    /// The name under which the input's schema is listed, and its schema with the schemas
    /// it refers to.
    fn input_schema(schemas: &mut Vec<(String, RefOr<Schema>)>) -> Cow<'static, str>;

    // The store's generic functions, boxed as `Send` futures. Written out per type (by
    // `collection!`) because only for a concrete type does the compiler know that the
    // store's futures may move between threads, which axum's handlers need.
    fn fetch(store: &Store, id: Id) -> StoreFuture<'_, Self>;
    fn fetch_page<'a>(
        store: &'a Store,
        region_id: Option<Id>,
        filters: &'a [(String, String)],
        page: Page,
    ) -> StoreFuture<'a, (Vec<Self>, i64)>;
    fn insert<'a>(store: &'a Store, caller: &'a Caller, region_id: Id, input: Self::Input) -> StoreFuture<'a, Self>;
    fn replace<'a>(store: &'a Store, caller: &'a Caller, id: Id, expected: i64, input: Self::Input) -> StoreFuture<'a, Self>;
    fn remove<'a>(store: &'a Store, caller: &'a Caller, id: Id, expected: Option<i64>) -> StoreFuture<'a, ()>;

    /// Whether some records are not for every caller: lists then count only what the
    /// caller may see, so not even the number of hidden records shows.
    const RESTRICTED: bool = false;

    /// The meeting and item whose live followers a write of this record concerns (an
    /// item's record being written during the meeting).
    fn live_item(&self) -> Option<(Id, Id)> {
        None
    }

    /// Whether this caller may see the record at all (agendas in preparation and
    /// proposals are their forum's own).
    fn visible(&self, _actor: &Actor) -> bool {
        true
    }

    /// Removes what this caller may not see; `restricted_visible` says whether contact
    /// details that are not public may be shown in a region.
    fn redact(&mut self, _restricted_visible: &mut dyn FnMut(Id) -> bool) {}
}

macro_rules! collection {
    ($record:ty, $input:ty, $path:literal $(, in_region = $in_region:literal)? $(, { $($extra:item)* })?) => {
        impl Collection for $record {
            const PATH: &'static str = $path;
            $(const IN_REGION: bool = $in_region;)?
            fn input_schema(schemas: &mut Vec<(String, RefOr<Schema>)>) -> Cow<'static, str> {
                schemas.push((<$input as ToSchema>::name().into_owned(), <$input as utoipa::PartialSchema>::schema()));
                <$input as ToSchema>::schemas(schemas);
                <$input as ToSchema>::name()
            }
            fn fetch(store: &Store, id: Id) -> StoreFuture<'_, Self> {
                Box::pin(records::get::<$record>(store, id))
            }
            fn fetch_page<'a>(store: &'a Store, region_id: Option<Id>, filters: &'a [(String, String)], page: Page)
            -> StoreFuture<'a, (Vec<Self>, i64)> {
                Box::pin(records::list::<$record>(store, region_id, filters, page))
            }
            fn insert<'a>(store: &'a Store, caller: &'a Caller, region_id: Id, input: $input) -> StoreFuture<'a, Self> {
                Box::pin(records::create::<$record>(store, &caller.actor, &caller.author, region_id, input))
            }
            fn replace<'a>(store: &'a Store, caller: &'a Caller, id: Id, expected: i64, input: $input) -> StoreFuture<'a, Self> {
                Box::pin(records::update::<$record>(store, &caller.actor, &caller.author, id, expected, input))
            }
            fn remove<'a>(store: &'a Store, caller: &'a Caller, id: Id, expected: Option<i64>) -> StoreFuture<'a, ()> {
                Box::pin(records::delete::<$record>(store, &caller.actor, &caller.author, id, expected))
            }
            $($($extra)*)?
        }
    };
}

collection!(Region, RegionInput, "regions", in_region = false);
collection!(Party, PartyInput, "parties");
collection!(Person, PersonInput, "people", {
    /// Contact details not marked public are for signed-in users with a role (domain:
    /// the register is public, the people in it are not).
    fn redact(&mut self, restricted_visible: &mut dyn FnMut(Id) -> bool) {
        if !restricted_visible(self.region_id) {
            self.input.contacts.retain(|c| c.public);
        }
    }
});
collection!(Post, PostInput, "posts");
collection!(Holding, HoldingInput, "holdings");
collection!(Forum, ForumInput, "forums");
collection!(CouncilTerm, TermInput, "council-terms");
collection!(Seat, SeatInput, "seats");
collection!(LegalBasis, LegalBasisInput, "legal-bases");
collection!(StandingItem, StandingItemInput, "standing-items");
// A member disqualified in a non-public item reads neither its preparation nor its
// non-public attachments (R2.6).
collection!(AgendaItem, AgendaItemInput, "agenda-items", {
    const RESTRICTED: bool = true;
    fn visible(&self, actor: &Actor) -> bool {
        permissions::allowed(actor, Action::View, Object::AgendaItem { region: self.region_id, forum: self.forum_id })
            && !actor.person_id.is_some_and(|p| self.withheld_from.contains(&p))
    }
});
collection!(Attachment, AttachmentInput, "attachments", {
    const RESTRICTED: bool = true;
    fn visible(&self, actor: &Actor) -> bool {
        permissions::allowed(actor, Action::View, Object::AgendaItem { region: self.region_id, forum: self.forum_id })
            && !actor.person_id.is_some_and(|p| self.withheld_from.contains(&p))
    }
});
/// The record of a meeting in the making is its forum's own, like the agenda being
/// prepared; the public reads the published version.
macro_rules! forum_record {
    ($record:ty, $input:ty, $path:literal) => {
        collection!($record, $input, $path, {
            const RESTRICTED: bool = true;
            fn visible(&self, actor: &Actor) -> bool {
                permissions::allowed(actor, Action::View, Object::AgendaItem { region: self.region_id, forum: self.forum_id })
            }
        });
    };
}
forum_record!(Minutes, MinutesInput, "minutes");
forum_record!(PresenceRecord, PresenceInput, "presences");
/// A part of an item's record: the forum's, except for someone disqualified in a
/// non-public item (R2.6).
macro_rules! item_part {
    ($record:ty, $input:ty, $path:literal $(, $($extra:item)*)?) => {
        collection!($record, $input, $path, {
            const RESTRICTED: bool = true;
            fn visible(&self, actor: &Actor) -> bool {
                permissions::allowed(actor, Action::View, Object::AgendaItem { region: self.region_id, forum: self.forum_id })
                    && !actor.person_id.is_some_and(|p| self.withheld_from.contains(&p))
            }
            $($($extra)*)?
        });
    };
}
item_part!(
    ItemRecord,
    ItemRecordInput,
    "item-records",
    fn live_item(&self) -> Option<(Id, Id)> {
        Some((self.meeting_id, self.input.item_id))
    }
);
item_part!(Disqualification, DisqualificationInput, "disqualifications");
item_part!(Vote, VoteInput, "votes");
item_part!(Dissent, DissentInput, "dissents");
collection!(ActionItem, ActionInput, "actions", {
    const RESTRICTED: bool = true;
    fn visible(&self, actor: &Actor) -> bool {
        let object = Object::ActionItem { region: self.region_id, forum: self.forum_id, party: self.input.owner_party_id };
        permissions::allowed(actor, Action::View, object)
    }
});
collection!(Ratification, RatificationInput, "ratifications");
collection!(AppealTemplate, AppealTemplateInput, "appeal-templates");
// Recipients are often private persons: only those who keep the record see them (R2.12).
collection!(PartyNotification, PartyNotificationInput, "party-notifications", {
    const RESTRICTED: bool = true;
    fn visible(&self, actor: &Actor) -> bool {
        permissions::allowed(actor, Action::Update, Object::AgendaItem { region: self.region_id, forum: self.forum_id })
    }
});
collection!(Proposal, ProposalInput, "proposals", {
    const RESTRICTED: bool = true;
    fn visible(&self, actor: &Actor) -> bool {
        let object = Object::Proposal {
            region: self.region_id,
            forum: self.input.forum_id,
            party: self.input.party_id,
            person: self.input.person_id,
        };
        permissions::allowed(actor, Action::View, object)
    }
});
// Issue 5: the division of responsibilities and the protocol are public; disagreements
// are for those who take part in the cooperation.
collection!(foorumi_core::cooperation::ResponsibilityTopic, foorumi_core::cooperation::ResponsibilityTopicInput, "responsibility-topics");
collection!(foorumi_core::cooperation::Responsibility, foorumi_core::cooperation::ResponsibilityInput, "responsibilities");
collection!(foorumi_core::cooperation::ProtocolVersion, foorumi_core::cooperation::ProtocolVersionInput, "protocol-versions");
collection!(foorumi_core::cooperation::Conflict, foorumi_core::cooperation::ConflictInput, "conflicts", {
    const RESTRICTED: bool = true;
    fn visible(&self, actor: &Actor) -> bool {
        permissions::allowed(actor, Action::View, Object::Conflict { region: self.region_id, party: self.input.raised_by })
    }
});
// Issue 5: the council term's goals and their follow-up, public like the register.
collection!(foorumi_core::goals::TermLine, foorumi_core::goals::TermLineInput, "term-lines");
collection!(foorumi_core::goals::Goal, foorumi_core::goals::GoalInput, "goals");
collection!(foorumi_core::goals::Measure, foorumi_core::goals::MeasureInput, "measures");
collection!(foorumi_core::goals::GoalTarget, foorumi_core::goals::GoalTargetInput, "goal-targets");
collection!(foorumi_core::goals::GoalStatus, foorumi_core::goals::GoalStatusInput, "goal-statuses");
collection!(foorumi_core::goals::GoalAssessment, foorumi_core::goals::GoalAssessmentInput, "goal-assessments");
// Issue 5: the statutory wellbeing reporting is public (R3.1–R3.3); a preparedness
// workspace is its forum's members' own, except the notes marked public (R3.9).
collection!(foorumi_core::wellbeing::WellbeingReport, foorumi_core::wellbeing::WellbeingReportInput, "wellbeing-reports");
collection!(foorumi_core::wellbeing::Negotiation, foorumi_core::wellbeing::NegotiationInput, "negotiations");
collection!(
    foorumi_core::preparedness::PreparednessContact,
    foorumi_core::preparedness::PreparednessContactInput,
    "preparedness-contacts",
    {
        const RESTRICTED: bool = true;
        fn visible(&self, actor: &Actor) -> bool {
            permissions::allowed(actor, Action::View, Object::Workspace { region: self.region_id, forum: self.input.forum_id })
        }
    }
);
collection!(foorumi_core::preparedness::PreparednessNote, foorumi_core::preparedness::PreparednessNoteInput, "preparedness-notes", {
    const RESTRICTED: bool = true;
    fn visible(&self, actor: &Actor) -> bool {
        self.input.public
            || permissions::allowed(actor, Action::View, Object::Workspace { region: self.region_id, forum: self.input.forum_id })
    }
});
collection!(Meeting, MeetingInput, "meetings", {
    /// The online link is for the invited, as in the calendar feeds: callers without a role
    /// in the region get the meeting without it.
    fn redact(&mut self, restricted_visible: &mut dyn FnMut(Id) -> bool) {
        if !restricted_visible(self.region_id) {
            self.input.online_url.clear();
        }
    }
});

/// Redacts records for `actor`, asking the permission rules once per region.
fn redact_all<C: Collection>(actor: &Actor, items: &mut [C]) {
    let mut answers: HashMap<Id, bool> = HashMap::new();
    let mut visible = |region: Id| {
        *answers.entry(region).or_insert_with(|| permissions::allowed(actor, Action::View, Object::RestrictedContacts { region }))
    };
    for item in items {
        item.redact(&mut visible);
    }
}

/// The query's (name, value) pairs, in order.
fn query_pairs(uri: &axum::http::Uri, lang: Lang) -> ApiResult<Vec<(String, String)>> {
    serde_urlencoded::from_str(uri.query().unwrap_or_default())
        .map_err(|_| ApiError::invalid(lang, &[FieldError::new("query", "error-invalid")]))
}

fn integer(lang: Lang, name: &str, value: &str, min: i64) -> ApiResult<i64> {
    match value.trim().parse::<i64>() {
        Ok(n) if n >= min => Ok(n),
        Ok(_) => Err(ApiError::invalid(lang, &[FieldError::new(name, "error-invalid")])),
        Err(_) => Err(ApiError::invalid(lang, &[FieldError::new(name, "error-integer")])),
    }
}

/// The region named by its code in `?region=`, 404 when there is none.
async fn region(state: &AppState, lang: Lang, code: &str) -> ApiResult<Region> {
    views::region_by_code(&state.store, code).await.map_err(|err| match err {
        foorumi_store::Error::NotFound => ApiError::not_found(lang)
            .detail(t_args(lang, "problem-unknown-region-detail", &[("code", code.to_owned())]))
            .field(REGION, "error-not-found"),
        other => ApiError::from_store(lang, other),
    })
}

pub(super) fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes).into_response()
}

/// One record, with its version as the entity tag.
pub(super) fn record_response<R: Record>(status: StatusCode, record: &R) -> Response {
    let mut response = json_response(status, record);
    response.headers_mut().insert(header::ETAG, etag(record.version()));
    response
}

fn location<C: Collection>(id: Id) -> HeaderValue {
    HeaderValue::from_str(&format!("{PREFIX}/{}/{id}", C::PATH)).expect("paths are ASCII")
}

/// A record id from the path; anything else names no record.
pub(super) fn record_id(lang: Lang, text: &str) -> ApiResult<Id> {
    text.parse::<Id>().ok().filter(|id| *id > 0).ok_or_else(|| ApiError::not_found(lang))
}

// ---- list ---------------------------------------------------------------------------

#[derive(Serialize)]
struct ListBody<'a, R> {
    items: &'a [R],
    total: i64,
    offset: i64,
    limit: i64,
}

pub async fn list<C: Collection>(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let pairs = query_pairs(&uri, lang)?;
    let mut region_code = None;
    let mut page = Page { offset: 0, limit: DEFAULT_LIMIT };
    let mut filters = Vec::new();
    for (name, value) in &pairs {
        match name.as_str() {
            REGION => region_code = Some(value.as_str()),
            OFFSET => page.offset = integer(lang, OFFSET, value, 0)?,
            LIMIT => page.limit = integer(lang, LIMIT, value, 1)?.min(MAX_LIMIT),
            LANG => {}
            _ => filters.push((name.clone(), value.clone())),
        }
    }
    let actor = caller::reader(&state, &headers, &viewer).await?;
    let region_id = match region_code {
        Some(code) => Some(region(&state, lang, code).await?.id),
        None => None,
    };
    let (mut items, total) = if C::RESTRICTED {
        visible_page::<C>(&state.store, &actor, region_id, &filters, page).await
    } else {
        C::fetch_page(&state.store, region_id, &filters, page).await
    }
    .map_err(|err| ApiError::from_store(lang, err))?;
    redact_all(&actor, &mut items);
    let mut response = json_response(StatusCode::OK, &ListBody { items: &items, total, offset: page.offset, limit: page.limit });
    let mut links = Vec::new();
    let end = page.offset + items.len() as i64;
    if end < total {
        links.push(page_link(uri.path(), &pairs, end, page.limit, "next"));
    }
    if page.offset > 0 {
        links.push(page_link(uri.path(), &pairs, (page.offset - page.limit).max(0), page.limit, "prev"));
    }
    if !links.is_empty() {
        let value = HeaderValue::from_str(&links.join(", ")).expect("links are URL-encoded");
        response.headers_mut().insert(header::LINK, value);
    }
    Ok(response)
}

/// A page of the records the caller may see, counted among those alone. Such records are
/// few per region (an agenda's items, a forum's proposals), so all are read and filtered.
async fn visible_page<C: Collection>(
    store: &Store,
    actor: &Actor,
    region_id: Option<Id>,
    filters: &[(String, String)],
    page: Page,
) -> foorumi_store::Result<(Vec<C>, i64)> {
    let mut visible = Vec::new();
    let mut offset = 0;
    loop {
        let (batch, total) = C::fetch_page(store, region_id, filters, Page { offset, limit: MAX_LIMIT }).await?;
        offset += batch.len() as i64;
        let done = batch.is_empty() || offset >= total;
        visible.extend(batch.into_iter().filter(|item| item.visible(actor)));
        if done {
            break;
        }
    }
    let total = visible.len() as i64;
    let items = visible.into_iter().skip(page.offset.max(0) as usize).take(page.limit.max(1) as usize).collect();
    Ok((items, total))
}

/// The same list from another offset, as an RFC 8288 link.
fn page_link(path: &str, pairs: &[(String, String)], offset: i64, limit: i64, rel: &str) -> String {
    let mut query: Vec<(&str, String)> =
        pairs.iter().filter(|(name, _)| name != OFFSET && name != LIMIT).map(|(n, v)| (n.as_str(), v.clone())).collect();
    query.push((OFFSET, offset.to_string()));
    query.push((LIMIT, limit.to_string()));
    let query = serde_urlencoded::to_string(&query).unwrap_or_default();
    format!("<{path}?{query}>; rel=\"{rel}\"")
}

// ---- get ----------------------------------------------------------------------------

pub async fn get_one<C: Collection>(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let id = record_id(lang, &id)?;
    let actor = caller::reader(&state, &headers, &viewer).await?;
    let mut record = C::fetch(&state.store, id).await.map_err(|err| ApiError::from_store(lang, err))?;
    if !record.visible(&actor) {
        return Err(ApiError::not_found(lang));
    }
    redact_all(&actor, std::slice::from_mut(&mut record));
    Ok(record_response(StatusCode::OK, &record))
}

// ---- create -------------------------------------------------------------------------

pub async fn create<C: Collection>(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let mut region_code = None;
    for (name, value) in query_pairs(&uri, lang)? {
        match name.as_str() {
            REGION if C::IN_REGION => region_code = Some(value),
            LANG => {}
            _ => return Err(ApiError::invalid(lang, &[FieldError::new(&name, "error-unknown-parameter")])),
        }
    }
    let input = read_body::<C>(lang, &headers, body)?;
    let region_id = match (C::IN_REGION, region_code) {
        (false, _) => 0,
        (true, Some(code)) => region(&state, lang, &code).await?.id,
        (true, None) => return Err(ApiError::invalid(lang, &[FieldError::new(REGION, "error-required")])),
    };
    let mut record = C::insert(&state.store, &caller, region_id, input).await.map_err(|err| ApiError::from_store(lang, err))?;
    if let Some((meeting, item)) = record.live_item() {
        crate::html::announce(&state, meeting, item).await;
    }
    redact_all(&caller.actor, std::slice::from_mut(&mut record));
    let mut response = record_response(StatusCode::CREATED, &record);
    response.headers_mut().insert(header::LOCATION, location::<C>(record.id()));
    Ok(response)
}

// ---- replace ------------------------------------------------------------------------

pub async fn update<C: Collection>(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let versions = match if_match(&headers) {
        None | Some(IfMatch::Any) => return Err(ApiError::new(lang, StatusCode::PRECONDITION_REQUIRED, "precondition-required")),
        Some(IfMatch::Versions(versions)) => versions,
    };
    let input = read_body::<C>(lang, &headers, body)?;
    let id = record_id(lang, &id)?;
    let expected = expected_version::<C>(&state, lang, id, &versions).await?;
    let mut record = C::replace(&state.store, &caller, id, expected, input).await.map_err(|err| ApiError::from_store(lang, err))?;
    if let Some((meeting, item)) = record.live_item() {
        crate::html::announce(&state, meeting, item).await;
    }
    redact_all(&caller.actor, std::slice::from_mut(&mut record));
    Ok(record_response(StatusCode::OK, &record))
}

// ---- delete -------------------------------------------------------------------------

pub async fn delete<C: Collection>(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let lang = viewer.lang;
    let caller = caller::writer(&state, &headers, &viewer).await?;
    let id = record_id(lang, &id)?;
    let expected = match if_match(&headers) {
        None | Some(IfMatch::Any) => None,
        Some(IfMatch::Versions(versions)) => Some(expected_version::<C>(&state, lang, id, &versions).await?),
    };
    C::remove(&state.store, &caller, id, expected).await.map_err(|err| ApiError::from_store(lang, err))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---- bodies and preconditions -------------------------------------------------------

/// The request body as the record's input: JSON only, every field named when wrong.
fn read_body<C: Collection>(lang: Lang, headers: &HeaderMap, body: Result<Bytes, BytesRejection>) -> ApiResult<C::Input> {
    if !is_json(headers) {
        return Err(ApiError::new(lang, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"));
    }
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(lang, StatusCode::PAYLOAD_TOO_LARGE, "too-large")
        } else {
            ApiError::invalid(lang, &[FieldError::new("", "error-invalid")])
        }
    })?;
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let input = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| ApiError::from_json(lang, err))?;
    deserializer.end().map_err(|err| ApiError::json_syntax(lang, String::new(), &err))?;
    Ok(input)
}

/// `application/json` or any `application/…+json`, with or without parameters.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

enum IfMatch {
    Any,
    /// The versions named by strong entity tags (weak ones never match a write).
    Versions(Vec<i64>),
}

fn if_match(headers: &HeaderMap) -> Option<IfMatch> {
    let values: Vec<&str> = headers.get_all(header::IF_MATCH).iter().filter_map(|v| v.to_str().ok()).collect();
    if values.is_empty() {
        return None;
    }
    let tags: Vec<&str> = values.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|t| !t.is_empty()).collect();
    if tags.contains(&"*") {
        return Some(IfMatch::Any);
    }
    let versions = tags.iter().filter(|tag| !tag.starts_with("W/")).filter_map(|tag| tag.trim_matches('"').parse::<i64>().ok()).collect();
    Some(IfMatch::Versions(versions))
}

/// The version to hand the store: the one the caller named, or, when it named several,
/// the current one if it is among them. A precondition that names no version of the
/// record fails with the current one.
async fn expected_version<C: Collection>(state: &AppState, lang: Lang, id: Id, versions: &[i64]) -> ApiResult<i64> {
    if let [version] = versions {
        return Ok(*version);
    }
    let current = C::fetch(&state.store, id).await.map_err(|err| ApiError::from_store(lang, err))?.version();
    if versions.contains(&current) { Ok(current) } else { Err(ApiError::stale(lang, current)) }
}
