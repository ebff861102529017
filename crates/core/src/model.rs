//! The register's types. Each entity comes as `X` (stored, with `id` and `version`) and
//! `XInput` (what a form or the API sends to create or replace it). Enumerations are
//! written in the database and the API as the snake_case names below.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub type Id = i64;

/// Declares an enumeration stored and sent as snake_case text. Every module of the crate
/// declares its enumerations with it (`use crate::model::text_enum;`), so the stored, sent
/// and documented names are made one way; a variant may carry its own doc comment.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// What kind of organisation a party is.
    PartyKind {
        Municipality = "municipality",
        WellbeingCounty = "wellbeing_county",
        RegionalCouncil = "regional_council",
        JointCompany = "joint_company",
        Ngo = "ngo",
        Stakeholder = "stakeholder",
        StateAgency = "state_agency",
    }
);

text_enum!(
    /// The four levels of the cooperation model, and working groups beside them.
    ForumLevel {
        Strategic = "strategic",
        Chairs = "chairs",
        Tactical = "tactical",
        Operational = "operational",
        WorkingGroup = "working_group",
    }
);

impl ForumLevel {
    /// Position from the top; a forum's escalation target must be strictly higher.
    pub fn rank(self) -> u8 {
        match self {
            ForumLevel::Strategic => 0,
            ForumLevel::Chairs => 1,
            ForumLevel::Tactical => 2,
            ForumLevel::Operational => 3,
            ForumLevel::WorkingGroup => 4,
        }
    }
}

text_enum!(
    /// Domain R0.1: none of the seeds' forums is a formal body.
    LegalType {
        FormalBody = "formal_body",
        CooperationForum = "cooperation_forum",
        WorkingGroup = "working_group",
    }
);

text_enum!(
    CadenceKind {
        Monthly = "monthly",
        Annual = "annual",
        OncePerTerm = "once_per_term",
        AsNeeded = "as_needed",
    }
);

text_enum!(
    /// Domain R1.9: "not yet public" is distinct from "secret".
    Publicity {
        Public = "public",
        NotYetPublic = "not_yet_public",
        Secret = "secret",
    }
);

text_enum!(
    SeatRole {
        Chair = "chair",
        ViceChair = "vice_chair",
        Member = "member",
        Deputy = "deputy",
        Secretary = "secretary",
        Presenter = "presenter",
        StandingGuest = "standing_guest",
    }
);

impl SeatRole {
    /// The roles that count as members and answer invitations; secretaries, presenters,
    /// guests and deputies come with their seat or the member's.
    pub fn is_member(self) -> bool {
        matches!(self, SeatRole::Chair | SeatRole::ViceChair | SeatRole::Member)
    }
}

text_enum!(
    /// Draft seats come from a term roll-over and take effect when confirmed.
    SeatStatus {
        Active = "active",
        Draft = "draft",
    }
);

text_enum!(
    ContactKind {
        Email = "email",
        Phone = "phone",
        Address = "address",
        Url = "url",
    }
);

text_enum!(
    /// The interface languages; Finnish is the primary one (domain section 4).
    Lang {
        Fi = "fi",
        Sv = "sv",
        En = "en",
    }
);

// Finnish is the default language (domain section 4); `text_enum!` cannot mark a
// default variant, so this is written out.
#[allow(clippy::derivable_impls)]
impl Default for Lang {
    fn default() -> Self {
        Lang::Fi
    }
}

/// A name in the three interface languages. Finnish is required; the others fall back
/// to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub fi: String,
    #[serde(default)]
    pub sv: String,
    #[serde(default)]
    pub en: String,
}

impl Names {
    pub fn new(fi: &str, sv: &str, en: &str) -> Self {
        Names { fi: fi.into(), sv: sv.into(), en: en.into() }
    }
    pub fn get(&self, lang: Lang) -> &str {
        let text = match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        };
        if text.trim().is_empty() { &self.fi } else { text }
    }
}

/// A region is a tenant: one deployment may host several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionInput {
    /// Statistics Finland region (maakunta) code, two digits ("07").
    pub code: String,
    pub name: Names,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Region {
    pub id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: RegionInput,
}

/// A span of time in which a party belongs to a region (Iitti moved to Päijät-Häme in
/// 2021; a merged municipality's last span ends).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionPeriod {
    pub region_code: String,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

