-- zvh-pga store, PostgreSQL dialect, schema version 9, the twin of
-- sqlite/0009_subject_pseudonyms.sql: keyed pseudonyms of each signal's data subject, to link
-- repeat signals while the earlier ones are on record.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

ALTER TABLE zvhpga.pga_signal ADD COLUMN subject_bsn_pseudonym TEXT;
ALTER TABLE zvhpga.pga_signal ADD COLUMN subject_name_pseudonym TEXT;
CREATE INDEX pga_signal_subject_bsn ON zvhpga.pga_signal (subject_bsn_pseudonym);
CREATE INDEX pga_signal_subject_name ON zvhpga.pga_signal (subject_name_pseudonym);
