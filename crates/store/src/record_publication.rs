//! Publishing a checked record (R1.1–R1.4, R1.13): the personal identifiers found in what
//! would be published, each kept or taken out by the secretary; the public version built
//! from the checked version, a secret item as its number, public title and marking only;
//! and the day its personal data leaves the public copy, after which the copy keeps a
//! placeholder where each kept identifier was. The checked versions, the archival copy,
//! keep everything.

use chrono::{NaiveDate, NaiveDateTime};
use foorumi_core::calendar::{self, Challenge};
use foorumi_core::permissions::{Action, Actor, Object};
use foorumi_core::personal_data::{self, KnownName};
use foorumi_core::rules;
use foorumi_core::*;
use sqlx::{AnyConnection, Row};

use crate::audit::{self, Author, Change};
use crate::records::{Record, authorise, date_text, load, parse_date};
use crate::{Error, Result, Store};

/// What a removed identifier becomes in the public copy.
pub const REMOVED: &str = "[…]";

/// The latest checked version of a record.
async fn checked_version(conn: &mut AnyConnection, minutes: &Minutes) -> Result<Option<FullRecord>> {
    let content: Option<String> = sqlx::query_scalar("SELECT content FROM minutes_versions WHERE minutes_id = $1 AND number = $2")
        .bind(minutes.id)
        .bind(minutes.checked_version)
        .fetch_optional(&mut *conn)
        .await?;
    content.map(|c| serde_json::from_str(&c).map_err(|e| Error::Config(format!("minutes version: {e}")))).transpose()
}

/// Whether an item is published with its content: everything not secret, for a checked
/// record is public (R1.9).
fn published_in_full(item: &AgendaItem) -> bool {
    item.input.publicity != Publicity::Secret
}

/// The title an item is printed under in the public record.
fn printed_title(item: &AgendaItem) -> &str {
    if item.input.public_title.is_empty() { &item.input.title } else { &item.input.public_title }
}

/// The texts of a public item that the public record prints, by field: its title too,
/// and the motions of its votes.
fn item_texts<'a>(record: &'a FullRecord, item: &'a AgendaItem) -> Vec<&'a str> {
    let mut texts = vec![printed_title(item), item.input.background.as_str(), item.input.proposal.as_str()];
    if let Some(r) = record.records.iter().find(|r| r.input.item_id == item.id) {
        texts.push(&r.input.discussion);
        texts.push(&r.input.outcome_text);
    }
    texts.extend(
        record
            .votes
            .iter()
            .filter(|v| v.input.item_id == item.id)
            .flat_map(|v| [v.input.yes_proposal.as_str(), v.input.no_proposal.as_str()]),
    );
    texts.extend(record.dissents.iter().filter(|d| d.input.item_id == item.id).map(|d| d.input.reasons.as_str()));
    texts.extend(record.actions.iter().filter(|a| a.input.item_id == item.id).map(|a| a.input.title.as_str()));
    texts
}

/// The people of the register who act in no official role on the day: no seat and no
/// post in force. Their names in a record are personal data (R1.3).
async fn private_people(conn: &mut AnyConnection, region_id: Id, date: NaiveDate) -> Result<Vec<(Id, String)>> {
    let day = date_text(date);
    let rows = sqlx::query(
        "SELECT id, name FROM people p WHERE region_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM seats s WHERE s.person_id = p.id AND s.start_date <= $2 AND (s.end_date IS NULL OR s.end_date >= $2)) \
         AND NOT EXISTS (SELECT 1 FROM holdings h WHERE h.person_id = p.id AND h.start_date <= $2 AND (h.end_date IS NULL OR h.end_date >= $2))",
    )
    .bind(region_id)
    .bind(day)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| Ok((row.try_get("id")?, row.try_get("name")?))).collect()
}

