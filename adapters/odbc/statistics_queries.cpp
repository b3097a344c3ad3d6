#include "odbc/statistics_queries.h"

#include <string>

#include "odbc/row_reader.h"
#include "odbc/statement.h"
#include "ports/store.h"

namespace zvhpga::odbc {
namespace {

// Every query counts the signals of one region received in the period; its three parameters
// come first.
constexpr std::string_view kSignalsInPeriod =
    "s.region = ? AND s.received_on >= ? AND s.received_on <= ?";

// The latest decision's outcome, or 'undecided', written without LIMIT/TOP so every dialect
// reads it.
constexpr std::string_view kLatestOutcome =
    "COALESCE((SELECT d.outcome FROM pga_decision d WHERE d.signal_id = s.signal_id "
    "AND d.seq = (SELECT MAX(seq) FROM pga_decision WHERE signal_id = s.signal_id)), "
    "'undecided')";

std::string sql(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (std::string_view part : parts) text += part;
  return text;
}

[[noreturn]] void unreadable(std::string_view what) {
  throw ports::StoreFailure("unreadable statistics count: " + std::string(what), "22000", false);
}

// The next column of the row, a COUNT(*) or SUM of counts: never NULL, never negative.
std::int64_t count(RowReader& read, std::string_view what) {
  const std::string column = "COUNT(*) of " + std::string(what);
  const std::int64_t value = read.integer(column);
  if (value < 0) refuse_unreadable_value(column);
  return value;
}

class Counter {
 public:
  Counter(Connection& connection, std::string_view region, const core::Date& from,
          const core::Date& to)
      : connection_(connection), parameters_{region, from, to} {}

  Statement& run(const std::string& query) {
    Statement& statement = connection_.prepared(query);
    statement.execute(parameters_);
    return statement;
  }

  // A query whose rows are (category, count); `column` names the category's column.
  std::map<std::string, std::int64_t, std::less<>> by_category(const std::string& query,
                                                                std::string_view column) {
    Statement& rows = run(query);
    std::map<std::string, std::int64_t, std::less<>> counts;
    while (rows.fetch()) {
      RowReader read(rows);
      std::string category = read.text(column);
      counts[std::move(category)] += count(read, "signals per " + std::string(column));
    }
    return counts;
  }

 private:
  Connection& connection_;
  std::vector<Parameter> parameters_;
};

}  // namespace

core::StatisticsCounts count_statistics(Connection& connection, std::string_view region,
                                        const core::Date& from, const core::Date& to) {
  Counter counter(connection, region, from, to);
  core::StatisticsCounts counts;

  Statement& signals = counter.run(sql({"SELECT COUNT(*) FROM pga_signal s WHERE ", kSignalsInPeriod}));
  if (!signals.fetch()) unreadable("signals");
  RowReader signals_read(signals);
  counts.signals = count(signals_read, "signals");
  signals.close();

  counts.by_channel = counter.by_category(
      sql({"SELECT s.channel, COUNT(*) FROM pga_signal s WHERE ", kSignalsInPeriod,
           " GROUP BY s.channel"}),
      "pga_signal.channel");
  counts.by_reporter_type = counter.by_category(
      sql({"SELECT s.reporter_type, COUNT(*) FROM pga_signal s WHERE ", kSignalsInPeriod,
           " GROUP BY s.reporter_type"}),
      "pga_signal.reporter_type");
  counts.by_gemeente = counter.by_category(
      sql({"SELECT COALESCE(s.responsible_gemeente, '", core::kNoResponsibleGemeente,
           "'), COUNT(*) FROM pga_signal s WHERE ", kSignalsInPeriod,
           " GROUP BY COALESCE(s.responsible_gemeente, '", core::kNoResponsibleGemeente, "')"}),
      "pga_signal.responsible_gemeente");
  counts.by_outcome = counter.by_category(
      sql({"SELECT o.outcome, COUNT(*) FROM (SELECT ", kLatestOutcome,
           " AS outcome FROM pga_signal s WHERE ", kSignalsInPeriod, ") o GROUP BY o.outcome"}),
      "pga_decision.outcome");

  // Each signal has one outcome, so a phenomenon's count is the sum over its outcomes.
  constexpr std::string_view kSelectOutcomeByPhenomenon =
      "SELECT COALESCE(p.phenomenon, 'none'), o.outcome, COUNT(DISTINCT o.signal_id) FROM "
      "(SELECT s.signal_id, ";
  constexpr std::string_view kJoinPhenomena =
      ") o LEFT JOIN pga_signal_phenomenon p ON p.signal_id = o.signal_id "
      "GROUP BY COALESCE(p.phenomenon, 'none'), o.outcome";
  Statement& outcomes = counter.run(sql({kSelectOutcomeByPhenomenon, kLatestOutcome,
                                         " AS outcome FROM pga_signal s WHERE ", kSignalsInPeriod,
                                         kJoinPhenomena}));
  while (outcomes.fetch()) {
    RowReader read(outcomes);
    std::string phenomenon = read.text("pga_signal_phenomenon.phenomenon");
    std::string outcome = read.text("pga_decision.outcome");
    const std::int64_t signal_count = count(read, "signals by phenomenon and outcome");
    counts.by_phenomenon[phenomenon] += signal_count;
    counts.outcome_by_phenomenon[std::move(phenomenon)][std::move(outcome)] += signal_count;
  }

  // The current contributions (not revised by a later one) of the latest decision's round.
  constexpr std::string_view kCountDivergedPositions =
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN x.positions > 1 THEN 1 ELSE 0 END), 0) FROM "
      "(SELECT d.signal_id, COUNT(DISTINCT c.position_taken) AS positions "
      "FROM pga_signal s JOIN pga_decision d ON d.signal_id = s.signal_id "
      "AND d.seq = (SELECT MAX(seq) FROM pga_decision WHERE signal_id = s.signal_id) "
      "JOIN pga_contribution c ON c.signal_id = d.signal_id AND c.round = d.round "
      "AND NOT EXISTS (SELECT 1 FROM pga_contribution r WHERE r.revises = c.contribution_id) "
      "WHERE ";
  Statement& positions =
      counter.run(sql({kCountDivergedPositions, kSignalsInPeriod, " GROUP BY d.signal_id) x"}));
  if (!positions.fetch()) unreadable("partner positions");
  RowReader positions_read(positions);
  counts.positions_compared = count(positions_read, "decided signals with positions");
  counts.positions_diverged = count(positions_read, "decided signals whose positions diverged");
  positions.close();

  // The decision that ended the weighing: any outcome but more-information-needed, of which a
  // signal has at most one (a decided signal can only be closed).
  Statement& days = counter.run(sql(
      {"SELECT ", connection.dialect().days_from_receipt_to_decision,
       " FROM pga_signal s JOIN pga_decision d ON d.signal_id = s.signal_id WHERE ",
       kSignalsInPeriod, " AND d.outcome <> 'more-information-needed' ORDER BY 1"}));
  while (days.fetch()) {
    // A decision dated before the signal's receipt is wrong, but it is what was recorded.
    counts.days_to_decision.push_back(RowReader(days).integer("days from receipt to decision"));
  }
  return counts;
}

}  // namespace zvhpga::odbc
