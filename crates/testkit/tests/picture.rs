//! The situational picture as users rely on it, every test on SQLite (`sqlite::…`) and on
//! a throw-away PostgreSQL (`postgres::…`): the picture's figures follow dated membership
//! (Päijät-Häme 2009: 201 270), a snapshot keeps its figures when values are re-imported
//! and refuses every change (store, database and API), the chairs' forum establishes it
//! once, the comparison names what was added and revised, and the pages show charts, map
//! and tables with the source line, the data year and "ei tietoa".

use std::io::Cursor;

use chrono::{NaiveDate, NaiveTime};
use foorumi_core::indicators::*;
use foorumi_core::permissions::Actor;
use foorumi_core::picture::*;
use foorumi_core::*;
use foorumi_store::accounts::{self, NewUser};
use foorumi_store::audit::Author;
use foorumi_store::indicator_files::{self, Format, IndicatorPatch};
use foorumi_store::indicators::{self, ImportOptions};
use foorumi_store::{Error, Store, picture, records, snapshots};
use foorumi_testkit::{TestApp, TestStore, both_backends, store_for};
use serde_json::Value;

// ---- helpers --------------------------------------------------------------------------

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/indicators/");
const BORDERS: &str = include_str!("../../cli/data/kuntarajat.2023.paijat-hame.json");

fn d(text: &str) -> NaiveDate {
    text.parse().expect("test dates are valid")
}

fn admin() -> Actor {
    Actor { instance_admin: true, ..Actor::default() }
}

fn author() -> Author {
    Author::system("test")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DATA}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

async fn import(store: &Store, text: &str, format: Format, indicator: Option<Id>) {
    let options = ImportOptions { skip_unlisted_regions: true, ..ImportOptions::default() };
    let reader = Cursor::new(text.as_bytes().to_vec());
    indicators::import_file(store, &admin(), &author(), reader, format, indicator, options, &mut |_, _| {}).await.expect("import");
}

/// The region list, the catalogue (127 population, additive; seven health indicators),
/// Päijät-Häme with its dated membership, geofi's population 2000–2022 and Sotkanet's
/// 2009 answer after it (the 2009 division), and the borders — as the demo loads them.
async fn paijat_hame(store: &Store) -> Region {
    let regions = indicator_files::read_regions(&read("SotkaRegions.json")).unwrap();
    indicators::import_areas(store, &admin(), &author(), &regions).await.unwrap();
    let mut patches = indicator_files::read_metadata(&read("SotkaIndicators_127.json")).unwrap();
    patches.extend(indicator_files::read_metadata(&read("sotkanet_indicator_metadata_7.json")).unwrap());
    indicators::apply_catalogue(store, &admin(), &author(), &patches).await.unwrap();
    let curation = IndicatorPatch { id: 127, additive: Some(true), ..IndicatorPatch::default() };
    indicators::apply_catalogue(store, &admin(), &author(), &[curation]).await.unwrap();
    let region = records::create::<Region>(
        store,
        &admin(),
        &author(),
        0,
        RegionInput { code: "07".into(), name: Names::new("Päijät-Häme", "Päijänne-Tavastland", "Päijät-Häme Region") },
    )
    .await
    .unwrap();
    let period = |region: &str, from: &str, until: Option<&str>| RegionPeriod {
        region_code: region.into(),
        valid_from: d(from),
        valid_until: until.map(d),
    };
    let municipalities = [
        ("016", "Asikkala", vec![period("07", "1900-01-01", None)]),
        ("081", "Hartola", vec![period("07", "1900-01-01", None)]),
        ("098", "Hollola", vec![period("07", "1900-01-01", None)]),
        ("111", "Heinola", vec![period("07", "1900-01-01", None)]),
        ("142", "Iitti", vec![period("08", "1900-01-01", Some("2020-12-31")), period("07", "2021-01-01", None)]),
        ("283", "Hämeenkoski", vec![period("07", "1900-01-01", Some("2015-12-31"))]),
        ("316", "Kärkölä", vec![period("07", "1900-01-01", None)]),
        ("398", "Lahti", vec![period("07", "1900-01-01", None)]),
        ("532", "Nastola", vec![period("07", "1900-01-01", Some("2015-12-31"))]),
        ("560", "Orimattila", vec![period("07", "1900-01-01", None)]),
        ("576", "Padasjoki", vec![period("07", "1900-01-01", None)]),
        ("781", "Sysmä", vec![period("07", "1900-01-01", None)]),
    ];
    for (code, name, region_periods) in municipalities {
        let input = PartyInput {
            kind: PartyKind::Municipality,
            code: Some(code.into()),
            name: Names::new(name, name, name),
            signed_protocol: false,
            is_example: false,
            region_periods,
        };
        records::create::<Party>(store, &admin(), &author(), region.id, input).await.unwrap();
    }
    import(store, &read("geofi_sotkadata_population_ind127.csv"), Format::Csv, Some(127)).await;
    import(store, &read("SotkaIndicatorData.json"), Format::SotkanetJson, None).await;
    picture::import_borders(store, &admin(), &author(), BORDERS).await.unwrap();
    picture::set_chosen_indicators(store, &admin(), &author(), region.id, &[127, 186]).await.unwrap();
    region
}

