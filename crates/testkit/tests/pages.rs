//! The server-rendered pages as users meet them: the real server (`TestApp`) on SQLite,
//! driven over HTTP with reqwest. Each test builds a small Päijät-Häme through the store,
//! then asserts on statuses, headers and the Finnish (or Swedish, English) text of the
//! pages: the region at a glance, forums, parties, the contact directory with vCards,
//! languages, signing in, the forms and their errors, the page cache and the security
//! headers.

use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_store::accounts::NewUser;
use foorumi_store::audit::Author;
use foorumi_store::meetings::{self, PlanOutcome};
use foorumi_store::records;
use foorumi_store::{Store, views};
use foorumi_testkit::fixtures::{
    PASSWORD, add_user, admin, assert_contains, assert_lacks, author, client, create, create_paijat_hame, csrf_of, d, edit_meeting, forum,
    get, header_text, hm, input_value, location, meeting, meeting_on, new_user, parts, party, post_form, seat, set_cookie, sign_in,
    visitor,
};
use foorumi_testkit::{Backend, TestApp, block_on, store_for};
use reqwest::header::{self, HeaderMap};
use reqwest::{Client, StatusCode};

// ---- fixture ------------------------------------------------------------------------

const MANAGERS_CADENCE: &str = "Kuukausittain, kuun toinen tiistai, ei heinäkuussa";
const PUBLIC_EMAIL: &str = "kaupunginjohtaja@lahti.example.org";
const PRIVATE_EMAIL: &str = "kaupunginjohtaja.suora@lahti.example.org";
const PRIVATE_PHONE: &str = "+358 40 123 4567";

/// A member of region 07 from `from`, until `until`.
fn member_07(from: &str, until: Option<&str>) -> Vec<RegionPeriod> {
    vec![RegionPeriod { region_code: "07".into(), valid_from: d(from), valid_until: until.map(d) }]
}

/// A party with its name in Finnish, Swedish and English.
fn party_input(kind: PartyKind, code: Option<&str>, fi: &str, sv: &str, en: &str) -> PartyInput {
    PartyInput { name: Names::new(fi, sv, en), ..party(kind, code, fi) }
}

/// A forum with its name and mandate in three languages, under `parent_id`, meeting by
/// `cadence`; a working group is one by law too.
fn forum_input(fi: &str, sv: &str, en: &str, level: ForumLevel, parent_id: Option<Id>, cadence: Cadence) -> ForumInput {
    ForumInput {
        name: Names::new(fi, sv, en),
        legal_type: if level == ForumLevel::WorkingGroup { LegalType::WorkingGroup } else { LegalType::CooperationForum },
        mandate: Names::new(&format!("{fi}: tehtävä."), &format!("{sv}: uppdrag."), &format!("{en}: mandate.")),
        parent_id,
        cadence,
        ..forum(fi, level)
    }
}

fn email(value: &str, public: bool) -> Contact {
    Contact { kind: ContactKind::Email, value: value.into(), public, valid_from: None, valid_until: None }
}

fn person(name: &str, party: &Party, contacts: Vec<Contact>) -> PersonInput {
    PersonInput { name: name.into(), party_id: Some(party.id), contacts, lang: Lang::Fi }
}

fn post(party: &Party, fi: &str) -> PostInput {
    PostInput { party_id: party.id, title: Names::new(fi, &format!("{fi} (sv)"), &format!("{fi} (en)")) }
}

struct Seats<'a> {
    term: &'a CouncilTerm,
}

impl Seats<'_> {
    fn seat(&self, forum: &Forum, party: &Party, role: SeatRole) -> SeatInput {
        seat(forum, self.term, party, role)
    }
}

/// A small Päijät-Häme: the regional council, the county, Lahti and Hollola, Nastola
/// (merged into Lahti in 2016), the 2025–2029 term, a forum on every level, posts held by
/// placeholder people, and the municipal managers' meeting with a chair, a secretary,
/// members, a deputy and a standing guest.
struct Fixture {
    region: Region,
    council: Party,
    county: Party,
    lahti: Party,
    hollola: Party,
    strategic: Forum,
    chairs: Forum,
    managers: Forum,
    phturva: Forum,
    lahti_manager: Post,
    vacant_post: Post,
    lahti_person: Person,
}

async fn fixture(store: &Store) -> Fixture {
    let region = create_paijat_hame(store).await;
    let r = region.id;
    let mut council_input =
        party_input(PartyKind::RegionalCouncil, None, "Päijät-Hämeen liitto", "Päijät-Häme förbund", "Regional Council of Päijät-Häme");
    council_input.region_periods = member_07("1994-01-01", None);
    let council = create::<Party>(store, r, council_input).await;
    let mut county_input = party_input(
        PartyKind::WellbeingCounty,
        Some("09"),
        "Päijät-Hämeen hyvinvointialue",
        "Päijät-Häme välfärdsområde",
        "Päijät-Häme Wellbeing Services County",
    );
    county_input.region_periods = member_07("2023-01-01", None);
    let county = create::<Party>(store, r, county_input).await;
    let lahti = create::<Party>(store, r, party_input(PartyKind::Municipality, Some("398"), "Lahti", "Lahtis", "Lahti")).await;
    let hollola = create::<Party>(store, r, party_input(PartyKind::Municipality, Some("098"), "Hollola", "Hollola", "Hollola")).await;
    let mut nastola_input = party_input(PartyKind::Municipality, Some("532"), "Nastola", "Nastola", "Nastola");
    nastola_input.region_periods = member_07("1997-01-01", Some("2015-12-31"));
    nastola_input.signed_protocol = false;
    create::<Party>(store, r, nastola_input).await;

    let term = create::<CouncilTerm>(store, r, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let once_per_term = Cadence { kind: CadenceKind::OncePerTerm, ..Cadence::as_needed() };
    let strategic = create::<Forum>(
        store,
        r,
        forum_input("Strateginen foorumi", "Strategiskt forum", "Strategic forum", ForumLevel::Strategic, None, once_per_term),
    )
    .await;
    let annual = Cadence { kind: CadenceKind::Annual, month: Some(2), ..Cadence::as_needed() };
    let chairs = create::<Forum>(
        store,
        r,
        forum_input("Puheenjohtajafoorumi", "Ordförandeforumet", "Forum of chairs", ForumLevel::Chairs, Some(strategic.id), annual),
    )
    .await;
    let mut managers_input = forum_input(
        "Kuntajohtajakokous",
        "Kommundirektörsmötet",
        "Municipal managers meeting",
        ForumLevel::Tactical,
        Some(chairs.id),
        Cadence {
            kind: CadenceKind::Monthly,
            weekday: Some(2),
            week_of_month: Some(2),
            month: None,
            excluded_months: vec![7],
            ..Cadence::as_needed()
        },
    );
    managers_input.mandate.fi = "Kuntajohtajat sovittavat yhteen kuntien ja maakunnan liiton valmistelua.\n\n\
                                 Erimielisyydet viedään puheenjohtajafoorumiin."
        .into();
    let managers = create::<Forum>(store, r, managers_input).await;
    let mut phturva_input = forum_input(
        "Päijät-Hämeen turvallisuusfoorumi",
        "Säkerhetsforumet i Päijänne-Tavastland",
        "Päijät-Häme safety forum",
        ForumLevel::Operational,
        Some(managers.id),
        Cadence::as_needed(),
    );
    phturva_input.short_name = "PHTURVA".into();
    let phturva = create::<Forum>(store, r, phturva_input).await;
    create::<Forum>(
        store,
        r,
        forum_input(
            "Kuntaturva-työryhmä",
            "Arbetsgruppen Kuntaturva",
            "Kuntaturva working group",
            ForumLevel::WorkingGroup,
            Some(phturva.id),
            Cadence::as_needed(),
        ),
    )
    .await;

    let lahti_manager = create::<Post>(store, r, post(&lahti, "Kaupunginjohtaja")).await;
    let vacant_post = create::<Post>(store, r, post(&lahti, "Sivistysjohtaja")).await;
    let hollola_manager = create::<Post>(store, r, post(&hollola, "Kunnanjohtaja")).await;
    let coordinator = create::<Post>(store, r, post(&council, "Kuntayhteistyöpäällikkö")).await;
    let lahti_person = create::<Person>(
        store,
        r,
        person(
            "Lahden kaupunginjohtaja",
            &lahti,
            vec![
                email(PUBLIC_EMAIL, true),
                email(PRIVATE_EMAIL, false),
                Contact { kind: ContactKind::Phone, value: PRIVATE_PHONE.into(), public: false, valid_from: None, valid_until: None },
            ],
        ),
    )
    .await;
    let lahti_deputy =
        create::<Person>(store, r, person("Lahden apulaiskaupunginjohtaja", &lahti, vec![email("apulainen@lahti.example.org", true)]))
            .await;
    let hollola_person =
        create::<Person>(store, r, person("Hollolan kunnanjohtaja", &hollola, vec![email("kunnanjohtaja@hollola.example.org", true)]))
            .await;
    let coordinator_person = create::<Person>(
        store,
        r,
        person("Liiton kuntayhteistyöpäällikkö", &council, vec![email("kuntayhteistyo@liitto.example.org", true)]),
    )
    .await;
    let director = create::<Person>(store, r, person("Maakuntajohtaja", &council, vec![])).await;
    let county_director = create::<Person>(store, r, person("Hyvinvointialuejohtaja", &county, vec![])).await;
    for (post, person, start) in [
        (&lahti_manager, &lahti_person, "2020-01-01"),
        (&hollola_manager, &hollola_person, "2021-03-01"),
        (&coordinator, &coordinator_person, "2022-08-15"),
    ] {
        create::<Holding>(store, r, HoldingInput { post_id: post.id, person_id: person.id, start_date: d(start), end_date: None }).await;
    }

    let seats = Seats { term: &term };
    create::<Seat>(store, r, SeatInput { person_id: Some(director.id), ..seats.seat(&managers, &council, SeatRole::Chair) }).await;
    create::<Seat>(store, r, SeatInput { post_id: Some(coordinator.id), ..seats.seat(&managers, &council, SeatRole::Secretary) }).await;
    let lahti_seat =
        create::<Seat>(store, r, SeatInput { post_id: Some(lahti_manager.id), ..seats.seat(&managers, &lahti, SeatRole::Member) }).await;
    create::<Seat>(
        store,
        r,
        SeatInput { person_id: Some(lahti_deputy.id), deputy_of: Some(lahti_seat.id), ..seats.seat(&managers, &lahti, SeatRole::Deputy) },
    )
    .await;
    create::<Seat>(store, r, SeatInput { post_id: Some(hollola_manager.id), ..seats.seat(&managers, &hollola, SeatRole::Member) }).await;
    create::<Seat>(store, r, SeatInput { person_id: Some(county_director.id), ..seats.seat(&managers, &county, SeatRole::StandingGuest) })
        .await;
    create::<Seat>(store, r, SeatInput { post_id: Some(lahti_manager.id), ..seats.seat(&phturva, &lahti, SeatRole::Member) }).await;
    Fixture { region, council, county, lahti, hollola, strategic, chairs, managers, phturva, lahti_manager, vacant_post, lahti_person }
}

/// An account (argon2 is slow: tests create only the accounts they use).
async fn user(store: &Store, email: &str, name: &str, person_id: Option<Id>, grants: Vec<Grant>) {
    add_user(store, NewUser { display_name: name.into(), person_id, grants, ..new_user(email) }).await;
}

async fn region_admin(store: &Store, f: &Fixture) {
    let grants = vec![Grant { region_id: f.region.id, party_id: None }];
    user(store, "hallinto@liitto.example.org", "Alueen pääkäyttäjä", None, grants).await;
}

// ---- HTTP helpers -------------------------------------------------------------------

/// The value a `Set-Cookie` line gives its cookie.
fn cookie_value(line: &str) -> &str {
    line.split(';').next().and_then(|pair| pair.split_once('=')).map(|(_, v)| v).unwrap_or("")
}

/// Undoes the HTML escaping of text and attribute values.
fn unescape(text: &str) -> String {
    [
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#60;", "<"),
        ("&lt;", "<"),
        ("&#62;", ">"),
        ("&gt;", ">"),
        ("&#39;", "'"),
        ("&#38;", "&"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(text.to_owned(), |acc, (from, to)| acc.replace(from, to))
}

/// The text from `start` (exclusive) up to the next `end`.
fn after<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start:?} not in the page:\n{html}")) + start.len();
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The `<tr>` row that holds `needle`.
fn row<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the page:\n{html}"));
    let start = html[..at].rfind("<tr").expect("a row starts before");
    let end = at + html[at..].find("</tr>").expect("the row ends");
    &html[start..end]
}

/// The cells of a row, tags inside them removed.
fn cells(row: &str) -> Vec<String> {
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let inner = &cell[cell.find('>').map(|i| i + 1).unwrap_or(0)..];
            let inner = &inner[..inner.find("</td>").unwrap_or(inner.len())];
            strip_tags(inner)
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// The card of a forum on the region page, by its name.
fn forum_card<'a>(html: &'a str, name: &str) -> &'a str {
    let needle = format!(">{name}</a></h4>");
    let at = html.find(&needle).unwrap_or_else(|| panic!("no card for {name:?}:\n{html}"));
    let start = html[..at].rfind("<li class=\"forum-card\">").expect("the card starts");
    let end = at + html[at..].find("</li>").expect("the card ends");
    &html[start..end]
}

