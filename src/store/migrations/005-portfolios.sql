-- Portfolios: the learner's journal of one period, imported from the file the learner wrote, and the teachers'
-- comments kept beside it (teachers read and comment, they never change the learner's content).
CREATE TABLE portfolios (
  id            INTEGER PRIMARY KEY,
  assignment_id INTEGER NOT NULL UNIQUE REFERENCES assignments(id) ON DELETE CASCADE,
  content       TEXT NOT NULL,         -- JSON of the validated content, as the learner wrote it
  content_hash  TEXT NOT NULL,         -- hex SHA-256 of content: re-importing the same file changes nothing
  source_file   TEXT NOT NULL,         -- base name of the file imported last
  imported_at   TEXT NOT NULL,         -- first import (ISO instant, UTC)
  updated_at    TEXT NOT NULL          -- last import that changed the content
);

CREATE TABLE portfolio_comments (
  id           INTEGER PRIMARY KEY,
  portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  author       TEXT NOT NULL,
  text         TEXT NOT NULL,
  created_at   TEXT NOT NULL           -- ISO instant, UTC
);
CREATE INDEX portfolio_comments_portfolio ON portfolio_comments(portfolio_id, id);
