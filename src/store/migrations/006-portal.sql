-- The tutors' portal (cpro serve): server-side sessions opened by an access token, who entered each bilan and
-- whether it is a draft or validated, what the host organisation states on the attestation, the tutor's last
-- visit, and whether a portfolio comment is the teacher's or the tutor's.
CREATE TABLE portal_sessions (
  id            INTEGER PRIMARY KEY,
  session_hash  TEXT NOT NULL UNIQUE,  -- hex SHA-256 of the random id held by the cookie, never the id itself
  token_id      INTEGER NOT NULL REFERENCES tutor_tokens(id) ON DELETE CASCADE,
  created_at    TEXT NOT NULL,         -- ISO instants (UTC)
  last_seen_at  TEXT NOT NULL,
  ended_at      TEXT                   -- signed out
);
CREATE INDEX portal_sessions_token ON portal_sessions(token_id);

-- Existing bilans were entered by the teacher and count as validated on the day they were last written.
ALTER TABLE evaluations ADD COLUMN status TEXT NOT NULL DEFAULT 'validated' CHECK (status IN ('draft', 'validated'));
ALTER TABLE evaluations ADD COLUMN validated_at TEXT;
-- Who validated it: a tutor's validation makes the bilan read-only on the portal; the teacher can still amend it.
ALTER TABLE evaluations ADD COLUMN validated_by TEXT CHECK (validated_by IN ('tuteur', 'enseignant'));
ALTER TABLE evaluations ADD COLUMN entered_by TEXT NOT NULL DEFAULT 'enseignant' CHECK (entered_by IN ('tuteur', 'enseignant'));
ALTER TABLE evaluations ADD COLUMN entered_at TEXT;
UPDATE evaluations SET validated_at = updated_at, validated_by = 'enseignant', entered_at = updated_at;

-- What the host organisation states on the attestation de stage (D.124-9), entered by the tutor.
CREATE TABLE attestation_entries (
  assignment_id  INTEGER PRIMARY KEY REFERENCES assignments(id) ON DELETE CASCADE,
  representative TEXT NOT NULL,        -- nom et qualité du représentant
  head_office    TEXT,                 -- adresse du siège, when different
  hours          INTEGER NOT NULL CHECK (hours > 0),
  gratification  TEXT NOT NULL,        -- amount as written (« néant » when none)
  place          TEXT NOT NULL,        -- « Fait à »
  updated_at     TEXT NOT NULL
);

ALTER TABLE tutor_accounts ADD COLUMN last_visit_at TEXT;

ALTER TABLE portfolio_comments ADD COLUMN author_role TEXT NOT NULL DEFAULT 'enseignant' CHECK (author_role IN ('tuteur', 'enseignant'));
