//! Snapshots of the situational picture (R3.5): the figures of the chosen indicators and
//! the commentary, frozen as of a date into one JSON document, with a stable URL.
//!
//! A snapshot never changes. The store has no function that writes a snapshot row
//! again; `refuse_change` is what an update or a delete gets; and the database's triggers
//! refuse UPDATE and DELETE on the table to anything else. The chairs' forum item that
//! establishes a snapshot is recorded once, in a table of its own, by `establish`.

use chrono::NaiveDate;
use foorumi_core::permissions::{Action, Actor, Object};
use foorumi_core::picture::*;
use foorumi_core::*;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::audit::{self, Author, Change};
use crate::records::{all, authorise, load};
use crate::{Error, Result, Store};

const COLUMNS: &str = "s.id, s.region_id, s.title, s.frozen_on, s.commentary, s.created_by, s.created_at, \
     e.item_id, e.established_by, e.established_at";
const FROM: &str = "picture_snapshots s LEFT JOIN snapshot_establishments e ON e.snapshot_id = s.id";

fn date(row: &AnyRow, column: &str) -> Result<NaiveDate> {
    let text: String = row.try_get(column)?;
    text.parse().map_err(|_| Error::Config(format!("bad date in database: {text}")))
}

fn establishment(row: &AnyRow) -> Result<Option<Establishment>> {
    let item_id: Option<Id> = row.try_get("item_id")?;
    Ok(match item_id {
        Some(item_id) => {
            Some(Establishment { item_id, established_by: row.try_get("established_by")?, established_at: row.try_get("established_at")? })
        }
        None => None,
    })
}

fn summary_from_row(row: &AnyRow) -> Result<SnapshotSummary> {
    Ok(SnapshotSummary {
        id: row.try_get("id")?,
        region_id: row.try_get("region_id")?,
        title: row.try_get("title")?,
        frozen_on: date(row, "frozen_on")?,
        created_by: row.try_get("created_by")?,
        established_by_item_id: row.try_get("item_id")?,
    })
}

async fn load_snapshot(conn: &mut AnyConnection, id: Id) -> Result<Option<Snapshot>> {
    let sql = format!("SELECT {COLUMNS}, s.data FROM {FROM} WHERE s.id = $1");
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await? else { return Ok(None) };
    let data: String = row.try_get("data")?;
    let establishment = establishment(&row)?;
    Ok(Some(Snapshot {
        id: row.try_get("id")?,
        region_id: row.try_get("region_id")?,
        title: row.try_get("title")?,
        frozen_on: date(&row, "frozen_on")?,
        commentary: row.try_get("commentary")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        established_by_item_id: establishment.as_ref().map(|e| e.item_id),
        establishment,
        data: serde_json::from_str(&data).map_err(|e| Error::Config(format!("bad snapshot {id} in database: {e}")))?,
    }))
}

/// One snapshot, with its frozen figures; public, like the whole shared follow-up.
pub async fn snapshot(store: &Store, id: Id) -> Result<Snapshot> {
    let mut conn = store.pool().acquire().await?;
    load_snapshot(&mut conn, id).await?.ok_or(Error::NotFound)
}

/// The region's snapshots, newest first.
pub async fn snapshots(store: &Store, region_id: Id) -> Result<Vec<SnapshotSummary>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE s.region_id = $1 ORDER BY s.frozen_on DESC, s.id DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(region_id).fetch_all(store.pool()).await?;
    rows.iter().map(summary_from_row).collect()
}

/// The snapshots an agenda item established (for the item's record page).
pub async fn established_by_item(store: &Store, item_id: Id) -> Result<Vec<SnapshotSummary>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE e.item_id = $1 ORDER BY s.id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(item_id).fetch_all(store.pool()).await?;
    rows.iter().map(summary_from_row).collect()
}

/// What the audit log keeps of a new snapshot: all but the figures, which are in the row
/// that nothing can change.
#[derive(serde::Serialize)]
struct Logged<'a> {
    title: &'a str,
    frozen_on: NaiveDate,
    commentary: &'a str,
    indicators: Vec<Id>,
}

