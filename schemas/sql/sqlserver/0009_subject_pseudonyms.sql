-- zvh-pga store, SQL Server dialect, schema version 9, the twin of
-- sqlite/0009_subject_pseudonyms.sql (untested here: no SQL Server can run on this machine):
-- keyed pseudonyms of each signal's data subject, to link repeat signals while the earlier
-- ones are on record.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

ALTER TABLE zvhpga.pga_signal ADD subject_bsn_pseudonym NVARCHAR(64) NULL;
ALTER TABLE zvhpga.pga_signal ADD subject_name_pseudonym NVARCHAR(64) NULL;
CREATE INDEX pga_signal_subject_bsn ON zvhpga.pga_signal (subject_bsn_pseudonym);
CREATE INDEX pga_signal_subject_name ON zvhpga.pga_signal (subject_name_pseudonym);
