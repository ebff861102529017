//! Minutes and memos: the record of a held meeting (R2.1–R2.10) — who took part, what
//! each item reached, disqualifications, votes, dissents, the actions agreed — and its
//! checking workflow: draft → with the checkers → checked (a frozen version that never
//! changes; a correction is a new version with its reason). Ratifications by the parties
//! follow a forum's recommendations afterwards (R0.1).

use chrono::NaiveDateTime;
use foorumi_core::permissions::{Action, Actor, Object};
use foorumi_core::rules;
use foorumi_core::*;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::agendas::StoredFile;
use crate::audit::{self, Author, Change};
use crate::outbox;
use crate::records::{
    self, FilterType, Record, authorise, date_text, enum_value, in_region, load, merge, opt_date, opt_time, stored_fields, time_text,
    upsert,
};
use crate::{Error, Result, Store};

/// The item a part of the record belongs to, in this region.
async fn item_in(conn: &mut AnyConnection, region_id: Id, item_id: Id) -> Result<Option<AgendaItem>> {
    in_region::<AgendaItem>(conn, region_id, item_id).await
}

/// The forum whose record an item is part of (0 when the item is gone: refused later).
async fn item_forum(conn: &mut AnyConnection, item_id: Id) -> Result<Id> {
    Ok(load::<AgendaItem>(conn, item_id).await?.map_or(0, |item| item.forum_id))
}

/// Refuses a change to the record of a meeting whose record is checked: a checked
/// record changes only through a correction (R2.10).
pub(crate) async fn check_open(conn: &mut AnyConnection, meeting_id: Id) -> Result<()> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM minutes WHERE meeting_id = $1").bind(meeting_id).fetch_optional(&mut *conn).await?;
    match status.as_deref().and_then(MinutesStatus::parse) {
        Some(MinutesStatus::Checked | MinutesStatus::Published) => {
            Err(Error::Invalid(vec![FieldError::new("minutes", "error-minutes-checked")]))
        }
        _ => Ok(()),
    }
}

/// On an update, the record a part of an item's record leaves must be open too: a part
/// of a checked record is not moved out of it to another item's record (R2.10).
async fn check_open_before<R: Record>(conn: &mut AnyConnection, id: Option<Id>, item_of: fn(&R) -> Id) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    let Some(before) = load::<R>(conn, id).await? else { return Ok(()) };
    check_item_open(conn, item_of(&before)).await
}

/// Refuses changing any part of an item's record once the record is checked, or once
/// the item itself was checked at the meeting (R2.10).
pub(crate) async fn check_item_open(conn: &mut AnyConnection, item_id: Id) -> Result<()> {
    let Some(item) = load::<AgendaItem>(conn, item_id).await? else { return Ok(()) };
    check_open(conn, item.input.meeting_id).await?;
    let checked: Option<Option<String>> = sqlx::query_scalar("SELECT checked_at_meeting FROM item_records WHERE item_id = $1")
        .bind(item_id)
        .fetch_optional(&mut *conn)
        .await?;
    if checked.flatten().is_some() {
        return Err(Error::Invalid(vec![FieldError::new("item_id", "error-item-checked-at-meeting")]));
    }
    Ok(())
}

