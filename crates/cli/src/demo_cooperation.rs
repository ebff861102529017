//! The demo's cooperation records (issue 5): the division of responsibilities for the
//! seeds' topics (wellbeing and health promotion, employment services, immigration and
//! integration, preparedness, vitality), one open disagreement escalated from PHTURVA to
//! the municipal managers' meeting and one resolved there, and the cooperation protocol
//! in two versions, the current one accepted by the strategic forum and approved by some
//! parties so far.

use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;
use foorumi_core::cooperation::*;
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_store::audit::Author;
use foorumi_store::{Store, agendas, conflicts, meetings, records, views};

/// Who takes which part in a topic: (party key, role, legal basis, contact post's Finnish
/// title). "municipalities" stands for each of the ten.
type Cell = (&'static str, ResponsibilityRole, &'static str, &'static str);

struct TopicSpec {
    name: (&'static str, &'static str, &'static str),
    description: (&'static str, &'static str, &'static str),
    /// The forum that handles it, by a part of its Finnish name or its short name.
    forum: &'static str,
    cells: &'static [Cell],
}

use ResponsibilityRole::*;

const TOPICS: &[TopicSpec] = &[
    TopicSpec {
        name: ("Hyvinvoinnin ja terveyden edistäminen", "Främjande av välfärd och hälsa", "Wellbeing and health promotion"),
        description: (
            "Asukkaiden hyvinvoinnin ja terveyden edistäminen, hyvinvointikertomukset ja -suunnitelmat sekä niiden yhteensovittaminen.",
            "Främjande av invånarnas välfärd och hälsa, välfärdsberättelser och -planer samt samordningen av dem.",
            "Promoting residents' wellbeing and health, the wellbeing reports and plans, and fitting them together.",
        ),
        forum: "Yhdyspintaneuvottelukunta",
        cells: &[
            ("municipalities", Responsible, "SoteJL 612/2021 6 §", "johtaja"),
            ("county", Responsible, "SoteJL 612/2021 7 §", "hyvinvointialuejohtaja"),
            ("council", Participates, "Laki alueiden kehittämisestä 756/2021", "kuntayhteistyöpäällikkö"),
        ],
    },
    TopicSpec {
        name: ("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"),
        description: (
            "Työvoimapalvelujen järjestäminen työllisyysalueella sekä palvelujen yhteensovittaminen sosiaali- ja terveyspalveluihin.",
            "Ordnandet av arbetskraftsservice inom sysselsättningsområdet och samordningen med social- och hälsovården.",
            "Organising public employment services in the employment area and fitting them with social and health services.",
        ),
        forum: "Kuntajohtajakokous",
        cells: &[
            ("municipalities", Responsible, "Laki työvoimapalvelujen järjestämisestä 380/2023", "johtaja"),
            ("county", Participates, "Laki kuntouttavasta työtoiminnasta 189/2001", "hyvinvointialuejohtaja"),
            ("council", Informed, "", "kuntayhteistyöpäällikkö"),
        ],
    },
    TopicSpec {
        name: ("Maahanmuutto ja kotoutuminen", "Invandring och integration", "Immigration and integration"),
        description: (
            "Kotoutumisen edistäminen, maahanmuutto-ohjelma ja kuntien yhteyshenkilöt.",
            "Främjande av integration, invandringsprogrammet och kommunernas kontaktpersoner.",
            "Promoting integration, the immigration programme and the municipalities' contacts.",
        ),
        forum: "Kuntajohtajakokous",
        cells: &[
            ("municipalities", Responsible, "Kotoutumislaki 681/2023", "johtaja"),
            ("county", CoResponsible, "Kotoutumislaki 681/2023", "hyvinvointialuejohtaja"),
            ("council", Participates, "Kotoutumislaki 681/2023", "kuntayhteistyöpäällikkö"),
        ],
    },
    TopicSpec {
        name: ("Varautuminen", "Beredskap", "Preparedness"),
        description: (
            "Valmiussuunnittelu, häiriötilanteisiin varautuminen ja yhteiset valmiusharjoitukset.",
            "Beredskapsplanering, förberedelser för störningar och gemensamma beredskapsövningar.",
            "Preparedness planning, preparing for disruptions and joint preparedness exercises.",
        ),
        forum: "PHTURVA",
        cells: &[
            ("municipalities", Responsible, "Valmiuslaki 1552/2011 12 §", "johtaja"),
            ("county", Responsible, "Valmiuslaki 1552/2011 12 §", "valmiuspäällikkö"),
            ("council", CoResponsible, "Laki alueiden kehittämisestä 756/2021", "kuntayhteistyöpäällikkö"),
        ],
    },
    TopicSpec {
        name: ("Elinvoima", "Livskraft", "Vitality"),
        description: (
            "Alueen ja kuntien elinvoiman kehittäminen, maakuntastrategia ja kuntien strategioiden yhteensovittaminen.",
            "Utvecklingen av regionens och kommunernas livskraft, landskapsstrategin och samordningen av kommunernas strategier.",
            "Developing the vitality of the region and its municipalities, the regional strategy and fitting the municipal strategies together.",
        ),
        forum: "Kuntajohtajakokous",
        cells: &[
            ("municipalities", Responsible, "Kuntalaki 410/2015 1 §", "johtaja"),
            ("council", Responsible, "Laki alueiden kehittämisestä 756/2021", "maakuntajohtaja"),
            ("county", Informed, "", "hyvinvointialuejohtaja"),
        ],
    },
];

const PROTOCOL_2023: &str = "\
# Yhteistyöpöytäkirja

Päijät-Hämeen hyvinvointialue, alueen kunnat ja Päijät-Hämeen liitto sopivat tällä pöytäkirjalla yhteistyönsä tavoitteista ja pelisäännöistä.

## Tavoitteet

Yhteinen päämäärä on asukkaiden hyvinvointi, terveys ja turvallisuus. Osapuolet turvaavat asukkaiden hyvän arjen ja huolehtivat siitä, että varautuminen toimii.

## Pelisäännöt

Osapuolet ovat yhteistyössä tasavertaisia, ajavat maakunnan etua ja jakavat tietoa avoimesti. Ne kunnioittavat kuntien itsehallintoa ja hyvinvointialueen toimivaltaa.

## Yhteistyön tasot

Yhteistyötä tehdään strategisen tason foorumilla, puheenjohtajafoorumilla sekä taktisen ja operatiivisen tason foorumeilla.";

const PROTOCOL_2025: &str = "\
# Yhteistyöpöytäkirja

Päijät-Hämeen hyvinvointialue, alueen kunnat ja Päijät-Hämeen liitto sopivat tällä pöytäkirjalla yhteistyönsä tavoitteista ja pelisäännöistä. Yhteistyön pohjana ovat voimassa oleva lainsäädäntö ja osapuolten strategiat.

## Tavoitteet

Yhteinen päämäärä on asukkaiden hyvinvointi, terveys ja turvallisuus. Osapuolet turvaavat asukkaiden hyvän arjen ja huolehtivat siitä, että varautuminen toimii.

Osapuolet selkeyttävät keskinäistä vastuunjakoaan ja sovittavat yhteen elinvoimaa kehittävät toimensa.

## Pelisäännöt

Osapuolet ovat yhteistyössä tasavertaisia, ajavat maakunnan etua ja jakavat tietoa avoimesti. Ne kunnioittavat kuntien itsehallintoa ja hyvinvointialueen toimivaltaa.

Erimielisyydet käsitellään ensin siinä foorumissa, jossa ne syntyvät; tarvittaessa ne viedään tasoa ylemmäs aina strategisen tason foorumiin asti.

Osapuolet ylläpitävät yhteistä tilannekuvaa alueen hyvinvoinnista.

## Yhteistyön tasot

Yhteistyötä tehdään strategisen tason foorumilla, puheenjohtajafoorumilla sekä taktisen ja operatiivisen tason foorumeilla. Strategisen tason foorumi kokoontuu kerran valtuustokaudessa; puheenjohtajafoorumi seuraa vuosittain valtuustokauden tavoitteiden toteutumista.";

fn names(n: (&str, &str, &str)) -> Names {
    Names::new(n.0, n.1, n.2)
}

fn date(text: &str) -> NaiveDate {
    text.parse().expect("demo dates are valid")
}

/// Writes the demo's responsibilities, disagreements and protocol versions.
pub async fn write_cooperation(store: &Store, region_id: Id, today: NaiveDate) -> Result<()> {
    let actor = Actor { instance_admin: true, ..Actor::default() };
    let author = Author::system("demo");
    let register = views::register(store, region_id).await?;
    let forum = |name: &str| {
        register
            .forums
            .iter()
            .find(|f| f.input.name.fi.contains(name) || f.input.short_name == name)
            .ok_or_else(|| anyhow!("demo: no forum {name}"))
    };
    let by_kind = |kind: PartyKind| register.parties.iter().filter(move |p| p.input.kind == kind && p.input.signed_protocol);
    let council = by_kind(PartyKind::RegionalCouncil).next().ok_or_else(|| anyhow!("demo: no regional council"))?;
    let county = by_kind(PartyKind::WellbeingCounty).next().ok_or_else(|| anyhow!("demo: no wellbeing county"))?;
    let municipalities: Vec<&Party> = by_kind(PartyKind::Municipality).collect();
    let party_code = |code: &str| register.parties.iter().find(|p| p.input.code.as_deref() == Some(code)).map(|p| p.id);
    // The party's post whose Finnish title contains `title` ("johtaja" finds the
    // municipal manager or mayor, not the deputy).
    let post = |party: Id, title: &str| {
        register
            .posts
            .iter()
            .filter(|p| p.input.party_id == party && p.input.title.fi.contains(title) && !p.input.title.fi.contains("apulais"))
            .min_by_key(|p| p.input.title.fi.len())
            .map(|p| p.id)
    };

    // ---- the division of responsibilities ----
    let mut topics = Vec::new();
    for (position, spec) in TOPICS.iter().enumerate() {
        let input =
            ResponsibilityTopicInput { name: names(spec.name), description: names(spec.description), position: position as i64 + 1 };
        let topic = records::create::<ResponsibilityTopic>(store, &actor, &author, region_id, input).await?;
        let handling = forum(spec.forum)?.id;
        for (who, role, basis, title) in spec.cells {
            let parties: Vec<&Party> = match *who {
                "municipalities" => municipalities.clone(),
                "county" => vec![county],
                _ => vec![council],
            };
            for party in parties {
                let input = ResponsibilityInput {
                    topic_id: topic.id,
                    party_id: party.id,
                    role: *role,
                    legal_basis: (*basis).into(),
                    forum_id: Some(handling),
                    post_id: post(party.id, title),
                };
                records::create::<Responsibility>(store, &actor, &author, region_id, input)
                    .await
                    .with_context(|| format!("demo: responsibility of {} in {}", party.input.name.fi, spec.name.0))?;
            }
        }
        topics.push(topic);
    }
    let topic = |fi: &str| topics.iter().find(|t| t.input.name.fi == fi).map(|t| t.id);

    // ---- disagreements ----
    let phturva = forum("PHTURVA")?;
    let managers = forum("Kuntajohtajakokous")?;
    let items = foorumi_store::views::item_choices(store, region_id).await?;
    let item_of = |forum: Id, title: &str| items.iter().find(|i| i.forum_id == forum && i.title == title);

    // Resolved: raised in PHTURVA, escalated to the managers' meeting, settled there when
    // the municipalities' preparedness plans were discussed.
    let settled_at = item_of(managers.id, "Kuntien valmiussuunnitelmien päivittäminen");
    if let Some(settled_at) = settled_at {
        let settled_on = settled_at.date;
        let raised_on = settled_on - chrono::Duration::days(24);
        let input = ConflictInput {
            title: "Valmiussuunnitelmien yhteensovittaminen hyvinvointialueen suunnitelmaan".into(),
            topic_id: topic("Varautuminen"),
            topic_text: String::new(),
            raised_by: party_code("111"),
            party_ids: [party_code("111"), Some(county.id)].into_iter().flatten().collect(),
            forum_id: phturva.id,
            item_id: None,
            description: "Kuntien ja hyvinvointialueen valmiussuunnitelmissa oli eri käsitys siitä, kuka järjestää evakuoitujen \
                          sosiaalipalvelut ensimmäisen vuorokauden aikana."
                .into(),
            raised_on,
        };
        let conflict = records::create::<Conflict>(store, &actor, &author, region_id, input).await?;
        let (conflict, proposal) = conflicts::escalate(
            store,
            &actor,
            &author,
            conflict.id,
            conflict.version,
            "Asia koskee kaikkia kuntia; PHTURVA pyytää kuntajohtajakokouksen linjausta.",
            raised_on + chrono::Duration::days(3),
        )
        .await?;
        // The managers took it up under the preparedness plans' item that was already on
        // their agenda, so the proposal got its answer there.
        agendas::decline_proposal(
            store,
            &actor,
            &author,
            proposal.id,
            proposal.version,
            "Käsitellään kokouksen asiakohdassa Kuntien valmiussuunnitelmien päivittäminen.",
        )
        .await?;
        conflicts::resolve(
            store,
            &actor,
            &author,
            conflict.id,
            conflict.version,
            Some(settled_at.item_id),
            "Sovittiin, että hyvinvointialue järjestää evakuoitujen sosiaalipalvelut alusta alkaen ja kunnat majoituksen; \
             kirjaus päivitetään molempiin suunnitelmiin.",
            settled_on,
        )
        .await?;
    }

    // Open: raised at PHTURVA's item on the 2027 exercise, escalated to the managers'
    // meeting, whose next agenda took it.
    let exercise = item_of(phturva.id, "Alueellinen valmiusharjoitus 2027");
    let raised_on = match exercise {
        Some(item) => item.date,
        None => today - chrono::Duration::days(14),
    };
    let input = ConflictInput {
        title: "Valmiusharjoituksen 2027 kustannusten jako".into(),
        topic_id: topic("Varautuminen"),
        topic_text: String::new(),
        raised_by: Some(county.id),
        party_ids: [Some(county.id), party_code("398"), Some(council.id)].into_iter().flatten().collect(),
        forum_id: phturva.id,
        item_id: exercise.map(|i| i.item_id),
        description: "Osapuolet ovat eri mieltä siitä, miten alueellisen valmiusharjoituksen kustannukset jaetaan: \
                      asukasluvun mukaan vai kunkin osapuolen harjoitukseen osallistuvien mukaan."
            .into(),
        raised_on,
    };
    let conflict = records::create::<Conflict>(store, &actor, &author, region_id, input).await?;
    let (_, proposal) = conflicts::escalate(
        store,
        &actor,
        &author,
        conflict.id,
        conflict.version,
        "PHTURVA ei päässyt yksimielisyyteen; kustannusten jako vaatii kuntajohtajien linjauksen.",
        raised_on.max(today - chrono::Duration::days(7)),
    )
    .await?;
    let mut upcoming: Vec<Meeting> = meetings::meetings_of_forum(store, region_id, managers.id)
        .await?
        .into_iter()
        .filter(|m| m.input.date >= today && !matches!(m.input.status, MeetingStatus::Held | MeetingStatus::Cancelled))
        .collect();
    upcoming.sort_by_key(|m| m.starts());
    if let Some(next) = upcoming.first() {
        agendas::accept_proposal(store, &actor, &author, proposal.id, proposal.version, next.id)
            .await
            .context("demo: taking the escalated disagreement onto the managers' agenda")?;
    }

    // ---- the cooperation protocol ----
    let strategic = forum("Strategisen tason foorumi")?;
    let accepting = item_of(strategic.id, "Yhteistyöpöytäkirjan päivitys");
    let first = ProtocolVersionInput {
        label: "2023".into(),
        valid_from: date("2023-05-15"),
        text: PROTOCOL_2023.into(),
        item_id: None,
        acceptance_note: "Osapuolet allekirjoittivat yhteistyöpöytäkirjan 2023, ennen Foorumin käyttöönottoa.".into(),
    };
    records::create::<ProtocolVersion>(store, &actor, &author, region_id, first).await?;
    let second = ProtocolVersionInput {
        label: "2025".into(),
        valid_from: date("2025-10-01"),
        text: PROTOCOL_2025.into(),
        item_id: accepting.map(|i| i.item_id),
        acceptance_note: String::new(),
    };
    records::create::<ProtocolVersion>(store, &actor, &author, region_id, second).await?;
    // The parties approve it in their own bodies: the ratification tracker's records of the
    // accepting item (Orimattila's is written with the strategic forum's record).
    if let Some(item) = accepting {
        let decisions = [
            (party_code("398"), "Kaupunginhallitus", "2025-10-20", "§ 412"),
            (Some(county.id), "Aluehallitus", "2025-10-28", "§ 230"),
            (party_code("098"), "Kunnanhallitus", "2025-11-03", "§ 188"),
        ];
        for (party, body, on, section) in decisions {
            let Some(party) = party else { continue };
            let input = RatificationInput {
                item_id: item.item_id,
                party_id: party,
                body: body.into(),
                decided_on: Some(date(on)),
                section: section.into(),
                url: String::new(),
                result: RatificationResult::Approved,
            };
            records::create::<Ratification>(store, &actor, &author, region_id, input).await?;
        }
    }
    Ok(())
}
