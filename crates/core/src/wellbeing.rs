//! Statutory wellbeing reporting (domain R3.1–R3.3, R3.5): each municipality's and the
//! wellbeing services county's annual wellbeing report and the extensive report and plan
//! of the council term, the county–municipality negotiations, and what is missing.
//!
//! The rules of the gaps, decided here once:
//! - The annual report of year Y is the one the council receives during Y ("report to the
//!   council every year"); its approval date falls in Y. While Y runs, a missing report,
//!   approval or delivery is *due*; once Y is over it is *late*. The gaps list the
//!   current year (due) and the year before (late).
//! - The extensive report of a term is due while the term runs and late after it; the
//!   gaps list the current term (due) and the one before (late).
//! - A municipality delivers its approved reports to the county (R3.1); the county
//!   delivers to nobody, and its report names the municipal reports it draws on (R3.2).
//! - At least one `term` negotiation per council term and one `annual_hyte` negotiation
//!   per calendar year (R3.3), due and late in the same way.
//! - Who must report is decided by dated membership: a municipality counts for a year if
//!   it belongs to the region on the last day of that year (today for the current one),
//!   for a term if it belongs on the term's last day (today for the current one).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Error, Problems};
use crate::model::{CouncilTerm, Id, Party, PartyKind, text_enum};

text_enum!(
    /// The annual wellbeing report of a year, or the extensive report and plan of a
    /// council term (R3.1).
    ReportKind {
        Annual = "annual",
        Extensive = "extensive",
    }
);

text_enum!(
    /// A negotiation once per term on cooperation, goals and division of tasks, or the
    /// yearly one on wellbeing and health promotion (R3.3).
    NegotiationKind {
        Term = "term",
        AnnualHyte = "annual_hyte",
    }
);

/// A municipality's or the county's wellbeing report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WellbeingReportInput {
    pub party_id: Id,
    pub kind: ReportKind,
    /// The year of an annual report: the year its council receives it.
    #[serde(default)]
    pub year: Option<i32>,
    /// The council term of an extensive report.
    #[serde(default)]
    pub term_id: Option<Id>,
    /// When the council (for the county, the county council) approved it.
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    /// The § of the council's minutes.
    #[serde(default)]
    pub approved_section: String,
    /// When a municipality sent it to the wellbeing services county.
    #[serde(default)]
    pub delivered_on: Option<NaiveDate>,
    /// Where the report is published.
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub notes: String,
    /// For the county's report: the municipal reports it draws on (R3.2).
    #[serde(default)]
    pub draws_on: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WellbeingReport {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: WellbeingReportInput,
}

/// A negotiation between the county and its municipalities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NegotiationInput {
    pub kind: NegotiationKind,
    pub held_on: NaiveDate,
    /// The parties present: the county and municipalities.
    pub party_ids: Vec<Id>,
    /// What was negotiated (services, wellbeing promotion, information systems…).
    pub topics: String,
    /// The forum item where it was held, when it was held in a forum.
    #[serde(default)]
    pub item_id: Option<Id>,
    /// The minutes or memo, when published elsewhere.
    #[serde(default)]
    pub minutes_url: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Negotiation {
    pub id: Id,
    pub region_id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: NegotiationInput,
}

fn is_url(text: &str) -> bool {
    text.is_empty() || text.starts_with("https://") || text.starts_with("http://")
}

/// Trims the texts and drops what the kind does not use (an annual report has no term).
pub fn normalise_report(input: &mut WellbeingReportInput) {
    for text in [&mut input.approved_section, &mut input.url, &mut input.notes] {
        *text = text.trim().to_owned();
    }
    match input.kind {
        ReportKind::Annual => input.term_id = None,
        ReportKind::Extensive => input.year = None,
    }
    let mut seen = Vec::new();
    input.draws_on.retain(|id| {
        let new = !seen.contains(id);
        seen.push(*id);
        new
    });
}

