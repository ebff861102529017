//! The demo's agendas: the region's secrecy grounds, each forum's standing items, the
//! next meetings' agendas with items drawn from the seeds (wellbeing picture, employment
//! services reform, immigration programme, preparedness exercise, the protocol's annual
//! review), a secret item, attachments, and proposals waiting in the queue.

use anyhow::{Context, Result, anyhow};
use bytes::Bytes;
use chrono::{NaiveDate, Timelike};
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_files::BlobStore;
use foorumi_store::agendas::{self, StoredFile};
use foorumi_store::audit::Author;
use foorumi_store::records;
use foorumi_store::{Store, meetings, views};

fn n(fi: &str, sv: &str, en: &str) -> Names {
    Names { fi: fi.into(), sv: sv.into(), en: en.into() }
}

/// Grounds of JulkL 621/1999 24 § 1 mom. that cooperation forums meet most.
fn legal_bases() -> Vec<LegalBasisInput> {
    [
        ("JulkL 24 § 1 mom. 7 k.", n("Turvallisuusjärjestelyt", "Säkerhetsarrangemang", "Security arrangements")),
        ("JulkL 24 § 1 mom. 8 k.", n("Varautuminen ja väestönsuojelu", "Beredskap och befolkningsskydd", "Preparedness and civil defence")),
        (
            "JulkL 24 § 1 mom. 17 k.",
            n("Julkisyhteisön liikesalaisuus", "Ett offentligt samfunds affärshemlighet", "Business secret of a public body"),
        ),
        (
            "JulkL 24 § 1 mom. 20 k.",
            n("Yksityinen liike- tai ammattisalaisuus", "Enskild affärs- eller yrkeshemlighet", "Private business or professional secret"),
        ),
        ("JulkL 24 § 1 mom. 32 k.", n("Yksityiselämää koskevat tiedot", "Uppgifter om privatliv", "Private life")),
    ]
    .into_iter()
    .map(|(code, name)| LegalBasisInput { code: code.into(), name })
    .collect()
}

/// The standing items of a cooperation forum's memo-style agenda.
fn standing(forum_id: Id) -> Vec<StandingItemInput> {
    let item = |placement, position, title: &str, proposal: &str| StandingItemInput {
        forum_id,
        placement,
        position,
        title: title.into(),
        proposal: proposal.into(),
    };
    vec![
        item(Placement::Start, 1, "Kokouksen avaus", "Puheenjohtaja avaa kokouksen."),
        item(Placement::Start, 2, "Esityslistan hyväksyminen", "Hyväksytään esityslista kokouksen työjärjestykseksi."),
        item(Placement::Start, 3, "Edellisen kokouksen muistio", "Merkitään edellisen kokouksen muistio tiedoksi."),
        item(Placement::End, 1, "Muut asiat", ""),
        item(Placement::End, 2, "Seuraava kokous", "Todetaan seuraavan kokouksen aika ja paikka."),
    ]
}

/// One item of the demo: title, Markdown background and proposal, tags.
struct ItemSpec {
    title: &'static str,
    public_title: &'static str,
    publicity: Publicity,
    basis: Option<&'static str>,
    background: &'static str,
    proposal: &'static str,
    tags: &'static [&'static str],
    attachments: &'static [(&'static str, Publicity)],
}

