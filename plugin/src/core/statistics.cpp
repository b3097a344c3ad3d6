#include "core/statistics.h"

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace zvhpga::core {
namespace {

// The counts to publish, and the equations between them (a total is the sum of its parts) that
// a reader could use to work a suppressed count out. Suppression is applied in two steps:
//   1. primary: every count from 1 up to the minimum (exclusive) is suppressed. A zero is
//      published: it singles nobody out.
//   2. complementary: while some equation has exactly one suppressed term, the term would
//      follow from the others; the smallest non-zero published part of it is suppressed too
//      (its total only when no part is left), and the check starts again, because the new
//      suppression may leave another equation with one unknown.
// Equations are also laid down where the parts may overlap (a signal names several
// phenomena): there subtraction gives no exact answer, and suppressing more is the safe side.
class SuppressionTable {
 public:
  std::size_t add(std::int64_t value) {
    cells_.push_back({value, false});
    return cells_.size() - 1;
  }
  void add_equation(std::size_t total, std::vector<std::size_t> parts) {
    equations_.push_back({total, std::move(parts)});
  }

  void suppress(int minimum_count) {
    for (Cell& cell : cells_) cell.suppressed = cell.value > 0 && cell.value < minimum_count;
    bool changed = true;
    while (changed) {
      changed = false;
      for (const Equation& equation : equations_) changed |= protect(equation);
    }
  }

  PublishedCount published(std::size_t cell) const {
    if (cells_[cell].suppressed) return std::nullopt;
    return cells_[cell].value;
  }

 private:
  struct Cell {
    std::int64_t value;
    bool suppressed;
  };
  struct Equation {
    std::size_t total;
    std::vector<std::size_t> parts;
  };

  bool protect(const Equation& equation) {
    const auto is_suppressed = [this](std::size_t cell) { return cells_[cell].suppressed; };
    const auto unknowns = std::ranges::count_if(equation.parts, is_suppressed) +
                          (is_suppressed(equation.total) ? 1 : 0);
    if (unknowns != 1) return false;
    std::optional<std::size_t> smallest;
    for (std::size_t part : equation.parts) {
      const Cell& cell = cells_[part];
      if (cell.suppressed || cell.value == 0) continue;
      if (!smallest || cell.value < cells_[*smallest].value) smallest = part;
    }
    Cell& chosen = cells_[smallest.value_or(equation.total)];
    if (chosen.suppressed) return false;  // parts that overlap: nothing left to protect with
    chosen.suppressed = true;
    return true;
  }

  std::vector<Cell> cells_;
  std::vector<Equation> equations_;
};

using Counts = std::map<std::string, std::int64_t, std::less<>>;

template <typename Enum>
std::vector<std::string> tokens_of() {
  std::vector<std::string> tokens;
  for (const auto& [value, token] : TokenTable<Enum>::entries) tokens.emplace_back(token);
  return tokens;
}

// The contract's categories in order, then any the store knows and this build does not (a
// later release's token), so that the parts still add up to their total.
std::vector<std::string> categories(std::vector<std::string> known, const Counts& counts) {
  for (const auto& [category, count] : counts)
    if (std::ranges::find(known, category) == known.end()) known.push_back(category);
  return known;
}

std::int64_t count_of(const Counts& counts, std::string_view category) {
  const auto found = counts.find(category);
  return found == counts.end() ? 0 : found->second;
}

// A breakdown's cells in the table, to be read back once suppression is done.
struct BreakdownCells {
  std::size_t total;
  std::vector<std::pair<std::string, std::size_t>> parts;
};

BreakdownCells add_breakdown(SuppressionTable& table, std::size_t total,
                             const std::vector<std::string>& categories, const Counts& counts) {
  BreakdownCells cells{total, {}};
  std::vector<std::size_t> parts;
  for (const std::string& category : categories) {
    parts.push_back(table.add(count_of(counts, category)));
    cells.parts.emplace_back(category, parts.back());
  }
  table.add_equation(total, std::move(parts));
  return cells;
}

std::size_t part_named(const BreakdownCells& cells, std::string_view category) {
  return std::ranges::find(cells.parts, category, &std::pair<std::string, std::size_t>::first)
      ->second;
}

StatisticsBreakdown read_breakdown(const SuppressionTable& table, const BreakdownCells& cells) {
  StatisticsBreakdown breakdown{table.published(cells.total), {}};
  for (const auto& [category, cell] : cells.parts) {
    StatisticsFigure figure{category, table.published(cell), std::nullopt};
    if (figure.count && breakdown.total && *breakdown.total > 0)
      figure.per_mille = (*figure.count * 1000 + *breakdown.total / 2) / *breakdown.total;
    breakdown.figures.push_back(std::move(figure));
  }
  return breakdown;
}

}  // namespace

std::optional<std::int64_t> nearest_rank_percentile(const std::vector<std::int64_t>& ascending,
                                                    int percent) {
  if (ascending.empty()) return std::nullopt;
  const auto size = static_cast<std::int64_t>(ascending.size());
  const std::int64_t rank = std::max<std::int64_t>(1, (percent * size + 99) / 100);
  return ascending[static_cast<std::size_t>(rank - 1)];
}

Statistics publish_statistics(const StatisticsCounts& counts, int minimum_count,
                              const std::vector<std::string>& gemeenten) {
  SuppressionTable table;
  const std::size_t signals = table.add(counts.signals);

  const auto channel = add_breakdown(table, signals, categories(tokens_of<Channel>(), counts.by_channel),
                                     counts.by_channel);
  const auto reporter =
      add_breakdown(table, signals, categories(tokens_of<ReporterType>(), counts.by_reporter_type),
                    counts.by_reporter_type);
  const auto gemeente =
      add_breakdown(table, signals, categories(gemeenten, counts.by_gemeente), counts.by_gemeente);
  std::vector<std::string> phenomena = tokens_of<Phenomenon>();
  phenomena.emplace_back(kNoPhenomenon);
  phenomena = categories(std::move(phenomena), counts.by_phenomenon);
  const auto phenomenon = add_breakdown(table, signals, phenomena, counts.by_phenomenon);
  std::vector<std::string> outcomes = tokens_of<Course>();
  outcomes.emplace_back(kUndecided);
  outcomes = categories(std::move(outcomes), counts.by_outcome);
  const auto outcome = add_breakdown(table, signals, outcomes, counts.by_outcome);

  // Rows: each phenomenon's signals by outcome. Columns: each outcome's cells across the
  // phenomena add up to (at least) the outcome's count.
  std::vector<BreakdownCells> rows;
  for (const auto& [category, cell] : phenomenon.parts) {
    const auto found = counts.outcome_by_phenomenon.find(category);
    rows.push_back(add_breakdown(table, cell, outcomes,
                                 found == counts.outcome_by_phenomenon.end() ? Counts{}
                                                                             : found->second));
  }
  for (const auto& [category, cell] : outcome.parts) {
    std::vector<std::size_t> column;
    column.reserve(rows.size());
    for (const BreakdownCells& row : rows) column.push_back(part_named(row, category));
    table.add_equation(cell, std::move(column));
  }

  const std::size_t undecided = part_named(outcome, kUndecided);
  const std::size_t compared = table.add(counts.positions_compared);
  const Counts positions{
      {std::string(kPositionsAgreed), counts.positions_compared - counts.positions_diverged},
      {std::string(kPositionsDiverged), counts.positions_diverged}};
  const auto partner_positions = add_breakdown(
      table, compared, {std::string(kPositionsAgreed), std::string(kPositionsDiverged)}, positions);
  // Every decided signal had all three partners' contributions in its round (the integral rule).
  table.add_equation(signals, {compared, undecided});

  const auto decided = table.add(static_cast<std::int64_t>(counts.days_to_decision.size()));
  const std::size_t more_information =
      part_named(outcome, to_token(Course::MoreInformationNeeded));
  table.add_equation(signals, {decided, undecided, more_information});
  std::vector<std::size_t> final_outcomes;
  for (const auto& [category, cell] : outcome.parts)
    if (cell != undecided && cell != more_information) final_outcomes.push_back(cell);
  table.add_equation(decided, std::move(final_outcomes));

  table.suppress(minimum_count);

  Statistics statistics;
  statistics.minimum_count = minimum_count;
  statistics.signals = table.published(signals);
  statistics.by_channel = read_breakdown(table, channel);
  statistics.by_reporter_type = read_breakdown(table, reporter);
  statistics.by_gemeente = read_breakdown(table, gemeente);
  statistics.by_phenomenon = read_breakdown(table, phenomenon);
  statistics.by_outcome = read_breakdown(table, outcome);
  for (std::size_t row = 0; row < rows.size(); ++row)
    statistics.outcomes_by_phenomenon.push_back(
        {phenomenon.parts[row].first, read_breakdown(table, rows[row])});
  statistics.partner_positions = read_breakdown(table, partner_positions);
  statistics.decided = table.published(decided);
  if (statistics.decided) {
    statistics.median_days = nearest_rank_percentile(counts.days_to_decision, 50);
    statistics.percentile90_days = nearest_rank_percentile(counts.days_to_decision, 90);
  }
  return statistics;
}

}  // namespace zvhpga::core
