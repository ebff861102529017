//! Statutory wellbeing reporting and the preparedness workspace as users rely on them.
//! Storage on SQLite (`sqlite::…`) and a throw-away PostgreSQL (`postgres::…`): one
//! report per party and year or term, the county's report drawing on municipal ones, the
//! gaps with due and late, the negotiation rule, a security classification refused
//! wherever a marking can be typed. Pages and the API through the real server: the
//! workspace for members only, the refusal's guidance on the page and in problem+json, the
//! reporting page's status words and gaps, the skeleton, secret-by-default items.

use chrono::Datelike;
use foorumi_core::preparedness::*;
use foorumi_core::wellbeing::*;
use foorumi_core::*;
use foorumi_store::accounts::NewUser;
use foorumi_store::records;
use foorumi_store::{Error, Store};
use foorumi_testkit::fixtures::{
    PASSWORD, add_user, admin, author, client, create, create_paijat_hame, csrf_of, d, fields, forum, item, meeting, new_user, pair, party,
    seat, sign_in, text,
};
use foorumi_testkit::{TestApp, block_on, sqlite_store};
use reqwest::StatusCode;
use serde_json::{Value, json};

// ---- fixture ------------------------------------------------------------------------

const SECRET_PHONE: &str = "+358 40 765 4321";

struct Fixture {
    region: Region,
    previous: CouncilTerm,
    term: CouncilTerm,
    council: Party,
    county: Party,
    lahti: Party,
    hollola: Party,
    kuntaturva: Forum,
    managers: Forum,
    lahti_manager: Post,
    hollola_manager: Post,
}

/// A working group named `name` whose new items are `publicity` by default.
fn working_group(name: &str, publicity: Publicity) -> ForumInput {
    ForumInput {
        short_name: name.into(),
        legal_type: LegalType::WorkingGroup,
        default_publicity: publicity,
        ..forum(name, ForumLevel::WorkingGroup)
    }
}

