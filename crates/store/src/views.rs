//! Read models for pages: a region's whole register loaded in one go, and the views the
//! pages show, assembled from it in memory (a region holds hundreds of rows, not millions).

use sqlx::AssertSqlSafe;
use std::collections::HashMap;

use chrono::NaiveDate;
use foorumi_core::*;
use serde::Serialize;

use crate::records::{Record, all, load};
use crate::{Error, Result, Store};

/// Everything a region's register holds.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRegister {
    pub region: Region,
    pub parties: Vec<Party>,
    pub people: Vec<Person>,
    pub posts: Vec<Post>,
    pub holdings: Vec<Holding>,
    pub forums: Vec<Forum>,
    pub terms: Vec<CouncilTerm>,
    pub seats: Vec<Seat>,
    /// The region's secrecy grounds (R1.10).
    pub legal_bases: Vec<LegalBasis>,
}

pub async fn region_by_code(store: &Store, code: &str) -> Result<Region> {
    let mut conn = store.pool().acquire().await?;
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM regions WHERE code = $1").bind(code).fetch_optional(&mut *conn).await?;
    match id {
        Some(id) => load::<Region>(&mut conn, id).await?.ok_or(Error::NotFound),
        None => Err(Error::NotFound),
    }
}

pub async fn regions(store: &Store) -> Result<Vec<Region>> {
    let mut conn = store.pool().acquire().await?;
    let rows = sqlx::query(AssertSqlSafe(&*format!("SELECT {} FROM regions ORDER BY code", Region::COLUMNS))).fetch_all(&mut *conn).await?;
    rows.iter().map(Region::from_row).collect()
}

pub async fn register(store: &Store, region_id: Id) -> Result<RegionRegister> {
    let mut conn = store.pool().acquire().await?;
    register_in(&mut conn, region_id).await
}

/// The register as a connection or transaction sees it.
pub async fn register_in(conn: &mut sqlx::AnyConnection, region_id: Id) -> Result<RegionRegister> {
    let region = load::<Region>(conn, region_id).await?.ok_or(Error::NotFound)?;
    Ok(RegionRegister {
        region,
        parties: all(conn, region_id).await?,
        people: all(conn, region_id).await?,
        posts: all(conn, region_id).await?,
        holdings: all(conn, region_id).await?,
        forums: all(conn, region_id).await?,
        terms: all(conn, region_id).await?,
        seats: all(conn, region_id).await?,
        legal_bases: all(conn, region_id).await?,
    })
}

/// One seat as pages show it: who holds it today and who deputises it.
#[derive(Debug, Clone, Serialize)]
pub struct SeatView {
    pub seat: Seat,
    /// The post's title, when the seat is held by a post.
    pub post: Option<Post>,
    /// Who sits today: the post's current holder, or the person named on the seat.
    pub holder: Option<Person>,
    pub party: Party,
    pub deputies: Vec<SeatView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyGroup {
    pub party: Party,
    pub seats: Vec<SeatView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForumSummary {
    pub forum: Forum,
    pub member_count: usize,
    pub secretaries: Vec<SeatView>,
    pub chair: Option<SeatView>,
}

impl RegionRegister {
    pub fn party(&self, id: Id) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }
    pub fn forum(&self, id: Id) -> Option<&Forum> {
        self.forums.iter().find(|f| f.id == id)
    }
    pub fn person(&self, id: Id) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }
    pub fn post(&self, id: Id) -> Option<&Post> {
        self.posts.iter().find(|p| p.id == id)
    }

    /// The council term in force on `date`, or the latest one.
    pub fn term_on(&self, date: NaiveDate) -> Option<&CouncilTerm> {
        self.terms.iter().find(|t| t.contains(date)).or_else(|| self.terms.last())
    }

    /// Who holds a post on `date`.
    pub fn holder_of(&self, post_id: Id, date: NaiveDate) -> Option<&Person> {
        self.holdings.iter().find(|h| h.input.post_id == post_id && h.active_on(date)).and_then(|h| self.person(h.input.person_id))
    }

