//! The append-only audit log (domain R5.4). Every change writes who, when and what, with
//! the record before and after; each entry carries the hash of the one before it, so a
//! changed or removed entry breaks the chain and `verify` finds the first such entry.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::AssertSqlSafe;
use sqlx::Row;

use crate::{Result, Store, Tx};

/// Who made a change, as the log records it.
#[derive(Debug, Clone, Default)]
pub struct Author {
    pub user_id: Option<i64>,
    /// The account's e-mail, or "cli", "import", "demo" for changes made by commands.
    pub label: String,
}

impl Author {
    pub fn system(label: &str) -> Self {
        Author { user_id: None, label: label.to_owned() }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub region_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl Entry {
    fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            self.prev_hash.as_str(),
            &self.seq.to_string(),
            &self.at,
            &self.actor_user_id.map(|id| id.to_string()).unwrap_or_default(),
            &self.actor,
            &self.action,
            &self.entity,
            &self.entity_id.to_string(),
            &self.region_id.map(|id| id.to_string()).unwrap_or_default(),
            self.before_json.as_deref().unwrap_or("∅"),
            self.after_json.as_deref().unwrap_or("∅"),
        ] {
            h.update(part.len().to_le_bytes());
            h.update(part.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// One change to record, inside the transaction that makes it.
pub struct Change<'a, T: Serialize> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub region_id: Option<i64>,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
}

/// Appends an entry. Must run inside a transaction from `Store::write`, which already
/// holds the head row.
pub async fn record<T: Serialize>(tx: &mut Tx<'_>, author: &Author, change: Change<'_, T>) -> Result<()> {
    let head = sqlx::query("SELECT seq, last_hash FROM audit_head WHERE id = 1").fetch_one(&mut **tx).await?;
    let to_json = |value: Option<&T>| value.map(|v| serde_json::to_string(v).expect("records serialise"));
    let mut entry = Entry {
        seq: head.try_get::<i64, _>("seq")? + 1,
        at: crate::now_text(),
        actor_user_id: author.user_id,
        actor: author.label.clone(),
        action: change.action.to_owned(),
        entity: change.entity.to_owned(),
        entity_id: change.entity_id,
        region_id: change.region_id,
        before_json: to_json(change.before),
        after_json: to_json(change.after),
        prev_hash: head.try_get("last_hash")?,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_user_id, actor, action, entity, entity_id, region_id, before_json, after_json, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(entry.seq)
    .bind(&entry.at)
    .bind(entry.actor_user_id)
    .bind(&entry.actor)
    .bind(&entry.action)
    .bind(&entry.entity)
    .bind(entry.entity_id)
    .bind(entry.region_id)
    .bind(&entry.before_json)
    .bind(&entry.after_json)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET seq = $1, last_hash = $2 WHERE id = 1").bind(entry.seq).bind(&entry.hash).execute(&mut **tx).await?;
    Ok(())
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Intact {
        entries: i64,
    },
    /// Entry `seq` was changed: its hash or its link to the previous entry is wrong.
    Tampered {
        seq: i64,
    },
    /// Entry `seq` is missing (a gap in the sequence, or the log ends before the head).
    Missing {
        seq: i64,
    },
}

const SELECT_ENTRIES: &str =
    "SELECT seq, at, actor_user_id, actor, action, entity, entity_id, region_id, before_json, after_json, prev_hash, hash FROM audit_log";

fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<Entry> {
    Ok(Entry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor_user_id: row.try_get("actor_user_id")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        entity: row.try_get("entity")?,
        entity_id: row.try_get("entity_id")?,
        region_id: row.try_get("region_id")?,
        before_json: row.try_get("before_json")?,
        after_json: row.try_get("after_json")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

/// Walks the whole chain in order and reports the first entry that is out of place.
pub async fn verify(store: &Store) -> Result<Verdict> {
    let head_seq: i64 = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1").fetch_one(store.pool()).await?;
    let mut expected_seq = 1;
    let mut prev_hash = String::new();
    let mut last_seen = 0;
    loop {
        let rows = sqlx::query(AssertSqlSafe(&*format!("{SELECT_ENTRIES} WHERE seq >= $1 ORDER BY seq LIMIT 1000")))
            .bind(expected_seq)
            .fetch_all(store.pool())
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let entry = entry_from_row(row)?;
            if entry.seq != expected_seq {
                return Ok(Verdict::Missing { seq: expected_seq });
            }
            if entry.prev_hash != prev_hash || entry.compute_hash() != entry.hash {
                return Ok(Verdict::Tampered { seq: entry.seq });
            }
            prev_hash = entry.hash;
            last_seen = entry.seq;
            expected_seq += 1;
        }
    }
    if last_seen < head_seq {
        return Ok(Verdict::Missing { seq: last_seen + 1 });
    }
    Ok(Verdict::Intact { entries: last_seen })
}

/// The newest entries of a region, optionally for one entity, for the administrators'
/// log page (R5.4: searchable per person and per document).
pub async fn recent(store: &Store, region_id: i64, entity: Option<(&str, i64)>, limit: i64) -> Result<Vec<Entry>> {
    let rows = match entity {
        Some((name, id)) => {
            sqlx::query(AssertSqlSafe(&*format!(
                "{SELECT_ENTRIES} WHERE region_id = $1 AND entity = $2 AND entity_id = $3 ORDER BY seq DESC LIMIT $4"
            )))
            .bind(region_id)
            .bind(name)
            .bind(id)
            .bind(limit)
            .fetch_all(store.pool())
            .await?
        }
        None => {
            sqlx::query(AssertSqlSafe(&*format!("{SELECT_ENTRIES} WHERE region_id = $1 ORDER BY seq DESC LIMIT $2")))
                .bind(region_id)
                .bind(limit)
                .fetch_all(store.pool())
                .await?
        }
    };
    rows.iter().map(entry_from_row).collect()
}
