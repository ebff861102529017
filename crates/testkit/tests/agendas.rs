//! Agendas as users rely on them, every test on SQLite (`sqlite::…`) and on a throw-away
//! PostgreSQL (`postgres::…`): items with the forum's standing items, moving them, §
//! numbering per forum and year, the publicity rules (R1.6, R1.10), publication and what
//! the public version holds, who may do what, proposals, and — through the real server —
//! attachments, the agenda pages and the API.

use std::path::PathBuf;

use foorumi_core::permissions::Actor;
use foorumi_core::rules;
use foorumi_core::*;
use foorumi_store::accounts::NewUser;
use foorumi_store::agendas::{self, StoredFile};
use foorumi_store::audit;
use foorumi_store::records::{self, Page};
use foorumi_store::{Error, Store};
use foorumi_testkit::fixtures::{
    PASSWORD, Reply, add_user, admin, api, assert_contains, assert_forbidden, assert_lacks, at, author, count, create, create_paijat_hame,
    csrf_of, d, fields, files_under, forum, get, get_bytes, header_text, item as item_input, meeting as meeting_input, new_user, pair,
    parts, party, pdf, person, post_form, reply, seat as seat_input, sign_in, visitor,
};
use foorumi_testkit::{TestApp, both_backends, store_for};
use reqwest::header::{self, HeaderMap};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

// ---- the register around the agendas --------------------------------------------------

const AVAUS: &str = "Kokouksen avaus";
const LAILLISUUS: &str = "Kokouksen laillisuus ja päätösvaltaisuus";
const MUUT: &str = "Muut asiat";
const PAATOS: &str = "Kokouksen päättäminen";

/// Trade secrets: the ground the secret items of these tests cite.
const BASIS_CODE: &str = "JulkL 24 § 1 mom. 20 k.";
const MARKING: &str = "Salassa pidettävä, JulkL 24 § 1 mom. 20 k.";

/// What a refused write must leave as it was: the rows of the agenda tables and the
/// audit log's head.
async fn snapshot(store: &Store) -> Vec<(&'static str, i64)> {
    let mut result = Vec::new();
    for table in ["agenda_items", "agenda_item_parties", "attachments", "item_proposals", "agenda_publications", "audit_log"] {
        result.push((table, count(store, table).await));
    }
    result.push(("audit_head", store.register_version().await.expect("audit head")));
    result
}

/// A forum with its own Swedish name.
fn forum_input(fi: &str, sv: &str, level: ForumLevel) -> ForumInput {
    ForumInput { name: Names::new(fi, sv, fi), ..forum(fi, level) }
}

/// Päijät-Häme with the municipal managers' meeting (four standing items, a secretary
/// and a member), the safety forum PHTURVA (no standing items, its own secretary), a
/// preparer of secret matters, the region's secrecy ground, and Kymenlaakso with a ground
/// of its own.
struct Fixture {
    region: Region,
    lahti: Party,
    hollola: Party,
    managers: Forum,
    phturva: Forum,
    secretary: Person,
    member: Person,
    preparer: Person,
    basis: LegalBasis,
    foreign_basis: LegalBasis,
    /// The managers' standing items in agenda order: opening ones, then closing ones.
    standing: Vec<StandingItem>,
    /// The managers' secretary, as the store sees them.
    sec: Actor,
    /// A member of the managers' meeting.
    mem: Actor,
    /// PHTURVA's secretary.
    other_sec: Actor,
}

async fn fixture(store: &Store) -> Fixture {
    let region = create_paijat_hame(store).await;
    let kymenlaakso =
        create::<Region>(store, 0, RegionInput { code: "08".into(), name: Names::new("Kymenlaakso", "Kymmenedalen", "Kymenlaakso") }).await;
    let r = region.id;
    let council = create::<Party>(store, r, party(PartyKind::RegionalCouncil, None, "Päijät-Hämeen liitto")).await;
    let lahti = create::<Party>(store, r, party(PartyKind::Municipality, Some("398"), "Lahti")).await;
    let hollola = create::<Party>(store, r, party(PartyKind::Municipality, Some("098"), "Hollola")).await;
    let term = create::<CouncilTerm>(store, r, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let managers = create::<Forum>(store, r, forum_input("Kuntajohtajakokous", "Kommundirektörsmötet", ForumLevel::Tactical)).await;
    let mut phturva_input = forum_input("Päijät-Hämeen turvallisuusfoorumi", "Säkerhetsforumet", ForumLevel::Operational);
    phturva_input.short_name = "PHTURVA".into();
    let phturva = create::<Forum>(store, r, phturva_input).await;
    let secretary = create::<Person>(store, r, person("Liiton kuntayhteistyöpäällikkö", &council)).await;
    let member = create::<Person>(store, r, person("Lahden kaupunginjohtaja", &lahti)).await;
    let other_secretary = create::<Person>(store, r, person("Turvallisuusfoorumin sihteeri", &council)).await;
    let preparer = create::<Person>(store, r, person("Salli Salainen-Valmistelija", &hollola)).await;
    let seat = |forum: &Forum, person: &Person, party: &Party, role| SeatInput {
        person_id: Some(person.id),
        ..seat_input(forum, &term, party, role)
    };
    create::<Seat>(store, r, seat(&managers, &secretary, &council, SeatRole::Secretary)).await;
    create::<Seat>(store, r, seat(&managers, &member, &lahti, SeatRole::Member)).await;
    create::<Seat>(store, r, seat(&phturva, &other_secretary, &council, SeatRole::Secretary)).await;
    let basis = create::<LegalBasis>(
        store,
        r,
        LegalBasisInput {
            code: BASIS_CODE.into(),
            name: Names::new("Liike- tai ammattisalaisuus", "Affärs- eller yrkeshemlighet", "Trade secret"),
        },
    )
    .await;
    let foreign_basis = create::<LegalBasis>(
        store,
        kymenlaakso.id,
        LegalBasisInput { code: "JulkL 24 § 1 mom. 8 k.".into(), name: Names::new("Turvallisuusjärjestelyt", "", "") },
    )
    .await;
    // Created out of order: the agenda orders them, not the order they were made in.
    let standing_input = |placement, position, title: &str, proposal: &str| StandingItemInput {
        forum_id: managers.id,
        placement,
        position,
        title: title.into(),
        proposal: proposal.into(),
    };
    let paatos = create::<StandingItem>(store, r, standing_input(Placement::End, 2, PAATOS, "Puheenjohtaja päättää kokouksen.")).await;
    let laillisuus =
        create::<StandingItem>(store, r, standing_input(Placement::Start, 2, LAILLISUUS, "Todetaan kokous lailliseksi.")).await;
    let muut = create::<StandingItem>(store, r, standing_input(Placement::End, 1, MUUT, "")).await;
    let avaus = create::<StandingItem>(store, r, standing_input(Placement::Start, 1, AVAUS, "Puheenjohtaja avaa kokouksen.")).await;
    let sec = Actor {
        user_id: Some(9001),
        secretary_of: vec![managers.id],
        member_of: vec![managers.id],
        person_id: Some(secretary.id),
        ..Actor::default()
    };
    let mem = Actor { user_id: Some(9002), member_of: vec![managers.id], person_id: Some(member.id), ..Actor::default() };
    let other_sec = Actor {
        user_id: Some(9003),
        secretary_of: vec![phturva.id],
        member_of: vec![phturva.id],
        person_id: Some(other_secretary.id),
        ..Actor::default()
    };
    Fixture {
        region,
        lahti,
        hollola,
        managers,
        phturva,
        secretary,
        member,
        preparer,
        basis,
        foreign_basis,
        standing: vec![avaus, laillisuus, muut, paatos],
        sec,
        mem,
        other_sec,
    }
}

async fn meeting(store: &Store, f: &Fixture, forums: &[&Forum], date: &str) -> Meeting {
    meeting_with(store, f, forums, date, MeetingStatus::Planned).await
}

async fn meeting_with(store: &Store, f: &Fixture, forums: &[&Forum], date: &str, status: MeetingStatus) -> Meeting {
    let input = MeetingInput {
        forum_ids: forums.iter().map(|forum| forum.id).collect(),
        status,
        cancel_reason: if status == MeetingStatus::Cancelled { "Ei käsiteltäviä asioita".into() } else { String::new() },
        ..meeting_input(forums[0], date)
    };
    create::<Meeting>(store, f.region.id, input).await
}

async fn cancel(store: &Store, meeting_id: Id) {
    let meeting = records::get::<Meeting>(store, meeting_id).await.expect("the meeting");
    let input = MeetingInput { status: MeetingStatus::Cancelled, cancel_reason: "Kokous peruttiin".into(), ..meeting.input };
    records::update::<Meeting>(store, &admin(), &author(), meeting_id, meeting.version, input).await.expect("cancel the meeting");
}

fn secret_item(meeting: &Meeting, title: &str, public_title: &str, basis: Option<Id>) -> AgendaItemInput {
    AgendaItemInput { public_title: public_title.into(), publicity: Publicity::Secret, legal_basis_id: basis, ..item_input(meeting, title) }
}

fn unfinished_item(meeting: &Meeting, title: &str, public_title: &str) -> AgendaItemInput {
    AgendaItemInput { public_title: public_title.into(), publicity: Publicity::NotYetPublic, ..item_input(meeting, title) }
}

/// Adds an item as `actor`, and reads it back as stored.
async fn add(store: &Store, actor: &Actor, f: &Fixture, input: AgendaItemInput) -> AgendaItem {
    let title = input.title.clone();
    let created = records::create::<AgendaItem>(store, actor, &author(), f.region.id, input)
        .await
        .unwrap_or_else(|err| panic!("add the item {title:?}: {err:?}"));
    item(store, created.id).await
}

async fn item(store: &Store, id: Id) -> AgendaItem {
    records::get::<AgendaItem>(store, id).await.expect("the item")
}

async fn items(store: &Store, meeting_id: Id) -> Vec<AgendaItem> {
    agendas::items_of(store, meeting_id).await.expect("the agenda")
}

async fn titles(store: &Store, meeting_id: Id) -> Vec<String> {
    items(store, meeting_id).await.into_iter().map(|i| i.input.title).collect()
}

/// The items' places must be exactly 1, 2, 3 … in agenda order.
async fn assert_numbered(store: &Store, meeting_id: Id) {
    let positions: Vec<i64> = items(store, meeting_id).await.iter().map(|i| i.input.position).collect();
    let expected: Vec<i64> = (1..=positions.len() as i64).collect();
    assert_eq!(positions, expected, "positions of meeting {meeting_id}");
}

async fn attachments_of_item(store: &Store, region_id: Id, item_id: Id) -> Vec<Attachment> {
    records::list::<Attachment>(store, Some(region_id), &[("item_id".into(), item_id.to_string())], Page::default())
        .await
        .expect("list attachments")
        .0
}

fn fake_file(seed: char) -> StoredFile {
    StoredFile { media_type: "application/pdf".into(), size: 2048, sha256: seed.to_string().repeat(64) }
}

async fn attach(store: &Store, f: &Fixture, item_id: Id, name: &str, publicity: Publicity, seed: char) -> Attachment {
    let legal_basis_id = (publicity == Publicity::Secret).then_some(f.basis.id);
    let input = AttachmentInput { item_id, name: name.into(), publicity, legal_basis_id };
    agendas::add_attachment(store, &f.sec, &author(), input, fake_file(seed)).await.unwrap_or_else(|err| panic!("attach {name}: {err:?}"))
}

async fn publication_content(store: &Store, publication_id: Id) -> String {
    sqlx::query_scalar::<_, String>("SELECT content FROM agenda_publications WHERE id = $1")
        .bind(publication_id)
        .fetch_one(store.pool())
        .await
        .expect("the stored publication")
}

// ---- items and standing items ---------------------------------------------------------

async fn the_first_item_brings_the_standing_items_and_new_items_go_before_the_closing_ones(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &[&f.managers], "2027-03-09").await;
    let audit_before = count(store, "audit_log").await;

    let first = add(store, &f.sec, &f, item_input(&m, "Kuntien talousnäkymät")).await;
    assert_eq!(titles(store, m.id).await, [AVAUS, LAILLISUUS, "Kuntien talousnäkymät", MUUT, PAATOS]);
    assert_numbered(store, m.id).await;
    let agenda = items(store, m.id).await;
    let standing_ids: Vec<Option<Id>> = agenda.iter().map(|i| i.input.standing_item_id).collect();
    let s = &f.standing;
    assert_eq!(standing_ids, [Some(s[0].id), Some(s[1].id), None, Some(s[2].id), Some(s[3].id)]);
    for standing in agenda.iter().filter(|i| i.input.standing_item_id.is_some()) {
        assert_eq!(standing.input.publicity, Publicity::Public);
        assert_eq!(standing.input.public_title, standing.input.title);
    }
    assert_eq!(agenda[0].input.proposal, "Puheenjohtaja avaa kokouksen.");
    assert!(agenda.iter().all(|i| i.forum_id == f.managers.id && i.number.is_none()), "{agenda:#?}");
    assert_eq!(first.input.position, 3);
    // The standing items are audited as the secretary's creations, with the item.
    let audit_entries = audit::recent(store, f.region.id, None, 20).await.expect("audit log");
    let created: Vec<&audit::Entry> = audit_entries.iter().filter(|e| e.entity == "agenda_item" && e.action == "create").collect();
    assert_eq!(created.len(), 5, "{audit_entries:#?}");
    assert_eq!(count(store, "audit_log").await, audit_before + 5);

    // The next item goes after the first, before the closing standing items.
    add(store, &f.sec, &f, item_input(&m, "Elinvoimaohjelman valmistelu")).await;
    assert_eq!(titles(store, m.id).await, [AVAUS, LAILLISUUS, "Kuntien talousnäkymät", "Elinvoimaohjelman valmistelu", MUUT, PAATOS]);
    assert_numbered(store, m.id).await;
    // An item may name its place.
    add(store, &f.sec, &f, AgendaItemInput { position: 2, ..item_input(&m, "Ajankohtaiskatsaus") }).await;
    assert_eq!(
        titles(store, m.id).await,
        [AVAUS, "Ajankohtaiskatsaus", LAILLISUUS, "Kuntien talousnäkymät", "Elinvoimaohjelman valmistelu", MUUT, PAATOS]
    );
    assert_numbered(store, m.id).await;

    // Preparing an agenda that has items adds nothing; an empty one gets the standing items.
    assert_eq!(agendas::prepare(store, &f.sec, &author(), m.id).await.expect("prepare"), 0);
    assert_eq!(items(store, m.id).await.len(), 7);
    let april = meeting(store, &f, &[&f.managers], "2027-04-13").await;
    assert_forbidden(agendas::prepare(store, &f.mem, &author(), april.id).await);
    assert!(items(store, april.id).await.is_empty());
    assert_eq!(agendas::prepare(store, &f.sec, &author(), april.id).await.expect("prepare"), 4);
    assert_eq!(titles(store, april.id).await, [AVAUS, LAILLISUUS, MUUT, PAATOS]);
    assert_numbered(store, april.id).await;
    // The first item after preparing does not bring them twice.
    add(store, &f.sec, &f, item_input(&april, "Huhtikuun asia")).await;
    assert_eq!(titles(store, april.id).await, [AVAUS, LAILLISUUS, "Huhtikuun asia", MUUT, PAATOS]);

    // A forum without standing items: the item alone.
    let safety = meeting(store, &f, &[&f.phturva], "2027-03-10").await;
    add(store, &f.other_sec, &f, item_input(&safety, "Valmiussuunnitelma")).await;
    assert_eq!(titles(store, safety.id).await, ["Valmiussuunnitelma"]);
}

