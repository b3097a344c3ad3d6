-- zvh-pga store, SQL Server dialect, schema version 13, the twin of
-- sqlite/0013_transfers.sql (untested here: no SQL Server can run on this machine): transfers of a signal to the gemeente the
-- person moved to (overdracht, docs/contract.md "Transfer"). A transfer is proposed by the
-- responsible gemeente and answered by the receiving one; the answer fills answered_*.
-- reason and answer_reason are sealed with the signal's data key, like a closure's reason.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE zvhpga.pga_transfer (
  transfer_id NVARCHAR(200) PRIMARY KEY,
  signal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  seq INTEGER NOT NULL,
  from_gemeente NVARCHAR(MAX) NOT NULL,
  from_region NVARCHAR(MAX) NOT NULL,
  to_gemeente NVARCHAR(200) NOT NULL,
  to_region NVARCHAR(MAX) NOT NULL,
  reason NVARCHAR(MAX) NOT NULL,
  proposed_by_partner_id NVARCHAR(MAX) NOT NULL,
  proposed_by_partner_kind NVARCHAR(MAX) NOT NULL,
  proposed_by_user NVARCHAR(MAX) NOT NULL,
  proposed_by_role NVARCHAR(MAX) NOT NULL,
  proposed_at NVARCHAR(40) NOT NULL,
  state NVARCHAR(40) NOT NULL,
  answered_by_partner_id NVARCHAR(MAX),
  answered_by_partner_kind NVARCHAR(MAX),
  answered_by_user NVARCHAR(MAX),
  answered_by_role NVARCHAR(MAX),
  answered_at NVARCHAR(MAX),
  answer_reason NVARCHAR(MAX),
  UNIQUE (signal_id, seq)
);

-- The receiving gemeente's worklist asks for the transfers awaiting its answer.
CREATE INDEX pga_transfer_offered ON zvhpga.pga_transfer (to_gemeente, state, proposed_at);
