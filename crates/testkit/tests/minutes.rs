//! Minutes and memos as users rely on them, every test on SQLite (`sqlite::…`) and on a
//! throw-away PostgreSQL (`postgres::…`): starting the record of a meeting (R2.1), who
//! took part (R2.2, R2.3), what each item reached (R0.1) with the quorum and
//! disqualifications (R2.2, R2.6), votes (R2.7), the checking workflow and its frozen
//! versions (R2.10), a memo approved at the next meeting, the actions agreed, the parties'
//! ratifications, who may write, and stale writes; the checkers asked by e-mail, an item
//! checked at the meeting and a checker disqualified everywhere (R2.10), a dissenter's
//! written reasons (R2.8), appeal instructions with their provisions and an organisation's
//! own templates (R2.11), and the parties notified with their deadlines (R2.12).

use foorumi_core::permissions::Actor;
use foorumi_core::rules;
use foorumi_core::*;
use foorumi_store::agendas::{self, FollowUpText};
use foorumi_store::audit;
use foorumi_store::minutes;
use foorumi_store::records::{self, Record};
use foorumi_store::{Error, Store};
use foorumi_testkit::both_backends;
use foorumi_testkit::fixtures::{
    admin, assert_forbidden, at, author, count, create, create_as, create_paijat_hame, d, fields, forum, hm, item as item_input,
    meeting as meeting_input, pair, party, person, seat as seat_input,
};

// ---- helpers --------------------------------------------------------------------------

/// Creates a record as `actor`, which must succeed.
async fn write<R: Record>(store: &Store, actor: &Actor, f: &Fixture, input: R::Input) -> R {
    create_as::<R>(store, actor, f.region.id, input).await
}

fn assert_stale<T: std::fmt::Debug>(result: Result<T, Error>, current: i64) {
    match result {
        Err(Error::Stale { current: c }) => assert_eq!(c, current, "the current version in the stale error"),
        other => panic!("expected Stale, got {other:?}"),
    }
}

/// What a refused write must leave as it was: the rows of the record's tables and the
/// audit log's head.
async fn snapshot(store: &Store) -> Vec<(&'static str, i64)> {
    let mut result = Vec::new();
    for table in [
        "minutes",
        "minute_checkers",
        "presences",
        "item_records",
        "disqualifications",
        "votes",
        "vote_ballots",
        "dissents",
        "actions",
        "ratifications",
        "minutes_versions",
        "outbox",
        "appeal_templates",
        "party_notifications",
        "audit_log",
    ] {
        result.push((table, count(store, table).await));
    }
    result.push(("audit_head", store.register_version().await.expect("audit head")));
    result
}

/// A forum of `legal_type` whose minutes `approval` approves.
fn forum_input(fi: &str, level: ForumLevel, legal_type: LegalType, approval: MinutesApproval) -> ForumInput {
    ForumInput { legal_type, minutes_approval: approval, ..forum(fi, level) }
}

fn signed_in(user: Id, person: &Person, forum: &Forum, secretary: bool) -> Actor {
    Actor {
        user_id: Some(user),
        secretary_of: if secretary { vec![forum.id] } else { vec![] },
        member_of: vec![forum.id],
        person_id: Some(person.id),
        ..Actor::default()
    }
}

/// Päijät-Häme with the regional board (a formal body approving its minutes by checkers:
/// a chair, five members and a secretary, so six member seats and a quorum of four), the
/// municipal managers' meeting (a cooperation forum whose memo the next meeting
/// approves), and the safety forum PHTURVA with a secretary of its own.
struct Fixture {
    region: Region,
    lahti: Party,
    hollola: Party,
    board: Forum,
    managers: Forum,
    chair: Person,
    /// The board's five members, in seat order.
    members: Vec<Person>,
    secretary: Person,
    /// A deputy who sits in for a member.
    deputy: Person,
    manager: Person,
    manager_secretary: Person,
    chair_seat: Seat,
    member_seats: Vec<Seat>,
    secretary_seat: Seat,
    manager_seat: Seat,
    /// The board's secretary, as the store sees them.
    sec: Actor,
    /// The board's members, as the store sees them (the first two check the minutes).
    mem: Vec<Actor>,
    /// The managers' meeting's secretary and a member of it.
    manager_sec: Actor,
    manager_mem: Actor,
    /// PHTURVA's secretary.
    other_sec: Actor,
    /// The party administrator of Lahti.
    lahti_admin: Actor,
}

async fn fixture(store: &Store) -> Fixture {
    let region = create_paijat_hame(store).await;
    let r = region.id;
    let council = create::<Party>(store, r, party(PartyKind::RegionalCouncil, None, "Päijät-Hämeen liitto")).await;
    let lahti = create::<Party>(store, r, party(PartyKind::Municipality, Some("398"), "Lahti")).await;
    let hollola = create::<Party>(store, r, party(PartyKind::Municipality, Some("098"), "Hollola")).await;
    let term = create::<CouncilTerm>(store, r, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let board =
        create::<Forum>(store, r, forum_input("Maakuntahallitus", ForumLevel::Strategic, LegalType::FormalBody, MinutesApproval::Checkers))
            .await;
    let managers = create::<Forum>(
        store,
        r,
        forum_input("Kuntajohtajakokous", ForumLevel::Tactical, LegalType::CooperationForum, MinutesApproval::NextMeeting),
    )
    .await;
    let phturva = create::<Forum>(
        store,
        r,
        forum_input("Päijät-Hämeen turvallisuusfoorumi", ForumLevel::Operational, LegalType::CooperationForum, MinutesApproval::Checkers),
    )
    .await;
    let chair = create::<Person>(store, r, person("Paula Puheenjohtaja", &lahti)).await;
    let mut members = Vec::new();
    for (name, party) in
        [("Matti Jäsen", &lahti), ("Maija Jäsen", &hollola), ("Mikko Jäsen", &lahti), ("Minna Jäsen", &hollola), ("Markku Jäsen", &lahti)]
    {
        members.push(create::<Person>(store, r, person(name, party)).await);
    }
    let secretary = create::<Person>(store, r, person("Sanna Sihteeri", &council)).await;
    let deputy = create::<Person>(store, r, person("Ville Varajäsen", &hollola)).await;
    let manager = create::<Person>(store, r, person("Lahden kaupunginjohtaja", &lahti)).await;
    let manager_secretary = create::<Person>(store, r, person("Liiton kuntayhteistyöpäällikkö", &council)).await;
    let phturva_secretary = create::<Person>(store, r, person("Turvallisuusfoorumin sihteeri", &council)).await;
    let seat = |forum: &Forum, person: &Person, party: &Party, role| SeatInput {
        person_id: Some(person.id),
        ..seat_input(forum, &term, party, role)
    };
    let chair_seat = create::<Seat>(store, r, seat(&board, &chair, &lahti, SeatRole::Chair)).await;
    let mut member_seats = Vec::new();
    for person in &members {
        let party = if person.input.party_id == Some(lahti.id) { &lahti } else { &hollola };
        member_seats.push(create::<Seat>(store, r, seat(&board, person, party, SeatRole::Member)).await);
    }
    let secretary_seat = create::<Seat>(store, r, seat(&board, &secretary, &council, SeatRole::Secretary)).await;
    create::<Seat>(store, r, seat(&managers, &manager_secretary, &council, SeatRole::Secretary)).await;
    let manager_seat = create::<Seat>(store, r, seat(&managers, &manager, &lahti, SeatRole::Member)).await;
    create::<Seat>(store, r, seat(&phturva, &phturva_secretary, &council, SeatRole::Secretary)).await;
    let sec = signed_in(9001, &secretary, &board, true);
    let mem = members.iter().enumerate().map(|(i, p)| signed_in(9100 + i as Id, p, &board, false)).collect();
    let manager_sec = signed_in(9002, &manager_secretary, &managers, true);
    let manager_mem = signed_in(9003, &manager, &managers, false);
    let other_sec = signed_in(9004, &phturva_secretary, &phturva, true);
    let lahti_admin = Actor { user_id: Some(9005), party_admin: vec![lahti.id], ..Actor::default() };
    Fixture {
        region,
        lahti,
        hollola,
        board,
        managers,
        chair,
        members,
        secretary,
        deputy,
        manager,
        manager_secretary,
        chair_seat,
        member_seats,
        secretary_seat,
        manager_seat,
        sec,
        mem,
        manager_sec,
        manager_mem,
        other_sec,
        lahti_admin,
    }
}

async fn meeting(store: &Store, f: &Fixture, forum: &Forum, date: &str) -> Meeting {
    meeting_with(store, f, forum, date, MeetingStatus::Planned).await
}

async fn meeting_with(store: &Store, f: &Fixture, forum: &Forum, date: &str, status: MeetingStatus) -> Meeting {
    let input = MeetingInput {
        status,
        cancel_reason: if status == MeetingStatus::Cancelled { "Ei käsiteltäviä asioita".into() } else { String::new() },
        ..meeting_input(forum, date)
    };
    create::<Meeting>(store, f.region.id, input).await
}

/// Adds an agenda item to a meeting (as an administrator).
async fn item(store: &Store, f: &Fixture, meeting: &Meeting, title: &str) -> AgendaItem {
    create::<AgendaItem>(store, f.region.id, item_input(meeting, title)).await
}

fn minutes_input(meeting: &Meeting, checkers: &[&Person]) -> MinutesInput {
    MinutesInput {
        meeting_id: meeting.id,
        chair_id: None,
        secretary_id: None,
        checker_ids: checkers.iter().map(|p| p.id).collect(),
        opened_at: None,
        closed_at: None,
    }
}

/// The input of a record whose chair, secretary and times are all filled in.
fn complete_input(minutes: &Minutes, chair: &Person, secretary: &Person) -> MinutesInput {
    MinutesInput {
        chair_id: Some(chair.id),
        secretary_id: Some(secretary.id),
        opened_at: Some(hm("09:02")),
        closed_at: Some(hm("10:48")),
        ..minutes.input.clone()
    }
}

async fn update_minutes(store: &Store, actor: &Actor, minutes: &Minutes, input: MinutesInput) -> Minutes {
    records::update::<Minutes>(store, actor, &author(), minutes.id, minutes.version, input).await.expect("update the minutes")
}

async fn current(store: &Store, minutes: &Minutes) -> Minutes {
    records::get::<Minutes>(store, minutes.id).await.expect("the minutes")
}

fn presence(meeting: &Meeting, seat: &Seat, presence: Presence) -> PresenceInput {
    PresenceInput {
        meeting_id: meeting.id,
        seat_id: seat.id,
        presence,
        deputy_id: None,
        verification: None,
        arrived_item_id: None,
        left_item_id: None,
    }
}

fn outcome(item: &AgendaItem, outcome: Outcome) -> ItemRecordInput {
    ItemRecordInput {
        item_id: item.id,
        discussion: "Keskusteltiin.".into(),
        outcome: Some(outcome),
        outcome_text: format!("{} hyväksyttiin.", item.input.title),
        appeal: None,
        appeal_basis: String::new(),
    }
}

fn disqualified(item: &AgendaItem, person: &Person) -> DisqualificationInput {
    DisqualificationInput {
        item_id: item.id,
        person_id: person.id,
        ground: DisqualificationGround::Hl28Relative,
        decided_by: "Maakuntahallitus".into(),
        left_at: Some(hm("09:30")),
        returned_at: Some(hm("09:45")),
    }
}

async fn record(store: &Store, meeting: &Meeting) -> FullRecord {
    minutes::record_of(store, meeting.id).await.expect("read the record").expect("the record is started")
}

fn approvals(record: &FullRecord) -> Vec<(Id, bool)> {
    record.checkers.iter().map(|c| (c.person_id, c.approved_at.is_some())).collect()
}

/// The board's meeting of 9 March 2027 with two items, everyone present, both items
/// passed, and its minutes complete with Matti and Maija as checkers.
struct Held {
    meeting: Meeting,
    items: Vec<AgendaItem>,
    records: Vec<ItemRecord>,
    minutes: Minutes,
}

async fn held_board_meeting(store: &Store, f: &Fixture) -> Held {
    held_board_meeting_on(store, f, "2027-03-09").await
}

/// `held_board_meeting` on another day.
async fn held_board_meeting_on(store: &Store, f: &Fixture, date: &str) -> Held {
    let meeting = meeting(store, f, &f.board, date).await;
    let items = vec![
        item(store, f, &meeting, "Maakuntaohjelman toteuttamissuunnitelma").await,
        item(store, f, &meeting, "Edunvalvonnan painopisteet").await,
    ];
    let started = minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&meeting, &[&f.members[0], &f.members[1]]))
        .await
        .expect("start the minutes");
    let minutes = update_minutes(store, &f.sec, &started, complete_input(&started, &f.chair, &f.secretary)).await;
    for seat in std::iter::once(&f.chair_seat).chain(&f.member_seats) {
        write::<PresenceRecord>(store, &f.sec, f, presence(&meeting, seat, Presence::Present)).await;
    }
    let mut records = Vec::new();
    for item in &items {
        records.push(write::<ItemRecord>(store, &f.sec, f, outcome(item, Outcome::PassedAsProposed)).await);
    }
    Held { meeting, items, records, minutes }
}

/// Sends the minutes to the checkers and has both approve: checked.
async fn check(store: &Store, f: &Fixture, minutes: &Minutes, when: &str) -> Minutes {
    let minutes = current(store, minutes).await;
    foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await.expect("send to the checkers");
    minutes::approve(store, &f.mem[0], &author(), minutes.id, at(when)).await.expect("the first checker approves");
    let checked = minutes::approve(store, &f.mem[1], &author(), minutes.id, at(when)).await.expect("the second checker approves");
    assert_eq!(checked.status, MinutesStatus::Checked);
    checked
}

// ---- starting the record (R2.1) ---------------------------------------------------------

async fn a_formal_body_keeps_minutes_and_a_forum_a_memo_one_per_meeting(store: &Store) {
    let f = fixture(store).await;
    let board_meeting = meeting(store, &f, &f.board, "2027-03-09").await;
    let managers_meeting = meeting(store, &f, &f.managers, "2027-03-10").await;
    assert!(minutes::record_of(store, board_meeting.id).await.expect("read").is_none(), "no record before it is started");

    let board_minutes = minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&board_meeting, &[&f.members[0]]))
        .await
        .expect("the board's secretary starts the minutes");
    assert_eq!(board_minutes.kind, RecordKind::Minutes);
    assert_eq!(board_minutes.approval, MinutesApproval::Checkers);
    assert_eq!(board_minutes.status, MinutesStatus::Draft);
    assert_eq!(board_minutes.forum_id, f.board.id);
    assert_eq!(board_minutes.checked_version, 0);
    assert_eq!(board_minutes.input.checker_ids, [f.members[0].id]);
    assert_eq!(records::get::<Minutes>(store, board_minutes.id).await.expect("read back"), board_minutes);

    let memo = minutes::start(store, &f.manager_sec, &author(), f.region.id, minutes_input(&managers_meeting, &[]))
        .await
        .expect("the managers' secretary starts the memo");
    assert_eq!(memo.kind, RecordKind::Memo);
    assert_eq!(memo.approval, MinutesApproval::NextMeeting);
    assert_eq!(memo.forum_id, f.managers.id);

    // One record a meeting.
    let before = snapshot(store).await;
    assert_eq!(
        fields(minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&board_meeting, &[])).await),
        [pair("meeting_id", "error-minutes-exist")]
    );
    assert_eq!(snapshot(store).await, before);
    // A memo approved at the next meeting has no checkers.
    let other_managers_meeting = meeting(store, &f, &f.managers, "2027-04-13").await;
    let before_checkers = snapshot(store).await;
    assert_eq!(
        fields(minutes::start(store, &f.manager_sec, &author(), f.region.id, minutes_input(&other_managers_meeting, &[&f.manager])).await),
        [pair("checker_ids", "error-checkers-not-used")]
    );
    assert_eq!(snapshot(store).await, before_checkers);
    // A cancelled meeting has nothing to record.
    let cancelled = meeting_with(store, &f, &f.board, "2027-04-13", MeetingStatus::Cancelled).await;
    let before_cancelled = snapshot(store).await;
    assert_eq!(
        fields(minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&cancelled, &[])).await),
        [pair("meeting_id", "error-minutes-cancelled-meeting")]
    );
    assert_eq!(snapshot(store).await, before_cancelled);
    assert!(minutes::record_of(store, cancelled.id).await.expect("read").is_none());
    assert_eq!(count(store, "minutes").await, 2);
}

// ---- presence (R2.2, R2.3) ----------------------------------------------------------------

