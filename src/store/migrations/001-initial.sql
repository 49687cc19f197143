-- Classes, learners, periods created from annexes, assignments and liaison sheets.
CREATE TABLE config (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE referentiels (
  code        TEXT PRIMARY KEY,
  data        TEXT NOT NULL,         -- the référentiel JSON
  imported_at TEXT NOT NULL
);

CREATE TABLE classes (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE learners (
  id         INTEGER PRIMARY KEY,
  ine        TEXT UNIQUE,
  last_name  TEXT NOT NULL,
  first_name TEXT NOT NULL,
  birth_date TEXT,
  email      TEXT,
  status     TEXT NOT NULL DEFAULT 'Scolaire' CHECK (status IN ('Scolaire', 'Apprenti')),
  class_id   INTEGER NOT NULL REFERENCES classes(id),
  match_key  TEXT NOT NULL           -- normalised nom|prénom|naissance|classe, for learners without INE
);
CREATE INDEX learners_match_key ON learners(match_key);

CREATE TABLE periods (
  id          INTEGER PRIMARY KEY,   -- creation order
  name        TEXT NOT NULL,
  class_id    INTEGER NOT NULL REFERENCES classes(id),
  kind        TEXT NOT NULL CHECK (kind IN ('Période 1', 'Période 2', 'Autre', 'E31', 'E33')),
  start_date  TEXT NOT NULL,
  end_date    TEXT NOT NULL,
  bilan_date  TEXT NOT NULL,
  referentiel TEXT NOT NULL,
  objectives  TEXT NOT NULL DEFAULT '[]',  -- JSON array of the annex objectives
  tasks       TEXT NOT NULL DEFAULT '[]',  -- JSON array of the annex task codes
  created_at  TEXT NOT NULL,
  UNIQUE (name, class_id)
);

CREATE TABLE assignments (
  id         INTEGER PRIMARY KEY,
  period_id  INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
  learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  UNIQUE (period_id, learner_id)
);
CREATE INDEX assignments_learner ON assignments(learner_id);

-- One liaison sheet per assignment. NULL objectives/tasks mean "inherited from the annex":
-- a change of the period's annex then reaches every sheet that was not individualised.
CREATE TABLE liaison_sheets (
  assignment_id       INTEGER PRIMARY KEY REFERENCES assignments(id) ON DELETE CASCADE,
  company_name        TEXT,
  company_address     TEXT,
  company_postal_code TEXT,
  company_city        TEXT,
  company_sector      TEXT,
  company_phone       TEXT,
  tutor_last_name     TEXT,
  tutor_first_name    TEXT,
  tutor_phone         TEXT,
  tutor_email         TEXT,
  tutor_role          TEXT,
  objectives          TEXT,          -- JSON array when individualised, else NULL
  tasks               TEXT,          -- JSON array when individualised, else NULL
  updated_at          TEXT
);