    fn seat_view(&self, seat: &Seat, date: NaiveDate, deputies_of: &HashMap<Id, Vec<&Seat>>) -> Option<SeatView> {
        let party = self.party(seat.input.party_id)?.clone();
        let post = seat.input.post_id.and_then(|id| self.post(id)).cloned();
        let holder = match (seat.input.post_id, seat.input.person_id) {
            (Some(post_id), _) => self.holder_of(post_id, date).cloned(),
            (None, Some(person_id)) => self.person(person_id).cloned(),
            (None, None) => None,
        };
        let deputies = deputies_of
            .get(&seat.id)
            .map(|list| list.iter().filter_map(|d| self.seat_view(d, date, deputies_of)).collect())
            .unwrap_or_default();
        Some(SeatView { seat: seat.clone(), post, holder, party, deputies })
    }

    /// A forum's seats in force on `date` (or, with `drafts`, its draft seats), grouped by
    /// the party they sit for, deputies under the seat they deputise.
    pub fn forum_members(&self, forum_id: Id, date: NaiveDate, drafts: bool) -> Vec<PartyGroup> {
        let in_scope =
            |s: &&Seat| s.input.forum_id == forum_id && if drafts { s.input.status == SeatStatus::Draft } else { s.active_on(date) };
        let seats: Vec<&Seat> = self.seats.iter().filter(in_scope).collect();
        let mut deputies_of: HashMap<Id, Vec<&Seat>> = HashMap::new();
        for seat in &seats {
            if let Some(of) = seat.input.deputy_of {
                deputies_of.entry(of).or_default().push(seat);
            }
        }
        let mut groups: Vec<PartyGroup> = Vec::new();
        let mut principal: Vec<&&Seat> =
            seats.iter().filter(|s| s.input.deputy_of.is_none() || !seats.iter().any(|o| Some(o.id) == s.input.deputy_of)).collect();
        principal.sort_by_key(|s| (role_order(s.input.role), s.id));
        for seat in principal {
            let Some(view) = self.seat_view(seat, date, &deputies_of) else { continue };
            match groups.iter_mut().find(|g| g.party.id == view.party.id) {
                Some(group) => group.seats.push(view),
                None => groups.push(PartyGroup { party: view.party.clone(), seats: vec![view] }),
            }
        }
        groups.sort_by(|a, b| {
            kind_order(a.party.input.kind)
                .cmp(&kind_order(b.party.input.kind))
                .then_with(|| a.party.input.name.fi.cmp(&b.party.input.name.fi))
        });
        groups
    }

    pub fn forum_summary(&self, forum: &Forum, date: NaiveDate) -> ForumSummary {
        let groups = self.forum_members(forum.id, date, false);
        let seats: Vec<&SeatView> = groups.iter().flat_map(|g| g.seats.iter()).collect();
        ForumSummary {
            forum: forum.clone(),
            member_count: seats.iter().filter(|s| s.seat.input.role.is_member()).count(),
            secretaries: seats.iter().filter(|s| s.seat.input.role == SeatRole::Secretary).map(|s| (*s).clone()).collect(),
            chair: seats.iter().find(|s| s.seat.input.role == SeatRole::Chair).map(|s| (*s).clone()),
        }
    }

    /// The forums of each level, top down, as the region-at-a-glance diagram shows them.
    pub fn levels(&self, date: NaiveDate) -> Vec<(ForumLevel, Vec<ForumSummary>)> {
        ForumLevel::ALL
            .iter()
            .map(|level| {
                let forums = self.forums.iter().filter(|f| f.input.level == *level).map(|f| self.forum_summary(f, date)).collect();
                (*level, forums)
            })
            .filter(|(_, forums): &(ForumLevel, Vec<ForumSummary>)| !forums.is_empty())
            .collect()
    }

    /// A party's seats in every forum on `date`, with the forum each is in.
    pub fn party_seats(&self, party_id: Id, date: NaiveDate) -> Vec<(Forum, SeatView)> {
        let mut result = Vec::new();
        for forum in &self.forums {
            for group in self.forum_members(forum.id, date, false) {
                for view in group.seats {
                    if view.party.id == party_id {
                        result.push((forum.clone(), view.clone()));
                    }
                    for deputy in view.deputies {
                        if deputy.party.id == party_id {
                            result.push((forum.clone(), deputy));
                        }
                    }
                }
            }
        }
        result
    }

