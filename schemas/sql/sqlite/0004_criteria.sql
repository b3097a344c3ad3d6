-- zvh-pga store, SQLite dialect, schema version 4: criteria catalogues and the criteria
-- answers of contributions and decisions (docs/criteria.md).
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

-- Every catalogue version the region adopted, as adopted: a version never changes once here,
-- so each record can always be read against the catalogue it names. The version most
-- recently put in force is the one new records use.
CREATE TABLE pga_criteria_catalogue (
  version TEXT PRIMARY KEY,
  issued_on TEXT NOT NULL,
  document TEXT NOT NULL,
  adopted_at TEXT NOT NULL,
  in_force_since TEXT NOT NULL
);

-- One row per criterion answered in a contribution or decision (record_id). choices and
-- evidence are lists of tokens separated by one space (option values; "observed-facts" or
-- "contribution:<id>"): tokens never contain spaces.
CREATE TABLE pga_criteria_answer (
  record_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
  catalogue_version TEXT NOT NULL REFERENCES pga_criteria_catalogue (version),
  criterion_id TEXT NOT NULL,
  assessment TEXT,
  answer_text TEXT,
  choices TEXT,
  reasoning TEXT,
  evidence TEXT,
  PRIMARY KEY (record_id, ordinal)
);

CREATE INDEX pga_criteria_answer_signal ON pga_criteria_answer (signal_id, criterion_id);
