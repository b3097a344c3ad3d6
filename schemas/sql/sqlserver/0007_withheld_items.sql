-- zvh-pga store, SQL Server dialect, schema version 7, the twin of sqlite/0007_withheld_items.sql
-- (untested here: no SQL Server can run on this machine): items the privacy officer withholds from a
-- data-subject release, each with its legal ground (docs/audit.md).
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE zvhpga.pga_withheld_item (
  signal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  item_id NVARCHAR(200) NOT NULL,
  legal_ground NVARCHAR(MAX) NOT NULL,
  marked_by_partner_id NVARCHAR(MAX) NOT NULL,
  marked_by_user NVARCHAR(MAX) NOT NULL,
  marked_at NVARCHAR(MAX) NOT NULL,
  PRIMARY KEY (signal_id, item_id)
);
