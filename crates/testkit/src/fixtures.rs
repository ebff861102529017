//! The small fixtures every integration test needs: dates, the administrator writing
//! records, record inputs with plain defaults, the region Päijät-Häme, accounts, and a
//! browser that signs in through the login form.
//!
//! The input builders give the common case; a test that needs something else changes
//! the returned struct (`ForumInput { level: ForumLevel::Chairs, ..forum("X") }`), so
//! what it relies on stands in the test itself.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_store::accounts::{self, NewUser};
use foorumi_store::audit::Author;
use foorumi_store::records::{self, Record};
use foorumi_store::{Error, Store};
use foorumi_store::{indicator_files, indicators};
use reqwest::header::{AsHeaderName, HeaderMap};
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

use crate::TestApp;

/// The password of every account the fixtures create.
pub const PASSWORD: &str = "oikein-pitkä-salasana-2025";

// ---- values ---------------------------------------------------------------------------

/// "2026-03-12" as a date.
pub fn d(text: &str) -> NaiveDate {
    text.parse().unwrap_or_else(|err| panic!("test date {text:?}: {err}"))
}

/// "2026-11-12 12:00" as a date and time.
pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap_or_else(|err| panic!("test time {text:?}: {err}"))
}

/// "09:30" as a time of day.
pub fn hm(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").unwrap_or_else(|err| panic!("test time {text:?}: {err}"))
}

/// The instance administrator, who may write anything: fixtures are set up as them.
pub fn admin() -> Actor {
    Actor { instance_admin: true, ..Actor::default() }
}

/// The audit log's author of what the fixtures write.
pub fn author() -> Author {
    Author::system("test")
}

// ---- the store ------------------------------------------------------------------------

/// Creates a record as the administrator; a refusal fails the test with its reason.
pub async fn create<R: Record>(store: &Store, region_id: Id, input: R::Input) -> R {
    create_as::<R>(store, &admin(), region_id, input).await
}

/// Creates a record as `actor`; a refusal fails the test with its reason.
pub async fn create_as<R: Record>(store: &Store, actor: &Actor, region_id: Id, input: R::Input) -> R {
    match records::create::<R>(store, actor, &author(), region_id, input).await {
        Ok(record) => record,
        Err(err) => panic!("create {}: {err:?}", R::ENTITY),
    }
}

/// Saves a meeting changed as the secretary's form would change it, at its version, as
/// the administrator.
pub async fn edit_meeting(store: &Store, meeting: &Meeting, change: impl FnOnce(&mut MeetingInput)) -> Meeting {
    let mut input = meeting.input.clone();
    change(&mut input);
    match records::update::<Meeting>(store, &admin(), &author(), meeting.id, meeting.version, input).await {
        Ok(updated) => updated,
        Err(err) => panic!("edit meeting {}: {err:?}", meeting.input.date),
    }
}

/// The meeting on `day` ("2026-03-10") among `meetings`; none fails the test.
pub fn meeting_on(meetings: &[Meeting], day: &str) -> Meeting {
    meetings.iter().find(|m| m.input.date == d(day)).cloned().unwrap_or_else(|| panic!("no meeting on {day}: {meetings:?}"))
}

/// The rows in `table` (to show that a refused write wrote nothing).
pub async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|err| panic!("count the rows of {table}: {err}"))
}

