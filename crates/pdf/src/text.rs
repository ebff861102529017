//! Line breaking: greedy, at spaces and forced breaks (`\n`); a word wider than the line is
//! cut between characters so that long URLs and compound words never overflow.

use crate::fonts::{Fonts, Style};

/// A piece of inline text in one style.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Span {
    pub(crate) text: String,
    pub(crate) style: Style,
}

impl Span {
    pub(crate) fn new(text: impl Into<String>, style: Style) -> Span {
        Span { text: text.into(), style }
    }
}

/// Text of one style at an offset from the start of its line.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Run {
    pub(crate) x: f32,
    pub(crate) style: Style,
    pub(crate) text: String,
}

pub(crate) type Line = Vec<Run>;

enum Piece {
    Word(Vec<(Style, String)>),
    Space(Style),
    Break,
}

fn pieces(spans: &[Span]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut word: Vec<(Style, String)> = Vec::new();
    for span in spans {
        for c in span.text.chars() {
            if c == ' ' || c == '\n' {
                if !word.is_empty() {
                    out.push(Piece::Word(std::mem::take(&mut word)));
                }
                out.push(if c == ' ' { Piece::Space(span.style) } else { Piece::Break });
                continue;
            }
            match word.last_mut() {
                Some((style, text)) if *style == span.style => text.push(c),
                _ => word.push((span.style, c.to_string())),
            }
        }
    }
    if !word.is_empty() {
        out.push(Piece::Word(word));
    }
    out
}

/// A line under construction: fragments and the width they take.
#[derive(Default)]
struct Builder {
    frags: Vec<(Style, String)>,
    width: f32,
}

impl Builder {
    fn push(&mut self, style: Style, text: &str, width: f32) {
        match self.frags.last_mut() {
            Some((s, t)) if *s == style => t.push_str(text),
            _ => self.frags.push((style, text.to_owned())),
        }
        self.width += width;
    }

    fn finish(&mut self, fonts: &Fonts, size: f32) -> Line {
        let mut x = 0.0;
        let frags = std::mem::take(&mut self.frags);
        self.width = 0.0;
        frags
            .into_iter()
            .map(|(style, text)| {
                let run = Run { x, style, text };
                x += fonts.face(style).width(&run.text, size);
                run
            })
            .collect()
    }
}

/// Breaks `spans` (already [cleaned](Fonts::clean)) into lines at most `width` points wide.
///
/// A line that ends at a break between words keeps its space as trailing text: it is
/// invisible, and it tells text extraction and tagged-PDF readers where the word ends.
pub(crate) fn break_lines(fonts: &Fonts, spans: &[Span], size: f32, width: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Builder::default();
    let mut space: Option<Style> = None;
    for piece in pieces(spans) {
        match piece {
            Piece::Break => {
                lines.push(line.finish(fonts, size));
                space = None;
            }
            Piece::Space(style) => {
                if !line.frags.is_empty() {
                    space = Some(style);
                }
            }
            Piece::Word(frags) => {
                let word_width: f32 = frags.iter().map(|(s, t)| fonts.face(*s).width(t, size)).sum();
                if let Some(style) = space.take() {
                    let space_width = fonts.face(style).width(" ", size);
                    if line.width + space_width + word_width > width {
                        line.push(style, " ", 0.0);
                        lines.push(line.finish(fonts, size));
                    } else {
                        line.push(style, " ", space_width);
                    }
                }
                if word_width <= width - line.width {
                    for (style, text) in &frags {
                        line.push(*style, text, fonts.face(*style).width(text, size));
                    }
                    continue;
                }
                // Wider than what is left: cut between characters.
                for (style, text) in &frags {
                    for c in text.chars() {
                        let mut buf = [0; 4];
                        let c = c.encode_utf8(&mut buf);
                        let w = fonts.face(*style).width(c, size);
                        if line.width + w > width && !line.frags.is_empty() {
                            lines.push(line.finish(fonts, size));
                        }
                        line.push(*style, c, w);
                    }
                }
            }
        }
    }
    if !line.frags.is_empty() {
        lines.push(line.finish(fonts, size));
    }
    lines
}

/// The plain text of `spans`, for tag titles and outline entries.
pub(crate) fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|r| r.text.as_str()).collect()).collect()
    }

    fn widest(fonts: &Fonts, lines: &[Line], size: f32) -> f32 {
        lines.iter().filter_map(|l| l.last().map(|r| r.x + fonts.face(r.style).width(r.text.trim_end(), size))).fold(0.0, f32::max)
    }

    #[test]
    fn wraps_at_spaces_within_the_width_and_keeps_every_word() {
        let fonts = Fonts::load().unwrap();
        let text = "Kunnanhallitus päättää hyväksyä esityksen ja lähettää sen tiedoksi valtuustolle sekä hyvinvointialueelle.";
        let lines = break_lines(&fonts, &[Span::new(text, Style::Regular)], 10.0, 150.0);
        assert!(lines.len() > 2, "{:?}", text_of(&lines));
        assert!(widest(&fonts, &lines, 10.0) <= 150.0);
        // Trailing spaces mark the word ends, so joining the lines gives the text back.
        assert_eq!(text_of(&lines).concat(), text);
    }

    #[test]
    fn cuts_a_word_longer_than_the_line() {
        let fonts = Fonts::load().unwrap();
        let url = "https://example.org/".to_owned() + &"pitkä-polku/".repeat(20);
        let lines = break_lines(&fonts, &[Span::new(format!("Katso {url}"), Style::Regular)], 10.0, 200.0);
        assert!(lines.len() >= 3, "{:?}", text_of(&lines));
        assert!(widest(&fonts, &lines, 10.0) <= 200.0);
        assert_eq!(text_of(&lines).concat(), format!("Katso {url}"));
    }

    #[test]
    fn forced_breaks_and_styles_survive() {
        let fonts = Fonts::load().unwrap();
        let spans = [
            Span::new("Hyväksytty ", Style::Regular),
            Span::new("yksimielisesti", Style::Bold),
            Span::new(".\nAllekirjoitus", Style::Regular),
        ];
        let lines = break_lines(&fonts, &spans, 10.0, 500.0);
        assert_eq!(text_of(&lines), ["Hyväksytty yksimielisesti.", "Allekirjoitus"]);
        assert_eq!(lines[0].iter().map(|r| r.style).collect::<Vec<_>>(), [Style::Regular, Style::Bold, Style::Regular]);
        assert!(lines[0][1].x > 0.0 && lines[0][2].x > lines[0][1].x);
    }

    #[test]
    fn clean_replaces_what_the_fonts_cannot_draw() {
        let fonts = Fonts::load().unwrap();
        // NFD "ä" (a + combining diaeresis) becomes the precomposed letter.
        assert_eq!(fonts.clean("pa\u{308}a\u{308}to\u{308}s\t§ 5 €\u{ad} – 😀\r\n"), "päätös § 5 € – ?\n");
    }
}
