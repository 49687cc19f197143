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
