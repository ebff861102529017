//! The storage conformance suite: every store function users rely on, written once and
//! run unchanged on SQLite (`sqlite::…`) and on a throw-away PostgreSQL (`postgres::…`).

use chrono::{Datelike, NaiveDate, NaiveTime};
use foorumi_core::permissions::Actor;
use foorumi_core::plan::{DutyPeriod, DutyStatus};
use foorumi_core::*;
use foorumi_store::accounts::{self, LoginError, NewUser};
use foorumi_store::audit::{self, Author, Verdict};
use foorumi_store::meetings::{self, PlanOutcome};
use foorumi_store::records::{self, Page, Record};
use foorumi_store::{Error, Store, register_file, views};
use foorumi_testkit::fixtures::{
    add_user, admin, author, count, create, create_as, create_paijat_hame, d, edit_meeting, fields, forum, hm, meeting, meeting_on,
    new_user, pair, party, seat as seat_input,
};
use foorumi_testkit::{TestStore, both_backends};

// ---- helpers ------------------------------------------------------------------------

fn names(fi: &str) -> Names {
    Names::new(fi, &format!("{fi} (sv)"), &format!("{fi} (en)"))
}

fn filter(name: &str, value: impl ToString) -> (String, String) {
    (name.to_owned(), value.to_string())
}

async fn list<R: Record>(store: &Store, region_id: Id, filters: &[(String, String)]) -> (Vec<R>, i64) {
    records::list::<R>(store, Some(region_id), filters, Page::default()).await.expect("list")
}

const TABLES: &[&str] = &[
    "regions",
    "parties",
    "party_region_periods",
    "people",
    "contacts",
    "posts",
    "holdings",
    "forums",
    "council_terms",
    "seats",
    "users",
    "grants",
    "audit_log",
];

/// Row counts of every table: equal before and after a refused write.
async fn counts(store: &Store) -> Vec<(&'static str, i64)> {
    let mut result = Vec::new();
    for table in TABLES {
        result.push((*table, count(store, table).await));
    }
    result
}

async fn audit_entries(store: &Store) -> i64 {
    count(store, "audit_log").await
}

/// A municipality named in three languages (`names`).
fn municipality(code: &str, name: &str) -> PartyInput {
    PartyInput { name: names(name), ..party(PartyKind::Municipality, Some(code), name) }
}

/// A forum named in three languages, with a mandate, under `parent_id`; a working group
/// is one by law too.
fn forum_input(name: &str, level: ForumLevel, parent_id: Option<Id>) -> ForumInput {
    ForumInput {
        name: names(name),
        legal_type: if level == ForumLevel::WorkingGroup { LegalType::WorkingGroup } else { LegalType::CooperationForum },
        mandate: names(&format!("{name}: mandaatti")),
        parent_id,
        ..forum(name, level)
    }
}

fn person_input(name: &str, party: Option<&Party>) -> PersonInput {
    PersonInput {
        name: name.into(),
        party_id: party.map(|p| p.id),
        lang: Lang::Fi,
        contacts: vec![Contact {
            kind: ContactKind::Email,
            value: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
            public: true,
            valid_from: Some(d("2025-06-01")),
            valid_until: None,
        }],
    }
}

/// A small Päijät-Häme: the regional council, the county, Lahti, Hollola and Iitti (in
/// Kymenlaakso until 2020), the 2025–2029 term, the municipal managers' meeting with
/// PHTURVA under it, posts held by placeholder people, and seats with a deputy.
struct Fixture {
    region: Region,
    council: Party,
    county: Party,
    lahti: Party,
    hollola: Party,
    iitti: Party,
    term: CouncilTerm,
    strategic: Forum,
    managers: Forum,
    phturva: Forum,
    lahti_manager: Post,
    hollola_manager: Post,
    lahti_person: Person,
    hollola_person: Person,
    lahti_deputy_person: Person,
    lahti_seat: Seat,
    lahti_deputy_seat: Seat,
    hollola_seat: Seat,
    council_chair: Seat,
    county_guest: Seat,
}

async fn fixture(store: &Store) -> Fixture {
    let region = create_paijat_hame(store).await;
    let r = region.id;
    let since = |from: &str| vec![RegionPeriod { region_code: "07".into(), valid_from: d(from), valid_until: None }];
    let council = PartyInput {
        name: names("Päijät-Hämeen liitto"),
        region_periods: since("1994-01-01"),
        ..party(PartyKind::RegionalCouncil, None, "Päijät-Hämeen liitto")
    };
    let council = create::<Party>(store, r, council).await;
    let county = PartyInput {
        name: names("Päijät-Hämeen hyvinvointialue"),
        region_periods: since("2023-01-01"),
        ..party(PartyKind::WellbeingCounty, Some("09"), "Päijät-Hämeen hyvinvointialue")
    };
    let county = create::<Party>(store, r, county).await;
    let lahti = create::<Party>(store, r, municipality("398", "Lahti")).await;
    let hollola = create::<Party>(store, r, municipality("098", "Hollola")).await;
    let mut iitti_input = municipality("142", "Iitti");
    iitti_input.region_periods = vec![
        RegionPeriod { region_code: "08".into(), valid_from: d("1997-01-01"), valid_until: Some(d("2020-12-31")) },
        RegionPeriod { region_code: "07".into(), valid_from: d("2021-01-01"), valid_until: None },
    ];
    let iitti = create::<Party>(store, r, iitti_input).await;
    let term = create::<CouncilTerm>(store, r, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let strategic = create::<Forum>(store, r, forum_input("Strateginen foorumi", ForumLevel::Strategic, None)).await;
    let mut managers_input = forum_input("Kuntajohtajakokous", ForumLevel::Tactical, Some(strategic.id));
    managers_input.cadence = Cadence {
        kind: CadenceKind::Monthly,
        weekday: Some(2),
        week_of_month: Some(2),
        month: None,
        excluded_months: vec![7],
        ..Cadence::as_needed()
    };
    let managers = create::<Forum>(store, r, managers_input).await;
    let mut phturva_input = forum_input("Päijät-Hämeen turvallisuusfoorumi", ForumLevel::Operational, Some(managers.id));
    phturva_input.short_name = "PHTURVA".into();
    let phturva = create::<Forum>(store, r, phturva_input).await;
    let lahti_manager = create::<Post>(store, r, PostInput { party_id: lahti.id, title: names("Kaupunginjohtaja, Lahti") }).await;
    let hollola_manager = create::<Post>(store, r, PostInput { party_id: hollola.id, title: names("Kunnanjohtaja, Hollola") }).await;
    let lahti_person = create::<Person>(store, r, person_input("Lahden kaupunginjohtaja", Some(&lahti))).await;
    let hollola_person = create::<Person>(store, r, person_input("Hollolan kunnanjohtaja", Some(&hollola))).await;
    let lahti_deputy_person = create::<Person>(store, r, person_input("Lahden apulaiskaupunginjohtaja", Some(&lahti))).await;
    create::<Holding>(
        store,
        r,
        HoldingInput { post_id: lahti_manager.id, person_id: lahti_person.id, start_date: d("2020-01-01"), end_date: None },
    )
    .await;
    create::<Holding>(
        store,
        r,
        HoldingInput { post_id: hollola_manager.id, person_id: hollola_person.id, start_date: d("2021-03-01"), end_date: None },
    )
    .await;
    let lahti_seat =
        create::<Seat>(store, r, SeatInput { post_id: Some(lahti_manager.id), ..seat_input(&managers, &term, &lahti, SeatRole::Member) })
            .await;
    let lahti_deputy_seat = create::<Seat>(
        store,
        r,
        SeatInput {
            person_id: Some(lahti_deputy_person.id),
            deputy_of: Some(lahti_seat.id),
            ..seat_input(&managers, &term, &lahti, SeatRole::Deputy)
        },
    )
    .await;
    let hollola_seat = create::<Seat>(
        store,
        r,
        SeatInput { post_id: Some(hollola_manager.id), ..seat_input(&managers, &term, &hollola, SeatRole::Member) },
    )
    .await;
    let council_director = create::<Person>(store, r, person_input("Maakuntajohtaja", Some(&council))).await;
    let council_chair = create::<Seat>(
        store,
        r,
        SeatInput { person_id: Some(council_director.id), ..seat_input(&managers, &term, &council, SeatRole::Chair) },
    )
    .await;
    let county_director = create::<Person>(store, r, person_input("Hyvinvointialuejohtaja", Some(&county))).await;
    let county_guest = create::<Seat>(
        store,
        r,
        SeatInput { person_id: Some(county_director.id), ..seat_input(&managers, &term, &county, SeatRole::StandingGuest) },
    )
    .await;
    Fixture {
        region,
        council,
        county,
        lahti,
        hollola,
        iitti,
        term,
        strategic,
        managers,
        phturva,
        lahti_manager,
        hollola_manager,
        lahti_person,
        hollola_person,
        lahti_deputy_person,
        lahti_seat,
        lahti_deputy_seat,
        hollola_seat,
        council_chair,
        county_guest,
    }
}

/// The council term that contains today (the fixture's, or a new one when the suite
/// runs after 2029): roles come from seats in force today.
async fn term_for_today(store: &Store, f: &Fixture) -> CouncilTerm {
    let today = foorumi_store::today();
    if f.term.contains(today) {
        return f.term.clone();
    }
    create::<CouncilTerm>(store, f.region.id, rules::statutory_term_for(today)).await
}

// ---- the suite ------------------------------------------------------------------------

both_backends!(
    what_create_returns_is_what_is_stored,
    a_joint_meeting_fills_the_month_of_every_forum_in_it,
    a_held_meeting_stays_held_and_a_cancelled_one_can_be_planned_again,
    regions_are_created_read_listed_updated_and_deleted,
    parties_keep_their_region_periods_and_list_with_filters_and_paging,
    deleting_a_party_still_referenced_is_a_conflict,
    people_keep_contacts_and_never_an_identity_code,
    posts_and_holdings_have_one_holder_at_a_time,
    forums_escalate_upwards_and_keep_their_cadence,
    council_terms_are_unique_and_in_order,
    seats_default_to_the_term_end_and_list_with_filters,
    seat_invariants_come_back_as_field_errors,
    actors_without_rights_are_refused_and_nothing_is_written,
    every_change_is_audited_and_tampering_is_found,
    the_register_file_round_trips_exactly,
    an_import_with_one_bad_record_imports_nothing,
    term_roll_over_makes_draft_seats_with_deputies_relinked,
    accounts_log_in_throttle_and_resolve_roles_through_seats,
    views_group_forum_members_by_party_with_deputies_nested,
    two_stores_on_one_database_share_every_write,
    the_plan_gives_a_monthly_forum_its_dates_at_its_hours_once,
    regenerating_never_moves_an_edited_cancelled_or_held_meeting,
    annual_and_once_per_term_forums_get_their_meetings_and_as_needed_ones_none,
    a_once_per_term_meeting_moved_to_another_year_of_the_term_is_not_planned_again,
    only_region_administrators_and_the_forums_secretary_generate_the_plan,
    meeting_rules_come_back_as_field_errors_and_nothing_is_written,
    meetings_list_by_forum_year_status_and_kind_with_joint_meetings_under_each_forum,
    meetings_are_numbered_per_convening_forum_and_year_skipping_cancelled_ones,
    clashes_find_one_person_in_two_overlapping_meetings,
    duties_tell_which_months_are_met_planned_missing_or_not_expected,
    a_member_answers_for_their_own_seat_only_and_the_secretary_and_region_admin_for_anyone,
    attendance_needs_a_seat_of_the_meeting_on_its_date_and_a_deputy_for_deputy_attends,
);

async fn regions_are_created_read_listed_updated_and_deleted(store: &Store) {
    let created = create::<Region>(store, 0, RegionInput { code: "07".into(), name: names("Päijät-Häme") }).await;
    assert_eq!(created.version, 1);
    assert_eq!(created.input.name.sv, "Päijät-Häme (sv)");
    let got = records::get::<Region>(store, created.id).await.unwrap();
    assert_eq!(got, created);
    let other = create::<Region>(store, 0, RegionInput { code: "02".into(), name: names("Varsinais-Suomi") }).await;

    let (all, total) = records::list::<Region>(store, None, &[], Page::default()).await.unwrap();
    assert_eq!(total, 2);
    assert_eq!(all.iter().map(|r| r.input.code.as_str()).collect::<Vec<_>>(), ["02", "07"], "ordered by code");
    let (only, total) = records::list::<Region>(store, None, &[filter("code", "07")], Page::default()).await.unwrap();
    assert_eq!((only, total), (vec![created.clone()], 1));
    let (scoped, _) = records::list::<Region>(store, Some(other.id), &[], Page::default()).await.unwrap();
    assert_eq!(scoped, vec![other.clone()]);

    let renamed = RegionInput { code: "07".into(), name: names("Päijät-Hämeen maakunta") };
    let updated = records::update::<Region>(store, &admin(), &author(), created.id, 1, renamed.clone()).await.unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.input, renamed);
    assert_eq!(records::get::<Region>(store, created.id).await.unwrap(), updated);

    let stale = records::update::<Region>(store, &admin(), &author(), created.id, 1, renamed).await;
    assert!(matches!(stale, Err(Error::Stale { current: 2 })), "{stale:?}");

    let duplicate =
        records::create::<Region>(store, &admin(), &author(), 0, RegionInput { code: "07".into(), name: names("Toinen") }).await;
    assert!(matches!(&duplicate, Err(Error::Conflict { field: Some(field), .. }) if field == "code"), "{duplicate:?}");
    let bad = records::create::<Region>(store, &admin(), &author(), 0, RegionInput { code: "7".into(), name: names("") }).await;
    let found = fields(bad);
    assert!(found.contains(&pair("code", "error-region-code")), "{found:?}");
    assert!(found.contains(&pair("name.fi", "error-required")), "{found:?}");

    let stale_delete = records::delete::<Region>(store, &admin(), &author(), other.id, Some(7)).await;
    assert!(matches!(stale_delete, Err(Error::Stale { current: 1 })), "{stale_delete:?}");
    records::delete::<Region>(store, &admin(), &author(), other.id, Some(1)).await.unwrap();
    assert!(matches!(records::get::<Region>(store, other.id).await, Err(Error::NotFound)));
    assert!(matches!(records::delete::<Region>(store, &admin(), &author(), other.id, None).await, Err(Error::NotFound)));
    assert!(matches!(
        records::update::<Region>(store, &admin(), &author(), other.id, 1, created.input.clone()).await,
        Err(Error::NotFound)
    ));
}

