//! Indicators as users rely on them, every test on SQLite (`sqlite::…`) and on a
//! throw-away PostgreSQL (`postgres::…`): THL Sotkanet's real files imported by official
//! area code, Päijät-Häme's 2009 population from its members of that year (201 270), a
//! missing figure kept missing, bad files refused whole with the line and column named,
//! values outside the region reported, and the read API with its source and data year.

use std::io::Cursor;

use foorumi_core::indicators::*;
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_store::audit::{self, Verdict};
use foorumi_store::indicator_files::{self, Format, IndicatorPatch};
use foorumi_store::indicators::{self, ImportOptions, ImportSummary, ValueQuery};
use foorumi_store::{Error, Store};
use foorumi_testkit::fixtures::{INDICATOR_DATA, admin, author, count, fields, indicator_data, paijat_hame_with_municipalities, pair};
use foorumi_testkit::{TestApp, TestStore, both_backends, store_for};
use serde_json::Value;

// ---- helpers --------------------------------------------------------------------------

/// Sotkanet's region list and the metadata of indicator 127 (population on 31
/// December, a count: additive) and of the seven indicators of the metadata file.
async fn catalogue(store: &Store) {
    let regions = indicator_files::read_regions(&indicator_data("SotkaRegions.json")).unwrap();
    let areas = indicators::import_areas(store, &admin(), &author(), &regions).await.unwrap();
    assert_eq!(areas.regions, 511);
    assert_eq!(areas.areas[&AreaKind::Municipality], 320);
    let mut patches = indicator_files::read_metadata(&indicator_data("SotkaIndicators_127.json")).unwrap();
    patches.extend(indicator_files::read_metadata(&indicator_data("sotkanet_indicator_metadata_7.json")).unwrap());
    patches.push(IndicatorPatch { id: 127, additive: Some(true), group: Some(IndicatorGroup::Vitality), ..IndicatorPatch::default() });
    // Two patches of one indicator in a file are refused; the curation goes separately.
    let curation = patches.pop().unwrap();
    let summary = indicators::apply_catalogue(store, &admin(), &author(), &patches).await.unwrap();
    assert_eq!(summary.created, 8);
    indicators::apply_catalogue(store, &admin(), &author(), &[curation]).await.unwrap();
}

async fn import_file(
    store: &Store,
    name: &str,
    format: Format,
    indicator: Option<Id>,
    options: ImportOptions,
) -> Result<ImportSummary, Error> {
    let file = std::fs::File::open(format!("{INDICATOR_DATA}{name}")).unwrap();
    indicators::import_file(store, &admin(), &author(), file, format, indicator, options, &mut |_, _| {}).await
}

async fn import_text(
    store: &Store,
    text: &str,
    format: Format,
    indicator: Option<Id>,
    options: ImportOptions,
) -> Result<ImportSummary, Error> {
    let reader = Cursor::new(text.as_bytes().to_vec());
    indicators::import_file(store, &admin(), &author(), reader, format, indicator, options, &mut |_, _| {}).await
}

fn skip_unlisted() -> ImportOptions {
    ImportOptions { skip_unlisted_regions: true, ..ImportOptions::default() }
}

async fn value_of(store: &Store, indicator: Id, area: AreaKey, year: i32) -> Option<f64> {
    let query = ValueQuery { areas: vec![area], from: Some(year), to: Some(year), gender: Some(Gender::Total) };
    let (found, total) = indicators::values(store, indicator, &query, 0, 10).await.unwrap();
    assert_eq!(total, 1, "one value of {indicator} in {year}");
    found[0].value
}

fn municipality(code: &str) -> AreaKey {
    AreaKey::new(AreaKind::Municipality, code)
}

// ---- the real files ---------------------------------------------------------------------

