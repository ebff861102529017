//! Settings of a `foorumi` process, from four places, each overriding the one before:
//! built-in defaults, a TOML file (`--config FILE`, or `./foorumi.toml` when present),
//! `FOORUMI_*` environment variables, and command-line flags.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://./foorumi-data/foorumi.sqlite";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_CONFIG_FILE: &str = "foorumi.toml";
pub const DEFAULT_MAX_CONNECTIONS: u32 = 16;
pub const DEFAULT_MAIL_FROM: &str = "foorumi@localhost";
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";
pub const DEFAULT_REMINDER_DAYS: u32 = 2;

/// The resolved settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub database_url: String,
    pub bind: String,
    pub secure_cookies: bool,
    pub page_cache: bool,
    pub max_connections: u32,
    /// `smtp://user:password@host:port`; none: messages wait in the outbox.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Where people reach Foorumi; links in e-mail start with it.
    pub public_url: String,
    /// Days before a meeting its reminder goes out; 0 sends none.
    pub reminder_days: u32,
    /// Where attachments are kept: a directory, `file:///…` or `s3://bucket[/prefix]`.
    pub attachments: String,
    /// The largest attachment accepted, in bytes.
    pub attachment_max_bytes: u64,
}

pub const DEFAULT_ATTACHMENTS: &str = "./foorumi-data/attachments";

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: DEFAULT_DATABASE_URL.into(),
            bind: DEFAULT_BIND.into(),
            secure_cookies: false,
            page_cache: true,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
            public_url: DEFAULT_PUBLIC_URL.into(),
            reminder_days: DEFAULT_REMINDER_DAYS,
            attachments: DEFAULT_ATTACHMENTS.into(),
            attachment_max_bytes: foorumi_web::DEFAULT_ATTACHMENT_MAX_BYTES,
        }
    }
}

/// The TOML file: every key optional, unknown keys refused (a typo should not pass
/// silently).
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub secure_cookies: Option<bool>,
    pub page_cache: Option<bool>,
    pub max_connections: Option<u32>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub public_url: Option<String>,
    pub reminder_days: Option<u32>,
    pub attachments: Option<String>,
    pub attachment_max_bytes: Option<u64>,
}

/// What the command line gave.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub database_url: Option<String>,
    pub bind: Option<String>,
}

impl FileSettings {
    pub fn parse(text: &str, path: &Path) -> Result<FileSettings> {
        toml::from_str(text).map_err(|err| anyhow!("{}: {}", path.display(), err.message()))
    }
}

/// Reads the configuration file the flags name, or `./foorumi.toml` when it exists.
fn read_file(flags: &Flags) -> Result<Option<FileSettings>> {
    let (path, required) = match &flags.config {
        Some(path) => (path.clone(), true),
        None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(FileSettings::parse(&text, &path)?)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !required => Ok(None),
        Err(err) => Err(err).with_context(|| format!("cannot read configuration file {}", path.display())),
    }
}

/// Loads the settings from the file, the process environment and the flags.
pub fn load(flags: &Flags) -> Result<Settings> {
    let file = read_file(flags)?;
    resolve(file.unwrap_or_default(), |name| std::env::var(name).ok(), flags)
}

