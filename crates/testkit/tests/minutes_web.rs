//! Minutes through the real server, every test on SQLite (`sqlite::…`) and on a throw-away
//! PostgreSQL (`postgres::…`): the secretary writes the record on its page while members
//! follow it live (server-sent events), attendance with its verification (R2.3), stale
//! saves, the checker's approval (R2.10), what the public never sees of a secret item
//! (R1.2, R1.9), the API's preconditions and versions, the parties' ratifications (R0.1)
//! and a party's actions; an item checked at the meeting from the page (R2.10) and a
//! dissenter's written reasons uploaded as a file (R2.8).

use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_store::accounts::NewUser;
use foorumi_store::records::{self, Page};
use foorumi_store::{Store, agendas, minutes};
use foorumi_testkit::fixtures::{
    PASSWORD, add_user, admin, api, assert_contains, assert_lacks, at, author, count, create, create_paijat_hame, csrf_of, d, forum, get,
    header_text, input_value, item as item_input, meeting as meeting_input, municipality, new_user, parts, party, person, post_form,
    seat as seat_input, sign_in, visitor,
};
use foorumi_testkit::fixtures::{files_under, get_bytes, pdf};
use foorumi_testkit::{TestApp, both_backends, store_for};
use reqwest::header::{self, HeaderMap};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{Value, json};

// ---- the register around the record ------------------------------------------------------

const SECRETARY: &str = "sihteeri@liitto.example.org";
const MEMBER: &str = "kaupunginjohtaja@lahti.example.org";
const OUTSIDER: &str = "turva@liitto.example.org";
const LAHTI_ADMIN: &str = "hallinto@lahti.example.org";

/// What a secret item's record holds, which only its forum may ever read.
const CANARY: &[&str] = &["KANARIA-KESKUSTELU", "KANARIA-SUOSITUS", "SALAINEN-OTSIKKO"];
const SECRET_PUBLIC_TITLE: &str = "Keskustan kiinteistökaupan valmistelu";
const SCRIPT: &str = "<script>alert(1)</script>";
const ESCAPED_SCRIPT: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

/// Päijät-Häme with the municipal managers' meeting (a cooperation forum whose memo two
/// checkers approve: a secretary and two members), PHTURVA's secretary (an outsider to
/// it), the parties that signed the cooperation protocol and one that did not, and a
/// secrecy ground.
struct Fixture {
    region: Region,
    lahti: Party,
    hollola: Party,
    managers: Forum,
    secretary: Person,
    /// Lahti's city manager: the checker.
    member: Person,
    /// Hollola's municipal manager: the chair.
    chair: Person,
    basis: LegalBasis,
    member_seat: Seat,
    chair_seat: Seat,
    /// The secretary and the checker, as the store sees them.
    sec: Actor,
    checker: Actor,
}

async fn fixture(store: &Store) -> Fixture {
    let region = create_paijat_hame(store).await;
    let r = region.id;
    let council = create::<Party>(store, r, party(PartyKind::RegionalCouncil, None, "Päijät-Hämeen liitto")).await;
    let lahti = create::<Party>(store, r, municipality("398", "Lahti")).await;
    let hollola = create::<Party>(store, r, municipality("098", "Hollola")).await;
    // A party that has not signed the protocol has nothing to ratify.
    create::<Party>(store, r, PartyInput { signed_protocol: false, ..municipality("781", "Sysmä") }).await;
    let term = create::<CouncilTerm>(store, r, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let managers = create::<Forum>(store, r, forum("Kuntajohtajakokous", ForumLevel::Tactical)).await;
    let phturva = create::<Forum>(store, r, forum("Päijät-Hämeen turvallisuusfoorumi", ForumLevel::Operational)).await;
    let secretary = create::<Person>(store, r, person("Liiton kuntayhteistyöpäällikkö", &council)).await;
    let member = create::<Person>(store, r, person("Lahden kaupunginjohtaja", &lahti)).await;
    let chair = create::<Person>(store, r, person("Hollolan kunnanjohtaja", &hollola)).await;
    let outsider = create::<Person>(store, r, person("Turvallisuusfoorumin sihteeri", &council)).await;
    let seat = |forum: &Forum, person: &Person, party: &Party, role| SeatInput {
        person_id: Some(person.id),
        ..seat_input(forum, &term, party, role)
    };
    create::<Seat>(store, r, seat(&managers, &secretary, &council, SeatRole::Secretary)).await;
    let member_seat = create::<Seat>(store, r, seat(&managers, &member, &lahti, SeatRole::Member)).await;
    let chair_seat = create::<Seat>(store, r, seat(&managers, &chair, &hollola, SeatRole::Member)).await;
    create::<Seat>(store, r, seat(&phturva, &outsider, &council, SeatRole::Secretary)).await;
    let basis = create::<LegalBasis>(
        store,
        r,
        LegalBasisInput { code: "JulkL 24 § 1 mom. 20 k.".into(), name: Names::new("Liike- tai ammattisalaisuus", "", "") },
    )
    .await;
    for (email, person) in [(SECRETARY, &secretary), (MEMBER, &member), (OUTSIDER, &outsider)] {
        user(store, email, Some(person.id), vec![]).await;
    }
    user(store, LAHTI_ADMIN, None, vec![Grant { region_id: r, party_id: Some(lahti.id) }]).await;
    let sec = Actor {
        user_id: Some(9001),
        secretary_of: vec![managers.id],
        member_of: vec![managers.id],
        person_id: Some(secretary.id),
        ..Actor::default()
    };
    let checker = Actor { user_id: Some(9002), member_of: vec![managers.id], person_id: Some(member.id), ..Actor::default() };
    Fixture { region, lahti, hollola, managers, secretary, member, chair, basis, member_seat, chair_seat, sec, checker }
}

async fn user(store: &Store, email: &str, person_id: Option<Id>, grants: Vec<Grant>) {
    add_user(store, NewUser { person_id, grants, ..new_user(email) }).await;
}

async fn app(backend: foorumi_store::Backend) -> (TestApp, Fixture) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    (TestApp::start(store).await, f)
}

/// A planned meeting of the municipal managers.
async fn meeting(store: &Store, f: &Fixture, date: &str) -> Meeting {
    create::<Meeting>(store, f.region.id, meeting_input(&f.managers, date)).await
}

async fn item(store: &Store, f: &Fixture, input: AgendaItemInput) -> AgendaItem {
    let created = records::create::<AgendaItem>(store, &f.sec, &author(), f.region.id, input).await.expect("add an item");
    records::get::<AgendaItem>(store, created.id).await.expect("the item")
}

/// A meeting whose memo is written with the store: its items recorded as recommendations,
/// everyone present, the chair, the secretary and the checker named, the times given.
async fn recorded_meeting(store: &Store, f: &Fixture, date: &str, titles: &[&str]) -> (Meeting, Vec<AgendaItem>, Minutes) {
    let m = meeting(store, f, date).await;
    let mut items = Vec::new();
    for title in titles {
        items.push(item(store, f, item_input(&m, title)).await);
    }
    let input = MinutesInput {
        meeting_id: m.id,
        chair_id: Some(f.chair.id),
        secretary_id: Some(f.secretary.id),
        checker_ids: vec![f.member.id],
        opened_at: NaiveTime::from_hms_opt(9, 2, 0),
        closed_at: NaiveTime::from_hms_opt(10, 48, 0),
    };
    let started = minutes::start(store, &f.sec, &author(), f.region.id, input).await.expect("start the memo");
    for it in &items {
        let input = ItemRecordInput {
            item_id: it.id,
            discussion: "Keskusteltiin.".into(),
            outcome: Some(Outcome::Recommendation),
            outcome_text: format!("Suositellaan: {}.", it.input.title),
            appeal: None,
            appeal_basis: String::new(),
        };
        records::create::<ItemRecord>(store, &f.sec, &author(), f.region.id, input).await.expect("record the item");
    }
    (m, items, started)
}

