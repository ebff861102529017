//! Calendar feeds as real calendar programs read them: every feed is parsed by Python's
//! `icalendar` package and by `ical.js`, and both must give back exactly the meetings it
//! was made from, in Helsinki time with the right UTC offset. Fails loudly when either
//! parser is missing.

use std::path::PathBuf;
use std::process::Command;

use chrono::{Datelike, NaiveDate, NaiveTime, Offset, TimeZone};
use foorumi_core::*;
use foorumi_store::{meetings, records};
use foorumi_testkit::fixtures::{admin, author, create, create_paijat_hame, d, forum};
use foorumi_testkit::{Backend, TestApp, block_on, store_for};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// Runs a parser script on an iCalendar text and returns what it printed as JSON.
fn parse_with(program: &str, script: PathBuf, ics: &str) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("feed.ics");
    std::fs::write(&file, ics).expect("write the feed");
    let output = Command::new(program)
        .arg(&script)
        .arg(&file)
        .current_dir(script.parent().expect("script folder"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {} failed (install Python's icalendar with `pip install -r tests/requirements.txt` and `npm ci` in tests/browser):\n{}",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("parser prints JSON")
}

/// "2026-03-10T09:00:00+02:00": local time with Helsinki's offset on that day.
fn helsinki(date: NaiveDate, time: NaiveTime) -> String {
    let local = date.and_time(time);
    let offset = chrono_tz::Europe::Helsinki.offset_from_local_datetime(&local).single().expect("an unambiguous time").fix();
    format!("{}{}", local.format("%Y-%m-%dT%H:%M:%S"), offset)
}

fn run(backend: Backend) {
    block_on(async {
        let store = store_for(backend).await;
        let region = create_paijat_hame(&store).await;
        let r = region.id;
        create::<CouncilTerm>(&store, r, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
        let monthly = Cadence {
            kind: CadenceKind::Monthly,
            weekday: Some(2),
            week_of_month: Some(2),
            excluded_months: vec![7],
            start_time: NaiveTime::from_hms_opt(13, 0, 0),
            duration_minutes: Some(90),
            ..Cadence::as_needed()
        };
        let managers =
            create::<Forum>(&store, r, ForumInput { cadence: monthly, ..forum("Kuntajohtajakokous", ForumLevel::Tactical) }).await;
        let annual = Cadence { kind: CadenceKind::Annual, month: Some(2), ..Cadence::as_needed() };
        let chairs =
            create::<Forum>(&store, r, ForumInput { cadence: annual, ..forum("Puheenjohtajafoorumi", ForumLevel::Tactical) }).await;
        let year = foorumi_store::today().year();
        meetings::generate_plan(&store, &admin(), &author(), r, year, None).await.expect("plan");

        // One meeting gets a place that needs escaping, one is cancelled.
        let mut planned = meetings::meetings_of_year(&store, r, year).await.unwrap();
        let first = planned.remove(0);
        let placed = MeetingInput { place: "Lahti, Vesijärvenkatu 11; kokoushuone \"Päijänne\"".into(), ..first.input.clone() };
        records::update::<Meeting>(&store, &admin(), &author(), first.id, first.version, placed).await.unwrap();
        let second = planned.remove(0);
        let cancelled =
            MeetingInput { status: MeetingStatus::Cancelled, cancel_reason: "Päällekkäinen seminaari".into(), ..second.input.clone() };
        records::update::<Meeting>(&store, &admin(), &author(), second.id, second.version, cancelled).await.unwrap();
        let expected = meetings::meetings_of_year(&store, r, year).await.unwrap();
        assert!(expected.len() >= 12, "a year of meetings: {}", expected.len());

        let app = TestApp::start(store).await;
        let client = reqwest::Client::new();
        for (path, forum_filter) in
            [("/regions/07/calendar.ics".to_owned(), None), (format!("/forums/{}/calendar.ics", managers.id), Some(managers.id))]
        {
            let response = client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8", "{path}");
            let ics = response.text().await.unwrap();
            let wanted: Vec<&Meeting> = expected.iter().filter(|m| forum_filter.is_none_or(|f| m.input.forum_ids.contains(&f))).collect();
            let python = parse_with("python3", root().join("tests/ical/parse.py"), &ics);
            let node = parse_with("node", root().join("tests/browser/ical-parse.mjs"), &ics);
            assert_eq!(python, node, "{path}: the two parsers read the feed alike");
            let events = python["events"].as_array().expect("events");
            assert_eq!(events.len(), wanted.len(), "{path}: one event per meeting");
            for meeting in wanted {
                let uid = format!("meeting-{}@foorumi", meeting.id);
                let event = events.iter().find(|e| e["uid"] == uid.as_str()).unwrap_or_else(|| panic!("{path}: no event {uid}"));
                assert_eq!(event["start"], helsinki(meeting.input.date, meeting.input.start_time), "{path} {uid}");
                assert_eq!(event["end"], helsinki(meeting.input.date, meeting.input.end_time), "{path} {uid}");
                assert_eq!(event["sequence"], meeting.version - 1, "{path} {uid}: SEQUENCE grows with each change");
                assert_eq!(event["location"], meeting.input.place.as_str(), "{path} {uid}");
                let status = if meeting.input.status == MeetingStatus::Cancelled { "CANCELLED" } else { "CONFIRMED" };
                assert_eq!(event["status"], status, "{path} {uid}");
                let forum_name = if meeting.input.forum_ids.contains(&chairs.id) { "Puheenjohtajafoorumi" } else { "Kuntajohtajakokous" };
                assert!(event["summary"].as_str().unwrap_or_default().starts_with(forum_name), "{path} {uid}: {}", event["summary"]);
            }
        }
    });
}

#[test]
fn feeds_round_trip_through_two_calendar_parsers_on_sqlite() {
    run(Backend::Sqlite);
}

#[test]
fn feeds_round_trip_through_two_calendar_parsers_on_postgres() {
    run(Backend::Postgres);
}