async fn sotkanet_json_and_csv_import_by_official_code(store: &Store) {
    catalogue(store).await;
    let json = import_file(store, "SotkaIndicatorData.json", Format::SotkanetJson, None, skip_unlisted()).await.unwrap();
    assert_eq!((json.read, json.written, json.replaced, json.missing), (466, 337, 0, 0));
    // 317 municipalities, 19 regions and the country; the rest are kinds Foorumi keeps
    // no values for, counted by Sotkanet's category.
    assert_eq!(json.other_areas["SEUTUKUNTA"], 70);
    assert_eq!(json.other_areas.values().sum::<u64>(), 126);
    assert_eq!((json.indicators.clone(), json.first_year, json.last_year), (vec![127], Some(2009), Some(2009)));
    assert_eq!(value_of(store, 127, municipality("398"), 2009).await, Some(100_854.0));
    assert_eq!(value_of(store, 127, municipality("016"), 2009).await, Some(8_551.0));
    assert_eq!(value_of(store, 127, AreaKey::new(AreaKind::Region, "07"), 2009).await, Some(201_270.0));
    assert_eq!(value_of(store, 127, AreaKey::new(AreaKind::Country, "358"), 2009).await, Some(5_351_427.0));

    // The CSV of the same answer gives the same values: all 337 replaced, none added.
    let all = ValueQuery::default();
    let (before, _) = indicators::values(store, 127, &all, 0, 1000).await.unwrap();
    let csv = import_file(store, "SotkaIndicatorData.csv", Format::SotkanetCsv, None, skip_unlisted()).await.unwrap();
    assert_eq!((csv.read, csv.written, csv.replaced), (466, 337, 337));
    let (after, total) = indicators::values(store, 127, &all, 0, 1000).await.unwrap();
    assert_eq!(total, 337);
    assert_eq!(after, before);
    assert_eq!(count(store, "indicator_values").await, 337);
}

async fn region_ids_missing_from_the_list_refuse_the_file_unless_skipped(store: &Store) {
    catalogue(store).await;
    // The data file is newer than the region list: three of its ids are not there.
    let refused = import_file(store, "SotkaIndicatorData.json", Format::SotkanetJson, None, ImportOptions::default()).await;
    assert_eq!(fields(refused), [pair("record 310: region", "error-indicator-unknown-area")]);
    let refused = import_file(store, "SotkaIndicatorData.csv", Format::SotkanetCsv, None, ImportOptions::default()).await;
    assert_eq!(fields(refused), [pair("line 311: region", "error-indicator-unknown-area")]);
    assert_eq!(count(store, "indicator_values").await, 0, "nothing of a refused file is kept");
    let skipped = import_file(store, "SotkaIndicatorData.json", Format::SotkanetJson, None, skip_unlisted()).await.unwrap();
    let unlisted: Vec<(&str, i64)> = skipped.unlisted_regions.iter().map(|(place, id)| (place.as_str(), *id)).collect();
    assert_eq!(unlisted, [("record 310", 730), ("record 381", 456), ("record 441", 455)]);
}

async fn paijat_hame_2009_population_is_201_270_by_dated_membership(store: &Store) {
    catalogue(store).await;
    let region = paijat_hame_with_municipalities(store).await;
    let options = ImportOptions { region_id: Some(region.id), skip_unlisted_regions: true };
    let summary = import_file(store, "SotkaIndicatorData.json", Format::SotkanetJson, None, options).await.unwrap();

    let figure = indicators::region_figure(store, region.id, 127, 2009, Gender::Total).await.unwrap();
    assert_eq!(figure.method, AggregateMethod::SumOfMembers);
    assert_eq!(figure.value, Some(201_270.0));
    assert_eq!(figure.source_value, Some(201_270.0), "the members add up to Sotkanet's own figure");
    let codes: Vec<&str> = figure.members.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(
        codes,
        ["016", "081", "098", "111", "283", "316", "398", "532", "560", "576", "781"],
        "Nastola and Hämeenkoski in, Iitti out"
    );

    // Iitti's 2009 value is Kymenlaakso's: written, and reported as outside the region.
    let iitti = summary.outside_region.iter().find(|o| o.area.key == municipality("142")).expect("Iitti is reported");
    assert!(iitti.in_register);
    assert_eq!((iitti.first_year, iitti.last_year, iitti.values), (2009, 2009, 1));
    assert_eq!(value_of(store, 127, municipality("142"), 2009).await, Some(7_044.0));
    for code in ["532", "283", "398"] {
        assert!(summary.outside_region.iter().all(|o| o.area.key != municipality(code)), "{code} was a member in 2009");
    }
    let oulu = summary.outside_region.iter().find(|o| o.area.key == municipality("564")).expect("Oulu is outside");
    assert!(!oulu.in_register);
    assert!(summary.outside_region.iter().all(|o| o.area.key != AreaKey::new(AreaKind::Region, "07")));
}

