-- zvh-pga store, SQLite dialect, schema version 9: keyed pseudonyms of each signal's data
-- subject, so a new signal about a person already on record is linked to the earlier ones
-- (docs/crypto-shredding.md, "Repeat signals"). The subject's own fields are sealed with the
-- signal's data key and cannot be compared; these HMACs can. They live in the signal's row,
-- so destroying the signal destroys the link. NULL for signals registered before version 9
-- and, for the BSN, for signals without one.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

ALTER TABLE pga_signal ADD COLUMN subject_bsn_pseudonym TEXT;
ALTER TABLE pga_signal ADD COLUMN subject_name_pseudonym TEXT;
CREATE INDEX pga_signal_subject_bsn ON pga_signal (subject_bsn_pseudonym);
CREATE INDEX pga_signal_subject_name ON pga_signal (subject_name_pseudonym);