async fn parties_keep_their_region_periods_and_list_with_filters_and_paging(store: &Store) {
    let f = fixture(store).await;
    let iitti = records::get::<Party>(store, f.iitti.id).await.unwrap();
    assert_eq!(iitti.input.region_periods.len(), 2);
    assert!(iitti.belongs_to("07", d("2021-01-01")));
    assert!(!iitti.belongs_to("07", d("2020-12-31")));
    assert_eq!(iitti, f.iitti);

    let (all, total) = list::<Party>(store, f.region.id, &[]).await;
    assert_eq!(total, 5);
    let order: Vec<&str> = all.iter().map(|p| p.input.name.fi.as_str()).collect();
    assert_eq!(order, ["Hollola", "Iitti", "Lahti", "Päijät-Hämeen hyvinvointialue", "Päijät-Hämeen liitto"]);

    let (municipalities, total) = list::<Party>(store, f.region.id, &[filter("kind", "municipality")]).await;
    assert_eq!(total, 3);
    assert!(municipalities.iter().all(|p| p.input.kind == PartyKind::Municipality));
    let (by_code, total) = list::<Party>(store, f.region.id, &[filter("kind", "municipality"), filter("code", "398")]).await;
    assert_eq!(total, 1);
    assert_eq!(by_code, vec![f.lahti.clone()]);

    let (page, total) = records::list::<Party>(store, Some(f.region.id), &[], Page { offset: 1, limit: 2 }).await.unwrap();
    assert_eq!(total, 5, "the total counts every match, not the page");
    assert_eq!(page.iter().map(|p| p.id).collect::<Vec<_>>(), [all[1].id, all[2].id]);
    let (tail, _) = records::list::<Party>(store, Some(f.region.id), &[], Page { offset: 4, limit: 100 }).await.unwrap();
    assert_eq!(tail.len(), 1);
    let (past, total) = records::list::<Party>(store, Some(f.region.id), &[], Page { offset: 50, limit: 10 }).await.unwrap();
    assert!(past.is_empty());
    assert_eq!(total, 5);

    let unknown = records::list::<Party>(store, Some(f.region.id), &[filter("colour", "red")], Page::default()).await;
    assert_eq!(fields(unknown), vec![pair("colour", "error-unknown-filter")]);

    let mut renamed = f.lahti.input.clone();
    renamed.name = names("Lahden kaupunki");
    renamed.region_periods.push(RegionPeriod { region_code: "99".into(), valid_from: d("1990-01-01"), valid_until: Some(d("1990-12-31")) });
    let updated = records::update::<Party>(store, &admin(), &author(), f.lahti.id, f.lahti.version, renamed.clone()).await.unwrap();
    assert_eq!(updated.version, f.lahti.version + 1);
    assert_eq!(updated.input, renamed);
    assert_eq!(records::get::<Party>(store, f.lahti.id).await.unwrap(), updated);

    let mut bad_code = municipality("98", "Hollola");
    bad_code.region_periods[0].valid_until = Some(d("1990-01-01"));
    let found = fields(records::create::<Party>(store, &admin(), &author(), f.region.id, bad_code).await);
    assert!(found.contains(&pair("code", "error-municipality-code")), "{found:?}");
    assert!(found.contains(&pair("region_periods", "error-end-before-start")), "{found:?}");

    // Another kind may use the same code; a second municipality may not.
    let mut company = municipality("398", "Lahden Energia");
    company.kind = PartyKind::JointCompany;
    create::<Party>(store, f.region.id, company).await;
    let before = counts(store).await;
    let duplicate = records::create::<Party>(store, &admin(), &author(), f.region.id, municipality("398", "Lahti II")).await;
    assert!(
        matches!(&duplicate, Err(Error::Conflict { field: Some(field), code }) if field == "code" && code == "error-duplicate"),
        "{duplicate:?}"
    );
    assert_eq!(counts(store).await, before, "a refused write leaves nothing behind");
}

async fn deleting_a_party_still_referenced_is_a_conflict(store: &Store) {
    let f = fixture(store).await;
    let before = counts(store).await;
    let result = records::delete::<Party>(store, &admin(), &author(), f.hollola.id, Some(f.hollola.version)).await;
    assert!(matches!(&result, Err(Error::Conflict { field: None, code }) if code == "error-in-use"), "{result:?}");
    assert_eq!(counts(store).await, before);
    assert_eq!(records::get::<Party>(store, f.hollola.id).await.unwrap(), f.hollola);

    // Iitti has no posts, people or seats: it goes, with its region periods.
    records::delete::<Party>(store, &admin(), &author(), f.iitti.id, Some(f.iitti.version)).await.unwrap();
    assert!(matches!(records::get::<Party>(store, f.iitti.id).await, Err(Error::NotFound)));
    assert_eq!(count(store, "party_region_periods").await, before.iter().find(|(t, _)| *t == "party_region_periods").unwrap().1 - 2);
}

async fn people_keep_contacts_and_never_an_identity_code(store: &Store) {
    let f = fixture(store).await;
    let got = records::get::<Person>(store, f.lahti_person.id).await.unwrap();
    assert_eq!(got, f.lahti_person);
    assert_eq!(got.input.contacts[0].value, "lahden.kaupunginjohtaja@example.org");

    let (lahti_people, total) = list::<Person>(store, f.region.id, &[filter("party_id", f.lahti.id)]).await;
    assert_eq!(total, 2);
    assert_eq!(
        lahti_people.iter().map(|p| p.input.name.as_str()).collect::<Vec<_>>(),
        ["Lahden apulaiskaupunginjohtaja", "Lahden kaupunginjohtaja"]
    );
    let bad_filter = records::list::<Person>(store, Some(f.region.id), &[filter("party_id", "Lahti")], Page::default()).await;
    assert_eq!(fields(bad_filter), vec![pair("party_id", "error-integer")]);

    let mut changed = f.lahti_person.input.clone();
    changed.contacts.push(Contact {
        kind: ContactKind::Phone,
        value: "+358 40 123 4567".into(),
        public: false,
        valid_from: None,
        valid_until: Some(d("2027-12-31")),
    });
    changed.contacts[0].valid_until = Some(d("2026-12-31"));
    let updated = records::update::<Person>(store, &admin(), &author(), f.lahti_person.id, 1, changed.clone()).await.unwrap();
    assert_eq!(updated.input, changed);
    assert_eq!(updated.version, 2);
    assert_eq!(records::get::<Person>(store, f.lahti_person.id).await.unwrap().input.contacts.len(), 2);

    let before = counts(store).await;
    let identity =
        records::create::<Person>(store, &admin(), &author(), f.region.id, person_input("Matti 131052-308T", Some(&f.lahti))).await;
    assert_eq!(fields(identity), vec![pair("name", "error-identity-code")]);
    let mut bad_contact = person_input("Uusi henkilö", Some(&f.lahti));
    bad_contact.contacts[0].value = "ei-osoite".into();
    assert_eq!(
        fields(records::create::<Person>(store, &admin(), &author(), f.region.id, bad_contact).await),
        vec![pair("contacts", "error-contact-email")]
    );
    let unknown_party = PersonInput { party_id: Some(999_999), ..person_input("Uusi henkilö", None) };
    assert_eq!(
        fields(records::create::<Person>(store, &admin(), &author(), f.region.id, unknown_party).await),
        vec![pair("party_id", "error-not-found")]
    );
    assert_eq!(counts(store).await, before);

    let loose = create::<Person>(store, f.region.id, person_input("Sihteeri", None)).await;
    records::delete::<Person>(store, &admin(), &author(), loose.id, Some(1)).await.unwrap();
    assert!(matches!(records::get::<Person>(store, loose.id).await, Err(Error::NotFound)));
    // Lahti's manager holds a post: still referenced.
    let in_use = records::delete::<Person>(store, &admin(), &author(), f.lahti_person.id, None).await;
    assert!(matches!(in_use, Err(Error::Conflict { field: None, .. })), "{in_use:?}");
}

async fn posts_and_holdings_have_one_holder_at_a_time(store: &Store) {
    let f = fixture(store).await;
    let (lahti_posts, total) = list::<Post>(store, f.region.id, &[filter("party_id", f.lahti.id)]).await;
    assert_eq!((lahti_posts, total), (vec![f.lahti_manager.clone()], 1));

    let mut retitled = f.hollola_manager.input.clone();
    retitled.title = names("Kunnanjohtaja");
    let post = records::update::<Post>(store, &admin(), &author(), f.hollola_manager.id, 1, retitled.clone()).await.unwrap();
    assert_eq!((post.version, post.input), (2, retitled));
    assert_eq!(
        fields(
            records::create::<Post>(store, &admin(), &author(), f.region.id, PostInput { party_id: f.lahti.id, title: names(" ") }).await
        ),
        vec![pair("title.fi", "error-required")]
    );

    let (holdings, total) = list::<Holding>(store, f.region.id, &[filter("post_id", f.lahti_manager.id)]).await;
    assert_eq!(total, 1);
    let holding = holdings[0].clone();
    assert_eq!(holding.input.person_id, f.lahti_person.id);
    let (by_person, _) = list::<Holding>(store, f.region.id, &[filter("person_id", f.hollola_person.id)]).await;
    assert_eq!(by_person.len(), 1);

    let overlapping =
        HoldingInput { post_id: f.lahti_manager.id, person_id: f.lahti_deputy_person.id, start_date: d("2026-01-01"), end_date: None };
    assert_eq!(
        fields(records::create::<Holding>(store, &admin(), &author(), f.region.id, overlapping.clone()).await),
        vec![pair("start_date", "error-post-already-held")]
    );
    let backwards = HoldingInput {
        post_id: f.lahti_manager.id,
        person_id: f.lahti_person.id,
        start_date: d("2026-01-01"),
        end_date: Some(d("2025-01-01")),
    };
    let found = fields(records::update::<Holding>(store, &admin(), &author(), holding.id, holding.version, backwards).await);
    assert_eq!(found, vec![pair("end_date", "error-end-before-start")]);

    // Ending the first holding makes room for a successor.
    let ended = HoldingInput { end_date: Some(d("2025-12-31")), ..holding.input.clone() };
    let ended = records::update::<Holding>(store, &admin(), &author(), holding.id, holding.version, ended).await.unwrap();
    assert_eq!(ended.input.end_date, Some(d("2025-12-31")));
    let successor = create::<Holding>(store, f.region.id, overlapping).await;
    let (holdings, total) = list::<Holding>(store, f.region.id, &[filter("post_id", f.lahti_manager.id)]).await;
    assert_eq!(total, 2);
    assert_eq!(holdings.last().unwrap().id, successor.id, "ordered by start date");
    records::delete::<Holding>(store, &admin(), &author(), successor.id, Some(successor.version)).await.unwrap();
    assert!(matches!(records::get::<Holding>(store, successor.id).await, Err(Error::NotFound)));

    // A post sat on in a forum cannot go.
    let in_use = records::delete::<Post>(store, &admin(), &author(), f.hollola_manager.id, None).await;
    assert!(matches!(in_use, Err(Error::Conflict { field: None, .. })), "{in_use:?}");
}

async fn forums_escalate_upwards_and_keep_their_cadence(store: &Store) {
    let f = fixture(store).await;
    let managers = records::get::<Forum>(store, f.managers.id).await.unwrap();
    assert_eq!(managers, f.managers);
    assert_eq!(managers.input.cadence.excluded_months, vec![7]);
    assert_eq!(managers.input.cadence.weekday, Some(2));

    let (tactical, total) = list::<Forum>(store, f.region.id, &[filter("level", "tactical")]).await;
    assert_eq!((tactical, total), (vec![f.managers.clone()], 1));
    let (children, _) = list::<Forum>(store, f.region.id, &[filter("parent_id", f.managers.id)]).await;
    assert_eq!(children, vec![f.phturva.clone()]);
    let (cooperation, total) = list::<Forum>(store, f.region.id, &[filter("legal_type", "cooperation_forum")]).await;
    assert_eq!((cooperation.len(), total), (3, 3));

    let upwards_wrong = forum_input("Väärä", ForumLevel::Strategic, Some(f.managers.id));
    assert_eq!(
        fields(records::create::<Forum>(store, &admin(), &author(), f.region.id, upwards_wrong).await),
        vec![pair("parent_id", "error-parent-not-higher")]
    );
    let mut cadence_missing = forum_input("Kuukausittain", ForumLevel::WorkingGroup, Some(f.phturva.id));
    cadence_missing.cadence.kind = CadenceKind::Monthly;
    let found = fields(records::create::<Forum>(store, &admin(), &author(), f.region.id, cadence_missing).await);
    assert!(found.contains(&pair("cadence.weekday", "error-required")), "{found:?}");

    let mut changed = f.phturva.input.clone();
    changed.cadence = Cadence {
        kind: CadenceKind::Annual,
        weekday: None,
        week_of_month: None,
        month: Some(3),
        excluded_months: vec![],
        ..Cadence::as_needed()
    };
    changed.default_publicity = Publicity::NotYetPublic;
    let updated = records::update::<Forum>(store, &admin(), &author(), f.phturva.id, 1, changed.clone()).await.unwrap();
    assert_eq!(updated.input, changed);

    let group = create::<Forum>(store, f.region.id, forum_input("Kuntaturva-työryhmä", ForumLevel::WorkingGroup, Some(f.phturva.id))).await;
    let in_use = records::delete::<Forum>(store, &admin(), &author(), f.phturva.id, None).await;
    assert!(matches!(in_use, Err(Error::Conflict { field: None, .. })), "{in_use:?}");
    records::delete::<Forum>(store, &admin(), &author(), group.id, Some(1)).await.unwrap();
    records::delete::<Forum>(store, &admin(), &author(), f.phturva.id, Some(2)).await.unwrap();
    assert!(matches!(records::get::<Forum>(store, f.phturva.id).await, Err(Error::NotFound)));
}

async fn council_terms_are_unique_and_in_order(store: &Store) {
    let f = fixture(store).await;
    assert_eq!(records::get::<CouncilTerm>(store, f.term.id).await.unwrap(), f.term);
    let backwards = TermInput { start_date: d("2029-06-01"), end_date: d("2029-05-31") };
    assert_eq!(
        fields(records::create::<CouncilTerm>(store, &admin(), &author(), f.region.id, backwards).await),
        vec![pair("end_date", "error-end-before-start")]
    );
    let duplicate = records::create::<CouncilTerm>(store, &admin(), &author(), f.region.id, f.term.input.clone()).await;
    assert!(matches!(&duplicate, Err(Error::Conflict { field: Some(field), .. }) if field == "start_date"), "{duplicate:?}");
    let next = create::<CouncilTerm>(store, f.region.id, TermInput { start_date: d("2029-06-01"), end_date: d("2033-05-31") }).await;
    let earlier = create::<CouncilTerm>(store, f.region.id, TermInput { start_date: d("2021-06-01"), end_date: d("2025-05-31") }).await;
    let (terms, total) = list::<CouncilTerm>(store, f.region.id, &[]).await;
    assert_eq!(total, 3);
    assert_eq!(terms.iter().map(|t| t.id).collect::<Vec<_>>(), [earlier.id, f.term.id, next.id]);
    let shorter = TermInput { start_date: d("2029-06-01"), end_date: d("2033-05-30") };
    assert_eq!(records::update::<CouncilTerm>(store, &admin(), &author(), next.id, 1, shorter.clone()).await.unwrap().input, shorter);
    records::delete::<CouncilTerm>(store, &admin(), &author(), next.id, Some(2)).await.unwrap();
    let in_use = records::delete::<CouncilTerm>(store, &admin(), &author(), f.term.id, None).await;
    assert!(matches!(in_use, Err(Error::Conflict { field: None, .. })), "{in_use:?}");
}