fn forum_input(name: &str, level: ForumLevel) -> ForumInput {
    ForumInput {
        name: Names::new(name, name, name),
        short_name: String::new(),
        level,
        legal_type: LegalType::CooperationForum,
        mandate: Names::default(),
        parent_id: None,
        cadence: Cadence::as_needed(),
        default_publicity: Publicity::Public,
        notice_days: 4,
        minutes_approval: MinutesApproval::Checkers,
        organisation_id: None,
    }
}

/// A forum at `level` with a meeting and one public item on its agenda.
async fn item_of(store: &Store, region: &Region, level: ForumLevel, title: &str) -> AgendaItem {
    let forum = records::create::<Forum>(store, &admin(), &author(), region.id, forum_input(title, level)).await.unwrap();
    let meeting = MeetingInput {
        forum_ids: vec![forum.id],
        date: d("2026-03-10"),
        start_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end_time: NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
        place: "Lahden kaupungintalo".into(),
        online_url: String::new(),
        kind: MeetingKind::Meeting,
        status: MeetingStatus::Planned,
        cancel_reason: String::new(),
        generated: false,
    };
    let meeting = records::create::<Meeting>(store, &admin(), &author(), region.id, meeting).await.unwrap();
    let item = AgendaItemInput {
        meeting_id: meeting.id,
        position: 0,
        title: title.into(),
        public_title: String::new(),
        preparer_id: None,
        presenter_id: None,
        background: String::new(),
        proposal: String::new(),
        publicity: Publicity::Public,
        legal_basis_id: None,
        tags: vec![],
        party_ids: vec![],
        standing_item_id: None,
        proposal_id: None,
    };
    let created = records::create::<AgendaItem>(store, &admin(), &author(), region.id, item).await.unwrap();
    records::get::<AgendaItem>(store, created.id).await.unwrap()
}