async fn moving_an_item_reorders_its_agenda_and_is_audited(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &[&f.managers], "2027-03-09").await;
    let a = add(store, &f.sec, &f, item_input(&m, "A-asia")).await;
    let b = add(store, &f.sec, &f, item_input(&m, "B-asia")).await;
    assert_eq!(titles(store, m.id).await, [AVAUS, LAILLISUUS, "A-asia", "B-asia", MUUT, PAATOS]);

    let moved = agendas::move_item(store, &f.sec, &author(), b.id, 1).await.expect("move B first");
    assert_eq!(moved.input.position, 1);
    assert_eq!(titles(store, m.id).await, ["B-asia", AVAUS, LAILLISUUS, "A-asia", MUUT, PAATOS]);
    assert_numbered(store, m.id).await;
    let entries = audit::recent(store, f.region.id, Some(("agenda_item", b.id)), 10).await.expect("audit log");
    let last = entries.first().expect("the move is logged");
    assert_eq!(last.action, "update");
    assert!(last.before_json.as_deref().is_some_and(|j| j.contains("\"position\":4")), "{last:#?}");
    assert!(last.after_json.as_deref().is_some_and(|j| j.contains("\"position\":1")), "{last:#?}");

    // Past the end is the end; before the start is the start.
    agendas::move_item(store, &f.sec, &author(), a.id, 99).await.expect("move A last");
    assert_eq!(titles(store, m.id).await, ["B-asia", AVAUS, LAILLISUUS, MUUT, PAATOS, "A-asia"]);
    agendas::move_item(store, &f.sec, &author(), a.id, 0).await.expect("move A first");
    assert_eq!(titles(store, m.id).await, ["A-asia", "B-asia", AVAUS, LAILLISUUS, MUUT, PAATOS]);
    assert_numbered(store, m.id).await;
    // Standing items move like any other.
    let avaus = items(store, m.id).await[2].id;
    agendas::move_item(store, &f.sec, &author(), avaus, 1).await.expect("move the opening first");
    assert_eq!(titles(store, m.id).await, [AVAUS, "A-asia", "B-asia", LAILLISUUS, MUUT, PAATOS]);

    // Only those who prepare the agenda move its items.
    let before = snapshot(store).await;
    assert_forbidden(agendas::move_item(store, &f.mem, &author(), b.id, 6).await);
    assert_forbidden(agendas::move_item(store, &f.other_sec, &author(), b.id, 6).await);
    assert_eq!(snapshot(store).await, before);
    assert_eq!(titles(store, m.id).await, [AVAUS, "A-asia", "B-asia", LAILLISUUS, MUUT, PAATOS]);
}

async fn moving_an_item_to_another_meeting_renumbers_both(store: &Store) {
    let f = fixture(store).await;
    let march = meeting(store, &f, &[&f.managers], "2027-03-09").await;
    let april = meeting(store, &f, &[&f.managers], "2027-04-13").await;
    let moving = add(store, &f.sec, &f, item_input(&march, "Siirtyvä asia")).await;
    add(store, &f.sec, &f, item_input(&march, "Jäävä asia")).await;
    add(store, &f.sec, &f, item_input(&april, "Huhtikuun oma asia")).await;
    // March is published: its numbers are fixed.
    agendas::publish(store, &f.sec, &author(), march.id, at("2027-03-01 12:00")).await.expect("publish March");
    let moving = item(store, moving.id).await;
    assert_eq!(moving.number, Some(3));

    let input = AgendaItemInput { meeting_id: april.id, position: 0, ..moving.input.clone() };
    let moved = records::update::<AgendaItem>(store, &f.sec, &author(), moving.id, moving.version, input).await.expect("move to April");
    assert_eq!(moved.input.meeting_id, april.id);
    assert_eq!(moved.number, None, "a moved item takes its number in its new meeting");
    assert_eq!(titles(store, march.id).await, [AVAUS, LAILLISUUS, "Jäävä asia", MUUT, PAATOS]);
    assert_numbered(store, march.id).await;
    assert_eq!(titles(store, april.id).await, [AVAUS, LAILLISUUS, "Huhtikuun oma asia", "Siirtyvä asia", MUUT, PAATOS]);
    assert_numbered(store, april.id).await;

    // And back again, to a named place.
    let moving = item(store, moving.id).await;
    let input = AgendaItemInput { meeting_id: march.id, position: 1, ..moving.input.clone() };
    records::update::<AgendaItem>(store, &f.sec, &author(), moving.id, moving.version, input).await.expect("move back to March");
    assert_eq!(titles(store, march.id).await, ["Siirtyvä asia", AVAUS, LAILLISUUS, "Jäävä asia", MUUT, PAATOS]);
    assert_numbered(store, march.id).await;
    assert_eq!(titles(store, april.id).await, [AVAUS, LAILLISUUS, "Huhtikuun oma asia", MUUT, PAATOS]);
    assert_numbered(store, april.id).await;
}

// ---- § numbers ------------------------------------------------------------------------

