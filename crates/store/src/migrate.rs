//! Schema migrations, embedded in the binary, one folder per backend. Each runs in its
//! own transaction and is recorded in `schema_migrations`.

use crate::{Backend, Result, Store};

const SQLITE: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_register.sql")),
    (2, include_str!("../migrations/sqlite/0002_meetings.sql")),
    (3, include_str!("../migrations/sqlite/0003_calendar_tokens.sql")),
    (4, include_str!("../migrations/sqlite/0004_attendance.sql")),
    (5, include_str!("../migrations/sqlite/0005_agendas.sql")),
    (6, include_str!("../migrations/sqlite/0006_mail.sql")),
    (7, include_str!("../migrations/sqlite/0007_minutes.sql")),
    (8, include_str!("../migrations/sqlite/0008_record_validity.sql")),
    (9, include_str!("../migrations/sqlite/0009_indicators.sql")),
    (10, include_str!("../migrations/sqlite/0010_snapshots.sql")),
    (11, include_str!("../migrations/sqlite/0011_term_goals.sql")),
    (12, include_str!("../migrations/sqlite/0012_cooperation.sql")),
    (13, include_str!("../migrations/sqlite/0013_wellbeing_reporting.sql")),
];
const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_register.sql")),
    (2, include_str!("../migrations/postgres/0002_meetings.sql")),
    (3, include_str!("../migrations/postgres/0003_calendar_tokens.sql")),
    (4, include_str!("../migrations/postgres/0004_attendance.sql")),
    (5, include_str!("../migrations/postgres/0005_agendas.sql")),
    (6, include_str!("../migrations/postgres/0006_mail.sql")),
    (7, include_str!("../migrations/postgres/0007_minutes.sql")),
    (8, include_str!("../migrations/postgres/0008_record_validity.sql")),
    (9, include_str!("../migrations/postgres/0009_indicators.sql")),
    (10, include_str!("../migrations/postgres/0010_snapshots.sql")),
    (11, include_str!("../migrations/postgres/0011_term_goals.sql")),
    (12, include_str!("../migrations/postgres/0012_cooperation.sql")),
    (13, include_str!("../migrations/postgres/0013_wellbeing_reporting.sql")),
];

pub(crate) async fn run(store: &Store) -> Result<()> {
    let migrations = match store.backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    sqlx::raw_sql("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
        .execute(&store.pool)
        .await?;
    for (version, sql) in migrations {
        let mut tx = store.pool.begin().await?;
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1").bind(version).fetch_optional(&mut *tx).await?;
        if applied.is_some() {
            continue;
        }
        sqlx::raw_sql(*sql).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
            .bind(version)
            .bind(crate::now_text())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version, "applied migration");
    }
    Ok(())
}
