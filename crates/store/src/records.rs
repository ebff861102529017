//! The register's records and the one way each is read, created, replaced and deleted.
//!
//! Each record type implements `Record`: its columns, how a row becomes the domain type,
//! which facts its rules need. The generic `create`, `update` and `delete` below then do
//! the same for every type, in this order inside one transaction: authorise
//! (`core::permissions`), check the rules (`core::rules`), write, append to the audit log.

use chrono::NaiveDate;
use foorumi_core::permissions::{self, Action, Actor, Object};
use foorumi_core::rules;
use foorumi_core::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::audit::{self, Author, Change};
use crate::{Error, Result, Store};

/// A slice of a list: `limit` records from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: i64,
    pub limit: i64,
}

impl Default for Page {
    fn default() -> Self {
        Page { offset: 0, limit: 100 }
    }
}

/// The type of a column a list may be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterType {
    /// An integer column of the same name.
    Int,
    /// A text column of the same name.
    Text,
    /// An integer compared through an SQL condition, `{}` standing for the parameter
    /// (a meeting's forum lives in `meeting_forums`).
    IntWhere(&'static str),
    /// Text compared through an SQL condition, `{}` standing for the parameter.
    TextWhere(&'static str),
}

#[allow(async_fn_in_trait)]
pub trait Record: Sized + Serialize + Send + Sync + Unpin + 'static {
    type Input: Clone + Serialize + DeserializeOwned + Send + Sync + 'static;
    /// Name in the audit log, the API and the export ("party").
    const ENTITY: &'static str;
    const TABLE: &'static str;
    const COLUMNS: &'static str;
    const ORDER: &'static str;
    /// Query parameters a list accepts, each the name of a column.
    const FILTERS: &'static [(&'static str, FilterType)];
    /// Whether a created record is read back from its row, for records with columns the
    /// write derives (the forum an item's record belongs to).
    const READ_BACK: bool = false;

    fn id(&self) -> Id;
    fn version(&self) -> i64;
    fn region_id(&self) -> Id;
    fn input(&self) -> &Self::Input;
    /// The record a new row holds: what was written, at version 1.
    fn inserted(id: Id, region_id: Id, input: Self::Input) -> Self;
    fn from_row(row: &AnyRow) -> Result<Self>;
    /// Loads child rows (periods, contacts) for records read from their own table.
    async fn attach(_conn: &mut AnyConnection, _items: &mut [Self]) -> Result<()> {
        Ok(())
    }
    /// What the permission rules see of a record with this input in this region.
    async fn object(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, input: &Self::Input) -> Result<Object>;
    /// Runs after authorisation and before the rules on create: what must exist before
    /// the record does (an agenda's standing items before its first item).
    async fn before_create(_tx: &mut crate::Tx<'_>, _author: &Author, _region_id: Id, _input: &Self::Input) -> Result<()> {
        Ok(())
    }
    /// Checks the domain rules, loading the facts they need; may complete the input
    /// (a seat's end date defaults to its term's end).
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut Self::Input) -> Result<()>;
    /// Refuses a delete the rules forbid beyond permissions (a part of a checked record).
    async fn before_delete(_conn: &mut AnyConnection, _record: &Self) -> Result<()> {
        Ok(())
    }
    /// Inserts (`insert`, with `id` on import) or updates (row `id`) the record's row and
    /// replaces its children.
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &Self::Input) -> Result<Id>;
}

// ---- reading ------------------------------------------------------------------------

pub async fn load<R: Record>(conn: &mut AnyConnection, id: Id) -> Result<Option<R>> {
    let sql = format!("SELECT {} FROM {} WHERE id = $1", R::COLUMNS, R::TABLE);
    let Some(row) = sqlx::query(AssertSqlSafe(&*sql)).bind(id).fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let mut items = [R::from_row(&row)?];
    R::attach(conn, &mut items).await?;
    let [item] = items;
    Ok(Some(item))
}

pub async fn get<R: Record>(store: &Store, id: Id) -> Result<R> {
    let mut conn = store.pool().acquire().await?;
    load::<R>(&mut conn, id).await?.ok_or(Error::NotFound)
}

/// Whether `actor` may do `action` to a stored record, by the same rule its writes obey.
pub async fn may<R: Record>(store: &Store, actor: &Actor, action: Action, record: &R) -> Result<bool> {
    let mut conn = store.pool().acquire().await?;
    let object = R::object(&mut conn, record.region_id(), Some(record.id()), record.input()).await?;
    Ok(permissions::allowed(actor, action, object))
}