impl RegionPeriod {
    pub fn covers(&self, region_code: &str, date: NaiveDate) -> bool {
        self.region_code == region_code && self.valid_from <= date && self.valid_until.is_none_or(|until| date <= until)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyInput {
    pub kind: PartyKind,
    /// Official code: municipality "016", wellbeing services county "09".
    #[serde(default)]
    pub code: Option<String>,
    pub name: Names,
    /// Whether the party signed the cooperation protocol.
    #[serde(default)]
    pub signed_protocol: bool,
    /// Marks parties that only illustrate the demo (example companies and NGOs).
    #[serde(default)]
    pub is_example: bool,
    #[serde(default)]
    pub region_periods: Vec<RegionPeriod>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Party {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: PartyInput,
}

impl Party {
    pub fn belongs_to(&self, region_code: &str, date: NaiveDate) -> bool {
        self.input.region_periods.iter().any(|p| p.covers(region_code, date))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub kind: ContactKind,
    pub value: String,
    /// Shown to the public; otherwise to signed-in users only.
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

impl Contact {
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_until.is_none_or(|until| date <= until)
    }
}

/// A person in the register. Never holds a personal identity code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    pub name: String,
    /// The party whose administrator keeps this person's details.
    #[serde(default)]
    pub party_id: Option<Id>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// The language invitations and other messages are written in.
    #[serde(default)]
    pub lang: Lang,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Person {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: PersonInput,
}

/// A position in a party ("kaupunginjohtaja" of Lahti).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostInput {
    pub party_id: Id,
    pub title: Names,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Post {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: PostInput,
}

/// A person holding a post for a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldingInput {
    pub post_id: Id,
    pub person_id: Id,
    pub start_date: NaiveDate,
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Holding {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: HoldingInput,
}

impl Holding {
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.input.start_date <= date && self.input.end_date.is_none_or(|end| date <= end)
    }
}

/// How often a forum meets, with its details: the municipal managers' meeting meets on
/// the second Tuesday of each month except July.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cadence {
    pub kind: CadenceKind,
    /// ISO weekday, 1 = Monday … 7 = Sunday (monthly).
    #[serde(default)]
    pub weekday: Option<u8>,
    /// Week of the month, 1–4, or -1 for the last (monthly).
    #[serde(default)]
    pub week_of_month: Option<i8>,
    /// Month of the year, 1–12 (annual).
    #[serde(default)]
    pub month: Option<u8>,
    /// Months without a meeting (monthly), e.g. [7] for July.
    #[serde(default)]
    pub excluded_months: Vec<u8>,
    /// When meetings usually start (local time); 09:00 when not given.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "09:00:00")]
    pub start_time: Option<NaiveTime>,
    /// How long meetings usually last; 120 minutes when not given.
    #[serde(default)]
    pub duration_minutes: Option<u16>,
}

impl Cadence {
    pub fn as_needed() -> Self {
        Cadence {
            kind: CadenceKind::AsNeeded,
            weekday: None,
            week_of_month: None,
            month: None,
            excluded_months: vec![],
            start_time: None,
            duration_minutes: None,
        }
    }

    /// The usual start and end of a meeting.
    pub fn hours(&self) -> (NaiveTime, NaiveTime) {
        let start = self.start_time.unwrap_or(NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"));
        let minutes = i64::from(self.duration_minutes.unwrap_or(120));
        (start, start + chrono::Duration::minutes(minutes))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForumInput {
    pub name: Names,
    /// Short name used in lists and the diagram ("PHTURVA").
    #[serde(default)]
    pub short_name: String,
    pub level: ForumLevel,
    pub legal_type: LegalType,
    /// What the forum is for, as its founding document puts it.
    #[serde(default)]
    pub mandate: Names,
    /// The forum one level up, where conflicts escalate.
    #[serde(default)]
    pub parent_id: Option<Id>,
    pub cadence: Cadence,
    pub default_publicity: Publicity,
    /// Days before a meeting its notice and agenda must be out (R1.8).
    #[serde(default = "notice_days")]
    pub notice_days: u16,
    /// How the forum's record is approved (R2.10).
    #[serde(default = "minutes_approval")]
    pub minutes_approval: MinutesApproval,
    /// The party whose body a formal body is: its appeal instructions are that
    /// organisation's (R2.11).
    #[serde(default)]
    pub organisation_id: Option<Id>,
}

fn minutes_approval() -> MinutesApproval {
    MinutesApproval::Checkers
}

fn notice_days() -> u16 {
    4
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Forum {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: ForumInput,
}

/// A council term, four years from the start of June of the election year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermInput {
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CouncilTerm {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: TermInput,
}

impl CouncilTerm {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.input.start_date <= date && date <= self.input.end_date
    }
    /// "2025–2029".
    pub fn label(&self) -> String {
        format!("{}–{}", self.input.start_date.format("%Y"), self.input.end_date.format("%Y"))
    }
}

/// A membership in a forum, held by a post (whoever holds it) or by a person, on behalf
/// of a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatInput {
    pub forum_id: Id,
    pub term_id: Id,
    /// Exactly one of `post_id` and `person_id`.
    #[serde(default)]
    pub post_id: Option<Id>,
    #[serde(default)]
    pub person_id: Option<Id>,
    pub party_id: Id,
    pub role: SeatRole,
    /// For a deputy: the seat it deputises, in the same forum.
    #[serde(default)]
    pub deputy_of: Option<Id>,
    pub start_date: NaiveDate,
    /// Defaults to the end of the council term.
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    #[serde(default = "active")]
    pub status: SeatStatus,
}

fn active() -> SeatStatus {
    SeatStatus::Active
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Seat {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: SeatInput,
}

impl Seat {
    pub fn end(&self) -> NaiveDate {
        self.input.end_date.unwrap_or(NaiveDate::MAX)
    }
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.input.status == SeatStatus::Active && self.input.start_date <= date && date <= self.end()
    }
}

text_enum!(
    MeetingKind {
        Meeting = "meeting",
        Electronic = "electronic",
        MemoOnly = "memo_only",
    }
);

text_enum!(
    /// planned → invited → agenda published → held; or cancelled, with a reason.
    MeetingStatus {
        Planned = "planned",
        Invited = "invited",
        AgendaPublished = "agenda_published",
        Held = "held",
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// A seat's answer to an invitation.
    AttendanceResponse {
        Accepted = "accepted",
        Declined = "declined",
        DeputyAttends = "deputy_attends",
    }
);

/// A meeting of one forum, or a joint meeting of several, recorded once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    /// The forums meeting; the first is the one that convenes.
    pub forum_ids: Vec<Id>,
    pub date: NaiveDate,
    #[schema(value_type = String, example = "09:00:00")]
    pub start_time: NaiveTime,
    #[schema(value_type = String, example = "11:00:00")]
    pub end_time: NaiveTime,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default = "meeting_kind")]
    pub kind: MeetingKind,
    #[serde(default = "meeting_status")]
    pub status: MeetingStatus,
    #[serde(default)]
    pub cancel_reason: String,
    /// Made by the year's plan and not edited since, so regenerating the plan may move or
    /// remove it; any edit clears it.
    #[serde(default)]
    pub generated: bool,
}

fn meeting_kind() -> MeetingKind {
    MeetingKind::Meeting
}

fn meeting_status() -> MeetingStatus {
    MeetingStatus::Planned
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Meeting {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: MeetingInput,
}

impl Meeting {
    pub fn starts(&self) -> chrono::NaiveDateTime {
        self.input.date.and_time(self.input.start_time)
    }
    pub fn ends(&self) -> chrono::NaiveDateTime {
        self.input.date.and_time(self.input.end_time)
    }
}

/// Roles granted to an account directly; membership and forum secretaryship come from
/// seats instead (domain R2.13: roles are per body and term).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Grant {
    pub region_id: Id,
    /// `None`: administrator of the region; `Some(party)`: administrator of that party.
    pub party_id: Option<Id>,
}

/// A ground for secrecy from the region's managed list (R1.10): "JulkL 24 § 1 mom. 8 k."
/// with its name. A secret item or attachment must name one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalBasisInput {
    /// The provision as it is cited in the secrecy marking.
    pub code: String,
    /// What the provision protects, in the three languages.
    pub name: Names,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LegalBasis {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: LegalBasisInput,
}

text_enum!(
    /// Where a standing item goes on every agenda of its forum.
    Placement {
        Start = "start",
        End = "end",
    }
);

/// An item every agenda of a forum gets by itself ("Kokouksen avaus", "Muut asiat").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StandingItemInput {
    pub forum_id: Id,
    pub placement: Placement,
    /// Order among the forum's standing items of the same placement.
    #[serde(default)]
    pub position: i64,
    pub title: String,
    /// The usual proposal, in Markdown.
    #[serde(default)]
    pub proposal: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StandingItem {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: StandingItemInput,
}

/// One item of a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItemInput {
    pub meeting_id: Id,
    /// Place on the agenda, from 1; 0 on create puts the item before the closing
    /// standing items, and on replace keeps its place.
    #[serde(default)]
    pub position: i64,
    pub title: String,
    /// What the public sees of an item that is not public: a description of its subject,
    /// never a "not public" placeholder (R1.6). A public item's public title is its title.
    #[serde(default)]
    pub public_title: String,
    #[serde(default)]
    pub preparer_id: Option<Id>,
    #[serde(default)]
    pub presenter_id: Option<Id>,
    /// Markdown.
    #[serde(default)]
    pub background: String,
    /// Markdown.
    #[serde(default)]
    pub proposal: String,
    pub publicity: Publicity,
    /// Required for a secret item (R1.10).
    #[serde(default)]
    pub legal_basis_id: Option<Id>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The parties the item concerns.
    #[serde(default)]
    pub party_ids: Vec<Id>,
    /// The standing item it was made from.
    #[serde(default)]
    pub standing_item_id: Option<Id>,
    /// The proposal it was accepted from.
    #[serde(default)]
    pub proposal_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AgendaItem {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    /// The convening forum of the item's meeting, whose § numbers it takes.
    pub forum_id: Id,
    /// The § number, fixed when the agenda is published.
    pub number: Option<i64>,
    /// The item by which the agenda follows up the forum's open actions, added and kept
    /// current by Foorumi.
    #[serde(default)]
    pub follows_up_actions: bool,
    /// The people disqualified in the item when it is not public, who may not read its
    /// preparation (R2.6); derived, never sent.
    #[serde(skip)]
    pub withheld_from: Vec<Id>,
    #[serde(flatten)]
    pub input: AgendaItemInput,
}

/// A file attached to an agenda item; the file itself is kept by its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentInput {
    pub item_id: Id,
    pub name: String,
    pub publicity: Publicity,
    #[serde(default)]
    pub legal_basis_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    /// The convening forum of the item's meeting, whose members may see it.
    pub forum_id: Id,
    /// The type found in the content.
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: String,
    /// The people disqualified in the item, when the attachment is not public (R2.6);
    /// derived, never sent.
    #[serde(skip)]
    pub withheld_from: Vec<Id>,
    #[serde(flatten)]
    pub input: AttachmentInput,
}

text_enum!(
    /// Where a proposed item stands: waiting, on an agenda, or answered why not.
    ProposalStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
    }
);

