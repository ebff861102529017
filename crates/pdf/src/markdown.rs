//! The Markdown of a [`Block::Markdown`](crate::Block::Markdown) as blocks of styled spans,
//! read like the web pages read it (`foorumi-render`): CommonMark with tables and
//! strikethrough, raw HTML shown as text. Links print as "text (address)", images as their
//! description and address, code in the body face.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::fonts::Style;
use crate::text::Span;

#[derive(Debug, PartialEq)]
pub(crate) enum MdBlock {
    Para(Vec<Span>),
    Heading(Vec<Span>),
    /// `start` is the first number of an ordered list.
    List {
        start: Option<u64>,
        items: Vec<Vec<MdBlock>>,
    },
    Quote(Vec<MdBlock>),
    Table {
        header: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
    },
    Rule,
}

enum Container {
    Blocks(Vec<MdBlock>),
    List { start: Option<u64>, items: Vec<Vec<MdBlock>> },
    Item(Vec<MdBlock>),
    Quote(Vec<MdBlock>),
    Table { header: Vec<Vec<Span>>, rows: Vec<Vec<Vec<Span>>>, in_head: bool },
}

#[derive(Default)]
struct Reader {
    stack: Vec<Container>,
    inline: Vec<Span>,
    bold: u32,
    italic: u32,
    /// Addresses of the open links and images, printed after their text.
    links: Vec<(String, usize)>,
    row: Vec<Vec<Span>>,
}

impl Reader {
    fn text(&mut self, text: &str) {
        let style = Style::new(self.bold > 0, self.italic > 0);
        match self.inline.last_mut() {
            Some(span) if span.style == style => span.text.push_str(text),
            _ => self.inline.push(Span::new(text, style)),
        }
    }

    fn push_block(&mut self, block: MdBlock) {
        match self.stack.last_mut() {
            Some(Container::Blocks(blocks) | Container::Item(blocks) | Container::Quote(blocks)) => blocks.push(block),
            // A block directly in a list or table cannot happen in CommonMark; keep it anyway.
            _ => self.stack.push(Container::Blocks(vec![block])),
        }
    }

    /// Text outside a paragraph (a tight list item) becomes a paragraph of its own.
    fn flush(&mut self) {
        // Code and HTML blocks end in a line feed, which would be an empty last line.
        while let Some(last) = self.inline.last_mut() {
            let kept = last.text.trim_end_matches('\n').len();
            last.text.truncate(kept);
            if !last.text.is_empty() {
                break;
            }
            self.inline.pop();
        }
        if !self.inline.is_empty() {
            let spans = std::mem::take(&mut self.inline);
            self.push_block(MdBlock::Para(spans));
        }
    }

    fn pop(&mut self) -> Vec<MdBlock> {
        match self.stack.pop() {
            Some(Container::Blocks(b) | Container::Item(b) | Container::Quote(b)) => b,
            _ => Vec::new(),
        }
    }
}