/// Records of a region (all regions for `None`), filtered by `filters` (name, value)
/// from `R::FILTERS`, in `R::ORDER`; with the total count before paging.
pub async fn list<R: Record>(store: &Store, region_id: Option<Id>, filters: &[(String, String)], page: Page) -> Result<(Vec<R>, i64)> {
    let mut conditions = Vec::new();
    let mut ints = Vec::new();
    let mut texts = Vec::new();
    enum Bind {
        Int(usize),
        Text(usize),
    }
    let mut binds = Vec::new();
    if let Some(region_id) = region_id {
        let column = if R::TABLE == "regions" { "id" } else { "region_id" };
        ints.push(region_id);
        binds.push(Bind::Int(ints.len() - 1));
        conditions.push(format!("{column} = ${}", binds.len()));
    }
    for (name, value) in filters {
        let Some((column, kind)) = R::FILTERS.iter().find(|(column, _)| column == name) else {
            return Err(Error::Invalid(vec![FieldError::new(name, "error-unknown-filter")]));
        };
        match kind {
            FilterType::Int | FilterType::IntWhere(_) => {
                let parsed = value.parse().map_err(|_| Error::Invalid(vec![FieldError::new(name, "error-integer")]))?;
                ints.push(parsed);
                binds.push(Bind::Int(ints.len() - 1));
            }
            FilterType::Text | FilterType::TextWhere(_) => {
                texts.push(value.clone());
                binds.push(Bind::Text(texts.len() - 1));
            }
        }
        let placeholder = format!("${}", binds.len());
        conditions.push(match kind {
            FilterType::IntWhere(condition) | FilterType::TextWhere(condition) => condition.replace("{}", &placeholder),
            FilterType::Int | FilterType::Text => format!("{column} = {placeholder}"),
        });
    }
    let where_clause = if conditions.is_empty() { String::new() } else { format!(" WHERE {}", conditions.join(" AND ")) };
    let count_sql = format!("SELECT COUNT(*) FROM {}{where_clause}", R::TABLE);
    let list_sql = format!(
        "SELECT {} FROM {}{where_clause} ORDER BY {} LIMIT {} OFFSET {}",
        R::COLUMNS,
        R::TABLE,
        R::ORDER,
        page.limit.clamp(1, 1000),
        page.offset.max(0)
    );
    let mut conn = store.pool().acquire().await?;
    let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(&*count_sql));
    let mut query = sqlx::query(AssertSqlSafe(&*list_sql));
    for bind in &binds {
        match bind {
            Bind::Int(i) => {
                count = count.bind(ints[*i]);
                query = query.bind(ints[*i]);
            }
            Bind::Text(i) => {
                count = count.bind(texts[*i].clone());
                query = query.bind(texts[*i].clone());
            }
        }
    }
    let total = count.fetch_one(&mut *conn).await?;
    let rows = query.fetch_all(&mut *conn).await?;
    let mut items = rows.iter().map(R::from_row).collect::<Result<Vec<_>>>()?;
    R::attach(&mut conn, &mut items).await?;
    Ok((items, total))
}

/// Every record of a type in a region, in order (for pages and exports).
pub async fn all<R: Record>(conn: &mut AnyConnection, region_id: Id) -> Result<Vec<R>> {
    let column = if R::TABLE == "regions" { "id" } else { "region_id" };
    let sql = format!("SELECT {} FROM {} WHERE {column} = $1 ORDER BY {}", R::COLUMNS, R::TABLE, R::ORDER);
    let rows = sqlx::query(AssertSqlSafe(&*sql)).bind(region_id).fetch_all(&mut *conn).await?;
    let mut items = rows.iter().map(R::from_row).collect::<Result<Vec<_>>>()?;
    R::attach(conn, &mut items).await?;
    Ok(items)
}

// ---- writing ------------------------------------------------------------------------

pub(crate) fn authorise(actor: &Actor, action: Action, object: Object) -> Result<()> {
    if permissions::allowed(actor, action, object) { Ok(()) } else { Err(Error::Forbidden) }
}

async fn region_of(conn: &mut AnyConnection, region_id: Id) -> Result<Region> {
    load::<Region>(conn, region_id).await?.ok_or(Error::NotFound)
}

/// Creates a record in a region (for a new region, `region_id` is ignored).
pub async fn create<R: Record>(store: &Store, actor: &Actor, author: &Author, region_id: Id, input: R::Input) -> Result<R> {
    let mut tx = store.write().await?;
    let record = create_in::<R>(&mut tx, actor, author, region_id, None, input).await?;
    tx.commit().await?;
    Ok(record)
}

/// The body of `create`, for callers that write several records in one transaction
/// (imports, the demo, term roll-over). `id` keeps the record's id on import.
pub async fn create_in<R: Record>(
    tx: &mut crate::Tx<'_>,
    actor: &Actor,
    author: &Author,
    region_id: Id,
    id: Option<Id>,
    mut input: R::Input,
) -> Result<R> {
    authorise(actor, Action::Create, R::object(tx, region_id, None, &input).await?)?;
    R::before_create(tx, author, region_id, &input).await?;
    let region = if R::TABLE == "regions" { None } else { Some(region_of(tx, region_id).await?) };
    if let Some(region) = &region {
        R::check(tx, region, None, &mut input).await?;
    } else {
        let placeholder = Region { id: 0, version: 0, input: RegionInput { code: String::new(), name: Names::default() } };
        R::check(tx, &placeholder, None, &mut input).await?;
    }
    let new_id = R::write(tx, region_id, id, true, &input).await?;
    // The row holds exactly the checked input (reading it back costs two queries a record
    // on bulk writes such as the year's plan).
    let record = if R::READ_BACK {
        load::<R>(tx, new_id).await?.ok_or(Error::NotFound)?
    } else {
        R::inserted(new_id, if R::TABLE == "regions" { new_id } else { region_id }, input)
    };
    audit::record(
        tx,
        author,
        Change {
            action: "create",
            entity: R::ENTITY,
            entity_id: new_id,
            region_id: Some(record.region_id()),
            before: None,
            after: Some(&record),
        },
    )
    .await?;
    Ok(record)
}

