-- Planned attendance: each seat's answer to each meeting (accepted, declined, a deputy
-- attends). No row means no answer yet.
-- Kept column for column equal to the other backend's 0004_attendance.sql.

CREATE TABLE attendance (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seat_id BIGINT NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
    response TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, seat_id)
);
