-- zvh-pga store, SQLite dialect, schema version 10: indexes that keep destruction linear in
-- the size of the store. Without them every destroyed signal scanned whole tables: the foreign
-- key check of each deleted contribution (pga_contribution.revises), the outbox delete by
-- signal, and the sweep's "already proposed?" test per due clock, which made a sweep of N
-- signals cost N x N (bench/retention showed it).
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE INDEX pga_contribution_revises ON pga_contribution (revises);
CREATE INDEX pga_host_outbox_signal ON pga_host_outbox (signal_id);
CREATE INDEX pga_retention_proposal_item_signal ON pga_retention_proposal_item (signal_id);