/// The rules of one report, given the kind of its party (None: not in the region), its
/// term (for an extensive report) and today.
pub fn validate_report(
    input: &WellbeingReportInput,
    party: Option<PartyKind>,
    term: Option<&CouncilTerm>,
    today: NaiveDate,
) -> Result<(), Error> {
    let mut p = Problems::default();
    match party {
        None => p.add("party_id", "error-not-found"),
        Some(PartyKind::Municipality | PartyKind::WellbeingCounty) => {}
        Some(_) => p.add("party_id", "error-wellbeing-party-kind"),
    }
    match input.kind {
        ReportKind::Annual => match input.year {
            None => p.add("year", "error-required"),
            Some(year) => {
                p.check((2000..=2100).contains(&year), "year", "error-wellbeing-year");
                // The council receives the year's report during that year.
                p.check(input.approved_on.is_none_or(|d| d.year() == year), "approved_on", "error-wellbeing-approved-outside-year");
            }
        },
        ReportKind::Extensive => match (input.term_id, term) {
            (None, _) => p.add("term_id", "error-required"),
            (Some(_), None) => p.add("term_id", "error-not-found"),
            (Some(_), Some(term)) => {
                p.check(input.approved_on.is_none_or(|d| term.contains(d)), "approved_on", "error-wellbeing-approved-outside-term");
            }
        },
    }
    p.check(input.approved_on.is_none_or(|d| d <= today), "approved_on", "error-wellbeing-future");
    p.check(input.delivered_on.is_none_or(|d| d <= today), "delivered_on", "error-wellbeing-future");
    if input.delivered_on.is_some() {
        match input.approved_on {
            None => p.add("delivered_on", "error-wellbeing-delivered-unapproved"),
            Some(approved) => {
                p.check(input.delivered_on.is_none_or(|d| d >= approved), "delivered_on", "error-wellbeing-delivered-before-approved")
            }
        }
    }
    // The county is the one delivered to; only its report draws on the municipalities'.
    if party == Some(PartyKind::WellbeingCounty) {
        p.check(input.delivered_on.is_none(), "delivered_on", "error-wellbeing-county-delivers");
    } else {
        p.check(input.draws_on.is_empty(), "draws_on", "error-wellbeing-draws-on-county-only");
    }
    p.check(is_url(&input.url), "url", "error-contact-url");
    p.into_result()
}

/// Trims the texts and drops repeated parties.
pub fn normalise_negotiation(input: &mut NegotiationInput) {
    for text in [&mut input.topics, &mut input.minutes_url, &mut input.notes] {
        *text = text.trim().to_owned();
    }
    let mut seen = Vec::new();
    input.party_ids.retain(|id| {
        let new = !seen.contains(id);
        seen.push(*id);
        new
    });
}

/// The rules of one negotiation, given the kinds of the parties present (None for a party
/// not in the region): the county and at least one municipality, and nobody else.
pub fn validate_negotiation(input: &NegotiationInput, parties: &[Option<PartyKind>], today: NaiveDate) -> Result<(), Error> {
    let mut p = Problems::default();
    p.check(!input.topics.is_empty(), "topics", "error-required");
    if parties.contains(&None) {
        p.add("party_ids", "error-not-found");
    } else if !parties.contains(&Some(PartyKind::WellbeingCounty)) || !parties.contains(&Some(PartyKind::Municipality)) {
        p.add("party_ids", "error-negotiation-parties");
    } else if parties.iter().any(|k| !matches!(k, Some(PartyKind::WellbeingCounty | PartyKind::Municipality))) {
        p.add("party_ids", "error-wellbeing-party-kind");
    }
    // A negotiation is recorded once held (planned ones are the forums' meetings).
    p.check(input.held_on <= today, "held_on", "error-wellbeing-future");
    p.check(is_url(&input.minutes_url), "minutes_url", "error-contact-url");
    p.into_result()
}

/// Whether two reports are the same party's report of the same year or term (R3.1: one
/// of each).
pub fn same_report(a: &WellbeingReportInput, b: &WellbeingReportInput) -> bool {
    a.party_id == b.party_id && a.kind == b.kind && a.year == b.year && a.term_id == b.term_id
}

