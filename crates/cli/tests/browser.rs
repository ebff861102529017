//! Browser tests: the real `foorumi demo` binary serves the demo region, and headless
//! Chromium (Debian's package, driven by Playwright) clicks through it while axe-core
//! checks every page type (`tests/browser/run.mjs`). Fails loudly when Chromium, Node or
//! the Node packages are missing.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "selaintesti-salasana-2026";
const MAIL_FROM: &str = "foorumi@example.org";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn wait_until_up(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("foorumi demo did not start listening on port {port} within 60 s");
}

#[test]
fn pages_work_in_chromium_and_pass_axe() {
    let root = workspace_root();
    let browser_dir = root.join("tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").exists() && browser_dir.join("node_modules/axe-core").exists(),
        "Node packages for the browser tests are missing: run `npm ci` in {}",
        browser_dir.display()
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(PathBuf::from(&chromium).exists(), "Chromium not found at {chromium}: install Debian's `chromium` package");

    let data = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let binary = env!("CARGO_BIN_EXE_foorumi");
    let _server = Server(
        Command::new(binary)
            .args(["demo", "--bind", &format!("127.0.0.1:{port}"), "--data-dir"])
            .arg(data.path())
            // The default sender, foorumi@localhost, is refused as an e-mail address.
            .env("FOORUMI_MAIL_FROM", MAIL_FROM)
            .stdout(Stdio::null())
            .spawn()
            .expect("start foorumi demo"),
    );
    wait_until_up(port);

    let database = format!("sqlite://{}", data.path().join("demo.sqlite").display());
    let status = Command::new(binary)
        .args(["user", "add", "--email", "selaintesti@example.org", "--name", "Selaintesti", "--region", "07", "--role", "region-admin"])
        .args(["--password-env", "FOORUMI_TEST_PASSWORD"])
        .env("FOORUMI_TEST_PASSWORD", PASSWORD)
        .env("FOORUMI_DATABASE_URL", &database)
        .env("FOORUMI_MAIL_FROM", MAIL_FROM)
        .status()
        .expect("run foorumi user add");
    assert!(status.success(), "foorumi user add failed");

    let output = Command::new("node")
        .arg(browser_dir.join("run.mjs"))
        .arg(format!("http://127.0.0.1:{port}"))
        .env("FOORUMI_EMAIL", "selaintesti@example.org")
        .env("FOORUMI_PASSWORD", PASSWORD)
        .env("CHROMIUM", &chromium)
        .current_dir(&browser_dir)
        .output()
        .expect("run node: install Node.js");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "browser checks failed:\n{stdout}\n{stderr}");
}
