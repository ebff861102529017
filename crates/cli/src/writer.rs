//! Writing a register from code (the demo region, the scale generator): every record goes
//! through the store's `create_in`, so it meets the same rules and lands in the same audit
//! log as one made through a form, all inside the caller's one transaction.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_store::Tx;
use foorumi_store::audit::Author;
use foorumi_store::records::{Record, create_in};

/// A post created together with the placeholder person who holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldPost {
    pub post: Id,
    pub party: Id,
    pub person: Id,
}

/// How many records of each kind were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub regions: usize,
    pub terms: usize,
    pub parties: usize,
    pub people: usize,
    pub posts: usize,
    pub holdings: usize,
    pub forums: usize,
    pub seats: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.regions + self.terms + self.parties + self.people + self.posts + self.holdings + self.forums + self.seats
    }

    pub fn add(&mut self, other: Counts) {
        self.regions += other.regions;
        self.terms += other.terms;
        self.parties += other.parties;
        self.people += other.people;
        self.posts += other.posts;
        self.holdings += other.holdings;
        self.forums += other.forums;
        self.seats += other.seats;
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} regions, {} council terms, {} parties, {} people, {} posts, {} holdings, {} forums, {} seats",
            self.regions, self.terms, self.parties, self.people, self.posts, self.holdings, self.forums, self.seats
        )
    }
}

/// Writes records of one region inside one transaction, as a system author.
pub struct RegisterWriter<'t, 'c> {
    tx: &'t mut Tx<'c>,
    actor: Actor,
    author: Author,
    pub region_id: Id,
    pub counts: Counts,
}

impl<'t, 'c> RegisterWriter<'t, 'c> {
    pub fn new(tx: &'t mut Tx<'c>, author_label: &str) -> Self {
        RegisterWriter {
            tx,
            actor: Actor { instance_admin: true, ..Actor::default() },
            author: Author::system(author_label),
            region_id: 0,
            counts: Counts::default(),
        }
    }

    async fn create<R: Record>(&mut self, what: impl FnOnce() -> String, input: R::Input) -> Result<R> {
        create_in::<R>(self.tx, &self.actor, &self.author, self.region_id, None, input).await.with_context(what)
    }

    /// Creates the region and makes it the one the following records belong to.
    pub async fn region(&mut self, code: &str, name: Names) -> Result<Id> {
        let region = self.create::<Region>(|| format!("region {code}"), RegionInput { code: code.into(), name }).await?;
        self.region_id = region.id;
        self.counts.regions += 1;
        Ok(region.id)
    }

    pub async fn term(&mut self, start: NaiveDate, end: NaiveDate) -> Result<Id> {
        let term = self.create::<CouncilTerm>(|| format!("council term {start}"), TermInput { start_date: start, end_date: end }).await?;
        self.counts.terms += 1;
        Ok(term.id)
    }

    pub async fn party(&mut self, input: PartyInput) -> Result<Id> {
        let label = input.name.fi.clone();
        let party = self.create::<Party>(|| format!("party {label}"), input).await?;
        self.counts.parties += 1;
        Ok(party.id)
    }

    /// A post of `party`, and a placeholder person named by the role who holds it from
    /// `from`, reachable at `email`.
    pub async fn held_post(&mut self, party: Id, title: Names, holder: &str, email: &str, from: NaiveDate) -> Result<HeldPost> {
        let post_label = format!("post {} of party {party}", title.fi);
        let post = self.create::<Post>(|| post_label, PostInput { party_id: party, title }).await?;
        let contacts = vec![Contact { kind: ContactKind::Email, value: email.into(), public: true, valid_from: None, valid_until: None }];
        let person = self
            .create::<Person>(
                || format!("person {holder}"),
                PersonInput { name: holder.into(), party_id: Some(party), contacts, lang: Lang::Fi },
            )
            .await?;
        self.create::<Holding>(
            || format!("holding of {holder}"),
            HoldingInput { post_id: post.id, person_id: person.id, start_date: from, end_date: None },
        )
        .await?;
        self.counts.posts += 1;
        self.counts.people += 1;
        self.counts.holdings += 1;
        Ok(HeldPost { post: post.id, party, person: person.id })
    }

    pub async fn forum(&mut self, input: ForumInput) -> Result<Id> {
        let label = input.name.fi.clone();
        let forum = self.create::<Forum>(|| format!("forum {label}"), input).await?;
        self.counts.forums += 1;
        Ok(forum.id)
    }

    /// A seat held by a post, on behalf of the post's party, from `start` to `end` (the
    /// end of the term when `None`).
    pub async fn seat(&mut self, spec: SeatSpec) -> Result<Id> {
        let input = SeatInput {
            forum_id: spec.forum,
            term_id: spec.term,
            post_id: Some(spec.holder.post),
            person_id: None,
            party_id: spec.holder.party,
            role: spec.role,
            deputy_of: spec.deputy_of,
            start_date: spec.start,
            end_date: spec.end,
            status: SeatStatus::Active,
        };
        let seat =
            self.create::<Seat>(|| format!("{} seat of post {} in forum {}", spec.role, spec.holder.post, spec.forum), input).await?;
        self.counts.seats += 1;
        Ok(seat.id)
    }
}

/// One seat to create.
#[derive(Debug, Clone, Copy)]
pub struct SeatSpec {
    pub forum: Id,
    pub term: Id,
    pub holder: HeldPost,
    pub role: SeatRole,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub deputy_of: Option<Id>,
}

impl SeatSpec {
    /// A seat for the whole term from `start`.
    pub fn new(forum: Id, term: Id, holder: HeldPost, role: SeatRole, start: NaiveDate) -> Self {
        SeatSpec { forum, term, holder, role, start, end: None, deputy_of: None }
    }
}

/// "Kärkölä" → "karkola", for e-mail addresses under example.org.
pub fn ascii_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'ü' | 'ú' => 'u',
            'é' | 'è' | 'ê' => 'e',
            'š' => 's',
            'ž' => 'z',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if mapped == '-' && (slug.is_empty() || slug.ends_with('-')) {
            continue;
        }
        slug.push(mapped);
    }
    slug.trim_end_matches('-').to_owned()
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("dates written in code are valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(ascii_slug("Kärkölä"), "karkola");
        assert_eq!(ascii_slug("Päijät-Hämeen liitto"), "paijat-hameen-liitto");
        assert_eq!(ascii_slug(" Koski Tl "), "koski-tl");
        assert_eq!(ascii_slug("Maarianhamina – Mariehamn"), "maarianhamina-mariehamn");
    }
}
