-- What makes a formal body's record valid beyond its content (R2.8, R2.10–R2.12): the
-- provision each item's appeal instructions rest on, items checked at the meeting itself,
-- dissenters' written reasons as files, each organisation's own wording of the
-- instructions, and the log of parties notified of a decision.
-- Kept column for column equal to the other backend's 0008_record_validity.sql.

-- The party whose body a formal body is.
ALTER TABLE forums ADD COLUMN organisation_id INTEGER REFERENCES parties(id);

ALTER TABLE item_records ADD COLUMN appeal_basis TEXT NOT NULL DEFAULT '';
ALTER TABLE item_records ADD COLUMN checked_at_meeting TEXT;

ALTER TABLE dissents ADD COLUMN reasons_file_name TEXT;
ALTER TABLE dissents ADD COLUMN reasons_file_type TEXT;
ALTER TABLE dissents ADD COLUMN reasons_file_size INTEGER;
ALTER TABLE dissents ADD COLUMN reasons_file_sha256 TEXT;
ALTER TABLE dissents ADD COLUMN reasons_submitted_at TEXT;

CREATE TABLE appeal_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    party_id INTEGER NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
    appeal TEXT NOT NULL,
    basis TEXT NOT NULL,
    text_fi TEXT NOT NULL,
    text_sv TEXT NOT NULL,
    text_en TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (party_id, appeal)
);

CREATE TABLE party_notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    recipient TEXT NOT NULL,
    method TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX party_notifications_item ON party_notifications (item_id, id);
