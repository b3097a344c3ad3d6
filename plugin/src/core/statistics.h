#pragma once
// Management information and bias monitoring (docs/criteria.md, "Statistics"): the counts the
// store computes for a region and a period, and the figures that may be published from them.
// Publishing suppresses every count below the minimum, and every count that would let one be
// worked out by subtraction from a published total. Nothing here is per person, nothing is a
// score or a ranking.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain.h"

namespace zvhpga::core {

// Category tokens beyond the domain's own: a signal whose hypothesis names no phenomenon, a
// signal without a decision, and whether the partners' positions were all the same.
inline constexpr std::string_view kNoPhenomenon = "none";
inline constexpr std::string_view kUndecided = "undecided";
inline constexpr std::string_view kPositionsAgreed = "agreed";
inline constexpr std::string_view kPositionsDiverged = "diverged";
// A signal from before the responsible gemeente was kept, that names none (migration 0012).
inline constexpr std::string_view kNoResponsibleGemeente = "none";

inline constexpr int kDefaultMinimumCount = 5;

// What the store counts: signals of one region received in the period (both dates included).
// A category the store does not mention counts zero.
struct StatisticsCounts {
  std::int64_t signals = 0;
  std::map<std::string, std::int64_t, std::less<>> by_channel;
  std::map<std::string, std::int64_t, std::less<>> by_reporter_type;
  // By the partner id of the responsible gemeente, kNoResponsibleGemeente where none is kept.
  std::map<std::string, std::int64_t, std::less<>> by_gemeente;
  // A signal counts once per phenomenon of its hypothesis, under kNoPhenomenon if it has none.
  std::map<std::string, std::int64_t, std::less<>> by_phenomenon;
  // The latest decision's outcome token, kUndecided without one.
  std::map<std::string, std::int64_t, std::less<>> by_outcome;
  // Outcome per phenomenon, keyed phenomenon then outcome, counted as above.
  std::map<std::string, std::map<std::string, std::int64_t, std::less<>>, std::less<>>
      outcome_by_phenomenon;
  // Signals with a decision whose round had contributions, and those among them whose current
  // positions were not all the same.
  std::int64_t positions_compared = 0;
  std::int64_t positions_diverged = 0;
  // Days from receipt to the decision that ended the weighing, one entry per such decision,
  // ascending.
  std::vector<std::int64_t> days_to_decision;
};

// A published count: empty when suppressed.
using PublishedCount = std::optional<std::int64_t>;

struct StatisticsFigure {
  std::string category;
  PublishedCount count;
  // Share of the breakdown's total, in tenths of a per cent; only when both are published.
  std::optional<std::int64_t> per_mille;
};

struct StatisticsBreakdown {
  PublishedCount total;
  std::vector<StatisticsFigure> figures;  // every category, in the contract's order
};

struct OutcomesOfPhenomenon {
  std::string phenomenon;
  StatisticsBreakdown outcomes;
};

struct Statistics {
  std::string region;
  Date from;
  Date to;
  int minimum_count = kDefaultMinimumCount;
  PublishedCount signals;
  StatisticsBreakdown by_channel;
  StatisticsBreakdown by_reporter_type;
  StatisticsBreakdown by_gemeente;
  StatisticsBreakdown by_phenomenon;
  StatisticsBreakdown by_outcome;
  std::vector<OutcomesOfPhenomenon> outcomes_by_phenomenon;
  StatisticsBreakdown partner_positions;
  PublishedCount decided;
  std::optional<std::int64_t> median_days;
  std::optional<std::int64_t> percentile90_days;
};

// The figures that may be published from the counts, with every category listed (zero
// included) so the shape of a table never depends on the data: for the gemeenten, every
// gemeente of the region (partner ids, in the partner table's order).
Statistics publish_statistics(const StatisticsCounts& counts, int minimum_count,
                              const std::vector<std::string>& gemeenten = {});

// The nearest-rank percentile (the smallest value with at least `percent` per cent of the
// values at or below it) of ascending values; empty for no values.
std::optional<std::int64_t> nearest_rank_percentile(const std::vector<std::int64_t>& ascending,
                                                    int percent);

}  // namespace zvhpga::core
