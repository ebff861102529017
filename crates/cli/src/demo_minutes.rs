//! The demo's records of held meetings: the municipal managers' memos of the past three
//! months (attendance, each item's handling, actions open and done; each memo approved
//! at the next meeting), the strategic forum's acceptance of the revised cooperation
//! protocol on 26.9.2025 with the parties' ratifications, a PHTURVA memo with a secret
//! item, checked by its minute checkers, and the chairs' forum's memo of 2.2.2026 that
//! assessed the goals and established the situational picture.

use anyhow::{Context, Result, anyhow};
use chrono::{NaiveDate, NaiveTime};
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_store::audit::Author;
use foorumi_store::records;
use foorumi_store::{Store, agendas, meetings, minutes, record_publication, views};

/// One item of a held meeting and how it was handled.
struct Handled {
    title: &'static str,
    public_title: &'static str,
    basis: Option<&'static str>,
    background: &'static str,
    discussion: &'static str,
    outcome: Outcome,
    outcome_text: &'static str,
    /// (title, owner party's code or name, due, status)
    actions: &'static [(&'static str, &'static str, Option<&'static str>, ActionStatus)],
}

const SEPTEMBER: &[Handled] = &[
    Handled {
        title: "Talousarvioiden 2027 valmistelun tilannekatsaus",
        public_title: "",
        basis: None,
        background: "Kunnat valmistelevat talousarvioitaan vuodelle 2027. Katsauksessa verrataan kuntien veroprosentteja ja investointitasoja.",
        discussion: "Todettiin, että useimmat kunnat valmistelevat maltillisia investointeja. Keskusteltiin yhteisten hankintojen mahdollisuuksista.",
        outcome: Outcome::Noted,
        outcome_text: "Merkittiin tilannekatsaus tiedoksi.",
        actions: &[(
            "Kootaan kuntien talousarvioiden keskeiset luvut vertailuksi",
            "Päijät-Hämeen liitto",
            Some("2026-10-09"),
            ActionStatus::Done,
        )],
    },
    Handled {
        title: "Hyvinvointialueen ja kuntien yhdyspintojen toimintamalli",
        public_title: "",
        basis: None,
        background: "Hyvinvointialue ja kunnat ovat valmistelleet yhdyspintojen toimintamallin, joka kuvaa vastuut ja yhteiset prosessit.",
        discussion: "Toimintamallia pidettiin selkeänä. Toivottiin, että yhdyspintaneuvottelukunta seuraa mallin käyttöönottoa.",
        outcome: Outcome::SharedPolicyLine,
        outcome_text: "Kuntajohtajakokous linjasi, että yhdyspintojen toimintamallia noudatetaan alueella vuoden 2027 alusta.",
        actions: &[(
            "Toimintamallin käyttöönoton seuranta yhdyspintaneuvottelukunnassa",
            "Päijät-Hämeen hyvinvointialue",
            Some("2026-12-31"),
            ActionStatus::Open,
        )],
    },
];

const OCTOBER: &[Handled] = &[
    Handled {
        title: "Yhteistyöpöytäkirjan vuosikatsauksen valmistelu",
        public_title: "",
        basis: None,
        background: "Yhteistyöpöytäkirja tarkistetaan vuosittain. Katsaukseen kerätään osapuolten palaute foorumien toimivuudesta.",
        discussion: "Sovittiin, että palaute kerätään lyhyellä kyselyllä marraskuun aikana.",
        outcome: Outcome::Noted,
        outcome_text: "Merkittiin tiedoksi ja sovittiin palautteen keräämisestä.",
        actions: &[(
            "Kerätään osapuolten palaute yhteistyöpöytäkirjan toimivuudesta",
            "Päijät-Hämeen liitto",
            Some("2026-11-30"),
            ActionStatus::InProgress,
        )],
    },
    Handled {
        title: "Kotoutumisohjelman kuntakohtaiset yhteyshenkilöt",
        public_title: "",
        basis: None,
        background: "Maahanmuutto-ohjelman valmistelu edellyttää, että jokaisella kunnalla on nimetty yhteyshenkilö.",
        discussion: "Kunnat pitivät ehdotusta tarpeellisena. Pienet kunnat voivat nimetä yhteisen yhteyshenkilön.",
        outcome: Outcome::Recommendation,
        outcome_text: "Kuntajohtajakokous suosittaa, että kukin kunta nimeää kotoutumisohjelman yhteyshenkilön vuoden 2026 loppuun mennessä.",
        actions: &[],
    },
];

