//! Page layout: the document as pages of positioned text and rules, and the tag tree that
//! gives that text its logical structure (headings, paragraphs, lists, tables).
//!
//! Layout runs before anything is written because the footer's "sivu 3 / 12" needs the
//! page count, and krilla writes each page once, in order.

use std::num::NonZeroU16;

use krilla::tagging::{ArtifactType, ListNumbering, TableHeaderScope, Tag, TagKind};

use crate::fonts::{Fonts, Style};
use crate::markdown::{self, MdBlock};
use crate::text::{Line, Run, Span, break_lines, plain};
use crate::{Block, Document, Section};

// A4 in points, with 25 mm left and 20 mm right and top margins; the footer sits below BOTTOM.
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
const LEFT: f32 = 70.87;
const RIGHT: f32 = PAGE_W - 56.69;
const TOP: f32 = 56.69;
const BOTTOM: f32 = PAGE_H - 75.0;
const FOOTER_TOP: f32 = PAGE_H - 60.0;

const BLACK: Rgb = (0, 0, 0);
const GREY: Rgb = (90, 90, 90);
const RULE: Rgb = (140, 140, 140);
const MARKING: Rgb = (170, 0, 0);

pub(crate) type Rgb = (u8, u8, u8);

/// Size, line height and colour of a kind of text.
struct TextStyle {
    size: f32,
    line: f32,
    color: Rgb,
}

const BODY: TextStyle = TextStyle { size: 10.5, line: 14.5, color: BLACK };
const TITLE: TextStyle = TextStyle { size: 16.0, line: 21.0, color: BLACK };
const SECTION: TextStyle = TextStyle { size: 12.0, line: 16.0, color: BLACK };
const HEADING: TextStyle = TextStyle { size: 11.0, line: 15.0, color: BLACK };
const WARNING: TextStyle = TextStyle { size: 10.5, line: 14.5, color: MARKING };
const FOOTER: TextStyle = TextStyle { size: 8.5, line: 11.0, color: GREY };

const PARA_GAP: f32 = 6.0;
const LIST_GAP: f32 = 2.0;
const LIST_INDENT: f32 = 18.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 2.5;

/// Who a piece of content belongs to: a structure element, or no one (an artifact such as
/// the footer or a repeated table header).
pub(crate) enum Mark {
    Leaf(usize),
    Artifact(ArtifactType),
}

pub(crate) enum Op {
    /// Text with its baseline at (`x`, `y`), from the page's top left corner.
    Text { x: f32, y: f32, size: f32, style: Style, color: Rgb, text: String, mark: Mark },
    /// A filled rectangle (rules and frames), always an artifact.
    Rect { x: f32, y: f32, w: f32, h: f32, color: Rgb },
}

pub(crate) enum Node {
    Group(usize),
    Leaf(usize),
}

/// The tag tree as an arena, so that content can be added to any open element (the cells
/// of a table row that continues on the next page) and leaves numbered before they are drawn.
pub(crate) struct Tree {
    /// Group 0 is the document root; its kind is never written.
    pub(crate) groups: Vec<(TagKind, Vec<Node>)>,
    pub(crate) leaves: usize,
}

pub(crate) const ROOT: usize = 0;

impl Tree {
    fn group(&mut self, parent: usize, kind: impl Into<TagKind>) -> usize {
        self.groups.push((kind.into(), Vec::new()));
        let id = self.groups.len() - 1;
        self.groups[parent].1.push(Node::Group(id));
        id
    }

    fn leaf(&mut self, parent: usize) -> usize {
        self.leaves += 1;
        self.groups[parent].1.push(Node::Leaf(self.leaves - 1));
        self.leaves - 1
    }
}

#[derive(Clone, Copy)]
enum Target {
    Group(usize),
    Artifact(ArtifactType),
}

/// A table cell: its lines, and the element they belong to.
type Cell = (Vec<Line>, Target);