async fn todays_division_counts_iitti_from_2021_and_never_sums_past_a_gap(store: &Store) {
    catalogue(store).await;
    let region = paijat_hame_with_municipalities(store).await;
    let options = ImportOptions { region_id: Some(region.id), ..ImportOptions::default() };
    // geofi's file: municipality codes without their zeros, on the division of the 2020s.
    let summary = import_file(store, "geofi_sotkadata_population_ind127.csv", Format::Csv, Some(127), options).await.unwrap();
    assert_eq!((summary.read, summary.written, summary.first_year, summary.last_year), (7107, 7107, Some(2000), Some(2022)));
    assert_eq!(value_of(store, 127, municipality("009"), 2010).await, Some(2_770.0));
    let iitti = summary.outside_region.iter().find(|o| o.area.key == municipality("142")).expect("Iitti is reported");
    assert_eq!((iitti.first_year, iitti.last_year, iitti.values, iitti.in_register), (2000, 2020, 21, true));

    let in_2020 = indicators::region_figure(store, region.id, 127, 2020, Gender::Total).await.unwrap();
    let in_2021 = indicators::region_figure(store, region.id, 127, 2021, Gender::Total).await.unwrap();
    assert_eq!((in_2020.members.len(), in_2021.members.len()), (9, 10));
    assert!(in_2021.members.iter().any(|m| m.code == "142"));
    let sum_2021: f64 = in_2021.members.iter().map(|m| m.value.unwrap()).sum();
    assert_eq!(in_2021.value, Some(sum_2021));
    // In 2009 Nastola and Hämeenkoski were members, but this file has no figures for
    // them (their people are in Lahti's and Hollola's): the sum is missing, not short.
    let in_2009 = indicators::region_figure(store, region.id, 127, 2009, Gender::Total).await.unwrap();
    assert_eq!(in_2009.value, None);
    let gaps: Vec<&str> = in_2009.members.iter().filter(|m| m.value.is_none()).map(|m| m.code.as_str()).collect();
    assert_eq!(gaps, ["283", "532"]);
}

async fn a_rate_takes_the_sources_own_region_figure(store: &Store) {
    catalogue(store).await;
    let region = paijat_hame_with_municipalities(store).await;
    // Mortality per 100 000 (186): the region's rate is THL's, not a sum or a mean.
    let text = "area_kind,area_code,value,year\nmunicipality,398,1100.5,2023\nmunicipality,16,1500.0,2023\nregion,07,1180.2,2023\n";
    import_text(store, text, Format::Csv, Some(186), ImportOptions::default()).await.unwrap();
    let figure = indicators::region_figure(store, region.id, 186, 2023, Gender::Total).await.unwrap();
    assert_eq!(figure.method, AggregateMethod::SourceValue);
    assert_eq!(figure.value, Some(1180.2));
    let without = "area_kind,area_code,value,year\nmunicipality,398,1100.5,2024\n";
    import_text(store, without, Format::Csv, Some(186), ImportOptions::default()).await.unwrap();
    let figure = indicators::region_figure(store, region.id, 186, 2024, Gender::Total).await.unwrap();
    assert_eq!(figure.value, None, "no region figure from the source: missing, not made up");
}

// ---- missing, bad and outside ---------------------------------------------------------------

async fn a_missing_value_is_stored_as_missing_never_as_zero(store: &Store) {
    catalogue(store).await;
    let text = "municipality_code,primary.value,year\n398,,2020\n398,NA,2021\n398,0,2022\n";
    let summary = import_text(store, text, Format::Csv, Some(127), ImportOptions::default()).await.unwrap();
    assert_eq!((summary.written, summary.missing), (3, 2));
    let query = ValueQuery { areas: vec![municipality("398")], ..ValueQuery::default() };
    let (found, _) = indicators::values(store, 127, &query, 0, 10).await.unwrap();
    let got: Vec<(i32, Option<f64>)> = found.iter().map(|v| (v.year, v.value)).collect();
    assert_eq!(got, [(2020, None), (2021, None), (2022, Some(0.0))]);
    let nulls: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM indicator_values WHERE value IS NULL").fetch_one(store.pool()).await.unwrap();
    assert_eq!(nulls, 2);
    // Sotkanet's CSV leaves a suppressed figure empty.
    let text = "indicator;region;year;gender;primary value;absolute value\n127;9;2019;total;;\n";
    import_text(store, text, Format::SotkanetCsv, None, ImportOptions::default()).await.unwrap();
    assert_eq!(value_of(store, 127, municipality("016"), 2019).await, None);
}

