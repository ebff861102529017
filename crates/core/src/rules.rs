//! The register's invariants, as functions over inputs and the facts they depend on.
//! Each returns every broken rule at once, each naming its field and message key.

use chrono::{Datelike, Months, NaiveDate, Timelike};

use crate::error::{Error, FieldError, Problems};
use crate::model::*;
use crate::text;

pub fn validate_region(input: &RegionInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(text::is_two_digit_code(&input.code), "code", "error-region-code");
    check_names(&mut p, "name", &input.name);
    p.into_result()
}

pub fn validate_party(input: &PartyInput) -> Result<(), Error> {
    let mut p = Problems::default();
    check_names(&mut p, "name", &input.name);
    match (&input.code, input.kind) {
        (Some(code), PartyKind::Municipality) => p.check(text::is_municipality_code(code), "code", "error-municipality-code"),
        (Some(code), PartyKind::WellbeingCounty) => p.check(text::is_two_digit_code(code), "code", "error-county-code"),
        (Some(code), _) => p.check(!code.trim().is_empty() && code.len() <= 20, "code", "error-code"),
        (None, PartyKind::Municipality | PartyKind::WellbeingCounty) => p.add("code", "error-required"),
        (None, _) => {}
    }
    for period in &input.region_periods {
        p.check(text::is_two_digit_code(&period.region_code), "region_periods", "error-region-code");
        p.check(period.valid_until.is_none_or(|until| until >= period.valid_from), "region_periods", "error-end-before-start");
    }
    let mut sorted: Vec<_> = input.region_periods.iter().collect();
    sorted.sort_by_key(|period| period.valid_from);
    let overlapping = sorted.windows(2).any(|w| w[0].valid_until.is_none_or(|until| until >= w[1].valid_from));
    p.check(!overlapping, "region_periods", "error-periods-overlap");
    p.into_result()
}

pub fn validate_person(input: &PersonInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(!input.name.trim().is_empty(), "name", "error-required");
    p.check(input.name.chars().count() <= 200, "name", "error-too-long");
    p.check(!text::contains_identity_code(&input.name), "name", "error-identity-code");
    for contact in &input.contacts {
        let value = contact.value.trim();
        let well_formed = match contact.kind {
            ContactKind::Email => text::is_email(value),
            ContactKind::Phone => text::is_phone(value),
            ContactKind::Url => value.starts_with("https://") || value.starts_with("http://"),
            ContactKind::Address => !value.is_empty() && value.len() <= 500,
        };
        p.check(well_formed, "contacts", &format!("error-contact-{}", contact.kind));
        p.check(!text::contains_identity_code(value), "contacts", "error-identity-code");
        if let (Some(from), Some(until)) = (contact.valid_from, contact.valid_until) {
            p.check(until >= from, "contacts", "error-end-before-start");
        }
    }
    p.into_result()
}

pub fn validate_post(input: &PostInput) -> Result<(), Error> {
    let mut p = Problems::default();
    check_names(&mut p, "title", &input.title);
    p.into_result()
}

/// `others` are the post's other holdings: a post has one holder at a time.
pub fn validate_holding(input: &HoldingInput, others: &[Holding]) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(input.end_date.is_none_or(|end| end >= input.start_date), "end_date", "error-end-before-start");
    let end = input.end_date.unwrap_or(NaiveDate::MAX);
    let overlap = others.iter().any(|other| {
        other.input.post_id == input.post_id
            && other.input.start_date <= end
            && input.start_date <= other.input.end_date.unwrap_or(NaiveDate::MAX)
    });
    p.check(!overlap, "start_date", "error-post-already-held");
    p.into_result()
}

/// `parent` is the forum named as the one level up, if any.
pub fn validate_forum(input: &ForumInput, own_id: Option<Id>, parent: Option<&Forum>) -> Result<(), Error> {
    let mut p = Problems::default();
    check_names(&mut p, "name", &input.name);
    p.check(input.short_name.chars().count() <= 40, "short_name", "error-too-long");
    if let Some(parent_id) = input.parent_id {
        match parent {
            None => p.add("parent_id", "error-not-found"),
            Some(parent) => {
                p.check(Some(parent_id) != own_id, "parent_id", "error-parent-self");
                p.check(parent.input.level.rank() < input.level.rank(), "parent_id", "error-parent-not-higher");
            }
        }
    }
    if input.level == ForumLevel::WorkingGroup || input.legal_type == LegalType::WorkingGroup {
        p.check(
            input.level == ForumLevel::WorkingGroup || input.legal_type != LegalType::WorkingGroup,
            "legal_type",
            "error-working-group-level",
        );
    }
    let c = &input.cadence;
    let weekday_ok = c.weekday.is_none_or(|d| (1..=7).contains(&d));
    let week_ok = c.week_of_month.is_none_or(|w| (1..=4).contains(&w) || w == -1);
    let month_ok = c.month.is_none_or(|m| (1..=12).contains(&m));
    p.check(weekday_ok, "cadence.weekday", "error-weekday");
    p.check(week_ok, "cadence.week_of_month", "error-week-of-month");
    p.check(month_ok, "cadence.month", "error-month");
    p.check(c.excluded_months.iter().all(|m| (1..=12).contains(m)), "cadence.excluded_months", "error-month");
    match c.kind {
        CadenceKind::Monthly => {
            p.check(c.weekday.is_some(), "cadence.weekday", "error-required");
            p.check(c.week_of_month.is_some(), "cadence.week_of_month", "error-required");
            p.check(c.excluded_months.len() < 12, "cadence.excluded_months", "error-month");
        }
        CadenceKind::Annual => p.check(c.month.is_some(), "cadence.month", "error-required"),
        CadenceKind::OncePerTerm | CadenceKind::AsNeeded => {}
    }
    // Only a cooperation forum's memo may wait for the next meeting (R2.10).
    p.check(
        input.legal_type != LegalType::FormalBody || input.minutes_approval == MinutesApproval::Checkers,
        "minutes_approval",
        "error-approval-formal-body",
    );
    p.into_result()
}

pub fn validate_term(input: &TermInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(input.end_date > input.start_date, "end_date", "error-end-before-start");
    p.into_result()
}

/// What a seat is checked against: the records it refers to, looked up by the caller.
pub struct SeatFacts<'a> {
    pub region_code: &'a str,
    pub forum: Option<&'a Forum>,
    pub term: Option<&'a CouncilTerm>,
    pub party: Option<&'a Party>,
    /// The seat named in `deputy_of`, when there is one.
    pub deputised: Option<&'a Seat>,
    /// The forum's other seats (the seat itself excluded).
    pub forum_seats: &'a [Seat],
    pub post_exists: bool,
    pub person_exists: bool,
}

/// The end date a seat takes when none is given: the end of its council term.
pub fn seat_end(input: &SeatInput, term: &CouncilTerm) -> NaiveDate {
    input.end_date.unwrap_or(term.input.end_date)
}