pub(crate) struct Layout<'f> {
    fonts: &'f Fonts,
    pub(crate) pages: Vec<Vec<Op>>,
    /// Top of the next line on the last page.
    y: f32,
    pub(crate) tree: Tree,
    /// Bookmarks: label, page index, top of the heading.
    pub(crate) outline: Vec<(String, usize, f32)>,
}

pub(crate) fn layout<'f>(doc: &Document, fonts: &'f Fonts) -> Layout<'f> {
    let mut l = Layout {
        fonts,
        pages: vec![Vec::new()],
        y: TOP,
        tree: Tree { groups: vec![(Tag::Div.into(), Vec::new())], leaves: 0 },
        outline: Vec::new(),
    };
    l.masthead(doc);
    for section in &doc.sections {
        l.section(section);
    }
    if !doc.closing.is_empty() {
        l.gap(14.0);
        let g = l.tree.group(ROOT, Tag::Div);
        l.blocks(g, &doc.closing, 2);
    }
    l.footers(doc);
    l
}

fn level(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.clamp(1, 6)).unwrap_or(NonZeroU16::MIN)
}

impl Layout<'_> {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits (or the page is empty anyway).
    fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    /// Vertical space, dropped at the top of a page.
    fn gap(&mut self, height: f32) {
        if self.y > TOP {
            self.y += height;
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.push(Op::Rect { x, y, w, h, color });
    }

    fn width(&self, text: &str, style: Style, font: &TextStyle) -> f32 {
        self.fonts.face(style).width(text, font.size)
    }

    fn lines(&self, spans: &[Span], font: &TextStyle, width: f32) -> Vec<Line> {
        let clean: Vec<Span> = spans.iter().map(|s| Span::new(self.fonts.clean(&s.text), s.style)).collect();
        break_lines(self.fonts, &clean, font.size, width)
    }

    /// Draws `line` in the line box whose top is `top`, without moving on.
    fn line_at(&mut self, x: f32, top: f32, line: &[Run], font: &TextStyle, target: Target) {
        let baseline = top + font.line * 0.5 + font.size * 0.35;
        for run in line.iter().filter(|r| !r.text.is_empty()) {
            let mark = match target {
                Target::Group(g) => Mark::Leaf(self.tree.leaf(g)),
                Target::Artifact(kind) => Mark::Artifact(kind),
            };
            let op =
                Op::Text { x: x + run.x, y: baseline, size: font.size, style: run.style, color: font.color, text: run.text.clone(), mark };
            self.push(op);
        }
    }

    fn line(&mut self, x: f32, line: &[Run], font: &TextStyle, target: Target) {
        self.ensure(font.line);
        self.line_at(x, self.y, line, font, target);
        self.y += font.line;
    }

    fn para(&mut self, x: f32, spans: &[Span], font: &TextStyle, target: Target) {
        self.para_within(x, RIGHT, spans, font, target);
    }

    /// The body's name and the document kind, a rule, the title and the header facts.
    fn masthead(&mut self, doc: &Document) {
        let subject = self.lines(&[Span::new(&doc.subject, Style::Regular)], &BODY, (RIGHT - LEFT) * 0.35);
        let subject_width = subject.iter().map(|l| self.line_width(l, &BODY)).fold(0.0, f32::max);
        let top = self.y;
        let g = self.tree.group(ROOT, Tag::P);
        self.para_within(LEFT, RIGHT - subject_width - 12.0, &[Span::new(&doc.author, Style::Bold)], &BODY, Target::Group(g));
        let g = self.tree.group(ROOT, Tag::P);
        for (i, line) in subject.iter().enumerate() {
            let x = RIGHT - self.line_width(line, &BODY);
            self.line_at(x, top + i as f32 * BODY.line, line, &BODY, Target::Group(g));
        }
        self.y = self.y.max(top + subject.len() as f32 * BODY.line) + 4.0;
        self.rect(LEFT, self.y, RIGHT - LEFT, 0.6, RULE);
        self.y += 16.0;
        let g = self.tree.group(ROOT, Tag::Hn(level(1), Some(doc.title.clone())));
        self.para(LEFT, &[Span::new(&doc.title, Style::Bold)], &TITLE, Target::Group(g));
        self.y += 8.0;
        self.facts(ROOT, LEFT, &doc.header);
    }

    fn para_within(&mut self, x: f32, right: f32, spans: &[Span], font: &TextStyle, target: Target) {
        for line in self.lines(spans, font, right - x) {
            self.line(x, &line, font, target);
        }
    }

    fn line_width(&self, line: &[Run], font: &TextStyle) -> f32 {
        line.last().map_or(0.0, |r| r.x + self.width(r.text.trim_end(), r.style, font))
    }

    /// "12 §  Title" in bold with the title's continuation lines under the title, then the
    /// secrecy marking in a red frame, then the blocks.
    fn section(&mut self, section: &Section) {
        self.gap(16.0);
        let number = section.number.as_deref().map(|n| self.fonts.clean(n.trim())).filter(|n| !n.is_empty());
        let indent = number.as_ref().map_or(0.0, |n| (self.width(n, Style::Bold, &SECTION) + 12.0).max(42.0));
        let mut lines = self.lines(&[Span::new(&section.title, Style::Bold)], &SECTION, RIGHT - LEFT - indent);
        if lines.is_empty() {
            lines.push(Vec::new());
        }
        for run in lines.iter_mut().flatten() {
            run.x += indent;
        }
        if let Some(n) = &number {
            lines[0].insert(0, Run { x: 0.0, style: Style::Bold, text: format!("{n} ") });
        }
        let label = match &number {
            Some(n) => format!("{n} {}", section.title.trim()),
            None => section.title.trim().to_owned(),
        };
        // Keep the heading with the first two lines of what follows.
        self.ensure(lines.len() as f32 * SECTION.line + 2.0 * BODY.line);
        self.outline.push((label.clone(), self.pages.len() - 1, self.y));
        let s = self.tree.group(ROOT, Tag::Section);
        let h = self.tree.group(s, Tag::Hn(level(2), Some(label)));
        for line in &lines {
            self.line(LEFT, line, &SECTION, Target::Group(h));
        }
        self.y += 4.0;
        if let Some(marking) = section.marking.as_deref().filter(|m| !m.trim().is_empty()) {
            self.marking(s, marking);
        }
        self.blocks(s, &section.blocks, 3);
    }

    fn marking(&mut self, parent: usize, marking: &str) {
        let pad = 4.0;
        let lines = self.lines(&[Span::new(marking, Style::Bold)], &WARNING, RIGHT - LEFT - 2.0 * pad);
        let w = lines.iter().map(|l| self.line_width(l, &WARNING)).fold(0.0, f32::max) + 2.0 * pad;
        let h = lines.len() as f32 * WARNING.line + 2.0 * pad;
        self.ensure(h);
        let (x, y, t) = (LEFT, self.y, 0.8);
        for (rx, ry, rw, rh) in [(x, y, w, t), (x, y + h - t, w, t), (x, y, t, h), (x + w - t, y, t, h)] {
            self.rect(rx, ry, rw, rh, MARKING);
        }
        let g = self.tree.group(parent, Tag::P);
        for (i, line) in lines.iter().enumerate() {
            self.line_at(x + pad, y + pad + i as f32 * WARNING.line, line, &WARNING, Target::Group(g));
        }
        self.y = y + h + 8.0;
    }

    fn blocks(&mut self, parent: usize, blocks: &[Block], level: u16) {
        for block in blocks {
            match block {
                Block::Heading(text) => self.heading(parent, LEFT, &[Span::new(text, Style::Bold)], level),
                Block::Paragraph(text) => {
                    let g = self.tree.group(parent, Tag::P);
                    self.para(LEFT, &[Span::new(text, Style::Regular)], &BODY, Target::Group(g));
                    self.gap(PARA_GAP);
                }
                Block::Markdown(source) => self.markdown(parent, LEFT, &markdown::parse(source), level, PARA_GAP),
                Block::Facts(facts) => self.facts(parent, LEFT, facts),
                Block::Table { header, rows } => {
                    let cell = |text: &String| vec![Span::new(text, Style::Regular)];
                    let header: Vec<_> = header.iter().map(cell).collect();
                    let rows: Vec<Vec<_>> = rows.iter().map(|row| row.iter().map(cell).collect()).collect();
                    self.table(parent, LEFT, &header, &rows);
                }
            }
        }
    }

    fn heading(&mut self, parent: usize, x: f32, spans: &[Span], level: u16) {
        self.gap(8.0);
        let lines = self.lines(spans, &HEADING, RIGHT - x);
        self.ensure(lines.len() as f32 * HEADING.line + 2.0 * BODY.line);
        let g = self.tree.group(parent, Tag::Hn(self::level(level), Some(plain(spans).trim().to_owned())));
        for line in &lines {
            self.line(x, line, &HEADING, Target::Group(g));
        }
        self.y += 3.0;
    }

    fn markdown(&mut self, parent: usize, x: f32, blocks: &[MdBlock], level: u16, gap: f32) {
        for block in blocks {
            match block {
                MdBlock::Para(spans) => {
                    let g = self.tree.group(parent, Tag::P);
                    self.para(x, spans, &BODY, Target::Group(g));
                    self.gap(gap);
                }
                MdBlock::Heading(spans) => {
                    let bold: Vec<Span> =
                        spans.iter().map(|s| Span::new(s.text.clone(), Style::new(true, s.style == Style::Italic))).collect();
                    self.heading(parent, x, &bold, level);
                }
                MdBlock::List { start, items } => {
                    let numbering = if start.is_some() { ListNumbering::Decimal } else { ListNumbering::Disc };
                    let list = self.tree.group(parent, Tag::L(numbering));
                    for (i, item) in items.iter().enumerate() {
                        let li = self.tree.group(list, Tag::LI);
                        let label = start.map_or("•".to_owned(), |n| format!("{}.", n + i as u64));
                        self.ensure(BODY.line);
                        let lbl = self.tree.group(li, Tag::Lbl);
                        let run = Run { x: 0.0, style: Style::Regular, text: label };
                        self.line_at(x, self.y, &[run], &BODY, Target::Group(lbl));
                        let body = self.tree.group(li, Tag::LBody);
                        self.markdown(body, x + LIST_INDENT, item, level, LIST_GAP);
                    }
                    self.gap(gap.max(PARA_GAP) - LIST_GAP);
                }
                MdBlock::Quote(blocks) => {
                    let g = self.tree.group(parent, Tag::BlockQuote);
                    self.markdown(g, x + 14.0, blocks, level, gap);
                }
                MdBlock::Table { header, rows } => self.table(parent, x, header, rows),
                MdBlock::Rule => {
                    self.ensure(10.0);
                    self.rect(x, self.y + 3.0, RIGHT - x, 0.6, RULE);
                    self.y += 10.0;
                }
            }
        }
    }

    /// Label–value pairs as a two-column table without rules, labels in bold.
    fn facts(&mut self, parent: usize, x: f32, facts: &[(String, String)]) {
        if facts.is_empty() {
            return;
        }
        let width = RIGHT - x;
        let label_width =
            facts.iter().map(|(l, _)| self.width(&self.fonts.clean(l), Style::Bold, &BODY)).fold(0.0, f32::max) + 2.0 * CELL_PAD_X + 8.0;
        let widths = [label_width.min(width * 0.35), width - label_width.min(width * 0.35)];
        let table = self.tree.group(parent, Tag::Table);
        let body = self.tree.group(table, Tag::TBody);
        for (label, value) in facts {
            let tr = self.tree.group(body, Tag::TR);
            let th = self.tree.group(tr, Tag::TH(TableHeaderScope::Row));
            let td = self.tree.group(tr, Tag::TD);
            let cells = [
                (self.lines(&[Span::new(label, Style::Bold)], &BODY, widths[0] - 2.0 * CELL_PAD_X), Target::Group(th)),
                (self.lines(&[Span::new(value, Style::Regular)], &BODY, widths[1] - 2.0 * CELL_PAD_X), Target::Group(td)),
            ];
            self.row(x, &widths, &cells, None, None);
        }
        self.gap(PARA_GAP);
    }

    /// A table with a header row (repeated on each new page), column widths from the content.
    fn table(&mut self, parent: usize, x: f32, header: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) {
        let columns = rows.iter().map(Vec::len).chain([header.len()]).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let widths = self.column_widths(header, rows, columns, RIGHT - x);
        let header: Vec<Vec<Span>> = header
            .iter()
            .map(|cell| cell.iter().map(|s| Span::new(s.text.clone(), Style::new(true, s.style == Style::Italic))).collect())
            .collect();
        let table = self.tree.group(parent, Tag::Table);
        self.gap(2.0);
        let mut repeat = None;
        if !header.is_empty() {
            let head = self.tree.group(table, Tag::THead);
            let tr = self.tree.group(head, Tag::TR);
            let mut cells = Vec::new();
            for (i, w) in widths.iter().enumerate() {
                let th = self.tree.group(tr, Tag::TH(TableHeaderScope::Column));
                let spans = header.get(i).map_or(&[][..], Vec::as_slice);
                cells.push((self.lines(spans, &BODY, w - 2.0 * CELL_PAD_X), Target::Group(th)));
            }
            // Keep the header with the first row.
            let first = rows
                .first()
                .map_or(0, |row| row.iter().zip(&widths).map(|(c, w)| self.lines(c, &BODY, w - 2.0 * CELL_PAD_X).len()).max().unwrap_or(0));
            let height = |cells: &[Cell]| cells.iter().map(|c| c.0.len()).max().unwrap_or(1) as f32 * BODY.line + 2.0 * CELL_PAD_Y;
            self.ensure(height(&cells) + first as f32 * BODY.line + 2.0 * CELL_PAD_Y);
            self.row(x, &widths, &cells, None, Some(0.8));
            let again: Vec<Cell> = cells.into_iter().map(|(lines, _)| (lines, Target::Artifact(ArtifactType::PaginationOther))).collect();
            repeat = Some(again);
        }
        let body = self.tree.group(table, Tag::TBody);
        for row in rows {
            let tr = self.tree.group(body, Tag::TR);
            let mut cells = Vec::new();
            for (i, w) in widths.iter().enumerate() {
                let td = self.tree.group(tr, Tag::TD);
                let spans = row.get(i).map_or(&[][..], Vec::as_slice);
                cells.push((self.lines(spans, &BODY, w - 2.0 * CELL_PAD_X), Target::Group(td)));
            }
            self.row(x, &widths, &cells, repeat.as_deref(), Some(0.3));
        }
        self.gap(PARA_GAP + 2.0);
    }

    /// Widths that give each column at least its longest word (when the table allows) and
    /// share the rest by how much more the column's text would like.
    fn column_widths(&self, header: &[Vec<Span>], rows: &[Vec<Vec<Span>>], columns: usize, width: f32) -> Vec<f32> {
        let (mut natural, mut least) = (vec![0.0f32; columns], vec![0.0f32; columns]);
        let all = std::iter::once((header, true)).chain(rows.iter().map(|row| (row.as_slice(), false)));
        for (row, is_header) in all {
            for (i, cell) in row.iter().enumerate() {
                let mut whole = 0.0;
                for span in cell {
                    let style = if is_header { Style::new(true, span.style == Style::Italic) } else { span.style };
                    let text = self.fonts.clean(&span.text);
                    whole += self.width(&text, style, &BODY);
                    for word in text.split_whitespace() {
                        least[i] = least[i].max(self.width(word, style, &BODY) + 2.0 * CELL_PAD_X);
                    }
                }
                natural[i] = natural[i].max(whole + 2.0 * CELL_PAD_X + 1.0);
            }
        }
        let least: Vec<f32> = least.iter().map(|l| l.min(width / columns as f32)).collect();
        let (sum_natural, sum_least): (f32, f32) = (natural.iter().sum(), least.iter().sum());
        if sum_natural <= width {
            let extra = (width - sum_natural) / columns as f32;
            return natural.iter().map(|n| n + extra).collect();
        }
        let want: f32 = natural.iter().zip(&least).map(|(n, l)| (n - l).max(0.0)).sum();
        let spare = width - sum_least;
        natural.iter().zip(&least).map(|(n, l)| l + if want > 0.0 { spare * (n - l).max(0.0) / want } else { 0.0 }).collect()
    }

    /// One table row; a row taller than what is left continues on the next page, under the
    /// repeated header. `rule` draws a line of that thickness under the row.
    fn row(&mut self, x: f32, widths: &[f32], cells: &[Cell], repeat: Option<&[Cell]>, rule: Option<f32>) {
        let n = cells.iter().map(|c| c.0.len()).max().unwrap_or(0).max(1);
        let per_page = (((BOTTOM - TOP - 2.0 * CELL_PAD_Y) / BODY.line).floor() as usize).max(1);
        let (mut done, mut moved) = (0, false);
        loop {
            let fit = ((BOTTOM - self.y - 2.0 * CELL_PAD_Y) / BODY.line).floor().max(0.0) as usize;
            let want = n - done;
            // Move the whole row when it fits on a page, the rest of it when nothing fits here.
            if !moved && self.y > TOP && (fit == 0 || (done == 0 && want <= per_page && fit < want)) {
                self.new_page();
                if let Some(header) = repeat {
                    self.row(x, widths, header, None, Some(0.8));
                }
                moved = true;
                continue;
            }
            let take = fit.clamp(1, want);
            let top = self.y + CELL_PAD_Y;
            let mut cx = x;
            for ((lines, target), w) in cells.iter().zip(widths) {
                for (k, line) in lines.iter().enumerate().skip(done).take(take) {
                    self.line_at(cx + CELL_PAD_X, top + (k - done) as f32 * BODY.line, line, &BODY, *target);
                }
                cx += w;
            }
            self.y = top + take as f32 * BODY.line + CELL_PAD_Y;
            if let Some(thickness) = rule {
                self.rect(x, self.y - thickness / 2.0, widths.iter().sum(), thickness, RULE);
            }
            done += take;
            if done >= n {
                break;
            }
            self.new_page();
            if let Some(header) = repeat {
                self.row(x, widths, header, None, Some(0.8));
            }
        }
    }

    /// The footer text and "sivu N / M" on every page, as artifacts.
    fn footers(&mut self, doc: &Document) {
        let total = self.pages.len();
        let word = match doc.lang.split(['-', '_']).next().unwrap_or("") {
            "sv" => "sida",
            "en" => "page",
            _ => "sivu",
        };
        let footer = self.lines(&[Span::new(&doc.footer, Style::Regular)], &FOOTER, (RIGHT - LEFT) * 0.75);
        for page in 0..total {
            let number = format!("{word} {} / {total}", page + 1);
            let x = RIGHT - self.width(&number, Style::Regular, &FOOTER);
            let ops = &mut self.pages[page];
            ops.push(Op::Rect { x: LEFT, y: FOOTER_TOP - 4.0, w: RIGHT - LEFT, h: 0.4, color: RULE });
            let mut push = |x: f32, i: usize, run: &Run| {
                let y = FOOTER_TOP + i as f32 * FOOTER.line + FOOTER.line * 0.5 + FOOTER.size * 0.35;
                let mark = Mark::Artifact(ArtifactType::Footer);
                ops.push(Op::Text {
                    x: x + run.x,
                    y,
                    size: FOOTER.size,
                    style: run.style,
                    color: FOOTER.color,
                    text: run.text.clone(),
                    mark,
                });
            };
            for (i, line) in footer.iter().enumerate().take(3) {
                line.iter().for_each(|run| push(LEFT, i, run));
            }
            push(x, 0, &Run { x: 0.0, style: Style::Regular, text: number });
        }
    }
}
