//! The demo region, Päijät-Häme, as the two source documents describe its cooperation:
//! its ten municipalities (and Nastola and Hämeenkoski, merged in 2016, for history), the
//! wellbeing services county, the regional council, a state agency, and clearly marked
//! example companies, NGOs and stakeholders; posts held by placeholder people named by
//! their role (never a real person); the forums on four levels and their seats for the
//! council term 2025–2029.
//!
//! The whole register is written in one transaction through the store's rules, so the demo
//! is also a test that the seeds' model fits the register.

use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};
use chrono::{Datelike, NaiveDate};
use foorumi_core::permissions::Actor;
use foorumi_core::rules::chair_rotation;
use foorumi_core::*;
use foorumi_store::accounts::{self, NewUser};
use foorumi_store::audit::Author;
use foorumi_store::{Store, meetings, records};

use crate::classification::{self, Municipality};
use crate::writer::{Counts, HeldPost, RegisterWriter, SeatSpec, ascii_slug, date};

pub const REGION_CODE: &str = "07";
/// Printed at start; the demo database is rebuilt on every `foorumi demo`.
pub const DEMO_PASSWORD: &str = "foorumi-demo-2025";

/// A demo account as printed at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub email: &'static str,
    pub role: &'static str,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount { email: "yllapito@example.org", role: "region administrator of Päijät-Häme" },
    DemoAccount { email: "sihteeri@example.org", role: "secretary (the municipal cooperation manager's seats)" },
    DemoAccount { email: "lahti@example.org", role: "party administrator of Lahti" },
    DemoAccount { email: "jasen@example.org", role: "member (Hollola's municipal manager)" },
];

/// What the demo wrote, for the start-up message and tests.
#[derive(Debug, Clone)]
pub struct Demo {
    pub region_id: Id,
    pub counts: Counts,
}

/// Per municipality: whether it is a city (kaupunki) and the genitive of its name, which
/// Finnish role names need ("Lahden kaupunginjohtaja").
const MUNICIPALITY_FORMS: &[(&str, bool, &str)] = &[
    ("016", false, "Asikkalan"),
    ("081", false, "Hartolan"),
    ("098", false, "Hollolan"),
    ("111", true, "Heinolan"),
    ("142", false, "Iitin"),
    ("316", false, "Kärkölän"),
    ("398", true, "Lahden"),
    ("560", true, "Orimattilan"),
    ("576", false, "Padasjoen"),
    ("781", false, "Sysmän"),
];

/// The order the chairs' forum's chair rotates in: Padasjoki in autumn 2025, Sysmä in
/// spring 2026 (domain section 4), then the others in alphabetical order.
const CHAIR_ROTATION: &[&str] = &["576", "781", "016", "081", "111", "098", "142", "316", "398", "560"];

fn n(fi: &str, sv: &str, en: &str) -> Names {
    Names::new(fi, sv, en)
}

fn since_1900(region: &str) -> Vec<RegionPeriod> {
    vec![RegionPeriod { region_code: region.into(), valid_from: date("1900-01-01"), valid_until: None }]
}

fn party(kind: PartyKind, code: Option<&str>, name: Names, signed: bool, example: bool, periods: Vec<RegionPeriod>) -> PartyInput {
    PartyInput { kind, code: code.map(str::to_owned), name, signed_protocol: signed, is_example: example, region_periods: periods }
}

fn cadence_monthly(weekday: u8, week: i8, excluded: &[u8]) -> Cadence {
    Cadence {
        kind: CadenceKind::Monthly,
        weekday: Some(weekday),
        week_of_month: Some(week),
        month: None,
        excluded_months: excluded.to_vec(),
        ..Cadence::as_needed()
    }
}

/// Four meetings a year (March, June, September, December): the cadence has no
/// "quarterly", so it is a monthly rhythm with the other months left out.
pub fn cadence_quarterly(weekday: u8, week: i8) -> Cadence {
    cadence_monthly(weekday, week, &[1, 2, 4, 5, 7, 8, 10, 11])
}

pub fn cadence_annual(month: u8) -> Cadence {
    Cadence {
        kind: CadenceKind::Annual,
        weekday: None,
        week_of_month: None,
        month: Some(month),
        excluded_months: vec![],
        ..Cadence::as_needed()
    }
}

pub fn cadence_once_per_term() -> Cadence {
    Cadence { kind: CadenceKind::OncePerTerm, ..Cadence::as_needed() }
}

/// The posts of the demo by key, with their holders.
struct Posts(HashMap<String, HeldPost>);

impl Posts {
    /// Creates a post with its placeholder holder and keeps it under `key`.
    #[allow(clippy::too_many_arguments)]
    async fn add(
        &mut self,
        w: &mut RegisterWriter<'_, '_>,
        key: String,
        party: Id,
        title: Names,
        holder: String,
        email: String,
        from: NaiveDate,
    ) -> Result<()> {
        let held = w.held_post(party, title, &holder, &email, from).await?;
        self.0.insert(key, held);
        Ok(())
    }

    fn get(&self, key: &str) -> Result<HeldPost> {
        self.0.get(key).copied().ok_or_else(|| anyhow!("demo: no post {key}"))
    }
}

/// Writes the demo register into `store` in one transaction.
pub async fn build_register(store: &Store) -> Result<Demo> {
    let all = classification::municipalities()?;
    let municipalities = classification::of_region(&all, REGION_CODE);
    let mut tx = store.write().await?;
    let mut w = RegisterWriter::new(&mut tx, "demo");
    let region_id = w.region(REGION_CODE, n("Päijät-Häme", "Päijänne-Tavastland", "Päijät-Häme")).await?;
    let term_start = date("2025-06-01");
    let term_end = date("2029-05-31");
    w.term(date("2021-06-01"), date("2025-05-31")).await?;
    let term = w.term(term_start, term_end).await?;

    let mut posts = Posts(HashMap::new());
    write_parties_and_posts(&mut w, &municipalities, term_start, &mut posts).await?;
    write_forums_and_seats(&mut w, &municipalities, term, term_start, term_end, &posts).await?;

    let counts = w.counts;
    tx.commit().await?;
    Ok(Demo { region_id, counts })
}

