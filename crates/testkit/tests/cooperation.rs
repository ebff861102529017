//! The cooperation's own records as users rely on them (issue 5): the division of
//! responsibilities, disagreements escalated one level up at a time with a proposal to the
//! next forum's agenda (refused above the strategic forum and once resolved), and the
//! cooperation protocol whose accepted versions are frozen and whose approvals are the
//! ratifications of the accepting item. Storage on SQLite and on a throw-away PostgreSQL;
//! the path PHTURVA → managers' meeting → chairs' forum → strategic forum through the real
//! server's pages and API, with who may see and do what.

use foorumi_core::cooperation::*;
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_store::accounts::NewUser;
use foorumi_store::records;
use foorumi_store::{Error, Store, agendas, conflicts, protocol, responsibilities};
use foorumi_testkit::fixtures::{
    PASSWORD, add_user, admin, assert_contains, author, client, count, create, create_paijat_hame, d, fields, forum, get, input_value,
    item, location, meeting, new_user, pair, party, post_form, sign_in,
};
use foorumi_testkit::{Backend, TestApp, block_on, store_for};
use reqwest::header::{self, HeaderMap};
use reqwest::{Client, StatusCode};
use serde_json::Value;

// ---- fixture ------------------------------------------------------------------------

const ADMIN: &str = "hallinto@liitto.example.org";
const LAHTI_ADMIN: &str = "lahti@lahti.example.org";

struct Fixture {
    region: Region,
    lahti: Party,
    hollola: Party,
    county: Party,
    lahti_manager: Post,
    strategic: Forum,
    chairs: Forum,
    managers: Forum,
    phturva: Forum,
    /// The strategic forum's item that accepts the protocol, and PHTURVA's item where a
    /// disagreement arises.
    strategic_item: AgendaItem,
    phturva_item: AgendaItem,
    /// The strategic forum's planned meeting, whose agenda takes escalated items.
    strategic_meeting: Meeting,
}

