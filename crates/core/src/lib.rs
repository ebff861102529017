//! The domain of Foorumi: the cooperation register and its rules, with no I/O.
//!
//! Regions (tenants), parties, people, posts, forums, seats and council terms are plain
//! types here; every invariant the register must keep (dates in order, one chair at a
//! time, seats only on behalf of parties that belong to the region on that date, no
//! personal identity codes) and every authorisation decision is a plain function, so the
//! rules are tested without a database or a web server. `store` persists these types,
//! `web` shows and edits them.

pub mod calendar;
pub mod cooperation;
pub mod error;
pub mod goals;
pub mod indicators;
pub mod model;
pub mod permissions;
pub mod personal_data;
pub mod picture;
pub mod plan;
pub mod preparedness;
pub mod rules;
pub mod text;
pub mod wellbeing;

pub use error::{Error, FieldError};
pub use model::*;