async fn write_parties_and_posts(
    w: &mut RegisterWriter<'_, '_>,
    municipalities: &[&Municipality],
    from: NaiveDate,
    posts: &mut Posts,
) -> Result<()> {
    // The regional council, the county and the municipalities signed the protocol.
    let council = w
        .party(party(
            PartyKind::RegionalCouncil,
            None,
            n("Päijät-Hämeen liitto", "Päijänne-Tavastlands förbund", "Regional Council of Päijät-Häme"),
            true,
            false,
            since_1900(REGION_CODE),
        ))
        .await?;
    for (key, title, mail) in [
        ("council/director", n("maakuntajohtaja", "landskapsdirektör", "regional director"), "maakuntajohtaja"),
        (
            "council/board_chair",
            n("maakuntahallituksen puheenjohtaja", "landskapsstyrelsens ordförande", "chair of the regional board"),
            "maakuntahallitus.pj",
        ),
        (
            "council/assembly_chair",
            n("maakuntavaltuuston puheenjohtaja", "landskapsfullmäktiges ordförande", "chair of the regional assembly"),
            "maakuntavaltuusto.pj",
        ),
        (
            "council/coop_manager",
            n("kuntayhteistyöpäällikkö", "chef för kommunsamarbete", "municipal cooperation manager"),
            "kuntayhteistyo",
        ),
    ] {
        let holder = format!("Päijät-Hämeen liiton {}", title.fi);
        posts.add(w, key.into(), council, title, holder, format!("{mail}@example.org"), from).await?;
    }

    let county_row = municipalities.first().ok_or_else(|| anyhow!("no municipalities in region {REGION_CODE}"))?;
    let county = w
        .party(party(
            PartyKind::WellbeingCounty,
            Some(&county_row.county_code),
            county_row.county_name.clone(),
            true,
            false,
            since_1900(REGION_CODE),
        ))
        .await?;
    for (key, title, mail) in [
        (
            "county/director",
            n("hyvinvointialuejohtaja", "välfärdsområdesdirektör", "director of the wellbeing services county"),
            "hyvinvointialuejohtaja",
        ),
        (
            "county/board_chair",
            n("aluehallituksen puheenjohtaja", "välfärdsområdesstyrelsens ordförande", "chair of the county board"),
            "aluehallitus.pj",
        ),
        (
            "county/council_chair",
            n("aluevaltuuston puheenjohtaja", "välfärdsområdesfullmäktiges ordförande", "chair of the county council"),
            "aluevaltuusto.pj",
        ),
        ("county/preparedness", n("valmiuspäällikkö", "beredskapschef", "head of preparedness"), "valmiuspaallikko"),
        ("county/rescue", n("pelastusjohtaja", "räddningsdirektör", "chief of the rescue services"), "pelastusjohtaja"),
        ("county/planner", n("valmiussuunnittelija", "beredskapsplanerare", "preparedness planner"), "valmiussuunnittelija"),
        (
            "county/hyte",
            n(
                "hyvinvoinnin ja terveyden edistämisen päällikkö",
                "chef för främjande av välfärd och hälsa",
                "head of wellbeing and health promotion",
            ),
            "hyte",
        ),
        (
            "county/ngo_coordinator",
            n("järjestöyhteistyön koordinaattori", "koordinator för organisationssamarbete", "NGO cooperation coordinator"),
            "jarjestoyhteistyo",
        ),
    ] {
        let holder = format!("Päijät-Hämeen hyvinvointialueen {}", title.fi);
        posts.add(w, key.into(), county, title, holder, format!("{mail}@example.org"), from).await?;
    }

    for m in municipalities {
        let (_, city, genitive) = MUNICIPALITY_FORMS
            .iter()
            .find(|(code, _, _)| *code == m.code)
            .ok_or_else(|| anyhow!("demo: no name forms for municipality {}", m.code))?;
        // Iitti moved from Kymenlaakso (08) to Päijät-Häme at the start of 2021.
        let periods = if m.code == "142" {
            vec![
                RegionPeriod { region_code: "08".into(), valid_from: date("1900-01-01"), valid_until: Some(date("2020-12-31")) },
                RegionPeriod { region_code: REGION_CODE.into(), valid_from: date("2021-01-01"), valid_until: None },
            ]
        } else {
            since_1900(REGION_CODE)
        };
        let id = w.party(party(PartyKind::Municipality, Some(&m.code), m.name.clone(), true, false, periods)).await?;
        let slug = ascii_slug(&m.name.fi);
        let manager = if *city {
            n("kaupunginjohtaja", "stadsdirektör", "mayor")
        } else {
            n("kunnanjohtaja", "kommundirektör", "municipal manager")
        };
        let mut list = vec![
            ("manager", manager),
            ("council_chair", n("valtuuston puheenjohtaja", "fullmäktiges ordförande", "chair of the council")),
            ("board_chair", n("hallituksen puheenjohtaja", "styrelsens ordförande", "chair of the board")),
        ];
        // A few deputies, so the forum pages show how they are listed.
        if ["398", "098", "560"].contains(&m.code.as_str()) {
            list.push((
                "council_vice_chair",
                n("valtuuston 1. varapuheenjohtaja", "fullmäktiges första vice ordförande", "first vice-chair of the council"),
            ));
        }
        if m.code == "398" {
            list.push(("deputy_manager", n("apulaiskaupunginjohtaja", "biträdande stadsdirektör", "deputy mayor")));
        }
        for (role, title) in list {
            let holder = format!("{genitive} {}", title.fi);
            let email = format!("{}.{slug}@example.org", ascii_slug(&title.fi));
            posts.add(w, format!("{}/{role}", m.code), id, title, holder, email, from).await?;
        }
    }

    // Nastola merged into Lahti and Hämeenkoski into Hollola at the start of 2016: in the
    // register for history (the region's statistics before 2016 count them), with no
    // posts and no seats.
    for (code, name) in [("532", n("Nastola", "Nastola", "Nastola")), ("283", n("Hämeenkoski", "Hämeenkoski", "Hämeenkoski"))] {
        let periods =
            vec![RegionPeriod { region_code: REGION_CODE.into(), valid_from: date("1900-01-01"), valid_until: Some(date("2015-12-31")) }];
        w.party(party(PartyKind::Municipality, Some(code), name, false, false, periods)).await?;
    }

    // The state's regional agency (the region's "evk" in the classification) and the police.
    let agency = w
        .party(party(
            PartyKind::StateAgency,
            None,
            n("Kaakkois-Suomen elinvoimakeskus", "Sydöstra Finlands livskraftscentral", "Southeast Finland Economic Development Centre"),
            false,
            false,
            since_1900(REGION_CODE),
        ))
        .await?;
    posts
        .add(
            w,
            "agency/immigration".into(),
            agency,
            n("maahanmuuton yhteyshenkilö", "kontaktperson för invandring", "immigration liaison"),
            "Kaakkois-Suomen elinvoimakeskuksen maahanmuuton yhteyshenkilö".into(),
            "maahanmuutto.elinvoimakeskus@example.org".into(),
            from,
        )
        .await?;
    posts
        .add(
            w,
            "agency/preparedness".into(),
            agency,
            n("varautumisen yhteyshenkilö", "kontaktperson för beredskap", "preparedness liaison"),
            "Kaakkois-Suomen elinvoimakeskuksen varautumisen yhteyshenkilö".into(),
            "varautuminen.elinvoimakeskus@example.org".into(),
            from,
        )
        .await?;
    let police = w
        .party(party(
            PartyKind::StateAgency,
            None,
            n("Hämeen poliisilaitos", "Tavastlands polisinrättning", "Häme Police Department"),
            false,
            false,
            since_1900(REGION_CODE),
        ))
        .await?;
    posts
        .add(
            w,
            "police/preparedness".into(),
            police,
            n("varautumisen yhteyshenkilö", "kontaktperson för beredskap", "preparedness liaison"),
            "Hämeen poliisilaitoksen varautumisen yhteyshenkilö".into(),
            "varautuminen.poliisi@example.org".into(),
            from,
        )
        .await?;

    // Examples only: plainly named, marked `is_example`.
    let examples: [(&str, PartyKind, Names, &str, Names); 7] = [
        (
            "company1",
            PartyKind::JointCompany,
            n("Esimerkki Kehitysyhtiö Oy", "Exempel Utvecklingsbolag Ab", "Example Development Company Ltd"),
            "Esimerkki Kehitysyhtiö Oy:n",
            n("toimitusjohtaja", "verkställande direktör", "managing director"),
        ),
        (
            "company2",
            PartyKind::JointCompany,
            n("Esimerkki Jätehuolto Oy", "Exempel Avfallshantering Ab", "Example Waste Management Ltd"),
            "Esimerkki Jätehuolto Oy:n",
            n("toimitusjohtaja", "verkställande direktör", "managing director"),
        ),
        (
            "stakeholder1",
            PartyKind::Stakeholder,
            n("Esimerkkikorkeakoulu", "Exempelhögskolan", "Example University of Applied Sciences"),
            "Esimerkkikorkeakoulun",
            n("rehtori", "rektor", "rector"),
        ),
        (
            "stakeholder2",
            PartyKind::Stakeholder,
            n("Esimerkki Kauppakamari", "Exempel Handelskammare", "Example Chamber of Commerce"),
            "Esimerkki Kauppakamarin",
            n("toimitusjohtaja", "verkställande direktör", "managing director"),
        ),
        (
            "ngo1",
            PartyKind::Ngo,
            n("Esimerkki Sosiaali- ja terveysjärjestöt ry", "Exempel social- och hälsoorganisationer rf", "Example Social and Health NGOs"),
            "Esimerkki Sosiaali- ja terveysjärjestöt ry:n",
            n("toiminnanjohtaja", "verksamhetsledare", "executive director"),
        ),
        (
            "ngo2",
            PartyKind::Ngo,
            n("Esimerkki Liikuntaseura ry", "Exempel Idrottsförening rf", "Example Sports Association"),
            "Esimerkki Liikuntaseura ry:n",
            n("toiminnanjohtaja", "verksamhetsledare", "executive director"),
        ),
        (
            "ngo3",
            PartyKind::Ngo,
            n("Esimerkki Kyläyhdistys ry", "Exempel Byaförening rf", "Example Village Association"),
            "Esimerkki Kyläyhdistys ry:n",
            n("puheenjohtaja", "ordförande", "chair"),
        ),
    ];
    for (key, kind, name, genitive, title) in examples {
        let id = w.party(party(kind, None, name, false, true, since_1900(REGION_CODE))).await?;
        let holder = format!("{genitive} {}", title.fi);
        posts.add(w, format!("{key}/head"), id, title, holder, format!("{key}@example.org"), from).await?;
    }
    Ok(())
}