/// Freezes the region's picture of its chosen indicators as it stands, with the
/// commentary, as of `frozen_on` (today, for people; the demo and tests give a date).
/// The cooperation manager's or a region administrator's; audited.
pub async fn create(
    store: &Store,
    actor: &Actor,
    author: &Author,
    region_id: Id,
    input: SnapshotInput,
    frozen_on: NaiveDate,
) -> Result<Snapshot> {
    let mut tx = store.write().await?;
    let region = load::<Region>(&mut tx, region_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Create, Object::Cooperation { region: region_id })?;
    let parties: Vec<Party> = all(&mut tx, region_id).await?;
    let ids: Vec<Id> =
        sqlx::query_scalar("SELECT indicator_id FROM picture_indicators WHERE region_id = $1 ORDER BY position, indicator_id")
            .bind(region_id)
            .fetch_all(&mut *tx)
            .await?;
    let data = crate::picture::picture_data_in(&mut tx, &region, &parties, &ids).await?;
    let input = SnapshotInput { title: input.title.trim().to_owned(), commentary: input.commentary.trim().to_owned() };
    check_snapshot(&input, &data)?;
    let document = serde_json::to_string(&data).expect("figures serialise");
    let id: Id = sqlx::query_scalar(
        "INSERT INTO picture_snapshots (region_id, title, frozen_on, commentary, data, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(region_id)
    .bind(input.title.clone())
    .bind(frozen_on.to_string())
    .bind(input.commentary.clone())
    .bind(document)
    .bind(author.label.clone())
    .bind(crate::now_text())
    .fetch_one(&mut *tx)
    .await?;
    let logged = Logged { title: &input.title, frozen_on, commentary: &input.commentary, indicators: ids };
    let change =
        Change { action: "freeze", entity: "snapshot", entity_id: id, region_id: Some(region_id), before: None, after: Some(&logged) };
    audit::record(&mut tx, author, change).await?;
    let snapshot = load_snapshot(&mut tx, id).await?.ok_or(Error::NotFound)?;
    tx.commit().await?;
    Ok(snapshot)
}

/// Records the chairs' forum item that established the snapshot: once. The item must be
/// on an agenda of a chairs' forum of the same region; a second establishment is refused
/// (409), whichever item it names.
pub async fn establish(store: &Store, actor: &Actor, author: &Author, snapshot_id: Id, item_id: Id) -> Result<Snapshot> {
    let mut tx = store.write().await?;
    let before = load_snapshot(&mut tx, snapshot_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Update, Object::Cooperation { region: before.region_id })?;
    if before.establishment.is_some() {
        return Err(Error::Conflict { field: Some("established_by_item_id".into()), code: "error-snapshot-established".into() });
    }
    let item = load::<AgendaItem>(&mut tx, item_id).await?.filter(|i| i.region_id == before.region_id);
    let Some(item) = item else {
        return Err(Error::Invalid(vec![FieldError::new("item_id", "error-not-found")]));
    };
    let forum = load::<Forum>(&mut tx, item.forum_id).await?.ok_or(Error::NotFound)?;
    if forum.input.level != ForumLevel::Chairs {
        return Err(Error::Invalid(vec![FieldError::new("item_id", "error-snapshot-not-chairs-item")]));
    }
    sqlx::query("INSERT INTO snapshot_establishments (snapshot_id, item_id, established_by, established_at) VALUES ($1, $2, $3, $4)")
        .bind(snapshot_id)
        .bind(item_id)
        .bind(author.label.clone())
        .bind(crate::now_text())
        .execute(&mut *tx)
        .await?;
    let after = load_snapshot(&mut tx, snapshot_id).await?.ok_or(Error::NotFound)?;
    let change = Change {
        action: "establish",
        entity: "snapshot",
        entity_id: snapshot_id,
        region_id: Some(before.region_id),
        before: before.establishment.as_ref(),
        after: after.establishment.as_ref(),
    };
    audit::record(&mut tx, author, change).await?;
    tx.commit().await?;
    Ok(after)
}

/// What a change or a delete of a snapshot gets: a snapshot never changes. Unknown
/// snapshots are 404 and the caller's permission is asked first, so the answer tells no
/// more than reading would.
pub async fn refuse_change(store: &Store, actor: &Actor, snapshot_id: Id) -> Result<()> {
    let snapshot = snapshot(store, snapshot_id).await?;
    authorise(actor, Action::Update, Object::Cooperation { region: snapshot.region_id })?;
    Err(Error::Conflict { field: Some("snapshot".into()), code: "error-snapshot-frozen".into() })
}

/// The current picture of the region's chosen indicators against the snapshot.
pub async fn compare_with_current(store: &Store, snapshot_id: Id) -> Result<(Snapshot, PictureData, Comparison)> {
    let snapshot = snapshot(store, snapshot_id).await?;
    let current = crate::picture::region_picture(store, snapshot.region_id).await?;
    let comparison = compare(snapshot.id, snapshot.frozen_on, &snapshot.data, &current);
    Ok((snapshot, current, comparison))
}