/// The field errors of an `Error::Invalid`, as (field, code) pairs; any other result
/// fails the test.
pub fn fields<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<(String, String)> {
    match result {
        Err(Error::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// Fails the test unless `result` is `Error::Forbidden`.
#[track_caller]
pub fn assert_forbidden<T: std::fmt::Debug>(result: Result<T, Error>) {
    assert!(matches!(result, Err(Error::Forbidden)), "expected Forbidden, got {result:?}");
}

/// One (field, code) pair, to compare with `fields`.
pub fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

// ---- indicator data -----------------------------------------------------------------

/// Where the indicator files are: THL Sotkanet's and geofi's answers, kept small.
pub const INDICATOR_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/indicators/");

/// A file of `INDICATOR_DATA` as text.
pub fn indicator_data(name: &str) -> String {
    std::fs::read_to_string(format!("{INDICATOR_DATA}{name}")).unwrap_or_else(|err| panic!("{name}: {err}"))
}

/// Sotkanet's region list (the areas) and the catalogue: population on 31 December (127)
/// and the seven health indicators of the metadata file, as the import gives them.
pub async fn load_catalogue(store: &Store) {
    let regions = indicator_files::read_regions(&indicator_data("SotkaRegions.json")).expect("the region list");
    indicators::import_areas(store, &admin(), &author(), &regions).await.expect("import the areas");
    let mut patches = indicator_files::read_metadata(&indicator_data("SotkaIndicators_127.json")).expect("the catalogue");
    patches.extend(indicator_files::read_metadata(&indicator_data("sotkanet_indicator_metadata_7.json")).expect("the catalogue"));
    indicators::apply_catalogue(store, &admin(), &author(), &patches).await.expect("load the catalogue");
}

// ---- record inputs --------------------------------------------------------------------

/// Päijät-Häme, region 07, as the region input.
pub fn paijat_hame_input() -> RegionInput {
    RegionInput { code: "07".into(), name: Names::new("Päijät-Häme", "Päijänne-Tavastland", "Päijät-Häme") }
}

/// Creates the region Päijät-Häme (07).
pub async fn create_paijat_hame(store: &Store) -> Region {
    create::<Region>(store, 0, paijat_hame_input()).await
}

/// Päijät-Häme as the register keeps it, with the dated membership the indicator
/// figures follow: today's ten municipalities, Iitti only from 2021 (Kymenlaakso
/// before), Nastola and Hämeenkoski until their mergers at the end of 2015 — the same
/// membership as the demo's. None has signed the protocol.
pub async fn paijat_hame_with_municipalities(store: &Store) -> Region {
    let region = create_paijat_hame(store).await;
    let period = |region: &str, from: &str, until: Option<&str>| RegionPeriod {
        region_code: region.into(),
        valid_from: d(from),
        valid_until: until.map(d),
    };
    let municipalities = [
        ("016", "Asikkala", vec![period("07", "1900-01-01", None)]),
        ("081", "Hartola", vec![period("07", "1900-01-01", None)]),
        ("098", "Hollola", vec![period("07", "1900-01-01", None)]),
        ("111", "Heinola", vec![period("07", "1900-01-01", None)]),
        ("142", "Iitti", vec![period("08", "1900-01-01", Some("2020-12-31")), period("07", "2021-01-01", None)]),
        ("283", "Hämeenkoski", vec![period("07", "1900-01-01", Some("2015-12-31"))]),
        ("316", "Kärkölä", vec![period("07", "1900-01-01", None)]),
        ("398", "Lahti", vec![period("07", "1900-01-01", None)]),
        ("532", "Nastola", vec![period("07", "1900-01-01", Some("2015-12-31"))]),
        ("560", "Orimattila", vec![period("07", "1900-01-01", None)]),
        ("576", "Padasjoki", vec![period("07", "1900-01-01", None)]),
        ("781", "Sysmä", vec![period("07", "1900-01-01", None)]),
    ];
    for (code, name, region_periods) in municipalities {
        create::<Party>(store, region.id, PartyInput { signed_protocol: false, region_periods, ..municipality(code, name) }).await;
    }
    region
}

/// A member of region 07 since 1997 (the founding of Päijät-Häme's regional council),
/// with no end.
pub fn in_07() -> Vec<RegionPeriod> {
    vec![RegionPeriod { region_code: "07".into(), valid_from: d("1997-01-01"), valid_until: None }]
}

/// A party named `name` in all three languages, that has signed the cooperation
/// protocol and is a member of region 07 (`in_07`).
pub fn party(kind: PartyKind, code: Option<&str>, name: &str) -> PartyInput {
    PartyInput {
        kind,
        code: code.map(str::to_owned),
        name: Names::new(name, name, name),
        signed_protocol: true,
        is_example: false,
        region_periods: in_07(),
    }
}

/// A municipality with its official code: `party(PartyKind::Municipality, …)`.
pub fn municipality(code: &str, name: &str) -> PartyInput {
    party(PartyKind::Municipality, Some(code), name)
}

/// A public cooperation forum named `name` in all three languages, meeting as needed,
/// with four days' notice and its minutes approved by checkers.
pub fn forum(name: &str, level: ForumLevel) -> ForumInput {
    ForumInput {
        name: Names::new(name, name, name),
        short_name: String::new(),
        level,
        legal_type: LegalType::CooperationForum,
        mandate: Names::default(),
        parent_id: None,
        cadence: Cadence::as_needed(),
        default_publicity: Publicity::Public,
        notice_days: 4,
        minutes_approval: MinutesApproval::Checkers,
        organisation_id: None,
    }
}

/// A person of `party` with no contacts, writing Finnish.
pub fn person(name: &str, party: &Party) -> PersonInput {
    PersonInput { name: name.into(), party_id: Some(party.id), contacts: vec![], lang: Lang::Fi }
}

/// An active seat of `party` in `forum` for the whole of `term`, held by nobody yet:
/// set `person_id` or `post_id` (and `deputy_of`) on the returned struct.
pub fn seat(forum: &Forum, term: &CouncilTerm, party: &Party, role: SeatRole) -> SeatInput {
    SeatInput {
        forum_id: forum.id,
        term_id: term.id,
        post_id: None,
        person_id: None,
        party_id: party.id,
        role,
        deputy_of: None,
        start_date: term.input.start_date,
        end_date: None,
        status: SeatStatus::Active,
    }
}

/// A planned meeting of `forum` on `date` ("2026-03-12"), 9–11 at Lahti's city hall.
pub fn meeting(forum: &Forum, date: &str) -> MeetingInput {
    MeetingInput {
        forum_ids: vec![forum.id],
        date: d(date),
        start_time: hm("09:00"),
        end_time: hm("11:00"),
        place: "Lahden kaupungintalo".into(),
        online_url: String::new(),
        kind: MeetingKind::Meeting,
        status: MeetingStatus::Planned,
        cancel_reason: String::new(),
        generated: false,
    }
}

/// A public agenda item titled `title`, added at the end of `meeting`'s agenda.
pub fn item(meeting: &Meeting, title: &str) -> AgendaItemInput {
    AgendaItemInput {
        meeting_id: meeting.id,
        position: 0,
        title: title.into(),
        public_title: String::new(),
        preparer_id: None,
        presenter_id: None,
        background: String::new(),
        proposal: String::new(),
        publicity: Publicity::Public,
        legal_basis_id: None,
        tags: vec![],
        party_ids: vec![],
        standing_item_id: None,
        proposal_id: None,
    }
}

// ---- accounts -------------------------------------------------------------------------

/// An account for `email` (also its display name) with `PASSWORD`, no person, no
/// grants: change the fields for more.
pub fn new_user(email: &str) -> NewUser {
    NewUser {
        email: email.into(),
        display_name: email.into(),
        password: PASSWORD.into(),
        person_id: None,
        instance_admin: false,
        grants: vec![],
    }
}

/// Creates the account as the administrator.
pub async fn add_user(store: &Store, user: NewUser) -> accounts::User {
    let email = user.email.clone();
    accounts::create_user(store, &admin(), &author(), user).await.unwrap_or_else(|err| panic!("create the account {email}: {err:?}"))
}

// ---- files ----------------------------------------------------------------------------

/// A small but real PDF, different for every label (attachments are checked by content).
pub fn pdf(label: &str) -> Vec<u8> {
    format!(
        "%PDF-1.7\n%\u{e2}\u{e3}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n\
         % {label}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

/// Every file under a directory, sorted (what the attachment store holds).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|err| panic!("read {}: {err}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() { pending.push(path) } else { found.push(path) }
        }
    }
    found.sort();
    found
}

// ---- a browser ------------------------------------------------------------------------

/// A browser that keeps its cookies (the session) and follows no redirects, so that a
/// test sees each `303 See Other` and where it leads.
pub fn client() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).cookie_store(true).build().expect("build an HTTP client")
}

