//! The scale generator: a deterministic synthetic register of Finland for benchmarks.
//!
//! Regions, municipalities and wellbeing services counties are the real ones from the
//! classification; everything else is synthetic and the same on every run: per region the
//! regional council, about fifteen forums on all levels, three posts per municipality
//! (manager, council chair, board chair) and the executives of the county and the council,
//! each held by a placeholder person named by the role, and seats for those posts in the
//! region's forums. Everything is written through the store's rules in one transaction.

use anyhow::{Result, anyhow, bail};
use foorumi_core::*;
use foorumi_store::Store;

use crate::classification::{self, ALAND_COUNTY_CODE, Municipality};
use crate::demo::{cadence_annual, cadence_once_per_term, cadence_quarterly};
use crate::writer::{Counts, HeldPost, RegisterWriter, SeatSpec, ascii_slug, date};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// All 19 regions of the classification (308 municipalities).
    National,
    /// One region (see `--region`).
    Region,
}

/// Each region's regional council (maakunnan liitto); Åland has its government instead.
const COUNCILS: &[(&str, &str)] = &[
    ("01", "Uudenmaan liitto"),
    ("02", "Varsinais-Suomen liitto"),
    ("04", "Satakuntaliitto"),
    ("05", "Hämeen liitto"),
    ("06", "Pirkanmaan liitto"),
    ("07", "Päijät-Hämeen liitto"),
    ("08", "Kymenlaakson liitto"),
    ("09", "Etelä-Karjalan liitto"),
    ("10", "Etelä-Savon maakuntaliitto"),
    ("11", "Pohjois-Savon liitto"),
    ("12", "Pohjois-Karjalan maakuntaliitto"),
    ("13", "Keski-Suomen liitto"),
    ("14", "Etelä-Pohjanmaan liitto"),
    ("15", "Pohjanmaan liitto"),
    ("16", "Keski-Pohjanmaan liitto"),
    ("17", "Pohjois-Pohjanmaan liitto"),
    ("18", "Kainuun liitto"),
    ("19", "Lapin liitto"),
    ("21", "Ahvenanmaan maakunnan hallitus"),
];

/// The forums of every generated region: key, names, level, parent key, cadence and
/// publicity.
struct GenForum {
    name: Names,
    level: ForumLevel,
    parent: Option<usize>,
    cadence: Cadence,
    publicity: Publicity,
}

