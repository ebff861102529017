//! The situational picture as users rely on it, every test on SQLite (`sqlite::…`) and on
//! a throw-away PostgreSQL (`postgres::…`): the picture's figures follow dated membership
//! (Päijät-Häme 2009: 201 270), a snapshot keeps its figures when values are re-imported
//! and refuses every change (store, database and API), the chairs' forum establishes it
//! once, the comparison names what was added and revised, and the pages show charts, map
//! and tables with the source line, the data year and "ei tietoa".

use std::io::Cursor;

use chrono::NaiveTime;
use foorumi_core::indicators::*;
use foorumi_core::permissions::Actor;
use foorumi_core::picture::*;
use foorumi_core::*;
use foorumi_store::accounts::NewUser;
use foorumi_store::indicator_files::{Format, IndicatorPatch};
use foorumi_store::indicators::{self, ImportOptions};
use foorumi_store::{Error, Store, picture, records, snapshots};
use foorumi_testkit::fixtures::{
    PASSWORD, add_user, admin, author, client, count, create, csrf_of, d, forum, indicator_data, item, load_catalogue, location, meeting,
    new_user, paijat_hame_with_municipalities, post_form, sign_in, text,
};
use foorumi_testkit::{TestApp, TestStore, both_backends, store_for};
use reqwest::{Client, StatusCode};
use serde_json::Value;

// ---- helpers --------------------------------------------------------------------------

const BORDERS: &str = include_str!("../../cli/data/kuntarajat.2023.paijat-hame.json");

async fn import(store: &Store, text: &str, format: Format, indicator: Option<Id>) {
    let options = ImportOptions { skip_unlisted_regions: true, ..ImportOptions::default() };
    let reader = Cursor::new(text.as_bytes().to_vec());
    indicators::import_file(store, &admin(), &author(), reader, format, indicator, options, &mut |_, _| {}).await.expect("import");
}

/// The region list, the catalogue (127 population, additive; seven health indicators),
/// Päijät-Häme with its dated membership, geofi's population 2000–2022 and Sotkanet's
/// 2009 answer after it (the 2009 division), and the borders — as the demo loads them.
async fn paijat_hame(store: &Store) -> Region {
    load_catalogue(store).await;
    let curation = IndicatorPatch { id: 127, additive: Some(true), ..IndicatorPatch::default() };
    indicators::apply_catalogue(store, &admin(), &author(), &[curation]).await.unwrap();
    let region = paijat_hame_with_municipalities(store).await;
    import(store, &indicator_data("geofi_sotkadata_population_ind127.csv"), Format::Csv, Some(127)).await;
    import(store, &indicator_data("SotkaIndicatorData.json"), Format::SotkanetJson, None).await;
    picture::import_borders(store, &admin(), &author(), BORDERS).await.unwrap();
    picture::set_chosen_indicators(store, &admin(), &author(), region.id, &[127, 186]).await.unwrap();
    region
}