const MANAGERS_ITEMS: &[ItemSpec] = &[
    ItemSpec {
        title: "Hyvinvoinnin yhteinen tilannekuva 2026",
        public_title: "",
        publicity: Publicity::Public,
        basis: None,
        background: "Yhteistyön pelisääntöjen mukaan alueen toimijat ylläpitävät **yhteistä tilannekuvaa** hyvinvoinnista. \
            Puheenjohtajafoorumi muodostaa tilannekuvan vuosittain; kuntajohtajakokous valmistelee sen.\n\n\
            Valmistelussa on koottu kuntien ja hyvinvointialueen hyvinvointikertomusten keskeiset havainnot sekä THL:n Sotkanetin indikaattorit.",
        proposal: "Kuntajohtajakokous käy läpi tilannekuvan luonnoksen ja antaa siitä palautteen ennen puheenjohtajafoorumia.",
        tags: &["hyvinvointi", "tilannekuva"],
        attachments: &[("Tilannekuvan luonnos 2026.pdf", Publicity::Public)],
    },
    ItemSpec {
        title: "TE-palvelu-uudistus: työllisyysalueen yhteistyö kuntien kesken",
        public_title: "",
        publicity: Publicity::Public,
        basis: None,
        background: "Työllisyyspalvelut siirtyivät kuntien järjestettäviksi 1.1.2025. Työllisyysalueen kunnat sopivat yhteistyön \
            seurannasta ja tiedonvaihdosta kuntajohtajakokouksessa.\n\n- palvelujen saatavuus eri kunnissa\n- yhteiset hankinnat\n- raportointi",
        proposal: "Merkitään tilannekatsaus tiedoksi ja sovitaan, että työllisyysalue raportoi kuntajohtajakokoukselle neljännesvuosittain.",
        tags: &["työllisyys"],
        attachments: &[("Työllisyysalueen seurantataulukko.csv", Publicity::Public)],
    },
    ItemSpec {
        title: "Päijät-Hämeen maahanmuutto-ohjelman päivittäminen",
        public_title: "",
        publicity: Publicity::Public,
        basis: None,
        background: "Maahanmuutto-ohjelma 2021–2025 hyväksyttiin maakuntahallituksessa 8.2.2021, ja kotoutumislaki uudistui 1.1.2025. \
            Ohjausryhmä on aloittanut uuden ohjelman valmistelun.",
        proposal: "Kuntajohtajakokous nimeää kunkin kunnan yhteyshenkilön ohjelman valmisteluun.",
        tags: &["maahanmuutto", "kotoutuminen"],
        attachments: &[],
    },
    ItemSpec {
        title: "Yhteistyöpöytäkirjan vuosikatsaus",
        public_title: "",
        publicity: Publicity::Public,
        basis: None,
        background: "Yhteistyöpöytäkirja tarkistetaan vuosittain. Katsauksessa arvioidaan foorumien toimivuus, vastuunjako ja \
            erimielisyyksien käsittely kuluneena vuonna.",
        proposal: "Käydään keskustelu pöytäkirjan toimivuudesta ja valmistellaan muutosehdotukset puheenjohtajafoorumille.",
        tags: &["yhteistyö"],
        attachments: &[],
    },
];

const PHTURVA_ITEMS: &[ItemSpec] = &[
    ItemSpec {
        title: "Alueellisen valmiusharjoituksen 2027 käsikirjoitus ja harjoitusskenaario",
        public_title: "Alueellisen valmiusharjoituksen 2027 suunnittelu",
        publicity: Publicity::Secret,
        basis: Some("JulkL 24 § 1 mom. 8 k."),
        background: "Harjoitusskenaariossa kuvataan pitkittyvä sähkönjakelun häiriö ja sen vaikutukset kriittisiin palveluihin.",
        proposal: "Hyväksytään harjoituksen käsikirjoitus jatkovalmistelun pohjaksi.",
        tags: &["varautuminen"],
        attachments: &[("Harjoitusskenaario 2027.pdf", Publicity::Secret)],
    },
    ItemSpec {
        title: "Turvallisuuden yhteinen tilannekuva",
        public_title: "",
        publicity: Publicity::Public,
        basis: None,
        background: "Pelastuslaitos ja hyvinvointialue esittelevät turvallisuuden tilannekuvan ajankohtaiset muutokset.",
        proposal: "Merkitään tilannekuva tiedoksi.",
        tags: &["turvallisuus", "tilannekuva"],
        attachments: &[],
    },
];

/// A one-page PDF with the given lines in Helvetica (WinAnsi covers ä and ö), made here so
/// that the demo ships no binary files.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let escape = |line: &str| -> Vec<u8> {
        let mut out = Vec::new();
        for c in line.chars() {
            let byte = u32::from(c);
            let byte = if byte < 256 { byte as u8 } else { b'?' };
            if matches!(byte, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(byte);
        }
        out
    };
    let mut content = b"BT /F1 12 Tf 72 770 Td 16 TL\n".to_vec();
    for line in lines {
        content.push(b'(');
        content.extend(escape(line));
        content.extend_from_slice(b") Tj T*\n");
    }
    content.extend_from_slice(b"ET\n");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(), content, b"endstream".to_vec()].concat(),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).into_bytes());
    out
}

