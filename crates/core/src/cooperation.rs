//! The cooperation's own rules (issue 5): who answers for which topic (the division of
//! responsibilities), disagreements between the parties and their escalation one level
//! up the forums, and the cooperation protocol as a versioned document.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Error, FieldError, Problems};
use crate::model::{Id, Names, text_enum};

// ---- division of responsibilities ---------------------------------------------------

/// A topic of the division of responsibilities ("Hyvinvoinnin ja terveyden edistäminen").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityTopicInput {
    pub name: Names,
    #[serde(default)]
    pub description: Names,
    /// Place in the matrix, from 1; topics with the same place are in name order.
    #[serde(default)]
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ResponsibilityTopic {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: ResponsibilityTopicInput,
}

text_enum!(
    /// A party's part in a topic, strongest first.
    ResponsibilityRole {
        Responsible = "responsible",
        CoResponsible = "co_responsible",
        Participates = "participates",
        Informed = "informed",
    }
);

/// One cell of the matrix: a party's role in a topic, on what legal basis, in which forum
/// the topic is handled and which of the party's posts to contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityInput {
    pub topic_id: Id,
    pub party_id: Id,
    pub role: ResponsibilityRole,
    /// "SoteJL 612/2021 6 §".
    #[serde(default)]
    pub legal_basis: String,
    /// The forum or working group where the topic is handled.
    #[serde(default)]
    pub forum_id: Option<Id>,
    /// The party's post to contact on the topic.
    #[serde(default)]
    pub post_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Responsibility {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: ResponsibilityInput,
}

pub fn validate_topic(input: &ResponsibilityTopicInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(!input.name.fi.trim().is_empty(), "name.fi", "error-required");
    for (field, text) in [("name.fi", &input.name.fi), ("name.sv", &input.name.sv), ("name.en", &input.name.en)] {
        p.check(text.chars().count() <= 200, field, "error-too-long");
    }
    for (field, text) in
        [("description.fi", &input.description.fi), ("description.sv", &input.description.sv), ("description.en", &input.description.en)]
    {
        p.check(text.chars().count() <= 5_000, field, "error-too-long");
    }
    p.check((0..=10_000).contains(&input.position), "position", "error-invalid");
    p.into_result()
}

pub fn validate_responsibility(input: &ResponsibilityInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(input.legal_basis.chars().count() <= 300, "legal_basis", "error-too-long");
    p.into_result()
}

// ---- conflicts ----------------------------------------------------------------------

text_enum!(
    /// Whether a disagreement still waits for its resolution.
    ConflictStatus {
        Open = "open",
        Resolved = "resolved",
    }
);

text_enum!(
    /// What happened to a disagreement, step by step.
    ConflictStepKind {
        Registered = "registered",
        Escalated = "escalated",
        Discussed = "discussed",
        Resolved = "resolved",
    }
);

/// A disagreement between parties, with where it arose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictInput {
    pub title: String,
    /// The topic of the division of responsibilities it concerns, if it is one of them.
    #[serde(default)]
    pub topic_id: Option<Id>,
    /// The topic in words, when it is none of the matrix's.
    #[serde(default)]
    pub topic_text: String,
    /// The party that registers it; a party's administrator registers for their party.
    #[serde(default)]
    pub raised_by: Option<Id>,
    /// The parties that disagree.
    #[serde(default)]
    pub party_ids: Vec<Id>,
    /// The forum where it arose.
    pub forum_id: Id,
    /// The agenda item where it arose.
    #[serde(default)]
    pub item_id: Option<Id>,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    pub raised_on: NaiveDate,
}

/// One step of a disagreement's way: registered, escalated to a forum (with the proposal
/// to its agenda), discussed at an item, resolved at an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConflictStep {
    pub id: Id,
    pub kind: ConflictStepKind,
    /// The forum where the step happened (for an escalation, the forum it went to).
    pub forum_id: Id,
    /// The proposal to the forum's agenda an escalation made.
    pub proposal_id: Option<Id>,
    /// The agenda item of the step: where it arose, was discussed or was resolved.
    pub item_id: Option<Id>,
    /// A note, or the resolution.
    pub text: String,
    pub taken_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Conflict {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    pub status: ConflictStatus,
    /// Where the disagreement is handled now: where it arose, or the forum it was last
    /// escalated to.
    pub current_forum_id: Id,
    /// The item that resolved it, and how.
    pub resolved_item_id: Option<Id>,
    pub resolution: String,
    /// Its way so far, oldest first; derived, kept by the escalate and resolve actions.
    pub steps: Vec<ConflictStep>,
    #[serde(flatten)]
    pub input: ConflictInput,
}