/// A forum at `level` with a meeting and one public item on its agenda.
async fn item_of(store: &Store, region: &Region, level: ForumLevel, title: &str) -> AgendaItem {
    let forum = create::<Forum>(store, region.id, forum(title, level)).await;
    let meeting = create::<Meeting>(store, region.id, meeting(&forum, "2026-03-10")).await;
    let created = create::<AgendaItem>(store, region.id, item(&meeting, title)).await;
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
    // The choices the establishing form offers: the chairs' forums' items.
    let mut listed = foorumi_store::views::item_choices(store, region.id).await.unwrap();
    listed.retain(|i| i.level == ForumLevel::Chairs && !i.cancelled);
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

async fn start(store: &TestStore) -> (TestApp, Region) {
    let app = TestApp::start(store_for(store.backend()).await).await;
    let region = paijat_hame(&app.store.store).await;
    add_user(&app.store.store, NewUser { display_name: "Ylläpito".into(), instance_admin: true, ..new_user(ADMIN) }).await;
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

// ---- the page's forms, as a browser posts them -----------------------------------------------

const MANAGER: &str = "yhteistyo@paijat-hame.example.org";
const OUTSIDER: &str = "kuntalainen@example.org";

/// The cooperation manager (the chairs' forum's secretary, a person of the register) and
/// a signed-in user with no role in the region, beside the administrator of `start`.
/// Returns the chairs' forum's item and the manager's person.
async fn manager_and_outsider(app: &TestApp, region: &Region) -> (AgendaItem, Person) {
    let store = &app.store.store;
    let chairs = item_of(store, region, ForumLevel::Chairs, "Tilannekuvan vahvistaminen").await;
    let register = foorumi_store::views::register(store, region.id).await.unwrap();
    let lahti = register.parties.iter().find(|p| p.input.code.as_deref() == Some("398")).unwrap().clone();
    let person = PersonInput { name: "Riikka Yhteistyö".into(), party_id: Some(lahti.id), contacts: vec![], lang: Lang::Fi };
    let person = records::create::<Person>(store, &admin(), &author(), region.id, person).await.unwrap();
    let term = TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") };
    let term = records::create::<CouncilTerm>(store, &admin(), &author(), region.id, term).await.unwrap();
    let seat = SeatInput {
        forum_id: chairs.forum_id,
        term_id: term.id,
        post_id: None,
        person_id: Some(person.id),
        party_id: lahti.id,
        role: SeatRole::Secretary,
        deputy_of: None,
        start_date: term.input.start_date,
        end_date: None,
        status: SeatStatus::Active,
    };
    records::create::<Seat>(store, &admin(), &author(), region.id, seat).await.unwrap();
    for (email, person_id) in [(MANAGER, Some(person.id)), (OUTSIDER, None)] {
        add_user(store, NewUser { person_id, ..new_user(email) }).await;
    }
    (chairs, person)
}

/// Posts a form; answers the status, the `Location` and the body.
async fn post_as(client: &Client, app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
    let (status, headers, body) = post_form(client, &app.url(path), form).await;
    (status, location(&headers).to_owned(), body)
}

async fn the_picture_forms_choose_freeze_and_establish(store: &TestStore) {
    let (app, region) = start(store).await;
    let (chairs, _) = manager_and_outsider(&app, &region).await;
    let operational = item_of(&app.store.store, &region, ForumLevel::Operational, "Hyte-ryhmän asia").await;
    let db = &app.store.store;
    let manager = sign_in(&app, MANAGER).await;
    let (status, html) = text(&manager, &app.url("/regions/07/picture")).await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&html);

    // Choosing indicators: the boxes checked are the picture's indicators.
    let (status, location, _) =
        post_as(&manager, &app, "/regions/07/picture/indicators", &[("csrf", &csrf), ("indicator", "322"), ("indicator", "127")]).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/regions/07/picture?saved=indicators"));
    assert_eq!(picture::chosen_indicators(db, region.id).await.unwrap(), [322, 127]);
    let (_, html) = text(&manager, &app.url(&location)).await;
    assert!(html.contains("id=\"indicator-322-heading\">Kuolleisuus 65 vuotta täyttäneillä"), "the chosen indicator's chart");
    assert!(html.contains("aria-labelledby=\"chart-127-title chart-127-desc\""));
    assert!(!html.contains("id=\"indicator-186\""), "mortality is no longer chosen");
    // An unknown indicator comes back as a message in Finnish, and nothing changes.
    let (status, _, html) = post_as(&manager, &app, "/regions/07/picture/indicators", &[("csrf", &csrf), ("indicator", "5")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("<li>Indikaattoria ei ole luettelossa.</li>"), "{html}");
    assert_eq!(picture::chosen_indicators(db, region.id).await.unwrap(), [322, 127]);

    // Freezing: an empty title is refused with the title kept out of the store...
    let (status, _, html) =
        post_as(&manager, &app, "/regions/07/picture/snapshots", &[("csrf", &csrf), ("title", " "), ("commentary", "Kommentti")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("<li>Tieto on pakollinen.</li>"), "{html}");
    assert!(html.contains(">Kommentti</textarea>"), "the commentary typed is kept");
    assert_eq!(count(db, "picture_snapshots").await, 0);
    // ...a title freezes the picture and the snapshot is listed.
    let form = [("csrf", csrf.as_str()), ("title", "Tilannekuva kevät 2026"), ("commentary", "Väestö *kasvaa*.")];
    let (status, location, _) = post_as(&manager, &app, "/regions/07/picture/snapshots", &form).await;
    assert_eq!(status, 303);
    let id: Id = location.rsplit('/').next().unwrap().parse().expect("the snapshot's page");
    assert_eq!(location, format!("/regions/07/picture/snapshots/{id}"));
    let (_, html) = text(&manager, &app.url("/regions/07/picture")).await;
    assert!(html.contains(&format!("<a href=\"/regions/07/picture/snapshots/{id}\">Tilannekuva kevät 2026</a>")), "{html}");
    let snapshot = snapshots::snapshot(db, id).await.unwrap();
    assert_eq!(snapshot.data.indicators.iter().map(|i| i.indicator_id).collect::<Vec<_>>(), [322, 127]);

    // Establishing: the page offers (by date, forum and title) the chairs' forum's items; an unknown item and another
    // forum's item come back as messages, and nothing is recorded.
    let (status, html) = text(&manager, &app.url(&location)).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("<option value=\"{}\">10.3.2026 Tilannekuvan vahvistaminen Tilannekuvan vahvistaminen</option>", chairs.id)),
        "{html}"
    );
    let establish = format!("{location}/establish");
    let (status, _, html) = post_as(&manager, &app, &establish, &[("csrf", &csrf), ("item_id", "999999")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("<li>Valittua tietoa ei löydy tältä alueelta.</li>"), "{html}");
    let other = operational.id.to_string();
    let (status, _, html) = post_as(&manager, &app, &establish, &[("csrf", &csrf), ("item_id", &other)]).await;
    assert_eq!(status, 422);
    assert!(html.contains("<li>Version vahvistaa puheenjohtajafoorumi: valitse sen esityslistan asia.</li>"), "{html}");
    assert_eq!(count(db, "snapshot_establishments").await, 0);
    let item = chairs.id.to_string();
    let (status, back, _) = post_as(&manager, &app, &establish, &[("csrf", &csrf), ("item_id", &item)]).await;
    assert_eq!((status, back.as_str()), (StatusCode::SEE_OTHER, location.as_str()));
    let (_, html) = text(&manager, &app.url(&location)).await;
    assert!(
        html.contains(&format!(
            "<a href=\"/agenda-items/{}\">10.3.2026 Tilannekuvan vahvistaminen Tilannekuvan vahvistaminen</a>",
            chairs.id
        )),
        "{html}"
    );
    assert_eq!(snapshots::snapshot(db, id).await.unwrap().established_by_item_id, Some(chairs.id));

    // Anyone else is refused: the anonymous visitor is sent to sign in, a signed-in user
    // who keeps nothing in the region is forbidden; nothing is written either way.
    let head = app.store.register_version().await.unwrap();
    let anonymous = client();
    for (path, form) in [
        ("/regions/07/picture/indicators", vec![("indicator", "186")]),
        ("/regions/07/picture/snapshots", vec![("title", "Vieras")]),
        (establish.as_str(), vec![("item_id", item.as_str())]),
    ] {
        let (status, location, _) = post_as(&anonymous, &app, path, &form).await;
        assert_eq!(status, 303, "{path}");
        assert!(location.starts_with("/login?next="), "{path}: {location}");
    }
    let outsider = sign_in(&app, OUTSIDER).await;
    let (_, html) = text(&outsider, &app.url("/regions/07/picture")).await;
    let outsider_csrf = csrf_of(&html);
    for (path, form) in [
        ("/regions/07/picture/indicators", vec![("csrf", outsider_csrf.as_str()), ("indicator", "186")]),
        ("/regions/07/picture/snapshots", vec![("csrf", outsider_csrf.as_str()), ("title", "Vieras")]),
        (establish.as_str(), vec![("csrf", outsider_csrf.as_str()), ("item_id", item.as_str())]),
    ] {
        let (status, _, html) = post_as(&outsider, &app, path, &form).await;
        assert_eq!(status, 403, "{path}: {html}");
    }
    assert_eq!(app.store.register_version().await.unwrap(), head, "nothing was written");
    assert_eq!(picture::chosen_indicators(db, region.id).await.unwrap(), [322, 127]);
    assert_eq!(count(db, "picture_snapshots").await, 1);
}

/// The public record of the chairs' forum meeting links to the snapshot its public item
/// established; a secret item's snapshot is not linked from it.
async fn the_public_record_links_the_snapshot_its_item_established(store: &TestStore) {
    let (app, region) = start(store).await;
    let (chairs, person) = manager_and_outsider(&app, &region).await;
    let db = &app.store.store;
    let basis = LegalBasisInput { code: "JulkL 24 § 1 mom. 20 k.".into(), name: Names::new("Liike- tai ammattisalaisuus", "", "") };
    let basis = records::create::<LegalBasis>(db, &admin(), &author(), region.id, basis).await.unwrap();
    let secret = AgendaItemInput {
        meeting_id: chairs.input.meeting_id,
        position: 0,
        title: "Kiinteistökaupan luvut".into(),
        public_title: "Maakunnan kiinteistöasia".into(),
        preparer_id: None,
        presenter_id: None,
        background: String::new(),
        proposal: String::new(),
        publicity: Publicity::Secret,
        legal_basis_id: Some(basis.id),
        tags: vec![],
        party_ids: vec![],
        standing_item_id: None,
        proposal_id: None,
    };
    let secret = records::create::<AgendaItem>(db, &admin(), &author(), region.id, secret).await.unwrap();
    let mut established = Vec::new();
    for (title, item) in [("Tilannekuva kevät 2026", chairs.id), ("Salainen tilannekuva", secret.id)] {
        let input = SnapshotInput { title: title.into(), commentary: String::new() };
        let snapshot = snapshots::create(db, &admin(), &author(), region.id, input, d("2026-03-01")).await.unwrap();
        snapshots::establish(db, &admin(), &author(), snapshot.id, item).await.unwrap();
        established.push(snapshot.id);
    }
    // A link to the item takes the public to where the item is public: with neither the
    // agenda nor the record published, the meeting's page.
    let item_link = app.url(&format!("/agenda-items/{}", chairs.id));
    let meeting_page = format!("/meetings/{}", chairs.input.meeting_id);
    let response = client().get(&item_link).send().await.unwrap();
    assert_eq!((response.status(), location(response.headers())), (StatusCode::SEE_OTHER, meeting_page.as_str()));

    // The meeting's record: started, both items handled, checked by its checker, published.
    let minutes = MinutesInput {
        meeting_id: chairs.input.meeting_id,
        chair_id: Some(person.id),
        secretary_id: Some(person.id),
        checker_ids: vec![person.id],
        opened_at: NaiveTime::from_hms_opt(9, 2, 0),
        closed_at: NaiveTime::from_hms_opt(10, 48, 0),
    };
    let minutes = foorumi_store::minutes::start(db, &admin(), &author(), region.id, minutes).await.unwrap();
    for item in [chairs.id, secret.id] {
        let handled = ItemRecordInput {
            item_id: item,
            discussion: String::new(),
            outcome: Some(Outcome::Recommendation),
            outcome_text: "Tilannekuva vahvistettiin.".into(),
            appeal: None,
            appeal_basis: String::new(),
        };
        records::create::<ItemRecord>(db, &admin(), &author(), region.id, handled).await.unwrap();
    }
    let minutes = records::get::<Minutes>(db, minutes.id).await.unwrap();
    foorumi_testkit::send_to_checkers(db, &admin(), &author(), minutes.id, minutes.version).await.expect("send to the checker");
    let checker = Actor { instance_admin: true, person_id: Some(person.id), ..Actor::default() };
    let now = foorumi_store::now_in_finland();
    foorumi_store::minutes::approve(db, &checker, &author(), minutes.id, now).await.expect("the checker approves");
    let found = foorumi_store::record_publication::identifiers(db, &admin(), minutes.id).await.unwrap();
    let keep: Vec<IdentifierDecisionInput> = found
        .iter()
        .filter(|r| r.decision.is_none())
        .map(|r| IdentifierDecisionInput { item_id: r.item_id, text: r.text.clone(), decision: IdentifierDecision::Keep })
        .collect();
    let minutes = records::get::<Minutes>(db, minutes.id).await.unwrap();
    foorumi_store::record_publication::publish(db, &admin(), &author(), minutes.id, minutes.version, &keep, now)
        .await
        .expect("publish the record");

    let response = client().get(&item_link).send().await.unwrap();
    assert_eq!(location(response.headers()), format!("{meeting_page}/record"), "now the published record");
    let (status, html) = page(&app, &format!("/meetings/{}/record", chairs.input.meeting_id)).await;
    assert_eq!(status, 200, "{html}");
    let link = format!("<a href=\"/regions/07/picture/snapshots/{}\">Tilannekuva kevät 2026</a>", established[0]);
    assert!(html.contains(&format!("Pykälässä vahvistettu tilannekuva: {link}")), "{html}");
    assert!(html.contains("Maakunnan kiinteistöasia"), "the secret item is in the record by its public title");
    assert!(!html.contains(&format!("/picture/snapshots/{}", established[1])), "no link from the secret item");
    assert!(!html.contains("Salainen tilannekuva"));
}

both_backends!(
    the_picture_follows_dated_membership_like_region_figure,
    the_choice_of_indicators_is_the_cooperation_managers,
    a_snapshot_keeps_its_figures_and_refuses_every_change,
    the_chairs_forum_establishes_a_snapshot_once,
    the_picture_page_shows_charts_map_and_tables,
    the_api_freezes_establishes_compares_and_refuses_changes,
    the_picture_forms_choose_freeze_and_establish,
    the_public_record_links_the_snapshot_its_item_established,
);