/// The demo's forums, each with its place in the model.
struct ForumSpec {
    key: &'static str,
    name: Names,
    short_name: &'static str,
    level: ForumLevel,
    mandate: Names,
    parent: Option<&'static str>,
    cadence: Cadence,
    publicity: Publicity,
}

fn forum_specs() -> Vec<ForumSpec> {
    use ForumLevel::*;
    vec![
        ForumSpec {
            key: "strategic",
            name: n("Strategisen tason foorumi", "Forum på strategisk nivå", "Strategic forum"),
            short_name: "",
            level: Strategic,
            mandate: n(
                "Varmistaa, että strateginen yhteistyö toimii; muodostaa yhteisen tilannekuvan, rakentaa luottamusta ja linjaa verkostomaisen yhteistyön suunnan. Kokoontuu kerran valtuustokaudessa.",
                "Säkerställer att det strategiska samarbetet fungerar, skapar en gemensam lägesbild, bygger förtroende och drar upp riktlinjerna för nätverkssamarbetet. Sammanträder en gång per fullmäktigeperiod.",
                "Ensures that the strategic cooperation works, forms the shared situational picture, builds trust and sets the lines of network cooperation. Meets once per council term.",
            ),
            parent: None,
            cadence: cadence_once_per_term(),
            publicity: Publicity::Public,
        },
        ForumSpec {
            key: "chairs",
            name: n("Puheenjohtajafoorumi", "Ordförandeforum", "Chairs' forum"),
            short_name: "",
            level: Chairs,
            mandate: n(
                "Pitää strategisen ja operatiivisen yhteistyön linjassa, pitkäjänteisenä ja johdettuna. Seuraa vuosittain, että valtuustokaudelle asetetut linjaukset ja tavoitteet toteutuvat, ja muodostaa yhdessä alueen hyvinvoinnin tilannekuvan. Puheenjohtajuus kiertää kunnilta toisille puolen vuoden välein.",
                "Håller det strategiska och operativa samarbetet samstämt, långsiktigt och lett. Följer årligen upp att riktlinjerna och målen för fullmäktigeperioden förverkligas och fastställer tillsammans regionens lägesbild över välfärden. Ordförandeskapet roterar mellan kommunerna varje halvår.",
                "Keeps strategic and operational cooperation aligned, long-term and managed. Follows up every year that the lines and goals set for the council term are realised, and establishes the region's wellbeing situational picture jointly. The chair rotates among the municipalities every six months.",
            ),
            parent: Some("strategic"),
            cadence: cadence_annual(2),
            publicity: Publicity::Public,
        },
        ForumSpec {
            key: "managers",
            name: n("Kuntajohtajakokous", "Kommundirektörsmötet", "Municipal managers' meeting"),
            short_name: "",
            level: Tactical,
            mandate: n(
                "Kuntajohtajat, maakuntaliiton johto sekä kuntien valtuustojen ja hallitusten puheenjohtajat käsittelevät kuukausittain kuntia, niiden yhteistyötä ja maakunnallista yhteensovittamista koskevia asioita. Kokous on myös säännöllisen vuoropuhelun paikka hyvinvointialueen, keskeisten sidosryhmien ja kuntien yhteisomistamien yhtiöiden kanssa.",
                "Kommundirektörerna, landskapsförbundets ledning och ordförandena för kommunernas fullmäktige och styrelser behandlar varje månad frågor som gäller kommunerna, deras samarbete och samordningen på landskapsnivå. Mötet är också en plats för regelbunden dialog med välfärdsområdet, viktiga intressegrupper och kommunernas gemensamt ägda bolag.",
                "Municipal managers, the regional council's leadership and the chairs of the municipal councils and boards meet monthly on matters that touch the municipalities, their cooperation and coordination at regional level. The meeting is also the place for regular dialogue with the wellbeing services county, key stakeholders and companies jointly owned by the municipalities.",
            ),
            parent: Some("chairs"),
            cadence: cadence_monthly(2, 2, &[7]),
            publicity: Publicity::Public,
        },
        ForumSpec {
            key: "interface",
            name: n("Yhdyspintaneuvottelukunta", "Delegationen för gränsytor", "Interface advisory board"),
            short_name: "",
            level: Tactical,
            mandate: n(
                "Sovittaa yhteen hyvinvointialueen ja kuntien työtä niiden yhdyspinnoilla: hyvinvoinnin, terveyden ja turvallisuuden edistäminen, vastuunjaon selkeyttäminen ja tiedon jakaminen.",
                "Samordnar välfärdsområdets och kommunernas arbete där de möts: främjande av välfärd, hälsa och säkerhet, en tydligare ansvarsfördelning och informationsutbyte.",
                "Coordinates the work of the wellbeing services county and the municipalities at their interfaces: promoting wellbeing, health and safety, clarifying the division of responsibilities and sharing information.",
            ),
            parent: Some("chairs"),
            cadence: cadence_quarterly(4, 1),
            publicity: Publicity::Public,
        },
        ForumSpec {
            key: "ngo",
            name: n("Järjestöneuvottelukunta", "Organisationsdelegationen", "NGO advisory board"),
            short_name: "",
            level: Tactical,
            mandate: n(
                "Tuo järjestöjen näkemykset alueen yhteistyöhön ja tukee järjestöjen, kuntien ja hyvinvointialueen yhteistyötä hyvinvoinnin ja terveyden edistämisessä.",
                "För in organisationernas synpunkter i regionens samarbete och stöder samarbetet mellan organisationerna, kommunerna och välfärdsområdet i främjandet av välfärd och hälsa.",
                "Brings the NGOs' views into the region's cooperation and supports cooperation between NGOs, municipalities and the wellbeing services county in promoting wellbeing and health.",
            ),
            parent: Some("chairs"),
            cadence: cadence_quarterly(3, 2),
            publicity: Publicity::Public,
        },
        ForumSpec {
            key: "phturva",
            name: n(
                "Turvallisuus- ja valmiustoimikunta PHTURVA",
                "Säkerhets- och beredskapskommittén PHTURVA",
                "Security and preparedness committee PHTURVA",
            ),
            short_name: "PHTURVA",
            level: Operational,
            mandate: n(
                "Varmistaa, että alueen varautuminen ja valmius toimivat, ja ylläpitää turvallisuuden yhteistä tilannekuvaa.",
                "Säkerställer att regionens beredskap och förberedelser fungerar och upprätthåller en gemensam lägesbild över säkerheten.",
                "Makes sure that the region's preparedness and readiness work, and maintains the shared situational picture of safety.",
            ),
            parent: Some("managers"),
            cadence: cadence_quarterly(3, 3),
            publicity: Publicity::Secret,
        },
        ForumSpec {
            key: "county_group",
            name: n(
                "Hyvinvointialueen alueellinen yhteistyöryhmä",
                "Välfärdsområdets regionala samarbetsgrupp",
                "Regional cooperation group of the wellbeing services county",
            ),
            short_name: "",
            level: Operational,
            mandate: n(
                "Hyvinvointialueen ja kuntien operatiivinen yhteistyö palvelujen, hyvinvoinnin ja terveyden edistämisen ja asukkaiden arjen sujuvuuden kysymyksissä.",
                "Välfärdsområdets och kommunernas operativa samarbete i frågor om tjänster, främjande av välfärd och hälsa och invånarnas vardag.",
                "Operational cooperation between the wellbeing services county and the municipalities on services, the promotion of wellbeing and health, and residents' everyday life.",
            ),
            parent: Some("interface"),
            cadence: Cadence::as_needed(),
            publicity: Publicity::Public,
        },
        ForumSpec {
            key: "kuntaturva",
            name: n(
                "Päijät-Hämeen Kuntaturva -työryhmä",
                "Arbetsgruppen Kuntaturva i Päijänne-Tavastland",
                "Päijät-Häme Kuntaturva working group",
            ),
            short_name: "Kuntaturva",
            level: WorkingGroup,
            mandate: n(
                "Kuntien turvallisuus- ja varautumisasioiden työryhmä. Maakuntaliiton kuntayhteistyöpäällikkö toimii sihteerinä.",
                "Arbetsgrupp för kommunernas säkerhets- och beredskapsfrågor. Landskapsförbundets chef för kommunsamarbete är sekreterare.",
                "Working group on the municipalities' safety and preparedness. The regional council's municipal cooperation manager is its secretary.",
            ),
            parent: Some("managers"),
            cadence: Cadence::as_needed(),
            publicity: Publicity::Secret,
        },
        ForumSpec {
            key: "immigration",
            name: n(
                "Päijät-Hämeen maahanmuutto-ohjelman ohjausryhmä",
                "Styrgruppen för Päijänne-Tavastlands invandringsprogram",
                "Steering group of the Päijät-Häme immigration programme",
            ),
            short_name: "",
            level: WorkingGroup,
            mandate: n(
                "Ohjaa ja seuraa Päijät-Hämeen maahanmuutto-ohjelman toteutusta. Puheenjohtajana toimii maakuntaliiton kuntayhteistyöpäällikkö, joka on myös maahanmuuttoasioiden yhteyshenkilö ja seuraa työllisyyspalvelujen uudistuksen toimeenpanoa.",
                "Styr och följer genomförandet av Päijänne-Tavastlands invandringsprogram. Ordförande är landskapsförbundets chef för kommunsamarbete, som också är kontaktperson i invandringsfrågor och följer genomförandet av reformen av sysselsättningstjänsterna.",
                "Steers and follows the implementation of the Päijät-Häme immigration programme. Chaired by the regional council's municipal cooperation manager, who is also the contact person for immigration matters and follows the implementation of the employment services reform.",
            ),
            parent: Some("managers"),
            cadence: Cadence::as_needed(),
            publicity: Publicity::Public,
        },
        ForumSpec {
            key: "chairs_development",
            name: n("Puheenjohtajafoorumin kehittämisryhmä", "Utvecklingsgruppen för ordförandeforumet", "Chairs' forum development group"),
            short_name: "",
            level: WorkingGroup,
            mandate: n(
                "Sysmän, Lahden ja Hollolan kehittämisryhmä kehittää puheenjohtajafoorumin toimintaa.",
                "Utvecklingsgruppen med Sysmä, Lahtis och Hollola utvecklar ordförandeforumets verksamhet.",
                "A development group of Sysmä, Lahti and Hollola develops the work of the chairs' forum.",
            ),
            parent: Some("chairs"),
            cadence: Cadence::as_needed(),
            publicity: Publicity::Public,
        },
    ]
}

