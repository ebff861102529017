//! The demo's situational picture: THL Sotkanet's real figures for Päijät-Häme's
//! municipalities (population 2000–2022 from geofi's file, then the 2009 answer on the
//! division of 2009, so that the region's 2009 figure adds up to 201 270), the catalogue
//! entries of seven health indicators without values in these files (shown honestly as
//! "ei tietoa"), the municipal borders, the picture's choice of indicators, and a snapshot
//! frozen with commentary and established by an item of the chairs' forum.
//!
//! The files are committed copies under `crates/cli/data/` (sources and licences in its
//! README), embedded in the binary so the demo needs nothing else.

use anyhow::{Context, Result, anyhow};
use foorumi_core::indicators::IndicatorGroup;
use foorumi_core::permissions::Actor;
use foorumi_core::picture::{Snapshot, SnapshotInput};
use foorumi_core::{AgendaItem, AgendaItemInput, ForumLevel, Id, Meeting, MeetingStatus, Publicity};
use foorumi_store::Store;
use foorumi_store::audit::Author;
use foorumi_store::indicator_files::{self, Format, IndicatorPatch};
use foorumi_store::indicators::{self, ImportOptions};
use foorumi_store::{picture, records, snapshots};

const REGIONS: &str = include_str!("../data/SotkaRegions.json");
const METADATA_127: &str = include_str!("../data/SotkaIndicators_127.json");
const METADATA_7: &str = include_str!("../data/sotkanet_indicator_metadata_7.json");
const POPULATION: &str = include_str!("../data/geofi_sotkadata_population_ind127.csv");
const DATA_2009: &str = include_str!("../data/SotkaIndicatorData.json");
const BORDERS: &str = include_str!("../data/kuntarajat.2023.paijat-hame.json");

/// Population first; then mortality, the indicators of the wellbeing services county's
/// hospital care from the metadata file (no values in the committed files).
const CHOSEN: &[Id] = &[127, 186, 322, 3336];

const COMMENTARY: &str = "Päijät-Hämeen väkiluku on kasvanut hitaasti Lahden ja Orimattilan vetämänä, \
kun pienemmissä kunnissa (Hartola, Sysmä, Padasjoki) väki on vähentynyt koko 2000-luvun.\n\n\
Vuoden 2009 luvut ovat **vuoden 2009 kuntajaon** mukaiset: Nastola ja Hämeenkoski olivat vielä omia \
kuntiaan ja Iitti kuului Kymenlaaksoon. Maakunnan luku 201 270 on sen vuoden jäsenkuntien summa. \
Muiden vuosien luvut ovat nykyisen kuntajaon mukaisia, joten Lahden käyrässä näkyy vuonna 2009 \
kuntajaon vaihtuminen, ja maakunnan summa puuttuu vuosilta, joilta Nastolan ja Hämeenkosken \
lukuja ei ole.\n\n\
Terveyden ja hoitoon pääsyn indikaattoreista ei ole vielä tuotu lukuja; ne näkyvät merkinnällä \
\"ei tietoa\" siihen asti.";

fn admin() -> Actor {
    Actor { instance_admin: true, ..Actor::default() }
}