async fn section_numbers_run_per_forum_and_year_in_date_order(store: &Store) {
    let f = fixture(store).await;
    let sec = &f.other_sec;
    // Made out of date order on purpose.
    let feb = meeting(store, &f, &[&f.phturva], "2027-02-10").await;
    let b1 = add(store, sec, &f, item_input(&feb, "Helmikuu 1")).await;
    let b2 = add(store, sec, &f, item_input(&feb, "Helmikuu 2")).await;
    let jan = meeting(store, &f, &[&f.phturva], "2027-01-15").await;
    let a1 = add(store, sec, &f, item_input(&jan, "Tammikuu 1")).await;
    let a2 = add(store, sec, &f, item_input(&jan, "Tammikuu 2")).await;
    let a3 = add(store, sec, &f, item_input(&jan, "Tammikuu 3")).await;
    let cancelled = meeting(store, &f, &[&f.phturva], "2027-01-20").await;
    let c1 = add(store, sec, &f, item_input(&cancelled, "Peruttu")).await;
    cancel(store, cancelled.id).await;
    let next_year = meeting(store, &f, &[&f.phturva], "2028-01-12").await;
    let d1 = add(store, sec, &f, item_input(&next_year, "Seuraava vuosi")).await;
    // A joint meeting the managers convene numbers under the managers; one PHTURVA
    // convenes numbers under PHTURVA.
    let joint_by_managers = meeting(store, &f, &[&f.managers, &f.phturva], "2027-01-05").await;
    let j1 = add(store, &f.sec, &f, item_input(&joint_by_managers, "Yhteinen, kuntajohtajien koolle kutsuma")).await;
    let joint_by_phturva = meeting(store, &f, &[&f.phturva, &f.managers], "2027-03-02").await;
    let k1 = add(store, sec, &f, item_input(&joint_by_phturva, "Yhteinen, PHTURVAn koolle kutsuma")).await;
    assert_eq!(j1.forum_id, f.managers.id);
    assert_eq!(k1.forum_id, f.phturva.id);

    let numbers = agendas::numbers(store, &jan).await.expect("numbers");
    let of = |ids: &[&AgendaItem]| ids.iter().map(|i| numbers.get(&i.id).copied()).collect::<Vec<_>>();
    assert_eq!(of(&[&a1, &a2, &a3, &b1, &b2, &k1]), [Some(1), Some(2), Some(3), Some(4), Some(5), Some(6)], "{numbers:?}");
    assert_eq!(of(&[&c1, &j1, &d1]), [None, None, None], "cancelled, other forum's and next year's items: {numbers:?}");
    let managers_numbers = agendas::numbers(store, &joint_by_managers).await.expect("numbers");
    let joint_items = items(store, joint_by_managers.id).await;
    let joint_numbers: Vec<Option<i64>> = joint_items.iter().map(|i| managers_numbers.get(&i.id).copied()).collect();
    assert_eq!(joint_numbers, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
    assert_eq!(agendas::numbers(store, &next_year).await.expect("numbers").get(&d1.id), Some(&1));

    // Publishing fixes the numbers.
    let published_jan = agendas::publish(store, sec, &author(), jan.id, at("2027-01-05 10:00")).await.expect("publish January");
    assert_eq!(published_jan.agenda.items.iter().map(|i| i.number).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(published_jan.agenda.number, "1/2027");
    let published_feb = agendas::publish(store, sec, &author(), feb.id, at("2027-02-01 10:00")).await.expect("publish February");
    assert_eq!(published_feb.agenda.items.iter().map(|i| i.number).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(published_feb.agenda.number, "2/2027", "the cancelled meeting has no number");
    assert_eq!([item(store, b1.id).await.number, item(store, b2.id).await.number], [Some(4), Some(5)]);

    // January is cancelled after all: what was published keeps its numbers, and the
    // numbering continues from them.
    cancel(store, jan.id).await;
    let numbers = agendas::numbers(store, &feb).await.expect("numbers");
    assert_eq!(numbers.get(&b1.id), Some(&4));
    assert_eq!(numbers.get(&b2.id), Some(&5));
    assert_eq!(numbers.get(&k1.id), Some(&6));
    assert_eq!(numbers.get(&a1.id), None);
    // An item added to February after publication continues after its fixed numbers.
    let b3 = add(store, sec, &f, item_input(&feb, "Helmikuu 3, lisätty")).await;
    let numbers = agendas::numbers(store, &feb).await.expect("numbers");
    assert_eq!([numbers.get(&b3.id), numbers.get(&k1.id)], [Some(&6), Some(&7)]);
    let republished = agendas::publish(store, sec, &author(), feb.id, at("2027-02-02 10:00")).await.expect("republish February");
    assert_eq!(republished.agenda.items.iter().map(|i| i.number).collect::<Vec<_>>(), [4, 5, 6]);
}

/// § numbers identify an item in the forum's year: they must never repeat, even when a
/// published agenda is put in another order before being published again.
async fn section_numbers_stay_unique_after_a_published_agenda_is_reordered(store: &Store) {
    let f = fixture(store).await;
    let sec = &f.other_sec;
    let jan = meeting(store, &f, &[&f.phturva], "2027-01-15").await;
    let a1 = add(store, sec, &f, item_input(&jan, "Tammikuu 1")).await;
    add(store, sec, &f, item_input(&jan, "Tammikuu 2")).await;
    let a3 = add(store, sec, &f, item_input(&jan, "Tammikuu 3")).await;
    agendas::publish(store, sec, &author(), jan.id, at("2027-01-05 10:00")).await.expect("publish January");
    // The last item is taken up first, and the corrected agenda published.
    agendas::move_item(store, sec, &author(), a3.id, 1).await.expect("move");
    let corrected = agendas::publish(store, sec, &author(), jan.id, at("2027-01-06 10:00")).await.expect("republish January");
    assert_eq!(corrected.agenda.items.iter().map(|i| i.number).collect::<Vec<_>>(), [3, 1, 2], "published numbers stay fixed");
    assert_eq!(item(store, a1.id).await.number, Some(1));

    let feb = meeting(store, &f, &[&f.phturva], "2027-02-10").await;
    let b1 = add(store, sec, &f, item_input(&feb, "Helmikuu 1")).await;
    let numbers = agendas::numbers(store, &feb).await.expect("numbers");
    assert_eq!(numbers.get(&b1.id), Some(&4), "February continues after January's highest number: {numbers:?}");
}

// ---- the publicity rules --------------------------------------------------------------

async fn an_item_breaking_the_publicity_rules_is_refused_and_nothing_is_written(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &[&f.managers], "2027-03-09").await;
    let before = snapshot(store).await;
    let (sec, region_id) = (&f.sec, f.region.id);
    let try_add =
        |input: AgendaItemInput| async move { records::create::<AgendaItem>(store, sec, &author(), region_id, input).await.map(|i| i.id) };

    // Secret without a ground: as the agenda's first item, not even its standing items
    // are left behind.
    let refused = fields(try_add(secret_item(&m, "Tontinmyynti X Oy:lle", "Lahden keskustan tontin myynti", None)).await);
    assert_eq!(refused, [pair("legal_basis_id", "error-legal-basis-required")]);
    assert_eq!(snapshot(store).await, before);
    // A ground from another region's list is no ground here.
    let refused = fields(try_add(secret_item(&m, "Tontinmyynti", "Lahden keskustan tontin myynti", Some(f.foreign_basis.id))).await);
    assert_eq!(refused, [pair("legal_basis_id", "error-not-found")]);
    assert_eq!(snapshot(store).await, before);

    // Anything not public needs a public title that says what the matter is.
    for placeholder in ["", "   ", "Asia ei ole julkinen", "Salassa pidettävä", "not public", "SALASSA PIDETTÄVÄ.", "Ei julkinen", "ei"]
    {
        let secret = secret_item(&m, "Tontinmyynti X Oy:lle", placeholder, Some(f.basis.id));
        assert_eq!(fields(try_add(secret).await), [pair("public_title", "error-public-title")], "secret, {placeholder:?}");
        let unfinished = unfinished_item(&m, "Palveluverkkoselvitys", placeholder);
        assert_eq!(fields(try_add(unfinished).await), [pair("public_title", "error-public-title")], "not yet public, {placeholder:?}");
        assert!(!rules::is_descriptive_public_title(placeholder), "{placeholder:?}");
    }
    // Both rules at once are both reported.
    let both = fields(try_add(secret_item(&m, "Tontinmyynti", "Asia ei ole julkinen", None)).await);
    assert!(
        both.contains(&pair("public_title", "error-public-title")) && both.contains(&pair("legal_basis_id", "error-legal-basis-required"))
    );
    assert_eq!(snapshot(store).await, before);
    assert!(rules::is_descriptive_public_title("Lahden keskustan tontin myynti"));
    assert!(rules::is_descriptive_public_title("Salassa pidettävä sopimus jätehuollosta"));

    // A public item's public title is its title, whatever was sent.
    let public =
        add(store, &f.sec, &f, AgendaItemInput { public_title: "Jotain muuta".into(), ..item_input(&m, "Kuntien talousnäkymät") }).await;
    assert_eq!(public.input.public_title, "Kuntien talousnäkymät");
    // A secret item with the region's ground and a real public title is fine.
    let secret =
        add(store, &f.sec, &f, secret_item(&m, "Tontinmyynti X Oy:lle", " Lahden keskustan tontin myynti ", Some(f.basis.id))).await;
    assert_eq!(secret.input.public_title, "Lahden keskustan tontin myynti");
    assert_eq!(secret.input.legal_basis_id, Some(f.basis.id));
    // Only a secret item keeps a ground.
    let unfinished = add(
        store,
        &f.sec,
        &f,
        AgendaItemInput {
            legal_basis_id: Some(f.basis.id),
            ..unfinished_item(&m, "Palveluverkkoselvitys", "Hyvinvointialueen palveluverkko")
        },
    )
    .await;
    assert_eq!(unfinished.input.legal_basis_id, None);

    // Editing is held to the same rules.
    let before = snapshot(store).await;
    let public = item(store, public.id).await;
    let input = AgendaItemInput { publicity: Publicity::Secret, ..public.input.clone() };
    let refused = fields(records::update::<AgendaItem>(store, &f.sec, &author(), public.id, public.version, input).await);
    assert_eq!(refused, [pair("legal_basis_id", "error-legal-basis-required")]);
    assert_eq!(snapshot(store).await, before);
    assert_eq!(item(store, public.id).await, public);
}

async fn only_the_convening_forum_prepares_its_agenda(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &[&f.managers], "2027-03-09").await;
    let before = snapshot(store).await;
    let region_id = f.region.id;
    let try_add = |actor: Actor, input: AgendaItemInput| async move {
        records::create::<AgendaItem>(store, &actor, &author(), region_id, input).await.map(|i| i.id)
    };
    assert_forbidden(try_add(f.other_sec.clone(), item_input(&m, "Toisen foorumin asia")).await);
    assert_forbidden(try_add(f.mem.clone(), item_input(&m, "Jäsenen asia")).await);
    assert_forbidden(try_add(Actor::anonymous(), item_input(&m, "Kenen tahansa asia")).await);
    let other_region_admin = Actor { user_id: Some(9009), region_admin: vec![f.foreign_basis.region_id], ..Actor::default() };
    assert_forbidden(try_add(other_region_admin, item_input(&m, "Naapurimaakunnan asia")).await);
    assert_eq!(snapshot(store).await, before);

    // A joint meeting is prepared by the forum that convenes it.
    let joint = meeting(store, &f, &[&f.phturva, &f.managers], "2027-03-10").await;
    assert_forbidden(try_add(f.sec.clone(), item_input(&joint, "Kuntajohtajien asia")).await);
    add(store, &f.other_sec, &f, item_input(&joint, "Turvallisuusfoorumin asia")).await;

    // A member sees the items, as the API shows them; the secretary may edit them.
    let own = add(store, &f.sec, &f, item_input(&m, "Oma asia")).await;
    let input = AgendaItemInput { title: "Jäsenen muokkaama".into(), ..own.input.clone() };
    assert_forbidden(records::update::<AgendaItem>(store, &f.mem, &author(), own.id, own.version, input.clone()).await);
    records::update::<AgendaItem>(store, &f.sec, &author(), own.id, own.version, input).await.expect("the secretary edits");
    assert_forbidden(records::delete::<AgendaItem>(store, &f.mem, &author(), own.id, None).await);
}

// ---- publication ----------------------------------------------------------------------

async fn publishing_is_refused_while_an_item_breaks_the_rules(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &[&f.managers], "2027-03-09").await;
    add(store, &f.sec, &f, item_input(&m, "Kuntien talousnäkymät")).await;
    let secret = add(store, &f.sec, &f, secret_item(&m, "Tontinmyynti X Oy:lle", "Lahden keskustan tontin myynti", Some(f.basis.id))).await;
    let unfinished = add(store, &f.sec, &f, unfinished_item(&m, "Palveluverkkoselvitys", "Hyvinvointialueen palveluverkko")).await;
    // Items from before the rules, or changed in the database: a placeholder public
    // title, and a secret item without its ground.
    sqlx::query("UPDATE agenda_items SET public_title = 'Asia ei ole julkinen' WHERE id = $1")
        .bind(secret.id)
        .execute(store.pool())
        .await
        .expect("break the public title");
    sqlx::query("UPDATE agenda_items SET publicity = 'secret', legal_basis_id = NULL WHERE id = $1")
        .bind(unfinished.id)
        .execute(store.pool())
        .await
        .expect("break the ground");

    let before = snapshot(store).await;
    let refused = fields(agendas::publish(store, &f.sec, &author(), m.id, at("2027-03-01 10:00")).await);
    assert!(refused.contains(&pair(&format!("items.{}.public_title", secret.id), "error-public-title")), "{refused:?}");
    assert!(refused.contains(&pair(&format!("items.{}.legal_basis_id", unfinished.id), "error-legal-basis-required")), "{refused:?}");
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(snapshot(store).await, before);
    let unchanged = records::get::<Meeting>(store, m.id).await.expect("the meeting");
    assert_eq!((unchanged.input.status, unchanged.version), (MeetingStatus::Planned, m.version));
    assert!(items(store, m.id).await.iter().all(|i| i.number.is_none()), "no number is fixed");
    assert!(agendas::publication(store, m.id).await.expect("publication").is_none());

    // An empty agenda is not published either, nor may a member publish.
    let empty = meeting(store, &f, &[&f.managers], "2027-04-13").await;
    assert_eq!(
        fields(agendas::publish(store, &f.sec, &author(), empty.id, at("2027-04-01 10:00")).await),
        [pair("items", "error-agenda-empty")]
    );
    let fine = meeting(store, &f, &[&f.managers], "2027-05-11").await;
    add(store, &f.sec, &f, item_input(&fine, "Toukokuun asia")).await;
    let before = snapshot(store).await;
    assert_forbidden(agendas::publish(store, &f.mem, &author(), fine.id, at("2027-05-01 10:00")).await);
    assert_forbidden(agendas::publish(store, &f.other_sec, &author(), fine.id, at("2027-05-01 10:00")).await);
    assert_forbidden(agendas::publish(store, &Actor::anonymous(), &author(), fine.id, at("2027-05-01 10:00")).await);
    assert_eq!(snapshot(store).await, before);

    // A held or cancelled meeting's agenda is not published.
    for status in [MeetingStatus::Held, MeetingStatus::Cancelled] {
        let done = meeting_with(store, &f, &[&f.managers], "2027-02-09", status).await;
        add(store, &f.sec, &f, item_input(&done, "Asia")).await;
        let before = snapshot(store).await;
        let refused = fields(agendas::publish(store, &f.sec, &author(), done.id, at("2027-02-01 10:00")).await);
        assert_eq!(refused, [pair("status", "error-publish-status")], "{status}");
        assert_eq!(snapshot(store).await, before);
        assert_eq!(records::get::<Meeting>(store, done.id).await.expect("the meeting").input.status, status);
    }
}