pub fn validate_seat(input: &SeatInput, facts: &SeatFacts) -> Result<(), Error> {
    let mut p = Problems::default();
    match (input.post_id, input.person_id) {
        (Some(_), Some(_)) | (None, None) => p.add("post_id", "error-seat-holder"),
        (Some(_), None) => p.check(facts.post_exists, "post_id", "error-not-found"),
        (None, Some(_)) => p.check(facts.person_exists, "person_id", "error-not-found"),
    }
    p.check(facts.forum.is_some(), "forum_id", "error-not-found");
    let Some(term) = facts.term else {
        p.add("term_id", "error-not-found");
        return p.into_result();
    };
    let end = seat_end(input, term);
    p.check(end >= input.start_date, "end_date", "error-end-before-start");
    p.check(term.contains(input.start_date), "start_date", "error-outside-term");
    p.check(end <= term.input.end_date, "end_date", "error-outside-term");
    match facts.party {
        None => p.add("party_id", "error-not-found"),
        Some(party) => p.check(party.belongs_to(facts.region_code, input.start_date), "party_id", "error-party-outside-region"),
    }
    match (input.role, input.deputy_of) {
        (SeatRole::Deputy, None) => p.add("deputy_of", "error-required"),
        (SeatRole::Deputy, Some(_)) => match facts.deputised {
            None => p.add("deputy_of", "error-not-found"),
            Some(seat) => p.check(seat.input.forum_id == input.forum_id, "deputy_of", "error-deputy-other-forum"),
        },
        (_, Some(_)) => p.add("deputy_of", "error-deputy-only"),
        (_, None) => {}
    }
    if input.role == SeatRole::Chair && input.status == SeatStatus::Active {
        let two_chairs = facts.forum_seats.iter().any(|other| {
            other.input.role == SeatRole::Chair
                && other.input.status == SeatStatus::Active
                && other.input.forum_id == input.forum_id
                && other.input.start_date <= end
                && input.start_date <= other.end()
        });
        p.check(!two_chairs, "role", "error-two-chairs");
    }
    p.into_result()
}

/// Times are kept to the minute.
pub fn to_the_minute(time: chrono::NaiveTime) -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(time.hour(), time.minute(), 0).expect("valid time")
}

/// Trims what people type around names and contact details.
pub fn normalise_person(input: &mut PersonInput) {
    input.name = input.name.trim().to_owned();
    for contact in &mut input.contacts {
        contact.value = contact.value.trim().to_owned();
    }
}

/// Trims the texts of a meeting and keeps its times to the minute.
pub fn normalise_meeting(input: &mut MeetingInput) {
    for text in [&mut input.place, &mut input.online_url, &mut input.cancel_reason] {
        *text = text.trim().to_owned();
    }
    input.start_time = to_the_minute(input.start_time);
    input.end_time = to_the_minute(input.end_time);
}

/// A meeting moves forward: planned → invited → agenda published → held, skipping steps
/// if need be (a memo-only meeting is never invited). It may be cancelled until held, and
/// a cancelled meeting may be planned again. A held meeting stays held; nothing moves
/// back, since invitations and a published agenda cannot be unsent.
pub fn status_may_change(from: MeetingStatus, to: MeetingStatus) -> bool {
    use MeetingStatus::*;
    let step = |s: MeetingStatus| match s {
        Planned => 0,
        Invited => 1,
        AgendaPublished => 2,
        Held => 3,
        Cancelled => 4,
    };
    match (from, to) {
        _ if from == to => true,
        (Held, _) => false,
        (_, Cancelled) => true,
        (Cancelled, Planned) => true,
        (Cancelled, _) => false,
        _ => step(to) > step(from),
    }
}

/// A seat answers a meeting's invitation when it is a member seat of one of the meeting's
/// forums on its date; "a deputy attends" needs a deputy seat then (`has_deputy`).
pub fn validate_attendance(meeting: &Meeting, seat: &Seat, has_deputy: bool, response: Option<AttendanceResponse>) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(
        seat.input.role.is_member() && meeting.input.forum_ids.contains(&seat.input.forum_id) && seat.active_on(meeting.input.date),
        "seat_id",
        "error-seat-not-in-meeting",
    );
    p.check(response != Some(AttendanceResponse::DeputyAttends) || has_deputy, "response", "error-no-deputy");
    p.into_result()
}

pub fn validate_meeting(input: &MeetingInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(!input.forum_ids.is_empty(), "forum_ids", "error-required");
    let mut unique = input.forum_ids.clone();
    unique.sort_unstable();
    unique.dedup();
    p.check(unique.len() == input.forum_ids.len(), "forum_ids", "error-forum-twice");
    p.check(input.end_time > input.start_time, "end_time", "error-end-time-before-start");
    p.check(input.place.chars().count() <= 300, "place", "error-too-long");
    let url = input.online_url.trim();
    p.check(url.is_empty() || url.starts_with("https://") || url.starts_with("http://"), "online_url", "error-contact-url");
    p.check(input.status != MeetingStatus::Cancelled || !input.cancel_reason.trim().is_empty(), "cancel_reason", "error-cancel-reason");
    p.check(input.kind != MeetingKind::Electronic || !url.is_empty(), "online_url", "error-online-url-required");
    p.into_result()
}

/// The last day a meeting's notice and agenda may be published on time (R1.8).
pub fn notice_deadline(meeting: &Meeting, notice_days: u16) -> NaiveDate {
    meeting.input.date - chrono::Duration::days(i64::from(notice_days))
}

/// Whether an agenda published at `at` is later than the notice lead time allows.
pub fn published_late(meeting: &Meeting, notice_days: u16, at: chrono::NaiveDateTime) -> bool {
    at.date() > notice_deadline(meeting, notice_days)
}

pub fn validate_legal_basis(input: &LegalBasisInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(!input.code.trim().is_empty(), "code", "error-required");
    p.check(input.code.chars().count() <= 100, "code", "error-too-long");
    check_names(&mut p, "name", &input.name);
    p.into_result()
}

pub fn validate_standing_item(input: &StandingItemInput) -> Result<(), Error> {
    let mut p = Problems::default();
    check_title(&mut p, "title", &input.title);
    p.into_result()
}

/// Words that say only that something is not public: the Chancellor of Justice found
/// "Asia ei ole julkinen" no public title at all (R1.6). Compared without case, spaces
/// and punctuation.
const NOT_PUBLIC_PLACEHOLDERS: &[&str] = &[
    "asia ei ole julkinen",
    "ei julkinen",
    "ei julkinen asia",
    "ei-julkinen",
    "salainen",
    "salainen asia",
    "salassa pidettävä",
    "salassa pidettävä asia",
    "salassapidettävä",
    "salassapidettävä asia",
    "luottamuksellinen",
    "ei vielä julkinen",
    "inte offentlig",
    "ärendet är inte offentligt",
    "sekretessbelagd",
    "sekretessbelagt ärende",
    "hemlig",
    "konfidentiell",
    "not public",
    "non-public",
    "confidential",
    "secret",
    "classified",
    "private",
];

