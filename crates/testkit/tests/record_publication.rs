//! Publishing a checked record as the public relies on it, every test on SQLite
//! (`sqlite::…`) and on a throw-away PostgreSQL (`postgres::…`): only a checked record is
//! published (R1.1, R1.9); the personal identifiers in what it would publish are listed and
//! each kept or taken out (R1.3); the kept ones leave the public copy on the day R1.4
//! gives, while the checked version keeps them; a secret item is its number, public title
//! and marking only, wherever the public looks (R1.2, R1.10); the public page is `noindex`
//! while personal data remain in it (R1.13); a corrected record is published again; and
//! the API's preconditions; the organisation's own appeal instructions and the items checked
//! at the meeting in the public record (R2.10, R2.11), and the notified parties that only
//! those who keep the record see (R2.12).

use std::time::Duration;

use chrono::{Local, NaiveDateTime, NaiveTime};
use foorumi_core::calendar::{self, Challenge};
use foorumi_core::permissions::Actor;
use foorumi_core::personal_data::IdentifierKind;
use foorumi_core::*;
use foorumi_store::accounts::NewUser;
use foorumi_store::agendas::{self, StoredFile};
use foorumi_store::audit;
use foorumi_store::record_publication::{self, REMOVED};
use foorumi_store::records::{self, Record};
use foorumi_store::{Error, Store, minutes};
use foorumi_testkit::fixtures::{
    self, add_user, admin, api, assert_contains, assert_lacks, at, author, count, create, create_as, create_paijat_hame, csrf_of, d, forum,
    get, get_bytes, header_text, input_value, item as item_input, meeting as meeting_input, municipality, new_user, pair, party, person,
    post_form, seat as seat_input, sign_in, visitor,
};
use foorumi_testkit::{TestApp, both_backends, store_for};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

// ---- the register around the record ------------------------------------------------------

const SECRETARY: &str = "sihteeri@liitto.example.org";
const MEMBER: &str = "kaupunginjohtaja@lahti.example.org";
const OUTSIDER: &str = "turva@liitto.example.org";

/// A person of the register with no seat and no post: her name is personal data.
const PRIVATE: &str = "Maija Meikäläinen";
/// The same name in the genitive.
const PRIVATE_GENITIVE: &str = "Maija Meikäläisen";
/// A member of the forum whose seat ended before the meetings of these tests.
const FORMER: &str = "Pekka Entinen";
/// The checker, a member of the forum acting in her role: not personal data.
const MEMBER_NAME: &str = "Matti Virtanen";
/// A valid personal identity code.
const CODE: &str = "131052-308T";
const EMAIL: &str = "maija.meikalainen@example.fi";
const PHONE: &str = "040 123 4567";

const BASIS_CODE: &str = "JulkL 24 § 1 mom. 20 k.";
const MARKING: &str = "Salassa pidettävä, JulkL 24 § 1 mom. 20 k.";
const SECRET_PUBLIC_TITLE: &str = "Keskustan kiinteistökaupan valmistelu";

/// The field errors of an `Error::Invalid`, as (field, code) pairs, sorted and without
/// repeats.
fn fields<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<(String, String)> {
    let mut pairs = fixtures::fields(result);
    pairs.sort();
    pairs.dedup();
    pairs
}

fn unreviewed(items: &[&AgendaItem]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        items.iter().map(|i| pair(&format!("items.{}.identifiers", i.id), "error-identifier-unreviewed")).collect();
    pairs.sort();
    pairs
}

/// What a refused publication must leave as it was: the publications and the decisions
/// on identifiers, every record's status and version, and the audit log's head.
async fn snapshot(store: &Store) -> Vec<String> {
    let mut result = Vec::new();
    for table in ["minutes_publications", "personal_data_reviews", "audit_log"] {
        result.push(format!("{table}: {}", count(store, table).await));
    }
    result.push(format!("audit head: {}", store.register_version().await.expect("audit head")));
    let rows: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT id, status, version FROM minutes ORDER BY id").fetch_all(store.pool()).await.expect("the records");
    result.extend(rows.iter().map(|(id, status, version)| format!("minutes {id}: {status} v{version}")));
    let publications: Vec<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, content, personal_data_removed_at FROM minutes_publications ORDER BY id")
            .fetch_all(store.pool())
            .await
            .expect("the publications");
    result.extend(publications.iter().map(|(id, content, removed)| format!("publication {id} ({removed:?}): {content}")));
    result
}

