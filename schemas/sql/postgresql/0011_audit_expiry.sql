-- zvh-pga store, PostgreSQL dialect, schema version 11, the twin of
-- sqlite/0011_audit_expiry.sql: audit records that reach the end of their
-- term (rule R7, docs/retention.md "The audit trail's own term").
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

-- Where the chain starts once its oldest records are gone: the last record removed, sealed with
-- an HMAC under the trail's key (not in the database), so nobody without that key can move the
-- start forward to hide a removal. No row: the chain starts at record 1.
CREATE TABLE zvhpga.pga_audit_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  through_seq INTEGER NOT NULL,
  through_mac TEXT NOT NULL,
  seal TEXT NOT NULL
);

-- Every moment a policy version was put in force. An audit record's term follows the version in
-- force when it was written, so a later version neither shortens nor lengthens it.
-- pga_retention_policy keeps only the latest such moment per version.
CREATE TABLE zvhpga.pga_retention_in_force (
  since TEXT NOT NULL,
  version TEXT NOT NULL REFERENCES zvhpga.pga_retention_policy (version),
  PRIMARY KEY (since, version)
);

-- What an existing store still knows: each adoption, and the latest time a version was put
-- back in force (earlier returns were not kept before this version).
INSERT INTO zvhpga.pga_retention_in_force (since, version)
  SELECT adopted_at, version FROM zvhpga.pga_retention_policy;
INSERT INTO zvhpga.pga_retention_in_force (since, version)
  SELECT in_force_since, version FROM zvhpga.pga_retention_policy WHERE in_force_since <> adopted_at;
