//! Markdown of agenda items (background, proposal) as HTML that is safe to put in a page:
//! raw HTML in the source is shown as text, links and images keep only http(s) and
//! mailto addresses, and headings start at level 3 so they sit under the item's heading.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with('/')
        || lower.starts_with('#')
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The Markdown `source` as sanitised HTML.
pub fn to_html(source: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(source, options).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        Event::Start(Tag::Heading { level, id, classes, attrs }) => Event::Start(Tag::Heading { level: demote(level), id, classes, attrs }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = if safe_url(&dest_url) { dest_url } else { CowStr::from("#") };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        // An image would load from anywhere (and the page's policy blocks other hosts):
        // it is shown as a link to its address instead.
        Event::Start(Tag::Image { dest_url, title, id, .. }) => {
            let dest_url = if safe_url(&dest_url) { dest_url } else { CowStr::from("#") };
            Event::Start(Tag::Link { link_type: pulldown_cmark::LinkType::Inline, dest_url, title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The Markdown as plain text (for e-mail and feeds): the words without markup.
pub fn to_text(source: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(source) {
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html("Hei <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn only_safe_link_targets_survive() {
        let html =
            to_html("[a](javascript:alert(1)) [b](https://www.paijat-hame.fi/) [c](data:text/html,x) ![d](https://example.org/x.png)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains(r#"href="https://www.paijat-hame.fi/""#), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains(r#"<a href="https://example.org/x.png">d</a>"#), "{html}");
    }

    #[test]
    fn markdown_structure_is_kept_and_headings_demoted() {
        let html = to_html("# Tausta\n\n- yksi\n- kaksi\n\n**Ehdotus:** hyväksytään.");
        assert!(html.contains("<h3>Tausta</h3>"), "{html}");
        assert!(html.contains("<li>yksi</li>"), "{html}");
        assert!(html.contains("<strong>Ehdotus:</strong> hyväksytään."), "{html}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(to_text("# Otsikko\n\n**Lihava** ja [linkki](https://x.fi)"), "Otsikko\nLihava ja linkki");
    }
}
