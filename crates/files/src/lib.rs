//! Agenda items' attachments: where their bytes live and which bytes may come in.
//!
//! Two halves that know nothing of each other:
//!
//! - [`BlobStore`] keeps attachment content addressed by its SHA-256, so the same file
//!   attached to ten agenda items is stored once and a stored file can never change under
//!   its name. It is a local directory by default (next to the embedded database) or an
//!   S3-compatible bucket when several `foorumi serve` nodes must share the files.
//! - [`check_upload`] decides, from the content and never from the name alone, whether an
//!   upload is one of the allowed types and is what its name says; [`safe_name`] makes the
//!   name fit to show and to offer as a download name.
//!
//! Who may download an attachment (the item's publicity) is decided in `core` and enforced
//! in `web`; this crate only stores and checks.
//!
//! # Configuring the store
//!
//! [`BlobStore::open`] takes one setting, the location:
//!
//! | location | store |
//! |---|---|
//! | `./foorumi-data/attachments`, `/var/lib/foorumi/attachments` | a local directory, created if missing |
//! | `file:///var/lib/foorumi/attachments` | the same, as a URL (absolute paths only) |
//! | `s3://bucket` | the root of an S3 bucket |
//! | `s3://bucket/some/prefix` | keys under `some/prefix/` in that bucket |
//!
//! An S3 location reads the usual AWS variables from the environment, among them
//! `AWS_ENDPOINT_URL` (for MinIO, Garage, Ceph, UpCloud, Hetzner… — leave unset for AWS
//! itself), `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//! `AWS_REGION` (default `us-east-1`), `AWS_ALLOW_HTTP=true` (only for an endpoint on a
//! trusted network) and `AWS_VIRTUAL_HOSTED_STYLE_REQUEST=true` (requests go path-style,
//! `endpoint/bucket/key`, unless this is set). [`BlobStore::open_with`] takes the same
//! variables as an explicit list instead, for configuration files and tests. The bucket
//! must exist: Foorumi does not create it.

mod archive;
mod sniff;
mod store;
mod upload;

pub use store::{BlobStore, FilesError};
pub use upload::{ALLOWED_EXTENSIONS, Checked, UploadError, check_upload, safe_name};
