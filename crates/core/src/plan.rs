//! The year's plan (issue 3, item 1; domain R3.4): the meeting dates a forum's cadence gives
//! in a year or a council term, the duty report that says which of those duties are met,
//! planned or missing, and the overlaps that show where one person would sit in two
//! meetings at once.
//!
//! Planned dates never fall on a weekend, a Finnish public holiday, Midsummer Eve or
//! Christmas Eve: a date the rule lands on that is not a working day moves to the next
//! working day, or to the previous one when the next would leave the month.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;
use utoipa::ToSchema;

use crate::calendar::{is_working_day, working_day_on_or_after};
use crate::model::{Cadence, CadenceKind, Id, TermInput};

/// The month of a once-per-term meeting when the cadence names none: September, the first
/// autumn of the term.
pub const DEFAULT_TERM_MONTH: u32 = 9;

/// The meeting dates `cadence` gives in the calendar `year`, sorted, keeping only the dates
/// inside `term` (start and end inclusive), so a year that spans two terms gives each term
/// its own part.
///
/// * Monthly: in each month not in `excluded_months`, the `week_of_month`-th `weekday`
///   (-1: the last); without a weekday or a week, the first working day of the month.
/// * Annual: the same in `month`; no date when the cadence names no month.
/// * Once per term: one date, in `month` (default September) of the first year of the term
///   in which that month lies wholly inside the term; given only for that year.
/// * As needed: none.
///
/// Values outside the ranges `rules::validate_forum` allows (weekday 1–7, week 1–4 or -1,
/// month 1–12) are treated as missing.
pub fn cadence_dates(cadence: &Cadence, year: i32, term: &TermInput) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = match cadence.kind {
        CadenceKind::Monthly => (1..=12).filter(|m| !is_excluded(cadence, *m)).filter_map(|m| meeting_day(cadence, year, m)).collect(),
        CadenceKind::Annual => cadence_month(cadence).and_then(|m| meeting_day(cadence, year, m)).into_iter().collect(),
        CadenceKind::OncePerTerm => once_per_term_date(cadence, term).filter(|day| day.year() == year).into_iter().collect(),
        CadenceKind::AsNeeded => Vec::new(),
    };
    dates.retain(|day| term.start_date <= *day && *day <= term.end_date);
    dates.sort();
    dates
}

/// Every meeting date `cadence` gives in the whole `term`, sorted.
pub fn term_dates(cadence: &Cadence, term: &TermInput) -> Vec<NaiveDate> {
    (term.start_date.year()..=term.end_date.year()).flat_map(|year| cadence_dates(cadence, year, term)).collect()
}

fn is_excluded(cadence: &Cadence, month: u32) -> bool {
    cadence.excluded_months.iter().any(|m| u32::from(*m) == month)
}

fn cadence_month(cadence: &Cadence) -> Option<u32> {
    cadence.month.map(u32::from).filter(|m| (1..=12).contains(m))
}

fn first_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    first_of_month(year, month)?.checked_add_months(Months::new(1))?.pred_opt()
}

/// The `week`-th `weekday` (ISO numbers) of a month, -1 for the last.
fn nth_weekday(year: i32, month: u32, weekday: Option<u8>, week: Option<i8>) -> Option<NaiveDate> {
    let weekday = Weekday::try_from(weekday?.checked_sub(1)?).ok()?;
    match week? {
        -1 => {
            let last = last_of_month(year, month)?;
            let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            last.checked_sub_days(Days::new(u64::from(back)))
        }
        n @ 1..=4 => NaiveDate::from_weekday_of_month_opt(year, month, weekday, n.unsigned_abs()),
        _ => None,
    }
}

/// The day the cadence's rule gives in a month, moved to a working day within the month.
fn meeting_day(cadence: &Cadence, year: i32, month: u32) -> Option<NaiveDate> {
    let nominal = nth_weekday(year, month, cadence.weekday, cadence.week_of_month).or_else(|| first_of_month(year, month))?;
    working_day_in_month(nominal)
}

/// `day` when it is a working day, else the next working day, else (when the next would
/// leave the month) the previous working day of the month.
fn working_day_in_month(day: NaiveDate) -> Option<NaiveDate> {
    let next = working_day_on_or_after(day);
    if next.month() == day.month() && next.year() == day.year() {
        return Some(next);
    }
    let mut previous = day;
    while !is_working_day(previous) {
        previous = previous.pred_opt()?;
        if previous.month() != day.month() {
            return None;
        }
    }
    Some(previous)
}

