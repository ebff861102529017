//! The four Noto Sans faces (from the `notosans` crate, so no system font is needed): krilla
//! fonts to embed, and skrifa's character map and advances to measure and place glyphs.
//!
//! No shaper runs: one glyph per character, advances from `hmtx`, no kerning or ligatures.
//! That is enough for Latin-script agendas and minutes and keeps rustybuzz out of the build;
//! text is NFC-normalised first so that å, ä and ö are single precomposed glyphs.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use unicode_normalization::UnicodeNormalization;

/// A typeface style; the discriminant indexes [`Fonts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Regular = 0,
    Bold = 1,
    Italic = 2,
    BoldItalic = 3,
}

impl Style {
    pub(crate) fn new(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }
}

pub(crate) struct Face {
    pub(crate) font: Font,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Face> {
        let font_ref = FontRef::new(data).ok()?;
        let units_per_em = f32::from(font_ref.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
        Some(Face {
            font: Font::new(data.into(), 0)?,
            charmap: font_ref.charmap(),
            metrics: font_ref.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    /// The glyph of `c` and its advance in ems.
    fn glyph(&self, c: char) -> Option<(GlyphId, f32)> {
        let id = self.charmap.map(c)?;
        let advance = self.metrics.advance_width(id).unwrap_or(0.0) / self.units_per_em;
        Some((GlyphId::new(id.to_u32()), advance))
    }

    /// The width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().filter_map(|c| self.glyph(c)).map(|(_, advance)| advance).sum::<f32>() * size
    }

    /// The glyphs that draw `text`, each mapped back to its character for text extraction.
    pub(crate) fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .filter_map(|(i, c)| {
                let (id, advance) = self.glyph(c)?;
                Some(KrillaGlyph::new(id, advance, 0.0, 0.0, 0.0, i..i + c.len_utf8(), None))
            })
            .collect()
    }
}

pub(crate) struct Fonts([Face; 4]);

impl Fonts {
    pub(crate) fn load() -> Option<Fonts> {
        Some(Fonts([
            Face::load(notosans::REGULAR_TTF)?,
            Face::load(notosans::BOLD_TTF)?,
            Face::load(notosans::ITALIC_TTF)?,
            Face::load(notosans::BOLD_ITALIC_TTF)?,
        ]))
    }

    pub(crate) fn face(&self, style: Style) -> &Face {
        &self.0[style as usize]
    }

    /// `text` as the faces can draw it. PDF/A forbids the .notdef glyph, so a character that
    /// some face lacks (an emoji, CJK) becomes '?'; tabs become spaces, other control
    /// characters and soft hyphens go, and line feeds stay (they are forced line breaks).
    pub(crate) fn clean(&self, text: &str) -> String {
        text.nfc()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                '\u{ad}' => None,
                c if c.is_control() => None,
                c if self.0.iter().all(|face| face.charmap.map(c).is_some()) => Some(c),
                _ => Some('?'),
            })
            .collect()
    }
}
