#include "odbc/criteria_register.h"

#include <sstream>

#include "odbc/row_reader.h"
#include "odbc/statement.h"

namespace zvhpga::odbc {
namespace {

constexpr std::string_view kContributionPrefix = "contribution:";

std::string joined(const std::vector<std::string>& tokens) {
  std::string text;
  for (const std::string& token : tokens) text += (text.empty() ? "" : " ") + token;
  return text;
}

// NULL (no choices, no evidence) is no tokens.
std::vector<std::string> split(const std::optional<std::string>& text) {
  std::vector<std::string> tokens;
  if (!text) return tokens;
  std::istringstream in(*text);
  for (std::string token; in >> token;) tokens.push_back(token);
  return tokens;
}

std::string evidence_token(const core::EvidenceRef& evidence) {
  return evidence.source == core::EvidenceSource::Contribution
             ? std::string(kContributionPrefix) + evidence.ref
             : std::string(core::to_token(evidence.source));
}

core::EvidenceRef evidence_of(const std::string& token) {
  if (token.starts_with(kContributionPrefix))
    return {core::EvidenceSource::Contribution, token.substr(kContributionPrefix.size())};
  return {core::EvidenceSource::ObservedFacts, {}};
}

std::optional<std::string> present(std::string text) {
  if (text.empty()) return std::nullopt;
  return text;
}

class OdbcCriteriaRegister final : public ports::CriteriaRegister {
 public:
  explicit OdbcCriteriaRegister(Connection& connection) : connection_(connection) {}

  std::vector<ports::AdoptedCatalogue> adopted_catalogues() override {
    Statement& select = connection_.prepared(
        "SELECT version, issued_on, document, adopted_at FROM pga_criteria_catalogue "
        "ORDER BY in_force_since, version");
    select.execute({});
    std::vector<ports::AdoptedCatalogue> catalogues;
    while (select.fetch()) {
      RowReader read(select);
      ports::AdoptedCatalogue catalogue;
      catalogue.version = read.text("pga_criteria_catalogue.version");
      catalogue.issued_on = read.text("pga_criteria_catalogue.issued_on");
      catalogue.document = read.text("pga_criteria_catalogue.document");
      catalogue.adopted_at = read.text("pga_criteria_catalogue.adopted_at");
      catalogues.push_back(std::move(catalogue));
    }
    return catalogues;
  }

  void adopt(const ports::AdoptedCatalogue& catalogue) override {
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_criteria_catalogue (version, issued_on, document, "
        "adopted_at, in_force_since) VALUES (?, ?, ?, ?, ?)");
    insert.execute({catalogue.version, catalogue.issued_on, catalogue.document,
                    catalogue.adopted_at, catalogue.adopted_at});
  }

  void put_in_force(std::string_view version, const core::Timestamp& at) override {
    Statement& update = connection_.prepared(
        "UPDATE pga_criteria_catalogue SET in_force_since = ? WHERE version = ?");
    update.execute({at, version});
  }

  std::vector<ports::OpenSignalNeed> criteria_needed_by_open_signals() override {
    Statement& select = connection_.prepared(
        "SELECT a.criterion_id, COUNT(DISTINCT a.signal_id) FROM pga_criteria_answer a "
        "JOIN pga_signal s ON s.signal_id = a.signal_id WHERE s.state IN "
        "('received', 'awaiting-contributions', 'ready-for-weighing') "
        "GROUP BY a.criterion_id ORDER BY a.criterion_id");
    select.execute({});
    std::vector<ports::OpenSignalNeed> needs;
    while (select.fetch()) {
      RowReader read(select);
      ports::OpenSignalNeed need;
      need.criterion_id = read.text("pga_criteria_answer.criterion_id");
      need.signals = read.integer("COUNT(DISTINCT pga_criteria_answer.signal_id)");
      needs.push_back(std::move(need));
    }
    return needs;
  }

  void insert_answers(std::string_view signal_id, std::string_view record_id,
                      const core::CriteriaAnswers& answers) override {
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_criteria_answer (record_id, ordinal, signal_id, "
        "catalogue_version, criterion_id, assessment, answer_text, choices, "
        "reasoning, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int ordinal = 0;
    for (const core::Answer& answer : answers.answers) {
      std::vector<std::string> evidence;
      for (const core::EvidenceRef& ref : answer.evidence) evidence.push_back(evidence_token(ref));
      const std::optional<std::string> assessment =
          answer.assessment ? std::optional<std::string>(core::to_token(*answer.assessment))
                            : std::nullopt;
      const std::string choices = joined(answer.choices);
      const std::string evidence_text = joined(evidence);
      insert.execute({record_id, number(++ordinal), signal_id, answers.catalogue_version,
                      answer.criterion_id, nullable_text(assessment), nullable_text(answer.text),
                      nullable_text(present(choices)), nullable_text(answer.reasoning),
                      nullable_text(present(evidence_text))});
    }
  }

  std::map<std::string, core::CriteriaAnswers> answers_of_signal(
      std::string_view signal_id) override {
    Statement& select = connection_.prepared(
        "SELECT record_id, catalogue_version, criterion_id, assessment, answer_text, "
        "choices, reasoning, evidence FROM pga_criteria_answer WHERE signal_id = ? "
        "ORDER BY record_id, ordinal");
    select.execute({signal_id});
    std::map<std::string, core::CriteriaAnswers> records;
    while (select.fetch()) {
      RowReader read(select);
      core::CriteriaAnswers& record = records[read.text("pga_criteria_answer.record_id")];
      record.catalogue_version = read.text("pga_criteria_answer.catalogue_version");
      core::Answer answer;
      answer.criterion_id = read.text("pga_criteria_answer.criterion_id");
      answer.assessment = read.optional_token<core::Assessment>("pga_criteria_answer.assessment");
      answer.text = read.optional_text();
      answer.choices = split(read.optional_text());
      answer.reasoning = read.optional_text();
      for (const std::string& token : split(read.optional_text()))
        answer.evidence.push_back(evidence_of(token));
      record.answers.push_back(std::move(answer));
    }
    return records;
  }

 private:
  Connection& connection_;
};

}  // namespace

std::unique_ptr<ports::CriteriaRegister> make_criteria_register(Connection& connection) {
  return std::make_unique<OdbcCriteriaRegister>(connection);
}

}  // namespace zvhpga::odbc
