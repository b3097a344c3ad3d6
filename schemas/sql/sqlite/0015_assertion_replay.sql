-- zvh-pga store, SQLite dialect, schema version 15: the user assertions used, per partner
-- (docs/configuration.md, "User assertions"). An assertion serves one request; its use is kept
-- until the assertion could no longer be accepted anyway (its exp plus the clock skew, seconds
-- since the epoch), then forgotten.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE pga_assertion_replay (
  partner_id TEXT NOT NULL,
  assertion_id TEXT NOT NULL,
  kept_until INTEGER NOT NULL,
  PRIMARY KEY (partner_id, assertion_id)
);
CREATE INDEX pga_assertion_replay_kept_until ON pga_assertion_replay (kept_until);