async fn fixture(store: &Store) -> Fixture {
    let region = create_paijat_hame(store).await;
    let r = region.id;
    let lahti = create::<Party>(store, r, party(PartyKind::Municipality, Some("398"), "Lahti")).await;
    let hollola = create::<Party>(store, r, party(PartyKind::Municipality, Some("098"), "Hollola")).await;
    let county = create::<Party>(store, r, party(PartyKind::WellbeingCounty, Some("09"), "Päijät-Hämeen hyvinvointialue")).await;
    let lahti_manager =
        create::<Post>(store, r, PostInput { party_id: lahti.id, title: Names::new("kaupunginjohtaja", "stadsdirektör", "mayor") }).await;
    create::<CouncilTerm>(store, r, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let under = |parent: &Forum, name: &str, level| ForumInput { parent_id: Some(parent.id), ..forum(name, level) };
    let strategic = create::<Forum>(store, r, forum("Strategisen tason foorumi", ForumLevel::Strategic)).await;
    let chairs = create::<Forum>(store, r, under(&strategic, "Puheenjohtajafoorumi", ForumLevel::Chairs)).await;
    let managers = create::<Forum>(store, r, under(&chairs, "Kuntajohtajakokous", ForumLevel::Tactical)).await;
    let phturva =
        ForumInput { short_name: "PHTURVA".into(), ..under(&managers, "Turvallisuus- ja valmiustoimikunta", ForumLevel::Operational) };
    let phturva = create::<Forum>(store, r, phturva).await;
    let strategic_meeting = create::<Meeting>(store, r, meeting(&strategic, "2027-09-24")).await;
    let phturva_meeting = create::<Meeting>(store, r, meeting(&phturva, "2027-03-02")).await;
    let strategic_item = create::<AgendaItem>(store, r, item(&strategic_meeting, "Yhteistyöpöytäkirjan päivitys")).await;
    let phturva_item = create::<AgendaItem>(store, r, item(&phturva_meeting, "Alueellinen valmiusharjoitus 2027")).await;
    Fixture {
        region,
        lahti,
        hollola,
        county,
        lahti_manager,
        strategic,
        chairs,
        managers,
        phturva,
        strategic_item,
        phturva_item,
        strategic_meeting,
    }
}

async fn preparedness(store: &Store, f: &Fixture) -> ResponsibilityTopic {
    let input = ResponsibilityTopicInput {
        name: Names::new("Varautuminen", "Beredskap", "Preparedness"),
        description: Names::new("Valmiussuunnittelu ja harjoitukset.", "", ""),
        position: 1,
    };
    create::<ResponsibilityTopic>(store, f.region.id, input).await
}

fn disagreement(f: &Fixture, topic: Option<Id>, raised_by: &Party) -> ConflictInput {
    ConflictInput {
        title: "Valmiusharjoituksen kustannusten jako".into(),
        topic_id: topic,
        topic_text: String::new(),
        raised_by: Some(raised_by.id),
        party_ids: vec![f.lahti.id, f.county.id],
        forum_id: f.phturva.id,
        item_id: Some(f.phturva_item.id),
        description: "Kustannukset asukasluvun vai osallistujien mukaan?".into(),
        raised_on: d("2027-03-02"),
    }
}

async fn current(store: &Store, id: Id) -> Conflict {
    records::get::<Conflict>(store, id).await.expect("read the disagreement")
}

// ---- storage, on both backends ------------------------------------------------------

foorumi_testkit::both_backends! {
    async fn the_matrix_keeps_one_role_per_party_and_topic(store: &Store) {
        let f = fixture(store).await;
        let topic = preparedness(store, &f).await;
        let cell = |party: &Party, post: Option<Id>| ResponsibilityInput {
            topic_id: topic.id,
            party_id: party.id,
            role: ResponsibilityRole::Responsible,
            legal_basis: " Valmiuslaki 1552/2011 12 § ".into(),
            forum_id: Some(f.phturva.id),
            post_id: post,
        };
        let lahti = create::<Responsibility>(store, f.region.id, cell(&f.lahti, Some(f.lahti_manager.id))).await;
        assert_eq!(lahti.input.legal_basis, "Valmiuslaki 1552/2011 12 §", "kept trimmed");
        // One role per party and topic; the contact is the party's own post.
        let again = records::create::<Responsibility>(store, &admin(), &author(), f.region.id, cell(&f.lahti, None)).await;
        assert_eq!(fields(again), [pair("party_id", "error-responsibility-exists")]);
        let foreign = records::create::<Responsibility>(store, &admin(), &author(), f.region.id, cell(&f.hollola, Some(f.lahti_manager.id))).await;
        assert_eq!(fields(foreign), [pair("post_id", "error-responsibility-post")]);
        // The public reads it; only its keepers change it.
        let public = records::create::<Responsibility>(store, &Actor::anonymous(), &author(), f.region.id, cell(&f.hollola, None)).await;
        assert!(matches!(public, Err(Error::Forbidden)), "{public:?}");
        let party_admin = Actor { user_id: Some(9), party_admin: vec![f.hollola.id], ..Actor::default() };
        let theirs = records::create::<Responsibility>(store, &party_admin, &author(), f.region.id, cell(&f.hollola, None)).await;
        assert!(matches!(theirs, Err(Error::Forbidden)), "the matrix is the cooperation manager's: {theirs:?}");
        create::<Responsibility>(store, f.region.id, ResponsibilityInput { role: ResponsibilityRole::Informed, ..cell(&f.county, None) }).await;
        let (topics, cells) = responsibilities::matrix(store, f.region.id).await.unwrap();
        assert_eq!(topics.iter().map(|t| t.input.name.fi.as_str()).collect::<Vec<_>>(), ["Varautuminen"]);
        let mut roles: Vec<(Id, ResponsibilityRole)> = cells.iter().map(|c| (c.input.party_id, c.input.role)).collect();
        roles.sort();
        let mut expected = vec![(f.lahti.id, ResponsibilityRole::Responsible), (f.county.id, ResponsibilityRole::Informed)];
        expected.sort();
        assert_eq!(roles, expected);
    }

    async fn escalation_proposes_an_item_to_the_parent_forum_level_by_level_and_stops_at_the_top(store: &Store) {
        let f = fixture(store).await;
        let topic = preparedness(store, &f).await;
        let conflict = create::<Conflict>(store, f.region.id, disagreement(&f, Some(topic.id), &f.county)).await;
        assert_eq!(conflict.status, ConflictStatus::Open);
        assert_eq!(conflict.current_forum_id, f.phturva.id, "handled first where it arose");
        assert_eq!(conflict.steps.iter().map(|s| s.kind).collect::<Vec<_>>(), [ConflictStepKind::Registered]);
        assert_eq!(conflict.steps[0].item_id, Some(f.phturva_item.id));
        let mut parties = conflict.input.party_ids.clone();
        parties.sort();
        let mut expected = vec![f.lahti.id, f.county.id];
        expected.sort();
        assert_eq!(parties, expected);

        // A stale version is refused and writes nothing.
        let stale = conflicts::escalate(store, &admin(), &author(), conflict.id, conflict.version + 1, "", d("2027-03-05")).await;
        assert!(matches!(stale, Err(Error::Stale { current }) if current == conflict.version), "{stale:?}");
        assert_eq!(count(store, "item_proposals").await, 0);

        let mut version = conflict.version;
        for (target, on) in [(&f.managers, "2027-03-05"), (&f.chairs, "2027-04-14"), (&f.strategic, "2027-05-21")] {
            let (after, proposal) =
                conflicts::escalate(store, &admin(), &author(), conflict.id, version, "Ei yksimielisyyttä.", d(on)).await.unwrap();
            assert_eq!(after.current_forum_id, target.id);
            assert_eq!(proposal.input.forum_id, target.id, "the proposal goes to the forum one level up");
            assert_eq!(proposal.status, ProposalStatus::Pending);
            assert_eq!(proposal.input.title, "Valmiusharjoituksen kustannusten jako");
            assert!(proposal.input.description.contains("Ei yksimielisyyttä."));
            assert_eq!(proposal.input.party_id, Some(f.county.id), "proposed for the party that raised it");
            let step = after.steps.last().unwrap();
            assert_eq!((step.kind, step.forum_id, step.proposal_id, step.taken_on), (ConflictStepKind::Escalated, target.id, Some(proposal.id), d(on)));
            version = after.version;
        }
        let proposals = count(store, "item_proposals").await;
        assert_eq!(proposals, 3);
        // Every escalation is in the audit log with its proposal.
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'conflict' AND action = 'escalate'")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(audited, 3);

        // Above the strategic forum there is nowhere to go; nothing is written.
        let top = conflicts::escalate(store, &admin(), &author(), conflict.id, version, "", d("2027-09-25")).await;
        assert_eq!(fields(top), [pair("forum_id", "error-conflict-top")]);
        assert_eq!(count(store, "item_proposals").await, proposals);
        assert_eq!(current(store, conflict.id).await.version, version);

        // The strategic forum takes it on its agenda and resolves it at that item.
        let strategic_proposal: Proposal =
            records::get(store, current(store, conflict.id).await.steps.last().unwrap().proposal_id.unwrap()).await.unwrap();
        let agenda_item = agendas::accept_proposal(store, &admin(), &author(), strategic_proposal.id, strategic_proposal.version, f.strategic_meeting.id)
            .await
            .unwrap();
        let discussed = conflicts::record_discussion(store, &admin(), &author(), conflict.id, version, agenda_item.id, "Lähetekeskustelu.", d("2027-09-24"))
            .await
            .unwrap();
        let missing = conflicts::resolve(store, &admin(), &author(), conflict.id, discussed.version, None, " ", d("2027-09-24")).await;
        assert_eq!(fields(missing), [pair("item_id", "error-required"), pair("resolution", "error-required")]);
        let resolved = conflicts::resolve(
            store,
            &admin(),
            &author(),
            conflict.id,
            discussed.version,
            Some(agenda_item.id),
            "Kustannukset jaetaan asukasluvun mukaan.",
            d("2027-09-24"),
        )
        .await
        .unwrap();
        assert_eq!(resolved.status, ConflictStatus::Resolved);
        assert_eq!(resolved.resolved_item_id, Some(agenda_item.id));
        assert_eq!(resolved.resolution, "Kustannukset jaetaan asukasluvun mukaan.");
        assert_eq!(
            resolved.steps.iter().map(|s| s.kind).collect::<Vec<_>>(),
            [
                ConflictStepKind::Registered,
                ConflictStepKind::Escalated,
                ConflictStepKind::Escalated,
                ConflictStepKind::Escalated,
                ConflictStepKind::Discussed,
                ConflictStepKind::Resolved,
            ]
        );
        assert_eq!(resolved.steps.last().unwrap().item_id, Some(agenda_item.id));
        // A resolved disagreement is not escalated or resolved again.
        let again = conflicts::escalate(store, &admin(), &author(), conflict.id, resolved.version, "", d("2027-10-01")).await;
        assert_eq!(fields(again), [pair("status", "error-conflict-resolved")]);
        let twice = conflicts::resolve(store, &admin(), &author(), conflict.id, resolved.version, Some(agenda_item.id), "Uudelleen", d("2027-10-01")).await;
        assert!(fields(twice).contains(&pair("status", "error-conflict-resolved")));
        // The picture page's panel lists only open ones.
        assert!(conflicts::open_conflicts(store, f.region.id).await.unwrap().is_empty());
    }

    async fn a_party_registers_for_itself_and_the_cooperation_manager_escalates(store: &Store) {
        let f = fixture(store).await;
        let lahti_admin = Actor { user_id: Some(9), party_admin: vec![f.lahti.id], ..Actor::default() };
        let own = records::create::<Conflict>(store, &lahti_admin, &author(), f.region.id, disagreement(&f, None, &f.lahti)).await;
        // Without a topic of the matrix the topic is said in words.
        assert_eq!(fields(own), [pair("topic_text", "error-conflict-topic")]);
        let input = ConflictInput { topic_text: "Valmiusharjoitukset".into(), ..disagreement(&f, None, &f.lahti) };
        let conflict = records::create::<Conflict>(store, &lahti_admin, &author(), f.region.id, input.clone()).await.unwrap();
        let other = records::create::<Conflict>(store, &lahti_admin, &author(), f.region.id, ConflictInput { raised_by: Some(f.hollola.id), ..input })
            .await;
        assert!(matches!(other, Err(Error::Forbidden)), "not for another party: {other:?}");
        let escalate = conflicts::escalate(store, &lahti_admin, &author(), conflict.id, conflict.version, "", d("2027-03-05")).await;
        assert!(matches!(escalate, Err(Error::Forbidden)), "escalating is the cooperation manager's: {escalate:?}");
        let open = conflicts::open_conflicts(store, f.region.id).await.unwrap();
        assert_eq!(open.iter().map(|c| c.id).collect::<Vec<_>>(), [conflict.id]);
    }

    async fn an_accepted_protocol_version_is_frozen_and_approved_through_its_items_ratifications(store: &Store) {
        let f = fixture(store).await;
        let draft = ProtocolVersionInput {
            label: "2023".into(),
            valid_from: d("2023-05-15"),
            text: "Tavoitteet.\n\nPelisäännöt.".into(),
            item_id: None,
            acceptance_note: "Allekirjoitettu 2023".into(),
        };
        let first = create::<ProtocolVersion>(store, f.region.id, draft.clone()).await;
        // A draft is still edited.
        let first = records::update::<ProtocolVersion>(store, &admin(), &author(), first.id, first.version, ProtocolVersionInput { text: "Tavoitteet.\n\nPelisäännöt, tarkennettu.".into(), ..draft.clone() })
            .await
            .unwrap();
        let taken = records::create::<ProtocolVersion>(store, &admin(), &author(), f.region.id, draft.clone()).await;
        assert_eq!(fields(taken), [pair("label", "error-protocol-label-taken")]);
        let accepted = ProtocolVersionInput {
            label: "2025".into(),
            valid_from: d("2025-10-01"),
            text: "Tavoitteet.\n\nPelisäännöt, tarkennettu.\n\nErimielisyydet viedään tasoa ylemmäs.".into(),
            item_id: Some(f.strategic_item.id),
            acceptance_note: String::new(),
        };
        let second = create::<ProtocolVersion>(store, f.region.id, accepted.clone()).await;
        assert!(second.frozen());
        let changed = records::update::<ProtocolVersion>(store, &admin(), &author(), second.id, second.version, ProtocolVersionInput { text: "Muutettu".into(), ..accepted.clone() }).await;
        assert_eq!(fields(changed), [pair("text", "error-protocol-frozen")]);
        let unaccepted = records::update::<ProtocolVersion>(store, &admin(), &author(), second.id, second.version, ProtocolVersionInput { item_id: None, ..accepted.clone() }).await;
        assert_eq!(fields(unaccepted), [pair("text", "error-protocol-frozen")]);
        let deleted = records::delete::<ProtocolVersion>(store, &admin(), &author(), second.id, None).await;
        assert_eq!(fields(deleted), [pair("text", "error-protocol-frozen")]);
        assert_eq!(records::get::<ProtocolVersion>(store, second.id).await.unwrap().input.text, accepted.text);
        // The public reads it; it does not write it.
        let public = records::create::<ProtocolVersion>(store, &Actor::anonymous(), &author(), f.region.id, ProtocolVersionInput { label: "2026".into(), ..draft }).await;
        assert!(matches!(public, Err(Error::Forbidden)));

        let versions = protocol::versions(store, f.region.id).await.unwrap();
        assert_eq!(current_protocol(&versions, d("2026-01-01")).map(|v| v.id), Some(second.id));
        assert_eq!(predecessor(&versions, &versions[1]).map(|v| v.id), Some(first.id));

        // The approvals are the ratification tracker's records of the accepting item: Lahti
        // has decided, the others are pending. (Recorded here straight into the tracker's
        // table: its own rules, a checked recommendation, are the minutes tests' business.)
        sqlx::query(
            "INSERT INTO ratifications (region_id, item_id, forum_id, party_id, body, decided_on, section, url, result) \
             VALUES ($1, $2, $3, $4, 'Kaupunginhallitus', '2025-10-20', '§ 412', '', 'approved')",
        )
        .bind(f.region.id)
        .bind(f.strategic_item.id)
        .bind(f.strategic.id)
        .bind(f.lahti.id)
        .execute(store.pool())
        .await
        .unwrap();
        let approvals = protocol::approvals(store, &second).await.unwrap();
        let summary: Vec<(String, Option<(String, RatificationResult)>)> = approvals
            .iter()
            .map(|a| (a.party.input.name.fi.clone(), a.decision.as_ref().map(|r| (r.input.section.clone(), r.input.result))))
            .collect();
        assert_eq!(summary.len(), 3, "every party that signs the protocol");
        assert!(summary.contains(&("Lahti".into(), Some(("§ 412".into(), RatificationResult::Approved)))));
        assert!(summary.contains(&("Hollola".into(), None)));
        assert!(protocol::approvals(store, &first).await.unwrap().is_empty(), "a version without its item has no approvals here");
    }
}

// ---- the pages and the API ----------------------------------------------------------

async fn api(client: &Client, method: reqwest::Method, url: &str, if_match: Option<i64>, body: Value) -> (StatusCode, HeaderMap, Value) {
    let mut request = client.request(method, url).basic_auth(ADMIN, Some(PASSWORD)).json(&body);
    if let Some(version) = if_match {
        request = request.header("if-match", format!("\"{version}\""));
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    (status, headers, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn web_path(backend: Backend) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    let user = |email: &str, party_id: Option<Id>| NewUser { grants: vec![Grant { region_id: f.region.id, party_id }], ..new_user(email) };
    add_user(&store, user(ADMIN, None)).await;
    add_user(&store, user(LAHTI_ADMIN, Some(f.lahti.id))).await;
    let topic = preparedness(&store, &f).await;
    let cell = |party: &Party, role| ResponsibilityInput {
        topic_id: topic.id,
        party_id: party.id,
        role,
        legal_basis: "Valmiuslaki 1552/2011 12 §".into(),
        forum_id: Some(f.phturva.id),
        post_id: None,
    };
    create::<Responsibility>(&store, f.region.id, cell(&f.lahti, ResponsibilityRole::Responsible)).await;
    create::<Responsibility>(&store, f.region.id, cell(&f.county, ResponsibilityRole::CoResponsible)).await;
    let v1 = ProtocolVersionInput {
        label: "2023".into(),
        valid_from: d("2023-05-15"),
        text: "Yhteinen päämäärä.\n\nVanha sääntö.".into(),
        item_id: None,
        acceptance_note: "Allekirjoitettu 2023".into(),
    };
    create::<ProtocolVersion>(&store, f.region.id, v1).await;
    let v2 = ProtocolVersionInput {
        label: "2025".into(),
        valid_from: d("2025-10-01"),
        text: "Yhteinen päämäärä.\n\nErimielisyydet viedään tasoa ylemmäs.".into(),
        item_id: Some(f.strategic_item.id),
        acceptance_note: String::new(),
    };
    create::<ProtocolVersion>(&store, f.region.id, v2).await;
    let app = TestApp::start(store).await;
    let public = client();

    // The division of responsibilities is public: a table with its caption and headers.
    let (status, _, html) = get(&public, &app.url("/regions/07/responsibilities")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<caption id=\"matrix-caption\">Vastuunjako aiheittain ja osapuolittain</caption>");
    assert_contains(&html, "<th scope=\"col\">Lahti</th>");
    assert_contains(&html, "<th scope=\"col\">Päijät-Hämeen hyvinvointialue</th>");
    assert_contains(&html, "class=\"role role-co-responsible\">Yhteisvastuussa</td>");
    // Filtered by party, the other party's column goes.
    let (_, _, html) = get(&public, &app.url(&format!("/regions/07/responsibilities?party={}", f.lahti.id))).await;
    assert_contains(&html, "<th scope=\"col\">Lahti</th>");
    assert!(!html.contains("<th scope=\"col\">Päijät-Hämeen hyvinvointialue</th>"), "filtered out:\n{html}");
    let (status, _, html) = get(&public, &app.url(&format!("/regions/07/responsibilities/{}", topic.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Valmiuslaki 1552/2011 12 §");
    assert_contains(&html, "PHTURVA");

    // The protocol is public: the current version, its approvals pending, the diff.
    let (status, _, html) = get(&public, &app.url("/regions/07/protocol")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Erimielisyydet viedään tasoa ylemmäs.");
    assert_contains(&html, "Osapuolten hyväksynnät");
    assert_contains(&html, "Käsittelemättä");
    let (status, _, html) = get(&public, &app.url("/regions/07/protocol/2023")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Vanha sääntö.");
    let (_, _, html) = get(&public, &app.url("/regions/07/protocol/2025")).await;
    assert_contains(&html, "Poistettu: </span>Vanha sääntö.</del>");
    assert_contains(&html, "Lisätty: </span>Erimielisyydet viedään tasoa ylemmäs.</ins>");
    let (status, _, _) = get(&public, &app.url("/regions/07/protocol/1999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Lahti's administrator registers a disagreement for Lahti through the form.
    let lahti = sign_in(&app, LAHTI_ADMIN).await;
    let (status, _, html) = get(&lahti, &app.url(&format!("/regions/07/new/conflict?topic_id={}", topic.id))).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = input_value(&html, "csrf").unwrap();
    let topic_id = topic.id.to_string();
    let phturva_id = f.phturva.id.to_string();
    let lahti_id = f.lahti.id.to_string();
    let county_field = format!("party.{}", f.county.id);
    let lahti_field = format!("party.{}", f.lahti.id);
    let form = |raised_by: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("title", "Valmiusharjoituksen kustannusten jako".to_owned()),
            ("topic_id", topic_id.clone()),
            ("topic_text", String::new()),
            ("raised_by", raised_by.to_owned()),
            (lahti_field.as_str(), "1".to_owned()),
            (county_field.as_str(), "1".to_owned()),
            ("forum_id", phturva_id.clone()),
            ("item_id", String::new()),
            ("raised_on", "2027-03-02".to_owned()),
            ("description", "Kustannusten jako.".to_owned()),
        ]
    };
    let as_pairs = |v: &Vec<(&str, String)>| v.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>();
    let response = lahti.post(app.url("/regions/07/new/conflict")).form(&as_pairs(&form(&f.hollola.id.to_string()))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "not in another party's name");
    let response = lahti.post(app.url("/regions/07/new/conflict")).form(&as_pairs(&form(&lahti_id))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(response.headers()), "/regions/07/conflicts");
    let (status, _, html) = get(&lahti, &app.url("/regions/07/conflicts?status=open")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Valmiusharjoituksen kustannusten jako");
    let list = conflicts::open_conflicts(&app.store, f.region.id).await.unwrap();
    let conflict = list.first().expect("registered").clone();
    // A party administrator does not escalate.
    let (status, _, _) = get(&lahti, &app.url(&format!("/conflicts/{}/escalate", conflict.id))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The public sees no disagreements: not the pages, not the API.
    let (status, headers, _) = get(&public, &app.url("/regions/07/conflicts")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).starts_with("/login"));
    let (status, _, _) = get(&public, &app.url(&format!("/conflicts/{}", conflict.id))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let response = public.get(app.url("/api/v1/conflicts?region=07")).send().await.unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["total"], 0, "{body}");
    let response = public.get(app.url(&format!("/api/v1/conflicts/{}", conflict.id))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // The matrix, by contrast, is public in the API too.
    let response = public.get(app.url("/api/v1/responsibilities?region=07")).send().await.unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["total"], 2, "the matrix is public: {body}");

    // PHTURVA → the managers' meeting, through the page with its confirmation.
    let manager = sign_in(&app, ADMIN).await;
    let (status, _, html) = get(&manager, &app.url(&format!("/conflicts/{}/escalate", conflict.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<dd>Kuntajohtajakokous</dd>");
    let csrf = input_value(&html, "csrf").unwrap();
    let version = input_value(&html, "version").unwrap();
    let url = app.url(&format!("/conflicts/{}/escalate", conflict.id));
    let (status, headers, _) =
        post_form(&manager, &url, &[("csrf", &csrf), ("version", &version), ("note", "PHTURVA ei päässyt sopuun.")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), format!("/conflicts/{}#steps", conflict.id));
    let (status, _, html) = get(&manager, &app.url(&format!("/conflicts/{}", conflict.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Vietiin tasoa ylemmäs: Kuntajohtajakokous");
    assert_contains(&html, "PHTURVA ei päässyt sopuun.");
    assert_contains(&html, &format!("href=\"/forums/{}/proposals\"", f.managers.id));

    // The managers' meeting → the chairs' forum → the strategic forum, through the API.
    let api_client = Client::new();
    let conflict_url = |suffix: &str| app.url(&format!("/api/v1/conflicts/{}{suffix}", conflict.id));
    let mut version = current(&app.store, conflict.id).await.version;
    for target in [&f.chairs, &f.strategic] {
        let (status, headers, body) =
            api(&api_client, reqwest::Method::POST, &conflict_url("/escalate"), Some(version), serde_json::json!({ "note": "Ylemmäs." }))
                .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["proposal"]["forum_id"], target.id);
        assert_eq!(body["conflict"]["current_forum_id"], target.id);
        version = headers[header::ETAG].to_str().unwrap().trim_matches('"').parse().unwrap();
    }
    // Beyond the strategic forum: refused, as a problem document naming the field.
    let (status, headers, body) =
        api(&api_client, reqwest::Method::POST, &conflict_url("/escalate"), Some(version), serde_json::json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/problem+json"));
    assert_eq!(body["errors"][0]["field"], "forum_id");
    assert_eq!(body["errors"][0]["code"], "error-conflict-top");
    // Without If-Match the action is not taken.
    let (status, _, _) = api(&api_client, reqwest::Method::POST, &conflict_url("/escalate"), None, serde_json::json!({})).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);

    // The strategic forum takes the proposal on its agenda and resolves it there.
    let proposal_id = current(&app.store, conflict.id).await.steps.last().unwrap().proposal_id.unwrap();
    let proposal: Proposal = records::get(&app.store, proposal_id).await.unwrap();
    let taken =
        agendas::accept_proposal(&app.store, &admin(), &author(), proposal.id, proposal.version, f.strategic_meeting.id).await.unwrap();
    let (status, _, html) = get(&manager, &app.url(&format!("/conflicts/{}", conflict.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, &format!("href=\"/agenda-items/{}/minutes\"", taken.id));
    assert_contains(&html, "ylimmän tason foorumissa; ylemmäs sitä ei voi viedä");
    let body = serde_json::json!({ "item_id": taken.id, "resolution": "Jaetaan asukasluvun mukaan.", "on": "2027-09-24" });
    let (status, _, body) = api(&api_client, reqwest::Method::POST, &conflict_url("/resolve"), Some(version), body).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "resolved");
    assert_eq!(body["resolved_item_id"], taken.id);
    assert_eq!(body["steps"].as_array().unwrap().len(), 5);
    let (_, _, html) = get(&manager, &app.url(&format!("/conflicts/{}", conflict.id))).await;
    assert_contains(&html, "Ratkaistiin foorumissa Strategisen tason foorumi");
    assert_contains(&html, "Jaetaan asukasluvun mukaan.");
    let (_, _, html) = get(&manager, &app.url("/regions/07/conflicts?status=resolved")).await;
    assert_contains(&html, "Valmiusharjoituksen kustannusten jako");
    let (_, _, html) = get(&manager, &app.url("/regions/07/conflicts?status=open")).await;
    assert!(!html.contains("Valmiusharjoituksen kustannusten jako"), "no longer open:\n{html}");
    // A resolved one is not escalated from the page either: the page says why.
    let (status, _, html) = get(&manager, &app.url(&format!("/conflicts/{}/escalate", conflict.id))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "Erimielisyys on jo ratkaistu.");

    // The protocol's approvals through the API: public.
    let versions = protocol::versions(&app.store, f.region.id).await.unwrap();
    let response = public.get(app.url(&format!("/api/v1/protocol-versions/{}/approvals", versions[1].id))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["item_id"], f.strategic_item.id);
    assert_eq!(body["items"].as_array().unwrap().len(), 3);
    assert!(body["items"].as_array().unwrap().iter().all(|a| a["ratification"].is_null()), "all pending: {body}");
}

mod web {
    use super::*;

    #[test]
    fn sqlite_the_path_from_phturva_to_the_strategic_forum_through_pages_and_api() {
        block_on(web_path(Backend::Sqlite));
    }

    #[test]
    fn postgres_the_path_from_phturva_to_the_strategic_forum_through_pages_and_api() {
        block_on(web_path(Backend::Postgres));
    }
}
