-- The situational picture (SQLite): each region's chosen indicators, the municipal
-- borders its map is drawn from, and frozen snapshots of the picture. Kept column for
-- column equal to ../postgres/0010_snapshots.sql: queries are written once.

-- The indicators a region's picture shows, in order; kept by the cooperation manager.
CREATE TABLE picture_indicators (
    region_id INTEGER NOT NULL REFERENCES regions(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (region_id, indicator_id)
);

-- Municipal borders by official code, as GeoJSON geometry in WGS-84 (national data, like
-- the indicator values): the map projects them when it draws.
CREATE TABLE area_borders (
    code TEXT PRIMARY KEY,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    geometry TEXT NOT NULL
);

-- The figures of each region's picture as last computed, under the register version
-- (audit sequence) they were computed at: every change that can alter them (an import, the
-- choice of indicators, a party's membership) is audited and moves the version, so a row
-- at the current version is current. Only a cache: deleting it loses nothing.
CREATE TABLE picture_cache (
    region_id INTEGER PRIMARY KEY REFERENCES regions(id),
    version INTEGER NOT NULL,
    data TEXT NOT NULL
);

-- A snapshot of a region's picture: every value it showed, frozen as one JSON document
-- with the commentary as of a date. Never changed nor deleted (the triggers below refuse
-- it even to a hand-written statement): a snapshot is cited by its URL.
CREATE TABLE picture_snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    title TEXT NOT NULL,
    frozen_on TEXT NOT NULL,
    commentary TEXT NOT NULL,
    data TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX picture_snapshots_region ON picture_snapshots (region_id, frozen_on);

CREATE TRIGGER picture_snapshots_frozen_update BEFORE UPDATE ON picture_snapshots
BEGIN
    SELECT RAISE(ABORT, 'a snapshot never changes');
END;
CREATE TRIGGER picture_snapshots_frozen_delete BEFORE DELETE ON picture_snapshots
BEGIN
    SELECT RAISE(ABORT, 'a snapshot never changes');
END;

-- The chairs' forum item that established a snapshot: once, never changed (its own
-- table, so the snapshot row itself is never written again).
CREATE TABLE snapshot_establishments (
    snapshot_id INTEGER PRIMARY KEY REFERENCES picture_snapshots(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    established_by TEXT NOT NULL,
    established_at TEXT NOT NULL
);
CREATE INDEX snapshot_establishments_item ON snapshot_establishments (item_id);

CREATE TRIGGER snapshot_establishments_once_update BEFORE UPDATE ON snapshot_establishments
BEGIN
    SELECT RAISE(ABORT, 'an establishment never changes');
END;
CREATE TRIGGER snapshot_establishments_once_delete BEFORE DELETE ON snapshot_establishments
BEGIN
    SELECT RAISE(ABORT, 'an establishment never changes');
END;