/// Large files go in several statements; a figure missing in one and present in the same
/// place of the next must not trip the database's idea of the parameters' types.
async fn missing_and_present_figures_mix_across_statements(store: &Store) {
    catalogue(store).await;
    let codes: Vec<String> =
        indicators::areas(store).await.unwrap().into_iter().filter(|a| a.key.kind == AreaKind::Municipality).map(|a| a.key.code).collect();
    let mut text = String::from("area_code,value,absolute_value,year\n");
    let mut rows = 0;
    for year in 2000..=2006 {
        for code in &codes {
            // Every 1000th row (the first of each statement) alternates missing and present.
            let missing = rows % 2000 == 0;
            let (value, absolute) = if missing { (String::new(), String::new()) } else { (format!("{rows}.5"), rows.to_string()) };
            text.push_str(&format!("{code},{value},{absolute},{year}\n"));
            rows += 1;
        }
    }
    assert!(rows > 2 * 1000, "at least two full statements");
    let summary = import_text(store, &text, Format::Csv, Some(127), ImportOptions::default()).await.unwrap();
    assert_eq!((summary.written, summary.missing), (rows, 2));
    let first = &codes[0];
    assert_eq!(value_of(store, 127, municipality(first), 2000).await, None);
    let row_1000 = &codes[1000 % codes.len()];
    assert_eq!(value_of(store, 127, municipality(row_1000), 2000 + (1000 / codes.len()) as i32).await, Some(1000.5));
}

async fn a_bad_file_imports_nothing_and_names_the_line_and_column(store: &Store) {
    catalogue(store).await;
    import_text(store, "municipality_code,primary.value,year\n398,1,2000\n", Format::Csv, Some(127), ImportOptions::default())
        .await
        .unwrap();
    let values_before = count(store, "indicator_values").await;
    let log_before = count(store, "audit_log").await;
    let header = "municipality_code,primary.value,year\n";
    let cases = [
        // An unknown area code (no municipality 999), after good rows.
        (format!("{header}398,100,2001\n016,200,2001\n999,300,2001\n"), pair("line 4: area_code", "error-indicator-unknown-area")),
        // A malformed number.
        (format!("{header}398,100,2002\n016,2O0,2002\n"), pair("line 3: value", "error-indicator-number")),
        // The same key twice (leading zeros or not, 16 is 016).
        (format!("{header}016,100,2003\n398,100,2003\n16,101,2003\n"), pair("line 4: area_code", "error-indicator-duplicate")),
        // A year that is no year.
        (format!("{header}398,100,20x4\n"), pair("line 2: year", "error-indicator-year")),
    ];
    for (text, expected) in cases {
        let result = import_text(store, &text, Format::Csv, Some(127), ImportOptions::default()).await;
        assert_eq!(fields(result), std::slice::from_ref(&expected), "{text}");
        assert_eq!(count(store, "indicator_values").await, values_before, "{expected:?}: nothing written");
        assert_eq!(count(store, "audit_log").await, log_before, "{expected:?}: nothing logged");
    }
    // An indicator missing from the catalogue, in Sotkanet's CSV.
    let text = "indicator;region;year;gender;primary value\n127;9;2009;total;1\n4;9;2009;total;1\n";
    let result = import_text(store, text, Format::SotkanetCsv, None, ImportOptions::default()).await;
    assert_eq!(fields(result), [pair("line 3: indicator", "error-indicator-unknown")]);
    // The same key twice in Sotkanet's JSON: named by record.
    let text = r#"[{"indicator":127,"region":9,"year":2009,"gender":"male","value":1},
                   {"indicator":127,"region":9,"year":2009,"gender":"female","value":1},
                   {"indicator":127,"region":9,"year":2009,"gender":"male","value":2}]"#;
    let result = import_text(store, text, Format::SotkanetJson, None, ImportOptions::default()).await;
    assert_eq!(fields(result), [pair("record 3: region", "error-indicator-duplicate")]);
    assert_eq!(count(store, "indicator_values").await, values_before);
    assert_eq!(count(store, "audit_log").await, log_before);
    assert_eq!(audit::verify(store).await.unwrap(), Verdict::Intact { entries: log_before });
}