async fn write_forums_and_seats(
    w: &mut RegisterWriter<'_, '_>,
    municipalities: &[&Municipality],
    term: Id,
    start: NaiveDate,
    end: NaiveDate,
    posts: &Posts,
) -> Result<()> {
    let mut forums: HashMap<&str, Id> = HashMap::new();
    for spec in forum_specs() {
        let parent_id = match spec.parent {
            Some(key) => Some(*forums.get(key).ok_or_else(|| anyhow!("demo: forum {key} must come before its children"))?),
            None => None,
        };
        let legal_type = if spec.level == ForumLevel::WorkingGroup { LegalType::WorkingGroup } else { LegalType::CooperationForum };
        let id = w
            .forum(ForumInput {
                name: spec.name,
                short_name: spec.short_name.into(),
                level: spec.level,
                legal_type,
                mandate: spec.mandate,
                parent_id,
                cadence: spec.cadence,
                default_publicity: spec.publicity,
                notice_days: 4,
                // The managers approve each memo at their next meeting (a standing item).
                minutes_approval: if spec.key == "managers" { MinutesApproval::NextMeeting } else { MinutesApproval::Checkers },
                organisation_id: None,
            })
            .await?;
        forums.insert(spec.key, id);
    }
    let forum = |key: &str| forums.get(key).copied().ok_or_else(|| anyhow!("demo: no forum {key}"));
    let codes: Vec<&str> = municipalities.iter().map(|m| m.code.as_str()).collect();
    let each = |role: &str| -> Result<Vec<HeldPost>> { codes.iter().map(|code| posts.get(&format!("{code}/{role}"))).collect() };
    let keys = |list: &[&str]| -> Result<Vec<HeldPost>> { list.iter().map(|key| posts.get(key)).collect() };
    use SeatRole::*;

    // Strategic forum: councils, boards and executives of all three kinds of party.
    let strategic = forum("strategic")?;
    let mut members = keys(&[
        "council/director",
        "council/board_chair",
        "council/assembly_chair",
        "county/director",
        "county/board_chair",
        "county/council_chair",
    ])?;
    for role in ["manager", "council_chair", "board_chair"] {
        members.extend(each(role)?);
    }
    for holder in members {
        w.seat(SeatSpec::new(strategic, term, holder, Member, start)).await?;
    }
    w.seat(SeatSpec::new(strategic, term, posts.get("council/coop_manager")?, Secretary, start)).await?;

    // Chairs' forum: the chairs of the councils and boards; the chair rotates every six
    // months among the municipalities, held by the chairing municipality's board chair,
    // whose member seat pauses meanwhile so each post sits once at a time.
    let chairs = forum("chairs")?;
    let order: Vec<Id> =
        CHAIR_ROTATION.iter().map(|code| posts.get(&format!("{code}/board_chair")).map(|p| p.post)).collect::<Result<_>>()?;
    let rotation = chair_rotation(&order, date("2025-07-01"), 6, end);
    for holder in keys(&["council/assembly_chair", "council/board_chair", "county/council_chair", "county/board_chair"])? {
        w.seat(SeatSpec::new(chairs, term, holder, Member, start)).await?;
    }
    for code in &codes {
        let council_chair = posts.get(&format!("{code}/council_chair"))?;
        let seat = w.seat(SeatSpec::new(chairs, term, council_chair, Member, start)).await?;
        if let Ok(vice) = posts.get(&format!("{code}/council_vice_chair")) {
            w.seat(SeatSpec { deputy_of: Some(seat), ..SeatSpec::new(chairs, term, vice, Deputy, start) }).await?;
        }
        let board_chair = posts.get(&format!("{code}/board_chair"))?;
        let mut from = start;
        for (_, chair_from, chair_until) in rotation.iter().filter(|(post, _, _)| *post == board_chair.post) {
            if from < *chair_from {
                let until = chair_from.pred_opt().unwrap_or(*chair_from);
                w.seat(SeatSpec { end: Some(until), ..SeatSpec::new(chairs, term, board_chair, Member, from) }).await?;
            }
            w.seat(SeatSpec { end: Some(*chair_until), ..SeatSpec::new(chairs, term, board_chair, Chair, *chair_from) }).await?;
            from = chair_until.succ_opt().unwrap_or(*chair_until);
        }
        if from <= end {
            w.seat(SeatSpec::new(chairs, term, board_chair, Member, from)).await?;
        }
    }
    w.seat(SeatSpec::new(chairs, term, posts.get("council/coop_manager")?, Secretary, start)).await?;

    // The monthly municipal managers' meeting (source 000).
    let managers = forum("managers")?;
    for holder in keys(&["council/director", "council/board_chair"])? {
        w.seat(SeatSpec::new(managers, term, holder, Member, start)).await?;
    }
    for code in &codes {
        let manager = posts.get(&format!("{code}/manager"))?;
        let seat = w.seat(SeatSpec::new(managers, term, manager, Member, start)).await?;
        if let Ok(deputy) = posts.get(&format!("{code}/deputy_manager")) {
            w.seat(SeatSpec { deputy_of: Some(seat), ..SeatSpec::new(managers, term, deputy, Deputy, start) }).await?;
        }
        for role in ["council_chair", "board_chair"] {
            w.seat(SeatSpec::new(managers, term, posts.get(&format!("{code}/{role}"))?, Member, start)).await?;
        }
    }
    for holder in
        keys(&["county/director", "agency/immigration", "company1/head", "company2/head", "stakeholder1/head", "stakeholder2/head"])?
    {
        w.seat(SeatSpec::new(managers, term, holder, StandingGuest, start)).await?;
    }
    w.seat(SeatSpec::new(managers, term, posts.get("council/coop_manager")?, Secretary, start)).await?;

    // Interface advisory board: the county and the municipalities.
    let interface = forum("interface")?;
    w.seat(SeatSpec::new(interface, term, posts.get("county/director")?, Chair, start)).await?;
    for holder in each("manager")?.into_iter().chain(keys(&["council/coop_manager"])?) {
        w.seat(SeatSpec::new(interface, term, holder, Member, start)).await?;
    }
    w.seat(SeatSpec::new(interface, term, posts.get("county/hyte")?, Secretary, start)).await?;

    // NGO advisory board.
    let ngo = forum("ngo")?;
    w.seat(SeatSpec::new(ngo, term, posts.get("ngo1/head")?, Chair, start)).await?;
    for holder in keys(&["ngo2/head", "ngo3/head", "county/hyte", "council/coop_manager"])? {
        w.seat(SeatSpec::new(ngo, term, holder, Member, start)).await?;
    }
    w.seat(SeatSpec::new(ngo, term, posts.get("county/ngo_coordinator")?, Secretary, start)).await?;

    // PHTURVA, the security and preparedness committee.
    let phturva = forum("phturva")?;
    let head = posts.get("county/preparedness")?;
    let chair_seat = w.seat(SeatSpec::new(phturva, term, head, Chair, start)).await?;
    w.seat(SeatSpec { deputy_of: Some(chair_seat), ..SeatSpec::new(phturva, term, posts.get("county/rescue")?, Deputy, start) }).await?;
    for holder in keys(&["council/director", "police/preparedness", "agency/preparedness", "398/manager", "111/manager"])? {
        w.seat(SeatSpec::new(phturva, term, holder, Member, start)).await?;
    }
    w.seat(SeatSpec::new(phturva, term, posts.get("county/planner")?, Secretary, start)).await?;

    // The county's regional cooperation group.
    let group = forum("county_group")?;
    w.seat(SeatSpec::new(group, term, posts.get("county/director")?, Chair, start)).await?;
    for holder in each("manager")? {
        w.seat(SeatSpec::new(group, term, holder, Member, start)).await?;
    }
    w.seat(SeatSpec::new(group, term, posts.get("county/hyte")?, Secretary, start)).await?;

    // Kuntaturva: the cooperation manager is its secretary (source 000).
    let kuntaturva = forum("kuntaturva")?;
    for holder in each("manager")?.into_iter().chain(keys(&["county/preparedness", "police/preparedness"])?) {
        w.seat(SeatSpec::new(kuntaturva, term, holder, Member, start)).await?;
    }
    w.seat(SeatSpec::new(kuntaturva, term, posts.get("council/coop_manager")?, Secretary, start)).await?;

    // The immigration programme's steering group, chaired by the cooperation manager.
    let immigration = forum("immigration")?;
    w.seat(SeatSpec::new(immigration, term, posts.get("council/coop_manager")?, Chair, start)).await?;
    for holder in keys(&["agency/immigration", "county/hyte", "398/manager", "111/manager", "560/manager", "ngo1/head"])? {
        w.seat(SeatSpec::new(immigration, term, holder, Member, start)).await?;
    }

    // The chairs' forum's development group: Sysmä, Lahti and Hollola.
    let development = forum("chairs_development")?;
    for holder in keys(&["781/board_chair", "398/board_chair", "098/board_chair"])? {
        w.seat(SeatSpec::new(development, term, holder, Member, start)).await?;
    }
    Ok(())
}