/// Päijät-Häme with the municipal managers' meeting (a cooperation forum whose memo a
/// checker approves): its secretary, the checker and the chair hold seats; a former member
/// whose seat ended at the end of 2025; PHTURVA's secretary (an outsider to the forum);
/// and Maija Meikäläinen, in the register without a seat or a post. Beside it the regional
/// board, a formal body that votes, with the same secretary, the checker as its chair and
/// the managers' chair as its member.
struct Fixture {
    region: Region,
    lahti: Party,
    managers: Forum,
    board: Forum,
    /// The board's chair and member seats.
    board_seats: Vec<Seat>,
    secretary: Person,
    /// Matti Virtanen, Lahti's city manager: the checker.
    member: Person,
    /// Hollola's municipal manager: the chair.
    chair: Person,
    private: Person,
    former: Person,
    basis: LegalBasis,
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
    let term = create::<CouncilTerm>(store, r, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let managers = create::<Forum>(store, r, forum("Kuntajohtajakokous", ForumLevel::Tactical)).await;
    let board =
        create::<Forum>(store, r, ForumInput { legal_type: LegalType::FormalBody, ..forum("Maakuntahallitus", ForumLevel::Strategic) })
            .await;
    let phturva = create::<Forum>(store, r, forum("Päijät-Hämeen turvallisuusfoorumi", ForumLevel::Operational)).await;
    let secretary = create::<Person>(store, r, person("Tarja Parviainen", &council)).await;
    let member = create::<Person>(store, r, person(MEMBER_NAME, &lahti)).await;
    let chair = create::<Person>(store, r, person("Hanna Korhonen", &hollola)).await;
    let outsider = create::<Person>(store, r, person("Olli Ulkonen", &council)).await;
    let private = create::<Person>(store, r, person(PRIVATE, &hollola)).await;
    let former = create::<Person>(store, r, person(FORMER, &lahti)).await;
    let seat = |forum: &Forum, person: &Person, party: &Party, role| SeatInput {
        person_id: Some(person.id),
        ..seat_input(forum, &term, party, role)
    };
    create::<Seat>(store, r, seat(&managers, &secretary, &council, SeatRole::Secretary)).await;
    create::<Seat>(store, r, seat(&managers, &member, &lahti, SeatRole::Member)).await;
    create::<Seat>(store, r, seat(&managers, &chair, &hollola, SeatRole::Member)).await;
    create::<Seat>(store, r, SeatInput { end_date: Some(d("2025-12-31")), ..seat(&managers, &former, &lahti, SeatRole::Member) }).await;
    create::<Seat>(store, r, seat(&phturva, &outsider, &council, SeatRole::Secretary)).await;
    create::<Seat>(store, r, seat(&board, &secretary, &council, SeatRole::Secretary)).await;
    let board_seats = vec![
        create::<Seat>(store, r, seat(&board, &member, &lahti, SeatRole::Chair)).await,
        create::<Seat>(store, r, seat(&board, &chair, &hollola, SeatRole::Member)).await,
    ];
    let basis = create::<LegalBasis>(
        store,
        r,
        LegalBasisInput { code: BASIS_CODE.into(), name: Names::new("Liike- tai ammattisalaisuus", "", "") },
    )
    .await;
    for (email, person) in [(SECRETARY, &secretary), (MEMBER, &member), (OUTSIDER, &outsider)] {
        add_user(store, NewUser { person_id: Some(person.id), ..new_user(email) }).await;
    }
    let sec = Actor {
        user_id: Some(9001),
        secretary_of: vec![managers.id, board.id],
        member_of: vec![managers.id, board.id],
        person_id: Some(secretary.id),
        ..Actor::default()
    };
    let checker = Actor { user_id: Some(9002), member_of: vec![managers.id, board.id], person_id: Some(member.id), ..Actor::default() };
    Fixture { region, lahti, managers, board, board_seats, secretary, member, chair, private, former, basis, sec, checker }
}

async fn meeting(store: &Store, f: &Fixture, date: &str) -> Meeting {
    meeting_of(store, f, &f.managers, date).await
}

async fn meeting_of(store: &Store, f: &Fixture, forum: &Forum, date: &str) -> Meeting {
    create::<Meeting>(store, f.region.id, meeting_input(forum, date)).await
}

fn secret_input(f: &Fixture, meeting: &Meeting, title: &str) -> AgendaItemInput {
    AgendaItemInput {
        public_title: SECRET_PUBLIC_TITLE.into(),
        publicity: Publicity::Secret,
        legal_basis_id: Some(f.basis.id),
        ..item_input(meeting, title)
    }
}

/// Adds an item as the secretary, and reads it back as stored.
async fn item(store: &Store, f: &Fixture, input: AgendaItemInput) -> AgendaItem {
    let created = create_as::<AgendaItem>(store, &f.sec, f.region.id, input).await;
    records::get::<AgendaItem>(store, created.id).await.expect("the item")
}

/// Starts the memo of a meeting with its chair, secretary, checker and times.
async fn start(store: &Store, f: &Fixture, meeting: &Meeting) -> Minutes {
    let input = MinutesInput {
        meeting_id: meeting.id,
        chair_id: Some(f.chair.id),
        secretary_id: Some(f.secretary.id),
        checker_ids: vec![f.member.id],
        opened_at: NaiveTime::from_hms_opt(9, 2, 0),
        closed_at: NaiveTime::from_hms_opt(10, 48, 0),
    };
    minutes::start(store, &f.sec, &author(), f.region.id, input).await.expect("start the memo")
}

/// Records an item as a recommendation with the given texts.
async fn handle(store: &Store, f: &Fixture, item: &AgendaItem, discussion: &str, outcome_text: &str) -> ItemRecord {
    let input = ItemRecordInput {
        item_id: item.id,
        discussion: discussion.into(),
        outcome: Some(Outcome::Recommendation),
        outcome_text: outcome_text.into(),
        appeal: None,
        appeal_basis: String::new(),
    };
    create_as::<ItemRecord>(store, &f.sec, f.region.id, input).await
}

/// An item as stored now: checking the record fixes its number.
async fn reload(store: &Store, item: &AgendaItem) -> AgendaItem {
    records::get::<AgendaItem>(store, item.id).await.expect("the item")
}

async fn current(store: &Store, minutes_id: Id) -> Minutes {
    records::get::<Minutes>(store, minutes_id).await.expect("the memo")
}

/// Sends a memo to its checker and has them approve it at `when`: checked.
async fn check(store: &Store, f: &Fixture, minutes_id: Id, when: &str) -> Minutes {
    let minutes = current(store, minutes_id).await;
    foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await.expect("send to the checker");
    let checked = minutes::approve(store, &f.checker, &author(), minutes.id, at(when)).await.expect("the checker approves");
    assert_eq!(checked.status, MinutesStatus::Checked);
    checked
}

/// A meeting whose memo holds one public item, handled with `discussion`, and is checked.
async fn checked_meeting(
    store: &Store,
    f: &Fixture,
    date: &str,
    title: &str,
    discussion: &str,
    checked_at: &str,
) -> (Meeting, AgendaItem, Minutes) {
    let m = meeting(store, f, date).await;
    let it = item(store, f, item_input(&m, title)).await;
    let started = start(store, f, &m).await;
    handle(store, f, &it, discussion, "Suositellaan osapuolille.").await;
    let checked = check(store, f, started.id, checked_at).await;
    (m, reload(store, &it).await, checked)
}

/// The meeting of 24 February 2026 whose record names people: the applicant with her
/// identity code in the first item, her e-mail, her phone and a former member in the
/// second, the checker (a member) beside them, and all of it again in a secret item.
struct Named {
    meeting: Meeting,
    first: AgendaItem,
    second: AgendaItem,
    secret: AgendaItem,
    minutes: Minutes,
}

const FIRST_DISCUSSION: &str = "Hakija Maija Meikäläinen (henkilötunnus 131052-308T) oli paikalla. Matti Virtanen esitteli asian.";
const FIRST_OUTCOME: &str = "Suositellaan Maija Meikäläisen hakemuksen hyväksymistä.";
const SECOND_DISCUSSION: &str = "Lisätietoja antavat Pekka Entinen ja hakija, maija.meikalainen@example.fi tai puhelin 040 123 4567.";

async fn named_meeting(store: &Store, f: &Fixture, date: &str) -> Named {
    let m = meeting(store, f, date).await;
    let first = item(
        store,
        f,
        AgendaItemInput { background: "Hakemus saapui kuntayhtymään helmikuussa.".into(), ..item_input(&m, "Avustushakemus") },
    )
    .await;
    let second = item(store, f, item_input(&m, "Yhteystiedot")).await;
    let secret = item(store, f, secret_input(f, &m, "Kiinteistö Oy:n osakekauppa")).await;
    let started = start(store, f, &m).await;
    handle(store, f, &first, FIRST_DISCUSSION, FIRST_OUTCOME).await;
    handle(store, f, &second, SECOND_DISCUSSION, "Suositellaan yhteystietojen kirjaamista.").await;
    handle(store, f, &secret, "Maija Meikäläinen, puhelin 040 765 4321, tarjosi kauppaa.", "Suositellaan kauppaa.").await;
    let checked_on = (d(date) + chrono::Days::new(3)).format("%Y-%m-%d 12:00").to_string();
    let minutes = check(store, f, started.id, &checked_on).await;
    Named {
        meeting: m,
        first: reload(store, &first).await,
        second: reload(store, &second).await,
        secret: reload(store, &secret).await,
        minutes,
    }
}

/// A decision on every identifier still open: the identity code taken out, the rest
/// kept.
fn decisions(found: &[IdentifierReview]) -> Vec<IdentifierDecisionInput> {
    found
        .iter()
        .filter(|r| r.decision.is_none())
        .map(|r| IdentifierDecisionInput {
            item_id: r.item_id,
            text: r.text.clone(),
            decision: if r.kind == IdentifierKind::IdentityCode { IdentifierDecision::Redact } else { IdentifierDecision::Keep },
        })
        .collect()
}

/// Publishes a checked record as its secretary at `when`, deciding as [`decisions`] does.
async fn publish(store: &Store, f: &Fixture, minutes_id: Id, when: NaiveDateTime) -> RecordPublication {
    let found = record_publication::identifiers(store, &f.sec, minutes_id).await.expect("the identifiers");
    let minutes = current(store, minutes_id).await;
    record_publication::publish(store, &f.sec, &author(), minutes_id, minutes.version, &decisions(&found), when)
        .await
        .expect("publish the record")
}

async fn published(store: &Store, meeting_id: Id, today: &str) -> RecordPublication {
    record_publication::publication(store, meeting_id, d(today)).await.expect("read the publication").expect("a publication")
}

/// The public body of an item of a publication.
fn body<'a>(publication: &'a RecordPublication, item: &AgendaItem) -> &'a PublicRecordBody {
    let number = item.number.expect("a checked item has its number");
    let public = publication.record.items.iter().find(|i| i.number == number).expect("the item is in the public record");
    public.body.as_ref().expect("a public item is published with its body")
}

// ---- R1.4: the day personal data leaves the public copy ----------------------------------

async fn personal_data_stays_until_the_day_after_the_rectification_period(store: &Store) {
    let f = fixture(store).await;
    let discussion = format!("Lisätietoja antaa {EMAIL}.");

    // Published on Monday 2 March 2026: notified on 9 March, deadline 23 March, removed
    // on 24 March.
    let (march, _, m1) = checked_meeting(store, &f, "2026-02-24", "Avustushakemus", &discussion, "2026-02-27 12:00").await;
    let publication = publish(store, &f, m1.id, at("2026-03-02 10:15")).await;
    assert_eq!(publication.published_at, "2026-03-02T10:15:00");
    assert_eq!(publication.personal_data_until, d("2026-03-24"));
    assert_eq!(publication.personal_data_removed_at, None, "the kept e-mail is still in the public copy");
    let stored: String = sqlx::query_scalar("SELECT personal_data_until FROM minutes_publications WHERE id = $1")
        .bind(publication.id)
        .fetch_one(store.pool())
        .await
        .expect("the stored publication");
    assert_eq!(stored, "2026-03-24");
    assert_eq!(published(store, march.id, "2026-03-02").await, publication);

    // Published on Tuesday 16 December 2025: notified on 23 December; the period would end
    // on Epiphany, so it ends on Wednesday 7 January, and the data leaves on the 8th.
    let (december, it, m2) = checked_meeting(store, &f, "2025-12-09", "Joulukuun asia", &discussion, "2025-12-12 12:00").await;
    let publication = publish(store, &f, m2.id, at("2025-12-16 14:00")).await;
    assert_eq!(publication.personal_data_until, d("2026-01-08"));
    let on_the_deadline = published(store, december.id, "2026-01-07").await;
    assert_eq!(on_the_deadline.personal_data_removed_at, None);
    assert!(body(&on_the_deadline, &it).discussion.contains(EMAIL), "the data stays through the last day to ask for rectification");
    let the_day_after = published(store, december.id, "2026-01-08").await;
    assert_eq!(the_day_after.personal_data_removed_at.as_deref(), Some("2026-01-08T00:00:00"));
    assert_eq!(body(&the_day_after, &it).discussion, format!("Lisätietoja antaa {REMOVED}."));
    // The March publication is not due yet.
    assert_eq!(published(store, march.id, "2026-01-08").await.personal_data_removed_at, None);
}

// ---- R1.1, R1.9: only a checked record --------------------------------------------------

async fn an_unchecked_record_is_not_published_and_nothing_is_written(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, "2026-02-24").await;
    let it = item(store, &f, item_input(&m, "Avustushakemus")).await;
    let draft = start(store, &f, &m).await;
    handle(store, &f, &it, &format!("Lisätietoja antaa {EMAIL}."), "Suositellaan.").await;
    let keep = [IdentifierDecisionInput { item_id: it.id, text: EMAIL.into(), decision: IdentifierDecision::Keep }];
    let when = at("2026-03-02 10:00");

    // A draft.
    let draft = current(store, draft.id).await;
    assert_eq!(record_publication::identifiers(store, &f.sec, draft.id).await.expect("identifiers"), vec![], "nothing checked to publish");
    let before = snapshot(store).await;
    assert_eq!(
        fields(record_publication::publish(store, &f.sec, &author(), draft.id, draft.version, &keep, when).await),
        [pair("status", "error-publish-unchecked")]
    );
    assert_eq!(snapshot(store).await, before, "a refused publication writes nothing");

    // With the checker.
    let sent = foorumi_testkit::send_to_checkers(store, &f.sec, &author(), draft.id, draft.version).await.expect("send to the checker");
    assert_eq!(sent.status, MinutesStatus::Checking);
    let before = snapshot(store).await;
    assert_eq!(
        fields(record_publication::publish(store, &f.sec, &author(), sent.id, sent.version, &keep, when).await),
        [pair("status", "error-publish-unchecked")]
    );
    assert_eq!(
        fields(record_publication::publish(store, &f.sec, &author(), sent.id, sent.version, &[], when).await),
        [pair("status", "error-publish-unchecked")]
    );
    assert_eq!(snapshot(store).await, before);
    assert_eq!(record_publication::publication(store, m.id, d("2026-03-02")).await.expect("read"), None);

    // Checked: not with a version other than the current one, nor by the checker.
    let checked = minutes::approve(store, &f.checker, &author(), sent.id, at("2026-02-27 12:00")).await.expect("approve");
    assert_eq!(checked.status, MinutesStatus::Checked);
    let before = snapshot(store).await;
    match record_publication::publish(store, &f.sec, &author(), checked.id, checked.version - 1, &keep, when).await {
        Err(Error::Stale { current }) => assert_eq!(current, checked.version),
        other => panic!("expected Stale, got {other:?}"),
    }
    let by_checker = record_publication::publish(store, &f.checker, &author(), checked.id, checked.version, &keep, when).await;
    assert!(matches!(by_checker, Err(Error::Forbidden)), "{by_checker:?}");
    assert_eq!(snapshot(store).await, before);

    let publication =
        record_publication::publish(store, &f.sec, &author(), checked.id, checked.version, &keep, when).await.expect("publish");
    assert_eq!(publication.record.version, 1);
    let after = current(store, checked.id).await;
    assert_eq!((after.status, after.version), (MinutesStatus::Published, checked.version + 1));
    assert_eq!(count(store, "minutes_publications").await, 1);
    let logged = audit::recent(store, f.region.id, Some((Minutes::ENTITY, checked.id)), 1).await.expect("the audit log");
    assert_eq!(logged[0].action, "publish");
}