async fn seats_default_to_the_term_end_and_list_with_filters(store: &Store) {
    let f = fixture(store).await;
    assert_eq!(f.lahti_seat.input.end_date, Some(d("2029-05-31")), "a seat ends with its council term");
    assert_eq!(records::get::<Seat>(store, f.lahti_seat.id).await.unwrap(), f.lahti_seat);

    let (in_managers, total) = list::<Seat>(store, f.region.id, &[filter("forum_id", f.managers.id)]).await;
    assert_eq!(total, 5);
    assert_eq!(
        in_managers.iter().map(|s| s.id).collect::<Vec<_>>(),
        [f.lahti_seat.id, f.lahti_deputy_seat.id, f.hollola_seat.id, f.council_chair.id, f.county_guest.id]
    );
    let (lahti, _) = list::<Seat>(store, f.region.id, &[filter("party_id", f.lahti.id)]).await;
    assert_eq!(lahti.len(), 2);
    let (chairs, _) = list::<Seat>(store, f.region.id, &[filter("role", "chair")]).await;
    assert_eq!(chairs, vec![f.council_chair.clone()]);
    let (by_post, _) = list::<Seat>(store, f.region.id, &[filter("post_id", f.hollola_manager.id), filter("term_id", f.term.id)]).await;
    assert_eq!(by_post, vec![f.hollola_seat.clone()]);
    let (by_person, _) = list::<Seat>(store, f.region.id, &[filter("person_id", f.lahti_deputy_person.id)]).await;
    assert_eq!(by_person, vec![f.lahti_deputy_seat.clone()]);
    let (drafts, total) = list::<Seat>(store, f.region.id, &[filter("status", "draft")]).await;
    assert!(drafts.is_empty() && total == 0);

    // Hollola's manager becomes vice chair from 2026.
    let changed = SeatInput { role: SeatRole::ViceChair, start_date: d("2026-01-01"), ..f.hollola_seat.input.clone() };
    let updated = records::update::<Seat>(store, &admin(), &author(), f.hollola_seat.id, 1, changed.clone()).await.unwrap();
    assert_eq!((updated.version, updated.input), (2, changed.clone()));
    let stale = records::update::<Seat>(store, &admin(), &author(), f.hollola_seat.id, 1, changed).await;
    assert!(matches!(stale, Err(Error::Stale { current: 2 })), "{stale:?}");

    // A deputised seat cannot go while its deputy refers to it; the deputy can.
    let in_use = records::delete::<Seat>(store, &admin(), &author(), f.lahti_seat.id, None).await;
    assert!(matches!(in_use, Err(Error::Conflict { field: None, .. })), "{in_use:?}");
    records::delete::<Seat>(store, &admin(), &author(), f.lahti_deputy_seat.id, Some(1)).await.unwrap();
    records::delete::<Seat>(store, &admin(), &author(), f.lahti_seat.id, Some(1)).await.unwrap();
    assert_eq!(list::<Seat>(store, f.region.id, &[filter("forum_id", f.managers.id)]).await.1, 3);
}

async fn seat_invariants_come_back_as_field_errors(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    let before = counts(store).await;

    let backwards = SeatInput {
        post_id: Some(f.hollola_manager.id),
        start_date: d("2026-01-01"),
        end_date: Some(d("2025-12-01")),
        ..seat_input(&f.phturva, &f.term, &f.hollola, SeatRole::Member)
    };
    let found = fields(records::create::<Seat>(store, &admin(), &author(), r, backwards).await);
    assert!(found.contains(&pair("end_date", "error-end-before-start")), "{found:?}");

    // Iitti belongs to Päijät-Häme (07) from 2021-01-01 only.
    let old_term = create::<CouncilTerm>(store, r, TermInput { start_date: d("2017-06-01"), end_date: d("2021-05-31") }).await;
    let counts_with_old_term = counts(store).await;
    let iitti_person = create::<Person>(store, r, person_input("Iitin kunnanjohtaja", Some(&f.iitti))).await;
    let in_2020 = SeatInput {
        person_id: Some(iitti_person.id),
        start_date: d("2020-06-01"),
        ..seat_input(&f.managers, &old_term, &f.iitti, SeatRole::Member)
    };
    assert_eq!(
        fields(records::create::<Seat>(store, &admin(), &author(), r, in_2020.clone()).await),
        vec![pair("party_id", "error-party-outside-region")]
    );
    let in_2021 = create::<Seat>(store, r, SeatInput { start_date: d("2021-01-01"), ..in_2020 }).await;
    assert_eq!(in_2021.input.end_date, Some(d("2021-05-31")));

    // The fixture's council chair sits the whole term: a second chair at once is refused,
    // a rotation after the first chair's span is not.
    let lahti_chair = SeatInput { post_id: Some(f.lahti_manager.id), ..seat_input(&f.managers, &f.term, &f.lahti, SeatRole::Chair) };
    assert_eq!(
        fields(records::create::<Seat>(store, &admin(), &author(), r, lahti_chair.clone()).await),
        vec![pair("role", "error-two-chairs")]
    );
    let first_half = SeatInput { end_date: Some(d("2025-11-30")), ..f.council_chair.input.clone() };
    records::update::<Seat>(store, &admin(), &author(), f.council_chair.id, 1, first_half).await.unwrap();
    let rotated =
        create::<Seat>(store, r, SeatInput { start_date: d("2025-12-01"), end_date: Some(d("2026-05-31")), ..lahti_chair.clone() }).await;
    assert_eq!(rotated.input.role, SeatRole::Chair);
    // Moving the first chair's end past the rotation breaks the rule on update too.
    let overlap = SeatInput { end_date: Some(d("2025-12-31")), ..f.council_chair.input.clone() };
    assert_eq!(
        fields(records::update::<Seat>(store, &admin(), &author(), f.council_chair.id, 2, overlap).await),
        vec![pair("role", "error-two-chairs")]
    );

    // A deputy deputises a seat in its own forum.
    let phturva_seat = create::<Seat>(
        store,
        r,
        SeatInput { post_id: Some(f.hollola_manager.id), ..seat_input(&f.phturva, &f.term, &f.hollola, SeatRole::Member) },
    )
    .await;
    let deputy_elsewhere = SeatInput {
        person_id: Some(f.hollola_person.id),
        deputy_of: Some(phturva_seat.id),
        ..seat_input(&f.managers, &f.term, &f.hollola, SeatRole::Deputy)
    };
    assert_eq!(
        fields(records::create::<Seat>(store, &admin(), &author(), r, deputy_elsewhere).await),
        vec![pair("deputy_of", "error-deputy-other-forum")]
    );
    let deputy_without_seat =
        SeatInput { person_id: Some(f.hollola_person.id), ..seat_input(&f.managers, &f.term, &f.hollola, SeatRole::Deputy) };
    assert_eq!(
        fields(records::create::<Seat>(store, &admin(), &author(), r, deputy_without_seat).await),
        vec![pair("deputy_of", "error-required")]
    );

    let two_holders = SeatInput {
        post_id: Some(f.hollola_manager.id),
        person_id: Some(f.hollola_person.id),
        ..seat_input(&f.phturva, &f.term, &f.hollola, SeatRole::Member)
    };
    assert_eq!(
        fields(records::create::<Seat>(store, &admin(), &author(), r, two_holders).await),
        vec![pair("post_id", "error-seat-holder")]
    );
    let outside_term = SeatInput {
        post_id: Some(f.hollola_manager.id),
        start_date: d("2024-01-01"),
        ..seat_input(&f.phturva, &f.term, &f.hollola, SeatRole::Member)
    };
    assert_eq!(
        fields(records::create::<Seat>(store, &admin(), &author(), r, outside_term).await),
        vec![pair("start_date", "error-outside-term")]
    );

    // Of all the refused writes, nothing was written: only the accepted ones count.
    let added = counts(store).await;
    let seats_added = added.iter().find(|(t, _)| *t == "seats").unwrap().1 - before.iter().find(|(t, _)| *t == "seats").unwrap().1;
    assert_eq!(seats_added, 3, "in_2021, the rotation and PHTURVA's seat");
    assert_eq!(count(store, "council_terms").await, counts_with_old_term.iter().find(|(t, _)| *t == "council_terms").unwrap().1);
    // Audit: the old term, Iitti's person, three seats and one seat update.
    assert_eq!(audit_entries(store).await - before.iter().find(|(t, _)| *t == "audit_log").unwrap().1, 6);
}

async fn actors_without_rights_are_refused_and_nothing_is_written(store: &Store) {
    let f = fixture(store).await;
    let lahti_admin = Actor { user_id: Some(42), party_admin: vec![f.lahti.id], ..Actor::default() };
    let lahti_author = Author { user_id: Some(42), label: "lahti-admin@example.org".into() };
    let before = counts(store).await;
    let version_before = store.register_version().await.unwrap();

    let mut renamed = f.hollola_person.input.clone();
    renamed.name = "Lahden kaappaama".into();
    let result = records::update::<Person>(store, &lahti_admin, &lahti_author, f.hollola_person.id, 1, renamed).await;
    assert!(matches!(result, Err(Error::Forbidden)), "{result:?}");
    // Nor may they take Hollola's person over, or give theirs away.
    let taken = PersonInput { party_id: Some(f.lahti.id), ..f.hollola_person.input.clone() };
    assert!(matches!(
        records::update::<Person>(store, &lahti_admin, &lahti_author, f.hollola_person.id, 1, taken).await,
        Err(Error::Forbidden)
    ));
    let given = PersonInput { party_id: Some(f.hollola.id), ..f.lahti_person.input.clone() };
    assert!(matches!(
        records::update::<Person>(store, &lahti_admin, &lahti_author, f.lahti_person.id, 1, given).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(records::delete::<Seat>(store, &lahti_admin, &lahti_author, f.hollola_seat.id, None).await, Err(Error::Forbidden)));
    assert!(matches!(
        records::create::<Party>(store, &lahti_admin, &lahti_author, f.region.id, municipality("560", "Orimattila")).await,
        Err(Error::Forbidden)
    ));
    let hollola_post = PostInput { party_id: f.hollola.id, title: names("Sivistysjohtaja") };
    assert!(matches!(records::create::<Post>(store, &lahti_admin, &lahti_author, f.region.id, hollola_post).await, Err(Error::Forbidden)));
    assert!(matches!(
        records::update::<Forum>(store, &lahti_admin, &lahti_author, f.managers.id, 1, f.managers.input.clone()).await,
        Err(Error::Forbidden)
    ));
    let anonymous = Actor::anonymous();
    assert!(matches!(
        records::create::<Region>(store, &anonymous, &author(), 0, RegionInput { code: "02".into(), name: names("Varsinais-Suomi") }).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(records::delete::<Person>(store, &anonymous, &author(), f.lahti_person.id, None).await, Err(Error::Forbidden)));
    assert!(matches!(records::roll_over_term(store, &lahti_admin, &lahti_author, f.term.id, f.term.id).await, Err(Error::Forbidden)));

    assert_eq!(counts(store).await, before);
    assert_eq!(store.register_version().await.unwrap(), version_before);
    assert_eq!(records::get::<Person>(store, f.hollola_person.id).await.unwrap(), f.hollola_person);

    // What is theirs they may change, and the log says it was them.
    let mut own = f.lahti_person.input.clone();
    own.name = "Lahden kaupunginjohtaja (vt.)".into();
    let updated = records::update::<Person>(store, &lahti_admin, &lahti_author, f.lahti_person.id, 1, own).await.unwrap();
    assert_eq!(updated.version, 2);
    let own_post =
        create_as::<Post>(store, &lahti_admin, f.region.id, PostInput { party_id: f.lahti.id, title: names("Sivistysjohtaja, Lahti") })
            .await;
    let own_seat = SeatInput { post_id: Some(own_post.id), ..seat_input(&f.phturva, &f.term, &f.lahti, SeatRole::Member) };
    create_as::<Seat>(store, &lahti_admin, f.region.id, own_seat).await;
    let entries = audit::recent(store, f.region.id, Some(("person", f.lahti_person.id)), 10).await.unwrap();
    assert_eq!(entries[0].actor, "lahti-admin@example.org");
    assert_eq!(entries[0].actor_user_id, Some(42));

    // A forum's secretary edits that forum and its seats, not another forum.
    let secretary = Actor { user_id: Some(43), secretary_of: vec![f.phturva.id], member_of: vec![f.phturva.id], ..Actor::default() };
    let mut mandate = f.phturva.input.clone();
    mandate.mandate = names("Turvallisuusyhteistyö");
    records::update::<Forum>(store, &secretary, &author(), f.phturva.id, 1, mandate).await.unwrap();
    assert!(matches!(
        records::update::<Forum>(store, &secretary, &author(), f.managers.id, 1, f.managers.input.clone()).await,
        Err(Error::Forbidden)
    ));
}

async fn every_change_is_audited_and_tampering_is_found(store: &Store) {
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Intact { entries: 0 });
    let f = fixture(store).await;
    let mut renamed = f.hollola.input.clone();
    renamed.name = names("Hollolan kunta");
    records::update::<Party>(store, &admin(), &author(), f.hollola.id, 1, renamed).await.unwrap();
    let group = create::<Forum>(store, f.region.id, forum_input("Työryhmä", ForumLevel::WorkingGroup, None)).await;
    records::delete::<Forum>(store, &admin(), &author(), group.id, None).await.unwrap();

    // One entry per change: the fixture's creations, the update, the creation and the deletion.
    let changes = audit_entries(store).await;
    assert_eq!(store.register_version().await.unwrap(), changes);
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Intact { entries: changes });

    let history = audit::recent(store, f.region.id, Some(("party", f.hollola.id)), 10).await.unwrap();
    assert_eq!(history.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["update", "create"], "newest first");
    assert_eq!(history[0].actor, "test");
    assert!(history[0].before_json.as_deref().unwrap().contains("\"Hollola\""));
    assert!(history[0].after_json.as_deref().unwrap().contains("\"Hollolan kunta\""));
    assert_eq!(history[1].before_json, None);
    let deleted = audit::recent(store, f.region.id, Some(("forum", group.id)), 10).await.unwrap();
    assert_eq!(deleted[0].action, "delete");
    assert!(deleted[0].before_json.is_some() && deleted[0].after_json.is_none());
    let newest = audit::recent(store, f.region.id, None, 3).await.unwrap();
    assert_eq!(newest.iter().map(|e| e.seq).collect::<Vec<_>>(), [changes, changes - 1, changes - 2]);
    assert_eq!(newest[0].prev_hash, newest[1].hash, "each entry carries the hash of the one before");

    // Changing an entry in place is found at that entry; undoing it heals the chain.
    let original: Option<String> =
        sqlx::query_scalar("SELECT after_json FROM audit_log WHERE seq = 3").fetch_one(store.pool()).await.unwrap();
    sqlx::query("UPDATE audit_log SET after_json = $1 WHERE seq = 3").bind("{\"forged\":true}").execute(store.pool()).await.unwrap();
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Tampered { seq: 3 });
    sqlx::query("UPDATE audit_log SET after_json = $1 WHERE seq = 3").bind(original).execute(store.pool()).await.unwrap();
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Intact { entries: changes });

    // A later entry changed, hash recomputed or not, is still found.
    sqlx::query("UPDATE audit_log SET actor = 'someone else' WHERE seq = $1").bind(changes - 1).execute(store.pool()).await.unwrap();
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Tampered { seq: changes - 1 });
    sqlx::query("UPDATE audit_log SET actor = 'test' WHERE seq = $1").bind(changes - 1).execute(store.pool()).await.unwrap();

    // A removed entry is reported missing, in the middle or at the end.
    sqlx::query("DELETE FROM audit_log WHERE seq = $1").bind(changes).execute(store.pool()).await.unwrap();
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Missing { seq: changes });
    sqlx::query("DELETE FROM audit_log WHERE seq = 2").execute(store.pool()).await.unwrap();
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Missing { seq: 2 });
}

