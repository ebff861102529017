//! Finnish holidays and working days, computed (Easter by the Gregorian computus), so
//! meeting plans avoid holidays and statutory periods move past them (Laki säädettyjen
//! määräaikain laskemisesta 150/1930 §5: a period ending on a Saturday, Sunday, public
//! holiday, Independence Day, May Day, Christmas Eve or Midsummer Eve moves to the next
//! working day).

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The days on which Finnish offices are closed besides weekends. Midsummer Eve and
/// Christmas Eve are not public holidays in law, but are non-working days for periods and
/// meetings alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    NewYearsDay,
    Epiphany,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    MayDay,
    AscensionDay,
    Pentecost,
    MidsummerEve,
    MidsummerDay,
    AllSaintsDay,
    IndependenceDay,
    ChristmasEve,
    ChristmasDay,
    StStephensDay,
}

impl Holiday {
    /// The translation key of the holiday's name (`holiday-midsummer-eve`).
    pub fn key(self) -> &'static str {
        match self {
            Holiday::NewYearsDay => "holiday-new-years-day",
            Holiday::Epiphany => "holiday-epiphany",
            Holiday::GoodFriday => "holiday-good-friday",
            Holiday::EasterSunday => "holiday-easter-sunday",
            Holiday::EasterMonday => "holiday-easter-monday",
            Holiday::MayDay => "holiday-may-day",
            Holiday::AscensionDay => "holiday-ascension-day",
            Holiday::Pentecost => "holiday-pentecost",
            Holiday::MidsummerEve => "holiday-midsummer-eve",
            Holiday::MidsummerDay => "holiday-midsummer-day",
            Holiday::AllSaintsDay => "holiday-all-saints-day",
            Holiday::IndependenceDay => "holiday-independence-day",
            Holiday::ChristmasEve => "holiday-christmas-eve",
            Holiday::ChristmasDay => "holiday-christmas-day",
            Holiday::StStephensDay => "holiday-st-stephens-day",
        }
    }
}

/// Easter Sunday of a year (anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("holiday dates exist")
}

/// The first `weekday` on or after `from`.
fn weekday_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Days::new(u64::from(ahead))
}

/// Every holiday of a year, in date order.
pub fn holidays(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let easter = easter_sunday(year);
    let shifted = |days: i64| easter + chrono::Duration::days(days);
    let midsummer_day = weekday_on_or_after(ymd(year, 6, 20), Weekday::Sat);
    let mut days = vec![
        (ymd(year, 1, 1), Holiday::NewYearsDay),
        (ymd(year, 1, 6), Holiday::Epiphany),
        (shifted(-2), Holiday::GoodFriday),
        (easter, Holiday::EasterSunday),
        (shifted(1), Holiday::EasterMonday),
        (ymd(year, 5, 1), Holiday::MayDay),
        (shifted(39), Holiday::AscensionDay),
        (shifted(49), Holiday::Pentecost),
        (midsummer_day.pred_opt().expect("a day before"), Holiday::MidsummerEve),
        (midsummer_day, Holiday::MidsummerDay),
        (weekday_on_or_after(ymd(year, 10, 31), Weekday::Sat), Holiday::AllSaintsDay),
        (ymd(year, 12, 6), Holiday::IndependenceDay),
        (ymd(year, 12, 24), Holiday::ChristmasEve),
        (ymd(year, 12, 25), Holiday::ChristmasDay),
        (ymd(year, 12, 26), Holiday::StStephensDay),
    ];
    days.sort_by_key(|(date, _)| *date);
    days
}

/// The holiday on `date`, if it is one.
pub fn holiday_on(date: NaiveDate) -> Option<Holiday> {
    holidays(date.year()).into_iter().find(|(day, _)| *day == date).map(|(_, holiday)| holiday)
}

/// Not a weekend day and not a holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && holiday_on(date).is_none()
}

/// `date` itself when it is a working day, else the next working day.
pub fn working_day_on_or_after(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    while !is_working_day(day) {
        day = day.succ_opt().expect("dates continue");
    }
    day
}

/// How a decision can be challenged, which sets the length of the period (KuntaL §138).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Challenge {
    /// Request for rectification (oikaisuvaatimus): 14 days.
    Rectification,
    /// Municipal appeal (kunnallisvalitus): 30 days.
    MunicipalAppeal,
}

/// The dates that follow from publishing minutes on the public network (domain R1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicationPeriod {
    /// The public is deemed notified seven days after publication (KuntaL §140(3)).
    pub notified: NaiveDate,
    /// The last day to challenge, moved past weekends and holidays (150/1930 §5).
    pub deadline: NaiveDate,
    /// The day personal data leaves the public copy: the day after the deadline.
    pub personal_data_removed: NaiveDate,
}

pub fn publication_period(published: NaiveDate, challenge: Challenge) -> PublicationPeriod {
    let notified = published + Days::new(7);
    let deadline = challenge_deadline(notified, challenge);
    PublicationPeriod { notified, deadline, personal_data_removed: deadline.succ_opt().expect("dates continue") }
}