/// An item a member or a party proposes to a forum's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalInput {
    pub forum_id: Id,
    /// The party proposing; a member proposes for their own party.
    #[serde(default)]
    pub party_id: Option<Id>,
    /// Who proposes.
    #[serde(default)]
    pub person_id: Option<Id>,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    /// The meeting by which the proposer hopes it is handled.
    #[serde(default)]
    pub wanted_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Proposal {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    pub status: ProposalStatus,
    /// The secretary's answer, required when declining.
    pub answer: String,
    /// The meeting whose agenda took it.
    pub meeting_id: Option<Id>,
    pub created_at: String,
    #[serde(flatten)]
    pub input: ProposalInput,
}

/// The public version of an agenda, frozen when it is published (R1.7): everything the
/// public may see and nothing else. A secret item is its number, public title and secrecy
/// marking; an item not yet public is its number and public title (R1.2, R1.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicAgenda {
    pub meeting_id: Id,
    pub region_id: Id,
    /// The convening forum's meeting number, "3/2026".
    pub number: String,
    pub forum_ids: Vec<Id>,
    pub date: NaiveDate,
    #[schema(value_type = String)]
    pub start_time: NaiveTime,
    #[schema(value_type = String)]
    pub end_time: NaiveTime,
    pub place: String,
    pub kind: MeetingKind,
    pub items: Vec<PublicItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicItem {
    pub number: i64,
    pub public_title: String,
    pub publicity: Publicity,
    /// The secrecy marking of a secret item.
    pub marking: Option<SecrecyMarking>,
    /// The content of a public item.
    pub body: Option<PublicBody>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SecrecyMarking {
    pub code: String,
    pub name: Names,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicBody {
    /// Preparer and presenter by name; they act in an official role.
    pub preparer: String,
    pub presenter: String,
    pub background: String,
    pub proposal: String,
    pub tags: Vec<String>,
    pub party_ids: Vec<Id>,
    /// Public attachments only.
    pub attachments: Vec<PublicAttachment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicAttachment {
    pub id: Id,
    pub name: String,
    pub media_type: String,
    pub size: i64,
}

/// One publication of an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Publication {
    pub id: Id,
    pub meeting_id: Id,
    pub published_at: String,
    /// Published later than the forum's notice lead time allows (R1.8).
    pub late: bool,
    pub agenda: PublicAgenda,
}

// ---- minutes and memos --------------------------------------------------------------

text_enum!(
    /// How a forum's record is approved (R2.10): by minute checkers named for the meeting,
    /// or, for a cooperation forum's memo, by the next meeting.
    MinutesApproval {
        Checkers = "checkers",
        NextMeeting = "next_meeting",
    }
);

text_enum!(
    /// Minutes (pöytäkirja) of a formal body, a memo (muistio) of a cooperation forum or a
    /// working group (R2.1).
    RecordKind {
        Minutes = "minutes",
        Memo = "memo",
    }
);

text_enum!(
    /// draft → with the checkers → checked → published; a correction of a checked record
    /// goes back to draft with its reason and is checked again as a new version.
    MinutesStatus {
        Draft = "draft",
        Checking = "checking",
        Checked = "checked",
        Published = "published",
    }
);

text_enum!(
    /// How one seat took part in a held meeting (R2.2, R2.3).
    Presence {
        Present = "present",
        Remote = "remote",
        Absent = "absent",
        Substituted = "substituted",
    }
);

text_enum!(
    /// How the chair and the secretary verified a remote participant (R2.3).
    Verification {
        IdentifiedLogin = "identified_login",
        Video = "video",
        Phone = "phone",
    }
);

text_enum!(
    /// The outcome of an item. Cooperation forums and working groups reach the first
    /// seven; formal bodies also decide (R0.1: a forum's output binds nobody).
    Outcome {
        Noted = "noted",
        Recommendation = "recommendation",
        SharedPolicyLine = "shared_policy_line",
        ReferredBack = "referred_back",
        Postponed = "postponed",
        Escalated = "escalated",
        Withdrawn = "withdrawn",
        Decided = "decided",
        PassedAsProposed = "passed_as_proposed",
        PassedAfterVote = "passed_after_vote",
        Amended = "amended",
        Rejected = "rejected",
        Tabled = "tabled",
    }
);

impl Outcome {
    /// Outcomes only a formal body reaches.
    pub fn is_decision(self) -> bool {
        matches!(
            self,
            Outcome::Decided
                | Outcome::PassedAsProposed
                | Outcome::PassedAfterVote
                | Outcome::Amended
                | Outcome::Rejected
                | Outcome::Tabled
        )
    }
    /// Outcomes the parties then decide on in their own bodies (R0.1).
    pub fn needs_ratification(self) -> bool {
        matches!(self, Outcome::Recommendation | Outcome::SharedPolicyLine)
    }
}

text_enum!(
    /// The instructions a formal body's item carries (R1.1, R2.11): a request for
    /// rectification (oikaisuvaatimus, 14 days), a municipal appeal (kunnallisvalitus,
    /// 30 days), or a notice that no appeal lies (preparation or implementation, KuntaL
    /// 136 §).
    Appeal {
        Rectification = "rectification",
        MunicipalAppeal = "municipal_appeal",
        NoAppeal = "no_appeal",
    }
);

impl Appeal {
    /// The provision each kind of instruction rests on (KuntaL 134–136 §).
    pub fn default_basis(self) -> &'static str {
        match self {
            Appeal::Rectification => "KuntaL 134 §",
            Appeal::MunicipalAppeal => "KuntaL 135 §",
            Appeal::NoAppeal => "KuntaL 136 §",
        }
    }
    /// The period in which it can be used, if it can (KuntaL 138 §).
    pub fn challenge(self) -> Option<crate::calendar::Challenge> {
        match self {
            Appeal::Rectification => Some(crate::calendar::Challenge::Rectification),
            Appeal::MunicipalAppeal => Some(crate::calendar::Challenge::MunicipalAppeal),
            Appeal::NoAppeal => None,
        }
    }
}

/// An organisation's own wording of one kind of appeal instructions, in each language
/// (R2.11): the authority a request goes to, its address, how to make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealTemplateInput {
    pub party_id: Id,
    pub appeal: Appeal,
    /// The provision it rests on; the kind's own when empty.
    #[serde(default)]
    pub basis: String,
    /// Plain text, one paragraph per line.
    pub text: Names,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AppealTemplate {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: AppealTemplateInput,
}

text_enum!(
    /// How a party to a matter was notified of a decision (R2.12).
    /// A letter is received on the seventh day after sending (HL 59 §), an ordinary
    /// electronic notification on the third (Act 13/2003 19 §), one against a receipt on
    /// the day it was handed over (HL 60 §).
    NotificationMethod {
        Letter = "letter",
        Electronic = "electronic",
        Receipt = "receipt",
    }
);

/// A party to a matter notified of a formal body's decision (R2.12). The recipient is
/// often a private person: notifications are for those who keep the record only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyNotificationInput {
    pub item_id: Id,
    pub recipient: String,
    pub method: NotificationMethod,
    pub sent_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PartyNotification {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    pub forum_id: Id,
    /// The day the recipient is deemed to have received it.
    pub received_on: Option<NaiveDate>,
    /// The last day of the item's rectification or appeal period for this recipient,
    /// moved past weekends and holidays; none when nothing lies against the decision.
    pub deadline: Option<NaiveDate>,
    #[serde(flatten)]
    pub input: PartyNotificationInput,
}

text_enum!(
    /// Grounds of disqualification: Hallintolaki 28 § 1 mom. points 1–7, and the
    /// municipal rule of Kuntalaki 97 §.
    DisqualificationGround {
        Hl28Party = "hl28_1",
        Hl28Representative = "hl28_2",
        Hl28Relative = "hl28_3",
        Hl28Employment = "hl28_4",
        Hl28Organisation = "hl28_5",
        Hl28AgencyReview = "hl28_6",
        Hl28Other = "hl28_7",
        KuntalakiSection97 = "kuntal97",
    }
);

text_enum!(
    /// One member's position in an open vote (R2.7).
    Ballot {
        Yes = "yes",
        No = "no",
        Blank = "blank",
        Absent = "absent",
    }
);

text_enum!(
    ActionStatus {
        Open = "open",
        InProgress = "in_progress",
        Done = "done",
        Dropped = "dropped",
    }
);

impl ActionStatus {
    /// Whether the action still comes back to the forum's agendas.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

text_enum!(
    /// A party's decision on a forum's recommendation in its own body (R0.1).
    RatificationResult {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
        Amended = "amended",
    }
);

/// The record of a meeting: who chairs, who keeps it, who checks it, when it opened and
/// closed. Its status moves only through the checking workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinutesInput {
    pub meeting_id: Id,
    #[serde(default)]
    pub chair_id: Option<Id>,
    #[serde(default)]
    pub secretary_id: Option<Id>,
    /// The minute checkers (R2.10), when the forum approves by checkers.
    #[serde(default)]
    pub checker_ids: Vec<Id>,
    /// "09.02", when the chair opened the meeting.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub opened_at: Option<NaiveTime>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub closed_at: Option<NaiveTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Minutes {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    /// The convening forum.
    pub forum_id: Id,
    pub kind: RecordKind,
    pub approval: MinutesApproval,
    pub status: MinutesStatus,
    /// The checked version in force, 0 before the first check.
    pub checked_version: i64,
    /// Why the record is being corrected after a check, while it is.
    pub correction_reason: String,
    #[serde(flatten)]
    pub input: MinutesInput,
}

/// One minute checker's part: approved (when) or commented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckerState {
    pub person_id: Id,
    pub approved_at: Option<String>,
    pub comment: String,
}

