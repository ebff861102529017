//! The register as one JSON document: `export` writes every region's register, `import`
//! reads one back, keeping ids, in a single transaction. A file with one bad record
//! imports nothing, and the error names the record and the field.

use foorumi_core::permissions::Actor;
use foorumi_core::*;
use serde::{Deserialize, Serialize};
use sqlx::AssertSqlSafe;

use crate::audit::Author;
use crate::records::{Record, all, create_in};
use crate::{Backend, Error, Result, Store};

pub const FORMAT: &str = "foorumi-register/1";

/// A record as the file holds it: its id and its input, nothing derived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item<I> {
    pub id: Id,
    #[serde(flatten)]
    pub input: I,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionFile {
    pub id: Id,
    pub code: String,
    pub name: Names,
    #[serde(default)]
    pub council_terms: Vec<Item<TermInput>>,
    #[serde(default)]
    pub parties: Vec<Item<PartyInput>>,
    #[serde(default)]
    pub people: Vec<Item<PersonInput>>,
    #[serde(default)]
    pub posts: Vec<Item<PostInput>>,
    #[serde(default)]
    pub holdings: Vec<Item<HoldingInput>>,
    #[serde(default)]
    pub forums: Vec<Item<ForumInput>>,
    #[serde(default)]
    pub seats: Vec<Item<SeatInput>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterFile {
    pub format: String,
    pub regions: Vec<RegionFile>,
}

fn items<R: Record>(records: Vec<R>) -> Vec<Item<R::Input>> {
    records.into_iter().map(|r| Item { id: r.id(), input: r.input().clone() }).collect()
}

pub async fn export(store: &Store) -> Result<RegisterFile> {
    let mut conn = store.pool().acquire().await?;
    let mut regions = Vec::new();
    for region in crate::views::regions(store).await? {
        let id = region.id;
        regions.push(RegionFile {
            id,
            code: region.input.code,
            name: region.input.name,
            council_terms: items(all::<CouncilTerm>(&mut conn, id).await?),
            parties: items(all::<Party>(&mut conn, id).await?),
            people: items(all::<Person>(&mut conn, id).await?),
            posts: items(all::<Post>(&mut conn, id).await?),
            holdings: items(all::<Holding>(&mut conn, id).await?),
            forums: items(by_id(all::<Forum>(&mut conn, id).await?)),
            seats: items(by_id(all::<Seat>(&mut conn, id).await?)),
        });
    }
    Ok(RegisterFile { format: FORMAT.into(), regions })
}

fn by_id<R: Record>(mut records: Vec<R>) -> Vec<R> {
    records.sort_by_key(|r| r.id());
    records
}

/// Parses a register file, naming the place of the first error.
pub fn parse(json: &str) -> Result<RegisterFile> {
    let file: RegisterFile = serde_json::from_str(json).map_err(|err| {
        Error::Invalid(vec![FieldError::new(&format!("line {} column {}", err.line(), err.column()), &format!("error-json: {err}"))])
    })?;
    if file.format != FORMAT {
        return Err(Error::Invalid(vec![FieldError::new("format", "error-format")]));
    }
    Ok(file)
}

/// Imports every region of the file, or nothing.
pub async fn import(store: &Store, file: RegisterFile) -> Result<usize> {
    let actor = Actor { instance_admin: true, ..Actor::default() };
    let author = Author::system("import");
    let mut tx = store.write().await?;
    let mut count = 0;
    for region in file.regions {
        let region_id = region.id;
        let input = RegionInput { code: region.code.clone(), name: region.name.clone() };
        create_in::<Region>(&mut tx, &actor, &author, 0, Some(region_id), input).await.map_err(|e| locate(e, "region", region_id))?;
        count += 1;
        count += import_all::<CouncilTerm>(&mut tx, &actor, &author, region_id, region.council_terms).await?;
        count += import_all::<Party>(&mut tx, &actor, &author, region_id, region.parties).await?;
        count += import_all::<Person>(&mut tx, &actor, &author, region_id, region.people).await?;
        count += import_all::<Post>(&mut tx, &actor, &author, region_id, region.posts).await?;
        count += import_all::<Holding>(&mut tx, &actor, &author, region_id, region.holdings).await?;
        // Parents and deputised seats first, so every reference exists when checked.
        let mut forums = region.forums;
        forums.sort_by_key(|f| (f.input.level.rank(), f.id));
        count += import_all::<Forum>(&mut tx, &actor, &author, region_id, forums).await?;
        let mut seats = region.seats;
        seats.sort_by_key(|s| (s.input.deputy_of.is_some(), s.id));
        count += import_all::<Seat>(&mut tx, &actor, &author, region_id, seats).await?;
    }
    if store.backend() == Backend::Postgres {
        // Rows came with their ids; move each identity past them.
        for table in ["regions", "parties", "people", "posts", "holdings", "forums", "council_terms", "seats"] {
            sqlx::query(AssertSqlSafe(&*format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(count)
}

async fn import_all<R: Record>(
    tx: &mut crate::Tx<'_>,
    actor: &Actor,
    author: &Author,
    region_id: Id,
    list: Vec<Item<R::Input>>,
) -> Result<usize> {
    let count = list.len();
    for item in list {
        create_in::<R>(tx, actor, author, region_id, Some(item.id), item.input).await.map_err(|e| locate(e, R::ENTITY, item.id))?;
    }
    Ok(count)
}

/// Prefixes field errors with the record they belong to: "party 12: code".
fn locate(err: Error, entity: &str, id: Id) -> Error {
    match err {
        Error::Invalid(list) => {
            Error::Invalid(list.into_iter().map(|e| FieldError { field: format!("{entity} {id}: {}", e.field), code: e.code }).collect())
        }
        Error::Conflict { field, code } => {
            Error::Invalid(vec![FieldError { field: format!("{entity} {id}: {}", field.as_deref().unwrap_or("id")), code }])
        }
        other => other,
    }
}
