-- zvh-pga store, SQLite dialect, schema version 8: retention (docs/retention.md): the policy
-- versions, the clock each signal's term runs on, legal holds, destruction proposals, the
-- tombstones of destroyed signals and the statements of destruction.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

-- Every retention policy version put in force, as adopted; the one most recently put in force
-- starts new clocks. A version never changes once here.
CREATE TABLE pga_retention_policy (
  version TEXT PRIMARY KEY,
  issued_on TEXT NOT NULL,
  document TEXT NOT NULL,
  adopted_at TEXT NOT NULL,
  in_force_since TEXT NOT NULL
);

-- The term a signal runs on: started by a state change (trigger_event) under the rule and
-- policy version in force then; due_at is computed once, when the clock starts.
CREATE TABLE pga_retention_clock (
  signal_id TEXT PRIMARY KEY,
  rule_id TEXT NOT NULL,
  policy_version TEXT NOT NULL REFERENCES pga_retention_policy (version),
  trigger_event TEXT NOT NULL,
  triggered_at TEXT NOT NULL,
  due_at TEXT NOT NULL
);

CREATE INDEX pga_retention_clock_due ON pga_retention_clock (due_at, signal_id);

-- A legal hold suspends destruction until it is released.
CREATE TABLE pga_retention_hold (
  hold_id TEXT PRIMARY KEY,
  signal_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  review_on TEXT NOT NULL,
  placed_by_partner_id TEXT NOT NULL,
  placed_by_user TEXT NOT NULL,
  placed_at TEXT NOT NULL,
  released_by_partner_id TEXT,
  released_by_user TEXT,
  released_at TEXT
);

CREATE INDEX pga_retention_hold_signal ON pga_retention_hold (signal_id, released_at);

-- A destruction proposal: what a sweep found due in one region, waiting for the approval of
-- that region's privacy officer.
CREATE TABLE pga_retention_proposal (
  proposal_id TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  created_at TEXT NOT NULL,
  approved_by_partner_id TEXT,
  approved_by_user TEXT,
  approved_at TEXT,
  completed_at TEXT
);

-- One signal in a proposal. outcome: NULL until handled, then destroyed, held or failed.
CREATE TABLE pga_retention_proposal_item (
  proposal_id TEXT NOT NULL REFERENCES pga_retention_proposal (proposal_id),
  signal_id TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  due_at TEXT NOT NULL,
  outcome TEXT,
  failure TEXT,
  PRIMARY KEY (proposal_id, signal_id)
);

-- What is left of a destroyed signal: no personal data, only that it existed and how it ended.
CREATE TABLE pga_retention_tombstone (
  signal_id TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  last_change_at TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  due_at TEXT NOT NULL,
  destroyed_at TEXT NOT NULL,
  proposal_id TEXT NOT NULL
);

-- The signed statements of destruction (verklaring van vernietiging), kept apart from what
-- they describe.
CREATE TABLE pga_retention_statement (
  proposal_id TEXT PRIMARY KEY REFERENCES pga_retention_proposal (proposal_id),
  written_at TEXT NOT NULL,
  document TEXT NOT NULL
);
