//! E-mail goes through an outbox: a message is a row written in the same transaction as
//! the decision to send it, and a worker sends due rows one by one, retrying with backoff
//! while the SMTP server is down, so no message is lost and the secretary sees each
//! recipient's delivery status.
//!
//! Invitations carry answer links. Each link names a single-use token: its random part is
//! kept only as a SHA-256, and the link carries an HMAC-SHA256 (with a secret kept in the
//! database, so every node shares it) over the token's meeting, seat, person, expiry and
//! the answer the link gives, so an altered link fails and a guessed one is unknown. An
//! answer is recorded through `meetings::set_attendance`, as the person themselves.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use foorumi_core::permissions::{Action, Actor, Object, allowed};
use foorumi_core::*;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{self, Author, Change};
use crate::records::{self, load};
use crate::views::RegionRegister;
use crate::{Error, Result, Store, Tx};

/// Why a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Invitation,
    /// The meeting's time or place changed after the invitation.
    Update,
    Cancellation,
    Reminder,
    /// The meeting's record waits for the recipient's check as a minute checker (R2.10).
    Checking,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[Kind::Invitation, Kind::Update, Kind::Cancellation, Kind::Reminder, Kind::Checking];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invitation => "invitation",
            Kind::Update => "update",
            Kind::Cancellation => "cancellation",
            Kind::Reminder => "reminder",
            Kind::Checking => "checking",
        }
    }
    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == text)
    }
    /// Whether the message puts the meeting in the recipient's calendar.
    pub fn invites(self) -> bool {
        matches!(self, Kind::Invitation | Kind::Update)
    }
}

/// Where a message is on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for its (next) attempt.
    Queued,
    Sent,
    /// Refused by the server for good, or still not sent after `GIVE_UP_AFTER`.
    Failed,
    /// The recipient has no e-mail address valid on the meeting's date: nothing to send.
    NoAddress,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sent => "sent",
            Status::Failed => "failed",
            Status::NoAddress => "no_address",
        }
    }
    pub fn parse(text: &str) -> Option<Status> {
        [Status::Queued, Status::Sent, Status::Failed, Status::NoAddress].into_iter().find(|s| s.as_str() == text)
    }
}

/// How long a message is retried before it is marked failed.
pub const GIVE_UP_AFTER: Duration = Duration::hours(24);

/// How long a claimed message is held for the worker that claimed it; after that another
/// worker may try it (the first one died mid-send).
pub const LEASE: Duration = Duration::minutes(5);

/// The wait before the next attempt after `attempts` failed ones: 1 minute, doubling, at
/// most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let exponent = attempts.clamp(1, 7) - 1;
    Duration::minutes(1 << exponent).min(Duration::hours(1))
}

/// Timestamps are written in one fixed format, so comparing the text compares the times.
fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn parse_stamp(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(|_| Error::Config(format!("bad time in database: {text}")))
}

/// An instant as a Finnish clock shows it.
pub fn helsinki(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    at.with_timezone(&chrono_tz::Europe::Helsinki).naive_local()
}

/// The meeting's start as an instant: its date and time are Finnish local time.
pub fn starts_at(meeting: &Meeting) -> DateTime<Utc> {
    let local = meeting.starts();
    let helsinki = chrono_tz::Europe::Helsinki.from_local_datetime(&local);
    helsinki.earliest().or_else(|| helsinki.latest()).map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
}

/// What a message told of the meeting: when one of these changes after the invitation, an
/// update is due.
pub fn fingerprint(meeting: &Meeting) -> String {
    let m = &meeting.input;
    let forums: Vec<String> = m.forum_ids.iter().map(Id::to_string).collect();
    format!("{}|{}|{}|{}|{}|{}|{}", m.date, m.start_time, m.end_time, m.place, m.online_url, m.kind, forums.join(","))
}

// ---- recipients ---------------------------------------------------------------------

/// Someone a meeting's messages go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipient {
    pub person_id: Id,
    pub name: String,
    pub lang: Lang,
    /// The first e-mail address of the person valid on the meeting's date.
    pub address: Option<String>,
    pub seat_id: Option<Id>,
    pub role: Option<SeatRole>,
    /// A member seat answers the invitation; the others are invited to attend.
    pub answers: bool,
    /// The seat has a deputy on the meeting's date ("a deputy attends" is an answer).
    pub has_deputy: bool,
}

fn role_rank(role: SeatRole) -> usize {
    SeatRole::ALL.iter().position(|r| *r == role).unwrap_or(usize::MAX)
}

