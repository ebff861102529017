//! Test helpers for Foorumi: a fresh store on SQLite or on a throw-away PostgreSQL, a
//! macro that runs one test body on both, and `TestApp`, the real server on a free port.
//! The fixtures the integration tests share (dates, record inputs, accounts, a browser
//! that signs in, API replies) are in `fixtures`.
//!
//! PostgreSQL comes from Debian's `postgresql` package: the first test that asks for it
//! starts one cluster for the whole test process (`initdb` into a temporary directory,
//! `postgres` on loopback), and every `postgres_store()` gets a new database in it. When
//! the binaries are missing or the server does not start, the test panics: a storage
//! suite that quietly skips PostgreSQL would prove nothing.

// Starting PostgreSQL as root needs setuid/setgid and prctl in `pre_exec` (libc calls).
#![allow(unsafe_code)]

use std::fs::File;
use std::future::Future;
use std::net::TcpListener as StdListener;
use std::ops::Deref;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub use foorumi_store::{Backend, Store};
use tempfile::TempDir;

pub mod fixtures;

/// Connections per test store: enough for a test's concurrency, few enough that many
/// tests at once stay under the server's limit.
const MAX_CONNECTIONS: u32 = 5;

/// A store for one test, with whatever keeps its database alive (the SQLite file's
/// temporary directory). Dereferences to `Store`.
pub struct TestStore {
    pub store: Store,
    /// The database URL, for tests that open a second store on the same database (a
    /// second server node, a CLI run).
    pub url: String,
    _dir: Option<TempDir>,
}

impl Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

/// A fresh store on the given backend (for a test that needs a second, empty database
/// of the kind it runs on: `store_for(store.backend())`).
pub async fn store_for(backend: Backend) -> TestStore {
    match backend {
        Backend::Sqlite => sqlite_store().await,
        Backend::Postgres => postgres_store().await,
    }
}

/// A new SQLite database file in its own temporary directory, migrated.
pub async fn sqlite_store() -> TestStore {
    let dir = tempfile::Builder::new().prefix("foorumi-test-").tempdir().expect("create a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("foorumi.db").display());
    let store = Store::open(&url, MAX_CONNECTIONS).await.unwrap_or_else(|err| panic!("open SQLite store {url}: {err}"));
    TestStore { store, url, _dir: Some(dir) }
}

/// A new, migrated database on this test process's PostgreSQL server (started on first
/// use).
pub async fn postgres_store() -> TestStore {
    let server = postgres_server();
    let n = server.databases.fetch_add(1, Ordering::Relaxed);
    let name = format!("t_{n}");
    sqlx::any::install_default_drivers();
    let admin_url = server.url("postgres");
    let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
        .await
        .unwrap_or_else(|err| panic!("connect to the test PostgreSQL at {admin_url}: {err}"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|err| panic!("create database {name}: {err}"));
    let _ = sqlx::Connection::close(admin).await;
    let url = server.url(&name);
    let store = Store::open(&url, MAX_CONNECTIONS).await.unwrap_or_else(|err| panic!("open PostgreSQL store {url}: {err}"));
    TestStore { store, url, _dir: None }
}

/// Runs a test body on a fresh runtime (what `#[tokio::test]` does, without asking the
/// test crate to depend on tokio).
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("build a tokio runtime").block_on(future)
}

/// Runs storage tests written once on both backends. Either name async functions
/// defined beside it, each taking `&Store` (or `&TestStore`, for the database URL):
///
/// ```text
/// async fn creates_a_region(store: &Store) { /* … */ }
/// foorumi_testkit::both_backends!(creates_a_region, lists_parties);
/// ```
///
/// or define them inside it:
///
/// ```text
/// foorumi_testkit::both_backends! {
///     async fn creates_a_region(store: &Store) { /* … */ }
/// }
/// ```
///
/// Either way the tests are `sqlite::creates_a_region` and `postgres::creates_a_region`,
/// each on a fresh database.
#[macro_export]
macro_rules! both_backends {
    ($( $(#[$meta:meta])* async fn $name:ident($store:ident : $ty:ty) $body:block )+) => {
        $(
            $(#[$meta])*
            async fn $name($store: $ty) $body
        )+
        $crate::both_backends!($($name),+);
    };
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    $crate::block_on(async {
                        let store = $crate::sqlite_store().await;
                        super::$name(&store).await;
                    })
                }
            )+
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    $crate::block_on(async {
                        let store = $crate::postgres_store().await;
                        super::$name(&store).await;
                    })
                }
            )+
        }
    };
}

