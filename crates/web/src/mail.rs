//! Foorumi's e-mail as its recipients read it: each message composed in the recipient's
//! language (subject, plain text and HTML from `templates/mail/`, words from
//! `i18n/*/mail.ftl`), with the meeting's calendar invitation and the answer links, and
//! queued in the store's outbox. `foorumi-mail`'s worker sends it; `schedule`, which the
//! worker runs each round, queues the reminders and cancellations that are due.

use std::collections::HashMap;

use askama::Template;
use chrono::{Datelike, NaiveDate};
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_render::ical;
use foorumi_store::audit::Author;
use foorumi_store::outbox::{self, Composed, Enqueued, Kind, Letter, Sender};
use foorumi_store::views::RegionRegister;
use foorumi_store::{Result, Store, meetings, minutes, records};

use crate::Config;
use crate::i18n::{t, t_args};

/// A forum as messages name it: its name in the language, with its short name when the
/// name does not already contain it (as the pages name forums).
pub fn forum_title(lang: Lang, forum: &Forum) -> String {
    let name = forum.input.name.get(lang);
    if forum.input.short_name.is_empty() || name.contains(&forum.input.short_name) {
        name.to_owned()
    } else {
        format!("{name} ({})", forum.input.short_name)
    }
}

/// "Kuntajohtajakokous 3/2026": the convening forum and the meeting's number in its year.
pub fn meeting_title(lang: Lang, register: &RegionRegister, meeting: &Meeting, number: Option<&str>) -> String {
    let forum = meeting.input.forum_ids.first().and_then(|id| register.forum(*id)).map(|f| forum_title(lang, f)).unwrap_or_default();
    format!("{forum} {}", number.unwrap_or_default()).trim().to_owned()
}

/// "tiistai 10.3.2026 klo 9.00–11.00", in the language's words and Finnish numbers.
pub fn when_text(lang: Lang, meeting: &Meeting) -> String {
    let m = &meeting.input;
    t_args(
        lang,
        "mail-when",
        &[
            ("weekday", t(lang, &format!("weekday-{}", m.date.weekday().number_from_monday()))),
            ("date", m.date.format("%-d.%-m.%Y").to_string()),
            ("start", m.start_time.format("%-H.%M").to_string()),
            ("end", m.end_time.format("%-H.%M").to_string()),
        ],
    )
}

/// The sender as `mail_from` gives it: "Foorumi <foorumi@example.org>" or the bare address.
fn organizer(config: &Config) -> ical::Party {
    let from = config.mail_from.trim();
    match from.split_once('<') {
        Some((name, rest)) => ical::Party {
            name: Some(name.trim().trim_matches('"').trim()).filter(|n| !n.is_empty()).unwrap_or("Foorumi").to_owned(),
            address: rest.trim_end_matches('>').trim().to_owned(),
        },
        None => ical::Party { name: "Foorumi".into(), address: from.to_owned() },
    }
}

/// One line of a message's facts: label, text, and a link when the text is an address.
struct Fact {
    label: String,
    value: String,
    href: Option<String>,
}

/// What both templates of a message lay out.
struct MailView {
    lang: Lang,
    subject: String,
    greeting: String,
    lead: String,
    facts: Vec<Fact>,
    answer_intro: String,
    /// (label, address) of each answer link.
    answers: Vec<(String, String)>,
    answer_note: String,
    meeting_label: String,
    meeting_url: String,
    footer: String,
}

#[derive(Template)]
#[template(path = "mail/message.txt")]
struct TextMail<'a> {
    m: &'a MailView,
}

#[derive(Template)]
#[template(path = "mail/message.html")]
struct HtmlMail<'a> {
    m: &'a MailView,
}

/// The calendar event of a meeting, as the feeds have it (same UID, same SEQUENCE), with
/// the meeting page and, for the invited, the online link in its description.
fn event(config: &Config, letter: &Letter<'_>, title: &str, lang: Lang) -> ical::Event {
    let m = &letter.meeting.input;
    let page = format!("{}/meetings/{}", config.public_url, letter.meeting.id);
    let mut description = Vec::new();
    if m.forum_ids.len() > 1 {
        let names: Vec<String> = m.forum_ids.iter().filter_map(|id| letter.register.forum(*id)).map(|f| forum_title(lang, f)).collect();
        description.push(format!("{}: {}", t(lang, "field-joint-forums"), names.join(", ")));
    }
    if !m.online_url.is_empty() {
        description.push(format!("{}: {}", t(lang, "field-online-url"), m.online_url));
    }
    description.push(format!("{}: {page}", t(lang, "mail-meeting-page")));
    ical::Event {
        uid: format!("meeting-{}@foorumi", letter.meeting.id),
        sequence: letter.sequence,
        date: m.date,
        start: m.start_time,
        end: m.end_time,
        summary: title.to_owned(),
        location: m.place.clone(),
        description: description.join("\n"),
        url: page,
        cancelled: m.status == MeetingStatus::Cancelled,
    }
}

