-- Issue 5, the cooperation's own records: the division of responsibilities (topics ×
-- parties), disagreements with their steps up the forums, and the cooperation protocol's
-- versions. Kept column for column equal to the other backend's 0012_cooperation.sql.

CREATE TABLE responsibility_topics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX responsibility_topics_region ON responsibility_topics (region_id, position);

CREATE TABLE responsibilities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    topic_id INTEGER NOT NULL REFERENCES responsibility_topics(id),
    party_id INTEGER NOT NULL REFERENCES parties(id),
    role TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    forum_id INTEGER REFERENCES forums(id),
    post_id INTEGER REFERENCES posts(id),
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (topic_id, party_id)
);
CREATE INDEX responsibilities_region ON responsibilities (region_id, topic_id);

CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    title TEXT NOT NULL,
    topic_id INTEGER REFERENCES responsibility_topics(id),
    topic_text TEXT NOT NULL,
    raised_by INTEGER REFERENCES parties(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    description TEXT NOT NULL,
    raised_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    current_forum_id INTEGER NOT NULL REFERENCES forums(id),
    resolved_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    resolution TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX conflicts_region ON conflicts (region_id, status);

CREATE TABLE conflict_parties (
    conflict_id INTEGER NOT NULL REFERENCES conflicts(id) ON DELETE CASCADE,
    party_id INTEGER NOT NULL REFERENCES parties(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (conflict_id, party_id)
);

CREATE TABLE conflict_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conflict_id INTEGER NOT NULL REFERENCES conflicts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    proposal_id INTEGER REFERENCES item_proposals(id) ON DELETE SET NULL,
    item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    taken_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX conflict_steps_conflict ON conflict_steps (conflict_id, id);

CREATE TABLE protocol_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    label TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    text TEXT NOT NULL,
    item_id INTEGER REFERENCES agenda_items(id),
    acceptance_note TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (region_id, label)
);