const NOVEMBER: &[Handled] = &[
    Handled {
        title: "Työllisyysalueen neljännesvuosiraportti",
        public_title: "",
        basis: None,
        background: "Työllisyysalue raportoi palvelujen saatavuudesta ja asiakasmääristä kolmannelta neljännekseltä.",
        discussion: "Raportin mukaan palvelujen saatavuus on parantunut. Pyydettiin seuraavaan raporttiin kuntakohtaiset luvut.",
        outcome: Outcome::Noted,
        outcome_text: "Merkittiin raportti tiedoksi.",
        actions: &[("Seuraavaan neljännesvuosiraporttiin kuntakohtaiset luvut", "398", Some("2027-03-31"), ActionStatus::Open)],
    },
    Handled {
        title: "Kuntien valmiussuunnitelmien päivittäminen",
        public_title: "",
        basis: None,
        background: "Kuntien valmiussuunnitelmat päivitetään turvallisuusfoorumin ohjeiden mukaisesti.",
        discussion: "Todettiin päivitysten aikataulu ja turvallisuusfoorumin tuki kunnille.",
        outcome: Outcome::Noted,
        outcome_text: "Merkittiin tiedoksi.",
        actions: &[(
            "Valmiussuunnitelmien päivitysten tilannekatsaus kuntajohtajakokoukselle",
            "Päijät-Hämeen liitto",
            Some("2027-02-28"),
            ActionStatus::Open,
        )],
    },
];

const PROTOCOL: &[Handled] = &[Handled {
    title: "Yhteistyöpöytäkirjan päivitys",
    public_title: "",
    basis: None,
    background: "Yhteistyöpöytäkirjaa on päivitetty foorumien kokemusten perusteella. Päivitetty pöytäkirja tulee voimaan, kun kukin osapuoli on hyväksynyt sen omassa toimielimessään.",
    discussion: "Foorumi kävi läpi päivitetyt pelisäännöt ja tasojen tehtävät. Osapuolten palaute kootaan osoitteeseen yhteistyo@example.org.",
    outcome: Outcome::Recommendation,
    outcome_text: "Strategisen tason foorumi hyväksyi päivitetyn yhteistyöpöytäkirjan yksimielisesti ja suosittaa, että kukin osapuoli hyväksyy sen omassa toimielimessään.",
    actions: &[],
}];

const PHTURVA: &[Handled] = &[
    Handled {
        title: "Kriittisen infrastruktuurin haavoittuvuusarvio",
        public_title: "Alueen kriittisen infrastruktuurin varautumisen arviointi",
        basis: Some("JulkL 24 § 1 mom. 7 k."),
        background: "Arviossa käydään läpi vesihuollon ja sähkönjakelun kohteiden suojaus.",
        discussion: "Käytiin läpi arvion havainnot ja jatkotoimet.",
        outcome: Outcome::Noted,
        outcome_text: "Merkittiin arvio tiedoksi.",
        actions: &[],
    },
    Handled {
        title: "Alueellinen valmiusharjoitus 2027",
        public_title: "",
        basis: None,
        background: "Alueellinen valmiusharjoitus järjestetään syksyllä 2027.",
        discussion: "Sovittiin harjoituksen valmistelusta ja osallistujista. Harjoituksen yhteyshenkilön tavoittaa numerosta 040 123 4567.",
        outcome: Outcome::Recommendation,
        outcome_text: "Turvallisuusfoorumi suosittaa, että kaikki kunnat osallistuvat harjoitukseen.",
        actions: &[("Harjoituksen käsikirjoituksen luonnos", "Päijät-Hämeen liitto", Some("2026-12-16"), ActionStatus::Open)],
    },
];

fn time(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").expect("demo times are valid")
}