// ---- the throw-away PostgreSQL -------------------------------------------------------

const INSTALL_HINT: &str = "install Debian's `postgresql` package (apt-get install postgresql; .ci/run does this)";

struct PgServer {
    port: u16,
    dir: PathBuf,
    pid: i32,
    databases: AtomicUsize,
}

impl PgServer {
    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

static SERVER: OnceLock<PgServer> = OnceLock::new();

/// The child process, kept so it is never dropped (and for the exit handler).
static CHILD: Mutex<Option<Child>> = Mutex::new(None);

fn postgres_server() -> &'static PgServer {
    SERVER.get_or_init(|| {
        // The parent-death signal fires when the *thread* that forked the server ends,
        // so the server is started from a thread that lives as long as the process.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("test-postgres".into())
            .spawn(move || {
                let started = std::panic::catch_unwind(start_postgres).map_err(|panic| {
                    panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_else(|| "unknown error".into())
                });
                let _ = sender.send(started);
                loop {
                    std::thread::park();
                }
            })
            .expect("spawn the PostgreSQL keeper thread");
        match receiver.recv() {
            Ok(Ok(server)) => server,
            Ok(Err(message)) => panic!("{message}"),
            Err(_) => panic!("the PostgreSQL keeper thread died"),
        }
    })
}

/// The newest `/usr/lib/postgresql/<version>/bin` that has `initdb` and `postgres`.
fn postgres_bin_dir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version: u32 = entry.file_name().to_str()?.split('.').next()?.parse().ok()?;
            let bin = entry.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("postgres").is_file()).then_some((version, bin))
        })
        .collect();
    found.sort();
    match found.pop() {
        Some((_, bin)) => bin,
        None => panic!("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: {INSTALL_HINT}"),
    }
}

/// Who the server runs as: PostgreSQL refuses to run as root, so root hands it to the
/// `postgres` system user the Debian package creates.
#[derive(Clone, Copy)]
struct RunAs {
    uid: libc::uid_t,
    gid: libc::gid_t,
}

fn run_as() -> Option<RunAs> {
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let name = c"postgres";
    let entry = unsafe { libc::getpwnam(name.as_ptr()) };
    if entry.is_null() {
        panic!("running as root, and there is no `postgres` user to run PostgreSQL as: {INSTALL_HINT}");
    }
    let entry = unsafe { &*entry };
    Some(RunAs { uid: entry.pw_uid, gid: entry.pw_gid })
}

/// A command that drops root (when run as root) and dies with this process.
fn command(program: &Path, user: Option<RunAs>, log: &File) -> Command {
    let mut command = Command::new(program);
    command.stdin(Stdio::null()).stdout(log.try_clone().expect("clone log handle")).stderr(log.try_clone().expect("clone log handle"));
    command.env("LC_ALL", "C.UTF-8").env_remove("PGDATA").env_remove("PGHOST").env_remove("PGPORT");
    let parent = std::process::id() as libc::pid_t;
    unsafe {
        command.pre_exec(move || {
            if let Some(user) = user
                && (libc::setgroups(0, std::ptr::null()) != 0 || libc::setgid(user.gid) != 0 || libc::setuid(user.uid) != 0)
            {
                return Err(std::io::Error::last_os_error());
            }
            // After setuid, which clears the parent-death signal.
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong, 0, 0, 0) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if libc::getppid() != parent {
                // The test process is already gone.
                libc::_exit(1);
            }
            Ok(())
        });
    }
    command
}

