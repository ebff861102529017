-- The cooperation register, accounts, sessions and the audit log (SQLite).
-- Kept column for column equal to ../postgres/0001_register.sql: queries are written once.
-- Dates are ISO text ('2025-06-01'), instants RFC 3339 text, flags 0/1.
-- Ids are never reused (AUTOINCREMENT): a deleted meeting's id, page and calendar UID
-- must not pass to a new record, as PostgreSQL's identities never do.

CREATE TABLE regions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL CONSTRAINT regions_code_key UNIQUE,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE parties (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    kind TEXT NOT NULL,
    code TEXT,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    signed_protocol INTEGER NOT NULL,
    is_example INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT parties_code_key UNIQUE (region_id, kind, code)
);

CREATE TABLE party_region_periods (
    party_id INTEGER NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT
);
CREATE INDEX party_region_periods_party ON party_region_periods (party_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    party_id INTEGER REFERENCES parties(id),
    name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE contacts (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    public INTEGER NOT NULL,
    valid_from TEXT,
    valid_until TEXT
);
CREATE INDEX contacts_person ON contacts (person_id);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    party_id INTEGER NOT NULL REFERENCES parties(id),
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL,
    title_en TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX posts_party ON posts (party_id);

CREATE TABLE holdings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    post_id INTEGER NOT NULL REFERENCES posts(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    start_date TEXT NOT NULL,
    end_date TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX holdings_post ON holdings (post_id);
CREATE INDEX holdings_person ON holdings (person_id);

CREATE TABLE forums (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    short_name TEXT NOT NULL,
    level TEXT NOT NULL,
    legal_type TEXT NOT NULL,
    mandate_fi TEXT NOT NULL,
    mandate_sv TEXT NOT NULL,
    mandate_en TEXT NOT NULL,
    parent_id INTEGER REFERENCES forums(id),
    cadence_kind TEXT NOT NULL,
    cadence_weekday INTEGER,
    cadence_week INTEGER,
    cadence_month INTEGER,
    cadence_excluded_months TEXT NOT NULL,
    default_publicity TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX forums_region ON forums (region_id);

CREATE TABLE council_terms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT council_terms_start_key UNIQUE (region_id, start_date)
);

CREATE TABLE seats (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    term_id INTEGER NOT NULL REFERENCES council_terms(id),
    post_id INTEGER REFERENCES posts(id),
    person_id INTEGER REFERENCES people(id),
    party_id INTEGER NOT NULL REFERENCES parties(id),
    role TEXT NOT NULL,
    deputy_of INTEGER REFERENCES seats(id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX seats_forum ON seats (forum_id);
CREATE INDEX seats_party ON seats (party_id);
CREATE INDEX seats_post ON seats (post_id);
CREATE INDEX seats_person ON seats (person_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL CONSTRAINT users_email_key UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    instance_admin INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE grants (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    party_id INTEGER REFERENCES parties(id) ON DELETE CASCADE
);
CREATE INDEX grants_user ON grants (user_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    throttle_key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, at);

-- One row; every write transaction updates it first, which serialises writers so the
-- audit chain never forks, and its seq tells page caches when the register changed.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash) VALUES (1, 0, '');

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    region_id INTEGER,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id);