/// Writes the demo's held records; returns how many records were written.
pub async fn write_minutes(store: &Store, region_id: Id, today: NaiveDate) -> Result<usize> {
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
    let party =
        |name: &str| register.parties.iter().find(|p| p.input.code.as_deref() == Some(name) || p.input.name.fi == name).map(|p| p.id);
    let managers = forum("Kuntajohtajakokous")?;
    let mut held: Vec<Meeting> = meetings::meetings_of_forum(store, region_id, managers.id)
        .await?
        .into_iter()
        .filter(|m| m.input.date < today && m.input.status == MeetingStatus::Held)
        .collect();
    held.sort_by_key(|m| m.starts());
    let recent: Vec<&Meeting> = held.iter().rev().take(3).rev().collect();
    let mut written = 0;
    let plans = [SEPTEMBER, OCTOBER, NOVEMBER];
    let mut previous: Option<Minutes> = None;
    for (meeting, plan) in recent.iter().zip(plans) {
        let record = write_record(store, &actor, &author, &register, meeting, plan, &party).await?;
        // Each memo is approved at the forum's next meeting.
        if let Some(before) = previous.take() {
            minutes::approve_at_meeting(store, &actor, &author, before.id, before.version, meeting.id, meeting.starts())
                .await
                .context("approving the previous memo")?;
        }
        previous = Some(record);
        written += 1;
    }

    // The strategic forum accepted the revised cooperation protocol on 26.9.2025.
    let strategic = forum("Strategisen tason foorumi")?;
    let accepted_on = NaiveDate::from_ymd_opt(2025, 9, 26).expect("valid date");
    let existing = meetings::meetings_of_forum(store, region_id, strategic.id).await?;
    let meeting = match existing.iter().find(|m| m.input.date.format("%Y").to_string() == "2025") {
        Some(m) => {
            let input = MeetingInput { date: accepted_on, start_time: time("13:00"), end_time: time("16:00"), ..m.input.clone() };
            records::update::<Meeting>(store, &actor, &author, m.id, m.version, input).await?
        }
        None => {
            let input = MeetingInput {
                forum_ids: vec![strategic.id],
                date: accepted_on,
                start_time: time("13:00"),
                end_time: time("16:00"),
                place: "Lahti".into(),
                online_url: String::new(),
                kind: MeetingKind::Meeting,
                status: MeetingStatus::Held,
                cancel_reason: String::new(),
                generated: false,
            };
            records::create::<Meeting>(store, &actor, &author, region_id, input).await?
        }
    };
    let record = write_record(store, &actor, &author, &register, &meeting, PROTOCOL, &party).await?;
    check_by_checkers(store, &author, &record).await?;
    // Published a few days after; its personal data have long left the public copy.
    publish(store, &author, record.id, meeting.starts() + chrono::Duration::days(5)).await?;
    written += 1;
    // Orimattila's city board approved the protocol on 6.10.2025, § 357 (public minutes);
    // the other parties' decisions are recorded as they come.
    let full = minutes::record_of(store, meeting.id).await?.ok_or_else(|| anyhow!("demo: no record"))?;
    let protocol_item = full.items.iter().find(|i| i.input.title == PROTOCOL[0].title).ok_or_else(|| anyhow!("demo: no protocol item"))?;
    if let Some(orimattila) = party("560") {
        let input = RatificationInput {
            item_id: protocol_item.id,
            party_id: orimattila,
            body: "Kaupunginhallitus".into(),
            decided_on: NaiveDate::from_ymd_opt(2025, 10, 6),
            section: "§ 357".into(),
            url: String::new(),
            result: RatificationResult::Approved,
        };
        records::create::<Ratification>(store, &actor, &author, region_id, input).await?;
    }

    // PHTURVA's latest held meeting, with a secret item, checked by its checkers.
    let phturva = forum("PHTURVA")?;
    let last = meetings::meetings_of_forum(store, region_id, phturva.id)
        .await?
        .into_iter()
        .filter(|m| m.input.date < today && m.input.status == MeetingStatus::Held)
        .max_by_key(|m| m.starts());
    if let Some(meeting) = last {
        let record = write_record(store, &actor, &author, &register, &meeting, PHTURVA, &party).await?;
        check_by_checkers(store, &author, &record).await?;
        // Published two days ago: its personal data are still in the public copy.
        let at = (today - chrono::Duration::days(2)).and_hms_opt(12, 0, 0).unwrap_or_default();
        publish(store, &author, record.id, at).await?;
        written += 1;
    }
    // The scheduled job of R1.4, as it would have run by today.
    record_publication::remove_expired_personal_data(store, today).await?;
    Ok(written)
}