/// Writes the picture and says what it wrote on standard output.
pub async fn write_picture(store: &Store, region_id: Id, today: chrono::NaiveDate) -> Result<()> {
    let author = Author::system("demo");
    let regions = indicator_files::read_regions(REGIONS).map_err(|e| anyhow!("{e}"))?;
    indicators::import_areas(store, &admin(), &author, &regions).await.context("importing Sotkanet's region list")?;
    let mut patches = indicator_files::read_metadata(METADATA_127).map_err(|e| anyhow!("{e}"))?;
    patches.extend(indicator_files::read_metadata(METADATA_7).map_err(|e| anyhow!("{e}"))?);
    indicators::apply_catalogue(store, &admin(), &author, &patches).await.context("importing the indicators' metadata")?;
    // Population is a count: the members' figures add up to the region's.
    let curation = IndicatorPatch { id: 127, additive: Some(true), group: Some(IndicatorGroup::Vitality), ..IndicatorPatch::default() };
    indicators::apply_catalogue(store, &admin(), &author, &[curation]).await?;

    let options = ImportOptions { region_id: Some(region_id), skip_unlisted_regions: true };
    let mut values = 0;
    for (name, text, format, indicator) in
        [("geofi population", POPULATION, Format::Csv, Some(127)), ("Sotkanet 2009", DATA_2009, Format::SotkanetJson, None)]
    {
        let reader = std::io::Cursor::new(text.as_bytes());
        let summary = indicators::import_file(store, &admin(), &author, reader, format, indicator, options.clone(), &mut |_, _| {})
            .await
            .with_context(|| format!("importing {name}"))?;
        values += summary.written;
    }
    picture::import_borders(store, &admin(), &author, BORDERS).await.context("importing the municipal borders")?;
    picture::set_chosen_indicators(store, &admin(), &author, region_id, CHOSEN).await?;

    let input = SnapshotInput { title: "Hyvinvoinnin yhteinen tilannekuva".into(), commentary: COMMENTARY.into() };
    let snapshot = snapshots::create(store, &admin(), &Author::system("demo"), region_id, input, today).await?;
    // The chairs' forum establishes the picture (R3.5): its item on the picture if it has
    // one, otherwise a new item on its next meeting's agenda.
    let items = foorumi_store::views::item_choices(store, region_id).await?;
    let picture_item = items.iter().find(|i| i.level == ForumLevel::Chairs && i.title.to_lowercase().contains("tilannekuv"));
    let item = match picture_item {
        Some(found) => Some(found.item_id),
        None => establishing_item(store, &author, region_id, today).await?,
    };
    let snapshot = match item {
        Some(item) => snapshots::establish(store, &admin(), &author, snapshot.id, item).await?,
        None => snapshot,
    };
    describe(values, &snapshot);
    Ok(())
}

/// A new item on the agenda of the chairs' forum's next meeting (or, without one, its
/// latest), in which it establishes the picture; None when it has no meetings.
async fn establishing_item(store: &Store, author: &Author, region_id: Id, today: chrono::NaiveDate) -> Result<Option<Id>> {
    let register = foorumi_store::views::register(store, region_id).await?;
    let Some(chairs) = register.forums.iter().find(|f| f.input.level == ForumLevel::Chairs) else { return Ok(None) };
    let meetings = foorumi_store::meetings::meetings_of_forum(store, region_id, chairs.id).await?;
    let held = |m: &&Meeting| m.input.status != MeetingStatus::Cancelled;
    let next = meetings.iter().filter(held).filter(|m| m.input.date >= today).min_by_key(|m| m.input.date);
    let latest = meetings.iter().filter(held).filter(|m| m.input.date < today).max_by_key(|m| m.input.date);
    for meeting in next.into_iter().chain(latest) {
        let input = AgendaItemInput {
            meeting_id: meeting.id,
            position: 0,
            title: "Hyvinvoinnin yhteisen tilannekuvan vahvistaminen".into(),
            public_title: String::new(),
            preparer_id: None,
            presenter_id: None,
            background: "Yhteistyön pelisääntöjen mukaan puheenjohtajafoorumi muodostaa alueen hyvinvoinnin tilannekuvan \
vuosittain. Kuntien yhteistyöpäällikkö on jäädyttänyt tilannekuvasta version THL:n Sotkanetin luvuista ja kommentoinut sen."
                .into(),
            proposal: "Puheenjohtajafoorumi vahvistaa hyvinvoinnin yhteisen tilannekuvan jäädytetyn version.".into(),
            publicity: Publicity::Public,
            legal_basis_id: None,
            tags: vec!["hyvinvointi".into(), "tilannekuva".into()],
            party_ids: vec![],
            standing_item_id: None,
            proposal_id: None,
        };
        // A meeting whose record is already checked takes no new item: try the other.
        if let Ok(item) = records::create::<AgendaItem>(store, &admin(), author, region_id, input).await {
            return Ok(Some(item.id));
        }
    }
    Ok(None)
}

fn describe(values: u64, snapshot: &Snapshot) {
    let established = match snapshot.established_by_item_id {
        Some(item) => format!("established by agenda item {item} of the chairs' forum"),
        None => "not established: the chairs' forum has no meeting to take the item".to_owned(),
    };
    println!(
        "  situational picture: {values} indicator values of THL Sotkanet, {} indicators chosen, snapshot {} ({established})",
        CHOSEN.len(),
        snapshot.id
    );
}
