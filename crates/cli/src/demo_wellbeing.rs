//! The demo's statutory wellbeing reporting and preparedness workspaces: the ten
//! municipalities' and the county's annual reports of the last three years and the
//! extensive reports of both council terms, with a realistic share still missing or not
//! yet delivered so that the gaps show; the term and yearly HYTE negotiations; the contact
//! trees of PHTURVA and Kuntaturva from the demo's posts; three situation notes, one
//! public. Dates follow `today`, and nothing is dated after it.

use anyhow::{Result, anyhow};
use chrono::{Datelike, Duration, NaiveDate};
use foorumi_core::permissions::Actor;
use foorumi_core::preparedness::{ContactRole, PreparednessContact, PreparednessContactInput, PreparednessNote, PreparednessNoteInput};
use foorumi_core::wellbeing::{Negotiation, NegotiationInput, NegotiationKind, ReportKind, WellbeingReport, WellbeingReportInput};
use foorumi_core::*;
use foorumi_store::audit::Author;
use foorumi_store::views::RegionRegister;
use foorumi_store::{Store, records, views};

fn on(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid demo date")
}

/// A date, or none when it has not come yet.
fn by(date: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    (date <= today).then_some(date)
}

fn report(party_id: Id, kind: ReportKind, year: Option<i32>, term_id: Option<Id>) -> WellbeingReportInput {
    WellbeingReportInput {
        party_id,
        kind,
        year,
        term_id,
        approved_on: None,
        approved_section: String::new(),
        delivered_on: None,
        url: String::new(),
        notes: String::new(),
        draws_on: Vec::new(),
    }
}

/// What each municipality has done with a year's annual report in the demo: approved and
/// delivered, approved only, or nothing yet.
#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Delivered,
    Approved,
    Missing,
}

fn stage(code: &str, year_back: i32) -> Stage {
    match (year_back, code) {
        // The year before last: everything in order.
        (2, _) => Stage::Delivered,
        // Last year: Hartola never sent its report to the county, Padasjoki made none.
        (1, "081") => Stage::Approved,
        (1, "576") => Stage::Missing,
        (1, _) => Stage::Delivered,
        // This year: Sysmä and Kärkölä have not reported yet, Asikkala and Iitti have
        // not yet delivered.
        (_, "781" | "316") => Stage::Missing,
        (_, "016" | "142") => Stage::Approved,
        _ => Stage::Delivered,
    }
}

