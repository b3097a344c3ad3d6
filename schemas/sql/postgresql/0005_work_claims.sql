-- zvh-pga store, PostgreSQL dialect, version 5: the twin of sqlite/0005_work_claims.sql.
-- Claims take the rows FOR UPDATE SKIP LOCKED, so two instances never claim the same item.

CREATE TABLE zvhpga.pga_work_item (
  queue TEXT NOT NULL,
  work_id TEXT NOT NULL,
  due_at TEXT NOT NULL,
  claimed_by TEXT,
  claimed_until TEXT,
  done_at TEXT,
  PRIMARY KEY (queue, work_id)
);

CREATE INDEX pga_work_item_due ON zvhpga.pga_work_item (queue, done_at, due_at);