fn chown(path: &Path, user: RunAs) {
    std::os::unix::fs::chown(path, Some(user.uid), Some(user.gid))
        .unwrap_or_else(|err| panic!("chown {} to postgres: {err}", path.display()));
}

fn start_postgres() -> PgServer {
    let bin = postgres_bin_dir();
    let user = run_as();
    // Kept for the whole process; the exit handler removes it.
    // Under /tmp when dropping root: the `postgres` user must be able to reach it.
    let parent = if user.is_some() { PathBuf::from("/tmp") } else { std::env::temp_dir() };
    remove_stale_clusters(&parent);
    let dir = tempfile::Builder::new().prefix(CLUSTER_PREFIX).tempdir_in(&parent).expect("create a temporary directory").keep();
    std::fs::write(dir.join("owner"), std::process::id().to_string()).expect("write the owner file");
    let data = dir.join("data");
    if let Some(user) = user {
        chown(&dir, user);
    }
    let log_path = dir.join("postgres.log");
    let log = File::create(&log_path).expect("create the PostgreSQL log file");
    let log_text = || std::fs::read_to_string(&log_path).unwrap_or_default();

    let status = command(&bin.join("initdb"), user, &log)
        .current_dir(&dir)
        .args(["--auth=trust", "--locale=C.UTF-8", "--encoding=UTF8", "-U", "postgres", "--no-sync", "-D"])
        .arg(&data)
        .status()
        .unwrap_or_else(|err| panic!("run {}: {err}; {INSTALL_HINT}", bin.join("initdb").display()));
    if !status.success() {
        let _ = std::fs::remove_dir_all(&dir);
        panic!("initdb failed ({status}); {INSTALL_HINT}\n{}", log_text());
    }

    // A free port may be taken between asking and binding; try a few.
    let mut last_error = String::new();
    for _ in 0..3 {
        let port = free_port();
        let mut child = command(&bin.join("postgres"), user, &log)
            .current_dir(&dir)
            .arg("-D")
            .arg(&data)
            .arg("-k")
            .arg(&dir)
            .args(["-c", "listen_addresses=127.0.0.1", "-p", &port.to_string()])
            .args(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"])
            .args(["-c", "max_connections=200", "-c", "shared_buffers=32MB"])
            .spawn()
            .unwrap_or_else(|err| panic!("start {}: {err}; {INSTALL_HINT}", bin.join("postgres").display()));
        match wait_until_ready(&mut child, &data, port) {
            Ok(()) => {
                let pid = child.id() as i32;
                *CHILD.lock().unwrap_or_else(|e| e.into_inner()) = Some(child);
                unsafe {
                    libc::atexit(stop_postgres);
                }
                return PgServer { port, dir, pid, databases: AtomicUsize::new(0) };
            }
            Err(message) => {
                let _ = child.kill();
                let _ = child.wait();
                last_error = message;
            }
        }
    }
    let log = log_text();
    let _ = std::fs::remove_dir_all(&dir);
    panic!("PostgreSQL did not start: {last_error}; {INSTALL_HINT}\n--- server log ---\n{log}");
}

const CLUSTER_PREFIX: &str = "foorumi-testpg-";

/// Removes the directories of clusters whose test process is gone (killed before its
/// exit handler ran; the server itself died with it).
fn remove_stale_clusters(parent: &Path) {
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        if !entry.file_name().to_string_lossy().starts_with(CLUSTER_PREFIX) {
            continue;
        }
        let owner = std::fs::read_to_string(entry.path().join("owner")).ok().and_then(|text| text.trim().parse::<i32>().ok());
        if let Some(pid) = owner {
            let alive = unsafe { libc::kill(pid, 0) } == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
            if !alive {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("find a free port").port()
}

/// Waits until the server writes its pid file with the "ready" status line and accepts
/// TCP connections.
fn wait_until_ready(child: &mut Child, data: &Path, port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Err(format!("the server exited ({status})"));
        }
        // postmaster.pid's last line is the server status: "ready" once it accepts
        // connections.
        let ready = std::fs::read_to_string(data.join("postmaster.pid"))
            .is_ok_and(|pid_file| pid_file.lines().nth(7).is_some_and(|line| line.trim() == "ready"));
        if ready && std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err("not ready after 60 seconds".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// At process exit: an immediate shutdown of the server, then its directory goes.
extern "C" fn stop_postgres() {
    let Some(server) = SERVER.get() else { return };
    unsafe {
        libc::kill(server.pid, libc::SIGQUIT);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut exited = false;
    while Instant::now() < deadline {
        let mut status = 0;
        let result = unsafe { libc::waitpid(server.pid, &mut status, libc::WNOHANG) };
        if result != 0 {
            exited = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    if !exited {
        unsafe {
            libc::kill(server.pid, libc::SIGKILL);
            libc::waitpid(server.pid, std::ptr::null_mut(), 0);
        }
    }
    let _ = std::fs::remove_dir_all(&server.dir);
}

// ---- the server under test -----------------------------------------------------------

/// The real application on a free loopback port, for web, API and browser tests. The
/// server stops when this value is dropped (or when the test's runtime ends).
pub struct TestApp {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base_url: String,
    pub store: TestStore,
    /// Where uploaded attachments go, unless the configuration names a store.
    pub attachments_dir: TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    /// Starts the application with the default configuration. Must be called inside a
    /// tokio runtime (a `both_backends!` body or `block_on`).
    pub async fn start(store: TestStore) -> TestApp {
        TestApp::start_with(store, foorumi_web::Config::default()).await
    }

    pub async fn start_with(store: TestStore, mut config: foorumi_web::Config) -> TestApp {
        let attachments_dir = tempfile::Builder::new().prefix("foorumi-blobs-").tempdir().expect("create a temporary directory");
        if config.attachments.is_none() {
            let location = attachments_dir.path().to_str().expect("a UTF-8 temporary path");
            config.attachments = Some(foorumi_files::BlobStore::open(location).expect("open the attachment store"));
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let router = foorumi_web::router(store.store.clone(), config);
        let server = tokio::spawn(async move {
            if let Err(err) = foorumi_web::serve(listener, router).await {
                panic!("test server failed: {err}");
            }
        });
        TestApp { base_url: format!("http://127.0.0.1:{port}"), store, attachments_dir, server }
    }

    /// The absolute URL of `path` ("/api/v1/parties").
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Sends a record to its checkers as the pages do: with the e-mail to each checker,
/// composed as in a default installation.
pub async fn send_to_checkers(
    store: &foorumi_store::Store,
    actor: &foorumi_core::permissions::Actor,
    author: &foorumi_store::audit::Author,
    minutes_id: foorumi_core::Id,
    expected_version: i64,
) -> foorumi_store::Result<foorumi_core::Minutes> {
    let config = foorumi_web::Config::default();
    foorumi_web::mail::send_to_checkers(store, &config, actor, author, minutes_id, expected_version).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_app_serves_the_real_router_on_a_free_port() {
        block_on(async {
            let app = TestApp::start(sqlite_store().await).await;
            assert!(app.base_url.starts_with("http://127.0.0.1:"));
            let response = reqwest::get(app.url("/health")).await.expect("GET /health");
            assert_eq!(response.status(), 200);
            assert_eq!(response.text().await.unwrap(), "ok");
            assert_eq!(app.store.register_version().await.unwrap(), 0);
        });
    }

    #[test]
    fn postgres_stores_are_separate_databases_on_one_server() {
        block_on(async {
            let first = postgres_store().await;
            let second = store_for(Backend::Postgres).await;
            assert_eq!(first.backend(), Backend::Postgres);
            assert_ne!(first.url, second.url);
            let port = |url: &str| url.rsplit_once(':').map(|(_, rest)| rest.split('/').next().unwrap_or("").to_owned());
            assert_eq!(port(&first.url), port(&second.url), "one server per test process");
            sqlx::query("UPDATE audit_head SET seq = 7 WHERE id = 1").execute(first.pool()).await.unwrap();
            assert_eq!(first.register_version().await.unwrap(), 7);
            assert_eq!(second.register_version().await.unwrap(), 0);
        });
    }
}
