-- Tutor access: one account per assignment (the tutor of one learner for one period), its access tokens and
-- the log of every invitation sent or attempted. Tokens are stored as SHA-256 hashes only, never in clear.
CREATE TABLE tutor_accounts (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL UNIQUE REFERENCES assignments(id) ON DELETE CASCADE,
  role          TEXT NOT NULL CHECK (role IN ('tuteur de stage', 'maître d''apprentissage')),
  last_name     TEXT NOT NULL,         -- the identity the latest link was sent to
  first_name    TEXT NOT NULL,
  email         TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE tutor_tokens (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES tutor_accounts(id) ON DELETE CASCADE,
  token_hash    TEXT NOT NULL UNIQUE,  -- hex SHA-256 of the token
  delivery      TEXT NOT NULL CHECK (delivery IN ('smtp', 'outbox')),  -- outbox: written to a .eml, not sent
  issued_at     TEXT NOT NULL,         -- ISO timestamps (UTC)
  expires_at    TEXT NOT NULL,
  revoked_at    TEXT,                  -- INVALIDER L'ACCÈS
  superseded_at TEXT                   -- replaced by a newer token (resend, new tutor)
);
CREATE INDEX tutor_tokens_account ON tutor_tokens(account_id);

-- Every attempt, successful or not. A learner counts as invited only through a row with sent_at set.
CREATE TABLE tutor_invitations (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  token_id      INTEGER REFERENCES tutor_tokens(id) ON DELETE SET NULL,
  email         TEXT NOT NULL,
  delivery      TEXT NOT NULL CHECK (delivery IN ('smtp', 'outbox')),
  attempted_at  TEXT NOT NULL,
  sent_at       TEXT,                  -- the server accepted the message (or the .eml was written)
  failed_reason TEXT,                  -- why it was not accepted
  message_id    TEXT,
  CHECK ((sent_at IS NULL) <> (failed_reason IS NULL))
);
CREATE INDEX tutor_invitations_assignment ON tutor_invitations(assignment_id, id);