async fn a_published_agenda_shows_secret_items_only_by_number_title_and_marking(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &[&f.managers], "2027-03-09").await;
    let public = add(
        store,
        &f.sec,
        &f,
        AgendaItemInput {
            preparer_id: Some(f.member.id),
            presenter_id: Some(f.secretary.id),
            background: "Talousarvion **taustaa**.".into(),
            proposal: "Merkitään tiedoksi.".into(),
            tags: vec!["talous".into(), " Kunnat ".into()],
            party_ids: vec![f.lahti.id, f.hollola.id],
            ..item_input(&m, "Kuntien talousnäkymät 2027")
        },
    )
    .await;
    let secret = add(
        store,
        &f.sec,
        &f,
        AgendaItemInput {
            preparer_id: Some(f.preparer.id),
            presenter_id: Some(f.preparer.id),
            background: "SALAINEN-TAUSTA kauppahinta 3,2 miljoonaa euroa".into(),
            proposal: "SALAINEN-EHDOTUS hyväksytään kauppa".into(),
            tags: vec!["salainen-tunniste".into()],
            ..secret_item(&m, "SALAINEN-OTSIKKO Tontinmyynti X Oy:lle", "Lahden keskustan tontin myynti", Some(f.basis.id))
        },
    )
    .await;
    let unfinished = add(
        store,
        &f.sec,
        &f,
        AgendaItemInput {
            background: "KESKENERÄINEN-TAUSTA".into(),
            ..unfinished_item(&m, "KESKENERÄINEN-OTSIKKO Palveluverkkoselvitys", "Hyvinvointialueen palveluverkko")
        },
    )
    .await;
    let shown = attach(store, &f, public.id, "talousnakymat.pdf", Publicity::Public, 'a').await;
    attach(store, &f, public.id, "P-SALAINEN-LIITE.pdf", Publicity::Secret, 'b').await;
    attach(store, &f, public.id, "P-KESKENERAINEN-LIITE.pdf", Publicity::NotYetPublic, 'c').await;
    attach(store, &f, secret.id, "S-LIITE-KAUPPAKIRJA.pdf", Publicity::Secret, 'd').await;
    attach(store, &f, secret.id, "S-JULKINEN-LIITE.pdf", Publicity::Public, 'e').await;
    attach(store, &f, unfinished.id, "N-LIITE.pdf", Publicity::Public, 'f').await;
    let by_item = agendas::attachments_of(store, m.id).await.expect("attachments");
    assert_eq!(by_item.get(&public.id).map(Vec::len), Some(3));
    assert_eq!(by_item.get(&secret.id).map(Vec::len), Some(2));

    // The deadline is the meeting day less the forum's notice days; on it is on time.
    assert!(!foorumi_core::rules::published_late(&m, 4, at("2027-03-05 23:59")));
    assert!(foorumi_core::rules::published_late(&m, 4, at("2027-03-06 00:00")));
    assert!(!foorumi_core::rules::published_late(&m, 4, at("2027-02-01 08:00")));
    assert!(!foorumi_core::rules::published_late(&m, 0, at("2027-03-09 08:00")));
    assert!(foorumi_core::rules::published_late(&m, 0, at("2027-03-10 08:00")));
    assert!(foorumi_core::rules::published_late(&m, 14, at("2027-02-24 08:00")));

    let first = agendas::publish(store, &f.sec, &author(), m.id, at("2027-03-05 16:30")).await.expect("publish");
    assert!(!first.late, "published on the deadline day");
    assert_eq!(first.published_at, "2027-03-05T16:30:00");
    let published = records::get::<Meeting>(store, m.id).await.expect("the meeting");
    assert_eq!(published.input.status, MeetingStatus::AgendaPublished);
    let numbers: Vec<Option<i64>> = items(store, m.id).await.iter().map(|i| i.number).collect();
    assert_eq!(numbers, (1..=7).map(Some).collect::<Vec<_>>());
    assert_eq!(agendas::publication(store, m.id).await.expect("publication"), Some(first.clone()));

    let agenda = &first.agenda;
    assert_eq!(agenda.meeting_id, m.id);
    assert_eq!(agenda.number, "1/2027");
    assert_eq!(agenda.place, "Lahden kaupungintalo");
    let listed: Vec<(i64, &str, Publicity)> = agenda.items.iter().map(|i| (i.number, i.public_title.as_str(), i.publicity)).collect();
    assert_eq!(
        listed,
        [
            (1, AVAUS, Publicity::Public),
            (2, LAILLISUUS, Publicity::Public),
            (3, "Kuntien talousnäkymät 2027", Publicity::Public),
            (4, "Lahden keskustan tontin myynti", Publicity::Secret),
            (5, "Hyvinvointialueen palveluverkko", Publicity::NotYetPublic),
            (6, MUUT, Publicity::Public),
            (7, PAATOS, Publicity::Public),
        ]
    );
    let secret_public = &agenda.items[3];
    assert_eq!(secret_public.marking, Some(SecrecyMarking { code: BASIS_CODE.into(), name: f.basis.input.name.clone() }));
    assert_eq!(secret_public.body, None);
    let unfinished_public = &agenda.items[4];
    assert_eq!((&unfinished_public.marking, &unfinished_public.body), (&None, &None));
    let body = agenda.items[2].body.as_ref().expect("a public item has its content");
    assert_eq!(body.preparer, "Lahden kaupunginjohtaja");
    assert_eq!(body.presenter, "Liiton kuntayhteistyöpäällikkö");
    assert_eq!(body.background, "Talousarvion **taustaa**.");
    assert_eq!(body.proposal, "Merkitään tiedoksi.");
    assert_eq!(body.tags, ["kunnat", "talous"]);
    let mut parties = vec![f.lahti.id, f.hollola.id];
    parties.sort_unstable();
    assert_eq!(body.party_ids, parties);
    assert_eq!(
        body.attachments,
        [PublicAttachment { id: shown.id, name: "talousnakymat.pdf".into(), media_type: "application/pdf".into(), size: 2048 }]
    );

    // The frozen public version holds nothing else of the secret or unfinished items.
    let content = publication_content(store, first.id).await;
    let stored: Value = serde_json::from_str(&content).expect("the publication is JSON");
    let mut keys: Vec<&str> = stored["items"][3].as_object().expect("an item").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["body", "marking", "number", "public_title", "publicity"]);
    assert_eq!(stored["items"][3]["body"], Value::Null);
    assert_eq!(stored["items"][3]["marking"]["code"], BASIS_CODE);
    let serialized = serde_json::to_string(&first).expect("serialise");
    for text in [&content, &serialized] {
        for hidden in [
            "SALAINEN-OTSIKKO",
            "Tontinmyynti X Oy",
            "SALAINEN-TAUSTA",
            "SALAINEN-EHDOTUS",
            "Salli Salainen-Valmistelija",
            "salainen-tunniste",
            "S-LIITE-KAUPPAKIRJA",
            "S-JULKINEN-LIITE",
            "P-SALAINEN-LIITE",
            "P-KESKENERAINEN-LIITE",
            "KESKENERÄINEN-OTSIKKO",
            "KESKENERÄINEN-TAUSTA",
            "N-LIITE",
        ] {
            assert!(!text.contains(hidden), "{hidden:?} is in the public version: {text}");
        }
        for shown in ["Lahden keskustan tontin myynti", "Hyvinvointialueen palveluverkko", BASIS_CODE, "talousnakymat.pdf"] {
            assert!(text.contains(shown), "{shown:?} is not in the public version: {text}");
        }
    }

    // Publishing again after a correction makes a new version; the first stays as it was.
    let current = item(store, public.id).await;
    let input = AgendaItemInput { title: "Kuntien talousnäkymät 2027–2028".into(), ..current.input.clone() };
    records::update::<AgendaItem>(store, &f.sec, &author(), public.id, current.version, input).await.expect("correct the title");
    let second = agendas::publish(store, &f.sec, &author(), m.id, at("2027-03-06 09:00")).await.expect("republish");
    assert!(second.late, "the correction came after the deadline");
    assert_ne!(second.id, first.id);
    assert_eq!(second.agenda.items[2].public_title, "Kuntien talousnäkymät 2027–2028");
    assert_eq!(second.agenda.items.iter().map(|i| i.number).collect::<Vec<_>>(), (1..=7).collect::<Vec<_>>());
    let all = agendas::publications(store, m.id).await.expect("publications");
    assert_eq!(all, [second.clone(), first.clone()]);
    assert_eq!(publication_content(store, first.id).await, content, "the first publication never changes");
    assert_eq!(agendas::publication(store, m.id).await.expect("publication"), Some(second));
    assert_eq!(records::get::<Meeting>(store, m.id).await.expect("the meeting").input.status, MeetingStatus::AgendaPublished);
    let logged = audit::recent(store, f.region.id, Some(("agenda", m.id)), 10).await.expect("audit log");
    assert_eq!(logged.iter().filter(|e| e.action == "publish").count(), 2);

    // A meeting published after its deadline is marked late.
    let april = meeting(store, &f, &[&f.managers], "2027-04-13").await;
    add(store, &f.sec, &f, item_input(&april, "Huhtikuun asia")).await;
    let late = agendas::publish(store, &f.sec, &author(), april.id, at("2027-04-10 09:00")).await.expect("publish April");
    assert!(late.late);
    assert!(agendas::publication(store, april.id).await.expect("publication").is_some_and(|p| p.late));
}

async fn attachment_records_follow_the_publicity_rules_and_stay_with_their_item(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &[&f.managers], "2027-03-09").await;
    let first = add(store, &f.sec, &f, item_input(&m, "Kuntien talousnäkymät")).await;
    let second = add(store, &f.sec, &f, item_input(&m, "Elinvoimaohjelma")).await;
    let input = |publicity, legal_basis_id| AttachmentInput { item_id: first.id, name: "Liite.pdf".into(), publicity, legal_basis_id };
    let before = snapshot(store).await;
    let refused = fields(agendas::add_attachment(store, &f.sec, &author(), input(Publicity::Secret, None), fake_file('a')).await);
    assert_eq!(refused, [pair("legal_basis_id", "error-legal-basis-required")]);
    let refused =
        fields(agendas::add_attachment(store, &f.sec, &author(), input(Publicity::Secret, Some(f.foreign_basis.id)), fake_file('a')).await);
    assert_eq!(refused, [pair("legal_basis_id", "error-not-found")]);
    assert_forbidden(agendas::add_attachment(store, &f.mem, &author(), input(Publicity::Public, None), fake_file('a')).await);
    assert_forbidden(agendas::add_attachment(store, &f.other_sec, &author(), input(Publicity::Public, None), fake_file('a')).await);
    // The record of a file is made only with the file.
    let refused = fields(records::create::<Attachment>(store, &f.sec, &author(), f.region.id, input(Publicity::Public, None)).await);
    assert_eq!(refused, [pair("file", "error-attachment-upload")]);
    assert_eq!(snapshot(store).await, before);

    let stored = agendas::add_attachment(store, &f.sec, &author(), input(Publicity::Public, Some(f.basis.id)), fake_file('a'))
        .await
        .expect("attach");
    assert_eq!(stored.input.legal_basis_id, None, "only a secret attachment keeps a ground");
    assert_eq!((stored.forum_id, stored.size, stored.sha256.as_str()), (f.managers.id, 2048, "a".repeat(64).as_str()));
    let stored = records::get::<Attachment>(store, stored.id).await.expect("the attachment");
    // Its details may change under the same rules; its item may not.
    let before = snapshot(store).await;
    let secret = AttachmentInput { publicity: Publicity::Secret, legal_basis_id: None, ..stored.input.clone() };
    let refused = fields(records::update::<Attachment>(store, &f.sec, &author(), stored.id, stored.version, secret).await);
    assert_eq!(refused, [pair("legal_basis_id", "error-legal-basis-required")]);
    let moved = AttachmentInput { item_id: second.id, ..stored.input.clone() };
    let refused = fields(records::update::<Attachment>(store, &f.sec, &author(), stored.id, stored.version, moved).await);
    assert_eq!(refused, [pair("item_id", "error-attachment-item-fixed")]);
    let renamed = AttachmentInput { name: "Talousnäkymät.pdf".into(), ..stored.input.clone() };
    assert_forbidden(records::update::<Attachment>(store, &f.mem, &author(), stored.id, stored.version, renamed.clone()).await);
    assert_eq!(snapshot(store).await, before);
    let secret = AttachmentInput { publicity: Publicity::Secret, legal_basis_id: Some(f.basis.id), ..renamed };
    let updated = records::update::<Attachment>(store, &f.sec, &author(), stored.id, stored.version, secret).await.expect("mark secret");
    assert_eq!((updated.input.name.as_str(), updated.input.publicity, updated.version), ("Talousnäkymät.pdf", Publicity::Secret, 2));
    assert_eq!((updated.sha256.as_str(), updated.size), (stored.sha256.as_str(), stored.size), "the file stays");
}