/// Whether a negotiation of `kind` covers a term or year (R3.3).
fn covers_term(n: &NegotiationInput, term: &CouncilTerm) -> bool {
    n.kind == NegotiationKind::Term && term.contains(n.held_on)
}

fn covers_year(n: &NegotiationInput, year: i32) -> bool {
    n.kind == NegotiationKind::AnnualHyte && n.held_on.year() == year
}

/// R3.3 over a span of time: the terms without a `term` negotiation and the years without
/// an `annual_hyte` one, among the given terms and years.
pub fn missing_negotiations(
    terms: &[&CouncilTerm],
    years: std::ops::RangeInclusive<i32>,
    negotiations: &[&NegotiationInput],
) -> (Vec<Id>, Vec<i32>) {
    let terms = terms.iter().filter(|t| !negotiations.iter().any(|n| covers_term(n, t))).map(|t| t.id).collect();
    let years = years.filter(|y| !negotiations.iter().any(|n| covers_year(n, *y))).collect();
    (terms, years)
}

text_enum!(
    /// What is missing.
    GapKind {
        AnnualReport = "annual_report",
        AnnualApproval = "annual_approval",
        AnnualDelivery = "annual_delivery",
        ExtensiveReport = "extensive_report",
        ExtensiveApproval = "extensive_approval",
        ExtensiveDelivery = "extensive_delivery",
        HyteNegotiation = "hyte_negotiation",
        TermNegotiation = "term_negotiation",
    }
);

text_enum!(
    /// Due while its year or term runs, late after.
    Urgency {
        Due = "due",
        Late = "late",
    }
);

/// One thing missing for a year or a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Gap {
    pub kind: GapKind,
    /// The municipality or county that lacks it; none for a negotiation.
    pub party_id: Option<Id>,
    pub year: Option<i32>,
    pub term_id: Option<Id>,
    pub urgency: Urgency,
}

/// Everything the gaps are computed from.
pub struct GapFacts<'a> {
    pub today: NaiveDate,
    /// The region's code, for the parties' dated membership.
    pub region_code: &'a str,
    /// The region's council terms.
    pub terms: &'a [CouncilTerm],
    /// The region's parties (any kind; only municipalities and the county report).
    pub parties: &'a [Party],
    pub reports: &'a [WellbeingReport],
    pub negotiations: &'a [Negotiation],
}

fn reporting_parties<'a>(facts: &GapFacts<'a>, on: NaiveDate) -> Vec<&'a Party> {
    facts
        .parties
        .iter()
        .filter(|p| matches!(p.input.kind, PartyKind::Municipality | PartyKind::WellbeingCounty) && p.belongs_to(facts.region_code, on))
        .collect()
}

/// The term running today and the one before it.
pub fn current_and_previous_term(terms: &[CouncilTerm], today: NaiveDate) -> (Option<&CouncilTerm>, Option<&CouncilTerm>) {
    let current = terms.iter().find(|t| t.contains(today));
    let previous =
        terms.iter().filter(|t| t.input.end_date < current.map_or(today, |c| c.input.start_date)).max_by_key(|t| t.input.end_date);
    (current, previous)
}