/// Whether a public title describes the subject: neither empty nor a placeholder (R1.6).
pub fn is_descriptive_public_title(title: &str) -> bool {
    let simplified: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '-' { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    simplified.chars().filter(|c| c.is_alphanumeric()).count() >= 3 && !NOT_PUBLIC_PLACEHOLDERS.contains(&simplified.as_str())
}

/// Trims an item's texts and tags; a public item's public title is its title.
pub fn normalise_item(input: &mut AgendaItemInput) {
    input.title = input.title.trim().to_owned();
    input.public_title = input.public_title.trim().to_owned();
    if input.publicity == Publicity::Public {
        input.public_title = input.title.clone();
    }
    input.tags = input.tags.iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
    input.tags.sort();
    input.tags.dedup();
    input.party_ids.sort_unstable();
    input.party_ids.dedup();
    if input.publicity != Publicity::Secret {
        input.legal_basis_id = None;
    }
}

/// Publicity and secrecy of an item or attachment: secret needs its legal basis from the
/// managed list (R1.10); anything not public needs a public title that describes it
/// (R1.6).
fn check_publicity(p: &mut Problems, publicity: Publicity, legal_basis_known: Option<bool>) {
    if publicity == Publicity::Secret {
        match legal_basis_known {
            None => p.add("legal_basis_id", "error-legal-basis-required"),
            Some(false) => p.add("legal_basis_id", "error-not-found"),
            Some(true) => {}
        }
    }
}

/// `legal_basis_known`: `None` when no basis is named, else whether it is on the region's
/// list.
pub fn validate_item(input: &AgendaItemInput, legal_basis_known: Option<bool>) -> Result<(), Error> {
    let mut p = Problems::default();
    check_title(&mut p, "title", &input.title);
    if input.publicity != Publicity::Public {
        p.check(is_descriptive_public_title(&input.public_title), "public_title", "error-public-title");
        p.check(input.public_title.chars().count() <= 300, "public_title", "error-too-long");
    }
    check_publicity(&mut p, input.publicity, legal_basis_known);
    for (field, text) in [("background", &input.background), ("proposal", &input.proposal)] {
        p.check(text.chars().count() <= 100_000, field, "error-too-long");
        p.check(!text::contains_identity_code(text), field, "error-identity-code");
    }
    p.check(input.tags.len() <= 20 && input.tags.iter().all(|t| t.chars().count() <= 50), "tags", "error-too-long");
    p.into_result()
}

pub fn validate_attachment(input: &AttachmentInput, legal_basis_known: Option<bool>) -> Result<(), Error> {
    let mut p = Problems::default();
    check_title(&mut p, "name", &input.name);
    check_publicity(&mut p, input.publicity, legal_basis_known);
    p.into_result()
}

pub fn validate_proposal(input: &ProposalInput) -> Result<(), Error> {
    let mut p = Problems::default();
    check_title(&mut p, "title", &input.title);
    p.check(input.description.chars().count() <= 20_000, "description", "error-too-long");
    p.check(!text::contains_identity_code(&input.description), "description", "error-identity-code");
    p.check(input.party_id.is_some() || input.person_id.is_some(), "party_id", "error-proposer-required");
    p.into_result()
}

// ---- minutes and memos (R2.1–R2.10) -------------------------------------------------

/// Formal bodies keep minutes; cooperation forums and working groups keep memos (R2.1).
pub fn record_kind_for(legal_type: LegalType) -> RecordKind {
    match legal_type {
        LegalType::FormalBody => RecordKind::Minutes,
        LegalType::CooperationForum | LegalType::WorkingGroup => RecordKind::Memo,
    }
}

pub fn validate_minutes(input: &MinutesInput, approval: MinutesApproval) -> Result<(), Error> {
    let mut p = Problems::default();
    let mut unique = input.checker_ids.clone();
    unique.sort_unstable();
    unique.dedup();
    p.check(unique.len() == input.checker_ids.len(), "checker_ids", "error-checker-twice");
    p.check(approval == MinutesApproval::Checkers || input.checker_ids.is_empty(), "checker_ids", "error-checkers-not-used");
    if let (Some(opened), Some(closed)) = (input.opened_at, input.closed_at) {
        p.check(closed >= opened, "closed_at", "error-end-time-before-start");
    }
    p.into_result()
}

pub fn normalise_minutes(input: &mut MinutesInput) {
    input.opened_at = input.opened_at.map(to_the_minute);
    input.closed_at = input.closed_at.map(to_the_minute);
}

pub fn validate_presence(input: &PresenceInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(input.presence != Presence::Substituted || input.deputy_id.is_some(), "deputy_id", "error-deputy-required");
    p.check(input.presence == Presence::Substituted || input.deputy_id.is_none(), "deputy_id", "error-deputy-not-substituted");
    // Who takes part remotely must be verified by the chair and the secretary (R2.3).
    p.check(input.presence != Presence::Remote || input.verification.is_some(), "verification", "error-verification-required");
    p.into_result()
}

/// Whether a seat's presence counts towards the quorum: electronic participants count
/// as present (KuntaL 103 §), and so does a deputy in the seat.
pub fn counts_as_present(presence: Presence) -> bool {
    matches!(presence, Presence::Present | Presence::Remote | Presence::Substituted)
}

/// A body's quorum: more than half of its members present (KuntaL 103 §).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quorum {
    pub members: usize,
    pub present: usize,
    /// The fewest present for a quorum.
    pub required: usize,
}

impl Quorum {
    pub fn new(members: usize, present: usize) -> Self {
        Quorum { members, present, required: members / 2 + 1 }
    }
    pub fn met(&self) -> bool {
        self.members > 0 && self.present >= self.required
    }
}

/// Outcomes that only prepare a matter or note it: nothing lies against them (KuntaL
/// 136 §), so a formal body's item with one carries the no-appeal notice by default.
pub fn prepares_only(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Noted | Outcome::ReferredBack | Outcome::Postponed | Outcome::Tabled | Outcome::Withdrawn)
}

/// Fills in what R2.11 lets Foorumi know: a formal body's preparation item gets the
/// no-appeal notice, and instructions without a provision get the organisation's own
/// (`own_basis`) or else their kind's.
pub fn normalise_item_record(input: &mut ItemRecordInput, legal_type: LegalType, own_basis: impl Fn(Appeal) -> Option<String>) {
    input.appeal_basis = input.appeal_basis.trim().to_owned();
    if legal_type != LegalType::FormalBody {
        return;
    }
    if input.appeal.is_none() && input.outcome.is_some_and(prepares_only) {
        input.appeal = Some(Appeal::NoAppeal);
    }
    if let Some(appeal) = input.appeal
        && input.appeal_basis.is_empty()
    {
        input.appeal_basis = own_basis(appeal).unwrap_or_else(|| appeal.default_basis().to_owned());
    }
}