// ---- R1.3: the identifiers, each kept or taken out ----------------------------------------

async fn each_identifier_is_listed_and_must_be_kept_or_taken_out(store: &Store) {
    let f = fixture(store).await;
    let n = named_meeting(store, &f, "2026-02-24").await;
    let minutes_id = n.minutes.id;

    let found = record_publication::identifiers(store, &f.sec, minutes_id).await.expect("the identifiers");
    let review = |item: &AgendaItem, kind, text: &str, person_id| IdentifierReview {
        item_id: item.id,
        kind,
        text: text.to_owned(),
        person_id,
        decision: None,
    };
    let mut listed = found.clone();
    listed.sort_by(|a, b| (a.item_id, &a.text).cmp(&(b.item_id, &b.text)));
    let mut expected = vec![
        review(&n.first, IdentifierKind::IdentityCode, CODE, None),
        review(&n.first, IdentifierKind::Name, PRIVATE, Some(f.private.id)),
        review(&n.first, IdentifierKind::Name, PRIVATE_GENITIVE, Some(f.private.id)),
        review(&n.second, IdentifierKind::Email, EMAIL, None),
        review(&n.second, IdentifierKind::Phone, PHONE, None),
        review(&n.second, IdentifierKind::Name, FORMER, Some(f.former.id)),
    ];
    expected.sort_by(|a, b| (a.item_id, &a.text).cmp(&(b.item_id, &b.text)));
    assert_eq!(listed, expected, "the member acting in her role is not listed, nor anything of the secret item");
    assert!(found.iter().all(|r| r.item_id != n.secret.id));
    // Only the secretary reviews them.
    assert!(matches!(record_publication::identifiers(store, &f.checker, minutes_id).await, Err(Error::Forbidden)));

    let version = n.minutes.version;
    let when = at("2026-03-02 10:00");
    let before = snapshot(store).await;
    // Nothing decided: refused, naming both items.
    assert_eq!(
        fields(record_publication::publish(store, &f.sec, &author(), minutes_id, version, &[], when).await),
        unreviewed(&[&n.first, &n.second])
    );
    assert_eq!(snapshot(store).await, before);
    // The first item decided, the second not: refused naming the second, and the first's
    // decisions are not kept either.
    let all = decisions(&found);
    let first_only: Vec<IdentifierDecisionInput> = all.iter().filter(|c| c.item_id == n.first.id).cloned().collect();
    assert_eq!(first_only.len(), 3);
    assert_eq!(
        fields(record_publication::publish(store, &f.sec, &author(), minutes_id, version, &first_only, when).await),
        unreviewed(&[&n.second])
    );
    assert_eq!(snapshot(store).await, before);
    // A decision on something not found, or found in another item.
    for (item_id, text) in [(n.first.id, MEMBER_NAME), (n.first.id, EMAIL), (n.secret.id, PRIVATE)] {
        let mut with_unknown = all.clone();
        with_unknown.push(IdentifierDecisionInput { item_id, text: text.into(), decision: IdentifierDecision::Redact });
        assert_eq!(
            fields(record_publication::publish(store, &f.sec, &author(), minutes_id, version, &with_unknown, when).await),
            [pair("decisions", "error-identifier-unknown")],
            "{text} in item {item_id}"
        );
    }
    assert_eq!(snapshot(store).await, before);

    // The identity code out, the rest kept: out of the public copy at once.
    let publication =
        record_publication::publish(store, &f.sec, &author(), minutes_id, version, &all, when).await.expect("publish the record");
    let first = body(&publication, &n.first);
    assert_eq!(first.discussion, format!("Hakija {PRIVATE} (henkilötunnus {REMOVED}) oli paikalla. {MEMBER_NAME} esitteli asian."));
    assert_eq!(first.outcome_text, FIRST_OUTCOME);
    assert_eq!(body(&publication, &n.second).discussion, SECOND_DISCUSSION);
    let secret = publication.record.items.iter().find(|i| Some(i.number) == n.secret.number).expect("the secret item");
    assert_eq!((secret.body.as_ref(), secret.public_title.as_str()), (None, SECRET_PUBLIC_TITLE));
    assert_eq!(publication.personal_data_removed_at, None);
    assert!(!serde_json::to_string(&publication.record).expect("JSON").contains(CODE));
    assert_eq!(published(store, n.meeting.id, "2026-03-02").await, publication, "the stored public copy is the one returned");
    // The decisions are kept with the record.
    let reviewed = record_publication::identifiers(store, &f.sec, minutes_id).await.expect("the identifiers");
    let decided: Vec<(String, Option<IdentifierDecision>)> = reviewed.iter().map(|r| (r.text.clone(), r.decision)).collect();
    assert_eq!(decided.len(), 6);
    for (text, decision) in &decided {
        let expected = if text == CODE { IdentifierDecision::Redact } else { IdentifierDecision::Keep };
        assert_eq!(*decision, Some(expected), "{text}");
    }
    assert_eq!(count(store, "personal_data_reviews").await, 6);
    assert_eq!(current(store, minutes_id).await.status, MinutesStatus::Published);
}

// ---- R1.4: the scheduled removal, and the archival copy ------------------------------------

async fn kept_identifiers_leave_the_public_copy_on_their_day_and_stay_in_the_checked_version(store: &Store) {
    let f = fixture(store).await;
    let a = named_meeting(store, &f, "2026-02-24").await;
    let b = named_meeting(store, &f, "2026-03-03").await;
    let first = publish(store, &f, a.minutes.id, at("2026-03-02 10:00")).await;
    let second = publish(store, &f, b.minutes.id, at("2026-03-09 10:00")).await;
    assert_eq!(first.personal_data_until, d("2026-03-24"));
    assert!(second.personal_data_until > first.personal_data_until, "{second:?}");

    // The day before: nothing changes, whether the job runs or the public reads.
    let before = snapshot(store).await;
    assert_eq!(record_publication::remove_expired_personal_data(store, d("2026-03-23")).await.expect("the job"), 0);
    assert_eq!(published(store, a.meeting.id, "2026-03-23").await, first);
    assert_eq!(snapshot(store).await, before);

    // On the day the job replaces what was kept, and says so in the audit log.
    let head = store.register_version().await.expect("audit head");
    let logged = count(store, "audit_log").await;
    assert_eq!(record_publication::remove_expired_personal_data(store, d("2026-03-24")).await.expect("the job"), 1);
    let removed = published(store, a.meeting.id, "2026-03-24").await;
    assert_eq!(removed.personal_data_removed_at.as_deref(), Some("2026-03-24T00:00:00"));
    let expected_first = format!("Hakija {REMOVED} (henkilötunnus {REMOVED}) oli paikalla. {MEMBER_NAME} esitteli asian.");
    assert_eq!(body(&removed, &a.first).discussion, expected_first);
    assert_eq!(body(&removed, &a.first).outcome_text, format!("Suositellaan {REMOVED} hakemuksen hyväksymistä."));
    assert_eq!(body(&removed, &a.second).discussion, format!("Lisätietoja antavat {REMOVED} ja hakija, {REMOVED} tai puhelin {REMOVED}."));
    assert_eq!(body(&removed, &a.first).background, "Hakemus saapui kuntayhtymään helmikuussa.", "the rest stays as it was");
    assert_eq!((removed.id, removed.published_at.as_str()), (first.id, first.published_at.as_str()));
    assert_eq!(count(store, "audit_log").await, logged + 1);
    assert_eq!(store.register_version().await.expect("audit head"), head + 1);
    let entry = &audit::recent(store, f.region.id, Some((Minutes::ENTITY, a.minutes.id)), 1).await.expect("the audit log")[0];
    assert_eq!((entry.action.as_str(), entry.actor.as_str()), ("remove_personal_data", "personal-data-expiry"));
    // The other publication's day has not come.
    let not_yet = published(store, b.meeting.id, "2026-03-24").await;
    assert_eq!(not_yet, second);
    assert!(body(&not_yet, &b.second).discussion.contains(EMAIL));
    // Done once.
    assert_eq!(record_publication::remove_expired_personal_data(store, d("2026-03-25")).await.expect("the job"), 0);
    assert_eq!(count(store, "audit_log").await, logged + 1);

    // The public reading on the day removes the data even before the job runs.
    let day = second.personal_data_until.format("%Y-%m-%d").to_string();
    let read = published(store, b.meeting.id, &day).await;
    assert!(read.personal_data_removed_at.is_some(), "{read:?}");
    let text = serde_json::to_string(&read.record).expect("JSON");
    for gone in [CODE, EMAIL, PHONE, PRIVATE, PRIVATE_GENITIVE, FORMER] {
        assert!(!text.contains(gone), "{gone} is still in the public copy: {text}");
    }
    assert_eq!(count(store, "audit_log").await, logged + 2, "the removal on reading is logged too");
    assert_eq!(record_publication::remove_expired_personal_data(store, second.personal_data_until).await.expect("the job"), 0);

    // The checked version, the archival copy, keeps everything.
    let versions = minutes::versions(store, a.minutes.id).await.expect("the checked versions");
    assert_eq!(versions.len(), 1);
    let kept: Vec<(&str, &str)> =
        versions[0].record.records.iter().map(|r| (r.input.discussion.as_str(), r.input.outcome_text.as_str())).collect();
    assert!(kept.contains(&(FIRST_DISCUSSION, FIRST_OUTCOME)), "{kept:?}");
    assert!(kept.iter().any(|(discussion, _)| *discussion == SECOND_DISCUSSION), "{kept:?}");
    let record = minutes::record_of(store, a.meeting.id).await.expect("read").expect("the record");
    assert!(record.records.iter().any(|r| r.input.discussion == FIRST_DISCUSSION));
}