/// How one seat took part in a held meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PresenceInput {
    pub meeting_id: Id,
    pub seat_id: Id,
    pub presence: Presence,
    /// Who sat in the seat instead (a deputy), when `substituted`.
    #[serde(default)]
    pub deputy_id: Option<Id>,
    /// Required when taking part remotely (R2.3).
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The item at which the person arrived late, and at which they left early.
    #[serde(default)]
    pub arrived_item_id: Option<Id>,
    #[serde(default)]
    pub left_item_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PresenceRecord {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    pub forum_id: Id,
    #[serde(flatten)]
    pub input: PresenceInput,
}

/// What was said and reached on one agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemRecordInput {
    pub item_id: Id,
    /// Markdown.
    #[serde(default)]
    pub discussion: String,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// The decision, recommendation or note as written in the record; Markdown.
    #[serde(default)]
    pub outcome_text: String,
    /// How a formal body's decision may be challenged (R2.11); a forum's output cannot be.
    #[serde(default)]
    pub appeal: Option<Appeal>,
    /// The provision the instructions rest on ("KuntaL 134 §"); the kind's own when empty.
    #[serde(default)]
    pub appeal_basis: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ItemRecord {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    pub forum_id: Id,
    /// The people disqualified in the item when it is not public, who may not read this
    /// (R2.6); derived, never sent.
    #[serde(skip)]
    pub withheld_from: Vec<Id>,
    pub meeting_id: Id,
    pub updated_at: String,
    /// When the body checked this item at the meeting itself (R2.10); from then on the
    /// item's record is final, whatever the rest of the minutes do.
    #[serde(default)]
    pub checked_at_meeting: Option<String>,
    #[serde(flatten)]
    pub input: ItemRecordInput,
}

