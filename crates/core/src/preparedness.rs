//! The preparedness workspace of PHTURVA and Kuntaturva (domain R3.9, R1.10): the
//! parties' preparedness contacts in calling order, dated situation notes, and the refusal
//! of security-classified material (R3.10).
//!
//! Foorumi holds secret (salassa pidettävä) material, never security-classified material
//! (TL IV–I under the government decree 1101/2019): a classification typed into a
//! secrecy ground, a title, a tag, an attachment's name or a note's marking is refused
//! with guidance to use the organisation's own system for classified material.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Error, Problems};
use crate::model::{Id, text_enum};

/// The message key of the refusal, whose text carries the guidance.
pub const CLASSIFIED: &str = "error-security-classified";

/// Words that only a security classification uses, as the start of a word (lower case):
/// Finnish "turvallisuusluokiteltu", "turvallisuusluokka", "suojaustaso", Swedish
/// "säkerhetsklassificerad", "skyddsnivå", English "classified" after "security".
const CLASSIFICATION_WORDS: &[&str] = &["turvallisuusluok", "suojaustaso", "säkerhetsklass", "skyddsnivå"];

/// Marking phrases of the classes themselves (TL I "ERITTÄIN SALAINEN", TL IV "KÄYTTÖ
/// RAJOITETTU"), as consecutive words. "Salainen" alone is not one: it is how secret,
/// non-classified material is commonly called.
const CLASSIFICATION_PHRASES: &[&[&str]] = &[
    &["erittäin", "salainen"],
    &["käyttö", "rajoitettu"],
    &["top", "secret"],
    &["security", "classification"],
    &["security", "classified"],
    &["security", "class"],
    &["ytterst", "hemlig"],
    &["begränsat", "tillgänglig"],
];

const NUMERALS: &[&str] = &["i", "ii", "iii", "iv", "1", "2", "3", "4"];

/// Whether a text marks something as security-classified: a class (TL I–IV, also written
/// "TL-IV", "TLIV", "tl 4"; the older "ST IV" suojaustaso), or a word or phrase only
/// classification uses. Words are compared whole, so "Tilannekuva" or "stl" do not match.
pub fn is_security_classified(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        if (*word == "tl" || *word == "st") && NUMERALS.contains(&next) {
            return true;
        }
        if let Some(class) = word.strip_prefix("tl")
            && NUMERALS.contains(&class)
        {
            return true;
        }
        if CLASSIFICATION_WORDS.iter().any(|prefix| word.starts_with(prefix)) {
            return true;
        }
        if CLASSIFICATION_PHRASES.iter().any(|phrase| {
            phrase
                .iter()
                .enumerate()
                .all(|(k, part)| words.get(i + k).is_some_and(|w| if k + 1 == phrase.len() { w.starts_with(part) } else { w == part }))
        }) {
            return true;
        }
    }
    false
}

/// R3.10: each (field, text) that marks a classification is refused with the guidance.
pub fn refuse_classified(fields: &[(&str, &str)]) -> Result<(), Error> {
    let mut p = Problems::default();
    for (field, text) in fields {
        p.check(!is_security_classified(text), field, CLASSIFIED);
    }
    p.into_result()
}

text_enum!(
    /// A contact's place in a party's calling order: the primary contact first, then the
    /// deputy, then the further ones.
    ContactRole {
        Primary = "primary",
        Deputy = "deputy",
        Further = "further",
    }
);

impl ContactRole {
    fn rank(self) -> u8 {
        match self {
            ContactRole::Primary => 0,
            ContactRole::Deputy => 1,
            ContactRole::Further => 2,
        }
    }
}

/// One of a party's preparedness contacts in a workspace: a post (whoever holds it) or a
/// person of that party, as the register holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreparednessContactInput {
    /// The workspace's forum (PHTURVA, Kuntaturva).
    pub forum_id: Id,
    pub party_id: Id,
    pub role: ContactRole,
    /// Order among the party's contacts of the same role, from 1.
    #[serde(default = "first")]
    pub position: i64,
    /// Exactly one of `post_id` and `person_id`.
    #[serde(default)]
    pub post_id: Option<Id>,
    #[serde(default)]
    pub person_id: Option<Id>,
    /// When to call, what the contact covers.
    #[serde(default)]
    pub notes: String,
}

