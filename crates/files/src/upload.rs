//! The checks an upload passes before anything is stored, and the name it is shown under.

use unicode_normalization::UnicodeNormalization;

use crate::sniff::{Kind, sniff};

/// The file name extensions an attachment may have, for the upload form's `accept` and
/// for the message that lists them.
pub const ALLOWED_EXTENSIONS: &[&str] =
    &["pdf", "png", "jpg", "jpeg", "gif", "webp", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "md"];

/// Shown when a name has nothing left after cleaning: "attachment".
const FALLBACK_NAME: &str = "liite";

/// Long enough for any real document title, short enough for a list and every file system.
const MAX_NAME_CHARS: usize = 150;

struct Type {
    extension: &'static str,
    kind: Kind,
    media_type: &'static str,
}

const TYPES: &[Type] = &[
    Type { extension: "pdf", kind: Kind::Pdf, media_type: "application/pdf" },
    Type { extension: "png", kind: Kind::Png, media_type: "image/png" },
    Type { extension: "jpg", kind: Kind::Jpeg, media_type: "image/jpeg" },
    Type { extension: "jpeg", kind: Kind::Jpeg, media_type: "image/jpeg" },
    Type { extension: "gif", kind: Kind::Gif, media_type: "image/gif" },
    Type { extension: "webp", kind: Kind::Webp, media_type: "image/webp" },
    Type { extension: "docx", kind: Kind::Docx, media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    Type { extension: "xlsx", kind: Kind::Xlsx, media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    Type { extension: "pptx", kind: Kind::Pptx, media_type: "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
    Type { extension: "odt", kind: Kind::Odt, media_type: "application/vnd.oasis.opendocument.text" },
    Type { extension: "ods", kind: Kind::Ods, media_type: "application/vnd.oasis.opendocument.spreadsheet" },
    Type { extension: "odp", kind: Kind::Odp, media_type: "application/vnd.oasis.opendocument.presentation" },
    Type { extension: "txt", kind: Kind::Text, media_type: "text/plain; charset=utf-8" },
    Type { extension: "csv", kind: Kind::Text, media_type: "text/csv; charset=utf-8" },
    Type { extension: "md", kind: Kind::Text, media_type: "text/markdown; charset=utf-8" },
];

/// An upload that passed: what to send as `Content-Type` when it is downloaded (text
/// types carry `charset=utf-8`, which the check guarantees) and its extension, lowercase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub media_type: &'static str,
    pub extension: &'static str,
}

/// Why an upload was refused; nothing is stored for any of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("the attachment is empty")]
    Empty,
    #[error("the attachment is {size} bytes, over the limit of {max} bytes")]
    TooLarge { size: u64, max: u64 },
    /// The content is an allowed type, but not the one the name's extension says.
    #[error("the attachment is named .{claimed} but its content is .{detected}")]
    TypeMismatch { claimed: String, detected: &'static str },
    /// The content is none of the allowed types, or the name has no allowed extension.
    #[error("this type of attachment is not allowed")]
    NotAllowed,
}

impl UploadError {
    /// The key of the message shown to the person uploading (in the web crate's Fluent files).
    pub fn code(&self) -> &'static str {
        match self {
            UploadError::Empty => "error-attachment-empty",
            UploadError::TooLarge { .. } => "error-attachment-too-large",
            UploadError::TypeMismatch { .. } => "error-attachment-type-mismatch",
            UploadError::NotAllowed => "error-attachment-not-allowed",
        }
    }
}

/// Checks an upload named `name` (as the browser sent it) with content `bytes` against
/// the size limit and the allowed types.
///
/// The type comes from the content; the extension of [`safe_name`]`(name)`, the name it
/// will be shown and downloaded under, must agree with it (`jpg` and `jpeg` are the same;
/// `txt`, `csv` and `md` all mean UTF-8 text).
pub fn check_upload(name: &str, bytes: &[u8], max_bytes: u64) -> Result<Checked, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > max_bytes {
        return Err(UploadError::TooLarge { size, max: max_bytes });
    }
    let detected = sniff(bytes).ok_or(UploadError::NotAllowed)?;
    let name = safe_name(name);
    let claimed = name.rsplit_once('.').map(|(_, extension)| extension.to_ascii_lowercase()).unwrap_or_default();
    let ty = TYPES.iter().find(|ty| ty.extension == claimed).ok_or(UploadError::NotAllowed)?;
    if ty.kind != detected {
        let detected = TYPES.iter().find(|ty| ty.kind == detected).map_or("", |ty| ty.extension);
        return Err(UploadError::TypeMismatch { claimed, detected });
    }
    Ok(Checked { media_type: ty.media_type, extension: ty.extension })
}

/// The name to show and to offer as the download name, from whatever the browser sent.
///
/// Keeps the last path component only (browsers on Windows may send `C:\…\x.pdf`);
/// normalises to NFC so `ä` from a Mac is the same `ä`; drops control characters and the
/// invisible ones that can make `kuva<U+202E>fdp.exe` look like `kuvaexe.pdf`; turns characters
/// Windows cannot save (`"*:<>?|`) into `_`; collapses whitespace; never starts with a dot
/// nor ends with a dot or space; keeps the extension when shortening to 150 characters;
/// and is never empty.
pub fn safe_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut cleaned = String::with_capacity(base.len());
    let mut pending_space = false;
    for c in base.nfc() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c.is_control() || is_invisible(c) {
            continue;
        }
        if pending_space && !cleaned.is_empty() {
            cleaned.push(' ');
        }
        pending_space = false;
        cleaned.push(if matches!(c, '"' | '*' | ':' | '<' | '>' | '?' | '|') { '_' } else { c });
    }

    let mut name = cleaned.trim_end_matches(['.', ' ']).to_owned();
    if name.starts_with('.') {
        name.insert_str(0, FALLBACK_NAME);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        name = shorten(&name);
    }
    if name.is_empty() { FALLBACK_NAME.to_owned() } else { name }
}

fn shorten(name: &str) -> String {
    let truncate = |s: &str, chars: usize| s.chars().take(chars).collect::<String>().trim_end_matches(['.', ' ']).to_owned();
    match name.rsplit_once('.') {
        Some((stem, extension)) if (1..=16).contains(&extension.chars().count()) => {
            let stem = truncate(stem, MAX_NAME_CHARS - 1 - extension.chars().count());
            format!("{stem}.{extension}")
        }
        _ => truncate(name, MAX_NAME_CHARS),
    }
}

/// Unicode format characters that change how a name looks without being seen: bidirectional
/// overrides and isolates, zero-width characters, the soft hyphen, the byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_extensions_are_the_table() {
        let table: Vec<_> = TYPES.iter().map(|ty| ty.extension).collect();
        assert_eq!(table, ALLOWED_EXTENSIONS);
    }

    #[test]
    fn every_error_has_its_own_code() {
        let codes = [
            UploadError::Empty.code(),
            UploadError::TooLarge { size: 2, max: 1 }.code(),
            UploadError::TypeMismatch { claimed: "pdf".into(), detected: "png" }.code(),
            UploadError::NotAllowed.code(),
        ];
        assert_eq!(
            codes,
            ["error-attachment-empty", "error-attachment-too-large", "error-attachment-type-mismatch", "error-attachment-not-allowed"]
        );
    }
}