fn email_on(person: &Person, date: NaiveDate) -> Option<String> {
    person.input.contacts.iter().find(|c| c.kind == ContactKind::Email && c.valid_on(date)).map(|c| c.value.trim().to_owned())
}

/// Who is invited to a meeting: whoever sits, on its date, in a seat of one of its forums
/// (a post's holder then, or the person named on the seat) — members, deputies,
/// secretaries, presenters and standing guests alike. A person with several seats is
/// invited once, through the seat that answers (the highest role). Vacant seats invite
/// nobody.
pub fn recipients(register: &RegionRegister, meeting: &Meeting) -> Vec<Recipient> {
    let date = meeting.input.date;
    let mut by_person: HashMap<Id, (&Seat, &Person)> = HashMap::new();
    for seat in register.seats.iter().filter(|s| meeting.input.forum_ids.contains(&s.input.forum_id) && s.active_on(date)) {
        let sitter = match (seat.input.post_id, seat.input.person_id) {
            (Some(post), _) => register.holder_of(post, date),
            (None, Some(person)) => register.person(person),
            (None, None) => None,
        };
        let Some(person) = sitter else { continue };
        let better = by_person.get(&person.id).is_none_or(|(kept, _)| role_rank(seat.input.role) < role_rank(kept.input.role));
        if better {
            by_person.insert(person.id, (seat, person));
        }
    }
    let mut list: Vec<Recipient> = by_person
        .into_values()
        .map(|(seat, person)| Recipient {
            person_id: person.id,
            name: person.input.name.clone(),
            lang: person.input.lang,
            address: email_on(person, date),
            seat_id: Some(seat.id),
            role: Some(seat.input.role),
            answers: seat.input.role.is_member(),
            has_deputy: register.seats.iter().any(|s| s.input.deputy_of == Some(seat.id) && s.active_on(date)),
        })
        .collect();
    list.sort_by(|a, b| (a.role.map(role_rank), &a.name, a.person_id).cmp(&(b.role.map(role_rank), &b.name, b.person_id)));
    list
}

/// Those a cancellation goes to: everyone an invitation or update went to, at the address
/// it went to (that calendar holds the event), in their language today.
async fn invited_before(conn: &mut sqlx::AnyConnection, register: &RegionRegister, meeting: &Meeting) -> Result<Vec<Recipient>> {
    let rows = sqlx::query(
        "SELECT person_id, seat_id, recipient, address, lang FROM outbox \
         WHERE meeting_id = $1 AND kind IN ('invitation', 'update') ORDER BY id",
    )
    .bind(meeting.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut list: Vec<Recipient> = Vec::new();
    for row in rows {
        let person_id: Option<Id> = row.try_get("person_id")?;
        let address: String = row.try_get("address")?;
        let seat_id: Option<Id> = row.try_get("seat_id")?;
        let person = person_id.and_then(|id| register.person(id));
        let recipient = Recipient {
            person_id: person_id.unwrap_or(0),
            name: person.map_or_else(|| row.try_get("recipient"), |p| Ok(p.input.name.clone()))?,
            lang: person
                .map(|p| p.input.lang)
                .or_else(|| Lang::parse(&row.try_get::<String, _>("lang").unwrap_or_default()))
                .unwrap_or_default(),
            address: Some(address).filter(|a| !a.is_empty()),
            seat_id,
            role: seat_id.and_then(|id| register.seats.iter().find(|s| s.id == id)).map(|s| s.input.role),
            answers: false,
            has_deputy: false,
        };
        list.retain(|r| !(r.person_id == recipient.person_id && r.address == recipient.address));
        list.push(recipient);
    }
    Ok(list)
}

// ---- answer links -------------------------------------------------------------------

/// The answer links of one message: each a token for `/answer/{token}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerLinks {
    pub accept: String,
    pub decline: String,
    /// Only for a seat with a deputy.
    pub deputy: Option<String>,
}

/// Why an answer link was refused. Nothing changes in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Malformed, unknown, or altered (its signature does not match).
    #[error("unknown or altered answer link")]
    Invalid,
    #[error("answer link expired")]
    Expired,
    #[error("answer link already used")]
    Used,
    #[error("the meeting was cancelled")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] Error),
}

impl From<sqlx::Error> for TokenError {
    fn from(err: sqlx::Error) -> Self {
        TokenError::Store(err.into())
    }
}

