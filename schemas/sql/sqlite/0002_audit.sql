-- zvh-pga store, SQLite dialect, schema version 2: the audit trail (docs/audit.md).
-- Records are chained by an HMAC whose key is not in the database; seq has no gaps.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE pga_audit_record (
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
CREATE TABLE pga_audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL,
  last_mac TEXT NOT NULL
);

INSERT INTO pga_audit_head (id, last_seq, last_mac) VALUES (1, 0, '');