pub async fn write_wellbeing(store: &Store, region_id: Id, today: NaiveDate) -> Result<()> {
    let actor = Actor { instance_admin: true, ..Actor::default() };
    let author = Author::system("demo");
    let register = views::register(store, region_id).await?;
    let year = today.year();
    let code = &register.region.input.code;
    let mut municipalities: Vec<&Party> =
        register.parties.iter().filter(|p| p.input.kind == PartyKind::Municipality && p.belongs_to(code, today)).collect();
    municipalities.sort_by(|a, b| a.input.code.cmp(&b.input.code));
    let county = register.parties.iter().find(|p| p.input.kind == PartyKind::WellbeingCounty).ok_or_else(|| anyhow!("demo: no county"))?;
    let current = register.terms.iter().find(|t| t.contains(today)).ok_or_else(|| anyhow!("demo: no term in force"))?;
    let previous = register.terms.iter().filter(|t| t.input.end_date < current.input.start_date).max_by_key(|t| t.input.end_date);
    let mut reports = 0;

    // Annual reports: approved in spring (each council on its own day), sent to the
    // county two weeks later; the county's draws on those of its municipalities.
    for year_back in [2, 1, 0] {
        let y = year - year_back;
        let mut sources = Vec::new();
        for (i, party) in municipalities.iter().enumerate() {
            let party_code = party.input.code.clone().unwrap_or_default();
            let approved = by(on(y, 3 + (i as u32 % 4), 5 + 2 * i as u32), today);
            let mut input = report(party.id, ReportKind::Annual, Some(y), None);
            match (stage(&party_code, year_back), approved) {
                (Stage::Missing, _) => continue,
                // Not yet at this council's meeting: recorded, in preparation.
                (_, None) => {}
                (stage, Some(approved)) => {
                    input.approved_on = Some(approved);
                    input.approved_section = format!("§ {}", 20 + 3 * i);
                    if stage == Stage::Delivered {
                        input.delivered_on = by(approved + Duration::days(14), today);
                    }
                }
            }
            input.url = format!("https://example.org/{party_code}/hyvinvointiraportti-{y}.pdf");
            let created = records::create::<WellbeingReport>(store, &actor, &author, region_id, input).await?;
            sources.push(created.id);
            reports += 1;
        }
        let mut input = report(county.id, ReportKind::Annual, Some(y), None);
        // This year's county report is recorded and goes to the county council in December.
        if year_back > 0 {
            input.approved_on = by(on(y, 9, 15), today);
            input.approved_section = "§ 88".into();
        } else {
            input.notes = "Aluevaltuuston käsittelyssä joulukuussa.".into();
        }
        input.draws_on = sources;
        records::create::<WellbeingReport>(store, &actor, &author, region_id, input).await?;
        reports += 1;
    }

    // Extensive reports: the previous term's all done in its second year; this term's by
    // the four cities so far, the county's not yet.
    if let Some(previous) = previous {
        let y = previous.input.start_date.year() + 1;
        let mut sources = Vec::new();
        for (i, party) in municipalities.iter().enumerate() {
            let mut input = report(party.id, ReportKind::Extensive, None, Some(previous.id));
            input.approved_on = by(on(y, 5, 2 + 2 * i as u32), today);
            input.delivered_on = input.approved_on.and_then(|d| by(d + Duration::days(10), today));
            input.approved_section = format!("§ {}", 40 + i);
            sources.push(records::create::<WellbeingReport>(store, &actor, &author, region_id, input).await?.id);
            reports += 1;
        }
        let mut input = report(county.id, ReportKind::Extensive, None, Some(previous.id));
        input.approved_on = by(on(y, 11, 14), today);
        input.draws_on = sources;
        records::create::<WellbeingReport>(store, &actor, &author, region_id, input).await?;
        reports += 1;
    }
    for (i, party) in municipalities.iter().enumerate() {
        if !["398", "111", "098", "560"].contains(&party.input.code.as_deref().unwrap_or_default()) {
            continue;
        }
        let mut input = report(party.id, ReportKind::Extensive, None, Some(current.id));
        input.approved_on = by(on(current.input.start_date.year() + 1, 4, 20 + i as u32), today);
        input.delivered_on = input.approved_on.and_then(|d| by(d + Duration::days(7), today));
        records::create::<WellbeingReport>(store, &actor, &author, region_id, input).await?;
        reports += 1;
    }

    // Negotiations: one per term on cooperation, one a year on wellbeing promotion.
    let everyone: Vec<Id> = std::iter::once(county.id).chain(municipalities.iter().map(|p| p.id)).collect();
    let mut negotiations = 0;
    let mut held = Vec::new();
    if let Some(previous) = previous {
        held.push((NegotiationKind::Term, on(previous.input.start_date.year() + 1, 10, 4), "Yhteistyö, tavoitteet ja työnjako: palvelut, hyvinvoinnin edistäminen, tietojärjestelmien yhteentoimivuus ja yhteistyörakenteet"));
    }
    held.push((
        NegotiationKind::Term,
        on(current.input.start_date.year(), 10, 8),
        "Valtuustokauden yhteistyö, tavoitteet ja työnjako; yhdyspintojen toimintamalli",
    ));
    for y in [year - 2, year - 1, year] {
        held.push((
            NegotiationKind::AnnualHyte,
            on(y, 3, 18),
            "Hyvinvoinnin ja terveyden edistäminen: hyvinvointiraporttien havainnot ja yhteiset painopisteet",
        ));
    }
    for (kind, date, topics) in held {
        if date > today {
            continue;
        }
        let input = NegotiationInput {
            kind,
            held_on: date,
            party_ids: everyone.clone(),
            topics: topics.into(),
            item_id: None,
            minutes_url: String::new(),
            notes: String::new(),
        };
        records::create::<Negotiation>(store, &actor, &author, region_id, input).await?;
        negotiations += 1;
    }

    write_workspaces(store, &actor, &author, &register, today).await?;
    tracing::debug!(reports, negotiations, "demo wellbeing reporting written");
    Ok(())
}

/// A post of a party by the party's code (or kind, for the county) and the post's title.
fn post(register: &RegionRegister, party: &Party, title: &str) -> Result<Id> {
    register
        .posts
        .iter()
        .find(|p| p.input.party_id == party.id && p.input.title.fi == title)
        .map(|p| p.id)
        .ok_or_else(|| anyhow!("demo: no post {title} of {}", party.input.name.fi))
}

