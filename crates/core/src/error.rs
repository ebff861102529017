//! Errors of the domain. A rule broken by input names the field and a message key; the
//! key is looked up in the translation files by `web`, so the words live in one place.

use serde::Serialize;

/// One invalid field: which field, and the translation key of the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field's name as it appears in forms and JSON (`end_date`, `party_id`).
    pub field: String,
    /// Translation key of the message (`error-end-before-start`).
    pub code: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str) -> Self {
        FieldError { field: field.to_owned(), code: code.to_owned() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Input that breaks a rule; each entry names its field.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
}

impl Error {
    pub fn field(field: &str, code: &str) -> Self {
        Error::Invalid(vec![FieldError::new(field, code)])
    }
}

/// Collects field errors so a form can show all of them at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, field: &str, code: &str) {
        self.0.push(FieldError::new(field, code));
    }
    pub fn check(&mut self, ok: bool, field: &str, code: &str) {
        if !ok {
            self.add(field, code);
        }
    }
    pub fn into_result(self) -> Result<(), Error> {
        if self.0.is_empty() { Ok(()) } else { Err(Error::Invalid(self.0)) }
    }
}