async fn presence_needs_a_verified_remote_a_named_deputy_and_a_seat_of_the_meeting(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &f.board, "2027-03-09").await;
    minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&m, &[])).await.expect("start");
    let before = snapshot(store).await;

    let remote = presence(&m, &f.member_seats[0], Presence::Remote);
    assert_eq!(
        fields(records::create::<PresenceRecord>(store, &f.sec, &author(), f.region.id, remote.clone()).await),
        [pair("verification", "error-verification-required")]
    );
    let substituted = presence(&m, &f.member_seats[1], Presence::Substituted);
    assert_eq!(
        fields(records::create::<PresenceRecord>(store, &f.sec, &author(), f.region.id, substituted.clone()).await),
        [pair("deputy_id", "error-deputy-required")]
    );
    let other_forum = presence(&m, &f.manager_seat, Presence::Present);
    assert_eq!(
        fields(records::create::<PresenceRecord>(store, &f.sec, &author(), f.region.id, other_forum).await),
        [pair("seat_id", "error-seat-not-in-meeting")]
    );
    assert_eq!(snapshot(store).await, before, "refused presences write nothing");

    let remote = write::<PresenceRecord>(store, &f.sec, &f, PresenceInput { verification: Some(Verification::Video), ..remote }).await;
    assert_eq!(remote.forum_id, f.board.id);
    assert_eq!(remote.input.verification, Some(Verification::Video));
    let substituted = write::<PresenceRecord>(store, &f.sec, &f, PresenceInput { deputy_id: Some(f.deputy.id), ..substituted }).await;
    assert_eq!(records::get::<PresenceRecord>(store, substituted.id).await.expect("read back"), substituted);
    assert_eq!(substituted.input.deputy_id, Some(f.deputy.id));

    // One presence a seat; the presence itself may be corrected.
    let before = snapshot(store).await;
    assert_eq!(
        fields(
            records::create::<PresenceRecord>(store, &f.sec, &author(), f.region.id, presence(&m, &f.member_seats[0], Presence::Absent))
                .await
        ),
        [pair("seat_id", "error-presence-exists")]
    );
    assert_eq!(snapshot(store).await, before);
    let corrected = records::update::<PresenceRecord>(
        store,
        &f.sec,
        &author(),
        remote.id,
        remote.version,
        PresenceInput { verification: Some(Verification::IdentifiedLogin), ..remote.input.clone() },
    )
    .await
    .expect("correct the presence");
    assert_eq!(corrected.input.verification, Some(Verification::IdentifiedLogin));
    assert_eq!(corrected.version, remote.version + 1);
    let presences = record(store, &m).await.presences;
    assert_eq!(presences.iter().map(|p| p.input.seat_id).collect::<Vec<_>>(), [f.member_seats[0].id, f.member_seats[1].id]);
}

// ---- item records: outcome, quorum, disqualification, votes (R0.1, R2.2, R2.6, R2.7) ---

async fn a_forum_reaches_no_decisions(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &f.managers, "2027-03-10").await;
    let it = item(store, &f, &m, "Kuntien yhteinen elinvoimaohjelma").await;
    minutes::start(store, &f.manager_sec, &author(), f.region.id, minutes_input(&m, &[])).await.expect("start the memo");
    let before = snapshot(store).await;
    for decision in [Outcome::Decided, Outcome::PassedAsProposed, Outcome::Rejected, Outcome::Tabled] {
        assert_eq!(
            fields(records::create::<ItemRecord>(store, &f.manager_sec, &author(), f.region.id, outcome(&it, decision)).await),
            [pair("outcome", "error-outcome-not-for-forum")],
            "{decision:?}"
        );
    }
    assert_eq!(snapshot(store).await, before);
    let recommended = write::<ItemRecord>(store, &f.manager_sec, &f, outcome(&it, Outcome::Recommendation)).await;
    assert_eq!(recommended.input.outcome, Some(Outcome::Recommendation));
    assert_eq!(recommended.meeting_id, m.id);
    assert_eq!(recommended.forum_id, f.managers.id);
    // One record an item.
    assert_eq!(
        fields(records::create::<ItemRecord>(store, &f.manager_sec, &author(), f.region.id, outcome(&it, Outcome::Noted)).await),
        [pair("item_id", "error-item-record-exists")]
    );
    // A decision cannot be slipped in afterwards either.
    assert_eq!(
        fields(
            records::update::<ItemRecord>(
                store,
                &f.manager_sec,
                &author(),
                recommended.id,
                recommended.version,
                outcome(&it, Outcome::Decided)
            )
            .await
        ),
        [pair("outcome", "error-outcome-not-for-forum")]
    );
    // A forum does not vote.
    let vote = VoteInput {
        item_id: it.id,
        yes_proposal: "Esityksen mukaan".into(),
        no_proposal: "Palautetaan valmisteluun".into(),
        chair_id: f.manager.id,
        ballots: vec![BallotInput { person_id: f.manager.id, ballot: Ballot::Yes }],
    };
    let before = snapshot(store).await;
    assert_eq!(
        fields(records::create::<Vote>(store, &f.manager_sec, &author(), f.region.id, vote).await),
        [pair("item_id", "error-vote-not-for-forum")]
    );
    assert_eq!(snapshot(store).await, before);
}

async fn a_formal_body_decides_only_with_a_quorum_less_those_disqualified(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &f.board, "2027-03-09").await;
    let first = item(store, &f, &m, "Maakuntaohjelman toteuttamissuunnitelma").await;
    let second = item(store, &f, &m, "Hankerahoituksen myöntäminen").await;
    let third = item(store, &f, &m, "Lausunto liikennejärjestelmäsuunnitelmasta").await;
    minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&m, &[])).await.expect("start");

    // Six member seats (the chair and five members): four make a quorum. The chair in the
    // room, a member remotely, a deputy for another: three. The secretary's presence and
    // an absent member do not count.
    write::<PresenceRecord>(store, &f.sec, &f, presence(&m, &f.chair_seat, Presence::Present)).await;
    write::<PresenceRecord>(
        store,
        &f.sec,
        &f,
        PresenceInput { verification: Some(Verification::Video), ..presence(&m, &f.member_seats[0], Presence::Remote) },
    )
    .await;
    write::<PresenceRecord>(
        store,
        &f.sec,
        &f,
        PresenceInput { deputy_id: Some(f.deputy.id), ..presence(&m, &f.member_seats[1], Presence::Substituted) },
    )
    .await;
    write::<PresenceRecord>(store, &f.sec, &f, presence(&m, &f.secretary_seat, Presence::Present)).await;
    write::<PresenceRecord>(store, &f.sec, &f, presence(&m, &f.member_seats[3], Presence::Absent)).await;
    let before = snapshot(store).await;
    assert_eq!(
        fields(records::create::<ItemRecord>(store, &f.sec, &author(), f.region.id, outcome(&first, Outcome::PassedAsProposed)).await),
        [pair("outcome", "error-no-quorum")]
    );
    assert_eq!(snapshot(store).await, before);
    // What is not a decision can be recorded without a quorum.
    let noted = write::<ItemRecord>(store, &f.sec, &f, outcome(&third, Outcome::Noted)).await;

    // A fourth member arrives: a quorum.
    write::<PresenceRecord>(store, &f.sec, &f, presence(&m, &f.member_seats[2], Presence::Present)).await;
    let passed = write::<ItemRecord>(store, &f.sec, &f, outcome(&first, Outcome::PassedAsProposed)).await;
    assert_eq!(passed.input.outcome, Some(Outcome::PassedAsProposed));

    // The member present in the room leaves the second item as disqualified: three again,
    // for that item only.
    let disqualification = write::<Disqualification>(store, &f.sec, &f, disqualified(&second, &f.members[2])).await;
    assert_eq!(disqualification.forum_id, f.board.id);
    assert_eq!(disqualification.input.left_at, Some(hm("09:30")));
    let before = snapshot(store).await;
    assert_eq!(
        fields(records::create::<ItemRecord>(store, &f.sec, &author(), f.region.id, outcome(&second, Outcome::PassedAsProposed)).await),
        [pair("outcome", "error-no-quorum")]
    );
    assert_eq!(snapshot(store).await, before);
    // The first item keeps its quorum: its record may still be edited as a decision.
    records::update::<ItemRecord>(
        store,
        &f.sec,
        &author(),
        passed.id,
        passed.version,
        ItemRecordInput { outcome_text: "Hyväksyttiin esityksen mukaan.".into(), ..passed.input.clone() },
    )
    .await
    .expect("the first item keeps its quorum");
    // A deputy who is disqualified does not count either.
    write::<Disqualification>(store, &f.sec, &f, disqualified(&third, &f.deputy)).await;
    assert_eq!(
        fields(
            records::update::<ItemRecord>(store, &f.sec, &author(), noted.id, noted.version, outcome(&third, Outcome::PassedAsProposed))
                .await
        ),
        [pair("outcome", "error-no-quorum")]
    );
    // One disqualification a person an item.
    assert_eq!(
        fields(records::create::<Disqualification>(store, &f.sec, &author(), f.region.id, disqualified(&second, &f.members[2])).await),
        [pair("person_id", "error-disqualification-exists")]
    );
    // A fifth member present restores the quorum of the second item.
    write::<PresenceRecord>(store, &f.sec, &f, presence(&m, &f.member_seats[4], Presence::Present)).await;
    write::<ItemRecord>(store, &f.sec, &f, outcome(&second, Outcome::PassedAsProposed)).await;
    let full = record(store, &m).await;
    assert_eq!(full.disqualifications.len(), 2);
    assert_eq!(full.records.len(), 3);
}

async fn a_vote_is_kept_with_its_ballots(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &f.board, "2027-03-09").await;
    let it = item(store, &f, &m, "Hankerahoituksen myöntäminen").await;
    minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&m, &[])).await.expect("start");
    let ballots = vec![
        BallotInput { person_id: f.chair.id, ballot: Ballot::No },
        BallotInput { person_id: f.members[0].id, ballot: Ballot::Yes },
        BallotInput { person_id: f.members[1].id, ballot: Ballot::No },
        BallotInput { person_id: f.members[2].id, ballot: Ballot::Yes },
        BallotInput { person_id: f.members[3].id, ballot: Ballot::Blank },
        BallotInput { person_id: f.members[4].id, ballot: Ballot::Absent },
    ];
    let input = VoteInput {
        item_id: it.id,
        yes_proposal: "Esityksen mukaan".into(),
        no_proposal: "Jäsen Jäsenen vastaehdotus".into(),
        chair_id: f.chair.id,
        ballots: ballots.clone(),
    };
    let vote = write::<Vote>(store, &f.sec, &f, input.clone()).await;
    assert_eq!(vote.forum_id, f.board.id);
    assert_eq!(vote.input, input);
    let read = records::get::<Vote>(store, vote.id).await.expect("read back");
    assert_eq!(read, vote);
    assert_eq!(read.input.ballots, ballots, "the ballots in their order");
    let result = rules::vote_result(&read.input);
    assert_eq!((result.yes, result.no, result.blank, result.absent), (2, 2, 1, 1));
    assert_eq!(result.winner, rules::VoteWinner::No, "the chair's side wins a tie");
    assert!(result.tie_broken_by_chair);
    assert_eq!(record(store, &m).await.votes, std::slice::from_ref(&read));

    // Replacing the ballots replaces them all.
    let fewer = VoteInput { ballots: ballots[..2].to_vec(), ..input.clone() };
    let updated = records::update::<Vote>(store, &f.sec, &author(), vote.id, vote.version, fewer.clone()).await.expect("update");
    assert_eq!(records::get::<Vote>(store, vote.id).await.expect("read back").input.ballots, fewer.ballots);
    assert_eq!(count(store, "vote_ballots").await, 2);
    // Nobody votes twice.
    let twice = VoteInput {
        ballots: vec![
            BallotInput { person_id: f.chair.id, ballot: Ballot::Yes },
            BallotInput { person_id: f.chair.id, ballot: Ballot::No },
        ],
        ..input
    };
    let before = snapshot(store).await;
    assert_eq!(
        fields(records::update::<Vote>(store, &f.sec, &author(), updated.id, updated.version, twice).await),
        [pair("ballots", "error-ballot-twice")]
    );
    assert_eq!(snapshot(store).await, before);
}

// ---- the checking workflow (R2.9, R2.10) ---------------------------------------------------

async fn minutes_go_to_their_checkers_only_when_complete(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &f.board, "2027-03-09").await;
    let first = item(store, &f, &m, "Maakuntaohjelman toteuttamissuunnitelma").await;
    let second = item(store, &f, &m, "Edunvalvonnan painopisteet").await;
    let started =
        minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&m, &[&f.members[0], &f.members[1]])).await.expect("start");
    for seat in std::iter::once(&f.chair_seat).chain(&f.member_seats) {
        write::<PresenceRecord>(store, &f.sec, &f, presence(&m, seat, Presence::Present)).await;
    }
    write::<ItemRecord>(store, &f.sec, &f, ItemRecordInput { outcome: None, ..outcome(&first, Outcome::PassedAsProposed) }).await;

    // Everything missing is listed: the times, the chair, the secretary, each item's outcome.
    let before = snapshot(store).await;
    let missing = fields(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), started.id, started.version).await);
    assert_eq!(
        missing,
        [
            pair("opened_at", "error-required"),
            pair("closed_at", "error-required"),
            pair("chair_id", "error-required"),
            pair("secretary_id", "error-required"),
            pair(&format!("items.{}.outcome", first.id), "error-outcome-missing"),
            pair(&format!("items.{}.outcome", second.id), "error-outcome-missing"),
        ]
    );
    assert_eq!(snapshot(store).await, before);

    let filled = update_minutes(store, &f.sec, &started, complete_input(&started, &f.chair, &f.secretary)).await;
    let first_record = record(store, &m).await.records.into_iter().find(|r| r.input.item_id == first.id).expect("the first item's record");
    records::update::<ItemRecord>(
        store,
        &f.sec,
        &author(),
        first_record.id,
        first_record.version,
        outcome(&first, Outcome::PassedAsProposed),
    )
    .await
    .expect("record the outcome");
    assert_eq!(
        fields(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), filled.id, filled.version).await),
        [pair(&format!("items.{}.outcome", second.id), "error-outcome-missing")]
    );
    write::<ItemRecord>(store, &f.sec, &f, outcome(&second, Outcome::Amended)).await;

    // Without checkers nobody could check it.
    let without = update_minutes(store, &f.sec, &filled, MinutesInput { checker_ids: vec![], ..filled.input.clone() }).await;
    let before = snapshot(store).await;
    assert_eq!(
        fields(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), without.id, without.version).await),
        [pair("checker_ids", "error-checkers-required")]
    );
    assert_eq!(snapshot(store).await, before);
    let checkers = vec![f.members[0].id, f.members[1].id];
    let with = update_minutes(store, &f.sec, &without, MinutesInput { checker_ids: checkers, ..without.input.clone() }).await;
    // A member may not send it; an old version is stale.
    let before = snapshot(store).await;
    assert_forbidden(foorumi_testkit::send_to_checkers(store, &f.mem[2], &author(), with.id, with.version).await);
    assert_stale(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), with.id, with.version - 1).await, with.version);
    assert_eq!(snapshot(store).await, before);

    let sent = foorumi_testkit::send_to_checkers(store, &f.sec, &author(), with.id, with.version).await.expect("send");
    assert_eq!(sent.status, MinutesStatus::Checking);
    assert_eq!(sent.version, with.version + 1);
    assert_eq!(current(store, &with).await, sent);
    // Only a draft is sent.
    assert_eq!(
        fields(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), sent.id, sent.version).await),
        [pair("status", "error-minutes-not-draft")]
    );
}