fn conflict_code<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Conflict { code, .. }) => code,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn invalid_codes<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<(String, String)> {
    match result {
        Err(Error::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

// ---- storage ----------------------------------------------------------------------------

async fn the_picture_follows_dated_membership_like_region_figure(store: &Store) {
    let region = paijat_hame(store).await;
    let data = picture::region_picture(store, region.id).await.unwrap();
    assert_eq!(data.indicators.iter().map(|i| i.indicator_id).collect::<Vec<_>>(), [127, 186]);
    let population = &data.indicators[0];
    assert_eq!(population.data_years(), Some((2000, 2022)));
    let codes: Vec<&str> = population.series.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, ["016", "081", "098", "111", "142", "283", "316", "398", "532", "560", "576", "781", "07", "358"]);
    assert_eq!(population.value(AreaKind::Region, "07", 2009), Some(201_270.0));
    assert_eq!(population.value(AreaKind::Country, "358", 2009), Some(5_351_427.0));
    // Every year's figure is region_figure's, made from that year's members.
    for year in [2000, 2009, 2010, 2015, 2016, 2020, 2021, 2022] {
        let figure = indicators::region_figure(store, region.id, 127, year, Gender::Total).await.unwrap();
        assert_eq!(population.value(AreaKind::Region, "07", year), figure.value, "{year}");
    }
    // 2010: Nastola and Hämeenkoski were members without figures in geofi's file.
    assert_eq!(population.value(AreaKind::Region, "07", 2010), None);
    assert!(population.value(AreaKind::Region, "07", 2021).is_some());
    // The pages read the same figures from the cache, which a change of values refreshes.
    assert_eq!(picture::cached_region_picture(store, region.id).await.unwrap(), data);
    assert_eq!(picture::cached_region_picture(store, region.id).await.unwrap(), data, "from the cache");
    import(store, "municipality_code,primary.value,year\n398,7,2022\n", Format::Csv, Some(127)).await;
    let revised = picture::cached_region_picture(store, region.id).await.unwrap();
    assert_eq!(revised.indicators[0].value(AreaKind::Municipality, "398", 2022), Some(7.0));
    assert_eq!(revised, picture::region_picture(store, region.id).await.unwrap());
    // A missing figure stays missing (never 0): mortality has no values in these files.
    let mortality = &data.indicators[1];
    assert!(mortality.years.is_empty());
    assert_eq!(mortality.data_years(), None);
    assert_eq!(mortality.method, AggregateMethod::SourceValue);
}

async fn the_choice_of_indicators_is_the_cooperation_managers(store: &Store) {
    let region = paijat_hame(store).await;
    let member = Actor { user_id: Some(9), member_of: vec![1], ..Actor::default() };
    let refused = picture::set_chosen_indicators(store, &member, &author(), region.id, &[127]).await;
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    let manager = Actor { user_id: Some(8), secretary_in: vec![region.id], ..Actor::default() };
    let unknown = picture::set_chosen_indicators(store, &manager, &author(), region.id, &[127, 999_999]).await;
    assert_eq!(invalid_codes(unknown), [("indicators".to_owned(), "error-picture-unknown-indicator".to_owned())]);
    picture::set_chosen_indicators(store, &manager, &author(), region.id, &[186, 127]).await.unwrap();
    assert_eq!(picture::chosen_indicators(store, region.id).await.unwrap(), [186, 127]);
    let logged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'choose_indicators'").fetch_one(store.pool()).await.unwrap();
    assert_eq!(logged, 2, "the demo-like setup and the manager's choice");
}

async fn a_snapshot_keeps_its_figures_and_refuses_every_change(store: &Store) {
    let region = paijat_hame(store).await;
    let input = SnapshotInput { title: "Tilannekuva 2026".into(), commentary: "Väestö **kasvaa** Lahdessa.".into() };
    let snapshot = snapshots::create(store, &admin(), &author(), region.id, input, d("2026-02-01")).await.unwrap();
    assert_eq!(snapshot.frozen_on, d("2026-02-01"));
    assert_eq!(snapshot.data.indicators[0].value(AreaKind::Region, "07", 2009), Some(201_270.0));
    let lahti_2022 = snapshot.data.indicators[0].value(AreaKind::Municipality, "398", 2022).unwrap();

    // THL revises Lahti's 2022 figure and publishes 2023: the snapshot stays as it was.
    import(store, "municipality_code,primary.value,year\n398,1,2022\n398,2,2023\n", Format::Csv, Some(127)).await;
    let again = snapshots::snapshot(store, snapshot.id).await.unwrap();
    assert_eq!(again, snapshot);
    assert_eq!(again.data.indicators[0].value(AreaKind::Municipality, "398", 2022), Some(lahti_2022));

    // The comparison names what changed since.
    let (_, current, comparison) = snapshots::compare_with_current(store, snapshot.id).await.unwrap();
    assert_eq!(current.indicators[0].value(AreaKind::Municipality, "398", 2022), Some(1.0));
    let population = &comparison.indicators[0];
    let lahti = population.areas.iter().find(|a| a.code == "398").unwrap();
    assert_eq!((lahti.revised.as_slice(), lahti.added.as_slice()), (&[2022][..], &[2023][..]));
    assert_eq!((lahti.snapshot_year, lahti.current_year, lahti.current_value), (Some(2022), Some(2023), Some(2.0)));
    let region_row = population.areas.iter().find(|a| a.kind == AreaKind::Region).unwrap();
    assert_eq!(region_row.revised, [2022], "the region's sum follows its member");
    let hollola = population.areas.iter().find(|a| a.code == "098").unwrap();
    assert!(hollola.revised.is_empty() && hollola.added.is_empty());

    // Nothing changes a snapshot: not the store, not a hand-written statement.
    assert_eq!(conflict_code(snapshots::refuse_change(store, &admin(), snapshot.id).await), "error-snapshot-frozen");
    let update = sqlx::query("UPDATE picture_snapshots SET title = 'muutettu' WHERE id = $1").bind(snapshot.id).execute(store.pool()).await;
    assert!(update.is_err(), "the database refuses an update");
    let delete = sqlx::query("DELETE FROM picture_snapshots WHERE id = $1").bind(snapshot.id).execute(store.pool()).await;
    assert!(delete.is_err(), "the database refuses a delete");
    assert_eq!(snapshots::snapshot(store, snapshot.id).await.unwrap(), snapshot);

    // Only the cooperation manager freezes; a picture without indicators is refused.
    let public = snapshots::create(
        store,
        &Actor::default(),
        &author(),
        region.id,
        SnapshotInput { title: "x".into(), commentary: String::new() },
        d("2026-02-02"),
    )
    .await;
    assert!(matches!(public, Err(Error::Forbidden)));
    picture::set_chosen_indicators(store, &admin(), &author(), region.id, &[]).await.unwrap();
    let empty = snapshots::create(
        store,
        &admin(),
        &author(),
        region.id,
        SnapshotInput { title: " ".into(), commentary: String::new() },
        d("2026-02-02"),
    )
    .await;
    let fields: Vec<String> = invalid_codes(empty).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["title", "indicators"]);
    assert_eq!(snapshots::snapshots(store, region.id).await.unwrap().len(), 1);
}

async fn the_chairs_forum_establishes_a_snapshot_once(store: &Store) {
    let region = paijat_hame(store).await;
    let input = SnapshotInput { title: "Tilannekuva 2026".into(), commentary: String::new() };
    let snapshot = snapshots::create(store, &admin(), &author(), region.id, input, d("2026-02-01")).await.unwrap();
    let operational = item_of(store, &region, ForumLevel::Operational, "Hyte-ryhmän asia").await;
    let chairs = item_of(store, &region, ForumLevel::Chairs, "Tilannekuvan vahvistaminen").await;

    let wrong = snapshots::establish(store, &admin(), &author(), snapshot.id, operational.id).await;
    assert_eq!(invalid_codes(wrong), [("item_id".to_owned(), "error-snapshot-not-chairs-item".to_owned())]);
    let nobody = snapshots::establish(store, &Actor::default(), &author(), snapshot.id, chairs.id).await;
    assert!(matches!(nobody, Err(Error::Forbidden)));
    let listed = snapshots::chairs_items(store, region.id).await.unwrap();
    assert!(listed.iter().any(|i| i.item_id == chairs.id) && listed.iter().all(|i| i.item_id != operational.id));

    let established = snapshots::establish(store, &admin(), &author(), snapshot.id, chairs.id).await.unwrap();
    assert_eq!(established.established_by_item_id, Some(chairs.id));
    assert_eq!(established.data, snapshot.data, "establishing leaves the figures as they were");
    assert_eq!(snapshots::established_by_item(store, chairs.id).await.unwrap()[0].id, snapshot.id);
    let twice = snapshots::establish(store, &admin(), &author(), snapshot.id, chairs.id).await;
    assert_eq!(conflict_code(twice), "error-snapshot-established");
    let undo = sqlx::query("DELETE FROM snapshot_establishments WHERE snapshot_id = $1").bind(snapshot.id).execute(store.pool()).await;
    assert!(undo.is_err(), "the database refuses to undo an establishment");
    let logged: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'snapshot' AND entity_id = $1 ORDER BY seq")
        .bind(snapshot.id)
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(logged, ["freeze", "establish"]);
}

// ---- pages and API ------------------------------------------------------------------------

/// The map's classes, light to dark (viridis).
const PALETTE: [&str; 5] = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];