async fn names_in_titles_and_vote_motions_are_found_and_taken_out_too(store: &Store) {
    let f = fixture(store).await;
    let m = meeting_of(store, &f, &f.board, "2026-02-25").await;
    let it = item(store, &f, item_input(&m, "Maija Meikäläisen avustushakemus")).await;
    let started = start(store, &f, &m).await;
    for seat in &f.board_seats {
        let input = PresenceInput {
            meeting_id: m.id,
            seat_id: seat.id,
            presence: Presence::Present,
            deputy_id: None,
            verification: None,
            arrived_item_id: None,
            left_item_id: None,
        };
        create_as::<PresenceRecord>(store, &f.sec, f.region.id, input).await;
    }
    let input = ItemRecordInput {
        item_id: it.id,
        discussion: "Keskusteltiin.".into(),
        outcome: Some(Outcome::Decided),
        outcome_text: "Päätettiin äänestyksen jälkeen esityksen mukaan.".into(),
        appeal: None,
        appeal_basis: String::new(),
    };
    let record = create_as::<ItemRecord>(store, &f.sec, f.region.id, input).await;
    let vote = VoteInput {
        item_id: it.id,
        yes_proposal: "Esityksen mukaan".into(),
        no_proposal: "Pekka Entisen ehdotuksen mukaan".into(),
        chair_id: f.member.id,
        ballots: vec![
            BallotInput { person_id: f.member.id, ballot: Ballot::Yes },
            BallotInput { person_id: f.chair.id, ballot: Ballot::No },
        ],
    };
    create_as::<Vote>(store, &f.sec, f.region.id, vote).await;
    let checked = check(store, &f, started.id, "2026-02-27 12:00").await;
    // A formal body's minutes go online only with each item's appeal instructions (R1.1,
    // R2.11): refused, corrected, checked again.
    assert_eq!(
        fields(record_publication::publish(store, &f.sec, &author(), started.id, checked.version, &[], at("2026-03-02 10:00")).await),
        [pair(&format!("items.{}.appeal", it.id), "error-appeal-missing")]
    );
    assert_eq!(count(store, "minutes_publications").await, 0);
    let correcting = minutes::start_correction(store, &f.sec, &author(), started.id, checked.version, "Muutoksenhakuohje puuttui.")
        .await
        .expect("open for a correction");
    assert_eq!(correcting.status, MinutesStatus::Draft);
    let with_appeal = ItemRecordInput { appeal: Some(Appeal::Rectification), ..record.input.clone() };
    records::update::<ItemRecord>(store, &f.sec, &author(), record.id, record.version, with_appeal)
        .await
        .expect("add the appeal instructions");
    check(store, &f, started.id, "2026-02-27 14:00").await;
    let it = reload(store, &it).await;

    let found = record_publication::identifiers(store, &f.sec, started.id).await.expect("the identifiers");
    let mut listed: Vec<(Id, IdentifierKind, String, Option<Id>)> =
        found.iter().map(|r| (r.item_id, r.kind, r.text.clone(), r.person_id)).collect();
    listed.sort_by(|a, b| a.2.cmp(&b.2));
    assert_eq!(
        listed,
        [
            (it.id, IdentifierKind::Name, PRIVATE_GENITIVE.to_owned(), Some(f.private.id)),
            (it.id, IdentifierKind::Name, "Pekka Entisen".to_owned(), Some(f.former.id)),
        ],
        "the title and the vote's motions are printed, so they are read too"
    );
    let choices = vec![
        IdentifierDecisionInput { item_id: it.id, text: PRIVATE_GENITIVE.into(), decision: IdentifierDecision::Keep },
        IdentifierDecisionInput { item_id: it.id, text: "Pekka Entisen".into(), decision: IdentifierDecision::Redact },
    ];
    let version = current(store, started.id).await.version;
    let publication = record_publication::publish(store, &f.sec, &author(), started.id, version, &choices, at("2026-03-02 10:00"))
        .await
        .expect("publish the minutes");
    let public = &publication.record.items[0];
    assert_eq!(public.public_title, "Maija Meikäläisen avustushakemus");
    assert_eq!(body(&publication, &it).appeal, Some(Appeal::Rectification));
    let vote = &body(&publication, &it).votes[0];
    assert_eq!((vote.yes_proposal.as_str(), vote.no_proposal.clone()), ("Esityksen mukaan", format!("{REMOVED} ehdotuksen mukaan")));

    assert_eq!(record_publication::remove_expired_personal_data(store, d("2026-03-24")).await.expect("the job"), 1);
    let removed = published(store, m.id, "2026-03-24").await;
    assert_eq!(removed.record.items[0].public_title, format!("{REMOVED} avustushakemus"));
    assert_eq!(body(&removed, &it).votes[0].no_proposal, format!("{REMOVED} ehdotuksen mukaan"));
    let versions = minutes::versions(store, started.id).await.expect("the checked versions");
    assert_eq!(versions[0].record.items[0].input.title, "Maija Meikäläisen avustushakemus", "the archival copy keeps it");
}

async fn publishing_the_same_version_again_neither_restarts_the_period_nor_brings_data_back(store: &Store) {
    let f = fixture(store).await;
    let n = named_meeting(store, &f, "2026-02-24").await;
    let first = publish(store, &f, n.minutes.id, at("2026-03-02 10:00")).await;
    assert_eq!(first.personal_data_until, d("2026-03-24"));

    // A week on the secretary takes the applicant's name out as well: out at once, and the
    // rest still leaves on the day the first publication set.
    let version = current(store, n.minutes.id).await.version;
    let name_out = [IdentifierDecisionInput { item_id: n.first.id, text: PRIVATE.into(), decision: IdentifierDecision::Redact }];
    let second = record_publication::publish(store, &f.sec, &author(), n.minutes.id, version, &name_out, at("2026-03-10 09:00"))
        .await
        .expect("publish again");
    assert_ne!(second.id, first.id);
    assert_eq!(second.personal_data_until, d("2026-03-24"), "the period is not restarted");
    assert_eq!(second.personal_data_removed_at, None);
    assert_eq!(
        body(&second, &n.first).discussion,
        format!("Hakija {REMOVED} (henkilötunnus {REMOVED}) oli paikalla. {MEMBER_NAME} esitteli asian.")
    );
    assert_eq!(body(&second, &n.second).discussion, SECOND_DISCUSSION);
    assert_eq!(published(store, n.meeting.id, "2026-03-10").await.id, second.id);

    // After the day, publishing it again does not bring back what left.
    assert_eq!(record_publication::remove_expired_personal_data(store, d("2026-03-24")).await.expect("the job"), 2);
    let version = current(store, n.minutes.id).await.version;
    let third = record_publication::publish(store, &f.sec, &author(), n.minutes.id, version, &[], at("2026-03-25 09:00"))
        .await
        .expect("publish once more");
    assert_eq!(third.personal_data_until, d("2026-03-24"));
    assert_eq!(third.personal_data_removed_at.as_deref(), Some(third.published_at.as_str()));
    let read = published(store, n.meeting.id, "2026-03-25").await;
    assert_eq!(read.id, third.id);
    let text = serde_json::to_string(&read.record).expect("JSON");
    for gone in [CODE, EMAIL, PHONE, PRIVATE, PRIVATE_GENITIVE, FORMER] {
        assert!(!text.contains(gone), "{gone} is back in the public copy: {text}");
    }
    assert_eq!(body(&read, &n.second).discussion, format!("Lisätietoja antavat {REMOVED} ja hakija, {REMOVED} tai puhelin {REMOVED}."));
}

// ---- the server: helpers ------------------------------------------------------------------

async fn app(backend: foorumi_store::Backend) -> (TestApp, Fixture) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    (TestApp::start(store).await, f)
}

const NOINDEX_META: &str = "<meta name=\"robots\" content=\"noindex";

/// Waits out the page cache's version look-up interval (250 ms), so a change to the
/// register shows on the next anonymous request.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(350)).await;
}