/// The `<dd>` after the `<dt>` with `term`.
fn fact(html: &str, term: &str) -> String {
    strip_tags(after(html, &format!("<dt>{term}</dt><dd>"), "</dd>"))
}

async fn start(backend: Backend) -> (TestApp, Fixture) {
    let store = store_for(backend).await;
    let f = fixture(&store).await;
    (TestApp::start(store).await, f)
}

/// A page test, run once on SQLite and once on the throw-away PostgreSQL.
macro_rules! page_test {
    ($name:ident, $backend:ident => $body:block) => {
        mod $name {
            use super::*;

            async fn run($backend: Backend) $body

            #[test]
            fn sqlite() {
                block_on(run(Backend::Sqlite))
            }

            #[test]
            fn postgres() {
                block_on(run(Backend::Postgres))
            }
        }
    };
}

// ---- the region at a glance ---------------------------------------------------------

page_test!(the_front_page_leads_to_the_only_region, backend => {
    let (app, _) = start(backend).await;
    let (status, headers, _) = get(&visitor(), &app.url("/")).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(location(&headers), "/regions/07");
});

page_test!(the_front_page_lists_regions_when_there_are_several, backend => {
    let store = store_for(backend).await;
    for (code, fi) in [("07", "Päijät-Häme"), ("08", "Kymenlaakso")] {
        create::<Region>(&store, 0, RegionInput { code: code.into(), name: Names::new(fi, fi, fi) }).await;
    }
    let app = TestApp::start(store).await;
    let (status, _, html) = get(&visitor(), &app.url("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<a href=\"/regions/07\">Päijät-Häme</a>");
    assert_contains(&html, "<a href=\"/regions/08\">Kymenlaakso</a>");
});

page_test!(the_region_page_shows_the_levels_with_each_forum_and_the_parties, backend => {
    let (app, f) = start(backend).await;
    let (status, headers, html) = get(&visitor(), &app.url("/regions/07")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(header_text(&headers, "content-type").starts_with("text/html"));
    assert_contains(&html, "<html lang=\"fi\">");
    assert_contains(&html, "<h1>Päijät-Häme</h1>");
    assert_contains(&html, "Valtuustokausi: <strong>2025–2029</strong>");

    // The levels, top down, each with its forums.
    let levels = ["Strateginen taso", "Puheenjohtajafoorumi", "Taktinen taso", "Operatiivinen taso", "Työryhmät"];
    let positions: Vec<usize> = levels
        .iter()
        .map(|level| html.find(&format!("<h3>{level}</h3>")).unwrap_or_else(|| panic!("no level {level}:\n{html}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "levels out of order: {positions:?}");
    let level_of = |forum: &str| {
        let at = html.find(&format!(">{forum}</a></h4>")).unwrap_or_else(|| panic!("no forum {forum}"));
        positions.iter().rposition(|p| *p < at).map(|i| levels[i]).unwrap_or("none")
    };
    assert_eq!(level_of("Strateginen foorumi"), "Strateginen taso");
    assert_eq!(level_of("Kuntajohtajakokous"), "Taktinen taso");
    assert_eq!(level_of("Päijät-Hämeen turvallisuusfoorumi (PHTURVA)"), "Operatiivinen taso");
    assert_eq!(level_of("Kuntaturva-työryhmä"), "Työryhmät");

    // Each card: cadence in words, secretary, member count, the next level up.
    let managers = forum_card(&html, "Kuntajohtajakokous");
    assert_contains(managers, &format!("href=\"/forums/{}\"", f.managers.id));
    assert_eq!(fact(managers, "Kokoontuminen"), MANAGERS_CADENCE);
    assert_eq!(fact(managers, "Sihteeri"), "Kuntayhteistyöpäällikkö, Päijät-Hämeen liitto");
    // Chair and two members; the deputy, the secretary and the guest do not count.
    assert_eq!(fact(managers, "Jäseniä"), "3");
    assert_eq!(fact(managers, "Seuraava taso (eskalointi)"), "Puheenjohtajafoorumi");
    let strategic = forum_card(&html, "Strateginen foorumi");
    assert_eq!(fact(strategic, "Kokoontuminen"), "Kerran valtuustokaudessa");
    assert_eq!(fact(strategic, "Sihteeri"), "–");
    assert_eq!(fact(strategic, "Jäseniä"), "0");
    let chairs = forum_card(&html, "Puheenjohtajafoorumi");
    assert_eq!(fact(chairs, "Kokoontuminen"), "Kerran vuodessa, helmikuussa");
    let phturva = forum_card(&html, "Päijät-Hämeen turvallisuusfoorumi (PHTURVA)");
    assert_eq!(fact(phturva, "Kokoontuminen"), "Tarvittaessa");
    assert_eq!(fact(phturva, "Jäseniä"), "1");
    assert_eq!(fact(phturva, "Seuraava taso (eskalointi)"), "Kuntajohtajakokous");

    // The parties table: name (linked), kind, code, protocol; ended members marked.
    assert_contains(&html, "<h2>Osapuolet</h2>");
    let lahti = row(&html, &format!("<a href=\"/parties/{}\">Lahti</a>", f.lahti.id));
    assert_eq!(cells(lahti), ["Lahti", "Kunta", "398", "Kyllä"]);
    let council = row(&html, &format!("<a href=\"/parties/{}\">", f.council.id));
    assert_eq!(cells(council), ["Päijät-Hämeen liitto", "Maakunnan liitto", "", "Kyllä"]);
    let county = row(&html, &format!("<a href=\"/parties/{}\">", f.county.id));
    assert_eq!(cells(county), ["Päijät-Hämeen hyvinvointialue", "Hyvinvointialue", "09", "Kyllä"]);
    let nastola = row(&html, ">Nastola</a>");
    assert_eq!(cells(nastola), ["Nastola Ei enää alueella", "Kunta", "532", "Ei"]);
    assert_lacks(lahti, "Ei enää alueella");

    // Anonymous visitors get no edit actions.
    assert_lacks(&html, "/new/party");
    assert_contains(&html, "Kirjaudu sisään");
});

// ---- a forum ------------------------------------------------------------------------

page_test!(the_forum_page_groups_members_by_party_with_roles_and_deputies, backend => {
    let (app, f) = start(backend).await;
    let (status, _, html) = get(&visitor(), &app.url(&format!("/forums/{}", f.managers.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h1>Kuntajohtajakokous</h1>");
    assert_contains(&html, "<a href=\"/regions/07\">Päijät-Häme</a>");
    assert_eq!(fact(&html, "Taso"), "Taktinen taso");
    assert_eq!(fact(&html, "Oikeudellinen asema"), "Yhteistyöfoorumi");
    assert_eq!(fact(&html, "Kokoontuminen"), MANAGERS_CADENCE);
    assert!(fact(&html, "Puheenjohtaja").contains("Maakuntajohtaja"), "{html}");
    assert_eq!(fact(&html, "Sihteeri"), "Kuntayhteistyöpäällikkö, Päijät-Hämeen liitto");
    assert_eq!(fact(&html, "Jäseniä"), "3");

    // The next level up, linked.
    assert_contains(
        &html,
        &format!("<dt>Seuraava taso (eskalointi)</dt><dd><a href=\"/forums/{}\">Puheenjohtajafoorumi</a></dd>", f.chairs.id),
    );
    // The mandate, paragraph by paragraph.
    assert_contains(&html, "<h2>Tehtävä</h2>");
    assert_contains(&html, "<p>Kuntajohtajat sovittavat yhteen kuntien ja maakunnan liiton valmistelua.</p>");
    assert_contains(&html, "<p>Erimielisyydet viedään puheenjohtajafoorumiin.</p>");
    // Forums escalating here.
    assert_contains(&html, &format!("<a href=\"/forums/{}\">Päijät-Hämeen turvallisuusfoorumi (PHTURVA)</a>", f.phturva.id));
    assert_contains(&html, "Jäsenet 2025–2029");

    // One table per party: the regional council first, the county, then the
    // municipalities by name.
    let captions: Vec<String> = html.split("<caption>").skip(1).map(|c| strip_tags(&c[..c.find("</caption>").unwrap()])).collect();
    assert_eq!(captions, ["Päijät-Hämeen liitto", "Päijät-Hämeen hyvinvointialue", "Hollola", "Lahti"]);
    let table_of = |party: &Party| {
        let caption = format!("<caption><a href=\"/parties/{}\">", party.id);
        after(&html, &caption, "</table>").to_owned()
    };
    let council = table_of(&f.council);
    let council_rows: Vec<Vec<String>> = council.split("<tr").skip(2).map(cells).collect();
    assert_eq!(council_rows[0][..3], ["Puheenjohtaja", "Henkilökohtainen paikka", "Maakuntajohtaja"]);
    assert_eq!(council_rows[1][..3], ["Sihteeri", "Kuntayhteistyöpäällikkö, Päijät-Hämeen liitto", "Liiton kuntayhteistyöpäällikkö"]);
    let county = table_of(&f.county);
    assert_eq!(cells(row(&county, "Hyvinvointialuejohtaja"))[0], "Pysyvä asiantuntija");

    // Lahti's deputy sits directly under the seat it deputises.
    let lahti = table_of(&f.lahti);
    let rows: Vec<&str> = lahti.split("<tr").skip(2).collect();
    assert_eq!(rows.len(), 2, "{lahti}");
    assert_eq!(cells(rows[0]), ["Jäsen", "Kaupunginjohtaja, Lahti", "Lahden kaupunginjohtaja", "1.6.2025–31.5.2029"]);
    assert!(rows[1].starts_with(" class=\"deputy\""), "{}", rows[1]);
    assert_eq!(cells(rows[1])[..3], ["Varajäsen", "Henkilökohtainen paikka", "Lahden apulaiskaupunginjohtaja"]);
    let hollola = table_of(&f.hollola);
    assert_eq!(cells(row(&hollola, "Hollolan kunnanjohtaja"))[0], "Jäsen");
    assert_lacks(&hollola, "apulaiskaupunginjohtaja");

    // Anonymous visitors get no edit links.
    assert_lacks(&html, "/edit/");
});

page_test!(an_unknown_forum_is_a_finnish_404_page, backend => {
    let (app, f) = start(backend).await;
    let client = visitor();
    let paths = [
        format!("/forums/{}", f.managers.id + 10_000),
        "/parties/999999".into(),
        "/posts/999999/vcard".into(),
        "/regions/99".into(),
        "/no/such/page".into(),
    ];
    for path in paths {
        let (status, headers, html) = get(&client, &app.url(&path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(header_text(&headers, "content-type").starts_with("text/html"), "{path}");
        assert_contains(&html, "<html lang=\"fi\">");
        assert_contains(&html, "<h1>Sivua ei löytynyt</h1>");
        assert_contains(&html, "Hakemaasi sivua ei löytynyt.");
    }
    // The API keeps its own answer for unknown addresses.
    let (status, headers, _) = get(&client, &app.url("/api/v1/no-such-thing")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!header_text(&headers, "content-type").starts_with("text/html"), "{headers:?}");
    // In the visitor's language, too.
    let (status, _, html) = get(&client, &app.url("/forums/999999?lang=en")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_contains(&html, "<h1>Page not found</h1>");
});

// ---- a party ------------------------------------------------------------------------

page_test!(the_party_page_shows_seats_in_every_forum_posts_and_people, backend => {
    let (app, f) = start(backend).await;
    let (status, _, html) = get(&visitor(), &app.url(&format!("/parties/{}", f.lahti.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h1>Lahti</h1>");
    assert_eq!(fact(&html, "Tyyppi"), "Kunta");
    assert_eq!(fact(&html, "Tunnus"), "398");
    assert_eq!(fact(&html, "Allekirjoittanut yhteistyöpöytäkirjan"), "Kyllä");
    assert_eq!(fact(&html, "Kuuluminen alueeseen"), "07 1.1.1997 alkaen");

    // Seats in every forum, the deputy seat included.
    let seats = after(&html, "<h2>Jäsenpaikat foorumeissa</h2>", "</table>");
    let rows: Vec<Vec<String>> = seats.split("<tr").skip(2).map(cells).collect();
    assert!(
        rows.contains(&vec![
            "Kuntajohtajakokous".into(),
            "Jäsen".into(),
            "Kaupunginjohtaja, Lahti".into(),
            "Lahden kaupunginjohtaja".into(),
            "1.6.2025–31.5.2029".into()
        ]),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r[0] == "Kuntajohtajakokous" && r[1] == "Varajäsen" && r[3] == "Lahden apulaiskaupunginjohtaja"),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r[0] == "Päijät-Hämeen turvallisuusfoorumi (PHTURVA)" && r[1] == "Jäsen"), "{rows:?}");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_contains(seats, &format!("<a href=\"/forums/{}\">Kuntajohtajakokous</a>", f.managers.id));

    // Posts with their current holder, or vacant; each with its vCard.
    let posts = after(&html, "<h2>Tehtävät</h2>", "</table>");
    let manager = cells(row(posts, "<td>Kaupunginjohtaja</td>"));
    assert_eq!(manager[..3], ["Kaupunginjohtaja", "Lahden kaupunginjohtaja", "1.1.2020"]);
    assert_contains(posts, &format!("href=\"/posts/{}/vcard\"", f.lahti_manager.id));
    assert_eq!(cells(row(posts, "<td>Sivistysjohtaja</td>"))[..2], ["Sivistysjohtaja", "Avoinna"]);

    // People, with public contact details only.
    let people = after(&html, "<h2>Henkilöt</h2>", "</ul>");
    assert_contains(people, "<strong>Lahden kaupunginjohtaja</strong>");
    assert_contains(people, "<strong>Lahden apulaiskaupunginjohtaja</strong>");
    assert_contains(people, &format!("Sähköposti: {PUBLIC_EMAIL}"));
    assert_lacks(&html, PRIVATE_EMAIL);
    assert_lacks(&html, PRIVATE_PHONE);
    assert_lacks(people, "Hollolan");
});

page_test!(the_vcard_of_a_post_names_its_holder_and_hides_private_details_from_the_public, backend => {
    let (app, f) = start(backend).await;
    let response = visitor().get(app.url(&format!("/posts/{}/vcard", f.lahti_manager.id))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_text(response.headers(), "content-type").starts_with("text/vcard"), "{:?}", response.headers());
    assert!(header_text(response.headers(), "content-disposition").starts_with("attachment"));
    let card = response.text().await.unwrap();
    let lines: Vec<&str> = card.split("\r\n").collect();
    assert_eq!(lines[0], "BEGIN:VCARD");
    assert!(lines.contains(&"VERSION:4.0"), "{card}");
    assert!(lines.contains(&"FN:Lahden kaupunginjohtaja"), "{card}");
    assert!(lines.contains(&"TITLE:Kaupunginjohtaja"), "{card}");
    assert!(lines.contains(&"ORG:Lahti"), "{card}");
    assert!(lines.contains(&format!("EMAIL;TYPE=work:{PUBLIC_EMAIL}").as_str()), "{card}");
    assert!(!card.contains(PRIVATE_EMAIL), "{card}");
    assert!(!card.contains("TEL"), "{card}");
    assert_eq!(lines.iter().rev().find(|l| !l.is_empty()), Some(&"END:VCARD"));

    // A vacant post: the card names the post itself.
    let (status, _, card) = get(&visitor(), &app.url(&format!("/posts/{}/vcard", f.vacant_post.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(card.contains("FN:Sivistysjohtaja\r\n"), "{card}");
    assert!(!card.contains("EMAIL"), "{card}");
    // In Swedish, the Swedish title and organisation.
    let (_, _, card) = get(&visitor(), &app.url(&format!("/posts/{}/vcard?lang=sv", f.lahti_manager.id))).await;
    assert!(card.contains("TITLE:Kaupunginjohtaja (sv)\r\n") && card.contains("ORG:Lahtis\r\n"), "{card}");
});

// ---- contact details by role --------------------------------------------------------

page_test!(contact_details_that_are_not_public_are_shown_only_to_signed_in_users_with_a_role, backend => {
    let (app, f) = start(backend).await;
    // A member through the post their person holds, a region administrator, and an
    // account with no role at all.
    user(&app.store, "kaupunginjohtaja@lahti.example.org", "Lahden kaupunginjohtaja", Some(f.lahti_person.id), vec![]).await;
    region_admin(&app.store, &f).await;
    user(&app.store, "vierailija@example.org", "Vierailija", None, vec![]).await;
    let directory = app.url("/regions/07/directory");
    let vcard = app.url(&format!("/posts/{}/vcard", f.lahti_manager.id));
    let party = app.url(&format!("/parties/{}", f.lahti.id));

    // The public.
    let anonymous = visitor();
    let (status, _, html) = get(&anonymous, &directory).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Kirjautuneet käyttäjät näkevät myös muut kuin julkiset yhteystiedot.");
    let entry = row(&html, "<td>Kaupunginjohtaja</td>");
    assert_eq!(cells(entry)[1], "Lahden kaupunginjohtaja");
    assert_contains(entry, &format!("Sähköposti: {PUBLIC_EMAIL}"));
    assert_contains(entry, &format!("<a href=\"/forums/{}\">Kuntajohtajakokous</a> (Jäsen)", f.managers.id));
    assert_lacks(&html, PRIVATE_EMAIL);
    assert_lacks(&html, PRIVATE_PHONE);
    assert_eq!(cells(row(&html, "<td>Sivistysjohtaja</td>"))[1], "Avoinna");
    let (_, _, card) = get(&anonymous, &vcard).await;
    assert!(!card.contains(PRIVATE_EMAIL), "{card}");

    // Signed in without a role: still only public details.
    let visitor = sign_in(&app, "vierailija@example.org").await;
    let (_, _, html) = get(&visitor, &directory).await;
    assert_contains(&html, "Vierailija");
    assert_contains(&html, PUBLIC_EMAIL);
    assert_lacks(&html, PRIVATE_EMAIL);
    let (_, _, card) = get(&visitor, &vcard).await;
    assert!(!card.contains(PRIVATE_EMAIL), "{card}");

    // A member and an administrator see every detail, in the directory, the party
    // page and the vCard.
    for email in ["kaupunginjohtaja@lahti.example.org", "hallinto@liitto.example.org"] {
        let client = sign_in(&app, email).await;
        let (_, _, html) = get(&client, &directory).await;
        assert_lacks(&html, "Kirjautuneet käyttäjät näkevät myös");
        let entry = row(&html, "<td>Kaupunginjohtaja</td>");
        assert_contains(entry, &format!("Sähköposti: {PRIVATE_EMAIL}"));
        assert_contains(entry, &format!("Puhelin: {PRIVATE_PHONE}"));
        let (_, _, html) = get(&client, &party).await;
        assert_contains(&html, PRIVATE_EMAIL);
        let (_, _, card) = get(&client, &vcard).await;
        assert!(card.contains(&format!("EMAIL;TYPE=work:{PRIVATE_EMAIL}\r\n")), "{email}: {card}");
        assert!(card.contains("TEL;TYPE=work,voice;VALUE=uri:tel:+358401234567\r\n"), "{email}: {card}");
    }

    // And the public still does not, after all that (no cached copy leaks).
    let (_, _, html) = get(&anonymous, &directory).await;
    assert_lacks(&html, PRIVATE_EMAIL);
    let (_, _, card) = get(&anonymous, &vcard).await;
    assert!(!card.contains(PRIVATE_EMAIL), "{card}");
});

// ---- languages ----------------------------------------------------------------------

page_test!(pages_come_in_finnish_swedish_and_english, backend => {
    let (app, f) = start(backend).await;
    let forum = app.url(&format!("/forums/{}", f.managers.id));

    // Finnish by default.
    let (_, _, html) = get(&visitor(), &forum).await;
    assert_contains(&html, "<html lang=\"fi\">");
    assert_contains(&html, MANAGERS_CADENCE);

    // ?lang=sv: Swedish, and the choice is remembered in a cookie.
    let browser = client();
    let (status, headers, html) = get(&browser, &format!("{forum}?lang=sv")).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<html lang=\"sv\">");
    assert_contains(&html, "<h1>Kommundirektörsmötet</h1>");
    assert_contains(&html, "Månadsvis, andra tisdag i månaden, inte i juli");
    assert_contains(&html, "Logga in");
    assert_lacks(&html, "Kirjaudu sisään");
    let cookie = set_cookie(&headers, "lang").expect("a lang cookie");
    assert_eq!(cookie_value(&cookie), "sv");
    assert!(cookie.contains("Path=/"), "{cookie}");
    let (_, _, html) = get(&browser, &app.url("/regions/07")).await;
    assert_contains(&html, "<html lang=\"sv\">");
    assert_contains(&html, "<h1>Päijänne-Tavastland</h1>");
    assert_contains(&html, "Strategisk nivå");
    // The language links keep the page and switch the language.
    assert_contains(&html, "href=\"/regions/07?lang=en\"");

    // Accept-Language: English.
    let response = visitor().get(&forum).header("accept-language", "en-GB,en;q=0.9,fi;q=0.5").send().await.unwrap();
    let html = response.text().await.unwrap();
    assert_contains(&html, "<html lang=\"en\">");
    assert_contains(&html, "Monthly, second Tuesday of the month, not in July");
    assert_contains(&html, "Sign in");
    // A language the site does not have: Finnish.
    let response = visitor().get(&forum).header("accept-language", "de-DE,de;q=0.9").send().await.unwrap();
    assert_contains(&response.text().await.unwrap(), "<html lang=\"fi\">");
    // ?lang= beats the header.
    let response = visitor().get(format!("{forum}?lang=fi")).header("accept-language", "sv").send().await.unwrap();
    assert_contains(&response.text().await.unwrap(), "<html lang=\"fi\">");
});

// ---- signing in ---------------------------------------------------------------------

page_test!(signing_in_checks_csrf_and_password_and_sets_a_safe_session_cookie, backend => {
    let (app, f) = start(backend).await;
    region_admin(&app.store, &f).await;
    let email = "hallinto@liitto.example.org";
    let plain = visitor();
    let login = app.url("/login");

    // The form sets the double-submit cookie and carries the same token.
    let (status, headers, html) = get(&plain, &login).await;
    assert_eq!(status, StatusCode::OK);
    let cookie = set_cookie(&headers, "foorumi_csrf").expect("a CSRF cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite="), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let token = cookie_value(&cookie).to_owned();
    assert_eq!(token.len(), 64);
    assert_eq!(csrf_of(&html), token);
    assert_contains(&html, "<meta name=\"robots\" content=\"noindex\">");
    assert_contains(&html, "<h1>Kirjaudu sisään</h1>");
    let csrf_cookie = format!("foorumi_csrf={token}");

    let post = |form: Vec<(&'static str, String)>, cookie: Option<String>| {
        let mut request = plain.post(&login).form(&form);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        async move { parts(request.send().await.expect("POST /login")).await }
    };
    let good = |csrf: &str, password: &str, next: &str| {
        vec![("csrf", csrf.to_owned()), ("email", email.to_owned()), ("password", password.to_owned()), ("next", next.to_owned())]
    };

    // Without a token, with a forged one, or without the cookie: 403, in Finnish.
    let no_token = vec![("email", email.to_owned()), ("password", PASSWORD.to_owned())];
    let forged = "ab".repeat(32);
    for (what, form, cookie) in [
        ("no token", no_token, Some(csrf_cookie.clone())),
        ("forged token", good(&forged, PASSWORD, "/"), Some(csrf_cookie.clone())),
        ("no cookie", good(&token, PASSWORD, "/"), None),
    ] {
        let (status, headers, html) = post(form, cookie).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
        assert!(set_cookie(&headers, "foorumi_session").is_none(), "{what}");
        assert_contains(&html, "<h1>Lomaketta ei hyväksytty</h1>");
    }

    // A wrong password: 401, the message, the e-mail kept, the password not.
    let (status, headers, html) = post(good(&token, "väärä-salasana-123", "/"), Some(csrf_cookie.clone())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&headers, "foorumi_session").is_none());
    assert_contains(&html, "Sähköposti tai salasana on väärin.");
    assert_eq!(input_value(&html, "email").as_deref(), Some(email));
    assert_lacks(&html, "väärä-salasana-123");
    assert_eq!(csrf_of(&html), token, "the form can be posted again");
    // An unknown account says the same.
    let mut unknown = good(&token, PASSWORD, "/");
    unknown[1].1 = "ei.ole@example.org".into();
    let (status, _, html) = post(unknown, Some(csrf_cookie.clone())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_contains(&html, "Sähköposti tai salasana on väärin.");

    // The right password: 303 back to where the visitor was going, with a session
    // cookie scripts cannot read and other sites do not send.
    let (status, headers, _) = post(good(&token, PASSWORD, "/regions/07/directory"), Some(csrf_cookie.clone())).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/regions/07/directory");
    let session = set_cookie(&headers, "foorumi_session").expect("a session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax") || session.contains("SameSite=Strict"), "{session}");
    assert!(session.contains("Path=/"), "{session}");
    let session_cookie = format!("foorumi_session={}", cookie_value(&session));
    let signed_in = |path: &str| plain.get(app.url(path)).header(header::COOKIE, session_cookie.clone()).send();
    let html = signed_in("/regions/07").await.unwrap().text().await.unwrap();
    assert_contains(&html, "<a class=\"user-name\" href=\"/me\">Alueen pääkäyttäjä</a>");
    assert_contains(&html, "Kirjaudu ulos");
    assert_contains(&html, "href=\"/regions/07/new/party\"");
    // A signed-in visitor asking for the login form is sent on.
    let response = signed_in("/login?next=/regions/07").await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(response.headers()), "/regions/07");

    // Only paths on this site are followed after signing in.
    let (status, headers, _) = post(good(&token, PASSWORD, "//evil.example.org/x"), Some(csrf_cookie.clone())).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/");

    // Signing out needs the session's token, then ends the session.
    let html = signed_in("/regions/07").await.unwrap().text().await.unwrap();
    let session_csrf = csrf_of(&html);
    assert_ne!(session_csrf, token, "a session has its own token");
    let logout =
        |csrf: String| plain.post(app.url("/logout")).header(header::COOKIE, session_cookie.clone()).form(&[("csrf", csrf)]).send();
    assert_eq!(logout(token.clone()).await.unwrap().status(), StatusCode::FORBIDDEN);
    let response = logout(session_csrf).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cleared = set_cookie(response.headers(), "foorumi_session").expect("the session cookie is cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let html = signed_in("/regions/07").await.unwrap().text().await.unwrap();
    assert_contains(&html, "Kirjaudu sisään");
    assert_lacks(&html, "Alueen pääkäyttäjä");
});

page_test!(five_wrong_passwords_throttle_signing_in, backend => {
    let (app, f) = start(backend).await;
    region_admin(&app.store, &f).await;
    let browser = client();
    let (_, _, html) = get(&browser, &app.url("/login")).await;
    let csrf = csrf_of(&html);
    let email = "hallinto@liitto.example.org";
    for attempt in 1..=5 {
        let form = [("csrf", csrf.as_str()), ("email", email), ("password", "väärin-väärin-väärin"), ("next", "/")];
        let (status, _, _) = post_form(&browser, &app.url("/login"), &form).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    // Now even the right password is refused for a while.
    let form = [("csrf", csrf.as_str()), ("email", email), ("password", PASSWORD), ("next", "/")];
    let (status, headers, html) = post_form(&browser, &app.url("/login"), &form).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(set_cookie(&headers, "foorumi_session").is_none());
    assert_contains(&html, "Liian monta epäonnistunutta kirjautumista. Yritä uudelleen 15 minuutin kuluttua.");
    assert_eq!(input_value(&html, "email").as_deref(), Some(email));
});

page_test!(every_anonymous_visitor_gets_a_login_form_of_their_own, backend => {
    let (app, f) = start(backend).await;
    region_admin(&app.store, &f).await;
    // One visitor loads the login page twice (the second time with the cookie)…
    let first = client();
    let (_, _, html) = get(&first, &app.url("/login")).await;
    let first_token = csrf_of(&html);
    let (_, _, html) = get(&first, &app.url("/login")).await;
    assert_eq!(csrf_of(&html), first_token);
    // …then another visitor comes: they must get their own token and cookie, not a
    // cached copy of the first visitor's form.
    let second = client();
    let (status, headers, html) = get(&second, &app.url("/login")).await;
    assert_eq!(status, StatusCode::OK);
    let cookie = set_cookie(&headers, "foorumi_csrf").expect("the second visitor gets a CSRF cookie");
    let second_token = csrf_of(&html);
    assert_eq!(cookie_value(&cookie), second_token);
    assert_ne!(second_token, first_token, "one visitor's token was served to another");
    let form = [("csrf", second_token.as_str()), ("email", "hallinto@liitto.example.org"), ("password", PASSWORD), ("next", "/")];
    let (status, _, body) = post_form(&second, &app.url("/login"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
});

page_test!(cookies_are_marked_secure_when_served_over_tls, backend => {
    let config = foorumi_web::Config { secure_cookies: true, ..foorumi_web::Config::default() };
    let app = TestApp::start_with(store_for(backend).await, config).await;
    let (_, headers, _) = get(&visitor(), &app.url("/login")).await;
    let cookie = set_cookie(&headers, "foorumi_csrf").expect("a CSRF cookie");
    assert!(cookie.contains("; Secure"), "{cookie}");
    let (_, headers, _) = get(&visitor(), &app.url("/privacy?lang=sv")).await;
    assert!(set_cookie(&headers, "lang").expect("a lang cookie").contains("; Secure"));
});

// ---- forms --------------------------------------------------------------------------

async fn party_names(store: &Store, f: &Fixture) -> Vec<String> {
    let register = views::register(store, f.region.id).await.expect("register");
    register.parties.iter().map(|p| p.input.name.fi.clone()).collect()
}

page_test!(forms_are_for_signed_in_users_only, backend => {
    let (app, f) = start(backend).await;
    let anonymous = visitor();
    for path in ["/regions/07/new/party".to_owned(), format!("/edit/party/{}", f.lahti.id)] {
        let (status, headers, _) = get(&anonymous, &app.url(&path)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        let next = location(&headers);
        assert!(next.starts_with("/login?next="), "{path}: {next}");
        assert_eq!(next.replace("%2F", "/"), format!("/login?next={path}"));
    }
    // Posting without a session (and so without its token) is refused, and nothing is
    // written.
    let before = party_names(&app.store, &f).await;
    let zeros = "0".repeat(64);
    let form = [("kind", "municipality"), ("code", "016"), ("name.fi", "Asikkala"), ("csrf", zeros.as_str())];
    let (status, _, html) = post_form(&anonymous, &app.url("/regions/07/new/party"), &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_contains(&html, "<h1>Lomaketta ei hyväksytty</h1>");
    assert_eq!(party_names(&app.store, &f).await, before);
});

page_test!(a_region_administrator_creates_edits_and_deletes_parties_through_the_forms, backend => {
    let (app, f) = start(backend).await;
    region_admin(&app.store, &f).await;
    let browser = sign_in(&app, "hallinto@liitto.example.org").await;
    let new_party = app.url("/regions/07/new/party");

    // The empty form.
    let (status, headers, html) = get(&browser, &new_party).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<meta name=\"robots\" content=\"noindex\">");
    assert_contains(&html, "<h1>Lisää osapuoli</h1>");
    assert_contains(&html, "<label for=\"f-code\">Tunnus</label>");
    assert_contains(&html, "<option value=\"municipality\" selected>Kunta</option>");
    assert_eq!(input_value(&html, "periods.0.region_code").as_deref(), Some("07"));
    assert!(header_text(&headers, "content-security-policy").contains("default-src 'self'"));
    let csrf = csrf_of(&html);

    // A bad municipality code: 422, the error next to the field, what was typed kept.
    let typed_name = "Uusi \"kunta\" <b>";
    let bad = [
        ("csrf", csrf.as_str()),
        ("kind", "municipality"),
        ("code", "16"),
        ("name.fi", typed_name),
        ("name.sv", "Nya kommunen"),
        ("signed_protocol", "1"),
        ("periods.0.region_code", "07"),
        ("periods.0.valid_from", "2025-01-01"),
    ];
    let before = party_names(&app.store, &f).await;
    let (status, _, html) = post_form(&browser, &new_party, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let code_input = after(&html, "<input id=\"f-code\"", ">");
    assert_contains(code_input, "value=\"16\"");
    assert_contains(code_input, "aria-invalid=\"true\"");
    assert_contains(code_input, "aria-describedby=\"f-code-note\"");
    assert_contains(
        &html,
        "<p class=\"field-note\" id=\"f-code-note\"><span class=\"error-text\">Kuntanumero on kolme numeroa, esimerkiksi 016.</span>",
    );
    assert_contains(&html, "<div class=\"error-summary\" role=\"alert\"");
    assert_contains(&html, "<a href=\"#f-code\">Tunnus: Kuntanumero on kolme numeroa, esimerkiksi 016.</a>");
    assert_contains(&html, "<title>Lomakkeessa on virheitä – Lisää osapuoli – Foorumi</title>");
    // Typed values come back, escaped.
    let kept = input_value(&html, "name.fi").expect("the name field");
    assert!(!kept.contains(['<', '>', '"']), "not escaped: {kept}");
    assert_eq!(unescape(&kept), typed_name);
    assert_lacks(&html, typed_name);
    assert_eq!(input_value(&html, "name.sv").as_deref(), Some("Nya kommunen"));
    assert_eq!(input_value(&html, "periods.0.valid_from").as_deref(), Some("2025-01-01"));
    assert_contains(after(&html, "<input id=\"f-signed_protocol\"", ">"), "checked");
    assert_contains(&html, "<meta name=\"robots\" content=\"noindex\">");
    assert_eq!(party_names(&app.store, &f).await, before);

    // In Swedish, the same error in Swedish.
    let (status, _, html) = post_form(&browser, &format!("{new_party}?lang=sv"), &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "<html lang=\"sv\">");
    assert_lacks(&html, "Kuntanumero on kolme numeroa");
    assert_contains(&html, "<span class=\"error-text\">Kommunnumret består av tre siffror, till exempel 016.</span>");
    // Back to Finnish for the rest.
    get(&browser, &app.url("/regions/07?lang=fi")).await;

    // Without the token, or with another: 403 and nothing written.
    let mut good = bad.to_vec();
    good[2].1 = "016";
    good[3].1 = "Asikkala";
    let (status, _, html) = post_form(&browser, &new_party, &good[1..]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_contains(&html, "Lomakkeen tarkiste puuttuu tai on vanhentunut.");
    let forged = "cd".repeat(32);
    let mut forged_form = good.clone();
    forged_form[0].1 = &forged;
    let (status, _, _) = post_form(&browser, &new_party, &forged_form).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(party_names(&app.store, &f).await, before);

    // A valid form: 303 to the region, where the party now is.
    let (status, headers, body) = post_form(&browser, &new_party, &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location(&headers), "/regions/07");
    let (_, _, html) = get(&browser, &app.url("/regions/07")).await;
    assert_eq!(cells(row(&html, ">Asikkala</a>")), ["Asikkala", "Kunta", "016", "Kyllä"]);
    let register = views::register(&app.store, f.region.id).await.unwrap();
    let asikkala = register.parties.iter().find(|p| p.input.name.fi == "Asikkala").expect("Asikkala was created");
    assert_eq!(asikkala.input.code.as_deref(), Some("016"));
    assert_eq!(asikkala.input.region_periods.len(), 1);
    // The same code again: 422 on the code field.
    let (status, _, html) = post_form(&browser, &new_party, &good).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "<span class=\"error-text\">Sama tunnus on jo käytössä.</span>");

    // Editing with a version someone else has since moved on: 422 with the message,
    // what was typed kept; saving again then goes through.
    let edit = app.url(&format!("/edit/party/{}", f.hollola.id));
    let (status, _, html) = get(&browser, &edit).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h1>Muokkaa osapuolta</h1>");
    assert_eq!(input_value(&html, "name.fi").as_deref(), Some("Hollola"));
    let version = input_value(&html, "version").expect("the form carries the version");
    let mut changed = f.hollola.input.clone();
    changed.signed_protocol = false;
    let hollola: Party = records::get(&app.store, f.hollola.id).await.unwrap();
    records::update::<Party>(&app.store, &admin(), &author(), f.hollola.id, hollola.version, changed).await.unwrap();
    let edit_form = |version: &str, name: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.to_owned()),
            ("kind", "municipality".to_owned()),
            ("code", "098".to_owned()),
            ("name.fi", name.to_owned()),
            ("periods.0.region_code", "07".to_owned()),
            ("periods.0.valid_from", "1997-01-01".to_owned()),
        ]
    };
    let response = browser.post(&edit).form(&edit_form(&version, "Hollolan kunta")).send().await.unwrap();
    let (status, _, html) = parts(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "Joku muu on muuttanut tietoa sillä välin. Tarkista tiedot ja tallenna uudelleen.");
    assert_eq!(input_value(&html, "name.fi").as_deref(), Some("Hollolan kunta"));
    let hollola: Party = records::get(&app.store, f.hollola.id).await.unwrap();
    assert_eq!(hollola.input.name.fi, "Hollola", "a stale form wrote");
    let resubmit = input_value(&html, "version").expect("the form still carries a version");
    let response = browser.post(&edit).form(&edit_form(&resubmit, "Hollolan kunta")).send().await.unwrap();
    let (status, headers, html) = parts(response).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "saving again after checking: {html}");
    assert_eq!(location(&headers), "/regions/07");
    let hollola: Party = records::get(&app.store, f.hollola.id).await.unwrap();
    assert_eq!(hollola.input.name.fi, "Hollolan kunta");

    // Deleting a party the register refers to: 409 page, nothing deleted.
    let lahti: Party = records::get(&app.store, f.lahti.id).await.unwrap();
    let delete = app.url(&format!("/delete/party/{}", f.lahti.id));
    let form = [("csrf", csrf.clone()), ("version", lahti.version.to_string())];
    let (status, _, html) = post_form(&browser, &delete, &form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_contains(&html, "<h1>Tieto on käytössä</h1>");
    assert_contains(&html, "Tietoa ei voi poistaa, koska siihen viitataan muualla rekisterissä.");
    assert!(records::get::<Party>(&app.store, f.lahti.id).await.is_ok());
    // Deleting needs the token too.
    let delete_asikkala = app.url(&format!("/delete/party/{}", asikkala.id));
    let asikkala_version = asikkala.version.to_string();
    let (status, _, _) = post_form(&browser, &delete_asikkala, &[("version", asikkala_version.as_str())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // An unreferenced party goes.
    let form = [("csrf", csrf.as_str()), ("version", asikkala_version.as_str())];
    let (status, headers, _) = post_form(&browser, &delete_asikkala, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/regions/07");
    assert!(!party_names(&app.store, &f).await.contains(&"Asikkala".to_owned()));

    // A form for a kind of record that does not exist.
    let (status, _, _) = get(&browser, &app.url("/regions/07/new/nonsense")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A record that does not exist.
    let (status, _, html) = get(&browser, &app.url("/edit/party/999999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_contains(&html, "<h1>Sivua ei löytynyt</h1>");
});

page_test!(a_party_administrator_keeps_their_own_party_only, backend => {
    let (app, f) = start(backend).await;
    let grants = vec![Grant { region_id: f.region.id, party_id: Some(f.lahti.id) }];
    user(&app.store, "henkilosto@lahti.example.org", "Lahden pääkäyttäjä", None, grants).await;
    let browser = sign_in(&app, "henkilosto@lahti.example.org").await;

    // Their party's page offers them the person form.
    let (_, _, html) = get(&browser, &app.url(&format!("/parties/{}", f.lahti.id))).await;
    let new_person = format!("/regions/07/new/person?party_id={}", f.lahti.id);
    assert_contains(&html, &format!("href=\"{new_person}\""));
    let (_, _, other) = get(&browser, &app.url(&format!("/parties/{}", f.hollola.id))).await;
    assert_lacks(&other, "/new/person");

    let (status, _, html) = get(&browser, &app.url(&new_person)).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, &format!("<option value=\"{}\" selected>Lahti</option>", f.lahti.id));
    assert_contains(&html, "Älä kirjaa henkilötunnusta.");
    let csrf = csrf_of(&html);
    let lahti_id = f.lahti.id.to_string();
    let hollola_id = f.hollola.id.to_string();
    let person_form = |name: &'static str, party: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("name", name.to_owned()),
            ("party_id", party.to_owned()),
            ("contacts.0.kind", "email".to_owned()),
            ("contacts.0.value", "koordinaattori@lahti.example.org".to_owned()),
            ("contacts.0.public", "1".to_owned()),
            ("contacts.1.kind", String::new()),
            ("contacts.1.value", String::new()),
        ]
    };
    let url = app.url("/regions/07/new/person");
    let response = browser.post(&url).form(&person_form("Lahden hyvinvointikoordinaattori", &lahti_id)).send().await.unwrap();
    let (status, headers, body) = parts(response).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location(&headers), format!("/parties/{}", f.lahti.id));
    let (_, _, html) = get(&browser, &app.url(&format!("/parties/{}", f.lahti.id))).await;
    assert_contains(&html, "<strong>Lahden hyvinvointikoordinaattori</strong> · Sähköposti: koordinaattori@lahti.example.org");

    // Someone else's party: 403, nothing written.
    let response = browser.post(&url).form(&person_form("Hollolan hyvinvointikoordinaattori", &hollola_id)).send().await.unwrap();
    let (status, _, html) = parts(response).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_contains(&html, "<h1>Ei käyttöoikeutta</h1>");
    let register = views::register(&app.store, f.region.id).await.unwrap();
    assert!(register.people.iter().any(|p| p.input.name == "Lahden hyvinvointikoordinaattori"));
    assert!(!register.people.iter().any(|p| p.input.name.starts_with("Hollolan hyvinvointi")));
    // Nor may they change the region's parties.
    let (status, _, _) = post_form(
        &browser,
        &app.url("/regions/07/new/party"),
        &[("csrf", csrf.as_str()), ("kind", "municipality"), ("code", "016"), ("name.fi", "Asikkala")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!party_names(&app.store, &f).await.contains(&"Asikkala".to_owned()));
    // A bad e-mail address on their own person: the error on that row.
    let mut bad = person_form("Lahden talousjohtaja", &lahti_id);
    bad[4].1 = "ei-osoite".into();
    let (status, _, html) = parts(browser.post(&url).form(&bad).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_contains(&html, "Sähköpostiosoite on virheellinen.");
    assert_contains(&html, "value=\"ei-osoite\"");
});

// ---- the page cache -----------------------------------------------------------------

page_test!(anonymous_pages_show_a_change_within_the_cache_refresh_time, backend => {
    let (app, f) = start(backend).await;
    let anonymous = visitor();
    let region = app.url("/regions/07");
    let (_, _, html) = get(&anonymous, &region).await;
    assert_lacks(&html, "Orimattila");
    // Served again (now from the cache).
    let (_, _, html) = get(&anonymous, &region).await;
    assert_lacks(&html, "Orimattila");

    create::<Party>(
        &app.store,
        f.region.id,
        party_input(PartyKind::Municipality, Some("560"), "Orimattila", "Orimattila", "Orimattila"),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (status, _, html) = get(&anonymous, &region).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, ">Orimattila</a>");
});

page_test!(signed_in_pages_are_never_served_from_the_cache, backend => {
    let (app, f) = start(backend).await;
    region_admin(&app.store, &f).await;
    let browser = sign_in(&app, "hallinto@liitto.example.org").await;
    let anonymous = visitor();
    let region = app.url("/regions/07");
    let (_, _, cached) = get(&anonymous, &region).await;
    let (_, _, html) = get(&browser, &region).await;
    assert_contains(&html, ">Lahti</a>");
    // The signed-in page is rendered for the user, never the anonymous copy.
    assert_ne!(html, cached);
    assert_contains(&html, "Alueen pääkäyttäjä");
    assert_lacks(&cached, "Alueen pääkäyttäjä");

    // A change through the store shows to a signed-in user at once.
    create::<Party>(&app.store, f.region.id, party_input(PartyKind::Municipality, Some("576"), "Padasjoki", "Padasjoki", "Padasjoki"))
        .await;
    let (_, _, html) = get(&browser, &region).await;
    assert_contains(&html, ">Padasjoki</a>");
});

// ---- headers ------------------------------------------------------------------------

fn assert_security_headers(path: &str, headers: &HeaderMap) {
    let csp = header_text(headers, "content-security-policy");
    assert!(csp.contains("default-src 'self'"), "{path}: CSP {csp:?}");
    assert!(csp.contains("frame-ancestors 'none'"), "{path}: CSP {csp:?}");
    assert!(csp.contains("object-src 'none'"), "{path}: CSP {csp:?}");
    assert!(!csp.contains("unsafe-inline"), "{path}: CSP {csp:?}");
    assert_eq!(header_text(headers, "x-content-type-options"), "nosniff", "{path}");
    assert_eq!(header_text(headers, "x-frame-options"), "DENY", "{path}");
    assert!(!header_text(headers, "referrer-policy").is_empty(), "{path}");
}

page_test!(pages_carry_security_headers_and_private_pages_ask_not_to_be_indexed, backend => {
    let (app, f) = start(backend).await;
    let anonymous = visitor();
    let public = [
        "/regions/07".to_owned(),
        "/regions/07".to_owned(), // the second time from the cache
        format!("/forums/{}", f.strategic.id),
        format!("/parties/{}", f.council.id),
        "/regions/07/directory".to_owned(),
        "/privacy".to_owned(),
        "/accessibility".to_owned(),
    ];
    for path in &public {
        let (status, headers, html) = get(&anonymous, &app.url(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_security_headers(path, &headers);
        assert_lacks(&html, "name=\"robots\"");
    }
    let (status, headers, _) = get(&anonymous, &app.url("/forums/987654")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_security_headers("404", &headers);
    let (_, headers, _) = get(&anonymous, &app.url(&format!("/posts/{}/vcard", f.lahti_manager.id))).await;
    assert_security_headers("vcard", &headers);

    let (status, headers, html) = get(&anonymous, &app.url("/login")).await;
    assert_eq!(status, StatusCode::OK);
    assert_security_headers("/login", &headers);
    assert_contains(&html, "<meta name=\"robots\" content=\"noindex\">");

    region_admin(&app.store, &f).await;
    let browser = sign_in(&app, "hallinto@liitto.example.org").await;
    for path in ["/regions/07/new/party".to_owned(), format!("/edit/forum/{}", f.managers.id), format!("/edit/party/{}", f.lahti.id)] {
        let (status, headers, html) = get(&browser, &app.url(&path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_security_headers(&path, &headers);
        assert_contains(&html, "<meta name=\"robots\" content=\"noindex\">");
    }
});

page_test!(the_edit_form_of_a_forum_shows_its_cadence, backend => {
    let (app, f) = start(backend).await;
    region_admin(&app.store, &f).await;
    let browser = sign_in(&app, "hallinto@liitto.example.org").await;
    let (status, _, html) = get(&browser, &app.url(&format!("/edit/forum/{}", f.managers.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h1>Muokkaa foorumia</h1>");
    assert_eq!(input_value(&html, "name.fi").as_deref(), Some("Kuntajohtajakokous"));
    assert_contains(after(&html, "name=\"cadence.kind\"", "</select>"), "<option value=\"monthly\" selected>");
    assert_contains(after(&html, "name=\"cadence.weekday\"", "</select>"), "<option value=\"2\" selected>tiistai</option>");
    assert_contains(after(&html, "name=\"cadence.week_of_month\"", "</select>"), "<option value=\"2\" selected>toinen</option>");
    assert_contains(after(&html, "<input id=\"f-cadence-excluded-7\"", ">"), "checked");
    assert_lacks(after(&html, "<input id=\"f-cadence-excluded-8\"", ">"), "checked");
    assert_contains(&html, &format!("<option value=\"{}\" selected>Puheenjohtajafoorumi</option>", f.chairs.id));
    assert_contains(&html, "Kuntajohtajat sovittavat yhteen");
});

// ---- audit log and term roll-over ---------------------------------------------------

page_test!(audit_log_page_is_for_region_administrators_and_shows_changes, backend => {
    let (app, f) = start(backend).await;
    let path = app.url("/regions/07/audit");
    let (status, headers, _) = get(&visitor(), &path).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "anonymous visitors are sent to sign in");
    assert!(header_text(&headers, "location").starts_with("/login?next="));

    user(&app.store, "jasen@example.org", "Jäsen", Some(f.lahti_person.id), vec![]).await;
    let member = sign_in(&app, "jasen@example.org").await;
    let (status, _, _) = get(&member, &path).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a member does not see the audit log");

    region_admin(&app.store, &f).await;
    let admin = sign_in(&app, "hallinto@liitto.example.org").await;
    let (status, _, html) = get(&admin, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "Loki on eheä");
    assert_contains(&html, "Osapuoli");
    assert_contains(&html, "<meta name=\"robots\" content=\"noindex\">");

    // A change through a form shows as a change of that record, naming the field.
    let mut input = f.lahti.input.clone();
    input.name.sv = "Lahtis stad".into();
    records::update::<Party>(
        &app.store,
        &admin_actor(&f),
        &Author::system("hallinto@liitto.example.org"),
        f.lahti.id,
        f.lahti.version,
        input,
    )
    .await
    .expect("rename Lahti in Swedish");
    let (_, _, html) = get(&admin, &app.url(&format!("/regions/07/audit?entity=party&id={}", f.lahti.id))).await;
    assert_contains(&html, "Muutos");
    assert_contains(&html, "<td>name</td>");
    assert_lacks(&html, "Lisäys</td><td><a href=\"/regions/07/audit?entity=forum");
});

fn admin_actor(f: &Fixture) -> Actor {
    Actor { region_admin: vec![f.region.id], ..Actor::default() }
}

page_test!(roll_over_copies_seats_to_the_next_term_as_drafts, backend => {
    let (app, f) = start(backend).await;
    let next =
        create::<CouncilTerm>(&app.store, f.region.id, TermInput { start_date: d("2029-06-01"), end_date: d("2033-05-31") }).await;
    region_admin(&app.store, &f).await;
    let admin = sign_in(&app, "hallinto@liitto.example.org").await;
    let (status, _, html) = get(&admin, &app.url("/regions/07/roll-over")).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = csrf_of(&html);
    assert!(html.contains(&format!("<option value=\"{}\" selected>2029–2033</option>", next.id)), "the next term is proposed:\n{html}");

    let current = views::register(&app.store, f.region.id).await.unwrap().terms[0].id.to_string();
    let next_id = next.id.to_string();
    let backwards = [("csrf", csrf.as_str()), ("from_term", next_id.as_str()), ("to_term", current.as_str())];
    let (status, _, html) = post_form(&admin, &app.url("/regions/07/roll-over"), &backwards).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "Uuden kauden on alettava");

    let forwards = [("csrf", csrf.as_str()), ("from_term", current.as_str()), ("to_term", next_id.as_str())];
    let (status, headers, _) = post_form(&admin, &app.url("/regions/07/roll-over"), &forwards).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(header_text(&headers, "location"), "/regions/07");
    let register = views::register(&app.store, f.region.id).await.unwrap();
    let drafts: Vec<&Seat> = register.seats.iter().filter(|s| s.input.term_id == next.id).collect();
    assert!(!drafts.is_empty() && drafts.iter().all(|s| s.input.status == SeatStatus::Draft), "{drafts:?}");

    // Drafts show to editors on the forum page, and not to the public.
    let forum = app.url(&format!("/forums/{}", f.managers.id));
    let (_, _, html) = get(&admin, &forum).await;
    assert_contains(&html, "Seuraavan kauden luonnokset");
    let (_, _, html) = get(&visitor(), &forum).await;
    assert_lacks(&html, "Seuraavan kauden luonnokset");
});

// ---- the year's plan and meetings -------------------------------------------------------

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

/// Generates a year's plan of every forum through the store, as the instance administrator.
async fn generate(store: &Store, f: &Fixture, year: i32) -> PlanOutcome {
    match meetings::generate_plan(store, &admin(), &author(), f.region.id, year, None).await {
        Ok(outcome) => outcome,
        Err(err) => panic!("generate the plan of {year}: {err:?}"),
    }
}

/// A forum's meetings in a year (joint ones included), in date order.
async fn meetings_of(store: &Store, forum: &Forum, year: i32) -> Vec<Meeting> {
    let filters = [("forum_id".to_owned(), forum.id.to_string()), ("year".to_owned(), year.to_string())];
    records::list::<Meeting>(store, Some(forum.region_id), &filters, records::Page::default()).await.expect("list meetings").0
}

const SECRETARY_EMAIL: &str = "kuntayhteistyo@liitto.example.org";

/// Signs in as the municipal managers' meeting's secretary: the council's cooperation
/// manager, whose post holds the secretary's seat.
async fn sign_in_secretary(app: &TestApp, f: &Fixture) -> Client {
    let register = views::register(&app.store, f.region.id).await.unwrap();
    let person = register.people.iter().find(|p| p.input.name == "Liiton kuntayhteistyöpäällikkö").expect("the fixture's secretary");
    user(&app.store, SECRETARY_EMAIL, "Kuntayhteistyöpäällikkö", Some(person.id), vec![]).await;
    sign_in(app, SECRETARY_EMAIL).await
}

/// The Finnish name of a date's weekday, as the pages write it.
fn weekday_fi(date: NaiveDate) -> &'static str {
    ["maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"][date.weekday().num_days_from_monday() as usize]
}

const MONTHS_FI: [&str; 12] = [
    "tammikuu",
    "helmikuu",
    "maaliskuu",
    "huhtikuu",
    "toukokuu",
    "kesäkuu",
    "heinäkuu",
    "elokuu",
    "syyskuu",
    "lokakuu",
    "marraskuu",
    "joulukuu",
];

page_test!(an_administrator_generates_the_year_plan_and_sees_it_month_by_month, backend => {
    let (app, f) = start(backend).await;
    let plan = app.url("/regions/07/plan?year=2026");
    let generate_button = "Luo vuoden kokoukset kokoontumisrytmeistä</button>";

    // The public sees the (empty) plan and no button.
    let anonymous = visitor();
    let (status, _, html) = get(&anonymous, &plan).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h1>Vuosisuunnitelma 2026</h1>");
    assert_contains(&html, "href=\"/regions/07/plan?year=2025\"");
    assert_contains(&html, "href=\"/regions/07/plan?year=2027\"");
    assert_lacks(&html, generate_button);
    assert_lacks(&html, "<form method=\"post\" action=\"/regions/07/plan\"");
    assert_eq!(cells(row(&html, ">Kuntajohtajakokous</a>")), vec![String::new(); 12]);

    // Nor does a party's administrator, who may not generate it either.
    user(&app.store, "hallinto@lahti.example.org", "Lahden pääkäyttäjä", None, vec![Grant { region_id: f.region.id, party_id: Some(f.lahti.id) }])
        .await;
    let party_admin = sign_in(&app, "hallinto@lahti.example.org").await;
    let (status, _, html) = get(&party_admin, &plan).await;
    assert_eq!(status, StatusCode::OK);
    assert_lacks(&html, generate_button);
    let party_csrf = csrf_of(&html);
    let (status, _, _) = post_form(&party_admin, &app.url("/regions/07/plan"), &[("csrf", &party_csrf), ("year", "2026")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    region_admin(&app.store, &f).await;
    let admin = sign_in(&app, "hallinto@liitto.example.org").await;
    let (status, _, html) = get(&admin, &plan).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, generate_button);
    assert_contains(&html, "<input type=\"hidden\" name=\"year\" value=\"2026\">");
    let csrf = csrf_of(&html);

    // Without the page's token, or with another: 403 and nothing planned.
    let (status, _, html) = post_form(&admin, &app.url("/regions/07/plan"), &[("year", "2026")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_contains(&html, "Lomakkeen tarkiste puuttuu tai on vanhentunut.");
    let forged = "ab".repeat(32);
    let (status, _, _) = post_form(&admin, &app.url("/regions/07/plan"), &[("csrf", &forged), ("year", "2026")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(meetings::meetings_of_year(&app.store, f.region.id, 2026).await.unwrap().is_empty());

    // With it: back to the year's plan, which says what was done. Eleven municipal
    // managers' meetings and the chairs' forum's annual one; the strategic forum met in
    // 2025, the others meet as needed.
    let (status, headers, body) = post_form(&admin, &app.url("/regions/07/plan"), &[("csrf", &csrf), ("year", "2026")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location(&headers), "/regions/07/plan?year=2026&created=12&removed=0&kept=0");
    let (status, _, html) = get(&admin, &app.url(location(&headers))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<p class=\"notice\" role=\"status\">Suunnitelma päivitetty: 12 uutta, 0 poistettu, 0 ennallaan.</p>");
    assert_eq!(
        cells(row(&html, ">Kuntajohtajakokous</a>")),
        ["13.1.", "10.2.", "10.3.", "14.4.", "12.5.", "9.6.", "", "11.8.", "8.9.", "13.10.", "10.11.", "8.12."]
    );
    assert_eq!(cells(row(&html, ">Puheenjohtajafoorumi</a>")), ["", "2.2.", "", "", "", "", "", "", "", "", "", ""]);
    assert_eq!(cells(row(&html, ">Strateginen foorumi</a>")), vec![String::new(); 12]);
    assert_eq!(cells(row(&html, ">Päijät-Hämeen turvallisuusfoorumi (PHTURVA)</a>")), vec![String::new(); 12]);
    // Each date links to its meeting, titled with its number and time.
    let managers = meetings_of(&app.store, &f.managers, 2026).await;
    let march = meeting_on(&managers, "2026-03-10");
    let link = after(&html, &format!("<a class=\"plan-meeting status-planned\" href=\"/meetings/{}\"", march.id), ">");
    assert_eq!(unescape(link), " title=\"Kuntajohtajakokous 3/2026, 10.3.2026 9.00–11.00 – Suunniteltu\"");
    assert!(managers.iter().all(|m| m.input.generated && (m.input.start_time, m.input.end_time) == (hm("09:00"), hm("11:00"))));

    // Generating again changes nothing, and says so.
    let (status, headers, _) = post_form(&admin, &app.url("/regions/07/plan"), &[("csrf", &csrf), ("year", "2026")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/regions/07/plan?year=2026&created=0&removed=0&kept=12");
    let (_, _, html) = get(&admin, &app.url(location(&headers))).await;
    assert_contains(&html, "Suunnitelma päivitetty: 0 uutta, 0 poistettu, 12 ennallaan.");
    assert_eq!(meetings_of(&app.store, &f.managers, 2026).await, managers);

    // The public sees the plan too, still without the button.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (status, _, html) = get(&anonymous, &plan).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cells(row(&html, ">Kuntajohtajakokous</a>"))[2], "10.3.");
    assert_lacks(&html, generate_button);
    assert_lacks(&html, "Suunnitelma päivitetty");
});

page_test!(a_clash_is_marked_on_the_plan_and_named_on_the_meeting_page, backend => {
    let (app, f) = start(backend).await;
    let r = f.region.id;
    generate(&app.store, &f, 2026).await;
    let plan = app.url("/regions/07/plan?year=2026");
    let (_, _, html) = get(&visitor(), &plan).await;
    assert_contains(&html, "Kukaan ei istu kahdessa kokouksessa samaan aikaan.");
    assert_lacks(&html, " clash\"");

    // Lahti's city manager sits in the managers' meeting and in the safety forum, which
    // meets on the managers' March day at overlapping times, and in April right after.
    let phturva_march = records::create::<Meeting>(&app.store, &admin(), &author(), r, meeting_input(&[&f.phturva], "2026-03-10", "10:00", "12:00"))
        .await
        .unwrap();
    let phturva_april = records::create::<Meeting>(&app.store, &admin(), &author(), r, meeting_input(&[&f.phturva], "2026-04-14", "11:00", "12:00"))
        .await
        .unwrap();
    let managers = meetings_of(&app.store, &f.managers, 2026).await;
    let (managers_march, managers_april) = (meeting_on(&managers, "2026-03-10"), meeting_on(&managers, "2026-04-14"));

    let signed_in = sign_in_secretary(&app, &f).await;
    let (status, _, html) = get(&signed_in, &plan).await;
    assert_eq!(status, StatusCode::OK);
    for (meeting, clash) in [(&managers_march, true), (&phturva_march, true), (&managers_april, false), (&phturva_april, false)] {
        let class = if clash { "plan-meeting status-planned clash" } else { "plan-meeting status-planned" };
        assert_contains(&html, &format!("<a class=\"{class}\" href=\"/meetings/{}\"", meeting.id));
    }
    assert_eq!(html.matches(" clash\"").count(), 2);
    let safety_row = cells(row(&html, ">Päijät-Hämeen turvallisuusfoorumi (PHTURVA)</a>"));
    assert_eq!(safety_row[2], "10.3. ⚠ Päällekkäinen kokous");
    assert_eq!(safety_row[3], "14.4.");
    // Listed under the clashes with the person's name and both meetings.
    assert_lacks(&html, "Kukaan ei istu kahdessa kokouksessa samaan aikaan.");
    let list = after(&html, "<ul class=\"clashes\">", "</ul>");
    assert_eq!(
        unescape(&strip_tags(list)),
        "Lahden kaupunginjohtaja: Kuntajohtajakokous 3/2026, 10.3.2026 9.00–11.00 – \
         Päijät-Hämeen turvallisuusfoorumi (PHTURVA) 1/2026, 10.3.2026 10.00–12.00"
    );
    assert_contains(list, &format!("<a href=\"/meetings/{}\">", managers_march.id));
    assert_contains(list, &format!("<a href=\"/meetings/{}\">", phturva_march.id));

    // Each meeting's page names the clash and links to the other meeting.
    let (_, _, html) = get(&signed_in, &app.url(&format!("/meetings/{}", managers_march.id))).await;
    assert_eq!(fact(&html, "Päällekkäinen kokous"), "Lahden kaupunginjohtaja");
    assert_contains(&html, &format!("<dt>Päällekkäinen kokous</dt><dd><a href=\"/meetings/{}\">Lahden kaupunginjohtaja</a>", phturva_march.id));
    let (_, _, html) = get(&signed_in, &app.url(&format!("/meetings/{}", phturva_april.id))).await;
    assert_lacks(&html, "Päällekkäinen kokous");
});

page_test!(the_meeting_page_shows_when_where_and_who_and_editors_the_edit_link, backend => {
    let (app, f) = start(backend).await;
    let r = f.region.id;
    generate(&app.store, &f, 2026).await;
    let march = meeting_on(&meetings_of(&app.store, &f.managers, 2026).await, "2026-03-10");
    let march = edit_meeting(&app.store, &march, |m| {
        m.place = "Lahden kaupungintalo, Harjukatu 31".into();
        m.online_url = "https://kokous.example.org/kuntajohtajat".into();
    })
    .await;
    let mut joint_input = meeting_input(&[&f.managers, &f.phturva], "2026-09-22", "12:30", "14:00");
    joint_input.kind = MeetingKind::Electronic;
    joint_input.online_url = "https://kokous.example.org/yhteinen".into();
    let joint = records::create::<Meeting>(&app.store, &admin(), &author(), r, joint_input).await.unwrap();

    let anonymous = visitor();
    let page = app.url(&format!("/meetings/{}", march.id));
    let (status, _, html) = get(&anonymous, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h1>Kuntajohtajakokous 3/2026</h1>");
    assert_contains(&html, "<a href=\"/regions/07/plan?year=2026\">Vuosisuunnitelma 2026</a>");
    assert_eq!(fact(&html, "Päivämäärä"), "tiistai 10.3.2026");
    assert_eq!(fact(&html, "Aika"), "9.00–11.00");
    assert_eq!(fact(&html, "Kokouksen laji"), "Kokous");
    assert_eq!(fact(&html, "Tila"), "Suunniteltu");
    assert_eq!(fact(&html, "Paikka"), "Lahden kaupungintalo, Harjukatu 31");
    // The online link is for the invited, not the public.
    assert_lacks(&html, "kokous.example.org");
    assert_contains(&html, &format!("<dt>Foorumi</dt><dd><a href=\"/forums/{}\">Kuntajohtajakokous</a></dd>", f.managers.id));
    assert_lacks(&html, "Peruutuksen syy");
    // Who takes part: the forum's seats on the day, by party, deputies included.
    let participants = &html[html.find("<h2>Osallistujat</h2>").expect("the participants")..];
    for name in [
        "Maakuntajohtaja",
        "Liiton kuntayhteistyöpäällikkö",
        "Lahden kaupunginjohtaja",
        "Lahden apulaiskaupunginjohtaja",
        "Hollolan kunnanjohtaja",
        "Hyvinvointialuejohtaja",
    ] {
        assert_contains(participants, name);
    }
    assert_contains(participants, ">Päijät-Hämeen liitto</a></caption>");
    assert_contains(participants, ">Lahti</a></caption>");
    assert_lacks(&html, "/edit/meeting/");
    assert_lacks(&html, "Muokkaa kokousta");

    // A joint meeting shows every forum; the convening one numbers it.
    let (status, _, html) = get(&anonymous, &app.url(&format!("/meetings/{}", joint.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h1>Kuntajohtajakokous 9/2026</h1>");
    assert_eq!(fact(&html, "Päivämäärä"), "tiistai 22.9.2026");
    assert_eq!(fact(&html, "Aika"), "12.30–14.00");
    assert_eq!(fact(&html, "Kokouksen laji"), "Sähköinen kokous");
    assert_contains(&html, &format!("<dt>Foorumi</dt><dd><a href=\"/forums/{}\">Kuntajohtajakokous</a></dd>", f.managers.id));
    assert_contains(
        &html,
        &format!("<dt>Foorumi</dt><dd><a href=\"/forums/{}\">Päijät-Hämeen turvallisuusfoorumi (PHTURVA)</a></dd>", f.phturva.id),
    );
    assert_lacks(&html, "<dt>Paikka</dt>");

    // A member sees no edit link; the forum's secretary and the region's administrator do.
    let edit_link = format!("<a class=\"button secondary\" href=\"/edit/meeting/{}\">Muokkaa kokousta</a>", march.id);
    user(&app.store, "jasen@example.org", "Jäsen", Some(f.lahti_person.id), vec![]).await;
    let member = sign_in(&app, "jasen@example.org").await;
    let (_, _, html) = get(&member, &page).await;
    assert_lacks(&html, "/edit/meeting/");
    // …but, invited, sees the online link.
    assert_contains(
        &html,
        "<dt>Etäyhteys</dt><dd><a href=\"https://kokous.example.org/kuntajohtajat\">https://kokous.example.org/kuntajohtajat</a></dd>",
    );
    let secretary = sign_in_secretary(&app, &f).await;
    let (_, _, html) = get(&secretary, &page).await;
    assert_contains(&html, &edit_link);
    region_admin(&app.store, &f).await;
    let admin = sign_in(&app, "hallinto@liitto.example.org").await;
    let (_, _, html) = get(&admin, &page).await;
    assert_contains(&html, &edit_link);

    let (status, _, html) = get(&anonymous, &app.url("/meetings/999999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_contains(&html, "<h1>Sivua ei löytynyt</h1>");
});

page_test!(a_secretary_cancels_a_meeting_through_the_form_only_with_a_reason, backend => {
    let (app, f) = start(backend).await;
    generate(&app.store, &f, 2026).await;
    let march = meeting_on(&meetings_of(&app.store, &f.managers, 2026).await, "2026-03-10");
    let browser = sign_in_secretary(&app, &f).await;
    let edit = app.url(&format!("/edit/meeting/{}", march.id));
    let (status, _, html) = get(&browser, &edit).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h1>Muokkaa kokousta</h1>");
    assert_contains(after(&html, "name=\"forum_id\"", "</select>"), &format!("<option value=\"{}\" selected>Kuntajohtajakokous</option>", f.managers.id));
    assert_eq!(input_value(&html, "date").as_deref(), Some("2026-03-10"));
    assert_eq!(input_value(&html, "start_time").as_deref(), Some("09:00"));
    assert_eq!(input_value(&html, "end_time").as_deref(), Some("11:00"));
    assert_contains(after(&html, "name=\"status\"", "</select>"), "<option value=\"planned\" selected>Suunniteltu</option>");
    assert_lacks(after(&html, &format!("<input id=\"f-joint-{}\"", f.phturva.id), ">"), "checked");
    let csrf = csrf_of(&html);
    let version = input_value(&html, "version").expect("the form carries the version");
    let joint_field = format!("joint.{}", f.phturva.id);
    let managers_id = f.managers.id.to_string();
    let form = |status: &'static str, end: &'static str, reason: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.clone()),
            ("forum_id", managers_id.clone()),
            (joint_field.as_str(), "1".to_owned()),
            ("date", "2026-03-10".to_owned()),
            ("start_time", "09:00".to_owned()),
            ("end_time", end.to_owned()),
            ("place", "Lahden kaupungintalo".to_owned()),
            ("online_url", String::new()),
            ("kind", "meeting".to_owned()),
            ("status", status.to_owned()),
            ("cancel_reason", reason.to_owned()),
        ]
    };

    // Cancelled without a reason: 422, the error next to the field, what was typed kept.
    let (status, _, html) = parts(browser.post(&edit).form(&form("cancelled", "11:00", "")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "<p class=\"field-note\" id=\"f-cancel_reason-note\"><span class=\"error-text\">Kerro peruutuksen syy.</span>");
    assert_contains(after(&html, "<textarea id=\"f-cancel_reason\"", ">"), "aria-invalid=\"true\"");
    assert_contains(&html, "<a href=\"#f-cancel_reason\">Peruutuksen syy: Kerro peruutuksen syy.</a>");
    assert_eq!(input_value(&html, "place").as_deref(), Some("Lahden kaupungintalo"));
    assert_contains(after(&html, "name=\"status\"", "</select>"), "<option value=\"cancelled\" selected>Peruttu</option>");
    assert_contains(after(&html, &format!("<input id=\"f-joint-{}\"", f.phturva.id), ">"), "checked");
    assert_eq!(records::get::<Meeting>(&app.store, march.id).await.unwrap(), march, "a refused form wrote");
    // Ending before it starts: the error at the end time.
    let (status, _, html) = parts(browser.post(&edit).form(&form("planned", "08:00", "")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(after(&html, "<input id=\"f-end_time\"", ">"), "aria-invalid=\"true\"");
    assert_contains(after(&html, "<input id=\"f-end_time\"", ">"), "value=\"08:00\"");
    assert_contains(&html, "<p class=\"field-note\" id=\"f-end_time-note\"><span class=\"error-text\">");
    assert_eq!(records::get::<Meeting>(&app.store, march.id).await.unwrap(), march);

    // With a reason: back to the forum, and the meeting shows as cancelled.
    let (status, headers, html) =
        parts(browser.post(&edit).form(&form("cancelled", "11:00", "Ei käsiteltäviä asioita")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(location(&headers), format!("/forums/{}", f.managers.id));
    let saved: Meeting = records::get(&app.store, march.id).await.unwrap();
    assert_eq!((saved.input.status, saved.input.cancel_reason.as_str()), (MeetingStatus::Cancelled, "Ei käsiteltäviä asioita"));
    assert_eq!(saved.input.forum_ids, [f.managers.id, f.phturva.id]);
    assert!(!saved.input.generated, "an edited meeting is the secretary's");
    let (status, _, html) = get(&browser, &app.url(&format!("/meetings/{}", march.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fact(&html, "Tila"), "Peruttu");
    assert_eq!(fact(&html, "Peruutuksen syy"), "Ei käsiteltäviä asioita");
    assert_contains(&html, "<h1>Kuntajohtajakokous</h1>");

    // Regenerating leaves it be, and plans no other March meeting; the plan shows it
    // cancelled. Being joint, it is kept for PHTURVA too (13 = the managers' 12 + 1).
    assert_eq!(generate(&app.store, &f, 2026).await, PlanOutcome { created: 0, removed: 0, kept: 13 });
    let (_, _, html) = get(&browser, &app.url("/regions/07/plan?year=2026")).await;
    assert_eq!(cells(row(&html, ">Kuntajohtajakokous</a>"))[2], "10.3. Peruttu");
    assert_contains(&html, &format!("<a class=\"plan-meeting status-cancelled\" href=\"/meetings/{}\"", march.id));

    // The secretary adds a meeting of their forum through the form, not one of another forum.
    let new_meeting = app.url(&format!("/regions/07/new/meeting?forum_id={}", f.managers.id));
    let (status, _, html) = get(&browser, &new_meeting).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h1>Lisää kokous</h1>");
    assert_eq!(input_value(&html, "start_time").as_deref(), Some("09:00"));
    assert_eq!(input_value(&html, "end_time").as_deref(), Some("11:00"));
    let create = |forum_id: Id| {
        vec![
            ("csrf", csrf.clone()),
            ("forum_id", forum_id.to_string()),
            ("date", "2026-03-24".to_owned()),
            ("start_time", "13:00".to_owned()),
            ("end_time", "15:00".to_owned()),
            ("place", String::new()),
            ("online_url", String::new()),
            ("kind", "meeting".to_owned()),
            ("status", "planned".to_owned()),
            ("cancel_reason", String::new()),
        ]
    };
    let (status, headers, html) = parts(browser.post(app.url("/regions/07/new/meeting")).form(&create(f.managers.id)).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(location(&headers), format!("/forums/{}", f.managers.id));
    let march_meetings: Vec<Meeting> =
        meetings_of(&app.store, &f.managers, 2026).await.into_iter().filter(|m| m.input.date.month() == 3).collect();
    assert_eq!(march_meetings.len(), 2);
    assert_eq!((march_meetings[1].input.date, march_meetings[1].input.generated), (d("2026-03-24"), false));
    let (status, _, _) = parts(browser.post(app.url("/regions/07/new/meeting")).form(&create(f.phturva.id)).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(meetings_of(&app.store, &f.phturva, 2026).await.iter().all(|m| m.id == march.id));
});

page_test!(the_forum_page_lists_the_years_meetings_with_numbers_and_the_duties, backend => {
    let (app, f) = start(backend).await;
    let today = foorumi_store::today();
    let year = today.year();
    let term = views::register(&app.store, f.region.id).await.unwrap().terms[0].input.clone();
    generate(&app.store, &f, year).await;
    // The year's first meeting, if it has passed, was held.
    let mut meetings = meetings_of(&app.store, &f.managers, year).await;
    if let Some(first) = meetings.first_mut().filter(|m| m.input.date < today) {
        *first = edit_meeting(&app.store, first, |m| m.status = MeetingStatus::Held).await;
    }

    let (status, _, html) = get(&visitor(), &app.url(&format!("/forums/{}", f.managers.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, &format!("<h2 id=\"meetings\">Kokoukset {year}</h2>"));
    if meetings.is_empty() {
        assert_contains(&html, "Foorumilla ei ole tänä vuonna kokouksia.");
    }
    for (n, meeting) in meetings.iter().enumerate() {
        let date = meeting.input.date;
        let status = if meeting.input.status == MeetingStatus::Held { "Pidetty" } else { "Suunniteltu" };
        assert_eq!(
            cells(row(&html, &format!("<a href=\"/meetings/{}\">", meeting.id))),
            [format!("{}/{year}", n + 1), format!("{} {}.{}.{year}", weekday_fi(date), date.day(), date.month()), "9.00–11.00".into(), status.into()]
        );
    }

    // One duty a month inside the term: met when held, planned when still to come,
    // missing when its day passed unheld, and July is not expected.
    let mut expected = Vec::new();
    for month in 1..=12u32 {
        let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
        let last = first.checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap();
        if last < term.start_date || first > term.end_date {
            continue;
        }
        let in_month: Vec<&Meeting> = meetings.iter().filter(|m| m.input.date.month() == month).collect();
        let status = if month == 7 {
            "ei kokousta"
        } else if in_month.iter().any(|m| m.input.status == MeetingStatus::Held) {
            "pidetty"
        } else if in_month.iter().any(|m| m.input.date >= today) {
            "suunniteltu"
        } else {
            "puuttuu"
        };
        expected.push(format!("{} {year}: {status}", MONTHS_FI[month as usize - 1]));
    }
    if expected.is_empty() {
        assert_lacks(&html, "<h2 id=\"duties\">");
    } else {
        assert_contains(&html, &format!("<h2 id=\"duties\">Velvoitteet {year}</h2>"));
        let duties: Vec<String> = after(&html, "<ul class=\"duties\">", "</ul>").split("<li>").skip(1).map(strip_tags).collect();
        assert_eq!(duties, expected);
    }

    // The chairs' forum's duty is the year's one meeting; the safety forum meets as needed,
    // so it has none.
    let chairs = meetings_of(&app.store, &f.chairs, year).await;
    let (_, _, html) = get(&visitor(), &app.url(&format!("/forums/{}", f.chairs.id))).await;
    if term.start_date.year() <= year && year <= term.end_date.year() {
        let february = NaiveDate::from_ymd_opt(year, 2, 1).unwrap();
        let status = match chairs.first() {
            _ if february < term.start_date || february > term.end_date => "ei kokousta",
            Some(meeting) if meeting.input.date >= today => "suunniteltu",
            _ => "puuttuu",
        };
        let duties: Vec<String> = after(&html, "<ul class=\"duties\">", "</ul>").split("<li>").skip(1).map(strip_tags).collect();
        assert_eq!(duties, [format!("{year}: {status}")]);
    }
    let (_, _, html) = get(&visitor(), &app.url(&format!("/forums/{}", f.phturva.id))).await;
    assert_contains(&html, "Foorumilla ei ole tänä vuonna kokouksia.");
    assert_lacks(&html, "<h2 id=\"duties\">");
});

// ---- my page and private calendar ---------------------------------------------------

page_test!(my_page_lists_my_meetings_and_gives_a_private_calendar_address_that_can_be_revoked, backend => {
    let (app, f) = start(backend).await;
    let year = foorumi_store::today().year();
    meetings::generate_plan(&app.store, &admin(), &author(), f.region.id, year, Some(f.managers.id)).await.expect("plan");
    let upcoming = meetings::meetings_of_forum(&app.store, f.region.id, f.managers.id).await.unwrap();
    let next = upcoming.iter().find(|m| m.input.date >= foorumi_store::today()).cloned();
    // The online link is for the invited: it is in the private feed, never the public one.
    if let Some(next) = &next {
        let input = MeetingInput { online_url: "https://meet.example.org/kuntajohtajat".into(), ..next.input.clone() };
        records::update::<Meeting>(&app.store, &admin(), &author(), next.id, next.version, input).await.unwrap();
    }
    user(&app.store, "lahti@example.org", "Lahden kaupunginjohtaja", Some(f.lahti_person.id), vec![]).await;
    let browser = sign_in(&app, "lahti@example.org").await;
    let (status, headers, html) = get(&browser, &app.url("/me")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_text(&headers, "cache-control"), "no-store");
    if let Some(next) = &next {
        assert_contains(&html, &format!("<a href=\"/meetings/{}\">", next.id));
    }
    assert_lacks(&html, "/calendar/");

    let csrf = csrf_of(&html);
    let (status, _, _) = post_form(&browser, &app.url("/me/calendar"), &[("csrf", "0")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a forged token makes no address");
    let (status, _, html) = post_form(&browser, &app.url("/me/calendar"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::OK);
    let start = html.find("/calendar/").expect("the new address is shown once");
    let path: String = html[start..].chars().take_while(|c| *c != '"').collect();
    assert!(path.ends_with(".ics") && path.len() == "/calendar/".len() + 64 + 4, "{path}");

    let anonymous = visitor();
    let response = anonymous.get(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let ics = response.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), upcoming.len(), "every meeting the person sits in");
    if let Some(next) = &next {
        assert!(ics.replace("\r\n ", "").contains("meet.example.org/kuntajohtajat"), "the private feed has the online link");
        let (_, _, public) = get(&anonymous, &app.url("/regions/07/calendar.ics")).await;
        assert!(!public.replace("\r\n ", "").contains("meet.example.org"), "the public feed has no online link");
        let (_, _, page) = get(&anonymous, &app.url(&format!("/meetings/{}", next.id))).await;
        assert_lacks(&page, "meet.example.org");
        let (_, _, page) = get(&browser, &app.url(&format!("/meetings/{}", next.id))).await;
        assert_contains(&page, "https://meet.example.org/kuntajohtajat");
        let (_, _, json) = get(&anonymous, &app.url(&format!("/api/v1/meetings/{}", next.id))).await;
        assert!(json.contains("\"online_url\":\"\"") && !json.contains("meet.example.org"), "{json}");
    }

    // A new address cancels the old one; revoking cancels it too.
    let (_, _, html) = post_form(&browser, &app.url("/me/calendar"), &[("csrf", csrf.as_str())]).await;
    let start = html.find("/calendar/").expect("a second address");
    let second: String = html[start..].chars().take_while(|c| *c != '"').collect();
    assert_ne!(second, path);
    assert_eq!(anonymous.get(app.url(&path)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let (status, _, _) = post_form(&browser, &app.url("/me/calendar/revoke"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.get(app.url(&second)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
});

// ---- planned attendance -------------------------------------------------------------------

/// The municipal managers' meeting on 10 March 2026, inside the fixture's term, and the
/// seats whose answers its page lists: the chair's, Lahti's (with a deputy) and Hollola's.
struct AttendanceFixture {
    meeting: Meeting,
    chair: Seat,
    lahti: Seat,
    hollola: Seat,
    phturva_lahti: Seat,
}

async fn attendance_fixture(store: &Store, f: &Fixture) -> AttendanceFixture {
    let meeting =
        records::create::<Meeting>(store, &admin(), &author(), f.region.id, meeting_input(&[&f.managers], "2026-03-10", "09:00", "11:00"))
            .await
            .expect("create the March meeting");
    let register = views::register(store, f.region.id).await.unwrap();
    let seat = |forum: &Forum, party: &Party, role: SeatRole| {
        register
            .seats
            .iter()
            .find(|s| s.input.forum_id == forum.id && s.input.party_id == party.id && s.input.role == role)
            .cloned()
            .unwrap_or_else(|| panic!("no {role:?} seat of {} in {}", party.input.name.fi, forum.input.name.fi))
    };
    AttendanceFixture {
        chair: seat(&f.managers, &f.council, SeatRole::Chair),
        lahti: seat(&f.managers, &f.lahti, SeatRole::Member),
        hollola: seat(&f.managers, &f.hollola, SeatRole::Member),
        phturva_lahti: seat(&f.phturva, &f.lahti, SeatRole::Member),
        meeting,
    }
}

/// The attendance section of a meeting page.
fn attendance_section(html: &str) -> &str {
    after(html, "<h2 id=\"attendance\">", "</table>")
}

/// How many answer forms a page holds.
fn answer_forms(html: &str, meeting: &Meeting) -> usize {
    html.matches(&format!("action=\"/meetings/{}/attendance\"", meeting.id)).count()
}

async fn answer(
    client: &Client,
    app: &TestApp,
    meeting: &Meeting,
    csrf: &str,
    seat: &Seat,
    response: &str,
) -> (StatusCode, HeaderMap, String) {
    let seat_id = seat.id.to_string();
    let form = [("csrf", csrf), ("seat_id", seat_id.as_str()), ("response", response)];
    post_form(client, &app.url(&format!("/meetings/{}/attendance", meeting.id)), &form).await
}

async fn answers_of(store: &Store, meeting: &Meeting) -> Vec<(Id, AttendanceResponse)> {
    let mut answers: Vec<_> = meetings::attendance(store, meeting.id).await.expect("attendance").into_iter().collect();
    answers.sort();
    answers
}

page_test!(a_member_answers_for_their_own_seat_on_the_meeting_page_and_no_one_elses, backend => {
    let (app, f) = start(backend).await;
    let a = attendance_fixture(&app.store, &f).await;
    let page = app.url(&format!("/meetings/{}", a.meeting.id));

    // The public sees who takes part, not who plans to come, and may not answer.
    let anonymous = visitor();
    let (status, _, html) = get(&anonymous, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_lacks(&html, "id=\"attendance\"");
    assert_lacks(&html, "Ilmoittautumiset");
    assert_eq!(answer_forms(&html, &a.meeting), 0);
    let (status, _, _) = answer(&anonymous, &app, &a.meeting, "", &a.lahti, "accepted").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Lahti's city manager sits in the Lahti seat through their post.
    user(&app.store, "jasen@example.org", "Lahden kaupunginjohtaja", Some(f.lahti_person.id), vec![]).await;
    let member = sign_in(&app, "jasen@example.org").await;
    let (status, _, html) = get(&member, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_contains(&html, "<h2 id=\"attendance\">Ilmoittautumiset</h2>");
    let section = attendance_section(&html);
    // Members, the chair and vice-chairs answer; not the secretary, deputies or guests.
    for name in ["Maakuntajohtaja", "Lahden kaupunginjohtaja", "Hollolan kunnanjohtaja"] {
        assert_contains(section, name);
    }
    for name in ["Liiton kuntayhteistyöpäällikkö", "Lahden apulaiskaupunginjohtaja", "Hyvinvointialuejohtaja"] {
        assert_lacks(section, name);
    }
    assert_eq!(answer_forms(section, &a.meeting), 1, "a form on the member's own row only");
    let own = row(section, "Lahden kaupunginjohtaja");
    assert_contains(own, &format!("name=\"seat_id\" value=\"{}\"", a.lahti.id));
    assert_contains(own, "<option value=\"\" selected>Ei vastausta</option>");
    assert_contains(own, "<option value=\"deputy_attends\">Varajäsen osallistuu</option>");
    for name in ["Maakuntajohtaja", "Hollolan kunnanjohtaja"] {
        let other = row(section, name);
        assert_lacks(other, "<form");
        assert_eq!(cells(other).last().map(String::as_str), Some("Ei vastausta"), "{other}");
    }
    let csrf = csrf_of(&html);

    // A forged token is refused and nothing is written.
    let (status, _, _) = answer(&member, &app, &a.meeting, &"0".repeat(64), &a.lahti, "accepted").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = answer(&member, &app, &a.meeting, "", &a.lahti, "accepted").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(answers_of(&app.store, &a.meeting).await.is_empty());

    // Their own answer: back to the section, which shows it.
    let (status, headers, body) = answer(&member, &app, &a.meeting, &csrf, &a.lahti, "accepted").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location(&headers), format!("/meetings/{}#attendance", a.meeting.id));
    assert_eq!(answers_of(&app.store, &a.meeting).await, vec![(a.lahti.id, AttendanceResponse::Accepted)]);
    let (_, _, html) = get(&member, &page).await;
    let own = row(attendance_section(&html), "Lahden kaupunginjohtaja");
    assert_contains(own, "<option value=\"accepted\" selected>Osallistuu</option>");
    assert_lacks(own, "<option value=\"\" selected>");

    // Someone else's seat: 403, nothing written; the same for an unknown response.
    for seat in [&a.hollola, &a.chair] {
        for response in ["declined", "", "deputy_attends"] {
            let (status, _, _) = answer(&member, &app, &a.meeting, &csrf, seat, response).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "seat {} {response:?}", seat.id);
        }
    }
    let (status, _, html) = answer(&member, &app, &a.meeting, &csrf, &a.lahti, "ehkä").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "Vastausta ei tallennettu");
    // Their own seat in another forum is not in this meeting.
    let (status, _, html) = answer(&member, &app, &a.meeting, &csrf, &a.phturva_lahti, "accepted").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "Vastausta ei tallennettu");
    assert_eq!(answers_of(&app.store, &a.meeting).await, vec![(a.lahti.id, AttendanceResponse::Accepted)]);

    // Another member of the forum sees the answer, but no form on Lahti's row.
    let register = views::register(&app.store, f.region.id).await.unwrap();
    let hollola_person = register.people.iter().find(|p| p.input.name == "Hollolan kunnanjohtaja").expect("Hollola's manager");
    user(&app.store, "hollola@example.org", "Hollolan kunnanjohtaja", Some(hollola_person.id), vec![]).await;
    let other = sign_in(&app, "hollola@example.org").await;
    let (_, _, html) = get(&other, &page).await;
    let section = attendance_section(&html);
    assert_eq!(answer_forms(section, &a.meeting), 1);
    let lahti_row = row(section, "Lahden kaupunginjohtaja");
    assert_lacks(lahti_row, "<form");
    assert_eq!(cells(lahti_row).last().map(String::as_str), Some("Osallistuu"));
    let own = row(section, "Hollolan kunnanjohtaja");
    assert_contains(own, &format!("name=\"seat_id\" value=\"{}\"", a.hollola.id));
    assert_lacks(own, "deputy_attends");

    // The deputy goes instead; then the member clears the answer.
    let (status, _, _) = answer(&member, &app, &a.meeting, &csrf, &a.lahti, "deputy_attends").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, html) = get(&other, &page).await;
    assert_eq!(cells(row(attendance_section(&html), "Lahden kaupunginjohtaja")).last().map(String::as_str), Some("Varajäsen osallistuu"));
    let (status, _, _) = answer(&member, &app, &a.meeting, &csrf, &a.lahti, "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(answers_of(&app.store, &a.meeting).await.is_empty());
    let (_, _, html) = get(&other, &page).await;
    assert_eq!(cells(row(attendance_section(&html), "Lahden kaupunginjohtaja")).last().map(String::as_str), Some("Ei vastausta"));
});

page_test!(the_secretary_and_the_region_admin_answer_for_every_seat, backend => {
    let (app, f) = start(backend).await;
    let a = attendance_fixture(&app.store, &f).await;
    let page = app.url(&format!("/meetings/{}", a.meeting.id));

    let secretary = sign_in_secretary(&app, &f).await;
    let (status, _, html) = get(&secretary, &page).await;
    assert_eq!(status, StatusCode::OK);
    let section = attendance_section(&html);
    assert_eq!(answer_forms(section, &a.meeting), 3, "a form on every row");
    for (name, seat) in [("Maakuntajohtaja", &a.chair), ("Lahden kaupunginjohtaja", &a.lahti), ("Hollolan kunnanjohtaja", &a.hollola)] {
        assert_contains(row(section, name), &format!("name=\"seat_id\" value=\"{}\"", seat.id));
    }
    assert_contains(row(section, "Lahden kaupunginjohtaja"), "<option value=\"deputy_attends\">Varajäsen osallistuu</option>");
    assert_lacks(row(section, "Hollolan kunnanjohtaja"), "deputy_attends");
    assert_lacks(row(section, "Maakuntajohtaja"), "deputy_attends");
    let csrf = csrf_of(&html);

    // A deputy for a seat without one: 422, nothing written.
    let (status, _, html) = answer(&secretary, &app, &a.meeting, &csrf, &a.hollola, "deputy_attends").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(&html, "Vastausta ei tallennettu");
    assert!(answers_of(&app.store, &a.meeting).await.is_empty());
    // A forged token: 403.
    let (status, _, _) = answer(&secretary, &app, &a.meeting, &"f".repeat(64), &a.hollola, "declined").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(answers_of(&app.store, &a.meeting).await.is_empty());

    for (seat, response) in [(&a.hollola, "declined"), (&a.chair, "accepted"), (&a.lahti, "deputy_attends")] {
        let (status, headers, body) = answer(&secretary, &app, &a.meeting, &csrf, seat, response).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{response}: {body}");
        assert_eq!(location(&headers), format!("/meetings/{}#attendance", a.meeting.id));
    }
    let (_, _, html) = get(&secretary, &page).await;
    let section = attendance_section(&html);
    assert_contains(row(section, "Hollolan kunnanjohtaja"), "<option value=\"declined\" selected>Ei osallistu</option>");
    assert_contains(row(section, "Maakuntajohtaja"), "<option value=\"accepted\" selected>Osallistuu</option>");
    assert_contains(row(section, "Lahden kaupunginjohtaja"), "<option value=\"deputy_attends\" selected>Varajäsen osallistuu</option>");

    // The region's administrator: forms on every row, and their answers count.
    region_admin(&app.store, &f).await;
    let admin = sign_in(&app, "hallinto@liitto.example.org").await;
    let (status, _, html) = get(&admin, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer_forms(attendance_section(&html), &a.meeting), 3);
    let csrf = csrf_of(&html);
    let (status, _, _) = answer(&admin, &app, &a.meeting, &csrf, &a.hollola, "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = answer(&admin, &app, &a.meeting, &csrf, &a.chair, "declined").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Not for a seat of another forum.
    let (status, _, _) = answer(&admin, &app, &a.meeting, &csrf, &a.phturva_lahti, "accepted").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut expected = vec![(a.chair.id, AttendanceResponse::Declined), (a.lahti.id, AttendanceResponse::DeputyAttends)];
    expected.sort();
    assert_eq!(answers_of(&app.store, &a.meeting).await, expected);
    let (_, _, html) = get(&admin, &page).await;
    assert_contains(row(attendance_section(&html), "Hollolan kunnanjohtaja"), "<option value=\"\" selected>Ei vastausta</option>");
    assert_eq!(
        foorumi_store::audit::verify(&app.store).await.unwrap(),
        foorumi_store::audit::Verdict::Intact { entries: audit_entries(&app.store).await }
    );
});

async fn audit_entries(store: &Store) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log").fetch_one(store.pool()).await.expect("count audit entries")
}