// ---- proposals ------------------------------------------------------------------------

fn proposal_input(f: &Fixture, forum: &Forum, title: &str) -> ProposalInput {
    ProposalInput {
        forum_id: forum.id,
        party_id: Some(f.lahti.id),
        person_id: Some(f.member.id),
        title: title.into(),
        description: "Lahti ehdottaa asiaa käsiteltäväksi.".into(),
        wanted_by: Some(d("2027-03-31")),
    }
}

async fn proposals_are_taken_onto_an_agenda_or_declined_with_a_reason(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    let m = meeting(store, &f, &[&f.managers], "2027-03-09").await;
    add(store, &f.sec, &f, item_input(&m, "Aiempi asia")).await;
    let safety = meeting(store, &f, &[&f.phturva], "2027-03-10").await;
    let called_off = meeting_with(store, &f, &[&f.managers], "2027-03-16", MeetingStatus::Cancelled).await;

    // A member proposes, for their party and themself.
    let created =
        records::create::<Proposal>(store, &f.mem, &author(), r, proposal_input(&f, &f.managers, "Joukkoliikenteen yhteiskuljetukset"))
            .await
            .expect("a member proposes");
    let p = records::get::<Proposal>(store, created.id).await.expect("the proposal");
    assert_eq!((p.status, p.answer.as_str(), p.meeting_id, p.version), (ProposalStatus::Pending, "", None, 1));
    assert_eq!(p.input.wanted_by, Some(d("2027-03-31")));
    // Someone must be proposing it.
    let before = snapshot(store).await;
    let nobody = ProposalInput { party_id: None, person_id: None, ..proposal_input(&f, &f.managers, "Kenen asia?") };
    assert!(
        fields(records::create::<Proposal>(store, &f.sec, &author(), r, nobody).await)
            .contains(&pair("party_id", "error-proposer-required"))
    );
    // The public and other forums do not propose to this one.
    assert_forbidden(records::create::<Proposal>(store, &Actor::anonymous(), &author(), r, proposal_input(&f, &f.managers, "X")).await);
    assert_forbidden(records::create::<Proposal>(store, &f.other_sec, &author(), r, proposal_input(&f, &f.managers, "X")).await);
    assert_eq!(snapshot(store).await, before);

    // Only onto a meeting of the proposal's forum; only by who keeps the agenda; only the
    // version the secretary saw.
    let refused = fields(agendas::accept_proposal(store, &f.sec, &author(), p.id, 1, safety.id).await);
    assert_eq!(refused, [pair("meeting_id", "error-proposal-meeting")]);
    let refused = fields(agendas::accept_proposal(store, &f.sec, &author(), p.id, 1, called_off.id).await);
    assert_eq!(refused, [pair("meeting_id", "error-proposal-meeting")]);
    assert_forbidden(agendas::accept_proposal(store, &f.mem, &author(), p.id, 1, m.id).await);
    let stale = agendas::accept_proposal(store, &f.sec, &author(), p.id, 7, m.id).await;
    assert!(matches!(stale, Err(Error::Stale { current: 1 })), "{stale:?}");
    assert_eq!(snapshot(store).await, before);
    assert!(items(store, safety.id).await.is_empty());

    let accepted = agendas::accept_proposal(store, &f.sec, &author(), p.id, 1, m.id).await.expect("accept");
    assert_eq!(titles(store, m.id).await, [AVAUS, LAILLISUUS, "Aiempi asia", "Joukkoliikenteen yhteiskuljetukset", MUUT, PAATOS]);
    assert_numbered(store, m.id).await;
    let new_item = item(store, accepted.id).await;
    assert_eq!(new_item.input.proposal_id, Some(p.id));
    assert_eq!(new_item.input.party_ids, [f.lahti.id]);
    assert_eq!(new_item.input.background, "Lahti ehdottaa asiaa käsiteltäväksi.");
    assert_eq!(new_item.input.publicity, Publicity::Public);
    let answered = records::get::<Proposal>(store, p.id).await.expect("the proposal");
    assert_eq!((answered.status, answered.meeting_id, answered.version), (ProposalStatus::Accepted, Some(m.id), 2));

    // An answer is given once.
    let before = snapshot(store).await;
    assert_eq!(
        fields(agendas::accept_proposal(store, &f.sec, &author(), p.id, 2, m.id).await),
        [pair("status", "error-proposal-answered")]
    );
    assert_eq!(
        fields(agendas::decline_proposal(store, &f.sec, &author(), p.id, 2, "Ei sittenkään").await),
        [pair("status", "error-proposal-answered")]
    );
    // What was answered is not rewritten: not by the proposer, not by the secretary.
    let rewritten = ProposalInput { title: "Jotain aivan muuta".into(), ..answered.input.clone() };
    assert_forbidden(records::update::<Proposal>(store, &f.mem, &author(), p.id, 2, rewritten.clone()).await);
    assert!(
        fields(records::update::<Proposal>(store, &f.sec, &author(), p.id, 2, rewritten).await)
            .contains(&pair("status", "error-proposal-answered"))
    );
    assert_eq!(snapshot(store).await, before);
    assert_eq!(records::get::<Proposal>(store, p.id).await.expect("the proposal"), answered);

    // Declining needs the reason the proposer reads.
    let q = records::create::<Proposal>(store, &f.mem, &author(), r, proposal_input(&f, &f.managers, "Yhteinen tilahallinto"))
        .await
        .expect("propose");
    let before = snapshot(store).await;
    assert_eq!(fields(agendas::decline_proposal(store, &f.sec, &author(), q.id, 1, "  ").await), [pair("answer", "error-decline-reason")]);
    assert_forbidden(agendas::decline_proposal(store, &f.mem, &author(), q.id, 1, "Ei käy").await);
    assert_eq!(snapshot(store).await, before);
    let declined =
        agendas::decline_proposal(store, &f.sec, &author(), q.id, 1, " Asia kuuluu kuntien omaan päätösvaltaan. ").await.expect("decline");
    assert_eq!(
        (declined.status, declined.answer.as_str(), declined.meeting_id, declined.version),
        (ProposalStatus::Declined, "Asia kuuluu kuntien omaan päätösvaltaan.", None, 2)
    );
    let stale = agendas::decline_proposal(store, &f.sec, &author(), q.id, 1, "Uudestaan").await;
    assert!(matches!(stale, Err(Error::Stale { current: 2 })), "{stale:?}");
    assert_eq!(
        fields(agendas::accept_proposal(store, &f.sec, &author(), q.id, 2, m.id).await),
        [pair("status", "error-proposal-answered")]
    );

    // Taken onto an empty agenda, a proposal brings the standing items with it.
    let april = meeting(store, &f, &[&f.managers], "2027-04-13").await;
    let s = records::create::<Proposal>(store, &f.mem, &author(), r, proposal_input(&f, &f.managers, "Huhtikuun ehdotus"))
        .await
        .expect("propose");
    agendas::accept_proposal(store, &f.sec, &author(), s.id, 1, april.id).await.expect("accept onto April");
    assert_eq!(titles(store, april.id).await, [AVAUS, LAILLISUUS, "Huhtikuun ehdotus", MUUT, PAATOS]);
}

// ---- the server: helpers ------------------------------------------------------------------

const SECRETARY: &str = "sihteeri@liitto.example.org";
const MEMBER: &str = "kaupunginjohtaja@lahti.example.org";
const OTHER_SECRETARY: &str = "turva@liitto.example.org";

/// The application on the fixture, with accounts for the managers' secretary, a member
/// and PHTURVA's secretary.
async fn app_with(backend: foorumi_store::Backend, config: foorumi_web::Config) -> (TestApp, Fixture) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    for (email, person) in [(SECRETARY, &f.secretary), (MEMBER, &f.member)] {
        user(&store, email, person.id).await;
    }
    let other = f.other_sec.person_id.expect("a person");
    user(&store, OTHER_SECRETARY, other).await;
    (TestApp::start_with(store, config).await, f)
}

async fn app(backend: foorumi_store::Backend) -> (TestApp, Fixture) {
    app_with(backend, foorumi_web::Config::default()).await
}

async fn user(store: &Store, email: &str, person_id: Id) {
    add_user(store, NewUser { person_id: Some(person_id), ..new_user(email) }).await;
}

/// The editor page's CSRF token, for the forms on it.
async fn editor_csrf(app: &TestApp, browser: &Client, meeting_id: Id) -> String {
    let (status, _, html) = get(browser, &app.url(&format!("/meetings/{meeting_id}/agenda/edit"))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    csrf_of(&html)
}

const BOUNDARY: &str = "foorumi-testi-rajaus-5b1e9c";

/// A `multipart/form-data` body as a browser sends the upload form: the text fields, then
/// the file.
fn multipart(texts: &[(&str, &str)], file_name: &str, content_type: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Sends the editor's upload form for an item.
async fn upload_form(
    app: &TestApp,
    browser: &Client,
    csrf: &str,
    item_id: Id,
    file_name: &str,
    bytes: &[u8],
    (publicity, basis): (&str, Option<Id>),
) -> (StatusCode, HeaderMap, String) {
    let basis = basis.map(|b| b.to_string()).unwrap_or_default();
    let content_type = if bytes.starts_with(b"%PDF") { "application/pdf" } else { "application/octet-stream" };
    let body = multipart(&[("csrf", csrf), ("publicity", publicity), ("legal_basis_id", &basis)], file_name, content_type, bytes);
    let url = app.url(&format!("/agenda-items/{item_id}/attachments"));
    let request = browser.post(&url).header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}")).body(body);
    parts(request.send().await.unwrap_or_else(|e| panic!("POST {url}: {e}"))).await
}

/// A PDF of at least `size` bytes (a long comment before the trailer).
fn big_pdf(size: usize) -> Vec<u8> {
    let mut bytes = pdf("iso liite");
    let tail = bytes.split_off(bytes.len() - "trailer\n<< /Root 1 0 R >>\n%%EOF\n".len());
    while bytes.len() + tail.len() < size {
        bytes.extend_from_slice(b"% taytetta taytetta taytetta taytetta taytetta taytetta taytetta\n");
    }
    bytes.extend_from_slice(&tail);
    bytes
}

/// The start of a PNG image: its signature and header chunk.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    bytes.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    bytes
}

/// Uploads a file through the API as its request body.
async fn api_upload(app: &TestApp, who: &str, item_id: Id, name: &str, publicity: &str, bytes: &[u8]) -> Reply {
    let request = Client::new()
        .post(app.url(&format!("/api/v1/agenda-items/{item_id}/attachments")))
        .query(&[("name", name), ("publicity", publicity)])
        .basic_auth(who, Some(PASSWORD))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(bytes.to_vec());
    reply(request).await
}

