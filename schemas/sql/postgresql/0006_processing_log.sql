-- zvh-pga store, PostgreSQL dialect, schema version 6: the twin of sqlite/0006_processing_log.sql: the processing log (docs/audit.md), in the
-- shape of the Logboek Dataverwerkingen. No user identity here: that is in pga_audit_record,
-- linked by trace_id. The data subject's identifier is stored encrypted, with a keyed
-- pseudonym to find every line about one person.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE zvhpga.pga_processing_log (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  name TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  processing_activity_id TEXT NOT NULL,
  data_subject_pseudonym TEXT NOT NULL,
  data_subject_id_sealed TEXT NOT NULL,
  data_subject_id_type TEXT NOT NULL,
  resource TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id)
);

-- A data-subject request asks for every line about one person.
CREATE INDEX pga_processing_log_subject ON zvhpga.pga_processing_log (data_subject_pseudonym, start_time);