async fn write_workspaces(store: &Store, actor: &Actor, author: &Author, register: &RegionRegister, today: NaiveDate) -> Result<usize> {
    let region_id = register.region.id;
    let forum = |short: &str| register.forums.iter().find(|f| f.input.short_name == short).ok_or_else(|| anyhow!("demo: no forum {short}"));
    let by_code = |code: &str| {
        register.parties.iter().find(|p| p.input.code.as_deref() == Some(code)).ok_or_else(|| anyhow!("demo: no party {code}"))
    };
    let by_name = |name: &str| register.parties.iter().find(|p| p.input.name.fi == name).ok_or_else(|| anyhow!("demo: no party {name}"));
    let county = register.parties.iter().find(|p| p.input.kind == PartyKind::WellbeingCounty).ok_or_else(|| anyhow!("demo: no county"))?;
    let council = by_name("Päijät-Hämeen liitto")?;
    let police = by_name("Hämeen poliisilaitos")?;
    let agency = by_name("Kaakkois-Suomen elinvoimakeskus")?;

    use ContactRole::*;
    let phturva = forum("PHTURVA")?;
    let kuntaturva = forum("Kuntaturva")?;
    let mut tree: Vec<(Id, &Party, ContactRole, i64, &str)> = vec![
        (phturva.id, county, Primary, 1, "valmiuspäällikkö"),
        (phturva.id, county, Deputy, 1, "valmiussuunnittelija"),
        (phturva.id, county, Further, 1, "pelastusjohtaja"),
        (phturva.id, council, Primary, 1, "maakuntajohtaja"),
        (phturva.id, council, Deputy, 1, "kuntayhteistyöpäällikkö"),
        (phturva.id, police, Primary, 1, "varautumisen yhteyshenkilö"),
        (phturva.id, agency, Primary, 1, "varautumisen yhteyshenkilö"),
        (phturva.id, by_code("398")?, Primary, 1, "kaupunginjohtaja"),
        (phturva.id, by_code("398")?, Deputy, 1, "apulaiskaupunginjohtaja"),
        (phturva.id, by_code("111")?, Primary, 1, "kaupunginjohtaja"),
        (kuntaturva.id, county, Primary, 1, "valmiuspäällikkö"),
        (kuntaturva.id, county, Deputy, 1, "valmiussuunnittelija"),
        (kuntaturva.id, police, Primary, 1, "varautumisen yhteyshenkilö"),
        (kuntaturva.id, council, Primary, 1, "kuntayhteistyöpäällikkö"),
        (kuntaturva.id, by_code("398")?, Deputy, 1, "apulaiskaupunginjohtaja"),
    ];
    // Every municipality: its manager first, the board's chair after.
    let mut municipalities: Vec<&Party> = register
        .parties
        .iter()
        .filter(|p| p.input.kind == PartyKind::Municipality && p.belongs_to(&register.region.input.code, today))
        .collect();
    municipalities.sort_by(|a, b| a.input.code.cmp(&b.input.code));
    for party in municipalities {
        let city = ["398", "111", "560"].contains(&party.input.code.as_deref().unwrap_or_default());
        tree.push((kuntaturva.id, party, Primary, 1, if city { "kaupunginjohtaja" } else { "kunnanjohtaja" }));
        tree.push((kuntaturva.id, party, Further, 1, "hallituksen puheenjohtaja"));
    }
    let mut contacts = 0;
    for (forum_id, party, role, position, title) in tree {
        let input = PreparednessContactInput {
            forum_id,
            party_id: party.id,
            role,
            position,
            post_id: Some(post(register, party, title)?),
            person_id: None,
            notes: String::new(),
        };
        records::create::<PreparednessContact>(store, actor, author, region_id, input).await?;
        contacts += 1;
    }

    let notes = [
        (
            kuntaturva.id,
            today - Duration::days(20),
            "Talven sähkökatkoihin varautuminen",
            "Kunnat ovat päivittäneet lämpimien tilojen ja vedenjakelun suunnitelmat. Asukkaille kerrotaan kotivaran merkityksestä kuntien verkkosivuilla.",
            true,
            "",
        ),
        (
            kuntaturva.id,
            today - Duration::days(6),
            "Valmiusharjoituksen havainnot",
            "Tilannekuvan jakaminen kuntien välillä toimi. Yhteystietopuun varahenkilöt tarkistetaan ennen seuraavaa harjoitusta.",
            false,
            "Salassa pidettävä, JulkL 24 § 1 mom. 8 k.",
        ),
        (
            phturva.id,
            today - Duration::days(12),
            "Alueellinen riskiarvio, päivitys",
            "Riskiarvion päivitys käsitellään seuraavassa kokouksessa. Luokiteltu osa on organisaatioiden omissa järjestelmissä.",
            false,
            "Salassa pidettävä, JulkL 24 § 1 mom. 8 k.",
        ),
    ];
    for (forum_id, noted_on, title, body, public, marking) in notes {
        let input = PreparednessNoteInput { forum_id, noted_on, title: title.into(), body: body.into(), public, marking: marking.into() };
        records::create::<PreparednessNote>(store, actor, author, region_id, input).await?;
    }
    Ok(contacts)
}