/// A person who left an item as disqualified (R2.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisqualificationInput {
    pub item_id: Id,
    pub person_id: Id,
    pub ground: DisqualificationGround,
    /// Who decided on it: the person themselves, or the body.
    #[serde(default)]
    pub decided_by: String,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub left_at: Option<NaiveTime>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub returned_at: Option<NaiveTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Disqualification {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    pub forum_id: Id,
    /// The people disqualified in the item when it is not public, who may not read this
    /// (R2.6); derived, never sent.
    #[serde(skip)]
    pub withheld_from: Vec<Id>,
    #[serde(flatten)]
    pub input: DisqualificationInput,
}

/// One member's ballot in a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BallotInput {
    pub person_id: Id,
    pub ballot: Ballot,
}

/// An open vote of a formal body (R2.7): "jaa" for one proposal, "ei" for the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteInput {
    pub item_id: Id,
    /// The proposal "jaa" stands for (usually the presenter's).
    pub yes_proposal: String,
    /// The counter-proposal "ei" stands for.
    pub no_proposal: String,
    /// The chair, whose side wins a tie.
    pub chair_id: Id,
    #[serde(default)]
    pub ballots: Vec<BallotInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Vote {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    pub forum_id: Id,
    /// The people disqualified in the item when it is not public, who may not read this
    /// (R2.6); derived, never sent.
    #[serde(skip)]
    pub withheld_from: Vec<Id>,
    #[serde(flatten)]
    pub input: VoteInput,
}