/// Creates the demo accounts; each needs its own transaction (the store hashes the
/// password and writes the account with its grants and audit entry).
/// The demo's meetings: the plans of the term's first two calendar years from each forum's
/// cadence, the meetings before `today` marked held, as the cooperation manager would
/// have recorded them. Returns how many meetings there are.
pub async fn write_meetings(store: &Store, region_id: Id, today: NaiveDate) -> Result<usize> {
    let actor = Actor { instance_admin: true, ..Actor::default() };
    let author = Author::system("demo");
    let mut count = 0;
    let register = foorumi_store::views::register(store, region_id).await?;
    for year in [2025, 2026] {
        let outcome = meetings::generate_plan(store, &actor, &author, region_id, year, None).await?;
        count += outcome.created;
        for meeting in meetings::meetings_of_year(store, region_id, year).await? {
            if meeting.input.date < today {
                let input = MeetingInput { status: MeetingStatus::Held, ..meeting.input.clone() };
                records::update::<Meeting>(store, &actor, &author, meeting.id, meeting.version, input).await?;
            }
        }
    }
    // The members have begun to answer the municipal managers' next invitation.
    let managers = register.forums.iter().find(|f| f.input.name.fi == "Kuntajohtajakokous").map(|f| f.id);
    let upcoming = meetings::meetings_of_year(store, region_id, today.year()).await?;
    if let Some(next) = upcoming.iter().find(|m| m.input.date >= today && managers.is_some_and(|f| m.input.forum_ids.contains(&f))) {
        for (i, group) in register.forum_members(next.input.forum_ids[0], next.input.date, false).iter().enumerate() {
            for view in group.seats.iter().filter(|v| v.seat.input.role.is_member()) {
                let response = match i % 4 {
                    0 | 1 => Some(AttendanceResponse::Accepted),
                    2 if !view.deputies.is_empty() => Some(AttendanceResponse::DeputyAttends),
                    2 => Some(AttendanceResponse::Declined),
                    _ => None,
                };
                meetings::set_attendance(store, &actor, &author, next.id, view.seat.id, response).await?;
            }
        }
    }
    Ok(count)
}

