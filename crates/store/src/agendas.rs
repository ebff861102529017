//! Agendas: the items of a meeting with their § numbers, attachments, the secrecy grounds
//! they cite, each forum's standing items, proposals from members and parties, and the
//! frozen public version made when an agenda is published.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use foorumi_core::permissions::{Action, Actor, Object};
use foorumi_core::rules;
use foorumi_core::*;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::audit::{self, Author, Change};
use crate::records::{
    self, FilterType, Record, authorise, date_text, enum_value, in_region, load, merge, names, opt_date, stored_fields, upsert,
};
use crate::{Error, Result, Store};

// ---- secrecy grounds ----------------------------------------------------------------

impl Record for LegalBasis {
    type Input = LegalBasisInput;
    const ENTITY: &'static str = "legal_basis";
    const TABLE: &'static str = "legal_bases";
    const COLUMNS: &'static str = "id, region_id, code, name_fi, name_sv, name_en, version";
    const ORDER: &'static str = "code, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(LegalBasis {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: LegalBasisInput { code: row.try_get("code")?, name: names(row, "name")? },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &LegalBasisInput) -> Result<Object> {
        Ok(Object::LegalBasis { region })
    }
    async fn check(_: &mut AnyConnection, _: &Region, _: Option<Id>, input: &mut LegalBasisInput) -> Result<()> {
        input.code = input.code.trim().to_owned();
        let names = [("code", &input.code), ("name.fi", &input.name.fi), ("name.sv", &input.name.sv), ("name.en", &input.name.en)];
        crate::preparedness::refuse_classified(
            rules::validate_legal_basis(input).map_err(Error::from),
            &names.map(|(f, t)| (f, t.as_str())),
        )
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &LegalBasisInput) -> Result<Id> {
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &["code", "name_fi", "name_sv", "name_en"], |q| {
            q.bind(input.code.clone()).bind(input.name.fi.clone()).bind(input.name.sv.clone()).bind(input.name.en.clone())
        })
        .await
    }
}

// ---- standing items -----------------------------------------------------------------

