//! Receiving an attachment, the one way the page and the API share: check the content,
//! store the file, then record it.

use axum::body::Bytes;
use foorumi_core::permissions::Actor;
use foorumi_core::{Attachment, AttachmentInput, Id, Publicity};
use foorumi_files::UploadError;
use foorumi_store::agendas::{self, StoredFile};
use foorumi_store::audit::Author;

use crate::AppState;

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

/// Checks `upload` by content and size, stores the file, and records it. The file goes
/// in first so a record never points at a missing file; a file whose record then fails
/// is unreferenced content that the same upload reuses.
pub async fn receive(state: &AppState, actor: &Actor, author: &Author, upload: Upload) -> Result<Attachment, UploadFailure> {
    let checked =
        foorumi_files::check_upload(&upload.name, &upload.bytes, state.config.attachment_max_bytes).map_err(UploadFailure::Refused)?;
    let blobs = state.config.attachments.as_ref().ok_or(UploadFailure::Unavailable)?;
    let size = upload.bytes.len() as i64;
    let sha256 = blobs.put(upload.bytes).await.map_err(|err| {
        tracing::error!(%err, "attachment store failed");
        UploadFailure::Unavailable
    })?;
    let input = AttachmentInput {
        item_id: upload.item_id,
        name: foorumi_files::safe_name(&upload.name),
        publicity: upload.publicity,
        legal_basis_id: upload.legal_basis_id,
    };
    let file = StoredFile { media_type: checked.media_type.to_owned(), size, sha256 };
    agendas::add_attachment(&state.store, actor, author, input, file).await.map_err(UploadFailure::Store)
}