async fn the_register_file_round_trips_exactly(store: &Store) {
    let f = fixture(store).await;
    // A second region and a record of every kind with optional parts filled.
    let other = create::<Region>(store, 0, RegionInput { code: "02".into(), name: names("Varsinais-Suomi") }).await;
    create::<Party>(store, other.id, municipality("853", "Turku")).await;
    let next_term = create::<CouncilTerm>(store, f.region.id, TermInput { start_date: d("2029-06-01"), end_date: d("2033-05-31") }).await;
    records::roll_over_term(store, &admin(), &author(), f.term.id, next_term.id).await.unwrap();

    let exported = register_file::export(store).await.unwrap();
    assert_eq!(exported.format, register_file::FORMAT);
    assert_eq!(exported.regions.len(), 2);
    let json = serde_json::to_string_pretty(&exported).unwrap();
    assert!(json.contains("\"PHTURVA\"") && json.contains("\"excluded_months\"") && json.contains("\"region_periods\""));

    let fresh = foorumi_testkit::store_for(store.backend()).await;
    let parsed = register_file::parse(&json).unwrap();
    assert_eq!(parsed, exported);
    let imported = register_file::import(&fresh, parsed).await.unwrap();
    let records_in_file: usize = exported
        .regions
        .iter()
        .map(|r| {
            1 + r.council_terms.len() + r.parties.len() + r.people.len() + r.posts.len() + r.holdings.len() + r.forums.len() + r.seats.len()
        })
        .sum();
    assert_eq!(imported, records_in_file);
    let again = serde_json::to_string_pretty(&register_file::export(&fresh).await.unwrap()).unwrap();
    assert_eq!(again, json, "export → import → export gives the same file");
    for (table, rows) in counts(store).await {
        if !["audit_log", "users", "grants"].contains(&table) {
            assert_eq!(count(&fresh, table).await, rows, "{table}");
        }
    }
    assert_eq!(audit::verify(&fresh).await.unwrap(), Verdict::Intact { entries: imported as i64 });

    // Ids came with the file; new records get ids past them.
    let max_party = exported.regions.iter().flat_map(|r| r.parties.iter().map(|p| p.id)).max().unwrap();
    let newcomer = create::<Party>(&fresh, f.region.id, municipality("560", "Orimattila")).await;
    assert!(newcomer.id > max_party, "{} > {max_party}", newcomer.id);
    let seat = create::<Seat>(
        &fresh,
        f.region.id,
        SeatInput { post_id: Some(f.hollola_manager.id), ..seat_input(&f.phturva, &f.term, &f.hollola, SeatRole::Member) },
    )
    .await;
    assert!(exported.regions.iter().flat_map(|r| r.seats.iter()).all(|s| s.id < seat.id));
}

async fn an_import_with_one_bad_record_imports_nothing(store: &Store) {
    let f = fixture(store).await;
    let mut file = register_file::export(store).await.unwrap();
    let hollola = file.regions[0].parties.iter_mut().find(|p| p.id == f.hollola.id).unwrap();
    hollola.input.code = Some("98".into());

    let fresh = foorumi_testkit::store_for(store.backend()).await;
    let before = counts(&fresh).await;
    let result = register_file::import(&fresh, file.clone()).await;
    assert_eq!(fields(result), vec![pair(&format!("party {}: code", f.hollola.id), "error-municipality-code")]);
    assert_eq!(counts(&fresh).await, before, "nothing was imported");
    assert!(foorumi_store::views::regions(&fresh).await.unwrap().is_empty());
    assert_eq!(audit::verify(&fresh).await.unwrap(), Verdict::Intact { entries: 0 });

    // The last record bad: still nothing.
    let hollola = file.regions[0].parties.iter_mut().find(|p| p.id == f.hollola.id).unwrap();
    hollola.input.code = Some("098".into());
    let last = file.regions[0].seats.last_mut().unwrap();
    let last_id = last.id;
    last.input.end_date = Some(d("2024-01-01"));
    let found = fields(register_file::import(&fresh, file.clone()).await);
    assert!(found.contains(&pair(&format!("seat {last_id}: end_date"), "error-end-before-start")), "{found:?}");
    assert_eq!(counts(&fresh).await, before);

    // A clash with what the database holds names the record too.
    let last = file.regions[0].seats.last_mut().unwrap();
    last.input.end_date = None;
    let lahti = file.regions[0].parties.iter().find(|p| p.id == f.lahti.id).unwrap().clone();
    file.regions[0].parties.push(register_file::Item { id: 9_999, input: lahti.input });
    let found = fields(register_file::import(&fresh, file.clone()).await);
    assert_eq!(found, vec![pair("party 9999: code", "error-duplicate")]);
    assert_eq!(counts(&fresh).await, before);

    // A file that is not JSON, or not ours, is refused before anything is read into the database.
    let broken = fields(register_file::parse("{\"format\": \"foorumi-register/1\", \"regions\": [{\"id\": 1,"));
    assert!(broken[0].0.starts_with("line 1 column"), "{broken:?}");
    assert_eq!(fields(register_file::parse("{\"format\": \"other/1\", \"regions\": []}")), vec![pair("format", "error-format")]);
    let unknown = fields(register_file::parse("{\"format\": \"foorumi-register/1\", \"regions\": [], \"extra\": 1}"));
    assert!(unknown[0].1.contains("extra"), "{unknown:?}");
}

async fn term_roll_over_makes_draft_seats_with_deputies_relinked(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    // A seat that ends before the term does is not carried over.
    let short = create::<Seat>(
        store,
        r,
        SeatInput {
            post_id: Some(f.hollola_manager.id),
            end_date: Some(d("2027-12-31")),
            ..seat_input(&f.phturva, &f.term, &f.hollola, SeatRole::Member)
        },
    )
    .await;
    let next = create::<CouncilTerm>(store, r, TermInput { start_date: d("2029-06-01"), end_date: d("2033-05-31") }).await;
    let before = audit_entries(store).await;

    let made = records::roll_over_term(store, &admin(), &author(), f.term.id, next.id).await.unwrap();
    assert_eq!(made, 5);
    assert_eq!(audit_entries(store).await - before, 5, "each draft seat is audited");
    let (drafts, total) = list::<Seat>(store, r, &[filter("term_id", next.id)]).await;
    assert_eq!(total, 5);
    assert!(drafts.iter().all(|s| s.input.status == SeatStatus::Draft));
    assert!(drafts.iter().all(|s| s.input.start_date == d("2029-06-01") && s.input.end_date == Some(d("2033-05-31"))));
    assert!(
        !drafts.iter().any(|s| s.input.post_id == Some(f.hollola_manager.id) && s.input.forum_id == f.phturva.id),
        "{short:?} ended early"
    );
    let (filtered, _) = list::<Seat>(store, r, &[filter("status", "draft")]).await;
    assert_eq!(filtered, drafts);

    let new_lahti = drafts.iter().find(|s| s.input.post_id == Some(f.lahti_manager.id)).unwrap();
    let new_deputy = drafts.iter().find(|s| s.input.role == SeatRole::Deputy).unwrap();
    assert_eq!(new_deputy.input.deputy_of, Some(new_lahti.id), "the deputy deputises the new copy");
    assert_eq!(new_deputy.input.person_id, Some(f.lahti_deputy_person.id));
    let chair = drafts.iter().find(|s| s.input.role == SeatRole::Chair).unwrap();
    assert_eq!(chair.input.party_id, f.council.id);

    // The old term's seats are untouched.
    let (old, _) = list::<Seat>(store, r, &[filter("term_id", f.term.id)]).await;
    assert!(old.iter().all(|s| s.input.status == SeatStatus::Active && s.version == 1));

    // Drafts show in the forum's draft view and not among today's members.
    let register = views::register(store, r).await.unwrap();
    let draft_groups = register.forum_members(f.managers.id, d("2029-06-01"), true);
    let draft_ids: Vec<Id> = draft_groups.iter().flat_map(|g| g.seats.iter()).map(|s| s.seat.id).collect();
    assert!(draft_ids.contains(&new_lahti.id) && !draft_ids.contains(&new_deputy.id), "deputy nested, not listed");
    let active = register.forum_members(f.managers.id, d("2029-06-01"), false);
    assert!(active.is_empty(), "drafts are not in force until confirmed");

    // Unknown terms, or rolling over into another region's term, are NotFound.
    assert!(matches!(records::roll_over_term(store, &admin(), &author(), f.term.id, 999_999).await, Err(Error::NotFound)));
}

async fn accounts_log_in_throttle_and_resolve_roles_through_seats(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    let term = term_for_today(store, &f).await;
    let today = foorumi_store::today();

    // The secretary of PHTURVA sits through a post, the member seat is the person's own.
    let secretary_post = create::<Post>(store, r, PostInput { party_id: f.council.id, title: names("Turvallisuuskoordinaattori") }).await;
    let person = create::<Person>(store, r, person_input("Turvallisuuskoordinaattori", Some(&f.council))).await;
    create::<Holding>(
        store,
        r,
        HoldingInput { post_id: secretary_post.id, person_id: person.id, start_date: d("2024-01-01"), end_date: None },
    )
    .await;
    create::<Seat>(
        store,
        r,
        SeatInput {
            post_id: Some(secretary_post.id),
            start_date: term.input.start_date.max(today - chrono::Days::new(30)),
            ..seat_input(&f.phturva, &term, &f.council, SeatRole::Secretary)
        },
    )
    .await;
    create::<Seat>(store, r, SeatInput { person_id: Some(person.id), ..seat_input(&f.strategic, &term, &f.council, SeatRole::Member) })
        .await;
    // Not today: a seat that ended yesterday and one that starts tomorrow.
    let ended = today.pred_opt().unwrap();
    if term.contains(ended) && ended >= term.input.start_date {
        create::<Seat>(
            store,
            r,
            SeatInput {
                person_id: Some(person.id),
                end_date: Some(ended),
                ..seat_input(&f.managers, &term, &f.council, SeatRole::Presenter)
            },
        )
        .await;
    }

    let password = "oikein hyvä salasana";
    let new_user = |email: &str| NewUser {
        email: email.into(),
        display_name: "Turvallisuuskoordinaattori".into(),
        password: password.into(),
        person_id: Some(person.id),
        instance_admin: false,
        grants: vec![Grant { region_id: r, party_id: Some(f.council.id) }],
    };
    let invalid = NewUser { email: "ei-osoite".into(), display_name: " ".into(), password: "lyhyt".into(), ..new_user("x@example.org") };
    let found = fields(accounts::create_user(store, &admin(), &author(), invalid).await);
    assert_eq!(
        found,
        vec![pair("email", "error-contact-email"), pair("display_name", "error-required"), pair("password", "error-password-short")]
    );
    let lahti_admin = Actor { user_id: Some(1), party_admin: vec![f.lahti.id], ..Actor::default() };
    assert!(matches!(accounts::create_user(store, &lahti_admin, &author(), new_user("x@example.org")).await, Err(Error::Forbidden)));

    let user = accounts::create_user(store, &admin(), &author(), new_user("Koordinaattori@Example.org")).await.unwrap();
    assert_eq!(user.email, "koordinaattori@example.org");
    assert_eq!(user.grants, vec![Grant { region_id: r, party_id: Some(f.council.id) }]);
    let users = accounts::users_of_region(store, r).await.unwrap();
    assert_eq!(users, vec![user.clone()]);
    let audited = audit::recent(store, r, Some(("user", user.id)), 5).await.unwrap();
    assert_eq!(audited.len(), 1);
    assert!(!audited[0].after_json.as_deref().unwrap().contains("argon2"), "no password hash in the log");
    let stored_hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(user.id).fetch_one(store.pool()).await.unwrap();
    assert!(stored_hash.starts_with("$argon2id$"), "{stored_hash}");

    let session = accounts::login(store, "koordinaattori@example.org", password, "192.0.2.1").await.unwrap().expect("login succeeds");
    let resolved = accounts::session(store, &session.token).await.unwrap().expect("session resolves");
    assert_eq!(resolved.user, user);
    assert_eq!(resolved.csrf_token, session.csrf_token);
    assert_eq!(resolved.actor.user_id, Some(user.id));
    assert_eq!(resolved.actor.party_admin, vec![f.council.id]);
    assert!(resolved.actor.region_admin.is_empty() && !resolved.actor.instance_admin);
    assert_eq!(resolved.actor.secretary_of, vec![f.phturva.id]);
    let mut member_of = resolved.actor.member_of.clone();
    member_of.sort();
    let mut expected = vec![f.strategic.id, f.phturva.id];
    expected.sort();
    assert_eq!(member_of, expected, "seats in force today, directly and through a post held today");
    let stored_token: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(&session.token)
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(stored_token, 0, "only a hash of the token is stored");

    accounts::logout(store, &session.token).await.unwrap();
    assert!(accounts::session(store, &session.token).await.unwrap().is_none());
    assert!(accounts::session(store, "not a token").await.unwrap().is_none());

    let (by_email, actor) = accounts::actor_by_credentials(store, "KOORDINAATTORI@example.org", password, "192.0.2.7")
        .await
        .unwrap()
        .expect("password accepted");
    assert_eq!((by_email.id, actor.secretary_of), (user.id, vec![f.phturva.id]));
    assert_eq!(
        accounts::actor_by_credentials(store, "koordinaattori@example.org", "väärä salasana", "192.0.2.7")
            .await
            .unwrap()
            .map(|(user, _)| user.id),
        Err(LoginError::BadCredentials)
    );

    assert_eq!(accounts::login(store, "nobody@example.org", password, "192.0.2.9").await.unwrap().err(), Some(LoginError::BadCredentials));
    // The wrong password through `actor_by_credentials` above was the first failure.
    for attempt in 2..=accounts::MAX_FAILURES {
        let result =
            accounts::login(store, "koordinaattori@example.org", "väärä salasana", &format!("192.0.2.{}", 10 + attempt)).await.unwrap();
        assert_eq!(result.err(), Some(LoginError::BadCredentials), "attempt {attempt}");
    }
    // Five failures for the account: even the right password waits, from any address.
    let throttled = accounts::login(store, "koordinaattori@example.org", password, "198.51.100.7").await.unwrap();
    assert_eq!(throttled.err(), Some(LoginError::Throttled));

    let duplicate = accounts::create_user(store, &admin(), &author(), new_user("koordinaattori@example.org")).await;
    assert!(matches!(&duplicate, Err(Error::Conflict { field: Some(field), .. }) if field == "email"), "{duplicate:?}");
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Intact { entries: audit_entries(store).await });
}