async fn every_checker_approves_once_and_an_edit_asks_them_again(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let (matti, maija) = (&f.members[0], &f.members[1]);
    let minutes = current(store, &held.minutes).await;
    let sent = foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await.expect("send");

    // A member who is not a checker, and someone from another forum.
    let before = snapshot(store).await;
    assert_eq!(
        fields(minutes::approve(store, &f.mem[2], &author(), sent.id, at("2027-03-10 12:00")).await),
        [pair("checker", "error-not-a-checker")]
    );
    assert_forbidden(minutes::approve(store, &f.other_sec, &author(), sent.id, at("2027-03-10 12:00")).await);
    assert_eq!(snapshot(store).await, before);

    let approved = minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-10 12:00")).await.expect("Matti approves");
    assert_eq!(approved.status, MinutesStatus::Checking, "one checker of two");
    assert_eq!(approvals(&record(store, &held.meeting).await), [(matti.id, true), (maija.id, false)]);
    assert_eq!(record(store, &held.meeting).await.checkers[0].approved_at.as_deref(), Some("2027-03-10T12:00:00"));
    let before = snapshot(store).await;
    assert_eq!(
        fields(minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-10 12:05")).await),
        [pair("checker", "error-already-approved")]
    );
    assert_eq!(snapshot(store).await, before);

    // A checker's comment stays with the record.
    minutes::comment(store, &f.mem[1], &author(), sent.id, "  § 2: lisätään päätökseen määräaika.  ").await.expect("Maija comments");
    assert_eq!(record(store, &held.meeting).await.checkers[1].comment, "§ 2: lisätään päätökseen määräaika.");

    // The secretary corrects the item: Matti approves again what he now sees.
    let second = &held.records[1];
    records::update::<ItemRecord>(
        store,
        &f.sec,
        &author(),
        second.id,
        second.version,
        ItemRecordInput { outcome_text: "Hyväksyttiin; määräaika 30.6.2027.".into(), ..second.input.clone() },
    )
    .await
    .expect("edit while checking");
    assert_eq!(approvals(&record(store, &held.meeting).await), [(matti.id, false), (maija.id, false)]);
    assert_eq!(current(store, &sent).await.status, MinutesStatus::Checking);

    // So does an edit of the record's own details: the closing time.
    minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-10 13:00")).await.expect("Matti approves again");
    let now = current(store, &sent).await;
    update_minutes(store, &f.sec, &now, MinutesInput { closed_at: Some(hm("10:55")), ..now.input.clone() }).await;
    assert_eq!(approvals(&record(store, &held.meeting).await), [(matti.id, false), (maija.id, false)]);

    // And a new presence.
    minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-10 13:10")).await.expect("Matti approves again");
    write::<PresenceRecord>(store, &f.sec, &f, presence(&held.meeting, &f.secretary_seat, Presence::Present)).await;
    assert_eq!(approvals(&record(store, &held.meeting).await), [(matti.id, false), (maija.id, false)]);

    // Both approve: checked, as version 1, kept exactly as it was checked.
    minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-11 08:00")).await.expect("Matti approves");
    let checked = minutes::approve(store, &f.mem[1], &author(), sent.id, at("2027-03-11 09:30")).await.expect("Maija approves");
    assert_eq!(checked.status, MinutesStatus::Checked);
    assert_eq!(checked.checked_version, 1);
    assert_eq!(checked.correction_reason, "");
    let now = record(store, &held.meeting).await;
    assert_eq!(now.minutes, checked);
    assert_eq!(approvals(&now), [(matti.id, true), (maija.id, true)]);
    let versions = minutes::versions(store, checked.id).await.expect("versions");
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].number, 1);
    assert_eq!(versions[0].reason, "");
    assert_eq!(versions[0].checked_at, "2027-03-11T09:30:00");
    assert_eq!(versions[0].record, now, "the version is the record as checked");
    assert_eq!(versions[0].record.records[1].input.outcome_text, "Hyväksyttiin; määräaika 30.6.2027.");
    // Nothing more to approve.
    assert_eq!(
        fields(minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-11 10:00")).await),
        [pair("status", "error-minutes-not-checking")]
    );
}

async fn a_checked_record_changes_only_through_a_correction_that_becomes_a_new_version(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let dissent = write::<Dissent>(
        store,
        &f.sec,
        &f,
        DissentInput { item_id: held.items[0].id, person_id: f.members[3].id, reasons: "Vastaehdotukseni hävisi.".into() },
    )
    .await;
    let vote = write::<Vote>(
        store,
        &f.sec,
        &f,
        VoteInput {
            item_id: held.items[0].id,
            yes_proposal: "Esityksen mukaan".into(),
            no_proposal: "Minnan vastaehdotus".into(),
            chair_id: f.chair.id,
            ballots: vec![BallotInput { person_id: f.members[3].id, ballot: Ballot::No }],
        },
    )
    .await;
    let disqualification = write::<Disqualification>(store, &f.sec, &f, disqualified(&held.items[1], &f.members[4])).await;
    let checked = check(store, &f, &held.minutes, "2027-03-11 09:30").await;
    let first_version = minutes::versions(store, checked.id).await.expect("versions");
    assert_eq!(first_version.len(), 1);
    // Another meeting, whose record is open, that no part may be moved to either.
    let other = meeting(store, &f, &f.board, "2027-03-16").await;
    let elsewhere = item(store, &f, &other, "Lausunto liikennejärjestelmäsuunnitelmasta").await;

    // Every part of the record is frozen, and a refused edit leaves everything as it was.
    let before = snapshot(store).await;
    let before_record = record(store, &held.meeting).await;
    let frozen = [pair("minutes", "error-minutes-checked")];
    let rec = &held.records[0];
    let refusals: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "item record",
            fields(
                records::update::<ItemRecord>(
                    store,
                    &f.sec,
                    &author(),
                    rec.id,
                    rec.version,
                    ItemRecordInput { outcome_text: "Muutettu jälkikäteen.".into(), ..rec.input.clone() },
                )
                .await,
            ),
        ),
        (
            "presence",
            fields(
                records::create::<PresenceRecord>(
                    store,
                    &f.sec,
                    &author(),
                    f.region.id,
                    presence(&held.meeting, &f.secretary_seat, Presence::Present),
                )
                .await,
            ),
        ),
        (
            "presence update",
            fields({
                let p = before_record.presences[0].clone();
                records::update::<PresenceRecord>(
                    store,
                    &f.sec,
                    &author(),
                    p.id,
                    p.version,
                    PresenceInput { presence: Presence::Absent, ..p.input.clone() },
                )
                .await
            }),
        ),
        (
            "disqualification",
            fields(
                records::create::<Disqualification>(store, &f.sec, &author(), f.region.id, disqualified(&held.items[0], &f.members[4]))
                    .await,
            ),
        ),
        (
            "disqualification update",
            fields(
                records::update::<Disqualification>(
                    store,
                    &f.sec,
                    &author(),
                    disqualification.id,
                    disqualification.version,
                    DisqualificationInput { decided_by: "Jäsen itse".into(), ..disqualification.input.clone() },
                )
                .await,
            ),
        ),
        (
            "vote",
            fields(
                records::update::<Vote>(
                    store,
                    &f.sec,
                    &author(),
                    vote.id,
                    vote.version,
                    VoteInput { ballots: vec![], ..vote.input.clone() },
                )
                .await,
            ),
        ),
        (
            "dissent",
            fields(
                records::create::<Dissent>(
                    store,
                    &f.sec,
                    &author(),
                    f.region.id,
                    DissentInput { item_id: held.items[1].id, person_id: f.members[2].id, reasons: String::new() },
                )
                .await,
            ),
        ),
        (
            "dissent update",
            fields(
                records::update::<Dissent>(
                    store,
                    &f.sec,
                    &author(),
                    dissent.id,
                    dissent.version,
                    DissentInput { reasons: "Perustelut jälkikäteen.".into(), ..dissent.input.clone() },
                )
                .await,
            ),
        ),
        (
            "item record moved to another meeting",
            fields(records::update::<ItemRecord>(store, &f.sec, &author(), rec.id, rec.version, outcome(&elsewhere, Outcome::Noted)).await),
        ),
        (
            "presence moved to another meeting",
            fields({
                let p = before_record.presences[0].clone();
                records::update::<PresenceRecord>(
                    store,
                    &f.sec,
                    &author(),
                    p.id,
                    p.version,
                    PresenceInput { meeting_id: other.id, ..p.input.clone() },
                )
                .await
            }),
        ),
        (
            "disqualification moved to another meeting",
            fields(
                records::update::<Disqualification>(
                    store,
                    &f.sec,
                    &author(),
                    disqualification.id,
                    disqualification.version,
                    DisqualificationInput { item_id: elsewhere.id, ..disqualification.input.clone() },
                )
                .await,
            ),
        ),
        (
            "vote moved to another meeting",
            fields(
                records::update::<Vote>(
                    store,
                    &f.sec,
                    &author(),
                    vote.id,
                    vote.version,
                    VoteInput { item_id: elsewhere.id, ..vote.input.clone() },
                )
                .await,
            ),
        ),
        (
            "dissent moved to another meeting",
            fields(
                records::update::<Dissent>(
                    store,
                    &f.sec,
                    &author(),
                    dissent.id,
                    dissent.version,
                    DissentInput { item_id: elsewhere.id, ..dissent.input.clone() },
                )
                .await,
            ),
        ),
        (
            "minutes",
            fields(
                records::update::<Minutes>(
                    store,
                    &f.sec,
                    &author(),
                    checked.id,
                    checked.version,
                    MinutesInput { closed_at: Some(hm("11:00")), ..checked.input.clone() },
                )
                .await,
            ),
        ),
    ];
    for (what, errors) in &refusals {
        assert_eq!(errors, &frozen, "{what} after the check");
    }
    assert_eq!(snapshot(store).await, before);
    assert_eq!(record(store, &held.meeting).await, before_record);
    // A checked record goes to no checkers and is approved by no meeting.
    assert_eq!(
        fields(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), checked.id, checked.version).await),
        [pair("status", "error-minutes-not-draft")]
    );

    // A correction needs its reason, and the version the secretary saw.
    assert_eq!(
        fields(minutes::start_correction(store, &f.sec, &author(), checked.id, checked.version, "   ").await),
        [pair("reason", "error-correction-reason")]
    );
    assert_stale(
        minutes::start_correction(store, &f.sec, &author(), checked.id, checked.version - 1, "Kirjoitusvirhe").await,
        checked.version,
    );
    assert_forbidden(minutes::start_correction(store, &f.mem[0], &author(), checked.id, checked.version, "Kirjoitusvirhe").await);
    assert_eq!(snapshot(store).await, before);
    let reason = "§ 1: päätöksestä puuttui määräaika.";
    let draft =
        minutes::start_correction(store, &f.sec, &author(), checked.id, checked.version, &format!("  {reason} ")).await.expect("correct");
    assert_eq!(draft.status, MinutesStatus::Draft);
    assert_eq!(draft.correction_reason, reason);
    assert_eq!(draft.checked_version, 1, "version 1 is still the one in force");
    assert_eq!(approvals(&record(store, &held.meeting).await), [(f.members[0].id, false), (f.members[1].id, false)]);
    assert_eq!(
        fields(minutes::start_correction(store, &f.sec, &author(), draft.id, draft.version, reason).await),
        [pair("status", "error-minutes-not-checked")]
    );

    let rec = records::get::<ItemRecord>(store, held.records[0].id).await.expect("the record");
    records::update::<ItemRecord>(
        store,
        &f.sec,
        &author(),
        rec.id,
        rec.version,
        ItemRecordInput { outcome_text: "Hyväksyttiin; määräaika 30.6.2027.".into(), ..rec.input.clone() },
    )
    .await
    .expect("the correction");
    let rechecked = check(store, &f, &draft, "2027-03-18 10:00").await;
    assert_eq!(rechecked.checked_version, 2);
    assert_eq!(rechecked.correction_reason, "", "the reason stays with the version it explains");
    let versions = minutes::versions(store, checked.id).await.expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0], first_version[0], "the first version is kept as it was checked");
    assert_eq!(versions[0].record.records[0].input.outcome_text, held.records[0].input.outcome_text);
    assert_eq!(versions[1].number, 2);
    assert_eq!(versions[1].reason, reason);
    assert_eq!(versions[1].checked_at, "2027-03-18T10:00:00");
    assert_eq!(versions[1].record, record(store, &held.meeting).await);
    assert_eq!(versions[1].record.records[0].input.outcome_text, "Hyväksyttiin; määräaika 30.6.2027.");
    // The history shows both checks and the correction between them.
    let history: Vec<String> = audit::recent(store, f.region.id, Some(("minutes", checked.id)), 100)
        .await
        .expect("audit log")
        .into_iter()
        .rev()
        .map(|e| e.action)
        .filter(|a| a != "approve" && a != "update")
        .collect();
    assert_eq!(history, ["create", "checking", "checked", "draft", "checking", "checked"]);
}

// ---- a memo approved at the next meeting ------------------------------------------------

async fn approve_memo(store: &Store, f: &Fixture, memo: Minutes, meeting_id: Id) -> Result<Minutes, Error> {
    minutes::approve_at_meeting(store, &f.manager_sec, &author(), memo.id, memo.version, meeting_id, at("2027-04-13 10:00")).await
}

async fn a_memo_is_approved_at_a_later_meeting_of_its_forum(store: &Store) {
    let f = fixture(store).await;
    let earlier = meeting(store, &f, &f.managers, "2027-02-09").await;
    let m = meeting(store, &f, &f.managers, "2027-03-09").await;
    let next = meeting(store, &f, &f.managers, "2027-04-13").await;
    let cancelled = meeting_with(store, &f, &f.managers, "2027-05-11", MeetingStatus::Cancelled).await;
    let board_meeting = meeting(store, &f, &f.board, "2027-04-14").await;
    let it = item(store, &f, &m, "Kuntien yhteinen elinvoimaohjelma").await;
    let memo = minutes::start(store, &f.manager_sec, &author(), f.region.id, minutes_input(&m, &[])).await.expect("start");
    let approve = |memo: &Minutes, meeting: &Meeting| approve_memo(store, &f, memo.clone(), meeting.id);
    // Incomplete: what is missing is listed.
    assert_eq!(
        fields(approve(&memo, &next).await),
        [
            pair("opened_at", "error-required"),
            pair("closed_at", "error-required"),
            pair("chair_id", "error-required"),
            pair("secretary_id", "error-required"),
            pair(&format!("items.{}.outcome", it.id), "error-outcome-missing"),
        ]
    );
    let memo = update_minutes(store, &f.manager_sec, &memo, complete_input(&memo, &f.manager, &f.manager_secretary)).await;
    write::<ItemRecord>(store, &f.manager_sec, &f, outcome(&it, Outcome::Recommendation)).await;
    // A memo has no checkers to send it to.
    assert_eq!(
        fields(foorumi_testkit::send_to_checkers(store, &f.manager_sec, &author(), memo.id, memo.version).await),
        [pair("approval", "error-checkers-not-used")]
    );

    let before = snapshot(store).await;
    for (what, other) in [("earlier", &earlier), ("the same", &m), ("cancelled", &cancelled), ("another forum's", &board_meeting)] {
        assert_eq!(fields(approve(&memo, other).await), [pair("meeting_id", "error-not-a-later-meeting")], "{what} meeting");
    }
    assert_forbidden(
        minutes::approve_at_meeting(store, &f.manager_mem, &author(), memo.id, memo.version, next.id, at("2027-04-13 10:00")).await,
    );
    assert_eq!(snapshot(store).await, before);

    let approved = approve(&memo, &next).await.expect("approved at the next meeting");
    assert_eq!(approved.status, MinutesStatus::Checked);
    assert_eq!(approved.checked_version, 1);
    let versions = minutes::versions(store, memo.id).await.expect("versions");
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].checked_at, "2027-04-13T10:00:00");
    assert_eq!(versions[0].record, record(store, &m).await);
    assert_eq!(fields(approve(&approved, &next).await), [pair("status", "error-minutes-not-draft")]);

    // A body whose minutes its checkers check is not approved by a meeting.
    let held = held_board_meeting(store, &f).await;
    let later = meeting(store, &f, &f.board, "2027-04-20").await;
    let board_minutes = current(store, &held.minutes).await;
    let before = snapshot(store).await;
    assert_eq!(
        fields(
            minutes::approve_at_meeting(
                store,
                &f.sec,
                &author(),
                board_minutes.id,
                board_minutes.version,
                later.id,
                at("2027-04-20 10:00")
            )
            .await
        ),
        [pair("approval", "error-approval-by-checkers")]
    );
    assert_eq!(snapshot(store).await, before);
}

// ---- actions ------------------------------------------------------------------------------

fn action(item: &AgendaItem, title: &str, party: &Party, due: Option<&str>, status: ActionStatus) -> ActionInput {
    ActionInput {
        item_id: item.id,
        title: title.into(),
        owner_party_id: Some(party.id),
        owner_person_id: None,
        due_date: due.map(d),
        status,
        notes: String::new(),
    }
}

fn ids<T, F: Fn(&T) -> Id>(list: &[T], id: F) -> Vec<Id> {
    list.iter().map(id).collect()
}