/// Applies file, environment (`env` looks a variable up) and flags over the defaults.
pub fn resolve(file: FileSettings, env: impl Fn(&str) -> Option<String>, flags: &Flags) -> Result<Settings> {
    let mut s = Settings::default();
    if let Some(v) = file.database_url {
        s.database_url = v;
    }
    if let Some(v) = file.bind {
        s.bind = v;
    }
    if let Some(v) = file.secure_cookies {
        s.secure_cookies = v;
    }
    if let Some(v) = file.page_cache {
        s.page_cache = v;
    }
    if let Some(v) = file.max_connections {
        s.max_connections = v;
    }
    if let Some(v) = file.smtp_url {
        s.smtp_url = Some(v).filter(|v| !v.trim().is_empty());
    }
    if let Some(v) = file.mail_from {
        s.mail_from = v;
    }
    if let Some(v) = file.public_url {
        s.public_url = v;
    }
    if let Some(v) = file.reminder_days {
        s.reminder_days = v;
    }
    if let Some(v) = file.attachments {
        s.attachments = v;
    }
    if let Some(v) = file.attachment_max_bytes {
        s.attachment_max_bytes = v;
    }
    let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    if let Some(v) = env("FOORUMI_DATABASE_URL") {
        s.database_url = v;
    }
    if let Some(v) = env("FOORUMI_BIND") {
        s.bind = v;
    }
    if let Some(v) = env("FOORUMI_SECURE_COOKIES") {
        s.secure_cookies = parse_bool("FOORUMI_SECURE_COOKIES", &v)?;
    }
    if let Some(v) = env("FOORUMI_PAGE_CACHE") {
        s.page_cache = parse_bool("FOORUMI_PAGE_CACHE", &v)?;
    }
    if let Some(v) = env("FOORUMI_MAX_CONNECTIONS") {
        s.max_connections = v.trim().parse().map_err(|_| anyhow!("FOORUMI_MAX_CONNECTIONS must be a number, not {v:?}"))?;
    }
    if let Some(v) = env("FOORUMI_SMTP_URL") {
        s.smtp_url = Some(v);
    }
    if let Some(v) = env("FOORUMI_MAIL_FROM") {
        s.mail_from = v;
    }
    if let Some(v) = env("FOORUMI_PUBLIC_URL") {
        s.public_url = v;
    }
    if let Some(v) = env("FOORUMI_REMINDER_DAYS") {
        s.reminder_days = v.trim().parse().map_err(|_| anyhow!("FOORUMI_REMINDER_DAYS must be a number of days, not {v:?}"))?;
    }
    if let Some(v) = env("FOORUMI_ATTACHMENTS") {
        s.attachments = v;
    }
    if let Some(v) = env("FOORUMI_ATTACHMENT_MAX_BYTES") {
        s.attachment_max_bytes =
            v.trim().parse().map_err(|_| anyhow!("FOORUMI_ATTACHMENT_MAX_BYTES must be a number of bytes, not {v:?}"))?;
    }
    if let Some(v) = &flags.database_url {
        s.database_url = v.clone();
    }
    if let Some(v) = &flags.bind {
        s.bind = v.clone();
    }
    if s.max_connections == 0 {
        bail!("max_connections must be at least 1");
    }
    s.public_url = s.public_url.trim().trim_end_matches('/').to_owned();
    if !(s.public_url.starts_with("http://") || s.public_url.starts_with("https://")) {
        bail!("public_url must start with http:// or https://, not {:?}", s.public_url);
    }
    // "foorumi@localhost" is fine for a local relay, so no dot is required in the domain.
    let address = s.mail_from.rsplit('<').next().unwrap_or_default().trim().trim_end_matches('>');
    let well_formed = address.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !address.contains(char::is_whitespace)
    });
    if !well_formed {
        bail!("mail_from must be an e-mail address, not {:?}", s.mail_from);
    }
    Ok(s)
}

fn parse_bool(name: &str, value: &str) -> Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => bail!("{name} must be true or false, not {value:?}"),
    }
}

