//! The generic record forms as their keepers rely on them, every test on SQLite
//! (`sqlite::…`) and on a throw-away PostgreSQL (`postgres::…`): a record that links to an
//! agenda item or an indicator offers them by name — items newest meeting first, as
//! "12.3.2026 Puheenjohtajafoorumi § 1 Title", a secret item by its public title only, and
//! only the chairs' forum's items where the record must be that forum's — and the chosen
//! item is stored by its id; a measure ticks the actions agreed in minutes.

use chrono::NaiveDate;
use foorumi_core::*;
use foorumi_store::accounts::NewUser;
use foorumi_store::records;
use foorumi_store::{Store, agendas, indicator_files, indicators};
use foorumi_testkit::fixtures::{
    add_user, admin, author, create, create_paijat_hame, csrf_of, d, forum, item, meeting, municipality, new_user, post_form, sign_in, text,
};
use foorumi_testkit::{TestApp, TestStore, both_backends, store_for};
use reqwest::StatusCode;

const ADMIN: &str = "yllapito@example.org";
const SECRET_TITLE: &str = "Kiinteistö Oy:n osakekaupan hinta";
const SECRET_PUBLIC_TITLE: &str = "Maakunnan kiinteistöasia";

/// Päijät-Häme with Lahti, the chairs' forum meeting on 12 March 2026 (a public item and a
/// secret one, the agenda published so that the items have their numbers), the municipal
/// managers' meeting on 5 February, population in the indicator catalogue, and the
/// administrator's account.
struct Fixture {
    lahti: Party,
    chairs: Forum,
    chairs_item: AgendaItem,
    secret_item: AgendaItem,
    tactical_item: AgendaItem,
}

async fn fixture(store: &Store) -> Fixture {
    let region = create_paijat_hame(store).await;
    let lahti =
        create::<Party>(store, region.id, PartyInput { name: Names::new("Lahti", "Lahtis", "Lahti"), ..municipality("398", "Lahti") })
            .await;
    let chairs = create::<Forum>(store, region.id, forum("Puheenjohtajafoorumi", ForumLevel::Chairs)).await;
    let tactical = create::<Forum>(store, region.id, forum("Kuntajohtajakokous", ForumLevel::Tactical)).await;
    let basis = create::<LegalBasis>(
        store,
        region.id,
        LegalBasisInput { code: "JulkL 24 § 1 mom. 20 k.".into(), name: Names::new("Liike- tai ammattisalaisuus", "", "") },
    )
    .await;
    let march = create::<Meeting>(store, region.id, meeting(&chairs, "2026-03-12")).await;
    let chairs_item = create::<AgendaItem>(store, region.id, item(&march, "Tilannekuvan vahvistaminen")).await;
    let secret = AgendaItemInput {
        public_title: SECRET_PUBLIC_TITLE.into(),
        publicity: Publicity::Secret,
        legal_basis_id: Some(basis.id),
        ..item(&march, SECRET_TITLE)
    };
    let secret_item = create::<AgendaItem>(store, region.id, secret).await;
    let at = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap().and_hms_opt(12, 0, 0).unwrap();
    agendas::publish(store, &admin(), &author(), march.id, at).await.expect("publish the chairs' agenda");
    let february = create::<Meeting>(store, region.id, meeting(&tactical, "2026-02-05")).await;
    let tactical_item = create::<AgendaItem>(store, region.id, item(&february, "Hyvinvointikertomuksen luonnos")).await;
    let metadata = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/indicators/SotkaIndicators_127.json"))
        .expect("the catalogue file");
    let patches = indicator_files::read_metadata(&metadata).expect("the catalogue");
    indicators::apply_catalogue(store, &admin(), &author(), &patches).await.expect("load the catalogue");
    add_user(store, NewUser { display_name: "Ylläpito".into(), instance_admin: true, ..new_user(ADMIN) }).await;
    let reload = |id| records::get::<AgendaItem>(store, id);
    Fixture {
        lahti,
        chairs,
        chairs_item: reload(chairs_item.id).await.unwrap(),
        secret_item: reload(secret_item.id).await.unwrap(),
        tactical_item: reload(tactical_item.id).await.unwrap(),
    }
}

