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

/// The resolved settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub database_url: String,
    pub bind: String,
    pub secure_cookies: bool,
    pub page_cache: bool,
    pub max_connections: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: DEFAULT_DATABASE_URL.into(),
            bind: DEFAULT_BIND.into(),
            secure_cookies: false,
            page_cache: true,
            max_connections: DEFAULT_MAX_CONNECTIONS,
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
    if let Some(v) = &flags.database_url {
        s.database_url = v.clone();
    }
    if let Some(v) = &flags.bind {
        s.bind = v.clone();
    }
    if s.max_connections == 0 {
        bail!("max_connections must be at least 1");
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
