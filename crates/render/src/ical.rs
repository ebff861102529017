//! iCalendar (RFC 5545) calendars of meetings, in Finnish local time with the
//! Europe/Helsinki VTIMEZONE, each event with a stable UID and a SEQUENCE that grows with
//! every change, so calendar programs update events instead of duplicating them. The feeds
//! publish; an e-mail invitation requests or cancels one event for one attendee.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// One meeting as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Unique and stable for the meeting ("meeting-12@foorumi").
    pub uid: String,
    /// Grows with each change of the meeting (its record version).
    pub sequence: i64,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub summary: String,
    pub location: String,
    pub description: String,
    /// The meeting's page.
    pub url: String,
    pub cancelled: bool,
}

/// The time zone every Foorumi time is in: EET, EEST from the last Sunday of March to the
/// last Sunday of October (EU rules since 1996).
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Helsinki",
    "BEGIN:STANDARD",
    "DTSTART:19701025T040000",
    "TZOFFSETFROM:+0300",
    "TZOFFSETTO:+0200",
    "TZNAME:EET",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700329T030000",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0300",
    "TZNAME:EEST",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
];

/// A whole calendar: `name` is shown by calendar programs as the calendar's title.
pub fn calendar(name: &str, events: &[Event], stamp: NaiveDateTime) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Foorumi//Foorumi//FI".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(name)),
        "X-WR-TIMEZONE:Europe/Helsinki".into(),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| (*l).to_owned()));
    for event in events {
        event_lines(event, stamp, &[], &mut lines);
    }
    lines.push("END:VCALENDAR".into());
    folded(&lines)
}

/// What an invitation asks of the recipient's calendar (RFC 5546, iTIP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Add or update the event (a new SEQUENCE replaces the older one).
    Request,
    /// Remove the event: the meeting was cancelled.
    Cancel,
}

/// Someone named in an invitation: its organizer or an attendee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub address: String,
}

/// A calendar invitation for one attendee (iMIP, RFC 6047): the one event with the same
/// UID and SEQUENCE as in the feeds, so calendar programs keep one event. `Request` asks
/// for an answer (PARTSTAT=NEEDS-ACTION, RSVP=TRUE); `Cancel` marks the event cancelled.
pub fn invitation(method: Method, event: &Event, organizer: &Party, attendee: &Party, stamp: NaiveDateTime) -> String {
    let method_name = match method {
        Method::Request => "REQUEST",
        Method::Cancel => "CANCEL",
    };
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Foorumi//Foorumi//FI".into(),
        "CALSCALE:GREGORIAN".into(),
        format!("METHOD:{method_name}"),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| (*l).to_owned()));
    let event = Event { cancelled: event.cancelled || method == Method::Cancel, ..event.clone() };
    let extra = [
        format!("ORGANIZER;CN={}:mailto:{}", param(&organizer.name), organizer.address),
        format!(
            "ATTENDEE;CN={};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP={}:mailto:{}",
            param(&attendee.name),
            if method == Method::Request { "TRUE" } else { "FALSE" },
            attendee.address
        ),
    ];
    event_lines(&event, stamp, &extra, &mut lines);
    lines.push("END:VCALENDAR".into());
    folded(&lines)
}

/// The VEVENT of one meeting; `extra` lines go before its STATUS.
fn event_lines(event: &Event, stamp: NaiveDateTime, extra: &[String], lines: &mut Vec<String>) {
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}", text(&event.uid)));
    lines.push(format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")));
    lines.push(format!("SEQUENCE:{}", event.sequence));
    lines.push(format!("DTSTART;TZID=Europe/Helsinki:{}", local(event.date, event.start)));
    lines.push(format!("DTEND;TZID=Europe/Helsinki:{}", local(event.date, event.end)));
    lines.push(format!("SUMMARY:{}", text(&event.summary)));
    if !event.location.is_empty() {
        lines.push(format!("LOCATION:{}", text(&event.location)));
    }
    if !event.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", text(&event.description)));
    }
    if !event.url.is_empty() {
        lines.push(format!("URL:{}", event.url));
    }
    lines.extend(extra.iter().cloned());
    lines.push(format!("STATUS:{}", if event.cancelled { "CANCELLED" } else { "CONFIRMED" }));
    lines.push("END:VEVENT".into());
}

fn folded(lines: &[String]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 4).sum());
    for line in lines {
        fold(line, &mut out);
    }
    out
}

/// The current instant, for DTSTAMP.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

fn local(date: NaiveDate, time: NaiveTime) -> String {
    date.and_time(time).format("%Y%m%dT%H%M%S").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (a CN): quoted, since names hold commas and colons; a quoted value
/// cannot hold DQUOTE or control characters (§3.1), so those are left out.
fn param(value: &str) -> String {
    let inner: String = value.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{inner}\"")
}