pub async fn create_accounts(store: &Store, region_id: Id) -> Result<()> {
    let mut conn = store.pool().acquire().await?;
    let people: Vec<Person> = foorumi_store::records::all(&mut conn, region_id).await?;
    let parties: Vec<Party> = foorumi_store::records::all(&mut conn, region_id).await?;
    drop(conn);
    let person = |name: &str| people.iter().find(|p| p.input.name == name).map(|p| p.id).ok_or_else(|| anyhow!("demo: no person {name}"));
    let lahti = parties
        .iter()
        .find(|p| p.input.kind == PartyKind::Municipality && p.input.code.as_deref() == Some("398"))
        .map(|p| p.id)
        .ok_or_else(|| anyhow!("demo: no Lahti"))?;
    let actor = Actor { instance_admin: true, ..Actor::default() };
    let author = Author::system("demo");
    let accounts = [
        (ACCOUNTS[0].email, "Päijät-Hämeen ylläpitäjä", None, vec![Grant { region_id, party_id: None }]),
        (ACCOUNTS[1].email, "Kuntayhteistyöpäällikkö (demo)", Some(person("Päijät-Hämeen liiton kuntayhteistyöpäällikkö")?), vec![]),
        (ACCOUNTS[2].email, "Lahden pääkäyttäjä", None, vec![Grant { region_id, party_id: Some(lahti) }]),
        (ACCOUNTS[3].email, "Hollolan kunnanjohtaja (demo)", Some(person("Hollolan kunnanjohtaja")?), vec![]),
    ];
    for (email, name, person_id, grants) in accounts {
        let user = NewUser {
            email: email.into(),
            display_name: name.into(),
            password: DEMO_PASSWORD.into(),
            person_id,
            instance_admin: false,
            grants,
        };
        accounts::create_user(store, &actor, &author, user).await.with_context(|| format!("demo account {email}"))?;
    }
    Ok(())
}

