-- Bilans intermédiaires de compétences: dated school-side reviews of a class. A period (or a bilan entreprise)
-- whose date is before the class's latest one is locked.
CREATE TABLE bilans_intermediaires (
  id       INTEGER PRIMARY KEY,
  class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  date     TEXT NOT NULL,
  UNIQUE (class_id, date)
);
