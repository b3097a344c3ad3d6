-- zvh-pga store, SQLite dialect, version 3: the outbox of pushes to the host platform
-- (docs/storage.md). A row is written in the transaction of the decision it reports and is
-- scheduled and claimed through pga_work_item (queue 'host-outcome', work_id = push_id); it
-- stays until the host acknowledged it (delivered_at). Only what the host needs is kept.

CREATE TABLE pga_host_outbox (
  push_id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
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

CREATE INDEX pga_host_outbox_pending ON pga_host_outbox (region, delivered_at, created_at);