impl Record for StandingItem {
    type Input = StandingItemInput;
    const ENTITY: &'static str = "standing_item";
    const TABLE: &'static str = "standing_items";
    const COLUMNS: &'static str = "id, region_id, forum_id, placement, position, title, proposal, version";
    const ORDER: &'static str = "forum_id, placement DESC, position, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("forum_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(StandingItem {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: StandingItemInput {
                forum_id: row.try_get("forum_id")?,
                placement: enum_value(row, "placement", Placement::parse)?,
                position: row.try_get("position")?,
                title: row.try_get("title")?,
                proposal: row.try_get("proposal")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, input: &StandingItemInput) -> Result<Object> {
        Ok(Object::StandingItem { region, forum: input.forum_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, _: Option<Id>, input: &mut StandingItemInput) -> Result<()> {
        input.title = input.title.trim().to_owned();
        let mut result = rules::validate_standing_item(input).map_err(Error::from);
        if in_region::<Forum>(conn, region.id, input.forum_id).await?.is_none() {
            result = merge(result, "forum_id", "error-not-found");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &StandingItemInput) -> Result<Id> {
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &["forum_id", "placement", "position", "title", "proposal"], |q| {
            q.bind(input.forum_id)
                .bind(input.placement.as_str())
                .bind(input.position)
                .bind(input.title.clone())
                .bind(input.proposal.clone())
        })
        .await
    }
}

// ---- agenda items -------------------------------------------------------------------

/// The convening forum of a meeting: the first of its forums.
async fn convening_forum(conn: &mut AnyConnection, meeting_id: Id) -> Result<Option<Id>> {
    Ok(sqlx::query_scalar("SELECT forum_id FROM meeting_forums WHERE meeting_id = $1 AND position = 0")
        .bind(meeting_id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// A meeting's items in agenda order: (id, whether it is a closing standing item).
async fn agenda_order(conn: &mut AnyConnection, meeting_id: Id) -> Result<Vec<(Id, bool)>> {
    let rows = sqlx::query(
        "SELECT a.id, s.placement FROM agenda_items a LEFT JOIN standing_items s ON s.id = a.standing_item_id \
         WHERE a.meeting_id = $1 ORDER BY a.position, a.id",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let placement: Option<String> = row.try_get("placement")?;
            Ok((row.try_get("id")?, placement.as_deref() == Some(Placement::End.as_str())))
        })
        .collect()
}

/// Numbers a meeting's items 1, 2, 3 … in their order, with `moved` at `target`.
async fn renumber(conn: &mut AnyConnection, meeting_id: Id, moved: Id, target: i64) -> Result<()> {
    let mut order: Vec<Id> = agenda_order(conn, meeting_id).await?.into_iter().map(|(id, _)| id).filter(|id| *id != moved).collect();
    let index = usize::try_from(target - 1).unwrap_or(0).min(order.len());
    order.insert(index, moved);
    for (i, id) in order.iter().enumerate() {
        sqlx::query("UPDATE agenda_items SET position = $1 WHERE id = $2 AND position <> $1")
            .bind(i as i64 + 1)
            .bind(*id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The people disqualified in each of the items (R2.6).
async fn disqualified_in(conn: &mut AnyConnection, item_ids: &[Id]) -> Result<HashMap<Id, Vec<Id>>> {
    let mut map: HashMap<Id, Vec<Id>> = HashMap::new();
    if item_ids.is_empty() {
        return Ok(map);
    }
    let ids: Vec<String> = item_ids.iter().map(Id::to_string).collect();
    let sql = format!("SELECT item_id, person_id FROM disqualifications WHERE item_id IN ({}) ORDER BY id", ids.join(","));
    for row in sqlx::query(AssertSqlSafe(&*sql)).fetch_all(&mut *conn).await? {
        map.entry(row.try_get("item_id")?).or_default().push(row.try_get("person_id")?);
    }
    Ok(map)
}

const ITEM_COLUMNS: &str = "id, region_id, meeting_id, position, number, title, public_title, preparer_id, presenter_id, background, proposal, \
     publicity, legal_basis_id, tags, standing_item_id, proposal_id, follows_up_actions, version, \
     (SELECT forum_id FROM meeting_forums WHERE meeting_id = agenda_items.meeting_id AND position = 0) AS forum_id";

impl Record for AgendaItem {
    type Input = AgendaItemInput;
    const ENTITY: &'static str = "agenda_item";
    const TABLE: &'static str = "agenda_items";
    const COLUMNS: &'static str = ITEM_COLUMNS;
    const ORDER: &'static str = "meeting_id, position, id";
    const FILTERS: &'static [(&'static str, FilterType)] =
        &[("meeting_id", FilterType::Int), ("publicity", FilterType::Text), ("proposal_id", FilterType::Int)];

    const READ_BACK: bool = true;
    stored_fields!(forum_id: 0, number: None, follows_up_actions: false, withheld_from: Vec::new());
    fn from_row(row: &AnyRow) -> Result<Self> {
        let tags: String = row.try_get("tags")?;
        Ok(AgendaItem {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get::<Option<Id>, _>("forum_id")?.unwrap_or_default(),
            number: row.try_get("number")?,
            follows_up_actions: records::flag(row, "follows_up_actions")?,
            withheld_from: Vec::new(),
            input: AgendaItemInput {
                meeting_id: row.try_get("meeting_id")?,
                position: row.try_get("position")?,
                title: row.try_get("title")?,
                public_title: row.try_get("public_title")?,
                preparer_id: row.try_get("preparer_id")?,
                presenter_id: row.try_get("presenter_id")?,
                background: row.try_get("background")?,
                proposal: row.try_get("proposal")?,
                publicity: enum_value(row, "publicity", Publicity::parse)?,
                legal_basis_id: row.try_get("legal_basis_id")?,
                tags: tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
                party_ids: Vec::new(),
                standing_item_id: row.try_get("standing_item_id")?,
                proposal_id: row.try_get("proposal_id")?,
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|i| i.id.to_string()).collect();
        let sql =
            format!("SELECT item_id, party_id FROM agenda_item_parties WHERE item_id IN ({}) ORDER BY item_id, position", ids.join(","));
        for row in sqlx::query(AssertSqlSafe(&*sql)).fetch_all(&mut *conn).await? {
            let item_id: Id = row.try_get("item_id")?;
            if let Some(item) = items.iter_mut().find(|i| i.id == item_id) {
                item.input.party_ids.push(row.try_get("party_id")?);
            }
        }
        let ids: Vec<Id> = items.iter().filter(|i| i.input.publicity != Publicity::Public).map(|i| i.id).collect();
        let mut disqualified = disqualified_in(conn, &ids).await?;
        for item in items.iter_mut() {
            item.withheld_from = disqualified.remove(&item.id).unwrap_or_default();
        }
        Ok(())
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &AgendaItemInput) -> Result<Object> {
        Ok(Object::AgendaItem { region, forum: convening_forum(conn, input.meeting_id).await?.unwrap_or(0) })
    }
    /// Deleting the item would take its record with it: not once checked (R2.10).
    async fn before_delete(conn: &mut AnyConnection, item: &Self) -> Result<()> {
        crate::minutes::check_item_open(conn, item.id).await
    }
    /// The first item of an agenda brings the forum's standing items with it.
    async fn before_create(tx: &mut crate::Tx<'_>, author: &Author, region_id: Id, input: &AgendaItemInput) -> Result<()> {
        if input.standing_item_id.is_none() && agenda_order(tx, input.meeting_id).await?.is_empty() {
            add_standing_items(tx, author, region_id, input.meeting_id).await?;
        }
        Ok(())
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut AgendaItemInput) -> Result<()> {
        rules::normalise_item(input);
        let legal_basis_known = match input.legal_basis_id {
            Some(basis) => Some(in_region::<LegalBasis>(conn, region.id, basis).await?.is_some()),
            None => None,
        };
        let mut result = rules::validate_item(input, legal_basis_known).map_err(Error::from);
        result = crate::preparedness::refuse_classified(
            result,
            &[("title", &input.title), ("public_title", &input.public_title), ("tags", &input.tags.join(", "))],
        );
        if in_region::<Meeting>(conn, region.id, input.meeting_id).await?.is_none() {
            return merge(result, "meeting_id", "error-not-found");
        }
        // The items of a checked record stay as they were checked (R2.10).
        crate::minutes::check_open(conn, input.meeting_id).await?;
        if let Some(id) = id {
            crate::minutes::check_item_open(conn, id).await?;
        }
        for (field, person) in [("preparer_id", input.preparer_id), ("presenter_id", input.presenter_id)] {
            if let Some(person) = person
                && in_region::<Person>(conn, region.id, person).await?.is_none()
            {
                result = merge(result, field, "error-not-found");
            }
        }
        for party in &input.party_ids {
            if in_region::<Party>(conn, region.id, *party).await?.is_none() {
                result = merge(result, "party_ids", "error-not-found");
            }
        }
        if let Some(standing) = input.standing_item_id
            && in_region::<StandingItem>(conn, region.id, standing).await?.is_none()
        {
            result = merge(result, "standing_item_id", "error-not-found");
        }
        if let Some(proposal) = input.proposal_id
            && in_region::<Proposal>(conn, region.id, proposal).await?.is_none()
        {
            result = merge(result, "proposal_id", "error-not-found");
        }
        result?;
        // Where the item goes: a new one before the closing standing items, a replaced
        // one where it was unless it names a new place.
        let order = agenda_order(conn, input.meeting_id).await?;
        let before = match id {
            Some(id) => load::<AgendaItem>(conn, id).await?,
            None => None,
        };
        let same_meeting = before.as_ref().is_some_and(|b| b.input.meeting_id == input.meeting_id);
        let others = order.iter().filter(|(item, _)| Some(*item) != id).count() as i64;
        input.position = if input.position > 0 {
            input.position.min(others + 1)
        } else if same_meeting {
            before.map(|b| order.iter().position(|(item, _)| *item == b.id).unwrap_or(0) as i64 + 1).unwrap_or(1)
        } else {
            order.iter().filter(|(item, _)| Some(*item) != id).position(|(_, closing)| *closing).map_or(others + 1, |i| i as i64 + 1)
        };
        Ok(())
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &AgendaItemInput) -> Result<Id> {
        let previous_meeting: Option<Id> = match id.filter(|_| !insert) {
            Some(id) => sqlx::query_scalar("SELECT meeting_id FROM agenda_items WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?,
            None => None,
        };
        let columns = [
            "meeting_id",
            "position",
            "title",
            "public_title",
            "preparer_id",
            "presenter_id",
            "background",
            "proposal",
            "publicity",
            "legal_basis_id",
            "tags",
            "standing_item_id",
            "proposal_id",
        ];
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.meeting_id)
                .bind(input.position)
                .bind(input.title.clone())
                .bind(input.public_title.clone())
                .bind(input.preparer_id)
                .bind(input.presenter_id)
                .bind(input.background.clone())
                .bind(input.proposal.clone())
                .bind(input.publicity.as_str())
                .bind(input.legal_basis_id)
                .bind(input.tags.join(","))
                .bind(input.standing_item_id)
                .bind(input.proposal_id)
        })
        .await?;
        // An item moved to another meeting takes a new number there.
        if previous_meeting.is_some_and(|m| m != input.meeting_id) {
            sqlx::query("UPDATE agenda_items SET number = NULL WHERE id = $1").bind(id).execute(&mut *conn).await?;
        }
        sqlx::query("DELETE FROM agenda_item_parties WHERE item_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, party) in input.party_ids.iter().enumerate() {
            sqlx::query("INSERT INTO agenda_item_parties (item_id, position, party_id) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(position as i64)
                .bind(*party)
                .execute(&mut *conn)
                .await?;
        }
        renumber(conn, input.meeting_id, id, input.position).await?;
        if let Some(previous) = previous_meeting.filter(|m| *m != input.meeting_id)
            && let Some((first, _)) = agenda_order(conn, previous).await?.first()
        {
            renumber(conn, previous, *first, 1).await?;
        }
        Ok(id)
    }
}

/// Puts a forum's standing items on a meeting's agenda: the opening ones first, the
/// closing ones last. Authorised by the caller, for the same forum.
async fn add_standing_items(tx: &mut crate::Tx<'_>, author: &Author, region_id: Id, meeting_id: Id) -> Result<()> {
    let Some(forum) = convening_forum(tx, meeting_id).await? else { return Ok(()) };
    let sql = format!("SELECT {} FROM standing_items WHERE forum_id = $1 ORDER BY placement DESC, position, id", StandingItem::COLUMNS);
    let standing: Vec<StandingItem> = sqlx::query(AssertSqlSafe(&*sql))
        .bind(forum)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(StandingItem::from_row)
        .collect::<Result<_>>()?;
    for (index, item) in standing.iter().enumerate() {
        let input = AgendaItemInput {
            meeting_id,
            position: index as i64 + 1,
            title: item.input.title.clone(),
            public_title: item.input.title.clone(),
            preparer_id: None,
            presenter_id: None,
            background: String::new(),
            proposal: item.input.proposal.clone(),
            publicity: Publicity::Public,
            legal_basis_id: None,
            tags: Vec::new(),
            party_ids: Vec::new(),
            standing_item_id: Some(item.id),
            proposal_id: None,
        };
        let id = AgendaItem::write(tx, region_id, None, true, &input).await?;
        let record = AgendaItem { forum_id: forum, ..AgendaItem::inserted(id, region_id, input) };
        audit::record(
            tx,
            author,
            Change {
                action: "create",
                entity: AgendaItem::ENTITY,
                entity_id: id,
                region_id: Some(region_id),
                before: None,
                after: Some(&record),
            },
        )
        .await?;
    }
    Ok(())
}

/// A meeting's items in agenda order.
pub async fn items_of(store: &Store, meeting_id: Id) -> Result<Vec<AgendaItem>> {
    let mut conn = store.pool().acquire().await?;
    items_in(&mut conn, meeting_id).await
}

pub(crate) async fn items_in(conn: &mut AnyConnection, meeting_id: Id) -> Result<Vec<AgendaItem>> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id");
    let mut items: Vec<AgendaItem> = sqlx::query(AssertSqlSafe(&*sql))
        .bind(meeting_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(AgendaItem::from_row)
        .collect::<Result<_>>()?;
    AgendaItem::attach(conn, &mut items).await?;
    Ok(items)
}

/// Puts the forum's standing items on an empty agenda (the secretary's "prepare the
/// agenda"), audited as the secretary's.
pub async fn prepare(store: &Store, actor: &Actor, author: &Author, meeting_id: Id) -> Result<usize> {
    let mut tx = store.write().await?;
    let meeting = load::<Meeting>(&mut tx, meeting_id).await?.ok_or(Error::NotFound)?;
    let forum = convening_forum(&mut tx, meeting_id).await?.unwrap_or(0);
    authorise(actor, Action::Create, Object::AgendaItem { region: meeting.region_id, forum })?;
    if !agenda_order(&mut tx, meeting_id).await?.is_empty() {
        return Ok(0);
    }
    crate::minutes::check_open(&mut tx, meeting_id).await?;
    add_standing_items(&mut tx, author, meeting.region_id, meeting_id).await?;
    let count = agenda_order(&mut tx, meeting_id).await?.len();
    tx.commit().await?;
    Ok(count)
}

/// Moves an item to `position` (from 1) on its agenda, as an edit of the item.
pub async fn move_item(store: &Store, actor: &Actor, author: &Author, item_id: Id, position: i64) -> Result<AgendaItem> {
    let item = records::get::<AgendaItem>(store, item_id).await?;
    let input = AgendaItemInput { position: position.max(1), ..item.input.clone() };
    records::update::<AgendaItem>(store, actor, author, item_id, item.version, input).await
}

/// The § numbers of a forum's items in a year, running through its meetings in date
/// order. A number fixed at publication stays (people refer to it); an item without one
/// takes the next number after every number of its meeting and of the meetings before,
/// so numbers never repeat, even when a corrected agenda is published again.
async fn numbers_in(conn: &mut AnyConnection, forum_id: Id, year: i32) -> Result<HashMap<Id, i64>> {
    let rows = sqlx::query(
        "SELECT a.id, a.number, a.meeting_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id \
         JOIN meeting_forums f ON f.meeting_id = m.id AND f.position = 0 \
         WHERE f.forum_id = $1 AND m.status <> 'cancelled' AND substr(m.date, 1, 4) = $2 \
         ORDER BY m.date, m.start_time, m.id, a.position, a.id",
    )
    .bind(forum_id)
    .bind(year.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let rows: Vec<(Id, Option<i64>, Id)> =
        rows.iter().map(|row| Ok((row.try_get("id")?, row.try_get("number")?, row.try_get("meeting_id")?))).collect::<Result<_>>()?;
    let mut highest_fixed: HashMap<Id, i64> = HashMap::new();
    for (_, fixed, meeting) in &rows {
        if let Some(fixed) = fixed {
            let highest = highest_fixed.entry(*meeting).or_default();
            *highest = (*highest).max(*fixed);
        }
    }
    let mut numbers = HashMap::new();
    let mut last = 0;
    let mut current = None;
    for (id, fixed, meeting) in rows {
        if current != Some(meeting) {
            current = Some(meeting);
            last = last.max(highest_fixed.get(&meeting).copied().unwrap_or(0));
        }
        let number = fixed.unwrap_or(last + 1);
        last = last.max(number);
        numbers.insert(id, number);
    }
    Ok(numbers)
}

/// The § numbers of a meeting's items: fixed ones as published, the rest as they would
/// be if published now.
pub async fn numbers(store: &Store, meeting: &Meeting) -> Result<HashMap<Id, i64>> {
    let mut conn = store.pool().acquire().await?;
    let Some(forum) = meeting.input.forum_ids.first() else { return Ok(HashMap::new()) };
    use chrono::Datelike;
    numbers_in(&mut conn, *forum, meeting.input.date.year()).await
}

// ---- attachments --------------------------------------------------------------------

const ATTACHMENT_COLUMNS: &str = "id, region_id, item_id, position, name, media_type, size, sha256, publicity, legal_basis_id, uploaded_at, version, \
     (SELECT f.forum_id FROM agenda_items a JOIN meeting_forums f ON f.meeting_id = a.meeting_id AND f.position = 0 \
      WHERE a.id = attachments.item_id) AS forum_id";

impl Record for Attachment {
    type Input = AttachmentInput;
    const ENTITY: &'static str = "attachment";
    const TABLE: &'static str = "attachments";
    const COLUMNS: &'static str = ATTACHMENT_COLUMNS;
    const ORDER: &'static str = "item_id, position, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("item_id", FilterType::Int)];

    stored_fields!(forum_id: 0, media_type: String::new(), size: 0, sha256: String::new(), uploaded_at: String::new(), withheld_from: Vec::new());
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        let ids: Vec<Id> = items.iter().filter(|a| a.input.publicity != Publicity::Public).map(|a| a.input.item_id).collect();
        let disqualified = disqualified_in(conn, &ids).await?;
        for attachment in items.iter_mut().filter(|a| a.input.publicity != Publicity::Public) {
            attachment.withheld_from = disqualified.get(&attachment.input.item_id).cloned().unwrap_or_default();
        }
        Ok(())
    }
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Attachment {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get::<Option<Id>, _>("forum_id")?.unwrap_or_default(),
            media_type: row.try_get("media_type")?,
            size: row.try_get("size")?,
            sha256: row.try_get("sha256")?,
            uploaded_at: row.try_get("uploaded_at")?,
            withheld_from: Vec::new(),
            input: AttachmentInput {
                item_id: row.try_get("item_id")?,
                name: row.try_get("name")?,
                publicity: enum_value(row, "publicity", Publicity::parse)?,
                legal_basis_id: row.try_get("legal_basis_id")?,
            },
        })
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &AttachmentInput) -> Result<Object> {
        let meeting: Option<Id> =
            sqlx::query_scalar("SELECT meeting_id FROM agenda_items WHERE id = $1").bind(input.item_id).fetch_optional(&mut *conn).await?;
        let forum = match meeting {
            Some(meeting) => convening_forum(conn, meeting).await?.unwrap_or(0),
            None => 0,
        };
        Ok(Object::AgendaItem { region, forum })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut AttachmentInput) -> Result<()> {
        input.name = input.name.trim().to_owned();
        if input.publicity != Publicity::Secret {
            input.legal_basis_id = None;
        }
        let legal_basis_known = match input.legal_basis_id {
            Some(basis) => Some(in_region::<LegalBasis>(conn, region.id, basis).await?.is_some()),
            None => None,
        };
        let mut result = rules::validate_attachment(input, legal_basis_known).map_err(Error::from);
        result = crate::preparedness::refuse_classified(result, &[("name", &input.name)]);
        if in_region::<AgendaItem>(conn, region.id, input.item_id).await?.is_none() {
            result = merge(result, "item_id", "error-not-found");
        }
        if let Some(id) = id
            && load::<Attachment>(conn, id).await?.is_some_and(|before| before.input.item_id != input.item_id)
        {
            result = merge(result, "item_id", "error-attachment-item-fixed");
        }
        result
    }
    /// Only the metadata is written here; the file comes with `add_attachment`.
    async fn write(conn: &mut AnyConnection, _: Id, id: Option<Id>, insert: bool, input: &AttachmentInput) -> Result<Id> {
        if insert {
            return Err(Error::Invalid(vec![FieldError::new("file", "error-attachment-upload")]));
        }
        let id = id.expect("update names its row");
        sqlx::query("UPDATE attachments SET name = $1, publicity = $2, legal_basis_id = $3, version = version + 1 WHERE id = $4")
            .bind(input.name.clone())
            .bind(input.publicity.as_str())
            .bind(input.legal_basis_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        Ok(id)
    }
}

/// What the blob store said about an uploaded file.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
}

/// Records an attachment whose file the caller has checked and stored.
pub async fn add_attachment(store: &Store, actor: &Actor, author: &Author, input: AttachmentInput, file: StoredFile) -> Result<Attachment> {
    let mut tx = store.write().await?;
    let attachment = add_attachment_in(&mut tx, actor, author, input, file).await?;
    tx.commit().await?;
    Ok(attachment)
}

/// The body of `add_attachment` (authorisation, checks, the row and its audit entry),
/// for callers that write the attachment together with more in one transaction (a
/// generated report with its own audit entry).
pub async fn add_attachment_in(
    tx: &mut crate::Tx<'_>,
    actor: &Actor,
    author: &Author,
    mut input: AttachmentInput,
    file: StoredFile,
) -> Result<Attachment> {
    let item = load::<AgendaItem>(tx, input.item_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Create, Attachment::object(tx, item.region_id, None, &input).await?)?;
    let region = load::<Region>(tx, item.region_id).await?.ok_or(Error::NotFound)?;
    Attachment::check(tx, &region, None, &mut input).await?;
    let position: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM attachments WHERE item_id = $1")
        .bind(item.id)
        .fetch_one(&mut **tx)
        .await?;
    let uploaded_at = crate::now_text();
    let row = sqlx::query(
        "INSERT INTO attachments (region_id, item_id, position, name, media_type, size, sha256, publicity, legal_basis_id, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(item.region_id)
    .bind(item.id)
    .bind(position)
    .bind(input.name.clone())
    .bind(file.media_type.clone())
    .bind(file.size)
    .bind(file.sha256.clone())
    .bind(input.publicity.as_str())
    .bind(input.legal_basis_id)
    .bind(uploaded_at.clone())
    .fetch_one(&mut **tx)
    .await?;
    let attachment = Attachment {
        id: row.try_get("id")?,
        region_id: item.region_id,
        version: 1,
        forum_id: item.forum_id,
        media_type: file.media_type,
        size: file.size,
        sha256: file.sha256,
        uploaded_at,
        withheld_from: Vec::new(),
        input,
    };
    audit::record(
        tx,
        author,
        Change {
            action: "create",
            entity: Attachment::ENTITY,
            entity_id: attachment.id,
            region_id: Some(item.region_id),
            before: None,
            after: Some(&attachment),
        },
    )
    .await?;
    Ok(attachment)
}

/// The attachments of a meeting's items, by item.
pub async fn attachments_of(store: &Store, meeting_id: Id) -> Result<HashMap<Id, Vec<Attachment>>> {
    let mut conn = store.pool().acquire().await?;
    attachments_in(&mut conn, meeting_id).await
}

async fn attachments_in(conn: &mut AnyConnection, meeting_id: Id) -> Result<HashMap<Id, Vec<Attachment>>> {
    let sql = format!(
        "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE item_id IN (SELECT id FROM agenda_items WHERE meeting_id = $1) ORDER BY item_id, position, id"
    );
    let mut by_item: HashMap<Id, Vec<Attachment>> = HashMap::new();
    for row in sqlx::query(AssertSqlSafe(&*sql)).bind(meeting_id).fetch_all(&mut *conn).await? {
        let attachment = Attachment::from_row(&row)?;
        by_item.entry(attachment.input.item_id).or_default().push(attachment);
    }
    Ok(by_item)
}

// ---- proposals ----------------------------------------------------------------------

const PROPOSAL_COLUMNS: &str =
    "id, region_id, forum_id, party_id, person_id, title, description, wanted_by, status, answer, meeting_id, created_at, version";

impl Record for Proposal {
    type Input = ProposalInput;
    const ENTITY: &'static str = "proposal";
    const TABLE: &'static str = "item_proposals";
    const COLUMNS: &'static str = PROPOSAL_COLUMNS;
    const ORDER: &'static str = "created_at, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("forum_id", FilterType::Int),
        ("party_id", FilterType::Int),
        ("person_id", FilterType::Int),
        ("status", FilterType::Text),
        ("meeting_id", FilterType::Int),
    ];

    stored_fields!(status: ProposalStatus::Pending, answer: String::new(), meeting_id: None, created_at: crate::now_text());
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Proposal {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            status: enum_value(row, "status", ProposalStatus::parse)?,
            answer: row.try_get("answer")?,
            meeting_id: row.try_get("meeting_id")?,
            created_at: row.try_get("created_at")?,
            input: ProposalInput {
                forum_id: row.try_get("forum_id")?,
                party_id: row.try_get("party_id")?,
                person_id: row.try_get("person_id")?,
                title: row.try_get("title")?,
                description: row.try_get("description")?,
                wanted_by: opt_date(row, "wanted_by")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, input: &ProposalInput) -> Result<Object> {
        Ok(Object::Proposal { region, forum: input.forum_id, party: input.party_id, person: input.person_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut ProposalInput) -> Result<()> {
        input.title = input.title.trim().to_owned();
        input.description = input.description.trim().to_owned();
        let mut result = rules::validate_proposal(input).map_err(Error::from);
        if in_region::<Forum>(conn, region.id, input.forum_id).await?.is_none() {
            result = merge(result, "forum_id", "error-not-found");
        }
        if let Some(party) = input.party_id
            && in_region::<Party>(conn, region.id, party).await?.is_none()
        {
            result = merge(result, "party_id", "error-not-found");
        }
        if let Some(person) = input.person_id
            && in_region::<Person>(conn, region.id, person).await?.is_none()
        {
            result = merge(result, "person_id", "error-not-found");
        }
        // An answered proposal is history: the answer refers to what was proposed.
        if let Some(id) = id
            && load::<Proposal>(conn, id).await?.is_some_and(|p| p.status != ProposalStatus::Pending)
        {
            result = merge(result, "status", "error-proposal-answered");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &ProposalInput) -> Result<Id> {
        let id = upsert(
            conn,
            Self::TABLE,
            Some(region_id),
            id,
            insert,
            &["forum_id", "party_id", "person_id", "title", "description", "wanted_by"],
            |q| {
                q.bind(input.forum_id)
                    .bind(input.party_id)
                    .bind(input.person_id)
                    .bind(input.title.clone())
                    .bind(input.description.clone())
                    .bind(input.wanted_by.map(date_text))
            },
        )
        .await?;
        if insert {
            sqlx::query("UPDATE item_proposals SET status = $1, answer = '', created_at = $2 WHERE id = $3")
                .bind(ProposalStatus::Pending.as_str())
                .bind(crate::now_text())
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
        Ok(id)
    }
}

/// Takes a pending proposal onto a meeting's agenda of its forum as a new item, in one
/// step with marking the proposal accepted.
pub async fn accept_proposal(
    store: &Store,
    actor: &Actor,
    author: &Author,
    proposal_id: Id,
    expected_version: i64,
    meeting_id: Id,
) -> Result<AgendaItem> {
    let mut tx = store.write().await?;
    let proposal = load::<Proposal>(&mut tx, proposal_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Update, Proposal::object(&mut tx, proposal.region_id, Some(proposal.id), &proposal.input).await?)?;
    check_pending(&proposal, expected_version)?;
    let meeting = in_region::<Meeting>(&mut tx, proposal.region_id, meeting_id).await?;
    if !meeting.is_some_and(|m| {
        m.input.forum_ids.contains(&proposal.input.forum_id) && !matches!(m.input.status, MeetingStatus::Cancelled | MeetingStatus::Held)
    }) {
        return Err(Error::Invalid(vec![FieldError::new("meeting_id", "error-proposal-meeting")]));
    }
    let forum = load::<Forum>(&mut tx, proposal.input.forum_id).await?.ok_or(Error::NotFound)?;
    let input = AgendaItemInput {
        meeting_id,
        position: 0,
        title: proposal.input.title.clone(),
        public_title: proposal.input.title.clone(),
        preparer_id: None,
        presenter_id: None,
        background: proposal.input.description.clone(),
        proposal: String::new(),
        publicity: forum.input.default_publicity,
        legal_basis_id: None,
        tags: Vec::new(),
        party_ids: proposal.input.party_id.into_iter().collect(),
        standing_item_id: None,
        proposal_id: Some(proposal.id),
    };
    // A secret-by-default forum's item needs its ground chosen: it starts as not yet
    // public and the secretary decides.
    let input = if input.publicity == Publicity::Secret { AgendaItemInput { publicity: Publicity::NotYetPublic, ..input } } else { input };
    let item = records::create_in::<AgendaItem>(&mut tx, actor, author, proposal.region_id, None, input).await?;
    answer(&mut tx, author, &proposal, ProposalStatus::Accepted, "", Some(meeting_id)).await?;
    tx.commit().await?;
    Ok(item)
}

/// Declines a pending proposal with the reason the proposer sees.
pub async fn decline_proposal(
    store: &Store,
    actor: &Actor,
    author: &Author,
    proposal_id: Id,
    expected_version: i64,
    reason: &str,
) -> Result<Proposal> {
    let mut tx = store.write().await?;
    let proposal = load::<Proposal>(&mut tx, proposal_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Update, Proposal::object(&mut tx, proposal.region_id, Some(proposal.id), &proposal.input).await?)?;
    check_pending(&proposal, expected_version)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::Invalid(vec![FieldError::new("answer", "error-decline-reason")]));
    }
    let after = answer(&mut tx, author, &proposal, ProposalStatus::Declined, reason, None).await?;
    tx.commit().await?;
    Ok(after)
}

fn check_pending(proposal: &Proposal, expected_version: i64) -> Result<()> {
    if proposal.version != expected_version {
        return Err(Error::Stale { current: proposal.version });
    }
    if proposal.status != ProposalStatus::Pending {
        return Err(Error::Invalid(vec![FieldError::new("status", "error-proposal-answered")]));
    }
    Ok(())
}

async fn answer(
    tx: &mut crate::Tx<'_>,
    author: &Author,
    before: &Proposal,
    status: ProposalStatus,
    text: &str,
    meeting_id: Option<Id>,
) -> Result<Proposal> {
    sqlx::query("UPDATE item_proposals SET status = $1, answer = $2, meeting_id = $3, version = version + 1 WHERE id = $4")
        .bind(status.as_str())
        .bind(text.to_owned())
        .bind(meeting_id)
        .bind(before.id)
        .execute(&mut **tx)
        .await?;
    let after = load::<Proposal>(tx, before.id).await?.ok_or(Error::NotFound)?;
    audit::record(
        tx,
        author,
        Change {
            action: "update",
            entity: Proposal::ENTITY,
            entity_id: before.id,
            region_id: Some(before.region_id),
            before: Some(before),
            after: Some(&after),
        },
    )
    .await?;
    Ok(after)
}

// ---- publication --------------------------------------------------------------------

/// Publishes a meeting's agenda: checks every item's publicity (R1.6, R1.10), fixes the
/// § numbers, freezes the public version and logs the time (R1.7). Publishing again after
/// a correction makes a new public version; earlier ones stay as they were.
/// Fixes the § numbers of a meeting's items, as its agenda is published or its record
/// checked; numbers already fixed stay.
pub(crate) async fn fix_numbers(conn: &mut AnyConnection, meeting: &Meeting) -> Result<HashMap<Id, i64>> {
    use chrono::Datelike;
    let forum_id = meeting.input.forum_ids.first().copied().unwrap_or(0);
    let numbers = numbers_in(conn, forum_id, meeting.input.date.year()).await?;
    for item in items_in(conn, meeting.id).await? {
        sqlx::query("UPDATE agenda_items SET number = $1 WHERE id = $2")
            .bind(numbers.get(&item.id).copied())
            .bind(item.id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(numbers)
}

pub async fn publish(store: &Store, actor: &Actor, author: &Author, meeting_id: Id, at: NaiveDateTime) -> Result<Publication> {
    use chrono::Datelike;
    let mut tx = store.write().await?;
    let meeting = load::<Meeting>(&mut tx, meeting_id).await?.ok_or(Error::NotFound)?;
    let forum_id = meeting.input.forum_ids.first().copied().unwrap_or(0);
    authorise(actor, Action::Update, Object::Meeting { region: meeting.region_id, forum: forum_id })?;
    let forum = load::<Forum>(&mut tx, forum_id).await?.ok_or(Error::NotFound)?;
    if matches!(meeting.input.status, MeetingStatus::Held | MeetingStatus::Cancelled) {
        return Err(Error::Invalid(vec![FieldError::new("status", "error-publish-status")]));
    }
    let items = items_in(&mut tx, meeting_id).await?;
    let mut problems = Vec::new();
    if items.is_empty() {
        problems.push(FieldError::new("items", "error-agenda-empty"));
    }
    for item in &items {
        if item.input.publicity != Publicity::Public && !rules::is_descriptive_public_title(&item.input.public_title) {
            problems.push(FieldError::new(&format!("items.{}.public_title", item.id), "error-public-title"));
        }
        if item.input.publicity == Publicity::Secret && item.input.legal_basis_id.is_none() {
            problems.push(FieldError::new(&format!("items.{}.legal_basis_id", item.id), "error-legal-basis-required"));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let numbers = fix_numbers(&mut tx, &meeting).await?;
    let attachments = attachments_in(&mut tx, meeting_id).await?;
    let register = crate::views::register_in(&mut tx, meeting.region_id).await?;
    let bases: HashMap<Id, LegalBasis> =
        records::all::<LegalBasis>(&mut tx, meeting.region_id).await?.into_iter().map(|b| (b.id, b)).collect();
    let year_meetings = crate::meetings::of_forum(&mut tx, forum_id, meeting.input.date.year()).await?;
    let number = crate::meetings::numbers(&year_meetings).get(&meeting.id).cloned().unwrap_or_default();
    let person_name = |id: Option<Id>| id.and_then(|id| register.person(id)).map(|p| p.input.name.clone()).unwrap_or_default();
    let agenda = PublicAgenda {
        meeting_id,
        region_id: meeting.region_id,
        number,
        forum_ids: meeting.input.forum_ids.clone(),
        date: meeting.input.date,
        start_time: meeting.input.start_time,
        end_time: meeting.input.end_time,
        place: meeting.input.place.clone(),
        kind: meeting.input.kind,
        items: items
            .iter()
            .map(|item| PublicItem {
                number: numbers.get(&item.id).copied().unwrap_or_default(),
                public_title: item.input.public_title.clone(),
                publicity: item.input.publicity,
                marking: item
                    .input
                    .legal_basis_id
                    .and_then(|id| bases.get(&id))
                    .filter(|_| item.input.publicity == Publicity::Secret)
                    .map(|b| SecrecyMarking { code: b.input.code.clone(), name: b.input.name.clone() }),
                body: (item.input.publicity == Publicity::Public).then(|| PublicBody {
                    preparer: person_name(item.input.preparer_id),
                    presenter: person_name(item.input.presenter_id),
                    background: item.input.background.clone(),
                    proposal: item.input.proposal.clone(),
                    tags: item.input.tags.clone(),
                    party_ids: item.input.party_ids.clone(),
                    attachments: attachments
                        .get(&item.id)
                        .into_iter()
                        .flatten()
                        .filter(|a| a.input.publicity == Publicity::Public)
                        .map(|a| PublicAttachment { id: a.id, name: a.input.name.clone(), media_type: a.media_type.clone(), size: a.size })
                        .collect(),
                }),
            })
            .collect(),
    };
    let late = rules::published_late(&meeting, forum.input.notice_days, at);
    let published_at = at.format("%Y-%m-%dT%H:%M:%S").to_string();
    let content = serde_json::to_string(&agenda).map_err(|e| Error::Config(e.to_string()))?;
    let row = sqlx::query(
        "INSERT INTO agenda_publications (meeting_id, published_at, published_by, late, content) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(meeting_id)
    .bind(published_at.clone())
    .bind(author.label.clone())
    .bind(i64::from(late))
    .bind(content)
    .fetch_one(&mut *tx)
    .await?;
    let publication = Publication { id: row.try_get("id")?, meeting_id, published_at, late, agenda };
    if meeting.input.status != MeetingStatus::AgendaPublished {
        sqlx::query("UPDATE meetings SET status = $1, generated = 0, version = version + 1 WHERE id = $2")
            .bind(MeetingStatus::AgendaPublished.as_str())
            .bind(meeting_id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        author,
        Change {
            action: "publish",
            entity: "agenda",
            entity_id: meeting_id,
            region_id: Some(meeting.region_id),
            before: None,
            after: Some(&publication),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(publication)
}

/// The latest public version of a meeting's agenda, if it has been published.
pub async fn publication(store: &Store, meeting_id: Id) -> Result<Option<Publication>> {
    let row = sqlx::query(
        "SELECT id, meeting_id, published_at, late, content FROM agenda_publications WHERE meeting_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(meeting_id)
    .fetch_optional(store.pool())
    .await?;
    row.map(|row| publication_from_row(&row)).transpose()
}

/// Every publication of a meeting's agenda, newest first.
pub async fn publications(store: &Store, meeting_id: Id) -> Result<Vec<Publication>> {
    let rows =
        sqlx::query("SELECT id, meeting_id, published_at, late, content FROM agenda_publications WHERE meeting_id = $1 ORDER BY id DESC")
            .bind(meeting_id)
            .fetch_all(store.pool())
            .await?;
    rows.iter().map(publication_from_row).collect()
}

fn publication_from_row(row: &AnyRow) -> Result<Publication> {
    let content: String = row.try_get("content")?;
    Ok(Publication {
        id: row.try_get("id")?,
        meeting_id: row.try_get("meeting_id")?,
        published_at: row.try_get("published_at")?,
        late: row.try_get::<i64, _>("late")? != 0,
        agenda: serde_json::from_str(&content).map_err(|e| Error::Config(format!("bad agenda publication: {e}")))?,
    })
}

/// Whether an attachment is in the latest public version of its meeting's agenda: then
/// anyone may download it.
pub async fn attachment_is_public(store: &Store, attachment: &Attachment) -> Result<bool> {
    let meeting: Option<Id> = sqlx::query_scalar("SELECT meeting_id FROM agenda_items WHERE id = $1")
        .bind(attachment.input.item_id)
        .fetch_optional(store.pool())
        .await?;
    let Some(meeting) = meeting else { return Ok(false) };
    if attachment.input.publicity != Publicity::Public {
        return Ok(false);
    }
    Ok(publication(store, meeting)
        .await?
        .is_some_and(|p| p.agenda.items.iter().filter_map(|i| i.body.as_ref()).flat_map(|b| &b.attachments).any(|a| a.id == attachment.id)))
}

// ---- following up the forum's open actions -------------------------------------------

/// The words of the follow-up item, in the agenda's language (the caller translates).
pub struct FollowUpText {
    pub title: String,
    pub proposal: String,
    /// Said when every action is done or dropped.
    pub none_open: String,
}

/// The forum's actions still open that were agreed before `meeting`.
async fn actions_open_before(conn: &mut AnyConnection, forum_id: Id, meeting: &Meeting) -> Result<Vec<(ActionItem, String)>> {
    let sql = format!(
        "SELECT {}, (SELECT name_fi FROM parties WHERE parties.id = actions.owner_party_id) AS owner_party, \
         (SELECT name FROM people WHERE people.id = actions.owner_person_id) AS owner_person FROM actions \
         WHERE forum_id = $1 AND status IN ('open', 'in_progress') AND item_id IN \
         (SELECT a.id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE m.date < $2) ORDER BY due_date IS NULL, due_date, id",
        ActionItem::COLUMNS
    );
    let rows = sqlx::query(AssertSqlSafe(&*sql)).bind(forum_id).bind(date_text(meeting.input.date)).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            let owner: Option<String> = row.try_get("owner_party")?;
            let person: Option<String> = row.try_get("owner_person")?;
            Ok((ActionItem::from_row(row)?, owner.or(person).unwrap_or_default()))
        })
        .collect()
}

/// Puts on a meeting's agenda the item that follows up its forum's open actions, or
/// brings its list up to date: every open action comes back on each agenda until it is
/// done or dropped. Returns the item, or `None` when there is nothing to follow up.
pub async fn follow_up_actions(
    store: &Store,
    actor: &Actor,
    author: &Author,
    meeting_id: Id,
    text: &FollowUpText,
) -> Result<Option<AgendaItem>> {
    let mut tx = store.write().await?;
    let meeting = load::<Meeting>(&mut tx, meeting_id).await?.ok_or(Error::NotFound)?;
    let forum = convening_forum(&mut tx, meeting_id).await?.unwrap_or(0);
    authorise(actor, Action::Update, Object::AgendaItem { region: meeting.region_id, forum })?;
    if matches!(meeting.input.status, MeetingStatus::Held | MeetingStatus::Cancelled) {
        return Ok(None);
    }
    // A checked record's items stay as they were checked.
    crate::minutes::check_open(&mut tx, meeting_id).await?;
    let actions = actions_open_before(&mut tx, forum, &meeting).await?;
    let existing = items_in(&mut tx, meeting_id).await?.into_iter().find(|i| i.follows_up_actions);
    let background = if actions.is_empty() {
        text.none_open.clone()
    } else {
        actions
            .iter()
            .map(|(action, owner)| {
                let due = action.input.due_date.map(|d| format!(", {}", d.format("%-d.%-m.%Y"))).unwrap_or_default();
                format!("- {} ({owner}{due})", action.input.title)
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let item = match existing {
        None if actions.is_empty() => None,
        None => {
            // Before the closing standing items, like any new item.
            let order = agenda_order(&mut tx, meeting_id).await?;
            let position = order.iter().position(|(_, closing)| *closing).map_or(order.len() as i64 + 1, |i| i as i64 + 1);
            let input = AgendaItemInput {
                meeting_id,
                position,
                title: text.title.clone(),
                public_title: text.title.clone(),
                preparer_id: None,
                presenter_id: None,
                background,
                proposal: text.proposal.clone(),
                publicity: Publicity::Public,
                legal_basis_id: None,
                tags: Vec::new(),
                party_ids: Vec::new(),
                standing_item_id: None,
                proposal_id: None,
            };
            let id = AgendaItem::write(&mut tx, meeting.region_id, None, true, &input).await?;
            sqlx::query("UPDATE agenda_items SET follows_up_actions = 1 WHERE id = $1").bind(id).execute(&mut *tx).await?;
            let after = load::<AgendaItem>(&mut tx, id).await?.ok_or(Error::NotFound)?;
            audit::record(
                &mut tx,
                author,
                Change {
                    action: "create",
                    entity: AgendaItem::ENTITY,
                    entity_id: id,
                    region_id: Some(meeting.region_id),
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            Some(after)
        }
        Some(before) if before.input.background == background => Some(before),
        Some(before) => {
            sqlx::query("UPDATE agenda_items SET background = $1, version = version + 1 WHERE id = $2")
                .bind(background)
                .bind(before.id)
                .execute(&mut *tx)
                .await?;
            let after = load::<AgendaItem>(&mut tx, before.id).await?.ok_or(Error::NotFound)?;
            audit::record(
                &mut tx,
                author,
                Change {
                    action: "update",
                    entity: AgendaItem::ENTITY,
                    entity_id: before.id,
                    region_id: Some(meeting.region_id),
                    before: Some(&before),
                    after: Some(&after),
                },
            )
            .await?;
            Some(after)
        }
    };
    tx.commit().await?;
    Ok(item)
}
