//! A realistic memo of 40 items, shared by the tests and the benchmark.

use foorumi_pdf::{Block, Document, Section};

pub const TITLE: &str = "Kuntajohtajakokous 3/2026 – Muistio";

const MUNICIPALITIES: [&str; 10] =
    ["Lahti", "Heinola", "Hollola", "Orimattila", "Asikkala", "Sysmä", "Padasjoki", "Hartola", "Kärkölä", "Iitti"];

fn section(n: usize) -> Section {
    let municipality = MUNICIPALITIES[n % MUNICIPALITIES.len()];
    let mut blocks = vec![
        Block::Heading("Asian tausta".into()),
        Block::Markdown(format!(
            "Hyvinvointialue ja {municipality} ovat valmistelleet yhteistyösopimuksen, jonka **kustannusvaikutus** on \
             arviolta {} 000 € vuodessa. Sopimusluonnos on *liitteenä*, ja aineisto löytyy myös osoitteesta \
             [liiton sivuilta](https://www.paijat-hame.fi/kokoukset/{n}).\n\n\
             Valmistelussa on kuultu:\n\n\
             - kuntien elinvoimajohtajia\n\
             - hyvinvointialueen strategiajohtoa\n\
             - nuorisovaltuustoja ja vanhus- ja vammaisneuvostoja\n\n\
             Esittelijä: kehitysjohtaja Päivi Öhman, p. 044 123 4567",
            10 + n
        )),
        Block::Heading("Päätösehdotus".into()),
        Block::Paragraph(format!(
            "Kuntajohtajakokous merkitsee tiedoksi selvityksen ja päättää esittää, että {municipality} ja \
             hyvinvointialue jatkavat neuvotteluja 30.6.2026 mennessä. Kustannusjako tarkistetaan vuosittain."
        )),
        Block::Heading("Päätös".into()),
        Block::Paragraph("Hyväksyttiin päätösehdotuksen mukaisesti.".into()),
    ];
    if n % 7 == 3 {
        blocks.push(Block::Table {
            header: vec!["Kunta".into(), "Asukkaita".into(), "Osuus €".into(), "Huomautukset".into()],
            rows: MUNICIPALITIES
                .iter()
                .enumerate()
                .map(|(i, m)| vec![m.to_string(), format!("{}", 5_000 + i * 3_217), format!("{},00", 1_000 + i * 97), "–".into()])
                .collect(),
        });
    }
    if n % 9 == 5 {
        blocks.push(Block::Facts(vec![
            ("Lisätiedot".into(), "hallintojohtaja Åsa Sjöberg".into()),
            ("Liitteet".into(), "1 Sopimusluonnos\n2 Kustannuslaskelma".into()),
        ]));
    }
    Section {
        number: Some(format!("{} §", n + 1)),
        title: format!("{municipality}: hyvinvointialueen ja kunnan yhteistyösopimus ja sen seuranta vuonna 2026"),
        marking: (n % 10 == 6).then(|| "Salassa pidettävä, JulkL 24.1 § 25 k".into()),
        blocks,
    }
}

pub fn memo(sections: usize) -> Document {
    Document {
        lang: "fi".into(),
        title: TITLE.into(),
        subject: "Muistio".into(),
        author: "Päijät-Hämeen liitto".into(),
        created: chrono::NaiveDate::from_ymd_opt(2026, 3, 12).and_then(|d| d.and_hms_opt(14, 30, 0)).expect("a valid date"),
        header: vec![
            ("Aika".into(), "torstai 12.3.2026 klo 9.00–11.30".into()),
            ("Paikka".into(), "Päijät-Hämeen liitto, Kokoushuone Vesijärvi, Lahti, ja Teams-yhteys".into()),
            ("Läsnä".into(), "Pekka Virtanen, puheenjohtaja\nMaija Mäkelä, Heinola\nJukka Järvinen, Hollola\nÅsa Sjöberg, sihteeri".into()),
            ("Laillisuus ja päätösvaltaisuus".into(), "Kokous todettiin laillisesti koolle kutsutuksi ja päätösvaltaiseksi.".into()),
        ],
        sections: (0..sections).map(section).collect(),
        closing: vec![
            Block::Paragraph("Muistio on tarkastettu ja hyväksytty sähköisesti 19.3.2026.".into()),
            Block::Paragraph("Pekka Virtanen\npuheenjohtaja\n\nÅsa Sjöberg\nsihteeri".into()),
        ],
        footer: "Päijät-Hämeen liitto · Kuntajohtajakokous 3/2026".into(),
    }
}
