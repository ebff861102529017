//! Agendas and minutes as archival PDF: [`render`] lays out a [`Document`] on A4 pages and
//! writes it as **PDF/A-2a**, which is also **PDF/UA-1**: tagged (headings, paragraphs,
//! lists, tables), with XMP metadata, the sRGB output intent and every font embedded.
//!
//! Everything happens in process with [krilla](https://docs.rs/krilla), which writes the PDF
//! and refuses to write one that breaks the standards it was asked for; this crate does the
//! layout itself (line breaking, page breaks, tables). The text face is Noto Sans (SIL Open
//! Font License) from the `notosans` crate, so no system font is needed; it covers the
//! Latin, Greek and Cyrillic scripts, and a character it lacks prints as '?'.
//!
//! ```
//! use foorumi_pdf::{Block, Document, Section, render};
//!
//! let doc = Document {
//!     lang: "fi".into(),
//!     title: "Kuntajohtajakokous 3/2026 – Muistio".into(),
//!     subject: "Muistio".into(),
//!     author: "Päijät-Hämeen liitto".into(),
//!     created: chrono::NaiveDate::from_ymd_opt(2026, 3, 12).unwrap().and_hms_opt(9, 0, 0).unwrap(),
//!     header: vec![("Aika".into(), "12.3.2026 klo 9.00–11.30".into())],
//!     sections: vec![Section {
//!         number: Some("1 §".into()),
//!         title: "Kokouksen avaus".into(),
//!         marking: None,
//!         blocks: vec![Block::Paragraph("Puheenjohtaja avasi kokouksen klo 9.02.".into())],
//!     }],
//!     closing: vec![],
//!     footer: "Päijät-Hämeen liitto".into(),
//! };
//! let pdf = render(&doc).unwrap();
//! assert!(pdf.starts_with(b"%PDF-1.7"));
//! ```

#![forbid(unsafe_code)]

mod emit;
mod fonts;
mod layout;
mod markdown;
mod text;

/// A document to print: an agenda (esityslista), minutes (pöytäkirja) or a memo (muistio).
///
/// Text fields are plain text unless the block says otherwise; a line feed in a
/// [`Block::Paragraph`] or a fact's value is a line break (addresses, signatures).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The document's language as a BCP 47 tag ("fi", "sv", "en"): the metadata and
    /// structure language, and the word before the page numbers ("sivu", "sida", "page").
    /// Empty means "fi".
    pub lang: String,
    /// The title, printed large at the top and stored as the document title
    /// ("Kuntajohtajakokous 3/2026 – Muistio"). Empty falls back to `subject`.
    pub title: String,
    /// The kind of document ("Muistio", "Pöytäkirja", "Esityslista"), printed at the top
    /// right and stored as the subject.
    pub subject: String,
    /// The body or authority the document comes from ("Päijät-Hämeen liitto"), printed at
    /// the top left and stored as the author.
    pub author: String,
    /// When the document was made, stored as its creation date (local time, no zone).
    pub created: chrono::NaiveDateTime,
    /// Facts under the title, as a two-column table: Aika, Paikka, Läsnä, Laillisuus ja
    /// päätösvaltaisuus…
    pub header: Vec<(String, String)>,
    /// The items (pykälät), each starting with its number and title in bold.
    pub sections: Vec<Section>,
    /// What follows the items: the checking note, signatures, distribution.
    pub closing: Vec<Block>,
    /// Text at the bottom of every page, next to "sivu 3 / 12".
    pub footer: String,
}

/// One item of the agenda or minutes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section {
    /// The item's number as printed ("12 §"), or none.
    pub number: Option<String>,
    pub title: String,
    /// A secrecy marking ("Salassa pidettävä, JulkL 24.1 § 25 k"), printed in a red frame
    /// under the title.
    pub marking: Option<String>,
    pub blocks: Vec<Block>,
}

/// A piece of content of a section or of the closing.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A subheading in bold ("Päätösehdotus", "Päätös").
    Heading(String),
    /// Plain text; line feeds break lines.
    Paragraph(String),
    /// CommonMark with tables, as the web pages show it: paragraphs, bullet and numbered
    /// lists, **bold**, *italic*, headings (printed like [`Block::Heading`]), tables; a
    /// link prints as "text (address)" and raw HTML as text.
    Markdown(String),
    /// Label–value pairs as a two-column table, labels in bold.
    Facts(Vec<(String, String)>),
    /// A table with a header row, which repeats on each page the table continues on.
    Table { header: Vec<String>, rows: Vec<Vec<String>> },
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The built-in fonts could not be read (a broken build, not bad input).
    #[error("the built-in fonts could not be read")]
    Fonts,
    /// krilla refused to write the PDF, e.g. because it would break PDF/A or PDF/UA.
    #[error("writing the PDF failed: {0}")]
    Write(String),
}

/// `doc` as a tagged PDF/A-2a (and PDF/UA-1) file on A4 pages.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts::Fonts::load().ok_or(PdfError::Fonts)?;
    let layout = layout::layout(doc, &fonts);
    emit::write(doc, &fonts, layout)
}