/// Replaces a record, if it is still at `expected_version`.
pub async fn update<R: Record>(store: &Store, actor: &Actor, author: &Author, id: Id, expected_version: i64, input: R::Input) -> Result<R> {
    let mut tx = store.write().await?;
    let after = update_in::<R>(&mut tx, actor, author, id, expected_version, input).await?;
    tx.commit().await?;
    Ok(after)
}

/// The body of `update`, for callers that write several records in one transaction.
pub async fn update_in<R: Record>(
    tx: &mut crate::Tx<'_>,
    actor: &Actor,
    author: &Author,
    id: Id,
    expected_version: i64,
    mut input: R::Input,
) -> Result<R> {
    let before = load::<R>(tx, id).await?.ok_or(Error::NotFound)?;
    let region_id = before.region_id();
    authorise(actor, Action::Update, R::object(tx, region_id, Some(id), before.input()).await?)?;
    authorise(actor, Action::Update, R::object(tx, region_id, Some(id), &input).await?)?;
    if before.version() != expected_version {
        return Err(Error::Stale { current: before.version() });
    }
    let region = region_of(tx, region_id).await?;
    R::check(tx, &region, Some(id), &mut input).await?;
    R::write(tx, region_id, Some(id), false, &input).await?;
    let after = load::<R>(tx, id).await?.ok_or(Error::NotFound)?;
    audit::record(
        tx,
        author,
        Change {
            action: "update",
            entity: R::ENTITY,
            entity_id: id,
            region_id: Some(region_id),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    Ok(after)
}

/// Deletes a record, if it is still at `expected_version` (when one is given) and
/// nothing refers to it.
pub async fn delete<R: Record>(store: &Store, actor: &Actor, author: &Author, id: Id, expected_version: Option<i64>) -> Result<()> {
    let mut tx = store.write().await?;
    delete_in::<R>(&mut tx, actor, author, id, expected_version).await?;
    tx.commit().await?;
    Ok(())
}

/// The body of `delete`, for callers that write several records in one transaction.
pub async fn delete_in<R: Record>(
    tx: &mut crate::Tx<'_>,
    actor: &Actor,
    author: &Author,
    id: Id,
    expected_version: Option<i64>,
) -> Result<()> {
    let before = load::<R>(tx, id).await?.ok_or(Error::NotFound)?;
    authorise(actor, Action::Delete, R::object(tx, before.region_id(), Some(id), before.input()).await?)?;
    if expected_version.is_some_and(|v| v != before.version()) {
        return Err(Error::Stale { current: before.version() });
    }
    R::before_delete(tx, &before).await?;
    sqlx::query(AssertSqlSafe(&*format!("DELETE FROM {} WHERE id = $1", R::TABLE))).bind(id).execute(&mut **tx).await?;
    audit::record(
        tx,
        author,
        Change {
            action: "delete",
            entity: R::ENTITY,
            entity_id: id,
            region_id: Some(before.region_id()),
            before: Some(&before),
            after: None,
        },
    )
    .await?;
    Ok(())
}

// ---- row helpers --------------------------------------------------------------------

pub(crate) fn date(row: &AnyRow, column: &str) -> Result<NaiveDate> {
    let text: String = row.try_get(column)?;
    parse_date(&text)
}

pub(crate) fn opt_date(row: &AnyRow, column: &str) -> Result<Option<NaiveDate>> {
    let text: Option<String> = row.try_get(column)?;
    text.as_deref().map(parse_date).transpose()
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate> {
    text.parse().map_err(|_| Error::Config(format!("bad date in database: {text}")))
}

pub(crate) fn opt_time(row: &AnyRow, column: &str) -> Result<Option<chrono::NaiveTime>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| chrono::NaiveTime::parse_from_str(&t, "%H:%M").map_err(|_| Error::Config(format!("bad time in database: {t}"))))
        .transpose()
}

pub(crate) fn time_text(time: chrono::NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

pub(crate) fn flag(row: &AnyRow, column: &str) -> Result<bool> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

pub(crate) fn names(row: &AnyRow, prefix: &str) -> Result<Names> {
    Ok(Names {
        fi: row.try_get(format!("{prefix}_fi").as_str())?,
        sv: row.try_get(format!("{prefix}_sv").as_str())?,
        en: row.try_get(format!("{prefix}_en").as_str())?,
    })
}

pub(crate) fn enum_value<T>(row: &AnyRow, column: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    let text: String = row.try_get(column)?;
    parse(&text).ok_or_else(|| Error::Config(format!("bad {column} in database: {text}")))
}

pub(crate) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Inserts with the given id (imports) or a new one, or updates the row `id`: the column
/// list and values are the same in all three, so they are written once.
pub(crate) async fn upsert(
    conn: &mut AnyConnection,
    table: &str,
    region_id: Option<Id>,
    id: Option<Id>,
    insert: bool,
    columns: &[&str],
    bind: impl for<'q> Fn(
        sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
) -> Result<Id> {
    if insert {
        let mut names: Vec<&str> = columns.to_vec();
        let mut extra = Vec::new();
        if region_id.is_some() {
            names.push("region_id");
            extra.push(region_id.unwrap_or_default());
        }
        if let Some(id) = id {
            names.push("id");
            extra.push(id);
        }
        let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
        let sql = format!("INSERT INTO {table} ({}) VALUES ({}) RETURNING id", names.join(", "), placeholders.join(", "));
        let mut query = bind(sqlx::query(AssertSqlSafe(&*sql)));
        for value in extra {
            query = query.bind(value);
        }
        let row = query.fetch_one(&mut *conn).await?;
        Ok(row.try_get("id")?)
    } else {
        let id = id.expect("update names its row");
        let sets: Vec<String> = columns.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
        let sql = format!("UPDATE {table} SET {}, version = version + 1 WHERE id = ${}", sets.join(", "), columns.len() + 1);
        bind(sqlx::query(AssertSqlSafe(&*sql))).bind(id).execute(&mut *conn).await?;
        Ok(id)
    }
}

pub(crate) async fn in_region<R: Record>(conn: &mut AnyConnection, region_id: Id, id: Id) -> Result<Option<R>> {
    Ok(load::<R>(conn, id).await?.filter(|r| r.region_id() == region_id))
}

// ---- the records --------------------------------------------------------------------

/// The accessors every stored record shares: its id, version, region and input.
/// Records whose rows hold derived columns name their values for a new record:
/// `stored_fields!(forum_id: 0)` (a `READ_BACK` record reads the real ones back).
macro_rules! stored_fields {
    ($($field:ident: $value:expr),* $(,)?) => {
        fn id(&self) -> Id {
            self.id
        }
        fn version(&self) -> i64 {
            self.version
        }
        fn region_id(&self) -> Id {
            self.region_id
        }
        fn input(&self) -> &Self::Input {
            &self.input
        }
        fn inserted(id: Id, region_id: Id, input: Self::Input) -> Self {
            Self { id, region_id, version: 1, $($field: $value,)* input }
        }
    };
}
pub(crate) use stored_fields;

impl Record for Region {
    type Input = RegionInput;
    const ENTITY: &'static str = "region";
    const TABLE: &'static str = "regions";
    const COLUMNS: &'static str = "id, code, name_fi, name_sv, name_en, version";
    const ORDER: &'static str = "code, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("code", FilterType::Text)];

    fn id(&self) -> Id {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn region_id(&self) -> Id {
        self.id
    }
    fn input(&self) -> &RegionInput {
        &self.input
    }
    fn inserted(id: Id, _: Id, input: RegionInput) -> Self {
        Region { id, version: 1, input }
    }
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Region {
            id: row.try_get("id")?,
            version: row.try_get("version")?,
            input: RegionInput { code: row.try_get("code")?, name: names(row, "name")? },
        })
    }
    async fn object(_conn: &mut AnyConnection, _: Id, id: Option<Id>, _: &RegionInput) -> Result<Object> {
        Ok(Object::Region { region: id.unwrap_or(0) })
    }
    async fn check(_: &mut AnyConnection, _: &Region, _: Option<Id>, input: &mut RegionInput) -> Result<()> {
        Ok(rules::validate_region(input)?)
    }
    async fn write(conn: &mut AnyConnection, _: Id, id: Option<Id>, insert: bool, input: &RegionInput) -> Result<Id> {
        upsert(conn, Self::TABLE, None, id, insert, &["code", "name_fi", "name_sv", "name_en"], |q| {
            q.bind(input.code.clone()).bind(input.name.fi.clone()).bind(input.name.sv.clone()).bind(input.name.en.clone())
        })
        .await
    }
}

impl Record for Party {
    type Input = PartyInput;
    const ENTITY: &'static str = "party";
    const TABLE: &'static str = "parties";
    const COLUMNS: &'static str = "id, region_id, kind, code, name_fi, name_sv, name_en, signed_protocol, is_example, version";
    const ORDER: &'static str = "name_fi, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("kind", FilterType::Text), ("code", FilterType::Text)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Party {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: PartyInput {
                kind: enum_value(row, "kind", PartyKind::parse)?,
                code: row.try_get("code")?,
                name: names(row, "name")?,
                signed_protocol: flag(row, "signed_protocol")?,
                is_example: flag(row, "is_example")?,
                region_periods: Vec::new(),
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|p| p.id.to_string()).collect();
        let sql = format!(
            "SELECT party_id, region_code, valid_from, valid_until FROM party_region_periods WHERE party_id IN ({}) ORDER BY party_id, position",
            ids.join(",")
        );
        for row in sqlx::query(AssertSqlSafe(&*sql)).fetch_all(&mut *conn).await? {
            let party_id: Id = row.try_get("party_id")?;
            let period = RegionPeriod {
                region_code: row.try_get("region_code")?,
                valid_from: date(&row, "valid_from")?,
                valid_until: opt_date(&row, "valid_until")?,
            };
            if let Some(party) = items.iter_mut().find(|p| p.id == party_id) {
                party.input.region_periods.push(period);
            }
        }
        Ok(())
    }
    async fn object(_conn: &mut AnyConnection, region: Id, id: Option<Id>, _: &PartyInput) -> Result<Object> {
        Ok(Object::Party { region, party: id.unwrap_or(0) })
    }
    async fn check(_: &mut AnyConnection, _: &Region, _: Option<Id>, input: &mut PartyInput) -> Result<()> {
        Ok(rules::validate_party(input)?)
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &PartyInput) -> Result<Id> {
        let columns = ["kind", "code", "name_fi", "name_sv", "name_en", "signed_protocol", "is_example"];
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.kind.as_str())
                .bind(input.code.clone())
                .bind(input.name.fi.clone())
                .bind(input.name.sv.clone())
                .bind(input.name.en.clone())
                .bind(i64::from(input.signed_protocol))
                .bind(i64::from(input.is_example))
        })
        .await?;
        sqlx::query("DELETE FROM party_region_periods WHERE party_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, period) in input.region_periods.iter().enumerate() {
            sqlx::query(
                "INSERT INTO party_region_periods (party_id, position, region_code, valid_from, valid_until) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(period.region_code.clone())
            .bind(date_text(period.valid_from))
            .bind(period.valid_until.map(date_text))
            .execute(&mut *conn)
            .await?;
        }
        Ok(id)
    }
}

