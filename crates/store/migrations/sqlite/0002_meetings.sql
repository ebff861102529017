-- Meetings: the year's plan and each meeting's time, place, kind and status. A joint
-- meeting of several forums is one row here with a row per forum in meeting_forums.
-- Kept column for column equal to the other backend's 0002_meetings.sql.
-- Ids are never reused (AUTOINCREMENT): a deleted meeting's id, page and calendar UID
-- must not pass to a new record, as PostgreSQL's identities never do.

ALTER TABLE forums ADD COLUMN cadence_start_time TEXT;
ALTER TABLE forums ADD COLUMN cadence_duration INTEGER;

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    place TEXT NOT NULL,
    online_url TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    cancel_reason TEXT NOT NULL,
    generated INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_region_date ON meetings (region_id, date);

CREATE TABLE meeting_forums (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    forum_id INTEGER NOT NULL REFERENCES forums(id)
);
CREATE INDEX meeting_forums_meeting ON meeting_forums (meeting_id);
CREATE INDEX meeting_forums_forum ON meeting_forums (forum_id);
