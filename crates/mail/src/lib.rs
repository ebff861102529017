//! Sending Foorumi's e-mail: the SMTP mailer and the outbox worker.
//!
//! Messages are composed and queued elsewhere (`web::mail` writes them into the store's
//! outbox); this crate only takes due messages, sends each over SMTP with `lettre`, and
//! records the outcome, so a server that is down delays mail and loses none. Plain SMTP
//! (`smtp://host:port`, for a relay on the same machine or network) needs no TLS library;
//! `smtps://` and STARTTLS (`smtp://host:587?tls=required`) come with the `tls` feature.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use foorumi_store::Store;
use foorumi_store::outbox::{self, Outgoing, Status};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The SMTP URL or the sender address is unusable.
    #[error("mail configuration: {0}")]
    Config(String),
    /// A message could not be sent; `permanent` when the server refused it for good.
    #[error("{message}")]
    Send { permanent: bool, message: String },
    #[error(transparent)]
    Store(#[from] foorumi_store::Error),
}

/// Sends messages through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    // The transport holds the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).finish_non_exhaustive()
    }
}

/// How long one SMTP command may take before the attempt counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

impl Mailer {
    /// A mailer for `url` (`smtp://user:password@host:port`; the port defaults to 25)
    /// sending from `from` ("foorumi@example.org" or "Foorumi <foorumi@example.org>").
    pub fn new(url: &str, from: &str) -> Result<Mailer, Error> {
        let from: Mailbox = from.parse().map_err(|e| Error::Config(format!("sender address {from:?}: {e}")))?;
        let parsed = url::Url::parse(url).map_err(|e| Error::Config(format!("SMTP URL: {e}")))?;
        let wants_tls = parsed.scheme() == "smtps" || parsed.query_pairs().any(|(k, _)| k == "tls");
        let builder = if wants_tls {
            tls_builder(url)?
        } else if parsed.scheme() == "smtp" {
            let host = parsed.host_str().ok_or_else(|| Error::Config("SMTP URL has no host".into()))?;
            let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(parsed.port().unwrap_or(25));
            if !parsed.username().is_empty() {
                // Percent-decoding only: a literal '+' in the URL stays a '+'.
                let decode = |s: &str| {
                    let query = format!("x={}", s.replace('+', "%2B"));
                    url::form_urlencoded::parse(query.as_bytes()).next().map(|(_, v)| v.into_owned())
                };
                let user = decode(parsed.username()).unwrap_or_default();
                let password = parsed.password().and_then(decode).unwrap_or_default();
                builder = builder.credentials(Credentials::new(user, password));
            }
            builder
        } else {
            return Err(Error::Config(format!("SMTP URL must start with smtp:// or smtps://, not {}://", parsed.scheme())));
        };
        Ok(Mailer { transport: builder.timeout(Some(SMTP_TIMEOUT)).build(), from })
    }

    /// The message as it goes out: plain text and HTML as alternatives, and an invitation
    /// as a third alternative (`text/calendar; method=…`, which Outlook and Google
    /// Calendar act on) and again as an `invite.ics` attachment for other programs.
    pub fn message(&self, out: &Outgoing) -> Result<Message, Error> {
        let invalid = |what: &str, e: &dyn std::fmt::Display| Error::Send { permanent: true, message: format!("{what}: {e}") };
        let address = out.address.parse().map_err(|e| invalid("recipient address", &e))?;
        let to = Mailbox::new(Some(out.recipient.clone()), address);
        let domain = self.from.email.domain().to_owned();
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(out.subject.clone())
            // One id per queued message: a retried message is the same message.
            .message_id(Some(format!("<outbox-{}.{}@{domain}>", out.id, out.created_at.timestamp_micros())))
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Content-Language"), out.lang.as_str().to_owned()));
        let text = MultiPart::alternative().singlepart(SinglePart::plain(out.text.clone())).singlepart(SinglePart::html(out.html.clone()));
        let message = match &out.ics {
            None => builder.multipart(text),
            Some(ics) => {
                let method = ics.lines().find_map(|l| l.strip_prefix("METHOD:")).unwrap_or("REQUEST").trim().to_owned();
                let calendar_type = ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .map_err(|e| invalid("calendar content type", &e))?;
                let ics_type = ContentType::parse("application/ics").map_err(|e| invalid("attachment content type", &e))?;
                let alternatives = text.singlepart(SinglePart::builder().header(calendar_type).body(ics.clone()));
                builder.multipart(
                    MultiPart::mixed().multipart(alternatives).singlepart(Attachment::new("invite.ics".into()).body(ics.clone(), ics_type)),
                )
            }
        };
        message.map_err(|e| invalid("message", &e))
    }

    /// Sends one message.
    pub async fn send(&self, out: &Outgoing) -> Result<(), Error> {
        let message = self.message(out)?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| Error::Send { permanent: e.is_permanent(), message: e.to_string() })
    }
}