/// The file of an SQLite URL (`sqlite://./foorumi-data/x.sqlite?mode=rwc` →
/// `./foorumi-data/x.sqlite`); `None` for other databases and in-memory SQLite.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Creates the folder an SQLite database will live in, so a fresh checkout needs no
/// preparation.
pub fn prepare_database_dir(url: &str) -> Result<()> {
    if let Some(parent) = sqlite_path(url).as_deref().and_then(Path::parent).filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn defaults_apply_when_nothing_is_given() {
        let s = resolve(FileSettings::default(), env_of(&[]), &Flags::default()).unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!(s.database_url, "sqlite://./foorumi-data/foorumi.sqlite");
        assert_eq!(s.bind, "127.0.0.1:8080");
    }

    #[test]
    fn environment_overrides_file_and_flags_override_environment() {
        let file = FileSettings::parse(
            "database_url = \"sqlite://file.sqlite\"\nbind = \"0.0.0.0:9000\"\npage_cache = false\nsecure_cookies = true\n",
            Path::new("foorumi.toml"),
        )
        .unwrap();
        let from_file = resolve(file.clone(), env_of(&[]), &Flags::default()).unwrap();
        assert_eq!(from_file.database_url, "sqlite://file.sqlite");
        assert_eq!(from_file.bind, "0.0.0.0:9000");
        assert!(!from_file.page_cache && from_file.secure_cookies);

        let env = env_of(&[
            ("FOORUMI_DATABASE_URL", "postgres://db/foorumi"),
            ("FOORUMI_BIND", "127.0.0.1:9100"),
            ("FOORUMI_PAGE_CACHE", "on"),
            ("FOORUMI_SECURE_COOKIES", "0"),
        ]);
        let from_env = resolve(file.clone(), &env, &Flags::default()).unwrap();
        assert_eq!(from_env.database_url, "postgres://db/foorumi");
        assert_eq!(from_env.bind, "127.0.0.1:9100");
        assert!(from_env.page_cache && !from_env.secure_cookies);

        let flags = Flags { database_url: Some("sqlite://flag.sqlite".into()), bind: Some("127.0.0.1:1".into()), config: None };
        let from_flags = resolve(file, &env, &flags).unwrap();
        assert_eq!(from_flags.database_url, "sqlite://flag.sqlite");
        assert_eq!(from_flags.bind, "127.0.0.1:1");
        assert!(from_flags.page_cache, "flags leave what they do not name");
    }

    #[test]
    fn mail_settings_come_from_file_and_environment() {
        let s = resolve(FileSettings::default(), env_of(&[]), &Flags::default()).unwrap();
        assert_eq!(
            (s.smtp_url.as_deref(), s.mail_from.as_str(), s.public_url.as_str(), s.reminder_days),
            (None, "foorumi@localhost", "http://127.0.0.1:8080", 2)
        );
        let file = FileSettings::parse(
            "smtp_url = \"smtp://relay.example.org:25\"\nmail_from = \"Foorumi <foorumi@example.org>\"\npublic_url = \"https://foorumi.example.org/\"\nreminder_days = 0\n",
            Path::new("foorumi.toml"),
        )
        .unwrap();
        let from_file = resolve(file.clone(), env_of(&[]), &Flags::default()).unwrap();
        assert_eq!(from_file.smtp_url.as_deref(), Some("smtp://relay.example.org:25"));
        assert_eq!(from_file.mail_from, "Foorumi <foorumi@example.org>");
        assert_eq!(from_file.public_url, "https://foorumi.example.org", "no trailing slash");
        assert_eq!(from_file.reminder_days, 0);
        let env = env_of(&[
            ("FOORUMI_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("FOORUMI_MAIL_FROM", "kutsut@example.org"),
            ("FOORUMI_PUBLIC_URL", "https://kokoukset.example.org"),
            ("FOORUMI_REMINDER_DAYS", "3"),
        ]);
        let from_env = resolve(file, &env, &Flags::default()).unwrap();
        assert_eq!(from_env.smtp_url.as_deref(), Some("smtp://127.0.0.1:2525"));
        assert_eq!(from_env.mail_from, "kutsut@example.org");
        assert_eq!(from_env.public_url, "https://kokoukset.example.org");
        assert_eq!(from_env.reminder_days, 3);
        let err = resolve(FileSettings::default(), env_of(&[("FOORUMI_REMINDER_DAYS", "two")]), &Flags::default()).unwrap_err();
        assert!(err.to_string().contains("FOORUMI_REMINDER_DAYS"), "{err}");
        let err =
            resolve(FileSettings::default(), env_of(&[("FOORUMI_PUBLIC_URL", "foorumi.example.org")]), &Flags::default()).unwrap_err();
        assert!(err.to_string().contains("public_url"), "{err}");
        let err = resolve(FileSettings::default(), env_of(&[("FOORUMI_MAIL_FROM", "foorumi")]), &Flags::default()).unwrap_err();
        assert!(err.to_string().contains("mail_from"), "{err}");
    }

    #[test]
    fn empty_environment_variables_are_ignored() {
        let s = resolve(FileSettings::default(), env_of(&[("FOORUMI_BIND", " ")]), &Flags::default()).unwrap();
        assert_eq!(s.bind, DEFAULT_BIND);
    }

    #[test]
    fn bad_values_are_named() {
        let err = resolve(FileSettings::default(), env_of(&[("FOORUMI_PAGE_CACHE", "maybe")]), &Flags::default()).unwrap_err();
        assert!(err.to_string().contains("FOORUMI_PAGE_CACHE"), "{err}");
        let err = FileSettings::parse("databse_url = \"x\"", Path::new("foorumi.toml")).unwrap_err();
        assert!(err.to_string().contains("databse_url"), "{err}");
    }

    #[test]
    fn a_named_configuration_file_must_exist() {
        let flags = Flags { config: Some("/nonexistent/foorumi.toml".into()), ..Flags::default() };
        let err = load(&flags).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/foorumi.toml"), "{err}");
    }

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(sqlite_path("sqlite://./foorumi-data/x.sqlite"), Some(PathBuf::from("./foorumi-data/x.sqlite")));
        assert_eq!(sqlite_path("sqlite:///tmp/a.sqlite?mode=rwc"), Some(PathBuf::from("/tmp/a.sqlite")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://localhost/foorumi"), None);
    }
}
