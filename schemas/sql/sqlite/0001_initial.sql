-- zvh-pga store, SQLite dialect, schema version 1.
-- The migration runner executes one statement at a time: a statement ends at a line whose
-- last character is ';'. Lines starting with '--' are comments. Keep semicolons away from
-- line ends inside a statement (no trigger bodies) or change the runner first.
-- Enumerations are stored as their contract tokens (core/domain.h), never as numbers, so the
-- data reads the same as the documents. Timestamps and dates are ISO 8601 text, whose lexical
-- order is chronological.

CREATE TABLE pga_schema_version (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE pga_signal (
  signal_id TEXT PRIMARY KEY,
  receiving_partner TEXT NOT NULL,
  channel TEXT NOT NULL,
  reporter_type TEXT NOT NULL,
  reporter_organisation TEXT NOT NULL,
  received_on TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  subject_birth_date TEXT NOT NULL,
  subject_bsn TEXT,
  subject_municipality TEXT NOT NULL,
  observed_facts TEXT NOT NULL,
  online_component INTEGER NOT NULL,
  care_concern INTEGER NOT NULL,
  urgency TEXT NOT NULL,
  municipality TEXT NOT NULL,
  region TEXT NOT NULL,
  state TEXT NOT NULL,
  round INTEGER NOT NULL,
  registered_by_partner_id TEXT NOT NULL,
  registered_by_partner_kind TEXT NOT NULL,
  registered_by_user TEXT NOT NULL,
  registered_by_role TEXT NOT NULL,
  registered_at TEXT NOT NULL
);

-- The worklist asks for one region in a few states, oldest registration first.
CREATE INDEX pga_signal_worklist ON pga_signal (region, state, registered_at, signal_id);

CREATE TABLE pga_signal_phenomenon (
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
  ordinal INTEGER NOT NULL,
  phenomenon TEXT NOT NULL,
  PRIMARY KEY (signal_id, ordinal)
);

-- seq keeps the order in which contributions arrived; ids are opaque and do not sort.
CREATE TABLE pga_contribution (
  contribution_id TEXT PRIMARY KEY,
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
  seq INTEGER NOT NULL,
  round INTEGER NOT NULL,
  contributor_partner_id TEXT NOT NULL,
  contributor_partner_kind TEXT NOT NULL,
  contributor_user TEXT NOT NULL,
  contributor_role TEXT NOT NULL,
  information_held TEXT,
  legal_basis TEXT NOT NULL,
  position_taken TEXT NOT NULL,
  reasoning TEXT NOT NULL,
  revises TEXT REFERENCES pga_contribution (contribution_id),
  submitted_at TEXT NOT NULL,
  UNIQUE (signal_id, seq)
);

CREATE TABLE pga_decision (
  decision_id TEXT PRIMARY KEY,
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
  seq INTEGER NOT NULL,
  round INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  reasoning TEXT NOT NULL,
  proportionality_note TEXT,
  dissent TEXT,
  catalogue_version TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  recorded_by_partner_id TEXT NOT NULL,
  recorded_by_partner_kind TEXT NOT NULL,
  recorded_by_user TEXT NOT NULL,
  recorded_by_role TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (signal_id, seq)
);

CREATE TABLE pga_decision_participant (
  decision_id TEXT NOT NULL REFERENCES pga_decision (decision_id),
  ordinal INTEGER NOT NULL,
  partner_kind TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (decision_id, ordinal)
);

-- At most one closure per signal.
CREATE TABLE pga_closure (
  signal_id TEXT PRIMARY KEY REFERENCES pga_signal (signal_id),
  closed_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  closed_by_partner_id TEXT NOT NULL,
  closed_by_partner_kind TEXT NOT NULL,
  closed_by_user TEXT NOT NULL,
  closed_by_role TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);

-- from_state is NULL for the registration itself.
CREATE TABLE pga_transition (
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
  seq INTEGER NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  actor_partner_id TEXT NOT NULL,
  actor_partner_kind TEXT NOT NULL,
  actor_user TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (signal_id, seq)
);