/// The text of a PDF's pages as lopdf extracts it, each run of white space as one space.
fn pdf_text(bytes: &[u8]) -> String {
    let document = lopdf::Document::load_mem(bytes).expect("lopdf reads the record PDF");
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    document.extract_text(&pages).expect("text extraction").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn now() -> NaiveDateTime {
    Local::now().naive_local()
}

// ---- R1.2: nothing of a secret item reaches the public ------------------------------------

/// One canary a field of the secret item: none may reach the public anywhere. Without
/// hyphens or spaces, so a line break in the PDF cannot split one.
const CANARIES: &[&str] = &[
    "KANARIAOTSIKKO",
    "KANARIATAUSTA",
    "KANARIAEHDOTUS",
    "KANARIAKESKUSTELU",
    "KANARIASUOSITUS",
    "KANARIAERIÄVÄ",
    "KANARIATOIMENPIDE",
    "KANARIALIITE",
    "KANARIAPÄÄTTÄJÄ",
    "Kanariahenkilö",
];

fn assert_no_canary(what: &str, text: &str) {
    for canary in CANARIES {
        assert!(!text.contains(canary), "{what} shows {canary:?}:\n{text}");
    }
}

async fn nothing_of_a_secret_item_reaches_the_public_but_its_number_title_and_marking(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let r = f.region.id;
    let m = meeting(s, &f, "2026-11-10").await;
    let public =
        item(s, &f, AgendaItemInput { background: "Julkisen asian tausta.".into(), ..item_input(&m, "Yhteistyöpöytäkirjan päivitys") })
            .await;
    let secret = item(
        s,
        &f,
        AgendaItemInput {
            background: "KANARIATAUSTA kauppahinnasta.".into(),
            proposal: "KANARIAEHDOTUS: kauppa hyväksytään.".into(),
            ..secret_input(&f, &m, "KANARIAOTSIKKO Kiinteistö Oy:n osakekauppa")
        },
    )
    .await;
    for (name, publicity) in [("KANARIALIITE-kauppakirja.pdf", Publicity::Secret), ("KANARIALIITE-kartta.pdf", Publicity::Public)] {
        let input = AttachmentInput {
            item_id: secret.id,
            name: name.into(),
            publicity,
            legal_basis_id: (publicity == Publicity::Secret).then_some(f.basis.id),
        };
        let file = StoredFile { media_type: "application/pdf".into(), size: 2048, sha256: name[..1].repeat(64) };
        agendas::add_attachment(s, &f.sec, &author(), input, file).await.unwrap_or_else(|err| panic!("attach {name}: {err:?}"));
    }
    agendas::publish(s, &f.sec, &author(), m.id, at("2026-11-03 10:00")).await.expect("publish the agenda");

    let started = start(s, &f, &m).await;
    handle(s, &f, &public, "Keskusteltiin julkisesti.", "Suositellaan päivitetyn pöytäkirjan hyväksymistä.").await;
    handle(s, &f, &secret, "KANARIAKESKUSTELU kauppahinnasta.", "KANARIASUOSITUS: kauppa hyväksytään.").await;
    let person = create::<Person>(s, r, person("Kalle Kanariahenkilö", &f.lahti)).await;
    let disqualification = DisqualificationInput {
        item_id: secret.id,
        person_id: person.id,
        ground: DisqualificationGround::Hl28Relative,
        decided_by: "KANARIAPÄÄTTÄJÄ".into(),
        left_at: None,
        returned_at: None,
    };
    create_as::<Disqualification>(s, &f.sec, r, disqualification).await;
    create_as::<Dissent>(
        s,
        &f.sec,
        r,
        DissentInput { item_id: secret.id, person_id: f.member.id, reasons: "KANARIAERIÄVÄ perustelu.".into() },
    )
    .await;
    let action = ActionInput {
        item_id: secret.id,
        title: "KANARIATOIMENPIDE: valmistellaan kauppakirja".into(),
        owner_party_id: None,
        owner_person_id: Some(person.id),
        due_date: Some(d("2026-12-31")),
        status: ActionStatus::Open,
        notes: String::new(),
    };
    create_as::<ActionItem>(s, &f.sec, r, action).await;
    check(s, &f, started.id, "2026-11-12 12:00").await;
    let publication = publish(s, &f, started.id, at("2026-11-16 10:00")).await;
    let secret_number = reload(s, &secret).await.number.expect("a checked item has its number");
    // The forum itself reads everything, so the canaries are where they should be.
    let whole = minutes::record_of(s, m.id).await.expect("read").expect("the record");
    let whole = serde_json::to_string(&whole).expect("JSON");
    for canary in ["KANARIAKESKUSTELU", "KANARIASUOSITUS", "KANARIAERIÄVÄ", "KANARIATOIMENPIDE", "KANARIAPÄÄTTÄJÄ"] {
        assert_contains(&whole, canary);
    }

    let anonymous = visitor();
    // The public record page.
    let (status, _, html) = get(&anonymous, &app.url(&format!("/meetings/{}/record", m.id))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_contains(&html, &format!("<span class=\"item-number\">{secret_number} §</span> {SECRET_PUBLIC_TITLE}"));
    assert_contains(&html, &format!("<p class=\"secrecy-marking\">{MARKING}</p>"));
    assert_contains(&html, "Keskusteltiin julkisesti.");
    assert_no_canary("the public record page", &html);

    // The PDF: its text, and the file as it is.
    let (status, headers, pdf) = get_bytes(&anonymous, &app.url(&format!("/meetings/{}/record.pdf", m.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_text(&headers, "content-type"), "application/pdf");
    let text = pdf_text(&pdf);
    assert_contains(&text, SECRET_PUBLIC_TITLE);
    assert_contains(&text, MARKING);
    assert_contains(&text, "Keskusteltiin julkisesti.");
    assert_no_canary("the record PDF's text", &text);
    assert_no_canary("the record PDF's bytes", &String::from_utf8_lossy(&pdf));

    // The API.
    let reply = api(&app, Method::GET, &format!("/api/v1/meetings/{}/published-record", m.id), None, &[], None).await.expect(200);
    assert_eq!(reply.body["id"], publication.id);
    let items = reply.body["record"]["items"].as_array().expect("the items");
    let public_secret = items.iter().find(|i| i["number"] == secret_number).expect("the secret item");
    assert_eq!(public_secret["public_title"], SECRET_PUBLIC_TITLE);
    assert_eq!(public_secret["marking"]["code"], BASIS_CODE);
    assert_eq!(public_secret["body"], Value::Null);
    assert_no_canary("the published record in the API", &reply.text);

    // The public agenda, the ratifications, the meeting's page.
    let (status, _, html) = get(&anonymous, &app.url(&format!("/meetings/{}/agenda", m.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, SECRET_PUBLIC_TITLE);
    assert_no_canary("the public agenda", &html);
    let reply = api(&app, Method::GET, &format!("/api/v1/meetings/{}/agenda", m.id), None, &[], None).await.expect(200);
    assert_no_canary("the public agenda in the API", &reply.text);
    let (status, _, html) = get(&anonymous, &app.url("/regions/07/ratifications")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, SECRET_PUBLIC_TITLE);
    assert_contains(&html, "Yhteistyöpöytäkirjan päivitys");
    assert_no_canary("the ratifications page", &html);
    let (status, _, html) = get(&anonymous, &app.url(&format!("/meetings/{}", m.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, &format!("/meetings/{}/record", m.id));
    assert_no_canary("the meeting's page", &html);
}

// ---- R1.13: noindex while personal data remain --------------------------------------------

async fn the_public_record_is_noindex_while_personal_data_remain_in_it(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let today = Local::now().date_naive();
    let date = (today - chrono::Days::new(7)).format("%Y-%m-%d").to_string();
    let checked_at = (today - chrono::Days::new(2)).format("%Y-%m-%d 12:00").to_string();
    let (m, it, checked) = checked_meeting(s, &f, &date, "Avustushakemus", &format!("Lisätietoja antaa {EMAIL}."), &checked_at).await;

    // The secretary reviews the identifiers on the form; the page itself is noindex.
    let secretary = sign_in(&app, SECRETARY).await;
    let review = app.url(&format!("/minutes/{}/publish", checked.id));
    let (status, _, html) = get(&secretary, &review).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_contains(&html, NOINDEX_META);
    assert_eq!(input_value(&html, "finding.0.text").as_deref(), Some(EMAIL));
    assert_eq!(input_value(&html, "finding.0.item_id"), Some(it.id.to_string()));
    assert_eq!(input_value(&html, "finding.1.text"), None, "one identifier");
    assert_eq!(input_value(&html, "version"), Some(checked.version.to_string()));
    let csrf = csrf_of(&html);
    let item_id = it.id.to_string();
    let version = checked.version.to_string();
    let undecided =
        [("csrf", csrf.as_str()), ("version", version.as_str()), ("finding.0.item_id", item_id.as_str()), ("finding.0.text", EMAIL)];
    let (status, _, html) = post_form(&secretary, &review, &undecided).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Kaikkia löytyneitä henkilötietoja ei ole käyty läpi");
    assert_eq!(count(s, "minutes_publications").await, 0);
    let keep = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("finding.0.item_id", item_id.as_str()),
        ("finding.0.text", EMAIL),
        ("finding.0.decision", "keep"),
    ];
    let (status, headers, body) = post_form(&secretary, &review, &keep).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(header_text(&headers, "location"), format!("/meetings/{}/record", m.id));
    let publication = published(s, m.id, &today.format("%Y-%m-%d").to_string()).await;
    assert_eq!(publication.personal_data_until, calendar::publication_period(today, Challenge::Rectification).personal_data_removed);

    // While the e-mail is in the public copy.
    let anonymous = visitor();
    let page = app.url(&format!("/meetings/{}/record", m.id));
    let pdf = app.url(&format!("/meetings/{}/record.pdf", m.id));
    let api_path = format!("/api/v1/meetings/{}/published-record", m.id);
    let until = publication.personal_data_until.format("%-d.%-m.%Y").to_string();
    for _ in 0..2 {
        // The second time from the page cache.
        let (status, headers, html) = get(&anonymous, &page).await;
        assert_eq!(status, StatusCode::OK);
        assert_contains(&html, NOINDEX_META);
        assert_eq!(header_text(&headers, "x-robots-tag"), "noindex");
        assert_contains(&html, EMAIL);
        assert_contains(&html, &format!("Pöytäkirjan henkilötiedot poistetaan verkosta {until}."));
    }
    let (status, headers, _) = get_bytes(&anonymous, &pdf).await;
    assert_eq!((status, header_text(&headers, "x-robots-tag")), (StatusCode::OK, "noindex"));
    let reply = api(&app, Method::GET, &api_path, None, &[], None).await.expect(200);
    assert_eq!(header_text(&reply.headers, "x-robots-tag"), "noindex");
    assert_contains(&reply.text, EMAIL);

    // On its day the job takes it out; the pages are indexable from then on.
    assert_eq!(record_publication::remove_expired_personal_data(s, publication.personal_data_until).await.expect("the job"), 1);
    settle().await;
    let (status, headers, html) = get(&anonymous, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_lacks(&html, "<meta name=\"robots\"");
    assert_eq!(header_text(&headers, "x-robots-tag"), "");
    assert_lacks(&html, EMAIL);
    assert_contains(&html, &format!("Lisätietoja antaa {REMOVED}."));
    assert_lacks(&html, "Pöytäkirjan henkilötiedot poistetaan verkosta");
    let (status, headers, pdf_bytes) = get_bytes(&anonymous, &pdf).await;
    assert_eq!((status, header_text(&headers, "x-robots-tag")), (StatusCode::OK, ""));
    assert_lacks(&pdf_text(&pdf_bytes), EMAIL);
    let reply = api(&app, Method::GET, &api_path, None, &[], None).await.expect(200);
    assert_eq!(header_text(&reply.headers, "x-robots-tag"), "");
    assert_lacks(&reply.text, EMAIL);

    // A record whose identifiers were all taken out is indexable from the start.
    let (other, _, other_minutes) =
        checked_meeting(s, &f, &date, "Toinen asia", &format!("Hakijan puhelin on {PHONE}."), &checked_at).await;
    let found = record_publication::identifiers(s, &f.sec, other_minutes.id).await.expect("the identifiers");
    assert_eq!(found.len(), 1);
    let redact: Vec<IdentifierDecisionInput> = found
        .iter()
        .map(|r| IdentifierDecisionInput { item_id: r.item_id, text: r.text.clone(), decision: IdentifierDecision::Redact })
        .collect();
    let publication =
        record_publication::publish(s, &f.sec, &author(), other_minutes.id, other_minutes.version, &redact, now()).await.expect("publish");
    assert_eq!(publication.personal_data_removed_at.as_deref(), Some(publication.published_at.as_str()));
    let (status, headers, html) = get(&anonymous, &app.url(&format!("/meetings/{}/record", other.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_lacks(&html, "<meta name=\"robots\"");
    assert_eq!(header_text(&headers, "x-robots-tag"), "");
    assert_lacks(&html, PHONE);
    assert_contains(&html, &format!("Hakijan puhelin on {REMOVED}."));
}

// ---- a corrected record is published again -------------------------------------------------

async fn a_corrected_record_is_published_again_as_its_new_version(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let today = Local::now().date_naive();
    let date = (today - chrono::Days::new(14)).format("%Y-%m-%d").to_string();
    let checked_at = (today - chrono::Days::new(10)).format("%Y-%m-%d 12:00").to_string();
    let (m, it, checked) = checked_meeting(s, &f, &date, "Avustushakemus", &format!("Lisätietoja antaa {EMAIL}."), &checked_at).await;
    let first = publish(s, &f, checked.id, now() - chrono::Duration::days(7)).await;
    let anonymous = visitor();
    let page = app.url(&format!("/meetings/{}/record", m.id));
    let (status, _, html) = get(&anonymous, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Suositellaan osapuolille.");
    assert_lacks(&html, "korjattu versio");

    // A correction: the public keeps reading the published version meanwhile.
    let published_record = current(s, checked.id).await;
    let reason = "Suosituksen sanamuoto korjattiin.";
    minutes::start_correction(s, &f.sec, &author(), checked.id, published_record.version, reason).await.expect("open a correction");
    let handled = minutes::record_of(s, m.id).await.expect("read").expect("the record").records;
    let corrected = ItemRecordInput {
        outcome_text: format!("Suositellaan osapuolille korjatusti; hakijan puhelin {PHONE}."),
        ..handled[0].input.clone()
    };
    records::update::<ItemRecord>(s, &f.sec, &author(), handled[0].id, handled[0].version, corrected).await.expect("correct the item");
    settle().await;
    let (_, _, html) = get(&anonymous, &page).await;
    assert_contains(&html, "Suositellaan osapuolille.");
    assert_lacks(&html, "korjatusti");
    let draft = current(s, checked.id).await;
    assert_eq!(
        fields(record_publication::publish(s, &f.sec, &author(), draft.id, draft.version, &[], now()).await),
        [pair("status", "error-publish-unchecked")],
        "a record being corrected is not published"
    );

    // Checked again: the new phone number needs a decision, the e-mail's stands.
    let rechecked = check(s, &f, checked.id, &now().format("%Y-%m-%d %H:%M").to_string()).await;
    assert_eq!(rechecked.checked_version, 2);
    let found = record_publication::identifiers(s, &f.sec, rechecked.id).await.expect("the identifiers");
    let open: Vec<&str> = found.iter().filter(|r| r.decision.is_none()).map(|r| r.text.as_str()).collect();
    assert_eq!(open, [PHONE]);
    assert_eq!(
        fields(record_publication::publish(s, &f.sec, &author(), rechecked.id, rechecked.version, &[], now()).await),
        unreviewed(&[&it])
    );
    // This time the e-mail goes too.
    let decisions = vec![
        IdentifierDecisionInput { item_id: it.id, text: PHONE.into(), decision: IdentifierDecision::Redact },
        IdentifierDecisionInput { item_id: it.id, text: EMAIL.into(), decision: IdentifierDecision::Redact },
    ];
    let second =
        record_publication::publish(s, &f.sec, &author(), rechecked.id, rechecked.version, &decisions, now()).await.expect("publish again");
    assert_ne!(second.id, first.id);
    assert_eq!((second.record.version, second.record.correction_reason.as_str()), (2, reason));
    assert_eq!(count(s, "minutes_publications").await, 2);
    assert_eq!(published(s, m.id, &today.format("%Y-%m-%d").to_string()).await.id, second.id);
    let second_body = body(&second, &it);
    assert_eq!(second_body.outcome_text, format!("Suositellaan osapuolille korjatusti; hakijan puhelin {REMOVED}."));
    assert_eq!(second_body.discussion, format!("Lisätietoja antaa {REMOVED}."));

    settle().await;
    let (status, _, html) = get(&anonymous, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Suositellaan osapuolille korjatusti; hakijan puhelin");
    assert_contains(&html, &format!("Tämä on korjattu versio 2: {reason}"));
    assert_lacks(&html, EMAIL);
    assert_lacks(&html, PHONE);
    let reply = api(&app, Method::GET, &format!("/api/v1/meetings/{}/published-record", m.id), None, &[], None).await.expect(200);
    assert_eq!((reply.body["id"].as_i64(), reply.body["record"]["version"].as_i64()), (Some(second.id), Some(2)));

    // When the first publication's day comes, no public copy holds the e-mail any more.
    record_publication::remove_expired_personal_data(s, first.personal_data_until).await.expect("the job");
    let contents: Vec<String> =
        sqlx::query_scalar("SELECT content FROM minutes_publications ORDER BY id").fetch_all(s.pool()).await.expect("the publications");
    for content in &contents {
        assert_lacks(content, EMAIL);
    }
    // The checked versions keep both texts.
    let versions = minutes::versions(s, checked.id).await.expect("the versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].reason, reason);
    assert_contains(&serde_json::to_string(&versions).expect("JSON"), EMAIL);
}

// ---- the API ----------------------------------------------------------------------------

async fn the_api_publishes_only_with_the_version_and_for_the_secretary(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let today = Local::now().date_naive();
    let date = (today - chrono::Days::new(7)).format("%Y-%m-%d").to_string();
    let checked_at = (today - chrono::Days::new(2)).format("%Y-%m-%d 12:00").to_string();
    let (m, it, checked) = checked_meeting(s, &f, &date, "Avustushakemus", &format!("Lisätietoja antaa {EMAIL}."), &checked_at).await;
    let identifiers = format!("/api/v1/minutes/{}/identifiers", checked.id);
    let publish_path = format!("/api/v1/minutes/{}/publish", checked.id);

    let reply = api(&app, Method::GET, &identifiers, Some(SECRETARY), &[], None).await.expect(200);
    assert_eq!(reply.body, json!([{"item_id": it.id, "kind": "email", "text": EMAIL, "person_id": null, "decision": null}]));
    for who in [Some(MEMBER), Some(OUTSIDER)] {
        let reply = api(&app, Method::GET, &identifiers, who, &[], None).await.expect(403);
        assert_lacks(&reply.text, EMAIL);
    }
    // The public is asked to sign in, as the OpenAPI document says.
    let reply = api(&app, Method::GET, &identifiers, None, &[], None).await.expect(401);
    assert_lacks(&reply.text, EMAIL);

    let read = api(&app, Method::GET, &format!("/api/v1/minutes/{}", checked.id), Some(SECRETARY), &[], None).await.expect(200);
    let etag = header_text(&read.headers, "etag");
    assert_eq!(etag, format!("\"{}\"", checked.version));
    let stale = format!("\"{}\"", checked.version - 1);
    let keep = json!({"decisions": [{"item_id": it.id, "text": EMAIL, "decision": "keep"}]});
    let before = snapshot(s).await;
    let reply = api(&app, Method::POST, &publish_path, Some(SECRETARY), &[], Some(&keep)).await.expect(428);
    assert!(reply.problem_type().ends_with("/precondition-required"), "{}", reply.text);
    let reply = api(&app, Method::POST, &publish_path, Some(SECRETARY), &[("if-match", &stale)], Some(&keep)).await.expect(412);
    assert!(reply.problem_type().ends_with("/stale"), "{}", reply.text);
    api(&app, Method::POST, &publish_path, None, &[("if-match", etag)], Some(&keep)).await.expect(401);
    api(&app, Method::POST, &publish_path, Some(MEMBER), &[("if-match", etag)], Some(&keep)).await.expect(403);
    let reply = api(&app, Method::POST, &publish_path, Some(SECRETARY), &[("if-match", etag)], None).await.expect(422);
    assert_contains(&reply.text, &format!("items.{}.identifiers", it.id));
    let unknown = json!({"decisions": [{"item_id": it.id, "text": EMAIL, "decision": "maybe"}]});
    api(&app, Method::POST, &publish_path, Some(SECRETARY), &[("if-match", etag)], Some(&unknown)).await.expect(422);
    assert_eq!(snapshot(s).await, before, "a refused publication writes nothing");
    api(&app, Method::GET, &format!("/api/v1/meetings/{}/published-record", m.id), None, &[], None).await.expect(404);

    let reply = api(&app, Method::POST, &publish_path, Some(SECRETARY), &[("if-match", etag)], Some(&keep)).await.expect(201);
    let until = calendar::publication_period(today, Challenge::Rectification).personal_data_removed;
    assert_eq!(reply.body["personal_data_until"], until.format("%Y-%m-%d").to_string());
    assert_eq!(reply.body["record"]["items"][0]["body"]["discussion"], format!("Lisätietoja antaa {EMAIL}."));
    assert_eq!(count(s, "minutes_publications").await, 1);
    let after = current(s, checked.id).await;
    assert_eq!((after.status, after.version), (MinutesStatus::Published, checked.version + 1));
    let reply = api(&app, Method::GET, &identifiers, Some(SECRETARY), &[], None).await.expect(200);
    assert_eq!(reply.body[0]["decision"], "keep");
    // The version moved on: the same If-Match is stale now.
    api(&app, Method::POST, &publish_path, Some(SECRETARY), &[("if-match", etag)], Some(&json!({}))).await.expect(412);
    let reply = api(&app, Method::GET, &format!("/api/v1/meetings/{}/published-record", m.id), None, &[], None).await.expect(200);
    assert_eq!(header_text(&reply.headers, "x-robots-tag"), "noindex");
    assert_eq!(reply.body["record"]["meeting_id"], m.id);
}

// ---- R2.10–R2.12: the organisation's instructions, items checked at the meeting, notified
// parties ---------------------------------------------------------------------------------

const REGION_ADMIN: &str = "hallinto@liitto.example.org";
const LAHTI_BASIS: &str = "KuntaL 134 §, Lahden hallintosääntö 128 §";
const LAHTI_TEXT: &str = "Oikaisuvaatimus osoitetaan Lahden kaupunginhallitukselle, PL 126, 15141 Lahti.";
const STANDARD_RECTIFICATION: &str = "Oikaisuvaatimusohje: Tähän päätökseen tyytymätön";

async fn region_admin_account(store: &Store, f: &Fixture) {
    add_user(store, NewUser { grants: vec![Grant { region_id: f.region.id, party_id: None }], ..new_user(REGION_ADMIN) }).await;
}

/// A meeting of the board with both its members present and its minutes started.
async fn board_meeting(store: &Store, f: &Fixture, date: &str) -> (Meeting, Minutes) {
    let m = meeting_of(store, f, &f.board, date).await;
    let started = start(store, f, &m).await;
    for seat in &f.board_seats {
        let input = PresenceInput {
            meeting_id: m.id,
            seat_id: seat.id,
            presence: Presence::Present,
            deputy_id: None,
            verification: None,
            arrived_item_id: None,
            left_item_id: None,
        };
        create_as::<PresenceRecord>(store, &f.sec, f.region.id, input).await;
    }
    (m, started)
}

/// A decision of the board with the given instructions.
fn decided(item: &AgendaItem, outcome: Outcome, appeal: Option<Appeal>) -> ItemRecordInput {
    ItemRecordInput {
        item_id: item.id,
        discussion: "Keskusteltiin.".into(),
        outcome: Some(outcome),
        outcome_text: "Päätettiin esityksen mukaan.".into(),
        appeal,
        appeal_basis: String::new(),
    }
}

async fn a_formal_bodys_minutes_print_the_organisations_own_appeal_instructions(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let r = f.region.id;
    region_admin_account(s, &f).await;
    let board = records::get::<Forum>(s, f.board.id).await.expect("the board");
    records::update::<Forum>(
        s,
        &admin(),
        &author(),
        board.id,
        board.version,
        ForumInput { organisation_id: Some(f.lahti.id), ..board.input },
    )
    .await
    .expect("the board is Lahti's");
    let text =
        Names::new(LAHTI_TEXT, "Begäran om omprövning riktas till stadsstyrelsen i Lahtis.", "A request goes to the city board of Lahti.");
    let template = create::<AppealTemplate>(
        s,
        r,
        AppealTemplateInput { party_id: f.lahti.id, appeal: Appeal::Rectification, basis: LAHTI_BASIS.into(), text: text.clone() },
    )
    .await;

    let (m, started) = board_meeting(s, &f, "2026-02-25").await;
    let decision = item(s, &f, item_input(&m, "Avustuspäätös")).await;
    let tabled = item(s, &f, item_input(&m, "Hankintapäätös")).await;
    let urgent = item(s, &f, item_input(&m, "Kiireellinen päätös")).await;
    create_as::<ItemRecord>(s, &f.sec, r, decided(&decision, Outcome::Decided, Some(Appeal::Rectification))).await;
    create_as::<ItemRecord>(s, &f.sec, r, decided(&tabled, Outcome::Tabled, None)).await;
    let urgent_record = create_as::<ItemRecord>(s, &f.sec, r, decided(&urgent, Outcome::Decided, Some(Appeal::Rectification))).await;
    minutes::check_item_at_meeting(s, &f.sec, &author(), urgent_record.id, urgent_record.version).await.expect("checked at the meeting");
    check(s, &f, started.id, "2026-02-27 12:00").await;
    let publication = publish(s, &f, started.id, at("2026-03-02 10:00")).await;
    let (decision, tabled, urgent) = (reload(s, &decision).await, reload(s, &tabled).await, reload(s, &urgent).await);

    let own = body(&publication, &decision);
    assert_eq!((own.appeal, own.appeal_basis.as_str(), own.appeal_text.as_ref()), (Some(Appeal::Rectification), LAHTI_BASIS, Some(&text)));
    assert!(!own.checked_at_meeting);
    let notice = body(&publication, &tabled);
    assert_eq!((notice.appeal, notice.appeal_basis.as_str(), notice.appeal_text.as_ref()), (Some(Appeal::NoAppeal), "KuntaL 136 §", None));
    let at_meeting = body(&publication, &urgent);
    assert!(at_meeting.checked_at_meeting);
    assert_eq!(at_meeting.appeal_text.as_ref(), Some(&text));

    // The public record prints the organisation's wording with its provision, the
    // standard notice where it has none, and the item checked at the meeting.
    let anonymous = visitor();
    let page = app.url(&format!("/meetings/{}/record", m.id));
    let (status, _, html) = get(&anonymous, &page).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(html.matches(&format!("{LAHTI_TEXT} ({LAHTI_BASIS})")).count(), 2, "{html}");
    assert_lacks(&html, STANDARD_RECTIFICATION);
    assert_contains(
        &html,
        "Muutoksenhakukielto: Päätös koskee vain asian valmistelua tai täytäntöönpanoa, joten siihen ei saa hakea muutosta (KuntaL 136 §).",
    );
    assert_eq!(html.matches("Pykälä tarkastettiin kokouksessa.").count(), 1, "{html}");
    let (status, _, pdf) = get_bytes(&anonymous, &app.url(&format!("/meetings/{}/record.pdf", m.id))).await;
    assert_eq!(status, StatusCode::OK);
    let pdf = pdf_text(&pdf);
    assert_contains(&pdf, "Lahden kaupunginhallitukselle");
    assert_contains(&pdf, "Pykälä tarkastettiin kokouksessa.");
    assert_lacks(&pdf, STANDARD_RECTIFICATION);

    // The wording changed later does not change what was published.
    let changed = Names::new("Oikaisuvaatimus tehdään sähköisesti kaupungin asiointipalvelussa.", "", "");
    records::update::<AppealTemplate>(
        s,
        &admin(),
        &author(),
        template.id,
        template.version,
        AppealTemplateInput { text: changed, ..template.input.clone() },
    )
    .await
    .expect("change the wording");
    settle().await;
    let (_, _, html) = get(&anonymous, &page).await;
    assert_contains(&html, LAHTI_TEXT);
    assert_lacks(&html, "asiointipalvelussa");

    // The organisation's page shows its instructions; another party's has none to show.
    let (status, _, html) = get(&anonymous, &app.url(&format!("/parties/{}", f.lahti.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Muutoksenhakuohjeet");
    assert_contains(&html, "Oikaisuvaatimus tehdään sähköisesti kaupungin asiointipalvelussa.");
    assert_contains(&html, LAHTI_BASIS);
    let hollola = records::get::<Person>(s, f.chair.id).await.expect("the chair").input.party_id.expect("her party");
    let (status, _, html) = get(&anonymous, &app.url(&format!("/parties/{hollola}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_lacks(&html, "Muutoksenhakuohjeet");

    // The API: one template of a kind per organisation, by the region's administrators.
    let listed = api(&app, Method::GET, &format!("/api/v1/appeal-templates?party_id={}", f.lahti.id), None, &[], None).await.expect(200);
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(1), "{}", listed.text);
    assert_eq!(listed.body["items"][0]["basis"], LAHTI_BASIS);
    let again = json!({"party_id": f.lahti.id, "appeal": "rectification", "text": {"fi": "Toinen ohje", "sv": "", "en": ""}});
    api(&app, Method::POST, "/api/v1/appeal-templates?region=07", Some(SECRETARY), &[], Some(&again)).await.expect(403);
    let refused = api(&app, Method::POST, "/api/v1/appeal-templates?region=07", Some(REGION_ADMIN), &[], Some(&again)).await.expect(422);
    assert_contains(&refused.text, "error-appeal-template-exists");
    assert_eq!(count(s, "appeal_templates").await, 1);
    let other_kind =
        json!({"party_id": f.lahti.id, "appeal": "municipal_appeal", "text": {"fi": "Valitus hallinto-oikeuteen.", "sv": "", "en": ""}});
    let created =
        api(&app, Method::POST, "/api/v1/appeal-templates?region=07", Some(REGION_ADMIN), &[], Some(&other_kind)).await.expect(201);
    assert_eq!(created.body["basis"], "");
}

const RECIPIENT: &str = "Kaarlo Kanarialintu";

async fn notified_parties_are_seen_only_by_those_who_keep_the_record(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let r = f.region.id;
    region_admin_account(s, &f).await;
    let (m, started) = board_meeting(s, &f, "2026-02-25").await;
    let it = item(s, &f, item_input(&m, "Avustuspäätös")).await;
    create_as::<ItemRecord>(s, &f.sec, r, decided(&it, Outcome::Decided, Some(Appeal::Rectification))).await;
    let collection = "/api/v1/party-notifications?region=07";
    let letter = json!({"item_id": it.id, "recipient": RECIPIENT, "method": "letter", "sent_on": "2026-03-02"});

    // Those who keep the record log it; a member of the board does not, nor the public.
    api(&app, Method::POST, collection, Some(MEMBER), &[], Some(&letter)).await.expect(403);
    api(&app, Method::POST, collection, None, &[], Some(&letter)).await.expect(401);
    assert_eq!(count(s, "party_notifications").await, 0);
    let logged = api(&app, Method::POST, collection, Some(SECRETARY), &[], Some(&letter)).await.expect(201);
    assert_eq!((logged.body["received_on"].as_str(), logged.body["deadline"].as_str()), (Some("2026-03-09"), Some("2026-03-23")));
    assert_eq!(logged.body["recipient"], RECIPIENT);
    let id = logged.body["id"].as_i64().expect("an id");
    // A cooperation forum's recommendation is notified to nobody.
    let forum_meeting = meeting(s, &f, "2026-02-26").await;
    let forum_item = item(s, &f, item_input(&forum_meeting, "Kuntien yhteinen elinvoimaohjelma")).await;
    let refused = api(
        &app,
        Method::POST,
        collection,
        Some(SECRETARY),
        &[],
        Some(&json!({"item_id": forum_item.id, "recipient": "Kunta", "method": "electronic", "sent_on": "2026-03-02"})),
    )
    .await
    .expect(422);
    assert_contains(&refused.text, "error-notification-not-for-forum");

    // The secretary and the region's administrator read it; a member and the public do not,
    // not even that there is one.
    let list = format!("/api/v1/party-notifications?meeting_id={}", m.id);
    let one = format!("/api/v1/party-notifications/{id}");
    for who in [SECRETARY, REGION_ADMIN] {
        let reply = api(&app, Method::GET, &list, Some(who), &[], None).await.expect(200);
        assert_eq!((reply.body["items"].as_array().map(Vec::len), reply.body["total"].as_i64()), (Some(1), Some(1)), "{who}");
        assert_eq!(reply.body["items"][0]["deadline"], "2026-03-23");
        api(&app, Method::GET, &one, Some(who), &[], None).await.expect(200);
    }
    for who in [Some(MEMBER), Some(OUTSIDER), None] {
        let reply = api(&app, Method::GET, &list, who, &[], None).await.expect(200);
        assert_lacks(&reply.text, RECIPIENT);
        assert_eq!((reply.body["items"].as_array().map(Vec::len), reply.body["total"].as_i64()), (Some(0), Some(0)), "{who:?}");
        let reply = api(&app, Method::GET, &one, who, &[], None).await.expect(404);
        assert_lacks(&reply.text, RECIPIENT);
    }

    // The minutes page lists them for the secretary, with the dates they rest on; never
    // for a member.
    let minutes_path = format!("/meetings/{}/minutes", m.id);
    let secretary = sign_in(&app, SECRETARY).await;
    let (status, _, html) = get(&secretary, &app.url(&minutes_path)).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Katsotaan saaduksi");
    assert_contains(&html, &format!("<td>{RECIPIENT}</td><td>Kirje (HL 59 §)</td><td>2.3.2026</td><td>9.3.2026</td><td>23.3.2026</td>"));
    let member = sign_in(&app, MEMBER).await;
    let (status, _, html) = get(&member, &app.url(&minutes_path)).await;
    assert_eq!(status, StatusCode::OK);
    assert_lacks(&html, RECIPIENT);
    assert_lacks(&html, "Katsotaan saaduksi");

    // Published, the record names the recipient nowhere.
    check(s, &f, started.id, "2026-02-27 12:00").await;
    publish(s, &f, started.id, at("2026-03-02 10:00")).await;
    let anonymous = visitor();
    let (status, _, html) = get(&anonymous, &app.url(&format!("/meetings/{}/record", m.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Avustuspäätös");
    assert_lacks(&html, RECIPIENT);
    let (_, _, html) = get(&anonymous, &app.url(&format!("/meetings/{}", m.id))).await;
    assert_lacks(&html, RECIPIENT);
    let (status, _, pdf) = get_bytes(&anonymous, &app.url(&format!("/meetings/{}/record.pdf", m.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_lacks(&pdf_text(&pdf), "Kanarialintu");
    let reply = api(&app, Method::GET, &format!("/api/v1/meetings/{}/published-record", m.id), None, &[], None).await.expect(200);
    assert_lacks(&reply.text, RECIPIENT);
    let stored: Vec<String> = sqlx::query_scalar("SELECT content FROM minutes_publications").fetch_all(s.pool()).await.expect("content");
    assert!(stored.iter().all(|c| !c.contains("Kanarialintu")), "the public copy holds no recipient");

    // A decision is notified after it is checked and published too: the secretary logs it
    // with the page's form, linked from the minutes.
    let (_, _, html) = get(&secretary, &app.url(&minutes_path)).await;
    let new_form = format!("/regions/07/new/party-notification?item_id={}", it.id);
    assert_contains(&html, &format!("href=\"{}\"", new_form.replace('&', "&amp;")));
    let (status, _, html) = get(&secretary, &app.url(&new_form)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let item_id = it.id.to_string();
    let form = [
        ("csrf", csrf_of(&html)),
        ("item_id", item_id),
        ("recipient", "Toinen Asianosainen".to_owned()),
        ("method", "electronic".to_owned()),
        ("sent_on", "2026-12-17".to_owned()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, body) = post_form(&secretary, &app.url("/regions/07/new/party-notification"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(count(s, "party_notifications").await, 2);
    // Received on Sunday 20 December; 14 days end on Sunday 3 January 2027: Monday the 4th.
    let (_, _, html) = get(&secretary, &app.url(&minutes_path)).await;
    assert_contains(
        &html,
        "<td>Toinen Asianosainen</td><td>Sähköinen tiedoksianto (laki 13/2003 19 §)</td><td>17.12.2026</td><td>20.12.2026</td><td>4.1.2027</td>",
    );
    let (_, _, html) = get(&anonymous, &app.url(&format!("/meetings/{}/record", m.id))).await;
    assert_lacks(&html, "Toinen Asianosainen");
}

/// R2.12: a notification's edit form, like the API, names the recipient only to those
/// who keep the record.
async fn the_notification_form_names_the_recipient_only_to_those_who_keep_the_record(store: &Store) {
    let (app, f) = app(store.backend()).await;
    let s = &app.store;
    let (m, _) = board_meeting(s, &f, "2026-02-25").await;
    let it = item(s, &f, item_input(&m, "Avustuspäätös")).await;
    create_as::<ItemRecord>(s, &f.sec, f.region.id, decided(&it, Outcome::Decided, Some(Appeal::Rectification))).await;
    let input = PartyNotificationInput {
        item_id: it.id,
        recipient: RECIPIENT.into(),
        method: NotificationMethod::Letter,
        sent_on: d("2026-03-02"),
    };
    let notification = create_as::<PartyNotification>(s, &f.sec, f.region.id, input).await;
    let path = format!("/edit/party-notification/{}", notification.id);
    let secretary = sign_in(&app, SECRETARY).await;
    let (status, _, html) = get(&secretary, &app.url(&path)).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, RECIPIENT);
    let member = sign_in(&app, MEMBER).await;
    let outsider = sign_in(&app, OUTSIDER).await;
    let mut shown = Vec::new();
    for (who, browser) in [("a member", member), ("another forum's secretary", outsider), ("the public", visitor())] {
        let (status, _, html) = get(&browser, &app.url(&path)).await;
        if status == StatusCode::OK || html.contains(RECIPIENT) {
            shown.push(format!("{who}: {status}, the recipient shown: {}", html.contains(RECIPIENT)));
        }
    }
    assert!(shown.is_empty(), "the form is shown to\n{}", shown.join("\n"));
}

both_backends!(
    the_notification_form_names_the_recipient_only_to_those_who_keep_the_record,
    personal_data_stays_until_the_day_after_the_rectification_period,
    an_unchecked_record_is_not_published_and_nothing_is_written,
    each_identifier_is_listed_and_must_be_kept_or_taken_out,
    kept_identifiers_leave_the_public_copy_on_their_day_and_stay_in_the_checked_version,
    names_in_titles_and_vote_motions_are_found_and_taken_out_too,
    publishing_the_same_version_again_neither_restarts_the_period_nor_brings_data_back,
    nothing_of_a_secret_item_reaches_the_public_but_its_number_title_and_marking,
    the_public_record_is_noindex_while_personal_data_remain_in_it,
    a_corrected_record_is_published_again_as_its_new_version,
    the_api_publishes_only_with_the_version_and_for_the_secretary,
    a_formal_bodys_minutes_print_the_organisations_own_appeal_instructions,
    notified_parties_are_seen_only_by_those_who_keep_the_record,
);