/// A browser that keeps no cookies and follows no redirects: a visitor who has not
/// signed in, each request on its own (no language or session cookie carried over).
pub fn visitor() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).cookie_store(false).build().expect("build an HTTP client")
}

/// GET `url`: the status and the body.
pub async fn text(client: &Client, url: &str) -> (StatusCode, String) {
    let response = client.get(url).send().await.unwrap_or_else(|err| panic!("GET {url}: {err}"));
    let status = response.status();
    (status, response.text().await.unwrap_or_else(|err| panic!("the body of GET {url}: {err}")))
}

/// GET `url`: the status, the headers and the body.
pub async fn get(client: &Client, url: &str) -> (StatusCode, HeaderMap, String) {
    let response = client.get(url).send().await.unwrap_or_else(|err| panic!("GET {url}: {err}"));
    parts(response).await
}

/// GET `url` as bytes (a file): the status, the headers and the body.
pub async fn get_bytes(client: &Client, url: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = client.get(url).send().await.unwrap_or_else(|err| panic!("GET {url}: {err}"));
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap_or_else(|err| panic!("the body of GET {url}: {err}")).to_vec())
}

/// POST `form` to `url` as a form: the status, the headers and the body.
pub async fn post_form(client: &Client, url: &str, form: &[(&str, &str)]) -> (StatusCode, HeaderMap, String) {
    let response = client.post(url).form(form).send().await.unwrap_or_else(|err| panic!("POST {url}: {err}"));
    parts(response).await
}

