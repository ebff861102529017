-- Statutory wellbeing reporting (R3.1–R3.3) and the preparedness workspace (R3.9, R3.10),
-- SQLite. Kept column for column equal to ../postgres/0013_wellbeing_reporting.sql.

-- A municipality's or the county's annual report (year) or extensive report and plan
-- (term_id). One per party and year or term: the store checks it, since a UNIQUE over
-- nullable columns would let duplicates through.
CREATE TABLE wellbeing_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    party_id INTEGER NOT NULL REFERENCES parties(id),
    kind TEXT NOT NULL,
    year INTEGER,
    term_id INTEGER REFERENCES council_terms(id),
    approved_on TEXT,
    approved_section TEXT NOT NULL,
    delivered_on TEXT,
    url TEXT NOT NULL,
    notes TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX wellbeing_reports_party ON wellbeing_reports (party_id, kind);

-- The municipal reports a county report draws on (R3.2).
CREATE TABLE wellbeing_report_sources (
    report_id INTEGER NOT NULL REFERENCES wellbeing_reports(id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL REFERENCES wellbeing_reports(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (report_id, source_id)
);

-- County–municipality negotiations (R3.3).
CREATE TABLE negotiations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    kind TEXT NOT NULL,
    held_on TEXT NOT NULL,
    topics TEXT NOT NULL,
    item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    minutes_url TEXT NOT NULL,
    notes TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE negotiation_parties (
    negotiation_id INTEGER NOT NULL REFERENCES negotiations(id) ON DELETE CASCADE,
    party_id INTEGER NOT NULL REFERENCES parties(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (negotiation_id, party_id)
);

-- A preparedness workspace's contact tree: per party, in calling order.
CREATE TABLE preparedness_contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    party_id INTEGER NOT NULL REFERENCES parties(id),
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    post_id INTEGER REFERENCES posts(id),
    person_id INTEGER REFERENCES people(id),
    notes TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX preparedness_contacts_forum ON preparedness_contacts (forum_id, party_id);

-- Dated situation notes; a public one may be shown on the situational picture.
CREATE TABLE preparedness_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    noted_on TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    is_public INTEGER NOT NULL,
    marking TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX preparedness_notes_forum ON preparedness_notes (forum_id, noted_on);
