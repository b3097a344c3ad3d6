-- zvh-pga store, PostgreSQL dialect, schema version 1: the twin of sqlite/0001_initial.sql.
-- Same runner rules: a statement ends at a line whose last character is ';'.
-- The plugin's tables live in their own schema, apart from the host's (interop.md R-DB-04);
-- every session puts zvhpga first on its search_path, so the store's SQL stays unqualified.
-- Tokens, dates and timestamps are TEXT as in SQLite, so both products hold the same values.

CREATE SCHEMA IF NOT EXISTS zvhpga;

CREATE TABLE zvhpga.pga_schema_version (
  version INTEGER PRIMARY KEY,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE zvhpga.pga_signal (
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
CREATE INDEX pga_signal_worklist ON zvhpga.pga_signal (region, state, registered_at, signal_id);

CREATE TABLE zvhpga.pga_signal_phenomenon (
  signal_id TEXT NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  ordinal INTEGER NOT NULL,
  phenomenon TEXT NOT NULL,
  PRIMARY KEY (signal_id, ordinal)
);

-- seq keeps the order in which contributions arrived; ids are opaque and do not sort.
CREATE TABLE zvhpga.pga_contribution (
  contribution_id TEXT PRIMARY KEY,
  signal_id TEXT NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
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
  revises TEXT REFERENCES zvhpga.pga_contribution (contribution_id),
  submitted_at TEXT NOT NULL,
  UNIQUE (signal_id, seq)
);

CREATE TABLE zvhpga.pga_decision (
  decision_id TEXT PRIMARY KEY,
  signal_id TEXT NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
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

CREATE TABLE zvhpga.pga_decision_participant (
  decision_id TEXT NOT NULL REFERENCES zvhpga.pga_decision (decision_id),
  ordinal INTEGER NOT NULL,
  partner_kind TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (decision_id, ordinal)
);

-- At most one closure per signal.
CREATE TABLE zvhpga.pga_closure (
  signal_id TEXT PRIMARY KEY REFERENCES zvhpga.pga_signal (signal_id),
  closed_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  closed_by_partner_id TEXT NOT NULL,
  closed_by_partner_kind TEXT NOT NULL,
  closed_by_user TEXT NOT NULL,
  closed_by_role TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);

-- from_state is NULL for the registration itself.
CREATE TABLE zvhpga.pga_transition (
  signal_id TEXT NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
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