// ---- a page's form -------------------------------------------------------------------------

/// The `<select name="{name}">…</select>` of a form page.
fn select<'a>(html: &'a str, name: &str) -> &'a str {
    let start = html.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no field {name} in:\n{html}"));
    let rest = &html[start..];
    assert!(html[..start].ends_with(&format!("<select id=\"f-{name}\" ")), "{name} is a select:\n{html}");
    &rest[..rest.find("</select>").unwrap()]
}

fn option(item: &AgendaItem, label: &str) -> String {
    format!("<option value=\"{}\">{label}</option>", item.id)
}

// ---- the forms ------------------------------------------------------------------------------

async fn forms_offer_items_and_indicators_by_name(store: &TestStore) {
    let app = TestApp::start(store_for(store.backend()).await).await;
    let f = fixture(&app.store.store).await;
    let browser = sign_in(&app, ADMIN).await;
    let number = f.chairs_item.number.expect("the published agenda numbers its items");
    let chairs_label = format!("12.3.2026 Puheenjohtajafoorumi § {number} Tilannekuvan vahvistaminen");

    // The new conflict's item: every meeting's items, newest meeting first, the secret
    // item by its public title only.
    let (status, html) = text(&browser, &app.url(&format!("/regions/07/new/conflict?forum_id={}", f.chairs.id))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let items = select(&html, "item_id");
    assert!(items.contains(&option(&f.chairs_item, &chairs_label)), "{items}");
    let secret_number = f.secret_item.number.unwrap();
    assert!(items.contains(&option(&f.secret_item, &format!("12.3.2026 Puheenjohtajafoorumi § {secret_number} {SECRET_PUBLIC_TITLE}"))));
    assert!(!html.contains(SECRET_TITLE), "a secret item's title stays out of the form");
    let tactical = option(&f.tactical_item, "5.2.2026 Kuntajohtajakokous Hyvinvointikertomuksen luonnos");
    assert!(items.contains(&tactical), "{items}");
    assert!(items.find(&chairs_label).unwrap() < items.find("5.2.2026").unwrap(), "the newest meeting first");

    // The item's link takes the public to its published agenda.
    let response = foorumi_testkit::fixtures::client().get(app.url(&format!("/agenda-items/{}", f.chairs_item.id))).send().await.unwrap();
    assert_eq!(foorumi_testkit::fixtures::location(response.headers()), format!("/meetings/{}/agenda", f.chairs_item.input.meeting_id));

    // Posting the choice stores the item's id.
    let csrf = csrf_of(&html);
    let (chairs_id, item_id, party) = (f.chairs.id.to_string(), f.chairs_item.id.to_string(), format!("party.{}", f.lahti.id));
    let form = [
        ("csrf", csrf.as_str()),
        ("title", "Tilannekuvan tulkinta"),
        ("topic_text", "Väestöennuste"),
        ("forum_id", chairs_id.as_str()),
        ("item_id", item_id.as_str()),
        ("raised_on", "2026-03-12"),
        (party.as_str(), "1"),
    ];
    let (status, _, body) = post_form(&browser, &app.url("/regions/07/new/conflict"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let stored: Vec<Option<i64>> = sqlx::query_scalar("SELECT item_id FROM conflicts").fetch_all(app.store.store.pool()).await.unwrap();
    assert_eq!(stored, [Some(f.chairs_item.id)]);
    // The edit form shows it chosen.
    let conflict: i64 = sqlx::query_scalar("SELECT id FROM conflicts").fetch_one(app.store.store.pool()).await.unwrap();
    let (status, edit) = text(&browser, &app.url(&format!("/edit/conflict/{conflict}"))).await;
    assert_eq!(status, StatusCode::OK, "{edit}");
    assert!(select(&edit, "item_id").contains(&format!("<option value=\"{}\" selected>{chairs_label}</option>", f.chairs_item.id)));

    // An assessment of a goal is the chairs' forum's: only its items are offered.
    let (status, html) = text(&browser, &app.url("/regions/07/new/goal-assessment")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let items = select(&html, "item_id");
    assert!(items.contains(&option(&f.chairs_item, &chairs_label)), "{items}");
    assert!(!items.contains("Kuntajohtajakokous"), "{items}");

    // A goal's target chooses its indicator from the catalogue by name.
    let (status, html) = text(&browser, &app.url("/regions/07/new/goal-target")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(select(&html, "indicator_id").contains("<option value=\"127\">Väestö 31.12.</option>"), "{html}");
    let (_, swedish) = text(&browser, &app.url("/regions/07/new/goal-target?lang=sv")).await;
    assert!(select(&swedish, "indicator_id").contains("<option value=\"127\">Befolkning 31.12</option>"));
}

/// A measure links the actions agreed in minutes by ticking them, each by its title, forum
/// and status, not by typing numbers.
async fn a_measure_links_actions_by_ticking_them(store: &TestStore) {
    use foorumi_core::goals::{Goal, GoalInput, Measure, TermLine, TermLineInput};
    let app = TestApp::start(store_for(store.backend()).await).await;
    let db = &app.store.store;
    let f = fixture(db).await;
    let region = f.lahti.region_id;
    let term = create::<CouncilTerm>(db, region, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let line = create::<TermLine>(
        db,
        region,
        TermLineInput { term_id: term.id, position: 0, name: Names::new("Hyvinvointi", "", ""), description: Names::default() },
    )
    .await;
    let goal = create::<Goal>(
        db,
        region,
        GoalInput {
            line_id: line.id,
            position: 0,
            name: Names::new("Liikkuminen lisääntyy", "", ""),
            description: Names::default(),
            decided_item_id: None,
        },
    )
    .await;
    let action = |title: &str, status| ActionInput {
        item_id: f.chairs_item.id,
        title: title.into(),
        owner_party_id: Some(f.lahti.id),
        owner_person_id: None,
        due_date: None,
        status,
        notes: String::new(),
    };
    let open = create::<ActionItem>(db, region, action("Liikuntaneuvonnan malli", ActionStatus::Open)).await;
    let done = create::<ActionItem>(db, region, action("Kuntakyselyn raportti", ActionStatus::Done)).await;
    let browser = sign_in(&app, ADMIN).await;

    let (status, html) = text(&browser, &app.url(&format!("/regions/07/new/measure?goal_id={}", goal.id))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(!html.contains("name=\"action_ids\""), "no typed numbers: {html}");
    for (action, label) in [(&open, "Liikuntaneuvonnan malli (Puheenjohtajafoorumi, Avoin)"), (&done, "Kuntakyselyn raportti")] {
        let id = format!("f-action-{}", action.id);
        assert!(html.contains(&format!("<input id=\"{id}\" name=\"action.{}\" type=\"checkbox\" value=\"1\"", action.id)), "{html}");
        assert!(html.contains(&format!("<label for=\"{id}\" class=\"checkbox-label\">{label}")), "{label} in {html}");
    }

    let csrf = csrf_of(&html);
    let (goal_id, ticked) = (goal.id.to_string(), format!("action.{}", open.id));
    let form = [
        ("csrf", csrf.as_str()),
        ("goal_id", goal_id.as_str()),
        ("description.fi", "Liikuntaneuvonta kaikkiin kuntiin"),
        ("weight", "1"),
        ("progress", "40"),
        (ticked.as_str(), "1"),
    ];
    let (status, _, body) = post_form(&browser, &app.url("/regions/07/new/measure"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM measures").fetch_one(db.pool()).await.unwrap();
    let measure: Measure = records::get(db, id).await.unwrap();
    assert_eq!(measure.input.action_ids, [open.id]);
    // The edit form shows the linked action ticked and the other not.
    let (_, edit) = text(&browser, &app.url(&format!("/edit/measure/{id}"))).await;
    assert!(edit.contains(&format!("name=\"action.{}\" type=\"checkbox\" value=\"1\" checked", open.id)), "{edit}");
    assert!(edit.contains(&format!("name=\"action.{}\" type=\"checkbox\" value=\"1\">", done.id)), "{edit}");
}

both_backends!(forms_offer_items_and_indicators_by_name, a_measure_links_actions_by_ticking_them);