const ADMIN: &str = "yllapito@example.org";
const PASSWORD: &str = "kuusi-sanaa-salasanaksi";

async fn start(store: &TestStore) -> (TestApp, Region) {
    let app = TestApp::start(store_for(store.backend()).await).await;
    let region = paijat_hame(&app.store.store).await;
    let user = NewUser {
        email: ADMIN.into(),
        display_name: "Ylläpito".into(),
        password: PASSWORD.into(),
        person_id: None,
        instance_admin: true,
        grants: vec![],
    };
    accounts::create_user(&app.store.store, &admin(), &author(), user).await.expect("create the administrator");
    (app, region)
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let response = reqwest::get(app.url(path)).await.expect("GET");
    (response.status().as_u16(), response.text().await.expect("a body"))
}

/// The `<tr>` of a table row whose header is `name`, within the part of `html` after `from`.
fn row<'a>(html: &'a str, from: &str, class: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("{from} not on the page"));
    let rest = &html[start..];
    let at = rest.find(&format!("<tr class=\"row-{class}\">")).unwrap_or_else(|| panic!("no {class} row after {from}"));
    let rest = &rest[at..];
    &rest[..rest.find("</tr>").unwrap()]
}

async fn the_picture_page_shows_charts_map_and_tables(store: &TestStore) {
    let (app, region) = start(store).await;
    let (status, html) = page(&app, "/regions/07/picture").await;
    assert_eq!(status, 200, "{html}");
    // Source line and data years under the charts, map and tables.
    assert!(html.contains("Lähde: THL, Sotkanet, 2000–2022"), "population's source line");
    // The chart is an image with a title and a description, and a table beside it.
    assert!(html.contains("<svg class=\"chart\" viewBox=\"0 0 360 200\" role=\"img\" aria-labelledby=\"chart-127-title chart-127-desc\""));
    assert!(html.contains("<title id=\"chart-127-title\">"));
    assert!(html.contains("<desc id=\"chart-127-desc\">"));
    assert!(html.contains("<caption id=\"table-127-caption\">"));
    assert!(html.contains("<th scope=\"col\">2009</th>"));
    // Päijät-Häme's 2009 population in the region row: the members of 2009.
    let region_row = row(&html, "id=\"table-127\"", "region");
    assert!(region_row.contains("<th scope=\"row\">Päijät-Häme</th>"), "{region_row}");
    assert!(region_row.contains("<td>201\u{a0}270</td>"), "{region_row}");
    assert!(region_row.contains("<td>ei tietoa</td>"), "a sum with a missing member is missing, not 0: {region_row}");
    // Mortality has no figures: said, not drawn as 0.
    assert!(html.contains("Kuolleisuus / 100 000 asukasta"));
    let mortality = &html[html.find("id=\"indicator-186\"").unwrap()..];
    assert!(mortality.contains("Lähde: THL, Sotkanet"));
    assert!(!mortality[..mortality.find("</section>").unwrap()].contains("<td>0</td>"));

    // The map: the latest year of the first indicator, coloured in classes; the same
    // figures in its table; a GET form chooses indicator and year.
    assert!(html.contains("<svg class=\"map\""));
    assert!(html.contains("<select id=\"map-indicator\" name=\"map_indicator\">"));
    assert!(html.contains("Lähde: THL, Sotkanet, 2022"));
    let coloured = PALETTE.iter().map(|c| html.matches(&format!("fill=\"{c}\"")).count()).sum::<usize>();
    assert!(coloured >= 10, "ten municipalities coloured, legend swatches too: {coloured}");
    let (_, map_2009) = page(&app, "/regions/07/picture?map_indicator=127&map_year=2009").await;
    // Lahti, the largest, takes the darkest class.
    assert!(map_2009.contains(&format!("data-code=\"398\" fill=\"{}\"", PALETTE[4])));
    assert!(row(&map_2009, "id=\"table-map\"", "municipality").contains("<td>"));
    let (_, no_data) = page(&app, "/regions/07/picture?map_indicator=186&map_year=2009").await;
    assert!(no_data.contains("data-code=\"398\" fill=\"url(#map-missing)\""), "no figure: hatched");
    assert!(no_data.contains("<title>Lahti: ei tietoa</title>"));
    // The other languages.
    let (_, english) = page(&app, "/regions/07/picture?lang=en").await;
    assert!(english.contains("Source: THL, Sotkanet, 2000–2022") && english.contains("<td>no data</td>"));

    // A snapshot page shows its frozen figures even after a re-import, and the comparison
    // shows the revision.
    let input = SnapshotInput { title: "Tilannekuva 2026".into(), commentary: "Väestö *kasvaa*.".into() };
    let snapshot = snapshots::create(&app.store.store, &admin(), &author(), region.id, input, d("2026-02-01")).await.unwrap();
    import(&app.store.store, "area_kind,area_code,value,year\nregion,07,1,2009\nmunicipality,398,1,2009\n", Format::Csv, Some(127)).await;
    let (status, frozen) = page(&app, &format!("/regions/07/picture/snapshots/{}", snapshot.id)).await;
    assert_eq!(status, 200);
    assert!(row(&frozen, "id=\"table-s127\"", "region").contains("<td>201\u{a0}270</td>"), "the frozen 2009 figure");
    assert!(frozen.contains("<em>kasvaa</em>"));
    assert!(frozen.contains("Lähde: THL, Sotkanet, 2000–2022"));
    // Anonymous pages are cached until the register's version moves, looked up every 250 ms.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (_, now) = page(&app, "/regions/07/picture").await;
    let current = row(&now, "id=\"table-127\"", "region");
    assert!(!current.contains("201\u{a0}270"), "the current page shows the revision: {current}");
    let (status, compared) = page(&app, &format!("/regions/07/picture/snapshots/{}/compare", snapshot.id)).await;
    assert_eq!(status, 200);
    assert!(compared.contains("<th scope=\"col\">Korjatut vuodet</th>"));
    let lahti = &compared[compared.find("<th scope=\"row\">Lahti</th>").unwrap()..];
    assert!(lahti[..lahti.find("</tr>").unwrap()].contains("<td>2009</td>"), "Lahti's 2009 was revised");
    let (status, _) = page(&app, "/regions/07/picture/snapshots/999999").await;
    assert_eq!(status, 404);
}