/// The one date of a once-per-term cadence.
fn once_per_term_date(cadence: &Cadence, term: &TermInput) -> Option<NaiveDate> {
    let month = cadence_month(cadence).unwrap_or(DEFAULT_TERM_MONTH);
    (term.start_date.year()..=term.end_date.year())
        .find(|year| {
            let whole = first_of_month(*year, month).zip(last_of_month(*year, month));
            whole.is_some_and(|(first, last)| term.start_date <= first && last <= term.end_date)
        })
        .and_then(|year| meeting_day(cadence, year, month))
}

/// Whether a forum's duty for a period is fulfilled (domain R3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DutyStatus {
    /// A meeting in the period was held.
    Met,
    /// None held yet, but a meeting in the period is planned for today or later.
    Planned,
    /// No meeting in the period was held and none is planned for today or later.
    Missing,
    /// The cadence expects no meeting in the period (July for a forum that skips it).
    NotExpected,
}

impl DutyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DutyStatus::Met => "met",
            DutyStatus::Planned => "planned",
            DutyStatus::Missing => "missing",
            DutyStatus::NotExpected => "not_expected",
        }
    }
}

/// The period one duty covers: a month (monthly), a year (annual) or the council term
/// (once per term).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DutyPeriod {
    Month { year: i32, month: u32 },
    Year { year: i32 },
    Term { start: NaiveDate, end: NaiveDate },
}

/// One line of the duty report: "March 2026: met", "July 2026: no meeting expected".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
pub struct Duty {
    pub period: DutyPeriod,
    /// The first day of the period that lies inside the term.
    pub start: NaiveDate,
    /// The last day of the period that lies inside the term.
    pub end: NaiveDate,
    pub status: DutyStatus,
    /// The meeting that settles the status: the first held one in the period, else the
    /// next planned one.
    pub meeting: Option<NaiveDate>,
}

/// The duty report of one forum for the calendar `year` of `term`. `meetings` are the
/// forum's meetings that are not cancelled, as (date, held); a meeting whose day has passed
/// without its being marked held counts for nothing. Monthly: one line per month of the
/// year inside the term, excluded months as [`DutyStatus::NotExpected`]. Annual: one line
/// for the year's part of the term, not expected when the cadence's month falls outside
/// it. Once per term: one line for the whole term. As needed: no lines.
pub fn duty_report(cadence: &Cadence, year: i32, term: &TermInput, today: NaiveDate, meetings: &[(NaiveDate, bool)]) -> Vec<Duty> {
    let clip = |start: Option<NaiveDate>, end: Option<NaiveDate>| {
        let start = start?.max(term.start_date);
        let end = end?.min(term.end_date);
        (start <= end).then_some((start, end))
    };
    let Some((year_start, year_end)) = clip(first_of_month(year, 1), last_of_month(year, 12)) else {
        return Vec::new();
    };
    let duty = |period, (start, end), expected| judge(period, start, end, expected, today, meetings);
    match cadence.kind {
        CadenceKind::Monthly => (1..=12)
            .filter_map(|month| {
                let span = clip(first_of_month(year, month), last_of_month(year, month))?;
                Some(duty(DutyPeriod::Month { year, month }, span, !is_excluded(cadence, month)))
            })
            .collect(),
        CadenceKind::Annual => {
            let expected = match cadence_month(cadence) {
                Some(month) => clip(first_of_month(year, month), last_of_month(year, month)).is_some(),
                None => true,
            };
            vec![duty(DutyPeriod::Year { year }, (year_start, year_end), expected)]
        }
        CadenceKind::OncePerTerm => {
            let (start, end) = (term.start_date, term.end_date);
            vec![duty(DutyPeriod::Term { start, end }, (start, end), true)]
        }
        CadenceKind::AsNeeded => Vec::new(),
    }
}

/// The duty report for the whole term: every year's lines, the term's own line once.
pub fn term_duty_report(cadence: &Cadence, term: &TermInput, today: NaiveDate, meetings: &[(NaiveDate, bool)]) -> Vec<Duty> {
    let mut duties: Vec<Duty> =
        (term.start_date.year()..=term.end_date.year()).flat_map(|year| duty_report(cadence, year, term, today, meetings)).collect();
    duties.dedup();
    duties
}

