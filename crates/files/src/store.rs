//! The content-addressed blob store over `object_store`.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt};
use sha2::{Digest, Sha256};

/// Every key starts with the hash algorithm, so a later change of algorithm can live
/// beside the old blobs instead of replacing them.
const ALGORITHM_DIR: &str = "sha256";

/// What can go wrong when opening the store or moving bytes in and out of it.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    /// The location setting is not a directory, a `file:///` URL or an `s3://` URL.
    #[error("attachment store location {location:?}: {reason}")]
    Location { location: String, reason: String },
    /// The local directory could not be created.
    #[error("attachment store directory {path}: {source}")]
    Directory { path: String, source: std::io::Error },
    /// A hash that is not 64 lowercase hexadecimal digits; refused before any key is built
    /// from it, so nothing outside the store can be named.
    #[error("not a SHA-256 hash in lowercase hexadecimal: {0:?}")]
    InvalidHash(String),
    #[error("attachment {0} is not in the store")]
    NotFound(String),
    /// The stored bytes no longer hash to their key: a damaged disk or a hand-edited bucket.
    #[error("attachment {sha256} is damaged in the store: its content hashes to {actual}")]
    Damaged { sha256: String, actual: String },
    #[error("attachment store: {0}")]
    Store(#[from] object_store::Error),
}

/// Attachment content, kept under its SHA-256 in a local directory or an S3 bucket.
///
/// Cheap to clone (the backend is shared), so it can sit in the web layer's state.
#[derive(Clone)]
pub struct BlobStore {
    inner: Arc<dyn ObjectStore>,
    /// Where the blobs are, for logs; never holds credentials.
    description: String,
}

impl fmt::Debug for BlobStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlobStore").field("location", &self.description).finish()
    }
}

impl fmt::Display for BlobStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description)
    }
}

/// The location setting, parsed.
#[derive(Debug, PartialEq, Eq)]
enum Location {
    Directory(PathBuf),
    S3 { bucket: String, prefix: Option<String> },
}

impl Location {
    fn parse(location: &str) -> Result<Location, FilesError> {
        let bad = |reason: &str| FilesError::Location { location: location.to_owned(), reason: reason.to_owned() };
        let trimmed = location.trim();
        if trimmed.is_empty() {
            return Err(bad("empty"));
        }
        if let Some(rest) = trimmed.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(bad("no bucket name after s3://"));
            }
            let prefix = match prefix.trim_matches('/') {
                "" => None,
                prefix if prefix.split('/').any(|part| part.is_empty() || part == "." || part == "..") => {
                    return Err(bad("the prefix after the bucket has an empty, '.' or '..' part"));
                }
                prefix => Some(prefix.to_owned()),
            };
            return Ok(Location::S3 { bucket: bucket.to_owned(), prefix });
        }
        if trimmed.starts_with("file:") {
            let url = url::Url::parse(trimmed).map_err(|e| bad(&e.to_string()))?;
            let path = url.to_file_path().map_err(|()| bad("a file URL must be file:///absolute/path"))?;
            return Ok(Location::Directory(path));
        }
        // A scheme we do not serve (gs://, https://…) would otherwise become a strange
        // relative directory.
        if let Some((scheme, _)) = trimmed.split_once("://")
            && !scheme.is_empty()
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return Err(bad("only a directory, file:/// and s3:// are supported"));
        }
        Ok(Location::Directory(PathBuf::from(trimmed)))
    }
}

impl BlobStore {
    /// Opens the store at `location` (see the crate documentation for the forms); an S3
    /// location takes its endpoint and credentials from the process's `AWS_*` variables.
    pub fn open(location: &str) -> Result<BlobStore, FilesError> {
        BlobStore::open_with(location, std::env::vars())
    }

