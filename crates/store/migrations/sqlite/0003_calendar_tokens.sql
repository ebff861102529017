-- Secret addresses of people's private calendar feeds. Only a SHA-256 of each token is
-- kept; a person has at most one, and a new one replaces (revokes) the old.
-- Kept column for column equal to the other backend's 0003_calendar_tokens.sql.

CREATE TABLE calendar_tokens (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX calendar_tokens_person ON calendar_tokens (person_id);