/// What a valid answer link says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub meeting_id: Id,
    pub seat_id: Id,
    pub person_id: Id,
    pub response: AttendanceResponse,
    pub expires_at: DateTime<Utc>,
    #[serde(skip)]
    token_hash: String,
}

type HmacSha256 = Hmac<Sha256>;

/// The installation's signing secret, made on first use. Two nodes making it at once
/// both keep the one that was written first.
async fn secret_in(conn: &mut sqlx::AnyConnection) -> Result<Vec<u8>> {
    if let Some(secret) = stored_secret(conn).await? {
        return Ok(secret);
    }
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    sqlx::query("INSERT INTO mail_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
        .bind(hex::encode(bytes))
        .execute(&mut *conn)
        .await?;
    stored_secret(conn).await?.ok_or_else(|| Error::Config("the mail secret was not stored".into()))
}

async fn stored_secret(conn: &mut sqlx::AnyConnection) -> Result<Option<Vec<u8>>> {
    let text: Option<String> = sqlx::query_scalar("SELECT secret FROM mail_secret WHERE id = 1").fetch_optional(&mut *conn).await?;
    text.map(|t| hex::decode(t).map_err(|_| Error::Config("bad mail secret in database".into()))).transpose()
}

fn nonce_hash(nonce: &str) -> String {
    hex::encode(Sha256::digest(nonce.as_bytes()))
}

/// The MAC over everything a link decides: which token, whose seat at which meeting,
/// until when, and which answer.
fn signer(secret: &[u8], nonce: &str, facts: (Id, Id, Id, &str), response: AttendanceResponse) -> HmacSha256 {
    let (meeting_id, seat_id, person_id, expires_at) = facts;
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes a key of any length");
    for part in
        ["foorumi-answer", nonce, &meeting_id.to_string(), &seat_id.to_string(), &person_id.to_string(), expires_at, response.as_str()]
    {
        mac.update(&(part.len() as u64).to_le_bytes());
        mac.update(part.as_bytes());
    }
    mac
}

async fn issue_in(
    conn: &mut sqlx::AnyConnection,
    secret: &[u8],
    meeting_id: Id,
    seat_id: Id,
    person_id: Id,
    expires_at: DateTime<Utc>,
    has_deputy: bool,
) -> Result<AnswerLinks> {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let nonce = hex::encode(bytes);
    let expires = stamp(expires_at);
    sqlx::query(
        "INSERT INTO answer_tokens (token_hash, meeting_id, seat_id, person_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(nonce_hash(&nonce))
    .bind(meeting_id)
    .bind(seat_id)
    .bind(person_id)
    .bind(&expires)
    .bind(crate::now_text())
    .execute(&mut *conn)
    .await?;
    let link = |response: AttendanceResponse| {
        let mac = signer(secret, &nonce, (meeting_id, seat_id, person_id, &expires), response).finalize().into_bytes();
        format!("{nonce}.{}.{}", response.as_str(), hex::encode(mac))
    };
    Ok(AnswerLinks {
        accept: link(AttendanceResponse::Accepted),
        decline: link(AttendanceResponse::Declined),
        deputy: has_deputy.then(|| link(AttendanceResponse::DeputyAttends)),
    })
}

/// Makes the answer links of one seat's sitter for a meeting, valid until `expires_at`.
/// Callers authorise: invitations make theirs inside `enqueue`.
pub async fn issue_answer_links(
    store: &Store,
    meeting_id: Id,
    seat_id: Id,
    person_id: Id,
    expires_at: DateTime<Utc>,
    has_deputy: bool,
) -> Result<AnswerLinks> {
    let mut conn = store.pool().acquire().await?;
    let secret = secret_in(&mut conn).await?;
    issue_in(&mut conn, &secret, meeting_id, seat_id, person_id, expires_at, has_deputy).await
}

/// Checks an answer link without using it: what it would record, or why it is refused.
pub async fn verify_answer(store: &Store, token: &str, now: DateTime<Utc>) -> std::result::Result<Answer, TokenError> {
    let mut parts = token.split('.');
    let (Some(nonce), Some(response), Some(mac), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(TokenError::Invalid);
    };
    let response = AttendanceResponse::parse(response).ok_or(TokenError::Invalid)?;
    let mac = hex::decode(mac).map_err(|_| TokenError::Invalid)?;
    if nonce.len() != 32 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(TokenError::Invalid);
    }
    let mut conn = store.pool().acquire().await?;
    let Some(secret) = stored_secret(&mut conn).await? else { return Err(TokenError::Invalid) };
    let hash = nonce_hash(nonce);
    let row = sqlx::query("SELECT meeting_id, seat_id, person_id, expires_at, used_at FROM answer_tokens WHERE token_hash = $1")
        .bind(&hash)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(TokenError::Invalid)?;
    let (meeting_id, seat_id, person_id): (Id, Id, Id) = (row.try_get("meeting_id")?, row.try_get("seat_id")?, row.try_get("person_id")?);
    let expires: String = row.try_get("expires_at")?;
    signer(&secret, nonce, (meeting_id, seat_id, person_id, &expires), response).verify_slice(&mac).map_err(|_| TokenError::Invalid)?;
    if row.try_get::<Option<String>, _>("used_at")?.is_some() {
        return Err(TokenError::Used);
    }
    let expires_at = parse_stamp(&expires)?;
    if now >= expires_at {
        return Err(TokenError::Expired);
    }
    let meeting = load::<Meeting>(&mut conn, meeting_id).await?.ok_or(TokenError::Invalid)?;
    if meeting.input.status == MeetingStatus::Cancelled {
        return Err(TokenError::Cancelled);
    }
    Ok(Answer { meeting_id, seat_id, person_id, response, expires_at, token_hash: hash })
}

/// Records the answer a link gives, once. The token is taken first (an atomic update
/// that only one request wins); if the answer cannot be recorded, it is given back.
pub async fn answer(store: &Store, token: &str, now: DateTime<Utc>) -> std::result::Result<Answer, TokenError> {
    let answer = verify_answer(store, token, now).await?;
    let used_at = stamp(now);
    let taken = sqlx::query("UPDATE answer_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(&used_at)
        .bind(&answer.token_hash)
        .execute(store.pool())
        .await?
        .rows_affected();
    if taken != 1 {
        return Err(TokenError::Used);
    }
    // The link stands for the person it was sent to: they may answer for their own seat
    // (and only while they still sit in it), as on the meeting page.
    let actor = Actor { person_id: Some(answer.person_id), ..Actor::default() };
    let author = Author::system(&format!("e-mail link of person {}", answer.person_id));
    let recorded = crate::meetings::set_attendance(store, &actor, &author, answer.meeting_id, answer.seat_id, Some(answer.response)).await;
    if let Err(err) = recorded {
        sqlx::query("UPDATE answer_tokens SET used_at = NULL WHERE token_hash = $1 AND used_at = $2")
            .bind(&answer.token_hash)
            .bind(&used_at)
            .execute(store.pool())
            .await?;
        return Err(TokenError::Store(err));
    }
    Ok(answer)
}

// ---- enqueueing ---------------------------------------------------------------------

/// Who asks for messages to be sent.
#[derive(Debug, Clone, Copy)]
pub enum Sender<'a> {
    /// Someone using Foorumi: the convening forum's secretary or an administrator.
    Person { actor: &'a Actor, author: &'a Author },
    /// The outbox worker's schedule: reminders and cancellations that are due, and only
    /// those.
    Schedule,
}

/// One message to compose: for whom, about what, with which answer links.
pub struct Letter<'a> {
    pub kind: Kind,
    pub meeting: &'a Meeting,
    pub register: &'a RegionRegister,
    pub recipient: &'a Recipient,
    pub answers: Option<&'a AnswerLinks>,
    /// The SEQUENCE of the meeting's calendar event.
    pub sequence: i64,
}