    /// Like [`open`](BlobStore::open), but an S3 location reads its settings from `vars`
    /// (pairs like `("AWS_ENDPOINT_URL", "http://127.0.0.1:9000")`) instead of the process
    /// environment, so a configuration file or a test can give them without touching it.
    /// Names not starting with `AWS_` and names object_store does not know are ignored,
    /// as the environment's are. A local location ignores `vars`.
    pub fn open_with<I, K, V>(location: &str, vars: I) -> Result<BlobStore, FilesError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        match Location::parse(location)? {
            Location::Directory(dir) => {
                std::fs::create_dir_all(&dir).map_err(|source| FilesError::Directory { path: dir.display().to_string(), source })?;
                // fsync: an attachment the secretary was told is saved must survive a power cut.
                let fs = LocalFileSystem::new_with_prefix(&dir)?.with_fsync(true);
                Ok(BlobStore { inner: Arc::new(fs), description: format!("directory {}", dir.display()) })
            }
            Location::S3 { bucket, prefix } => {
                let mut builder = AmazonS3Builder::new();
                for (key, value) in vars {
                    let key = key.as_ref();
                    if key.starts_with("AWS_")
                        && let Ok(config_key) = key.to_ascii_lowercase().parse::<AmazonS3ConfigKey>()
                    {
                        builder = builder.with_config(config_key, value);
                    }
                }
                let s3 = builder.with_bucket_name(&bucket).build()?;
                let description = match &prefix {
                    Some(prefix) => format!("s3://{bucket}/{prefix}"),
                    None => format!("s3://{bucket}"),
                };
                let inner: Arc<dyn ObjectStore> = match prefix {
                    Some(prefix) => Arc::new(PrefixStore::new(s3, prefix.as_str())),
                    None => Arc::new(s3),
                };
                Ok(BlobStore { inner, description })
            }
        }
    }

    /// Stores `bytes` and returns their SHA-256 in lowercase hex, the key to fetch them by.
    ///
    /// Content that is already there is not sent again. Two nodes storing the same new
    /// content at once both write the same bytes, which is harmless; a local write goes to
    /// a temporary file renamed into place, so a reader never sees half a file.
    pub async fn put(&self, bytes: Bytes) -> Result<String, FilesError> {
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let path = key(&sha256);
        if !self.head(&path).await? {
            self.inner.put(&path, bytes.into()).await?;
        }
        Ok(sha256)
    }

    /// The content stored under `sha256`, checked against it on the way out.
    pub async fn get(&self, sha256: &str) -> Result<Bytes, FilesError> {
        let path = key(valid(sha256)?);
        let bytes = match self.inner.get(&path).await {
            Ok(result) => result.bytes().await?,
            Err(object_store::Error::NotFound { .. }) => return Err(FilesError::NotFound(sha256.to_owned())),
            Err(e) => return Err(e.into()),
        };
        let actual = hex::encode(Sha256::digest(&bytes));
        if actual != sha256 {
            return Err(FilesError::Damaged { sha256: sha256.to_owned(), actual });
        }
        Ok(bytes)
    }

    /// Whether content with this hash is stored.
    pub async fn exists(&self, sha256: &str) -> Result<bool, FilesError> {
        self.head(&key(valid(sha256)?)).await
    }

    /// Every stored hash, sorted: for checking the store against the database (backups,
    /// removing blobs no agenda item refers to any more).
    pub async fn hashes(&self) -> Result<Vec<String>, FilesError> {
        let prefix = Path::from(ALGORITHM_DIR);
        let mut hashes: Vec<String> = self
            .inner
            .list(Some(&prefix))
            .try_filter_map(|meta| async move {
                // Only well-formed keys: a stray file in the directory is not an attachment.
                let parts: Vec<_> = meta.location.parts().collect();
                Ok(match parts.as_slice() {
                    [_, dir, name] if valid(name.as_ref()).is_ok() && name.as_ref().starts_with(dir.as_ref()) => {
                        Some(name.as_ref().to_owned())
                    }
                    _ => None,
                })
            })
            .try_collect()
            .await?;
        hashes.sort();
        Ok(hashes)
    }

    async fn head(&self, path: &Path) -> Result<bool, FilesError> {
        match self.inner.head(path).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// `sha256/ab/abcdef…`: the two-letter level keeps a local directory from holding every
/// attachment of a region in one folder.
fn key(sha256: &str) -> Path {
    Path::from_iter([ALGORITHM_DIR, &sha256[..2], sha256])
}

fn valid(sha256: &str) -> Result<&str, FilesError> {
    if sha256.len() == 64 && sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(sha256)
    } else {
        Err(FilesError::InvalidHash(sha256.chars().take(80).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s3(bucket: &str, prefix: Option<&str>) -> Location {
        Location::S3 { bucket: bucket.to_owned(), prefix: prefix.map(str::to_owned) }
    }

    #[test]
    fn locations_parse() {
        assert_eq!(Location::parse("./foorumi-data/attachments").unwrap(), Location::Directory("./foorumi-data/attachments".into()));
        assert_eq!(Location::parse("/var/lib/foorumi").unwrap(), Location::Directory("/var/lib/foorumi".into()));
        assert_eq!(Location::parse("file:///var/lib/foorumi%20liitteet").unwrap(), Location::Directory("/var/lib/foorumi liitteet".into()));
        assert_eq!(Location::parse("s3://liitteet").unwrap(), s3("liitteet", None));
        assert_eq!(Location::parse("s3://liitteet/").unwrap(), s3("liitteet", None));
        assert_eq!(Location::parse("s3://liitteet/foorumi/prod/").unwrap(), s3("liitteet", Some("foorumi/prod")));
    }

    #[test]
    fn bad_locations_are_refused() {
        for location in
            ["", "  ", "s3://", "s3:///prefix", "s3://b/../x", "s3://b/a//c", "gs://bucket", "https://example.org/x", "file://host/x"]
        {
            assert!(matches!(Location::parse(location), Err(FilesError::Location { .. })), "{location:?} was accepted");
        }
    }

    #[test]
    fn only_lowercase_sha256_hex_is_a_hash() {
        let good = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert!(valid(good).is_ok());
        for bad in [
            "",
            "../../etc/passwd",
            &good.to_uppercase(),
            &good[..63],
            &format!("{good}0"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8/.",
            "../b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ] {
            assert!(matches!(valid(bad), Err(FilesError::InvalidHash(_))), "{bad:?} was accepted");
        }
        assert_eq!(key(good).as_ref(), format!("sha256/e3/{good}"));
    }
}
