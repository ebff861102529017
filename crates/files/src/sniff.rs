//! What a file is, from its first bytes (and, for ZIP-based documents, its directory).

use crate::archive;

/// The allowed kinds of content. Plain text, CSV and Markdown cannot be told apart by
/// content, so they are one kind and the name chooses among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Text,
}

/// The allowed kind of `data`, or `None` for anything else (executables, archives, HTML,
/// SVG, text in another encoding than UTF-8, …).
pub(crate) fn sniff(data: &[u8]) -> Option<Kind> {
    const SIGNATURES: &[(&[u8], Kind)] = &[
        (b"%PDF-", Kind::Pdf),
        (b"\x89PNG\r\n\x1a\n", Kind::Png),
        (b"\xff\xd8\xff", Kind::Jpeg),
        (b"GIF87a", Kind::Gif),
        (b"GIF89a", Kind::Gif),
    ];
    if let Some(&(_, kind)) = SIGNATURES.iter().find(|(magic, _)| data.starts_with(magic)) {
        return Some(kind);
    }
    if data.len() >= 12 && data.starts_with(b"RIFF") && &data[8..12] == b"WEBP" {
        return Some(Kind::Webp);
    }
    if data.starts_with(b"PK\x03\x04") {
        return document(data);
    }
    text(data)
}

/// An OpenDocument file starts with a stored entry `mimetype` naming its type; an Office
/// Open XML file has `[Content_Types].xml` and its application's folder. Any other ZIP,
/// and an Office file carrying macros (a `.docm` renamed `.docx`), is not allowed.
fn document(data: &[u8]) -> Option<Kind> {
    let entries = archive::entries(data)?;
    if let Some(first) = entries.iter().find(|e| e.local_offset == 0)
        && first.name == b"mimetype"
    {
        return match archive::stored_content(data, first)? {
            b"application/vnd.oasis.opendocument.text" => Some(Kind::Odt),
            b"application/vnd.oasis.opendocument.spreadsheet" => Some(Kind::Ods),
            b"application/vnd.oasis.opendocument.presentation" => Some(Kind::Odp),
            _ => None,
        };
    }
    if !entries.iter().any(|e| e.name == b"[Content_Types].xml") {
        return None;
    }
    if entries.iter().any(|e| e.name.to_ascii_lowercase().ends_with(b"vbaproject.bin")) {
        return None;
    }
    let has = |folder: &[u8]| entries.iter().any(|e| e.name.starts_with(folder));
    match (has(b"word/"), has(b"xl/"), has(b"ppt/")) {
        (true, false, false) => Some(Kind::Docx),
        (false, true, false) => Some(Kind::Xlsx),
        (false, false, true) => Some(Kind::Pptx),
        _ => None,
    }
}

/// UTF-8 without NUL bytes, and not markup a browser could be talked into running:
/// anything starting like HTML (the patterns of the WHATWG MIME sniffing standard), SVG
/// or other XML is refused even under a `.txt` name.
fn text(data: &[u8]) -> Option<Kind> {
    let text = std::str::from_utf8(data).ok()?;
    if text.contains('\0') {
        return None;
    }
    let start = text.trim_start_matches('\u{feff}').trim_start().as_bytes();
    let starts_with = |pattern: &[u8]| start.len() >= pattern.len() && start[..pattern.len()].eq_ignore_ascii_case(pattern);
    if starts_with(b"<?xml") || starts_with(b"<svg") {
        return None;
    }
    const HTML: &[&[u8]] = &[
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<script",
        b"<iframe",
        b"<h1",
        b"<div",
        b"<font",
        b"<table",
        b"<a",
        b"<style",
        b"<title",
        b"<b",
        b"<body",
        b"<br",
        b"<p",
        b"<!--",
    ];
    // A pattern counts when a tag ends after it (space or '>'), as the standard says, so
    // "<abbr>" is not "<a" and "<3 kiitos" is plain text.
    let html = HTML
        .iter()
        .any(|pattern| starts_with(pattern) && start.get(pattern.len()).is_none_or(|&b| b == b'>' || b.is_ascii_whitespace() || b == b'/'));
    (!html).then_some(Kind::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_not_text() {
        for markup in [
            "<!DOCTYPE html><p>x",
            "\u{feff}  <html lang=fi>",
            "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "<?xml version='1.0'?><x/>",
            "<SCRIPT>alert(1)</SCRIPT>",
            "<a href=x>",
            "<p>",
            "<br/>",
            "<!-- kommentti -->",
            "<body",
        ] {
            assert_eq!(sniff(markup.as_bytes()), None, "{markup:?}");
        }
    }

    #[test]
    fn text_that_merely_starts_with_a_bracket_is_text() {
        for text in ["<3 kiitos kaikille", "<abbr>", "< 5 % osallistui", "Päätös: hyväksyttiin <p>-tagit sallittu", "a;b\n1;2\n"] {
            assert_eq!(sniff(text.as_bytes()), Some(Kind::Text), "{text:?}");
        }
    }

    #[test]
    fn other_binaries_are_nothing() {
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0"), None);
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\0"), None);
        assert_eq!(sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), None);
        // "Päätös" in Windows-1252, as Excel's plain "CSV" saves it.
        assert_eq!(sniff(b"P\xe4\xe4t\xf6s;1\n"), None);
        assert_eq!(sniff(b"text\0with NUL"), None);
    }
}