/// A composed message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The iCalendar invitation or cancellation, if the message carries one.
    pub ics: Option<String>,
}

/// What `enqueue` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Enqueued {
    /// Messages waiting for the worker.
    pub queued: usize,
    /// Recipients without an address, recorded as such.
    pub no_address: usize,
}

/// The audit log's record of a sending.
#[derive(Serialize)]
struct Sending<'a> {
    meeting_id: Id,
    kind: Kind,
    sequence: i64,
    recipients: Vec<SentTo<'a>>,
}

#[derive(Serialize)]
struct SentTo<'a> {
    person_id: Id,
    seat_id: Option<Id>,
    address: Option<&'a str>,
}

fn closed(code: &str) -> Error {
    Error::Invalid(vec![FieldError::new("status", code)])
}

/// Writes one message per recipient of a meeting into the outbox, in one transaction, with
/// answer links for the seats that answer, and records the sending in the audit log.
///
/// An invitation moves a planned meeting to "invited" first (through the meeting's own
/// update, so that is checked and logged as any edit); every message then carries the
/// meeting's SEQUENCE as it is after that. Invitations, updates and reminders go for
/// meetings that are invited or have their agenda published; cancellations for cancelled
/// ones, to those invited before. The schedule sends only what is due: a meeting's
/// reminder once per date, a cancellation once after each invitation.
pub async fn enqueue(
    store: &Store,
    sender: Sender<'_>,
    meeting_id: Id,
    kind: Kind,
    mut compose: impl FnMut(&Letter<'_>) -> Composed,
) -> Result<Enqueued> {
    if kind == Kind::Checking {
        // Checking requests go with the record's own step: `minutes::send_to_checkers`.
        return Err(Error::Forbidden);
    }
    let first = records::get::<Meeting>(store, meeting_id).await?;
    let author = match sender {
        Sender::Person { actor, author } => {
            let object = Object::Meeting { region: first.region_id, forum: first.input.forum_ids.first().copied().unwrap_or(0) };
            if !allowed(actor, Action::Update, object) {
                return Err(Error::Forbidden);
            }
            if kind == Kind::Invitation && first.input.status == MeetingStatus::Planned {
                let input = MeetingInput { status: MeetingStatus::Invited, ..first.input.clone() };
                records::update::<Meeting>(store, actor, author, meeting_id, first.version, input).await?;
            }
            author.clone()
        }
        Sender::Schedule if matches!(kind, Kind::Reminder | Kind::Cancellation) => Author::system("mail"),
        Sender::Schedule => return Err(Error::Forbidden),
    };
    let mut tx = store.write().await?;
    let meeting = load::<Meeting>(&mut tx, meeting_id).await?.ok_or(Error::NotFound)?;
    let status = meeting.input.status;
    match kind {
        Kind::Cancellation if status != MeetingStatus::Cancelled => return Err(closed("error-mail-not-cancelled")),
        Kind::Invitation | Kind::Update | Kind::Reminder if !matches!(status, MeetingStatus::Invited | MeetingStatus::AgendaPublished) => {
            return Err(closed("error-mail-meeting-closed"));
        }
        _ => {}
    }
    if matches!(sender, Sender::Schedule) && !due_in(&mut tx, &meeting, kind).await? {
        return Ok(Enqueued::default());
    }
    let register = crate::views::register_in(&mut tx, meeting.region_id).await?;
    let recipients = match kind {
        Kind::Cancellation => invited_before(&mut tx, &register, &meeting).await?,
        _ => recipients(&register, &meeting),
    };
    let outcome = write_messages(&mut tx, &author, &meeting, &register, kind, &recipients, &mut compose).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Writes one message of `kind` per recipient into the outbox, with answer links for the
/// seats that answer, and records the sending in the audit log: the caller's transaction
/// holds the messages and the decision to send them together.
pub(crate) async fn write_messages(
    tx: &mut Tx<'_>,
    author: &Author,
    meeting: &Meeting,
    register: &RegionRegister,
    kind: Kind,
    recipients: &[Recipient],
    compose: &mut impl FnMut(&Letter<'_>) -> Composed,
) -> Result<Enqueued> {
    let sequence = meeting.version - 1;
    let print = fingerprint(meeting);
    let secret = secret_in(tx).await?;
    let expires_at = starts_at(meeting);
    let now = crate::now_text();
    let mut outcome = Enqueued::default();
    for recipient in recipients {
        let answers =
            match (recipient.answers && !matches!(kind, Kind::Cancellation | Kind::Checking), &recipient.address, recipient.seat_id) {
                (true, Some(_), Some(seat_id)) => {
                    Some(issue_in(tx, &secret, meeting.id, seat_id, recipient.person_id, expires_at, recipient.has_deputy).await?)
                }
                _ => None,
            };
        let letter = Letter { kind, meeting, register, recipient, answers: answers.as_ref(), sequence };
        let composed = compose(&letter);
        let status = if recipient.address.is_some() { Status::Queued } else { Status::NoAddress };
        sqlx::query(
            "INSERT INTO outbox (meeting_id, seat_id, person_id, recipient, address, lang, kind, sequence, fingerprint, subject, \
             body_text, body_html, ics, status, attempts, next_attempt_at, last_error, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0, $15, '', $16)",
        )
        .bind(meeting.id)
        .bind(recipient.seat_id)
        .bind(Some(recipient.person_id).filter(|id| *id != 0))
        .bind(&recipient.name)
        .bind(recipient.address.clone().unwrap_or_default())
        .bind(recipient.lang.as_str())
        .bind(kind.as_str())
        .bind(sequence)
        .bind(&print)
        .bind(&composed.subject)
        .bind(&composed.text)
        .bind(&composed.html)
        .bind(composed.ics.unwrap_or_default())
        .bind(status.as_str())
        .bind(&now)
        .bind(&now)
        .execute(&mut **tx)
        .await?;
        match status {
            Status::NoAddress => outcome.no_address += 1,
            _ => outcome.queued += 1,
        }
    }
    let sending = Sending {
        meeting_id: meeting.id,
        kind,
        sequence,
        recipients: recipients
            .iter()
            .map(|r| SentTo { person_id: r.person_id, seat_id: r.seat_id, address: r.address.as_deref() })
            .collect(),
    };
    audit::record(
        tx,
        author,
        Change {
            action: "send",
            entity: "mail",
            entity_id: meeting.id,
            region_id: Some(meeting.region_id),
            before: None,
            after: Some(&sending),
        },
    )
    .await?;
    Ok(outcome)
}

/// The minute checkers of a meeting's record as recipients, at their addresses today.
pub(crate) fn checkers(register: &RegionRegister, checker_ids: &[Id]) -> Vec<Recipient> {
    let today = crate::today();
    checker_ids
        .iter()
        .filter_map(|id| register.person(*id))
        .map(|person| Recipient {
            person_id: person.id,
            name: person.input.name.clone(),
            lang: person.input.lang,
            address: email_on(person, today),
            seat_id: None,
            role: None,
            answers: false,
            has_deputy: false,
        })
        .collect()
}

/// Whether the schedule still owes this meeting a message of this kind; a reminder is
/// marked sent here, in the sending's transaction.
async fn due_in(tx: &mut Tx<'_>, meeting: &Meeting, kind: Kind) -> Result<bool> {
    match kind {
        Kind::Cancellation => {
            let (last_invited, last_cancelled) = last_ids(tx, meeting.id).await?;
            Ok(last_invited > last_cancelled)
        }
        Kind::Reminder => {
            let (last_invited, _) = last_ids(tx, meeting.id).await?;
            if last_invited == 0 {
                return Ok(false);
            }
            let marked =
                sqlx::query("INSERT INTO mail_reminders (meeting_id, meeting_date, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                    .bind(meeting.id)
                    .bind(meeting.input.date.to_string())
                    .bind(crate::now_text())
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
            Ok(marked == 1)
        }
        Kind::Invitation | Kind::Update | Kind::Checking => Ok(false),
    }
}

/// The newest invitation-or-update row and the newest cancellation row of a meeting (0
/// for none).
async fn last_ids(conn: &mut sqlx::AnyConnection, meeting_id: Id) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COALESCE(MAX(CASE WHEN kind IN ('invitation', 'update') THEN id END), 0) AS invited, \
         COALESCE(MAX(CASE WHEN kind = 'cancellation' THEN id END), 0) AS cancelled FROM outbox WHERE meeting_id = $1",
    )
    .bind(meeting_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("invited")?, row.try_get("cancelled")?))
}

/// Cancelled meetings whose invitations have not yet been followed by a cancellation.
pub async fn due_cancellations(store: &Store) -> Result<Vec<Id>> {
    Ok(sqlx::query_scalar(
        "SELECT m.id FROM meetings m WHERE m.status = 'cancelled' AND EXISTS (\
         SELECT 1 FROM outbox o WHERE o.meeting_id = m.id AND o.kind IN ('invitation', 'update') \
         AND o.id > COALESCE((SELECT MAX(c.id) FROM outbox c WHERE c.meeting_id = m.id AND c.kind = 'cancellation'), 0)) \
         ORDER BY m.id",
    )
    .fetch_all(store.pool())
    .await?)
}

/// Invited meetings within `days` days from `today` (their reminder day has come) that
/// were invited before that day and have had no reminder for their date. `days` 0 turns
/// reminders off.
pub async fn due_reminders(store: &Store, today: NaiveDate, days: u32) -> Result<Vec<Id>> {
    if days == 0 {
        return Ok(Vec::new());
    }
    let until = today + Duration::days(i64::from(days));
    let ids: Vec<(Id, String)> = sqlx::query_as(
        "SELECT m.id, m.date FROM meetings m WHERE m.status IN ('invited', 'agenda_published') AND m.date >= $1 AND m.date <= $2 \
         AND NOT EXISTS (SELECT 1 FROM mail_reminders r WHERE r.meeting_id = m.id AND r.meeting_date = m.date) ORDER BY m.date, m.id",
    )
    .bind(today.to_string())
    .bind(until.to_string())
    .fetch_all(store.pool())
    .await?;
    let mut due = Vec::new();
    for (id, date) in ids {
        let Ok(date) = date.parse::<NaiveDate>() else { continue };
        // An invitation sent inside the reminder window is its own reminder.
        let reminder_day = (date - Duration::days(i64::from(days))).to_string();
        let invited_before: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(id) FROM outbox WHERE meeting_id = $1 AND kind IN ('invitation', 'update') AND substr(created_at, 1, 10) < $2",
        )
        .bind(id)
        .bind(reminder_day)
        .fetch_one(store.pool())
        .await?;
        if invited_before.is_some() {
            due.push(id);
        }
    }
    Ok(due)
}