/// The `href` of the first link that starts with `prefix`.
fn href_starting(html: &str, prefix: &str) -> Option<String> {
    let at = html.find(&format!("href=\"{prefix}"))? + "href=\"".len();
    let rest = &html[at..];
    Some(rest[..rest.find('"')?].replace("&amp;", "&"))
}

/// The meeting used by the server tests: a public item, a secret one and one not yet
/// public, on the managers' agenda with its standing items.
struct Agenda {
    meeting: Meeting,
    public: AgendaItem,
    secret: AgendaItem,
    unfinished: AgendaItem,
}

async fn agenda(store: &Store, f: &Fixture) -> Agenda {
    let meeting = meeting(store, f, &[&f.managers], "2027-03-09").await;
    let public = add(
        store,
        &f.sec,
        f,
        AgendaItemInput {
            background: "Talousarvion taustaa.".into(),
            proposal: "Merkitään tiedoksi.".into(),
            preparer_id: Some(f.member.id),
            ..item_input(&meeting, "Kuntien talousnäkymät 2027")
        },
    )
    .await;
    let secret = add(
        store,
        &f.sec,
        f,
        AgendaItemInput {
            preparer_id: Some(f.preparer.id),
            background: "SALAINEN-TAUSTA kauppahinta".into(),
            proposal: "SALAINEN-EHDOTUS hyväksytään kauppa".into(),
            ..secret_item(&meeting, "SALAINEN-OTSIKKO Tontinmyynti X Oy:lle", "Lahden keskustan tontin myynti", Some(f.basis.id))
        },
    )
    .await;
    let unfinished = add(
        store,
        &f.sec,
        f,
        AgendaItemInput {
            background: "KESKENERÄINEN-TAUSTA".into(),
            ..unfinished_item(&meeting, "KESKENERÄINEN-OTSIKKO Palveluverkkoselvitys", "Hyvinvointialueen palveluverkko")
        },
    )
    .await;
    Agenda { meeting, public, secret, unfinished }
}

const HIDDEN: &[&str] = &[
    "SALAINEN-OTSIKKO",
    "Tontinmyynti X Oy",
    "SALAINEN-TAUSTA",
    "SALAINEN-EHDOTUS",
    "Salli Salainen-Valmistelija",
    "KESKENERÄINEN-OTSIKKO",
    "KESKENERÄINEN-TAUSTA",
];

// ---- attachments through the server --------------------------------------------------------

