//! Renders documents and reads them back with lopdf, a PDF parser independent of krilla,
//! to check what PDF/A-2a and PDF/UA-1 require of the file (veraPDF is not available here):
//! the XMP identification and metadata, embedded fonts, the output intent, no encryption,
//! the structure tree, and text that extracts back as written.

mod common;

use foorumi_pdf::{Block, Document, Section, render};
use lopdf::{Dictionary, Object};

struct Pdf(lopdf::Document);

impl Pdf {
    fn of(doc: &Document) -> Pdf {
        let bytes = render(doc).expect("render");
        Pdf(lopdf::Document::load_mem(&bytes).expect("lopdf reads the file"))
    }

    fn get<'a>(&'a self, dict: &'a Dictionary, key: &str) -> &'a Object {
        let object = dict.get(key.as_bytes()).unwrap_or_else(|_| panic!("no /{key} in {dict:?}"));
        self.0.dereference(object).expect("a reference that resolves").1
    }

    fn dict<'a>(&'a self, dict: &'a Dictionary, key: &str) -> &'a Dictionary {
        self.get(dict, key).as_dict().unwrap_or_else(|_| panic!("/{key} is not a dictionary"))
    }

    fn catalog(&self) -> &Dictionary {
        self.0.catalog().expect("a catalog")
    }

    fn stream(&self, dict: &Dictionary, key: &str) -> Vec<u8> {
        let stream = self.get(dict, key).as_stream().unwrap_or_else(|_| panic!("/{key} is not a stream"));
        stream.decompressed_content().unwrap_or_else(|_| stream.content.clone())
    }

    fn xmp(&self) -> String {
        String::from_utf8(self.stream(self.catalog(), "Metadata")).expect("XMP is UTF-8")
    }

    fn info(&self, key: &str) -> String {
        let info = self.dict(&self.0.trailer, "Info");
        lopdf::decode_text_string(self.get(info, key)).expect("a text string")
    }

    fn pages(&self) -> usize {
        self.0.get_pages().len()
    }