async fn values_outside_the_region_on_their_date_are_reported_not_dropped(store: &Store) {
    catalogue(store).await;
    let region = paijat_hame_with_municipalities(store).await;
    let text = "municipality_code,primary.value,year\n142,6800,2020\n142,6789,2021\n564,208000,2021\n532,14800,2016\n398,120000,2021\n";
    let options = ImportOptions { region_id: Some(region.id), ..ImportOptions::default() };
    let summary = import_text(store, text, Format::Csv, Some(127), options).await.unwrap();
    assert_eq!(summary.written, 5, "every value is kept: the data are national");
    let outside: Vec<(&str, i32, i32, bool)> =
        summary.outside_region.iter().map(|o| (o.area.key.code.as_str(), o.first_year, o.last_year, o.in_register)).collect();
    assert_eq!(outside, [("142", 2020, 2020, true), ("532", 2016, 2016, true), ("564", 2021, 2021, false)]);
    assert_eq!(value_of(store, 127, municipality("142"), 2020).await, Some(6_800.0));
}

// ---- the catalogue and the log ---------------------------------------------------------------

async fn metadata_import_keeps_foorumis_own_fields(store: &Store) {
    catalogue(store).await;
    let population = indicators::indicator(store, 127).await.unwrap();
    assert_eq!(population.input.name.fi, "Väestö 31.12.");
    assert_eq!(population.input.source, SOTKANET_SOURCE);
    assert_eq!(population.input.producer.en, "Statistics Finland");
    assert_eq!((population.input.group, population.input.additive), (Some(IndicatorGroup::Vitality), true));
    let mortality = indicators::indicator(store, 186).await.unwrap();
    assert_eq!((mortality.input.decimals, mortality.input.unit.en.as_str()), (1, "Per 100 000 inhabitants"));
    assert!(!mortality.input.description.fi.contains('<'), "descriptions are plain text");
    assert!(mortality.input.description.fi.starts_with("Indikaattori ilmaisee kuolleiden lukumäärän"));

    // Sotkanet's metadata again: the names stay Sotkanet's, Foorumi's fields stay.
    let again = indicator_files::read_metadata(&indicator_data("SotkaIndicators_127.json")).unwrap();
    let summary = indicators::apply_catalogue(store, &admin(), &author(), &again).await.unwrap();
    assert_eq!((summary.created, summary.updated, summary.unchanged), (0, 0, 1));
    assert_eq!(indicators::indicator(store, 127).await.unwrap(), population);
    let grouped = indicators::indicators(store, Some(IndicatorGroup::Vitality)).await.unwrap();
    assert_eq!(grouped.iter().map(|i| i.id).collect::<Vec<_>>(), [127]);

    // A new indicator without a name refuses the whole file.
    let before = count(store, "indicators").await;
    let patches = [
        IndicatorPatch { id: 127, better: Some(Better::Higher), ..IndicatorPatch::default() },
        IndicatorPatch { id: 1_000_001, source: Some("Päijät-Hämeen liitto".into()), ..IndicatorPatch::default() },
    ];
    let result = indicators::apply_catalogue(store, &admin(), &author(), &patches).await;
    assert_eq!(fields(result), [pair("indicator 1000001: name.fi", "error-required")]);
    assert_eq!(count(store, "indicators").await, before);
    assert_eq!(indicators::indicator(store, 127).await.unwrap().input.better, Better::Neither);
    let nobody = Actor::default();
    assert!(matches!(indicators::apply_catalogue(store, &nobody, &author(), &again).await, Err(Error::Forbidden)));
}

async fn each_import_is_in_the_audit_log(store: &Store) {
    catalogue(store).await;
    let text = "municipality_code,primary.value,year\n398,1,2000\n";
    import_text(store, text, Format::Csv, Some(127), ImportOptions::default()).await.unwrap();
    let again = import_text(store, text, Format::Csv, Some(127), ImportOptions::default()).await.unwrap();
    assert_eq!((again.written, again.replaced), (1, 1));
    let imports: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'indicator' AND action = 'import_values' AND entity_id = 127")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(imports, 2);
    assert!(matches!(audit::verify(store).await.unwrap(), Verdict::Intact { .. }));
}

// ---- the API ---------------------------------------------------------------------------------

async fn get(app: &TestApp, path: &str) -> (u16, Value) {
    let response = reqwest::get(app.url(path)).await.expect("GET");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON body"))
}