impl Record for Person {
    type Input = PersonInput;
    const ENTITY: &'static str = "person";
    const TABLE: &'static str = "people";
    const COLUMNS: &'static str = "id, region_id, party_id, name, lang, version";
    const ORDER: &'static str = "name, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("party_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Person {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: PersonInput {
                name: row.try_get("name")?,
                party_id: row.try_get("party_id")?,
                contacts: Vec::new(),
                lang: enum_value(row, "lang", Lang::parse)?,
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|p| p.id.to_string()).collect();
        let sql = format!(
            "SELECT person_id, kind, value, public, valid_from, valid_until FROM contacts WHERE person_id IN ({}) ORDER BY person_id, position",
            ids.join(",")
        );
        for row in sqlx::query(AssertSqlSafe(&*sql)).fetch_all(&mut *conn).await? {
            let person_id: Id = row.try_get("person_id")?;
            let contact = Contact {
                kind: enum_value(&row, "kind", ContactKind::parse)?,
                value: row.try_get("value")?,
                public: flag(&row, "public")?,
                valid_from: opt_date(&row, "valid_from")?,
                valid_until: opt_date(&row, "valid_until")?,
            };
            if let Some(person) = items.iter_mut().find(|p| p.id == person_id) {
                person.input.contacts.push(contact);
            }
        }
        Ok(())
    }
    async fn object(_conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &PersonInput) -> Result<Object> {
        Ok(Object::Person { region, party: input.party_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, _: Option<Id>, input: &mut PersonInput) -> Result<()> {
        rules::normalise_person(input);
        let mut result = rules::validate_person(input).map_err(Error::from);
        if let Some(party_id) = input.party_id
            && in_region::<Party>(conn, region.id, party_id).await?.is_none()
        {
            result = merge(result, "party_id", "error-not-found");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &PersonInput) -> Result<Id> {
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &["party_id", "name", "lang"], |q| {
            q.bind(input.party_id).bind(input.name.clone()).bind(input.lang.as_str())
        })
        .await?;
        sqlx::query("DELETE FROM contacts WHERE person_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, c) in input.contacts.iter().enumerate() {
            sqlx::query("INSERT INTO contacts (person_id, position, kind, value, public, valid_from, valid_until) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(id)
                .bind(position as i64)
                .bind(c.kind.as_str())
                .bind(c.value.clone())
                .bind(i64::from(c.public))
                .bind(c.valid_from.map(date_text))
                .bind(c.valid_until.map(date_text))
                .execute(&mut *conn)
                .await?;
        }
        Ok(id)
    }
}

/// Adds one field error to a result that may already hold others.
pub(crate) fn merge(result: Result<()>, field: &str, code: &str) -> Result<()> {
    let mut list = match result {
        Ok(()) => Vec::new(),
        Err(Error::Invalid(list)) => list,
        Err(other) => return Err(other),
    };
    list.push(FieldError::new(field, code));
    Err(Error::Invalid(list))
}

impl Record for Post {
    type Input = PostInput;
    const ENTITY: &'static str = "post";
    const TABLE: &'static str = "posts";
    const COLUMNS: &'static str = "id, region_id, party_id, title_fi, title_sv, title_en, version";
    const ORDER: &'static str = "party_id, title_fi, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("party_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Post {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: PostInput { party_id: row.try_get("party_id")?, title: names(row, "title")? },
        })
    }
    async fn object(_conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &PostInput) -> Result<Object> {
        Ok(Object::Post { region, party: input.party_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, _: Option<Id>, input: &mut PostInput) -> Result<()> {
        let mut result = rules::validate_post(input).map_err(Error::from);
        if in_region::<Party>(conn, region.id, input.party_id).await?.is_none() {
            result = merge(result, "party_id", "error-not-found");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &PostInput) -> Result<Id> {
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &["party_id", "title_fi", "title_sv", "title_en"], |q| {
            q.bind(input.party_id).bind(input.title.fi.clone()).bind(input.title.sv.clone()).bind(input.title.en.clone())
        })
        .await
    }
}

impl Record for Holding {
    type Input = HoldingInput;
    const ENTITY: &'static str = "holding";
    const TABLE: &'static str = "holdings";
    const COLUMNS: &'static str = "id, region_id, post_id, person_id, start_date, end_date, version";
    const ORDER: &'static str = "post_id, start_date, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[("post_id", FilterType::Int), ("person_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Holding {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: HoldingInput {
                post_id: row.try_get("post_id")?,
                person_id: row.try_get("person_id")?,
                start_date: date(row, "start_date")?,
                end_date: opt_date(row, "end_date")?,
            },
        })
    }
    /// A holding is guarded as its post is: by the post's party.
    async fn object(conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &HoldingInput) -> Result<Object> {
        let party = in_region::<Post>(conn, region, input.post_id).await?.map_or(0, |post| post.input.party_id);
        Ok(Object::Post { region, party })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut HoldingInput) -> Result<()> {
        let others: Vec<Holding> = sqlx::query(AssertSqlSafe(&*format!("SELECT {} FROM holdings WHERE post_id = $1", Self::COLUMNS)))
            .bind(input.post_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(Holding::from_row)
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|h| Some(h.id) != id)
            .collect();
        let mut result = rules::validate_holding(input, &others).map_err(Error::from);
        if in_region::<Post>(conn, region.id, input.post_id).await?.is_none() {
            result = merge(result, "post_id", "error-not-found");
        }
        if in_region::<Person>(conn, region.id, input.person_id).await?.is_none() {
            result = merge(result, "person_id", "error-not-found");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &HoldingInput) -> Result<Id> {
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &["post_id", "person_id", "start_date", "end_date"], |q| {
            q.bind(input.post_id).bind(input.person_id).bind(date_text(input.start_date)).bind(input.end_date.map(date_text))
        })
        .await
    }
}