/// The people disqualified in an item that is not public: they may not read its record
/// (R2.6).
async fn withheld_from(conn: &mut AnyConnection, item_id: Id) -> Result<Vec<Id>> {
    Ok(sqlx::query_scalar(
        "SELECT d.person_id FROM disqualifications d JOIN agenda_items a ON a.id = d.item_id \
         WHERE d.item_id = $1 AND a.publicity <> 'public'",
    )
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// An edit while the checkers read asks them to approve again what they now see.
async fn reset_approvals(conn: &mut AnyConnection, meeting_id: Id) -> Result<()> {
    sqlx::query(
        "UPDATE minute_checkers SET approved_at = NULL WHERE approved_at IS NOT NULL AND minutes_id IN \
         (SELECT id FROM minutes WHERE meeting_id = $1 AND status = 'checking')",
    )
    .bind(meeting_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The checks every part of an item's record shares: the item exists in the region, its
/// meeting's record is open, and the people named are in the region.
async fn check_part(conn: &mut AnyConnection, region: &Region, item_id: Id, people: &[(&str, Option<Id>)]) -> Result<AgendaItem> {
    let Some(item) = item_in(conn, region.id, item_id).await? else {
        return Err(Error::Invalid(vec![FieldError::new("item_id", "error-not-found")]));
    };
    check_item_open(conn, item_id).await?;
    let mut result = Ok(());
    for (field, person) in people {
        if let Some(person) = person
            && in_region::<Person>(conn, region.id, *person).await?.is_none()
        {
            result = merge(result, field, "error-not-found");
        }
    }
    result?;
    Ok(item)
}

// ---- the record of a meeting --------------------------------------------------------

impl Record for Minutes {
    type Input = MinutesInput;
    const ENTITY: &'static str = "minutes";
    const TABLE: &'static str = "minutes";
    const COLUMNS: &'static str = "id, region_id, meeting_id, forum_id, kind, approval, status, chair_id, secretary_id, opened_at, \
                                   closed_at, checked_version, correction_reason, version";
    const ORDER: &'static str = "id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("meeting_id", FilterType::Int), ("status", FilterType::Text)];
    const READ_BACK: bool = true;
    /// A record once checked is kept: its checked versions are the archival copy.
    async fn before_delete(_: &mut AnyConnection, record: &Self) -> Result<()> {
        if record.checked_version > 0 {
            return Err(Error::Invalid(vec![FieldError::new("minutes", "error-minutes-checked")]));
        }
        Ok(())
    }

    stored_fields!(forum_id: 0, kind: RecordKind::Memo, approval: MinutesApproval::Checkers, status: MinutesStatus::Draft, checked_version: 0, correction_reason: String::new());
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Minutes {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get("forum_id")?,
            kind: enum_value(row, "kind", RecordKind::parse)?,
            approval: enum_value(row, "approval", MinutesApproval::parse)?,
            status: enum_value(row, "status", MinutesStatus::parse)?,
            checked_version: row.try_get("checked_version")?,
            correction_reason: row.try_get("correction_reason")?,
            input: MinutesInput {
                meeting_id: row.try_get("meeting_id")?,
                chair_id: row.try_get("chair_id")?,
                secretary_id: row.try_get("secretary_id")?,
                checker_ids: Vec::new(),
                opened_at: opt_time(row, "opened_at")?,
                closed_at: opt_time(row, "closed_at")?,
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        for minutes in items.iter_mut() {
            minutes.input.checker_ids = sqlx::query_scalar("SELECT person_id FROM minute_checkers WHERE minutes_id = $1 ORDER BY position")
                .bind(minutes.id)
                .fetch_all(&mut *conn)
                .await?;
        }
        Ok(())
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &MinutesInput) -> Result<Object> {
        let forum: Option<Id> = sqlx::query_scalar("SELECT forum_id FROM meeting_forums WHERE meeting_id = $1 AND position = 0")
            .bind(input.meeting_id)
            .fetch_optional(&mut *conn)
            .await?;
        Ok(Object::AgendaItem { region, forum: forum.unwrap_or(0) })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut MinutesInput) -> Result<()> {
        rules::normalise_minutes(input);
        let Some(meeting) = in_region::<Meeting>(conn, region.id, input.meeting_id).await? else {
            return Err(Error::Invalid(vec![FieldError::new("meeting_id", "error-not-found")]));
        };
        let before = match id {
            Some(id) => load::<Minutes>(conn, id).await?,
            None => None,
        };
        if before.as_ref().is_some_and(|b| b.input.meeting_id != input.meeting_id) {
            return Err(Error::Invalid(vec![FieldError::new("meeting_id", "error-minutes-meeting-fixed")]));
        }
        if before.as_ref().is_some_and(|b| matches!(b.status, MinutesStatus::Checked | MinutesStatus::Published)) {
            return Err(Error::Invalid(vec![FieldError::new("minutes", "error-minutes-checked")]));
        }
        let forum_id = meeting.input.forum_ids.first().copied().unwrap_or(0);
        let forum = load::<Forum>(conn, forum_id).await?.ok_or(Error::NotFound)?;
        let mut result = rules::validate_minutes(input, forum.input.minutes_approval).map_err(Error::from);
        if meeting.input.status == MeetingStatus::Cancelled {
            result = merge(result, "meeting_id", "error-minutes-cancelled-meeting");
        }
        if id.is_none()
            && sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM minutes WHERE meeting_id = $1")
                .bind(input.meeting_id)
                .fetch_one(&mut *conn)
                .await?
                > 0
        {
            result = merge(result, "meeting_id", "error-minutes-exist");
        }
        for (field, person) in [("chair_id", input.chair_id), ("secretary_id", input.secretary_id)] {
            if let Some(person) = person
                && in_region::<Person>(conn, region.id, person).await?.is_none()
            {
                result = merge(result, field, "error-not-found");
            }
        }
        for person in &input.checker_ids {
            if in_region::<Person>(conn, region.id, *person).await?.is_none() {
                result = merge(result, "checker_ids", "error-not-found");
            }
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &MinutesInput) -> Result<Id> {
        let meeting = load::<Meeting>(conn, input.meeting_id).await?.ok_or(Error::NotFound)?;
        let forum_id = meeting.input.forum_ids.first().copied().unwrap_or(0);
        let forum = load::<Forum>(conn, forum_id).await?.ok_or(Error::NotFound)?;
        let mut columns = vec!["meeting_id", "chair_id", "secretary_id", "opened_at", "closed_at"];
        if insert {
            columns.extend(["forum_id", "kind", "approval"]);
        }
        // The chair, the secretary and the times are part of what the checkers approve: a
        // change asks them to approve again; a change of the checkers alone does not.
        let details = |m: &MinutesInput| (m.chair_id, m.secretary_id, m.opened_at, m.closed_at);
        if !insert
            && let Some(id) = id
            && load::<Minutes>(conn, id).await?.is_some_and(|before| details(&before.input) != details(input))
        {
            reset_approvals(conn, input.meeting_id).await?;
        }
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            let q = q
                .bind(input.meeting_id)
                .bind(input.chair_id)
                .bind(input.secretary_id)
                .bind(input.opened_at.map(time_text))
                .bind(input.closed_at.map(time_text));
            if insert {
                q.bind(forum_id).bind(rules::record_kind_for(forum.input.legal_type).as_str()).bind(forum.input.minutes_approval.as_str())
            } else {
                q
            }
        })
        .await?;
        // Approvals already given stay with the checkers who remain.
        let kept: Vec<(Id, Option<String>)> = sqlx::query("SELECT person_id, approved_at FROM minute_checkers WHERE minutes_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|row| Ok((row.try_get("person_id")?, row.try_get("approved_at")?)))
            .collect::<Result<_>>()?;
        sqlx::query("DELETE FROM minute_checkers WHERE minutes_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, person) in input.checker_ids.iter().enumerate() {
            let approved = kept.iter().find(|(p, _)| p == person).and_then(|(_, at)| at.clone());
            sqlx::query("INSERT INTO minute_checkers (minutes_id, position, person_id, approved_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(position as i64)
                .bind(*person)
                .bind(approved)
                .execute(&mut *conn)
                .await?;
        }
        Ok(id)
    }
}

// ---- presence -----------------------------------------------------------------------

impl Record for PresenceRecord {
    type Input = PresenceInput;
    const ENTITY: &'static str = "presence";
    const TABLE: &'static str = "presences";
    const COLUMNS: &'static str =
        "id, region_id, meeting_id, forum_id, seat_id, presence, deputy_id, verification, arrived_item_id, left_item_id, version";
    const ORDER: &'static str = "meeting_id, seat_id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("meeting_id", FilterType::Int)];
    const READ_BACK: bool = true;
    async fn before_delete(conn: &mut AnyConnection, record: &Self) -> Result<()> {
        check_open(conn, record.input.meeting_id).await
    }

    stored_fields!(forum_id: 0);
    fn from_row(row: &AnyRow) -> Result<Self> {
        let verification: Option<String> = row.try_get("verification")?;
        Ok(PresenceRecord {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get("forum_id")?,
            input: PresenceInput {
                meeting_id: row.try_get("meeting_id")?,
                seat_id: row.try_get("seat_id")?,
                presence: enum_value(row, "presence", Presence::parse)?,
                deputy_id: row.try_get("deputy_id")?,
                verification: verification.as_deref().and_then(Verification::parse),
                arrived_item_id: row.try_get("arrived_item_id")?,
                left_item_id: row.try_get("left_item_id")?,
            },
        })
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &PresenceInput) -> Result<Object> {
        Minutes::object(conn, region, None, &minutes_of(input.meeting_id)).await
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut PresenceInput) -> Result<()> {
        let Some(meeting) = in_region::<Meeting>(conn, region.id, input.meeting_id).await? else {
            return Err(Error::Invalid(vec![FieldError::new("meeting_id", "error-not-found")]));
        };
        check_open(conn, meeting.id).await?;
        if let Some(id) = id
            && let Some(before) = load::<PresenceRecord>(conn, id).await?
        {
            check_open(conn, before.input.meeting_id).await?;
        }
        let mut result = rules::validate_presence(input).map_err(Error::from);
        match in_region::<Seat>(conn, region.id, input.seat_id).await? {
            Some(seat) if meeting.input.forum_ids.contains(&seat.input.forum_id) && seat.active_on(meeting.input.date) => {}
            _ => result = merge(result, "seat_id", "error-seat-not-in-meeting"),
        }
        if let Some(deputy) = input.deputy_id
            && in_region::<Person>(conn, region.id, deputy).await?.is_none()
        {
            result = merge(result, "deputy_id", "error-not-found");
        }
        for (field, item) in [("arrived_item_id", input.arrived_item_id), ("left_item_id", input.left_item_id)] {
            if let Some(item) = item
                && item_in(conn, region.id, item).await?.is_none_or(|i| i.input.meeting_id != meeting.id)
            {
                result = merge(result, field, "error-not-found");
            }
        }
        let taken: Option<Id> = sqlx::query_scalar("SELECT id FROM presences WHERE meeting_id = $1 AND seat_id = $2")
            .bind(input.meeting_id)
            .bind(input.seat_id)
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_some_and(|other| Some(other) != id) {
            result = merge(result, "seat_id", "error-presence-exists");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &PresenceInput) -> Result<Id> {
        let forum: Option<Id> = sqlx::query_scalar("SELECT forum_id FROM meeting_forums WHERE meeting_id = $1 AND position = 0")
            .bind(input.meeting_id)
            .fetch_optional(&mut *conn)
            .await?;
        reset_approvals(conn, input.meeting_id).await?;
        let columns = ["meeting_id", "forum_id", "seat_id", "presence", "deputy_id", "verification", "arrived_item_id", "left_item_id"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.meeting_id)
                .bind(forum.unwrap_or(0))
                .bind(input.seat_id)
                .bind(input.presence.as_str())
                .bind(input.deputy_id)
                .bind(input.verification.map(|v| v.as_str()))
                .bind(input.arrived_item_id)
                .bind(input.left_item_id)
        })
        .await
    }
}

/// A stand-in record input naming only the meeting, for permission look-ups.
fn minutes_of(meeting_id: Id) -> MinutesInput {
    MinutesInput { meeting_id, chair_id: None, secretary_id: None, checker_ids: Vec::new(), opened_at: None, closed_at: None }
}

// ---- the record of an item ----------------------------------------------------------

impl Record for ItemRecord {
    type Input = ItemRecordInput;
    const ENTITY: &'static str = "item_record";
    const TABLE: &'static str = "item_records";
    const COLUMNS: &'static str = "id, region_id, item_id, meeting_id, forum_id, discussion, outcome, outcome_text, appeal, appeal_basis, updated_at, \
         checked_at_meeting, version";
    const ORDER: &'static str = "meeting_id, item_id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("meeting_id", FilterType::Int), ("item_id", FilterType::Int)];
    const READ_BACK: bool = true;
    async fn before_delete(conn: &mut AnyConnection, record: &Self) -> Result<()> {
        check_item_open(conn, record.input.item_id).await
    }

    stored_fields!(forum_id: 0, withheld_from: Vec::new(), meeting_id: 0, updated_at: String::new(), checked_at_meeting: None);
    fn from_row(row: &AnyRow) -> Result<Self> {
        let outcome: Option<String> = row.try_get("outcome")?;
        let appeal: Option<String> = row.try_get("appeal")?;
        Ok(ItemRecord {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get("forum_id")?,
            withheld_from: Vec::new(),
            meeting_id: row.try_get("meeting_id")?,
            updated_at: row.try_get("updated_at")?,
            checked_at_meeting: row.try_get("checked_at_meeting")?,
            input: ItemRecordInput {
                item_id: row.try_get("item_id")?,
                discussion: row.try_get("discussion")?,
                outcome: outcome.as_deref().and_then(Outcome::parse),
                outcome_text: row.try_get("outcome_text")?,
                appeal: appeal.as_deref().and_then(Appeal::parse),
                appeal_basis: row.try_get("appeal_basis")?,
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        for item in items.iter_mut() {
            item.withheld_from = withheld_from(conn, item.input.item_id).await?;
        }
        Ok(())
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &ItemRecordInput) -> Result<Object> {
        Ok(Object::AgendaItem { region, forum: item_forum(conn, input.item_id).await? })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut ItemRecordInput) -> Result<()> {
        let item = check_part(conn, region, input.item_id, &[]).await?;
        check_open_before::<ItemRecord>(conn, id, |before| before.input.item_id).await?;
        let existing: Option<Id> =
            sqlx::query_scalar("SELECT id FROM item_records WHERE item_id = $1").bind(input.item_id).fetch_optional(&mut *conn).await?;
        if existing.is_some_and(|other| Some(other) != id) {
            return Err(Error::Invalid(vec![FieldError::new("item_id", "error-item-record-exists")]));
        }
        let forum = load::<Forum>(conn, item.forum_id).await?.ok_or(Error::NotFound)?;
        // The organisation's own wording names the provision it rests on (R2.11).
        let templates = match forum.input.organisation_id {
            Some(party) => appeal_templates_in(conn, party).await?,
            None => Vec::new(),
        };
        let own_basis = |appeal: Appeal| {
            templates.iter().find(|t| t.input.appeal == appeal && !t.input.basis.is_empty()).map(|t| t.input.basis.clone())
        };
        rules::normalise_item_record(input, forum.input.legal_type, own_basis);
        let quorum = match forum.input.legal_type {
            LegalType::FormalBody => Some(item_quorum(conn, &item).await?),
            LegalType::CooperationForum | LegalType::WorkingGroup => None,
        };
        Ok(rules::validate_item_record(input, forum.input.legal_type, quorum)?)
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &ItemRecordInput) -> Result<Id> {
        let item = load::<AgendaItem>(conn, input.item_id).await?.ok_or(Error::NotFound)?;
        reset_approvals(conn, item.input.meeting_id).await?;
        let columns =
            ["item_id", "meeting_id", "forum_id", "discussion", "outcome", "outcome_text", "appeal", "appeal_basis", "updated_at"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.item_id)
                .bind(item.input.meeting_id)
                .bind(item.forum_id)
                .bind(input.discussion.clone())
                .bind(input.outcome.map(|o| o.as_str()))
                .bind(input.outcome_text.clone())
                .bind(input.appeal.map(|a| a.as_str()))
                .bind(input.appeal_basis.clone())
                .bind(crate::now_text())
        })
        .await
    }
}

/// The quorum of a formal body for one item: members in the meeting's seats, those
/// present (in the room, remotely, or by a deputy), less those disqualified (R2.2, R2.6).
async fn item_quorum(conn: &mut AnyConnection, item: &AgendaItem) -> Result<rules::Quorum> {
    let meeting = load::<Meeting>(conn, item.input.meeting_id).await?.ok_or(Error::NotFound)?;
    let seats = meeting_seats(conn, &meeting).await?;
    let presences = presences_in(conn, meeting.id).await?;
    let disqualified: Vec<Id> =
        sqlx::query_scalar("SELECT person_id FROM disqualifications WHERE item_id = $1").bind(item.id).fetch_all(&mut *conn).await?;
    let sitters = sitters(conn, &seats, meeting.input.date).await?;
    let present = seats
        .iter()
        .filter(|seat| {
            presences.iter().find(|p| p.input.seat_id == seat.id).is_some_and(|p| {
                let person = if p.input.presence == Presence::Substituted { p.input.deputy_id } else { sitters.get(&seat.id).copied() };
                rules::counts_as_present(p.input.presence) && person.is_none_or(|person| !disqualified.contains(&person))
            })
        })
        .count();
    Ok(rules::Quorum::new(seats.len(), present))
}

/// The member seats (not deputies, secretaries or experts) of a meeting's forums in force
/// on its day.
async fn meeting_seats(conn: &mut AnyConnection, meeting: &Meeting) -> Result<Vec<Seat>> {
    let mut seats = Vec::new();
    for forum in &meeting.input.forum_ids {
        let sql = format!("SELECT {} FROM seats WHERE forum_id = $1 ORDER BY id", Seat::COLUMNS);
        for row in sqlx::query(AssertSqlSafe(&*sql)).bind(*forum).fetch_all(&mut *conn).await? {
            let seat = Seat::from_row(&row)?;
            if seat.active_on(meeting.input.date) && seat.input.role.is_member() {
                seats.push(seat);
            }
        }
    }
    Ok(seats)
}

/// Who sits in each seat on a day: its person, or whoever holds its post then.
async fn sitters(conn: &mut AnyConnection, seats: &[Seat], date: chrono::NaiveDate) -> Result<std::collections::HashMap<Id, Id>> {
    let mut map = std::collections::HashMap::new();
    for seat in seats {
        let person = match (seat.input.person_id, seat.input.post_id) {
            (Some(person), _) => Some(person),
            (None, Some(post)) => {
                sqlx::query_scalar(
                    "SELECT person_id FROM holdings WHERE post_id = $1 AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2) \
                 ORDER BY start_date DESC LIMIT 1",
                )
                .bind(post)
                .bind(date_text(date))
                .fetch_optional(&mut *conn)
                .await?
            }
            (None, None) => None,
        };
        if let Some(person) = person {
            map.insert(seat.id, person);
        }
    }
    Ok(map)
}

async fn presences_in(conn: &mut AnyConnection, meeting_id: Id) -> Result<Vec<PresenceRecord>> {
    let sql = format!("SELECT {} FROM presences WHERE meeting_id = $1 ORDER BY seat_id", PresenceRecord::COLUMNS);
    sqlx::query(AssertSqlSafe(&*sql)).bind(meeting_id).fetch_all(&mut *conn).await?.iter().map(PresenceRecord::from_row).collect()
}

// ---- disqualifications, votes, dissents ---------------------------------------------

impl Record for Disqualification {
    type Input = DisqualificationInput;
    const ENTITY: &'static str = "disqualification";
    const TABLE: &'static str = "disqualifications";
    const COLUMNS: &'static str = "id, region_id, item_id, forum_id, person_id, ground, decided_by, left_at, returned_at, version";
    const ORDER: &'static str = "item_id, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("item_id", FilterType::Int),
        ("person_id", FilterType::Int),
        ("meeting_id", FilterType::IntWhere("item_id IN (SELECT id FROM agenda_items WHERE meeting_id = {})")),
    ];
    const READ_BACK: bool = true;
    async fn before_delete(conn: &mut AnyConnection, record: &Self) -> Result<()> {
        check_item_open(conn, record.input.item_id).await
    }

    stored_fields!(forum_id: 0, withheld_from: Vec::new());
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Disqualification {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get("forum_id")?,
            withheld_from: Vec::new(),
            input: DisqualificationInput {
                item_id: row.try_get("item_id")?,
                person_id: row.try_get("person_id")?,
                ground: enum_value(row, "ground", DisqualificationGround::parse)?,
                decided_by: row.try_get("decided_by")?,
                left_at: opt_time(row, "left_at")?,
                returned_at: opt_time(row, "returned_at")?,
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        for item in items.iter_mut() {
            item.withheld_from = withheld_from(conn, item.input.item_id).await?;
        }
        Ok(())
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &DisqualificationInput) -> Result<Object> {
        Ok(Object::AgendaItem { region, forum: item_forum(conn, input.item_id).await? })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut DisqualificationInput) -> Result<()> {
        input.decided_by = input.decided_by.trim().to_owned();
        input.left_at = input.left_at.map(rules::to_the_minute);
        input.returned_at = input.returned_at.map(rules::to_the_minute);
        check_part(conn, region, input.item_id, &[("person_id", Some(input.person_id))]).await?;
        check_open_before::<Disqualification>(conn, id, |before| before.input.item_id).await?;
        let mut result = rules::validate_disqualification(input).map_err(Error::from);
        let other: Option<Id> = sqlx::query_scalar("SELECT id FROM disqualifications WHERE item_id = $1 AND person_id = $2")
            .bind(input.item_id)
            .bind(input.person_id)
            .fetch_optional(&mut *conn)
            .await?;
        if other.is_some_and(|other| Some(other) != id) {
            result = merge(result, "person_id", "error-disqualification-exists");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &DisqualificationInput) -> Result<Id> {
        let item = load::<AgendaItem>(conn, input.item_id).await?.ok_or(Error::NotFound)?;
        reset_approvals(conn, item.input.meeting_id).await?;
        let columns = ["item_id", "forum_id", "person_id", "ground", "decided_by", "left_at", "returned_at"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.item_id)
                .bind(item.forum_id)
                .bind(input.person_id)
                .bind(input.ground.as_str())
                .bind(input.decided_by.clone())
                .bind(input.left_at.map(time_text))
                .bind(input.returned_at.map(time_text))
        })
        .await
    }
}

impl Record for Vote {
    type Input = VoteInput;
    const ENTITY: &'static str = "vote";
    const TABLE: &'static str = "votes";
    const COLUMNS: &'static str = "id, region_id, item_id, forum_id, yes_proposal, no_proposal, chair_id, version";
    const ORDER: &'static str = "item_id, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("item_id", FilterType::Int),
        ("meeting_id", FilterType::IntWhere("item_id IN (SELECT id FROM agenda_items WHERE meeting_id = {})")),
    ];
    const READ_BACK: bool = true;
    async fn before_delete(conn: &mut AnyConnection, record: &Self) -> Result<()> {
        check_item_open(conn, record.input.item_id).await
    }

    stored_fields!(forum_id: 0, withheld_from: Vec::new());
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Vote {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get("forum_id")?,
            withheld_from: Vec::new(),
            input: VoteInput {
                item_id: row.try_get("item_id")?,
                yes_proposal: row.try_get("yes_proposal")?,
                no_proposal: row.try_get("no_proposal")?,
                chair_id: row.try_get("chair_id")?,
                ballots: Vec::new(),
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        for vote in items.iter_mut() {
            vote.withheld_from = withheld_from(conn, vote.input.item_id).await?;
            let rows = sqlx::query("SELECT person_id, ballot FROM vote_ballots WHERE vote_id = $1 ORDER BY position")
                .bind(vote.id)
                .fetch_all(&mut *conn)
                .await?;
            vote.input.ballots = rows
                .iter()
                .map(|row| Ok(BallotInput { person_id: row.try_get("person_id")?, ballot: enum_value(row, "ballot", Ballot::parse)? }))
                .collect::<Result<_>>()?;
        }
        Ok(())
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &VoteInput) -> Result<Object> {
        Ok(Object::AgendaItem { region, forum: item_forum(conn, input.item_id).await? })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut VoteInput) -> Result<()> {
        input.yes_proposal = input.yes_proposal.trim().to_owned();
        input.no_proposal = input.no_proposal.trim().to_owned();
        let item = check_part(conn, region, input.item_id, &[("chair_id", Some(input.chair_id))]).await?;
        check_open_before::<Vote>(conn, id, |before| before.input.item_id).await?;
        let mut result = rules::validate_vote(input).map_err(Error::from);
        // Votes are for formal bodies; a cooperation forum reaches a shared view (R0.1).
        let formal = load::<Forum>(conn, item.forum_id).await?.is_some_and(|f| f.input.legal_type == LegalType::FormalBody);
        if !formal {
            result = merge(result, "item_id", "error-vote-not-for-forum");
        }
        for ballot in &input.ballots {
            if in_region::<Person>(conn, region.id, ballot.person_id).await?.is_none() {
                result = merge(result, "ballots", "error-not-found");
            }
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &VoteInput) -> Result<Id> {
        let item = load::<AgendaItem>(conn, input.item_id).await?.ok_or(Error::NotFound)?;
        reset_approvals(conn, item.input.meeting_id).await?;
        let columns = ["item_id", "forum_id", "yes_proposal", "no_proposal", "chair_id"];
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.item_id).bind(item.forum_id).bind(input.yes_proposal.clone()).bind(input.no_proposal.clone()).bind(input.chair_id)
        })
        .await?;
        sqlx::query("DELETE FROM vote_ballots WHERE vote_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, ballot) in input.ballots.iter().enumerate() {
            sqlx::query("INSERT INTO vote_ballots (vote_id, position, person_id, ballot) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(position as i64)
                .bind(ballot.person_id)
                .bind(ballot.ballot.as_str())
                .execute(&mut *conn)
                .await?;
        }
        Ok(id)
    }
}

impl Record for Dissent {
    type Input = DissentInput;
    const ENTITY: &'static str = "dissent";
    const TABLE: &'static str = "dissents";
    const COLUMNS: &'static str = "id, region_id, item_id, forum_id, person_id, reasons, reasons_file_name, reasons_file_type, \
                                   reasons_file_size, reasons_file_sha256, reasons_submitted_at, version";
    const ORDER: &'static str = "item_id, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("item_id", FilterType::Int),
        ("meeting_id", FilterType::IntWhere("item_id IN (SELECT id FROM agenda_items WHERE meeting_id = {})")),
    ];
    const READ_BACK: bool = true;
    async fn before_delete(conn: &mut AnyConnection, record: &Self) -> Result<()> {
        check_item_open(conn, record.input.item_id).await
    }

    stored_fields!(forum_id: 0, withheld_from: Vec::new(), reasons_file: None);
    fn from_row(row: &AnyRow) -> Result<Self> {
        let file_name: Option<String> = row.try_get("reasons_file_name")?;
        let reasons_file = match file_name {
            Some(name) => Some(ReasonsFile {
                name,
                media_type: row.try_get::<Option<String>, _>("reasons_file_type")?.unwrap_or_default(),
                size: row.try_get::<Option<i64>, _>("reasons_file_size")?.unwrap_or_default(),
                submitted_at: row.try_get::<Option<String>, _>("reasons_submitted_at")?.unwrap_or_default(),
                sha256: row.try_get::<Option<String>, _>("reasons_file_sha256")?.unwrap_or_default(),
            }),
            None => None,
        };
        Ok(Dissent {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get("forum_id")?,
            withheld_from: Vec::new(),
            reasons_file,
            input: DissentInput {
                item_id: row.try_get("item_id")?,
                person_id: row.try_get("person_id")?,
                reasons: row.try_get("reasons")?,
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        for item in items.iter_mut() {
            item.withheld_from = withheld_from(conn, item.input.item_id).await?;
        }
        Ok(())
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &DissentInput) -> Result<Object> {
        Ok(Object::AgendaItem { region, forum: item_forum(conn, input.item_id).await? })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut DissentInput) -> Result<()> {
        input.reasons = input.reasons.trim().to_owned();
        check_part(conn, region, input.item_id, &[("person_id", Some(input.person_id))]).await?;
        check_open_before::<Dissent>(conn, id, |before| before.input.item_id).await?;
        Ok(rules::validate_dissent(input)?)
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &DissentInput) -> Result<Id> {
        let item = load::<AgendaItem>(conn, input.item_id).await?.ok_or(Error::NotFound)?;
        reset_approvals(conn, item.input.meeting_id).await?;
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &["item_id", "forum_id", "person_id", "reasons"], |q| {
            q.bind(input.item_id).bind(item.forum_id).bind(input.person_id).bind(input.reasons.clone())
        })
        .await
    }
}

// ---- actions and ratifications: followed after the meeting ---------------------------

impl Record for ActionItem {
    type Input = ActionInput;
    const ENTITY: &'static str = "action";
    const TABLE: &'static str = "actions";
    const COLUMNS: &'static str =
        "id, region_id, item_id, forum_id, title, owner_party_id, owner_person_id, due_date, status, notes, version";
    // Undated last on both backends (SQLite sorts NULL first, PostgreSQL last).
    const ORDER: &'static str = "due_date IS NULL, due_date, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("forum_id", FilterType::Int),
        ("item_id", FilterType::Int),
        ("owner_party_id", FilterType::Int),
        ("status", FilterType::Text),
        ("meeting_id", FilterType::IntWhere("item_id IN (SELECT id FROM agenda_items WHERE meeting_id = {})")),
    ];
    const READ_BACK: bool = true;
    /// An action agreed at the meeting is part of its record: kept once checked (R2.10).
    async fn before_delete(conn: &mut AnyConnection, record: &Self) -> Result<()> {
        check_item_open(conn, record.input.item_id).await
    }

    stored_fields!(forum_id: 0);
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(ActionItem {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get("forum_id")?,
            input: ActionInput {
                item_id: row.try_get("item_id")?,
                title: row.try_get("title")?,
                owner_party_id: row.try_get("owner_party_id")?,
                owner_person_id: row.try_get("owner_person_id")?,
                due_date: opt_date(row, "due_date")?,
                status: enum_value(row, "status", ActionStatus::parse)?,
                notes: row.try_get("notes")?,
            },
        })
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &ActionInput) -> Result<Object> {
        Ok(Object::ActionItem { region, forum: item_forum(conn, input.item_id).await?, party: input.owner_party_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut ActionInput) -> Result<()> {
        input.title = input.title.trim().to_owned();
        input.notes = input.notes.trim().to_owned();
        let mut result = rules::validate_action(input).map_err(Error::from);
        match item_in(conn, region.id, input.item_id).await? {
            None => result = merge(result, "item_id", "error-not-found"),
            // No action is added to a checked record (R2.10); progress on those agreed
            // is still reported afterwards.
            Some(item) if id.is_none() => check_item_open(conn, item.id).await?,
            Some(_) => {}
        }
        if let Some(id) = id
            && load::<ActionItem>(conn, id).await?.is_some_and(|before| before.input.item_id != input.item_id)
        {
            result = merge(result, "item_id", "error-action-item-fixed");
        }
        if let Some(party) = input.owner_party_id
            && in_region::<Party>(conn, region.id, party).await?.is_none()
        {
            result = merge(result, "owner_party_id", "error-not-found");
        }
        if let Some(person) = input.owner_person_id
            && in_region::<Person>(conn, region.id, person).await?.is_none()
        {
            result = merge(result, "owner_person_id", "error-not-found");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &ActionInput) -> Result<Id> {
        let forum = item_forum(conn, input.item_id).await?;
        let columns = ["item_id", "forum_id", "title", "owner_party_id", "owner_person_id", "due_date", "status", "notes"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.item_id)
                .bind(forum)
                .bind(input.title.clone())
                .bind(input.owner_party_id)
                .bind(input.owner_person_id)
                .bind(input.due_date.map(date_text))
                .bind(input.status.as_str())
                .bind(input.notes.clone())
        })
        .await
    }
}

impl Record for Ratification {
    type Input = RatificationInput;
    const ENTITY: &'static str = "ratification";
    const TABLE: &'static str = "ratifications";
    const COLUMNS: &'static str = "id, region_id, item_id, forum_id, party_id, body, decided_on, section, url, result, version";
    const ORDER: &'static str = "item_id, party_id";
    const FILTERS: &'static [(&'static str, FilterType)] =
        &[("item_id", FilterType::Int), ("party_id", FilterType::Int), ("result", FilterType::Text)];
    const READ_BACK: bool = true;

    stored_fields!(forum_id: 0);
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Ratification {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get("forum_id")?,
            input: RatificationInput {
                item_id: row.try_get("item_id")?,
                party_id: row.try_get("party_id")?,
                body: row.try_get("body")?,
                decided_on: opt_date(row, "decided_on")?,
                section: row.try_get("section")?,
                url: row.try_get("url")?,
                result: enum_value(row, "result", RatificationResult::parse)?,
            },
        })
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &RatificationInput) -> Result<Object> {
        Ok(Object::Ratification { region, forum: item_forum(conn, input.item_id).await?, party: input.party_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut RatificationInput) -> Result<()> {
        input.body = input.body.trim().to_owned();
        input.section = input.section.trim().to_owned();
        input.url = input.url.trim().to_owned();
        let mut result = rules::validate_ratification(input).map_err(Error::from);
        // Only a recommendation or a shared policy line goes to the parties (R0.1).
        let outcome: Option<String> = sqlx::query_scalar("SELECT outcome FROM item_records WHERE item_id = $1")
            .bind(input.item_id)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
        match item_in(conn, region.id, input.item_id).await? {
            None => result = merge(result, "item_id", "error-not-found"),
            Some(_) if !outcome.as_deref().and_then(Outcome::parse).is_some_and(Outcome::needs_ratification) => {
                result = merge(result, "item_id", "error-not-a-recommendation");
            }
            // The parties decide on what a checked record says (R1.9: a draft is not yet
            // public, and the ratifications are).
            Some(item) => {
                let checked: Option<i64> = sqlx::query_scalar("SELECT checked_version FROM minutes WHERE meeting_id = $1")
                    .bind(item.input.meeting_id)
                    .fetch_optional(&mut *conn)
                    .await?;
                if checked.unwrap_or(0) == 0 {
                    result = merge(result, "item_id", "error-ratification-unchecked");
                }
            }
        }
        if in_region::<Party>(conn, region.id, input.party_id).await?.is_none() {
            result = merge(result, "party_id", "error-not-found");
        }
        let other: Option<Id> = sqlx::query_scalar("SELECT id FROM ratifications WHERE item_id = $1 AND party_id = $2")
            .bind(input.item_id)
            .bind(input.party_id)
            .fetch_optional(&mut *conn)
            .await?;
        if other.is_some_and(|other| Some(other) != id) {
            result = merge(result, "party_id", "error-ratification-exists");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &RatificationInput) -> Result<Id> {
        let forum = item_forum(conn, input.item_id).await?;
        let columns = ["item_id", "forum_id", "party_id", "body", "decided_on", "section", "url", "result"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.item_id)
                .bind(forum)
                .bind(input.party_id)
                .bind(input.body.clone())
                .bind(input.decided_on.map(date_text))
                .bind(input.section.clone())
                .bind(input.url.clone())
                .bind(input.result.as_str())
        })
        .await
    }
}

// ---- the checking workflow (R2.10) --------------------------------------------------

async fn listed<R: Record>(conn: &mut AnyConnection, condition: &str, id: Id) -> Result<Vec<R>> {
    let sql = format!("SELECT {} FROM {} WHERE {condition} ORDER BY {}", R::COLUMNS, R::TABLE, R::ORDER);
    let rows = sqlx::query(AssertSqlSafe(&*sql)).bind(id).fetch_all(&mut *conn).await?;
    let mut items = rows.iter().map(R::from_row).collect::<Result<Vec<_>>>()?;
    R::attach(conn, &mut items).await?;
    Ok(items)
}

const OF_MEETING: &str = "item_id IN (SELECT id FROM agenda_items WHERE meeting_id = $1)";

async fn full_record(conn: &mut AnyConnection, minutes: Minutes) -> Result<FullRecord> {
    let meeting_id = minutes.input.meeting_id;
    let checkers = sqlx::query("SELECT person_id, approved_at, comment FROM minute_checkers WHERE minutes_id = $1 ORDER BY position")
        .bind(minutes.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            Ok(CheckerState {
                person_id: row.try_get("person_id")?,
                approved_at: row.try_get("approved_at")?,
                comment: row.try_get("comment")?,
            })
        })
        .collect::<Result<_>>()?;
    let mut items: Vec<AgendaItem> = listed(conn, "meeting_id = $1", meeting_id).await?;
    items.sort_by_key(|i| (i.input.position, i.id));
    Ok(FullRecord {
        checkers,
        presences: presences_in(conn, meeting_id).await?,
        records: listed(conn, "meeting_id = $1", meeting_id).await?,
        disqualifications: listed(conn, OF_MEETING, meeting_id).await?,
        votes: listed(conn, OF_MEETING, meeting_id).await?,
        dissents: listed(conn, OF_MEETING, meeting_id).await?,
        actions: listed(conn, OF_MEETING, meeting_id).await?,
        items,
        minutes,
    })
}