/// What is missing for the current year and term, and still missing for the year and
/// term before (see the module's rules). Municipalities in name order as given.
pub fn gaps(facts: &GapFacts) -> Vec<Gap> {
    let mut out = Vec::new();
    let this_year = facts.today.year();
    let years = [(this_year, facts.today, Urgency::Due), (this_year - 1, crate::indicators::membership_date(this_year - 1), Urgency::Late)];
    let (current, previous) = current_and_previous_term(facts.terms, facts.today);
    let terms: Vec<(&CouncilTerm, NaiveDate, Urgency)> =
        current.map(|t| (t, facts.today, Urgency::Due)).into_iter().chain(previous.map(|t| (t, t.input.end_date, Urgency::Late))).collect();

    let report_gaps = |party: &Party, found: Option<&WellbeingReport>, kinds: [GapKind; 3]| -> Option<GapKind> {
        let county = party.input.kind == PartyKind::WellbeingCounty;
        match found {
            None => Some(kinds[0]),
            Some(r) if r.input.approved_on.is_none() => Some(kinds[1]),
            Some(r) if !county && r.input.delivered_on.is_none() => Some(kinds[2]),
            Some(_) => None,
        }
    };
    for (year, on, urgency) in years {
        for party in reporting_parties(facts, on) {
            let found = facts
                .reports
                .iter()
                .find(|r| r.input.party_id == party.id && r.input.kind == ReportKind::Annual && r.input.year == Some(year));
            let kinds = [GapKind::AnnualReport, GapKind::AnnualApproval, GapKind::AnnualDelivery];
            if let Some(kind) = report_gaps(party, found, kinds) {
                out.push(Gap { kind, party_id: Some(party.id), year: Some(year), term_id: None, urgency });
            }
        }
    }
    for (term, on, urgency) in &terms {
        for party in reporting_parties(facts, *on) {
            let found = facts
                .reports
                .iter()
                .find(|r| r.input.party_id == party.id && r.input.kind == ReportKind::Extensive && r.input.term_id == Some(term.id));
            let kinds = [GapKind::ExtensiveReport, GapKind::ExtensiveApproval, GapKind::ExtensiveDelivery];
            if let Some(kind) = report_gaps(party, found, kinds) {
                out.push(Gap { kind, party_id: Some(party.id), year: None, term_id: Some(term.id), urgency: *urgency });
            }
        }
    }
    // Negotiations are the county's with its municipalities: none without a county.
    let has_county = |on| reporting_parties(facts, on).iter().any(|p| p.input.kind == PartyKind::WellbeingCounty);
    let negotiations: Vec<&NegotiationInput> = facts.negotiations.iter().map(|n| &n.input).collect();
    for (year, on, urgency) in years {
        if has_county(on) && !negotiations.iter().any(|n| covers_year(n, year)) {
            out.push(Gap { kind: GapKind::HyteNegotiation, party_id: None, year: Some(year), term_id: None, urgency });
        }
    }
    for (term, on, urgency) in terms {
        if has_county(on) && !negotiations.iter().any(|n| covers_term(n, term)) {
            out.push(Gap { kind: GapKind::TermNegotiation, party_id: None, year: None, term_id: Some(term.id), urgency });
        }
    }
    out
}

