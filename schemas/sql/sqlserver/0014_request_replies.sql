-- zvh-pga store, SQL Server dialect, schema version 14, the twin of
-- sqlite/0014_request_replies.sql (untested here: no SQL Server can run on this machine): the
-- answers to requests that carried an id (wsa:MessageID, requestId), so that a retry within the
-- window gets the first answer and changes nothing (docs/contract.md, "Retried requests").
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

-- One row per partner and request id, written in the transaction of the operation it answers.
-- The key and the digest are SHA-256 hex: no id a partner chose is kept in clear. answer is
-- NULL for an operation that only reads (it runs again), so no personal data is kept here.
CREATE TABLE zvhpga.pga_request_reply (
  partner_id NVARCHAR(200) NOT NULL,
  request_key CHAR(64) NOT NULL,
  request_digest CHAR(64) NOT NULL,
  answer NVARCHAR(MAX),
  audit_object NVARCHAR(MAX) NOT NULL,
  answered_at NVARCHAR(40) NOT NULL,
  expires_at NVARCHAR(40) NOT NULL,
  PRIMARY KEY (partner_id, request_key)
);

-- The retention run removes the expired rows.
CREATE INDEX pga_request_reply_expiry ON zvhpga.pga_request_reply (expires_at);