pub fn validate_conflict(input: &ConflictInput) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(!input.title.trim().is_empty(), "title", "error-required");
    p.check(input.title.chars().count() <= 300, "title", "error-too-long");
    p.check(input.topic_text.chars().count() <= 300, "topic_text", "error-too-long");
    p.check(input.topic_id.is_some() || !input.topic_text.trim().is_empty(), "topic_text", "error-conflict-topic");
    p.check(input.description.chars().count() <= 20_000, "description", "error-too-long");
    let mut seen = std::collections::HashSet::new();
    p.check(input.party_ids.iter().all(|id| seen.insert(*id)), "party_ids", "error-duplicate");
    p.check(!input.party_ids.is_empty(), "party_ids", "error-required");
    p.into_result()
}

/// The forum a disagreement now handled in `current` escalates to: its parent. A resolved
/// one is not escalated, and above the strategic forum there is nowhere to go.
pub fn escalation_target(status: ConflictStatus, current_parent: Option<Id>) -> Result<Id, Error> {
    if status == ConflictStatus::Resolved {
        return Err(Error::field("status", "error-conflict-resolved"));
    }
    current_parent.ok_or_else(|| Error::field("forum_id", "error-conflict-top"))
}

/// A resolution needs its text and the item that resolved it, on an open disagreement.
pub fn validate_resolution(status: ConflictStatus, item_id: Option<Id>, text: &str) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(status == ConflictStatus::Open, "status", "error-conflict-resolved");
    p.check(item_id.is_some(), "item_id", "error-required");
    p.check(!text.trim().is_empty(), "resolution", "error-required");
    p.check(text.chars().count() <= 20_000, "resolution", "error-too-long");
    p.into_result()
}

// ---- the cooperation protocol -------------------------------------------------------

/// One version of the cooperation protocol (yhteistyöpöytäkirja): its goals and rules of
/// the game, public (R1.15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProtocolVersionInput {
    /// "2025", unique in the region; the version's address.
    pub label: String,
    pub valid_from: NaiveDate,
    /// Markdown.
    pub text: String,
    /// The forum's agenda item that accepted it; from then on the text is frozen and the
    /// parties' approvals are that item's ratifications.
    #[serde(default)]
    pub item_id: Option<Id>,
    /// How a version accepted before Foorumi was accepted ("Strateginen foorumi 2023").
    #[serde(default)]
    pub acceptance_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProtocolVersion {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: ProtocolVersionInput,
}

impl ProtocolVersion {
    /// Accepted by a forum's item: the text no longer changes.
    pub fn frozen(&self) -> bool {
        self.input.item_id.is_some()
    }
}

pub fn validate_protocol_version(input: &ProtocolVersionInput) -> Result<(), Error> {
    let mut p = Problems::default();
    let label = input.label.trim();
    p.check(!label.is_empty(), "label", "error-required");
    p.check(label.chars().count() <= 40, "label", "error-too-long");
    // The label is the version's address: letters, digits, dots and hyphens.
    p.check(label.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_')), "label", "error-protocol-label");
    p.check(!input.text.trim().is_empty(), "text", "error-required");
    p.check(input.text.chars().count() <= 200_000, "text", "error-too-long");
    p.check(input.acceptance_note.chars().count() <= 300, "acceptance_note", "error-too-long");
    p.into_result()
}

/// A change to a stored version: refused once it is accepted (make a new version).
pub fn check_protocol_change(stored: &ProtocolVersion, input: &ProtocolVersionInput) -> Result<(), FieldError> {
    if stored.frozen() && input != &stored.input {
        return Err(FieldError::new("text", "error-protocol-frozen"));
    }
    Ok(())
}

/// The version in force on `date`: the latest valid by then; the earliest when none is yet.
pub fn current_protocol(versions: &[ProtocolVersion], date: NaiveDate) -> Option<&ProtocolVersion> {
    versions
        .iter()
        .filter(|v| v.input.valid_from <= date)
        .max_by_key(|v| (v.input.valid_from, v.id))
        .or_else(|| versions.iter().min_by_key(|v| (v.input.valid_from, v.id)))
}

/// The version before `version` by validity, to compare with.
pub fn predecessor<'a>(versions: &'a [ProtocolVersion], version: &ProtocolVersion) -> Option<&'a ProtocolVersion> {
    versions
        .iter()
        .filter(|v| (v.input.valid_from, v.id) < (version.input.valid_from, version.id))
        .max_by_key(|v| (v.input.valid_from, v.id))
}

/// A paragraph of a diff: kept, removed from the old text or added in the new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffLine {
    Same(String),
    Removed(String),
    Added(String),
}

