//! The preparedness workspace (R3.9, R1.10) of a forum whose items are secret by default
//! (PHTURVA, Kuntaturva): the parties' contacts in calling order and dated situation
//! notes, for the forum's members only; and the refusal of security-classified markings
//! (R3.10) that the checks of agenda items, attachments and secrecy grounds call.

use foorumi_core::permissions::Object;
use foorumi_core::preparedness::{
    self, ContactRole, PreparednessContact, PreparednessContactInput, PreparednessNote, PreparednessNoteInput,
};
use foorumi_core::*;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::records::{FilterType, Record, date, date_text, enum_value, flag, in_region, merge, stored_fields, upsert};
use crate::{Error, Result, Store};

/// R3.10: adds a refusal with guidance to `result` for each (field, text) that marks a
/// security classification. One call in each check where a user types a marking.
pub(crate) fn refuse_classified(result: Result<()>, fields: &[(&str, &str)]) -> Result<()> {
    let mut result = result;
    for (field, text) in fields {
        if preparedness::is_security_classified(text) {
            result = merge(result, field, preparedness::CLASSIFIED);
        }
    }
    result
}

/// Whether a forum keeps a preparedness workspace: one of the region's forums whose
/// items are secret by default, which is what sets PHTURVA and Kuntaturva apart (R1.10).
pub fn is_workspace(forum: &Forum) -> bool {
    forum.input.default_publicity == Publicity::Secret
}

async fn workspace_forum(conn: &mut AnyConnection, region_id: Id, forum_id: Id) -> Result<Option<Forum>> {
    Ok(in_region::<Forum>(conn, region_id, forum_id).await?.filter(is_workspace))
}

impl Record for PreparednessContact {
    type Input = PreparednessContactInput;
    const ENTITY: &'static str = "preparedness_contact";
    const TABLE: &'static str = "preparedness_contacts";
    const COLUMNS: &'static str = "id, region_id, forum_id, party_id, role, position, post_id, person_id, notes, version";
    const ORDER: &'static str = "forum_id, party_id, position, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("forum_id", FilterType::Int), ("party_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(PreparednessContact {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: PreparednessContactInput {
                forum_id: row.try_get("forum_id")?,
                party_id: row.try_get("party_id")?,
                role: enum_value(row, "role", ContactRole::parse)?,
                position: row.try_get("position")?,
                post_id: row.try_get("post_id")?,
                person_id: row.try_get("person_id")?,
                notes: row.try_get("notes")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, input: &PreparednessContactInput) -> Result<Object> {
        Ok(Object::Workspace { region, forum: input.forum_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, _: Option<Id>, input: &mut PreparednessContactInput) -> Result<()> {
        // The party a post belongs to, or whose administrator keeps a person's details.
        let holder_party = match (input.post_id, input.person_id) {
            (Some(post), None) => in_region::<Post>(conn, region.id, post).await?.map(|p| Some(p.input.party_id)),
            (None, Some(person)) => in_region::<Person>(conn, region.id, person).await?.map(|p| p.input.party_id),
            _ => Some(None),
        };
        let mut result = preparedness::validate_contact(input, holder_party).map_err(Error::from);
        if workspace_forum(conn, region.id, input.forum_id).await?.is_none() {
            result = merge(result, "forum_id", "error-not-workspace");
        }
        if in_region::<Party>(conn, region.id, input.party_id).await?.is_none() {
            result = merge(result, "party_id", "error-not-found");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &PreparednessContactInput) -> Result<Id> {
        let columns = ["forum_id", "party_id", "role", "position", "post_id", "person_id", "notes"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.forum_id)
                .bind(input.party_id)
                .bind(input.role.as_str())
                .bind(input.position)
                .bind(input.post_id)
                .bind(input.person_id)
                .bind(input.notes.clone())
        })
        .await
    }
}

impl Record for PreparednessNote {
    type Input = PreparednessNoteInput;
    const ENTITY: &'static str = "preparedness_note";
    const TABLE: &'static str = "preparedness_notes";
    const COLUMNS: &'static str = "id, region_id, forum_id, noted_on, title, body, is_public, marking, version";
    const ORDER: &'static str = "noted_on DESC, id DESC";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("forum_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(PreparednessNote {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: PreparednessNoteInput {
                forum_id: row.try_get("forum_id")?,
                noted_on: date(row, "noted_on")?,
                title: row.try_get("title")?,
                body: row.try_get("body")?,
                public: flag(row, "is_public")?,
                marking: row.try_get("marking")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, input: &PreparednessNoteInput) -> Result<Object> {
        Ok(Object::Workspace { region, forum: input.forum_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, _: Option<Id>, input: &mut PreparednessNoteInput) -> Result<()> {
        let mut result = preparedness::validate_note(input, crate::today()).map_err(Error::from);
        if workspace_forum(conn, region.id, input.forum_id).await?.is_none() {
            result = merge(result, "forum_id", "error-not-workspace");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &PreparednessNoteInput) -> Result<Id> {
        let columns = ["forum_id", "noted_on", "title", "body", "is_public", "marking"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.forum_id)
                .bind(date_text(input.noted_on))
                .bind(input.title.clone())
                .bind(input.body.clone())
                .bind(i64::from(input.public))
                .bind(input.marking.clone())
        })
        .await
    }
}

/// A forum's workspace: its contacts and notes. The caller has checked that the viewer
/// may see it (`Object::Workspace`).
pub struct Workspace {
    pub forum: Forum,
    pub contacts: Vec<PreparednessContact>,
    pub notes: Vec<PreparednessNote>,
}

pub async fn workspace(store: &Store, forum_id: Id) -> Result<Workspace> {
    let mut conn = store.pool().acquire().await?;
    let forum = crate::records::load::<Forum>(&mut conn, forum_id).await?.filter(is_workspace).ok_or(Error::NotFound)?;
    let contacts = by_forum::<PreparednessContact>(&mut conn, forum_id).await?;
    let notes = by_forum::<PreparednessNote>(&mut conn, forum_id).await?;
    Ok(Workspace { forum, contacts, notes })
}

async fn by_forum<R: Record>(conn: &mut AnyConnection, forum_id: Id) -> Result<Vec<R>> {
    let sql = format!("SELECT {} FROM {} WHERE forum_id = $1 ORDER BY {}", R::COLUMNS, R::TABLE, R::ORDER);
    let rows = sqlx::query(AssertSqlSafe(sql)).bind(forum_id).fetch_all(&mut *conn).await?;
    rows.iter().map(R::from_row).collect()
}

/// The region's preparedness notes marked public, newest first, for the situational
/// picture: readable by everyone, whatever workspace they were written in.
pub async fn public_preparedness_notes(store: &Store, region_id: Id) -> Result<Vec<PreparednessNote>> {
    let sql = format!(
        "SELECT {} FROM preparedness_notes WHERE region_id = $1 AND is_public = 1 ORDER BY {}",
        PreparednessNote::COLUMNS,
        PreparednessNote::ORDER
    );
    let rows = sqlx::query(AssertSqlSafe(sql)).bind(region_id).fetch_all(store.pool()).await?;
    rows.iter().map(PreparednessNote::from_row).collect()
}
