-- zvh-pga store, PostgreSQL dialect, schema version 2: the twin of sqlite/0002_audit.sql.

CREATE TABLE zvhpga.pga_audit_record (
  seq INTEGER PRIMARY KEY,
  recorded_at TEXT NOT NULL,
  actor_user TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  organisation_oin TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  result TEXT NOT NULL,
  purpose TEXT NOT NULL,
  origin TEXT NOT NULL,
  message_id TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  mac TEXT NOT NULL
);

-- The newest link; appenders lock this one row, so the chain never forks.
CREATE TABLE zvhpga.pga_audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL,
  last_mac TEXT NOT NULL
);

INSERT INTO zvhpga.pga_audit_head (id, last_seq, last_mac) VALUES (1, 0, '');