async fn the_api_gives_values_with_their_source_and_year(store: &TestStore) {
    let app = TestApp::start(store_for(store.backend()).await).await;
    let store = &app.store.store;
    catalogue(store).await;
    paijat_hame_with_municipalities(store).await;
    import_file(store, "SotkaIndicatorData.json", Format::SotkanetJson, None, skip_unlisted()).await.unwrap();
    import_text(store, "municipality_code,primary.value,year\n398,,2010\n", Format::Csv, Some(127), ImportOptions::default())
        .await
        .unwrap();

    let (status, list) = get(&app, "/api/v1/indicators").await;
    assert_eq!((status, list["total"].as_i64()), (200, Some(8)));
    assert_eq!(list["items"][0]["id"], 127);
    let (_, vitality) = get(&app, "/api/v1/indicators?group=vitality").await;
    assert_eq!(vitality["total"], 1);
    let (status, one) = get(&app, "/api/v1/indicators/186").await;
    assert_eq!((status, one["decimals"].as_i64(), one["source"].as_str()), (200, Some(1), Some(SOTKANET_SOURCE)));

    let (status, answer) = get(&app, "/api/v1/indicators/127/values?area=region:07&from=2009&to=2009").await;
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(answer["source"], "THL, Sotkanet");
    assert_eq!((answer["first_year"].as_i64(), answer["last_year"].as_i64()), (Some(2009), Some(2009)));
    assert_eq!(answer["attribution"], "Lähde: THL, Sotkanet, 2009");
    assert_eq!(answer["values"][0]["value"], 201_270.0);
    assert_eq!(answer["values"][0]["text"], "201\u{a0}270");
    assert_eq!(answer["values"][0]["area"]["name"]["fi"], "Päijät-Häme");

    let (_, lahti) = get(&app, "/api/v1/indicators/127/values?area=398&lang=en").await;
    assert_eq!(lahti["attribution"], "Source: THL, Sotkanet, 2009–2010");
    let texts: Vec<(&Value, &Value)> = lahti["values"].as_array().unwrap().iter().map(|v| (&v["value"], &v["text"])).collect();
    assert_eq!(texts, [(&Value::from(100_854.0), &Value::from("100,854")), (&Value::Null, &Value::from("no data"))]);
    let (_, finnish) = get(&app, "/api/v1/indicators/127/values?area=municipality:398&from=2010").await;
    assert_eq!((&finnish["values"][0]["value"], &finnish["values"][0]["text"]), (&Value::Null, &Value::from("ei tietoa")));

    let (_, several) = get(&app, "/api/v1/indicators/127/values?area=398,016&area=country&limit=2").await;
    assert_eq!((several["total"].as_i64(), several["values"].as_array().map(Vec::len)), (Some(4), Some(2)));

    let (status, missing) = get(&app, "/api/v1/indicators/999/values").await;
    assert_eq!((status, missing["type"].as_str()), (404, Some("https://foorumi.fi/problems/not-found")));
    let (status, bad) = get(&app, "/api/v1/indicators/127/values?area=county:9").await;
    assert_eq!((status, bad["errors"][0]["field"].as_str()), (422, Some("area")));
    let (status, bad) = get(&app, "/api/v1/indicators/127/values?from=1800").await;
    assert_eq!((status, bad["errors"][0]["field"].as_str()), (422, Some("from")));

    let (_, doc) = get(&app, "/api/v1/openapi.json").await;
    for path in ["/api/v1/indicators", "/api/v1/indicators/{id}", "/api/v1/indicators/{id}/values"] {
        assert!(doc["paths"][path]["get"]["operationId"].is_string(), "{path}");
    }
    let values = &doc["components"]["schemas"]["IndicatorValues"];
    assert!(values["properties"]["source"].is_object() && values["properties"]["attribution"].is_object(), "{values:#}");
    let parameters = doc["paths"]["/api/v1/indicators/{id}/values"]["get"]["parameters"].to_string();
    for name in ["area", "from", "to", "gender"] {
        assert!(parameters.contains(&format!("\"{name}\"")), "{name}");
    }
}

both_backends!(
    sotkanet_json_and_csv_import_by_official_code,
    region_ids_missing_from_the_list_refuse_the_file_unless_skipped,
    paijat_hame_2009_population_is_201_270_by_dated_membership,
    todays_division_counts_iitti_from_2021_and_never_sums_past_a_gap,
    a_rate_takes_the_sources_own_region_figure,
    a_missing_value_is_stored_as_missing_never_as_zero,
    missing_and_present_figures_mix_across_statements,
    a_bad_file_imports_nothing_and_names_the_line_and_column,
    values_outside_the_region_on_their_date_are_reported_not_dropped,
    metadata_import_keeps_foorumis_own_fields,
    each_import_is_in_the_audit_log,
    the_api_gives_values_with_their_source_and_year,
);