/// The chairs' forum's memo of its latest held meeting, written after the follow-up
/// demos have put their items on its agenda (the goals' assessment, the situational
/// picture it established): recorded, checked and published, so the public record links
/// the snapshot. Returns the meeting, or None when the forum has no such meeting.
pub async fn write_chairs_memo(store: &Store, region_id: Id, today: NaiveDate) -> Result<Option<Id>> {
    let actor = Actor { instance_admin: true, ..Actor::default() };
    let author = Author::system("demo");
    let register = views::register(store, region_id).await?;
    let Some(chairs) = register.forums.iter().find(|f| f.input.level == ForumLevel::Chairs) else { return Ok(None) };
    let latest = meetings::meetings_of_forum(store, region_id, chairs.id)
        .await?
        .into_iter()
        .filter(|m| m.input.date < today && m.input.status == MeetingStatus::Held)
        .max_by_key(|m| m.starts());
    let Some(meeting) = latest else { return Ok(None) };
    if agendas::items_of(store, meeting.id).await?.is_empty() || minutes::record_of(store, meeting.id).await?.is_some() {
        return Ok(None);
    }
    // Its items are on the agenda already; each is recorded as proposed.
    let record = write_record(store, &actor, &author, &register, &meeting, &[], &|_: &str| None).await?;
    check_by_checkers(store, &author, &record).await?;
    publish(store, &author, record.id, meeting.starts() + chrono::Duration::days(5)).await?;
    Ok(Some(meeting.id))
}

/// Publishes a checked record, keeping each personal identifier found until its day.
async fn publish(store: &Store, author: &Author, minutes_id: Id, at: chrono::NaiveDateTime) -> Result<()> {
    let admin = Actor { instance_admin: true, ..Actor::default() };
    let found = record_publication::identifiers(store, &admin, minutes_id).await?;
    let decisions: Vec<IdentifierDecisionInput> = found
        .into_iter()
        .map(|f| IdentifierDecisionInput { item_id: f.item_id, text: f.text, decision: IdentifierDecision::Keep })
        .collect();
    let minutes = records::get::<Minutes>(store, minutes_id).await?;
    record_publication::publish(store, &admin, author, minutes_id, minutes.version, &decisions, at).await.context("publishing a record")?;
    Ok(())
}

