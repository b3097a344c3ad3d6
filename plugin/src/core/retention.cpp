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

const RetentionRule* RetentionPolicy::rule_for(RetentionTrigger trigger) const {
  const auto rule = std::ranges::find_if(rules, [&](const RetentionRule& candidate) {
    return candidate.records == RetentionRecords::Signal && candidate.trigger == trigger &&
           !candidate.outcome;
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

namespace {

std::optional<RetentionClock> clock_of_rule(const RetentionPolicy& policy, const RetentionRule* rule,
                                            const std::string& signal_id, std::string event,
                                            const Timestamp& at) {
  if (rule == nullptr || rule->action != RetentionAction::Destroy) return std::nullopt;
  // A stalled term runs from the moment the signal counts as stalled.
  auto from = rule->stalled_after ? add_period(at, *rule->stalled_after) : std::optional(at);
  auto due = from ? add_period(*from, rule->period) : std::nullopt;
  // The plugin's own clock reading: a malformed one is a bug, and no term may go unstarted.
  if (!due) throw std::logic_error("cannot start a retention clock at " + at);
  return RetentionClock{signal_id, rule->id, policy.version, std::move(event), at, std::move(*due)};
}

}  // namespace

std::optional<RetentionClock> start_clock(const RetentionPolicy& policy,
                                          const std::string& signal_id, RetentionTrigger trigger,
                                          Course outcome, const Timestamp& at) {
  return clock_of_rule(policy, policy.rule_for(trigger, outcome), signal_id,
                       std::string(to_token(trigger)) + ":" + std::string(to_token(outcome)), at);
}

std::optional<RetentionClock> clock_for(const RetentionPolicy& policy, const Dossier& dossier) {
  if (dossier.transitions.empty()) return std::nullopt;
  const Timestamp& at = dossier.transitions.back().at;
  // A review of an inclusion is the casusoverleg still at work on the signal although its state
  // stands still: it counts as a step, so a reviewed inclusion is not taken for stalled.
  const Timestamp& last_step =
      !dossier.reviews.empty() && at < dossier.reviews.back().recorded_at
          ? dossier.reviews.back().recorded_at
          : at;
  auto stalled = [&] {
    return clock_of_rule(policy, policy.rule_for(RetentionTrigger::Stalled), dossier.signal_id,
                         "stalled:" + std::string(to_token(dossier.state)), last_step);
  };
  switch (dossier.state) {
    case SignalState::Withdrawn:
      return clock_of_rule(policy, policy.rule_for(RetentionTrigger::Withdrawal),
                           dossier.signal_id, "withdrawal", at);
    case SignalState::TriagedOut:
      return clock_of_rule(policy, policy.rule_for(RetentionTrigger::TriageOut),
                           dossier.signal_id, "triage-out", at);
    case SignalState::Decided:
      // A rule that keeps the records is a rule too: only an outcome without one stalls.
      if (policy.rule_for(RetentionTrigger::Decision, dossier.decisions.back().outcome) != nullptr)
        return start_clock(policy, dossier.signal_id, RetentionTrigger::Decision,
                           dossier.decisions.back().outcome, at);
      return stalled();
    case SignalState::Closed:
      return start_clock(policy, dossier.signal_id, RetentionTrigger::Closure,
                         dossier.decisions.back().outcome, at);
    case SignalState::Received:
    case SignalState::AwaitingContributions:
    case SignalState::ReadyForWeighing: return stalled();
  }
  return std::nullopt;
}

}  // namespace zvhpga::core