fn attachment_content(name: &str, item: &str) -> Vec<u8> {
    if name.ends_with(".csv") {
        "Tehtävä;Vastuu;Aikataulu\nPalvelujen saatavuuden seuranta;Työllisyysalue;neljännesvuosittain\nYhteiset hankinnat;Lahden kaupunki;kevät 2027\nRaportointi kuntajohtajakokoukselle;Työllisyysalue;maaliskuu 2027\n"
            .as_bytes()
            .to_vec()
    } else {
        pdf(&[item, "", "Foorumi - esimerkkiaineisto (demo)", "Liite esityslistan asiaan."])
    }
}

fn next_meeting(meetings: &[Meeting], forum: Id, today: NaiveDate) -> Option<&Meeting> {
    meetings
        .iter()
        .find(|m| m.input.date >= today && m.input.forum_ids.first() == Some(&forum) && m.input.status != MeetingStatus::Cancelled)
}

/// Writes the lists agendas and records draw on: the region's secrecy grounds and the
/// standing items of the forums that use them.
pub async fn write_forum_lists(store: &Store, region_id: Id) -> Result<()> {
    let actor = Actor { instance_admin: true, ..Actor::default() };
    let author = Author::system("demo");
    for input in legal_bases() {
        records::create::<LegalBasis>(store, &actor, &author, region_id, input).await?;
    }
    let register = views::register(store, region_id).await?;
    for name in ["Kuntajohtajakokous", "PHTURVA", "Yhdyspintaneuvottelukunta"] {
        let forum = register.forums.iter().find(|f| f.input.name.fi.contains(name)).ok_or_else(|| anyhow!("demo: no forum {name}"))?;
        for input in standing(forum.id) {
            records::create::<StandingItem>(store, &actor, &author, region_id, input).await?;
        }
    }
    Ok(())
}

