-- zvh-pga store, SQL Server dialect, schema version 6: the twin of sqlite/0006_processing_log.sql.
-- Untested here: no SQL Server can run on this machine.
-- The processing log (docs/audit.md), in the shape of the Logboek Dataverwerkingen. No user identity here: that is in pga_audit_record,
-- linked by trace_id. The data subject's identifier is stored encrypted, with a keyed
-- pseudonym to find every line about one person.
-- Statement separator rule as in 0001: a statement ends at a line whose last character is ';'.

CREATE TABLE zvhpga.pga_processing_log (
  trace_id NVARCHAR(200) NOT NULL,
  span_id NVARCHAR(200) NOT NULL,
  name NVARCHAR(200) NOT NULL,
  status_code INTEGER NOT NULL,
  start_time NVARCHAR(200) NOT NULL,
  end_time NVARCHAR(200) NOT NULL,
  processing_activity_id NVARCHAR(200) NOT NULL,
  data_subject_pseudonym NVARCHAR(200) NOT NULL,
  data_subject_id_sealed NVARCHAR(MAX) NOT NULL,
  data_subject_id_type NVARCHAR(200) NOT NULL,
  resource NVARCHAR(200) NOT NULL,
  PRIMARY KEY (trace_id, span_id)
);

-- A data-subject request asks for every line about one person.
CREATE INDEX pga_processing_log_subject ON zvhpga.pga_processing_log (data_subject_pseudonym, start_time);