async fn actions_are_followed_by_their_forum_and_their_party(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &f.managers, "2027-03-09").await;
    let it = item(store, &f, &m, "Kuntien yhteinen elinvoimaohjelma").await;
    let other_item = item(store, &f, &m, "Kuntien lausunnot").await;
    let board_meeting = meeting(store, &f, &f.board, "2027-03-10").await;
    let board_item = item(store, &f, &board_meeting, "Edunvalvonnan painopisteet").await;
    let sec = &f.manager_sec;

    let later =
        write::<ActionItem>(store, sec, &f, action(&it, "Kootaan kuntien lausunnot", &f.lahti, Some("2027-05-01"), ActionStatus::Open))
            .await;
    let sooner = write::<ActionItem>(
        store,
        sec,
        &f,
        action(&it, "Valmistellaan yhteinen kannanotto", &f.lahti, Some("2027-04-01"), ActionStatus::InProgress),
    )
    .await;
    let undated = write::<ActionItem>(store, sec, &f, action(&it, "Selvitetään rahoitus", &f.hollola, None, ActionStatus::Open)).await;
    let done =
        write::<ActionItem>(store, sec, &f, action(&it, "Lähetetään kutsu", &f.hollola, Some("2027-03-20"), ActionStatus::Done)).await;
    let dropped =
        write::<ActionItem>(store, sec, &f, action(&it, "Perustetaan työryhmä", &f.lahti, Some("2027-03-15"), ActionStatus::Dropped)).await;
    let elsewhere = write::<ActionItem>(
        store,
        &f.sec,
        &f,
        action(&board_item, "Päivitetään edunvalvontalinjaus", &f.lahti, Some("2027-06-01"), ActionStatus::Open),
    )
    .await;
    assert_eq!(later.forum_id, f.managers.id);
    assert_eq!(elsewhere.forum_id, f.board.id);

    // The forum follows what is open or in progress, soonest due first, undated last.
    let open = minutes::open_actions(store, f.managers.id).await.expect("open actions");
    assert_eq!(ids(&open, |a| a.id), [sooner.id, later.id, undated.id]);
    assert_eq!(open[0], sooner);
    // The party follows its own, in every forum.
    let mut lahti = ids(&minutes::party_actions(store, f.lahti.id).await.expect("Lahti's actions"), |a| a.id);
    lahti.sort_unstable();
    assert_eq!(lahti, [later.id, sooner.id, dropped.id, elsewhere.id]);
    let mut hollola = ids(&minutes::party_actions(store, f.hollola.id).await.expect("Hollola's actions"), |a| a.id);
    hollola.sort_unstable();
    assert_eq!(hollola, [undated.id, done.id]);

    // An action has an owner.
    assert_eq!(
        fields(
            records::create::<ActionItem>(
                store,
                sec,
                &author(),
                f.region.id,
                ActionInput { owner_party_id: None, ..action(&it, "Ei omistajaa", &f.lahti, None, ActionStatus::Open) }
            )
            .await
        ),
        [pair("owner_party_id", "error-owner-required")]
    );

    // Lahti's administrator reports progress on Lahti's actions, and only on those.
    let before = snapshot(store).await;
    assert_forbidden(
        records::create::<ActionItem>(
            store,
            &f.lahti_admin,
            &author(),
            f.region.id,
            action(&it, "Oma tehtävä", &f.lahti, None, ActionStatus::Open),
        )
        .await,
    );
    assert_forbidden(
        records::update::<ActionItem>(
            store,
            &f.lahti_admin,
            &author(),
            undated.id,
            undated.version,
            ActionInput { status: ActionStatus::Done, ..undated.input.clone() },
        )
        .await,
    );
    assert_forbidden(
        records::update::<ActionItem>(
            store,
            &f.lahti_admin,
            &author(),
            later.id,
            later.version,
            ActionInput { owner_party_id: Some(f.hollola.id), ..later.input.clone() },
        )
        .await,
    );
    // A member of the forum follows, but does not report.
    assert_forbidden(
        records::update::<ActionItem>(
            store,
            &f.manager_mem,
            &author(),
            later.id,
            later.version,
            ActionInput { status: ActionStatus::Done, ..later.input.clone() },
        )
        .await,
    );
    assert_eq!(snapshot(store).await, before);
    let progressed = records::update::<ActionItem>(
        store,
        &f.lahti_admin,
        &author(),
        later.id,
        later.version,
        ActionInput { status: ActionStatus::Done, notes: "Lausunnot koottu.".into(), ..later.input.clone() },
    )
    .await
    .expect("Lahti reports its action done");
    assert_eq!(progressed.input.status, ActionStatus::Done);
    assert_eq!(ids(&minutes::open_actions(store, f.managers.id).await.expect("open actions"), |a| a.id), [sooner.id, undated.id]);
    // The same action cannot move to another item.
    assert_eq!(
        fields(
            records::update::<ActionItem>(
                store,
                sec,
                &author(),
                sooner.id,
                sooner.version,
                ActionInput { item_id: other_item.id, ..sooner.input.clone() },
            )
            .await
        ),
        [pair("item_id", "error-action-item-fixed")]
    );
}

// ---- ratifications (R0.1) -----------------------------------------------------------------

async fn parties_ratify_a_forums_recommendations_once_each(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &f.managers, "2027-03-09").await;
    let recommended = item(store, &f, &m, "Yhteistyöpöytäkirjan päivitys").await;
    let policy = item(store, &f, &m, "Yhteinen linjaus etätyöstä").await;
    let noted = item(store, &f, &m, "Ajankohtaiskatsaus").await;
    let unrecorded = item(store, &f, &m, "Muut asiat").await;
    let sec = &f.manager_sec;
    write::<ItemRecord>(store, sec, &f, outcome(&recommended, Outcome::Recommendation)).await;
    write::<ItemRecord>(store, sec, &f, outcome(&policy, Outcome::SharedPolicyLine)).await;
    write::<ItemRecord>(store, sec, &f, outcome(&noted, Outcome::Noted)).await;
    let pending = |item: &AgendaItem, party: &Party| RatificationInput {
        item_id: item.id,
        party_id: party.id,
        body: String::new(),
        decided_on: None,
        section: String::new(),
        url: String::new(),
        result: RatificationResult::Pending,
    };
    // The parties decide on what a checked record says (R1.9): not on a draft.
    assert_eq!(
        fields(records::create::<Ratification>(store, sec, &author(), f.region.id, pending(&recommended, &f.lahti)).await),
        [pair("item_id", "error-ratification-unchecked")]
    );
    let memo = minutes::start(store, sec, &author(), f.region.id, minutes_input(&m, &[])).await.expect("start");
    let memo = update_minutes(store, sec, &memo, complete_input(&memo, &f.manager, &f.manager_secretary)).await;
    write::<ItemRecord>(store, sec, &f, outcome(&unrecorded, Outcome::Noted)).await;
    let next = meeting(store, &f, &f.managers, "2027-04-13").await;
    approve_memo(store, &f, memo, next.id).await.expect("the memo approved at the next meeting");

    let before = snapshot(store).await;
    for it in [&noted, &unrecorded] {
        assert_eq!(
            fields(records::create::<Ratification>(store, sec, &author(), f.region.id, pending(it, &f.lahti)).await),
            [pair("item_id", "error-not-a-recommendation")],
            "{}",
            it.input.title
        );
    }
    // A decided result names the body and the day.
    assert_eq!(
        fields(
            records::create::<Ratification>(
                store,
                sec,
                &author(),
                f.region.id,
                RatificationInput { result: RatificationResult::Approved, ..pending(&recommended, &f.hollola) }
            )
            .await
        ),
        [pair("body", "error-required"), pair("decided_on", "error-required")]
    );
    // Lahti's administrator records Lahti's decisions, not Hollola's.
    assert_forbidden(
        records::create::<Ratification>(store, &f.lahti_admin, &author(), f.region.id, pending(&recommended, &f.hollola)).await,
    );
    assert_eq!(snapshot(store).await, before);

    let lahti = write::<Ratification>(store, &f.lahti_admin, &f, pending(&recommended, &f.lahti)).await;
    assert_eq!(lahti.forum_id, f.managers.id);
    write::<Ratification>(store, sec, &f, pending(&policy, &f.lahti)).await;
    let before = snapshot(store).await;
    assert_eq!(
        fields(records::create::<Ratification>(store, sec, &author(), f.region.id, pending(&recommended, &f.lahti)).await),
        [pair("party_id", "error-ratification-exists")]
    );
    assert_eq!(snapshot(store).await, before);
    let decided = RatificationInput {
        body: "Kaupunginhallitus".into(),
        decided_on: Some(d("2027-04-06")),
        section: "§ 357".into(),
        url: "https://www.lahti.fi/paatokset/2027/357".into(),
        result: RatificationResult::Approved,
        ..lahti.input.clone()
    };
    let approved =
        records::update::<Ratification>(store, &f.lahti_admin, &author(), lahti.id, lahti.version, decided).await.expect("Lahti approves");
    assert_eq!(approved.input.result, RatificationResult::Approved);
    assert_eq!(approved.input.decided_on, Some(d("2027-04-06")));
    let hollola = write::<Ratification>(
        store,
        sec,
        &f,
        RatificationInput {
            body: "Kunnanhallitus".into(),
            decided_on: Some(d("2027-04-13")),
            result: RatificationResult::Amended,
            ..pending(&recommended, &f.hollola)
        },
    )
    .await;
    assert_eq!(hollola.input.result, RatificationResult::Amended);
    assert_eq!(count(store, "ratifications").await, 3);
}

// ---- permissions --------------------------------------------------------------------------

async fn only_the_forums_secretary_and_administrators_write_the_record(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &f.board, "2027-03-09").await;
    let it = item(store, &f, &m, "Hankerahoituksen myöntäminen").await;
    let outsiders = [("a member", &f.mem[0]), ("another forum's secretary", &f.other_sec), ("a party administrator", &f.lahti_admin)];

    let before = snapshot(store).await;
    for (who, actor) in outsiders {
        let result = minutes::start(store, actor, &author(), f.region.id, minutes_input(&m, &[])).await;
        assert!(matches!(result, Err(Error::Forbidden)), "{who} starts the minutes: {result:?}");
    }
    assert_eq!(snapshot(store).await, before);
    let started = minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&m, &[&f.members[0]])).await.expect("start");
    write::<PresenceRecord>(store, &f.sec, &f, presence(&m, &f.chair_seat, Presence::Present)).await;
    for seat in &f.member_seats[..3] {
        write::<PresenceRecord>(store, &f.sec, &f, presence(&m, seat, Presence::Present)).await;
    }

    let before = snapshot(store).await;
    for (who, actor) in outsiders {
        let region = f.region.id;
        let results = [
            records::create::<PresenceRecord>(store, actor, &author(), region, presence(&m, &f.member_seats[3], Presence::Present))
                .await
                .map(|_| ()),
            records::create::<ItemRecord>(store, actor, &author(), region, outcome(&it, Outcome::PassedAsProposed)).await.map(|_| ()),
            records::create::<Disqualification>(store, actor, &author(), region, disqualified(&it, &f.members[4])).await.map(|_| ()),
            records::create::<Vote>(
                store,
                actor,
                &author(),
                region,
                VoteInput {
                    item_id: it.id,
                    yes_proposal: "Esityksen mukaan".into(),
                    no_proposal: "Hylätään".into(),
                    chair_id: f.chair.id,
                    ballots: vec![],
                },
            )
            .await
            .map(|_| ()),
            records::create::<Dissent>(
                store,
                actor,
                &author(),
                region,
                DissentInput { item_id: it.id, person_id: f.members[4].id, reasons: String::new() },
            )
            .await
            .map(|_| ()),
            records::update::<Minutes>(
                store,
                actor,
                &author(),
                started.id,
                started.version,
                complete_input(&started, &f.chair, &f.secretary),
            )
            .await
            .map(|_| ()),
        ];
        for (i, result) in results.into_iter().enumerate() {
            assert!(matches!(result, Err(Error::Forbidden)), "{who}, write {i}: {result:?}");
        }
    }
    assert_eq!(snapshot(store).await, before);

    // The forum's secretary writes each of them.
    let region = f.region.id;
    let sec = &f.sec;
    records::create::<PresenceRecord>(store, sec, &author(), region, presence(&m, &f.member_seats[3], Presence::Present))
        .await
        .expect("presence");
    records::create::<ItemRecord>(store, sec, &author(), region, outcome(&it, Outcome::PassedAsProposed)).await.expect("item record");
    records::create::<Disqualification>(store, sec, &author(), region, disqualified(&it, &f.members[4])).await.expect("disqualification");
    records::create::<Vote>(
        store,
        sec,
        &author(),
        region,
        VoteInput {
            item_id: it.id,
            yes_proposal: "Esityksen mukaan".into(),
            no_proposal: "Hylätään".into(),
            chair_id: f.chair.id,
            ballots: vec![],
        },
    )
    .await
    .expect("vote");
    records::create::<Dissent>(
        store,
        sec,
        &author(),
        region,
        DissentInput { item_id: it.id, person_id: f.members[4].id, reasons: String::new() },
    )
    .await
    .expect("dissent");
    records::update::<Minutes>(store, sec, &author(), started.id, started.version, complete_input(&started, &f.chair, &f.secretary))
        .await
        .expect("minutes");
    let full = record(store, &m).await;
    assert_eq!(
        (full.presences.len(), full.records.len(), full.disqualifications.len(), full.votes.len(), full.dissents.len()),
        (5, 1, 1, 1, 1)
    );
    assert_eq!(full.minutes.input.chair_id, Some(f.chair.id));
    // A member sends nothing to the checkers.
    assert_forbidden(foorumi_testkit::send_to_checkers(store, &f.mem[0], &author(), started.id, full.minutes.version).await);
}

// ---- stale writes -------------------------------------------------------------------------

async fn a_write_from_an_old_version_is_stale(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let minutes = current(store, &held.minutes).await;
    let old = held.records[0].clone();
    let newer = records::update::<ItemRecord>(
        store,
        &f.sec,
        &author(),
        old.id,
        old.version,
        ItemRecordInput { discussion: "Keskusteltiin pitkään.".into(), ..old.input.clone() },
    )
    .await
    .expect("the first edit");
    let before = snapshot(store).await;
    assert_stale(
        records::update::<ItemRecord>(
            store,
            &f.sec,
            &author(),
            old.id,
            old.version,
            ItemRecordInput { discussion: "Toisen sihteerin versio.".into(), ..old.input.clone() },
        )
        .await,
        newer.version,
    );
    assert_stale(
        records::update::<Minutes>(
            store,
            &f.sec,
            &author(),
            minutes.id,
            minutes.version - 1,
            MinutesInput { closed_at: Some(hm("11:00")), ..minutes.input.clone() },
        )
        .await,
        minutes.version,
    );
    let p = record(store, &held.meeting).await.presences[0].clone();
    let p2 = records::update::<PresenceRecord>(
        store,
        &f.sec,
        &author(),
        p.id,
        p.version,
        PresenceInput { presence: Presence::Absent, ..p.input.clone() },
    )
    .await
    .expect("edit the presence");
    let before_second = snapshot(store).await;
    assert_ne!(before, before_second);
    assert_stale(
        records::update::<PresenceRecord>(
            store,
            &f.sec,
            &author(),
            p.id,
            p.version,
            PresenceInput { presence: Presence::Present, ..p.input.clone() },
        )
        .await,
        p2.version,
    );
    assert_stale(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version - 1).await, minutes.version);
    assert_eq!(snapshot(store).await, before_second);
    assert_eq!(records::get::<ItemRecord>(store, old.id).await.expect("read").input.discussion, "Keskusteltiin pitkään.");
}

// ---- a checked record is kept whole (R2.10) ------------------------------------------------