async fn views_group_forum_members_by_party_with_deputies_nested(store: &Store) {
    let f = fixture(store).await;
    let on = d("2026-03-10");
    assert_eq!(views::region_by_code(store, "07").await.unwrap(), f.region);
    assert!(matches!(views::region_by_code(store, "99").await, Err(Error::NotFound)));
    assert_eq!(views::regions(store).await.unwrap(), vec![f.region.clone()]);

    let register = views::register(store, f.region.id).await.unwrap();
    assert_eq!((register.parties.len(), register.forums.len(), register.seats.len(), register.terms.len()), (5, 3, 5, 1));
    assert_eq!(register.term_on(on), Some(&f.term));
    assert_eq!(register.holder_of(f.lahti_manager.id, on), Some(&f.lahti_person));
    assert!(matches!(views::register(store, 999_999).await, Err(Error::NotFound)));

    let groups = register.forum_members(f.managers.id, on, false);
    let parties: Vec<Id> = groups.iter().map(|g| g.party.id).collect();
    assert_eq!(parties, [f.council.id, f.county.id, f.hollola.id, f.lahti.id], "council, county, then municipalities by name");
    let lahti = &groups[3];
    assert_eq!(lahti.seats.len(), 1, "the deputy sits under the seat it deputises");
    let seat = &lahti.seats[0];
    assert_eq!(seat.seat.id, f.lahti_seat.id);
    assert_eq!(seat.post.as_ref().map(|p| p.id), Some(f.lahti_manager.id));
    assert_eq!(seat.holder.as_ref().map(|p| p.id), Some(f.lahti_person.id), "a post's seat is held by the post's holder");
    assert_eq!(seat.deputies.len(), 1);
    assert_eq!(seat.deputies[0].seat.id, f.lahti_deputy_seat.id);
    assert_eq!(seat.deputies[0].holder.as_ref().map(|p| p.id), Some(f.lahti_deputy_person.id));
    assert_eq!(groups[0].seats[0].seat.id, f.council_chair.id);
    assert_eq!(groups[2].seats[0].holder.as_ref().map(|p| p.id), Some(f.hollola_person.id));
    assert!(register.forum_members(f.managers.id, d("2025-05-31"), false).is_empty(), "before the term, nobody");

    let summary = register.forum_summary(&f.managers, on);
    assert_eq!(summary.member_count, 3, "chair and two members; not the deputy or the guest");
    assert_eq!(summary.chair.as_ref().map(|s| s.seat.id), Some(f.council_chair.id));
    assert!(summary.secretaries.is_empty());
    let levels = register.levels(on);
    assert_eq!(
        levels.iter().map(|(level, forums)| (*level, forums.len())).collect::<Vec<_>>(),
        [(ForumLevel::Strategic, 1), (ForumLevel::Tactical, 1), (ForumLevel::Operational, 1)]
    );

    let lahti_seats = register.party_seats(f.lahti.id, on);
    assert_eq!(
        lahti_seats.iter().map(|(forum, view)| (forum.id, view.seat.id)).collect::<Vec<_>>(),
        [(f.managers.id, f.lahti_seat.id), (f.managers.id, f.lahti_deputy_seat.id)]
    );

    let directory = register.directory(on);
    let entries: Vec<(Id, Option<Id>)> =
        directory.iter().flat_map(|g| g.entries.iter()).map(|e| (e.post.id, e.holder.as_ref().map(|p| p.id))).collect();
    assert_eq!(entries, [(f.hollola_manager.id, Some(f.hollola_person.id)), (f.lahti_manager.id, Some(f.lahti_person.id))]);
    assert_eq!(
        directory[1].entries[0].forums.iter().map(|(forum, role)| (forum.id, *role)).collect::<Vec<_>>(),
        [(f.managers.id, SeatRole::Member)]
    );
}

