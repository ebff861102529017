-- Agendas: items numbered with § per forum and year, their attachments, the managed list
-- of secrecy grounds (R1.10), each forum's standing items, item proposals from members
-- and parties, and the frozen public versions of published agendas (R1.7).
-- Kept column for column equal to the other backend's 0005_agendas.sql.

ALTER TABLE people ADD COLUMN lang TEXT NOT NULL DEFAULT 'fi';
-- Days before a meeting its notice and agenda must be out (R1.8).
ALTER TABLE forums ADD COLUMN notice_days INTEGER NOT NULL DEFAULT 4;

CREATE TABLE legal_bases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    code TEXT NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX legal_bases_region ON legal_bases (region_id);

CREATE TABLE standing_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
    placement TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    proposal TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX standing_items_forum ON standing_items (forum_id);

CREATE TABLE item_proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    party_id INTEGER REFERENCES parties(id),
    person_id INTEGER REFERENCES people(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    wanted_by TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    answer TEXT NOT NULL DEFAULT '',
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX item_proposals_forum ON item_proposals (forum_id, status);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number INTEGER,
    title TEXT NOT NULL,
    public_title TEXT NOT NULL,
    preparer_id INTEGER REFERENCES people(id),
    presenter_id INTEGER REFERENCES people(id),
    background TEXT NOT NULL,
    proposal TEXT NOT NULL,
    publicity TEXT NOT NULL,
    legal_basis_id INTEGER REFERENCES legal_bases(id),
    tags TEXT NOT NULL,
    standing_item_id INTEGER REFERENCES standing_items(id) ON DELETE SET NULL,
    proposal_id INTEGER REFERENCES item_proposals(id) ON DELETE SET NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);

CREATE TABLE agenda_item_parties (
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    party_id INTEGER NOT NULL REFERENCES parties(id)
);
CREATE INDEX agenda_item_parties_item ON agenda_item_parties (item_id);

-- The file itself lies in the blob store under its SHA-256; this row is its metadata.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    publicity TEXT NOT NULL,
    legal_basis_id INTEGER REFERENCES legal_bases(id),
    uploaded_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX attachments_item ON attachments (item_id, position);

-- Each publication of an agenda: when, by whom, whether later than the notice lead
-- time, and the public version as it was then (JSON), which never changes afterwards.
CREATE TABLE agenda_publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    late INTEGER NOT NULL,
    content TEXT NOT NULL
);
CREATE INDEX agenda_publications_meeting ON agenda_publications (meeting_id, id);