fn judge(period: DutyPeriod, start: NaiveDate, end: NaiveDate, expected: bool, today: NaiveDate, meetings: &[(NaiveDate, bool)]) -> Duty {
    let inside = || meetings.iter().filter(|(day, _)| start <= *day && *day <= end);
    let held = inside().filter(|(_, held)| *held).map(|(day, _)| *day).min();
    let planned = inside().filter(|(day, held)| !*held && *day >= today).map(|(day, _)| *day).min();
    let status = match (expected, held, planned) {
        (false, _, _) => DutyStatus::NotExpected,
        (true, Some(_), _) => DutyStatus::Met,
        (true, None, Some(_)) => DutyStatus::Planned,
        (true, None, None) => DutyStatus::Missing,
    };
    Duty { period, start, end, status, meeting: held.or(planned) }
}

/// An agenda item of the chairs' forum that carries part of its annual follow-up, with
/// its meeting's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct FollowUpItem {
    pub item_id: Id,
    pub date: NaiveDate,
}

/// The chairs' forum's annual follow-up of one calendar year of the term (R3.4): an item
/// with which it assessed the term's goals and an item that established the year's
/// situational-picture snapshot, both in its meetings of that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AnnualFollowUp {
    pub year: i32,
    /// Met with both; planned while the forum still meets this year; else missing.
    pub status: DutyStatus,
    /// The year's first item with which the forum recorded its assessment of the goals.
    pub assessment: Option<FollowUpItem>,
    /// The snapshot the year's first establishing item established.
    pub snapshot_id: Option<Id>,
    pub snapshot_item: Option<FollowUpItem>,
    /// The forum's next meeting this year that is not yet held, from today on: where what
    /// is missing can still be done.
    pub next_meeting: Option<NaiveDate>,
}

/// The annual follow-ups of `term` from its first year to this year (later years are not
/// due yet). `meetings` are the chairs' forum's meetings that are not cancelled, as
/// (date, held); `assessments` the items with goal assessments of the term; `snapshots`
/// (snapshot, establishing item).
pub fn annual_follow_ups(
    term: &TermInput,
    today: NaiveDate,
    meetings: &[(NaiveDate, bool)],
    assessments: &[FollowUpItem],
    snapshots: &[(Id, FollowUpItem)],
) -> Vec<AnnualFollowUp> {
    if today < term.start_date {
        return Vec::new();
    }
    let last = today.year().min(term.end_date.year());
    (term.start_date.year()..=last)
        .map(|year| {
            let assessment = assessments.iter().filter(|i| i.date.year() == year).min_by_key(|i| i.date).copied();
            let established = snapshots.iter().filter(|(_, i)| i.date.year() == year).min_by_key(|(_, i)| i.date);
            let next_meeting =
                meetings.iter().filter(|(day, held)| !held && day.year() == year && *day >= today).map(|(day, _)| *day).min();
            let status = match (assessment, established, next_meeting) {
                (Some(_), Some(_), _) => DutyStatus::Met,
                (_, _, Some(_)) => DutyStatus::Planned,
                _ => DutyStatus::Missing,
            };
            AnnualFollowUp {
                year,
                status,
                assessment,
                snapshot_id: established.map(|(id, _)| *id),
                snapshot_item: established.map(|(_, item)| *item),
                next_meeting,
            }
        })
        .collect()
}