impl Record for Forum {
    type Input = ForumInput;
    const ENTITY: &'static str = "forum";
    const TABLE: &'static str = "forums";
    const COLUMNS: &'static str = "id, region_id, name_fi, name_sv, name_en, short_name, level, legal_type, mandate_fi, mandate_sv, mandate_en, parent_id, cadence_kind, cadence_weekday, cadence_week, cadence_month, cadence_excluded_months, cadence_start_time, cadence_duration, default_publicity, notice_days, minutes_approval, organisation_id, version";
    const ORDER: &'static str = "name_fi, id";
    const FILTERS: &'static [(&'static str, FilterType)] =
        &[("level", FilterType::Text), ("legal_type", FilterType::Text), ("parent_id", FilterType::Int)];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        let excluded: String = row.try_get("cadence_excluded_months")?;
        let small = |column: &str| -> Result<Option<i64>> { Ok(row.try_get(column)?) };
        Ok(Forum {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: ForumInput {
                name: names(row, "name")?,
                short_name: row.try_get("short_name")?,
                level: enum_value(row, "level", ForumLevel::parse)?,
                legal_type: enum_value(row, "legal_type", LegalType::parse)?,
                mandate: names(row, "mandate")?,
                parent_id: row.try_get("parent_id")?,
                cadence: Cadence {
                    kind: enum_value(row, "cadence_kind", CadenceKind::parse)?,
                    weekday: small("cadence_weekday")?.map(|v| v as u8),
                    week_of_month: small("cadence_week")?.map(|v| v as i8),
                    month: small("cadence_month")?.map(|v| v as u8),
                    excluded_months: excluded.split(',').filter_map(|m| m.parse().ok()).collect(),
                    start_time: opt_time(row, "cadence_start_time")?,
                    duration_minutes: small("cadence_duration")?.map(|v| v as u16),
                },
                default_publicity: enum_value(row, "default_publicity", Publicity::parse)?,
                notice_days: small("notice_days")?.unwrap_or(4) as u16,
                minutes_approval: enum_value(row, "minutes_approval", MinutesApproval::parse)?,
                organisation_id: row.try_get("organisation_id")?,
            },
        })
    }
    async fn object(_conn: &mut AnyConnection, region: Id, id: Option<Id>, _: &ForumInput) -> Result<Object> {
        Ok(Object::Forum { region, forum: id.unwrap_or(0) })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut ForumInput) -> Result<()> {
        input.cadence.start_time = input.cadence.start_time.map(rules::to_the_minute);
        let parent = match input.parent_id {
            Some(parent_id) => in_region::<Forum>(conn, region.id, parent_id).await?,
            None => None,
        };
        let mut result = rules::validate_forum(input, id, parent.as_ref()).map_err(Error::from);
        if let Some(party) = input.organisation_id
            && in_region::<Party>(conn, region.id, party).await?.is_none()
        {
            result = merge(result, "organisation_id", "error-not-found");
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &ForumInput) -> Result<Id> {
        let columns = [
            "name_fi",
            "name_sv",
            "name_en",
            "short_name",
            "level",
            "legal_type",
            "mandate_fi",
            "mandate_sv",
            "mandate_en",
            "parent_id",
            "cadence_kind",
            "cadence_weekday",
            "cadence_week",
            "cadence_month",
            "cadence_excluded_months",
            "cadence_start_time",
            "cadence_duration",
            "default_publicity",
            "notice_days",
            "minutes_approval",
            "organisation_id",
        ];
        let c = &input.cadence;
        let excluded: Vec<String> = c.excluded_months.iter().map(u8::to_string).collect();
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.name.fi.clone())
                .bind(input.name.sv.clone())
                .bind(input.name.en.clone())
                .bind(input.short_name.clone())
                .bind(input.level.as_str())
                .bind(input.legal_type.as_str())
                .bind(input.mandate.fi.clone())
                .bind(input.mandate.sv.clone())
                .bind(input.mandate.en.clone())
                .bind(input.parent_id)
                .bind(c.kind.as_str())
                .bind(c.weekday.map(i64::from))
                .bind(c.week_of_month.map(i64::from))
                .bind(c.month.map(i64::from))
                .bind(excluded.join(","))
                .bind(c.start_time.map(time_text))
                .bind(c.duration_minutes.map(i64::from))
                .bind(input.default_publicity.as_str())
                .bind(i64::from(input.notice_days))
                .bind(input.minutes_approval.as_str())
                .bind(input.organisation_id)
        })
        .await
    }
}

