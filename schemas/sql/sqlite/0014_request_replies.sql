-- zvh-pga store, SQLite dialect, schema version 14: the answers to requests that carried an id
-- (wsa:MessageID, requestId), so that a retry within the window gets the first answer and
-- changes nothing (docs/contract.md, "Retried requests").
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

-- One row per partner and request id, written in the transaction of the operation it answers.
-- The key and the digest are SHA-256 hex: no id a partner chose is kept in clear. answer is
-- NULL for an operation that only reads (it runs again), so no personal data is kept here.
CREATE TABLE pga_request_reply (
  partner_id TEXT NOT NULL,
  request_key TEXT NOT NULL,
  request_digest TEXT NOT NULL,
  answer TEXT,
  audit_object TEXT NOT NULL,
  answered_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (partner_id, request_key)
);

-- The retention run removes the expired rows.
CREATE INDEX pga_request_reply_expiry ON pga_request_reply (expires_at);