/// Writes a content line folded at 75 octets without splitting a character (§3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            uid: "meeting-7@foorumi".into(),
            sequence: 3,
            date: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
            summary: "Kuntajohtajakokous 3/2026".into(),
            location: "Lahti, Vesijärvenkatu 11; kokoushuone".into(),
            description: String::new(),
            url: "https://foorumi.example.org/meetings/7".into(),
            cancelled: false,
        }
    }

    #[test]
    fn lines_end_in_crlf_and_fold_at_75_octets_without_splitting_characters() {
        let mut long = event();
        long.summary = "Päijät-Hämeen maahanmuutto-ohjelman ohjausryhmän kokous, jossa käsitellään työllisyyspalvelujen uudistusta".into();
        let ics = calendar("Päijät-Häme", &[long], NaiveDateTime::default());
        for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        assert!(!ics.replace("\r\n", "").contains('\n'));
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Päijät-Hämeen maahanmuutto-ohjelman ohjausryhmän kokous\\, jossa käsitellään"));
    }

    #[test]
    fn text_values_are_escaped_and_times_are_local_to_helsinki() {
        let ics = calendar("Foorumi", &[event()], NaiveDateTime::default());
        assert!(ics.contains("LOCATION:Lahti\\, Vesijärvenkatu 11\\; kokoushuone\r\n"));
        assert!(ics.contains("DTSTART;TZID=Europe/Helsinki:20260310T090000\r\n"));
        assert!(ics.contains("TZID:Europe/Helsinki\r\n"));
        assert!(ics.contains("SEQUENCE:3\r\n"));
        assert!(ics.contains("STATUS:CONFIRMED\r\n"));
    }

    fn parties() -> (Party, Party) {
        (
            Party { name: "Foorumi".into(), address: "foorumi@example.org".into() },
            Party { name: "Virtanen, Anna: \"kaupunginjohtaja\"".into(), address: "anna.virtanen@lahti.example.org".into() },
        )
    }

    #[test]
    fn an_invitation_requests_one_event_with_the_feeds_uid_and_sequence() {
        let (organizer, attendee) = parties();
        let ics = invitation(Method::Request, &event(), &organizer, &attendee, NaiveDateTime::default());
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("\r\nMETHOD:REQUEST\r\n"), "{unfolded}");
        assert!(!unfolded.contains("METHOD:PUBLISH"));
        assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 1);
        assert!(unfolded.contains("UID:meeting-7@foorumi\r\n"));
        assert!(unfolded.contains("SEQUENCE:3\r\n"));
        assert!(unfolded.contains("TZID:Europe/Helsinki\r\n"));
        assert!(unfolded.contains("ORGANIZER;CN=\"Foorumi\":mailto:foorumi@example.org\r\n"));
        // The name's own quotes cannot stand inside a quoted parameter value.
        assert!(
            unfolded.contains(
                "ATTENDEE;CN=\"Virtanen, Anna: kaupunginjohtaja\";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:anna.virtanen@lahti.example.org\r\n"
            ),
            "{unfolded}"
        );
        assert!(unfolded.contains("STATUS:CONFIRMED\r\n"));
        for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
    }

    #[test]
    fn a_cancellation_cancels_the_same_event() {
        let (organizer, attendee) = parties();
        let mut cancelled = event();
        cancelled.sequence = 4;
        let ics = invitation(Method::Cancel, &cancelled, &organizer, &attendee, NaiveDateTime::default()).replace("\r\n ", "");
        assert!(ics.contains("\r\nMETHOD:CANCEL\r\n"));
        assert!(ics.contains("UID:meeting-7@foorumi\r\n"));
        assert!(ics.contains("SEQUENCE:4\r\n"));
        assert!(ics.contains("STATUS:CANCELLED\r\n"));
        assert!(ics.contains("RSVP=FALSE"));
    }

    #[test]
    fn feeds_stay_as_they_were() {
        let ics = calendar("Foorumi", &[event()], NaiveDateTime::default());
        let vevent = &ics[ics.find("BEGIN:VEVENT").unwrap()..];
        assert_eq!(
            vevent,
            "BEGIN:VEVENT\r\nUID:meeting-7@foorumi\r\nDTSTAMP:19700101T000000Z\r\nSEQUENCE:3\r\n\
             DTSTART;TZID=Europe/Helsinki:20260310T090000\r\nDTEND;TZID=Europe/Helsinki:20260310T110000\r\n\
             SUMMARY:Kuntajohtajakokous 3/2026\r\nLOCATION:Lahti\\, Vesijärvenkatu 11\\; kokoushuone\r\n\
             URL:https://foorumi.example.org/meetings/7\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        assert!(ics.contains("METHOD:PUBLISH\r\n") && !ics.contains("ORGANIZER") && !ics.contains("ATTENDEE"));
    }
}
