-- Indicators of the shared situational picture (SQLite). Kept column for column equal to
-- ../postgres/0009_indicators.sql: queries are written once.
-- The data are national (Sotkanet publishes every municipality), so they belong to no
-- region; a region reads its members' values through their official codes.

-- The catalogue. The id is Sotkanet's where the indicator has one.
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    unit_fi TEXT NOT NULL,
    unit_sv TEXT NOT NULL,
    unit_en TEXT NOT NULL,
    decimals INTEGER NOT NULL,
    source TEXT NOT NULL,
    producer_fi TEXT NOT NULL,
    producer_sv TEXT NOT NULL,
    producer_en TEXT NOT NULL,
    better TEXT NOT NULL,
    indicator_group TEXT,
    additive INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- Areas by official code: municipality, wellbeing services county, region, country.
CREATE TABLE indicator_areas (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    CONSTRAINT indicator_areas_code_key UNIQUE (kind, code)
);

-- Sotkanet's region ids, which its data files use instead of codes: every region of
-- its list, with the area it is when Foorumi keeps that kind (area_id NULL for
-- sub-regions, hospital districts and the like).
CREATE TABLE sotkanet_regions (
    sotkanet_id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    code TEXT NOT NULL,
    area_id INTEGER REFERENCES indicator_areas(id)
);

-- One row per indicator, area, year, gender and age group ('' for all ages). A NULL
-- value is a missing or suppressed figure, never 0. WITHOUT ROWID keeps the rows in the
-- key's own B-tree: one tree to write instead of two, for imports of millions of values.
-- No foreign keys: the import checks every indicator and area inside its transaction,
-- and the row-by-row checks of two foreign keys made an import of ten million values take
-- twice as long on PostgreSQL (263 s against 127 s) and half as long again on SQLite
-- (29 s against 18 s). Nothing deletes indicators or areas; whatever does in future must
-- delete their values too.
CREATE TABLE indicator_values (
    indicator_id INTEGER NOT NULL,
    area_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    gender TEXT NOT NULL,
    age_group TEXT NOT NULL,
    value REAL,
    absolute_value REAL,
    PRIMARY KEY (indicator_id, area_id, year, gender, age_group)
) WITHOUT ROWID;