/// A dissenting opinion (R2.8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DissentInput {
    pub item_id: Id,
    pub person_id: Id,
    /// The written reasons, if given before the record is checked.
    #[serde(default)]
    pub reasons: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Dissent {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    pub forum_id: Id,
    /// The people disqualified in the item when it is not public, who may not read this
    /// (R2.6); derived, never sent.
    #[serde(skip)]
    pub withheld_from: Vec<Id>,
    /// The written reasons as a file, attached to the minutes (R2.8).
    #[serde(default)]
    pub reasons_file: Option<ReasonsFile>,
    #[serde(flatten)]
    pub input: DissentInput,
}

/// A dissenter's written reasons as a file: accepted until the record is checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReasonsFile {
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub submitted_at: String,
    /// Where the file is kept: in the checked versions too, which are the archival copy.
    pub sha256: String,
}

/// Something an item agreed to do, followed on the forum's agendas until done or dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// The item that agreed it.
    pub item_id: Id,
    pub title: String,
    #[serde(default)]
    pub owner_party_id: Option<Id>,
    #[serde(default)]
    pub owner_person_id: Option<Id>,
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    #[serde(default = "action_open")]
    pub status: ActionStatus,
    #[serde(default)]
    pub notes: String,
}

fn action_open() -> ActionStatus {
    ActionStatus::Open
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActionItem {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    /// The forum that agreed it and follows it.
    pub forum_id: Id,
    #[serde(flatten)]
    pub input: ActionInput,
}

/// A party's decision, in its own body, on a forum's recommendation (R0.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatificationInput {
    pub item_id: Id,
    pub party_id: Id,
    /// The deciding body: "Kaupunginhallitus".
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub decided_on: Option<NaiveDate>,
    /// "§ 357".
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub url: String,
    pub result: RatificationResult,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Ratification {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    pub forum_id: Id,
    #[serde(flatten)]
    pub input: RatificationInput,
}

/// Everything recorded of a meeting, as checkers approve it and as each checked version
/// is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FullRecord {
    pub minutes: Minutes,
    pub checkers: Vec<CheckerState>,
    pub presences: Vec<PresenceRecord>,
    pub items: Vec<AgendaItem>,
    pub records: Vec<ItemRecord>,
    pub disqualifications: Vec<Disqualification>,
    pub votes: Vec<Vote>,
    pub dissents: Vec<Dissent>,
    pub actions: Vec<ActionItem>,
}

