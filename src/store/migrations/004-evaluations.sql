-- Evaluations of each assignment (a learner in a period): the bilan entreprise and the bilan des attitudes
-- professionnelles, one of each at most; their answers per code; and the learner's bilan personnel.
CREATE TABLE evaluations (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  type          TEXT NOT NULL CHECK (type IN ('entreprise', 'attitudes')),
  tasks_done    TEXT NOT NULL DEFAULT '[]',            -- JSON array of task codes, référentiel order
  engagement    INTEGER CHECK (engagement BETWEEN 1 AND 4),
  meeting_date  TEXT NOT NULL,                         -- ISO date; orders the learner's dashboard
  comment       TEXT,
  updated_at    TEXT NOT NULL,
  UNIQUE (assignment_id, type)
);

-- One row per answered code (competency, sub-competency or attitude item); no row means no answer.
CREATE TABLE evaluation_levels (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  code          TEXT NOT NULL,
  level         TEXT NOT NULL CHECK (level IN ('4', '3', '2', '1', '0', 'NE')),
  PRIMARY KEY (evaluation_id, code)
);
CREATE INDEX evaluation_levels_code ON evaluation_levels(code);

-- How each competency that has sub-competencies was evaluated.
CREATE TABLE evaluation_modes (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  competency    TEXT NOT NULL,
  mode          TEXT NOT NULL CHECK (mode IN ('global', 'detailed')),
  PRIMARY KEY (evaluation_id, competency)
);

CREATE TABLE bilans_personnels (
  assignment_id INTEGER PRIMARY KEY REFERENCES assignments(id) ON DELETE CASCADE,
  strengths     TEXT NOT NULL DEFAULT '[]',            -- JSON arrays of lines
  improvements  TEXT NOT NULL DEFAULT '[]',
  perspectives  TEXT NOT NULL DEFAULT '[]',
  updated_at    TEXT NOT NULL
);
