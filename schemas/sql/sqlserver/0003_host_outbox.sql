-- zvh-pga store, SQL Server dialect, version 3: the twin of sqlite/0003_host_outbox.sql.
-- Untested here: no SQL Server can run on this machine.

CREATE TABLE zvhpga.pga_host_outbox (
  push_id NVARCHAR(100) PRIMARY KEY,
  message_id NVARCHAR(200) NOT NULL UNIQUE,
  signal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  decision_id NVARCHAR(100) NOT NULL UNIQUE,
  outcome NVARCHAR(40) NOT NULL,
  decided_on NVARCHAR(10) NOT NULL,
  region NVARCHAR(200) NOT NULL,
  created_at NVARCHAR(40) NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  last_attempt_at NVARCHAR(40),
  last_error NVARCHAR(400),
  delivered_at NVARCHAR(40)
);

CREATE INDEX pga_host_outbox_pending ON zvhpga.pga_host_outbox (region, delivered_at, created_at);