/// Composes one message in its recipient's language.
pub fn compose(config: &Config, number: Option<&str>, letter: &Letter<'_>) -> Composed {
    let lang = letter.recipient.lang;
    let meeting = letter.meeting;
    let m = &meeting.input;
    let title = meeting_title(lang, letter.register, meeting, number);
    let kind = letter.kind.as_str();
    let title_arg = || vec![("title", title.clone())];
    // A checker is asked to read the record, not to come to the meeting.
    let checking = letter.kind == Kind::Checking;
    let mut facts = vec![Fact { label: t(lang, "field-time"), value: when_text(lang, meeting), href: None }];
    if letter.kind == Kind::Cancellation {
        facts.push(Fact { label: t(lang, "field-cancel-reason"), value: m.cancel_reason.clone(), href: None });
    } else if !checking {
        if !m.place.is_empty() {
            facts.push(Fact { label: t(lang, "field-place"), value: m.place.clone(), href: None });
        }
        // Recipients sit in the meeting's forums, so they are given the online link.
        if !m.online_url.is_empty() {
            facts.push(Fact { label: t(lang, "field-online-url"), value: m.online_url.clone(), href: Some(m.online_url.clone()) });
        }
    }
    if m.forum_ids.len() > 1 {
        let names: Vec<String> = m.forum_ids.iter().filter_map(|id| letter.register.forum(*id)).map(|f| forum_title(lang, f)).collect();
        facts.push(Fact { label: t(lang, "field-joint-forums"), value: names.join(", "), href: None });
    }
    if let Some(role) = letter.recipient.role {
        facts.push(Fact { label: t(lang, "mail-role"), value: t(lang, &format!("role-{role}")), href: None });
    }
    let link = |token: &str| format!("{}/answer/{token}?lang={lang}", config.public_url);
    let mut answers = Vec::new();
    if let Some(links) = letter.answers {
        answers.push((t(lang, "answer-accepted"), link(&links.accept)));
        answers.push((t(lang, "answer-declined"), link(&links.decline)));
        if let Some(deputy) = &links.deputy {
            answers.push((t(lang, "answer-deputy_attends"), link(deputy)));
        }
    }
    let view = MailView {
        lang,
        subject: t_args(lang, &format!("mail-subject-{kind}"), &title_arg()),
        greeting: t_args(lang, "mail-greeting", &[("name", letter.recipient.name.clone())]),
        lead: t_args(lang, &format!("mail-lead-{kind}"), &title_arg()),
        facts,
        answer_intro: t(lang, "mail-answer-intro"),
        answers,
        answer_note: t(lang, "mail-answer-note"),
        meeting_label: t(lang, if checking { "mail-minutes-page" } else { "mail-meeting-page" }),
        meeting_url: format!("{}/meetings/{}{}?lang={lang}", config.public_url, meeting.id, if checking { "/minutes" } else { "" }),
        footer: t(lang, if checking { "mail-footer-checking" } else { "mail-footer" }),
    };
    let text = TextMail { m: &view }.render().unwrap_or_else(|err| {
        tracing::error!(%err, "mail text template failed");
        view.lead.clone()
    });
    let html = HtmlMail { m: &view }.render().unwrap_or_else(|err| {
        tracing::error!(%err, "mail HTML template failed");
        String::new()
    });
    let method = match letter.kind {
        Kind::Invitation | Kind::Update => Some(ical::Method::Request),
        Kind::Cancellation => Some(ical::Method::Cancel),
        Kind::Reminder | Kind::Checking => None,
    };
    let ics = match (method, &letter.recipient.address) {
        (Some(method), Some(address)) => {
            let attendee = ical::Party { name: letter.recipient.name.clone(), address: address.clone() };
            Some(ical::invitation(method, &event(config, letter, &title, lang), &organizer(config), &attendee, ical::now()))
        }
        _ => None,
    };
    Composed { subject: view.subject, text, html, ics }
}

/// The meetings' numbers ("3/2026") of a meeting's year.
async fn numbers_for(store: &Store, meeting: &Meeting) -> Result<HashMap<Id, String>> {
    let year = meetings::meetings_of_year(store, meeting.region_id, meeting.input.date.year()).await?;
    Ok(meetings::numbers(&year))
}

