//! Invitations by e-mail as their recipients get them: a real SMTP server (Python's
//! `aiosmtpd`, writing a Maildir) on a loopback port receives what the outbox worker sends;
//! the test reads the messages back with Python's `email` package and checks recipients,
//! languages, the MIME structure, the calendar invitation (parsed by both `icalendar` and
//! `ical.js`) and the answer links, used through the real web application. Fails loudly
//! when Python, aiosmtpd, icalendar or ical.js is missing.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, NaiveTime, Offset, SubsecRound, TimeZone, Utc};
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_mail::{Mailer, Round, send_due};
use foorumi_store::accounts::NewUser;
use foorumi_store::outbox::{self, Delivery, Kind, Status};
use foorumi_store::{Store, meetings, minutes, records};
use foorumi_testkit::fixtures::{
    add_user, admin, author, client, create, create_paijat_hame, csrf_of, forum, hm, item, location, meeting, new_user, party, post_form,
    seat as seat_input, sign_in, text,
};
use foorumi_testkit::{Backend, TestApp, store_for};
use reqwest::StatusCode;
use serde_json::Value;

const INSTALL: &str = "install the test tools with `pip install -r tests/requirements.txt` and `npm ci` in tests/browser";
const SECRETARY_EMAIL: &str = "sari.salo@liitto.example.org";
const MAIL_FROM: &str = "Foorumi <foorumi@example.org>";
const PUBLIC_URL: &str = "https://foorumi.example.org";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("find a free port").port()
}

// ---- the SMTP server ------------------------------------------------------------------