/// Writes the demo's agendas; returns (items, proposals).
pub async fn write_agendas(store: &Store, blobs: &BlobStore, region_id: Id, today: NaiveDate) -> Result<(usize, usize)> {
    let actor = Actor { instance_admin: true, ..Actor::default() };
    let author = Author::system("demo");
    let register = views::register(store, region_id).await?;
    let forum =
        |name: &str| register.forums.iter().find(|f| f.input.name.fi.contains(name)).ok_or_else(|| anyhow!("demo: no forum {name}"));
    let person = |suffix: &str| register.people.iter().find(|p| p.input.name.ends_with(suffix)).map(|p| p.id);
    let party = |code: &str| register.parties.iter().find(|p| p.input.code.as_deref() == Some(code)).map(|p| p.id);

    let bases = &register.legal_bases;
    let managers = forum("Kuntajohtajakokous")?;
    let phturva = forum("PHTURVA")?;
    let interface = forum("Yhdyspintaneuvottelukunta")?;

    let year = meetings::meetings_of_year(store, region_id, today.format("%Y").to_string().parse()?).await?;
    let secretary = person("kuntayhteistyöpäällikkö");
    let mut items = 0;
    let add_items = async |meeting: &Meeting, specs: &[ItemSpec], preparer: Option<Id>, presenter: Option<Id>| -> Result<()> {
        for spec in specs {
            let input = AgendaItemInput {
                meeting_id: meeting.id,
                position: 0,
                title: spec.title.into(),
                public_title: spec.public_title.into(),
                preparer_id: preparer,
                presenter_id: presenter,
                background: spec.background.into(),
                proposal: spec.proposal.into(),
                publicity: spec.publicity,
                legal_basis_id: spec.basis.and_then(|code| bases.iter().find(|b| b.input.code == code)).map(|b| b.id),
                tags: spec.tags.iter().map(|t| (*t).to_owned()).collect(),
                party_ids: Vec::new(),
                standing_item_id: None,
                proposal_id: None,
            };
            let item = records::create::<AgendaItem>(store, &actor, &author, region_id, input).await.with_context(|| spec.title)?;
            for (name, publicity) in spec.attachments {
                let bytes = attachment_content(name, spec.title);
                let checked = foorumi_files::check_upload(name, &bytes, u64::MAX).map_err(|e| anyhow!("demo attachment {name}: {e}"))?;
                let size = bytes.len() as i64;
                let sha256 = blobs.put(Bytes::from(bytes)).await?;
                let input = AttachmentInput {
                    item_id: item.id,
                    name: (*name).into(),
                    publicity: *publicity,
                    legal_basis_id: item.input.legal_basis_id,
                };
                let file = StoredFile { media_type: checked.media_type.into(), size, sha256 };
                agendas::add_attachment(store, &actor, &author, input, file).await?;
            }
        }
        Ok(())
    };
    // Published a week before the meeting, as the forums' notice periods want.
    let publish_at = |meeting: &Meeting| (meeting.input.date - chrono::Duration::days(7)).and_hms_opt(10, 0, 0).unwrap_or_default();
    if let Some(meeting) = next_meeting(&year, managers.id, today) {
        add_items(meeting, MANAGERS_ITEMS, secretary, secretary).await?;
        let at = publish_at(meeting).min(foorumi_store::now_in_finland().with_nanosecond(0).unwrap_or_default());
        agendas::follow_up_actions(store, &actor, &author, meeting.id, &foorumi_web::follow_up_text()).await?;
        agendas::publish(store, &actor, &author, meeting.id, at).await?;
        items += MANAGERS_ITEMS.len();
    }
    if let Some(meeting) = next_meeting(&year, phturva.id, today) {
        add_items(meeting, PHTURVA_ITEMS, person("valmiussuunnittelija"), person("valmiuspäällikkö")).await?;
        let at = publish_at(meeting).min(foorumi_store::now_in_finland().with_nanosecond(0).unwrap_or_default());
        agendas::follow_up_actions(store, &actor, &author, meeting.id, &foorumi_web::follow_up_text()).await?;
        agendas::publish(store, &actor, &author, meeting.id, at).await?;
        items += PHTURVA_ITEMS.len();
    }
    // The interface advisory board's agenda is still being prepared.
    if let Some(meeting) = next_meeting(&year, interface.id, today) {
        add_items(meeting, &MANAGERS_ITEMS[..1], secretary, secretary).await?;
        items += 1;
    }

    // Proposals: two waiting in the queue, one answered why not.
    let proposal = |title: &str, description: &str, party_code: &str, proposer: &str| ProposalInput {
        forum_id: managers.id,
        party_id: party(party_code),
        person_id: person(proposer),
        title: title.into(),
        description: description.into(),
        wanted_by: None,
    };
    let proposals = [
        proposal(
            "Kuntien yhteinen kesätyöseteli 2027",
            "Hollola ehdottaa, että kunnat valmistelevat yhteisen kesätyösetelin nuorille vuodelle 2027.",
            "098",
            "Hollolan kunnanjohtaja",
        ),
        proposal(
            "Seudullinen joukkoliikenteen lippuyhteistyö",
            "Lahti ehdottaa katsausta seudullisen lippujärjestelmän jatkosta ja kuntien kustannusjaosta.",
            "398",
            "Lahden kaupunginjohtaja",
        ),
        proposal(
            "Kuntien yhteinen viestintäkampanja vapaaehtoistoiminnasta",
            "Ehdotetaan yhteistä kampanjaa järjestöjen vapaaehtoistoiminnan näkyvyyden lisäämiseksi.",
            "098",
            "Hollolan kunnanjohtaja",
        ),
    ];
    let mut created = Vec::new();
    for input in proposals {
        created.push(records::create::<Proposal>(store, &actor, &author, region_id, input).await?);
    }
    if let Some(declined) = created.get(2) {
        agendas::decline_proposal(
            store,
            &actor,
            &author,
            declined.id,
            declined.version,
            "Asia kuuluu järjestöneuvottelukunnalle; ehdotus on välitetty sen sihteerille.",
        )
        .await?;
    }
    Ok((items, created.len()))
}