/// `source` as blocks.
pub(crate) fn parse(source: &str) -> Vec<MdBlock> {
    let mut r = Reader { stack: vec![Container::Blocks(Vec::new())], ..Reader::default() };
    for event in Parser::new_ext(source, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)) => r.flush(),
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock) => r.flush(),
            Event::End(TagEnd::Heading(_)) => {
                let spans = std::mem::take(&mut r.inline);
                r.push_block(MdBlock::Heading(spans));
            }
            Event::Start(Tag::List(start)) => {
                r.flush();
                r.stack.push(Container::List { start, items: Vec::new() });
            }
            Event::End(TagEnd::List(_)) => {
                r.flush();
                if let Some(Container::List { start, items }) = r.stack.pop() {
                    r.push_block(MdBlock::List { start, items });
                }
            }
            Event::Start(Tag::Item) => r.stack.push(Container::Item(Vec::new())),
            Event::End(TagEnd::Item) => {
                r.flush();
                let item = r.pop();
                if let Some(Container::List { items, .. }) = r.stack.last_mut() {
                    items.push(item);
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                r.flush();
                r.stack.push(Container::Quote(Vec::new()));
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                r.flush();
                let blocks = r.pop();
                r.push_block(MdBlock::Quote(blocks));
            }
            Event::Start(Tag::Table(_)) => {
                r.flush();
                r.stack.push(Container::Table { header: Vec::new(), rows: Vec::new(), in_head: false });
            }
            Event::Start(Tag::TableHead) => {
                if let Some(Container::Table { in_head, .. }) = r.stack.last_mut() {
                    *in_head = true;
                }
            }
            Event::End(TagEnd::TableCell) => {
                let cell = std::mem::take(&mut r.inline);
                r.row.push(cell);
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let row = std::mem::take(&mut r.row);
                if let Some(Container::Table { header, rows, in_head }) = r.stack.last_mut() {
                    if *in_head {
                        *header = row;
                        *in_head = false;
                    } else {
                        rows.push(row);
                    }
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(Container::Table { header, rows, .. }) = r.stack.pop() {
                    r.push_block(MdBlock::Table { header, rows });
                }
            }
            Event::Start(Tag::Strong) => r.bold += 1,
            Event::End(TagEnd::Strong) => r.bold = r.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => r.italic += 1,
            Event::End(TagEnd::Emphasis) => r.italic = r.italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let at = r.inline.iter().map(|s| s.text.len()).sum();
                r.links.push((dest_url.to_string(), at));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((url, at)) = r.links.pop() {
                    // An autolink's text is its address already: print it once.
                    let shown: String = r.inline.iter().map(|s| s.text.as_str()).collect::<String>().split_off(at);
                    let bare = url.strip_prefix("mailto:").unwrap_or(&url);
                    if !url.is_empty() && shown != url && shown != bare {
                        let (bold, italic) = (std::mem::take(&mut r.bold), std::mem::take(&mut r.italic));
                        r.text(&format!(" ({url})"));
                        (r.bold, r.italic) = (bold, italic);
                    }
                }
            }
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => r.text(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => r.text(&text),
            Event::SoftBreak => r.text(" "),
            Event::HardBreak => r.text("\n"),
            Event::Rule => {
                r.flush();
                r.push_block(MdBlock::Rule);
            }
            Event::TaskListMarker(done) => r.text(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(name) => r.text(&format!("[{name}]")),
            _ => {}
        }
    }
    r.flush();
    // Unclosed containers cannot remain after a complete parse; gather what there is.
    let mut out = Vec::new();
    while !r.stack.is_empty() {
        let mut blocks = r.pop();
        blocks.append(&mut out);
        out = blocks;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(spans: &[(&str, Style)]) -> MdBlock {
        MdBlock::Para(spans.iter().map(|(t, s)| Span::new(*t, *s)).collect())
    }

    #[test]
    fn paragraphs_emphasis_and_links() {
        let blocks =
            parse("Esitys **hyväksytään** *sellaisenaan*.\n\nKatso [liite](https://example.org/liite.pdf) ja <https://example.org>.");
        assert_eq!(
            blocks,
            [
                para(&[
                    ("Esitys ", Style::Regular),
                    ("hyväksytään", Style::Bold),
                    (" ", Style::Regular),
                    ("sellaisenaan", Style::Italic),
                    (".", Style::Regular)
                ]),
                para(&[("Katso liite (https://example.org/liite.pdf) ja https://example.org.", Style::Regular)]),
            ]
        );
    }

    #[test]
    fn tight_and_nested_lists() {
        let blocks = parse("1. yksi\n2. kaksi\n   - alakohta\n\n- kolme");
        assert_eq!(
            blocks,
            [
                MdBlock::List {
                    start: Some(1),
                    items: vec![
                        vec![para(&[("yksi", Style::Regular)])],
                        vec![
                            para(&[("kaksi", Style::Regular)]),
                            MdBlock::List { start: None, items: vec![vec![para(&[("alakohta", Style::Regular)])]] }
                        ],
                    ]
                },
                MdBlock::List { start: None, items: vec![vec![para(&[("kolme", Style::Regular)])]] },
            ]
        );
    }

    #[test]
    fn tables_and_raw_html() {
        let blocks = parse("| Kunta | € |\n|---|---|\n| Lahti | 5 |\n\n<b>ei</b>");
        assert_eq!(
            blocks,
            [
                MdBlock::Table {
                    header: vec![vec![Span::new("Kunta", Style::Regular)], vec![Span::new("€", Style::Regular)]],
                    rows: vec![vec![vec![Span::new("Lahti", Style::Regular)], vec![Span::new("5", Style::Regular)]]],
                },
                // An HTML block is kept as text.
                para(&[("<b>ei</b>", Style::Regular)]),
            ]
        );
    }
}