// ---- sending ------------------------------------------------------------------------

/// A message the worker holds to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub id: Id,
    pub meeting_id: Id,
    pub recipient: String,
    pub address: String,
    pub lang: Lang,
    pub kind: Kind,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub ics: Option<String>,
    /// Attempts so far, this one included.
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
}

/// Takes the next message due at `now` for sending: its next attempt moves `LEASE` ahead,
/// so no other worker takes it meanwhile (a compare-and-set on that time, which both
/// backends do atomically).
pub async fn claim_next(store: &Store, now: DateTime<Utc>) -> Result<Option<Outgoing>> {
    for _ in 0..10 {
        let Some(row) = sqlx::query(
            "SELECT id, next_attempt_at FROM outbox WHERE status = 'queued' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1",
        )
        .bind(stamp(now))
        .fetch_optional(store.pool())
        .await?
        else {
            return Ok(None);
        };
        let id: Id = row.try_get("id")?;
        let due: String = row.try_get("next_attempt_at")?;
        let claimed = sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1 WHERE id = $2 AND status = 'queued' AND next_attempt_at = $3",
        )
        .bind(stamp(now + LEASE))
        .bind(id)
        .bind(&due)
        .execute(store.pool())
        .await?
        .rows_affected();
        if claimed == 1 {
            let row = sqlx::query(
                "SELECT id, meeting_id, recipient, address, lang, kind, subject, body_text, body_html, ics, attempts, created_at \
                 FROM outbox WHERE id = $1",
            )
            .bind(id)
            .fetch_one(store.pool())
            .await?;
            return outgoing(&row).map(Some);
        }
    }
    Ok(None)
}

