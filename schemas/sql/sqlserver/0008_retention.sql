-- zvh-pga store, SQL Server dialect, schema version 8, the twin of sqlite/0008_retention.sql
-- (untested here: no SQL Server can run on this machine): retention (docs/retention.md): the policy
-- versions, the clock each signal's term runs on, legal holds, destruction proposals, the
-- tombstones of destroyed signals and the statements of destruction.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

-- Every retention policy version put in force, as adopted; the one most recently put in force
-- starts new clocks. A version never changes once here.
CREATE TABLE zvhpga.pga_retention_policy (
  version NVARCHAR(200) PRIMARY KEY,
  issued_on NVARCHAR(MAX) NOT NULL,
  document NVARCHAR(MAX) NOT NULL,
  adopted_at NVARCHAR(MAX) NOT NULL,
  in_force_since NVARCHAR(MAX) NOT NULL
);

-- The term a signal runs on: started by a state change (trigger_event) under the rule and
-- policy version in force then; due_at is computed once, when the clock starts.
CREATE TABLE zvhpga.pga_retention_clock (
  signal_id NVARCHAR(200) PRIMARY KEY,
  rule_id NVARCHAR(MAX) NOT NULL,
  policy_version NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_retention_policy (version),
  trigger_event NVARCHAR(MAX) NOT NULL,
  triggered_at NVARCHAR(MAX) NOT NULL,
  due_at NVARCHAR(200) NOT NULL
);

CREATE INDEX pga_retention_clock_due ON zvhpga.pga_retention_clock (due_at, signal_id);

-- A legal hold suspends destruction until it is released.
CREATE TABLE zvhpga.pga_retention_hold (
  hold_id NVARCHAR(200) PRIMARY KEY,
  signal_id NVARCHAR(200) NOT NULL,
  reason NVARCHAR(MAX) NOT NULL,
  review_on NVARCHAR(MAX) NOT NULL,
  placed_by_partner_id NVARCHAR(MAX) NOT NULL,
  placed_by_user NVARCHAR(MAX) NOT NULL,
  placed_at NVARCHAR(MAX) NOT NULL,
  released_by_partner_id NVARCHAR(MAX),
  released_by_user NVARCHAR(MAX),
  released_at NVARCHAR(200)
);

CREATE INDEX pga_retention_hold_signal ON zvhpga.pga_retention_hold (signal_id, released_at);

-- A destruction proposal: what a sweep found due in one region, waiting for the approval of
-- that region's privacy officer.
CREATE TABLE zvhpga.pga_retention_proposal (
  proposal_id NVARCHAR(200) PRIMARY KEY,
  region NVARCHAR(MAX) NOT NULL,
  created_at NVARCHAR(MAX) NOT NULL,
  approved_by_partner_id NVARCHAR(MAX),
  approved_by_user NVARCHAR(MAX),
  approved_at NVARCHAR(MAX),
  completed_at NVARCHAR(MAX)
);

-- One signal in a proposal. outcome: NULL until handled, then destroyed, held or failed.
CREATE TABLE zvhpga.pga_retention_proposal_item (
  proposal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_retention_proposal (proposal_id),
  signal_id NVARCHAR(200) NOT NULL,
  rule_id NVARCHAR(MAX) NOT NULL,
  policy_version NVARCHAR(200) NOT NULL,
  due_at NVARCHAR(200) NOT NULL,
  outcome NVARCHAR(MAX),
  failure NVARCHAR(MAX),
  PRIMARY KEY (proposal_id, signal_id)
);

-- What is left of a destroyed signal: no personal data, only that it existed and how it ended.
CREATE TABLE zvhpga.pga_retention_tombstone (
  signal_id NVARCHAR(200) PRIMARY KEY,
  region NVARCHAR(MAX) NOT NULL,
  registered_at NVARCHAR(MAX) NOT NULL,
  last_change_at NVARCHAR(MAX) NOT NULL,
  rule_id NVARCHAR(MAX) NOT NULL,
  policy_version NVARCHAR(200) NOT NULL,
  due_at NVARCHAR(200) NOT NULL,
  destroyed_at NVARCHAR(MAX) NOT NULL,
  proposal_id NVARCHAR(200) NOT NULL
);

-- The signed statements of destruction (verklaring van vernietiging), kept apart from what
-- they describe.
CREATE TABLE zvhpga.pga_retention_statement (
  proposal_id NVARCHAR(200) PRIMARY KEY REFERENCES zvhpga.pga_retention_proposal (proposal_id),
  written_at NVARCHAR(MAX) NOT NULL,
  document NVARCHAR(MAX) NOT NULL
);