fn first() -> i64 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PreparednessContact {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: PreparednessContactInput,
}

/// A dated situation note of a workspace. A public note may be shown on the region's
/// situational picture; the others are the workspace's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreparednessNoteInput {
    pub forum_id: Id,
    pub noted_on: NaiveDate,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub public: bool,
    /// The secrecy marking of a note that is not public ("Salassa pidettävä, JulkL 24 §
    /// 1 mom. 8 k."); never a security classification (R3.10).
    #[serde(default)]
    pub marking: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PreparednessNote {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: PreparednessNoteInput,
}

/// The rules of one contact, given the party of its post or person (None: not in the
/// region).
pub fn validate_contact(input: &mut PreparednessContactInput, holder_party: Option<Option<Id>>) -> Result<(), Error> {
    input.notes = input.notes.trim().to_owned();
    let mut p = Problems::default();
    match (input.post_id, input.person_id) {
        (Some(_), Some(_)) | (None, None) => p.add("post_id", "error-contact-post-or-person"),
        _ => match holder_party {
            None => p.add(if input.post_id.is_some() { "post_id" } else { "person_id" }, "error-not-found"),
            Some(party) => p.check(
                party == Some(input.party_id),
                if input.post_id.is_some() { "post_id" } else { "person_id" },
                "error-contact-other-party",
            ),
        },
    }
    p.check(input.position >= 1, "position", "error-contact-position");
    p.check(!is_security_classified(&input.notes), "notes", CLASSIFIED);
    p.into_result()
}

/// The rules of one note: a title; a public note carries no secrecy marking; no
/// security classification in its title or marking (R3.10). The body is free text: it may
/// well say that the classified part is kept in the organisation's own system.
pub fn validate_note(input: &mut PreparednessNoteInput, today: NaiveDate) -> Result<(), Error> {
    input.title = input.title.trim().to_owned();
    input.marking = input.marking.trim().to_owned();
    let mut p = Problems::default();
    p.check(!input.title.is_empty(), "title", "error-required");
    p.check(!input.public || input.marking.is_empty(), "marking", "error-note-public-marked");
    p.check(input.noted_on <= today, "noted_on", "error-wellbeing-future");
    let result = p.into_result();
    let classified = refuse_classified(&[("title", &input.title), ("marking", &input.marking)]);
    merge(result, classified)
}