/// Writes a held meeting's record: its items with the forum's standing items, how each
/// member seat took part, each item's handling and actions.
async fn write_record(
    store: &Store,
    actor: &Actor,
    author: &Author,
    register: &views::RegionRegister,
    meeting: &Meeting,
    plan: &[Handled],
    party: &impl Fn(&str) -> Option<Id>,
) -> Result<Minutes> {
    let region_id = meeting.region_id;
    let forum_id = meeting.input.forum_ids[0];
    let forum = register.forum(forum_id).ok_or_else(|| anyhow!("demo: no forum"))?;
    let secretary = register
        .seats
        .iter()
        .find(|s| s.input.forum_id == forum_id && s.input.role == SeatRole::Secretary && s.active_on(meeting.input.date))
        .and_then(|s| s.input.person_id)
        .or_else(|| register.people.iter().find(|p| p.input.name.ends_with("kuntayhteistyöpäällikkö")).map(|p| p.id));
    let seats = minutes::seats_of(store, meeting).await?;
    // The chair's seat, or where a forum has none, the member who chaired that day.
    let chair = [SeatRole::Chair, SeatRole::ViceChair, SeatRole::Member]
        .iter()
        .find_map(|role| seats.iter().find(|(s, p)| s.input.role == *role && p.is_some()).and_then(|(_, p)| *p));
    // Two members in turn check the record where the forum uses checkers.
    let checkers: Vec<Id> = if forum.input.minutes_approval == MinutesApproval::Checkers {
        seats.iter().filter(|(s, _)| s.input.role == SeatRole::Member).filter_map(|(_, p)| *p).take(2).collect()
    } else {
        Vec::new()
    };
    let mut item_ids = Vec::new();
    for handled in plan {
        let input = AgendaItemInput {
            meeting_id: meeting.id,
            position: 0,
            title: handled.title.into(),
            public_title: handled.public_title.into(),
            preparer_id: secretary,
            presenter_id: secretary,
            background: handled.background.into(),
            proposal: String::new(),
            publicity: if handled.basis.is_some() { Publicity::Secret } else { Publicity::Public },
            legal_basis_id: handled.basis.and_then(|code| register.legal_bases.iter().find(|b| b.input.code == code)).map(|b| b.id),
            tags: Vec::new(),
            party_ids: Vec::new(),
            standing_item_id: None,
            proposal_id: None,
        };
        let item = records::create::<AgendaItem>(store, actor, author, region_id, input).await.with_context(|| handled.title)?;
        item_ids.push((item.id, handled));
    }
    let input = MinutesInput {
        meeting_id: meeting.id,
        chair_id: chair,
        secretary_id: secretary,
        checker_ids: checkers,
        opened_at: Some(meeting.input.start_time),
        closed_at: Some(meeting.input.end_time - chrono::Duration::minutes(5)),
    };
    let record = minutes::start(store, actor, author, region_id, input).await.context("starting the record")?;
    let presences = seats
        .iter()
        .enumerate()
        .map(|(i, (seat, _))| {
            // The one who chairs is there.
            let presence = match i % 6 {
                _ if seat.input.role == SeatRole::Chair => Presence::Present,
                2 => Presence::Remote,
                5 => Presence::Absent,
                _ => Presence::Present,
            };
            PresenceInput {
                meeting_id: meeting.id,
                seat_id: seat.id,
                presence,
                deputy_id: None,
                verification: (presence == Presence::Remote).then_some(Verification::Video),
                arrived_item_id: None,
                left_item_id: None,
            }
        })
        .collect();
    minutes::set_presences(store, actor, author, region_id, presences).await.context("attendance")?;
    let full = minutes::record_of(store, meeting.id).await?.ok_or_else(|| anyhow!("demo: no record"))?;
    for item in &full.items {
        let handled = item_ids.iter().find(|(id, _)| *id == item.id).map(|(_, h)| *h);
        let (discussion, outcome, outcome_text) = match handled {
            Some(h) => (h.discussion.to_owned(), h.outcome, h.outcome_text.to_owned()),
            // The standing items, as the forum usually records them.
            None => (
                String::new(),
                Outcome::Noted,
                // "Hyväksytään …" as proposed becomes "Hyväksyttiin …" as recorded.
                [
                    ("Hyväksytään", "Hyväksyttiin"),
                    ("Merkitään", "Merkittiin"),
                    (" avaa ", " avasi "),
                    ("Todetaan", "Todettiin"),
                    (" vahvistaa ", " vahvisti "),
                    (" kirjaa ", " kirjasi "),
                ]
                .iter()
                .fold(item.input.proposal.clone(), |text, (proposed, recorded)| text.replace(proposed, recorded)),
            ),
        };
        let input = ItemRecordInput {
            item_id: item.id,
            discussion,
            outcome: Some(outcome),
            outcome_text,
            appeal: None,
            appeal_basis: String::new(),
        };
        records::create::<ItemRecord>(store, actor, author, region_id, input).await?;
        for (title, owner, due, status) in handled.map(|h| h.actions).unwrap_or_default() {
            let input = ActionInput {
                item_id: item.id,
                title: (*title).into(),
                owner_party_id: party(owner),
                owner_person_id: None,
                due_date: due.and_then(|d| d.parse().ok()),
                status: *status,
                notes: String::new(),
            };
            records::create::<ActionItem>(store, actor, author, region_id, input).await?;
        }
    }
    Ok(records::get::<Minutes>(store, record.id).await?)
}

/// Sends a record to its checkers and has each approve it with their own account.
async fn check_by_checkers(store: &Store, author: &Author, record: &Minutes) -> Result<()> {
    let admin = Actor { instance_admin: true, ..Actor::default() };
    let config = foorumi_web::Config::default();
    let sent = foorumi_web::mail::send_to_checkers(store, &config, &admin, author, record.id, record.version)
        .await
        .context("sending to the checkers")?;
    let meeting = records::get::<Meeting>(store, sent.input.meeting_id).await?;
    for (i, checker) in sent.input.checker_ids.iter().enumerate() {
        let actor = Actor { person_id: Some(*checker), instance_admin: true, ..Actor::default() };
        let at = meeting.ends() + chrono::Duration::days(2 + i as i64);
        minutes::approve(store, &actor, author, record.id, at).await.context("a checker's approval")?;
    }
    Ok(())
}
