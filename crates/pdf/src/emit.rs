//! Writing the laid-out pages with krilla: content, tag tree, bookmarks and metadata, under
//! its PDF/A-2a and PDF/UA-1 validators (krilla fails rather than write a file that breaks
//! them, and adds the XMP identification, the sRGB output intent and the font programs).

use chrono::{Datelike, Timelike};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TagGroup, TagKind, TagTree};
use krilla::{Document as PdfDocument, SerializeSettings};

use crate::fonts::Fonts;
use crate::layout::{Layout, Mark, Node, Op, PAGE_H, PAGE_W, ROOT, Rgb};
use crate::{Document, PdfError};

fn fill(surface: &mut Surface, (r, g, b): Rgb) {
    surface.set_fill(Some(Fill { paint: rgb::Color::new(r, g, b).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }));
}

fn content_tag(mark: &Mark) -> ContentTag<'static> {
    match mark {
        Mark::Leaf(_) => ContentTag::Span(SpanTag::empty()),
        Mark::Artifact(kind) => ContentTag::Artifact(Artifact::with_kind(*kind)),
    }
}

fn date(t: &chrono::NaiveDateTime) -> DateTime {
    let year = u16::try_from(t.year().clamp(1, 9999)).unwrap_or(1970);
    // Every field below is in range for a valid chrono date and time.
    let narrow = |n: u32| u8::try_from(n).unwrap_or(0);
    DateTime::new(year)
        .month(narrow(t.month()))
        .day(narrow(t.day()))
        .hour(narrow(t.hour()))
        .minute(narrow(t.minute()))
        .second(narrow(t.second().min(59)))
}

/// The arena tree as krilla's tag groups; leaves not drawn (none, in practice) and groups
/// left empty are dropped.
fn tag_nodes(groups: &mut [Option<(TagKind, Vec<Node>)>], ids: &mut [Option<Identifier>], nodes: Vec<Node>) -> Vec<krilla::tagging::Node> {
    nodes
        .into_iter()
        .filter_map(|node| match node {
            Node::Leaf(i) => ids.get_mut(i)?.take().map(Into::into),
            Node::Group(g) => {
                let (kind, children) = groups.get_mut(g)?.take()?;
                let children = tag_nodes(groups, ids, children);
                (!children.is_empty()).then(|| TagGroup::with_children(kind, children).into())
            }
        })
        .collect()
}

pub(crate) fn write(doc: &Document, fonts: &Fonts, layout: Layout) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_A)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))?;
    let settings = SerializeSettings { configuration, enable_tagging: true, ..SerializeSettings::default() };
    let mut pdf = PdfDocument::new_with(settings);
    let size = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Write("page size".into()))?;

    let mut ids: Vec<Option<Identifier>> = vec![None; layout.tree.leaves];
    for ops in &layout.pages {
        let mut page = pdf.start_page_with(size.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, style, color, text, mark } => {
                    let face = fonts.face(*style);
                    let id = surface.start_tagged(content_tag(mark));
                    fill(&mut surface, *color);
                    surface.draw_glyphs(Point::from_xy(*x, *y), &face.glyphs(text), face.font.clone(), text, *size, false);
                    surface.end_tagged();
                    if let Mark::Leaf(leaf) = mark
                        && let Some(slot) = ids.get_mut(*leaf)
                    {
                        *slot = Some(id);
                    }
                }
                Op::Rect { x, y, w, h, color } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
                        fill(&mut surface, *color);
                        surface.draw_path(&path);
                        surface.end_tagged();
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }

    let mut groups: Vec<Option<(TagKind, Vec<Node>)>> = layout.tree.groups.into_iter().map(Some).collect();
    let root = groups.get_mut(ROOT).and_then(Option::take).map(|(_, children)| children).unwrap_or_default();
    let lang = if doc.lang.trim().is_empty() { "fi".to_owned() } else { doc.lang.trim().to_owned() };
    let mut tree = TagTree::new().with_lang(Some(lang.clone()));
    for node in tag_nodes(&mut groups, &mut ids, root) {
        tree.push(node);
    }
    pdf.set_tag_tree(tree);

    // PDF/UA wants bookmarks: the title, then each section.
    let title = [&doc.title, &doc.subject, &doc.author].into_iter().map(|t| t.trim()).find(|t| !t.is_empty()).unwrap_or("-");
    let mut outline = Outline::new();
    outline.push_child(OutlineNode::new(title.to_owned(), XyzDestination::new(0, Point::from_xy(0.0, 0.0))));
    for (label, page, y) in &layout.outline {
        outline.push_child(OutlineNode::new(label.clone(), XyzDestination::new(*page, Point::from_xy(0.0, *y))));
    }
    pdf.set_outline(outline);

    let mut metadata =
        Metadata::new().title(title.to_owned()).language(lang).creator("Foorumi".to_owned()).creation_date(date(&doc.created));
    if !doc.subject.trim().is_empty() {
        metadata = metadata.description(doc.subject.trim().to_owned());
    }
    if !doc.author.trim().is_empty() {
        metadata = metadata.authors(vec![doc.author.trim().to_owned()]);
    }
    pdf.set_metadata(metadata);

    pdf.finish().map_err(|e| PdfError::Write(e.to_string()))
}
