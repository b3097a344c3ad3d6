-- zvh-pga store, SQLite dialect, schema version 17: informing the person
-- (AVG art. 14) and the periodic reviews of an inclusion (docs/contract.md, "Informing the person"
-- and "Reviewing an inclusion"). Both are append-only per signal (seq). In pga_informing,
-- informed_by, means and ground are sealed with the signal's data key; kind, the dates and the
-- ground's code stay readable for the privacy officer's worklist. In pga_inclusion_review the
-- conclusion is sealed; recorded_at restarts the review limit.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE pga_informing (
  informing_id TEXT PRIMARY KEY,
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  informed_on TEXT,
  informed_by TEXT,
  means TEXT,
  ground_code TEXT,
  ground TEXT,
  review_on TEXT,
  recorded_by_partner_id TEXT NOT NULL,
  recorded_by_partner_kind TEXT NOT NULL,
  recorded_by_user TEXT NOT NULL,
  recorded_by_role TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (signal_id, seq)
);

-- The privacy officer's worklist asks for the postponements whose review date has come.
CREATE INDEX pga_informing_review ON pga_informing (kind, review_on);

CREATE TABLE pga_inclusion_review (
  review_id TEXT PRIMARY KEY,
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
  seq INTEGER NOT NULL,
  reviewed_on TEXT NOT NULL,
  conclusion TEXT NOT NULL,
  recorded_by_partner_id TEXT NOT NULL,
  recorded_by_partner_kind TEXT NOT NULL,
  recorded_by_user TEXT NOT NULL,
  recorded_by_role TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (signal_id, seq)
);
