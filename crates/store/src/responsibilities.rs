//! The division of responsibilities (issue 5): topics, and each party's role in a topic
//! with its legal basis, the forum that handles the topic and the post to contact. Public,
//! kept by the cooperation manager (`Object::Cooperation`).

use foorumi_core::cooperation::{
    self, Responsibility, ResponsibilityInput, ResponsibilityRole, ResponsibilityTopic, ResponsibilityTopicInput,
};
use foorumi_core::permissions::Object;
use foorumi_core::*;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::records::{self, FilterType, Record, enum_value, in_region, merge, names, stored_fields, upsert};
use crate::{Error, Result, Store};

impl Record for ResponsibilityTopic {
    type Input = ResponsibilityTopicInput;
    const ENTITY: &'static str = "responsibility_topic";
    const TABLE: &'static str = "responsibility_topics";
    const COLUMNS: &'static str =
        "id, region_id, name_fi, name_sv, name_en, description_fi, description_sv, description_en, position, version";
    const ORDER: &'static str = "position, name_fi, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(ResponsibilityTopic {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: ResponsibilityTopicInput {
                name: names(row, "name")?,
                description: names(row, "description")?,
                position: row.try_get("position")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &ResponsibilityTopicInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(_: &mut AnyConnection, _: &Region, _: Option<Id>, input: &mut ResponsibilityTopicInput) -> Result<()> {
        for text in [&mut input.name.fi, &mut input.name.sv, &mut input.name.en] {
            *text = text.trim().to_owned();
        }
        cooperation::validate_topic(input).map_err(Error::from)
    }
    async fn before_delete(conn: &mut AnyConnection, record: &Self) -> Result<()> {
        // A topic's cells go with it; a disagreement that names it keeps it.
        let used: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM conflicts WHERE topic_id = $1").bind(record.id).fetch_one(&mut *conn).await?;
        if used > 0 {
            return Err(Error::Conflict { field: None, code: "error-in-use".into() });
        }
        sqlx::query("DELETE FROM responsibilities WHERE topic_id = $1").bind(record.id).execute(&mut *conn).await?;
        Ok(())
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &ResponsibilityTopicInput) -> Result<Id> {
        let columns = ["name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en", "position"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.name.fi.clone())
                .bind(input.name.sv.clone())
                .bind(input.name.en.clone())
                .bind(input.description.fi.clone())
                .bind(input.description.sv.clone())
                .bind(input.description.en.clone())
                .bind(input.position)
        })
        .await
    }
}

impl Record for Responsibility {
    type Input = ResponsibilityInput;
    const ENTITY: &'static str = "responsibility";
    const TABLE: &'static str = "responsibilities";
    const COLUMNS: &'static str = "id, region_id, topic_id, party_id, role, legal_basis, forum_id, post_id, version";
    const ORDER: &'static str = "topic_id, party_id, id";
    const FILTERS: &'static [(&'static str, FilterType)] =
        &[("topic_id", FilterType::Int), ("party_id", FilterType::Int), ("role", FilterType::Text), ("forum_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Responsibility {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: ResponsibilityInput {
                topic_id: row.try_get("topic_id")?,
                party_id: row.try_get("party_id")?,
                role: enum_value(row, "role", ResponsibilityRole::parse)?,
                legal_basis: row.try_get("legal_basis")?,
                forum_id: row.try_get("forum_id")?,
                post_id: row.try_get("post_id")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &ResponsibilityInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut ResponsibilityInput) -> Result<()> {
        input.legal_basis = input.legal_basis.trim().to_owned();
        let mut result = cooperation::validate_responsibility(input).map_err(Error::from);
        if in_region::<ResponsibilityTopic>(conn, region.id, input.topic_id).await?.is_none() {
            result = merge(result, "topic_id", "error-not-found");
        }
        if in_region::<Party>(conn, region.id, input.party_id).await?.is_none() {
            result = merge(result, "party_id", "error-not-found");
        }
        if let Some(forum) = input.forum_id
            && in_region::<Forum>(conn, region.id, forum).await?.is_none()
        {
            result = merge(result, "forum_id", "error-not-found");
        }
        // The contact is one of the party's own posts.
        if let Some(post) = input.post_id
            && in_region::<Post>(conn, region.id, post).await?.is_none_or(|p| p.input.party_id != input.party_id)
        {
            result = merge(result, "post_id", "error-responsibility-post");
        }
        let other: Option<Id> = sqlx::query_scalar("SELECT id FROM responsibilities WHERE topic_id = $1 AND party_id = $2")
            .bind(input.topic_id)
            .bind(input.party_id)
            .fetch_optional(&mut *conn)
            .await?;
        if other.is_some_and(|other| Some(other) != id) {
            result = merge(result, "party_id", "error-responsibility-exists");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &ResponsibilityInput) -> Result<Id> {
        let columns = ["topic_id", "party_id", "role", "legal_basis", "forum_id", "post_id"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.topic_id)
                .bind(input.party_id)
                .bind(input.role.as_str())
                .bind(input.legal_basis.clone())
                .bind(input.forum_id)
                .bind(input.post_id)
        })
        .await
    }
}

/// The region's matrix: its topics in order and every cell.
pub async fn matrix(store: &Store, region_id: Id) -> Result<(Vec<ResponsibilityTopic>, Vec<Responsibility>)> {
    let mut conn = store.pool().acquire().await?;
    let topics = records::all::<ResponsibilityTopic>(&mut conn, region_id).await?;
    let cells = records::all::<Responsibility>(&mut conn, region_id).await?;
    Ok((topics, cells))
}
