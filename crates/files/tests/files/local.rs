use std::path::Path;

use bytes::Bytes;
use foorumi_files::{BlobStore, FilesError};

use crate::samples;

/// SHA-256 of "abc", from FIPS 180-2.
const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

fn files_under(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path.display().to_string());
            }
        }
    }
    files
}

#[tokio::test]
async fn content_goes_in_and_comes_out_under_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::open(dir.path().join("liitteet").to_str().unwrap()).unwrap();

    assert_eq!(store.put(Bytes::from_static(b"abc")).await.unwrap(), ABC);
    assert!(store.exists(ABC).await.unwrap());
    assert_eq!(store.get(ABC).await.unwrap(), Bytes::from_static(b"abc"));
    assert!(dir.path().join("liitteet/sha256/ba").join(ABC).is_file());

    let pdf = Bytes::from(samples::pdf());
    let hash = store.put(pdf.clone()).await.unwrap();
    assert_eq!(store.get(&hash).await.unwrap(), pdf);
    let mut both = vec![ABC.to_owned(), hash];
    both.sort();
    assert_eq!(store.hashes().await.unwrap(), both);
}

#[tokio::test]
async fn the_same_content_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::open(dir.path().to_str().unwrap()).unwrap();
    let docx = Bytes::from(samples::docx());

    let first = store.put(docx.clone()).await.unwrap();
    let second = store.put(docx.clone()).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(store.hashes().await.unwrap(), std::slice::from_ref(&first));
    // One file, and no temporary file left behind by the atomic write.
    assert_eq!(files_under(dir.path()).len(), 1, "{:?}", files_under(dir.path()));

    // Put really skips existing content: damage the stored copy, put again, and the damage
    // is still there — and is noticed on the way out.
    let stored = dir.path().join("sha256").join(&first[..2]).join(&first);
    std::fs::write(&stored, b"vaihdettu").unwrap();
    assert_eq!(store.put(docx).await.unwrap(), first);
    match store.get(&first).await {
        Err(FilesError::Damaged { sha256, actual }) => {
            assert_eq!(sha256, first);
            assert_ne!(actual, first);
        }
        other => panic!("expected Damaged, got {other:?}"),
    }
}

#[tokio::test]
async fn hashes_that_could_name_other_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::open(dir.path().join("liitteet").to_str().unwrap()).unwrap();
    std::fs::write(dir.path().join("salainen"), b"ei sinulle").unwrap();

    let traversal = format!("../../{}", &ABC[6..]);
    for bad in [
        "../salainen",
        "../../salainen",
        "/etc/passwd",
        traversal.as_str(),
        &ABC.to_uppercase(),
        &ABC[..63],
        "",
        "sha256/ba/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    ] {
        assert!(matches!(store.get(bad).await, Err(FilesError::InvalidHash(_))), "get({bad:?})");
        assert!(matches!(store.exists(bad).await, Err(FilesError::InvalidHash(_))), "exists({bad:?})");
    }
}

#[tokio::test]
async fn missing_content_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::open(dir.path().to_str().unwrap()).unwrap();
    assert!(!store.exists(ABC).await.unwrap());
    assert!(matches!(store.get(ABC).await, Err(FilesError::NotFound(hash)) if hash == ABC));
    assert_eq!(store.hashes().await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn locations_open_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("foorumi-data/liitteet");
    let url = format!("file://{}", nested.display());
    let store = BlobStore::open(&url).unwrap();
    assert!(nested.is_dir(), "the directory is created");
    assert_eq!(store.put(Bytes::from_static(b"abc")).await.unwrap(), ABC);
    assert!(nested.join("sha256/ba").join(ABC).is_file());

    // Stray files in the directory are not attachments.
    std::fs::write(nested.join("sha256/ba/muistiinpano.txt"), b"x").unwrap();
    std::fs::write(nested.join("README"), b"x").unwrap();
    assert_eq!(store.hashes().await.unwrap(), [ABC]);

    for bad in ["", "gs://liitteet", "s3://", "file://palvelin/jako"] {
        assert!(matches!(BlobStore::open(bad), Err(FilesError::Location { .. })), "{bad:?}");
    }
    // A file where the directory should be.
    let file = dir.path().join("tiedosto");
    std::fs::write(&file, b"x").unwrap();
    assert!(matches!(BlobStore::open(file.join("alle").to_str().unwrap()), Err(FilesError::Directory { .. })));
}