/// A small Päijät-Häme: two council terms, the regional council, the county, Lahti and
/// Hollola; Kuntaturva (secret by default) with Lahti's manager as a member and the
/// cooperation manager as its secretary; the municipal managers' meeting (public).
async fn fixture(store: &Store) -> Fixture {
    let region = create_paijat_hame(store).await;
    let r = region.id;
    let previous = create::<CouncilTerm>(store, r, TermInput { start_date: d("2021-06-01"), end_date: d("2025-05-31") }).await;
    let term = create::<CouncilTerm>(store, r, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let council = create::<Party>(store, r, party(PartyKind::RegionalCouncil, None, "Päijät-Hämeen liitto")).await;
    let county = create::<Party>(store, r, party(PartyKind::WellbeingCounty, Some("07"), "Päijät-Hämeen hyvinvointialue")).await;
    let lahti = create::<Party>(store, r, party(PartyKind::Municipality, Some("398"), "Lahti")).await;
    let hollola = create::<Party>(store, r, party(PartyKind::Municipality, Some("098"), "Hollola")).await;
    let kuntaturva = create::<Forum>(store, r, working_group("Kuntaturva", Publicity::Secret)).await;
    let managers = create::<Forum>(store, r, working_group("Kuntajohtajakokous", Publicity::Public)).await;
    let post = |party: &Party, title: &str| PostInput { party_id: party.id, title: Names::new(title, title, title) };
    let lahti_manager = create::<Post>(store, r, post(&lahti, "kaupunginjohtaja")).await;
    let hollola_manager = create::<Post>(store, r, post(&hollola, "kunnanjohtaja")).await;
    let coop_manager = create::<Post>(store, r, post(&council, "kuntayhteistyöpäällikkö")).await;
    let contacts =
        vec![Contact { kind: ContactKind::Phone, value: SECRET_PHONE.into(), public: false, valid_from: None, valid_until: None }];
    let manager = create::<Person>(
        store,
        r,
        PersonInput { name: "Lahden kaupunginjohtaja".into(), party_id: Some(lahti.id), contacts, lang: Lang::Fi },
    )
    .await;
    let secretary = create::<Person>(
        store,
        r,
        PersonInput { name: "Kuntayhteistyöpäällikkö".into(), party_id: Some(council.id), contacts: vec![], lang: Lang::Fi },
    )
    .await;
    for (post, person) in [(&lahti_manager, &manager), (&coop_manager, &secretary)] {
        create::<Holding>(store, r, HoldingInput { post_id: post.id, person_id: person.id, start_date: d("2025-06-01"), end_date: None })
            .await;
    }
    let seat = |post: &Post, party: &Party, role| SeatInput { post_id: Some(post.id), ..seat(&kuntaturva, &term, party, role) };
    create::<Seat>(store, r, seat(&lahti_manager, &lahti, SeatRole::Member)).await;
    create::<Seat>(store, r, seat(&coop_manager, &council, SeatRole::Secretary)).await;
    for (email, person, grants) in [
        ("sihteeri@example.org", Some(secretary.id), vec![]),
        ("jasen@example.org", Some(manager.id), vec![]),
        // Signed in with a role, but no seat in Kuntaturva.
        ("hollola@example.org", None, vec![Grant { region_id: r, party_id: Some(hollola.id) }]),
    ] {
        add_user(store, NewUser { person_id: person, grants, ..new_user(email) }).await;
    }
    Fixture { region, previous, term, council, county, lahti, hollola, kuntaturva, managers, lahti_manager, hollola_manager }
}

fn annual(party: &Party, year: i32, approved: Option<&str>, delivered: Option<&str>) -> WellbeingReportInput {
    WellbeingReportInput {
        party_id: party.id,
        kind: ReportKind::Annual,
        year: Some(year),
        term_id: None,
        approved_on: approved.map(d),
        approved_section: String::new(),
        delivered_on: delivered.map(d),
        url: String::new(),
        notes: String::new(),
        draws_on: vec![],
    }
}

fn extensive(party: &Party, term: &CouncilTerm, approved: Option<&str>, delivered: Option<&str>) -> WellbeingReportInput {
    WellbeingReportInput { kind: ReportKind::Extensive, year: None, term_id: Some(term.id), ..annual(party, 0, approved, delivered) }
}

fn negotiation(kind: NegotiationKind, held: &str, parties: &[&Party]) -> NegotiationInput {
    NegotiationInput {
        kind,
        held_on: d(held),
        party_ids: parties.iter().map(|p| p.id).collect(),
        topics: "Hyvinvoinnin edistäminen".into(),
        item_id: None,
        minutes_url: String::new(),
        notes: String::new(),
    }
}

// ---- storage, on both backends ----------------------------------------------------------

foorumi_testkit::both_backends! {
    async fn one_report_per_party_and_year_or_term(store: &Store) {
        let f = fixture(store).await;
        let r = f.region.id;
        let lahti_2025 = create::<WellbeingReport>(store, r, annual(&f.lahti, 2025, Some("2025-04-01"), Some("2025-04-15"))).await;
        let again = records::create::<WellbeingReport>(store, &admin(), &author(), r, annual(&f.lahti, 2025, None, None)).await;
        assert_eq!(fields(again), vec![pair("year", "error-wellbeing-report-exists")]);
        // Another year, another party, the same year: all fine.
        create::<WellbeingReport>(store, r, annual(&f.lahti, 2024, Some("2024-04-01"), None)).await;
        let hollola_2025 = create::<WellbeingReport>(store, r, annual(&f.hollola, 2025, Some("2025-05-01"), None)).await;
        // Replacing a report is not a duplicate of itself.
        let mut changed = lahti_2025.input.clone();
        changed.approved_section = "§ 23".into();
        let updated = records::update::<WellbeingReport>(store, &admin(), &author(), lahti_2025.id, 1, changed).await.unwrap();
        assert_eq!((updated.version, updated.input.approved_section.as_str()), (2, "§ 23"));

        create::<WellbeingReport>(store, r, extensive(&f.lahti, &f.term, Some("2026-03-01"), None)).await;
        let again = records::create::<WellbeingReport>(store, &admin(), &author(), r, extensive(&f.lahti, &f.term, None, None)).await;
        assert_eq!(fields(again), vec![pair("term_id", "error-wellbeing-report-exists")]);

        // The county's report draws on the municipalities' and is read back with them.
        let county = create::<WellbeingReport>(
            store,
            r,
            WellbeingReportInput { draws_on: vec![lahti_2025.id, hollola_2025.id], ..annual(&f.county, 2025, Some("2025-09-15"), None) },
        )
        .await;
        let read: WellbeingReport = records::get(store, county.id).await.unwrap();
        assert_eq!(read.input.draws_on, vec![lahti_2025.id, hollola_2025.id]);
        let own = records::create::<WellbeingReport>(
            store,
            &admin(),
            &author(),
            r,
            WellbeingReportInput { draws_on: vec![county.id], ..annual(&f.county, 2024, None, None) },
        )
        .await;
        assert_eq!(fields(own), vec![pair("draws_on", "error-wellbeing-source")]);
        // Only municipalities and the county report; delivery follows approval.
        let council = records::create::<WellbeingReport>(store, &admin(), &author(), r, annual(&f.council, 2025, None, None)).await;
        assert_eq!(fields(council), vec![pair("party_id", "error-wellbeing-party-kind")]);
        let early = records::create::<WellbeingReport>(store, &admin(), &author(), r, annual(&f.hollola, 2024, Some("2024-05-02"), Some("2024-05-01"))).await;
        assert_eq!(fields(early), vec![pair("delivered_on", "error-wellbeing-delivered-before-approved")]);
        // A municipal report another report draws on is not deleted from under it.
        let refused = records::delete::<WellbeingReport>(store, &admin(), &author(), lahti_2025.id, None).await;
        assert!(matches!(refused, Err(Error::Conflict { .. })), "{refused:?}");
    }

    async fn a_party_records_its_own_wellbeing_report_and_no_other(store: &Store) {
        let f = fixture(store).await;
        let r = f.region.id;
        let hollola_admin = foorumi_core::permissions::Actor { user_id: Some(7), party_admin: vec![f.hollola.id], ..Default::default() };
        let own = records::create::<WellbeingReport>(store, &hollola_admin, &author(), r, annual(&f.hollola, 2026, Some("2026-05-04"), None))
            .await
            .expect("Hollola records its own report");
        // It may update it, but not move it to another party, nor record another's.
        let mut moved = own.input.clone();
        moved.party_id = f.lahti.id;
        let refused = records::update::<WellbeingReport>(store, &hollola_admin, &author(), own.id, own.version, moved).await;
        assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
        let refused = records::create::<WellbeingReport>(store, &hollola_admin, &author(), r, annual(&f.lahti, 2026, None, None)).await;
        assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
        // The negotiations stay the cooperation manager's.
        let refused = records::create::<Negotiation>(store, &hollola_admin, &author(), r, negotiation(NegotiationKind::AnnualHyte, "2026-05-20", &[&f.county, &f.hollola])).await;
        assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    }

    async fn gaps_follow_reports_and_negotiations(store: &Store) {
        let f = fixture(store).await;
        let r = f.region.id;
        let today = d("2026-11-22");
        let gaps = |store: &Store| {
            let store = store.clone();
            async move {
                let list = foorumi_store::wellbeing::wellbeing_gaps(&store, r, today).await.unwrap();
                list.into_iter().map(|g| (g.kind, g.party_id, g.year, g.term_id, g.urgency)).collect::<Vec<_>>()
            }
        };
        let before = gaps(store).await;
        // Three reporting parties, each lacking two years' annual reports and two terms'
        // extensive ones; two years' HYTE negotiations and two terms' negotiations.
        assert_eq!(before.len(), 3 * 4 + 4);
        assert!(before.contains(&(GapKind::AnnualReport, Some(f.lahti.id), Some(2026), None, Urgency::Due)));
        assert!(before.contains(&(GapKind::AnnualReport, Some(f.lahti.id), Some(2025), None, Urgency::Late)));
        assert!(before.contains(&(GapKind::ExtensiveReport, Some(f.county.id), None, Some(f.term.id), Urgency::Due)));
        assert!(before.contains(&(GapKind::ExtensiveReport, Some(f.county.id), None, Some(f.previous.id), Urgency::Late)));
        assert!(!before.iter().any(|g| g.1 == Some(f.council.id)), "the regional council does not report");

        create::<WellbeingReport>(store, r, annual(&f.lahti, 2026, Some("2026-04-01"), None)).await;
        create::<WellbeingReport>(store, r, annual(&f.lahti, 2025, Some("2025-04-01"), Some("2025-04-02"))).await;
        create::<Negotiation>(store, r, negotiation(NegotiationKind::AnnualHyte, "2026-03-18", &[&f.county, &f.lahti, &f.hollola])).await;
        create::<Negotiation>(store, r, negotiation(NegotiationKind::Term, "2025-10-08", &[&f.county, &f.lahti, &f.hollola])).await;
        let after = gaps(store).await;
        assert!(after.contains(&(GapKind::AnnualDelivery, Some(f.lahti.id), Some(2026), None, Urgency::Due)));
        assert!(!after.iter().any(|g| g.1 == Some(f.lahti.id) && g.2 == Some(2025)), "{after:?}");
        assert!(!after.iter().any(|g| g.0 == GapKind::HyteNegotiation && g.2 == Some(2026)));
        assert!(after.contains(&(GapKind::HyteNegotiation, None, Some(2025), None, Urgency::Late)));
        assert!(!after.iter().any(|g| g.0 == GapKind::TermNegotiation && g.3 == Some(f.term.id)));
        assert!(after.contains(&(GapKind::TermNegotiation, None, None, Some(f.previous.id), Urgency::Late)));

        // R3.3 over the stored negotiations: the previous term and 2025 lack theirs.
        let stored: Vec<Negotiation> = records::list(store, Some(r), &[], records::Page::default()).await.unwrap().0;
        let inputs: Vec<&NegotiationInput> = stored.iter().map(|n| &n.input).collect();
        assert_eq!(missing_negotiations(&[&f.previous, &f.term], 2025..=2026, &inputs), (vec![f.previous.id], vec![2025]));

        // A negotiation is the county with municipalities.
        let without_county = records::create::<Negotiation>(store, &admin(), &author(), r, negotiation(NegotiationKind::Term, "2025-10-09", &[&f.lahti])).await;
        assert_eq!(fields(without_county), vec![pair("party_ids", "error-negotiation-parties")]);
    }

    async fn security_classification_is_refused_wherever_it_can_be_marked(store: &Store) {
        let f = fixture(store).await;
        let r = f.region.id;
        let classified = |field: &str| vec![pair(field, CLASSIFIED)];
        let basis = records::create::<LegalBasis>(store, &admin(), &author(), r, LegalBasisInput { code: "TL II".into(), name: Names::new("Salainen", "", "") }).await;
        assert_eq!(fields(basis), classified("code"));
        let basis = records::create::<LegalBasis>(
            store,
            &admin(),
            &author(),
            r,
            LegalBasisInput { code: "JulkL 24 § 1 mom. 8 k.".into(), name: Names::new("Turvallisuusluokiteltu asiakirja", "", "") },
        )
        .await;
        assert_eq!(fields(basis), classified("name.fi"));
        let secret = create::<LegalBasis>(store, r, LegalBasisInput { code: "JulkL 24 § 1 mom. 8 k.".into(), name: Names::new("Varautuminen", "", "") }).await;

        let meeting = create::<Meeting>(
            store,
            r,
            MeetingInput { place: String::new(), ..meeting(&f.kuntaturva, "2026-12-10") },
        )
        .await;
        let item = |title: &str, tags: Vec<String>| AgendaItemInput {
            public_title: "Varautumisen tilannekatsaus".into(),
            publicity: Publicity::Secret,
            legal_basis_id: Some(secret.id),
            tags,
            ..item(&meeting, title)
        };
        let refused = records::create::<AgendaItem>(store, &admin(), &author(), r, item("TL III: valmiussuunnitelma", vec![])).await;
        assert_eq!(fields(refused), classified("title"));
        let refused = records::create::<AgendaItem>(store, &admin(), &author(), r, item("Valmiussuunnitelma", vec!["suojaustaso IV".into()])).await;
        assert_eq!(fields(refused), classified("tags"));
        let ok = create::<AgendaItem>(store, r, item("Valmiussuunnitelma", vec!["varautuminen".into()])).await;
        let attachment = AttachmentInput { item_id: ok.id, name: "riskiarvio_TL_IV.pdf".into(), publicity: Publicity::Secret, legal_basis_id: Some(secret.id) };
        let refused = records::create::<Attachment>(store, &admin(), &author(), r, attachment).await;
        assert_eq!(fields(refused), classified("name"));

        let note = |public: bool, marking: &str| PreparednessNoteInput {
            forum_id: f.kuntaturva.id,
            noted_on: d("2026-11-01"),
            title: "Sähkökatkot".into(),
            body: String::new(),
            public,
            marking: marking.into(),
        };
        let refused = records::create::<PreparednessNote>(store, &admin(), &author(), r, note(false, "KÄYTTÖ RAJOITETTU")).await;
        assert_eq!(fields(refused), classified("marking"));
        create::<PreparednessNote>(store, r, note(false, "Salassa pidettävä, JulkL 24 § 1 mom. 8 k.")).await;
        let public = create::<PreparednessNote>(store, r, note(true, "")).await;
        let listed = foorumi_store::preparedness::public_preparedness_notes(store, r).await.unwrap();
        assert_eq!(listed.iter().map(|n| n.id).collect::<Vec<_>>(), vec![public.id]);
        // A public forum keeps no workspace.
        let elsewhere = records::create::<PreparednessNote>(store, &admin(), &author(), r, PreparednessNoteInput { forum_id: f.managers.id, ..note(true, "") }).await;
        assert_eq!(fields(elsewhere), vec![pair("forum_id", "error-not-workspace")]);
    }

    async fn contacts_are_posts_or_people_of_their_own_party(store: &Store) {
        let f = fixture(store).await;
        let r = f.region.id;
        let contact = |party: &Party, post: &Post, role: ContactRole| PreparednessContactInput {
            forum_id: f.kuntaturva.id,
            party_id: party.id,
            role,
            position: 1,
            post_id: Some(post.id),
            person_id: None,
            notes: String::new(),
        };
        let other = records::create::<PreparednessContact>(store, &admin(), &author(), r, contact(&f.lahti, &f.hollola_manager, ContactRole::Primary)).await;
        assert_eq!(fields(other), vec![pair("post_id", "error-contact-other-party")]);
        create::<PreparednessContact>(store, r, contact(&f.lahti, &f.lahti_manager, ContactRole::Deputy)).await;
        create::<PreparednessContact>(store, r, contact(&f.hollola, &f.hollola_manager, ContactRole::Primary)).await;
        let workspace = foorumi_store::preparedness::workspace(store, f.kuntaturva.id).await.unwrap();
        assert_eq!(workspace.contacts.len(), 2);
        assert!(matches!(foorumi_store::preparedness::workspace(store, f.managers.id).await, Err(Error::NotFound)));
    }
}

// ---- pages and the API, through the real server -------------------------------------------

async fn start() -> (TestApp, Fixture) {
    let store = sqlite_store().await;
    let f = fixture(&store).await;
    (TestApp::start(store).await, f)
}

#[test]
fn the_workspace_is_for_the_forums_members_only() {
    block_on(async {
        let (app, f) = start().await;
        let r = f.region.id;
        let store = &app.store;
        let contact = PreparednessContactInput {
            forum_id: f.kuntaturva.id,
            party_id: f.lahti.id,
            role: ContactRole::Primary,
            position: 1,
            post_id: Some(f.lahti_manager.id),
            person_id: None,
            notes: "Soita ensin".into(),
        };
        create::<PreparednessContact>(store, r, contact).await;
        let note = |title: &str, public: bool| PreparednessNoteInput {
            forum_id: f.kuntaturva.id,
            noted_on: d("2026-01-10"),
            title: title.into(),
            body: "Tilanne rauhallinen.".into(),
            public,
            marking: String::new(),
        };
        create::<PreparednessNote>(store, r, note("Harjoituksen havainnot", false)).await;
        create::<PreparednessNote>(store, r, note("Talven sähkökatkot", true)).await;
        let path = app.url(&format!("/forums/{}/preparedness", f.kuntaturva.id));

        let (status, _) = text(&client(), &path).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "signed out: to the login page");
        let outsider = sign_in(&app, "hollola@example.org").await;
        let (status, html) = text(&outsider, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(html.contains("Vain jäsenille") && html.contains("foorumin sihteeriin"), "{html}");
        for secret in ["Harjoituksen havainnot", "Lahden kaupunginjohtaja", SECRET_PHONE, "Soita ensin"] {
            assert!(!html.contains(secret), "{secret} shown to a non-member");
        }

        let member = sign_in(&app, "jasen@example.org").await;
        let (status, html) = text(&member, &path).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        for shown in [
            "kaupunginjohtaja: Lahden kaupunginjohtaja",
            SECRET_PHONE,
            "1. Ensisijainen",
            "Soita ensin",
            "Harjoituksen havainnot",
            "Talven sähkökatkot",
            "Turvallisuusluokiteltua aineistoa (TL IV–I) ei tallenneta Foorumiin",
        ] {
            assert!(html.contains(shown), "{shown} missing:\n{html}");
        }
        // A forum that is not secret by default has no workspace.
        let (status, _) = text(&member, &app.url(&format!("/forums/{}/preparedness", f.managers.id))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The API: an outsider reads the public note only, a member both.
        let notes = |email: &'static str| {
            let url = app.url("/api/v1/preparedness-notes?region=07");
            async move {
                let body: Value = client().get(url).basic_auth(email, Some(PASSWORD)).send().await.unwrap().json().await.unwrap();
                body["items"].as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
            }
        };
        assert_eq!(notes("hollola@example.org").await, vec!["Talven sähkökatkot"]);
        assert_eq!(notes("jasen@example.org").await.len(), 2);
        let contacts: Value = client()
            .get(app.url("/api/v1/preparedness-contacts?region=07"))
            .basic_auth("hollola@example.org", Some(PASSWORD))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(contacts["items"].as_array().unwrap().len(), 0, "{contacts}");
    });
}

#[test]
fn a_classification_is_refused_with_guidance_on_the_page_and_in_the_api() {
    block_on(async {
        let (app, f) = start().await;
        let secretary = sign_in(&app, "sihteeri@example.org").await;
        let new = app.url(&format!("/regions/07/new/preparedness-note?forum_id={}", f.kuntaturva.id));
        let (status, html) = text(&secretary, &new).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        let csrf = csrf_of(&html);
        let forum_id = f.kuntaturva.id.to_string();
        let form = [
            ("csrf", csrf.as_str()),
            ("forum_id", forum_id.as_str()),
            ("noted_on", "2026-01-12"),
            ("title", "Riskiarvio"),
            ("marking", "TL III"),
        ];
        let response = secretary.post(app.url("/regions/07/new/preparedness-note")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("Käytä organisaatiosi järjestelmää turvallisuusluokitellulle aineistolle"), "{html}");
        let stored = foorumi_store::preparedness::workspace(&app.store, f.kuntaturva.id).await.unwrap();
        assert!(stored.notes.is_empty(), "nothing half-written");

        // The same through the API, in English.
        let response = client()
            .post(app.url("/api/v1/legal-bases?region=07&lang=en"))
            .basic_auth("sihteeri@example.org", Some(PASSWORD))
            .json(&json!({ "code": "TL IV", "name": { "fi": "Käyttö rajoitettu" } }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "only administrators keep the secrecy grounds");
        let admin_grant = vec![Grant { region_id: f.region.id, party_id: None }];
        add_user(&app.store, NewUser { display_name: "Ylläpito".into(), grants: admin_grant, ..new_user("yllapito@example.org") }).await;
        let response = client()
            .post(app.url("/api/v1/legal-bases?region=07&lang=en"))
            .basic_auth("yllapito@example.org", Some(PASSWORD))
            .json(&json!({ "code": "TL IV", "name": { "fi": "Käyttö rajoitettu" } }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        let errors = problem["errors"].as_array().unwrap();
        let codes: Vec<(&str, &str)> = errors.iter().map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap())).collect();
        assert_eq!(codes, vec![("code", CLASSIFIED), ("name.fi", CLASSIFIED)]);
        assert!(errors[0]["message"].as_str().unwrap().contains("Use your organisation's system for classified material"), "{problem}");
    });
}

#[test]
fn the_reporting_page_names_what_is_missing_in_words() {
    block_on(async {
        let (app, f) = start().await;
        let r = f.region.id;
        let store = &app.store;
        let today = foorumi_store::today();
        let year = today.year();
        // Lahti's report of this year approved on New Year's Day (never in the future),
        // not yet delivered; Hollola has none.
        create::<WellbeingReport>(store, r, annual(&f.lahti, year, Some(&format!("{year}-01-01")), None)).await;
        create::<Negotiation>(store, r, negotiation(NegotiationKind::Term, "2025-10-08", &[&f.county, &f.lahti, &f.hollola])).await;

        let (status, html) = text(&client(), &app.url("/regions/07/wellbeing-reporting")).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains(&format!("Hyväksytty 1.1.{year}")), "{html}");
        assert!(html.contains("Ei toimitettu"));
        assert!(html.contains("Puuttuu"));
        assert!(html.contains(&format!("Hollola: vuoden {year} hyvinvointiraportti puuttuu")), "{html}");
        assert!(html.contains(&format!("Lahti: vuoden {year} hyvinvointiraporttia ei ole toimitettu hyvinvointialueelle")));
        assert!(html.contains("Erääntymässä") && html.contains("Myöhässä"));
        assert!(html.contains("Valtuustokauden neuvottelu (yhteistyö, tavoitteet ja työnjako)"));
        assert!(!html.contains("Päijät-Hämeen liitto: vuoden"), "the regional council does not report");
        // The public sees no forms; the cooperation manager does.
        assert!(!html.contains("/new/wellbeing-report"));
        let secretary = sign_in(&app, "sihteeri@example.org").await;
        let (_, html) = text(&secretary, &app.url("/regions/07/wellbeing-reporting")).await;
        assert!(
            html.contains(&format!("/regions/07/new/wellbeing-report?party_id={}&#38;kind=annual&#38;year={year}", f.hollola.id)),
            "{html}"
        );
        // Hollola's administrator records Hollola's report, not Lahti's, and no negotiation.
        let hollola = sign_in(&app, "hollola@example.org").await;
        let (_, html) = text(&hollola, &app.url("/regions/07/wellbeing-reporting")).await;
        assert!(html.contains(&format!("/regions/07/new/wellbeing-report?party_id={}&#38;", f.hollola.id)), "{html}");
        assert!(!html.contains(&format!("/regions/07/new/wellbeing-report?party_id={}&#38;", f.lahti.id)), "{html}");
        assert!(!html.contains("/regions/07/new/negotiation"), "{html}");

        // The gaps in the API, in Swedish.
        let body: Value =
            client().get(app.url("/api/v1/regions/07/wellbeing-gaps?date=2026-11-22&lang=sv")).send().await.unwrap().json().await.unwrap();
        let items = body["items"].as_array().unwrap();
        let hollola = items
            .iter()
            .find(|g| g["kind"] == "annual_report" && g["party_id"] == f.hollola.id && g["year"] == 2026)
            .unwrap_or_else(|| panic!("{body}"));
        assert_eq!(hollola["urgency"], "due");
        assert_eq!(hollola["text"], "Förfaller: Hollola: välfärdsrapporten för 2026 saknas");

        // The skeleton: THL's six sections, "ei tietoa" for an indicator without values.
        let patch = foorumi_store::indicator_files::IndicatorPatch {
            id: 127,
            name: Some(Names::new("Väestö 31.12.", "Befolkning 31.12.", "Population 31 Dec")),
            source: Some("THL, Sotkanet".into()),
            ..Default::default()
        };
        foorumi_store::indicators::apply_catalogue(store, &admin(), &author(), &[patch]).await.unwrap();
        let url = app.url(&format!("/regions/07/wellbeing-reporting/skeleton?party_id={}&term_id={}", f.lahti.id, f.term.id));
        let response = client().get(url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/markdown"));
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("hyvinvointikertomus-398-2025-2029.md"));
        let markdown = response.text().await.unwrap();
        for heading in [
            "# Lahti: laaja hyvinvointikertomus ja hyvinvointisuunnitelma 2025–2029",
            "## 1. Tiivistelmä",
            "## 2. Tausta, tarkoitus ja tavoitteet",
            "## 3. Väestön hyvinvointi, terveys ja palvelut",
            "## 4. Vahvuudet ja kehittämiskohteet",
            "## 5. Hyvinvointisuunnitelma: johtopäätökset, tavoitteet, toimenpiteet ja seurantaindikaattorit",
            "## 6. Liitteet",
            "| Väestö 31.12. | ei tietoa |  |",
            "Lähde: THL, Sotkanet",
        ] {
            assert!(markdown.contains(heading), "{heading} missing:\n{markdown}");
        }
        let (status, _) =
            text(&client(), &app.url(&format!("/regions/07/wellbeing-reporting/skeleton?party_id={}&term_id={}", f.council.id, f.term.id)))
                .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the regional council makes no wellbeing report");
        let response = client().get(app.url("/api/v1/regions/07/wellbeing-skeleton")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    });
}

#[test]
fn a_workspace_forums_new_item_is_secret_by_default() {
    block_on(async {
        let (app, f) = start().await;
        let meeting =
            create::<Meeting>(&app.store, f.region.id, MeetingInput { place: String::new(), ..meeting(&f.kuntaturva, "2026-12-10") }).await;
        let secretary = sign_in(&app, "sihteeri@example.org").await;
        let (status, html) = text(&secretary, &app.url(&format!("/meetings/{}/agenda/edit", meeting.id))).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        let link = format!("/regions/07/new/agenda-item?meeting_id={}&#38;publicity=secret", meeting.id);
        assert!(html.contains(&link), "{html}");
        let (_, form) = text(&secretary, &app.url(&link.replace("&#38;", "&"))).await;
        assert!(form.contains("<option value=\"secret\" selected>"), "{form}");
    });
}
