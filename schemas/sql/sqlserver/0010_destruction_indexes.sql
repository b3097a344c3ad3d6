-- zvh-pga store, SQL Server dialect, schema version 10, the twin of
-- sqlite/0010_destruction_indexes.sql (untested here: no SQL Server can run on this machine):
-- indexes that keep destruction linear in the size of the store.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE INDEX pga_contribution_revises ON zvhpga.pga_contribution (revises);
CREATE INDEX pga_host_outbox_signal ON zvhpga.pga_host_outbox (signal_id);
CREATE INDEX pga_retention_proposal_item_signal ON zvhpga.pga_retention_proposal_item (signal_id);
