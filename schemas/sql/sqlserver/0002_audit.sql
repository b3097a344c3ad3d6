-- zvh-pga store, SQL Server dialect, schema version 2: the twin of sqlite/0002_audit.sql.
-- Untested here: no SQL Server can run on this machine.

CREATE TABLE zvhpga.pga_audit_record (
  seq INTEGER PRIMARY KEY,
  recorded_at NVARCHAR(MAX) NOT NULL,
  actor_user NVARCHAR(MAX) NOT NULL,
  actor_role NVARCHAR(MAX) NOT NULL,
  organisation_id NVARCHAR(MAX) NOT NULL,
  organisation_oin NVARCHAR(MAX) NOT NULL,
  action NVARCHAR(MAX) NOT NULL,
  object NVARCHAR(MAX) NOT NULL,
  result NVARCHAR(MAX) NOT NULL,
  purpose NVARCHAR(MAX) NOT NULL,
  origin NVARCHAR(MAX) NOT NULL,
  message_id NVARCHAR(MAX) NOT NULL,
  trace_id NVARCHAR(MAX) NOT NULL,
  mac NVARCHAR(MAX) NOT NULL
);

-- The newest link; appenders lock this one row, so the chain never forks.
CREATE TABLE zvhpga.pga_audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL,
  last_mac NVARCHAR(MAX) NOT NULL
);

INSERT INTO zvhpga.pga_audit_head (id, last_seq, last_mac) VALUES (1, 0, '');