/// The whole record of a meeting as it stands, if its minutes were started.
pub async fn record_of(store: &Store, meeting_id: Id) -> Result<Option<FullRecord>> {
    let mut conn = store.pool().acquire().await?;
    let id: Option<Id> =
        sqlx::query_scalar("SELECT id FROM minutes WHERE meeting_id = $1").bind(meeting_id).fetch_optional(&mut *conn).await?;
    let Some(id) = id else { return Ok(None) };
    let minutes = load::<Minutes>(&mut conn, id).await?.ok_or(Error::NotFound)?;
    Ok(Some(full_record(&mut conn, minutes).await?))
}

/// Starts the record of a meeting, with the given chair, secretary and checkers.
pub async fn start(store: &Store, actor: &Actor, author: &Author, region_id: Id, input: MinutesInput) -> Result<Minutes> {
    records::create::<Minutes>(store, actor, author, region_id, input).await
}

/// Items a formal body decided without a quorum: presences and disqualifications may
/// have changed since the outcome was written (R2.2, R2.6).
async fn quorum_problems(conn: &mut AnyConnection, record: &FullRecord) -> Result<Vec<FieldError>> {
    let formal = load::<Forum>(conn, record.minutes.forum_id).await?.is_some_and(|f| f.input.legal_type == LegalType::FormalBody);
    let mut problems = Vec::new();
    if !formal {
        return Ok(problems);
    }
    for item in &record.items {
        let decided = record
            .records
            .iter()
            .any(|r| r.input.item_id == item.id && r.input.outcome.is_some_and(|o| o.is_decision() && o != Outcome::Tabled));
        if decided && !item_quorum(conn, item).await?.met() {
            problems.push(FieldError::new(&format!("items.{}.outcome", item.id), "error-no-quorum"));
        }
    }
    Ok(problems)
}

