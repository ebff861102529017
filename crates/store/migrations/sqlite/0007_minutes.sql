-- Minutes and memos: the record of each meeting (who chairs, keeps and checks it, its
-- status in the checking workflow), how each seat took part, each item's record with its
-- disqualifications, votes and dissents, the actions agreed, the parties' ratifications,
-- the checked versions (never changed) and the public versions with their personal-data
-- expiry (R1.3, R1.4).
-- Kept column for column equal to the other backend's 0007_minutes.sql.

-- checkers: minute checkers named per meeting; next_meeting: a memo approved at the next.
ALTER TABLE forums ADD COLUMN minutes_approval TEXT NOT NULL DEFAULT 'checkers';
-- The item that follows up the forum's open actions on each agenda.
ALTER TABLE agenda_items ADD COLUMN follows_up_actions INTEGER NOT NULL DEFAULT 0;

CREATE TABLE minutes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    meeting_id INTEGER NOT NULL UNIQUE REFERENCES meetings(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    kind TEXT NOT NULL,
    approval TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    chair_id INTEGER REFERENCES people(id),
    secretary_id INTEGER REFERENCES people(id),
    opened_at TEXT,
    closed_at TEXT,
    checked_version INTEGER NOT NULL DEFAULT 0,
    correction_reason TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX minutes_region ON minutes (region_id);

CREATE TABLE minute_checkers (
    minutes_id INTEGER NOT NULL REFERENCES minutes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id),
    approved_at TEXT,
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (minutes_id, person_id)
);

CREATE TABLE presences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    seat_id INTEGER NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
    presence TEXT NOT NULL,
    deputy_id INTEGER REFERENCES people(id),
    verification TEXT,
    arrived_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    left_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (meeting_id, seat_id)
);

CREATE TABLE item_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    item_id INTEGER NOT NULL UNIQUE REFERENCES agenda_items(id) ON DELETE CASCADE,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    discussion TEXT NOT NULL,
    outcome TEXT,
    outcome_text TEXT NOT NULL,
    -- rectification, municipal_appeal or no_appeal: a formal body's items only (R2.11).
    appeal TEXT,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX item_records_meeting ON item_records (meeting_id);

CREATE TABLE disqualifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    ground TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    left_at TEXT,
    returned_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (item_id, person_id)
);

CREATE TABLE votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    yes_proposal TEXT NOT NULL,
    no_proposal TEXT NOT NULL,
    chair_id INTEGER NOT NULL REFERENCES people(id),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX votes_item ON votes (item_id);

CREATE TABLE vote_ballots (
    vote_id INTEGER NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id),
    ballot TEXT NOT NULL,
    PRIMARY KEY (vote_id, person_id)
);

CREATE TABLE dissents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    reasons TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dissents_item ON dissents (item_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    title TEXT NOT NULL,
    owner_party_id INTEGER REFERENCES parties(id),
    owner_person_id INTEGER REFERENCES people(id),
    due_date TEXT,
    status TEXT NOT NULL,
    notes TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX actions_forum ON actions (forum_id, status);
CREATE INDEX actions_party ON actions (owner_party_id, status);

CREATE TABLE ratifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    party_id INTEGER NOT NULL REFERENCES parties(id),
    body TEXT NOT NULL,
    decided_on TEXT,
    section TEXT NOT NULL,
    url TEXT NOT NULL,
    result TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (item_id, party_id)
);

-- Each checked version of a record as it was checked (JSON), with the reason of a
-- correction; never changed afterwards, and never deleted with its record or meeting:
-- the archival copy (R5.6).
CREATE TABLE minutes_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    minutes_id INTEGER NOT NULL REFERENCES minutes(id),
    number INTEGER NOT NULL,
    reason TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    content TEXT NOT NULL,
    UNIQUE (minutes_id, number)
);

-- The secretary's decision on each personal identifier found before publishing (R1.3).
CREATE TABLE personal_data_reviews (
    minutes_id INTEGER NOT NULL REFERENCES minutes(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    decision TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    PRIMARY KEY (minutes_id, item_id, text)
);

-- The public version of each publication (JSON); its personal data leaves it on
-- `personal_data_until` (R1.4), when `content` is replaced by the version without it.
CREATE TABLE minutes_publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    minutes_id INTEGER NOT NULL REFERENCES minutes(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    personal_data_until TEXT NOT NULL,
    personal_data_removed_at TEXT,
    content TEXT NOT NULL
);
CREATE INDEX minutes_publications_minutes ON minutes_publications (minutes_id, id);
CREATE INDEX minutes_publications_expiry ON minutes_publications (personal_data_until);