fn outgoing(row: &AnyRow) -> Result<Outgoing> {
    let ics: String = row.try_get("ics")?;
    let kind: String = row.try_get("kind")?;
    Ok(Outgoing {
        id: row.try_get("id")?,
        meeting_id: row.try_get("meeting_id")?,
        recipient: row.try_get("recipient")?,
        address: row.try_get("address")?,
        lang: Lang::parse(&row.try_get::<String, _>("lang")?).unwrap_or_default(),
        kind: Kind::parse(&kind).ok_or_else(|| Error::Config(format!("bad kind in outbox: {kind}")))?,
        subject: row.try_get("subject")?,
        text: row.try_get("body_text")?,
        html: row.try_get("body_html")?,
        ics: Some(ics).filter(|i| !i.is_empty()),
        attempts: row.try_get("attempts")?,
        created_at: parse_stamp(&row.try_get::<String, _>("created_at")?)?,
    })
}

pub async fn mark_sent(store: &Store, id: Id, now: DateTime<Utc>) -> Result<()> {
    sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1, last_error = '' WHERE id = $2")
        .bind(stamp(now))
        .bind(id)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Records a failed attempt: the message waits `backoff` for the next one, or is marked
/// failed when the server refused it for good (`permanent`) or it has been tried for
/// `GIVE_UP_AFTER`. Returns the message's status now.
pub async fn mark_failed(store: &Store, message: &Outgoing, now: DateTime<Utc>, error: &str, permanent: bool) -> Result<Status> {
    let give_up = permanent || now - message.created_at >= GIVE_UP_AFTER;
    let status = if give_up { Status::Failed } else { Status::Queued };
    let error: String = error.chars().take(500).collect();
    sqlx::query("UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4")
        .bind(status.as_str())
        .bind(stamp(now + backoff(message.attempts)))
        .bind(error)
        .bind(message.id)
        .execute(store.pool())
        .await?;
    Ok(status)
}

// ---- delivery status ----------------------------------------------------------------

/// One message as the secretary's delivery status shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub id: Id,
    pub kind: Kind,
    pub person_id: Option<Id>,
    pub recipient: String,
    pub address: String,
    pub lang: Lang,
    pub status: Status,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub sequence: i64,
    pub fingerprint: String,
}