/// `python3 -m aiosmtpd` on a loopback port, storing what it receives in a Maildir.
struct SmtpServer {
    port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

impl SmtpServer {
    fn start(port: u16) -> SmtpServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 -m aiosmtpd ({e}): {INSTALL}"));
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = child.try_wait().expect("poll aiosmtpd") {
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    std::io::Read::read_to_string(&mut pipe, &mut stderr).ok();
                }
                panic!("aiosmtpd exited ({status}): {INSTALL}\n{stderr}");
            }
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return SmtpServer { port, dir, child };
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not listen on port {port} within 30 seconds");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, decoded by Python's `email` package.
    fn messages(&self) -> Vec<Value> {
        let maildir = self.dir.path().join("maildir");
        if !maildir.exists() {
            return Vec::new();
        }
        let output = Command::new("python3")
            .arg(root().join("tests/smtp/read_maildir.py"))
            .arg(&maildir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run python3 ({e}): {INSTALL}"));
        assert!(output.status.success(), "read_maildir.py failed: {}", String::from_utf8_lossy(&output.stderr));
        let parsed: Value = serde_json::from_slice(&output.stdout).expect("read_maildir.py prints JSON");
        parsed.as_array().cloned().unwrap_or_default()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a parser script on an invitation and returns what it printed.
fn parse_with(program: &str, script: &str, ics: &str) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("invite.ics");
    std::fs::write(&file, ics).expect("write the invitation");
    let output = Command::new(program)
        .arg(root().join(script))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}): {INSTALL}"));
    assert!(output.status.success(), "{program} {script} failed ({INSTALL}):\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("the parser prints JSON")
}

/// The invitation as both calendar parsers read it; they must agree.
fn parse_invitation(ics: &str) -> Value {
    let python = parse_with("python3", "tests/smtp/parse_invite.py", ics);
    let node = parse_with("node", "tests/smtp/parse-invite.mjs", ics);
    assert_eq!(python, node, "icalendar and ical.js read the invitation alike");
    python
}

// ---- the region -------------------------------------------------------------------------

/// A forum of five seats and a meeting a month ahead: the chair Anna (Finnish), the
/// member Björn through his post (Swedish) with his deputy Dora (Finnish), the member Emily
/// (English), the secretary Sari (Finnish, who signs in), and a standing guest, Gunnar,
/// who has no e-mail address.
struct Fixture {
    region: Region,
    forum: Forum,
    meeting: Meeting,
    anna: Person,
    bjorn: Person,
    emily: Person,
    /// The secretary, who signs in.
    sari: Person,
    anna_seat: Seat,
    bjorn_seat: Seat,
    emily_seat: Seat,
}

fn email(address: &str) -> Vec<Contact> {
    vec![Contact { kind: ContactKind::Email, value: address.into(), public: false, valid_from: None, valid_until: None }]
}

async fn fixture(store: &Store) -> Fixture {
    let today = foorumi_store::today();
    let region = create_paijat_hame(store).await;
    let r = region.id;
    let named = |kind, code: Option<&str>, name: Names| PartyInput { name, ..party(kind, code, "") };
    let council = create::<Party>(store, r, named(PartyKind::RegionalCouncil, None, Names::new("Päijät-Hämeen liitto", "", ""))).await;
    let lahti = create::<Party>(store, r, named(PartyKind::Municipality, Some("398"), Names::new("Lahti", "Lahtis", "Lahti"))).await;
    let term = create::<CouncilTerm>(
        store,
        r,
        TermInput { start_date: today - chrono::Duration::days(60), end_date: today + chrono::Duration::days(800) },
    )
    .await;
    let forum = create::<Forum>(
        store,
        r,
        ForumInput {
            name: Names::new("Kuntajohtajakokous", "Kommundirektörsmötet", "Municipal managers meeting"),
            ..forum("Kuntajohtajakokous", ForumLevel::Tactical)
        },
    )
    .await;
    let person = |name: &str, party: &Party, contacts: Vec<Contact>, lang: Lang| PersonInput {
        name: name.into(),
        party_id: Some(party.id),
        contacts,
        lang,
    };
    let anna = create::<Person>(store, r, person("Anna Aaltonen", &council, email("anna.aaltonen@liitto.example.org"), Lang::Fi)).await;
    let bjorn = create::<Person>(store, r, person("Björn Berg", &lahti, email("bjorn.berg@lahti.example.org"), Lang::Sv)).await;
    let dora = create::<Person>(store, r, person("Dora Dahl", &lahti, email("dora.dahl@lahti.example.org"), Lang::Fi)).await;
    let emily = create::<Person>(store, r, person("Emily Evans", &council, email("emily.evans@liitto.example.org"), Lang::En)).await;
    let gunnar = create::<Person>(store, r, person("Gunnar Grön", &lahti, vec![], Lang::Fi)).await;
    let sari = create::<Person>(store, r, person("Sari Salo", &council, email(SECRETARY_EMAIL), Lang::Fi)).await;
    let director =
        create::<Post>(store, r, PostInput { party_id: lahti.id, title: Names::new("Kaupunginjohtaja", "Stadsdirektör", "Mayor") }).await;
    create::<Holding>(
        store,
        r,
        HoldingInput { post_id: director.id, person_id: bjorn.id, start_date: term.input.start_date, end_date: None },
    )
    .await;
    let seat = |party: &Party, role| seat_input(&forum, &term, party, role);
    let anna_seat = create::<Seat>(store, r, SeatInput { person_id: Some(anna.id), ..seat(&council, SeatRole::Chair) }).await;
    let bjorn_seat = create::<Seat>(store, r, SeatInput { post_id: Some(director.id), ..seat(&lahti, SeatRole::Member) }).await;
    create::<Seat>(store, r, SeatInput { person_id: Some(dora.id), deputy_of: Some(bjorn_seat.id), ..seat(&lahti, SeatRole::Deputy) })
        .await;
    let emily_seat = create::<Seat>(store, r, SeatInput { person_id: Some(emily.id), ..seat(&council, SeatRole::Member) }).await;
    create::<Seat>(store, r, SeatInput { person_id: Some(gunnar.id), ..seat(&lahti, SeatRole::StandingGuest) }).await;
    create::<Seat>(store, r, SeatInput { person_id: Some(sari.id), ..seat(&council, SeatRole::Secretary) }).await;
    let meeting = create::<Meeting>(
        store,
        r,
        MeetingInput {
            start_time: hm("13:00"),
            end_time: hm("15:00"),
            place: "Lahti, Vesijärvenkatu 11".into(),
            online_url: "https://meet.example.org/kuntajohtajat".into(),
            ..meeting(&forum, &(today + chrono::Duration::days(30)).to_string())
        },
    )
    .await;
    add_user(store, NewUser { display_name: "Sari Salo".into(), person_id: Some(sari.id), ..new_user(SECRETARY_EMAIL) }).await;
    Fixture { region, forum, meeting, anna, bjorn, emily, sari, anna_seat, bjorn_seat, emily_seat }
}

/// The addresses that get messages: everyone but Gunnar, who has none.
const ADDRESSES: [&str; 5] = [
    "anna.aaltonen@liitto.example.org",
    "bjorn.berg@lahti.example.org",
    "dora.dahl@lahti.example.org",
    "emily.evans@liitto.example.org",
    SECRETARY_EMAIL,
];

fn config() -> foorumi_web::Config {
    foorumi_web::Config { mail_from: MAIL_FROM.into(), public_url: PUBLIC_URL.into(), page_cache: false, ..foorumi_web::Config::default() }
}

fn region_admin(f: &Fixture) -> Actor {
    Actor { user_id: Some(1), region_admin: vec![f.region.id], ..Actor::default() }
}

async fn meeting_now(store: &Store, f: &Fixture) -> Meeting {
    records::get::<Meeting>(store, f.meeting.id).await.expect("the meeting")
}

/// "2026-03-10T13:00:00+02:00": local time with Helsinki's offset on that day.
fn helsinki(date: NaiveDate, time: NaiveTime) -> String {
    let local = date.and_time(time);
    let offset = chrono_tz::Europe::Helsinki.offset_from_local_datetime(&local).single().expect("an unambiguous time").fix();
    format!("{}{}", local.format("%Y-%m-%dT%H:%M:%S"), offset)
}

fn number_of(meeting: &Meeting) -> String {
    format!("1/{}", meeting.input.date.year())
}

// ---- reading messages -------------------------------------------------------------------

fn by_recipient(messages: &[Value]) -> BTreeMap<String, Value> {
    messages.iter().map(|m| (m["rcpt_to"].as_str().unwrap_or_default().to_owned(), m.clone())).collect()
}

/// The decoded content of the message's part of `content_type` that is not an
/// attachment (or, `attachment`, that is).
fn part<'a>(message: &'a Value, content_type: &str, attachment: bool) -> Option<&'a Value> {
    message["parts"].as_array()?.iter().find(|p| p["type"] == content_type && p["attachment"].as_bool().unwrap_or(false) == attachment)
}

/// The messages whose subject starts with one of `prefixes` (one per language).
fn with_subject(messages: Vec<Value>, prefixes: [&str; 3]) -> Vec<Value> {
    messages.into_iter().filter(|m| prefixes.iter().any(|p| m["subject"].as_str().unwrap_or_default().starts_with(p))).collect()
}

fn text_of(message: &Value) -> String {
    part(message, "text/plain", false).and_then(|p| p["content"].as_str()).expect("a text/plain part").replace("\r\n", "\n")
}

