-- zvh-pga store, SQL Server (T-SQL) dialect, schema version 1: the twin of
-- sqlite/0001_initial.sql. Same runner rules: a statement ends at a line whose last character
-- is ';'. The tables live in schema zvhpga; T-SQL has no per-session search path, so the
-- plugin's login needs DEFAULT_SCHEMA = zvhpga (docs/storage.md).
-- Keys and indexed columns are NVARCHAR(n) because SQL Server cannot index NVARCHAR(MAX);
-- free text is NVARCHAR(MAX). NVARCHAR keeps the UTF-8 text the plugin binds.
-- Untested here: no SQL Server can run on this machine.

IF SCHEMA_ID('zvhpga') IS NULL EXEC('CREATE SCHEMA zvhpga');

CREATE TABLE zvhpga.pga_schema_version (
  version INTEGER PRIMARY KEY,
  applied_at DATETIME2 NOT NULL DEFAULT SYSUTCDATETIME()
);

CREATE TABLE zvhpga.pga_signal (
  signal_id NVARCHAR(200) PRIMARY KEY,
  receiving_partner NVARCHAR(MAX) NOT NULL,
  channel NVARCHAR(MAX) NOT NULL,
  reporter_type NVARCHAR(MAX) NOT NULL,
  reporter_organisation NVARCHAR(MAX) NOT NULL,
  received_on NVARCHAR(MAX) NOT NULL,
  subject_name NVARCHAR(MAX) NOT NULL,
  subject_birth_date NVARCHAR(MAX) NOT NULL,
  subject_bsn NVARCHAR(MAX),
  subject_municipality NVARCHAR(MAX) NOT NULL,
  observed_facts NVARCHAR(MAX) NOT NULL,
  online_component INTEGER NOT NULL,
  care_concern INTEGER NOT NULL,
  urgency NVARCHAR(MAX) NOT NULL,
  municipality NVARCHAR(MAX) NOT NULL,
  region NVARCHAR(200) NOT NULL,
  state NVARCHAR(200) NOT NULL,
  round INTEGER NOT NULL,
  registered_by_partner_id NVARCHAR(MAX) NOT NULL,
  registered_by_partner_kind NVARCHAR(MAX) NOT NULL,
  registered_by_user NVARCHAR(MAX) NOT NULL,
  registered_by_role NVARCHAR(MAX) NOT NULL,
  registered_at NVARCHAR(200) NOT NULL
);

-- The worklist asks for one region in a few states, oldest registration first.
CREATE INDEX pga_signal_worklist ON zvhpga.pga_signal (region, state, registered_at, signal_id);

CREATE TABLE zvhpga.pga_signal_phenomenon (
  signal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  ordinal INTEGER NOT NULL,
  phenomenon NVARCHAR(200) NOT NULL,
  PRIMARY KEY (signal_id, ordinal)
);

-- seq keeps the order in which contributions arrived; ids are opaque and do not sort.
CREATE TABLE zvhpga.pga_contribution (
  contribution_id NVARCHAR(200) PRIMARY KEY,
  signal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  seq INTEGER NOT NULL,
  round INTEGER NOT NULL,
  contributor_partner_id NVARCHAR(MAX) NOT NULL,
  contributor_partner_kind NVARCHAR(MAX) NOT NULL,
  contributor_user NVARCHAR(MAX) NOT NULL,
  contributor_role NVARCHAR(MAX) NOT NULL,
  information_held NVARCHAR(MAX),
  legal_basis NVARCHAR(MAX) NOT NULL,
  position_taken NVARCHAR(MAX) NOT NULL,
  reasoning NVARCHAR(MAX) NOT NULL,
  revises NVARCHAR(200) REFERENCES zvhpga.pga_contribution (contribution_id),
  submitted_at NVARCHAR(MAX) NOT NULL,
  UNIQUE (signal_id, seq)
);

CREATE TABLE zvhpga.pga_decision (
  decision_id NVARCHAR(200) PRIMARY KEY,
  signal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  seq INTEGER NOT NULL,
  round INTEGER NOT NULL,
  outcome NVARCHAR(MAX) NOT NULL,
  reasoning NVARCHAR(MAX) NOT NULL,
  proportionality_note NVARCHAR(MAX),
  dissent NVARCHAR(MAX),
  catalogue_version NVARCHAR(MAX) NOT NULL,
  decided_on NVARCHAR(MAX) NOT NULL,
  recorded_by_partner_id NVARCHAR(MAX) NOT NULL,
  recorded_by_partner_kind NVARCHAR(MAX) NOT NULL,
  recorded_by_user NVARCHAR(MAX) NOT NULL,
  recorded_by_role NVARCHAR(MAX) NOT NULL,
  recorded_at NVARCHAR(MAX) NOT NULL,
  UNIQUE (signal_id, seq)
);

CREATE TABLE zvhpga.pga_decision_participant (
  decision_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_decision (decision_id),
  ordinal INTEGER NOT NULL,
  partner_kind NVARCHAR(200) NOT NULL,
  name NVARCHAR(MAX) NOT NULL,
  PRIMARY KEY (decision_id, ordinal)
);

-- At most one closure per signal.
CREATE TABLE zvhpga.pga_closure (
  signal_id NVARCHAR(200) PRIMARY KEY REFERENCES zvhpga.pga_signal (signal_id),
  closed_on NVARCHAR(MAX) NOT NULL,
  reason NVARCHAR(MAX) NOT NULL,
  closed_by_partner_id NVARCHAR(MAX) NOT NULL,
  closed_by_partner_kind NVARCHAR(MAX) NOT NULL,
  closed_by_user NVARCHAR(MAX) NOT NULL,
  closed_by_role NVARCHAR(MAX) NOT NULL,
  recorded_at NVARCHAR(MAX) NOT NULL
);

-- from_state is NULL for the registration itself.
CREATE TABLE zvhpga.pga_transition (
  signal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  seq INTEGER NOT NULL,
  from_state NVARCHAR(MAX),
  to_state NVARCHAR(MAX) NOT NULL,
  actor_partner_id NVARCHAR(MAX) NOT NULL,
  actor_partner_kind NVARCHAR(MAX) NOT NULL,
  actor_user NVARCHAR(MAX) NOT NULL,
  actor_role NVARCHAR(MAX) NOT NULL,
  occurred_at NVARCHAR(MAX) NOT NULL,
  reason NVARCHAR(MAX) NOT NULL,
  PRIMARY KEY (signal_id, seq)
);