/// Every message of a meeting, oldest first.
pub async fn deliveries(store: &Store, meeting_id: Id) -> Result<Vec<Delivery>> {
    let rows = sqlx::query(
        "SELECT id, kind, person_id, recipient, address, lang, status, attempts, next_attempt_at, last_error, created_at, sent_at, \
         sequence, fingerprint FROM outbox WHERE meeting_id = $1 ORDER BY id",
    )
    .bind(meeting_id)
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let status: String = row.try_get("status")?;
            Ok(Delivery {
                id: row.try_get("id")?,
                kind: Kind::parse(&kind).ok_or_else(|| Error::Config(format!("bad kind in outbox: {kind}")))?,
                person_id: row.try_get("person_id")?,
                recipient: row.try_get("recipient")?,
                address: row.try_get("address")?,
                lang: Lang::parse(&row.try_get::<String, _>("lang")?).unwrap_or_default(),
                status: Status::parse(&status).ok_or_else(|| Error::Config(format!("bad status in outbox: {status}")))?,
                attempts: row.try_get("attempts")?,
                next_attempt_at: parse_stamp(&row.try_get::<String, _>("next_attempt_at")?)?,
                last_error: row.try_get("last_error")?,
                created_at: parse_stamp(&row.try_get::<String, _>("created_at")?)?,
                sent_at: row.try_get::<Option<String>, _>("sent_at")?.as_deref().map(parse_stamp).transpose()?,
                sequence: row.try_get("sequence")?,
                fingerprint: row.try_get("fingerprint")?,
            })
        })
        .collect()
}