    /// The text of all pages, each run of white space as one space.
    fn text(&self) -> String {
        let pages: Vec<u32> = self.0.get_pages().keys().copied().collect();
        self.0.extract_text(&pages).expect("text extraction").split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn dicts(&self) -> impl Iterator<Item = &Dictionary> {
        self.0.objects.values().filter_map(|o| match o {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        })
    }

    /// The structure elements' types (/S), in file order.
    fn struct_types(&self) -> Vec<String> {
        self.dicts()
            .filter(|d| d.has_type(b"StructElem"))
            .filter_map(|d| d.get(b"S").and_then(Object::as_name).ok())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect()
    }
}

/// The value of an XMP property written either as an element (its text, tags removed) or
/// as an attribute.
fn xmp_value(xmp: &str, name: &str) -> Option<String> {
    if let Some(start) = xmp.find(&format!("<{name}>")) {
        let inner = &xmp[start + name.len() + 2..];
        let inner = &inner[..inner.find(&format!("</{name}>"))?];
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        return Some(text.trim().replace("&amp;", "&"));
    }
    let start = xmp.find(&format!("{name}=\""))? + name.len() + 2;
    Some(xmp[start..start + xmp[start..].find('"')?].to_owned())
}

#[test]
fn the_xmp_declares_pdfa_2a_and_pdfua_1_and_matches_the_document() {
    let pdf = Pdf::of(&common::memo(40));
    let xmp = pdf.xmp();
    assert_eq!(xmp_value(&xmp, "pdfaid:part").as_deref(), Some("2"), "{xmp}");
    assert_eq!(xmp_value(&xmp, "pdfaid:conformance").as_deref(), Some("A"), "{xmp}");
    assert_eq!(xmp_value(&xmp, "pdfuaid:part").as_deref(), Some("1"), "{xmp}");
    assert_eq!(xmp_value(&xmp, "dc:title").as_deref(), Some(common::TITLE), "{xmp}");
    assert_eq!(xmp_value(&xmp, "dc:language").as_deref(), Some("fi"), "{xmp}");
    assert_eq!(xmp_value(&xmp, "dc:creator").as_deref(), Some("Päijät-Hämeen liitto"), "{xmp}");
    assert_eq!(xmp_value(&xmp, "dc:description").as_deref(), Some("Muistio"), "{xmp}");
    assert!(xmp_value(&xmp, "xmp:CreateDate").is_some_and(|d| d.starts_with("2026-03-12T14:30")), "{xmp}");

    // The document information dictionary says the same (PDF/A wants the two consistent).
    assert_eq!(pdf.info("Title"), common::TITLE);
    assert_eq!(pdf.info("Author"), "Päijät-Hämeen liitto");
    assert_eq!(pdf.info("Subject"), "Muistio");

    let lang = pdf.get(pdf.catalog(), "Lang").as_str().expect("a string");
    assert_eq!(lang, b"fi");
    // Viewers show the title rather than the file name (PDF/UA).
    let prefs = pdf.dict(pdf.catalog(), "ViewerPreferences");
    assert!(matches!(prefs.get(b"DisplayDocTitle"), Ok(Object::Boolean(true))), "{prefs:?}");
}

/// Fonts and font descriptors without an embedded font program, and how many composite
/// (Type0) fonts there are.
fn unembedded_fonts(pdf: &Pdf) -> (Vec<String>, usize) {
    let embedded = |d: &Dictionary| ["FontFile", "FontFile2", "FontFile3"].iter().any(|k| d.has(k.as_bytes()));
    let mut missing = Vec::new();
    let mut composite = 0;
    for font in pdf.dicts().filter(|d| d.has_type(b"Font")) {
        let subtype = font.get(b"Subtype").and_then(Object::as_name).expect("a font subtype");
        let descriptor = match subtype {
            b"Type3" => continue, // its glyphs are content streams in the file itself
            b"Type0" => {
                composite += 1;
                let descendants = pdf.get(font, "DescendantFonts").as_array().expect("an array");
                let cid_font = pdf.0.dereference(&descendants[0]).expect("a font").1.as_dict().expect("a dictionary");
                pdf.dict(cid_font, "FontDescriptor")
            }
            _ => pdf.dict(font, "FontDescriptor"),
        };
        if !embedded(descriptor) {
            missing.push(format!("{font:?}"));
        }
    }
    missing.extend(pdf.dicts().filter(|d| d.has_type(b"FontDescriptor") && !embedded(d)).map(|d| format!("{d:?}")));
    (missing, composite)
}

#[test]
fn every_font_is_embedded() {
    let mut pdf = Pdf::of(&common::memo(40));
    let (missing, composite) = unembedded_fonts(&pdf);
    assert!(missing.is_empty(), "not embedded: {missing:?}");
    // Regular, bold and italic text are all in the memo.
    assert!(composite >= 3, "only {composite} composite fonts");

    // The check sees a font whose program is gone.
    for object in pdf.0.objects.values_mut() {
        if let Object::Dictionary(d) = object {
            d.remove(b"FontFile2");
        }
    }
    assert!(unembedded_fonts(&pdf).0.len() >= composite);
}

#[test]
fn output_intent_is_srgb_and_nothing_is_encrypted() {
    let bytes = render(&common::memo(3)).unwrap();
    let pdf = Pdf(lopdf::Document::load_mem(&bytes).unwrap());
    let intents = pdf.get(pdf.catalog(), "OutputIntents").as_array().expect("an array");
    assert!(!intents.is_empty());
    let intent = pdf.0.dereference(&intents[0]).unwrap().1.as_dict().expect("a dictionary");
    assert_eq!(intent.get(b"S").and_then(Object::as_name).unwrap(), b"GTS_PDFA1");
    let profile = pdf.stream(intent, "DestOutputProfile");
    assert_eq!(&profile[36..40], b"acsp", "an ICC profile");
    assert_eq!(&profile[16..20], b"RGB ", "an RGB profile");

    assert!(!pdf.0.is_encrypted());
    assert!(!pdf.0.trailer.has(b"Encrypt"));
    assert!(bytes.starts_with(b"%PDF-1.7\n%"), "PDF 1.7 with a binary comment line");
}

#[test]
fn forty_sections_break_over_pages_with_numbered_footers() {
    let pdf = Pdf::of(&common::memo(40));
    let pages = pdf.pages();
    assert!(pages > 10, "{pages} pages");
    let text = pdf.text();
    assert!(text.contains("sivu 1 / "), "{text}");
    assert!(text.contains(&format!("sivu {pages} / {pages}")), "the last page's footer");
    assert!(!text.contains(&format!("sivu {} / ", pages + 1)));
}

#[test]
fn finnish_text_extracts_as_written() {
    let pdf = Pdf::of(&common::memo(40));
    let text = pdf.text();
    for expected in [
        common::TITLE,
        "Päijät-Hämeen liitto",
        "Laillisuus ja päätösvaltaisuus",
        "1 § Lahti: hyvinvointialueen",
        "40 § Iitti:",
        "Päätösehdotus",
        "Hyväksyttiin päätösehdotuksen mukaisesti.",
        "kehitysjohtaja Päivi Öhman",
        "Salassa pidettävä, JulkL 24.1 § 25 k",
        "arviolta 49 000 € vuodessa",
        "kuntien elinvoimajohtajia",
        "Kärkölä",
        "Åsa Sjöberg",
    ] {
        assert!(text.contains(expected), "{expected:?} not in the text:\n{text}");
    }
}

#[test]
fn the_structure_tree_has_the_documents_parts() {
    let pdf = Pdf::of(&common::memo(40));
    let mark_info = pdf.dict(pdf.catalog(), "MarkInfo");
    assert!(matches!(mark_info.get(b"Marked"), Ok(Object::Boolean(true))));
    pdf.dict(pdf.catalog(), "StructTreeRoot");

    let types = pdf.struct_types();
    let count = |s: &str| types.iter().filter(|t| *t == s).count();
    assert_eq!(count("H1"), 1, "{types:?}");
    assert_eq!(count("H2"), 40, "one per section");
    assert_eq!(count("H3"), 40 * 3, "three subheadings in each section");
    assert_eq!(count("L"), 40, "one bullet list in each section");
    assert_eq!(count("LI"), 40 * 3);
    // The header facts, six tables of figures and four fact tables.
    assert_eq!(count("Table"), 1 + 6 + 4, "{types:?}");

    // Bookmarks: the title and each section.
    let outlines = pdf.dict(pdf.catalog(), "Outlines");
    assert_eq!(pdf.get(outlines, "Count").as_i64().unwrap().abs(), 41);
}

fn one_section(lang: &str, blocks: Vec<Block>) -> Document {
    Document {
        lang: lang.into(),
        title: "Testi".into(),
        subject: "Muistio".into(),
        author: "Päijät-Hämeen liitto".into(),
        sections: vec![Section { number: Some("1 §".into()), title: "Asia".into(), marking: None, blocks }],
        footer: "alatunniste".into(),
        ..Document::default()
    }
}

#[test]
fn long_words_wrap_and_unknown_characters_do_not_break_pdfa() {
    let word = "Päijät-Hämeen".repeat(40);
    let doc = one_section(
        "fi",
        vec![
            Block::Paragraph(format!("Alku {word} loppu.")),
            // An emoji, CJK and controls: Noto Sans has no glyph for the first two.
            Block::Paragraph("Hymiö 😀 ja 漢字\u{7}\ttabulaattori".into()),
        ],
    );
    let pdf = Pdf::of(&doc);
    let text: String = pdf.text().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&format!("Alku{word}loppu.")), "{text}");
    assert!(text.contains("Hymiö?ja??tabulaattori"), "{text}");
}

