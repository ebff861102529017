//! The cooperation protocol (yhteistyöpöytäkirja) as a versioned public document (issue 5,
//! R1.15). A version accepted by a forum's agenda item is frozen; the parties' approvals of
//! it are that item's ratifications, the same records the ratification tracker keeps.

use foorumi_core::cooperation::{self, ProtocolVersion, ProtocolVersionInput};
use foorumi_core::permissions::Object;
use foorumi_core::*;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::records::{self, FilterType, Record, date, date_text, in_region, load, merge, stored_fields, upsert};
use crate::{Error, Result, Store};

impl Record for ProtocolVersion {
    type Input = ProtocolVersionInput;
    const ENTITY: &'static str = "protocol_version";
    const TABLE: &'static str = "protocol_versions";
    const COLUMNS: &'static str = "id, region_id, label, valid_from, text, item_id, acceptance_note, version";
    const ORDER: &'static str = "valid_from, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("label", FilterType::Text)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(ProtocolVersion {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: ProtocolVersionInput {
                label: row.try_get("label")?,
                valid_from: date(row, "valid_from")?,
                text: row.try_get("text")?,
                item_id: row.try_get("item_id")?,
                acceptance_note: row.try_get("acceptance_note")?,
            },
        })
    }
    async fn object(_: &mut AnyConnection, region: Id, _: Option<Id>, _: &ProtocolVersionInput) -> Result<Object> {
        Ok(Object::Cooperation { region })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut ProtocolVersionInput) -> Result<()> {
        input.label = input.label.trim().to_owned();
        input.acceptance_note = input.acceptance_note.trim().to_owned();
        let mut result = cooperation::validate_protocol_version(input).map_err(Error::from);
        // Once accepted the text is what the parties approved: a change is a new version.
        if let Some(id) = id
            && let Some(stored) = load::<ProtocolVersion>(conn, id).await?
            && let Err(frozen) = cooperation::check_protocol_change(&stored, input)
        {
            return Err(Error::Invalid(vec![frozen]));
        }
        if let Some(item) = input.item_id
            && in_region::<AgendaItem>(conn, region.id, item).await?.is_none()
        {
            result = merge(result, "item_id", "error-not-found");
        }
        let other: Option<Id> = sqlx::query_scalar("SELECT id FROM protocol_versions WHERE region_id = $1 AND label = $2")
            .bind(region.id)
            .bind(input.label.clone())
            .fetch_optional(&mut *conn)
            .await?;
        if other.is_some_and(|other| Some(other) != id) {
            result = merge(result, "label", "error-protocol-label-taken");
        }
        result
    }
    async fn before_delete(_: &mut AnyConnection, record: &Self) -> Result<()> {
        if record.frozen() {
            return Err(Error::Invalid(vec![FieldError::new("text", "error-protocol-frozen")]));
        }
        Ok(())
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &ProtocolVersionInput) -> Result<Id> {
        let columns = ["label", "valid_from", "text", "item_id", "acceptance_note"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.label.clone())
                .bind(date_text(input.valid_from))
                .bind(input.text.clone())
                .bind(input.item_id)
                .bind(input.acceptance_note.clone())
        })
        .await
    }
}

/// The region's versions, oldest first.
pub async fn versions(store: &Store, region_id: Id) -> Result<Vec<ProtocolVersion>> {
    let mut conn = store.pool().acquire().await?;
    records::all::<ProtocolVersion>(&mut conn, region_id).await
}

/// One party's approval of a version: its body's decision on the accepting item, if
/// recorded yet.
#[derive(Debug, Clone)]
pub struct Approval {
    pub party: Party,
    pub decision: Option<Ratification>,
}

/// Each party that signs the protocol, with its decision on the version's accepting item
/// (the ratification tracker's records); none for a version not accepted yet.
pub async fn approvals(store: &Store, version: &ProtocolVersion) -> Result<Vec<Approval>> {
    let Some(item_id) = version.input.item_id else { return Ok(Vec::new()) };
    let mut conn = store.pool().acquire().await?;
    let parties = records::all::<Party>(&mut conn, version.region_id).await?;
    let (decisions, _) = records::list::<Ratification>(
        store,
        Some(version.region_id),
        &[("item_id".to_owned(), item_id.to_string())],
        records::Page { offset: 0, limit: 1000 },
    )
    .await?;
    Ok(parties
        .into_iter()
        .filter(|p| p.input.signed_protocol || decisions.iter().any(|d| d.input.party_id == p.id))
        .map(|party| {
            let decision = decisions.iter().find(|d| d.input.party_id == party.id).cloned();
            Approval { party, decision }
        })
        .collect())
}