impl Record for CouncilTerm {
    type Input = TermInput;
    const ENTITY: &'static str = "council_term";
    const TABLE: &'static str = "council_terms";
    const COLUMNS: &'static str = "id, region_id, start_date, end_date, version";
    const ORDER: &'static str = "start_date, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(CouncilTerm {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: TermInput { start_date: date(row, "start_date")?, end_date: date(row, "end_date")? },
        })
    }
    async fn object(_conn: &mut AnyConnection, region: Id, _: Option<Id>, _: &TermInput) -> Result<Object> {
        Ok(Object::CouncilTerm { region })
    }
    async fn check(_: &mut AnyConnection, _: &Region, _: Option<Id>, input: &mut TermInput) -> Result<()> {
        Ok(rules::validate_term(input)?)
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &TermInput) -> Result<Id> {
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &["start_date", "end_date"], |q| {
            q.bind(date_text(input.start_date)).bind(date_text(input.end_date))
        })
        .await
    }
}

impl Record for Seat {
    type Input = SeatInput;
    const ENTITY: &'static str = "seat";
    const TABLE: &'static str = "seats";
    const COLUMNS: &'static str =
        "id, region_id, forum_id, term_id, post_id, person_id, party_id, role, deputy_of, start_date, end_date, status, version";
    const ORDER: &'static str = "forum_id, start_date, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("forum_id", FilterType::Int),
        ("party_id", FilterType::Int),
        ("term_id", FilterType::Int),
        ("post_id", FilterType::Int),
        ("person_id", FilterType::Int),
        ("role", FilterType::Text),
        ("status", FilterType::Text),
    ];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Seat {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: SeatInput {
                forum_id: row.try_get("forum_id")?,
                term_id: row.try_get("term_id")?,
                post_id: row.try_get("post_id")?,
                person_id: row.try_get("person_id")?,
                party_id: row.try_get("party_id")?,
                role: enum_value(row, "role", SeatRole::parse)?,
                deputy_of: row.try_get("deputy_of")?,
                start_date: date(row, "start_date")?,
                end_date: Some(date(row, "end_date")?),
                status: enum_value(row, "status", SeatStatus::parse)?,
            },
        })
    }
    async fn object(_conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &SeatInput) -> Result<Object> {
        Ok(Object::Seat { region, forum: input.forum_id, party: input.party_id })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut SeatInput) -> Result<()> {
        let forum = in_region::<Forum>(conn, region.id, input.forum_id).await?;
        let term = in_region::<CouncilTerm>(conn, region.id, input.term_id).await?;
        let party = in_region::<Party>(conn, region.id, input.party_id).await?;
        let deputised = match input.deputy_of {
            Some(seat_id) => in_region::<Seat>(conn, region.id, seat_id).await?,
            None => None,
        };
        let forum_seats: Vec<Seat> = sqlx::query(AssertSqlSafe(&*format!("SELECT {} FROM seats WHERE forum_id = $1", Self::COLUMNS)))
            .bind(input.forum_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(Seat::from_row)
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|s| Some(s.id) != id)
            .collect();
        let post_exists = match input.post_id {
            Some(post_id) => in_region::<Post>(conn, region.id, post_id).await?.is_some(),
            None => false,
        };
        let person_exists = match input.person_id {
            Some(person_id) => in_region::<Person>(conn, region.id, person_id).await?.is_some(),
            None => false,
        };
        let facts = rules::SeatFacts {
            region_code: &region.input.code,
            forum: forum.as_ref(),
            term: term.as_ref(),
            party: party.as_ref(),
            deputised: deputised.as_ref(),
            forum_seats: &forum_seats,
            post_exists,
            person_exists,
        };
        rules::validate_seat(input, &facts)?;
        if let Some(term) = &term {
            input.end_date = Some(rules::seat_end(input, term));
        }
        Ok(())
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &SeatInput) -> Result<Id> {
        let columns = ["forum_id", "term_id", "post_id", "person_id", "party_id", "role", "deputy_of", "start_date", "end_date", "status"];
        upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(input.forum_id)
                .bind(input.term_id)
                .bind(input.post_id)
                .bind(input.person_id)
                .bind(input.party_id)
                .bind(input.role.as_str())
                .bind(input.deputy_of)
                .bind(date_text(input.start_date))
                .bind(input.end_date.map(date_text))
                .bind(input.status.as_str())
        })
        .await
    }
}