#[test]
fn markdown_lists_tables_and_links_print_as_text() {
    let doc = one_section(
        "fi",
        vec![Block::Markdown(
            "Katso [ohje](https://example.org/ohje).\n\n1. ensimmäinen\n2. toinen\n\n| Kunta | Summa |\n|---|---|\n| Sysmä | 12 € |".into(),
        )],
    );
    let pdf = Pdf::of(&doc);
    let text = pdf.text();
    for expected in ["Katso ohje (https://example.org/ohje).", "1.", "ensimmäinen", "2.", "toinen", "Sysmä", "12 €"] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    let types = pdf.struct_types();
    for expected in ["L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TH", "TD"] {
        assert!(types.iter().any(|t| t == expected), "no {expected} in {types:?}");
    }
}

#[test]
fn the_page_word_follows_the_language_and_an_empty_document_still_renders() {
    let pdf = Pdf::of(&one_section("sv", vec![Block::Paragraph("Protokollet justerades.".into())]));
    assert!(pdf.text().contains("sida 1 / 1"), "{}", pdf.text());
    assert_eq!(xmp_value(&pdf.xmp(), "dc:language").as_deref(), Some("sv"));

    // Nothing at all: a title and language are still needed, and supplied.
    let pdf = Pdf::of(&Document::default());
    assert_eq!(pdf.pages(), 1);
    assert_eq!(xmp_value(&pdf.xmp(), "pdfaid:part").as_deref(), Some("2"));
    assert_eq!(xmp_value(&pdf.xmp(), "dc:language").as_deref(), Some("fi"));
}