/// A checked version as it was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckedVersion {
    pub number: i64,
    /// Why it corrects the version before it; empty for the first.
    pub reason: String,
    pub checked_at: String,
    pub record: FullRecord,
}

// ---- the published record (R1.1–R1.4) -------------------------------------------------

text_enum!(
    /// The secretary's decision on a personal identifier found before publishing (R1.3):
    /// keep it in the public copy until the personal-data date, or take it out now.
    IdentifierDecision {
        Keep = "keep",
        Redact = "redact",
    }
);

/// A personal identifier found in what a record would publish, with the decision made on
/// it, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IdentifierReview {
    pub item_id: Id,
    pub kind: crate::personal_data::IdentifierKind,
    pub text: String,
    pub person_id: Option<Id>,
    pub decision: Option<IdentifierDecision>,
}

/// The secretary's decision on one identifier, as sent with a publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentifierDecisionInput {
    pub item_id: Id,
    pub text: String,
    pub decision: IdentifierDecision,
}

/// One seat's attendance as the public record states it: members act in their official
/// role, so their names are public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicPresence {
    pub name: String,
    pub party: String,
    pub role: SeatRole,
    pub presence: Presence,
    pub deputy: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicVote {
    pub yes_proposal: String,
    pub no_proposal: String,
    /// (member, ballot)
    pub ballots: Vec<(String, Ballot)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicAction {
    pub title: String,
    pub owner: String,
    pub due_date: Option<NaiveDate>,
    pub status: ActionStatus,
}

/// What the public reads of a public item's handling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicRecordBody {
    pub background: String,
    pub proposal: String,
    pub discussion: String,
    pub outcome: Option<Outcome>,
    pub outcome_text: String,
    /// The instructions of a formal body's item (R1.1, R2.11).
    #[serde(default)]
    pub appeal: Option<Appeal>,
    /// The provision the instructions rest on.
    #[serde(default)]
    pub appeal_basis: String,
    /// The organisation's own wording of the instructions, as it was when published;
    /// none: Foorumi's standard wording.
    #[serde(default)]
    pub appeal_text: Option<Names>,
    /// Checked at the meeting itself (R2.10).
    #[serde(default)]
    pub checked_at_meeting: bool,
    /// (person, reasons)
    pub disqualifications: Vec<(String, DisqualificationGround)>,
    pub votes: Vec<PublicVote>,
    /// (person, reasons)
    pub dissents: Vec<(String, String)>,
    pub actions: Vec<PublicAction>,
}

