-- The goals of a council term and their follow-up (SQLite). Kept column for column equal
-- to ../postgres/0011_term_goals.sql: queries are written once.

-- The term's policy lines, set by the strategic forum.
CREATE TABLE term_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    term_id INTEGER NOT NULL REFERENCES council_terms(id),
    position INTEGER NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX term_lines_term ON term_lines (term_id, position);

-- Goals under a line; the strategic forum's item that set one, when known.
CREATE TABLE goals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    line_id INTEGER NOT NULL REFERENCES term_lines(id),
    position INTEGER NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    decided_item_id INTEGER REFERENCES agenda_items(id),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX goals_line ON goals (line_id, position);

-- Measures toward a goal: weight 1–100, progress 0–100 %.
CREATE TABLE measures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    position INTEGER NOT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    weight INTEGER NOT NULL,
    progress INTEGER NOT NULL,
    start_date TEXT,
    end_date TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX measures_goal ON measures (goal_id, position);

CREATE TABLE measure_owners (
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    party_id INTEGER NOT NULL REFERENCES parties(id),
    PRIMARY KEY (measure_id, party_id)
);

-- Actions agreed in minutes that carry a measure out; an action deleted with its item
-- leaves the measure.
CREATE TABLE measure_actions (
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    PRIMARY KEY (measure_id, action_id)
);

-- Indicator targets: the area by kind and official code, as indicator values are kept.
CREATE TABLE goal_targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    area_kind TEXT NOT NULL,
    area_code TEXT NOT NULL,
    baseline_year INTEGER NOT NULL,
    baseline_value REAL NOT NULL,
    target_value REAL NOT NULL,
    target_year INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX goal_targets_goal ON goal_targets (goal_id);

-- A goal's status in a year, with a short justification.
CREATE TABLE goal_statuses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    year INTEGER NOT NULL,
    status TEXT NOT NULL,
    justification TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT goal_statuses_year_key UNIQUE (goal_id, year)
);

-- The chairs' forum's yearly assessment of a goal, with the item where it was made.
CREATE TABLE goal_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    year INTEGER NOT NULL,
    status TEXT NOT NULL,
    text TEXT NOT NULL,
    item_id INTEGER REFERENCES agenda_items(id),
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT goal_assessments_year_key UNIQUE (goal_id, year)
);
