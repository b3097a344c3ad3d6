#include "core/retention.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace zvhpga::core {
namespace {

std::optional<int> digits(const Timestamp& text, std::size_t at, std::size_t count) {
  int value = 0;
  const char* first = text.data() + at;
  const auto [end, error] = std::from_chars(first, first + count, value);
  if (error != std::errc{} || end != first + count) return std::nullopt;
  return value;
}

}  // namespace

const RetentionRule* RetentionPolicy::find(const std::string& rule_id) const {
  const auto rule = std::ranges::find(rules, rule_id, &RetentionRule::id);
  return rule == rules.end() ? nullptr : &*rule;
}

const RetentionRule* RetentionPolicy::audit_record_rule() const {
  const auto rule = std::ranges::find_if(rules, [](const RetentionRule& candidate) {
    return candidate.records == RetentionRecords::AuditRecord;
  });
  return rule == rules.end() ? nullptr : &*rule;
}

const RetentionRule* RetentionPolicy::rule_for(RetentionTrigger trigger, Course outcome) const {
  const auto rule = std::ranges::find_if(rules, [&](const RetentionRule& candidate) {
    return candidate.records == RetentionRecords::Signal && candidate.trigger == trigger &&
           candidate.outcome == outcome;
  });
  return rule == rules.end() ? nullptr : &*rule;
}

std::optional<Timestamp> add_period(const Timestamp& from, const RetentionPeriod& period) {
  // "YYYY-MM-DDT…": only the date moves; the time of day is kept to the millisecond, so a term
  // ends at the same instant of its last day as it began.
  if (from.size() < 11 || from[4] != '-' || from[7] != '-' || from[10] != 'T') return std::nullopt;
  const auto year = digits(from, 0, 4);
  const auto month = digits(from, 5, 2);
  const auto day = digits(from, 8, 2);
  if (!year || !month || !day) return std::nullopt;
  using namespace std::chrono;
  const year_month_day start{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                             std::chrono::day{static_cast<unsigned>(*day)}};
  if (!start.ok()) return std::nullopt;
  year_month_day moved = start + years{period.years} + months{period.months};
  if (!moved.ok()) moved = year_month_day_last{moved.year(), month_day_last{moved.month()}};
  const year_month_day end{sys_days{moved} + std::chrono::days{period.days}};
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(end.year()),
                static_cast<unsigned>(end.month()), static_cast<unsigned>(end.day()));
  return std::string(date) + from.substr(10);
}

std::optional<RetentionClock> start_clock(const RetentionPolicy& policy,
                                          const std::string& signal_id, RetentionTrigger trigger,
                                          Course outcome, const Timestamp& at) {
  const RetentionRule* rule = policy.rule_for(trigger, outcome);
  if (rule == nullptr || rule->action != RetentionAction::Destroy) return std::nullopt;
  auto due = add_period(at, rule->period);
  // The plugin's own clock reading: a malformed one is a bug, and no term may go unstarted.
  if (!due) throw std::logic_error("cannot start a retention clock at " + at);
  return RetentionClock{signal_id,
                        rule->id,
                        policy.version,
                        std::string(to_token(trigger)) + ":" + std::string(to_token(outcome)),
                        at,
                        std::move(*due)};
}

}  // namespace zvhpga::core