impl Record for Meeting {
    type Input = MeetingInput;
    const ENTITY: &'static str = "meeting";
    const TABLE: &'static str = "meetings";
    const COLUMNS: &'static str =
        "id, region_id, date, start_time, end_time, place, online_url, kind, status, cancel_reason, generated, version";
    const ORDER: &'static str = "date, start_time, id";
    const FILTERS: &'static [(&'static str, FilterType)] = &[
        ("forum_id", FilterType::IntWhere("id IN (SELECT meeting_id FROM meeting_forums WHERE forum_id = {})")),
        ("year", FilterType::TextWhere("substr(date, 1, 4) = {}")),
        ("status", FilterType::Text),
        ("kind", FilterType::Text),
    ];

    stored_fields!();
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Meeting {
            id: row.try_get("id")?,
            region_id: row.try_get("region_id")?,
            version: row.try_get("version")?,
            input: MeetingInput {
                forum_ids: Vec::new(),
                date: date(row, "date")?,
                start_time: opt_time(row, "start_time")?.unwrap_or_default(),
                end_time: opt_time(row, "end_time")?.unwrap_or_default(),
                place: row.try_get("place")?,
                online_url: row.try_get("online_url")?,
                kind: enum_value(row, "kind", MeetingKind::parse)?,
                status: enum_value(row, "status", MeetingStatus::parse)?,
                cancel_reason: row.try_get("cancel_reason")?,
                generated: flag(row, "generated")?,
            },
        })
    }
    async fn attach(conn: &mut AnyConnection, items: &mut [Self]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|m| m.id.to_string()).collect();
        let sql = format!(
            "SELECT meeting_id, forum_id FROM meeting_forums WHERE meeting_id IN ({}) ORDER BY meeting_id, position",
            ids.join(",")
        );
        for row in sqlx::query(AssertSqlSafe(&*sql)).fetch_all(&mut *conn).await? {
            let meeting_id: Id = row.try_get("meeting_id")?;
            if let Some(meeting) = items.iter_mut().find(|m| m.id == meeting_id) {
                meeting.input.forum_ids.push(row.try_get("forum_id")?);
            }
        }
        Ok(())
    }
    /// A meeting is the business of its convening forum's secretary and the region's
    /// administrators.
    async fn object(_conn: &mut AnyConnection, region: Id, _: Option<Id>, input: &MeetingInput) -> Result<Object> {
        Ok(Object::Meeting { region, forum: input.forum_ids.first().copied().unwrap_or(0) })
    }
    async fn check(conn: &mut AnyConnection, region: &Region, id: Option<Id>, input: &mut MeetingInput) -> Result<()> {
        // An edited meeting is the secretary's: regenerating the plan leaves it alone.
        if id.is_some() {
            input.generated = false;
        }
        rules::normalise_meeting(input);
        let mut result = rules::validate_meeting(input).map_err(Error::from);
        if let Some(before) = match id {
            Some(id) => load::<Meeting>(conn, id).await?,
            None => None,
        } && !rules::status_may_change(before.input.status, input.status)
        {
            result = merge(result, "status", "error-status-change");
        }
        for forum_id in &input.forum_ids {
            if in_region::<Forum>(conn, region.id, *forum_id).await?.is_none() {
                result = merge(result, "forum_ids", "error-not-found");
            }
        }
        result
    }
    async fn write(conn: &mut AnyConnection, region_id: Id, id: Option<Id>, insert: bool, input: &MeetingInput) -> Result<Id> {
        let columns = ["date", "start_time", "end_time", "place", "online_url", "kind", "status", "cancel_reason", "generated"];
        let id = upsert(conn, Self::TABLE, Some(region_id), id, insert, &columns, |q| {
            q.bind(date_text(input.date))
                .bind(time_text(input.start_time))
                .bind(time_text(input.end_time))
                .bind(input.place.clone())
                .bind(input.online_url.clone())
                .bind(input.kind.as_str())
                .bind(input.status.as_str())
                .bind(input.cancel_reason.clone())
                .bind(i64::from(input.generated))
        })
        .await?;
        sqlx::query("DELETE FROM meeting_forums WHERE meeting_id = $1").bind(id).execute(&mut *conn).await?;
        for (position, forum_id) in input.forum_ids.iter().enumerate() {
            sqlx::query("INSERT INTO meeting_forums (meeting_id, position, forum_id) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(position as i64)
                .bind(*forum_id)
                .execute(&mut *conn)
                .await?;
        }
        Ok(id)
    }
}

