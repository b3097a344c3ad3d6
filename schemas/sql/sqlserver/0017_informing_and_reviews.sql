-- zvh-pga store, SQL Server dialect, schema version 17, the twin of
-- sqlite/0017_informing_and_reviews.sql (untested here: no SQL Server can run on this machine): informing the person
-- (AVG art. 14) and the periodic reviews of an inclusion (docs/contract.md, "Informing the person"
-- and "Reviewing an inclusion"). Both are append-only per signal (seq). In pga_informing,
-- informed_by, means and ground are sealed with the signal's data key; kind, the dates and the
-- ground's code stay readable for the privacy officer's worklist. In pga_inclusion_review the
-- conclusion is sealed; recorded_at restarts the review limit.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE zvhpga.pga_informing (
  informing_id NVARCHAR(200) PRIMARY KEY,
  signal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  seq INTEGER NOT NULL,
  kind NVARCHAR(40) NOT NULL,
  informed_on NVARCHAR(40),
  informed_by NVARCHAR(MAX),
  means NVARCHAR(MAX),
  ground_code NVARCHAR(40),
  ground NVARCHAR(MAX),
  review_on NVARCHAR(40),
  recorded_by_partner_id NVARCHAR(MAX) NOT NULL,
  recorded_by_partner_kind NVARCHAR(MAX) NOT NULL,
  recorded_by_user NVARCHAR(MAX) NOT NULL,
  recorded_by_role NVARCHAR(MAX) NOT NULL,
  recorded_at NVARCHAR(40) NOT NULL,
  UNIQUE (signal_id, seq)
);

-- The privacy officer's worklist asks for the postponements whose review date has come.
CREATE INDEX pga_informing_review ON zvhpga.pga_informing (kind, review_on);

CREATE TABLE zvhpga.pga_inclusion_review (
  review_id NVARCHAR(200) PRIMARY KEY,
  signal_id NVARCHAR(200) NOT NULL REFERENCES zvhpga.pga_signal (signal_id),
  seq INTEGER NOT NULL,
  reviewed_on NVARCHAR(40) NOT NULL,
  conclusion NVARCHAR(MAX) NOT NULL,
  recorded_by_partner_id NVARCHAR(MAX) NOT NULL,
  recorded_by_partner_kind NVARCHAR(MAX) NOT NULL,
  recorded_by_user NVARCHAR(MAX) NOT NULL,
  recorded_by_role NVARCHAR(MAX) NOT NULL,
  recorded_at NVARCHAR(40) NOT NULL,
  UNIQUE (signal_id, seq)
);
