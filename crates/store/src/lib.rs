//! Storage of Foorumi: one SQLite file by default, PostgreSQL when configured.
//!
//! Both go through sqlx's `Any` driver, so every query is written once in SQL that both
//! accept (`$1` placeholders, `RETURNING`, ISO dates as text); only the migrations come in
//! two folders. Every write is one transaction that first takes the audit head row, which
//! serialises writers, keeps the audit chain unforked and gives page caches a version
//! number. Sessions and throttling live here too, so several `foorumi serve` nodes can
//! share one PostgreSQL.

pub mod accounts;
pub mod agendas;
pub mod audit;
pub mod conflicts;
mod error;
pub mod goals;
pub mod indicator_files;
pub mod indicators;
pub mod meetings;
mod migrate;
pub mod minutes;
pub mod outbox;
pub mod picture;
pub mod preparedness;
pub mod protocol;
pub mod record_publication;
pub mod records;
pub mod register_file;
pub mod responsibilities;
pub mod snapshots;
pub mod views;
pub mod wellbeing;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use error::Error;
pub use records::{Page, Record};

pub type Result<T> = std::result::Result<T, Error>;
pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens (creating if missing) the database at `url` (`sqlite://path` or
    /// `postgres://…`) and brings its schema up to date.
    pub async fn open(url: &str, max_connections: u32) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(Error::Config(format!("unsupported database URL: {url}")));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        if backend == Backend::Sqlite {
            pool.execute("PRAGMA journal_mode = WAL;").await?;
        }
        let store = Store { pool, backend };
        migrate::run(&store).await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a write: a transaction that holds the audit head, so writers take turns.
    pub async fn write(&self) -> Result<Tx<'static>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1").execute(&mut *tx).await?;
        Ok(tx)
    }

    /// A number that grows with every change of the register; pages cached under one
    /// number are stale once it moves.
    pub async fn register_version(&self) -> Result<i64> {
        let seq: i64 = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1").fetch_one(&self.pool).await?;
        Ok(seq)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Today's date in Finland, which is what "in force today" means for seats and posts.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Helsinki).date_naive()
}

/// The time on a Finnish clock now: meetings, approvals and publications are dated in it,
/// whatever the server's own time zone.
pub fn now_in_finland() -> chrono::NaiveDateTime {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Helsinki).naive_local()
}

pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