/// Creates the next term's seats as drafts from those in force at the end of `from`
/// (domain: seats end with the council term unless renewed). Returns how many.
pub async fn roll_over_term(store: &Store, actor: &Actor, author: &Author, from_term: Id, to_term: Id) -> Result<usize> {
    let mut tx = store.write().await?;
    let from = load::<CouncilTerm>(&mut tx, from_term).await?.ok_or(Error::NotFound)?;
    let to = load::<CouncilTerm>(&mut tx, to_term).await?.filter(|t| t.region_id == from.region_id).ok_or(Error::NotFound)?;
    authorise(actor, Action::Create, Object::CouncilTerm { region: from.region_id })?;
    let current: Vec<Seat> = sqlx::query(AssertSqlSafe(&*format!("SELECT {} FROM seats WHERE term_id = $1 ORDER BY id", Seat::COLUMNS)))
        .bind(from.id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(Seat::from_row)
        .collect::<Result<_>>()?;
    let drafts = rules::roll_over(&current, &from, &to);
    let mut new_ids: Vec<Id> = Vec::with_capacity(drafts.len());
    // Deputised seats come before their deputies in id order, so their copies exist
    // when a deputy's copy is made; a deputy whose seat was not carried over is dropped.
    for (mut input, deputy_index) in drafts {
        if input.role == SeatRole::Deputy {
            match deputy_index.and_then(|i| new_ids.get(i)) {
                Some(id) => input.deputy_of = Some(*id),
                None => {
                    new_ids.push(0);
                    continue;
                }
            }
        }
        let seat = create_in::<Seat>(&mut tx, actor, author, from.region_id, None, input).await?;
        new_ids.push(seat.id);
    }
    tx.commit().await?;
    Ok(new_ids.iter().filter(|id| **id != 0).count())
}
