-- zvh-pga store, SQLite dialect, schema version 7: items the privacy officer withholds from a
-- data-subject release, each with its legal ground (docs/audit.md).
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE pga_withheld_item (
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
  item_id TEXT NOT NULL,
  legal_ground TEXT NOT NULL,
  marked_by_partner_id TEXT NOT NULL,
  marked_by_user TEXT NOT NULL,
  marked_at TEXT NOT NULL,
  PRIMARY KEY (signal_id, item_id)
);
