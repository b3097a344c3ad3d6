-- zvh-pga store, SQLite dialect, schema version 13: transfers of a signal to the gemeente the
-- person moved to (overdracht, docs/contract.md "Transfer"). A transfer is proposed by the
-- responsible gemeente and answered by the receiving one; the answer fills answered_*.
-- reason and answer_reason are sealed with the signal's data key, like a closure's reason.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE pga_transfer (
  transfer_id TEXT PRIMARY KEY,
  signal_id TEXT NOT NULL REFERENCES pga_signal (signal_id),
  seq INTEGER NOT NULL,
  from_gemeente TEXT NOT NULL,
  from_region TEXT NOT NULL,
  to_gemeente TEXT NOT NULL,
  to_region TEXT NOT NULL,
  reason TEXT NOT NULL,
  proposed_by_partner_id TEXT NOT NULL,
  proposed_by_partner_kind TEXT NOT NULL,
  proposed_by_user TEXT NOT NULL,
  proposed_by_role TEXT NOT NULL,
  proposed_at TEXT NOT NULL,
  state TEXT NOT NULL,
  answered_by_partner_id TEXT,
  answered_by_partner_kind TEXT,
  answered_by_user TEXT,
  answered_by_role TEXT,
  answered_at TEXT,
  answer_reason TEXT,
  UNIQUE (signal_id, seq)
);

-- The receiving gemeente's worklist asks for the transfers awaiting its answer.
CREATE INDEX pga_transfer_offered ON pga_transfer (to_gemeente, state, proposed_at);
