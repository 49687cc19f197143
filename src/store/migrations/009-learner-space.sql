-- cpro:foreign-keys-off
-- The learners' space: one access machinery for tutors and learners. tutor_accounts now holds every access
-- account of an assignment, the tutor's or the learner's (audience); tokens, sessions and the invitation log are
-- shared. The table is rebuilt (SQLite cannot change a UNIQUE or CHECK constraint in place) with foreign keys
-- off, so that dropping the old table cascades nothing; the runner checks every foreign key before committing.
CREATE TABLE tutor_accounts_009 (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  audience      TEXT NOT NULL DEFAULT 'tuteur' CHECK (audience IN ('tuteur', 'apprenant')),
  role          TEXT NOT NULL CHECK (role IN ('tuteur de stage', 'maître d''apprentissage', 'apprenant')),
  last_name     TEXT NOT NULL,
  first_name    TEXT NOT NULL,
  email         TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  last_visit_at TEXT,
  UNIQUE (assignment_id, audience)
);
INSERT INTO tutor_accounts_009 (id, assignment_id, audience, role, last_name, first_name, email, created_at, updated_at, last_visit_at)
  SELECT id, assignment_id, 'tuteur', role, last_name, first_name, email, created_at, updated_at, last_visit_at FROM tutor_accounts;
DROP TABLE tutor_accounts;
ALTER TABLE tutor_accounts_009 RENAME TO tutor_accounts;

ALTER TABLE tutor_invitations ADD COLUMN audience TEXT NOT NULL DEFAULT 'tuteur' CHECK (audience IN ('tuteur', 'apprenant'));
DROP INDEX tutor_invitations_assignment;
CREATE INDEX tutor_invitations_assignment ON tutor_invitations(assignment_id, audience, id);

-- The web face of a portfolio: the learner's draft as typed (JSON of the form, kept even when invalid), when the
-- learner last edited on the web, and when the content was last written from a file.
ALTER TABLE portfolios ADD COLUMN web_edited_at TEXT;
ALTER TABLE portfolios ADD COLUMN file_imported_at TEXT;
UPDATE portfolios SET file_imported_at = updated_at;

CREATE TABLE portfolio_drafts (
  assignment_id INTEGER PRIMARY KEY REFERENCES assignments(id) ON DELETE CASCADE,
  draft         TEXT NOT NULL,         -- JSON: what the learner typed, section by section
  updated_at    TEXT NOT NULL
);

-- Annexes of a portfolio, stored in the store itself (BLOBs): the store file is readable by its owner only, and
-- backup, export and purge carry them with everything else; the quota is checked in the insert's transaction.
CREATE TABLE portfolio_annexes (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  file_name     TEXT NOT NULL,         -- as uploaded, for display and export
  media_type    TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size          INTEGER NOT NULL CHECK (size > 0),
  sha256        TEXT NOT NULL,
  content       BLOB NOT NULL,
  uploaded_at   TEXT NOT NULL
);
CREATE INDEX portfolio_annexes_assignment ON portfolio_annexes(assignment_id, id);