/// Loads a record for a workflow step, with the write lock held and the version
/// the caller saw still current.
async fn for_step(tx: &mut crate::Tx<'_>, actor: &Actor, minutes_id: Id, expected_version: Option<i64>) -> Result<Minutes> {
    let minutes = load::<Minutes>(tx, minutes_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::View, Object::AgendaItem { region: minutes.region_id, forum: minutes.forum_id })?;
    if expected_version.is_some_and(|v| v != minutes.version) {
        return Err(Error::Stale { current: minutes.version });
    }
    Ok(minutes)
}

async fn set_status(
    tx: &mut crate::Tx<'_>,
    author: &Author,
    before: &Minutes,
    status: MinutesStatus,
    reason: Option<&str>,
) -> Result<Minutes> {
    sqlx::query("UPDATE minutes SET status = $1, correction_reason = COALESCE($2, correction_reason), version = version + 1 WHERE id = $3")
        .bind(status.as_str())
        .bind(reason.map(str::to_owned))
        .bind(before.id)
        .execute(&mut **tx)
        .await?;
    let after = load::<Minutes>(tx, before.id).await?.ok_or(Error::NotFound)?;
    audit::record(
        tx,
        author,
        Change {
            action: status.as_str(),
            entity: Minutes::ENTITY,
            entity_id: before.id,
            region_id: Some(before.region_id),
            before: Some(before),
            after: Some(&after),
        },
    )
    .await?;
    Ok(after)
}