fn forums() -> Vec<GenForum> {
    use ForumLevel::*;
    let f = |fi: &str, sv: &str, en: &str, level, parent, cadence, publicity| GenForum {
        name: Names::new(fi, sv, en),
        level,
        parent,
        cadence,
        publicity,
    };
    let monthly = |weekday, week, excluded: &[u8]| Cadence {
        kind: CadenceKind::Monthly,
        weekday: Some(weekday),
        week_of_month: Some(week),
        month: None,
        excluded_months: excluded.to_vec(),
        ..Cadence::as_needed()
    };
    vec![
        f(
            "Strategisen tason foorumi",
            "Forum på strategisk nivå",
            "Strategic forum",
            Strategic,
            None,
            cadence_once_per_term(),
            Publicity::Public,
        ),
        f("Puheenjohtajafoorumi", "Ordförandeforum", "Chairs' forum", Chairs, Some(0), cadence_annual(2), Publicity::Public),
        f(
            "Kuntajohtajakokous",
            "Kommundirektörsmötet",
            "Municipal managers' meeting",
            Tactical,
            Some(1),
            monthly(2, 2, &[7]),
            Publicity::Public,
        ),
        f(
            "Yhdyspintaneuvottelukunta",
            "Delegationen för gränsytor",
            "Interface advisory board",
            Tactical,
            Some(1),
            cadence_quarterly(4, 1),
            Publicity::Public,
        ),
        f(
            "Järjestöneuvottelukunta",
            "Organisationsdelegationen",
            "NGO advisory board",
            Tactical,
            Some(1),
            cadence_quarterly(3, 2),
            Publicity::Public,
        ),
        f(
            "Turvallisuus- ja valmiustoimikunta",
            "Säkerhets- och beredskapskommittén",
            "Security and preparedness committee",
            Operational,
            Some(2),
            cadence_quarterly(3, 3),
            Publicity::Secret,
        ),
        f(
            "Alueellinen yhteistyöryhmä",
            "Regionala samarbetsgruppen",
            "Regional cooperation group",
            Operational,
            Some(3),
            Cadence::as_needed(),
            Publicity::Public,
        ),
        f(
            "Elinvoimaverkosto",
            "Nätverket för livskraft",
            "Vitality network",
            Operational,
            Some(2),
            monthly(4, 3, &[6, 7, 8]),
            Publicity::Public,
        ),
        f(
            "Hyvinvoinnin ja terveyden edistämisen verkosto",
            "Nätverket för främjande av välfärd och hälsa",
            "Wellbeing and health promotion network",
            Operational,
            Some(3),
            cadence_quarterly(2, 3),
            Publicity::Public,
        ),
        f(
            "Liikenne- ja maankäyttöfoorumi",
            "Forumet för trafik och markanvändning",
            "Transport and land use forum",
            Operational,
            Some(2),
            cadence_quarterly(1, 4),
            Publicity::Public,
        ),
        f(
            "Kuntaturva-työryhmä",
            "Arbetsgruppen Kuntaturva",
            "Kuntaturva working group",
            WorkingGroup,
            Some(2),
            Cadence::as_needed(),
            Publicity::Secret,
        ),
        f(
            "Maahanmuutto-ohjelman ohjausryhmä",
            "Styrgruppen för invandringsprogrammet",
            "Immigration programme steering group",
            WorkingGroup,
            Some(2),
            Cadence::as_needed(),
            Publicity::Public,
        ),
        f(
            "Työllisyyspalvelujen yhteistyöryhmä",
            "Samarbetsgruppen för sysselsättningstjänster",
            "Employment services cooperation group",
            WorkingGroup,
            Some(2),
            Cadence::as_needed(),
            Publicity::Public,
        ),
        f(
            "Ilmasto- ja energiatyöryhmä",
            "Arbetsgruppen för klimat och energi",
            "Climate and energy working group",
            WorkingGroup,
            Some(2),
            Cadence::as_needed(),
            Publicity::Public,
        ),
        f(
            "Digitalisaatiotyöryhmä",
            "Arbetsgruppen för digitalisering",
            "Digitalisation working group",
            WorkingGroup,
            Some(2),
            Cadence::as_needed(),
            Publicity::Public,
        ),
    ]
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn swedish_genitive(name: &str) -> String {
    if name.ends_with(['s', 'x', 'z']) { name.to_owned() } else { format!("{name}s") }
}

/// Writes the register of all regions (`National`) or of `region_code` (`Region`) into
/// `store`, in one transaction.
pub async fn generate(store: &Store, scale: Scale, region_code: &str) -> Result<Counts> {
    let all = classification::municipalities()?;
    let regions: Vec<(String, Names)> = match scale {
        Scale::National => classification::regions(&all),
        Scale::Region => {
            let code = foorumi_core::text::pad_two_digit_code(region_code).ok_or_else(|| anyhow!("bad region code {region_code:?}"))?;
            let found = classification::regions(&all).into_iter().filter(|(c, _)| *c == code).collect::<Vec<_>>();
            if found.is_empty() {
                bail!("no region {code} in the classification");
            }
            found
        }
    };
    let mut tx = store.write().await?;
    let mut total = Counts::default();
    for (code, name) in regions {
        let municipalities = classification::of_region(&all, &code);
        let mut w = RegisterWriter::new(&mut tx, "gen");
        write_region(&mut w, &code, name, &municipalities).await?;
        total.add(w.counts);
    }
    tx.commit().await?;
    Ok(total)
}

async fn write_region(w: &mut RegisterWriter<'_, '_>, code: &str, name: Names, municipalities: &[&Municipality]) -> Result<()> {
    let start = date("2025-06-01");
    w.region(code, name.clone()).await?;
    w.term(date("2021-06-01"), date("2025-05-31")).await?;
    let term = w.term(start, date("2029-05-31")).await?;
    let periods = vec![RegionPeriod { region_code: code.into(), valid_from: date("1900-01-01"), valid_until: None }];
    let party = |kind, code: Option<&str>, name: Names| PartyInput {
        kind,
        code: code.map(str::to_owned),
        name,
        signed_protocol: true,
        is_example: false,
        region_periods: periods.clone(),
    };
    let post = async |w: &mut RegisterWriter<'_, '_>, party: Id, party_name: &str, title: Names, mail: String| {
        let holder = format!("{}, {party_name}", capitalised(&title.fi));
        w.held_post(party, title, &holder, &mail, start).await
    };

    let council_fi = COUNCILS.iter().find(|(c, _)| *c == code).map_or_else(|| format!("{} liitto", name.fi), |(_, n)| (*n).to_owned());
    let council_name =
        Names::new(&council_fi, &format!("{} förbund", swedish_genitive(&name.sv)), &format!("Regional Council of {}", name.en));
    let council = w.party(party(PartyKind::RegionalCouncil, None, council_name)).await?;
    let council_slug = ascii_slug(&council_fi);
    let mut council_posts = Vec::new();
    for (title, mail) in [
        (Names::new("maakuntajohtaja", "landskapsdirektör", "regional director"), "maakuntajohtaja"),
        (
            Names::new("maakuntahallituksen puheenjohtaja", "landskapsstyrelsens ordförande", "chair of the regional board"),
            "maakuntahallitus.pj",
        ),
        (
            Names::new("maakuntavaltuuston puheenjohtaja", "landskapsfullmäktiges ordförande", "chair of the regional assembly"),
            "maakuntavaltuusto.pj",
        ),
        (Names::new("kuntayhteistyöpäällikkö", "chef för kommunsamarbete", "municipal cooperation manager"), "kuntayhteistyo"),
    ] {
        council_posts.push(post(w, council, &council_fi, title, format!("{mail}.{council_slug}@example.org")).await?);
    }
    let [council_director, council_board_chair, council_assembly_chair, coop_manager] = council_posts[..] else {
        unreachable!("four council posts")
    };

    // The region's wellbeing services counties (Uusimaa has four and Helsinki; Åland none).
    let mut counties: Vec<[HeldPost; 3]> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for m in municipalities {
        if m.county_code == ALAND_COUNTY_CODE || seen.contains(&m.county_code.as_str()) {
            continue;
        }
        seen.push(&m.county_code);
        let id = w.party(party(PartyKind::WellbeingCounty, Some(&m.county_code), m.county_name.clone())).await?;
        let slug = format!("hva{}", m.county_code);
        let mut list = Vec::new();
        for (title, mail) in [
            (Names::new("hyvinvointialuejohtaja", "välfärdsområdesdirektör", "director of the wellbeing services county"), "johtaja"),
            (
                Names::new("aluehallituksen puheenjohtaja", "välfärdsområdesstyrelsens ordförande", "chair of the county board"),
                "aluehallitus.pj",
            ),
            (
                Names::new("aluevaltuuston puheenjohtaja", "välfärdsområdesfullmäktiges ordförande", "chair of the county council"),
                "aluevaltuusto.pj",
            ),
        ] {
            list.push(post(w, id, &m.county_name.fi, title, format!("{mail}.{slug}@example.org")).await?);
        }
        counties.push([list[0], list[1], list[2]]);
    }

    let mut managers = Vec::new();
    let mut council_chairs = Vec::new();
    let mut board_chairs = Vec::new();
    for m in municipalities {
        let id = w.party(party(PartyKind::Municipality, Some(&m.code), m.name.clone())).await?;
        let manager = if m.urbanity == 1 {
            Names::new("kaupunginjohtaja", "stadsdirektör", "mayor")
        } else {
            Names::new("kunnanjohtaja", "kommundirektör", "municipal manager")
        };
        let mail = |role: &str| format!("{role}.{}@example.org", m.code);
        managers.push(post(w, id, &m.name.fi, manager, mail("johtaja")).await?);
        council_chairs.push(
            post(
                w,
                id,
                &m.name.fi,
                Names::new("valtuuston puheenjohtaja", "fullmäktiges ordförande", "chair of the council"),
                mail("valtuusto.pj"),
            )
            .await?,
        );
        board_chairs.push(
            post(
                w,
                id,
                &m.name.fi,
                Names::new("hallituksen puheenjohtaja", "styrelsens ordförande", "chair of the board"),
                mail("hallitus.pj"),
            )
            .await?,
        );
    }

    let mut forum_ids: Vec<Id> = Vec::new();
    for spec in forums() {
        let legal_type = if spec.level == ForumLevel::WorkingGroup { LegalType::WorkingGroup } else { LegalType::CooperationForum };
        let mandate = Names::new(
            &format!(
                "{}: alueen kuntien, hyvinvointialueen ja maakunnan liiton yhteistyöfoorumi. Synteettinen aineisto kuormitustestejä varten.",
                spec.name.fi
            ),
            &format!(
                "{}: samarbetsforum för regionens kommuner, välfärdsområdet och landskapsförbundet. Syntetiska data för belastningstester.",
                spec.name.sv
            ),
            &format!(
                "{}: cooperation forum of the region's municipalities, wellbeing services county and regional council. Synthetic data for load tests.",
                spec.name.en
            ),
        );
        let id = w
            .forum(ForumInput {
                name: spec.name,
                short_name: String::new(),
                level: spec.level,
                legal_type,
                mandate,
                parent_id: spec.parent.map(|index| forum_ids[index]),
                cadence: spec.cadence,
                default_publicity: spec.publicity,
                notice_days: 4,
                minutes_approval: MinutesApproval::Checkers,
                organisation_id: None,
            })
            .await?;
        forum_ids.push(id);
    }

    use SeatRole::*;
    let seat = async |w: &mut RegisterWriter<'_, '_>, forum: usize, holder: HeldPost, role: SeatRole| {
        w.seat(SeatSpec::new(forum_ids[forum], term, holder, role, start)).await.map(|_| ())
    };
    let county_directors: Vec<HeldPost> = counties.iter().map(|c| c[0]).collect();
    let convener = county_directors.first().copied().unwrap_or(council_director);

    // 0 strategic: every post of the region.
    for holder in [council_director, council_board_chair, council_assembly_chair]
        .into_iter()
        .chain(counties.iter().flatten().copied())
        .chain(managers.iter().copied())
        .chain(council_chairs.iter().copied())
        .chain(board_chairs.iter().copied())
    {
        seat(w, 0, holder, Member).await?;
    }
    seat(w, 0, coop_manager, Secretary).await?;
    // 1 chairs' forum: the chairs of councils and boards.
    seat(w, 1, council_assembly_chair, Chair).await?;
    for holder in std::iter::once(council_board_chair)
        .chain(counties.iter().flat_map(|c| [c[1], c[2]]))
        .chain(council_chairs.iter().copied())
        .chain(board_chairs.iter().copied())
    {
        seat(w, 1, holder, Member).await?;
    }
    seat(w, 1, coop_manager, Secretary).await?;
    // 2 municipal managers' meeting.
    for holder in [council_director, council_board_chair]
        .into_iter()
        .chain(managers.iter().copied())
        .chain(council_chairs.iter().copied())
        .chain(board_chairs.iter().copied())
    {
        seat(w, 2, holder, Member).await?;
    }
    for holder in &county_directors {
        seat(w, 2, *holder, StandingGuest).await?;
    }
    seat(w, 2, coop_manager, Secretary).await?;
    // 3 interface advisory board and 5–9 operational forums: the county and the managers.
    for forum in [3, 5, 6, 7, 8, 9] {
        seat(w, forum, convener, Chair).await?;
        for holder in managers.iter().copied().chain(county_directors.iter().copied().filter(|d| *d != convener)) {
            seat(w, forum, holder, Member).await?;
        }
        seat(w, forum, coop_manager, Secretary).await?;
    }
    // 4 NGO advisory board: small.
    seat(w, 4, convener, Chair).await?;
    if convener != council_director {
        seat(w, 4, council_director, Member).await?;
    }
    seat(w, 4, coop_manager, Secretary).await?;
    // 10–14 working groups: the managers, with the cooperation manager.
    for forum in 10..15 {
        let role = if forum == 11 { Chair } else { Secretary };
        seat(w, forum, coop_manager, role).await?;
        for holder in &managers {
            seat(w, forum, *holder, Member).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn generated(scale: Scale) -> (tempfile::TempDir, Store, Counts) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("gen.sqlite").display());
        let store = Store::open(&url, 4).await.unwrap();
        let counts = generate(&store, scale, "07").await.unwrap();
        (dir, store, counts)
    }

    /// Regions, municipalities, counties and forums in the store.
    async fn tally(store: &Store) -> (usize, usize, usize, usize) {
        let export = foorumi_store::register_file::export(store).await.unwrap();
        let parties = || export.regions.iter().flat_map(|r| &r.parties);
        (
            export.regions.len(),
            parties().filter(|p| p.input.kind == PartyKind::Municipality).count(),
            parties().filter(|p| p.input.kind == PartyKind::WellbeingCounty).count(),
            export.regions.iter().map(|r| r.forums.len()).sum(),
        )
    }

    #[tokio::test]
    async fn national_scale_has_every_region_and_municipality() {
        let (_dir, store, counts) = generated(Scale::National).await;
        let (regions, municipalities, counties, forums) = tally(&store).await;
        assert_eq!(regions, 19);
        assert_eq!(municipalities, 308);
        assert_eq!(counties, 22, "21 counties and Helsinki");
        assert_eq!(forums, 19 * 15);
        assert_eq!(counts.posts, 308 * 3 + 19 * 4 + 22 * 3);
        assert!(counts.seats > 5000, "{counts}");
    }

    #[tokio::test]
    async fn generation_is_deterministic() {
        let (_d1, first, _) = generated(Scale::Region).await;
        let (_d2, second, _) = generated(Scale::Region).await;
        let a = serde_json::to_string(&foorumi_store::register_file::export(&first).await.unwrap()).unwrap();
        let b = serde_json::to_string(&foorumi_store::register_file::export(&second).await.unwrap()).unwrap();
        assert_eq!(a, b);
        assert_eq!(tally(&first).await, (1, 10, 1, 15));
    }
}