/// `snapshot` with the rows of further tables (the agenda, the meetings, the forums).
async fn snapshot_with(store: &Store, tables: &[&'static str]) -> Vec<(&'static str, i64)> {
    let mut result = snapshot(store).await;
    for table in tables {
        result.push((*table, count(store, table).await));
    }
    result
}

async fn deleting_any_part_of_a_checked_record_is_refused(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let dissent = write::<Dissent>(
        store,
        &f.sec,
        &f,
        DissentInput { item_id: held.items[0].id, person_id: f.members[3].id, reasons: "Vastaehdotukseni hävisi.".into() },
    )
    .await;
    let vote = write::<Vote>(
        store,
        &f.sec,
        &f,
        VoteInput {
            item_id: held.items[0].id,
            yes_proposal: "Esityksen mukaan".into(),
            no_proposal: "Minnan vastaehdotus".into(),
            chair_id: f.chair.id,
            ballots: vec![BallotInput { person_id: f.members[3].id, ballot: Ballot::No }],
        },
    )
    .await;
    let disqualification = write::<Disqualification>(store, &f.sec, &f, disqualified(&held.items[1], &f.members[4])).await;
    let agreed = write::<ActionItem>(
        store,
        &f.sec,
        &f,
        action(&held.items[0], "Laaditaan toteutusaikataulu", &f.lahti, Some("2027-06-30"), ActionStatus::Open),
    )
    .await;
    // While the record is a draft, its parts may be deleted.
    let extra =
        write::<Dissent>(store, &f.sec, &f, DissentInput { item_id: held.items[1].id, person_id: f.members[2].id, reasons: String::new() })
            .await;
    records::delete::<Dissent>(store, &f.sec, &author(), extra.id, Some(extra.version)).await.expect("a draft's dissent is deleted");
    assert_eq!(count(store, "dissents").await, 1);

    let checked = check(store, &f, &held.minutes, "2027-03-11 09:30").await;
    let full = record(store, &held.meeting).await;
    assert_eq!(full.actions.len(), 1);
    let presence = full.presences[0].clone();
    let before = snapshot(store).await;
    let frozen = [pair("minutes", "error-minutes-checked")];
    let sec = &f.sec;
    let refusals = vec![
        ("item record", fields(records::delete::<ItemRecord>(store, sec, &author(), held.records[0].id, None).await)),
        ("presence", fields(records::delete::<PresenceRecord>(store, sec, &author(), presence.id, Some(presence.version)).await)),
        ("disqualification", fields(records::delete::<Disqualification>(store, sec, &author(), disqualification.id, None).await)),
        ("vote", fields(records::delete::<Vote>(store, sec, &author(), vote.id, None).await)),
        ("dissent", fields(records::delete::<Dissent>(store, sec, &author(), dissent.id, None).await)),
        ("action", fields(records::delete::<ActionItem>(store, sec, &author(), agreed.id, None).await)),
        ("minutes", fields(records::delete::<Minutes>(store, sec, &author(), checked.id, Some(checked.version)).await)),
        ("minutes, by an administrator", fields(records::delete::<Minutes>(store, &admin(), &author(), checked.id, None).await)),
    ];
    for (what, errors) in &refusals {
        assert_eq!(errors, &frozen, "deleting the {what} after the check");
    }
    // Nor is an action added to the checked record afterwards.
    assert_eq!(
        fields(
            records::create::<ActionItem>(
                store,
                sec,
                &author(),
                f.region.id,
                action(&held.items[1], "Jälkikäteen lisätty tehtävä", &f.lahti, None, ActionStatus::Open)
            )
            .await
        ),
        frozen
    );
    assert_eq!(snapshot(store).await, before);
    assert_eq!(record(store, &held.meeting).await, full);
    // The owner still reports progress on an action of a checked record.
    let progressed = records::update::<ActionItem>(
        store,
        &f.lahti_admin,
        &author(),
        agreed.id,
        agreed.version,
        ActionInput { status: ActionStatus::InProgress, notes: "Aikataulu luonnosteltu.".into(), ..agreed.input.clone() },
    )
    .await
    .expect("progress on an action of a checked record");
    assert_eq!(progressed.input.status, ActionStatus::InProgress);

    // A correction opens the parts again; the record itself stays, its checked version
    // being the archival copy.
    let draft =
        minutes::start_correction(store, sec, &author(), checked.id, checked.version, "Eriävä mielipide kirjattiin väärälle asialle.")
            .await
            .expect("open a correction");
    records::delete::<Dissent>(store, sec, &author(), dissent.id, None).await.expect("the correction removes the dissent");
    assert_eq!(record(store, &held.meeting).await.dissents, []);
    let before = snapshot(store).await;
    assert_eq!(fields(records::delete::<Minutes>(store, sec, &author(), draft.id, Some(draft.version)).await), frozen);
    assert_eq!(snapshot(store).await, before);
    assert_eq!(minutes::versions(store, checked.id).await.expect("versions")[0].record.dissents.len(), 1);
}

async fn the_agenda_of_a_checked_meeting_is_frozen(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let other = meeting(store, &f, &f.board, "2027-03-16").await;
    let elsewhere = item(store, &f, &other, "Lausunto liikennejärjestelmäsuunnitelmasta").await;
    // While the record is open its agenda may still change (an item handled as extra).
    let extra = item(store, &f, &held.meeting, "Kiireellinen lisäasia").await;
    records::delete::<AgendaItem>(store, &f.sec, &author(), extra.id, None).await.expect("delete an item of an open record");
    check(store, &f, &held.minutes, "2027-03-11 09:30").await;

    let first = records::get::<AgendaItem>(store, held.items[0].id).await.expect("the first item");
    let second = records::get::<AgendaItem>(store, held.items[1].id).await.expect("the second item");
    let elsewhere = records::get::<AgendaItem>(store, elsewhere.id).await.expect("the other meeting's item");
    let agenda_before = agendas::items_of(store, held.meeting.id).await.expect("the agenda");
    let before = snapshot_with(store, &["agenda_items", "agenda_item_parties"]).await;
    let frozen = [pair("minutes", "error-minutes-checked")];
    let sec = &f.sec;
    let new_item = AgendaItemInput { title: "Jälkikäteen lisätty asia".into(), ..first.input.clone() };
    let refusals = vec![
        ("a new item", fields(records::create::<AgendaItem>(store, sec, &author(), f.region.id, new_item).await)),
        (
            "an edit",
            fields(
                records::update::<AgendaItem>(
                    store,
                    sec,
                    &author(),
                    first.id,
                    first.version,
                    AgendaItemInput { title: "Muutettu otsikko".into(), ..first.input.clone() },
                )
                .await,
            ),
        ),
        ("a move", fields(agendas::move_item(store, sec, &author(), second.id, 1).await)),
        (
            "a move to another meeting",
            fields(
                records::update::<AgendaItem>(
                    store,
                    sec,
                    &author(),
                    second.id,
                    second.version,
                    AgendaItemInput { meeting_id: other.id, ..second.input.clone() },
                )
                .await,
            ),
        ),
        (
            "a move from another meeting",
            fields(
                records::update::<AgendaItem>(
                    store,
                    sec,
                    &author(),
                    elsewhere.id,
                    elsewhere.version,
                    AgendaItemInput { meeting_id: held.meeting.id, ..elsewhere.input.clone() },
                )
                .await,
            ),
        ),
        ("a deletion", fields(records::delete::<AgendaItem>(store, sec, &author(), second.id, None).await)),
        ("a deletion by an administrator", fields(records::delete::<AgendaItem>(store, &admin(), &author(), first.id, None).await)),
    ];
    for (what, errors) in &refusals {
        assert_eq!(errors, &frozen, "{what} on the checked meeting's agenda");
    }
    assert_eq!(snapshot_with(store, &["agenda_items", "agenda_item_parties"]).await, before);
    assert_eq!(agendas::items_of(store, held.meeting.id).await.expect("the agenda"), agenda_before);
    assert_eq!(records::get::<AgendaItem>(store, elsewhere.id).await.expect("the other item").input.meeting_id, other.id);

    // The other meeting's agenda is not affected.
    records::update::<AgendaItem>(
        store,
        sec,
        &author(),
        elsewhere.id,
        elsewhere.version,
        AgendaItemInput { title: "Lausunto liikennejärjestelmäsuunnitelman luonnoksesta".into(), ..elsewhere.input.clone() },
    )
    .await
    .expect("edit an item of an open meeting");
}

/// Corrects how a seat took part, as the board's secretary.
async fn set_presence(store: &Store, f: &Fixture, p: PresenceRecord, presence: Presence) -> PresenceRecord {
    records::update::<PresenceRecord>(store, &f.sec, &author(), p.id, p.version, PresenceInput { presence, ..p.input.clone() })
        .await
        .expect("correct the presence")
}

async fn quorum_lost_after_an_outcome_was_written_keeps_the_minutes_from_the_checkers(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let (first, second) = (&held.items[0], &held.items[1]);
    let presence_of =
        |full: &FullRecord, seat: &Seat| full.presences.iter().find(|p| p.input.seat_id == seat.id).cloned().expect("a presence");

    // Three of the six members were in fact absent: the decisions had no quorum.
    let full = record(store, &held.meeting).await;
    for seat in &f.member_seats[2..] {
        set_presence(store, &f, presence_of(&full, seat), Presence::Absent).await;
    }
    let minutes = current(store, &held.minutes).await;
    let before = snapshot(store).await;
    assert_eq!(
        fields(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await),
        [pair(&format!("items.{}.outcome", first.id), "error-no-quorum"), pair(&format!("items.{}.outcome", second.id), "error-no-quorum")]
    );
    assert_eq!(snapshot(store).await, before);
    assert_eq!(current(store, &minutes).await.status, MinutesStatus::Draft);

    // One of them was there after all: four of six, a quorum…
    let full = record(store, &held.meeting).await;
    set_presence(store, &f, presence_of(&full, &f.member_seats[4]), Presence::Present).await;
    // … except for the second item, which Matti left as disqualified.
    write::<Disqualification>(store, &f.sec, &f, disqualified(second, &f.members[0])).await;
    let minutes = current(store, &held.minutes).await;
    let before = snapshot(store).await;
    assert_eq!(
        fields(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await),
        [pair(&format!("items.{}.outcome", second.id), "error-no-quorum")]
    );
    assert_eq!(snapshot(store).await, before);

    // Tabling needs no quorum: recorded so, the record goes to its checkers.
    let second_record = records::get::<ItemRecord>(store, held.records[1].id).await.expect("the second record");
    records::update::<ItemRecord>(
        store,
        &f.sec,
        &author(),
        second_record.id,
        second_record.version,
        ItemRecordInput {
            outcome: Some(Outcome::Tabled), outcome_text: "Asia jätettiin pöydälle.".into(), ..second_record.input.clone()
        },
    )
    .await
    .expect("table the second item");
    let minutes = current(store, &held.minutes).await;
    let sent = foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await.expect("send");
    assert_eq!(sent.status, MinutesStatus::Checking);
}

async fn an_edit_while_checking_cannot_leave_the_checked_record_incomplete_or_without_quorum(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let (first, second) = (&held.items[0], &held.items[1]);
    let minutes = current(store, &held.minutes).await;
    let sent = foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await.expect("send");

    // The secretary clears the second item's outcome while the checkers read.
    let second_record = records::get::<ItemRecord>(store, held.records[1].id).await.expect("the record");
    let cleared = records::update::<ItemRecord>(
        store,
        &f.sec,
        &author(),
        second_record.id,
        second_record.version,
        ItemRecordInput { outcome: None, ..second_record.input.clone() },
    )
    .await
    .expect("edit while checking");
    minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-11 08:00")).await.expect("Matti approves");
    let before = snapshot(store).await;
    assert_eq!(
        fields(minutes::approve(store, &f.mem[1], &author(), sent.id, at("2027-03-11 09:00")).await),
        [pair(&format!("items.{}.outcome", second.id), "error-outcome-missing")]
    );
    assert_eq!(snapshot(store).await, before, "the refused approval is not kept");
    assert_eq!(approvals(&record(store, &held.meeting).await), [(f.members[0].id, true), (f.members[1].id, false)]);
    assert_eq!(current(store, &sent).await.status, MinutesStatus::Checking);

    // The outcome is restored, but three members turn out to have been absent.
    records::update::<ItemRecord>(store, &f.sec, &author(), cleared.id, cleared.version, outcome(second, Outcome::PassedAsProposed))
        .await
        .expect("restore the outcome");
    let full = record(store, &held.meeting).await;
    let absent: Vec<PresenceRecord> =
        full.presences.iter().filter(|p| f.member_seats[2..].iter().any(|s| s.id == p.input.seat_id)).cloned().collect();
    assert_eq!(absent.len(), 3);
    for p in &absent {
        set_presence(store, &f, p.clone(), Presence::Absent).await;
    }
    minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-11 10:00")).await.expect("Matti approves again");
    let before = snapshot(store).await;
    assert_eq!(
        fields(minutes::approve(store, &f.mem[1], &author(), sent.id, at("2027-03-11 10:30")).await),
        [pair(&format!("items.{}.outcome", first.id), "error-no-quorum"), pair(&format!("items.{}.outcome", second.id), "error-no-quorum")]
    );
    assert_eq!(snapshot(store).await, before);
    assert!(minutes::versions(store, sent.id).await.expect("versions").is_empty());

    // They were there after all: checked.
    for p in &absent {
        let p = records::get::<PresenceRecord>(store, p.id).await.expect("the presence");
        set_presence(store, &f, p, Presence::Present).await;
    }
    minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-11 11:00")).await.expect("Matti approves");
    let checked = minutes::approve(store, &f.mem[1], &author(), sent.id, at("2027-03-11 11:30")).await.expect("Maija approves");
    assert_eq!(checked.status, MinutesStatus::Checked);
}

async fn a_memo_is_approved_only_at_a_meeting_that_has_begun(store: &Store) {
    let f = fixture(store).await;
    let m = meeting(store, &f, &f.managers, "2027-03-09").await;
    let next = meeting(store, &f, &f.managers, "2027-04-13").await;
    let it = item(store, &f, &m, "Kuntien yhteinen elinvoimaohjelma").await;
    let memo = minutes::start(store, &f.manager_sec, &author(), f.region.id, minutes_input(&m, &[])).await.expect("start");
    let memo = update_minutes(store, &f.manager_sec, &memo, complete_input(&memo, &f.manager, &f.manager_secretary)).await;
    write::<ItemRecord>(store, &f.manager_sec, &f, outcome(&it, Outcome::Recommendation)).await;
    let author = author();
    let approve = |when: &str| minutes::approve_at_meeting(store, &f.manager_sec, &author, memo.id, memo.version, next.id, at(when));

    // The next meeting begins at 9.00 on 13 April: before that it has approved nothing.
    let before = snapshot(store).await;
    for when in ["2027-03-20 12:00", "2027-04-12 23:59", "2027-04-13 08:59"] {
        assert_eq!(fields(approve(when).await), [pair("meeting_id", "error-not-a-later-meeting")], "approved at {when}");
    }
    assert_eq!(snapshot(store).await, before);
    assert_eq!(current(store, &memo).await.status, MinutesStatus::Draft);

    let approved = approve("2027-04-13 09:00").await.expect("approved as the meeting begins");
    assert_eq!(approved.status, MinutesStatus::Checked);
    assert_eq!(minutes::versions(store, memo.id).await.expect("versions")[0].checked_at, "2027-04-13T09:00:00");
}

async fn a_formal_body_cannot_leave_its_minutes_to_the_next_meeting(store: &Store) {
    let f = fixture(store).await;
    let refused = [pair("minutes_approval", "error-approval-formal-body")];
    let before = snapshot_with(store, &["forums"]).await;
    let new_body = forum_input("Hyvinvointialueen hallitus", ForumLevel::Strategic, LegalType::FormalBody, MinutesApproval::NextMeeting);
    assert_eq!(fields(records::create::<Forum>(store, &admin(), &author(), f.region.id, new_body).await), refused);
    assert_eq!(
        fields(
            records::update::<Forum>(
                store,
                &admin(),
                &author(),
                f.board.id,
                f.board.version,
                ForumInput { minutes_approval: MinutesApproval::NextMeeting, ..f.board.input.clone() },
            )
            .await
        ),
        refused
    );
    // A forum whose memo the next meeting approves does not become a formal body so.
    assert_eq!(
        fields(
            records::update::<Forum>(
                store,
                &admin(),
                &author(),
                f.managers.id,
                f.managers.version,
                ForumInput { legal_type: LegalType::FormalBody, ..f.managers.input.clone() },
            )
            .await
        ),
        refused
    );
    assert_eq!(snapshot_with(store, &["forums"]).await, before);
    assert_eq!(records::get::<Forum>(store, f.board.id).await.expect("the board").input.minutes_approval, MinutesApproval::Checkers);
    assert_eq!(records::get::<Forum>(store, f.managers.id).await.expect("the managers").input.legal_type, LegalType::CooperationForum);
    // A working group may.
    let group =
        forum_input("Maahanmuuttoohjelman ohjausryhmä", ForumLevel::WorkingGroup, LegalType::WorkingGroup, MinutesApproval::NextMeeting);
    records::create::<Forum>(store, &admin(), &author(), f.region.id, group).await.expect("a working group");
}

async fn a_meeting_with_minutes_is_not_deleted(store: &Store) {
    let f = fixture(store).await;
    let recorded = meeting(store, &f, &f.board, "2027-03-09").await;
    item(store, &f, &recorded, "Maakuntaohjelman toteuttamissuunnitelma").await;
    let started = minutes::start(store, &f.sec, &author(), f.region.id, minutes_input(&recorded, &[&f.members[0]])).await.expect("start");
    let unrecorded = meeting(store, &f, &f.board, "2027-04-13").await;

    let before = snapshot_with(store, &["meetings", "agenda_items"]).await;
    for actor in [&f.sec, &admin()] {
        match records::delete::<Meeting>(store, actor, &author(), recorded.id, None).await {
            Err(Error::Conflict { code, .. }) => assert_eq!(code, "error-in-use"),
            other => panic!("expected the meeting to be in use, got {other:?}"),
        }
    }
    assert_eq!(snapshot_with(store, &["meetings", "agenda_items"]).await, before);
    assert_eq!(records::get::<Meeting>(store, recorded.id).await.expect("the meeting is kept"), recorded);
    assert_eq!(record(store, &recorded).await.minutes, started);
    assert_eq!(agendas::items_of(store, recorded.id).await.expect("the agenda").len(), 1);

    // A meeting without minutes is deleted.
    records::delete::<Meeting>(store, &f.sec, &author(), unrecorded.id, None).await.expect("delete a meeting without minutes");
    assert!(matches!(records::get::<Meeting>(store, unrecorded.id).await, Err(Error::NotFound)));
}

// ---- following up open actions on the next agenda ------------------------------------------

fn follow_up_text() -> FollowUpText {
    FollowUpText {
        title: "Toimenpiteiden seuranta".into(),
        proposal: "Merkitään aiemmin sovittujen toimenpiteiden tilanne tiedoksi.".into(),
        none_open: "Kaikki aiemmin sovitut toimenpiteet on tehty tai niistä on luovuttu.".into(),
    }
}

/// The lines of a follow-up item's list, sorted (the order of undated actions is not
/// part of what is tested).
fn listed_lines(item: &AgendaItem) -> Vec<String> {
    let mut lines: Vec<String> = item.input.background.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

async fn the_next_agenda_follows_up_the_forums_open_actions(store: &Store) {
    let f = fixture(store).await;
    let sec = &f.manager_sec;
    for (placement, title) in [(Placement::Start, "Kokouksen avaus"), (Placement::End, "Kokouksen päättäminen")] {
        create::<StandingItem>(
            store,
            f.region.id,
            StandingItemInput { forum_id: f.managers.id, placement, position: 1, title: title.into(), proposal: String::new() },
        )
        .await;
    }
    let earlier = meeting(store, &f, &f.managers, "2027-02-09").await;
    let agreed = item(store, &f, &earlier, "Kuntien yhteinen elinvoimaohjelma").await;
    let next = meeting(store, &f, &f.managers, "2027-04-13").await;
    let own = item(store, &f, &next, "Joukkoliikenteen yhteiskuljetukset").await;
    let later = meeting(store, &f, &f.managers, "2027-05-11").await;
    let later_item = item(store, &f, &later, "Kesän lomajärjestelyt").await;
    let board_meeting = meeting(store, &f, &f.board, "2027-03-10").await;
    let board_item = item(store, &f, &board_meeting, "Edunvalvonnan painopisteet").await;

    let sooner = write::<ActionItem>(
        store,
        sec,
        &f,
        action(&agreed, "Valmistellaan kannanotto", &f.lahti, Some("2027-04-01"), ActionStatus::InProgress),
    )
    .await;
    let pending =
        write::<ActionItem>(store, sec, &f, action(&agreed, "Kootaan kuntien lausunnot", &f.lahti, Some("2027-05-01"), ActionStatus::Open))
            .await;
    let undated = write::<ActionItem>(store, sec, &f, action(&agreed, "Selvitetään rahoitus", &f.hollola, None, ActionStatus::Open)).await;
    write::<ActionItem>(store, sec, &f, action(&agreed, "Lähetetään kutsu", &f.hollola, Some("2027-03-01"), ActionStatus::Done)).await;
    write::<ActionItem>(store, sec, &f, action(&agreed, "Perustetaan työryhmä", &f.lahti, Some("2027-03-15"), ActionStatus::Dropped)).await;
    // Agreed at the meeting itself, at a later one, and by another forum: not followed up here.
    write::<ActionItem>(store, sec, &f, action(&own, "Sovitaan aikataulu", &f.lahti, None, ActionStatus::Open)).await;
    write::<ActionItem>(store, sec, &f, action(&later_item, "Kootaan lomalistat", &f.lahti, None, ActionStatus::Open)).await;
    write::<ActionItem>(store, &f.sec, &f, action(&board_item, "Päivitetään edunvalvontalinjaus", &f.lahti, None, ActionStatus::Open))
        .await;

    // Neither a member nor another forum's secretary puts it on the agenda.
    let before = snapshot_with(store, &["agenda_items"]).await;
    for actor in [&f.manager_mem, &f.other_sec, &f.mem[0]] {
        assert_forbidden(agendas::follow_up_actions(store, actor, &author(), next.id, &follow_up_text()).await);
    }
    assert_eq!(snapshot_with(store, &["agenda_items"]).await, before);

    let added = agendas::follow_up_actions(store, sec, &author(), next.id, &follow_up_text())
        .await
        .expect("follow up")
        .expect("an item for the open actions");
    assert!(added.follows_up_actions);
    assert_eq!(added.input.title, "Toimenpiteiden seuranta");
    assert_eq!(added.input.public_title, "Toimenpiteiden seuranta");
    assert_eq!(added.input.publicity, Publicity::Public);
    assert_eq!(added.input.proposal, follow_up_text().proposal);
    let titles = |items: Vec<AgendaItem>| items.into_iter().map(|i| i.input.title).collect::<Vec<_>>();
    assert_eq!(
        titles(agendas::items_of(store, next.id).await.expect("the agenda")),
        ["Kokouksen avaus", "Joukkoliikenteen yhteiskuljetukset", "Toimenpiteiden seuranta", "Kokouksen päättäminen"],
        "before the closing standing items"
    );
    let mut expected = vec![
        "- Valmistellaan kannanotto (Lahti, 1.4.2027)".to_owned(),
        "- Kootaan kuntien lausunnot (Lahti, 1.5.2027)".to_owned(),
        "- Selvitetään rahoitus (Hollola)".to_owned(),
    ];
    expected.sort();
    assert_eq!(listed_lines(&added), expected);
    let lines: Vec<&str> = added.input.background.lines().collect();
    let place = |title: &str| lines.iter().position(|l| l.contains(title)).expect("listed");
    assert!(place("Valmistellaan kannanotto") < place("Kootaan kuntien lausunnot"), "the sooner due first: {lines:?}");

    // Once an action is done, the list is brought up to date, in the same item.
    let done = records::update::<ActionItem>(
        store,
        sec,
        &author(),
        sooner.id,
        sooner.version,
        ActionInput { status: ActionStatus::Done, ..sooner.input.clone() },
    )
    .await
    .expect("done");
    assert_eq!(done.input.status, ActionStatus::Done);
    let refreshed =
        agendas::follow_up_actions(store, sec, &author(), next.id, &follow_up_text()).await.expect("follow up again").expect("the item");
    assert_eq!(refreshed.id, added.id);
    assert_eq!(refreshed.version, added.version + 1);
    assert_eq!(listed_lines(&refreshed), ["- Kootaan kuntien lausunnot (Lahti, 1.5.2027)", "- Selvitetään rahoitus (Hollola)"]);
    assert_eq!(agendas::items_of(store, next.id).await.expect("the agenda").len(), 4, "still one follow-up item");
    // Nothing changed: nothing written.
    let before = snapshot_with(store, &["agenda_items"]).await;
    let again = agendas::follow_up_actions(store, sec, &author(), next.id, &follow_up_text()).await.expect("again").expect("the item");
    assert_eq!(again, refreshed);
    assert_eq!(snapshot_with(store, &["agenda_items"]).await, before);
    // Every action done or dropped: the item says so.
    for a in [&pending, &undated] {
        let a = records::get::<ActionItem>(store, a.id).await.expect("the action");
        let status = if a.id == pending.id { ActionStatus::Done } else { ActionStatus::Dropped };
        records::update::<ActionItem>(store, sec, &author(), a.id, a.version, ActionInput { status, ..a.input.clone() })
            .await
            .expect("close");
    }
    let closed = agendas::follow_up_actions(store, sec, &author(), next.id, &follow_up_text()).await.expect("follow up").expect("the item");
    assert_eq!(closed.input.background, follow_up_text().none_open);

    // A forum with nothing open gets no such item.
    let quiet = meeting(store, &f, &f.board, "2027-03-01").await;
    let before = snapshot_with(store, &["agenda_items"]).await;
    assert_eq!(agendas::follow_up_actions(store, &f.sec, &author(), quiet.id, &follow_up_text()).await.expect("follow up"), None);
    assert_eq!(snapshot_with(store, &["agenda_items"]).await, before);
    assert!(agendas::items_of(store, quiet.id).await.expect("the agenda").is_empty());
}

// ---- the checking request by e-mail (R2.10) --------------------------------------------------

/// Gives a person an e-mail address and the language they read.
async fn give_address(store: &Store, person: &Person, address: &str, lang: Lang) {
    let current = records::get::<Person>(store, person.id).await.expect("the person");
    let contacts = vec![Contact { kind: ContactKind::Email, value: address.into(), public: false, valid_from: None, valid_until: None }];
    let input = PersonInput { contacts, lang, ..current.input.clone() };
    records::update::<Person>(store, &admin(), &author(), current.id, current.version, input).await.expect("give an address");
}

/// The outbox as (person, address, kind, status, subject, text, calendar part), oldest first.
type OutboxRow = (Option<i64>, String, String, String, String, String, String);

async fn outbox_rows(store: &Store) -> Vec<OutboxRow> {
    sqlx::query_as("SELECT person_id, address, kind, status, subject, body_text, ics FROM outbox ORDER BY id")
        .fetch_all(store.pool())
        .await
        .expect("the outbox")
}

async fn the_checkers_are_asked_by_e_mail_in_the_same_step(store: &Store) {
    let f = fixture(store).await;
    let (matti, maija) = (&f.members[0], &f.members[1]);
    give_address(store, matti, "matti.jasen@lahti.example.org", Lang::Fi).await;
    give_address(store, maija, "maija.jasen@hollola.example.org", Lang::Sv).await;
    let held = held_board_meeting(store, &f).await;

    // A send that is refused asks nobody: the record incomplete, or the sender a member.
    let second = records::get::<ItemRecord>(store, held.records[1].id).await.expect("the record");
    let cleared = records::update::<ItemRecord>(
        store,
        &f.sec,
        &author(),
        second.id,
        second.version,
        ItemRecordInput { outcome: None, ..second.input.clone() },
    )
    .await
    .expect("clear an outcome");
    let minutes = current(store, &held.minutes).await;
    let before = snapshot(store).await;
    assert_eq!(
        fields(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await),
        [pair(&format!("items.{}.outcome", held.items[1].id), "error-outcome-missing")]
    );
    assert_forbidden(foorumi_testkit::send_to_checkers(store, &f.mem[2], &author(), minutes.id, minutes.version).await);
    assert_eq!(snapshot(store).await, before);
    assert_eq!(outbox_rows(store).await, []);
    assert_eq!(current(store, &minutes).await.status, MinutesStatus::Draft);

    records::update::<ItemRecord>(store, &f.sec, &author(), cleared.id, cleared.version, second.input.clone())
        .await
        .expect("restore the outcome");
    let minutes = current(store, &held.minutes).await;
    let sent = foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await.expect("send");
    assert_eq!(sent.status, MinutesStatus::Checking);

    // One request per checker, in their language, to the page of the record: nobody else
    // (not the chair, the secretary nor the other members) gets one, and there is no
    // calendar event to add.
    let rows = outbox_rows(store).await;
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let link = format!("/meetings/{}/minutes?lang=", held.meeting.id);
    for ((person, address, kind, status, subject, text, ics), (who, expected_address, prefix, lang)) in rows.iter().zip([
        (matti, "matti.jasen@lahti.example.org", "Tarkastettavana: Maakuntahallitus", "fi"),
        (maija, "maija.jasen@hollola.example.org", "För justering: Maakuntahallitus", "sv"),
    ]) {
        assert_eq!((*person, address.as_str()), (Some(who.id), expected_address));
        assert_eq!((kind.as_str(), status.as_str()), ("checking", "queued"));
        assert!(subject.starts_with(prefix), "{subject}");
        assert!(text.contains(&format!("{link}{lang}")), "the link to the record to check:\n{text}");
        assert!(!text.contains("/answer/"), "nothing to answer:\n{text}");
        assert_eq!(ics, "", "a checker is not invited to anything");
    }
    let deliveries = foorumi_store::outbox::deliveries(store, held.meeting.id).await.expect("deliveries");
    assert!(deliveries.iter().all(|d| d.kind == foorumi_store::outbox::Kind::Checking), "{deliveries:?}");
    // The request is not queued on its own, outside the record's step.
    let queued = foorumi_store::outbox::enqueue(
        store,
        foorumi_store::outbox::Sender::Person { actor: &f.sec, author: &author() },
        held.meeting.id,
        foorumi_store::outbox::Kind::Checking,
        |_| unreachable!("nothing is composed"),
    )
    .await;
    assert_forbidden(queued);
    assert_eq!(outbox_rows(store).await.len(), 2);
}

// ---- an item checked at the meeting (R2.10) ---------------------------------------------------

async fn an_item_checked_at_the_meeting_is_final_while_the_rest_of_the_record_is_written(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let (first, second) = (&held.items[0], &held.items[1]);
    let sec = &f.sec;
    let dissent = write::<Dissent>(
        store,
        sec,
        &f,
        DissentInput { item_id: first.id, person_id: f.members[3].id, reasons: "Vastaehdotukseni hävisi.".into() },
    )
    .await;
    let vote_input = VoteInput {
        item_id: first.id,
        yes_proposal: "Esityksen mukaan".into(),
        no_proposal: "Minnan vastaehdotus".into(),
        chair_id: f.chair.id,
        ballots: vec![BallotInput { person_id: f.members[3].id, ballot: Ballot::No }],
    };
    let vote = write::<Vote>(store, sec, &f, vote_input.clone()).await;
    let disqualification = write::<Disqualification>(store, sec, &f, disqualified(first, &f.members[4])).await;
    let agreed =
        write::<ActionItem>(store, sec, &f, action(first, "Laaditaan toteutusaikataulu", &f.lahti, Some("2027-06-30"), ActionStatus::Open))
            .await;
    let unfinished_item = item(store, &f, &held.meeting, "Muut asiat").await;
    let unfinished =
        write::<ItemRecord>(store, sec, &f, ItemRecordInput { outcome: None, ..outcome(&unfinished_item, Outcome::Noted) }).await;
    let rec = records::get::<ItemRecord>(store, held.records[0].id).await.expect("the first item's record");
    assert_eq!(rec.checked_at_meeting, None);

    // Only the secretary, from the version they saw, and only an item with an outcome.
    let before = snapshot(store).await;
    let before_record = record(store, &held.meeting).await;
    for actor in [&f.mem[0], &f.other_sec, &f.lahti_admin] {
        assert_forbidden(minutes::check_item_at_meeting(store, actor, &author(), rec.id, rec.version).await);
    }
    assert_stale(minutes::check_item_at_meeting(store, sec, &author(), rec.id, rec.version - 1).await, rec.version);
    assert_eq!(
        fields(minutes::check_item_at_meeting(store, sec, &author(), unfinished.id, unfinished.version).await),
        [pair("outcome", "error-outcome-missing")]
    );
    assert!(matches!(minutes::check_item_at_meeting(store, sec, &author(), 999_999, 1).await, Err(Error::NotFound)));
    assert_eq!(snapshot(store).await, before);
    assert_eq!(record(store, &held.meeting).await, before_record);

    let checked = minutes::check_item_at_meeting(store, sec, &author(), rec.id, rec.version).await.expect("check at the meeting");
    assert!(checked.checked_at_meeting.as_deref().is_some_and(|at| !at.is_empty()), "{checked:?}");
    assert_eq!((checked.version, &checked.input), (rec.version + 1, &rec.input));
    assert_eq!(records::get::<ItemRecord>(store, rec.id).await.expect("read back"), checked);
    let logged = audit::recent(store, f.region.id, Some((ItemRecord::ENTITY, rec.id)), 1).await.expect("the audit log");
    assert_eq!(logged[0].action, "check_at_meeting");

    // From now on the item's record and every part of it is final.
    let final_item = [pair("item_id", "error-item-checked-at-meeting")];
    let elsewhere = write::<Disqualification>(store, sec, &f, disqualified(second, &f.members[2])).await;
    let second_record = records::get::<ItemRecord>(store, held.records[1].id).await.expect("the second record");
    let before = snapshot(store).await;
    let before_record = record(store, &held.meeting).await;
    let region = f.region.id;
    let refusals: Vec<(&str, Vec<(String, String)>)> = vec![
        ("checking it again", fields(minutes::check_item_at_meeting(store, sec, &author(), checked.id, checked.version).await)),
        (
            "item record",
            fields(
                records::update::<ItemRecord>(
                    store,
                    sec,
                    &author(),
                    checked.id,
                    checked.version,
                    ItemRecordInput { outcome_text: "Muutettu jälkikäteen.".into(), ..checked.input.clone() },
                )
                .await,
            ),
        ),
        ("item record deleted", fields(records::delete::<ItemRecord>(store, sec, &author(), checked.id, None).await)),
        (
            "another item's record moved onto it",
            fields(
                records::update::<ItemRecord>(
                    store,
                    sec,
                    &author(),
                    second_record.id,
                    second_record.version,
                    ItemRecordInput { item_id: first.id, ..second_record.input.clone() },
                )
                .await,
            ),
        ),
        (
            "new disqualification",
            fields(records::create::<Disqualification>(store, sec, &author(), region, disqualified(first, &f.members[2])).await),
        ),
        (
            "disqualification",
            fields(
                records::update::<Disqualification>(
                    store,
                    sec,
                    &author(),
                    disqualification.id,
                    disqualification.version,
                    DisqualificationInput { decided_by: "Jäsen itse".into(), ..disqualification.input.clone() },
                )
                .await,
            ),
        ),
        (
            "disqualification moved away",
            fields(
                records::update::<Disqualification>(
                    store,
                    sec,
                    &author(),
                    disqualification.id,
                    disqualification.version,
                    DisqualificationInput { item_id: second.id, ..disqualification.input.clone() },
                )
                .await,
            ),
        ),
        (
            "disqualification moved onto it",
            fields(
                records::update::<Disqualification>(
                    store,
                    sec,
                    &author(),
                    elsewhere.id,
                    elsewhere.version,
                    DisqualificationInput { item_id: first.id, ..elsewhere.input.clone() },
                )
                .await,
            ),
        ),
        ("disqualification deleted", fields(records::delete::<Disqualification>(store, sec, &author(), disqualification.id, None).await)),
        ("new vote", fields(records::create::<Vote>(store, sec, &author(), region, vote_input.clone()).await)),
        (
            "vote",
            fields(
                records::update::<Vote>(store, sec, &author(), vote.id, vote.version, VoteInput { ballots: vec![], ..vote_input.clone() })
                    .await,
            ),
        ),
        ("vote deleted", fields(records::delete::<Vote>(store, sec, &author(), vote.id, None).await)),
        (
            "new dissent",
            fields(
                records::create::<Dissent>(
                    store,
                    sec,
                    &author(),
                    region,
                    DissentInput { item_id: first.id, person_id: f.members[2].id, reasons: String::new() },
                )
                .await,
            ),
        ),
        (
            "dissent",
            fields(
                records::update::<Dissent>(
                    store,
                    sec,
                    &author(),
                    dissent.id,
                    dissent.version,
                    DissentInput { person_id: f.members[2].id, ..dissent.input.clone() },
                )
                .await,
            ),
        ),
        ("dissent deleted", fields(records::delete::<Dissent>(store, sec, &author(), dissent.id, None).await)),
        (
            "new action",
            fields(
                records::create::<ActionItem>(
                    store,
                    sec,
                    &author(),
                    region,
                    action(first, "Jälkikäteen lisätty tehtävä", &f.lahti, None, ActionStatus::Open),
                )
                .await,
            ),
        ),
        ("action deleted", fields(records::delete::<ActionItem>(store, sec, &author(), agreed.id, None).await)),
    ];
    for (what, errors) in &refusals {
        assert_eq!(errors, &final_item, "{what} after the item was checked at the meeting");
    }
    assert_eq!(snapshot(store).await, before);
    assert_eq!(record(store, &held.meeting).await, before_record);

    // The rest of the record is still written…
    records::update::<ItemRecord>(
        store,
        sec,
        &author(),
        second_record.id,
        second_record.version,
        ItemRecordInput { outcome_text: "Hyväksyttiin muutettuna.".into(), ..second_record.input.clone() },
    )
    .await
    .expect("another item stays open");
    write::<Dissent>(store, sec, &f, DissentInput { item_id: second.id, person_id: f.members[2].id, reasons: String::new() }).await;
    records::update::<ItemRecord>(
        store,
        sec,
        &author(),
        unfinished.id,
        unfinished.version,
        ItemRecordInput { outcome: Some(Outcome::Noted), ..unfinished.input.clone() },
    )
    .await
    .expect("the unfinished item gets its outcome");
    // … and the owner still reports progress on what the item agreed, as on a checked
    // record.
    records::update::<ActionItem>(
        store,
        &f.lahti_admin,
        &author(),
        agreed.id,
        agreed.version,
        ActionInput { status: ActionStatus::InProgress, ..agreed.input.clone() },
    )
    .await
    .expect("progress on an action of a checked item");

    // The checked minutes keep the note; a correction opens the item again.
    let minutes = check(store, &f, &held.minutes, "2027-03-11 09:30").await;
    let versions = minutes::versions(store, minutes.id).await.expect("the versions");
    let kept = versions[0].record.records.iter().find(|r| r.id == rec.id).expect("the first item's record");
    assert_eq!(kept.checked_at_meeting, checked.checked_at_meeting);
    let second_now = records::get::<ItemRecord>(store, second_record.id).await.expect("the second record");
    assert_eq!(
        fields(minutes::check_item_at_meeting(store, sec, &author(), second_now.id, second_now.version).await),
        [pair("minutes", "error-minutes-checked")]
    );
    minutes::start_correction(store, sec, &author(), minutes.id, minutes.version, "§ 1: päätöksestä puuttui määräaika.")
        .await
        .expect("open a correction");
    let reopened = record(store, &held.meeting).await;
    assert!(reopened.records.iter().all(|r| r.checked_at_meeting.is_none()), "{:?}", reopened.records);
    let rec = records::get::<ItemRecord>(store, rec.id).await.expect("the first record");
    records::update::<ItemRecord>(
        store,
        sec,
        &author(),
        rec.id,
        rec.version,
        ItemRecordInput { outcome_text: "Hyväksyttiin; määräaika 30.6.2027.".into(), ..rec.input.clone() },
    )
    .await
    .expect("the correction reaches the item checked at the meeting");
    let versions = minutes::versions(store, minutes.id).await.expect("the versions");
    let kept = versions[0].record.records.iter().find(|r| r.id == rec.id).expect("the first item's record");
    assert_eq!(kept.checked_at_meeting, checked.checked_at_meeting, "the checked version keeps that it was");
}

async fn a_checker_disqualified_in_every_item_cannot_check_the_minutes(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let matti = &f.members[0];
    write::<Disqualification>(store, &f.sec, &f, disqualified(&held.items[0], matti)).await;
    let second = write::<Disqualification>(store, &f.sec, &f, disqualified(&held.items[1], matti)).await;
    // Maija, the other checker, left one item only.
    write::<Disqualification>(store, &f.sec, &f, disqualified(&held.items[0], &f.members[1])).await;

    let minutes = current(store, &held.minutes).await;
    let before = snapshot(store).await;
    assert_eq!(
        fields(foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await),
        [pair("checker_ids", "error-checker-disqualified-everywhere")]
    );
    assert_eq!(snapshot(store).await, before);
    assert_eq!(current(store, &minutes).await.status, MinutesStatus::Draft);

    // Matti did take part in the second item after all: he may check the minutes.
    records::delete::<Disqualification>(store, &f.sec, &author(), second.id, None).await.expect("the disqualification was a mistake");
    let minutes = current(store, &held.minutes).await;
    let sent = foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await.expect("send");
    assert_eq!(sent.status, MinutesStatus::Checking);
    minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-10 12:00")).await.expect("Matti approves");
    let checked = minutes::approve(store, &f.mem[1], &author(), sent.id, at("2027-03-10 13:00")).await.expect("Maija approves");
    assert_eq!(checked.status, MinutesStatus::Checked);
}

// ---- written reasons of a dissent (R2.8) ----------------------------------------------------

async fn a_dissenter_gives_written_reasons_until_the_minutes_are_checked(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let first = &held.items[0];
    let minna = &f.mem[3];
    let dissent =
        write::<Dissent>(store, &f.sec, &f, DissentInput { item_id: first.id, person_id: f.members[3].id, reasons: String::new() }).await;
    let file = foorumi_store::agendas::StoredFile { media_type: "application/pdf".into(), size: 2345, sha256: "a".repeat(64) };
    let named = |name: &str| Some((name.to_owned(), file.clone()));

    // Another member, another forum's secretary or a party's administrator gives no reasons
    // for Minna.
    let before = snapshot(store).await;
    for actor in [&f.mem[2], &f.other_sec, &f.lahti_admin] {
        assert_forbidden(minutes::submit_reasons(store, actor, &author(), dissent.id, Some("Toisen perustelut"), named("x.pdf")).await);
    }
    assert!(matches!(minutes::submit_reasons(store, minna, &author(), 999_999, Some("Perustelut"), None).await, Err(Error::NotFound)));
    assert_eq!(snapshot(store).await, before);
    assert_eq!(records::get::<Dissent>(store, dissent.id).await.expect("the dissent"), dissent);

    // Minna herself, who may not edit the record, gives her reasons as text.
    let reasons = "Esitys olisi pitänyt palauttaa valmisteluun, koska vaikutuksia ei arvioitu.";
    let given = minutes::submit_reasons(store, minna, &author(), dissent.id, Some(&format!("  {reasons}\n")), None)
        .await
        .expect("the dissenter gives her reasons");
    assert_eq!((given.input.reasons.as_str(), given.reasons_file.as_ref()), (reasons, None));
    assert_eq!(given.version, dissent.version + 1);
    assert_eq!(records::get::<Dissent>(store, dissent.id).await.expect("read back"), given);
    let logged = audit::recent(store, f.region.id, Some((Dissent::ENTITY, dissent.id)), 1).await.expect("the audit log");
    assert_eq!(logged[0].action, "submit_reasons");

    // The item is checked at the meeting: the reasons are attached to the minutes, not
    // part of the decision, so they still come as a file.
    let rec = records::get::<ItemRecord>(store, held.records[0].id).await.expect("the record");
    minutes::check_item_at_meeting(store, &f.sec, &author(), rec.id, rec.version).await.expect("check at the meeting");
    let with_file = minutes::submit_reasons(store, minna, &author(), dissent.id, None, named("Eriävän mielipiteen perustelut.pdf"))
        .await
        .expect("the written reasons as a file");
    assert_eq!(with_file.input.reasons, reasons, "no text given: the text stays");
    let attached = with_file.reasons_file.clone().expect("the file");
    assert_eq!(
        (attached.name.as_str(), attached.media_type.as_str(), attached.size, attached.sha256.as_str()),
        ("Eriävän mielipiteen perustelut.pdf", "application/pdf", 2345, file.sha256.as_str())
    );
    assert!(!attached.submitted_at.is_empty());
    assert_eq!(records::get::<Dissent>(store, dissent.id).await.expect("read back"), with_file);
    let json = serde_json::to_string(&with_file).expect("JSON");
    // The checked version is the archival copy: it keeps where the file is, as attachments do.
    assert!(json.contains("Eriävän mielipiteen perustelut.pdf") && json.contains(&file.sha256), "{json}");

    // While the checkers read, new reasons ask them to approve again; the secretary may
    // record them too.
    let minutes = current(store, &held.minutes).await;
    let sent = foorumi_testkit::send_to_checkers(store, &f.sec, &author(), minutes.id, minutes.version).await.expect("send");
    minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-10 12:00")).await.expect("Matti approves");
    let by_secretary = minutes::submit_reasons(store, &f.sec, &author(), dissent.id, Some("Perustelut kirjattuina."), None)
        .await
        .expect("the secretary records the reasons");
    assert_eq!(by_secretary.input.reasons, "Perustelut kirjattuina.");
    assert_eq!(by_secretary.reasons_file, with_file.reasons_file, "the file stays");
    assert_eq!(approvals(&record(store, &held.meeting).await), [(f.members[0].id, false), (f.members[1].id, false)]);

    // Once checked, no more.
    minutes::approve(store, &f.mem[0], &author(), sent.id, at("2027-03-11 09:00")).await.expect("Matti approves again");
    let checked = minutes::approve(store, &f.mem[1], &author(), sent.id, at("2027-03-11 10:00")).await.expect("Maija approves");
    assert_eq!(checked.status, MinutesStatus::Checked);
    let before = snapshot(store).await;
    for actor in [minna, &f.sec] {
        assert_eq!(
            fields(minutes::submit_reasons(store, actor, &author(), dissent.id, Some("Myöhästyneet perustelut."), named("myoh.pdf")).await),
            [pair("minutes", "error-minutes-checked")]
        );
    }
    assert_eq!(snapshot(store).await, before);
    let versions = minutes::versions(store, checked.id).await.expect("the versions");
    let kept = &versions[0].record.dissents[0];
    let file_facts = |f: &ReasonsFile| (f.name.clone(), f.media_type.clone(), f.size, f.submitted_at.clone());
    assert_eq!(kept.input.reasons, "Perustelut kirjattuina.");
    assert_eq!(kept.reasons_file.as_ref().map(file_facts), Some(file_facts(&attached)), "the checked version names the file");
}

// ---- appeal instructions and their provisions (R2.11) ---------------------------------------

fn appeal(item: &AgendaItem, outcome_: Outcome, appeal: Option<Appeal>, basis: &str) -> ItemRecordInput {
    ItemRecordInput { appeal, appeal_basis: basis.into(), ..outcome(item, outcome_) }
}

async fn a_formal_bodys_decision_carries_instructions_resting_on_a_provision(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    let m = &held.meeting;
    assert_eq!((held.records[0].input.appeal, held.records[0].input.appeal_basis.as_str()), (None, ""), "a decision has no default");

    // What only prepares a matter or notes it cannot be challenged (KuntaL 136 §).
    for (title, preparing) in [
        ("Katsaus", Outcome::Noted),
        ("Palautettava asia", Outcome::ReferredBack),
        ("Siirrettävä asia", Outcome::Postponed),
        ("Pöydälle jätettävä asia", Outcome::Tabled),
        ("Poistettava asia", Outcome::Withdrawn),
    ] {
        let it = item(store, &f, m, title).await;
        let written = write::<ItemRecord>(store, &f.sec, &f, outcome(&it, preparing)).await;
        assert_eq!((written.input.appeal, written.input.appeal_basis.as_str()), (Some(Appeal::NoAppeal), "KuntaL 136 §"), "{preparing:?}");
        assert_eq!(records::get::<ItemRecord>(store, written.id).await.expect("read back").input, written.input);
    }
    // The instructions' own provisions, unless the secretary names one.
    for (title, chosen, basis, expected) in [
        ("Oikaistava päätös", Appeal::Rectification, "", "KuntaL 134 §"),
        ("Valituskelpoinen päätös", Appeal::MunicipalAppeal, "", "KuntaL 135 §"),
        ("Täytäntöönpano", Appeal::NoAppeal, "", "KuntaL 136 §"),
        ("Hankintapäätös", Appeal::MunicipalAppeal, "  Hankintalaki 146 §  ", "Hankintalaki 146 §"),
    ] {
        let it = item(store, &f, m, title).await;
        let written = write::<ItemRecord>(store, &f.sec, &f, appeal(&it, Outcome::PassedAsProposed, Some(chosen), basis)).await;
        assert_eq!((written.input.appeal, written.input.appeal_basis.as_str()), (Some(chosen), expected), "{title}");
    }
    // A decision later tabled gets the notice too.
    let second = records::get::<ItemRecord>(store, held.records[1].id).await.expect("the second record");
    let tabled =
        records::update::<ItemRecord>(store, &f.sec, &author(), second.id, second.version, outcome(&held.items[1], Outcome::Tabled))
            .await
            .expect("table it");
    assert_eq!((tabled.input.appeal, tabled.input.appeal_basis.as_str()), (Some(Appeal::NoAppeal), "KuntaL 136 §"));

    // A provision without instructions rests on nothing.
    let it = item(store, &f, m, "Avustuspäätös").await;
    let managers_meeting = meeting(store, &f, &f.managers, "2027-03-10").await;
    let forum_item = item(store, &f, &managers_meeting, "Kuntien yhteinen elinvoimaohjelma").await;
    minutes::start(store, &f.manager_sec, &author(), f.region.id, minutes_input(&managers_meeting, &[])).await.expect("start the memo");
    let before = snapshot(store).await;
    assert_eq!(
        fields(
            records::create::<ItemRecord>(store, &f.sec, &author(), f.region.id, appeal(&it, Outcome::Decided, None, "KuntaL 134 §")).await
        ),
        [pair("appeal_basis", "error-appeal-basis-without-appeal")]
    );
    // A forum's output is not appealable, nor given a provision.
    assert_eq!(
        fields(
            records::create::<ItemRecord>(
                store,
                &f.manager_sec,
                &author(),
                f.region.id,
                appeal(&forum_item, Outcome::Recommendation, None, "KuntaL 136 §")
            )
            .await
        ),
        [pair("appeal_basis", "error-appeal-basis-without-appeal")]
    );
    assert_eq!(snapshot(store).await, before);
    let noted = write::<ItemRecord>(store, &f.manager_sec, &f, outcome(&forum_item, Outcome::Noted)).await;
    assert_eq!((noted.input.appeal, noted.input.appeal_basis.as_str()), (None, ""), "a forum's note carries no notice");
}

fn template_input(party: &Party, kind: Appeal, basis: &str, fi: &str) -> AppealTemplateInput {
    AppealTemplateInput {
        party_id: party.id,
        appeal: kind,
        basis: basis.into(),
        text: Names::new(fi, "Begäran om omprövning görs hos stadsstyrelsen.", "A request for rectification goes to the city board."),
    }
}

const LAHTI_BASIS: &str = "KuntaL 134 §, Lahden hallintosääntö 128 §";

async fn an_organisations_own_instructions_give_their_provision(store: &Store) {
    let f = fixture(store).await;
    // The board is a body of one party of the region, not of another region's.
    let elsewhere = create::<Region>(store, 0, RegionInput { code: "02".into(), name: Names::new("Varsinais-Suomi", "", "") }).await;
    let turku = create::<Party>(
        store,
        elsewhere.id,
        PartyInput {
            region_periods: vec![RegionPeriod { region_code: "02".into(), valid_from: d("1994-01-01"), valid_until: None }],
            ..party(PartyKind::Municipality, Some("853"), "Turku")
        },
    )
    .await;
    let board = records::get::<Forum>(store, f.board.id).await.expect("the board");
    let before = snapshot_with(store, &["forums"]).await;
    assert_eq!(
        fields(
            records::update::<Forum>(
                store,
                &admin(),
                &author(),
                board.id,
                board.version,
                ForumInput { organisation_id: Some(turku.id), ..board.input.clone() }
            )
            .await
        ),
        [pair("organisation_id", "error-not-found")]
    );
    assert_eq!(snapshot_with(store, &["forums"]).await, before);
    let board = records::update::<Forum>(
        store,
        &admin(),
        &author(),
        board.id,
        board.version,
        ForumInput { organisation_id: Some(f.lahti.id), ..board.input.clone() },
    )
    .await
    .expect("the board is Lahti's");
    assert_eq!(records::get::<Forum>(store, board.id).await.expect("read back").input.organisation_id, Some(f.lahti.id));

    // One template of each kind per organisation, by the region's administrators.
    let input = template_input(&f.lahti, Appeal::Rectification, LAHTI_BASIS, "Oikaisuvaatimus tehdään Lahden kaupunginhallitukselle.");
    let before = snapshot(store).await;
    assert_forbidden(records::create::<AppealTemplate>(store, &f.sec, &author(), f.region.id, input.clone()).await);
    assert_eq!(snapshot(store).await, before);
    let template = create::<AppealTemplate>(store, f.region.id, input.clone()).await;
    assert_eq!(template.input, input);
    assert_eq!(records::get::<AppealTemplate>(store, template.id).await.expect("read back"), template);
    let before = snapshot(store).await;
    assert_eq!(
        fields(records::create::<AppealTemplate>(store, &admin(), &author(), f.region.id, input.clone()).await),
        [pair("appeal", "error-appeal-template-exists")]
    );
    assert_eq!(
        fields(
            records::create::<AppealTemplate>(
                store,
                &admin(),
                &author(),
                f.region.id,
                AppealTemplateInput { party_id: turku.id, ..input.clone() }
            )
            .await
        ),
        [pair("party_id", "error-not-found")]
    );
    assert_eq!(
        fields(
            records::create::<AppealTemplate>(
                store,
                &admin(),
                &author(),
                f.region.id,
                template_input(&f.lahti, Appeal::MunicipalAppeal, "", "   ")
            )
            .await
        ),
        [pair("text.fi", "error-required")]
    );
    assert_eq!(snapshot(store).await, before);
    // Its own template is not a duplicate of itself.
    let template = records::update::<AppealTemplate>(
        store,
        &admin(),
        &author(),
        template.id,
        template.version,
        AppealTemplateInput { text: Names::new("Oikaisuvaatimus tehdään kaupunginhallitukselle.", "", ""), ..input.clone() },
    )
    .await
    .expect("edit the template");
    assert_eq!(template.input.text.fi, "Oikaisuvaatimus tehdään kaupunginhallitukselle.");
    // A template without a provision leaves the kind's own.
    create::<AppealTemplate>(store, f.region.id, template_input(&f.lahti, Appeal::MunicipalAppeal, "", "Valitus hallinto-oikeuteen."))
        .await;

    let held = held_board_meeting(store, &f).await;
    let m = &held.meeting;
    for (title, chosen, basis, expected) in [
        ("Oikaistava päätös", Appeal::Rectification, "", LAHTI_BASIS),
        ("Oikaistava päätös omalla säännöksellä", Appeal::Rectification, "KuntaL 134 §", "KuntaL 134 §"),
        ("Valituskelpoinen päätös", Appeal::MunicipalAppeal, "", "KuntaL 135 §"),
    ] {
        let it = item(store, &f, m, title).await;
        let written = write::<ItemRecord>(store, &f.sec, &f, appeal(&it, Outcome::PassedAsProposed, Some(chosen), basis)).await;
        assert_eq!(written.input.appeal_basis, expected, "{title}");
    }
    // Another body of the region, not Lahti's, keeps the kind's own provision.
    let other = create::<Forum>(
        store,
        f.region.id,
        forum_input("Tarkastuslautakunta", ForumLevel::Strategic, LegalType::FormalBody, MinutesApproval::Checkers),
    )
    .await;
    let other_meeting = meeting(store, &f, &other, "2027-03-11").await;
    let it = item(store, &f, &other_meeting, "Arviointikertomus").await;
    let written = records::create::<ItemRecord>(
        store,
        &admin(),
        &author(),
        f.region.id,
        appeal(&it, Outcome::Noted, Some(Appeal::Rectification), ""),
    )
    .await
    .expect("another body's record");
    assert_eq!(written.input.appeal_basis, "KuntaL 134 §");
}

/// R2.11: an organisation's no-appeal template names the provision of the notice that a
/// preparation item gets by default, as it does when the secretary chooses the notice.
async fn an_organisations_no_appeal_template_gives_the_provision_of_the_default_notice(store: &Store) {
    let f = fixture(store).await;
    let board = records::get::<Forum>(store, f.board.id).await.expect("the board");
    records::update::<Forum>(
        store,
        &admin(),
        &author(),
        board.id,
        board.version,
        ForumInput { organisation_id: Some(f.lahti.id), ..board.input.clone() },
    )
    .await
    .expect("the board is Lahti's");
    let basis = "KuntaL 136 §, Lahden hallintosääntö 130 §";
    create::<AppealTemplate>(
        store,
        f.region.id,
        template_input(&f.lahti, Appeal::NoAppeal, basis, "Tähän päätökseen ei saa hakea muutosta."),
    )
    .await;
    let held = held_board_meeting(store, &f).await;
    let chosen = item(store, &f, &held.meeting, "Valittu kielto").await;
    let written = write::<ItemRecord>(store, &f.sec, &f, appeal(&chosen, Outcome::Noted, Some(Appeal::NoAppeal), "")).await;
    assert_eq!(written.input.appeal_basis, basis, "the notice chosen");
    let by_default = item(store, &f, &held.meeting, "Oletuskielto").await;
    let written = write::<ItemRecord>(store, &f.sec, &f, outcome(&by_default, Outcome::Noted)).await;
    assert_eq!(written.input.appeal, Some(Appeal::NoAppeal));
    assert_eq!(written.input.appeal_basis, basis, "the notice a preparation item gets by default");
}

// ---- notified parties (R2.12) ----------------------------------------------------------------

fn notified(item: &AgendaItem, recipient: &str, method: NotificationMethod, sent_on: &str) -> PartyNotificationInput {
    PartyNotificationInput { item_id: item.id, recipient: recipient.into(), method, sent_on: d(sent_on) }
}

async fn a_notified_party_gets_its_dates_from_the_method_and_the_instructions(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting_on(store, &f, "2026-02-24").await;
    let m = &held.meeting;
    let rectification = item(store, &f, m, "Avustuspäätös").await;
    write::<ItemRecord>(store, &f.sec, &f, appeal(&rectification, Outcome::PassedAsProposed, Some(Appeal::Rectification), "")).await;
    let municipal = item(store, &f, m, "Lausunto kaavaehdotuksesta").await;
    let municipal_record =
        write::<ItemRecord>(store, &f.sec, &f, appeal(&municipal, Outcome::PassedAsProposed, Some(Appeal::MunicipalAppeal), "")).await;
    let noted = item(store, &f, m, "Katsaus").await;
    write::<ItemRecord>(store, &f.sec, &f, outcome(&noted, Outcome::Noted)).await;
    let unrecorded = item(store, &f, m, "Kirjaamaton asia").await;

    // (item, method, sent, received, deadline): a letter is received on the seventh day,
    // an electronic notification on the third, one against a receipt the same day; the
    // period runs 14 or 30 days from then and ends on a working day.
    let cases = [
        // The worked example of R1.4: Monday 2 March, the 9th, the 23rd.
        (&rectification, NotificationMethod::Letter, "2026-03-02", "2026-03-09", Some("2026-03-23")),
        // Thursday 17 December by e-mail: received on Sunday the 20th; 30 days on is
        // Tuesday 19 January 2027, a working day (Epiphany was the 6th).
        (&municipal, NotificationMethod::Electronic, "2026-12-17", "2026-12-20", Some("2027-01-19")),
        // Received 10 December: the 14 days end on Christmas Eve, then Christmas, Boxing
        // Day and a weekend: Monday 28 December.
        (&rectification, NotificationMethod::Letter, "2026-12-03", "2026-12-10", Some("2026-12-28")),
        // Handed over on Friday 17 April: the period would end on May Day, a Friday.
        (&rectification, NotificationMethod::Receipt, "2026-04-17", "2026-04-17", Some("2026-05-04")),
        // Received 5 March: 30 days on is Easter Saturday; Easter Sunday and Monday follow.
        (&municipal, NotificationMethod::Electronic, "2026-03-02", "2026-03-05", Some("2026-04-07")),
        // Nothing lies against a note: no deadline.
        (&noted, NotificationMethod::Letter, "2026-03-02", "2026-03-09", None),
        (&unrecorded, NotificationMethod::Receipt, "2026-03-02", "2026-03-02", None),
    ];
    let mut written = Vec::new();
    for (i, (it, method, sent, received, deadline)) in cases.iter().enumerate() {
        let recipient = format!("Asianosainen {i}");
        let n = write::<PartyNotification>(store, &f.sec, &f, notified(it, &format!("  {recipient} "), *method, sent)).await;
        assert_eq!(n.input, notified(it, &recipient, *method, sent));
        assert_eq!(n.forum_id, f.board.id);
        assert_eq!((n.received_on, n.deadline), (Some(d(received)), deadline.map(d)), "{method:?} sent {sent}");
        assert_eq!(records::get::<PartyNotification>(store, n.id).await.expect("read back"), n);
        written.push(n);
    }
    let listed =
        records::list::<PartyNotification>(store, Some(f.region.id), &[("meeting_id".into(), m.id.to_string())], records::Page::default())
            .await
            .expect("the meeting's notifications")
            .0;
    assert_eq!(listed.len(), written.len());
    assert!(written.iter().all(|n| listed.contains(n)));

    // The deadline follows the item's instructions: a municipal appeal becomes a
    // rectification, and the e-mail of 17 December gives 14 days from the 20th: 3 January
    // 2027 is a Sunday, so Monday the 4th.
    records::update::<ItemRecord>(
        store,
        &f.sec,
        &author(),
        municipal_record.id,
        municipal_record.version,
        appeal(&municipal, Outcome::PassedAsProposed, Some(Appeal::Rectification), ""),
    )
    .await
    .expect("change the instructions");
    let reread = records::get::<PartyNotification>(store, written[1].id).await.expect("read again");
    assert_eq!((reread.received_on, reread.deadline), (Some(d("2026-12-20")), Some(d("2027-01-04"))));

    // Only a formal body's decisions are notified, by whoever keeps the record, to someone.
    let managers_meeting = meeting(store, &f, &f.managers, "2026-03-10").await;
    let forum_item = item(store, &f, &managers_meeting, "Kuntien yhteinen elinvoimaohjelma").await;
    let before = snapshot(store).await;
    assert_eq!(
        fields(
            records::create::<PartyNotification>(
                store,
                &f.manager_sec,
                &author(),
                f.region.id,
                notified(&forum_item, "Kunta", NotificationMethod::Letter, "2026-03-12")
            )
            .await
        ),
        [pair("item_id", "error-notification-not-for-forum")]
    );
    assert_eq!(
        fields(
            records::create::<PartyNotification>(
                store,
                &f.sec,
                &author(),
                f.region.id,
                notified(&rectification, "   ", NotificationMethod::Letter, "2026-03-12")
            )
            .await
        ),
        [pair("recipient", "error-required")]
    );
    for actor in [&f.mem[0], &f.other_sec, &f.lahti_admin] {
        assert_forbidden(
            records::create::<PartyNotification>(
                store,
                actor,
                &author(),
                f.region.id,
                notified(&rectification, "Asianosainen", NotificationMethod::Letter, "2026-03-12"),
            )
            .await,
        );
    }
    assert_eq!(snapshot(store).await, before);
}

both_backends!(
    an_organisations_no_appeal_template_gives_the_provision_of_the_default_notice,
    the_agenda_item_of_an_item_checked_at_the_meeting_is_final_too,
    a_formal_body_keeps_minutes_and_a_forum_a_memo_one_per_meeting,
    presence_needs_a_verified_remote_a_named_deputy_and_a_seat_of_the_meeting,
    a_forum_reaches_no_decisions,
    a_formal_body_decides_only_with_a_quorum_less_those_disqualified,
    a_vote_is_kept_with_its_ballots,
    minutes_go_to_their_checkers_only_when_complete,
    every_checker_approves_once_and_an_edit_asks_them_again,
    a_checked_record_changes_only_through_a_correction_that_becomes_a_new_version,
    a_memo_is_approved_at_a_later_meeting_of_its_forum,
    actions_are_followed_by_their_forum_and_their_party,
    parties_ratify_a_forums_recommendations_once_each,
    only_the_forums_secretary_and_administrators_write_the_record,
    a_write_from_an_old_version_is_stale,
    deleting_any_part_of_a_checked_record_is_refused,
    the_agenda_of_a_checked_meeting_is_frozen,
    quorum_lost_after_an_outcome_was_written_keeps_the_minutes_from_the_checkers,
    an_edit_while_checking_cannot_leave_the_checked_record_incomplete_or_without_quorum,
    a_memo_is_approved_only_at_a_meeting_that_has_begun,
    a_formal_body_cannot_leave_its_minutes_to_the_next_meeting,
    a_meeting_with_minutes_is_not_deleted,
    the_next_agenda_follows_up_the_forums_open_actions,
    the_checkers_are_asked_by_e_mail_in_the_same_step,
    an_item_checked_at_the_meeting_is_final_while_the_rest_of_the_record_is_written,
    a_checker_disqualified_in_every_item_cannot_check_the_minutes,
    a_dissenter_gives_written_reasons_until_the_minutes_are_checked,
    a_formal_bodys_decision_carries_instructions_resting_on_a_provision,
    an_organisations_own_instructions_give_their_provision,
    a_notified_party_gets_its_dates_from_the_method_and_the_instructions,
);

/// R2.10: once the body checked an item at the meeting, the item as the minutes print it
/// (its title, background and proposal) is final too, and the item is not deleted with
/// its record.
async fn the_agenda_item_of_an_item_checked_at_the_meeting_is_final_too(store: &Store) {
    let f = fixture(store).await;
    let held = held_board_meeting(store, &f).await;
    for rec in &held.records {
        let rec = records::get::<ItemRecord>(store, rec.id).await.expect("the record");
        minutes::check_item_at_meeting(store, &f.sec, &author(), rec.id, rec.version).await.expect("check at the meeting");
    }
    let (first, second) = (&held.items[0], &held.items[1]);
    let before = snapshot_with(store, &["agenda_items"]).await;
    let before_record = record(store, &held.meeting).await;
    let mut problems = Vec::new();
    let edited = records::update::<AgendaItem>(
        store,
        &f.sec,
        &author(),
        first.id,
        first.version,
        AgendaItemInput { proposal: "Muutettu ehdotus jälkikäteen.".into(), ..first.input.clone() },
    )
    .await;
    if !matches!(&edited, Err(Error::Invalid(list)) if list.iter().any(|e| e.code == "error-item-checked-at-meeting")) {
        problems.push(format!("editing the first item's proposal: {edited:?}"));
    }
    let deleted = records::delete::<AgendaItem>(store, &f.sec, &author(), second.id, None).await;
    if !matches!(&deleted, Err(Error::Invalid(list)) if list.iter().any(|e| e.code == "error-item-checked-at-meeting")) {
        let left = records::get::<ItemRecord>(store, held.records[1].id).await;
        problems.push(format!("deleting the second item: {deleted:?}; its checked record afterwards: {left:?}"));
    }
    assert!(problems.is_empty(), "an item checked at the meeting changed:\n{}", problems.join("\n"));
    assert_eq!(snapshot_with(store, &["agenda_items"]).await, before);
    assert_eq!(record(store, &held.meeting).await, before_record);
}