async fn two_stores_on_one_database_share_every_write(store: &TestStore) {
    // Several server nodes share one database: nothing lives only in one process, and
    // writers from both take turns, so the audit chain never forks.
    let f = fixture(store).await;
    let second = Store::open(&store.url, 3).await.unwrap();
    let version = second.register_version().await.unwrap();
    assert_eq!(version, audit_entries(store).await);
    let mut tasks = Vec::new();
    for (i, node) in [store.store.clone(), second.clone()].into_iter().enumerate() {
        let region = f.region.id;
        let party = f.lahti.id;
        tasks.push(tokio::spawn(async move {
            for n in 0..5 {
                let title = names(&format!("Virka {i}-{n}"));
                records::create::<Post>(&node, &admin(), &author(), region, PostInput { party_id: party, title }).await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(second.register_version().await.unwrap(), version + 10);
    assert_eq!(list::<Post>(&second, f.region.id, &[filter("party_id", f.lahti.id)]).await.1, 11);
    assert_eq!(audit::verify(&second).await.unwrap(), Verdict::Intact { entries: version + 10 });
    second.close().await;
}

// ---- meetings and the year's plan -------------------------------------------------------

fn dates(texts: &[&str]) -> Vec<NaiveDate> {
    texts.iter().map(|text| d(text)).collect()
}

fn days(meetings: &[Meeting]) -> Vec<NaiveDate> {
    meetings.iter().map(|m| m.input.date).collect()
}

/// The municipal managers' meeting in 2026: the second Tuesday of each month but July.
const MANAGERS_2026: &[&str] = &[
    "2026-01-13",
    "2026-02-10",
    "2026-03-10",
    "2026-04-14",
    "2026-05-12",
    "2026-06-09",
    "2026-08-11",
    "2026-09-08",
    "2026-10-13",
    "2026-11-10",
    "2026-12-08",
];

/// A meeting of `forums` (a joint one with more than one) from `start` to `end`, with no
/// place given.
fn meeting_input(forums: &[&Forum], date: &str, start: &str, end: &str) -> MeetingInput {
    MeetingInput {
        forum_ids: forums.iter().map(|forum| forum.id).collect(),
        start_time: hm(start),
        end_time: hm(end),
        place: String::new(),
        ..meeting(forums[0], date)
    }
}

fn outcome(created: usize, removed: usize, kept: usize) -> PlanOutcome {
    PlanOutcome { created, removed, kept }
}

/// Generates a year's plan as the instance administrator.
async fn generate(store: &Store, f: &Fixture, year: i32, only: Option<&Forum>) -> PlanOutcome {
    match meetings::generate_plan(store, &admin(), &author(), f.region.id, year, only.map(|forum| forum.id)).await {
        Ok(outcome) => outcome,
        Err(err) => panic!("generate the plan of {year}: {err:?}"),
    }
}

/// A forum's meetings in a year (joint ones included), in date order.
async fn meetings_of(store: &Store, forum: &Forum, year: i32) -> Vec<Meeting> {
    list::<Meeting>(store, forum.region_id, &[filter("forum_id", forum.id), filter("year", year)]).await.0
}

async fn set_cadence(store: &Store, forum: &Forum, cadence: Cadence) -> Forum {
    let current: Forum = records::get(store, forum.id).await.unwrap();
    let input = ForumInput { cadence, ..current.input.clone() };
    records::update::<Forum>(store, &admin(), &author(), forum.id, current.version, input).await.expect("change the cadence")
}

async fn actions_of(store: &Store, f: &Fixture, meeting_id: Id) -> Vec<String> {
    let entries = audit::recent(store, f.region.id, Some(("meeting", meeting_id)), 10).await.unwrap();
    entries.into_iter().map(|entry| entry.action).collect()
}

async fn intact(store: &Store) {
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Intact { entries: audit_entries(store).await });
}

async fn the_plan_gives_a_monthly_forum_its_dates_at_its_hours_once(store: &Store) {
    let f = fixture(store).await;
    let cadence = Cadence { start_time: Some(hm("13:00")), duration_minutes: Some(90), ..f.managers.input.cadence.clone() };
    let managers = set_cadence(store, &f.managers, cadence).await;
    let audit_before = audit_entries(store).await;

    assert_eq!(generate(store, &f, 2026, None).await, outcome(11, 0, 0));
    let planned = meetings_of(store, &managers, 2026).await;
    assert_eq!(days(&planned), dates(MANAGERS_2026));
    for meeting in &planned {
        let m = &meeting.input;
        assert_eq!(m.forum_ids, [managers.id]);
        assert_eq!((m.start_time, m.end_time), (hm("13:00"), hm("14:30")), "the cadence's hours");
        assert_eq!((m.kind, m.status), (MeetingKind::Meeting, MeetingStatus::Planned));
        assert!(m.generated, "{meeting:?}");
        assert!(m.place.is_empty() && m.online_url.is_empty() && m.cancel_reason.is_empty());
        assert_eq!((meeting.region_id, meeting.version), (f.region.id, 1));
    }
    // The other forums meet as needed: the plan has nothing for them.
    assert_eq!(days(&meetings::meetings_of_year(store, f.region.id, 2026).await.unwrap()), dates(MANAGERS_2026));
    assert!(meetings::meetings_of_year(store, f.region.id, 2027).await.unwrap().is_empty());
    assert_eq!((count(store, "meetings").await, count(store, "meeting_forums").await), (11, 11));

    // Each meeting's creation is in the audit log.
    assert_eq!(audit_entries(store).await, audit_before + 11);
    for meeting in &planned {
        assert_eq!(actions_of(store, &f, meeting.id).await, ["create"]);
    }
    let newest = audit::recent(store, f.region.id, None, 1).await.unwrap();
    assert_eq!((newest[0].entity.as_str(), newest[0].actor.as_str()), ("meeting", "test"));
    assert!(newest[0].after_json.as_deref().unwrap().contains("\"generated\":true"));

    // Generating again changes nothing and logs nothing.
    assert_eq!(generate(store, &f, 2026, None).await, outcome(0, 0, 11));
    assert_eq!(generate(store, &f, 2026, Some(&managers)).await, outcome(0, 0, 11));
    assert_eq!(meetings_of(store, &managers, 2026).await, planned);
    assert_eq!(audit_entries(store).await, audit_before + 11);
    intact(store).await;
}

async fn regenerating_never_moves_an_edited_cancelled_or_held_meeting(store: &Store) {
    let f = fixture(store).await;
    generate(store, &f, 2026, None).await;
    let planned = meetings_of(store, &f.managers, 2026).await;

    // The secretary moves March's meeting a week on. The form sends the flag as it was; an
    // edit clears it all the same.
    let moved = edit_meeting(store, &meeting_on(&planned, "2026-03-10"), |m| {
        assert!(m.generated);
        m.date = d("2026-03-17");
        m.place = "Lahden kaupungintalo".into();
    })
    .await;
    assert!(!moved.input.generated);
    assert_eq!((moved.version, moved.input.date), (2, d("2026-03-17")));
    assert_eq!(records::get::<Meeting>(store, moved.id).await.unwrap(), moved);
    let cancelled = edit_meeting(store, &meeting_on(&planned, "2026-04-14"), |m| {
        m.status = MeetingStatus::Cancelled;
        m.cancel_reason = "Ei käsiteltäviä asioita".into();
    })
    .await;
    let held = edit_meeting(store, &meeting_on(&planned, "2026-05-12"), |m| m.status = MeetingStatus::Held).await;
    assert!(!cancelled.input.generated && !held.input.generated);

    // Regenerating neither moves the March meeting back nor adds a second one, does not
    // plan the cancelled April again and keeps the held May meeting.
    assert_eq!(generate(store, &f, 2026, None).await, outcome(0, 0, 11));
    let after = meetings_of(store, &f.managers, 2026).await;
    let mut expected = dates(MANAGERS_2026);
    expected[2] = d("2026-03-17");
    assert_eq!(days(&after), expected);
    assert_eq!(after.iter().filter(|m| m.input.date.month() == 3).count(), 1);
    assert_eq!(after.iter().filter(|m| m.input.date.month() == 4).collect::<Vec<_>>(), [&cancelled]);
    assert!(after.contains(&moved) && after.contains(&held));

    // The forum now meets on the third Wednesday: the untouched generated meetings move,
    // the edited, cancelled and held ones stay.
    let cadence = Cadence { weekday: Some(3), week_of_month: Some(3), ..f.managers.input.cadence.clone() };
    set_cadence(store, &f.managers, cadence).await;
    let audit_before = audit_entries(store).await;
    assert_eq!(generate(store, &f, 2026, None).await, outcome(8, 8, 3));
    let after = meetings_of(store, &f.managers, 2026).await;
    assert_eq!(
        days(&after),
        dates(&[
            "2026-01-21",
            "2026-02-18",
            "2026-03-17",
            "2026-04-14",
            "2026-05-12",
            "2026-06-17",
            "2026-08-19",
            "2026-09-16",
            "2026-10-21",
            "2026-11-18",
            "2026-12-16",
        ])
    );
    assert_eq!(meeting_on(&after, "2026-03-17"), moved);
    assert_eq!(meeting_on(&after, "2026-04-14"), cancelled);
    assert_eq!(meeting_on(&after, "2026-05-12"), held);
    let fixed = [moved.id, cancelled.id, held.id];
    for meeting in after.iter().filter(|m| !fixed.contains(&m.id)) {
        assert!(meeting.input.generated && meeting.input.status == MeetingStatus::Planned, "{meeting:?}");
        assert_eq!(meeting.input.date.weekday(), chrono::Weekday::Wed);
    }
    assert_eq!(generate(store, &f, 2026, None).await, outcome(0, 0, 11));

    // Every removal and creation is in the log, and the chain is intact.
    assert_eq!(audit_entries(store).await, audit_before + 16);
    let logged = audit::recent(store, f.region.id, None, 16).await.unwrap();
    assert!(logged.iter().all(|entry| entry.entity == "meeting" && entry.actor == "test"));
    let mut deleted: Vec<NaiveDate> = logged
        .iter()
        .filter(|entry| entry.action == "delete")
        .map(|entry| serde_json::from_str::<Meeting>(entry.before_json.as_deref().unwrap()).unwrap().input.date)
        .collect();
    deleted.sort();
    let untouched = ["2026-03-10", "2026-04-14", "2026-05-12"];
    assert_eq!(deleted, dates(&MANAGERS_2026.iter().copied().filter(|day| !untouched.contains(day)).collect::<Vec<_>>()));
    assert_eq!(logged.iter().filter(|entry| entry.action == "create").count(), 8);
    assert_eq!(actions_of(store, &f, moved.id).await, ["update", "create"]);
    assert_eq!((count(store, "meetings").await, count(store, "meeting_forums").await), (11, 11));
    intact(store).await;
}

async fn annual_and_once_per_term_forums_get_their_meetings_and_as_needed_ones_none(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    // The chairs' forum's annual follow-up on the second Wednesday of February; the
    // strategic forum once per term, in September when the cadence names no month.
    let mut chairs_input = forum_input("Puheenjohtajafoorumi", ForumLevel::Chairs, Some(f.strategic.id));
    chairs_input.cadence =
        Cadence { kind: CadenceKind::Annual, weekday: Some(3), week_of_month: Some(2), month: Some(2), ..Cadence::as_needed() };
    let chairs = create::<Forum>(store, r, chairs_input).await;
    let strategic = set_cadence(store, &f.strategic, Cadence { kind: CadenceKind::OncePerTerm, ..Cadence::as_needed() }).await;

    // 2025: the term starts in June. February 2025 is before it, so no annual meeting.
    assert_eq!(generate(store, &f, 2025, None).await, outcome(7, 0, 0));
    assert_eq!(
        days(&meetings_of(store, &f.managers, 2025).await),
        dates(&["2025-06-10", "2025-08-12", "2025-09-09", "2025-10-14", "2025-11-11", "2025-12-09"])
    );
    let once = meetings_of(store, &strategic, 2025).await;
    assert_eq!(days(&once), dates(&["2025-09-01"]));
    assert_eq!((once[0].input.start_time, once[0].input.end_time), (hm("09:00"), hm("11:00")), "the default hours");
    assert!(once[0].input.generated);
    assert!(meetings_of(store, &chairs, 2025).await.is_empty());

    // 2026: the annual meeting; the strategic forum has met for this term already.
    assert_eq!(generate(store, &f, 2026, None).await, outcome(12, 0, 0));
    assert_eq!(days(&meetings_of(store, &chairs, 2026).await), dates(&["2026-02-11"]));
    assert!(meetings_of(store, &strategic, 2026).await.is_empty());
    assert_eq!(days(&meetings_of(store, &strategic, 2025).await), dates(&["2025-09-01"]));
    // The safety forum meets as needed: never planned.
    for year in [2025, 2026] {
        assert!(meetings_of(store, &f.phturva, year).await.is_empty());
    }

    // 2029 spans two terms: each gives its part; the next term's strategic forum meets in
    // September (the 1st is a Saturday).
    create::<CouncilTerm>(store, r, TermInput { start_date: d("2029-06-01"), end_date: d("2033-05-31") }).await;
    assert_eq!(generate(store, &f, 2029, None).await, outcome(13, 0, 0));
    assert_eq!(
        days(&meetings_of(store, &f.managers, 2029).await),
        dates(&[
            "2029-01-09",
            "2029-02-13",
            "2029-03-13",
            "2029-04-10",
            "2029-05-08",
            "2029-06-12",
            "2029-08-14",
            "2029-09-11",
            "2029-10-09",
            "2029-11-13",
            "2029-12-11",
        ])
    );
    assert_eq!(days(&meetings_of(store, &chairs, 2029).await), dates(&["2029-02-14"]));
    assert_eq!(days(&meetings_of(store, &strategic, 2029).await), dates(&["2029-09-03"]));
    assert_eq!(generate(store, &f, 2029, None).await, outcome(0, 0, 13));
    intact(store).await;
}

async fn a_once_per_term_meeting_moved_to_another_year_of_the_term_is_not_planned_again(store: &Store) {
    let f = fixture(store).await;
    let strategic = set_cadence(store, &f.strategic, Cadence { kind: CadenceKind::OncePerTerm, ..Cadence::as_needed() }).await;
    assert_eq!(generate(store, &f, 2025, Some(&strategic)).await, outcome(1, 0, 0));
    let planned = meetings_of(store, &strategic, 2025).await;
    // The secretary moves the term's one meeting to January 2026.
    let moved = edit_meeting(store, &planned[0], |m| m.date = d("2026-01-20")).await;
    assert_eq!(generate(store, &f, 2025, Some(&strategic)).await, outcome(0, 0, 0));
    assert!(meetings_of(store, &strategic, 2025).await.is_empty(), "the term's meeting was planned a second time");
    assert_eq!(generate(store, &f, 2026, Some(&strategic)).await, outcome(0, 0, 1));
    assert_eq!(meetings_of(store, &strategic, 2026).await, [moved]);
}

async fn only_region_administrators_and_the_forums_secretary_generate_the_plan(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    let term = term_for_today(store, &f).await;
    // The strategic forum meets monthly too, so that a plan for every forum would touch it.
    let strategic = set_cadence(
        store,
        &f.strategic,
        Cadence { kind: CadenceKind::Monthly, weekday: Some(1), week_of_month: Some(1), ..Cadence::as_needed() },
    )
    .await;

    // A party administrator and the public may not, and nothing is written.
    let lahti_admin = Actor { user_id: Some(42), party_admin: vec![f.lahti.id], ..Actor::default() };
    let lahti_author = Author { user_id: Some(42), label: "lahti-admin@example.org".into() };
    let before = (counts(store).await, count(store, "meetings").await, store.register_version().await.unwrap());
    for only in [None, Some(f.managers.id)] {
        let result = meetings::generate_plan(store, &lahti_admin, &lahti_author, r, 2026, only).await;
        assert!(matches!(result, Err(Error::Forbidden)), "{result:?}");
        let result = meetings::generate_plan(store, &Actor::anonymous(), &author(), r, 2026, only).await;
        assert!(matches!(result, Err(Error::Forbidden)), "{result:?}");
    }
    let own = meeting_input(&[&f.managers], "2026-03-24", "09:00", "11:00");
    assert!(matches!(records::create::<Meeting>(store, &lahti_admin, &lahti_author, r, own).await, Err(Error::Forbidden)));
    assert_eq!((counts(store).await, count(store, "meetings").await, store.register_version().await.unwrap()), before);

    // The municipal managers' meeting's secretary sits through a post they hold today.
    let post = create::<Post>(store, r, PostInput { party_id: f.council.id, title: names("Kuntayhteistyöpäällikkö") }).await;
    let person = create::<Person>(store, r, person_input("Kuntayhteistyöpäällikkö", Some(&f.council))).await;
    create::<Holding>(store, r, HoldingInput { post_id: post.id, person_id: person.id, start_date: d("2022-08-15"), end_date: None }).await;
    create::<Seat>(store, r, SeatInput { post_id: Some(post.id), ..seat_input(&f.managers, &term, &f.council, SeatRole::Secretary) }).await;
    let password = "sihteerin oma salasana";
    let new_user = NewUser {
        email: "sihteeri@liitto.example.org".into(),
        display_name: "Kuntayhteistyöpäällikkö".into(),
        password: password.into(),
        person_id: Some(person.id),
        instance_admin: false,
        grants: vec![],
    };
    let user = accounts::create_user(store, &admin(), &author(), new_user).await.unwrap();
    let (_, secretary) = accounts::actor_by_credentials(store, "sihteeri@liitto.example.org", password, "192.0.2.1")
        .await
        .unwrap()
        .expect("the secretary signs in");
    assert_eq!(secretary.secretary_of, vec![f.managers.id]);
    let secretary_author = Author { user_id: Some(user.id), label: user.email.clone() };
    let before = (counts(store).await, count(store, "meetings").await, store.register_version().await.unwrap());
    assert_ne!(before.2, 0);

    // Not another forum's plan.
    for other in [&f.phturva, &strategic] {
        let result = meetings::generate_plan(store, &secretary, &secretary_author, r, 2026, Some(other.id)).await;
        assert!(matches!(result, Err(Error::Forbidden)), "{}: {result:?}", other.input.name.fi);
    }
    assert_eq!((counts(store).await, count(store, "meetings").await, store.register_version().await.unwrap()), before);

    // Their own forum's, named or not; a plan for every forum is a plan for theirs.
    let generated = meetings::generate_plan(store, &secretary, &secretary_author, r, 2026, Some(f.managers.id)).await;
    assert_eq!(generated.unwrap(), outcome(11, 0, 0));
    let generated = meetings::generate_plan(store, &secretary, &secretary_author, r, 2026, None).await;
    assert_eq!(generated.unwrap(), outcome(0, 0, 11));
    assert!(meetings_of(store, &strategic, 2026).await.is_empty());
    let planned = meetings_of(store, &f.managers, 2026).await;
    let history = audit::recent(store, r, Some(("meeting", planned[0].id)), 5).await.unwrap();
    assert_eq!((history[0].actor.as_str(), history[0].actor_user_id), ("sihteeri@liitto.example.org", Some(user.id)));

    // They adjust their forum's meetings by hand, and not another forum's.
    let mut moved = planned[2].input.clone();
    moved.date = d("2026-03-17");
    records::update::<Meeting>(store, &secretary, &secretary_author, planned[2].id, 1, moved).await.unwrap();
    let extra = records::create::<Meeting>(
        store,
        &secretary,
        &secretary_author,
        r,
        meeting_input(&[&f.managers, &f.phturva], "2026-06-23", "12:00", "15:00"),
    )
    .await
    .expect("the secretary adds a joint meeting their forum convenes");
    records::delete::<Meeting>(store, &secretary, &secretary_author, extra.id, Some(extra.version)).await.unwrap();
    let elsewhere = meeting_input(&[&f.phturva], "2026-06-23", "12:00", "15:00");
    assert!(matches!(records::create::<Meeting>(store, &secretary, &secretary_author, r, elsewhere).await, Err(Error::Forbidden)));

    // The region's administrator plans every forum.
    let region_admin = Actor { user_id: Some(7), region_admin: vec![r], ..Actor::default() };
    let generated = meetings::generate_plan(store, &region_admin, &author(), r, 2026, None).await.unwrap();
    assert_eq!(generated, outcome(12, 0, 11));
    assert_eq!(meetings_of(store, &strategic, 2026).await.len(), 12);
    intact(store).await;
}

async fn meeting_rules_come_back_as_field_errors_and_nothing_is_written(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    let other_region = create::<Region>(store, 0, RegionInput { code: "02".into(), name: names("Varsinais-Suomi") }).await;
    let elsewhere = create::<Forum>(store, other_region.id, forum_input("Kuntajohtajat", ForumLevel::Tactical, None)).await;
    let before = (count(store, "meetings").await, count(store, "meeting_forums").await, audit_entries(store).await);
    let valid = meeting_input(&[&f.managers], "2026-03-24", "09:00", "11:00");
    let refused = |change: fn(&mut MeetingInput)| {
        let mut input = valid.clone();
        change(&mut input);
        async move { fields(records::create::<Meeting>(store, &admin(), &author(), r, input).await) }
    };

    let cancelled = |m: &mut MeetingInput| m.status = MeetingStatus::Cancelled;
    assert_eq!(refused(cancelled).await, [pair("cancel_reason", "error-cancel-reason")]);
    let blank_reason = |m: &mut MeetingInput| {
        m.status = MeetingStatus::Cancelled;
        m.cancel_reason = "  \n ".into();
    };
    assert_eq!(refused(blank_reason).await, [pair("cancel_reason", "error-cancel-reason")]);
    let backwards = |m: &mut MeetingInput| m.end_time = hm("08:30");
    assert_eq!(refused(backwards).await, [pair("end_time", "error-end-time-before-start")]);
    let instant = |m: &mut MeetingInput| m.end_time = m.start_time;
    assert_eq!(refused(instant).await, [pair("end_time", "error-end-time-before-start")]);
    let twice = |m: &mut MeetingInput| m.forum_ids = vec![m.forum_ids[0], m.forum_ids[0]];
    assert_eq!(refused(twice).await, [pair("forum_ids", "error-forum-twice")]);
    let unknown = |m: &mut MeetingInput| m.forum_ids.push(999_999);
    assert_eq!(refused(unknown).await, [pair("forum_ids", "error-not-found")]);
    let none = |m: &mut MeetingInput| m.forum_ids.clear();
    assert_eq!(refused(none).await, [pair("forum_ids", "error-required")]);
    let electronic = |m: &mut MeetingInput| m.kind = MeetingKind::Electronic;
    assert_eq!(refused(electronic).await, [pair("online_url", "error-online-url-required")]);
    let bad_url = |m: &mut MeetingInput| m.online_url = "teams:kokous".into();
    assert_eq!(refused(bad_url).await, [pair("online_url", "error-contact-url")]);
    let several = |m: &mut MeetingInput| {
        m.status = MeetingStatus::Cancelled;
        m.end_time = hm("08:00");
    };
    assert_eq!(refused(several).await, [pair("end_time", "error-end-time-before-start"), pair("cancel_reason", "error-cancel-reason")]);
    // Another region's forum is as unknown as one that does not exist.
    let mut foreign = valid.clone();
    foreign.forum_ids.push(elsewhere.id);
    assert_eq!(fields(records::create::<Meeting>(store, &admin(), &author(), r, foreign).await), [pair("forum_ids", "error-not-found")]);
    assert_eq!((count(store, "meetings").await, count(store, "meeting_forums").await, audit_entries(store).await), before);

    // The same rules on an update, which then writes nothing either.
    let meeting = create::<Meeting>(store, r, valid.clone()).await;
    let mut no_reason = meeting.input.clone();
    no_reason.status = MeetingStatus::Cancelled;
    let result = records::update::<Meeting>(store, &admin(), &author(), meeting.id, meeting.version, no_reason.clone()).await;
    assert_eq!(fields(result), [pair("cancel_reason", "error-cancel-reason")]);
    assert_eq!(records::get::<Meeting>(store, meeting.id).await.unwrap(), meeting);
    no_reason.cancel_reason = "  Puheenjohtaja estynyt  ".into();
    let cancelled = records::update::<Meeting>(store, &admin(), &author(), meeting.id, meeting.version, no_reason).await.unwrap();
    assert_eq!((cancelled.input.status, cancelled.input.cancel_reason.as_str()), (MeetingStatus::Cancelled, "Puheenjohtaja estynyt"));
    intact(store).await;
}

async fn meetings_list_by_forum_year_status_and_kind_with_joint_meetings_under_each_forum(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    let managers = create::<Meeting>(store, r, meeting_input(&[&f.managers], "2026-03-10", "09:00", "11:00")).await;
    // A joint meeting, convened by the safety forum, recorded once.
    let mut joint_input = meeting_input(&[&f.phturva, &f.managers], "2026-02-17", "12:00", "14:00");
    joint_input.kind = MeetingKind::Electronic;
    joint_input.online_url = "https://kokous.example.org/phturva".into();
    joint_input.place = "Teams".into();
    let joint = create::<Meeting>(store, r, joint_input).await;
    assert_eq!(joint.input.forum_ids, [f.phturva.id, f.managers.id], "the convening forum first");
    let mut cancelled_input = meeting_input(&[&f.phturva], "2026-05-05", "09:00", "10:00");
    cancelled_input.status = MeetingStatus::Cancelled;
    cancelled_input.cancel_reason = "Ei käsiteltävää".into();
    let cancelled = create::<Meeting>(store, r, cancelled_input).await;
    let next_year = create::<Meeting>(store, r, meeting_input(&[&f.managers], "2027-01-12", "09:00", "11:00")).await;
    let ids = |found: (Vec<Meeting>, i64)| {
        assert_eq!(found.0.len() as i64, found.1, "the total counts what the filters let through");
        found.0.iter().map(|m| m.id).collect::<Vec<_>>()
    };

    assert_eq!(ids(list::<Meeting>(store, r, &[]).await), [joint.id, managers.id, cancelled.id, next_year.id], "in date order");
    assert_eq!(ids(list::<Meeting>(store, r, &[filter("forum_id", f.managers.id)]).await), [joint.id, managers.id, next_year.id]);
    assert_eq!(ids(list::<Meeting>(store, r, &[filter("forum_id", f.phturva.id)]).await), [joint.id, cancelled.id]);
    assert!(ids(list::<Meeting>(store, r, &[filter("forum_id", f.strategic.id)]).await).is_empty());
    assert_eq!(ids(list::<Meeting>(store, r, &[filter("year", 2027)]).await), [next_year.id]);
    assert_eq!(ids(list::<Meeting>(store, r, &[filter("forum_id", f.managers.id), filter("year", 2026)]).await), [joint.id, managers.id]);
    assert_eq!(ids(list::<Meeting>(store, r, &[filter("status", "cancelled")]).await), [cancelled.id]);
    assert_eq!(ids(list::<Meeting>(store, r, &[filter("status", "planned"), filter("year", 2026)]).await), [joint.id, managers.id]);
    assert_eq!(ids(list::<Meeting>(store, r, &[filter("kind", "electronic")]).await), [joint.id]);
    let page = records::list::<Meeting>(store, Some(r), &[], Page { offset: 1, limit: 2 }).await.unwrap();
    assert_eq!((page.0.iter().map(|m| m.id).collect::<Vec<_>>(), page.1), (vec![managers.id, cancelled.id], 4));
    assert_eq!(
        fields(records::list::<Meeting>(store, Some(r), &[filter("forum_id", "yksi")], Page::default()).await),
        [pair("forum_id", "error-integer")]
    );
    assert_eq!(
        fields(records::list::<Meeting>(store, Some(r), &[filter("place", "Teams")], Page::default()).await),
        [pair("place", "error-unknown-filter")]
    );

    // Read back whole, from the list and one by one.
    let listed = list::<Meeting>(store, r, &[filter("kind", "electronic")]).await.0;
    assert_eq!(listed, std::slice::from_ref(&joint));
    assert_eq!(records::get::<Meeting>(store, joint.id).await.unwrap(), joint);
    assert_eq!(joint.input.online_url, "https://kokous.example.org/phturva");
    assert_eq!(days(&meetings::meetings_of_year(store, r, 2026).await.unwrap()), dates(&["2026-02-17", "2026-03-10", "2026-05-05"]));
    assert_eq!(meetings::years_with_meetings(store, r).await.unwrap(), [2026, 2027]);

    // A joint meeting's forums can change; the old links go.
    let mut regrouped = joint.input.clone();
    regrouped.forum_ids = vec![f.managers.id];
    records::update::<Meeting>(store, &admin(), &author(), joint.id, joint.version, regrouped).await.unwrap();
    assert_eq!(ids(list::<Meeting>(store, r, &[filter("forum_id", f.phturva.id)]).await), [cancelled.id]);
    // A forum that meetings refer to is not deleted from under them.
    let result = records::delete::<Forum>(store, &admin(), &author(), f.phturva.id, None).await;
    assert!(matches!(result, Err(Error::Conflict { .. })), "{result:?}");
}

async fn meetings_are_numbered_per_convening_forum_and_year_skipping_cancelled_ones(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    let new = |forums: &[&Forum], date: &str, start: &str| {
        let input = meeting_input(forums, date, start, "17:00");
        async move { create::<Meeting>(store, r, input).await }
    };
    // Created out of order: numbers follow the dates (and the times within a day).
    let m_april = new(&[&f.managers], "2026-04-14", "09:00").await;
    let m_jan = new(&[&f.managers], "2026-01-13", "09:00").await;
    let mut cancelled_input = meeting_input(&[&f.managers], "2026-02-10", "09:00", "11:00");
    cancelled_input.status = MeetingStatus::Cancelled;
    cancelled_input.cancel_reason = "Siirretty".into();
    let m_cancelled = create::<Meeting>(store, r, cancelled_input).await;
    let m_march_late = new(&[&f.managers], "2026-03-10", "13:00").await;
    let m_march = new(&[&f.managers], "2026-03-10", "09:00").await;
    // A joint meeting the safety forum convenes counts in the safety forum's numbers.
    let p_joint = new(&[&f.phturva, &f.managers], "2026-02-17", "12:00").await;
    let p_second = new(&[&f.phturva], "2026-06-02", "12:00").await;
    // A new year starts from one.
    let m_next = new(&[&f.managers], "2027-01-12", "09:00").await;

    let all = list::<Meeting>(store, r, &[]).await.0;
    let numbers = meetings::numbers(&all);
    let number = |m: &Meeting| numbers.get(&m.id).map(String::as_str);
    assert_eq!(number(&m_jan), Some("1/2026"));
    assert_eq!(number(&m_cancelled), None);
    assert_eq!(number(&m_march), Some("2/2026"));
    assert_eq!(number(&m_march_late), Some("3/2026"));
    assert_eq!(number(&m_april), Some("4/2026"));
    assert_eq!(number(&p_joint), Some("1/2026"));
    assert_eq!(number(&p_second), Some("2/2026"));
    assert_eq!(number(&m_next), Some("1/2027"));
    assert_eq!(numbers.len(), 7);
    // The numbers depend on the meetings given, not their order.
    let mut reversed = all.clone();
    reversed.reverse();
    assert_eq!(meetings::numbers(&reversed), numbers);

    // Cancelling a meeting renumbers the ones after it.
    edit_meeting(store, &m_march, |m| {
        m.status = MeetingStatus::Cancelled;
        m.cancel_reason = "Puheenjohtaja estynyt".into();
    })
    .await;
    let numbers = meetings::numbers(&meetings::meetings_of_year(store, r, 2026).await.unwrap());
    assert_eq!(numbers.get(&m_march_late.id).map(String::as_str), Some("2/2026"));
    assert_eq!(numbers.get(&m_april.id).map(String::as_str), Some("3/2026"));
    assert_eq!(numbers.get(&m_march.id), None);
}

async fn clashes_find_one_person_in_two_overlapping_meetings(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    // Lahti's city manager sits in the managers' meeting and, through the same post, in
    // the safety forum.
    create::<Seat>(
        store,
        r,
        SeatInput { post_id: Some(f.lahti_manager.id), ..seat_input(&f.phturva, &f.term, &f.lahti, SeatRole::Member) },
    )
    .await;
    let managers = create::<Meeting>(store, r, meeting_input(&[&f.managers], "2026-03-10", "09:00", "11:00")).await;
    let overlapping = create::<Meeting>(store, r, meeting_input(&[&f.phturva], "2026-03-10", "10:30", "12:00")).await;
    // Back to back is no clash; nor is the same time on another day.
    let managers_april = create::<Meeting>(store, r, meeting_input(&[&f.managers], "2026-04-14", "09:00", "11:00")).await;
    create::<Meeting>(store, r, meeting_input(&[&f.phturva], "2026-04-14", "11:00", "12:00")).await;
    create::<Meeting>(store, r, meeting_input(&[&f.phturva], "2026-04-15", "09:00", "11:00")).await;
    // A joint meeting does not clash with itself.
    create::<Meeting>(store, r, meeting_input(&[&f.managers, &f.phturva], "2026-05-12", "09:00", "11:00")).await;

    let register = views::register(store, r).await.unwrap();
    let people = |m: &Meeting| register.people_in(m);
    let everyone: std::collections::BTreeSet<Id> = [
        f.lahti_person.id,
        f.lahti_deputy_person.id,
        f.hollola_person.id,
        f.council_chair.input.person_id.unwrap(),
        f.county_guest.input.person_id.unwrap(),
    ]
    .into_iter()
    .collect();
    assert_eq!(people(&managers), everyone, "holders of posts with seats, and people with seats of their own");
    assert_eq!(people(&overlapping).into_iter().collect::<Vec<_>>(), [f.lahti_person.id]);

    let year = meetings::meetings_of_year(store, r, 2026).await.unwrap();
    let clashes = register.clashes(&year);
    assert_eq!(clashes.len(), 1, "{clashes:?}");
    assert_eq!((clashes[0].person.id, clashes[0].first, clashes[0].second), (f.lahti_person.id, managers.id, overlapping.id));
    assert_eq!(clashes[0].person.input.name, "Lahden kaupunginjohtaja");
    assert!(!clashes.iter().any(|c| c.first == managers_april.id || c.second == managers_april.id));

    // A cancelled meeting clashes with nothing.
    edit_meeting(store, &overlapping, |m| {
        m.status = MeetingStatus::Cancelled;
        m.cancel_reason = "Siirretty".into();
    })
    .await;
    let year = meetings::meetings_of_year(store, r, 2026).await.unwrap();
    assert!(register.clashes(&year).is_empty());

    // Nor does someone whose post passed to another before the day: Hollola's manager
    // changes on 1.6.2026, and the old one sits in the safety forum in person.
    let hollola_holding = list::<Holding>(store, r, &[filter("post_id", f.hollola_manager.id)]).await.0.remove(0);
    let ended = HoldingInput { end_date: Some(d("2026-05-31")), ..hollola_holding.input.clone() };
    records::update::<Holding>(store, &admin(), &author(), hollola_holding.id, hollola_holding.version, ended).await.unwrap();
    create::<Seat>(
        store,
        r,
        SeatInput { person_id: Some(f.hollola_person.id), ..seat_input(&f.phturva, &f.term, &f.hollola, SeatRole::Member) },
    )
    .await;
    let managers_may = create::<Meeting>(store, r, meeting_input(&[&f.managers], "2026-05-26", "09:00", "11:00")).await;
    let phturva_may = create::<Meeting>(store, r, meeting_input(&[&f.phturva], "2026-05-26", "10:00", "11:00")).await;
    create::<Meeting>(store, r, meeting_input(&[&f.managers], "2026-06-09", "09:00", "11:00")).await;
    create::<Meeting>(store, r, meeting_input(&[&f.phturva], "2026-06-09", "10:00", "11:00")).await;
    let register = views::register(store, r).await.unwrap();
    let year = meetings::meetings_of_year(store, r, 2026).await.unwrap();
    let found: Vec<(Id, Id, Id)> = register.clashes(&year).iter().map(|c| (c.person.id, c.first, c.second)).collect();
    let june: Vec<&Meeting> = year.iter().filter(|m| m.input.date == d("2026-06-09")).collect();
    assert_eq!(
        found,
        [
            (f.lahti_person.id, managers_may.id, phturva_may.id),
            (f.hollola_person.id, managers_may.id, phturva_may.id),
            (f.lahti_person.id, june[0].id, june[1].id),
        ],
        "in June Hollola's post has no holder"
    );
}

async fn duties_tell_which_months_are_met_planned_missing_or_not_expected(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    generate(store, &f, 2026, None).await;
    let planned = meetings_of(store, &f.managers, 2026).await;
    edit_meeting(store, &meeting_on(&planned, "2026-01-13"), |m| m.status = MeetingStatus::Held).await;
    // February's meeting passed without being marked held; March's too, but a joint
    // meeting the safety forum convened was held that month.
    let mut joint = meeting_input(&[&f.phturva, &f.managers], "2026-03-24", "12:00", "14:00");
    joint.status = MeetingStatus::Held;
    create::<Meeting>(store, r, joint).await;
    edit_meeting(store, &meeting_on(&planned, "2026-04-14"), |m| {
        m.status = MeetingStatus::Cancelled;
        m.cancel_reason = "Ei käsiteltävää".into();
    })
    .await;
    records::delete::<Meeting>(store, &admin(), &author(), meeting_on(&planned, "2026-06-09").id, None).await.unwrap();
    // An extra meeting in July does not make July a duty.
    let mut july = meeting_input(&[&f.managers], "2026-07-07", "09:00", "10:00");
    july.status = MeetingStatus::Held;
    create::<Meeting>(store, r, july).await;

    let register = views::register(store, r).await.unwrap();
    let year = meetings::meetings_of_year(store, r, 2026).await.unwrap();
    let today = d("2026-05-01");
    let duties = register.duties(&f.managers, &year, 2026, today);
    let found: Vec<(DutyPeriod, DutyStatus, Option<NaiveDate>)> =
        duties.iter().map(|duty| (duty.period, duty.status, duty.meeting)).collect();
    let month = |month| DutyPeriod::Month { year: 2026, month };
    let planned_in = |m: u32, day: &str| (month(m), DutyStatus::Planned, Some(d(day)));
    assert_eq!(
        found,
        [
            (month(1), DutyStatus::Met, Some(d("2026-01-13"))),
            (month(2), DutyStatus::Missing, None),
            (month(3), DutyStatus::Met, Some(d("2026-03-24"))),
            (month(4), DutyStatus::Missing, None),
            planned_in(5, "2026-05-12"),
            (month(6), DutyStatus::Missing, None),
            (month(7), DutyStatus::NotExpected, Some(d("2026-07-07"))),
            planned_in(8, "2026-08-11"),
            planned_in(9, "2026-09-08"),
            planned_in(10, "2026-10-13"),
            planned_in(11, "2026-11-10"),
            planned_in(12, "2026-12-08"),
        ]
    );
    assert_eq!((duties[0].start, duties[0].end), (d("2026-01-01"), d("2026-01-31")));
    // Later in the year, the planned months that passed unheld are missing.
    let later = register.duties(&f.managers, &year, 2026, d("2026-09-01"));
    let statuses: Vec<&str> = later.iter().map(|duty| duty.status.as_str()).collect();
    assert_eq!(
        statuses,
        ["met", "missing", "met", "missing", "missing", "missing", "not_expected", "missing", "planned", "planned", "planned", "planned"]
    );
    // The safety forum meets as needed: no duties. No term covers 2031: no duties.
    assert!(register.duties(&f.phturva, &year, 2026, today).is_empty());
    assert!(register.duties(&f.managers, &[], 2031, today).is_empty());
    // The term's first year has duties from June only.
    let first = register.duties(&f.managers, &[], 2025, today);
    assert_eq!(
        first.iter().map(|duty| duty.period).collect::<Vec<_>>(),
        (6..=12).map(|m| DutyPeriod::Month { year: 2025, month: m }).collect::<Vec<_>>()
    );
    assert!(first.iter().all(|duty| matches!(duty.status, DutyStatus::Missing | DutyStatus::NotExpected)));
}

/// `create` answers with the record it wrote without reading it back: it must be exactly
/// what a later read gives, untidy input (spaces, seconds) included.
async fn what_create_returns_is_what_is_stored(store: &Store) {
    async fn same<R: Record + PartialEq + std::fmt::Debug>(store: &Store, created: R) {
        let read = records::get::<R>(store, created.id()).await.unwrap();
        assert_eq!(read, created, "{}", R::ENTITY);
    }
    let f = fixture(store).await;
    let r = f.region.id;
    same(store, f.region.clone()).await;
    same(store, f.lahti.clone()).await;
    same(store, f.iitti.clone()).await;
    same(store, f.term.clone()).await;
    same(store, f.managers.clone()).await;
    same(store, f.lahti_manager.clone()).await;
    same(store, f.lahti_seat.clone()).await;
    same(store, f.lahti_deputy_seat.clone()).await;
    let person = PersonInput {
        name: "  Hollolan kunnanjohtajan sijainen \n".into(),
        lang: Lang::Fi,
        party_id: Some(f.hollola.id),
        contacts: vec![Contact {
            kind: ContactKind::Email,
            value: " sijainen@example.org ".into(),
            public: true,
            valid_from: None,
            valid_until: None,
        }],
    };
    same(store, create::<Person>(store, r, person).await).await;
    let mut forum = f.managers.input.clone();
    forum.name = names("Iltakoulu");
    forum.cadence.start_time = NaiveTime::from_hms_opt(17, 30, 45);
    same(store, create::<Forum>(store, r, forum).await).await;
    let meeting = MeetingInput {
        forum_ids: vec![f.managers.id, f.phturva.id],
        date: d("2026-03-10"),
        start_time: NaiveTime::from_hms_opt(9, 0, 59).unwrap(),
        end_time: NaiveTime::from_hms_opt(11, 15, 0).unwrap(),
        place: "  Lahti, kaupungintalo ".into(),
        online_url: " https://meet.example.org/k ".into(),
        kind: MeetingKind::Meeting,
        status: MeetingStatus::Planned,
        cancel_reason: String::new(),
        generated: false,
    };
    same(store, create::<Meeting>(store, r, meeting).await).await;
    let post = create::<Post>(store, r, PostInput { party_id: f.hollola.id, title: names("varakunnanjohtaja") }).await;
    same(store, post.clone()).await;
    let holding = HoldingInput { post_id: post.id, person_id: f.lahti_deputy_person.id, start_date: d("2026-01-01"), end_date: None };
    same(store, create::<Holding>(store, r, holding).await).await;
}

// ---- planned attendance ---------------------------------------------------------------

/// The answers to a meeting, sorted by seat.
async fn answers(store: &Store, meeting: &Meeting) -> Vec<(Id, AttendanceResponse)> {
    let mut answers: Vec<_> = meetings::attendance(store, meeting.id).await.expect("attendance").into_iter().collect();
    answers.sort();
    answers
}

/// Everything a refused answer must leave untouched.
async fn attendance_state(store: &Store, meeting: &Meeting) -> (Vec<(&'static str, i64)>, i64, Vec<(Id, AttendanceResponse)>) {
    (counts(store).await, count(store, "attendance").await, answers(store, meeting).await)
}

async fn a_member_answers_for_their_own_seat_only_and_the_secretary_and_region_admin_for_anyone(store: &Store) {
    use AttendanceResponse::*;
    let f = fixture(store).await;
    let r = f.region.id;
    let meeting = create::<Meeting>(store, r, meeting_input(&[&f.managers], "2026-03-10", "09:00", "11:00")).await;
    assert!(answers(store, &meeting).await.is_empty(), "no answers before anyone answers");

    // Lahti's city manager signs in: their seat is theirs through the post they hold.
    let password = "kaupunginjohtajan salasana";
    let lahti_user = NewUser {
        display_name: "Lahden kaupunginjohtaja".into(),
        password: password.into(),
        person_id: Some(f.lahti_person.id),
        ..new_user("kaupunginjohtaja@lahti.example.org")
    };
    let lahti_user = add_user(store, lahti_user).await;
    let (_, member) = accounts::actor_by_credentials(store, "kaupunginjohtaja@lahti.example.org", password, "192.0.2.1")
        .await
        .unwrap()
        .expect("the member signs in");
    assert_eq!(member.person_id, Some(f.lahti_person.id));
    assert!(member.secretary_of.is_empty());
    let member_author = Author { user_id: Some(lahti_user.id), label: lahti_user.email.clone() };

    meetings::set_attendance(store, &member, &member_author, meeting.id, f.lahti_seat.id, Some(Accepted)).await.expect("own seat");
    assert_eq!(answers(store, &meeting).await, vec![(f.lahti_seat.id, Accepted)]);
    let history = audit::recent(store, r, Some(("attendance", f.lahti_seat.id)), 5).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].action.as_str(), history[0].actor.as_str()), ("update", "kaupunginjohtaja@lahti.example.org"));
    assert_eq!(history[0].actor_user_id, Some(lahti_user.id));
    let before = history[0].before_json.as_deref().expect("before");
    let after = history[0].after_json.as_deref().expect("after");
    assert!(before.contains("\"response\":null") && before.contains(&format!("\"meeting_id\":{}", meeting.id)), "{before}");
    assert!(after.contains("\"response\":\"accepted\"") && after.contains(&format!("\"seat_id\":{}", f.lahti_seat.id)), "{after}");

    // Changing their mind: the deputy goes instead (Lahti's seat has one).
    meetings::set_attendance(store, &member, &member_author, meeting.id, f.lahti_seat.id, Some(DeputyAttends)).await.unwrap();
    assert_eq!(answers(store, &meeting).await, vec![(f.lahti_seat.id, DeputyAttends)]);

    // Not for anyone else's seat: Hollola's, the chair's, nor even their own deputy's.
    let state = attendance_state(store, &meeting).await;
    for seat in [&f.hollola_seat, &f.council_chair, &f.lahti_deputy_seat, &f.county_guest] {
        for response in [Some(Accepted), Some(Declined), None] {
            let result = meetings::set_attendance(store, &member, &member_author, meeting.id, seat.id, response).await;
            assert!(matches!(result, Err(Error::Forbidden)), "seat {}: {result:?}", seat.id);
        }
    }
    // A hand-built actor of the same forum with no person, a member of it with another
    // person, a party administrator and the public may not answer either.
    let others = [
        Actor { user_id: Some(90), member_of: vec![f.managers.id], ..Actor::default() },
        Actor { user_id: Some(91), member_of: vec![f.managers.id], person_id: Some(f.hollola_person.id), ..Actor::default() },
        Actor { user_id: Some(92), party_admin: vec![f.lahti.id], ..Actor::default() },
        Actor { user_id: Some(93), region_admin: vec![r + 1000], ..Actor::default() },
        Actor { user_id: Some(94), secretary_of: vec![f.phturva.id], member_of: vec![f.phturva.id], ..Actor::default() },
        Actor::anonymous(),
    ];
    for actor in &others {
        let result = meetings::set_attendance(store, actor, &author(), meeting.id, f.lahti_seat.id, Some(Declined)).await;
        assert!(matches!(result, Err(Error::Forbidden)), "{actor:?}: {result:?}");
        let result = meetings::set_attendance(store, actor, &author(), meeting.id, f.lahti_seat.id, None).await;
        assert!(matches!(result, Err(Error::Forbidden)), "{actor:?}: {result:?}");
    }
    assert_eq!(attendance_state(store, &meeting).await, state, "a refused answer wrote");

    // Hollola's manager, built by hand, answers their own seat.
    let hollola = Actor { user_id: Some(95), member_of: vec![f.managers.id], person_id: Some(f.hollola_person.id), ..Actor::default() };
    meetings::set_attendance(store, &hollola, &author(), meeting.id, f.hollola_seat.id, Some(Declined)).await.unwrap();

    // The forum's secretary keeps everyone's answers.
    let secretary_person = create::<Person>(store, r, person_input("Kuntayhteistyöpäällikkö", Some(&f.council))).await;
    create::<Seat>(
        store,
        r,
        SeatInput { person_id: Some(secretary_person.id), ..seat_input(&f.managers, &f.term, &f.council, SeatRole::Secretary) },
    )
    .await;
    let secretary = Actor {
        user_id: Some(96),
        secretary_of: vec![f.managers.id],
        member_of: vec![f.managers.id],
        person_id: Some(secretary_person.id),
        ..Actor::default()
    };
    let secretary_author = Author { user_id: Some(96), label: "sihteeri@liitto.example.org".into() };
    for (seat, response) in [(&f.lahti_seat, Declined), (&f.hollola_seat, Accepted), (&f.council_chair, Accepted)] {
        meetings::set_attendance(store, &secretary, &secretary_author, meeting.id, seat.id, Some(response))
            .await
            .unwrap_or_else(|err| panic!("the secretary answers for seat {}: {err:?}", seat.id));
    }
    let mut expected = vec![(f.lahti_seat.id, Declined), (f.hollola_seat.id, Accepted), (f.council_chair.id, Accepted)];
    expected.sort();
    assert_eq!(answers(store, &meeting).await, expected);
    let history = audit::recent(store, r, Some(("attendance", f.lahti_seat.id)), 5).await.unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].actor, "sihteeri@liitto.example.org");
    assert!(history[0].before_json.as_deref().unwrap().contains("\"response\":\"deputy_attends\""));
    assert!(history[0].after_json.as_deref().unwrap().contains("\"response\":\"declined\""));

    // So does the region's administrator, and clearing with None removes the answer.
    let region_admin = Actor { user_id: Some(7), region_admin: vec![r], ..Actor::default() };
    meetings::set_attendance(store, &region_admin, &author(), meeting.id, f.council_chair.id, Some(Declined)).await.unwrap();
    meetings::set_attendance(store, &region_admin, &author(), meeting.id, f.hollola_seat.id, None).await.unwrap();
    let mut expected = vec![(f.lahti_seat.id, Declined), (f.council_chair.id, Declined)];
    expected.sort();
    assert_eq!(answers(store, &meeting).await, expected);
    let cleared = &audit::recent(store, r, Some(("attendance", f.hollola_seat.id)), 5).await.unwrap()[0];
    assert!(cleared.before_json.as_deref().unwrap().contains("\"response\":\"accepted\""));
    assert!(cleared.after_json.as_deref().unwrap().contains("\"response\":null"));
    // The member clears their own answer too.
    meetings::set_attendance(store, &member, &member_author, meeting.id, f.lahti_seat.id, None).await.unwrap();
    assert_eq!(answers(store, &meeting).await, vec![(f.council_chair.id, Declined)]);
    assert_eq!(count(store, "attendance").await, 1);

    // Answers are per meeting: another meeting of the forum has none.
    let april = create::<Meeting>(store, r, meeting_input(&[&f.managers], "2026-04-14", "09:00", "11:00")).await;
    assert!(answers(store, &april).await.is_empty());
    // Deleting the meeting takes its answers along.
    records::delete::<Meeting>(store, &admin(), &author(), meeting.id, Some(meeting.version)).await.unwrap();
    assert_eq!(count(store, "attendance").await, 0);
    intact(store).await;
}