/// What the meeting page offers to send: an invitation when none went out, an update
/// when the time or place changed since the last one; nothing for a meeting that is not
/// open for invitations.
pub fn offer(meeting: &Meeting, deliveries: &[Delivery]) -> Option<Kind> {
    if !matches!(meeting.input.status, MeetingStatus::Planned | MeetingStatus::Invited | MeetingStatus::AgendaPublished) {
        return None;
    }
    match deliveries.iter().rev().find(|d| d.kind.invites()) {
        None => Some(Kind::Invitation),
        Some(last) if last.fingerprint != fingerprint(meeting) => Some(Kind::Update),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_a_minute_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(minutes, vec![1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn a_link_signs_its_answer_and_facts() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let facts = (7, 11, 13, "2026-03-10T07:00:00.000000Z");
        let nonce = "00112233445566778899aabbccddeeff";
        let accept = signer(secret, nonce, facts, AttendanceResponse::Accepted).finalize().into_bytes();
        assert!(signer(secret, nonce, facts, AttendanceResponse::Accepted).verify_slice(&accept).is_ok());
        assert!(signer(secret, nonce, facts, AttendanceResponse::Declined).verify_slice(&accept).is_err());
        assert!(signer(secret, nonce, (7, 12, 13, facts.3), AttendanceResponse::Accepted).verify_slice(&accept).is_err());
        assert!(
            signer(secret, nonce, (7, 11, 13, "2027-03-10T07:00:00.000000Z"), AttendanceResponse::Accepted).verify_slice(&accept).is_err()
        );
        assert!(signer(b"another secret", nonce, facts, AttendanceResponse::Accepted).verify_slice(&accept).is_err());
    }

    #[test]
    fn meetings_start_in_helsinki_time() {
        let mut meeting = Meeting {
            id: 1,
            region_id: 1,
            version: 1,
            input: MeetingInput {
                forum_ids: vec![1],
                date: "2026-03-10".parse().unwrap(),
                start_time: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                end_time: chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
                place: String::new(),
                online_url: String::new(),
                kind: MeetingKind::Meeting,
                status: MeetingStatus::Planned,
                cancel_reason: String::new(),
                generated: false,
            },
        };
        assert_eq!(stamp(starts_at(&meeting)), "2026-03-10T07:00:00.000000Z");
        meeting.input.date = "2026-06-10".parse().unwrap();
        assert_eq!(stamp(starts_at(&meeting)), "2026-06-10T06:00:00.000000Z");
    }
}
