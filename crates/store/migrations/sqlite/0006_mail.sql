-- E-mail: the outbox every message goes through (a worker sends it and retries with
-- backoff, so nothing is lost while the SMTP server is down), the single-use answer tokens
-- behind the accept and decline links, the secret those links are signed with (in the
-- database, so every node shares it), and the reminders already sent.
-- Kept column for column equal to the other backend's 0006_mail.sql.

-- One row per message and recipient. A recipient without an e-mail address gets a row too
-- (status 'no_address'), so the secretary sees who was not reached. `sequence` is the
-- iCalendar SEQUENCE the message carried, `fingerprint` the meeting's time and place as
-- the message told them (a changed meeting offers an update).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seat_id INTEGER REFERENCES seats(id) ON DELETE SET NULL,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    recipient TEXT NOT NULL,
    address TEXT NOT NULL,
    lang TEXT NOT NULL,
    kind TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    ics TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox (meeting_id, id);

-- Only a SHA-256 of each token's random part is kept; the link also carries an HMAC of
-- the token's facts and the answer it gives.
CREATE TABLE answer_tokens (
    token_hash TEXT PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seat_id INTEGER NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX answer_tokens_meeting ON answer_tokens (meeting_id);

CREATE TABLE mail_secret (
    id INTEGER PRIMARY KEY,
    secret TEXT NOT NULL
);

-- A reminder goes once per meeting and date: a meeting moved to another day is reminded
-- of again.
CREATE TABLE mail_reminders (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    meeting_date TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, meeting_date)
);