async fn attendance_needs_a_seat_of_the_meeting_on_its_date_and_a_deputy_for_deputy_attends(store: &Store) {
    use AttendanceResponse::*;
    let f = fixture(store).await;
    let r = f.region.id;
    let region_admin = Actor { user_id: Some(7), region_admin: vec![r], ..Actor::default() };
    let meeting = create::<Meeting>(store, r, meeting_input(&[&f.managers], "2026-03-10", "09:00", "11:00")).await;
    let phturva_meeting = create::<Meeting>(store, r, meeting_input(&[&f.phturva], "2026-03-12", "13:00", "15:00")).await;
    let joint = create::<Meeting>(store, r, meeting_input(&[&f.phturva, &f.managers], "2026-03-24", "12:00", "14:00")).await;
    let phturva_seat = create::<Seat>(
        store,
        r,
        SeatInput { post_id: Some(f.lahti_manager.id), ..seat_input(&f.phturva, &f.term, &f.lahti, SeatRole::Member) },
    )
    .await;
    let iitti_person = create::<Person>(store, r, person_input("Iitin kunnanjohtaja", Some(&f.iitti))).await;
    let later_seat = create::<Seat>(
        store,
        r,
        SeatInput {
            person_id: Some(iitti_person.id),
            start_date: d("2026-04-01"),
            ..seat_input(&f.managers, &f.term, &f.iitti, SeatRole::Member)
        },
    )
    .await;
    let before = (counts(store).await, count(store, "attendance").await, audit_entries(store).await);

    // A seat of another forum, or one not yet active on the meeting's date.
    for (meeting, seat) in [(&meeting, &phturva_seat), (&phturva_meeting, &f.lahti_seat), (&meeting, &later_seat)] {
        let result = meetings::set_attendance(store, &region_admin, &author(), meeting.id, seat.id, Some(Accepted)).await;
        assert_eq!(fields(result), vec![pair("seat_id", "error-seat-not-in-meeting")], "seat {} at {}", seat.id, meeting.input.date);
    }
    // The member may not answer for a seat that is not in the meeting either.
    let member =
        Actor { user_id: Some(5), member_of: vec![f.managers.id, f.phturva.id], person_id: Some(f.lahti_person.id), ..Actor::default() };
    let result = meetings::set_attendance(store, &member, &author(), meeting.id, phturva_seat.id, None).await;
    assert_eq!(fields(result), vec![pair("seat_id", "error-seat-not-in-meeting")]);
    // A deputy attends only for a seat with a deputy.
    for seat in [&f.hollola_seat, &f.council_chair] {
        let result = meetings::set_attendance(store, &region_admin, &author(), meeting.id, seat.id, Some(DeputyAttends)).await;
        assert_eq!(fields(result), vec![pair("response", "error-no-deputy")], "seat {}", seat.id);
    }
    let result = meetings::set_attendance(store, &region_admin, &author(), meeting.id, phturva_seat.id, Some(DeputyAttends)).await;
    assert_eq!(fields(result), vec![pair("seat_id", "error-seat-not-in-meeting"), pair("response", "error-no-deputy")]);
    // Unknown meetings and seats are not found.
    let result = meetings::set_attendance(store, &region_admin, &author(), 999_999, f.lahti_seat.id, Some(Accepted)).await;
    assert!(matches!(result, Err(Error::NotFound)), "{result:?}");
    let result = meetings::set_attendance(store, &region_admin, &author(), meeting.id, 999_999, Some(Accepted)).await;
    assert!(matches!(result, Err(Error::NotFound)), "{result:?}");
    assert_eq!((counts(store).await, count(store, "attendance").await, audit_entries(store).await), before, "a refused answer wrote");

    // A joint meeting takes the seats of both forums; the deputy attends for Lahti.
    meetings::set_attendance(store, &member, &author(), joint.id, phturva_seat.id, Some(Accepted)).await.unwrap();
    meetings::set_attendance(store, &member, &author(), joint.id, f.lahti_seat.id, Some(DeputyAttends)).await.unwrap();
    meetings::set_attendance(store, &region_admin, &author(), meeting.id, f.lahti_seat.id, Some(DeputyAttends)).await.unwrap();
    let mut expected = vec![(phturva_seat.id, Accepted), (f.lahti_seat.id, DeputyAttends)];
    expected.sort();
    assert_eq!(answers(store, &joint).await, expected);
    assert_eq!(answers(store, &meeting).await, vec![(f.lahti_seat.id, DeputyAttends)]);
    // From April the later seat answers.
    let april = create::<Meeting>(store, r, meeting_input(&[&f.managers], "2026-04-14", "09:00", "11:00")).await;
    meetings::set_attendance(store, &region_admin, &author(), april.id, later_seat.id, Some(Declined)).await.unwrap();

    // The deputy's seat ends in March: after that no deputy attends for Lahti.
    let deputy: Seat = records::get(store, f.lahti_deputy_seat.id).await.unwrap();
    let input = SeatInput { end_date: Some(d("2026-03-31")), ..deputy.input.clone() };
    records::update::<Seat>(store, &admin(), &author(), deputy.id, deputy.version, input).await.unwrap();
    let result = meetings::set_attendance(store, &region_admin, &author(), april.id, f.lahti_seat.id, Some(DeputyAttends)).await;
    assert_eq!(fields(result), vec![pair("response", "error-no-deputy")]);
    meetings::set_attendance(store, &region_admin, &author(), april.id, f.lahti_seat.id, Some(Accepted)).await.unwrap();
    meetings::set_attendance(store, &region_admin, &author(), meeting.id, f.lahti_seat.id, Some(DeputyAttends)).await.unwrap();
    let mut expected = vec![(later_seat.id, Declined), (f.lahti_seat.id, Accepted)];
    expected.sort();
    assert_eq!(answers(store, &april).await, expected);

    // Every change of an answer is in the chain (giving the same answer again writes
    // nothing), and the chain is intact.
    assert_eq!(audit_entries(store).await, before.2 + 7);
    intact(store).await;
}