#[cfg(feature = "tls")]
fn tls_builder(url: &str) -> Result<lettre::transport::smtp::AsyncSmtpTransportBuilder, Error> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| Error::Config(format!("SMTP URL: {e}")))
}

#[cfg(not(feature = "tls"))]
fn tls_builder(_url: &str) -> Result<lettre::transport::smtp::AsyncSmtpTransportBuilder, Error> {
    Err(Error::Config("this build has no TLS for SMTP: build Foorumi with the `mail-tls` feature, or use a plain smtp:// relay".into()))
}

/// What one round of sending did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    /// Failed attempts that will be retried.
    pub retrying: usize,
    /// Messages given up on.
    pub failed: usize,
}

/// Sends every message due at `now`, one by one, and records each outcome: sent; or
/// queued again after a backoff; or failed, when the server refused it for good or it has
/// waited a day.
pub async fn send_due(store: &Store, mailer: &Mailer, now: DateTime<Utc>) -> Result<Round, Error> {
    let mut round = Round::default();
    while let Some(message) = outbox::claim_next(store, now).await? {
        match mailer.send(&message).await {
            Ok(()) => {
                outbox::mark_sent(store, message.id, Utc::now()).await?;
                round.sent += 1;
            }
            Err(err) => {
                let permanent = matches!(err, Error::Send { permanent: true, .. });
                let status = outbox::mark_failed(store, &message, now, &err.to_string(), permanent).await?;
                tracing::warn!(message = message.id, to = %message.address, attempts = message.attempts, %err, "mail not sent");
                match status {
                    Status::Failed => round.failed += 1,
                    _ => round.retrying += 1,
                }
            }
        }
    }
    Ok(round)
}

/// The outbox worker: every `interval`, runs `schedule` (which queues the reminders and
/// cancellations that are due) and then sends what is due. Without a mailer the outbox
/// still fills and nothing is sent. Runs until its task is dropped; errors are logged and
/// the next round tries again.
pub async fn run_outbox<F, Fut>(store: Store, mailer: Option<Mailer>, interval: Duration, mut schedule: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        schedule().await;
        let Some(mailer) = &mailer else { continue };
        match send_due(&store, mailer, Utc::now()).await {
            Ok(round) if round != Round::default() => {
                tracing::info!(sent = round.sent, retrying = round.retrying, failed = round.failed, "outbox round")
            }
            Ok(_) => {}
            Err(err) => tracing::error!(%err, "outbox round failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_smtp_urls_need_no_tls_and_others_are_refused_with_a_reason() {
        assert!(Mailer::new("smtp://127.0.0.1:2525", "foorumi@localhost").is_ok());
        assert!(Mailer::new("smtp://user%40x:p%C3%A4ss@mail.example.org:25", "Foorumi <foorumi@example.org>").is_ok());
        let err = Mailer::new("http://mail.example.org", "foorumi@localhost").unwrap_err();
        assert!(err.to_string().contains("smtp://"), "{err}");
        let err = Mailer::new("smtp://127.0.0.1:25", "not an address").unwrap_err();
        assert!(err.to_string().contains("sender address"), "{err}");
        if !cfg!(feature = "tls") {
            let err = Mailer::new("smtps://mail.example.org", "foorumi@localhost").unwrap_err();
            assert!(err.to_string().contains("mail-tls"), "{err}");
        }
    }

    fn outgoing(ics: Option<&str>) -> Outgoing {
        Outgoing {
            id: 42,
            meeting_id: 7,
            recipient: "Åsa Öberg".into(),
            address: "asa.oberg@example.org".into(),
            lang: foorumi_core::Lang::Sv,
            kind: outbox::Kind::Invitation,
            subject: "Kallelse: Kommundirektörsmötet 3/2026".into(),
            text: "Hej Åsa".into(),
            html: "<p>Hej Åsa</p>".into(),
            ics: ics.map(str::to_owned),
            attempts: 1,
            created_at: DateTime::from_timestamp(1_770_000_000, 0).unwrap(),
        }
    }

    #[test]
    fn an_invitation_carries_text_html_and_the_calendar_request() {
        let mailer = Mailer::new("smtp://127.0.0.1:2525", "Foorumi <foorumi@example.org>").unwrap();
        let ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
        let raw = String::from_utf8(mailer.message(&outgoing(Some(ics))).unwrap().formatted()).unwrap();
        for needle in [
            "Content-Language: sv",
            "Message-ID: <outbox-42.1770000000000000@example.org>",
            "multipart/mixed",
            "multipart/alternative",
            "text/plain; charset=utf-8",
            "text/html; charset=utf-8",
            "text/calendar; charset=utf-8; method=REQUEST",
            "filename=\"invite.ics\"",
            "application/ics",
        ] {
            assert!(raw.contains(needle), "{needle:?} missing in\n{raw}");
        }
        let plain = String::from_utf8(mailer.message(&outgoing(None)).unwrap().formatted()).unwrap();
        assert!(plain.contains("multipart/alternative") && !plain.contains("multipart/mixed") && !plain.contains("text/calendar"));
    }
}