/// THL's recommended sections of the extensive wellbeing report (R3.5), as message keys
/// of the skeleton's headings.
pub const EXTENSIVE_SECTIONS: [&str; 6] = [
    "wellbeing-section-summary",
    "wellbeing-section-background",
    "wellbeing-section-population",
    "wellbeing-section-strengths",
    "wellbeing-section-plan",
    "wellbeing-section-appendices",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Names, PartyInput, RegionPeriod, TermInput};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn term(id: Id, start: &str, end: &str) -> CouncilTerm {
        CouncilTerm { id, region_id: 1, version: 1, input: TermInput { start_date: d(start), end_date: d(end) } }
    }

    fn party(id: Id, kind: PartyKind, from: &str, until: Option<&str>) -> Party {
        Party {
            id,
            region_id: 1,
            version: 1,
            input: PartyInput {
                kind,
                code: None,
                name: Names::new("x", "", ""),
                signed_protocol: true,
                is_example: false,
                region_periods: vec![RegionPeriod { region_code: "07".into(), valid_from: d(from), valid_until: until.map(d) }],
            },
        }
    }

    fn report(party_id: Id, kind: ReportKind) -> WellbeingReportInput {
        WellbeingReportInput {
            party_id,
            kind,
            year: None,
            term_id: None,
            approved_on: None,
            approved_section: String::new(),
            delivered_on: None,
            url: String::new(),
            notes: String::new(),
            draws_on: vec![],
        }
    }

    fn annual(id: Id, party_id: Id, year: i32, approved: Option<&str>, delivered: Option<&str>) -> WellbeingReport {
        let input = WellbeingReportInput {
            year: Some(year),
            approved_on: approved.map(d),
            delivered_on: delivered.map(d),
            ..report(party_id, ReportKind::Annual)
        };
        WellbeingReport { id, region_id: 1, version: 1, input }
    }

    fn extensive(id: Id, party_id: Id, term_id: Id, approved: Option<&str>, delivered: Option<&str>) -> WellbeingReport {
        let input = WellbeingReportInput {
            term_id: Some(term_id),
            approved_on: approved.map(d),
            delivered_on: delivered.map(d),
            ..report(party_id, ReportKind::Extensive)
        };
        WellbeingReport { id, region_id: 1, version: 1, input }
    }

    fn negotiation(kind: NegotiationKind, held: &str) -> Negotiation {
        Negotiation {
            id: 0,
            region_id: 1,
            version: 1,
            input: NegotiationInput {
                kind,
                held_on: d(held),
                party_ids: vec![],
                topics: "x".into(),
                item_id: None,
                minutes_url: String::new(),
                notes: String::new(),
            },
        }
    }

    fn codes(result: Result<(), Error>) -> Vec<(String, String)> {
        match result {
            Ok(()) => vec![],
            Err(Error::Invalid(list)) => list.into_iter().map(|e| (e.field, e.code)).collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    const TODAY: &str = "2026-11-22";

    #[test]
    fn only_municipalities_and_the_county_report() {
        let mut input = report(1, ReportKind::Annual);
        input.year = Some(2026);
        assert!(validate_report(&input, Some(PartyKind::Municipality), None, d(TODAY)).is_ok());
        assert!(validate_report(&input, Some(PartyKind::WellbeingCounty), None, d(TODAY)).is_ok());
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::RegionalCouncil), None, d(TODAY))),
            vec![("party_id".into(), "error-wellbeing-party-kind".into())]
        );
    }

    #[test]
    fn annual_needs_a_year_and_its_approval_falls_in_it() {
        let mut input = report(1, ReportKind::Annual);
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::Municipality), None, d(TODAY))),
            vec![("year".into(), "error-required".into())]
        );
        input.year = Some(2025);
        input.approved_on = Some(d("2026-03-01"));
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::Municipality), None, d(TODAY))),
            vec![("approved_on".into(), "error-wellbeing-approved-outside-year".into())]
        );
    }

    #[test]
    fn extensive_needs_a_term_and_approval_within_it() {
        let t = term(5, "2025-06-01", "2029-05-31");
        let mut input = report(1, ReportKind::Extensive);
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::Municipality), None, d(TODAY))),
            vec![("term_id".into(), "error-required".into())]
        );
        input.term_id = Some(5);
        input.approved_on = Some(d("2025-05-30"));
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::Municipality), Some(&t), d(TODAY))),
            vec![("approved_on".into(), "error-wellbeing-approved-outside-term".into())]
        );
        input.approved_on = Some(d("2025-06-01"));
        assert!(validate_report(&input, Some(PartyKind::Municipality), Some(&t), d(TODAY)).is_ok());
    }

    #[test]
    fn delivery_follows_approval_and_nothing_is_dated_in_the_future() {
        let mut input = report(1, ReportKind::Annual);
        input.year = Some(2026);
        input.delivered_on = Some(d("2026-03-01"));
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::Municipality), None, d(TODAY))),
            vec![("delivered_on".into(), "error-wellbeing-delivered-unapproved".into())]
        );
        input.approved_on = Some(d("2026-03-02"));
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::Municipality), None, d(TODAY))),
            vec![("delivered_on".into(), "error-wellbeing-delivered-before-approved".into())]
        );
        // The same day is fine: sent right after the council meeting.
        input.delivered_on = Some(d("2026-03-02"));
        assert!(validate_report(&input, Some(PartyKind::Municipality), None, d(TODAY)).is_ok());
        input.approved_on = Some(d("2026-12-01"));
        input.delivered_on = None;
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::Municipality), None, d(TODAY))),
            vec![("approved_on".into(), "error-wellbeing-future".into())]
        );
    }

    #[test]
    fn the_county_draws_on_municipal_reports_and_delivers_to_nobody() {
        let mut input = report(1, ReportKind::Annual);
        input.year = Some(2026);
        input.draws_on = vec![7];
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::Municipality), None, d(TODAY))),
            vec![("draws_on".into(), "error-wellbeing-draws-on-county-only".into())]
        );
        assert!(validate_report(&input, Some(PartyKind::WellbeingCounty), None, d(TODAY)).is_ok());
        input.approved_on = Some(d("2026-05-01"));
        input.delivered_on = Some(d("2026-05-02"));
        assert_eq!(
            codes(validate_report(&input, Some(PartyKind::WellbeingCounty), None, d(TODAY))),
            vec![("delivered_on".into(), "error-wellbeing-county-delivers".into())]
        );
    }

    #[test]
    fn normalising_keeps_only_what_the_kind_uses() {
        let mut input = report(1, ReportKind::Annual);
        input.year = Some(2026);
        input.term_id = Some(3);
        input.draws_on = vec![4, 4, 5];
        input.url = "  https://example.org  ".into();
        normalise_report(&mut input);
        assert_eq!((input.term_id, input.draws_on.clone(), input.url.as_str()), (None, vec![4, 5], "https://example.org"));
        input.kind = ReportKind::Extensive;
        input.term_id = Some(3);
        normalise_report(&mut input);
        assert_eq!((input.year, input.term_id), (None, Some(3)));
    }

    #[test]
    fn a_negotiation_is_the_county_with_municipalities() {
        let input = negotiation(NegotiationKind::Term, "2025-10-01").input;
        let county = Some(PartyKind::WellbeingCounty);
        let municipality = Some(PartyKind::Municipality);
        assert!(validate_negotiation(&input, &[county, municipality], d(TODAY)).is_ok());
        assert_eq!(
            codes(validate_negotiation(&input, &[municipality], d(TODAY))),
            vec![("party_ids".into(), "error-negotiation-parties".into())]
        );
        assert_eq!(
            codes(validate_negotiation(&input, &[county, municipality, Some(PartyKind::Ngo)], d(TODAY))),
            vec![("party_ids".into(), "error-wellbeing-party-kind".into())]
        );
        assert_eq!(codes(validate_negotiation(&input, &[county, None], d(TODAY))), vec![("party_ids".into(), "error-not-found".into())]);
    }

    #[test]
    fn one_term_negotiation_per_term_and_one_hyte_negotiation_per_year() {
        let t1 = term(1, "2021-06-01", "2025-05-31");
        let t2 = term(2, "2025-06-01", "2029-05-31");
        let list = [
            negotiation(NegotiationKind::Term, "2025-05-31"),
            negotiation(NegotiationKind::AnnualHyte, "2024-04-01"),
            // A term negotiation does not count as the year's HYTE negotiation.
            negotiation(NegotiationKind::Term, "2026-02-01"),
        ];
        let inputs: Vec<&NegotiationInput> = list.iter().map(|n| &n.input).collect();
        assert_eq!(missing_negotiations(&[&t1, &t2], 2024..=2026, &inputs), (vec![], vec![2025, 2026]));
        let only_hyte: Vec<&NegotiationInput> = inputs[1..2].to_vec();
        // The last day of a term still belongs to it; the first of the next does not.
        assert_eq!(missing_negotiations(&[&t1, &t2], 2024..=2024, &only_hyte), (vec![1, 2], vec![]));
    }

    fn facts_gaps(
        parties: &[Party],
        reports: &[WellbeingReport],
        negotiations: &[Negotiation],
        today: &str,
    ) -> Vec<(GapKind, Option<Id>, Urgency)> {
        let terms = [term(1, "2021-06-01", "2025-05-31"), term(2, "2025-06-01", "2029-05-31")];
        let facts = GapFacts { today: d(today), region_code: "07", terms: &terms, parties, reports, negotiations };
        gaps(&facts).into_iter().map(|g| (g.kind, g.party_id, g.urgency)).collect()
    }

    #[test]
    fn gaps_in_a_running_year_are_due_and_last_years_are_late() {
        let parties = [party(10, PartyKind::Municipality, "1900-01-01", None), party(20, PartyKind::WellbeingCounty, "1900-01-01", None)];
        let reports = [
            // Last year complete for the municipality, this year's approved, not delivered.
            annual(1, 10, 2025, Some("2025-04-01"), Some("2025-04-10")),
            annual(2, 10, 2026, Some("2026-04-01"), None),
            // The county's: this year's recorded, not yet approved; last year's missing.
            annual(3, 20, 2026, None, None),
            extensive(4, 10, 1, Some("2022-05-01"), Some("2022-05-05")),
            extensive(5, 20, 1, Some("2022-06-01"), None),
            extensive(6, 10, 2, Some("2026-05-01"), Some("2026-05-10")),
        ];
        let negotiations = [negotiation(NegotiationKind::AnnualHyte, "2026-03-01"), negotiation(NegotiationKind::Term, "2025-09-01")];
        let gaps = facts_gaps(&parties, &reports, &negotiations, "2026-11-22");
        assert_eq!(
            gaps,
            vec![
                (GapKind::AnnualDelivery, Some(10), Urgency::Due),
                (GapKind::AnnualApproval, Some(20), Urgency::Due),
                (GapKind::AnnualReport, Some(20), Urgency::Late),
                (GapKind::ExtensiveReport, Some(20), Urgency::Due),
                (GapKind::HyteNegotiation, None, Urgency::Late),
                // The previous term had no term negotiation: the one on 1.9.2025 is this term's.
                (GapKind::TermNegotiation, None, Urgency::Late),
            ]
        );
    }

    #[test]
    fn on_new_years_day_the_year_before_turns_late() {
        let parties = [party(10, PartyKind::Municipality, "1900-01-01", None)];
        let reports = [annual(1, 10, 2026, Some("2026-04-01"), None)];
        let gaps = facts_gaps(&parties, &reports, &[], "2027-01-01");
        assert!(gaps.contains(&(GapKind::AnnualReport, Some(10), Urgency::Due)));
        assert!(gaps.contains(&(GapKind::AnnualDelivery, Some(10), Urgency::Late)));
        // No county: nobody to negotiate with, so no negotiation gaps.
        assert!(!gaps.iter().any(|g| matches!(g.0, GapKind::HyteNegotiation | GapKind::TermNegotiation)));
    }

    #[test]
    fn membership_is_dated() {
        // A municipality that joined this year owes nothing for last year; one that left
        // at the end of last year owes last year's but not this year's.
        let parties = [
            party(10, PartyKind::Municipality, "2026-01-01", None),
            party(11, PartyKind::Municipality, "1900-01-01", Some("2025-12-31")),
            party(12, PartyKind::Ngo, "1900-01-01", None),
        ];
        let gaps = facts_gaps(&parties, &[], &[], "2026-11-22");
        let annual: Vec<(Option<Id>, Urgency)> = gaps.iter().filter(|g| g.0 == GapKind::AnnualReport).map(|g| (g.1, g.2)).collect();
        assert_eq!(annual, vec![(Some(10), Urgency::Due), (Some(11), Urgency::Late)]);
        // The extensive report of the running term: only who belongs today.
        let extensive: Vec<(Option<Id>, Urgency)> = gaps.iter().filter(|g| g.0 == GapKind::ExtensiveReport).map(|g| (g.1, g.2)).collect();
        assert_eq!(extensive, vec![(Some(10), Urgency::Due), (Some(11), Urgency::Late)]);
    }

    #[test]
    fn between_terms_only_the_previous_term_is_listed() {
        let t = [term(1, "2021-06-01", "2025-05-31")];
        let (current, previous) = current_and_previous_term(&t, d("2025-07-01"));
        assert_eq!((current.map(|t| t.id), previous.map(|t| t.id)), (None, Some(1)));
        let (current, previous) = current_and_previous_term(&t, d("2025-05-31"));
        assert_eq!((current.map(|t| t.id), previous.map(|t| t.id)), (Some(1), None));
    }
}