/// Every personal identifier in what the record would publish, one per item and text,
/// with the decision already made on it.
async fn find_identifiers(conn: &mut AnyConnection, minutes: &Minutes, record: &FullRecord) -> Result<Vec<IdentifierReview>> {
    let meeting = load::<Meeting>(conn, minutes.input.meeting_id).await?.ok_or(Error::NotFound)?;
    let people = private_people(conn, minutes.region_id, meeting.input.date).await?;
    // "Matti Virtanen": the last word is the family name.
    let names: Vec<KnownName> = people
        .iter()
        .filter_map(|(id, name)| {
            let (given, family) = name.trim().rsplit_once(' ')?;
            Some(KnownName { person_id: *id, given: given.trim(), family: family.trim() })
        })
        .collect();
    let decided: Vec<(Id, String, String)> = sqlx::query("SELECT item_id, text, decision FROM personal_data_reviews WHERE minutes_id = $1")
        .bind(minutes.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("item_id")?, row.try_get("text")?, row.try_get("decision")?)))
        .collect::<Result<_>>()?;
    let mut found: Vec<IdentifierReview> = Vec::new();
    for item in record.items.iter().filter(|i| published_in_full(i)) {
        for text in item_texts(record, item) {
            for finding in personal_data::find(text, &names) {
                if found.iter().any(|f| f.item_id == item.id && f.text == finding.text) {
                    continue;
                }
                let decision =
                    decided.iter().find(|(i, t, _)| *i == item.id && *t == finding.text).and_then(|(_, _, d)| IdentifierDecision::parse(d));
                found.push(IdentifierReview {
                    item_id: item.id,
                    kind: finding.kind,
                    text: finding.text,
                    person_id: finding.person_id,
                    decision,
                });
            }
        }
    }
    Ok(found)
}

/// The personal identifiers the secretary must decide on before publishing a record.
pub async fn identifiers(store: &Store, actor: &Actor, minutes_id: Id) -> Result<Vec<IdentifierReview>> {
    let mut conn = store.pool().acquire().await?;
    let minutes = load::<Minutes>(&mut conn, minutes_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Update, Object::AgendaItem { region: minutes.region_id, forum: minutes.forum_id })?;
    let Some(record) = checked_version(&mut conn, &minutes).await? else { return Ok(Vec::new()) };
    find_identifiers(&mut conn, &minutes, &record).await
}

/// Replaces each of `texts` in `item`'s printed fields: its title and body (a secret item
/// prints neither).
fn replace_in(item: &mut PublicRecordItem, texts: &[&str]) {
    let PublicRecordItem { public_title, body: Some(body), .. } = item else { return };
    let apply = |field: &mut String| {
        for text in texts {
            if !text.is_empty() {
                *field = field.replace(text, REMOVED);
            }
        }
    };
    apply(public_title);
    apply(&mut body.background);
    apply(&mut body.proposal);
    apply(&mut body.discussion);
    apply(&mut body.outcome_text);
    body.votes.iter_mut().for_each(|v| {
        apply(&mut v.yes_proposal);
        apply(&mut v.no_proposal);
    });
    body.dissents.iter_mut().for_each(|(_, reasons)| apply(reasons));
    body.actions.iter_mut().for_each(|a| apply(&mut a.title));
}

