-- zvh-pga store, PostgreSQL dialect, version 3: the twin of sqlite/0003_host_outbox.sql.

CREATE TABLE zvhpga.pga_host_outbox (
  push_id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  signal_id TEXT NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  decision_id TEXT NOT NULL UNIQUE,
  outcome TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  region TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at TEXT,
  last_error TEXT,
  delivered_at TEXT
);

CREATE INDEX pga_host_outbox_pending ON zvhpga.pga_host_outbox (region, delivered_at, created_at);