/// Sends a memo to its checker and has them approve it.
async fn check(store: &Store, f: &Fixture, minutes: &Minutes) -> Minutes {
    let current = records::get::<Minutes>(store, minutes.id).await.expect("the memo");
    foorumi_testkit::send_to_checkers(store, &f.sec, &author(), current.id, current.version).await.expect("send to the checker");
    let checked = minutes::approve(store, &f.checker, &author(), current.id, at("2026-11-12 12:00")).await.expect("the checker approves");
    assert_eq!(checked.status, MinutesStatus::Checked);
    checked
}

// ---- the server: helpers ------------------------------------------------------------------

/// The version the page's record form of an item carries.
fn record_form_version(html: &str, item_id: Id) -> Option<String> {
    let at = html.find(&format!("action=\"/agenda-items/{item_id}/record\""))?;
    input_value(&html[at..], "version")
}

/// The row of the attendance form that holds a seat.
fn attendance_row(html: &str, seat_id: Id) -> usize {
    (0..50)
        .find(|i| input_value(html, &format!("seats.{i}.seat_id")) == Some(seat_id.to_string()))
        .unwrap_or_else(|| panic!("no attendance row for seat {seat_id} in:\n{html}"))
}

fn assert_no_canary(what: &str, text: &str) {
    for canary in CANARY {
        assert!(!text.contains(canary), "{what} shows {canary:?}:\n{text}");
    }
}

/// A page that must be there, and its CSRF token.
async fn page_and_csrf(app: &TestApp, browser: &Client, path: &str) -> (String, String) {
    let (status, _, html) = get(browser, &app.url(path)).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {html}");
    let csrf = csrf_of(&html);
    (html, csrf)
}

/// A server-sent event stream being read: everything received so far.
struct Stream {
    response: Response,
    received: Vec<u8>,
    /// Bytes of `received` already handed out as events.
    consumed: usize,
}

impl Stream {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.received).into_owned()
    }

    /// The next `record` event's data, read within ten seconds.
    async fn next_record(&mut self) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let text = String::from_utf8_lossy(&self.received[self.consumed..]).into_owned();
            // Events end with a blank line; keep-alive comments are skipped.
            if let Some(end) = text.find("\n\n") {
                self.consumed += end + 2;
                let block = &text[..end];
                if block.lines().any(|line| line == "event: record") {
                    let data: String = block.lines().filter_map(|line| line.strip_prefix("data: ")).collect();
                    return serde_json::from_str(&data).unwrap_or_else(|e| panic!("event data is JSON ({e}): {data}"));
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .unwrap_or_else(|_| panic!("no record event within 10 s; received:\n{}", self.text()))
                .expect("read the stream")
                .expect("the stream stays open");
            self.received.extend_from_slice(&chunk);
        }
    }
}

/// Opens a meeting's live stream as `browser`.
async fn follow(app: &TestApp, browser: &Client, meeting_id: Id) -> Stream {
    let url = app.url(&format!("/meetings/{meeting_id}/minutes/live"));
    let response = browser.get(&url).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_text(response.headers(), header::CONTENT_TYPE).starts_with("text/event-stream"), "{:?}", response.headers());
    Stream { response, received: Vec::new(), consumed: 0 }
}

// ---- writing the record on its page --------------------------------------------------------