/// A response's status, headers and body.
pub async fn parts(response: reqwest::Response) -> (StatusCode, HeaderMap, String) {
    let status = response.status();
    let headers = response.headers().clone();
    let url = response.url().to_string();
    (status, headers, response.text().await.unwrap_or_else(|err| panic!("the body of {url}: {err}")))
}

/// A header's value as text, or "" without it.
pub fn header_text(headers: &HeaderMap, name: impl AsHeaderName) -> &str {
    headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or("")
}

/// The whole `Set-Cookie` line that sets the cookie `name`, if any.
pub fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// Where a redirect leads: the `Location` header, or "" without one.
pub fn location(headers: &HeaderMap) -> &str {
    headers.get(reqwest::header::LOCATION).and_then(|value| value.to_str().ok()).unwrap_or("")
}

/// The `value` of the first `<input … name="{name}" …>` in `html`, whichever order the
/// attributes come in.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value = tag.split_once("value=\"")?.1;
    Some(value[..value.find('"')?].to_owned())
}

/// The CSRF token (64 hex digits) of the first form in `html`; a page without one fails
/// the test.
pub fn csrf_of(html: &str) -> String {
    input_value(html, "csrf").filter(|token| token.len() == 64).unwrap_or_else(|| panic!("no CSRF token in the page:\n{html}"))
}

/// Signs in as `email` (with `PASSWORD`) through the login form, as a person does, and
/// gives the browser holding the session.
pub async fn sign_in(app: &TestApp, email: &str) -> Client {
    let client = client();
    let (status, html) = text(&client, &app.url("/login")).await;
    assert_eq!(status, StatusCode::OK, "the login page: {html}");
    let csrf = csrf_of(&html);
    let form = [("csrf", csrf.as_str()), ("email", email), ("password", PASSWORD), ("next", "/")];
    let (status, headers, body) = post_form(&client, &app.url("/login"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "sign in as {email}: {body}");
    assert!(set_cookie(&headers, "foorumi_session").is_some(), "no session cookie for {email}");
    client
}

/// Fails the test, showing the page, unless `html` contains `needle`.
#[track_caller]
pub fn assert_contains(html: &str, needle: &str) {
    assert!(html.contains(needle), "expected {needle:?} in the page:\n{html}");
}

/// Fails the test, showing the page, if `html` contains `needle`.
#[track_caller]
pub fn assert_lacks(html: &str, needle: &str) {
    assert!(!html.contains(needle), "did not expect {needle:?} in the page:\n{html}");
}

// ---- the API --------------------------------------------------------------------------

/// An API reply: status, headers and the body as JSON (or a JSON string when it is not).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    /// Fails the test, showing the body, unless the status is `status`.
    #[track_caller]
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.text);
        self
    }

    /// The field errors of a problem+json answer, as (field, code) pairs.
    pub fn fields(&self) -> Vec<(String, String)> {
        self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| (e["field"].as_str().unwrap_or_default().to_owned(), e["code"].as_str().unwrap_or_default().to_owned()))
            .collect()
    }

    /// The `type` of a problem+json answer.
    pub fn problem_type(&self) -> &str {
        self.body["type"].as_str().unwrap_or_default()
    }

    /// A header's value as text, or "" without it.
    pub fn header(&self, name: &str) -> &str {
        header_text(&self.headers, name)
    }

    /// Fails the test unless the reply is a problem document of this status and type,
    /// with a title and a detail.
    #[track_caller]
    pub fn problem(self, status: u16, slug: &str) -> Self {
        let reply = self.expect(status);
        assert!(reply.header("content-type").starts_with("application/problem+json"), "{}", reply.header("content-type"));
        assert_eq!(reply.body["type"], format!("https://foorumi.fi/problems/{slug}"), "{:#}", reply.body);
        assert_eq!(reply.body["status"], status);
        assert!(reply.body["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(reply.body["detail"].as_str().is_some_and(|t| !t.is_empty()));
        reply
    }
}

/// An API request, with Basic credentials of `who` (and `PASSWORD`) when given, the
/// extra `headers`, and `body` as JSON.
pub async fn api(app: &TestApp, method: Method, path: &str, who: Option<&str>, headers: &[(&str, &str)], body: Option<&Value>) -> Reply {
    let mut request = Client::new().request(method, app.url(path));
    if let Some(email) = who {
        request = request.basic_auth(email, Some(PASSWORD));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.header(reqwest::header::CONTENT_TYPE, "application/json").body(body.to_string());
    }
    reply(request).await
}

/// Sends a request and reads its reply.
pub async fn reply(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.expect("API request");
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("read the body");
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text.clone())) };
    Reply { status, headers, body, text }
}
