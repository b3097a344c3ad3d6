-- zvh-pga store, PostgreSQL dialect, schema version 15, the twin of
-- sqlite/0015_assertion_replay.sql: the user assertions used, per partner.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE zvhpga.pga_assertion_replay (
  partner_id TEXT NOT NULL,
  assertion_id TEXT NOT NULL,
  kept_until BIGINT NOT NULL,
  PRIMARY KEY (partner_id, assertion_id)
);
CREATE INDEX pga_assertion_replay_kept_until ON zvhpga.pga_assertion_replay (kept_until);