fn types_of(message: &Value) -> Vec<String> {
    message["parts"]
        .as_array()
        .map(|parts| parts.iter().map(|p| p["type"].as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default()
}

/// The link on the line after `label` in a message's text ("Osallistun:\nhttps://…").
fn link_after(text: &str, label: &str) -> Option<String> {
    let mut lines = text.lines();
    lines.find(|l| l.trim() == format!("{label}:"))?;
    lines.next().map(|l| l.trim().to_owned())
}

/// The path of an answer link in the test server ("/answer/…?lang=sv").
fn answer_path(link: &str) -> String {
    link.strip_prefix(PUBLIC_URL).unwrap_or_else(|| panic!("{link} does not start with the public URL {PUBLIC_URL}")).to_owned()
}

/// The token of an answer link.
fn token_of(link: &str) -> String {
    answer_path(link).trim_start_matches("/answer/").split('?').next().unwrap_or_default().to_owned()
}

async fn deliveries(store: &Store, f: &Fixture) -> Vec<Delivery> {
    outbox::deliveries(store, f.meeting.id).await.expect("deliveries")
}

async fn answer_of(store: &Store, meeting: &Meeting, seat: &Seat) -> Option<AttendanceResponse> {
    meetings::attendance(store, meeting.id).await.expect("attendance").get(&seat.id).copied()
}

async fn send_round(store: &Store, mailer: &Mailer, now: chrono::DateTime<Utc>) -> Round {
    send_due(store, mailer, now).await.expect("a sending round")
}

// ---- HTTP -------------------------------------------------------------------------------

/// The e-mail section of the meeting page.
fn mail_section(html: &str) -> &str {
    let start = html.find("<h2 id=\"mail\">").unwrap_or_else(|| panic!("no e-mail section in\n{html}"));
    let rest = &html[start..];
    &rest[..rest.find("<h2>").unwrap_or(rest.len())]
}

// ---- the tests ----------------------------------------------------------------------------

macro_rules! mail_test {
    ($name:ident) => {
        mod $name {
            #[test]
            fn sqlite() {
                foorumi_testkit::block_on(super::$name(foorumi_testkit::Backend::Sqlite));
            }
            #[test]
            fn postgres() {
                foorumi_testkit::block_on(super::$name(foorumi_testkit::Backend::Postgres));
            }
        }
    };
}

mail_test!(invitations_reach_everyone_in_their_language_and_the_links_answer_once);
async fn invitations_reach_everyone_in_their_language_and_the_links_answer_once(backend: Backend) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    let app = TestApp::start_with(store, config()).await;
    let store: &Store = &app.store;

    // The secretary sends the invitations from the meeting page; without smtp_url the
    // page says they wait in the queue.
    let secretary = sign_in(&app, SECRETARY_EMAIL).await;
    let page = app.url(&format!("/meetings/{}", f.meeting.id));
    let (status, html) = text(&secretary, &page).await;
    assert_eq!(status, StatusCode::OK);
    let section = mail_section(&html);
    assert!(section.contains("Sähköpostin lähetys ei ole käytössä"), "{section}");
    assert!(section.contains("Kutsuja ei ole vielä lähetetty."), "{section}");
    assert!(section.contains(">Lähetä kutsut</button>"), "{section}");
    let (anonymous_status, anonymous_html) = text(&client(), &page).await;
    assert_eq!(anonymous_status, StatusCode::OK);
    assert!(!anonymous_html.contains("id=\"mail\""), "the delivery status is the secretary's");
    let csrf = csrf_of(&html);
    let action = app.url(&format!("/meetings/{}/invitations", f.meeting.id));
    let (status, headers, _) = post_form(&secretary, &action, &[("csrf", "0".repeat(64).as_str()), ("kind", "invitation")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a forged form sends nothing");
    assert!(location(&headers).is_empty());
    assert!(deliveries(store, &f).await.is_empty());
    let (status, headers, _) = post_form(&secretary, &action, &[("csrf", csrf.as_str()), ("kind", "invitation")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let queued = location(&headers).to_owned();
    assert_eq!(queued, format!("/meetings/{}?queued=5&no_address=1#mail", f.meeting.id));
    let meeting = meeting_now(store, &f).await;
    assert_eq!(meeting.input.status, MeetingStatus::Invited, "sending the invitations moves the meeting to invited");

    let (_, html) = text(&secretary, &app.url(&queued)).await;
    let section = mail_section(&html).to_owned();
    assert!(section.contains("Jonossa olevia viestejä: 5. Vastaanottajia ilman sähköpostiosoitetta: 1."), "{section}");
    assert_eq!(section.matches("data-status=\"queued\"").count(), 5, "{section}");
    assert!(section.contains("<td>Gunnar Grön</td><td></td><td>Kutsu</td><td>Ei sähköpostiosoitetta</td>"), "{section}");
    assert!(!section.contains(">Lähetä kutsut</button>"), "nothing to send again: {section}");

    // The worker sends them to the SMTP server.
    let smtp = SmtpServer::start(free_port());
    let mailer = Mailer::new(&smtp.url(), MAIL_FROM).expect("a mailer");
    assert_eq!(send_round(store, &mailer, Utc::now()).await, Round { sent: 5, retrying: 0, failed: 0 });
    let received = smtp.messages();
    assert_eq!(received.len(), 5, "one message per recipient with an address");
    let messages = by_recipient(&received);
    assert_eq!(messages.keys().map(String::as_str).collect::<Vec<_>>(), ADDRESSES.to_vec());
    let number = number_of(&meeting);
    for (address, name, lang, subject, greeting, accept_label) in [
        (ADDRESSES[0], "Anna Aaltonen", "fi", format!("Kutsu: Kuntajohtajakokous {number}"), "Hei Anna Aaltonen,", Some("Osallistun")),
        (ADDRESSES[1], "Björn Berg", "sv", format!("Kallelse: Kommundirektörsmötet {number}"), "Hej Björn Berg,", Some("Jag deltar")),
        (ADDRESSES[2], "Dora Dahl", "fi", format!("Kutsu: Kuntajohtajakokous {number}"), "Hei Dora Dahl,", None),
        (
            ADDRESSES[3],
            "Emily Evans",
            "en",
            format!("Invitation: Municipal managers meeting {number}"),
            "Dear Emily Evans,",
            Some("I will attend"),
        ),
        (ADDRESSES[4], "Sari Salo", "fi", format!("Kutsu: Kuntajohtajakokous {number}"), "Hei Sari Salo,", None),
    ] {
        let message = &messages[address];
        assert_eq!(message["to"], format!("{name} <{address}>"), "{address}");
        assert_eq!(message["from"], MAIL_FROM);
        assert_eq!(message["mail_from"], "foorumi@example.org");
        assert_eq!(message["subject"], subject.as_str(), "{address}");
        assert_eq!(message["content_language"], lang, "{address}");
        assert_eq!(
            types_of(message),
            ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar", "application/ics"],
            "{address}"
        );
        let text = text_of(message);
        assert!(text.starts_with(greeting), "{address}:\n{text}");
        assert!(text.contains("https://meet.example.org/kuntajohtajat"), "the invited get the online link: {text}");
        let html = part(message, "text/html", false).and_then(|p| p["content"].as_str()).expect("an HTML part");
        assert!(html.contains(&format!("lang=\"{lang}\"")) && html.contains("href=\"https://meet.example.org/kuntajohtajat\""), "{html}");
        match accept_label {
            Some(label) => {
                let link = link_after(&text, label).unwrap_or_else(|| panic!("{address}: no {label:?} link in\n{text}"));
                assert!(link.starts_with(&format!("{PUBLIC_URL}/answer/")) && link.ends_with(&format!("?lang={lang}")), "{link}");
                assert!(html.contains(&link.replace('&', "&amp;")), "the HTML part has the same link");
            }
            None => assert!(!text.contains("/answer/"), "{address} has no member seat and no answer links:\n{text}"),
        }

        // The invitation: the same in the calendar part and the attachment, read alike by
        // both parsers, the feed's event with the recipient as attendee.
        let calendar = part(message, "text/calendar", false).expect("a text/calendar part");
        assert_eq!(calendar["method"], "REQUEST");
        let attachment = part(message, "application/ics", true).expect("an invite.ics attachment");
        assert_eq!(attachment["filename"], "invite.ics");
        let ics = calendar["content"].as_str().expect("calendar text");
        assert_eq!(ics, attachment["content"].as_str().unwrap_or_default(), "{address}");
        let parsed = parse_invitation(ics);
        assert_eq!(parsed["method"], "REQUEST");
        assert_eq!(parsed["timezones"], serde_json::json!(["Europe/Helsinki"]));
        let events = parsed["events"].as_array().expect("events");
        assert_eq!(events.len(), 1);
        let event = &events[0];
        assert_eq!(event["uid"], format!("meeting-{}@foorumi", meeting.id));
        assert_eq!(event["sequence"], meeting.version - 1, "SEQUENCE is the meeting's, as in the feeds");
        assert_eq!(event["start"], helsinki(meeting.input.date, meeting.input.start_time));
        assert_eq!(event["end"], helsinki(meeting.input.date, meeting.input.end_time));
        assert_eq!(event["tzid"], "Europe/Helsinki");
        assert_eq!(event["status"], "CONFIRMED");
        assert_eq!(event["location"], "Lahti, Vesijärvenkatu 11");
        assert!(event["summary"].as_str().unwrap_or_default().ends_with(&number), "{}", event["summary"]);
        assert_eq!(event["organizer"], "mailto:foorumi@example.org");
        assert_eq!(
            event["attendees"],
            serde_json::json!([{ "address": format!("mailto:{address}"), "name": name, "partstat": "NEEDS-ACTION", "rsvp": "TRUE" }])
        );
    }
    // Björn's seat has a deputy: he may also answer that the deputy attends; Anna's has none.
    assert!(link_after(&text_of(&messages[ADDRESSES[1]]), "Min ersättare deltar").is_some());
    assert!(link_after(&text_of(&messages[ADDRESSES[0]]), "Varajäseneni osallistuu").is_none());

    // The forum's public feed has the same event: the same UID and SEQUENCE.
    let feed = reqwest::get(app.url(&format!("/forums/{}/calendar.ics", f.forum.id))).await.unwrap().text().await.unwrap();
    let feed_event = parse_with("python3", "tests/ical/parse.py", &feed)["events"]
        .as_array()
        .and_then(|events| events.iter().find(|e| e["uid"] == format!("meeting-{}@foorumi", meeting.id)).cloned())
        .expect("the meeting in the feed");
    assert_eq!(feed_event["sequence"], meeting.version - 1);

    let (_, html) = text(&secretary, &page).await;
    let section = mail_section(&html).to_owned();
    assert_eq!(section.matches("data-status=\"sent\"").count(), 5, "{section}");
    assert_eq!(section.matches("data-status=\"no_address\"").count(), 1, "{section}");
    assert!(section.contains("Lähetetty "), "{section}");

    // Björn opens his accept link: the page asks him to confirm in Swedish, and opening it
    // changes nothing (mail scanners open links too).
    let bjorn_text = text_of(&messages[ADDRESSES[1]]);
    let accept = link_after(&bjorn_text, "Jag deltar").expect("Björn's accept link");
    let decline = link_after(&bjorn_text, "Jag deltar inte").expect("Björn's decline link");
    let browser = client();
    let (status, html) = text(&browser, &app.url(&answer_path(&accept))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<h1>Bekräfta ditt svar</h1>"), "{html}");
    assert!(html.contains("Björn Berg, bekräfta ditt svar till mötet Kommundirektörsmötet"), "{html}");
    assert!(html.contains(">Bekräfta: Jag deltar</button>"), "{html}");
    assert_eq!(answer_of(store, &meeting, &f.bjorn_seat).await, None, "opening the link records nothing");

    let accept_url = app.url(&format!("/answer/{}", token_of(&accept)));
    let (status, _, html) = post_form(&browser, &accept_url, &[]).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Tack! Ditt svar har sparats: Jag deltar."), "{html}");
    assert_eq!(answer_of(store, &meeting, &f.bjorn_seat).await, Some(AttendanceResponse::Accepted));
    let logged = foorumi_store::audit::recent(store, f.region.id, Some(("attendance", f.bjorn_seat.id)), 1).await.unwrap();
    assert_eq!(logged[0].actor, format!("e-mail link of person {}", f.bjorn.id), "the log says how the answer came");

    // Used twice, or its sibling link of the same message: a clear page, and no change.
    let (status, _, html) = post_form(&browser, &accept_url, &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Länken har redan använts"), "{html}");
    let (status, _, html) = post_form(&browser, &app.url(&format!("/answer/{}", token_of(&decline))), &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Länken har redan använts"), "{html}");
    assert_eq!(answer_of(store, &meeting, &f.bjorn_seat).await, Some(AttendanceResponse::Accepted), "the answer did not change");

    // A forged or altered link: refused, and nothing changes; the real one still works.
    let anna_decline = token_of(&link_after(&text_of(&messages[ADDRESSES[0]]), "En osallistu").expect("Anna's decline link"));
    let mut altered_mac = anna_decline.clone();
    let last = altered_mac.pop().expect("a token");
    altered_mac.push(if last == '0' { '1' } else { '0' });
    let switched_answer = anna_decline.replace(".declined.", ".accepted.");
    let guessed = format!("{}.declined.{}", "0".repeat(32), "0".repeat(64));
    for forged in [&altered_mac, &switched_answer, &guessed, &"not-a-token".to_owned()] {
        let url = app.url(&format!("/answer/{forged}"));
        let (status, html) = text(&client(), &url).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{forged}");
        assert!(html.contains("<h1>Linkki ei kelpaa</h1>"), "{html}");
        let (status, _, _) = post_form(&client(), &url, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{forged}");
    }
    assert_eq!(answer_of(store, &meeting, &f.anna_seat).await, None);
    let (status, _, html) = post_form(&client(), &app.url(&format!("/answer/{anna_decline}?lang=fi")), &[]).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Kiitos! Vastauksesi on tallennettu: En osallistu."), "{html}");
    assert_eq!(answer_of(store, &meeting, &f.anna_seat).await, Some(AttendanceResponse::Declined));

    // An expired link: a clear page in the recipient's language, and nothing changes.
    let expired =
        outbox::issue_answer_links(store, meeting.id, f.emily_seat.id, f.emily.id, Utc::now() - chrono::Duration::hours(1), false)
            .await
            .expect("a link that has expired");
    let url = app.url(&format!("/answer/{}?lang=en", expired.accept));
    let (status, html) = text(&client(), &url).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("<h1>The link has expired</h1>"), "{html}");
    let (status, _, _) = post_form(&client(), &url, &[]).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(answer_of(store, &meeting, &f.emily_seat).await, None);

    // A link of someone who no longer sits in the seat records nothing either.
    let not_hers = outbox::issue_answer_links(store, meeting.id, f.emily_seat.id, f.anna.id, Utc::now() + chrono::Duration::days(1), false)
        .await
        .expect("a link naming the wrong person");
    let (status, _, html) = post_form(&client(), &app.url(&format!("/answer/{}", not_hers.accept)), &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Vastausta ei tallennettu"), "{html}");
    assert_eq!(answer_of(store, &meeting, &f.emily_seat).await, None);
    // …and its token stays unused, as the answer was not recorded.
    assert!(outbox::verify_answer(store, &not_hers.accept, Utc::now()).await.is_ok());

    // The meeting moves to another room: the secretary is offered to send the change.
    let current = meeting_now(store, &f).await;
    let moved = MeetingInput { place: "Hollola, kunnantalo".into(), ..current.input.clone() };
    records::update::<Meeting>(store, &admin(), &author(), current.id, current.version, moved).await.unwrap();
    let (_, html) = text(&secretary, &page).await;
    let section = mail_section(&html);
    assert!(section.contains("Kokouksen aika tai paikka on muuttunut kutsun jälkeen."), "{section}");
    assert!(section.contains("<input type=\"hidden\" name=\"kind\" value=\"update\">"), "{section}");
    assert!(section.contains(">Lähetä muutosilmoitus</button>"), "{section}");
}

mail_test!(smtp_down_keeps_every_message_queued_until_the_server_is_back);
async fn smtp_down_keeps_every_message_queued_until_the_server_is_back(backend: Backend) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    let config = config();
    let done = foorumi_web::mail::send_invitations(&store, &config, &region_admin(&f), &author(), f.meeting.id, false).await.unwrap();
    assert_eq!((done.queued, done.no_address), (5, 1));

    // Nothing listens on the port yet.
    let port = free_port();
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), MAIL_FROM).unwrap();
    // To the microsecond, as the outbox stores times.
    let t0 = Utc::now().trunc_subsecs(6);
    assert_eq!(send_round(&store, &mailer, t0).await, Round { sent: 0, retrying: 5, failed: 0 });
    for d in deliveries(&store, &f).await.iter().filter(|d| d.status != Status::NoAddress) {
        assert_eq!((d.status, d.attempts), (Status::Queued, 1), "{d:?}");
        assert!(!d.last_error.is_empty());
        assert_eq!(d.next_attempt_at, t0 + chrono::Duration::minutes(1), "retried after a minute: {d:?}");
    }
    assert_eq!(send_round(&store, &mailer, t0).await, Round::default(), "not due again at once");

    // The second failure waits twice as long.
    let t1 = t0 + chrono::Duration::minutes(1);
    assert_eq!(send_round(&store, &mailer, t1).await.retrying, 5);
    for d in deliveries(&store, &f).await.iter().filter(|d| d.status != Status::NoAddress) {
        assert_eq!((d.status, d.attempts), (Status::Queued, 2), "{d:?}");
        assert_eq!(d.next_attempt_at, t1 + chrono::Duration::minutes(2), "then after two: {d:?}");
    }

    // The server comes back on that port: every message goes, once.
    let smtp = SmtpServer::start(port);
    let t2 = t1 + chrono::Duration::minutes(2);
    assert_eq!(send_round(&store, &mailer, t2).await, Round { sent: 5, retrying: 0, failed: 0 });
    assert_eq!(send_round(&store, &mailer, t2 + chrono::Duration::hours(2)).await, Round::default());
    let received = smtp.messages();
    assert_eq!(by_recipient(&received).keys().map(String::as_str).collect::<Vec<_>>(), ADDRESSES.to_vec());
    assert_eq!(received.len(), 5, "no message twice");
    for d in deliveries(&store, &f).await.iter().filter(|d| d.status != Status::NoAddress) {
        assert_eq!(d.status, Status::Sent, "{d:?}");
        assert_eq!(d.attempts, 3);
    }
    drop(smtp);

    // A server that stays away for a day: the messages are marked failed, for the
    // secretary to see.
    let changed = meeting_now(&store, &f).await;
    let moved = MeetingInput { place: "Hollola, kunnantalo".into(), ..changed.input.clone() };
    records::update::<Meeting>(&store, &admin(), &author(), changed.id, changed.version, moved).await.unwrap();
    let done = foorumi_web::mail::send_invitations(&store, &config, &region_admin(&f), &author(), f.meeting.id, true).await.unwrap();
    assert_eq!(done.queued, 5);
    let later = Utc::now() + chrono::Duration::hours(25);
    assert_eq!(send_round(&store, &mailer, later).await, Round { sent: 0, retrying: 0, failed: 5 });
    let failed: Vec<Delivery> =
        deliveries(&store, &f).await.into_iter().filter(|d| d.kind == Kind::Update && d.status != Status::NoAddress).collect();
    assert_eq!(failed.len(), 5);
    assert!(failed.iter().all(|d| d.status == Status::Failed && !d.last_error.is_empty()), "{failed:?}");
}

mail_test!(changes_and_cancellations_update_the_same_calendar_event);
async fn changes_and_cancellations_update_the_same_calendar_event(backend: Backend) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    let config = config();
    let admin_actor = region_admin(&f);
    let smtp = SmtpServer::start(free_port());
    let mailer = Mailer::new(&smtp.url(), MAIL_FROM).unwrap();
    foorumi_web::mail::send_invitations(&store, &config, &admin_actor, &author(), f.meeting.id, false).await.unwrap();
    assert_eq!(send_round(&store, &mailer, Utc::now()).await.sent, 5);
    let invited = meeting_now(&store, &f).await;
    assert_eq!(outbox::offer(&invited, &deliveries(&store, &f).await), None, "nothing new to send");

    // Only the secretary or an administrator sends.
    let member = Actor { user_id: Some(9), member_of: vec![f.forum.id], person_id: Some(f.emily.id), ..Actor::default() };
    let refused = foorumi_web::mail::send_invitations(&store, &config, &member, &author(), f.meeting.id, true).await;
    assert!(matches!(refused, Err(foorumi_store::Error::Forbidden)), "{refused:?}");

    // The time changes: an update is offered, and it carries a higher SEQUENCE.
    let moved = MeetingInput {
        start_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
        end_time: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
        ..invited.input.clone()
    };
    let moved = records::update::<Meeting>(&store, &admin(), &author(), invited.id, invited.version, moved).await.unwrap();
    assert_eq!(outbox::offer(&moved, &deliveries(&store, &f).await), Some(Kind::Update));
    foorumi_web::mail::send_invitations(&store, &config, &admin_actor, &author(), f.meeting.id, true).await.unwrap();
    assert_eq!(send_round(&store, &mailer, Utc::now()).await.sent, 5);
    let number = number_of(&moved);
    let updates = with_subject(smtp.messages(), ["Muuttunut kokous:", "Ändrat möte:", "Meeting changed:"]);
    assert_eq!(updates.len(), 5);
    let anna_update = &by_recipient(&updates)[ADDRESSES[0]];
    assert_eq!(anna_update["subject"], format!("Muuttunut kokous: Kuntajohtajakokous {number}"));
    let update = parse_invitation(part(anna_update, "text/calendar", false).and_then(|p| p["content"].as_str()).unwrap());
    assert_eq!(update["method"], "REQUEST");
    assert_eq!(update["events"][0]["uid"], format!("meeting-{}@foorumi", f.meeting.id));
    assert_eq!(update["events"][0]["sequence"], moved.version - 1);
    assert!(moved.version - 1 > invited.version - 1);
    assert_eq!(update["events"][0]["start"], helsinki(moved.input.date, moved.input.start_time));
    assert_eq!(outbox::offer(&moved, &deliveries(&store, &f).await), None);

    // The meeting is cancelled: the schedule tells everyone invited, once, with METHOD:CANCEL.
    let cancelled =
        MeetingInput { status: MeetingStatus::Cancelled, cancel_reason: "Päällekkäinen seminaari".into(), ..moved.input.clone() };
    let cancelled = records::update::<Meeting>(&store, &admin(), &author(), moved.id, moved.version, cancelled).await.unwrap();
    let today = foorumi_store::today();
    assert_eq!(foorumi_web::mail::schedule(&store, &config, today).await.unwrap().cancellations, 5);
    assert_eq!(foorumi_web::mail::schedule(&store, &config, today).await.unwrap().cancellations, 0, "a cancellation goes once");
    assert_eq!(send_round(&store, &mailer, Utc::now()).await.sent, 5);
    let cancellations = with_subject(smtp.messages(), ["Peruttu:", "Inställt:", "Cancelled:"]);
    let by_address = by_recipient(&cancellations);
    assert_eq!(by_address.keys().map(String::as_str).collect::<Vec<_>>(), ADDRESSES.to_vec());
    let anna = &by_address[ADDRESSES[0]];
    assert_eq!(anna["subject"], format!("Peruttu: Kuntajohtajakokous {number}"), "the cancelled meeting keeps its number");
    assert_eq!(by_address[ADDRESSES[1]]["subject"], format!("Inställt: Kommundirektörsmötet {number}"));
    assert!(text_of(anna).contains("Päällekkäinen seminaari"), "the reason is told");
    assert!(!text_of(anna).contains("/answer/"), "nothing to answer");
    assert_eq!(part(anna, "text/calendar", false).unwrap()["method"], "CANCEL");
    let cancel = parse_invitation(part(anna, "text/calendar", false).and_then(|p| p["content"].as_str()).unwrap());
    assert_eq!(cancel["method"], "CANCEL");
    assert_eq!(cancel["events"][0]["uid"], format!("meeting-{}@foorumi", f.meeting.id));
    assert_eq!(cancel["events"][0]["status"], "CANCELLED");
    assert_eq!(cancel["events"][0]["sequence"], cancelled.version - 1);
    assert!(cancelled.version > moved.version, "the cancellation's SEQUENCE is higher than the update's");

    // The old answer links now say the meeting was cancelled, and record nothing.
    let invitation = smtp
        .messages()
        .into_iter()
        .find(|m| m["rcpt_to"] == ADDRESSES[3] && m["subject"].as_str().unwrap_or_default().starts_with("Invitation"))
        .unwrap();
    let accept = token_of(&link_after(&text_of(&invitation), "I will attend").unwrap());
    let refused = outbox::answer(&store, &accept, Utc::now()).await;
    assert!(matches!(refused, Err(outbox::TokenError::Cancelled)), "{refused:?}");
    assert_eq!(answer_of(&store, &cancelled, &f.emily_seat).await, None);
    // Invitations are not sent for a cancelled meeting.
    let refused = foorumi_web::mail::send_invitations(&store, &config, &admin_actor, &author(), f.meeting.id, true).await;
    assert!(matches!(refused, Err(foorumi_store::Error::Invalid(_))), "{refused:?}");
}

mail_test!(a_reminder_goes_once_n_days_before);
async fn a_reminder_goes_once_n_days_before(backend: Backend) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    let config = config();
    assert_eq!(config.reminder_days, 2, "the default");
    let date = f.meeting.input.date;
    let before = date - chrono::Duration::days(2);
    assert_eq!(foorumi_web::mail::schedule(&store, &config, before).await.unwrap().reminders, 0, "not invited: no reminder");
    foorumi_web::mail::send_invitations(&store, &config, &region_admin(&f), &author(), f.meeting.id, false).await.unwrap();
    assert_eq!(foorumi_web::mail::schedule(&store, &config, foorumi_store::today()).await.unwrap().reminders, 0, "too early");
    assert_eq!(foorumi_web::mail::schedule(&store, &config, before - chrono::Duration::days(1)).await.unwrap().reminders, 0, "too early");
    let off = foorumi_web::Config { reminder_days: 0, ..config.clone() };
    assert_eq!(foorumi_web::mail::schedule(&store, &off, before).await.unwrap().reminders, 0, "0 turns reminders off");
    assert_eq!(foorumi_web::mail::schedule(&store, &config, before).await.unwrap().reminders, 5);
    assert_eq!(foorumi_web::mail::schedule(&store, &config, before).await.unwrap().reminders, 0, "once");
    assert_eq!(foorumi_web::mail::schedule(&store, &config, date).await.unwrap().reminders, 0, "once, also on later days");

    let smtp = SmtpServer::start(free_port());
    let mailer = Mailer::new(&smtp.url(), MAIL_FROM).unwrap();
    assert_eq!(send_round(&store, &mailer, Utc::now()).await.sent, 10, "the invitations and the reminders");
    let reminders = with_subject(smtp.messages(), ["Muistutus:", "Påminnelse:", "Reminder:"]);
    let by_address = by_recipient(&reminders);
    assert_eq!(by_address.keys().map(String::as_str).collect::<Vec<_>>(), ADDRESSES.to_vec());
    let emily = &by_address[ADDRESSES[3]];
    assert_eq!(emily["subject"], format!("Reminder: Municipal managers meeting {}", number_of(&f.meeting)));
    assert_eq!(types_of(emily), ["multipart/alternative", "text/plain", "text/html"], "a reminder adds no calendar event");
    assert!(link_after(&text_of(emily), "I will attend").is_some(), "members can still answer");
    let reminded: Vec<Delivery> = deliveries(&store, &f).await.into_iter().filter(|d| d.kind == Kind::Reminder).collect();
    assert_eq!(reminded.len(), 6, "five sent and Gunnar without an address");
}

mail_test!(a_checking_request_reaches_each_checker_through_smtp);
/// R2.10: sending the memo to its checkers asks each of them by e-mail, in their
/// language, to read it on its page: no calendar event, nothing to answer, nobody else.
async fn a_checking_request_reaches_each_checker_through_smtp(backend: Backend) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    let app = TestApp::start_with(store, config()).await;
    let store: &Store = &app.store;
    let it = create::<AgendaItem>(store, f.region.id, item(&f.meeting, "Yhteistyöpöytäkirjan päivitys")).await;
    let memo = MinutesInput {
        meeting_id: f.meeting.id,
        chair_id: Some(f.anna.id),
        secretary_id: Some(f.sari.id),
        checker_ids: vec![f.anna.id, f.emily.id],
        opened_at: NaiveTime::from_hms_opt(13, 2, 0),
        closed_at: NaiveTime::from_hms_opt(14, 48, 0),
    };
    let started = minutes::start(store, &admin(), &author(), f.region.id, memo).await.expect("start the memo");
    let handled = ItemRecordInput {
        item_id: it.id,
        discussion: "Keskusteltiin.".into(),
        outcome: Some(Outcome::Recommendation),
        outcome_text: "Suositellaan päivitetyn pöytäkirjan hyväksymistä.".into(),
        appeal: None,
        appeal_basis: String::new(),
    };
    records::create::<ItemRecord>(store, &admin(), &author(), f.region.id, handled).await.expect("record the item");

    // The secretary sends it from the memo's page.
    let secretary = sign_in(&app, SECRETARY_EMAIL).await;
    let minutes_page = app.url(&format!("/meetings/{}/minutes", f.meeting.id));
    let (status, html) = text(&secretary, &minutes_page).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let send = format!("action=\"/minutes/{}/send\"", started.id);
    let form = &html[html.find(&send).unwrap_or_else(|| panic!("no send form in\n{html}"))..];
    let version = records::get::<Minutes>(store, started.id).await.expect("the memo").version.to_string();
    assert!(form.contains(&format!("name=\"version\" value=\"{version}\"")), "{form}");
    let (status, headers, body) =
        post_form(&secretary, &app.url(&format!("/minutes/{}/send", started.id)), &[("csrf", &csrf_of(&html)), ("version", &version)])
            .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let sent = location(&headers);
    assert!(sent.starts_with(&format!("/meetings/{}/minutes?done=sent", f.meeting.id)), "{sent}");
    assert_eq!(records::get::<Minutes>(store, started.id).await.expect("the memo").status, MinutesStatus::Checking);
    let queued = deliveries(store, &f).await;
    assert_eq!(
        queued.iter().map(|d| (d.kind, d.person_id, d.status)).collect::<Vec<_>>(),
        [(Kind::Checking, Some(f.anna.id), Status::Queued), (Kind::Checking, Some(f.emily.id), Status::Queued)]
    );
    // A checking request is no invitation: the meeting's invitations are still to send.
    assert_eq!(outbox::offer(&meeting_now(store, &f).await, &queued), Some(Kind::Invitation));

    let smtp = SmtpServer::start(free_port());
    let mailer = Mailer::new(&smtp.url(), MAIL_FROM).expect("a mailer");
    assert_eq!(send_round(store, &mailer, Utc::now()).await, Round { sent: 2, retrying: 0, failed: 0 });
    let received = smtp.messages();
    assert_eq!(received.len(), 2, "one message per checker");
    let messages = by_recipient(&received);
    assert_eq!(messages.keys().map(String::as_str).collect::<Vec<_>>(), [ADDRESSES[0], ADDRESSES[3]]);
    let number = number_of(&f.meeting);
    for (address, name, lang, subject, greeting, lead) in [
        (
            ADDRESSES[0],
            "Anna Aaltonen",
            "fi",
            format!("Tarkastettavana: Kuntajohtajakokous {number}"),
            "Hei Anna Aaltonen,",
            "pöytäkirjantarkastajaksi",
        ),
        (
            ADDRESSES[3],
            "Emily Evans",
            "en",
            format!("For checking: Municipal managers meeting {number}"),
            "Dear Emily Evans,",
            "minute checker",
        ),
    ] {
        let message = &messages[address];
        assert_eq!(message["to"], format!("{name} <{address}>"));
        assert_eq!(message["from"], MAIL_FROM);
        assert_eq!(message["subject"], subject.as_str(), "{address}");
        assert_eq!(message["content_language"], lang);
        assert_eq!(types_of(message), ["multipart/alternative", "text/plain", "text/html"], "{address}: no calendar part");
        assert!(part(message, "text/calendar", false).is_none() && part(message, "application/ics", true).is_none());
        let text = text_of(message);
        assert!(text.starts_with(greeting), "{address}:\n{text}");
        assert!(text.contains(lead), "{address}:\n{text}");
        let link = format!("{PUBLIC_URL}/meetings/{}/minutes?lang={lang}", f.meeting.id);
        assert!(text.contains(&link), "{address}: the link to the memo:\n{text}");
        let html = part(message, "text/html", false).and_then(|p| p["content"].as_str()).expect("an HTML part");
        assert!(html.contains(&format!("href=\"{link}\"")), "{html}");
        assert!(!text.contains("/answer/"), "nothing to answer:\n{text}");
    }
    let sent = deliveries(store, &f).await;
    assert!(sent.iter().all(|d| d.kind == Kind::Checking && d.status == Status::Sent), "{sent:?}");
}