/// The last day to challenge a decision of which one was notified on `notified`: 14 or
/// 30 days on, moved past weekends and holidays (KuntaL §138, 150/1930 §5).
pub fn challenge_deadline(notified: NaiveDate, challenge: Challenge) -> NaiveDate {
    let days = match challenge {
        Challenge::Rectification => 14,
        Challenge::MunicipalAppeal => 30,
    };
    working_day_on_or_after(notified + Days::new(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn reference(file: &str, keep: impl Fn(&[&str]) -> bool) -> BTreeSet<NaiveDate> {
        let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .lines()
            .skip(1)
            .map(|line| line.split(',').collect::<Vec<_>>())
            .filter(|fields| keep(fields))
            .map(|fields| d(fields[0]))
            .collect()
    }

    fn ours(keep: impl Fn(Holiday) -> bool) -> BTreeSet<NaiveDate> {
        (2024..=2032).flat_map(holidays).filter(|(_, h)| keep(*h)).map(|(day, _)| day).collect()
    }

    #[test]
    fn holidays_match_python_holidays_2024_2032() {
        // python-holidays lists the public holidays and both eves.
        assert_eq!(ours(|_| true), reference("fi_public_holidays_2024_2032_python-holidays-0.108.csv", |_| true));
    }

    #[test]
    fn public_holidays_match_date_holidays_2024_2032() {
        // date-holidays marks the eves as bank holidays and lists observances besides.
        let eve = |h| matches!(h, Holiday::MidsummerEve | Holiday::ChristmasEve);
        assert_eq!(ours(|h| !eve(h)), reference("fi_holidays_2024_2032_date-holidays-3.37.0.csv", |f| f[2] == "public"));
    }

    #[test]
    fn r1_4_personal_data_expires_after_the_rectification_period() {
        let period = publication_period(d("2026-03-02"), Challenge::Rectification);
        assert_eq!(period.notified, d("2026-03-09"));
        assert_eq!(period.deadline, d("2026-03-23"));
        assert_eq!(period.personal_data_removed, d("2026-03-24"));
    }

    #[test]
    fn r1_4_personal_data_expires_after_the_appeal_period() {
        assert_eq!(publication_period(d("2026-03-02"), Challenge::MunicipalAppeal).deadline, d("2026-04-08"));
    }

    #[test]
    fn r1_4_a_deadline_on_a_holiday_moves_to_the_next_working_day() {
        let period = publication_period(d("2025-12-16"), Challenge::Rectification);
        assert_eq!(period.notified, d("2025-12-23"));
        assert_eq!(period.deadline, d("2026-01-07"));
        assert_eq!(period.personal_data_removed, d("2026-01-08"));
    }

    #[test]
    fn r2_12_a_challenge_period_runs_from_the_notification_and_ends_on_a_working_day() {
        // The R1.4 example: notified on 9 March 2026, 14 days end on Monday the 23rd.
        assert_eq!(challenge_deadline(d("2026-03-09"), Challenge::Rectification), d("2026-03-23"));
        // Notified on Sunday 20 December: 30 days end on Tuesday 19 January 2027.
        assert_eq!(challenge_deadline(d("2026-12-20"), Challenge::MunicipalAppeal), d("2027-01-19"));
        // 14 days from 10 December end on Christmas Eve; Christmas, Boxing Day and a weekend
        // follow: Monday 28 December.
        assert_eq!(challenge_deadline(d("2026-12-10"), Challenge::Rectification), d("2026-12-28"));
        // 30 days from 5 March 2026 end on Easter Saturday: Tuesday after Easter Monday.
        assert_eq!(challenge_deadline(d("2026-03-05"), Challenge::MunicipalAppeal), d("2026-04-07"));
        // 14 days from Friday 17 April end on May Day, a Friday: Monday 4 May.
        assert_eq!(challenge_deadline(d("2026-04-17"), Challenge::Rectification), d("2026-05-04"));
        // Publication's period is the same count from its deemed notification.
        for challenge in [Challenge::Rectification, Challenge::MunicipalAppeal] {
            let period = publication_period(d("2025-12-16"), challenge);
            assert_eq!(period.deadline, challenge_deadline(period.notified, challenge));
        }
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2024), d("2024-03-31"));
        assert_eq!(easter_sunday(2025), d("2025-04-20"));
        assert_eq!(easter_sunday(2026), d("2026-04-05"));
        assert_eq!(easter_sunday(2038), d("2038-04-25"));
    }

    #[test]
    fn working_days_skip_weekends_holidays_and_eves() {
        assert!(is_working_day(d("2026-11-23")));
        assert!(!is_working_day(d("2026-11-22")));
        assert_eq!(holiday_on(d("2026-06-19")), Some(Holiday::MidsummerEve));
        assert_eq!(working_day_on_or_after(d("2026-06-19")), d("2026-06-22"));
        // Epiphany 2026 is a Tuesday: the deadline of R1.4's second example moves to Wednesday.
        assert_eq!(working_day_on_or_after(d("2026-01-06")), d("2026-01-07"));
        assert_eq!(working_day_on_or_after(d("2026-12-24")), d("2026-12-28"));
    }
}