    /// The role-based contact directory: every post with its holder today and the forums
    /// it sits in, grouped by party.
    pub fn directory(&self, date: NaiveDate) -> Vec<DirectoryGroup> {
        let mut groups: Vec<DirectoryGroup> = Vec::new();
        let mut parties: Vec<&Party> = self.parties.iter().collect();
        parties.sort_by(|a, b| kind_order(a.input.kind).cmp(&kind_order(b.input.kind)).then_with(|| a.input.name.fi.cmp(&b.input.name.fi)));
        for party in parties {
            let entries: Vec<DirectoryEntry> = self
                .posts
                .iter()
                .filter(|p| p.input.party_id == party.id)
                .map(|post| DirectoryEntry {
                    post: post.clone(),
                    holder: self.holder_of(post.id, date).cloned(),
                    forums: self
                        .seats
                        .iter()
                        .filter(|s| s.input.post_id == Some(post.id) && s.active_on(date))
                        .filter_map(|s| self.forum(s.input.forum_id).map(|f| (f.clone(), s.input.role)))
                        .collect(),
                })
                .collect();
            if !entries.is_empty() {
                groups.push(DirectoryGroup { party: party.clone(), entries });
            }
        }
        groups
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DirectoryGroup {
    pub party: Party,
    pub entries: Vec<DirectoryEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DirectoryEntry {
    pub post: Post,
    pub holder: Option<Person>,
    pub forums: Vec<(Forum, SeatRole)>,
}

/// Chairs first, secretaries and guests last, as member lists are read.
fn role_order(role: SeatRole) -> u8 {
    match role {
        SeatRole::Chair => 0,
        SeatRole::ViceChair => 1,
        SeatRole::Member => 2,
        SeatRole::Deputy => 3,
        SeatRole::Presenter => 4,
        SeatRole::Secretary => 5,
        SeatRole::StandingGuest => 6,
    }
}

/// Regional council first, then the county, municipalities, and the rest.
pub fn kind_order(kind: PartyKind) -> u8 {
    match kind {
        PartyKind::RegionalCouncil => 0,
        PartyKind::WellbeingCounty => 1,
        PartyKind::Municipality => 2,
        PartyKind::StateAgency => 3,
        PartyKind::JointCompany => 4,
        PartyKind::Stakeholder => 5,
        PartyKind::Ngo => 6,
    }
}

/// An agenda item as a page offers it to link a record to: by its meeting's date, its
/// meeting's convening forum, its number and a title anyone may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChoice {
    pub item_id: Id,
    pub meeting_id: Id,
    pub date: NaiveDate,
    /// Whether the meeting was cancelled: its items were never handled.
    pub cancelled: bool,
    /// The forum that convened the item's meeting, and its level.
    pub forum_id: Id,
    pub level: ForumLevel,
    pub number: Option<i64>,
    /// The title, or the public title of an item that is not public: those who keep the
    /// linked records need not be of the item's forum (R1.6).
    pub title: String,
}

/// The items on the agendas of the region's meetings, newest meeting first and in agenda
/// order within a meeting: the choices for linking a conflict, a protocol version, a
/// negotiation, a goal or a snapshot to an item, or attaching a report to one.
pub async fn item_choices(store: &Store, region_id: Id) -> Result<Vec<ItemChoice>> {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT a.id, a.meeting_id, m.date, m.status, mf.forum_id, f.level, a.number, a.title, a.public_title, a.publicity \
         FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id \
         JOIN meeting_forums mf ON mf.meeting_id = a.meeting_id AND mf.position = 0 JOIN forums f ON f.id = mf.forum_id \
         WHERE a.region_id = $1 ORDER BY m.date DESC, m.start_time DESC, a.meeting_id, a.position",
    )
    .bind(region_id)
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let level: String = row.try_get("level")?;
            let public = row.try_get::<String, _>("publicity")? == Publicity::Public.as_str();
            Ok(ItemChoice {
                item_id: row.try_get("id")?,
                meeting_id: row.try_get("meeting_id")?,
                date: crate::records::date(row, "date")?,
                cancelled: row.try_get::<String, _>("status")? == MeetingStatus::Cancelled.as_str(),
                forum_id: row.try_get("forum_id")?,
                level: ForumLevel::parse(&level).ok_or_else(|| Error::Config(format!("bad forum level in database: {level}")))?,
                number: row.try_get("number")?,
                title: if public { row.try_get("title")? } else { row.try_get("public_title")? },
            })
        })
        .collect()
}
