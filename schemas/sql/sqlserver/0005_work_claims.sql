-- zvh-pga store, SQL Server dialect, version 5: the twin of sqlite/0005_work_claims.sql.
-- Claims read WITH (UPDLOCK, READPAST), so two instances never claim the same item.
-- Untested here: no SQL Server can run on this machine.

CREATE TABLE zvhpga.pga_work_item (
  queue NVARCHAR(100) NOT NULL,
  work_id NVARCHAR(200) NOT NULL,
  due_at NVARCHAR(40) NOT NULL,
  claimed_by NVARCHAR(200),
  claimed_until NVARCHAR(40),
  done_at NVARCHAR(40),
  PRIMARY KEY (queue, work_id)
);

CREATE INDEX pga_work_item_due ON zvhpga.pga_work_item (queue, done_at, due_at);
