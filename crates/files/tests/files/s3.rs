//! The S3 store against a real S3-compatible server: moto's, started for the test.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use foorumi_files::{BlobStore, FilesError};

use crate::samples;

const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

/// A moto S3 server on a free loopback port, stopped when dropped.
struct Moto {
    child: Child,
    port: u16,
    log: tempfile::NamedTempFile,
}

impl Moto {
    fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = tempfile::NamedTempFile::new().unwrap();
        let spawned = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
                "moto_server is not installed; the S3 tests need it: run `python3 -m pip install -r tests/requirements.txt` \
                 in the repository root"
            ),
            Err(e) => panic!("could not start moto_server: {e}"),
        };
        let mut moto = Moto { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = moto.child.try_wait().unwrap() {
                panic!("moto_server exited ({status}) before listening:\n{}", moto.log());
            }
            assert!(Instant::now() < deadline, "moto_server did not listen on port {port} within 60 s:\n{}", moto.log());
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log(&mut self) -> String {
        let mut log = String::new();
        let _ = self.log.reopen().and_then(|mut file| file.read_to_string(&mut log));
        log
    }

    /// The settings an operator would put in the environment, plus two that must be ignored.
    fn vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint()),
            ("AWS_ACCESS_KEY_ID", "foorumi".into()),
            ("AWS_SECRET_ACCESS_KEY", "foorumi-salainen".into()),
            ("AWS_REGION", "eu-north-1".into()),
            ("AWS_ALLOW_HTTP", "true".into()),
            ("AWS_PROFILE", "ei-kaytossa".into()),
            ("HOME", "/nonexistent".into()),
        ]
    }

    /// Buckets are made outside Foorumi (object_store cannot create them): a plain PUT.
    async fn create_bucket(&self, bucket: &str) {
        let response = reqwest::Client::new().put(format!("{}/{bucket}", self.endpoint())).send().await.unwrap();
        assert!(response.status().is_success(), "creating bucket {bucket}: {}", response.status());
    }

    /// The bucket's keys as the S3 API lists them, independently of object_store.
    async fn keys(&self, bucket: &str) -> Vec<String> {
        let xml = reqwest::get(format!("{}/{bucket}?list-type=2", self.endpoint())).await.unwrap().text().await.unwrap();
        let mut keys: Vec<String> =
            xml.split("<Key>").skip(1).map(|rest| rest.split("</Key>").next().unwrap_or_default().to_owned()).collect();
        keys.sort();
        keys
    }

    /// Overwrites one object behind the store's back, with object_store's own client.
    async fn overwrite(&self, bucket: &str, key: &str, content: &'static [u8]) {
        use object_store::ObjectStoreExt;
        let s3 = object_store::aws::AmazonS3Builder::new()
            .with_endpoint(self.endpoint())
            .with_allow_http(true)
            .with_access_key_id("foorumi")
            .with_secret_access_key("foorumi-salainen")
            .with_bucket_name(bucket)
            .build()
            .unwrap();
        s3.put(&key.into(), content.into()).await.unwrap();
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One server for every S3 case: starting moto takes seconds.
#[tokio::test]
async fn s3_store_against_moto() {
    let moto = Moto::start();
    bucket_with_prefix(&moto).await;
    bucket_root(&moto).await;
    missing_bucket(&moto).await;
}

async fn bucket_with_prefix(moto: &Moto) {
    moto.create_bucket("foorumi-liitteet").await;
    let store = BlobStore::open_with("s3://foorumi-liitteet/paijat-hame/liitteet/", moto.vars()).unwrap();
    assert_eq!(store.to_string(), "s3://foorumi-liitteet/paijat-hame/liitteet");

    assert!(!store.exists(ABC).await.unwrap());
    assert!(matches!(store.get(ABC).await, Err(FilesError::NotFound(_))));
    assert_eq!(store.put(Bytes::from_static(b"abc")).await.unwrap(), ABC);
    assert!(store.exists(ABC).await.unwrap());
    assert_eq!(store.get(ABC).await.unwrap(), Bytes::from_static(b"abc"));

    let pdf = Bytes::from(samples::pdf());
    let pdf_hash = store.put(pdf.clone()).await.unwrap();
    assert_eq!(store.put(pdf.clone()).await.unwrap(), pdf_hash, "the same content twice");
    assert_eq!(store.get(&pdf_hash).await.unwrap(), pdf);

    let mut expected = vec![ABC.to_owned(), pdf_hash.clone()];
    expected.sort();
    assert_eq!(store.hashes().await.unwrap(), expected);
    let keys: Vec<String> = expected.iter().map(|h| format!("paijat-hame/liitteet/sha256/{}/{h}", &h[..2])).collect();
    assert_eq!(moto.keys("foorumi-liitteet").await, keys, "one object per content, under the prefix");

    // A second put does not upload: damage the object, put again, and the damage stays.
    moto.overwrite("foorumi-liitteet", &format!("paijat-hame/liitteet/sha256/ba/{ABC}"), b"vaihdettu").await;
    assert_eq!(store.put(Bytes::from_static(b"abc")).await.unwrap(), ABC);
    assert!(matches!(store.get(ABC).await, Err(FilesError::Damaged { .. })));

    for bad in ["../../etc/passwd", "..", &ABC.to_uppercase()] {
        assert!(matches!(store.get(bad).await, Err(FilesError::InvalidHash(_))), "{bad:?}");
    }
}

async fn bucket_root(moto: &Moto) {
    moto.create_bucket("juuri").await;
    let store = BlobStore::open_with("s3://juuri", moto.vars()).unwrap();
    assert_eq!(store.put(Bytes::from_static(b"abc")).await.unwrap(), ABC);
    assert_eq!(store.get(ABC).await.unwrap(), Bytes::from_static(b"abc"));
    assert_eq!(moto.keys("juuri").await, [format!("sha256/ba/{ABC}")]);
}

async fn missing_bucket(moto: &Moto) {
    let store = BlobStore::open_with("s3://ei-ole-olemassa", moto.vars()).unwrap();
    assert!(matches!(store.put(Bytes::from_static(b"abc")).await, Err(FilesError::Store(_))));
}
