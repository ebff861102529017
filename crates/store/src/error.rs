//! The store's one error type. Database constraint violations are turned into field
//! errors and conflicts here, in one place, so callers never parse database messages.

use foorumi_core::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A unique value is taken (`field`), or a record is still referred to (`field` None).
    #[error("conflict: {code}")]
    Conflict { field: Option<String>, code: String },
    /// The record changed since the version the caller started from.
    #[error("stale version: current is {current}")]
    Stale { current: i64 },
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Database(sqlx::Error),
}

impl From<foorumi_core::Error> for Error {
    fn from(err: foorumi_core::Error) -> Self {
        match err {
            foorumi_core::Error::Invalid(list) => Error::Invalid(list),
            foorumi_core::Error::Forbidden => Error::Forbidden,
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        if let Some(db) = err.as_database_error() {
            let message = db.message();
            let constraint = db.constraint().unwrap_or_default();
            if db.is_unique_violation() {
                // PostgreSQL names the constraint; SQLite names the columns.
                let field = [
                    ("regions_code_key", "regions.code", "code"),
                    ("parties_code_key", "parties.code", "code"),
                    ("users_email_key", "users.email", "email"),
                    ("council_terms_start_key", "council_terms.start_date", "start_date"),
                ]
                .into_iter()
                .find(|(name, columns, _)| constraint == *name || message.contains(columns))
                .map(|(_, _, field)| field.to_owned());
                return Error::Conflict { field, code: "error-duplicate".into() };
            }
            if db.is_foreign_key_violation() {
                return Error::Conflict { field: None, code: "error-in-use".into() };
            }
        }
        Error::Database(err)
    }
}