/// The day a notified party is deemed to have received the decision (R2.12).
pub fn notification_received(method: NotificationMethod, sent_on: NaiveDate) -> NaiveDate {
    let days = match method {
        NotificationMethod::Letter => 7,
        NotificationMethod::Electronic => 3,
        NotificationMethod::Receipt => 0,
    };
    sent_on + chrono::Days::new(days)
}

pub fn validate_notification(input: &PartyNotificationInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(!input.recipient.trim().is_empty(), "recipient", "error-required");
    p.check(input.recipient.chars().count() <= 300, "recipient", "error-too-long");
    p.into_result()
}

pub fn validate_appeal_template(input: &AppealTemplateInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(!input.text.fi.trim().is_empty(), "text.fi", "error-required");
    for (field, text) in [("text.fi", &input.text.fi), ("text.sv", &input.text.sv), ("text.en", &input.text.en)] {
        p.check(text.chars().count() <= 10_000, field, "error-too-long");
    }
    p.check(input.basis.chars().count() <= 200, "basis", "error-too-long");
    p.into_result()
}

pub fn validate_item_record(input: &ItemRecordInput, legal_type: LegalType, quorum: Option<Quorum>) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(input.appeal_basis.chars().count() <= 200, "appeal_basis", "error-too-long");
    p.check(input.appeal.is_some() || input.appeal_basis.is_empty(), "appeal_basis", "error-appeal-basis-without-appeal");
    p.check(input.discussion.chars().count() <= 50_000, "discussion", "error-too-long");
    p.check(input.outcome_text.chars().count() <= 50_000, "outcome_text", "error-too-long");
    // A forum's output binds nobody, so nothing lies against it (R0.1, R2.11).
    p.check(legal_type == LegalType::FormalBody || input.appeal.is_none(), "appeal", "error-appeal-not-for-forum");
    if let Some(outcome) = input.outcome {
        // A forum's output is a recommendation or a shared line, never a decision (R0.1).
        p.check(legal_type == LegalType::FormalBody || !outcome.is_decision(), "outcome", "error-outcome-not-for-forum");
        // A formal body cannot decide without a quorum (R2.2).
        let decides = outcome.is_decision() && outcome != Outcome::Tabled;
        p.check(!decides || quorum.is_none_or(|q| q.met()), "outcome", "error-no-quorum");
    }
    p.into_result()
}

pub fn validate_disqualification(input: &DisqualificationInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(input.decided_by.chars().count() <= 300, "decided_by", "error-too-long");
    if let (Some(left), Some(returned)) = (input.left_at, input.returned_at) {
        p.check(returned >= left, "returned_at", "error-end-time-before-start");
    }
    p.into_result()
}

pub fn validate_vote(input: &VoteInput) -> Result<(), Error> {
    let mut p = Problems::default();
    check_title(&mut p, "yes_proposal", &input.yes_proposal);
    check_title(&mut p, "no_proposal", &input.no_proposal);
    let mut people: Vec<Id> = input.ballots.iter().map(|b| b.person_id).collect();
    people.sort_unstable();
    people.dedup();
    p.check(people.len() == input.ballots.len(), "ballots", "error-ballot-twice");
    p.into_result()
}

/// The side that won a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteWinner {
    Yes,
    No,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteResult {
    pub yes: usize,
    pub no: usize,
    pub blank: usize,
    pub absent: usize,
    pub winner: VoteWinner,
    /// Whether the chair's ballot broke a tie.
    pub tie_broken_by_chair: bool,
}

/// Counts an open vote: most votes win, a tie goes the chair's way (KuntaL 104 §); a
/// chair who voted blank or no ballot leaves a tie with the "jaa" proposal.
pub fn vote_result(input: &VoteInput) -> VoteResult {
    let count = |ballot| input.ballots.iter().filter(|b| b.ballot == ballot).count();
    let (yes, no) = (count(Ballot::Yes), count(Ballot::No));
    let chair = input.ballots.iter().find(|b| b.person_id == input.chair_id).map(|b| b.ballot);
    let tie = yes == no;
    let winner = if yes > no || (tie && chair != Some(Ballot::No)) { VoteWinner::Yes } else { VoteWinner::No };
    VoteResult {
        yes,
        no,
        blank: count(Ballot::Blank),
        absent: count(Ballot::Absent),
        winner,
        tie_broken_by_chair: tie && matches!(chair, Some(Ballot::Yes | Ballot::No)),
    }
}

pub fn validate_dissent(input: &DissentInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(input.reasons.chars().count() <= 20_000, "reasons", "error-too-long");
    p.into_result()
}

pub fn validate_action(input: &ActionInput) -> Result<(), Error> {
    let mut p = Problems::default();
    check_title(&mut p, "title", &input.title);
    p.check(input.owner_party_id.is_some() || input.owner_person_id.is_some(), "owner_party_id", "error-owner-required");
    p.check(input.notes.chars().count() <= 20_000, "notes", "error-too-long");
    p.into_result()
}

pub fn validate_ratification(input: &RatificationInput) -> Result<(), Error> {
    let mut p = Problems::default();
    let decided = input.result != RatificationResult::Pending;
    p.check(!decided || !input.body.trim().is_empty(), "body", "error-required");
    p.check(!decided || input.decided_on.is_some(), "decided_on", "error-required");
    p.check(input.body.chars().count() <= 300, "body", "error-too-long");
    p.check(input.section.chars().count() <= 50, "section", "error-too-long");
    let url = input.url.trim();
    p.check(url.is_empty() || url.starts_with("https://") || url.starts_with("http://"), "url", "error-contact-url");
    p.into_result()
}

/// What is missing before a record can go to its checkers (R2.9): the opening and
/// closing times, an outcome for every item, and a verified chair and secretary.
pub fn minutes_completeness(record: &FullRecord) -> Vec<FieldError> {
    let mut missing = Vec::new();
    let input = &record.minutes.input;
    if input.opened_at.is_none() {
        missing.push(FieldError::new("opened_at", "error-required"));
    }
    if input.closed_at.is_none() {
        missing.push(FieldError::new("closed_at", "error-required"));
    }
    if input.chair_id.is_none() {
        missing.push(FieldError::new("chair_id", "error-required"));
    }
    if input.secretary_id.is_none() {
        missing.push(FieldError::new("secretary_id", "error-required"));
    }
    for item in &record.items {
        let has_outcome = record.records.iter().any(|r| r.input.item_id == item.id && r.input.outcome.is_some());
        if !has_outcome {
            missing.push(FieldError::new(&format!("items.{}.outcome", item.id), "error-outcome-missing"));
        }
    }
    // A checker who took part in none of the items cannot vouch for any of them (R2.10).
    let out_of_all = |checker: &Id| {
        !record.items.is_empty()
            && record
                .items
                .iter()
                .all(|item| record.disqualifications.iter().any(|d| d.input.item_id == item.id && d.input.person_id == *checker))
    };
    if input.checker_ids.iter().any(out_of_all) {
        missing.push(FieldError::new("checker_ids", "error-checker-disqualified-everywhere"));
    }
    missing
}

