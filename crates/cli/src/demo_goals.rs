//! The demo's council-term goals for 2025–2029 (R3.4): five policy lines from the seeds'
//! themes (wellbeing and health promotion, vitality and employment, immigration and
//! integration, preparedness and safety, a shared knowledge base), goals under them with
//! measures owned by the parties, indicator targets on THL Sotkanet's indicators
//! (population has real values; mortality has none in the demo's files and shows "ei
//! tietoa"), statuses for 2025 and 2026, the chairs' forum's assessment of 2025 linked to
//! its item, and this year's follow-up report attached as a PDF to an item of the chairs'
//! forum's next meeting.
//!
//! Runs after the situational picture's step, which imports the indicator catalogue and
//! values; a target whose indicator is not in the catalogue is left out.

use anyhow::{Context, Result};
use bytes::Bytes;
use chrono::{Datelike, NaiveDate};
use foorumi_core::goals::*;
use foorumi_core::indicators::{AreaKind, Gender};
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_files::BlobStore;
use foorumi_store::agendas::StoredFile;
use foorumi_store::audit::Author;
use foorumi_store::goals::{self as goal_store, ReportAttachment};
use foorumi_store::{Store, indicators, records, views};

fn admin() -> Actor {
    Actor { instance_admin: true, ..Actor::default() }
}

struct MeasureSeed {
    fi: &'static str,
    sv: &'static str,
    en: &'static str,
    /// Owner parties by official code, or "county" / "council" for the wellbeing
    /// services county and the regional council.
    owners: &'static [&'static str],
    weight: i64,
    progress: i64,
    start: &'static str,
    end: &'static str,
    /// A word of the title of an action agreed in the demo's minutes to link.
    action: Option<&'static str>,
}

struct TargetSeed {
    indicator: Id,
    /// None: the region; Some(code): a municipality.
    municipality: Option<&'static str>,
    /// Used when the data have no value for the baseline year.
    baseline: f64,
    baseline_year: i32,
    /// The target as a change from the baseline, in per cent.
    change_percent: f64,
}