fn merge(a: Result<(), Error>, b: Result<(), Error>) -> Result<(), Error> {
    match (a, b) {
        (Err(Error::Invalid(mut x)), Err(Error::Invalid(y))) => {
            x.extend(y);
            Err(Error::Invalid(x))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
        _ => Ok(()),
    }
}

/// A workspace's contact tree: per party (in the order the parties are given), the
/// contacts in calling order.
pub fn contact_tree<'a>(parties: &[Id], contacts: &'a [PreparednessContact]) -> Vec<(Id, Vec<&'a PreparednessContact>)> {
    let mut tree = Vec::new();
    for party in parties {
        let mut own: Vec<&PreparednessContact> = contacts.iter().filter(|c| c.input.party_id == *party).collect();
        if own.is_empty() {
            continue;
        }
        own.sort_by_key(|c| (c.input.role.rank(), c.input.position, c.id));
        tree.push((*party, own));
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_recognised_however_written() {
        for text in [
            "TL IV",
            "tl iii",
            "TL-II",
            "TLIV",
            "Suojaustaso: TL I",
            "tl 4",
            "ST IV",
            "TURVALLISUUSLUOKITELTU",
            "Turvallisuusluokka III",
            "suojaustaso II",
            "Säkerhetsklassificerad",
            "skyddsnivå IV",
            "Security classification: RESTRICTED",
            "security classified",
            "ERITTÄIN SALAINEN",
            "Käyttö rajoitettu",
            "TOP SECRET",
            "raportti_TL_III.pdf",
        ] {
            assert!(is_security_classified(text), "{text}");
        }
    }

    #[test]
    fn secret_non_classified_material_and_ordinary_words_pass() {
        for text in [
            "Salassa pidettävä",
            "SALAINEN",
            "JulkL 24 § 1 mom. 8 k.",
            "Tilannekuva ja valmiussuunnitelma",
            "stl 3",
            "TL",
            "Title IV of the act",
            "Luokittelu IV",
            "Sekretessbelagd",
            "Secret",
            "Secrecy classification of documents",
        ] {
            assert!(!is_security_classified(text), "{text}");
        }
    }

    #[test]
    fn refusal_names_each_field_with_the_guidance() {
        match refuse_classified(&[("code", "TL II"), ("name.fi", "Salassa pidettävä"), ("title", "suojaustaso III")]) {
            Err(Error::Invalid(list)) => {
                let fields: Vec<(&str, &str)> = list.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
                assert_eq!(fields, vec![("code", CLASSIFIED), ("title", CLASSIFIED)]);
            }
            other => panic!("{other:?}"),
        }
        assert!(refuse_classified(&[("code", "JulkL 24 § 1 mom. 8 k.")]).is_ok());
    }

    fn note(title: &str, public: bool, marking: &str) -> PreparednessNoteInput {
        PreparednessNoteInput {
            forum_id: 1,
            noted_on: "2026-11-01".parse().unwrap(),
            title: title.into(),
            body: "Luokiteltu osa on organisaation omassa järjestelmässä (TL IV).".into(),
            public,
            marking: marking.into(),
        }
    }

    fn fields(result: Result<(), Error>) -> Vec<(String, String)> {
        match result {
            Ok(()) => vec![],
            Err(Error::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn notes_refuse_classification_in_title_and_marking_not_body() {
        let today = "2026-11-22".parse().unwrap();
        assert!(validate_note(&mut note("Myrskyn tilannekuva", false, "Salassa pidettävä, JulkL 24 § 1 mom. 8 k."), today).is_ok());
        assert_eq!(fields(validate_note(&mut note("Tilanne", false, "TL III"), today)), vec![("marking".into(), CLASSIFIED.into())]);
        assert_eq!(
            fields(validate_note(&mut note("  ", true, "Salassa pidettävä"), today)),
            vec![("title".into(), "error-required".into()), ("marking".into(), "error-note-public-marked".into())]
        );
    }

    fn contact(id: Id, party: Id, role: ContactRole, position: i64) -> PreparednessContact {
        PreparednessContact {
            id,
            region_id: 1,
            version: 1,
            input: PreparednessContactInput {
                forum_id: 1,
                party_id: party,
                role,
                position,
                post_id: Some(id),
                person_id: None,
                notes: String::new(),
            },
        }
    }

    #[test]
    fn the_tree_calls_primary_then_deputy_then_further() {
        let list = [
            contact(1, 10, ContactRole::Further, 2),
            contact(2, 10, ContactRole::Primary, 1),
            contact(3, 20, ContactRole::Primary, 1),
            contact(4, 10, ContactRole::Further, 1),
            contact(5, 10, ContactRole::Deputy, 1),
        ];
        let tree = contact_tree(&[20, 30, 10], &list);
        let ids: Vec<(Id, Vec<Id>)> = tree.iter().map(|(p, cs)| (*p, cs.iter().map(|c| c.id).collect())).collect();
        assert_eq!(ids, vec![(20, vec![3]), (10, vec![2, 5, 4, 1])]);
    }

    #[test]
    fn a_contact_is_a_post_or_a_person_of_its_own_party() {
        let mut c = contact(1, 10, ContactRole::Primary, 1).input;
        assert!(validate_contact(&mut c.clone(), Some(Some(10))).is_ok());
        assert_eq!(fields(validate_contact(&mut c.clone(), Some(Some(11)))), vec![("post_id".into(), "error-contact-other-party".into())]);
        c.person_id = Some(5);
        assert_eq!(
            fields(validate_contact(&mut c.clone(), Some(Some(10)))),
            vec![("post_id".into(), "error-contact-post-or-person".into())]
        );
        c.post_id = None;
        c.position = 0;
        assert_eq!(
            fields(validate_contact(&mut c, None)),
            vec![("person_id".into(), "error-not-found".into()), ("position".into(), "error-contact-position".into())]
        );
    }
}