fn check_title(p: &mut Problems, field: &str, title: &str) {
    p.check(!title.trim().is_empty(), field, "error-required");
    p.check(title.chars().count() <= 300, field, "error-too-long");
    p.check(!text::contains_identity_code(title), field, "error-identity-code");
}

fn check_names(p: &mut Problems, field: &str, names: &Names) {
    p.check(!names.fi.trim().is_empty(), &format!("{field}.fi"), "error-required");
    for (lang, text) in [("fi", &names.fi), ("sv", &names.sv), ("en", &names.en)] {
        p.check(text.chars().count() <= 200, &format!("{field}.{lang}"), "error-too-long");
    }
}

/// The next term's seats, as drafts, from the seats in force on the current term's last
/// day. Deputies point at the new copies of the seats they deputise, given as indexes
/// into the returned list (the caller knows the new ids only after inserting).
pub fn roll_over(current: &[Seat], from: &CouncilTerm, to: &CouncilTerm) -> Vec<(SeatInput, Option<usize>)> {
    let last_day = from.input.end_date;
    let carried: Vec<&Seat> = current.iter().filter(|s| s.input.term_id == from.id && s.active_on(last_day)).collect();
    carried
        .iter()
        .map(|seat| {
            let deputy_index = seat.input.deputy_of.and_then(|id| carried.iter().position(|other| other.id == id));
            let input = SeatInput {
                term_id: to.id,
                start_date: to.input.start_date,
                end_date: None,
                status: SeatStatus::Draft,
                deputy_of: None,
                ..seat.input.clone()
            };
            (input, deputy_index)
        })
        .collect()
}

/// The chairs' forum's chair rotates among the municipalities: each party in `order`
/// chairs for `months` months in turn from `start`, until `until`.
pub fn chair_rotation(order: &[Id], start: NaiveDate, months: u32, until: NaiveDate) -> Vec<(Id, NaiveDate, NaiveDate)> {
    let mut spans = Vec::new();
    let mut from = start;
    for party in order.iter().cycle() {
        if from > until || months == 0 {
            break;
        }
        let next = from.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX);
        let to = next.pred_opt().unwrap_or(next).min(until);
        spans.push((*party, from, to));
        from = next;
    }
    spans
}