async fn attachments_are_uploaded_and_downloaded_as_their_publicity_allows(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let a = agenda(s, &f).await;
    let m = a.meeting.id;
    let browser = sign_in(&app, SECRETARY).await;
    let csrf = editor_csrf(&app, &browser, m).await;

    // A public PDF on the public item.
    let public_pdf = pdf("talousnakymat");
    let (status, headers, body) =
        upload_form(&app, &browser, &csrf, a.public.id, "Talousnakymat 2027.pdf", &public_pdf, ("public", None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("/meetings/{m}/agenda/edit?done=uploaded#item-{}", a.public.id));
    let listed = attachments_of_item(s, f.region.id, a.public.id).await;
    assert_eq!(listed.len(), 1);
    let shown = &listed[0];
    assert_eq!(
        (shown.input.name.as_str(), shown.media_type.as_str(), shown.size, shown.input.publicity),
        ("Talousnakymat 2027.pdf", "application/pdf", public_pdf.len() as i64, Publicity::Public)
    );
    let (_, _, editor) = get(&browser, &app.url(&format!("/meetings/{m}/agenda/edit?done=uploaded"))).await;
    assert_contains(&editor, "Liite tallennettiin.");
    assert_contains(&editor, "Talousnakymat 2027.pdf");
    let api_list =
        api(&app, Method::GET, &format!("/api/v1/attachments?item_id={}", a.public.id), Some(SECRETARY), &[], None).await.expect(200);
    assert_eq!(api_list.body["items"][0]["name"], "Talousnakymat 2027.pdf");

    // A secret attachment on the public item, and a public one on the secret item.
    let (status, _, body) =
        upload_form(&app, &browser, &csrf, a.public.id, "Kauppakirjan luonnos.pdf", &pdf("kauppakirja"), ("secret", Some(f.basis.id)))
            .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let secret_attachment = attachments_of_item(s, f.region.id, a.public.id).await.pop().expect("the secret attachment");
    assert_eq!((secret_attachment.input.publicity, secret_attachment.input.legal_basis_id), (Publicity::Secret, Some(f.basis.id)));
    let uploaded = api_upload(&app, SECRETARY, a.secret.id, "Kartta.pdf", "public", &pdf("kartta")).await.expect(201);
    assert_eq!(uploaded.body["name"], "Kartta.pdf");
    assert_eq!(uploaded.body["media_type"], "application/pdf");
    let on_secret_item = uploaded.body["id"].as_i64().expect("an id");

    // Nothing is public before the agenda is published.
    let anonymous = visitor();
    let (status, _, _) = get(&anonymous, &app.url(&format!("/attachments/{}/x.pdf", shown.id))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Published through the editor's form.
    let (status, headers, body) = post_form(&browser, &app.url(&format!("/meetings/{m}/agenda/publish")), &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("/meetings/{m}/agenda/edit?done=published"));

    // The public agenda links the public file, and anyone may download it.
    let (status, _, page) = get(&anonymous, &app.url(&format!("/meetings/{m}/agenda"))).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let href =
        href_starting(&page, &format!("/attachments/{}/", shown.id)).unwrap_or_else(|| panic!("no link to the public file:\n{page}"));
    assert_lacks(&page, &format!("/attachments/{}/", secret_attachment.id));
    assert_lacks(&page, &format!("/attachments/{on_secret_item}/"));
    assert_lacks(&page, "Kauppakirjan luonnos");
    assert_lacks(&page, "Kartta.pdf");
    let (status, headers, bytes) = get_bytes(&anonymous, &app.url(&href)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_text(&headers, header::CONTENT_TYPE), "application/pdf");
    assert_eq!(bytes, public_pdf);
    let (status, headers, bytes) = get_bytes(&anonymous, &app.url(&format!("/api/v1/attachments/{}/content", shown.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_text(&headers, header::CONTENT_TYPE), "application/pdf");
    assert_eq!(bytes, public_pdf);

    // A secret file, and any file of a secret item, do not exist for the public.
    for id in [secret_attachment.id, on_secret_item] {
        let (status, _, body) = get(&anonymous, &app.url(&format!("/attachments/{id}/liite.pdf"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "attachment {id}");
        assert_lacks(&body, "%PDF");
        let reply = api(&app, Method::GET, &format!("/api/v1/attachments/{id}/content"), None, &[], None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "attachment {id}");
        // … nor for a member of another forum.
        let reply = api(&app, Method::GET, &format!("/api/v1/attachments/{id}/content"), Some(OTHER_SECRETARY), &[], None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "attachment {id}");
    }
    // The forum has them.
    let (status, headers, bytes) = get_bytes(&browser, &app.url(&format!("/attachments/{}/liite.pdf", secret_attachment.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, pdf("kauppakirja"));
    assert_eq!(header_text(&headers, header::CACHE_CONTROL), "private, no-store");
    let reply = api(&app, Method::GET, &format!("/api/v1/attachments/{on_secret_item}/content"), Some(MEMBER), &[], None).await;
    assert_eq!(reply.status, StatusCode::OK);
}

async fn an_attachment_over_the_limit_is_refused_and_nothing_is_stored(store: &Store) {
    let config = foorumi_web::Config { attachment_max_bytes: 1024, ..foorumi_web::Config::default() };
    let (app, f) = app_with(store.backend(), config).await;
    let s = &app.store;
    let a = agenda(s, &f).await;
    let browser = sign_in(&app, SECRETARY).await;
    let csrf = editor_csrf(&app, &browser, a.meeting.id).await;
    let big = big_pdf(2000);
    assert!(big.len() > 1024);

    let (status, _, html) = upload_form(&app, &browser, &csrf, a.public.id, "Iso liite.pdf", &big, ("public", None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Tiedosto on liian suuri. Enimmäiskoko on 1 kt.");
    assert_eq!(count(s, "attachments").await, 0);
    assert_eq!(files_under(app.attachments_dir.path()), Vec::<PathBuf>::new());

    let reply = api_upload(&app, SECRETARY, a.public.id, "Iso liite.pdf", "public", &big).await.expect(413);
    assert!(reply.problem_type().ends_with("/too-large"), "{}", reply.text);
    assert_eq!(count(s, "attachments").await, 0);
    assert_eq!(files_under(app.attachments_dir.path()), Vec::<PathBuf>::new());

    // Under the limit it goes through.
    let small = pdf("pieni");
    assert!(small.len() < 1024);
    let (status, _, body) = upload_form(&app, &browser, &csrf, a.public.id, "Pieni liite.pdf", &small, ("public", None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(count(s, "attachments").await, 1);
    assert_eq!(files_under(app.attachments_dir.path()).len(), 1);
}

async fn a_file_whose_content_is_not_what_its_name_says_is_refused(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let a = agenda(s, &f).await;
    let browser = sign_in(&app, SECRETARY).await;
    let csrf = editor_csrf(&app, &browser, a.meeting.id).await;

    let (status, _, html) = upload_form(&app, &browser, &csrf, a.public.id, "Kuva.pdf", &png(), ("public", None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Tiedoston nimi kertoo sen olevan .pdf, mutta sisältö on .png. Tarkista tiedosto.");
    assert_eq!(count(s, "attachments").await, 0);
    assert!(files_under(app.attachments_dir.path()).is_empty());

    let reply = api_upload(&app, SECRETARY, a.public.id, "Kuva.pdf", "public", &png()).await.expect(422);
    assert_eq!(reply.fields(), [pair("file", "error-attachment-type-mismatch")]);
    assert_eq!(count(s, "attachments").await, 0);
    assert!(files_under(app.attachments_dir.path()).is_empty());
    // Under its own name the same image is welcome.
    api_upload(&app, SECRETARY, a.public.id, "Kuva.png", "public", &png()).await.expect(201);
    assert_eq!(count(s, "attachments").await, 1);
}

async fn the_same_content_is_stored_once(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let a = agenda(s, &f).await;
    let browser = sign_in(&app, SECRETARY).await;
    let csrf = editor_csrf(&app, &browser, a.meeting.id).await;
    let bytes = pdf("poytakirja");

    for name in ["Poytakirja.pdf", "Poytakirja (kopio).pdf"] {
        let (status, _, body) = upload_form(&app, &browser, &csrf, a.public.id, name, &bytes, ("public", None)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    }
    api_upload(&app, SECRETARY, a.unfinished.id, "Poytakirja.pdf", "not_yet_public", &bytes).await.expect(201);
    let mut rows = attachments_of_item(s, f.region.id, a.public.id).await;
    rows.extend(attachments_of_item(s, f.region.id, a.unfinished.id).await);
    assert_eq!(rows.len(), 3);
    let hash = rows[0].sha256.clone();
    assert_eq!(hash.len(), 64);
    assert!(rows.iter().all(|r| r.sha256 == hash), "{rows:#?}");
    let files = files_under(app.attachments_dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].file_name().and_then(|n| n.to_str()), Some(hash.as_str()));
    assert_eq!(std::fs::read(&files[0]).expect("the stored file"), bytes);
}

/// Who may not attach a file to an item leaves nothing behind: no record, and no file in
/// the attachment store.
async fn an_upload_refused_for_permission_stores_nothing(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let a = agenda(s, &f).await;

    for who in [MEMBER, OTHER_SECRETARY] {
        api_upload(&app, who, a.public.id, "Liite.pdf", "public", &pdf(who)).await.expect(403);
    }
    let member = sign_in(&app, MEMBER).await;
    let (_, _, page) = get(&member, &app.url("/regions/07")).await;
    let csrf = csrf_of(&page);
    let (status, _, _) = upload_form(&app, &member, &csrf, a.public.id, "Liite.pdf", &pdf("jasen"), ("public", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nor does a browser without the form's token.
    let secretary = sign_in(&app, SECRETARY).await;
    let forged = "0".repeat(64);
    let (status, _, _) = upload_form(&app, &secretary, &forged, a.public.id, "Liite.pdf", &pdf("vaarennetty"), ("public", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(count(s, "attachments").await, 0);
    assert_eq!(files_under(app.attachments_dir.path()), Vec::<PathBuf>::new(), "refused uploads left files in the store");
}

// ---- the agenda pages -----------------------------------------------------------------

async fn the_public_agenda_page_appears_when_published_and_shows_secret_items_only_by_marking(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let a = agenda(s, &f).await;
    let m = a.meeting.id;
    let anonymous = visitor();
    let url = app.url(&format!("/meetings/{m}/agenda"));

    let (status, _, html) = get(&anonymous, &url).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_contains(&html, "Esityslistaa ei ole vielä julkaistu.");
    for hidden in HIDDEN.iter().chain(&["Lahden keskustan tontin myynti", "Kuntien talousnäkymät"]) {
        assert_lacks(&html, hidden);
    }
    api(&app, Method::GET, &format!("/api/v1/meetings/{m}/agenda"), None, &[], None).await.expect(404);

    agendas::publish(s, &f.sec, &author(), m, at("2027-03-01 10:00")).await.expect("publish");
    let (status, _, html) = get(&anonymous, &url).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_contains(&html, "<html lang=\"fi\">");
    assert_contains(&html, "<h1>Esityslista: Kuntajohtajakokous 1/2027</h1>");
    assert_contains(&html, "<span class=\"item-number\">1 §</span> Kokouksen avaus");
    assert_contains(&html, "<span class=\"item-number\">3 §</span> Kuntien talousnäkymät 2027");
    assert_contains(&html, "<span class=\"item-number\">4 §</span> Lahden keskustan tontin myynti");
    assert_contains(&html, "<span class=\"item-number\">5 §</span> Hyvinvointialueen palveluverkko");
    assert_contains(&html, "<span class=\"item-number\">7 §</span> Kokouksen päättäminen");
    assert_contains(&html, &format!("<p class=\"secrecy-marking\">{MARKING}</p>"));
    assert_contains(&html, "<p class=\"secrecy-marking\">Ei vielä julkinen</p>");
    assert_contains(&html, "Talousarvion taustaa.");
    assert_contains(&html, "Lahden kaupunginjohtaja");
    for hidden in HIDDEN {
        assert_lacks(&html, hidden);
    }
    // The same in Swedish.
    let (status, _, html) = get(&anonymous, &format!("{url}?lang=sv")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<html lang=\"sv\">");
    assert_contains(&html, "<h1>Föredragningslista: Kommundirektörsmötet 1/2027</h1>");
    assert_contains(&html, &format!("<p class=\"secrecy-marking\">Sekretessbelagd, {BASIS_CODE}</p>"));
    assert_contains(&html, "<p class=\"secrecy-marking\">Ännu inte offentlig</p>");
    for hidden in HIDDEN {
        assert_lacks(&html, hidden);
    }
    // And through the API.
    let reply = api(&app, Method::GET, &format!("/api/v1/meetings/{m}/agenda"), None, &[], None).await.expect(200);
    assert_eq!(reply.body["agenda"]["items"][3]["public_title"], "Lahden keskustan tontin myynti");
    assert_eq!(reply.body["agenda"]["items"][3]["marking"]["code"], BASIS_CODE);
    for hidden in HIDDEN {
        assert_lacks(&reply.text, hidden);
    }
    assert_eq!(a.secret.input.preparer_id, Some(f.preparer.id));
}

async fn the_agenda_editor_is_for_the_secretary_and_moves_items(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let a = agenda(s, &f).await;
    let m = a.meeting.id;
    let editor = app.url(&format!("/meetings/{m}/agenda/edit"));

    let (status, headers, _) = get(&visitor(), &editor).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(header_text(&headers, header::LOCATION), format!("/login?next=%2Fmeetings%2F{m}%2Fagenda%2Fedit"));
    for email in [MEMBER, OTHER_SECRETARY] {
        let browser = sign_in(&app, email).await;
        let (status, _, html) = get(&browser, &editor).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}: {html}");
        assert_lacks(&html, "SALAINEN-OTSIKKO");
    }

    let browser = sign_in(&app, SECRETARY).await;
    let (status, _, html) = get(&browser, &editor).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<span class=\"item-number\">4 §</span> SALAINEN-OTSIKKO Tontinmyynti X Oy:lle");
    assert_contains(&html, MARKING);
    let csrf = csrf_of(&html);
    let order = || async { titles(s, m).await };
    let public_title = "Kuntien talousnäkymät 2027";
    let secret_title = "SALAINEN-OTSIKKO Tontinmyynti X Oy:lle";
    let unfinished_title = "KESKENERÄINEN-OTSIKKO Palveluverkkoselvitys";
    assert_eq!(order().await, [AVAUS, LAILLISUUS, public_title, secret_title, unfinished_title, MUUT, PAATOS]);

    let move_url = |id: Id| app.url(&format!("/agenda-items/{id}/move"));
    let (status, headers, body) = post_form(&browser, &move_url(a.unfinished.id), &[("csrf", &csrf), ("dir", "up")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let id = a.unfinished.id;
    // No fragment: the moved item's button keeps the focus through `autofocus`.
    assert_eq!(header_text(&headers, header::LOCATION), format!("/meetings/{m}/agenda/edit?moved={id}&dir=up"));
    assert_eq!(order().await, [AVAUS, LAILLISUUS, public_title, unfinished_title, secret_title, MUUT, PAATOS]);
    post_form(&browser, &move_url(a.public.id), &[("csrf", &csrf), ("dir", "down")]).await;
    assert_eq!(order().await, [AVAUS, LAILLISUUS, unfinished_title, public_title, secret_title, MUUT, PAATOS]);
    assert_numbered(s, m).await;
    // The first item goes no higher.
    let first = items(s, m).await[0].id;
    post_form(&browser, &move_url(first), &[("csrf", &csrf), ("dir", "up")]).await;
    assert_eq!(order().await, [AVAUS, LAILLISUUS, unfinished_title, public_title, secret_title, MUUT, PAATOS]);
    // The editor shows the new order, focus on the moved item's button.
    let (_, _, html) = get(&browser, &format!("{editor}?moved={}&dir=down", a.public.id)).await;
    assert!(html.find(unfinished_title) < html.find(public_title), "{html}");
    assert_contains(&html, " autofocus>");

    // Without the form's token, or as a member, nothing moves.
    let (status, _, _) = post_form(&browser, &move_url(a.secret.id), &[("csrf", "0".repeat(64).as_str()), ("dir", "up")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let member = sign_in(&app, MEMBER).await;
    let (_, _, region_page) = get(&member, &app.url("/regions/07")).await;
    let member_csrf = csrf_of(&region_page);
    let (status, _, _) = post_form(&member, &move_url(a.secret.id), &[("csrf", &member_csrf), ("dir", "up")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(order().await, [AVAUS, LAILLISUUS, unfinished_title, public_title, secret_title, MUUT, PAATOS]);

    // Preparing an empty agenda through the editor brings the standing items.
    let april = meeting(s, &f, &[&f.managers], "2027-04-13").await;
    let (status, headers, body) =
        post_form(&browser, &app.url(&format!("/meetings/{}/agenda/prepare", april.id)), &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("/meetings/{}/agenda/edit?done=prepared", april.id));
    assert_eq!(titles(s, april.id).await, [AVAUS, LAILLISUUS, MUUT, PAATOS]);

    // The item form: a secret item without its ground is refused on the form.
    let new_item = app.url(&format!("/regions/07/new/agenda-item?meeting_id={}", april.id));
    let (status, _, html) = get(&browser, &new_item).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let csrf = csrf_of(&html);
    let meeting_id = april.id.to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("meeting_id", meeting_id.as_str()),
        ("position", "0"),
        ("title", "Tontinmyynti Y Oy:lle"),
        ("publicity", "secret"),
        ("public_title", "Hollolan tontin myynti"),
        ("legal_basis_id", ""),
    ];
    let (status, _, html) = post_form(&browser, &app.url("/regions/07/new/agenda-item"), &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Salassa pidettävälle on valittava salassapitoperuste.");
    assert_eq!(items(s, april.id).await.len(), 4);
    let basis = f.basis.id.to_string();
    let mut form = form.to_vec();
    form.retain(|(name, _)| *name != "legal_basis_id");
    form.push(("legal_basis_id", basis.as_str()));
    let (status, headers, html) = post_form(&browser, &app.url("/regions/07/new/agenda-item"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(header_text(&headers, header::LOCATION), format!("/meetings/{}/agenda/edit", april.id));
    assert_eq!(titles(s, april.id).await, [AVAUS, LAILLISUUS, "Tontinmyynti Y Oy:lle", MUUT, PAATOS]);
}

async fn publishing_a_faulty_agenda_through_the_editor_shows_why(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let a = agenda(s, &f).await;
    let m = a.meeting.id;
    sqlx::query("UPDATE agenda_items SET public_title = 'Salassa pidettävä' WHERE id = $1")
        .bind(a.secret.id)
        .execute(s.pool())
        .await
        .expect("break the public title");
    let browser = sign_in(&app, SECRETARY).await;
    let csrf = editor_csrf(&app, &browser, m).await;
    let publish = app.url(&format!("/meetings/{m}/agenda/publish"));

    let (status, _, html) = post_form(&browser, &publish, &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "<div class=\"error-summary\" role=\"alert\"");
    assert_contains(&html, "<h2>Esityslistaa ei julkaistu</h2>");
    // Each reason names the item it concerns.
    assert_contains(&html, ": Julkisen otsikon on kuvattava asian aihetta; ”ei julkinen” tai tyhjä ei kelpaa.</li>");
    assert_eq!(count(s, "agenda_publications").await, 0);
    assert_eq!(records::get::<Meeting>(s, m).await.expect("the meeting").input.status, MeetingStatus::Planned);
    let (status, _, _) = get(&visitor(), &app.url(&format!("/meetings/{m}/agenda"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Corrected, it is published.
    let secret = item(s, a.secret.id).await;
    let input = AgendaItemInput { public_title: "Lahden keskustan tontin myynti".into(), ..secret.input.clone() };
    records::update::<AgendaItem>(s, &f.sec, &author(), secret.id, secret.version, input).await.expect("correct the public title");
    let (status, _, body) = post_form(&browser, &publish, &[("csrf", &csrf)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, _, html) = get(&browser, &app.url(&format!("/meetings/{m}/agenda/edit?done=published"))).await;
    assert_contains(&html, "Esityslista on julkaistu.");
    let (status, _, _) = get(&visitor(), &app.url(&format!("/meetings/{m}/agenda"))).await;
    assert_eq!(status, StatusCode::OK);
}

// ---- the API ----------------------------------------------------------------------------

async fn the_api_documents_publishes_and_answers_proposals(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let a = agenda(s, &f).await;
    let m = a.meeting.id;

    let doc = api(&app, Method::GET, "/api/v1/openapi.json", None, &[], None).await.expect(200).body;
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/api/v1/agenda-items", "get"),
        ("/api/v1/agenda-items", "post"),
        ("/api/v1/agenda-items/{id}", "put"),
        ("/api/v1/attachments", "get"),
        ("/api/v1/proposals", "post"),
        ("/api/v1/standing-items", "get"),
        ("/api/v1/legal-bases", "get"),
        ("/api/v1/meetings/{id}/agenda", "get"),
        ("/api/v1/meetings/{id}/agenda/publish", "post"),
        ("/api/v1/proposals/{id}/accept", "post"),
        ("/api/v1/proposals/{id}/decline", "post"),
        ("/api/v1/agenda-items/{id}/attachments", "post"),
        ("/api/v1/attachments/{id}/content", "get"),
    ] {
        assert!(paths.get(path).is_some_and(|item| item[method]["operationId"].is_string()), "{method} {path} is not documented");
    }
    assert!(paths["/api/v1/proposals/{id}/accept"]["post"]["responses"]["428"].is_object());

    // Publishing: by the secretary only; each time a new public version.
    api(&app, Method::POST, &format!("/api/v1/meetings/{m}/agenda/publish"), None, &[], None).await.expect(401);
    api(&app, Method::POST, &format!("/api/v1/meetings/{m}/agenda/publish"), Some(MEMBER), &[], None).await.expect(403);
    assert_eq!(count(s, "agenda_publications").await, 0);
    let published = api(&app, Method::POST, &format!("/api/v1/meetings/{m}/agenda/publish"), Some(SECRETARY), &[], None).await.expect(201);
    assert_eq!(published.body["meeting_id"], m);
    assert_eq!(published.body["late"], false);
    let numbers: Vec<i64> =
        published.body["agenda"]["items"].as_array().expect("items").iter().filter_map(|i| i["number"].as_i64()).collect();
    assert_eq!(numbers, (1..=7).collect::<Vec<_>>());
    assert_eq!(published.body["agenda"]["items"][3]["body"], Value::Null);
    for hidden in HIDDEN {
        assert_lacks(&published.text, hidden);
    }
    let again = api(&app, Method::POST, &format!("/api/v1/meetings/{m}/agenda/publish"), Some(SECRETARY), &[], None).await.expect(201);
    assert_ne!(again.body["id"], published.body["id"]);
    let latest = api(&app, Method::GET, &format!("/api/v1/meetings/{m}/agenda"), None, &[], None).await.expect(200);
    assert_eq!(latest.body["id"], again.body["id"]);

    // A member proposes; the secretary answers with the version they saw.
    let proposal = json!({
        "forum_id": f.managers.id,
        "party_id": f.lahti.id,
        "person_id": f.member.id,
        "title": "Joukkoliikenteen yhteiskuljetukset",
        "description": "Lahti ehdottaa.",
    });
    let created = api(&app, Method::POST, "/api/v1/proposals?region=07", Some(MEMBER), &[], Some(&proposal)).await.expect(201);
    assert_eq!(header_text(&created.headers, header::ETAG), "\"1\"");
    let p = created.body["id"].as_i64().expect("an id");
    let accept = format!("/api/v1/proposals/{p}/accept");
    let to_march = json!({"meeting_id": m});
    let reply = api(&app, Method::POST, &accept, Some(SECRETARY), &[], Some(&to_march)).await.expect(428);
    assert!(reply.problem_type().ends_with("/precondition-required"), "{}", reply.text);
    let reply = api(&app, Method::POST, &accept, Some(SECRETARY), &[("if-match", "\"5\"")], Some(&to_march)).await.expect(412);
    assert!(reply.problem_type().ends_with("/stale"), "{}", reply.text);
    let safety = meeting(s, &f, &[&f.phturva], "2027-03-10").await;
    let reply = api(&app, Method::POST, &accept, Some(SECRETARY), &[("if-match", "\"1\"")], Some(&json!({"meeting_id": safety.id}))).await;
    assert_eq!(reply.expect(422).fields(), [pair("meeting_id", "error-proposal-meeting")]);
    api(&app, Method::POST, &accept, Some(MEMBER), &[("if-match", "\"1\"")], Some(&to_march)).await.expect(403);
    let accepted = api(&app, Method::POST, &accept, Some(SECRETARY), &[("if-match", "\"1\"")], Some(&to_march)).await.expect(201);
    assert_eq!(accepted.body["proposal_id"], p);
    assert_eq!(accepted.body["meeting_id"], m);
    assert_eq!(accepted.body["title"], "Joukkoliikenteen yhteiskuljetukset");
    assert_eq!(titles(s, m).await[5], "Joukkoliikenteen yhteiskuljetukset", "before the closing standing items");
    let answered = api(&app, Method::GET, &format!("/api/v1/proposals/{p}"), Some(MEMBER), &[], None).await.expect(200);
    assert_eq!((answered.body["status"].as_str(), answered.body["meeting_id"].as_i64()), (Some("accepted"), Some(m)));
    assert_eq!(header_text(&answered.headers, header::ETAG), "\"2\"");
    let reply = api(
        &app,
        Method::POST,
        &format!("/api/v1/proposals/{p}/decline"),
        Some(SECRETARY),
        &[("if-match", "\"2\"")],
        Some(&json!({"answer": "Ei"})),
    )
    .await;
    assert_eq!(reply.expect(422).fields(), [pair("status", "error-proposal-answered")]);

    let second = api(&app, Method::POST, "/api/v1/proposals?region=07", Some(MEMBER), &[], Some(&proposal)).await.expect(201);
    let decline = format!("/api/v1/proposals/{}/decline", second.body["id"]);
    api(&app, Method::POST, &decline, Some(SECRETARY), &[], Some(&json!({"answer": "Ei"}))).await.expect(428);
    let reply = api(&app, Method::POST, &decline, Some(SECRETARY), &[("if-match", "\"1\"")], Some(&json!({"answer": " "}))).await;
    assert_eq!(reply.expect(422).fields(), [pair("answer", "error-decline-reason")]);
    let declined =
        api(&app, Method::POST, &decline, Some(SECRETARY), &[("if-match", "\"1\"")], Some(&json!({"answer": "Käsitellään syksyllä."})))
            .await;
    let declined = declined.expect(200);
    assert_eq!((declined.body["status"].as_str(), declined.body["answer"].as_str()), (Some("declined"), Some("Käsitellään syksyllä.")));
}

async fn the_api_shows_agendas_in_preparation_only_to_their_forum(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let a = agenda(s, &f).await;
    let m = a.meeting.id;
    let proposal =
        records::create::<Proposal>(s, &f.mem, &author(), f.region.id, proposal_input(&f, &f.managers, "Ehdotus")).await.expect("propose");
    let items_path = format!("/api/v1/agenda-items?meeting_id={m}");

    // A member of the forum sees the items, secret ones included, but does not add any.
    let listed = api(&app, Method::GET, &items_path, Some(MEMBER), &[], None).await.expect(200);
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(7));
    let secret = api(&app, Method::GET, &format!("/api/v1/agenda-items/{}", a.secret.id), Some(MEMBER), &[], None).await.expect(200);
    assert_eq!(secret.body["title"], "SALAINEN-OTSIKKO Tontinmyynti X Oy:lle");
    let new_item = json!({"meeting_id": m, "title": "Jäsenen oma asia", "publicity": "public"});
    let rows = count(s, "agenda_items").await;
    api(&app, Method::POST, "/api/v1/agenda-items?region=07", Some(MEMBER), &[], Some(&new_item)).await.expect(403);
    // Nor does another forum's secretary, who sees nothing of them either.
    api(&app, Method::POST, "/api/v1/agenda-items?region=07", Some(OTHER_SECRETARY), &[], Some(&new_item)).await.expect(403);
    api(&app, Method::GET, &format!("/api/v1/agenda-items/{}", a.public.id), Some(OTHER_SECRETARY), &[], None).await.expect(404);
    assert_eq!(count(s, "agenda_items").await, rows);
    let added = api(&app, Method::POST, "/api/v1/agenda-items?region=07", Some(SECRETARY), &[], Some(&new_item)).await.expect(201);
    assert_eq!(added.body["position"], 6, "before the closing standing items");
    // An attachment's record comes only with its file.
    let record = json!({"item_id": a.public.id, "name": "Liite.pdf", "publicity": "public"});
    let reply = api(&app, Method::POST, "/api/v1/attachments?region=07", Some(SECRETARY), &[], Some(&record)).await.expect(422);
    assert_eq!(reply.fields(), [pair("file", "error-attachment-upload")]);
    let uploaded = api_upload(&app, SECRETARY, a.public.id, "Liite.pdf", "public", &pdf("liite")).await.expect(201);
    let listed = api(&app, Method::GET, &format!("/api/v1/attachments?item_id={}", a.public.id), Some(MEMBER), &[], None).await.expect(200);
    assert_eq!(listed.body["items"][0]["id"], uploaded.body["id"]);

    // The public sees neither the items nor the proposals…
    let listed = api(&app, Method::GET, &items_path, None, &[], None).await.expect(200);
    assert_eq!(listed.body["items"], json!([]));
    for id in [a.public.id, a.secret.id, a.unfinished.id] {
        let reply = api(&app, Method::GET, &format!("/api/v1/agenda-items/{id}"), None, &[], None).await.expect(404);
        for hidden in HIDDEN {
            assert_lacks(&reply.text, hidden);
        }
    }
    let listed = api(&app, Method::GET, "/api/v1/proposals", None, &[], None).await.expect(200);
    assert_eq!(listed.body["items"], json!([]));
    let listed = api(&app, Method::GET, &format!("/api/v1/attachments?item_id={}", a.public.id), None, &[], None).await.expect(200);
    assert_eq!(listed.body["items"], json!([]));
    api(&app, Method::GET, &format!("/api/v1/proposals/{}", proposal.id), None, &[], None).await.expect(404);
    let mine = api(&app, Method::GET, &format!("/api/v1/proposals/{}", proposal.id), Some(MEMBER), &[], None).await.expect(200);
    assert_eq!(mine.body["title"], "Ehdotus");
    api(&app, Method::POST, "/api/v1/agenda-items?region=07", None, &[], Some(&new_item)).await.expect(401);

    // … until the agenda is published, and then only its public version.
    api(&app, Method::GET, &format!("/api/v1/meetings/{m}/agenda"), None, &[], None).await.expect(404);
    agendas::publish(s, &f.sec, &author(), m, at("2027-03-01 10:00")).await.expect("publish");
    let published = api(&app, Method::GET, &format!("/api/v1/meetings/{m}/agenda"), None, &[], None).await.expect(200);
    assert_eq!(published.body["agenda"]["items"].as_array().map(Vec::len), Some(8));
    for hidden in HIDDEN {
        assert_lacks(&published.text, hidden);
    }
    let listed = api(&app, Method::GET, &items_path, None, &[], None).await.expect(200);
    assert_eq!(listed.body["items"], json!([]));

    // Standing items and the secrecy grounds are public information.
    let standing = api(&app, Method::GET, &format!("/api/v1/standing-items?forum_id={}", f.managers.id), None, &[], None).await.expect(200);
    assert_eq!(standing.body["items"].as_array().map(Vec::len), Some(4));
    let bases = api(&app, Method::GET, "/api/v1/legal-bases?region=07", None, &[], None).await.expect(200);
    assert_eq!(bases.body["items"][0]["code"], BASIS_CODE);
    let (status, _, html) = get(&visitor(), &app.url("/regions/07/legal-bases")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, BASIS_CODE);
    let (status, _, html) = get(&visitor(), &app.url(&format!("/forums/{}/standing-items", f.managers.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, LAILLISUUS);
}

both_backends!(
    the_first_item_brings_the_standing_items_and_new_items_go_before_the_closing_ones,
    moving_an_item_reorders_its_agenda_and_is_audited,
    moving_an_item_to_another_meeting_renumbers_both,
    section_numbers_run_per_forum_and_year_in_date_order,
    section_numbers_stay_unique_after_a_published_agenda_is_reordered,
    an_item_breaking_the_publicity_rules_is_refused_and_nothing_is_written,
    only_the_convening_forum_prepares_its_agenda,
    publishing_is_refused_while_an_item_breaks_the_rules,
    a_published_agenda_shows_secret_items_only_by_number_title_and_marking,
    attachment_records_follow_the_publicity_rules_and_stay_with_their_item,
    proposals_are_taken_onto_an_agenda_or_declined_with_a_reason,
    attachments_are_uploaded_and_downloaded_as_their_publicity_allows,
    an_attachment_over_the_limit_is_refused_and_nothing_is_stored,
    a_file_whose_content_is_not_what_its_name_says_is_refused,
    the_same_content_is_stored_once,
    an_upload_refused_for_permission_stores_nothing,
    the_public_agenda_page_appears_when_published_and_shows_secret_items_only_by_marking,
    the_agenda_editor_is_for_the_secretary_and_moves_items,
    publishing_a_faulty_agenda_through_the_editor_shows_why,
    the_api_documents_publishes_and_answers_proposals,
    the_api_shows_agendas_in_preparation_only_to_their_forum,
);
