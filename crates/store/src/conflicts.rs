//! Disagreements between the parties (issue 5) and their way up the forums: registered
//! where they arose, escalated one level up at a time (operational → tactical → chairs'
//! forum → strategic forum) by proposing an item to the next forum's agenda, discussed and
//! resolved at agenda items. Every step is kept, with its item, so the way links to the
//! minutes. Seen by those who take part in the cooperation (`Object::Conflict`).

use chrono::NaiveDate;
use foorumi_core::cooperation::{self, Conflict, ConflictInput, ConflictStatus, ConflictStep, ConflictStepKind, ResponsibilityTopic};
use foorumi_core::permissions::{Action, Actor, Object};
use foorumi_core::*;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::audit::{self, Author, Change};
use crate::records::{self, FilterType, Record, authorise, date, date_text, enum_value, in_region, load, merge, stored_fields, upsert};
use crate::{Error, Result, Store};

const COLUMNS: &str = "id, region_id, title, topic_id, topic_text, raised_by, forum_id, item_id, description, raised_on, status, \
     current_forum_id, resolved_item_id, resolution, version";

impl Record for Conflict {
    type Input = ConflictInput;
    const ENTITY: &'static str = "conflict";
    const TABLE: &'static str = "conflicts";
    const COLUMNS: &'static str = COLUMNS;
    const ORDER: &'static str = "raised_on DESC, id DESC";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("status", FilterType::Text),
        ("topic_id", FilterType::Int),
        ("current_forum_id", FilterType::Int),
        ("party_id", FilterType::IntWhere("id IN (SELECT conflict_id FROM conflict_parties WHERE party_id = {})")),
    ];
    // The current forum, status and steps are derived on write.
    const READ_BACK: bool = true;

    stored_fields!(status: ConflictStatus::Open, current_forum_id: 0, resolved_item_id: None, resolution: String::new(), steps: Vec::new());
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Conflict {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            status: enum_value(row, "status", ConflictStatus::parse)?,
            current_forum_id: row.try_get("current_forum_id")?,
            resolved_item_id: row.try_get("resolved_item_id")?,
            resolution: row.try_get("resolution")?,
            steps: Vec::new(),
            input: ConflictInput {
                title: row.try_get("title")?,
                topic_id: row.try_get("topic_id")?,
                topic_text: row.try_get("topic_text")?,
                raised_by: row.try_get("raised_by")?,
                party_ids: Vec::new(),
                forum_id: row.try_get("forum_id")?,
                item_id: row.try_get("item_id")?,
                description: row.try_get("description")?,
                raised_on: date(row, "raised_on")?,
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|c| c.id.to_string()).collect();
        let list = ids.join(",");
        let sql = format!("SELECT conflict_id, party_id FROM conflict_parties WHERE conflict_id IN ({list}) ORDER BY position");
        let rows = sqlx::query(AssertSqlSafe(&*sql)).fetch_all(&mut *conn).await?;
        for row in rows {
            let conflict: Id = row.try_get("conflict_id")?;
            if let Some(item) = items.iter_mut().find(|c| c.id == conflict) {
                item.input.party_ids.push(row.try_get("party_id")?);
            }
        }
        let sql = format!(
            "SELECT id, conflict_id, kind, forum_id, proposal_id, item_id, text, taken_on FROM conflict_steps \
             WHERE conflict_id IN ({list}) ORDER BY id"
        );
        let rows = sqlx::query(AssertSqlSafe(&*sql)).fetch_all(&mut *conn).await?;
        for row in rows {
            let conflict: Id = row.try_get("conflict_id")?;
            let step = ConflictStep {
                id: row.try_get("id")?,
                kind: enum_value(&row, "kind", ConflictStepKind::parse)?,
                forum_id: row.try_get("forum_id")?,
                proposal_id: row.try_get("proposal_id")?,
                item_id: row.try_get("item_id")?,
                text: row.try_get("text")?,
                taken_on: date(&row, "taken_on")?,
            };
            if let Some(item) = items.iter_mut().find(|c| c.id == conflict) {
                item.steps.push(step);
            }
        }
        Ok(())
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, input: &ConflictInput) -> Result<Object> {
        Ok(Object::Conflict { region, party: input.raised_by })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, _: Option<Id>, input: &mut ConflictInput) -> Result<()> {
        input.title = input.title.trim().to_owned();
        input.topic_text = input.topic_text.trim().to_owned();
        input.description = input.description.trim().to_owned();
        let mut result = cooperation::validate_conflict(input).map_err(Error::from);
        if let Some(topic) = input.topic_id
            && in_region::<ResponsibilityTopic>(conn, region.id, topic).await?.is_none()
        {
            result = merge(result, "topic_id", "error-not-found");
        }
        if let Some(party) = input.raised_by
            && in_region::<Party>(conn, region.id, party).await?.is_none()
        {
            result = merge(result, "raised_by", "error-not-found");
        }
        for party in &input.party_ids {
            if in_region::<Party>(conn, region.id, *party).await?.is_none() {
                result = merge(result, "party_ids", "error-not-found");
                break;
            }
        }
        if in_region::<Forum>(conn, region.id, input.forum_id).await?.is_none() {
            result = merge(result, "forum_id", "error-not-found");
        }
        if let Some(item) = input.item_id
            && in_region::<AgendaItem>(conn, region.id, item).await?.is_none()
        {
            result = merge(result, "item_id", "error-not-found");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &ConflictInput) -> Result<Id> {
        let mut columns = vec!["title", "topic_id", "topic_text", "raised_by", "forum_id", "item_id", "description", "raised_on"];
        if insert {
            // It is handled first where it arose.
            columns.push("current_forum_id");
        }
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            let q = q
                .bind(input.title.clone())
                .bind(input.topic_id)
                .bind(input.topic_text.clone())
                .bind(input.raised_by)
                .bind(input.forum_id)
                .bind(input.item_id)
                .bind(input.description.clone())
                .bind(date_text(input.raised_on));
            if insert { q.bind(input.forum_id) } else { q }
        })
        .await?;
        sqlx::query("DELETE FROM conflict_parties WHERE conflict_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, party) in input.party_ids.iter().enumerate() {
            sqlx::query("INSERT INTO conflict_parties (conflict_id, party_id, position) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(*party)
                .bind(position as i64)
                .execute(&mut *conn)
                .await?;
        }
        if insert {
            insert_step(conn, id, ConflictStepKind::Registered, input.forum_id, None, input.item_id, "", input.raised_on).await?;
        } else {
            // A correction of where it arose corrects its first step; once escalated, it is
            // handled where it went.
            sqlx::query(
                "UPDATE conflict_steps SET forum_id = $1, item_id = $2, taken_on = $3 WHERE conflict_id = $4 AND kind = 'registered'",
            )
            .bind(input.forum_id)
            .bind(input.item_id)
            .bind(date_text(input.raised_on))
            .bind(id)
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "UPDATE conflicts SET current_forum_id = forum_id WHERE id = $1 \
                 AND NOT EXISTS (SELECT 1 FROM conflict_steps WHERE conflict_id = $1 AND kind = 'escalated')",
            )
            .bind(id)
            .execute(&mut *conn)
            .await?;
        }
        Ok(id)
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_step(
    conn: &mut AnyConnection,
    conflict_id: Id,
    kind: ConflictStepKind,
    forum_id: Id,
    proposal_id: Option<Id>,
    item_id: Option<Id>,
    text: &str,
    on: NaiveDate,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO conflict_steps (conflict_id, kind, forum_id, proposal_id, item_id, text, taken_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(conflict_id)
    .bind(kind.as_str())
    .bind(forum_id)
    .bind(proposal_id)
    .bind(item_id)
    .bind(text.trim().to_owned())
    .bind(date_text(on))
    .bind(crate::now_text())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Loads a disagreement for a step: it exists, the actor keeps it, nobody changed it since.
async fn for_step(tx: &mut crate::Tx<'_>, actor: &Actor, id: Id, expected_version: i64) -> Result<Conflict> {
    let conflict = load::<Conflict>(tx, id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Update, Object::Conflict { region: conflict.region_id, party: conflict.input.raised_by })?;
    if conflict.version != expected_version {
        return Err(Error::Stale { current: conflict.version });
    }
    Ok(conflict)
}

async fn audited(tx: &mut crate::Tx<'_>, author: &Author, action: &str, before: &Conflict) -> Result<Conflict> {
    sqlx::query("UPDATE conflicts SET version = version + 1 WHERE id = $1").bind(before.id).execute(&mut **tx).await?;
    let after = load::<Conflict>(tx, before.id).await?.ok_or(Error::NotFound)?;
    audit::record(
        tx,
        author,
        Change {
            action,
            entity: Conflict::ENTITY,
            entity_id: before.id,
            region_id: Some(before.region_id),
            before: Some(before),
            after: Some(&after),
        },
    )
    .await?;
    Ok(after)
}

/// Escalates an open disagreement one level up: to the parent of the forum where it is
/// handled now, by proposing an item to that forum's agenda, in one step with recording
/// the escalation. Refused for a resolved one and above the strategic forum.
pub async fn escalate(
    store: &Store,
    actor: &Actor,
    author: &Author,
    id: Id,
    expected_version: i64,
    note: &str,
    on: NaiveDate,
) -> Result<(Conflict, Proposal)> {
    let mut tx = store.write().await?;
    let conflict = for_step(&mut tx, actor, id, expected_version).await?;
    let current = load::<Forum>(&mut tx, conflict.current_forum_id).await?.ok_or(Error::NotFound)?;
    let target = cooperation::escalation_target(conflict.status, current.input.parent_id)?;
    let region = load::<Region>(&mut tx, conflict.region_id).await?.ok_or(Error::NotFound)?;
    let note = note.trim();
    if note.chars().count() > 5_000 {
        return Err(Error::Invalid(vec![FieldError::new("note", "error-too-long")]));
    }
    // The proposal carries the disagreement to the next forum's agenda; escalating is the
    // cooperation manager's to decide, so it is not also the proposer's permission.
    let description =
        [conflict.input.description.as_str(), note].iter().filter(|t| !t.is_empty()).copied().collect::<Vec<_>>().join("\n\n");
    let mut input = ProposalInput {
        forum_id: target,
        party_id: conflict.input.raised_by,
        person_id: None,
        title: conflict.input.title.clone(),
        description,
        wanted_by: None,
    };
    Proposal::check(&mut tx, &region, None, &mut input).await?;
    let proposal_id = Proposal::write(&mut tx, region.id, None, true, &input).await?;
    let proposal = load::<Proposal>(&mut tx, proposal_id).await?.ok_or(Error::NotFound)?;
    audit::record(
        &mut tx,
        author,
        Change {
            action: "create",
            entity: Proposal::ENTITY,
            entity_id: proposal_id,
            region_id: Some(region.id),
            before: None,
            after: Some(&proposal),
        },
    )
    .await?;
    insert_step(&mut tx, id, ConflictStepKind::Escalated, target, Some(proposal_id), None, note, on).await?;
    sqlx::query("UPDATE conflicts SET current_forum_id = $1 WHERE id = $2").bind(target).bind(id).execute(&mut *tx).await?;
    let after = audited(&mut tx, author, "escalate", &conflict).await?;
    tx.commit().await?;
    Ok((after, proposal))
}

/// Loads an agenda item of the region that a step names.
async fn step_item(conn: &mut AnyConnection, region_id: Id, item_id: Option<Id>) -> Result<Option<AgendaItem>> {
    match item_id {
        None => Ok(None),
        Some(item) => match in_region::<AgendaItem>(conn, region_id, item).await? {
            Some(item) => Ok(Some(item)),
            None => Err(Error::Invalid(vec![FieldError::new("item_id", "error-not-found")])),
        },
    }
}

/// Records that a forum discussed the disagreement at an agenda item, without resolving it.
#[allow(clippy::too_many_arguments)]
pub async fn record_discussion(
    store: &Store,
    actor: &Actor,
    author: &Author,
    id: Id,
    expected_version: i64,
    item_id: Id,
    note: &str,
    on: NaiveDate,
) -> Result<Conflict> {
    let mut tx = store.write().await?;
    let conflict = for_step(&mut tx, actor, id, expected_version).await?;
    if conflict.status == ConflictStatus::Resolved {
        return Err(Error::Invalid(vec![FieldError::new("status", "error-conflict-resolved")]));
    }
    let item = step_item(&mut tx, conflict.region_id, Some(item_id)).await?.ok_or(Error::NotFound)?;
    if note.chars().count() > 20_000 {
        return Err(Error::Invalid(vec![FieldError::new("text", "error-too-long")]));
    }
    insert_step(&mut tx, id, ConflictStepKind::Discussed, item.forum_id, None, Some(item.id), note, on).await?;
    let after = audited(&mut tx, author, "update", &conflict).await?;
    tx.commit().await?;
    Ok(after)
}

/// Resolves an open disagreement at the agenda item that settled it, with how.
#[allow(clippy::too_many_arguments)]
pub async fn resolve(
    store: &Store,
    actor: &Actor,
    author: &Author,
    id: Id,
    expected_version: i64,
    item_id: Option<Id>,
    resolution: &str,
    on: NaiveDate,
) -> Result<Conflict> {
    let mut tx = store.write().await?;
    let conflict = for_step(&mut tx, actor, id, expected_version).await?;
    cooperation::validate_resolution(conflict.status, item_id, resolution)?;
    let item = step_item(&mut tx, conflict.region_id, item_id).await?.ok_or(Error::NotFound)?;
    let resolution = resolution.trim();
    sqlx::query("UPDATE conflicts SET status = $1, resolved_item_id = $2, resolution = $3 WHERE id = $4")
        .bind(ConflictStatus::Resolved.as_str())
        .bind(item.id)
        .bind(resolution.to_owned())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    insert_step(&mut tx, id, ConflictStepKind::Resolved, item.forum_id, None, Some(item.id), resolution, on).await?;
    let after = audited(&mut tx, author, "resolve", &conflict).await?;
    tx.commit().await?;
    Ok(after)
}

/// The region's open disagreements, newest first, for the situational picture's side
/// panel: show them only to viewers `Object::Conflict` lets see them.
pub async fn open_conflicts(store: &Store, region_id: Id) -> Result<Vec<Conflict>> {
    let filters = [("status".to_owned(), ConflictStatus::Open.as_str().to_owned())];
    let (list, _) = records::list::<Conflict>(store, Some(region_id), &filters, records::Page { offset: 0, limit: 1000 }).await?;
    Ok(list)
}

/// The region's disagreements, newest first, with `status` if given.
pub async fn conflicts_of(store: &Store, region_id: Id, status: Option<ConflictStatus>) -> Result<Vec<Conflict>> {
    let filters: Vec<(String, String)> = status.map(|s| ("status".to_owned(), s.as_str().to_owned())).into_iter().collect();
    let (list, _) = records::list::<Conflict>(store, Some(region_id), &filters, records::Page { offset: 0, limit: 1000 }).await?;
    Ok(list)
}