/// The council term that contains `date` under the Finnish rule: four years from
/// 1 June of an election year (2025, 2029, …; KuntaL §15).
pub fn statutory_term_for(date: NaiveDate) -> TermInput {
    let since_2025 = date.year() - 2025 - i32::from(date.month() < 6);
    let start_year = 2025 + since_2025.div_euclid(4) * 4;
    TermInput {
        start_date: NaiveDate::from_ymd_opt(start_year, 6, 1).expect("valid date"),
        end_date: NaiveDate::from_ymd_opt(start_year + 4, 5, 31).expect("valid date"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn codes(err: Error) -> Vec<(String, String)> {
        match err {
            Error::Invalid(list) => list.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    fn term() -> CouncilTerm {
        CouncilTerm { id: 1, region_id: 1, version: 1, input: statutory_term_for(d("2026-01-01")) }
    }

    fn party(periods: Vec<RegionPeriod>) -> Party {
        Party {
            id: 10,
            region_id: 1,
            version: 1,
            input: PartyInput {
                kind: PartyKind::Municipality,
                code: Some("142".into()),
                name: Names::new("Iitti", "Itis", "Iitti"),
                signed_protocol: true,
                is_example: false,
                region_periods: periods,
            },
        }
    }

    fn forum(id: Id, level: ForumLevel) -> Forum {
        Forum {
            id,
            region_id: 1,
            version: 1,
            input: ForumInput {
                name: Names::new("Foorumi", "", ""),
                short_name: String::new(),
                level,
                legal_type: LegalType::CooperationForum,
                mandate: Names::default(),
                parent_id: None,
                cadence: Cadence::as_needed(),
                default_publicity: Publicity::Public,
                notice_days: 4,
                minutes_approval: MinutesApproval::Checkers,
                organisation_id: None,
            },
        }
    }

    fn seat_input(role: SeatRole) -> SeatInput {
        SeatInput {
            forum_id: 5,
            term_id: 1,
            post_id: Some(3),
            person_id: None,
            party_id: 10,
            role,
            deputy_of: None,
            start_date: d("2025-06-01"),
            end_date: None,
            status: SeatStatus::Active,
        }
    }

    fn iitti_in_paijat_hame() -> Party {
        party(vec![
            RegionPeriod { region_code: "08".into(), valid_from: d("1900-01-01"), valid_until: Some(d("2020-12-31")) },
            RegionPeriod { region_code: "07".into(), valid_from: d("2021-01-01"), valid_until: None },
        ])
    }

    fn facts<'a>(forum: &'a Forum, term: &'a CouncilTerm, party: &'a Party, seats: &'a [Seat]) -> SeatFacts<'a> {
        SeatFacts {
            region_code: "07",
            forum: Some(forum),
            term: Some(term),
            party: Some(party),
            deputised: None,
            forum_seats: seats,
            post_exists: true,
            person_exists: true,
        }
    }

    #[test]
    fn iitti_belongs_to_paijat_hame_only_from_2021() {
        let iitti = iitti_in_paijat_hame();
        assert!(iitti.belongs_to("07", d("2021-01-01")));
        assert!(!iitti.belongs_to("07", d("2020-12-31")));
        assert!(iitti.belongs_to("08", d("2020-12-31")));
    }

    #[test]
    fn seat_on_behalf_of_party_outside_region_is_refused() {
        let (f, t) = (forum(5, ForumLevel::Tactical), term());
        let merged =
            party(vec![RegionPeriod { region_code: "07".into(), valid_from: d("1900-01-01"), valid_until: Some(d("2015-12-31")) }]);
        let err = validate_seat(&seat_input(SeatRole::Member), &facts(&f, &t, &merged, &[])).unwrap_err();
        assert_eq!(codes(err), vec![("party_id".into(), "error-party-outside-region".into())]);
        let iitti = iitti_in_paijat_hame();
        validate_seat(&seat_input(SeatRole::Member), &facts(&f, &t, &iitti, &[])).unwrap();
    }

    #[test]
    fn seat_ending_before_it_starts_is_refused() {
        let (f, t, p) = (forum(5, ForumLevel::Tactical), term(), iitti_in_paijat_hame());
        let mut input = seat_input(SeatRole::Member);
        input.end_date = Some(d("2025-05-01"));
        let found = codes(validate_seat(&input, &facts(&f, &t, &p, &[])).unwrap_err());
        assert!(found.contains(&("end_date".into(), "error-end-before-start".into())), "{found:?}");
    }

    #[test]
    fn two_chairs_at_once_are_refused_but_a_rotation_is_not() {
        let (f, t, p) = (forum(5, ForumLevel::Chairs), term(), iitti_in_paijat_hame());
        let mut first = seat_input(SeatRole::Chair);
        first.end_date = Some(d("2025-11-30"));
        let existing = vec![Seat { id: 1, region_id: 1, version: 1, input: first }];
        let mut clash = seat_input(SeatRole::Chair);
        clash.start_date = d("2025-11-01");
        let found = codes(validate_seat(&clash, &facts(&f, &t, &p, &existing)).unwrap_err());
        assert_eq!(found, vec![("role".into(), "error-two-chairs".into())]);
        let mut next = seat_input(SeatRole::Chair);
        next.start_date = d("2025-12-01");
        validate_seat(&next, &facts(&f, &t, &p, &existing)).unwrap();
    }

    #[test]
    fn deputy_must_deputise_a_seat_in_the_same_forum() {
        let (f, t, p) = (forum(5, ForumLevel::Tactical), term(), iitti_in_paijat_hame());
        let mut elsewhere = seat_input(SeatRole::Member);
        elsewhere.forum_id = 6;
        let other = Seat { id: 9, region_id: 1, version: 1, input: elsewhere };
        let mut deputy = seat_input(SeatRole::Deputy);
        deputy.deputy_of = Some(9);
        let mut fx = facts(&f, &t, &p, &[]);
        fx.deputised = Some(&other);
        let found = codes(validate_seat(&deputy, &fx).unwrap_err());
        assert_eq!(found, vec![("deputy_of".into(), "error-deputy-other-forum".into())]);
        let mut member = seat_input(SeatRole::Member);
        member.deputy_of = Some(9);
        assert!(codes(validate_seat(&member, &fx).unwrap_err()).contains(&("deputy_of".into(), "error-deputy-only".into())));
    }

    #[test]
    fn seat_needs_exactly_one_holder_and_stays_in_its_term() {
        let (f, t, p) = (forum(5, ForumLevel::Tactical), term(), iitti_in_paijat_hame());
        let mut both = seat_input(SeatRole::Member);
        both.person_id = Some(4);
        both.end_date = Some(d("2030-01-01"));
        let found = codes(validate_seat(&both, &facts(&f, &t, &p, &[])).unwrap_err());
        assert!(found.contains(&("post_id".into(), "error-seat-holder".into())));
        assert!(found.contains(&("end_date".into(), "error-outside-term".into())));
    }

    #[test]
    fn forum_escalates_only_upwards() {
        let chairs = forum(2, ForumLevel::Chairs);
        let mut input = forum(3, ForumLevel::Tactical).input;
        input.parent_id = Some(2);
        validate_forum(&input, Some(3), Some(&chairs)).unwrap();
        let operational = forum(4, ForumLevel::Operational);
        input.parent_id = Some(4);
        let found = codes(validate_forum(&input, Some(3), Some(&operational)).unwrap_err());
        assert_eq!(found, vec![("parent_id".into(), "error-parent-not-higher".into())]);
    }

    #[test]
    fn monthly_cadence_needs_its_details() {
        let mut input = forum(3, ForumLevel::Tactical).input;
        input.cadence = Cadence { kind: CadenceKind::Monthly, ..Cadence::as_needed() };
        let found = codes(validate_forum(&input, None, None).unwrap_err());
        assert!(found.contains(&("cadence.weekday".into(), "error-required".into())));
        input.cadence.weekday = Some(2);
        input.cadence.week_of_month = Some(2);
        input.cadence.excluded_months = vec![7];
        validate_forum(&input, None, None).unwrap();
    }

    #[test]
    fn person_never_holds_an_identity_code() {
        let input = PersonInput {
            name: "Lahden kaupunginjohtaja".into(),
            lang: Lang::Fi,
            party_id: None,
            contacts: vec![Contact {
                kind: ContactKind::Address,
                value: "hetu 131052-308T".into(),
                public: false,
                valid_from: None,
                valid_until: None,
            }],
        };
        let found = codes(validate_person(&input).unwrap_err());
        assert_eq!(found, vec![("contacts".into(), "error-identity-code".into())]);
    }

    #[test]
    fn municipality_code_must_have_three_digits() {
        let mut input = iitti_in_paijat_hame().input;
        input.code = Some("16".into());
        assert_eq!(codes(validate_party(&input).unwrap_err()), vec![("code".into(), "error-municipality-code".into())]);
    }

    #[test]
    fn overlapping_region_periods_are_refused() {
        let mut input = iitti_in_paijat_hame().input;
        input.region_periods[0].valid_until = Some(d("2021-06-30"));
        assert_eq!(codes(validate_party(&input).unwrap_err()), vec![("region_periods".into(), "error-periods-overlap".into())]);
    }

    #[test]
    fn post_has_one_holder_at_a_time() {
        let held = Holding {
            id: 1,
            region_id: 1,
            version: 1,
            input: HoldingInput { post_id: 3, person_id: 1, start_date: d("2024-01-01"), end_date: None },
        };
        let next = HoldingInput { post_id: 3, person_id: 2, start_date: d("2026-01-01"), end_date: None };
        assert!(validate_holding(&next, std::slice::from_ref(&held)).is_err());
        let mut ended = held.clone();
        ended.input.end_date = Some(d("2025-12-31"));
        validate_holding(&next, &[ended]).unwrap();
    }

    #[test]
    fn roll_over_makes_draft_seats_for_the_next_term_with_deputies_relinked() {
        let current = term();
        let next = CouncilTerm { id: 2, region_id: 1, version: 1, input: statutory_term_for(d("2029-06-01")) };
        assert_eq!(next.input.start_date, d("2029-06-01"));
        let member = Seat { id: 7, region_id: 1, version: 1, input: seat_input(SeatRole::Member) };
        let mut deputy_input = seat_input(SeatRole::Deputy);
        deputy_input.deputy_of = Some(7);
        let deputy = Seat { id: 8, region_id: 1, version: 1, input: deputy_input };
        let mut ended_input = seat_input(SeatRole::Member);
        ended_input.end_date = Some(d("2026-01-01"));
        let ended = Seat { id: 9, region_id: 1, version: 1, input: ended_input };
        let drafts = roll_over(&[member, deputy, ended], &current, &next);
        assert_eq!(drafts.len(), 2);
        assert!(drafts.iter().all(|(s, _)| s.status == SeatStatus::Draft && s.term_id == 2));
        assert_eq!(drafts[0].0.start_date, d("2029-06-01"));
        assert_eq!(drafts[1].1, Some(0));
    }

    #[test]
    fn chairs_rotate_every_six_months() {
        let spans = chair_rotation(&[576, 781, 398], d("2025-09-01"), 6, d("2026-12-31"));
        assert_eq!(
            spans,
            vec![(576, d("2025-09-01"), d("2026-02-28")), (781, d("2026-03-01"), d("2026-08-31")), (398, d("2026-09-01"), d("2026-12-31")),]
        );
    }

    #[test]
    fn meeting_status_moves_forward_or_to_cancelled() {
        use MeetingStatus::*;
        let allowed: Vec<(MeetingStatus, MeetingStatus)> = MeetingStatus::ALL
            .iter()
            .flat_map(|from| MeetingStatus::ALL.iter().map(move |to| (*from, *to)))
            .filter(|(from, to)| from != to && status_may_change(*from, *to))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Planned, Invited),
                (Planned, AgendaPublished),
                (Planned, Held),
                (Planned, Cancelled),
                (Invited, AgendaPublished),
                (Invited, Held),
                (Invited, Cancelled),
                (AgendaPublished, Held),
                (AgendaPublished, Cancelled),
                (Cancelled, Planned),
            ]
        );
    }

    #[test]
    fn statutory_terms_start_in_june_of_election_years() {
        assert_eq!(statutory_term_for(d("2025-05-31")).start_date, d("2021-06-01"));
        assert_eq!(statutory_term_for(d("2025-06-01")).end_date, d("2029-05-31"));
        assert_eq!(statutory_term_for(d("2029-05-31")).start_date, d("2025-06-01"));
    }

    fn vote(chair: Id, ballots: &[(Id, Ballot)]) -> VoteInput {
        VoteInput {
            item_id: 1,
            yes_proposal: "Esittelijän ehdotus".into(),
            no_proposal: "Jäsen Kosken vastaehdotus".into(),
            chair_id: chair,
            ballots: ballots.iter().map(|(person_id, ballot)| BallotInput { person_id: *person_id, ballot: *ballot }).collect(),
        }
    }

    #[test]
    fn r2_7_most_votes_win_and_the_chair_breaks_a_tie() {
        use Ballot::*;
        let clear = vote_result(&vote(1, &[(1, Yes), (2, No), (3, No), (4, Blank), (5, Absent)]));
        assert_eq!((clear.yes, clear.no, clear.blank, clear.absent), (1, 2, 1, 1));
        assert_eq!(clear.winner, VoteWinner::No);
        assert!(!clear.tie_broken_by_chair);
        let tie_chair_no = vote_result(&vote(1, &[(1, No), (2, Yes), (3, Yes), (4, No)]));
        assert_eq!(tie_chair_no.winner, VoteWinner::No);
        assert!(tie_chair_no.tie_broken_by_chair);
        let tie_chair_yes = vote_result(&vote(2, &[(1, No), (2, Yes), (3, Yes), (4, No)]));
        assert_eq!(tie_chair_yes.winner, VoteWinner::Yes);
        assert!(tie_chair_yes.tie_broken_by_chair);
        assert_eq!(
            codes(validate_vote(&vote(1, &[(1, Yes), (1, No)])).unwrap_err()),
            vec![("ballots".into(), "error-ballot-twice".into())]
        );
    }

    #[test]
    fn r2_2_quorum_is_more_than_half_of_the_members() {
        assert!(!Quorum::new(9, 4).met());
        assert!(Quorum::new(9, 5).met());
        assert!(!Quorum::new(10, 5).met());
        assert_eq!(Quorum::new(10, 6).required, 6);
        assert!(!Quorum::new(0, 0).met());
        assert!(counts_as_present(Presence::Remote) && counts_as_present(Presence::Substituted) && !counts_as_present(Presence::Absent));
    }

    #[test]
    fn r0_1_forums_recommend_and_only_formal_bodies_decide_with_a_quorum() {
        let record = |outcome| ItemRecordInput {
            item_id: 1,
            discussion: String::new(),
            outcome: Some(outcome),
            outcome_text: String::new(),
            appeal: None,
            appeal_basis: String::new(),
        };
        assert!(validate_item_record(&record(Outcome::Recommendation), LegalType::CooperationForum, None).is_ok());
        assert_eq!(
            codes(validate_item_record(&record(Outcome::Decided), LegalType::CooperationForum, None).unwrap_err()),
            vec![("outcome".into(), "error-outcome-not-for-forum".into())]
        );
        assert!(validate_item_record(&record(Outcome::PassedAsProposed), LegalType::FormalBody, Some(Quorum::new(9, 5))).is_ok());
        assert_eq!(
            codes(validate_item_record(&record(Outcome::PassedAsProposed), LegalType::FormalBody, Some(Quorum::new(9, 4))).unwrap_err()),
            vec![("outcome".into(), "error-no-quorum".into())]
        );
        // Tabling needs no quorum.
        assert!(validate_item_record(&record(Outcome::Tabled), LegalType::FormalBody, Some(Quorum::new(9, 4))).is_ok());
        let appealable = ItemRecordInput { appeal: Some(Appeal::Rectification), ..record(Outcome::Recommendation) };
        assert_eq!(
            codes(validate_item_record(&appealable, LegalType::CooperationForum, None).unwrap_err()),
            vec![("appeal".into(), "error-appeal-not-for-forum".into())]
        );
        assert!(
            validate_item_record(&ItemRecordInput { outcome: Some(Outcome::PassedAsProposed), ..appealable }, LegalType::FormalBody, None)
                .is_ok()
        );
        assert_eq!(record_kind_for(LegalType::FormalBody), RecordKind::Minutes);
        assert_eq!(record_kind_for(LegalType::WorkingGroup), RecordKind::Memo);
    }

    #[test]
    fn r2_3_remote_presence_is_verified_and_a_substitute_is_named() {
        let presence = |presence, deputy_id, verification| PresenceInput {
            meeting_id: 1,
            seat_id: 2,
            presence,
            deputy_id,
            verification,
            arrived_item_id: None,
            left_item_id: None,
        };
        assert_eq!(
            codes(validate_presence(&presence(Presence::Remote, None, None)).unwrap_err()),
            vec![("verification".into(), "error-verification-required".into())]
        );
        assert!(validate_presence(&presence(Presence::Remote, None, Some(Verification::Video))).is_ok());
        assert_eq!(
            codes(validate_presence(&presence(Presence::Substituted, None, None)).unwrap_err()),
            vec![("deputy_id".into(), "error-deputy-required".into())]
        );
        assert_eq!(
            codes(validate_presence(&presence(Presence::Present, Some(7), None)).unwrap_err()),
            vec![("deputy_id".into(), "error-deputy-not-substituted".into())]
        );
    }

    #[test]
    fn minutes_checkers_are_distinct_and_only_where_the_forum_uses_them() {
        let minutes = |checker_ids: Vec<Id>| MinutesInput {
            meeting_id: 1,
            chair_id: None,
            secretary_id: None,
            checker_ids,
            opened_at: None,
            closed_at: None,
        };
        assert!(validate_minutes(&minutes(vec![1, 2]), MinutesApproval::Checkers).is_ok());
        assert_eq!(
            codes(validate_minutes(&minutes(vec![1, 1]), MinutesApproval::Checkers).unwrap_err()),
            vec![("checker_ids".into(), "error-checker-twice".into())]
        );
        assert_eq!(
            codes(validate_minutes(&minutes(vec![1]), MinutesApproval::NextMeeting).unwrap_err()),
            vec![("checker_ids".into(), "error-checkers-not-used".into())]
        );
    }

    #[test]
    fn r2_11_a_formal_bodys_preparation_gets_the_no_appeal_notice_and_instructions_their_provision() {
        let record = |outcome, appeal, basis: &str| ItemRecordInput {
            item_id: 1,
            discussion: String::new(),
            outcome,
            outcome_text: String::new(),
            appeal,
            appeal_basis: basis.into(),
        };
        let normalised = |mut input: ItemRecordInput, legal_type| {
            normalise_item_record(&mut input, legal_type, |_| None);
            (input.appeal, input.appeal_basis)
        };
        let notice = (Some(Appeal::NoAppeal), "KuntaL 136 §".to_owned());
        for outcome in [Outcome::Noted, Outcome::ReferredBack, Outcome::Postponed, Outcome::Tabled, Outcome::Withdrawn] {
            assert!(prepares_only(outcome), "{outcome:?}");
            assert_eq!(normalised(record(Some(outcome), None, ""), LegalType::FormalBody), notice, "{outcome:?}");
            // A forum's output is not appealable: no notice either.
            assert_eq!(normalised(record(Some(outcome), None, ""), LegalType::CooperationForum), (None, String::new()), "{outcome:?}");
        }
        for outcome in [Outcome::Decided, Outcome::PassedAsProposed, Outcome::PassedAfterVote, Outcome::Amended, Outcome::Rejected] {
            assert!(!prepares_only(outcome), "{outcome:?}");
            assert_eq!(normalised(record(Some(outcome), None, ""), LegalType::FormalBody), (None, String::new()), "{outcome:?}");
        }
        assert_eq!(normalised(record(None, None, ""), LegalType::FormalBody), (None, String::new()), "no outcome yet");
        // Instructions chosen for a preparation item are kept.
        assert_eq!(
            normalised(record(Some(Outcome::Noted), Some(Appeal::Rectification), ""), LegalType::FormalBody),
            (Some(Appeal::Rectification), "KuntaL 134 §".to_owned())
        );
        for (appeal, basis) in
            [(Appeal::Rectification, "KuntaL 134 §"), (Appeal::MunicipalAppeal, "KuntaL 135 §"), (Appeal::NoAppeal, "KuntaL 136 §")]
        {
            assert_eq!(appeal.default_basis(), basis);
            assert_eq!(
                normalised(record(Some(Outcome::Decided), Some(appeal), "  "), LegalType::FormalBody),
                (Some(appeal), basis.to_owned())
            );
        }
        assert_eq!(
            normalised(record(Some(Outcome::Decided), Some(Appeal::MunicipalAppeal), " Hankintalaki 146 § "), LegalType::FormalBody),
            (Some(Appeal::MunicipalAppeal), "Hankintalaki 146 §".to_owned()),
            "a provision given is kept, trimmed"
        );
        assert_eq!(Appeal::Rectification.challenge(), Some(crate::calendar::Challenge::Rectification));
        assert_eq!(Appeal::MunicipalAppeal.challenge(), Some(crate::calendar::Challenge::MunicipalAppeal));
        assert_eq!(Appeal::NoAppeal.challenge(), None);

        // A provision rests on instructions.
        for legal_type in [LegalType::FormalBody, LegalType::CooperationForum] {
            assert_eq!(
                codes(validate_item_record(&record(Some(Outcome::Noted), None, "KuntaL 136 §"), legal_type, None).unwrap_err()),
                vec![("appeal_basis".into(), "error-appeal-basis-without-appeal".into())],
                "{legal_type:?}"
            );
        }
        let long = "§".repeat(201);
        assert_eq!(
            codes(
                validate_item_record(&record(Some(Outcome::Noted), Some(Appeal::NoAppeal), &long), LegalType::FormalBody, None)
                    .unwrap_err()
            ),
            vec![("appeal_basis".into(), "error-too-long".into())]
        );
    }

    #[test]
    fn r2_12_a_notified_party_receives_a_letter_on_the_seventh_day_and_an_e_mail_on_the_third() {
        assert_eq!(notification_received(NotificationMethod::Letter, d("2026-03-02")), d("2026-03-09"));
        // Received on a Sunday all the same: the period runs from then.
        assert_eq!(notification_received(NotificationMethod::Electronic, d("2026-12-17")), d("2026-12-20"));
        assert_eq!(notification_received(NotificationMethod::Receipt, d("2026-04-17")), d("2026-04-17"));
        let notification = |recipient: &str| PartyNotificationInput {
            item_id: 1,
            recipient: recipient.into(),
            method: NotificationMethod::Letter,
            sent_on: d("2026-03-02"),
        };
        assert!(validate_notification(&notification("Maija Meikäläinen")).is_ok());
        assert_eq!(codes(validate_notification(&notification("  ")).unwrap_err()), vec![("recipient".into(), "error-required".into())]);
        assert_eq!(
            codes(validate_notification(&notification(&"a".repeat(301))).unwrap_err()),
            vec![("recipient".into(), "error-too-long".into())]
        );
    }

    #[test]
    fn r2_11_an_appeal_template_has_its_finnish_text() {
        let template = |fi: &str, basis: &str| AppealTemplateInput {
            party_id: 1,
            appeal: Appeal::Rectification,
            basis: basis.into(),
            text: Names::new(fi, "", ""),
        };
        assert!(validate_appeal_template(&template("Oikaisuvaatimus tehdään kaupunginhallitukselle.", "")).is_ok());
        assert_eq!(codes(validate_appeal_template(&template(" ", "")).unwrap_err()), vec![("text.fi".into(), "error-required".into())]);
        assert_eq!(
            codes(validate_appeal_template(&template("Ohje", &"x".repeat(201))).unwrap_err()),
            vec![("basis".into(), "error-too-long".into())]
        );
    }

    #[test]
    fn a_ratification_that_is_decided_names_its_body_and_date() {
        let ratification = |result, body: &str, decided_on| RatificationInput {
            item_id: 1,
            party_id: 2,
            body: body.into(),
            decided_on,
            section: "§ 357".into(),
            url: String::new(),
            result,
        };
        assert!(validate_ratification(&ratification(RatificationResult::Pending, "", None)).is_ok());
        assert_eq!(
            codes(validate_ratification(&ratification(RatificationResult::Approved, "", None)).unwrap_err()),
            vec![("body".into(), "error-required".into()), ("decided_on".into(), "error-required".into())]
        );
        assert!(validate_ratification(&ratification(RatificationResult::Approved, "Kaupunginhallitus", Some(d("2025-10-06")))).is_ok());
    }
}
