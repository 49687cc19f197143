-- A teacher's first day: what a company needs on its pré-convention (SIRET and the signatory of the agreement),
-- and the teacher's visits, planned then recorded (section 6 of the pré-convention).
ALTER TABLE liaison_sheets ADD COLUMN company_siret TEXT;
ALTER TABLE liaison_sheets ADD COLUMN company_signatory TEXT;

CREATE TABLE teacher_visits (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  date          TEXT NOT NULL,                         -- ISO date
  mode          TEXT NOT NULL CHECK (mode IN ('visite', 'telephone', 'visio')),
  status        TEXT NOT NULL CHECK (status IN ('prevue', 'faite')),
  who           TEXT,                                  -- the teacher who visits or calls
  note          TEXT,
  created_at    TEXT NOT NULL
);
CREATE INDEX teacher_visits_assignment ON teacher_visits(assignment_id, date);