/// Deletes the demo database and its WAL files, so the demo starts from scratch.
pub fn remove_database(path: &std::path::Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(err).with_context(|| format!("cannot remove {}", file.display())),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use foorumi_store::views;

    async fn demo_store() -> (tempfile::TempDir, Store, Demo) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("demo.sqlite").display());
        let store = Store::open(&url, 4).await.unwrap();
        let demo = build_register(&store).await.unwrap();
        (dir, store, demo)
    }

    #[tokio::test]
    async fn demo_register_holds_the_seeds_model() {
        let (_dir, store, demo) = demo_store().await;
        let register = views::register(&store, demo.region_id).await.unwrap();
        let municipalities: Vec<&Party> = register.parties.iter().filter(|p| p.input.kind == PartyKind::Municipality).collect();
        assert_eq!(municipalities.len(), 12, "ten municipalities, Nastola and Hämeenkoski");
        let today = date("2026-03-01");
        assert_eq!(municipalities.iter().filter(|p| p.belongs_to("07", today)).count(), 10);
        assert_eq!(register.forums.len(), 10);
        assert!(register.forums.iter().all(|f| f.input.legal_type != LegalType::FormalBody), "R0.1");
        assert_eq!(register.terms.len(), 2);
        assert_eq!(register.seats.len(), demo.counts.seats);
        assert!(demo.counts.seats > 150, "{}", demo.counts);

        let lahti = municipalities.iter().find(|p| p.input.code.as_deref() == Some("398")).unwrap();
        assert_eq!(lahti.input.name.sv, "Lahtis");
        let asikkala = municipalities.iter().find(|p| p.input.name.fi == "Asikkala").unwrap();
        assert_eq!(asikkala.input.code.as_deref(), Some("016"));
        let iitti = municipalities.iter().find(|p| p.input.code.as_deref() == Some("142")).unwrap();
        assert!(iitti.belongs_to("08", date("2020-06-01")) && !iitti.belongs_to("07", date("2020-06-01")));
        let nastola = municipalities.iter().find(|p| p.input.code.as_deref() == Some("532")).unwrap();
        assert!(register.seats.iter().all(|s| s.input.party_id != nastola.id));
        assert!(register.people.iter().all(|p| p.input.contacts.iter().all(|c| c.value.ends_with("@example.org"))));
    }

    #[tokio::test]
    async fn monthly_meeting_has_managers_chairs_guests_and_the_secretary() {
        let (_dir, store, demo) = demo_store().await;
        let register = views::register(&store, demo.region_id).await.unwrap();
        let meeting = register.forums.iter().find(|f| f.input.name.fi == "Kuntajohtajakokous").unwrap();
        assert_eq!(meeting.input.cadence.excluded_months, vec![7]);
        let chairs = register.forums.iter().find(|f| f.input.name.fi == "Puheenjohtajafoorumi").unwrap();
        assert_eq!(meeting.input.parent_id, Some(chairs.id));
        let summary = register.forum_summary(meeting, date("2026-03-01"));
        assert_eq!(summary.member_count, 10 * 3 + 2);
        assert_eq!(summary.secretaries.len(), 1);
        let secretary = summary.secretaries[0].holder.as_ref().unwrap();
        assert_eq!(secretary.input.name, "Päijät-Hämeen liiton kuntayhteistyöpäällikkö");
        let guests = register.seats.iter().filter(|s| s.input.forum_id == meeting.id && s.input.role == SeatRole::StandingGuest).count();
        assert_eq!(guests, 6);
    }

    #[tokio::test]
    async fn chairs_forum_chair_rotates_padasjoki_then_sysma() {
        let (_dir, store, demo) = demo_store().await;
        let register = views::register(&store, demo.region_id).await.unwrap();
        let chairs = register.forums.iter().find(|f| f.input.name.fi == "Puheenjohtajafoorumi").unwrap();
        let chair_on = |day: &str| {
            let summary = register.forum_summary(chairs, date(day));
            summary.chair.map(|c| c.party.input.name.fi)
        };
        assert_eq!(chair_on("2025-10-15").as_deref(), Some("Padasjoki"));
        assert_eq!(chair_on("2026-03-01").as_deref(), Some("Sysmä"));
        // The chairing board chair does not sit twice.
        let on = date("2025-10-15");
        let members = register.forum_members(chairs.id, on, false);
        let padasjoki: Vec<_> = members.iter().filter(|g| g.party.input.name.fi == "Padasjoki").flat_map(|g| g.seats.iter()).collect();
        assert_eq!(padasjoki.len(), 2, "council chair as member, board chair as chair");
        assert_eq!(register.forum_summary(chairs, on).member_count, 24);
    }

    #[tokio::test]
    async fn demo_accounts_get_their_roles() {
        let (_dir, store, demo) = demo_store().await;
        create_accounts(&store, demo.region_id).await.unwrap();
        let (_, secretary) = accounts::actor_by_credentials(&store, "sihteeri@example.org", DEMO_PASSWORD, "test").await.unwrap().unwrap();
        // Roles from seats hold while the seats do: during the 2025–2029 term.
        let in_term = (date("2025-06-01")..=date("2029-05-31")).contains(&foorumi_store::today());
        if in_term {
            assert!(secretary.secretary_of.len() >= 4, "{secretary:?}");
        }
        let (_, admin) = accounts::actor_by_credentials(&store, "yllapito@example.org", DEMO_PASSWORD, "test").await.unwrap().unwrap();
        assert_eq!(admin.region_admin, vec![demo.region_id]);
        let (user, member) = accounts::actor_by_credentials(&store, "jasen@example.org", DEMO_PASSWORD, "test").await.unwrap().unwrap();
        assert!(user.person_id.is_some());
        assert!(!in_term || !member.member_of.is_empty());
        let (_, lahti) = accounts::actor_by_credentials(&store, "lahti@example.org", DEMO_PASSWORD, "test").await.unwrap().unwrap();
        assert_eq!(lahti.party_admin.len(), 1);
    }

    #[tokio::test]
    async fn demo_register_round_trips_through_the_register_file() {
        let (_dir, store, _demo) = demo_store().await;
        let exported = foorumi_store::register_file::export(&store).await.unwrap();
        let json = serde_json::to_string_pretty(&exported).unwrap();
        let other_dir = tempfile::tempdir().unwrap();
        let other = Store::open(&format!("sqlite://{}", other_dir.path().join("copy.sqlite").display()), 2).await.unwrap();
        foorumi_store::register_file::import(&other, foorumi_store::register_file::parse(&json).unwrap()).await.unwrap();
        let again = serde_json::to_string_pretty(&foorumi_store::register_file::export(&other).await.unwrap()).unwrap();
        assert_eq!(json, again);
    }
}
