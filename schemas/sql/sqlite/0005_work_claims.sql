-- zvh-pga store, SQLite dialect, version 5: scheduled work that several instances share.
-- An item is claimed by one instance for a while (claimed_by, claimed_until) and finished with
-- done_at; an expired claim (its instance died) can be claimed again. Times are ISO 8601 UTC text.

CREATE TABLE pga_work_item (
  queue TEXT NOT NULL,
  work_id TEXT NOT NULL,
  due_at TEXT NOT NULL,
  claimed_by TEXT,
  claimed_until TEXT,
  done_at TEXT,
  PRIMARY KEY (queue, work_id)
);

CREATE INDEX pga_work_item_due ON pga_work_item (queue, done_at, due_at);
