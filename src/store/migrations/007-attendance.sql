-- Attendance of each placement (schedule, absences, confirmation) and a class's level for the allocation PFMP.
-- Touches only its own tables and one new column of classes, so that it applies whether 006 ran or not.
CREATE TABLE attendance (
  assignment_id INTEGER PRIMARY KEY REFERENCES assignments(id) ON DELETE CASCADE,
  daily_hours   REAL,                -- the schedule's daily hours; NULL: 7 h
  weekdays      TEXT,                -- ISO weekdays worked, "1,2,3,4,5"; NULL: Monday to Friday
  confirmed_at  TEXT,                -- NULL: attendance not confirmed
  confirmed_by  TEXT CHECK (confirmed_by IN ('enseignant', 'tuteur'))
);

CREATE TABLE absences (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  date          TEXT NOT NULL,
  hours         REAL,                -- NULL with half_day 0: the whole day
  half_day      INTEGER NOT NULL DEFAULT 0 CHECK (half_day IN (0, 1)),
  reason        TEXT,
  UNIQUE (assignment_id, date)
);

ALTER TABLE classes ADD COLUMN level TEXT CHECK (level IN ('2de', '1re', 'Tle', 'CAP1', 'CAP2'));

-- Certificative grids of the periods tied to an exam unit (E31, E33), one per assignment, apart from the
-- evaluations table whose type CHECK names only the two bilans (a rebuild would risk other migrations' columns).
CREATE TABLE certificative_evaluations (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  unit          TEXT NOT NULL CHECK (unit IN ('E31', 'E33')),
  meeting_date  TEXT NOT NULL,
  comment       TEXT,
  updated_at    TEXT NOT NULL,
  UNIQUE (assignment_id, unit)
);

CREATE TABLE certificative_levels (
  evaluation_id INTEGER NOT NULL REFERENCES certificative_evaluations(id) ON DELETE CASCADE,
  code          TEXT NOT NULL,
  level         TEXT NOT NULL CHECK (level IN ('4', '3', '2', '1', '0', 'NE')),
  PRIMARY KEY (evaluation_id, code)
);
