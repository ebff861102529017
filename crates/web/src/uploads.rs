//! Receiving a file, the one way the pages and the API share: read the form, check the
//! content, store the file, then record it.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::Multipart;
use foorumi_core::permissions::Actor;
use foorumi_core::{Attachment, AttachmentInput, Id, Lang, Publicity};
use foorumi_files::UploadError;
use foorumi_store::agendas::{self, StoredFile};
use foorumi_store::audit::Author;

use crate::AppState;
use crate::i18n::t_args;

/// An upload as it arrived: the name the sender gave it and its content.
pub struct Upload {
    pub item_id: Id,
    pub name: String,
    pub bytes: Bytes,
    pub publicity: Publicity,
    pub legal_basis_id: Option<Id>,
}

/// Why an upload was not kept; nothing was recorded for any of these.
pub enum UploadFailure {
    /// The content was refused (size, type); nothing was stored.
    Refused(UploadError),
    /// No attachment store is configured, or it failed.
    Unavailable,
    /// The record was refused (permissions, publicity, legal basis).
    Store(foorumi_store::Error),
}

/// Checks a file by content and size and stores it: the one way every upload's file goes
/// in. Returns the name to show (made safe) and where the file is kept.
pub async fn store_file(state: &AppState, name: &str, bytes: Bytes) -> Result<(String, StoredFile), UploadFailure> {
    let checked = foorumi_files::check_upload(name, &bytes, state.config.attachment_max_bytes).map_err(UploadFailure::Refused)?;
    let blobs = state.config.attachments.as_ref().ok_or(UploadFailure::Unavailable)?;
    let size = bytes.len() as i64;
    let sha256 = blobs.put(bytes).await.map_err(|err| {
        tracing::error!(%err, "attachment store failed");
        UploadFailure::Unavailable
    })?;
    Ok((foorumi_files::safe_name(name), StoredFile { media_type: checked.media_type.to_owned(), size, sha256 }))
}

/// Checks `upload` by content and size, stores the file, and records it. The file goes
/// in first so a record never points at a missing file; a file whose record then fails
/// is unreferenced content that the same upload reuses.
pub async fn receive(state: &AppState, actor: &Actor, author: &Author, upload: Upload) -> Result<Attachment, UploadFailure> {
    let (name, file) = store_file(state, &upload.name, upload.bytes).await?;
    let input = AttachmentInput { item_id: upload.item_id, name, publicity: upload.publicity, legal_basis_id: upload.legal_basis_id };
    agendas::add_attachment(&state.store, actor, author, input, file).await.map_err(UploadFailure::Store)
}

/// A multipart form as a page sent it: its short fields, and the file of the field named
/// `file`.
#[derive(Default)]
pub struct PostedForm {
    pub fields: HashMap<String, String>,
    pub file: Option<(String, Bytes)>,
    /// A field was larger than allowed; its content was dropped.
    pub too_large: bool,
}

/// Reads a multipart form piece by piece: past the limit the rest is read and dropped,
/// so an oversized file is never held in memory and the browser still gets the page
/// that says why.
pub async fn read_form(mut multipart: Multipart, max_file: u64) -> PostedForm {
    let mut posted = PostedForm::default();
    while let Ok(Some(mut field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let limit = if name == "file" { max_file } else { 64 * 1024 };
        let mut bytes = Vec::new();
        let mut over = false;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if !over && (bytes.len() + chunk.len()) as u64 <= limit => bytes.extend_from_slice(&chunk),
                Ok(Some(_)) => {
                    over = true;
                    bytes = Vec::new();
                }
                Ok(None) => break,
                Err(_) => {
                    over = true;
                    break;
                }
            }
        }
        if over {
            posted.too_large = true;
        } else if name == "file" {
            // A form sent without choosing a file has an empty, nameless file part.
            if !bytes.is_empty() || file_name.as_deref().is_some_and(|n| !n.is_empty()) {
                posted.file = Some((file_name.unwrap_or_default(), Bytes::from(bytes)));
            }
        } else {
            posted.fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    posted
}

/// Why a file was refused, in the user's language.
pub fn refusal_text(lang: Lang, err: &UploadError) -> String {
    let args = match err {
        UploadError::TooLarge { max, .. } => vec![("max", size_text(lang, *max as i64))],
        UploadError::TypeMismatch { claimed, detected } => vec![("claimed", claimed.clone()), ("detected", (*detected).to_owned())],
        _ => vec![],
    };
    t_args(lang, err.code(), &args)
}

/// "120 kt", "3,4 Mt".
pub fn size_text(lang: Lang, size: i64) -> String {
    if size < 1024 * 1024 {
        t_args(lang, "size-kb", &[("size", format!("{}", (size + 1023) / 1024))])
    } else {
        t_args(lang, "size-mb", &[("size", format!("{:.1}", size as f64 / (1024.0 * 1024.0)).replace('.', ","))])
    }
}