/// The difference of two texts paragraph by paragraph (blank-line separated), by their
/// longest common subsequence: what a reader compares in a revised agreement.
pub fn paragraph_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let split = |text: &str| -> Vec<String> {
        text.replace("\r\n", "\n").split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect()
    };
    let (a, b) = (split(old), split(new));
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            out.push(DiffLine::Same(a[i].clone()));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(DiffLine::Removed(a[i].clone()));
            i += 1;
        } else {
            out.push(DiffLine::Added(b[j].clone()));
            j += 1;
        }
    }
    out.extend(a[i..].iter().cloned().map(DiffLine::Removed));
    out.extend(b[j..].iter().cloned().map(DiffLine::Added));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(err: Error) -> Vec<String> {
        match err {
            Error::Invalid(list) => list.into_iter().map(|e| format!("{}:{}", e.field, e.code)).collect(),
            Error::Forbidden => vec!["forbidden".into()],
        }
    }

    fn conflict() -> ConflictInput {
        ConflictInput {
            title: "Valmiusharjoituksen kustannusten jako".into(),
            topic_id: None,
            topic_text: "Varautuminen".into(),
            raised_by: Some(1),
            party_ids: vec![1, 2],
            forum_id: 10,
            item_id: None,
            description: String::new(),
            raised_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        }
    }

    #[test]
    fn a_conflict_needs_a_topic_and_parties() {
        assert!(validate_conflict(&conflict()).is_ok());
        let err = validate_conflict(&ConflictInput { topic_text: " ".into(), party_ids: vec![], ..conflict() }).unwrap_err();
        assert_eq!(codes(err), ["topic_text:error-conflict-topic", "party_ids:error-required"]);
        let err = validate_conflict(&ConflictInput { party_ids: vec![1, 1], ..conflict() }).unwrap_err();
        assert_eq!(codes(err), ["party_ids:error-duplicate"]);
    }

    #[test]
    fn escalation_goes_to_the_parent_and_stops_at_the_top() {
        assert_eq!(escalation_target(ConflictStatus::Open, Some(7)).unwrap(), 7);
        assert_eq!(codes(escalation_target(ConflictStatus::Open, None).unwrap_err()), ["forum_id:error-conflict-top"]);
        assert_eq!(codes(escalation_target(ConflictStatus::Resolved, Some(7)).unwrap_err()), ["status:error-conflict-resolved"]);
    }

    #[test]
    fn a_resolution_names_its_item_and_text() {
        assert!(validate_resolution(ConflictStatus::Open, Some(3), "Sovittiin").is_ok());
        let err = validate_resolution(ConflictStatus::Resolved, None, "").unwrap_err();
        assert_eq!(codes(err), ["status:error-conflict-resolved", "item_id:error-required", "resolution:error-required"]);
    }

    fn version(id: Id, label: &str, from: (i32, u32, u32), item: Option<Id>) -> ProtocolVersion {
        ProtocolVersion {
            id,
            region_id: 1,
            version: 1,
            input: ProtocolVersionInput {
                label: label.into(),
                valid_from: NaiveDate::from_ymd_opt(from.0, from.1, from.2).unwrap(),
                text: format!("Teksti {label}"),
                item_id: item,
                acceptance_note: String::new(),
            },
        }
    }

    #[test]
    fn an_accepted_version_is_frozen() {
        let draft = version(1, "2025", (2025, 10, 1), None);
        let changed = ProtocolVersionInput { text: "Uusi".into(), ..draft.input.clone() };
        assert!(check_protocol_change(&draft, &changed).is_ok());
        let accepted = version(1, "2025", (2025, 10, 1), Some(9));
        let changed = ProtocolVersionInput { text: "Uusi".into(), ..accepted.input.clone() };
        assert_eq!(check_protocol_change(&accepted, &changed).unwrap_err().code, "error-protocol-frozen");
        assert!(check_protocol_change(&accepted, &accepted.input.clone()).is_ok());
    }

    #[test]
    fn the_current_version_is_the_latest_in_force() {
        let versions = [version(1, "2023", (2023, 5, 15), None), version(2, "2025", (2025, 10, 1), Some(4))];
        let on = |y, m, d| current_protocol(&versions, NaiveDate::from_ymd_opt(y, m, d).unwrap()).map(|v| v.id);
        assert_eq!(on(2024, 1, 1), Some(1));
        assert_eq!(on(2026, 1, 1), Some(2));
        assert_eq!(on(2020, 1, 1), Some(1));
        assert_eq!(predecessor(&versions, &versions[1]).map(|v| v.id), Some(1));
        assert_eq!(predecessor(&versions, &versions[0]), None);
    }

    #[test]
    fn labels_are_addresses() {
        let input = version(1, "2025/1", (2025, 1, 1), None).input;
        assert_eq!(codes(validate_protocol_version(&input).unwrap_err()), ["label:error-protocol-label"]);
    }

    #[test]
    fn diff_by_paragraph() {
        let diff = paragraph_diff("A\n\nB\n\nC", "A\n\nB2\n\nC\n\nD");
        assert_eq!(
            diff,
            [
                DiffLine::Same("A".into()),
                DiffLine::Removed("B".into()),
                DiffLine::Added("B2".into()),
                DiffLine::Same("C".into()),
                DiffLine::Added("D".into()),
            ]
        );
        assert!(paragraph_diff("", "").is_empty());
    }
}