/// An item of the public record: a secret one is its number, public title and secrecy
/// marking only (R1.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicRecordItem {
    pub number: i64,
    pub public_title: String,
    pub publicity: Publicity,
    pub marking: Option<SecrecyMarking>,
    pub body: Option<PublicRecordBody>,
}

/// The public version of a checked record, frozen when it is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicRecord {
    pub meeting_id: Id,
    pub region_id: Id,
    /// The convening forum's meeting number, "3/2026".
    pub number: String,
    pub kind: RecordKind,
    pub forum_ids: Vec<Id>,
    pub date: NaiveDate,
    pub meeting_kind: MeetingKind,
    pub place: String,
    #[schema(value_type = Option<String>)]
    pub opened_at: Option<NaiveTime>,
    #[schema(value_type = Option<String>)]
    pub closed_at: Option<NaiveTime>,
    pub chair: String,
    pub secretary: String,
    pub attendance: Vec<PublicPresence>,
    /// (present, members, required) for a formal body.
    pub quorum: Option<(usize, usize, usize)>,
    pub items: Vec<PublicRecordItem>,
    /// The checked version published, and how it was approved.
    pub version: i64,
    pub checked_at: String,
    /// (checker, approved at)
    pub checkers: Vec<(String, String)>,
    /// Why this version corrects an earlier one.
    pub correction_reason: String,
}

/// One publication of a record: when, and until when the personal data stays in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecordPublication {
    pub id: Id,
    pub minutes_id: Id,
    pub published_at: String,
    /// The day the personal data leaves the public copy (R1.4).
    pub personal_data_until: NaiveDate,
    /// When it left; until then public pages carry `noindex` (R1.13).
    pub personal_data_removed_at: Option<String>,
    pub record: PublicRecord,
}