fn refuse(field: &str, code: &str) -> Error {
    Error::Invalid(vec![FieldError::new(field, code)])
}

/// Sends a complete draft to its checkers, and each of them an e-mail asking for the
/// check (composed by `compose` in their language), in one transaction.
pub async fn send_to_checkers(
    store: &Store,
    actor: &Actor,
    author: &Author,
    minutes_id: Id,
    expected_version: i64,
    mut compose: impl FnMut(&outbox::Letter<'_>) -> outbox::Composed,
) -> Result<Minutes> {
    let mut tx = store.write().await?;
    let minutes = for_step(&mut tx, actor, minutes_id, Some(expected_version)).await?;
    authorise(actor, Action::Update, Object::AgendaItem { region: minutes.region_id, forum: minutes.forum_id })?;
    if minutes.status != MinutesStatus::Draft {
        return Err(refuse("status", "error-minutes-not-draft"));
    }
    if minutes.approval != MinutesApproval::Checkers {
        return Err(refuse("approval", "error-checkers-not-used"));
    }
    if minutes.input.checker_ids.is_empty() {
        return Err(refuse("checker_ids", "error-checkers-required"));
    }
    let record = full_record(&mut tx, minutes.clone()).await?;
    let mut missing = rules::minutes_completeness(&record);
    missing.extend(quorum_problems(&mut tx, &record).await?);
    if !missing.is_empty() {
        return Err(Error::Invalid(missing));
    }
    sqlx::query("UPDATE minute_checkers SET approved_at = NULL, comment = '' WHERE minutes_id = $1")
        .bind(minutes.id)
        .execute(&mut *tx)
        .await?;
    let after = set_status(&mut tx, author, &minutes, MinutesStatus::Checking, None).await?;
    let meeting = load::<Meeting>(&mut tx, minutes.input.meeting_id).await?.ok_or(Error::NotFound)?;
    let register = crate::views::register_in(&mut tx, minutes.region_id).await?;
    let recipients = outbox::checkers(&register, &minutes.input.checker_ids);
    outbox::write_messages(&mut tx, author, &meeting, &register, outbox::Kind::Checking, &recipients, &mut compose).await?;
    tx.commit().await?;
    Ok(after)
}

/// One checker approves the record as it stands; the last approval checks it.
pub async fn approve(store: &Store, actor: &Actor, author: &Author, minutes_id: Id, at: NaiveDateTime) -> Result<Minutes> {
    let mut tx = store.write().await?;
    let minutes = for_step(&mut tx, actor, minutes_id, None).await?;
    let checker =
        actor.person_id.filter(|p| minutes.input.checker_ids.contains(p)).ok_or_else(|| refuse("checker", "error-not-a-checker"))?;
    if minutes.status != MinutesStatus::Checking {
        return Err(refuse("status", "error-minutes-not-checking"));
    }
    let approved: Option<String> = sqlx::query_scalar("SELECT approved_at FROM minute_checkers WHERE minutes_id = $1 AND person_id = $2")
        .bind(minutes.id)
        .bind(checker)
        .fetch_one(&mut *tx)
        .await?;
    if approved.is_some() {
        return Err(refuse("checker", "error-already-approved"));
    }
    let at_text = at.format("%Y-%m-%dT%H:%M:%S").to_string();
    sqlx::query("UPDATE minute_checkers SET approved_at = $1 WHERE minutes_id = $2 AND person_id = $3")
        .bind(at_text.clone())
        .bind(minutes.id)
        .bind(checker)
        .execute(&mut *tx)
        .await?;
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM minute_checkers WHERE minutes_id = $1 AND approved_at IS NULL")
        .bind(minutes.id)
        .fetch_one(&mut *tx)
        .await?;
    let after = if waiting == 0 {
        // The record may have been edited while the checkers read it: what they check
        // must still be complete, and every decision within its quorum (R2.2, R2.9).
        let record = full_record(&mut tx, minutes.clone()).await?;
        let mut missing = rules::minutes_completeness(&record);
        missing.extend(quorum_problems(&mut tx, &record).await?);
        if !missing.is_empty() {
            return Err(Error::Invalid(missing));
        }
        mark_checked(&mut tx, author, &minutes, &at_text).await?
    } else {
        // The approval itself is logged, with its time (R2.10).
        sqlx::query("UPDATE minutes SET version = version + 1 WHERE id = $1").bind(minutes.id).execute(&mut *tx).await?;
        let after = load::<Minutes>(&mut tx, minutes.id).await?.ok_or(Error::NotFound)?;
        audit::record(
            &mut tx,
            author,
            Change {
                action: "approve",
                entity: Minutes::ENTITY,
                entity_id: minutes.id,
                region_id: Some(minutes.region_id),
                before: Some(&minutes),
                after: Some(&after),
            },
        )
        .await?;
        after
    };
    tx.commit().await?;
    Ok(after)
}

/// A checker's comment: the record stays with the checkers, and the secretary sees it.
pub async fn comment(store: &Store, actor: &Actor, author: &Author, minutes_id: Id, text: &str) -> Result<Minutes> {
    let mut tx = store.write().await?;
    let minutes = for_step(&mut tx, actor, minutes_id, None).await?;
    let checker =
        actor.person_id.filter(|p| minutes.input.checker_ids.contains(p)).ok_or_else(|| refuse("checker", "error-not-a-checker"))?;
    if minutes.status != MinutesStatus::Checking {
        return Err(refuse("status", "error-minutes-not-checking"));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse("comment", "error-required"));
    }
    sqlx::query("UPDATE minute_checkers SET comment = $1 WHERE minutes_id = $2 AND person_id = $3")
        .bind(text.to_owned())
        .bind(minutes.id)
        .bind(checker)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE minutes SET version = version + 1 WHERE id = $1").bind(minutes.id).execute(&mut *tx).await?;
    let after = load::<Minutes>(&mut tx, minutes.id).await?.ok_or(Error::NotFound)?;
    audit::record(
        &mut tx,
        author,
        Change {
            action: "comment",
            entity: Minutes::ENTITY,
            entity_id: minutes.id,
            region_id: Some(minutes.region_id),
            before: Some(&minutes),
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A memo approved at the forum's next meeting (R2.10's alternative for cooperation
/// forums): the secretary records it after that meeting.
pub async fn approve_at_meeting(
    store: &Store,
    actor: &Actor,
    author: &Author,
    minutes_id: Id,
    expected_version: i64,
    meeting_id: Id,
    at: NaiveDateTime,
) -> Result<Minutes> {
    let mut tx = store.write().await?;
    let minutes = for_step(&mut tx, actor, minutes_id, Some(expected_version)).await?;
    authorise(actor, Action::Update, Object::AgendaItem { region: minutes.region_id, forum: minutes.forum_id })?;
    if minutes.approval != MinutesApproval::NextMeeting {
        return Err(refuse("approval", "error-approval-by-checkers"));
    }
    if minutes.status != MinutesStatus::Draft {
        return Err(refuse("status", "error-minutes-not-draft"));
    }
    let own = load::<Meeting>(&mut tx, minutes.input.meeting_id).await?.ok_or(Error::NotFound)?;
    let approving = load::<Meeting>(&mut tx, meeting_id).await?;
    // A later meeting of the same forum, one that has taken place by now.
    if !approving.is_some_and(|m| {
        m.input.forum_ids.contains(&minutes.forum_id)
            && m.starts() > own.starts()
            && m.starts() <= at
            && m.input.status != MeetingStatus::Cancelled
    }) {
        return Err(refuse("meeting_id", "error-not-a-later-meeting"));
    }
    let record = full_record(&mut tx, minutes.clone()).await?;
    let mut missing = rules::minutes_completeness(&record);
    missing.extend(quorum_problems(&mut tx, &record).await?);
    if !missing.is_empty() {
        return Err(Error::Invalid(missing));
    }
    let after = mark_checked(&mut tx, author, &minutes, &at.format("%Y-%m-%dT%H:%M:%S").to_string()).await?;
    tx.commit().await?;
    Ok(after)
}

/// Freezes the record as checked: the next version number, kept as it is now.
async fn mark_checked(tx: &mut crate::Tx<'_>, author: &Author, minutes: &Minutes, at: &str) -> Result<Minutes> {
    let number = minutes.checked_version + 1;
    // The checked record cites its items by § number, so the numbers are fixed now.
    let meeting = load::<Meeting>(tx, minutes.input.meeting_id).await?.ok_or(Error::NotFound)?;
    crate::agendas::fix_numbers(tx, &meeting).await?;
    sqlx::query("UPDATE minutes SET checked_version = $1 WHERE id = $2").bind(number).bind(minutes.id).execute(&mut **tx).await?;
    let after = set_status(tx, author, minutes, MinutesStatus::Checked, Some("")).await?;
    let record = full_record(tx, after.clone()).await?;
    sqlx::query("INSERT INTO minutes_versions (minutes_id, number, reason, checked_at, content) VALUES ($1, $2, $3, $4, $5)")
        .bind(minutes.id)
        .bind(number)
        .bind(minutes.correction_reason.clone())
        .bind(at.to_owned())
        .bind(serde_json::to_string(&record).map_err(|e| Error::Config(format!("minutes version: {e}")))?)
        .execute(&mut **tx)
        .await?;
    Ok(after)
}

/// Opens a checked record for a correction, with its reason; the checked version stays
/// as it was, and the corrected one is checked again as the next version.
pub async fn start_correction(
    store: &Store,
    actor: &Actor,
    author: &Author,
    minutes_id: Id,
    expected_version: i64,
    reason: &str,
) -> Result<Minutes> {
    let mut tx = store.write().await?;
    let minutes = for_step(&mut tx, actor, minutes_id, Some(expected_version)).await?;
    authorise(actor, Action::Update, Object::AgendaItem { region: minutes.region_id, forum: minutes.forum_id })?;
    if !matches!(minutes.status, MinutesStatus::Checked | MinutesStatus::Published) {
        return Err(refuse("status", "error-minutes-not-checked"));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(refuse("reason", "error-correction-reason"));
    }
    sqlx::query("UPDATE minute_checkers SET approved_at = NULL, comment = '' WHERE minutes_id = $1")
        .bind(minutes.id)
        .execute(&mut *tx)
        .await?;
    // A correction may concern an item checked at the meeting too; the checked version
    // keeps that it was.
    sqlx::query("UPDATE item_records SET checked_at_meeting = NULL WHERE meeting_id = $1")
        .bind(minutes.input.meeting_id)
        .execute(&mut *tx)
        .await?;
    let after = set_status(&mut tx, author, &minutes, MinutesStatus::Draft, Some(reason)).await?;
    tx.commit().await?;
    Ok(after)
}

/// Every checked version of a record, oldest first.
pub async fn versions(store: &Store, minutes_id: Id) -> Result<Vec<CheckedVersion>> {
    let rows = sqlx::query("SELECT number, reason, checked_at, content FROM minutes_versions WHERE minutes_id = $1 ORDER BY number")
        .bind(minutes_id)
        .fetch_all(store.pool())
        .await?;
    rows.iter()
        .map(|row| {
            let content: String = row.try_get("content")?;
            Ok(CheckedVersion {
                number: row.try_get("number")?,
                reason: row.try_get("reason")?,
                checked_at: row.try_get("checked_at")?,
                record: serde_json::from_str(&content).map_err(|e| Error::Config(format!("minutes version: {e}")))?,
            })
        })
        .collect()
}

/// The open actions of a forum, oldest due first: what its next agenda follows up.
pub async fn open_actions(store: &Store, forum_id: Id) -> Result<Vec<ActionItem>> {
    let mut conn = store.pool().acquire().await?;
    listed(&mut conn, "forum_id = $1 AND status IN ('open', 'in_progress')", forum_id).await
}

/// Every action a party owns, in any forum.
pub async fn party_actions(store: &Store, party_id: Id) -> Result<Vec<ActionItem>> {
    let mut conn = store.pool().acquire().await?;
    listed(&mut conn, "owner_party_id = $1", party_id).await
}

/// Records how each seat took part, all at once: a seat's presence is created or
/// replaced; either every row is written or none is.
pub async fn set_presences(
    store: &Store,
    actor: &Actor,
    author: &Author,
    region_id: Id,
    inputs: Vec<PresenceInput>,
) -> Result<Vec<PresenceRecord>> {
    let mut tx = store.write().await?;
    let mut written = Vec::new();
    let mut errors = Vec::new();
    for (i, input) in inputs.into_iter().enumerate() {
        let existing: Option<(Id, i64)> = sqlx::query("SELECT id, version FROM presences WHERE meeting_id = $1 AND seat_id = $2")
            .bind(input.meeting_id)
            .bind(input.seat_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| Ok::<_, Error>((row.try_get("id")?, row.try_get("version")?)))
            .transpose()?;
        let result = match existing {
            Some((id, version)) => records::update_in::<PresenceRecord>(&mut tx, actor, author, id, version, input).await,
            None => records::create_in::<PresenceRecord>(&mut tx, actor, author, region_id, None, input).await,
        };
        match result {
            Ok(record) => written.push(record),
            // Every seat's problems are reported together, each under its row.
            Err(Error::Invalid(list)) => {
                errors.extend(list.into_iter().map(|e| FieldError::new(&format!("seats.{i}.{}", e.field), &e.code)));
            }
            Err(other) => return Err(other),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    tx.commit().await?;
    Ok(written)
}

/// The quorum of a formal body's meeting for each of its items (R2.2, R2.6), or `None`
/// for a cooperation forum or a working group, which need none.
pub async fn quorums(store: &Store, meeting_id: Id) -> Result<Option<Vec<(Id, rules::Quorum)>>> {
    let mut conn = store.pool().acquire().await?;
    let Some(forum) = sqlx::query_scalar::<_, Id>("SELECT forum_id FROM meeting_forums WHERE meeting_id = $1 AND position = 0")
        .bind(meeting_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let formal = load::<Forum>(&mut conn, forum).await?.is_some_and(|f| f.input.legal_type == LegalType::FormalBody);
    if !formal {
        return Ok(None);
    }
    let items: Vec<AgendaItem> = listed(&mut conn, "meeting_id = $1", meeting_id).await?;
    let mut result = Vec::new();
    for item in &items {
        result.push((item.id, item_quorum(&mut conn, item).await?));
    }
    Ok(Some(result))
}

/// The member seats of a meeting and who sits in each that day, for the attendance form.
pub async fn seats_of(store: &Store, meeting: &Meeting) -> Result<Vec<(Seat, Option<Id>)>> {
    let mut conn = store.pool().acquire().await?;
    seats_of_in(&mut conn, meeting).await
}

pub(crate) async fn seats_of_in(conn: &mut AnyConnection, meeting: &Meeting) -> Result<Vec<(Seat, Option<Id>)>> {
    let seats = meeting_seats(conn, meeting).await?;
    let sitters = sitters(conn, &seats, meeting.input.date).await?;
    Ok(seats
        .into_iter()
        .map(|seat| {
            let person = sitters.get(&seat.id).copied();
            (seat, person)
        })
        .collect())
}

/// The region's items whose outcome goes to the parties for decision (R0.1), from
/// checked records only (a draft is not yet public, R1.9), newest first, each with its
/// record, meeting and the decisions recorded so far.
pub async fn ratification_items(store: &Store, region_id: Id) -> Result<Vec<(AgendaItem, ItemRecord, Meeting, Vec<Ratification>)>> {
    let mut conn = store.pool().acquire().await?;
    let records: Vec<ItemRecord> = listed(
        &mut conn,
        "region_id = $1 AND outcome IN ('recommendation', 'shared_policy_line') \
         AND meeting_id IN (SELECT meeting_id FROM minutes WHERE status IN ('checked', 'published') OR checked_version > 0)",
        region_id,
    )
    .await?;
    let mut result = Vec::new();
    for record in records {
        let Some(item) = load::<AgendaItem>(&mut conn, record.input.item_id).await? else { continue };
        let Some(meeting) = load::<Meeting>(&mut conn, item.input.meeting_id).await? else { continue };
        let decisions: Vec<Ratification> = listed(&mut conn, "item_id = $1", item.id).await?;
        result.push((item, record, meeting, decisions));
    }
    result.sort_by_key(|(_, _, meeting, _)| std::cmp::Reverse(meeting.starts()));
    Ok(result)
}

/// Whether `person` is disqualified in an item: they do not open its non-public
/// material (R2.6).
pub async fn is_disqualified(store: &Store, item_id: Id, person_id: Id) -> Result<bool> {
    let found: Option<Id> = sqlx::query_scalar("SELECT id FROM disqualifications WHERE item_id = $1 AND person_id = $2")
        .bind(item_id)
        .bind(person_id)
        .fetch_optional(store.pool())
        .await?;
    Ok(found.is_some())
}

// ---- checked at the meeting, written reasons ----------------------------------------

/// Records that the body checked one item's record at the meeting itself (R2.10): from
/// then on that item's record, with its disqualifications, votes, dissents and actions,
/// is final while the rest of the minutes are still written.
pub async fn check_item_at_meeting(
    store: &Store,
    actor: &Actor,
    author: &Author,
    record_id: Id,
    expected_version: i64,
) -> Result<ItemRecord> {
    let mut tx = store.write().await?;
    let before = load::<ItemRecord>(&mut tx, record_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Update, Object::AgendaItem { region: before.region_id, forum: before.forum_id })?;
    if before.version != expected_version {
        return Err(Error::Stale { current: before.version });
    }
    check_item_open(&mut tx, before.input.item_id).await?;
    if before.input.outcome.is_none() {
        return Err(refuse("outcome", "error-outcome-missing"));
    }
    sqlx::query("UPDATE item_records SET checked_at_meeting = $1, version = version + 1 WHERE id = $2")
        .bind(crate::now_text())
        .bind(record_id)
        .execute(&mut *tx)
        .await?;
    let after = load::<ItemRecord>(&mut tx, record_id).await?.ok_or(Error::NotFound)?;
    audit::record(
        &mut tx,
        author,
        Change {
            action: "check_at_meeting",
            entity: ItemRecord::ENTITY,
            entity_id: record_id,
            region_id: Some(before.region_id),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A dissenter's written reasons (R2.8), as text, as a file, or both: from the dissenter
/// themselves or whoever keeps the record, until the minutes are checked.
pub async fn submit_reasons(
    store: &Store,
    actor: &Actor,
    author: &Author,
    dissent_id: Id,
    reasons: Option<&str>,
    file: Option<(String, StoredFile)>,
) -> Result<Dissent> {
    let mut tx = store.write().await?;
    let before = load::<Dissent>(&mut tx, dissent_id).await?.ok_or(Error::NotFound)?;
    let own = actor.person_id == Some(before.input.person_id);
    if !own {
        authorise(actor, Action::Update, Object::AgendaItem { region: before.region_id, forum: before.forum_id })?;
    }
    let item = load::<AgendaItem>(&mut tx, before.input.item_id).await?.ok_or(Error::NotFound)?;
    // R2.8 accepts reasons until the minutes are checked, even for an item checked at the
    // meeting: the reasons are attached to the minutes, not part of the decision.
    check_open(&mut tx, item.input.meeting_id).await?;
    let mut input = before.input.clone();
    if let Some(reasons) = reasons {
        input.reasons = reasons.trim().to_owned();
    }
    rules::validate_dissent(&input)?;
    sqlx::query("UPDATE dissents SET reasons = $1, version = version + 1 WHERE id = $2")
        .bind(input.reasons.clone())
        .bind(dissent_id)
        .execute(&mut *tx)
        .await?;
    if let Some((name, stored)) = file {
        sqlx::query(
            "UPDATE dissents SET reasons_file_name = $1, reasons_file_type = $2, reasons_file_size = $3, reasons_file_sha256 = $4, \
             reasons_submitted_at = $5 WHERE id = $6",
        )
        .bind(name)
        .bind(stored.media_type)
        .bind(stored.size)
        .bind(stored.sha256)
        .bind(crate::now_text())
        .bind(dissent_id)
        .execute(&mut *tx)
        .await?;
    }
    reset_approvals(&mut tx, item.input.meeting_id).await?;
    let mut after = load::<Dissent>(&mut tx, dissent_id).await?.ok_or(Error::NotFound)?;
    Dissent::attach(&mut tx, std::slice::from_mut(&mut after)).await?;
    audit::record(
        &mut tx,
        author,
        Change {
            action: "submit_reasons",
            entity: Dissent::ENTITY,
            entity_id: dissent_id,
            region_id: Some(before.region_id),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

// ---- appeal instructions and notified parties (R2.11, R2.12) -------------------------

/// An organisation's own wordings of the appeal instructions.
pub(crate) async fn appeal_templates_in(conn: &mut AnyConnection, party_id: Id) -> Result<Vec<AppealTemplate>> {
    let sql = format!("SELECT {} FROM appeal_templates WHERE party_id = $1 ORDER BY id", AppealTemplate::COLUMNS);
    let rows = sqlx::query(AssertSqlSafe(&*sql)).bind(party_id).fetch_all(&mut *conn).await?;
    rows.iter().map(AppealTemplate::from_row).collect()
}

impl Record for AppealTemplate {
    type Input = AppealTemplateInput;
    const ENTITY: &'static str = "appeal_template";
    const TABLE: &'static str = "appeal_templates";
    const COLUMNS: &'static str = "id, region_id, party_id, appeal, basis, text_fi, text_sv, text_en, version";
    const ORDER: &'static str = "party_id, appeal, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("party_id", FilterType::Int), ("appeal", FilterType::Text)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(AppealTemplate {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: AppealTemplateInput {
                party_id: row.try_get("party_id")?,
                appeal: enum_value(row, "appeal", Appeal::parse)?,
                basis: row.try_get("basis")?,
                text: Names { fi: row.try_get("text_fi")?, sv: row.try_get("text_sv")?, en: row.try_get("text_en")? },
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, input: &AppealTemplateInput) -> Result<Object> {
        Ok(Object::Party { region, party: input.party_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut AppealTemplateInput) -> Result<()> {
        input.basis = input.basis.trim().to_owned();
        for text in [&mut input.text.fi, &mut input.text.sv, &mut input.text.en] {
            *text = text.trim().to_owned();
        }
        let mut result = rules::validate_appeal_template(input).map_err(Error::from);
        if in_region::<Party>(conn, region.id, input.party_id).await?.is_none() {
            result = merge(result, "party_id", "error-not-found");
        }
        let taken: Option<Id> = sqlx::query_scalar("SELECT id FROM appeal_templates WHERE party_id = $1 AND appeal = $2")
            .bind(input.party_id)
            .bind(input.appeal.as_str())
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_some_and(|other| Some(other) != id) {
            result = merge(result, "appeal", "error-appeal-template-exists");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &AppealTemplateInput) -> Result<Id> {
        let columns = ["party_id", "appeal", "basis", "text_fi", "text_sv", "text_en"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.party_id)
                .bind(input.appeal.as_str())
                .bind(input.basis.clone())
                .bind(input.text.fi.clone())
                .bind(input.text.sv.clone())
                .bind(input.text.en.clone())
        })
        .await
    }
}

impl Record for PartyNotification {
    type Input = PartyNotificationInput;
    const ENTITY: &'static str = "party_notification";
    const TABLE: &'static str = "party_notifications";
    const COLUMNS: &'static str = "id, region_id, item_id, forum_id, recipient, method, sent_on, version";
    const ORDER: &'static str = "item_id, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("item_id", FilterType::Int),
        ("meeting_id", FilterType::IntWhere("item_id IN (SELECT id FROM agenda_items WHERE meeting_id = {})")),
    ];
    const READ_BACK: bool = true;

    stored_fields!(forum_id: 0, received_on: None, deadline: None);
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(PartyNotification {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            forum_id: row.try_get("forum_id")?,
            received_on: None,
            deadline: None,
            input: PartyNotificationInput {
                item_id: row.try_get("item_id")?,
                recipient: row.try_get("recipient")?,
                method: enum_value(row, "method", NotificationMethod::parse)?,
                sent_on: opt_date(row, "sent_on")?.ok_or_else(|| Error::Config("party notification without a date".into()))?,
            },
        })
    }
    /// The recipient's dates follow from the method and the item's instructions (R2.12).
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        for notification in items.iter_mut() {
            let appeal: Option<Option<String>> = sqlx::query_scalar("SELECT appeal FROM item_records WHERE item_id = $1")
                .bind(notification.input.item_id)
                .fetch_optional(&mut *conn)
                .await?;
            let received = rules::notification_received(notification.input.method, notification.input.sent_on);
            notification.received_on = Some(received);
            notification.deadline = appeal
                .flatten()
                .as_deref()
                .and_then(Appeal::parse)
                .and_then(Appeal::challenge)
                .map(|challenge| calendar::challenge_deadline(received, challenge));
        }
        Ok(())
    }
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &PartyNotificationInput) -> Result<Object> {
        Ok(Object::AgendaItem { region, forum: item_forum(conn, input.item_id).await? })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, _: Option<Id>, input: &mut PartyNotificationInput) -> Result<()> {
        input.recipient = input.recipient.trim().to_owned();
        let mut result = rules::validate_notification(input).map_err(Error::from);
        match item_in(conn, region.id, input.item_id).await? {
            None => result = merge(result, "item_id", "error-not-found"),
            Some(item) => {
                // Only a formal body's decisions are notified to the parties (R2.12).
                let forum = load::<Forum>(conn, item.forum_id).await?;
                if forum.is_none_or(|f| f.input.legal_type != LegalType::FormalBody) {
                    result = merge(result, "item_id", "error-notification-not-for-forum");
                }
            }
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &PartyNotificationInput) -> Result<Id> {
        let forum = item_forum(conn, input.item_id).await?;
        let columns = ["item_id", "forum_id", "recipient", "method", "sent_on"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.item_id).bind(forum).bind(input.recipient.clone()).bind(input.method.as_str()).bind(date_text(input.sent_on))
        })
        .await
    }
}