/// The public version of a checked record, with the identifiers the secretary chose to
/// take out already out.
async fn public_version(conn: &mut AnyConnection, minutes: &Minutes, record: &FullRecord, redact: &[(Id, String)]) -> Result<PublicRecord> {
    let meeting = load::<Meeting>(conn, minutes.input.meeting_id).await?.ok_or(Error::NotFound)?;
    let register = crate::views::register_in(conn, minutes.region_id).await?;
    let name = |id: Option<Id>| id.and_then(|id| register.person(id)).map(|p| p.input.name.clone()).unwrap_or_default();
    let party = |id: Option<Id>| id.and_then(|id| register.party(id)).map(|p| p.input.name.fi.clone()).unwrap_or_default();
    let year_meetings = crate::meetings::of_forum(conn, minutes.forum_id, chrono::Datelike::year(&meeting.input.date)).await?;
    let number = crate::meetings::numbers(&year_meetings).get(&meeting.id).cloned().unwrap_or_default();
    let seats = crate::minutes::seats_of_in(conn, &meeting).await?;
    let attendance = seats
        .iter()
        .filter_map(|(seat, sitter)| {
            let presence = record.presences.iter().find(|p| p.input.seat_id == seat.id)?;
            Some(PublicPresence {
                name: name(*sitter),
                party: party(Some(seat.input.party_id)),
                role: seat.input.role,
                presence: presence.input.presence,
                deputy: name(presence.input.deputy_id),
            })
        })
        .collect::<Vec<_>>();
    let formal = register.forum(minutes.forum_id).is_some_and(|f| f.input.legal_type == LegalType::FormalBody);
    let quorum = formal.then(|| {
        let q = rules::Quorum::new(seats.len(), attendance.iter().filter(|a| rules::counts_as_present(a.presence)).count());
        (q.present, q.members, q.required)
    });
    let organisation = register.forum(minutes.forum_id).and_then(|f| f.input.organisation_id);
    let templates = match organisation {
        Some(party) => crate::minutes::appeal_templates_in(conn, party).await?,
        None => Vec::new(),
    };
    let items = record
        .items
        .iter()
        .map(|item| {
            let marking = (item.input.publicity == Publicity::Secret).then(|| {
                let basis = item.input.legal_basis_id.and_then(|b| register.legal_bases.iter().find(|l| l.id == b));
                SecrecyMarking {
                    code: basis.map(|b| b.input.code.clone()).unwrap_or_default(),
                    name: basis.map(|b| b.input.name.clone()).unwrap_or_default(),
                }
            });
            let body = published_in_full(item).then(|| {
                let handled = record.records.iter().find(|r| r.input.item_id == item.id);
                let appeal = handled.and_then(|r| r.input.appeal);
                let template = appeal.and_then(|a| templates.iter().find(|t| t.input.appeal == a));
                PublicRecordBody {
                    background: item.input.background.clone(),
                    proposal: item.input.proposal.clone(),
                    discussion: handled.map(|r| r.input.discussion.clone()).unwrap_or_default(),
                    outcome: handled.and_then(|r| r.input.outcome),
                    outcome_text: handled.map(|r| r.input.outcome_text.clone()).unwrap_or_default(),
                    appeal,
                    appeal_basis: handled.map(|r| r.input.appeal_basis.clone()).unwrap_or_default(),
                    appeal_text: template.map(|t| t.input.text.clone()),
                    checked_at_meeting: handled.is_some_and(|r| r.checked_at_meeting.is_some()),
                    disqualifications: record
                        .disqualifications
                        .iter()
                        .filter(|d| d.input.item_id == item.id)
                        .map(|d| (name(Some(d.input.person_id)), d.input.ground))
                        .collect(),
                    votes: record
                        .votes
                        .iter()
                        .filter(|v| v.input.item_id == item.id)
                        .map(|v| PublicVote {
                            yes_proposal: v.input.yes_proposal.clone(),
                            no_proposal: v.input.no_proposal.clone(),
                            ballots: v.input.ballots.iter().map(|b| (name(Some(b.person_id)), b.ballot)).collect(),
                        })
                        .collect(),
                    dissents: record
                        .dissents
                        .iter()
                        .filter(|d| d.input.item_id == item.id)
                        .map(|d| (name(Some(d.input.person_id)), d.input.reasons.clone()))
                        .collect(),
                    actions: record
                        .actions
                        .iter()
                        .filter(|a| a.input.item_id == item.id)
                        .map(|a| PublicAction {
                            title: a.input.title.clone(),
                            owner: if a.input.owner_party_id.is_some() {
                                party(a.input.owner_party_id)
                            } else {
                                name(a.input.owner_person_id)
                            },
                            due_date: a.input.due_date,
                            status: a.input.status,
                        })
                        .collect(),
                }
            });
            let mut public = PublicRecordItem {
                number: item.number.unwrap_or_default(),
                public_title: printed_title(item).to_owned(),
                publicity: if published_in_full(item) { Publicity::Public } else { Publicity::Secret },
                marking,
                body,
            };
            let texts: Vec<&str> = redact.iter().filter(|(i, _)| *i == item.id).map(|(_, t)| t.as_str()).collect();
            replace_in(&mut public, &texts);
            public
        })
        .collect();
    let checked_at: Option<String> = sqlx::query_scalar("SELECT checked_at FROM minutes_versions WHERE minutes_id = $1 AND number = $2")
        .bind(minutes.id)
        .bind(minutes.checked_version)
        .fetch_optional(&mut *conn)
        .await?;
    let reason: Option<String> = sqlx::query_scalar("SELECT reason FROM minutes_versions WHERE minutes_id = $1 AND number = $2")
        .bind(minutes.id)
        .bind(minutes.checked_version)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(PublicRecord {
        meeting_id: meeting.id,
        region_id: meeting.region_id,
        number,
        kind: minutes.kind,
        forum_ids: meeting.input.forum_ids.clone(),
        date: meeting.input.date,
        meeting_kind: meeting.input.kind,
        place: meeting.input.place.clone(),
        opened_at: record.minutes.input.opened_at,
        closed_at: record.minutes.input.closed_at,
        chair: name(record.minutes.input.chair_id),
        secretary: name(record.minutes.input.secretary_id),
        attendance,
        quorum,
        items,
        version: minutes.checked_version,
        checked_at: checked_at.unwrap_or_default(),
        checkers: record.checkers.iter().map(|c| (name(Some(c.person_id)), c.approved_at.clone().unwrap_or_default())).collect(),
        correction_reason: reason.unwrap_or_default(),
    })
}