/// Every pair of slots whose times overlap, the end of each slot exclusive: a meeting
/// 9–11 and one 11–12 do not overlap. A slot whose end is not after its start is an
/// instant: it overlaps a slot running at that moment and a slot starting at the same
/// time. Each pair is given once, the earlier-starting slot first (on a tie, the one
/// given first), in order of the second slot's start.
pub fn overlapping<T: Copy>(slots: &[(T, NaiveDateTime, NaiveDateTime)]) -> Vec<(T, T)> {
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.sort_by_key(|i| (slots[*i].1, *i));
    let end = |i: usize| slots[i].2.max(slots[i].1);
    let mut running: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    for i in order {
        let start = slots[i].1;
        running.retain(|j| end(*j) > start || slots[*j].1 == start);
        pairs.extend(running.iter().map(|j| (slots[*j].0, slots[i].0)));
        running.push(i);
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::holiday_on;
    use std::collections::BTreeSet;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn dates(texts: &[&str]) -> Vec<NaiveDate> {
        texts.iter().map(|t| d(t)).collect()
    }

    fn term() -> TermInput {
        TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }
    }

    fn next_term() -> TermInput {
        TermInput { start_date: d("2029-06-01"), end_date: d("2033-05-31") }
    }

    fn cadence(kind: CadenceKind, weekday: Option<u8>, week: Option<i8>, month: Option<u8>, excluded: &[u8]) -> Cadence {
        Cadence { kind, weekday, week_of_month: week, month, excluded_months: excluded.to_vec(), ..Cadence::as_needed() }
    }

    fn monthly(weekday: u8, week: i8) -> Cadence {
        cadence(CadenceKind::Monthly, Some(weekday), Some(week), None, &[])
    }

    /// The municipal managers' meeting: the second Tuesday of each month except July.
    fn municipal_managers() -> Cadence {
        cadence(CadenceKind::Monthly, Some(2), Some(2), None, &[7])
    }

    /// Reference non-working days besides weekends (python-holidays: public holidays and
    /// both eves), read independently of `calendar`.
    fn reference_holidays() -> BTreeSet<NaiveDate> {
        let path = format!("{}/tests/data/fi_public_holidays_2024_2032_python-holidays-0.108.csv", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .lines()
            .skip(1)
            .map(|line| d(line.split(',').next().unwrap()))
            .collect()
    }

    fn assert_working_day(day: NaiveDate, holidays: &BTreeSet<NaiveDate>) {
        assert!(is_working_day(day), "{day} is not a working day");
        assert!(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun), "{day} is a weekend day");
        assert!(!holidays.contains(&day), "{day} is a holiday in the reference list");
    }

    #[test]
    fn municipal_managers_meeting_every_date_2025_2029_is_a_working_tuesday_inside_the_term_outside_july() {
        let holidays = reference_holidays();
        let term = term();
        let cadence = municipal_managers();
        for year in 2025..=2029 {
            let days = cadence_dates(&cadence, year, &term);
            let expected_count = match year {
                2025 => 6, // June, August–December
                2029 => 5, // January–May
                _ => 11,
            };
            assert_eq!(days.len(), expected_count, "{year}: {days:?}");
            assert!(days.windows(2).all(|w| w[0] < w[1]), "{year}: not sorted");
            for day in days {
                assert_eq!(day.year(), year);
                assert_working_day(day, &holidays);
                assert!(term.start_date <= day && day <= term.end_date, "{day} outside the term");
                assert_ne!(day.month(), 7, "{day} is in July");
                let second_tuesday = NaiveDate::from_weekday_of_month_opt(year, day.month(), Weekday::Tue, 2).unwrap();
                if day.weekday() != Weekday::Tue {
                    assert!(!is_working_day(second_tuesday), "{day} moved although {second_tuesday} is a working day");
                    assert_eq!(day, working_day_on_or_after(second_tuesday));
                } else {
                    assert_eq!(day, second_tuesday);
                }
            }
        }
        assert_eq!(term_dates(&cadence, &term).len(), 6 + 3 * 11 + 5);
    }

    #[test]
    fn municipal_managers_meeting_known_dates() {
        let cadence = municipal_managers();
        assert_eq!(
            cadence_dates(&cadence, 2025, &term()),
            dates(&["2025-06-10", "2025-08-12", "2025-09-09", "2025-10-14", "2025-11-11", "2025-12-09"])
        );
        assert_eq!(
            cadence_dates(&cadence, 2026, &term()),
            dates(&[
                "2026-01-13",
                "2026-02-10",
                "2026-03-10",
                "2026-04-14",
                "2026-05-12",
                "2026-06-09",
                "2026-08-11",
                "2026-09-08",
                "2026-10-13",
                "2026-11-10",
                "2026-12-08",
            ])
        );
        assert_eq!(cadence_dates(&cadence, 2029, &term()), dates(&["2029-01-09", "2029-02-13", "2029-03-13", "2029-04-10", "2029-05-08"]));
    }

    #[test]
    fn a_holiday_on_the_chosen_day_moves_the_meeting_to_the_next_working_day() {
        let t = term();
        // Epiphany, Tuesday 6.1.2026, is the first Tuesday of January.
        assert_eq!(holiday_on(d("2026-01-06")), Some(crate::calendar::Holiday::Epiphany));
        assert_eq!(cadence_dates(&monthly(2, 1), 2026, &t)[0], d("2026-01-07"));
        // Good Friday 3.4.2026 is the first Friday of April; Easter Monday follows the weekend.
        assert_eq!(cadence_dates(&monthly(5, 1), 2026, &t)[3], d("2026-04-07"));
        // Ascension Day, Thursday 14.5.2026, is the second Thursday of May.
        assert_eq!(cadence_dates(&monthly(4, 2), 2026, &t)[4], d("2026-05-15"));
        // Midsummer Eve, Friday 19.6.2026, is the third Friday of June.
        assert_eq!(cadence_dates(&monthly(5, 3), 2026, &t)[5], d("2026-06-22"));
        // Christmas Eve, Thursday 24.12.2026, is the fourth Thursday of December.
        assert_eq!(cadence_dates(&monthly(4, 4), 2026, &t)[11], d("2026-12-28"));
        // Independence Day, Monday 6.12.2027, is the first Monday of December.
        assert_eq!(cadence_dates(&monthly(1, 1), 2027, &t)[11], d("2027-12-07"));
    }

    #[test]
    fn a_move_that_would_leave_the_month_goes_to_the_previous_working_day() {
        let t = TermInput { start_date: d("2021-06-01"), end_date: d("2025-05-31") };
        // The last Friday of March 2024 is Good Friday 29.3; the next working day, after
        // Easter Monday, is 2.4, so the meeting goes back to Thursday 28.3.
        assert_eq!(cadence_dates(&monthly(5, -1), 2024, &t)[2], d("2024-03-28"));
        // A Saturday cadence: the last Saturday of January 2026 is the 31st; Monday is in
        // February, so Friday 30.1.
        assert_eq!(cadence_dates(&monthly(6, -1), 2026, &term())[0], d("2026-01-30"));
    }

    #[test]
    fn last_weekday_of_the_month() {
        assert_eq!(
            cadence_dates(&monthly(2, -1), 2026, &term()),
            dates(&[
                "2026-01-27",
                "2026-02-24",
                "2026-03-31",
                "2026-04-28",
                "2026-05-26",
                "2026-06-30",
                "2026-07-28",
                "2026-08-25",
                "2026-09-29",
                "2026-10-27",
                "2026-11-24",
                "2026-12-29",
            ])
        );
    }

    #[test]
    fn monthly_without_weekday_is_the_first_working_day_of_each_month() {
        let cadence = cadence(CadenceKind::Monthly, None, None, None, &[6, 7, 8]);
        assert_eq!(
            cadence_dates(&cadence, 2026, &term()),
            dates(&[
                "2026-01-02", // 1.1. New Year's Day
                "2026-02-02",
                "2026-03-02",
                "2026-04-01",
                "2026-05-04", // 1.5. May Day, then the weekend
                "2026-09-01",
                "2026-10-01",
                "2026-11-02",
                "2026-12-01",
            ])
        );
    }

    #[test]
    fn annual_in_february_is_once_a_year_inside_the_term() {
        let first_working_day = cadence(CadenceKind::Annual, None, None, Some(2), &[]);
        assert_eq!(cadence_dates(&first_working_day, 2025, &term()), vec![], "February 2025 precedes the term");
        assert_eq!(cadence_dates(&first_working_day, 2026, &term()), dates(&["2026-02-02"]));
        assert_eq!(term_dates(&first_working_day, &term()), dates(&["2026-02-02", "2027-02-01", "2028-02-01", "2029-02-01"]));
        let second_wednesday = cadence(CadenceKind::Annual, Some(3), Some(2), Some(2), &[]);
        assert_eq!(term_dates(&second_wednesday, &term()), dates(&["2026-02-11", "2027-02-10", "2028-02-09", "2029-02-14"]));
        let no_month = cadence(CadenceKind::Annual, Some(3), Some(2), None, &[]);
        assert_eq!(term_dates(&no_month, &term()), vec![]);
    }

    #[test]
    fn once_per_term_falls_in_the_first_year_the_month_lies_wholly_inside_the_term() {
        let september = cadence(CadenceKind::OncePerTerm, None, None, Some(9), &[]);
        assert_eq!(cadence_dates(&september, 2025, &term()), dates(&["2025-09-01"]));
        for year in 2026..=2029 {
            assert_eq!(cadence_dates(&september, year, &term()), vec![], "{year}");
        }
        assert_eq!(term_dates(&september, &term()), dates(&["2025-09-01"]));
        // Without a month: September.
        let default = cadence(CadenceKind::OncePerTerm, None, None, None, &[]);
        assert_eq!(term_dates(&default, &term()), dates(&["2025-09-01"]));
        // March 2025 precedes the term: March 2026. The 1st is a Sunday.
        let march = cadence(CadenceKind::OncePerTerm, None, None, Some(3), &[]);
        assert_eq!(term_dates(&march, &term()), dates(&["2026-03-02"]));
        // June 2025 lies wholly inside a term that starts on 1.6.
        let june = cadence(CadenceKind::OncePerTerm, Some(4), Some(2), Some(6), &[]);
        assert_eq!(term_dates(&june, &term()), dates(&["2025-06-12"]));
        // A term that starts mid-September waits for the next September.
        let late = TermInput { start_date: d("2025-09-15"), end_date: d("2029-05-31") };
        assert_eq!(term_dates(&september, &late), dates(&["2026-09-01"]));
    }

    #[test]
    fn as_needed_has_no_dates() {
        for year in 2025..=2029 {
            assert_eq!(cadence_dates(&Cadence::as_needed(), year, &term()), vec![]);
        }
        assert_eq!(term_dates(&Cadence::as_needed(), &term()), vec![]);
    }

    #[test]
    fn a_year_spanning_two_terms_gives_each_term_only_its_part() {
        let cadence = municipal_managers();
        let old = cadence_dates(&cadence, 2029, &term());
        let new = cadence_dates(&cadence, 2029, &next_term());
        assert_eq!(old, dates(&["2029-01-09", "2029-02-13", "2029-03-13", "2029-04-10", "2029-05-08"]));
        assert_eq!(new, dates(&["2029-06-12", "2029-08-14", "2029-09-11", "2029-10-09", "2029-11-13", "2029-12-11"]));
        assert!(old.iter().all(|day| *day <= term().end_date));
        assert!(new.iter().all(|day| *day >= next_term().start_date));
        // An annual September meeting belongs to the new term only.
        let september = cadence_with_month(9);
        assert_eq!(cadence_dates(&september, 2029, &term()), vec![]);
        assert_eq!(cadence_dates(&september, 2029, &next_term()), dates(&["2029-09-03"]));
    }

    fn cadence_with_month(month: u8) -> Cadence {
        cadence(CadenceKind::Annual, None, None, Some(month), &[])
    }

    #[test]
    fn every_date_of_every_cadence_2024_2032_is_a_working_day_in_its_month() {
        let holidays = reference_holidays();
        let wide = TermInput { start_date: d("2024-01-01"), end_date: d("2032-12-31") };
        let mut cadences = Vec::new();
        for weekday in 1..=7 {
            for week in [1, 2, 3, 4, -1] {
                cadences.push(monthly(weekday, week));
                for month in 1..=12 {
                    cadences.push(cadence(CadenceKind::Annual, Some(weekday), Some(week), Some(month), &[]));
                }
            }
        }
        cadences.push(cadence(CadenceKind::Monthly, None, None, None, &[]));
        for year in 2024..=2032 {
            for cadence in &cadences {
                let days = cadence_dates(cadence, year, &wide);
                let expected = if cadence.kind == CadenceKind::Monthly { 12 } else { 1 };
                assert_eq!(days.len(), expected, "{cadence:?} {year}");
                for (i, day) in days.iter().enumerate() {
                    assert_working_day(*day, &holidays);
                    let month = cadence.month.map_or(i as u32 + 1, u32::from);
                    assert_eq!((day.year(), day.month()), (year, month), "{cadence:?}");
                }
            }
        }
    }

    fn meetings(list: &[(&str, bool)]) -> Vec<(NaiveDate, bool)> {
        list.iter().map(|(day, held)| (d(day), *held)).collect()
    }

    #[test]
    fn duty_report_monthly_lists_each_month_met_planned_missing_or_not_expected() {
        let held = meetings(&[
            ("2026-01-13", true),
            ("2026-02-10", true),
            ("2026-03-10", false), // passed without being marked held
            ("2026-04-14", false), // today
            ("2026-05-12", false),
            ("2026-07-15", true), // an extra meeting in July
        ]);
        let report = duty_report(&municipal_managers(), 2026, &term(), d("2026-04-14"), &held);
        assert_eq!(report.len(), 12);
        let status: Vec<(DutyPeriod, DutyStatus, Option<NaiveDate>)> =
            report.iter().map(|duty| (duty.period, duty.status, duty.meeting)).collect();
        let month = |month| DutyPeriod::Month { year: 2026, month };
        assert_eq!(status[0], (month(1), DutyStatus::Met, Some(d("2026-01-13"))));
        assert_eq!(status[1], (month(2), DutyStatus::Met, Some(d("2026-02-10"))));
        assert_eq!(status[2], (month(3), DutyStatus::Missing, None));
        assert_eq!(status[3], (month(4), DutyStatus::Planned, Some(d("2026-04-14"))));
        assert_eq!(status[4], (month(5), DutyStatus::Planned, Some(d("2026-05-12"))));
        assert_eq!(status[5], (month(6), DutyStatus::Missing, None));
        assert_eq!(status[6], (month(7), DutyStatus::NotExpected, Some(d("2026-07-15"))));
        assert_eq!(report[6].status.as_str(), "not_expected");
        assert!(status[7..].iter().all(|(_, status, _)| *status == DutyStatus::Missing));
        assert_eq!((report[0].start, report[0].end), (d("2026-01-01"), d("2026-01-31")));
    }

    #[test]
    fn duty_report_covers_only_the_months_inside_the_term() {
        let report = duty_report(&municipal_managers(), 2025, &term(), d("2025-01-01"), &[]);
        let months: Vec<DutyPeriod> = report.iter().map(|duty| duty.period).collect();
        assert_eq!(months, (6..=12).map(|month| DutyPeriod::Month { year: 2025, month }).collect::<Vec<_>>());
        assert_eq!(report[1].status, DutyStatus::NotExpected);
        assert_eq!(duty_report(&municipal_managers(), 2030, &term(), d("2025-01-01"), &[]), vec![]);
        assert_eq!(term_duty_report(&municipal_managers(), &term(), d("2025-01-01"), &[]).len(), 48);
    }

    #[test]
    fn duty_report_annual_is_one_line_per_year() {
        let chairs = cadence(CadenceKind::Annual, None, None, Some(2), &[]);
        let list = meetings(&[("2026-02-02", true), ("2027-02-01", false)]);
        let today = d("2026-10-01");
        let report = term_duty_report(&chairs, &term(), today, &list);
        let lines: Vec<(DutyPeriod, DutyStatus)> = report.iter().map(|duty| (duty.period, duty.status)).collect();
        assert_eq!(
            lines,
            vec![
                (DutyPeriod::Year { year: 2025 }, DutyStatus::NotExpected), // February 2025 precedes the term
                (DutyPeriod::Year { year: 2026 }, DutyStatus::Met),
                (DutyPeriod::Year { year: 2027 }, DutyStatus::Planned),
                (DutyPeriod::Year { year: 2028 }, DutyStatus::Missing),
                (DutyPeriod::Year { year: 2029 }, DutyStatus::Missing),
            ]
        );
        assert_eq!((report[0].start, report[0].end), (d("2025-06-01"), d("2025-12-31")));
        assert_eq!((report[4].start, report[4].end), (d("2029-01-01"), d("2029-05-31")));
        // A meeting in another month of the year still fulfils the annual duty.
        let other_month = meetings(&[("2028-11-20", true)]);
        assert_eq!(duty_report(&chairs, 2028, &term(), today, &other_month)[0].status, DutyStatus::Met);
    }

    #[test]
    fn duty_report_once_per_term_is_one_line_for_the_term() {
        let strategic = cadence(CadenceKind::OncePerTerm, None, None, Some(9), &[]);
        let t = term();
        let whole = DutyPeriod::Term { start: t.start_date, end: t.end_date };
        let planned = meetings(&[("2025-09-01", false)]);
        let report = term_duty_report(&strategic, &t, d("2025-08-01"), &planned);
        assert_eq!(report.len(), 1);
        assert_eq!((report[0].period, report[0].status, report[0].meeting), (whole, DutyStatus::Planned, Some(d("2025-09-01"))));
        // Every year of the term shows the same term duty.
        let held = meetings(&[("2025-09-01", true)]);
        for year in 2025..=2029 {
            let report = duty_report(&strategic, year, &t, d("2027-01-01"), &held);
            assert_eq!(report.len(), 1);
            assert_eq!((report[0].period, report[0].status), (whole, DutyStatus::Met));
        }
        assert_eq!(duty_report(&strategic, 2027, &t, d("2027-01-01"), &[])[0].status, DutyStatus::Missing);
        // A meeting of the previous term does not count.
        assert_eq!(duty_report(&strategic, 2027, &t, d("2027-01-01"), &meetings(&[("2025-05-20", true)]))[0].status, DutyStatus::Missing);
    }

    #[test]
    fn duty_report_as_needed_has_no_duties() {
        assert_eq!(duty_report(&Cadence::as_needed(), 2026, &term(), d("2026-01-01"), &meetings(&[("2026-03-03", true)])), vec![]);
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn overlapping_meetings_are_paired_and_back_to_back_ones_are_not() {
        let slots = [
            ('a', at("2026-03-10 09:00"), at("2026-03-10 11:00")),
            ('b', at("2026-03-10 11:00"), at("2026-03-10 12:00")), // starts as a ends
            ('c', at("2026-03-10 10:30"), at("2026-03-10 11:30")), // overlaps a and b
            ('d', at("2026-03-10 13:00"), at("2026-03-10 14:00")),
            ('e', at("2026-03-11 09:00"), at("2026-03-11 10:00")),
        ];
        assert_eq!(overlapping(&slots), vec![('a', 'c'), ('c', 'b')]);
    }

    #[test]
    fn overlapping_nested_identical_and_instant_slots() {
        let slots = [
            (1, at("2026-03-10 09:00"), at("2026-03-10 16:00")),
            (2, at("2026-03-10 10:00"), at("2026-03-10 11:00")), // inside 1
            (3, at("2026-03-10 10:00"), at("2026-03-10 11:00")), // the same as 2
            (4, at("2026-03-10 12:00"), at("2026-03-10 12:00")), // an instant inside 1
            (5, at("2026-03-10 16:00"), at("2026-03-10 16:00")), // an instant as 1 ends
            (6, at("2026-03-10 16:00"), at("2026-03-10 17:00")), // starts with 5
        ];
        assert_eq!(overlapping(&slots), vec![(1, 2), (1, 3), (2, 3), (1, 4), (5, 6)]);
        assert_eq!(overlapping::<u8>(&[]), vec![]);
    }

    #[test]
    fn overlapping_matches_pairwise_comparison() {
        // A deterministic pseudo-random set of slots within one day.
        let mut seed: u64 = 0x2025_0601;
        let mut next = move |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let base = at("2026-03-10 08:00");
        let slots: Vec<(usize, NaiveDateTime, NaiveDateTime)> = (0..200)
            .map(|i| {
                let start = base + chrono::Duration::minutes(15 * next(40) as i64);
                (i, start, start + chrono::Duration::minutes(15 * next(8) as i64))
            })
            .collect();
        let overlap =
            |a: &(usize, NaiveDateTime, NaiveDateTime), b: &(usize, NaiveDateTime, NaiveDateTime)| a.1 == b.1 || (a.1 < b.2 && b.1 < a.2);
        let expected: BTreeSet<(usize, usize)> = slots
            .iter()
            .enumerate()
            .flat_map(|(i, a)| slots[i + 1..].iter().filter(move |b| overlap(a, b)).map(move |b| (a.0, b.0)))
            .collect();
        let found = overlapping(&slots);
        let normalised: BTreeSet<(usize, usize)> = found.iter().map(|(a, b)| (*a.min(b), *a.max(b))).collect();
        assert_eq!(found.len(), normalised.len(), "a pair given twice");
        assert_eq!(normalised, expected);
        assert!(!expected.is_empty());
    }

    #[test]
    fn the_chairs_forum_follows_up_every_year_of_the_term_with_an_assessment_and_an_established_snapshot() {
        let item = |item_id, date: &str| FollowUpItem { item_id, date: d(date) };
        let meetings = [(d("2025-10-02"), true), (d("2026-03-12"), true), (d("2026-11-30"), false)];
        let assessments = [item(7, "2026-03-12"), item(5, "2025-10-02")];
        let snapshots = [(2, item(8, "2026-03-12"))];
        let today = d("2026-11-22");
        let years = annual_follow_ups(&term(), today, &meetings, &assessments, &snapshots);
        // From the term's first year to this one; 2027–2029 are not due.
        assert_eq!(years.iter().map(|y| y.year).collect::<Vec<_>>(), [2025, 2026]);
        // 2025: assessed, but no snapshot was established and the year is over.
        assert_eq!(years[0].status, DutyStatus::Missing);
        assert_eq!(years[0].assessment, Some(item(5, "2025-10-02")));
        assert_eq!(years[0].snapshot_id, None);
        // 2026: both, in the March meeting.
        assert_eq!(years[1].status, DutyStatus::Met);
        assert_eq!((years[1].snapshot_id, years[1].snapshot_item), (Some(2), Some(item(8, "2026-03-12"))));
        assert_eq!(years[1].next_meeting, Some(d("2026-11-30")));

        // Without the snapshot, the November meeting can still do it.
        let years = annual_follow_ups(&term(), today, &meetings, &assessments, &[]);
        assert_eq!(years[1].status, DutyStatus::Planned);
        // After it has passed unheld, it is missing.
        let years = annual_follow_ups(&term(), d("2026-12-01"), &meetings, &assessments, &[]);
        assert_eq!((years[1].status, years[1].next_meeting), (DutyStatus::Missing, None));
        // Before the term nothing is due.
        assert!(annual_follow_ups(&term(), d("2025-01-10"), &meetings, &assessments, &snapshots).is_empty());
    }
}