async fn a_held_meeting_stays_held_and_a_cancelled_one_can_be_planned_again(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    let input = meeting_input(&[&f.managers], "2026-03-10", "09:00", "11:00");
    let meeting = create::<Meeting>(store, r, input.clone()).await;
    let with = |status: MeetingStatus, reason: &str| MeetingInput { status, cancel_reason: reason.into(), ..input.clone() };
    let cancelled =
        records::update::<Meeting>(store, &admin(), &author(), meeting.id, 1, with(MeetingStatus::Cancelled, "Seminaari")).await.unwrap();
    let planned = records::update::<Meeting>(store, &admin(), &author(), meeting.id, cancelled.version, with(MeetingStatus::Planned, ""))
        .await
        .unwrap();
    let held =
        records::update::<Meeting>(store, &admin(), &author(), meeting.id, planned.version, with(MeetingStatus::Held, "")).await.unwrap();
    for back in [MeetingStatus::Planned, MeetingStatus::Invited, MeetingStatus::Cancelled] {
        let result = records::update::<Meeting>(store, &admin(), &author(), meeting.id, held.version, with(back, "Syy")).await;
        assert_eq!(fields(result), vec![pair("status", "error-status-change")], "held → {back}");
    }
    assert_eq!(records::get::<Meeting>(store, meeting.id).await.unwrap(), held);
}

async fn a_joint_meeting_fills_the_month_of_every_forum_in_it(store: &Store) {
    let f = fixture(store).await;
    let r = f.region.id;
    // The municipal managers' meeting meets monthly; PHTURVA convenes a joint meeting with
    // it in March, so the managers get no March meeting of their own.
    let managers: Forum = records::get(store, f.managers.id).await.unwrap();
    let cadence =
        Cadence { kind: CadenceKind::Monthly, weekday: Some(2), week_of_month: Some(2), excluded_months: vec![7], ..Cadence::as_needed() };
    records::update::<Forum>(store, &admin(), &author(), managers.id, managers.version, ForumInput { cadence, ..managers.input.clone() })
        .await
        .unwrap();
    let joint = meeting_input(&[&f.phturva, &f.managers], "2026-03-18", "12:00", "15:00");
    create::<Meeting>(store, r, joint).await;
    meetings::generate_plan(store, &admin(), &author(), r, 2026, Some(f.managers.id)).await.unwrap();
    let march: Vec<NaiveDate> = meetings::meetings_of_forum(store, r, f.managers.id)
        .await
        .unwrap()
        .iter()
        .map(|m| m.input.date)
        .filter(|date| date.year() == 2026 && date.month() == 3)
        .collect();
    assert_eq!(march, vec![d("2026-03-18")]);
}