async fn send(app: &TestApp, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Option<String>, Value) {
    let mut request = reqwest::Client::new().request(method, app.url(path)).basic_auth(ADMIN, Some(PASSWORD));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let text = response.text().await.unwrap_or_default();
    (status, kind, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn the_api_freezes_establishes_compares_and_refuses_changes(store: &TestStore) {
    let (app, region) = start(store).await;
    let chairs = item_of(&app.store.store, &region, ForumLevel::Chairs, "Tilannekuvan vahvistaminen").await;
    use reqwest::Method;
    let (status, _, picture) = send(&app, Method::GET, "/api/v1/regions/07/picture", None).await;
    assert_eq!(status, 200);
    let population = &picture["indicators"][0];
    assert_eq!(population["indicator_id"], 127);
    assert_eq!(population["attribution"], "Lähde: THL, Sotkanet, 2000–2022");
    let region_series = population["series"].as_array().unwrap().iter().find(|s| s["kind"] == "region").unwrap();
    let at_2009 = population["years"].as_array().unwrap().iter().position(|y| y == 2009).unwrap();
    assert_eq!(region_series["values"][at_2009], 201_270.0);
    assert_eq!(region_series["values"][at_2009 + 1], Value::Null, "missing is null, never 0");

    let (status, _, choice) =
        send(&app, Method::PUT, "/api/v1/regions/07/picture/indicators", Some(serde_json::json!({"indicators": [127]}))).await;
    assert_eq!((status, &choice["indicators"]), (200, &serde_json::json!([127])));
    let (status, kind, bad) =
        send(&app, Method::PUT, "/api/v1/regions/07/picture/indicators", Some(serde_json::json!({"indicators": [5]}))).await;
    assert_eq!((status, kind.as_deref()), (422, Some("application/problem+json")));
    assert_eq!(bad["errors"][0]["code"], "error-picture-unknown-indicator");

    let body = serde_json::json!({"title": "Tilannekuva 2026", "commentary": "Kommentti"});
    let (status, _, created) = send(&app, Method::POST, "/api/v1/regions/07/snapshots", Some(body)).await;
    assert_eq!(status, 201, "{created:#}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["established_by_item_id"], Value::Null);
    let (_, _, list) = send(&app, Method::GET, "/api/v1/regions/07/snapshots", None).await;
    assert_eq!(list["items"][0]["id"], id);

    for method in [Method::PUT, Method::DELETE] {
        let (status, kind, problem) =
            send(&app, method.clone(), &format!("/api/v1/snapshots/{id}"), Some(serde_json::json!({"title": "x"}))).await;
        assert_eq!((status, kind.as_deref()), (409, Some("application/problem+json")), "{method}");
        assert_eq!(problem["type"], "https://foorumi.fi/problems/snapshot-frozen");
        assert_eq!(problem["errors"][0]["code"], "error-snapshot-frozen");
    }
    let anonymous = reqwest::Client::new().delete(app.url(&format!("/api/v1/snapshots/{id}"))).send().await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);

    let establish = format!("/api/v1/snapshots/{id}/establish");
    let (status, _, established) = send(&app, Method::POST, &establish, Some(serde_json::json!({"item_id": chairs.id}))).await;
    assert_eq!((status, established["established_by_item_id"].as_i64()), (200, Some(chairs.id)));
    let (status, _, twice) = send(&app, Method::POST, &establish, Some(serde_json::json!({"item_id": chairs.id}))).await;
    assert_eq!((status, twice["errors"][0]["code"].as_str()), (409, Some("error-snapshot-established")));

    let (status, _, one) = send(&app, Method::GET, &format!("/api/v1/snapshots/{id}"), None).await;
    assert_eq!((status, one["data"]["indicators"][0]["indicator_id"].as_i64()), (200, Some(127)));
    let (status, _, compared) = send(&app, Method::GET, &format!("/api/v1/snapshots/{id}/compare"), None).await;
    assert_eq!((status, compared["revised"].as_i64(), compared["added"].as_i64()), (200, Some(0), Some(0)));

    // The snapshot page links to the item that established it.
    let (_, frozen) = page(&app, &format!("/regions/07/picture/snapshots/{id}")).await;
    assert!(frozen.contains(&format!("<a href=\"/agenda-items/{}\">", chairs.id)), "the snapshot links to its item");

    let (_, _, doc) = send(&app, Method::GET, "/api/v1/openapi.json", None).await;
    for path in ["/api/v1/regions/{code}/picture", "/api/v1/snapshots/{id}", "/api/v1/snapshots/{id}/compare"] {
        assert!(doc["paths"][path]["get"]["operationId"].is_string(), "{path}");
    }
    assert!(doc["paths"]["/api/v1/snapshots/{id}/establish"]["post"].is_object());
}

both_backends!(
    the_picture_follows_dated_membership_like_region_figure,
    the_choice_of_indicators_is_the_cooperation_managers,
    a_snapshot_keeps_its_figures_and_refuses_every_change,
    the_chairs_forum_establishes_a_snapshot_once,
    the_picture_page_shows_charts_map_and_tables,
    the_api_freezes_establishes_compares_and_refuses_changes,
);
