#include "odbc/processing_log.h"

#include "odbc/row_reader.h"
#include "odbc/statement.h"

namespace zvhpga::odbc {
namespace {

class OdbcProcessingLog final : public ports::ProcessingLog {
 public:
  explicit OdbcProcessingLog(Connection& connection) : connection_(connection) {}

  void append(const ports::ProcessingLine& line) override {
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_processing_log (trace_id, span_id, name, status_code, "
        "start_time, end_time, processing_activity_id, data_subject_pseudonym, "
        "data_subject_id_sealed, data_subject_id_type, resource) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.execute({line.trace_id, line.span_id, line.name, number(line.status_code),
                    line.start_time, line.end_time, line.processing_activity_id,
                    line.data_subject_pseudonym, line.data_subject_id_sealed,
                    line.data_subject_id_type, line.resource});
  }

  std::vector<ports::ProcessingLine> lines_about(const std::string& pseudonym) override {
    Statement& select = connection_.prepared(
        "SELECT trace_id, span_id, name, status_code, start_time, end_time, "
        "processing_activity_id, data_subject_pseudonym, data_subject_id_sealed, "
        "data_subject_id_type, resource FROM pga_processing_log "
        "WHERE data_subject_pseudonym = ? ORDER BY start_time, span_id");
    select.execute({std::string_view(pseudonym)});
    std::vector<ports::ProcessingLine> lines;
    while (select.fetch()) {
      RowReader read(select);
      ports::ProcessingLine line;
      line.trace_id = read.text("pga_processing_log.trace_id");
      line.span_id = read.text("pga_processing_log.span_id");
      line.name = read.text("pga_processing_log.name");
      line.status_code = read.number("pga_processing_log.status_code");
      line.start_time = read.text("pga_processing_log.start_time");
      line.end_time = read.text("pga_processing_log.end_time");
      line.processing_activity_id = read.text("pga_processing_log.processing_activity_id");
      line.data_subject_pseudonym = read.text("pga_processing_log.data_subject_pseudonym");
      line.data_subject_id_sealed = read.text("pga_processing_log.data_subject_id_sealed");
      line.data_subject_id_type = read.text("pga_processing_log.data_subject_id_type");
      line.resource = read.text("pga_processing_log.resource");
      lines.push_back(std::move(line));
    }
    return lines;
  }

  std::vector<std::string> signals_about(const std::string& pseudonym) override {
    Statement& select = connection_.prepared(
        "SELECT DISTINCT a.object FROM pga_processing_log p "
        "JOIN pga_audit_record a ON a.trace_id = p.trace_id "
        "WHERE p.data_subject_pseudonym = ? AND a.object LIKE 'signal/%' "
        "ORDER BY a.object");
    select.execute({std::string_view(pseudonym)});
    constexpr std::string_view kPrefix = "signal/";
    std::vector<std::string> signals;
    while (select.fetch()) {
      const std::string object = RowReader(select).text("pga_audit_record.object");
      if (object.size() > kPrefix.size()) signals.push_back(object.substr(kPrefix.size()));
    }
    return signals;
  }

  void erase_linked_to(std::int64_t after_seq, std::int64_t through_seq) override {
    connection_
        .prepared("DELETE FROM pga_processing_log WHERE trace_id IN (SELECT trace_id FROM "
                  "pga_audit_record WHERE seq > ? AND seq <= ?)")
        .execute({after_seq, through_seq});
  }

 private:
  Connection& connection_;
};

}  // namespace

std::unique_ptr<ports::ProcessingLog> make_processing_log(Connection& connection) {
  return std::make_unique<OdbcProcessingLog>(connection);
}

}  // namespace zvhpga::odbc