/// Queues a meeting's messages of `kind` for `sender`: see `outbox::enqueue` for who may
/// send what and when.
pub async fn send(store: &Store, config: &Config, sender: Sender<'_>, meeting_id: Id, kind: Kind) -> Result<Enqueued> {
    let meeting: Meeting = records::get(store, meeting_id).await?;
    let numbers = numbers_for(store, &meeting).await?;
    // A cancelled meeting has no number of its own any more; its message keeps the one it
    // had when it was invited.
    let number = numbers.get(&meeting_id).cloned().or(previous_number(store, &meeting).await?);
    outbox::enqueue(store, sender, meeting_id, kind, |letter| compose(config, number.as_deref(), letter)).await
}

/// The number a cancelled meeting had: its place among the year's meetings with it
/// counted as not cancelled.
async fn previous_number(store: &Store, meeting: &Meeting) -> Result<Option<String>> {
    if meeting.input.status != MeetingStatus::Cancelled {
        return Ok(None);
    }
    let mut year = meetings::meetings_of_year(store, meeting.region_id, meeting.input.date.year()).await?;
    for m in year.iter_mut().filter(|m| m.id == meeting.id) {
        m.input.status = MeetingStatus::Invited;
    }
    Ok(meetings::numbers(&year).remove(&meeting.id))
}

/// Sends a meeting's record to its checkers, each with an e-mail asking for the check.
pub async fn send_to_checkers(
    store: &Store,
    config: &Config,
    actor: &Actor,
    author: &Author,
    minutes_id: Id,
    expected_version: i64,
) -> Result<Minutes> {
    let record: Minutes = records::get(store, minutes_id).await?;
    let meeting: Meeting = records::get(store, record.input.meeting_id).await?;
    let number = numbers_for(store, &meeting).await?.remove(&meeting.id);
    minutes::send_to_checkers(store, actor, author, minutes_id, expected_version, |letter| compose(config, number.as_deref(), letter)).await
}

/// Sends a meeting's invitations (or, `update`, the changed details) as the secretary.
pub async fn send_invitations(
    store: &Store,
    config: &Config,
    actor: &Actor,
    author: &Author,
    meeting_id: Id,
    update: bool,
) -> Result<Enqueued> {
    let kind = if update { Kind::Update } else { Kind::Invitation };
    send(store, config, Sender::Person { actor, author }, meeting_id, kind).await
}

/// What one schedule round queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scheduled {
    pub reminders: usize,
    pub cancellations: usize,
}

/// Queues what is due on `today`: a cancellation to everyone invited to a meeting that was
/// cancelled since, and reminders `reminder_days` before invited meetings. Each meeting is
/// handled once, even with several nodes running the worker.
pub async fn schedule(store: &Store, config: &Config, today: NaiveDate) -> Result<Scheduled> {
    let mut done = Scheduled::default();
    for meeting_id in outbox::due_cancellations(store).await? {
        done.cancellations += send(store, config, Sender::Schedule, meeting_id, Kind::Cancellation).await?.queued;
    }
    for meeting_id in outbox::due_reminders(store, today, config.reminder_days).await? {
        done.reminders += send(store, config, Sender::Schedule, meeting_id, Kind::Reminder).await?.queued;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_the_finnish_way_in_each_language() {
        let meeting = Meeting {
            id: 3,
            region_id: 1,
            version: 2,
            input: MeetingInput {
                forum_ids: vec![1],
                date: "2026-03-10".parse().unwrap(),
                start_time: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                end_time: chrono::NaiveTime::from_hms_opt(11, 30, 0).unwrap(),
                place: String::new(),
                online_url: String::new(),
                kind: MeetingKind::Meeting,
                status: MeetingStatus::Invited,
                cancel_reason: String::new(),
                generated: false,
            },
        };
        assert_eq!(when_text(Lang::Fi, &meeting), "tiistai 10.3.2026 klo 9.00–11.30");
        assert_eq!(when_text(Lang::Sv, &meeting), "tisdag 10.3.2026 kl. 9.00–11.30");
        assert_eq!(when_text(Lang::En, &meeting), "Tuesday 10.3.2026, 9.00–11.30");
    }

    #[test]
    fn the_organizer_comes_from_mail_from() {
        let mut config = Config::default();
        assert_eq!(organizer(&config), ical::Party { name: "Foorumi".into(), address: "foorumi@localhost".into() });
        config.mail_from = "\"Päijät-Hämeen liitto\" <kutsut@example.org>".into();
        assert_eq!(organizer(&config), ical::Party { name: "Päijät-Hämeen liitto".into(), address: "kutsut@example.org".into() });
    }
}