struct GoalSeed {
    fi: &'static str,
    sv: &'static str,
    en: &'static str,
    description: &'static str,
    measures: &'static [MeasureSeed],
    targets: &'static [TargetSeed],
    /// (2025, 2026) statuses with their justifications.
    statuses: [(GoalState, &'static str); 2],
}

struct LineSeed {
    fi: &'static str,
    sv: &'static str,
    en: &'static str,
    goals: &'static [GoalSeed],
}

const LINES: &[LineSeed] = &[
    LineSeed {
        fi: "Hyvinvointi ja terveyden edistäminen",
        sv: "Välfärd och hälsofrämjande",
        en: "Wellbeing and health promotion",
        goals: &[GoalSeed {
            fi: "Liikkumattomuus vähenee ja terveyserot kapenevat",
            sv: "Stillasittandet minskar och hälsoskillnaderna krymper",
            en: "Physical inactivity decreases and health gaps narrow",
            description: "Kunnat ja hyvinvointialue tekevät hyvinvoinnin ja terveyden edistämistä yhteisellä mallilla ja seuraavat sitä samoilla mittareilla.",
            measures: &[
                MeasureSeed {
                    fi: "Liikuntaneuvonnan yhteinen palveluketju kaikkiin kuntiin",
                    sv: "Gemensam servicekedja för motionsrådgivning i alla kommuner",
                    en: "A shared exercise counselling pathway in every municipality",
                    owners: &["county", "398", "098", "111"],
                    weight: 3,
                    progress: 40,
                    start: "2025-09-01",
                    end: "2027-12-31",
                    action: None,
                },
                MeasureSeed {
                    fi: "Hyvinvointikertomukset yhteisellä rakenteella ja vähimmäistietosisällöllä",
                    sv: "Välfärdsberättelser med gemensam struktur och minimidatainnehåll",
                    en: "Wellbeing reports with a shared structure and minimum data content",
                    owners: &["council", "county"],
                    weight: 1,
                    progress: 60,
                    start: "2025-06-01",
                    end: "2026-12-31",
                    action: None,
                },
            ],
            targets: &[TargetSeed { indicator: 186, municipality: None, baseline: 1180.0, baseline_year: 2023, change_percent: -5.0 }],
            statuses: [
                (GoalState::OnTrack, "Palveluketjun valmistelu alkoi aikataulussa."),
                (GoalState::AtRisk, "Kahden pienen kunnan resurssit eivät riitä liikuntaneuvontaan ilman yhteistä rahoitusta."),
            ],
        }],
    },
    LineSeed {
        fi: "Elinvoima ja työllisyys",
        sv: "Livskraft och sysselsättning",
        en: "Vitality and employment",
        goals: &[GoalSeed {
            fi: "Maakunnan väestökehitys kääntyy kasvuun",
            sv: "Landskapets befolkningsutveckling vänder till tillväxt",
            en: "The region's population starts to grow",
            description: "Työllisyyspalvelut, elinkeinopolitiikka ja asuminen tukevat toisiaan, jotta maakuntaan muutetaan ja siellä pysytään.",
            measures: &[
                MeasureSeed {
                    fi: "Työllisyysalueiden ja hyvinvointialueen yhdyspintojen toimintamalli",
                    sv: "Verksamhetsmodell för gränsytorna mellan sysselsättningsområdena och välfärdsområdet",
                    en: "An operating model for the interfaces of the employment areas and the county",
                    owners: &["398", "111", "560", "county"],
                    weight: 2,
                    progress: 70,
                    start: "2025-06-01",
                    end: "2026-12-31",
                    action: Some("yhdyspint"),
                },
                MeasureSeed {
                    fi: "Maakunnan yhteinen vetovoimamarkkinointi",
                    sv: "Gemensam attraktionsmarknadsföring för landskapet",
                    en: "Shared marketing of the region's attractiveness",
                    owners: &["council", "398", "098"],
                    weight: 1,
                    progress: 25,
                    start: "2026-01-01",
                    end: "2028-12-31",
                    action: None,
                },
            ],
            targets: &[
                TargetSeed { indicator: 127, municipality: None, baseline: 205_000.0, baseline_year: 2021, change_percent: 0.5 },
                TargetSeed { indicator: 127, municipality: Some("398"), baseline: 120_000.0, baseline_year: 2021, change_percent: 1.0 },
            ],
            statuses: [
                (GoalState::AtRisk, "Muuttotappio pienissä kunnissa jatkuu; Lahti ja Orimattila kasvavat."),
                (GoalState::OffTrack, "Väkiluku on laskenut lähtötasosta."),
            ],
        }],
    },
    LineSeed {
        fi: "Maahanmuutto ja kotoutuminen",
        sv: "Invandring och integration",
        en: "Immigration and integration",
        goals: &[GoalSeed {
            fi: "Uusi maahanmuutto-ohjelma hyväksytään kaikissa kunnissa",
            sv: "Det nya invandringsprogrammet godkänns i alla kommuner",
            en: "The new immigration programme is approved in every municipality",
            description: "Vuosien 2021–2025 maahanmuutto-ohjelma päättyi; uusi ohjelma on kotoutumislain mukainen kotoutumisohjelma niille kunnille, jotka sen hyväksyvät.",
            measures: &[MeasureSeed {
                fi: "Maahanmuutto-ohjelman 2026–2029 valmistelu ja hyväksyminen kunnissa",
                sv: "Beredning av invandringsprogrammet 2026–2029 och godkännande i kommunerna",
                en: "Preparing the immigration programme 2026–2029 and its approval in the municipalities",
                owners: &["council", "398", "111", "098", "560", "016", "142"],
                weight: 1,
                progress: 50,
                start: "2025-08-01",
                end: "2026-12-31",
                action: None,
            }],
            targets: &[],
            statuses: [
                (GoalState::OnTrack, "Ohjelmaluonnos valmistui ohjausryhmässä."),
                (GoalState::OnTrack, "Kuusi kuntaa on hyväksynyt ohjelman."),
            ],
        }],
    },
    LineSeed {
        fi: "Varautuminen ja turvallisuus",
        sv: "Beredskap och säkerhet",
        en: "Preparedness and safety",
        goals: &[GoalSeed {
            fi: "Kuntien ja hyvinvointialueen valmiussuunnitelmat on yhteensovitettu",
            sv: "Kommunernas och välfärdsområdets beredskapsplaner är samordnade",
            en: "The municipalities' and the county's preparedness plans are coordinated",
            description: "PHTURVA ja Kuntaturva sovittavat yhteen häiriötilanteiden johtamisen, viestinnän ja yhteystiedot.",
            measures: &[MeasureSeed {
                fi: "Yhteinen valmiusharjoitus ja sen jälkeinen suunnitelmien päivitys",
                sv: "Gemensam beredskapsövning och uppdatering av planerna efter den",
                en: "A joint preparedness exercise and updating the plans after it",
                owners: &["county", "398", "111", "098", "560", "016", "781", "316", "576", "081", "142"],
                weight: 1,
                progress: 100,
                start: "2025-10-01",
                end: "2026-06-30",
                action: Some("valmiussuunnitelm"),
            }],
            targets: &[],
            statuses: [
                (GoalState::OnTrack, "Harjoitus suunniteltiin syksyllä."),
                (GoalState::Achieved, "Harjoitus pidettiin ja suunnitelmat päivitettiin."),
            ],
        }],
    },
    LineSeed {
        fi: "Yhteinen tietopohja",
        sv: "Gemensamt kunskapsunderlag",
        en: "A shared knowledge base",
        goals: &[GoalSeed {
            fi: "Hyvinvoinnin tilannekuva muodostetaan yhdessä joka vuosi",
            sv: "Välfärdens lägesbild bildas gemensamt varje år",
            en: "The wellbeing picture is formed together every year",
            description: "Puheenjohtajafoorumi vahvistaa tilannekuvan vuosittain samoista THL:n Sotkanet-indikaattoreista.",
            measures: &[MeasureSeed {
                fi: "Tilannekuvan indikaattorit ja vuosittainen päivitys Foorumissa",
                sv: "Lägesbildens indikatorer och årlig uppdatering i Foorumi",
                en: "The picture's indicators and their yearly update in Foorumi",
                owners: &["council"],
                weight: 1,
                progress: 80,
                start: "2025-06-01",
                end: "2029-05-31",
                action: None,
            }],
            targets: &[],
            statuses: [(GoalState::OnTrack, "Indikaattorit valittiin."), (GoalState::OnTrack, "Ensimmäinen tilannekuva vahvistettiin.")],
        }],
    },
];

fn date(text: &str) -> Option<NaiveDate> {
    text.parse().ok()
}

/// Writes the goals and attaches this year's follow-up report; returns the number of
/// goals and the attachment's agenda item, when there was one to attach to.
pub async fn write_goals(store: &Store, blobs: &BlobStore, region_id: Id, today: NaiveDate) -> Result<(usize, Option<Id>)> {
    let actor = admin();
    let author = Author::system("demo");
    let register = views::register(store, region_id).await?;
    let Some(term) = goal_store::term_for_year(store, region_id, 2025).await? else { return Ok((0, None)) };
    let party = |key: &str| -> Option<Id> {
        register
            .parties
            .iter()
            .find(|p| match key {
                "county" => p.input.kind == PartyKind::WellbeingCounty,
                "council" => p.input.kind == PartyKind::RegionalCouncil,
                code => p.input.code.as_deref() == Some(code),
            })
            .map(|p| p.id)
    };
    let (actions, _) = records::list::<ActionItem>(store, Some(region_id), &[], records::Page { offset: 0, limit: 1000 }).await?;
    // The strategic forum set the goals with its item that accepted the cooperation
    // protocol and its goals.
    let mut strategic_items = Vec::new();
    for forum in register.forums.iter().filter(|f| f.input.level == ForumLevel::Strategic) {
        for meeting in foorumi_store::meetings::meetings_of_forum(store, region_id, forum.id).await? {
            strategic_items.extend(foorumi_store::agendas::items_of(store, meeting.id).await?);
        }
    }
    let decided = strategic_items
        .iter()
        .find(|i| i.input.title.to_lowercase().contains("tavoit"))
        .or_else(|| strategic_items.iter().find(|i| i.input.title.to_lowercase().contains("yhteistyöpöytäkirj")))
        .map(|i| i.id);
    // The chairs' forum assessed 2025 at its meeting of early 2026, and follows up this
    // year at its next one; each gets the item for it.
    let chairs = register.forums.iter().find(|f| f.input.level == ForumLevel::Chairs);
    let (assessed_in, report_item) = match chairs {
        Some(chairs) => chairs_items(store, &actor, &author, region_id, chairs, today).await?,
        None => (None, None),
    };
    let mut goals = 0;
    for line_seed in LINES {
        let line = records::create::<TermLine>(
            store,
            &actor,
            &author,
            region_id,
            TermLineInput {
                term_id: term.id,
                position: 0,
                name: Names::new(line_seed.fi, line_seed.sv, line_seed.en),
                description: Names::default(),
            },
        )
        .await
        .context("a term line")?;
        for seed in line_seed.goals {
            let goal = records::create::<Goal>(
                store,
                &actor,
                &author,
                region_id,
                GoalInput {
                    line_id: line.id,
                    position: 0,
                    name: Names::new(seed.fi, seed.sv, seed.en),
                    description: Names::new(seed.description, "", ""),
                    decided_item_id: decided,
                },
            )
            .await
            .context("a goal")?;
            goals += 1;
            for measure in seed.measures {
                let action_ids = measure
                    .action
                    .and_then(|word| actions.iter().find(|a| a.input.title.to_lowercase().contains(word)))
                    .map(|a| vec![a.id])
                    .unwrap_or_default();
                let input = MeasureInput {
                    goal_id: goal.id,
                    position: 0,
                    description: Names::new(measure.fi, measure.sv, measure.en),
                    owner_party_ids: measure.owners.iter().filter_map(|key| party(key)).collect(),
                    weight: measure.weight,
                    progress: measure.progress,
                    start_date: date(measure.start),
                    end_date: date(measure.end),
                    action_ids,
                };
                records::create::<Measure>(store, &actor, &author, region_id, input).await.context("a measure")?;
            }
            for target in seed.targets {
                if indicators::indicator(store, target.indicator).await.is_err() {
                    continue;
                }
                let (area_kind, area_code) = match target.municipality {
                    Some(code) => (AreaKind::Municipality, code.to_owned()),
                    None => (AreaKind::Region, register.region.input.code.clone()),
                };
                // The baseline is the data's own figure where there is one.
                let known = match target.municipality {
                    None => indicators::region_figure(store, region_id, target.indicator, target.baseline_year, Gender::Total).await?.value,
                    Some(code) => {
                        let query = indicators::ValueQuery {
                            areas: vec![foorumi_core::indicators::AreaKey::new(AreaKind::Municipality, code)],
                            from: Some(target.baseline_year),
                            to: Some(target.baseline_year),
                            gender: Some(Gender::Total),
                        };
                        indicators::values(store, target.indicator, &query, 0, 10).await?.0.first().and_then(|v| v.value)
                    }
                };
                let baseline = known.unwrap_or(target.baseline);
                let input = GoalTargetInput {
                    goal_id: goal.id,
                    indicator_id: target.indicator,
                    area_kind,
                    area_code,
                    baseline_year: target.baseline_year,
                    baseline_value: baseline,
                    target_value: (baseline * (1.0 + target.change_percent / 100.0)).round(),
                    target_year: 2029,
                };
                records::create::<GoalTarget>(store, &actor, &author, region_id, input).await.context("an indicator target")?;
            }
            for ((status, justification), year) in seed.statuses.iter().zip([2025, 2026]) {
                let input = GoalStatusInput { goal_id: goal.id, year, status: *status, justification: (*justification).into() };
                records::create::<GoalStatus>(store, &actor, &author, region_id, input).await.context("a goal status")?;
            }
            let input = GoalAssessmentInput {
                goal_id: goal.id,
                year: 2025,
                status: seed.statuses[0].0,
                text: format!("Puheenjohtajafoorumi arvioi tilanteen: {}", seed.statuses[0].1),
                item_id: assessed_in,
            };
            records::create::<GoalAssessment>(store, &actor, &author, region_id, input).await.context("an assessment")?;
        }
    }
    // This year's follow-up report on the chairs' forum's next agenda.
    let year = today.year().clamp(*term_years(&term).start(), *term_years(&term).end());
    let Some(item_id) = report_item else { return Ok((goals, None)) };
    let report = goal_store::report(store, term.id, Some(year)).await?;
    let pdf = foorumi_web::html::goals::render_report_pdf(Lang::Fi, &actor, &register, &report)
        .map_err(|e| anyhow::anyhow!("the follow-up report's PDF: {e}"))?;
    let size = pdf.len() as i64;
    let sha256 = blobs.put(Bytes::from(pdf)).await?;
    let name = foorumi_web::html::goals::report_file_name(Lang::Fi, &report);
    let request = ReportAttachment { item_id, term_id: term.id, year: Some(year), name };
    let file = StoredFile { media_type: "application/pdf".into(), size, sha256 };
    goal_store::attach_report(store, &actor, &author, &request, file).await.context("attaching the follow-up report")?;
    Ok((goals, Some(item_id)))
}

/// The chairs' forum's items on the goals' follow-up: one on its latest held meeting
/// (where it assessed last year), one on its next meeting (for this year's report),
/// which is planned on the first working day of February when there is none yet.
async fn chairs_items(
    store: &Store,
    actor: &Actor,
    author: &Author,
    region_id: Id,
    chairs: &Forum,
    today: NaiveDate,
) -> Result<(Option<Id>, Option<Id>)> {
    let meetings = foorumi_store::meetings::meetings_of_forum(store, region_id, chairs.id).await?;
    let past = meetings.iter().filter(|m| m.input.date < today && m.input.status != MeetingStatus::Cancelled).max_by_key(|m| m.input.date);
    let next = meetings.iter().filter(|m| m.input.date >= today && m.input.status != MeetingStatus::Cancelled).min_by_key(|m| m.input.date);
    let next = match next {
        Some(meeting) => meeting.clone(),
        None => {
            let february = NaiveDate::from_ymd_opt(today.year() + 1, 2, 1).unwrap_or(today);
            let input = MeetingInput {
                forum_ids: vec![chairs.id],
                date: foorumi_core::calendar::working_day_on_or_after(february),
                start_time: chrono::NaiveTime::from_hms_opt(13, 0, 0).unwrap_or_default(),
                end_time: chrono::NaiveTime::from_hms_opt(15, 0, 0).unwrap_or_default(),
                place: "Lahti".into(),
                online_url: String::new(),
                kind: MeetingKind::Meeting,
                status: MeetingStatus::Planned,
                cancel_reason: String::new(),
                generated: false,
            };
            records::create::<Meeting>(store, actor, author, region_id, input).await.context("the chairs' forum's next meeting")?
        }
    };
    let item = |meeting: &Meeting, year: i32| AgendaItemInput {
        meeting_id: meeting.id,
        position: 0,
        title: format!("Valtuustokauden tavoitteiden vuosiseuranta {year}"),
        public_title: String::new(),
        preparer_id: None,
        presenter_id: None,
        background: "Puheenjohtajafoorumi seuraa vuosittain, että valtuustokauden linjaukset ja tavoitteet toteutuvat. \
Seurantaraportti on liitteenä."
            .into(),
        proposal: "Puheenjohtajafoorumi arvioi tavoitteiden tilanteen ja kirjaa arvionsa muistioon.".into(),
        publicity: Publicity::Public,
        legal_basis_id: None,
        tags: vec!["valtuustokauden tavoitteet".into()],
        party_ids: vec![],
        standing_item_id: None,
        proposal_id: None,
    };
    let assessed = match past {
        Some(meeting) => {
            let items = foorumi_store::agendas::items_of(store, meeting.id).await?;
            match items.iter().find(|i| i.input.title.contains("tavoit")) {
                Some(found) => Some(found.id),
                // A meeting whose record is already checked takes no new item: the
                // assessment then names no item.
                None => records::create::<AgendaItem>(store, actor, author, region_id, item(meeting, meeting.input.date.year() - 1))
                    .await
                    .ok()
                    .map(|created| created.id),
            }
        }
        None => None,
    };
    let coming = records::create::<AgendaItem>(store, actor, author, region_id, item(&next, next.input.date.year() - 1))
        .await
        .context("the chairs' forum's item on the goals")?;
    Ok((assessed, Some(coming.id)))
}