async fn the_secretary_writes_the_record_live_and_the_checker_approves_it(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let m = meeting(s, &f, "2026-11-10").await;
    let public = item(s, &f, item_input(&m, "Yhteistyöpöytäkirjan päivitys")).await;
    let secret = item(
        s,
        &f,
        AgendaItemInput {
            public_title: SECRET_PUBLIC_TITLE.into(),
            publicity: Publicity::Secret,
            legal_basis_id: Some(f.basis.id),
            ..item_input(&m, "SALAINEN-OTSIKKO Kiinteistö Oy:n osakekauppa")
        },
    )
    .await;
    agendas::publish(s, &f.sec, &author(), m.id, at("2026-11-03 10:00")).await.expect("publish the agenda");
    let minutes_path = format!("/meetings/{}/minutes", m.id);
    let live_path = format!("{minutes_path}/live");

    // The public is sent to sign in; the live stream is refused; others are not let in.
    let anonymous = visitor();
    let (status, headers, body) = get(&anonymous, &app.url(&minutes_path)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(header_text(&headers, header::LOCATION).starts_with("/login?next="), "{headers:?}");
    let (status, headers, _) = get(&anonymous, &app.url(&live_path)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!header_text(&headers, header::CONTENT_TYPE).starts_with("text/event-stream"));
    let outsider = sign_in(&app, OUTSIDER).await;
    for path in [&minutes_path, &live_path] {
        let (status, _, _) = get(&outsider, &app.url(path)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "an outsider opens {path}");
    }

    // The secretary starts the memo, with its checker.
    let secretary = sign_in(&app, SECRETARY).await;
    let (html, csrf) = page_and_csrf(&app, &secretary, &minutes_path).await;
    assert_contains(&html, &format!("action=\"{minutes_path}/start\""));
    assert_contains(&html, &format!("name=\"checker_id\" value=\"{}\"", f.member.id));
    let chair_id = f.chair.id.to_string();
    let secretary_id = f.secretary.id.to_string();
    let checker_id = f.member.id.to_string();
    let form = [("csrf", csrf.as_str()), ("chair_id", &chair_id), ("secretary_id", &secretary_id), ("checker_id", &checker_id)];
    let (status, headers, body) = post_form(&secretary, &app.url(&format!("{minutes_path}/start")), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("{minutes_path}?done=started"));
    let started = minutes::record_of(s, m.id).await.expect("read").expect("the memo is started").minutes;
    assert_eq!(started.kind, RecordKind::Memo);
    assert_eq!(started.input.checker_ids, [f.member.id]);
    assert_eq!((started.input.chair_id, started.input.secretary_id), (Some(f.chair.id), Some(f.secretary.id)));

    // Attendance: a remote participant needs a verification; nothing is saved without it.
    let attendance_path = format!("{minutes_path}/attendance");
    let (html, csrf) = page_and_csrf(&app, &secretary, &attendance_path).await;
    let (member_row, chair_row) = (attendance_row(&html, f.member_seat.id), attendance_row(&html, f.chair_seat.id));
    let names = |row: usize| {
        ["seat_id", "presence", "verification", "deputy_id", "arrived_item_id", "left_item_id"].map(|field| format!("seats.{row}.{field}"))
    };
    let (member_names, chair_names) = (names(member_row), names(chair_row));
    let (member_seat, chair_seat) = (f.member_seat.id.to_string(), f.chair_seat.id.to_string());
    let attendance = |verification: &'static str| {
        vec![
            ("csrf".to_owned(), csrf.clone()),
            (member_names[0].clone(), member_seat.clone()),
            (member_names[1].clone(), "remote".to_owned()),
            (member_names[2].clone(), verification.to_owned()),
            (chair_names[0].clone(), chair_seat.clone()),
            (chair_names[1].clone(), "present".to_owned()),
        ]
    };
    let url = app.url(&attendance_path);
    let (status, _, html) = parts(secretary.post(&url).form(&attendance("")).send().await.expect("POST attendance")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Lahden kaupunginjohtaja: Kerro, miten etäosallistujan henkilöllisyys todettiin.");
    assert_contains(&html, "<option value=\"remote\" selected>");
    assert_eq!(count(s, "presences").await, 0, "no row is saved when one is refused");
    let (status, headers, body) = parts(secretary.post(&url).form(&attendance("video")).send().await.expect("POST attendance")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("{minutes_path}?done=attendance#attendance"));
    let presences = minutes::record_of(s, m.id).await.expect("read").expect("the memo").presences;
    let saved: Vec<(Id, Presence, Option<Verification>)> =
        presences.iter().map(|p| (p.input.seat_id, p.input.presence, p.input.verification)).collect();
    assert_eq!(saved, [(f.member_seat.id, Presence::Remote, Some(Verification::Video)), (f.chair_seat.id, Presence::Present, None)]);

    // A member follows the record live while the secretary writes it.
    let member = sign_in(&app, MEMBER).await;
    let mut stream = follow(&app, &member, m.id).await;
    let (html, csrf) = page_and_csrf(&app, &secretary, &minutes_path).await;
    assert_contains(&html, "Läsnä etäyhteydellä (Videoyhteydellä todettu)");
    assert_eq!(record_form_version(&html, public.id).as_deref(), Some("0"));
    let record_url = app.url(&format!("/agenda-items/{}/record", public.id));
    let discussion = format!("{SCRIPT}\n\nKeskusteltiin pöytäkirjan päivityksestä.");
    let first = [
        ("csrf", csrf.as_str()),
        ("version", "0"),
        ("discussion", discussion.as_str()),
        ("outcome", "recommendation"),
        ("outcome_text", "Suositellaan osapuolille päivitetyn yhteistyöpöytäkirjan hyväksymistä."),
    ];
    let (status, headers, body) = post_form(&secretary, &record_url, &first).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("{minutes_path}?done=saved#item-{}", public.id));
    let event = stream.next_record().await;
    assert_eq!(event["item"], public.id);
    assert_eq!(event["version"], 1);
    assert!(event["announcement"].as_str().is_some_and(|a| a.ends_with("päivitettiin.")), "{event}");
    let fragment = event["html"].as_str().expect("the item's record as HTML");
    assert_contains(fragment, ESCAPED_SCRIPT);
    assert_contains(fragment, "Keskusteltiin pöytäkirjan päivityksestä.");
    assert_contains(fragment, "<strong>Suositus</strong>");
    assert_lacks(fragment, "<script");
    assert_lacks(&stream.text(), "<script");
    // The member's page shows it escaped too, without a form to write with.
    let (status, _, html) = get(&member, &app.url(&minutes_path)).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, ESCAPED_SCRIPT);
    assert_lacks(&html, SCRIPT);
    assert_lacks(&html, &format!("action=\"/agenda-items/{}/record\"", public.id));

    // A member cannot write the record, even with a valid form.
    let member_csrf = csrf_of(&html);
    let rogue =
        [("csrf", member_csrf.as_str()), ("version", "1"), ("discussion", "Jäsenen oma versio"), ("outcome", ""), ("outcome_text", "")];
    let (status, _, _) = post_form(&member, &record_url, &rogue).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let stored = minutes::record_of(s, m.id).await.expect("read").expect("the memo").records;
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].version, stored[0].input.discussion.as_str()), (1, discussion.as_str()));

    // Two tabs save from version 1: the second is refused and shows both texts.
    let (html, csrf) = page_and_csrf(&app, &secretary, &minutes_path).await;
    assert_eq!(record_form_version(&html, public.id).as_deref(), Some("1"));
    let save = |version: &'static str, text: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("version", version.to_owned()),
            ("discussion", text.to_owned()),
            ("outcome", "recommendation".to_owned()),
            ("outcome_text", "Suositellaan hyväksymistä.".to_owned()),
        ]
    };
    let (status, _, body) =
        parts(secretary.post(&record_url).form(&save("1", "Ensimmäisen välilehden teksti")).send().await.expect("POST")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(stream.next_record().await["version"], 2);
    let (status, _, html) =
        parts(secretary.post(&record_url).form(&save("1", "Toisen välilehden teksti")).send().await.expect("POST")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Joku muu tallensi tämän asian kirjauksen sillä välin.");
    assert_contains(&html, "<h4>Tallennettu versio</h4>");
    let theirs = &html[html.find("<div class=\"theirs\">").expect("the saved version beside the form")..];
    assert_contains(&theirs[..theirs.find("</form>").unwrap_or(theirs.len())], "Ensimmäisen välilehden teksti");
    assert_contains(&html, ">Toisen välilehden teksti</textarea>");
    assert_eq!(record_form_version(&html, public.id).as_deref(), Some("2"), "the form carries the saved version");
    let stored = records::list::<ItemRecord>(s, None, &[("item_id".into(), public.id.to_string())], Page::default()).await.expect("list").0;
    assert_eq!((stored[0].version, stored[0].input.discussion.as_str()), (2, "Ensimmäisen välilehden teksti"));
    // Saving the merge with the version the page gave succeeds.
    let (status, _, body) = parts(
        secretary
            .post(&record_url)
            .form(&save("2", "Ensimmäisen välilehden teksti. Toisen välilehden teksti."))
            .send()
            .await
            .expect("POST"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let event = stream.next_record().await;
    assert_eq!((event["item"].as_i64(), event["version"].as_i64()), (Some(public.id), Some(3)));
    assert_contains(event["html"].as_str().unwrap_or_default(), "Ensimmäisen välilehden teksti. Toisen välilehden teksti.");

    // The secret item's record, which only the forum reads.
    let secret_url = app.url(&format!("/agenda-items/{}/record", secret.id));
    let secret_form = [
        ("csrf", csrf.as_str()),
        ("version", "0"),
        ("discussion", "KANARIA-KESKUSTELU kauppahinnasta"),
        ("outcome", "recommendation"),
        ("outcome_text", "KANARIA-SUOSITUS: kauppa hyväksytään."),
    ];
    let (status, _, body) = post_form(&secretary, &secret_url, &secret_form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(stream.next_record().await["item"], secret.id);
    let (_, _, html) = get(&member, &app.url(&minutes_path)).await;
    assert_contains(&html, "KANARIA-KESKUSTELU");
    assert_contains(&html, "KANARIA-SUOSITUS");

    // The API: the record of an item is replaced only with the version it was read at.
    let item_record = stored[0].id;
    let replacement = json!({
        "item_id": public.id,
        "discussion": "API:n kautta",
        "outcome": "recommendation",
        "outcome_text": "Suositellaan.",
    });
    let path = format!("/api/v1/item-records/{item_record}");
    let reply = api(&app, Method::PUT, &path, Some(SECRETARY), &[], Some(&replacement)).await.expect(428);
    assert!(reply.problem_type().ends_with("/precondition-required"), "{}", reply.text);
    let reply = api(&app, Method::PUT, &path, Some(SECRETARY), &[("if-match", "\"1\"")], Some(&replacement)).await.expect(412);
    assert!(reply.problem_type().ends_with("/stale"), "{}", reply.text);
    let current = records::get::<ItemRecord>(s, item_record).await.expect("the record");
    assert_eq!((current.version, current.input.discussion.as_str()), (3, "Ensimmäisen välilehden teksti. Toisen välilehden teksti."));

    // The memo's times, then to the checker through the API.
    let memo_path = format!("/api/v1/minutes/{}", started.id);
    let read = api(&app, Method::GET, &memo_path, Some(SECRETARY), &[], None).await.expect(200);
    let etag = header_text(&read.headers, header::ETAG).to_owned();
    let details = json!({
        "meeting_id": m.id,
        "chair_id": f.chair.id,
        "secretary_id": f.secretary.id,
        "checker_ids": [f.member.id],
        "opened_at": "09:02:00",
        "closed_at": "10:48:00",
    });
    let updated = api(&app, Method::PUT, &memo_path, Some(SECRETARY), &[("if-match", &etag)], Some(&details)).await.expect(200);
    let version = updated.body["version"].as_i64().expect("a version");
    let send = format!("{memo_path}/send");
    api(&app, Method::POST, &send, Some(SECRETARY), &[], None).await.expect(428);
    let stale = format!("\"{}\"", version - 1);
    api(&app, Method::POST, &send, Some(SECRETARY), &[("if-match", &stale)], None).await.expect(412);
    api(&app, Method::POST, &send, Some(MEMBER), &[("if-match", &format!("\"{version}\""))], None).await.expect(403);
    let sent = api(&app, Method::POST, &send, Some(SECRETARY), &[("if-match", &format!("\"{version}\""))], None).await.expect(200);
    assert_eq!(sent.body["status"], "checking");
    assert_eq!(header_text(&sent.headers, header::ETAG), format!("\"{}\"", version + 1));

    // The checker approves from their own account, on the page; the secretary cannot.
    let (html, csrf) = page_and_csrf(&app, &secretary, &minutes_path).await;
    assert_lacks(&html, &format!("action=\"/minutes/{}/approve\"", started.id));
    let approve_url = app.url(&format!("/minutes/{}/approve", started.id));
    let (status, _, html) = post_form(&secretary, &approve_url, &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "Et ole tämän pöytäkirjan tarkastaja.");
    assert_eq!(records::get::<Minutes>(s, started.id).await.expect("the memo").status, MinutesStatus::Checking);
    let (html, csrf) = page_and_csrf(&app, &member, &minutes_path).await;
    assert_contains(&html, &format!("action=\"/minutes/{}/approve\"", started.id));
    let (status, headers, body) = post_form(&member, &approve_url, &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("{minutes_path}?done=checked#checking"));
    let checked = records::get::<Minutes>(s, started.id).await.expect("the memo");
    assert_eq!((checked.status, checked.checked_version), (MinutesStatus::Checked, 1));
    let (_, _, html) = get(&member, &app.url(&format!("{minutes_path}?done=checked"))).await;
    assert_contains(&html, "Pöytäkirja on tarkastettu.");
    assert_lacks(&html, &format!("action=\"/agenda-items/{}/record\"", public.id));
    // A checked record is not written from its page either.
    let (html, csrf) = page_and_csrf(&app, &secretary, &minutes_path).await;
    assert_lacks(&html, &format!("action=\"/agenda-items/{}/record\"", public.id));
    let late =
        [("csrf", csrf.as_str()), ("version", "3"), ("discussion", "Jälkikäteen"), ("outcome", "recommendation"), ("outcome_text", "")];
    let (status, _, html) = post_form(&secretary, &record_url, &late).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "Tarkastettua pöytäkirjaa ei voi muuttaa.");
    assert_eq!(records::get::<ItemRecord>(s, item_record).await.expect("the record").version, 3);

    // The checked version, for the forum.
    let versions_path = format!("{memo_path}/versions");
    let versions = api(&app, Method::GET, &versions_path, Some(MEMBER), &[], None).await.expect(200);
    let list = versions.body.as_array().expect("a list of versions");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["number"], 1);
    assert_eq!(list[0]["record"]["minutes"]["status"], "checked");
    let texts: Vec<&str> =
        list[0]["record"]["records"].as_array().expect("records").iter().filter_map(|r| r["discussion"].as_str()).collect();
    assert!(texts.contains(&"Ensimmäisen välilehden teksti. Toisen välilehden teksti."), "{texts:?}");
    let whole = api(&app, Method::GET, &format!("/api/v1/meetings/{}/record", m.id), Some(MEMBER), &[], None).await.expect(200);
    assert_contains(&whole.text, "KANARIA-KESKUSTELU");

    // Nothing of the secret item reaches the public: not the ratifications, not the
    // agenda, not any API answer.
    let (status, _, html) = get(&anonymous, &app.url("/regions/07/ratifications")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Yhteistyöpöytäkirjan päivitys");
    assert_contains(&html, SECRET_PUBLIC_TITLE);
    assert_no_canary("the ratifications page", &html);
    let (status, _, html) = get(&anonymous, &app.url(&format!("/meetings/{}/agenda", m.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, SECRET_PUBLIC_TITLE);
    assert_no_canary("the public agenda", &html);
    let secret_record =
        records::list::<ItemRecord>(s, None, &[("item_id".into(), secret.id.to_string())], Page::default()).await.expect("list").0[0].id;
    for path in [
        "/api/v1/item-records".to_owned(),
        format!("/api/v1/item-records?meeting_id={}", m.id),
        "/api/v1/minutes".to_owned(),
        "/api/v1/presences".to_owned(),
        "/api/v1/actions".to_owned(),
    ] {
        let reply = api(&app, Method::GET, &path, None, &[], None).await.expect(200);
        assert_eq!((reply.body["items"].clone(), reply.body["total"].as_i64()), (json!([]), Some(0)), "{path}");
    }
    for path in [
        format!("/api/v1/item-records/{secret_record}"),
        format!("/api/v1/item-records/{item_record}"),
        format!("/api/v1/meetings/{}/record", m.id),
        format!("/api/v1/minutes/{}", started.id),
        versions_path.clone(),
        format!("/api/v1/agenda-items/{}", secret.id),
    ] {
        let reply = api(&app, Method::GET, &path, None, &[], None).await.expect(404);
        assert_no_canary(&path, &reply.text);
    }
    for path in ["/api/v1/ratifications".to_owned(), format!("/api/v1/meetings/{}/agenda", m.id), "/api/v1/agenda-items".to_owned()] {
        let reply = api(&app, Method::GET, &path, None, &[], None).await.expect(200);
        assert_no_canary(&path, &reply.text);
    }
    // Signed in without a place in the forum, the same.
    let reply = api(&app, Method::GET, &format!("/api/v1/meetings/{}/record", m.id), Some(OUTSIDER), &[], None).await.expect(404);
    assert_no_canary("the record for an outsider", &reply.text);
    let reply = api(&app, Method::GET, "/api/v1/item-records", Some(OUTSIDER), &[], None).await.expect(200);
    assert_eq!(reply.body["total"], 0);
    let (status, _, html) = get(&outsider, &app.url(&minutes_path)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_no_canary("the minutes page for an outsider", &html);
}

// ---- ratifications (R0.1) ------------------------------------------------------------------

/// The row of a party in the ratifications table of an item.
fn ratification_section(html: &str, item_id: Id) -> &str {
    let start = html
        .find(&format!("<section class=\"ratification\" id=\"item-{item_id}\""))
        .unwrap_or_else(|| panic!("no item {item_id} in:\n{html}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").expect("the section ends")]
}

async fn the_ratifications_page_lists_checked_recommendations_for_each_signing_party(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let (_, checked_items, checked_minutes) = recorded_meeting(s, &f, "2026-09-26", &["Yhteistyöpöytäkirjan uudistus"]).await;
    check(s, &f, &checked_minutes).await;
    let (_, draft_items, draft_minutes) = recorded_meeting(s, &f, "2026-10-24", &["LUONNOS Yhteinen linjaus etätyöstä"]).await;
    let (accepted, draft) = (&checked_items[0], &draft_items[0]);
    let lahti = records::create::<Ratification>(
        s,
        &f.sec,
        &author(),
        f.region.id,
        RatificationInput {
            item_id: accepted.id,
            party_id: f.lahti.id,
            body: "Kaupunginhallitus".into(),
            decided_on: Some(d("2026-10-06")),
            section: "§ 357".into(),
            url: "https://www.lahti.fi/paatokset/2026/357".into(),
            result: RatificationResult::Approved,
        },
    )
    .await
    .expect("Lahti's decision");

    let anonymous = visitor();
    let (status, _, html) = get(&anonymous, &app.url("/regions/07/ratifications")).await;
    assert_eq!(status, StatusCode::OK);
    let section = ratification_section(&html, accepted.id);
    assert_contains(section, "Yhteistyöpöytäkirjan uudistus");
    assert_contains(section, "Kuntajohtajakokous 26.9.2026");
    assert_contains(section, "päätös 1 osapuolelta 3:stä");
    let rows: Vec<&str> = section.split("<th scope=\"row\">").skip(1).map(|row| &row[..row.find("</th>").expect("a party")]).collect();
    assert_eq!(rows, ["Hollola", "Lahti", "Päijät-Hämeen liitto"], "each party that signed the protocol, once");
    assert_contains(
        section,
        "<a href=\"https://www.lahti.fi/paatokset/2026/357\">Kaupunginhallitus</a></td><td>6.10.2026</td><td>§ 357</td>",
    );
    assert_contains(section, "<tr class=\"result-approved\"><th scope=\"row\">Lahti</th><td>Hyväksytty</td>");
    assert_contains(section, "<tr class=\"result-pending\"><th scope=\"row\">Hollola</th><td>Käsittelemättä</td>");
    assert_lacks(&html, "Sysmä");
    assert_lacks(&html, "LUONNOS");
    assert_lacks(&html, "/edit/ratification/");
    assert_lacks(&html, "/new/ratification");

    // Lahti's administrator records Lahti's decisions, nobody else's; the secretary each.
    let lahti_admin = sign_in(&app, LAHTI_ADMIN).await;
    let (_, _, html) = get(&lahti_admin, &app.url("/regions/07/ratifications")).await;
    let section = ratification_section(&html, accepted.id);
    assert_contains(section, &format!("href=\"/edit/ratification/{}\"", lahti.id));
    assert_lacks(section, "/new/ratification");
    let secretary = sign_in(&app, SECRETARY).await;
    let (_, _, html) = get(&secretary, &app.url("/regions/07/ratifications")).await;
    let section = ratification_section(&html, accepted.id);
    assert_contains(section, &format!("href=\"/regions/07/new/ratification?item_id={}&#38;party_id={}\"", accepted.id, f.hollola.id));
    assert_lacks(&html, "LUONNOS");

    // Once the draft is checked, its recommendation is listed too, the newest first.
    check(s, &f, &draft_minutes).await;
    // Anonymous pages are cached while the register's version stays; a node looks the
    // version up at most every 250 ms.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, _, html) = get(&anonymous, &app.url("/regions/07/ratifications")).await;
    assert_contains(ratification_section(&html, draft.id), "LUONNOS Yhteinen linjaus etätyöstä");
    assert_contains(ratification_section(&html, draft.id), "päätös 0 osapuolelta 3:stä");
    assert!(html.find(&format!("id=\"item-{}\"", draft.id)) < html.find(&format!("id=\"item-{}\"", accepted.id)), "newest first");
}

// ---- a party's actions ---------------------------------------------------------------------

async fn a_partys_actions_are_shown_to_its_administrator(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let (_, items, _) = recorded_meeting(s, &f, "2026-10-24", &["Kuntien yhteinen elinvoimaohjelma"]).await;
    let action = |title: &str, party: &Party, due: Option<&str>, status: ActionStatus, notes: &str| ActionInput {
        item_id: items[0].id,
        title: title.into(),
        owner_party_id: Some(party.id),
        owner_person_id: None,
        due_date: due.map(d),
        status,
        notes: notes.into(),
    };
    let lahtis = records::create::<ActionItem>(
        s,
        &f.sec,
        &author(),
        f.region.id,
        action("Kootaan kuntien lausunnot", &f.lahti, Some("2026-12-01"), ActionStatus::InProgress, "Lausuntopyyntö lähetetty."),
    )
    .await
    .expect("Lahti's action");
    records::create::<ActionItem>(
        s,
        &f.sec,
        &author(),
        f.region.id,
        action("HOLLOLAN-TEHTÄVÄ rahoitus", &f.hollola, None, ActionStatus::Open, ""),
    )
    .await
    .expect("Hollola's action");
    let lahti_path = format!("/parties/{}/actions", f.lahti.id);
    let hollola_path = format!("/parties/{}/actions", f.hollola.id);

    let admin_browser = sign_in(&app, LAHTI_ADMIN).await;
    let (status, _, html) = get(&admin_browser, &app.url(&lahti_path)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_contains(&html, "<h1>Toimenpiteet: Lahti</h1>");
    assert_contains(
        &html,
        &format!(
            "<tr><th scope=\"row\"><a href=\"/edit/action/{}\">Kootaan kuntien lausunnot</a></th><td>Kuntajohtajakokous</td><td>1.12.2026</td><td>Käynnissä</td><td>Lausuntopyyntö lähetetty.</td></tr>",
            lahtis.id
        ),
    );
    assert_lacks(&html, "HOLLOLAN-TEHTÄVÄ");
    // Another party's actions are not theirs to see.
    let (status, _, html) = get(&admin_browser, &app.url(&hollola_path)).await;
    assert_eq!(status, StatusCode::OK);
    assert_lacks(&html, "HOLLOLAN-TEHTÄVÄ");
    assert_contains(&html, "Osapuolella ei ole toimenpiteitä.");
    // A member of the forum follows them without editing; the public is sent to sign in.
    let member = sign_in(&app, MEMBER).await;
    let (status, _, html) = get(&member, &app.url(&hollola_path)).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "HOLLOLAN-TEHTÄVÄ rahoitus");
    assert_lacks(&html, "/edit/action/");
    let (status, headers, html) = get(&visitor(), &app.url(&lahti_path)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(header_text(&headers, header::LOCATION).starts_with("/login?next="), "{headers:?}");
    assert_lacks(&html, "Kootaan kuntien lausunnot");
}

// ---- a memo approved at the next meeting ----------------------------------------------------

async fn a_memo_is_approved_from_its_page_at_a_later_meeting_that_has_been_held(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let r = f.region.id;
    let group = create::<Forum>(
        s,
        r,
        ForumInput {
            name: Names::new("Kuntien talousjohtajien verkosto", "Kommunernas ekonomidirektörer", "Finance directors"),
            minutes_approval: MinutesApproval::NextMeeting,
            ..forum("Kuntien talousjohtajien verkosto", ForumLevel::Tactical)
        },
    )
    .await;
    let term = records::get::<Seat>(s, f.member_seat.id).await.expect("a seat").input.term_id;
    let liitto = records::get::<Person>(s, f.secretary.id).await.expect("the secretary").input.party_id.expect("a party");
    create::<Seat>(
        s,
        r,
        SeatInput {
            forum_id: group.id,
            term_id: term,
            post_id: None,
            person_id: Some(f.secretary.id),
            party_id: liitto,
            role: SeatRole::Secretary,
            deputy_of: None,
            start_date: d("2025-06-01"),
            end_date: None,
            status: SeatStatus::Active,
        },
    )
    .await;
    // Dates around today: the page offers only meetings that have begun.
    let today = chrono::Local::now().date_naive();
    let on = |days: i64| today + chrono::Duration::days(days);
    let meeting_on = |date: NaiveDate| meeting_input(&group, &date.to_string());
    let held = create::<Meeting>(s, r, meeting_on(on(-40))).await;
    let next = create::<Meeting>(s, r, meeting_on(on(-10))).await;
    let future = create::<Meeting>(s, r, meeting_on(on(20))).await;
    let it = records::create::<AgendaItem>(s, &admin(), &author(), r, item_input(&held, "Talousarvioiden yhteiset oletukset"))
        .await
        .expect("an item");
    let input = MinutesInput {
        meeting_id: held.id,
        chair_id: Some(f.chair.id),
        secretary_id: Some(f.secretary.id),
        checker_ids: vec![],
        opened_at: NaiveTime::from_hms_opt(9, 2, 0),
        closed_at: NaiveTime::from_hms_opt(10, 48, 0),
    };
    let memo = minutes::start(s, &admin(), &author(), r, input).await.expect("start the memo");
    let record = ItemRecordInput {
        item_id: it.id,
        discussion: String::new(),
        outcome: Some(Outcome::SharedPolicyLine),
        outcome_text: "Käytetään yhteisiä oletuksia.".into(),
        appeal: None,
        appeal_basis: String::new(),
    };
    records::create::<ItemRecord>(s, &admin(), &author(), r, record).await.expect("record the item");

    let secretary = sign_in(&app, SECRETARY).await;
    let minutes_path = format!("/meetings/{}/minutes", held.id);
    let (html, csrf) = page_and_csrf(&app, &secretary, &minutes_path).await;
    assert_contains(&html, &format!("action=\"/minutes/{}/approve-at-meeting\"", memo.id));
    assert_contains(&html, &format!("<option value=\"{}\">", next.id));
    assert_lacks(&html, &format!("<option value=\"{}\">", future.id));
    let version = input_value(&html[html.find("approve-at-meeting").expect("the form")..], "version").expect("the memo's version");
    assert_eq!(version, memo.version.to_string());
    let url = app.url(&format!("/minutes/{}/approve-at-meeting", memo.id));

    // A meeting still ahead has approved nothing.
    let future_id = future.id.to_string();
    let (status, _, html) = post_form(&secretary, &url, &[("csrf", &csrf), ("version", &version), ("meeting_id", &future_id)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "Valitse saman foorumin myöhempi kokous.");
    assert_eq!(records::get::<Minutes>(s, memo.id).await.expect("the memo").status, MinutesStatus::Draft);

    let next_id = next.id.to_string();
    let (status, headers, body) = post_form(&secretary, &url, &[("csrf", &csrf), ("version", &version), ("meeting_id", &next_id)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("{minutes_path}?done=checked#checking"));
    let approved = records::get::<Minutes>(s, memo.id).await.expect("the memo");
    assert_eq!((approved.status, approved.checked_version), (MinutesStatus::Checked, 1));
    let (_, _, html) = get(&secretary, &app.url(&minutes_path)).await;
    assert_lacks(&html, "approve-at-meeting");
}

/// A formal body votes in the browser: one ballot per member, the result written in the
/// record with the chair's tie-break, and the form refused without its proposals.
async fn a_formal_body_records_a_vote_in_the_browser(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let board = ForumInput { legal_type: LegalType::FormalBody, ..f.managers.input.clone() };
    records::update::<Forum>(s, &admin(), &author(), f.managers.id, f.managers.version, board).await.expect("a formal body");
    let (m, items, _) = recorded_meeting(s, &f, "2026-11-10", &["Kuntien yhteinen hankintayksikkö"]).await;
    let it = &items[0];
    let secretary = sign_in(&app, SECRETARY).await;
    let (html, _) = page_and_csrf(&app, &secretary, &format!("/meetings/{}/minutes", m.id)).await;
    assert_contains(&html, &format!("href=\"/agenda-items/{}/vote\"", it.id));
    let vote_path = format!("/agenda-items/{}/vote", it.id);
    let (html, csrf) = page_and_csrf(&app, &secretary, &vote_path).await;
    // One ballot per member seat, named by its sitter.
    for person in [&f.member, &f.chair] {
        assert_contains(&html, &format!("name=\"ballot.{}\"", person.id));
    }
    assert_lacks(&html, &format!("name=\"ballot.{}\"", f.secretary.id));
    let before = count(s, "votes").await;
    let url = app.url(&vote_path);
    let chair = f.chair.id.to_string();
    let (member_ballot, chair_ballot) = (format!("ballot.{}", f.member.id), format!("ballot.{}", f.chair.id));
    let (status, _, html) = post_form(
        &secretary,
        &url,
        &[("csrf", &csrf), ("vote_id", "0"), ("version", "0"), ("yes_proposal", ""), ("no_proposal", ""), ("chair_id", &chair)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "error-summary");
    assert_eq!(count(s, "votes").await, before, "a refused vote is not stored");
    let form = [
        ("csrf", csrf.as_str()),
        ("vote_id", "0"),
        ("version", "0"),
        ("yes_proposal", "Esittelijän ehdotus"),
        ("no_proposal", "Jäsen Lahden vastaehdotus"),
        ("chair_id", chair.as_str()),
        (member_ballot.as_str(), "no"),
        (chair_ballot.as_str(), "yes"),
    ];
    let (status, headers, body) = post_form(&secretary, &url, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(header_text(&headers, header::LOCATION).ends_with(&format!("#item-{}", it.id)));
    let full = minutes::record_of(s, m.id).await.expect("the record").expect("started");
    assert_eq!(full.votes.len(), 1);
    let ballots: Vec<(Id, Ballot)> = full.votes[0].input.ballots.iter().map(|b| (b.person_id, b.ballot)).collect();
    assert_eq!(ballots.len(), 2);
    assert!(ballots.contains(&(f.member.id, Ballot::No)) && ballots.contains(&(f.chair.id, Ballot::Yes)));
    // 1–1: the chair's side carries, and the record says so.
    let (_, _, html) = get(&secretary, &app.url(&format!("/meetings/{}/minutes", m.id))).await;
    assert_contains(&html, "Voitti: Esittelijän ehdotus.");
    assert_contains(&html, "ratkaisi puheenjohtajan ääni");
}

/// R2.6 in the API: a member disqualified in a secret item reads neither its record nor
/// its other parts; the public item and the secretary's view stay whole.
async fn a_disqualified_member_does_not_read_the_secret_items_record_in_the_api(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let m = meeting(s, &f, "2026-11-10").await;
    let public = item(s, &f, item_input(&m, "Yhteistyöpöytäkirjan päivitys")).await;
    let secret = item(
        s,
        &f,
        AgendaItemInput {
            public_title: SECRET_PUBLIC_TITLE.into(),
            publicity: Publicity::Secret,
            legal_basis_id: Some(f.basis.id),
            ..item_input(&m, "Kiinteistö Oy:n osakekauppa")
        },
    )
    .await;
    let input = MinutesInput {
        meeting_id: m.id,
        chair_id: Some(f.chair.id),
        secretary_id: Some(f.secretary.id),
        checker_ids: vec![],
        opened_at: None,
        closed_at: None,
    };
    minutes::start(s, &f.sec, &author(), f.region.id, input).await.expect("start");
    for it in [&public, &secret] {
        let input = ItemRecordInput {
            item_id: it.id,
            discussion: format!("Keskustelu: {}", it.input.title),
            outcome: Some(Outcome::Noted),
            outcome_text: String::new(),
            appeal: None,
            appeal_basis: String::new(),
        };
        records::create::<ItemRecord>(s, &f.sec, &author(), f.region.id, input).await.expect("record");
    }
    let disqualification = DisqualificationInput {
        item_id: secret.id,
        person_id: f.member.id,
        ground: DisqualificationGround::Hl28Organisation,
        decided_by: "henkilö itse".into(),
        left_at: None,
        returned_at: None,
    };
    // A secret attachment of the item: the member reads it until disqualified.
    let uploaded = Client::new()
        .post(app.url(&format!(
            "/api/v1/agenda-items/{}/attachments?name=kauppakirja.txt&publicity=secret&legal_basis_id={}",
            secret.id, f.basis.id
        )))
        .basic_auth(SECRETARY, Some(PASSWORD))
        .body("Kauppakirjan luonnos")
        .send()
        .await
        .expect("upload");
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let attachment: Value = uploaded.json().await.expect("the attachment");
    let content = format!("/api/v1/attachments/{}/content", attachment["id"]);
    api(&app, Method::GET, &content, Some(MEMBER), &[], None).await.expect(200);
    records::create::<Disqualification>(s, &f.sec, &author(), f.region.id, disqualification).await.expect("disqualify");
    let refused = api(&app, Method::GET, &content, Some(MEMBER), &[], None).await.expect(404);
    assert!(!refused.text.contains("Kauppakirjan"));
    api(&app, Method::GET, &content, Some(SECRETARY), &[], None).await.expect(200);

    let list = format!("/api/v1/item-records?meeting_id={}", m.id);
    let mine = api(&app, Method::GET, &list, Some(MEMBER), &[], None).await.expect(200);
    let items: Vec<i64> = mine.body["items"].as_array().expect("items").iter().map(|r| r["item_id"].as_i64().expect("id")).collect();
    assert_eq!(items, vec![public.id], "the member reads only the public item's record");
    assert!(!mine.text.contains("osakekauppa"));
    let record = api(&app, Method::GET, &format!("/api/v1/meetings/{}/record", m.id), Some(MEMBER), &[], None).await.expect(200);
    assert!(!record.text.contains("Keskustelu: Kiinteistö"), "{}", record.text);
    assert_eq!(record.body["disqualifications"].as_array().map(Vec::len), Some(0));
    let secretary = api(&app, Method::GET, &list, Some(SECRETARY), &[], None).await.expect(200);
    assert_eq!(secretary.body["items"].as_array().map(Vec::len), Some(2), "the secretary reads both");
    assert!(!secretary.text.contains("withheld_from"), "the derived list is never sent");

    // Nor the item's preparation itself, nor its non-public attachments' details.
    let agenda = format!("/api/v1/agenda-items?meeting_id={}", m.id);
    let mine = api(&app, Method::GET, &agenda, Some(MEMBER), &[], None).await.expect(200);
    let ids: Vec<i64> = mine.body["items"].as_array().expect("items").iter().map(|r| r["id"].as_i64().expect("id")).collect();
    assert_eq!(ids, vec![public.id], "the member lists only the item he may read");
    assert!(!mine.text.contains("osakekauppa"));
    api(&app, Method::GET, &format!("/api/v1/agenda-items/{}", secret.id), Some(MEMBER), &[], None).await.expect(404);
    let theirs = api(&app, Method::GET, &agenda, Some(SECRETARY), &[], None).await.expect(200);
    assert_eq!(theirs.body["items"].as_array().map(Vec::len), Some(2));
    let files = format!("/api/v1/attachments?item_id={}", secret.id);
    let mine = api(&app, Method::GET, &files, Some(MEMBER), &[], None).await.expect(200);
    assert!(!mine.text.contains("kauppakirja"), "{}", mine.text);
    let theirs = api(&app, Method::GET, &files, Some(SECRETARY), &[], None).await.expect(200);
    assert!(theirs.text.contains("kauppakirja"));
}

// ---- an item checked at the meeting, written reasons of a dissent (R2.8, R2.10) -------------

/// Hollola's municipal manager, the chair: a member of the forum who has not dissented.
const CHAIR: &str = "kunnanjohtaja@hollola.example.org";

const BOUNDARY: &str = "foorumi-testi-rajaus-2c7f1d";

/// Sends a `multipart/form-data` form as a browser does: the text fields, then the file.
async fn post_multipart(
    browser: &Client,
    url: &str,
    texts: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> (StatusCode, HeaderMap, String) {
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    if let Some((name, content_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let request = browser.post(url).header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}")).body(body);
    parts(request.send().await.unwrap_or_else(|e| panic!("POST {url}: {e}"))).await
}

async fn an_item_is_checked_at_the_meeting_from_the_minutes_page(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let (m, items, _) = recorded_meeting(s, &f, "2026-11-10", &["Yhteistyöpöytäkirjan päivitys", "Kuntien lausunnot"]).await;
    let (first, second) = (&items[0], &items[1]);
    let of = |item: &AgendaItem| {
        let id = item.id;
        async move {
            let listed = records::list::<ItemRecord>(s, None, &[("item_id".into(), id.to_string())], Page::default()).await.expect("list");
            listed.0.into_iter().next().expect("the item's record")
        }
    };
    let record = of(first).await;
    let minutes_path = format!("/meetings/{}/minutes", m.id);
    let check_path = format!("/item-records/{}/check-at-meeting", record.id);
    let check_action = format!("action=\"{check_path}\"");

    let secretary = sign_in(&app, SECRETARY).await;
    let (html, csrf) = page_and_csrf(&app, &secretary, &minutes_path).await;
    assert_contains(&html, &check_action);
    assert_eq!(input_value(&html[html.find(&check_action).expect("the form")..], "version"), Some(record.version.to_string()));
    assert_lacks(&html, "Pykälä tarkastettiin kokouksessa");
    // A member follows the meeting, and is not offered the step.
    let member = sign_in(&app, MEMBER).await;
    let (member_html, member_csrf) = page_and_csrf(&app, &member, &minutes_path).await;
    assert_lacks(&member_html, "check-at-meeting");
    let mut stream = follow(&app, &member, m.id).await;

    // Neither a member nor a stale page checks it.
    let version = record.version.to_string();
    let url = app.url(&check_path);
    let (status, _, _) = post_form(&member, &url, &[("csrf", &member_csrf), ("version", &version)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let stale = (record.version - 1).to_string();
    let (status, _, _) = post_form(&secretary, &url, &[("csrf", &csrf), ("version", &stale)]).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, _, _) = post_form(&secretary, &url, &[("csrf", &"0".repeat(64)), ("version", &version)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a forged form");
    assert_eq!(of(first).await, record, "nothing changed");

    let (status, headers, body) = post_form(&secretary, &url, &[("csrf", &csrf), ("version", &version)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("{minutes_path}?done=item-checked#item-{}", first.id));
    let checked = of(first).await;
    assert!(checked.checked_at_meeting.is_some());
    assert_eq!(checked.version, record.version + 1);
    // Those following see it at once.
    let event = stream.next_record().await;
    assert_eq!(event["item"], first.id);
    assert_contains(event["html"].as_str().unwrap_or_default(), "Pykälä tarkastettiin kokouksessa");

    // The page notes it, and offers no form to write the item with; the other item is
    // written as before.
    let (html, csrf) = page_and_csrf(&app, &secretary, &format!("{minutes_path}?done=item-checked")).await;
    assert_contains(&html, "Pykälä on kirjattu kokouksessa tarkastetuksi.");
    assert_contains(&html, "Pykälä tarkastettiin kokouksessa");
    assert_lacks(&html, &format!("action=\"/agenda-items/{}/record\"", first.id));
    assert_lacks(&html, &check_action);
    assert_contains(&html, &format!("action=\"/agenda-items/{}/record\"", second.id));
    let second_record = of(second).await;
    assert_contains(&html, &format!("action=\"/item-records/{}/check-at-meeting\"", second_record.id));
    let (_, _, member_html) = get(&member, &app.url(&minutes_path)).await;
    assert_contains(&member_html, "Pykälä tarkastettiin kokouksessa");

    // A save sent from a page opened before is refused with the reason.
    let checked_version = checked.version.to_string();
    let save = [
        ("csrf", csrf.as_str()),
        ("version", checked_version.as_str()),
        ("discussion", "Muutettu jälkikäteen."),
        ("outcome", "recommendation"),
        ("outcome_text", "Suositellaan."),
    ];
    let (status, _, html) = post_form(&secretary, &app.url(&format!("/agenda-items/{}/record", first.id)), &save).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Pykälä on tarkastettu kokouksessa, eikä sitä voi enää muuttaa.");
    assert_eq!(of(first).await, checked);
}

async fn a_dissenter_uploads_written_reasons_that_the_minutes_link(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    user(s, CHAIR, Some(f.chair.id), vec![]).await;
    let (m, items, _) = recorded_meeting(s, &f, "2026-11-10", &["Kuntien yhteinen hankintayksikkö"]).await;
    let it = &items[0];
    let dissent = records::create::<Dissent>(
        s,
        &f.sec,
        &author(),
        f.region.id,
        DissentInput { item_id: it.id, person_id: f.member.id, reasons: String::new() },
    )
    .await
    .expect("the member dissents");
    let minutes_path = format!("/meetings/{}/minutes", m.id);
    let reasons_url = app.url(&format!("/dissents/{}/reasons", dissent.id));
    let file_href = format!("href=\"/dissents/{}/reasons-file\"", dissent.id);
    let file_url = app.url(&format!("/dissents/{}/reasons-file", dissent.id));
    let blobs = app.attachments_dir.path();

    // The dissenter, signed in as themselves, is offered the form for their reasons.
    let member = sign_in(&app, MEMBER).await;
    let (html, csrf) = page_and_csrf(&app, &member, &minutes_path).await;
    assert_contains(&html, &format!("action=\"/dissents/{}/reasons\" enctype=\"multipart/form-data\"", dissent.id));
    assert_lacks(&html, &file_href);

    // Another member is neither offered it nor let in; a forged form is refused too.
    let chair = sign_in(&app, CHAIR).await;
    let (chair_html, chair_csrf) = page_and_csrf(&app, &chair, &minutes_path).await;
    assert_lacks(&chair_html, &format!("/dissents/{}/reasons", dissent.id));
    let not_theirs = pdf("toisen perustelut");
    let (status, _, _) = post_multipart(
        &chair,
        &reasons_url,
        &[("csrf", &chair_csrf), ("reasons", "Toisen perustelut")],
        Some(("Perustelut.pdf", "application/pdf", &not_theirs)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = post_multipart(
        &member,
        &reasons_url,
        &[("csrf", &"0".repeat(64)), ("reasons", "Väärennetty")],
        Some(("Perustelut.pdf", "application/pdf", &not_theirs)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(records::get::<Dissent>(s, dissent.id).await.expect("the dissent"), dissent);
    assert_eq!(files_under(blobs), Vec::<std::path::PathBuf>::new(), "refused forms keep no file");

    // A program is no written reasons: the page says why, and nothing is kept.
    let program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";
    let (status, _, html) = post_multipart(
        &member,
        &reasons_url,
        &[("csrf", &csrf), ("reasons", "Vaikutuksia ei arvioitu.")],
        Some(("perustelut.exe", "application/octet-stream", program)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Tätä tiedostotyyppiä ei voi liittää.");
    assert_eq!(records::get::<Dissent>(s, dissent.id).await.expect("the dissent"), dissent, "neither the text nor the file is kept");
    assert_eq!(files_under(blobs), Vec::<std::path::PathBuf>::new());

    // Their reasons as text and a PDF.
    let bytes = pdf("eriava mielipide");
    let (status, headers, body) = post_multipart(
        &member,
        &reasons_url,
        &[("csrf", &csrf), ("reasons", "Vaikutuksia ei arvioitu.")],
        Some(("Eriava mielipide.pdf", "application/pdf", &bytes)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("{minutes_path}?done=reasons#item-{}", it.id));
    let stored = records::get::<Dissent>(s, dissent.id).await.expect("the dissent");
    assert_eq!(stored.input.reasons, "Vaikutuksia ei arvioitu.");
    let file = stored.reasons_file.clone().expect("the reasons file");
    assert_eq!((file.name.as_str(), file.media_type.as_str(), file.size), ("Eriava mielipide.pdf", "application/pdf", bytes.len() as i64));
    assert_eq!(files_under(blobs).len(), 1);

    // The minutes link the file, for everyone of the forum.
    for browser in [&member, &chair] {
        let (_, _, html) = get(browser, &app.url(&minutes_path)).await;
        assert_contains(&html, &file_href);
        assert_contains(&html, "Eriava mielipide.pdf");
        assert_contains(&html, "Vaikutuksia ei arvioitu.");
    }
    let secretary = sign_in(&app, SECRETARY).await;
    let (_, _, html) = get(&secretary, &app.url(&minutes_path)).await;
    assert_contains(&html, &file_href);
    let (status, headers, downloaded) = get_bytes(&secretary, &file_url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(downloaded, bytes, "the same bytes");
    assert_eq!(header_text(&headers, header::CONTENT_TYPE), "application/pdf");
    assert_eq!(header_text(&headers, header::CACHE_CONTROL), "private, no-store");
    // Not for the public, nor for someone outside the forum.
    let outsider = sign_in(&app, OUTSIDER).await;
    for (who, browser) in [("the public", visitor()), ("an outsider", outsider)] {
        let (status, _, body) = get_bytes(&browser, &file_url).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}");
        assert!(!String::from_utf8_lossy(&body).contains("eriava mielipide"), "{who} got the file");
    }

    // Once the memo is checked, the form is gone and a late upload is refused.
    check(s, &f, &records::get::<Minutes>(s, minutes_of(s, m.id).await).await.expect("the memo")).await;
    let (html, csrf) = page_and_csrf(&app, &member, &minutes_path).await;
    assert_lacks(&html, &format!("action=\"/dissents/{}/reasons\"", dissent.id));
    assert_contains(&html, &file_href);
    let late = pdf("myohassa");
    let (status, _, html) = post_multipart(
        &member,
        &reasons_url,
        &[("csrf", &csrf), ("reasons", "Myöhästyneet perustelut.")],
        Some(("Myohassa.pdf", "application/pdf", &late)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Tarkastettua pöytäkirjaa ei voi muuttaa.");
    assert_eq!(records::get::<Dissent>(s, dissent.id).await.expect("the dissent"), stored);
}

async fn minutes_of(store: &Store, meeting_id: Id) -> Id {
    minutes::record_of(store, meeting_id).await.expect("read").expect("the memo").minutes.id
}

both_backends!(
    the_secretary_writes_the_record_live_and_the_checker_approves_it,
    the_ratifications_page_lists_checked_recommendations_for_each_signing_party,
    a_partys_actions_are_shown_to_its_administrator,
    a_memo_is_approved_from_its_page_at_a_later_meeting_that_has_been_held,
    a_formal_body_records_a_vote_in_the_browser,
    a_disqualified_member_does_not_read_the_secret_items_record_in_the_api,
    an_item_is_checked_at_the_meeting_from_the_minutes_page,
    a_dissenter_uploads_written_reasons_that_the_minutes_link,
);