/// Publishes the checked version of a record, once every personal identifier found in it
/// is kept or taken out (`decisions` adds to those made before). A formal body's minutes
/// are published only once checked (R1.1); so are memos.
pub async fn publish(
    store: &Store,
    actor: &Actor,
    author: &Author,
    minutes_id: Id,
    expected_version: i64,
    decisions: &[IdentifierDecisionInput],
    at: NaiveDateTime,
) -> Result<RecordPublication> {
    let mut tx = store.write().await?;
    let minutes = load::<Minutes>(&mut tx, minutes_id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Update, Object::AgendaItem { region: minutes.region_id, forum: minutes.forum_id })?;
    if minutes.version != expected_version {
        return Err(Error::Stale { current: minutes.version });
    }
    if !matches!(minutes.status, MinutesStatus::Checked | MinutesStatus::Published) {
        return Err(Error::Invalid(vec![FieldError::new("status", "error-publish-unchecked")]));
    }
    let record = checked_version(&mut tx, &minutes).await?.ok_or(Error::NotFound)?;
    // A formal body's minutes go online only with each item's appeal instructions or
    // no-appeal notice (R1.1, R2.11).
    if minutes.kind == RecordKind::Minutes {
        let missing: Vec<FieldError> = record
            .items
            .iter()
            .filter(|item| !record.records.iter().any(|r| r.input.item_id == item.id && r.input.appeal.is_some()))
            .map(|item| FieldError::new(&format!("items.{}.appeal", item.id), "error-appeal-missing"))
            .collect();
        if !missing.is_empty() {
            return Err(Error::Invalid(missing));
        }
    }
    let stamp = at.format("%Y-%m-%dT%H:%M:%S").to_string();
    let found = find_identifiers(&mut tx, &minutes, &record).await?;
    for decision in decisions {
        if !found.iter().any(|f| f.item_id == decision.item_id && f.text == decision.text) {
            return Err(Error::Invalid(vec![FieldError::new("decisions", "error-identifier-unknown")]));
        }
        sqlx::query("DELETE FROM personal_data_reviews WHERE minutes_id = $1 AND item_id = $2 AND text = $3")
            .bind(minutes.id)
            .bind(decision.item_id)
            .bind(decision.text.clone())
            .execute(&mut *tx)
            .await?;
        let kind = found.iter().find(|f| f.item_id == decision.item_id && f.text == decision.text).map(|f| f.kind);
        sqlx::query(
            "INSERT INTO personal_data_reviews (minutes_id, item_id, text, kind, decision, reviewed_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(minutes.id)
        .bind(decision.item_id)
        .bind(decision.text.clone())
        .bind(
            kind.map(|k| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()).unwrap_or_default(),
        )
        .bind(decision.decision.as_str())
        .bind(stamp.clone())
        .execute(&mut *tx)
        .await?;
    }
    let reviewed = find_identifiers(&mut tx, &minutes, &record).await?;
    let open: Vec<FieldError> = reviewed
        .iter()
        .filter(|r| r.decision.is_none())
        .map(|r| FieldError::new(&format!("items.{}.identifiers", r.item_id), "error-identifier-unreviewed"))
        .collect();
    if !open.is_empty() {
        return Err(Error::Invalid(open));
    }
    // The public is deemed notified seven days on; the data leaves after the period to
    // ask for rectification (R1.4). The period runs from the first publication of this
    // version: publishing it again (to take more out) neither restarts the period nor
    // brings back what left on its day.
    let first: Option<String> =
        sqlx::query_scalar("SELECT MIN(published_at) FROM minutes_publications WHERE minutes_id = $1 AND number = $2")
            .bind(minutes.id)
            .bind(minutes.checked_version)
            .fetch_one(&mut *tx)
            .await?;
    let first_day = match first.as_deref() {
        Some(stamp) => parse_date(stamp.get(..10).unwrap_or(stamp))?,
        None => at.date(),
    };
    let until = calendar::publication_period(first_day, Challenge::Rectification).personal_data_removed;
    let expired = until <= at.date();
    let redact: Vec<(Id, String)> = reviewed
        .iter()
        .filter(|r| expired || r.decision == Some(IdentifierDecision::Redact))
        .map(|r| (r.item_id, r.text.clone()))
        .collect();
    let public = public_version(&mut tx, &minutes, &record, &redact).await?;
    let kept = !expired && reviewed.iter().any(|r| r.decision == Some(IdentifierDecision::Keep));
    let content = serde_json::to_string(&public).map_err(|e| Error::Config(e.to_string()))?;
    let row = sqlx::query(
        "INSERT INTO minutes_publications (minutes_id, number, published_at, published_by, personal_data_until, personal_data_removed_at, content) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(minutes.id)
    .bind(minutes.checked_version)
    .bind(stamp.clone())
    .bind(author.label.clone())
    .bind(date_text(until))
    // With nothing kept there is nothing to remove later.
    .bind((!kept).then(|| stamp.clone()))
    .bind(content)
    .fetch_one(&mut *tx)
    .await?;
    let publication_id: Id = row.try_get("id")?;
    sqlx::query("UPDATE minutes SET status = 'published', version = version + 1 WHERE id = $1").bind(minutes.id).execute(&mut *tx).await?;
    let after = load::<Minutes>(&mut tx, minutes.id).await?.ok_or(Error::NotFound)?;
    audit::record(
        &mut tx,
        author,
        Change {
            action: "publish",
            entity: Minutes::ENTITY,
            entity_id: minutes.id,
            region_id: Some(minutes.region_id),
            before: Some(&minutes),
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(RecordPublication {
        id: publication_id,
        minutes_id: minutes.id,
        published_at: stamp.clone(),
        personal_data_until: until,
        personal_data_removed_at: (!kept).then_some(stamp),
        record: public,
    })
}

fn publication_from(row: &sqlx::any::AnyRow) -> Result<RecordPublication> {
    let content: String = row.try_get("content")?;
    let until: String = row.try_get("personal_data_until")?;
    Ok(RecordPublication {
        id: row.try_get("id")?,
        minutes_id: row.try_get("minutes_id")?,
        published_at: row.try_get("published_at")?,
        personal_data_until: parse_date(&until)?,
        personal_data_removed_at: row.try_get("personal_data_removed_at")?,
        record: serde_json::from_str(&content).map_err(|e| Error::Config(format!("record publication: {e}")))?,
    })
}

/// Takes the kept personal data out of one publication's public copy.
async fn remove_personal_data(tx: &mut crate::Tx<'_>, author: &Author, publication: &RecordPublication, today: NaiveDate) -> Result<()> {
    // Every identifier reviewed, not only those kept now: a decision may have changed from
    // keep to redact when a corrected version was published, and this older copy still
    // holds what was kept when it was made. Those already taken out are no longer there.
    let reviewed: Vec<(Id, String)> = sqlx::query("SELECT item_id, text FROM personal_data_reviews WHERE minutes_id = $1")
        .bind(publication.minutes_id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("item_id")?, row.try_get("text")?)))
        .collect::<Result<_>>()?;
    let minutes = load::<Minutes>(tx, publication.minutes_id).await?.ok_or(Error::NotFound)?;
    let items: Vec<AgendaItem> = crate::agendas::items_in(tx, minutes.input.meeting_id).await?;
    let mut record = publication.record.clone();
    for public in record.items.iter_mut() {
        let Some(item) = items.iter().find(|i| i.number == Some(public.number)) else { continue };
        let texts: Vec<&str> = reviewed.iter().filter(|(i, _)| *i == item.id).map(|(_, t)| t.as_str()).collect();
        replace_in(public, &texts);
    }
    let content = serde_json::to_string(&record).map_err(|e| Error::Config(e.to_string()))?;
    let stamp = today.and_hms_opt(0, 0, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%S").to_string();
    sqlx::query("UPDATE minutes_publications SET content = $1, personal_data_removed_at = $2 WHERE id = $3")
        .bind(content)
        .bind(stamp)
        .bind(publication.id)
        .execute(&mut **tx)
        .await?;
    // Logged, and the register version moves on, so no cached page keeps the data.
    audit::record(
        tx,
        author,
        Change {
            action: "remove_personal_data",
            entity: Minutes::ENTITY,
            entity_id: minutes.id,
            region_id: Some(minutes.region_id),
            before: None::<&Minutes>,
            after: None::<&Minutes>,
        },
    )
    .await?;
    Ok(())
}

/// The scheduled job of R1.4: every publication whose personal-data day has come loses
/// the personal data it kept. Returns how many publications changed.
pub async fn remove_expired_personal_data(store: &Store, today: NaiveDate) -> Result<usize> {
    let mut tx = store.write().await?;
    let rows = sqlx::query(
        "SELECT id, minutes_id, published_at, personal_data_until, personal_data_removed_at, content FROM minutes_publications \
         WHERE personal_data_removed_at IS NULL AND personal_data_until <= $1",
    )
    .bind(date_text(today))
    .fetch_all(&mut *tx)
    .await?;
    let due = rows.iter().map(publication_from).collect::<Result<Vec<_>>>()?;
    let author = Author::system("personal-data-expiry");
    for publication in &due {
        remove_personal_data(&mut tx, &author, publication, today).await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

/// The latest publication of a meeting's record as the public may read it `today`: its
/// personal data are out once their day has come, even before the job has run.
pub async fn publication(store: &Store, meeting_id: Id, today: NaiveDate) -> Result<Option<RecordPublication>> {
    let Some(publication) = latest_publication(store, meeting_id).await? else { return Ok(None) };
    if publication.personal_data_removed_at.is_none() && publication.personal_data_until <= today {
        remove_expired_personal_data(store, today).await?;
        return latest_publication(store, meeting_id).await;
    }
    Ok(Some(publication))
}

async fn latest_publication(store: &Store, meeting_id: Id) -> Result<Option<RecordPublication>> {
    let row = sqlx::query(
        "SELECT p.id, p.minutes_id, p.published_at, p.personal_data_until, p.personal_data_removed_at, p.content \
         FROM minutes_publications p JOIN minutes m ON m.id = p.minutes_id WHERE m.meeting_id = $1 ORDER BY p.id DESC LIMIT 1",
    )
    .bind(meeting_id)
    .fetch_optional(store.pool())
    .await?;
    row.map(|row| publication_from(&row)).transpose()
}
