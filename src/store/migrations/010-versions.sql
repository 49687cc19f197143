-- A version per row that a form or an interactive edit saves later than it read it: every write adds one, and a
-- save made from an older read is refused (no lost update between two teachers, or the portal and the CLI).
ALTER TABLE liaison_sheets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE evaluations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE certificative_evaluations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE attestation_entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE bilans_personnels ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
