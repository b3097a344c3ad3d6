#pragma once
// Retention terms (docs/retention.md): which rule of a policy a state change starts, and when
// the term it starts ends. Pure values and arithmetic; the clock reading comes from outside.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain.h"
#include "core/tokens.h"

namespace zvhpga::core {

enum class RetentionRecords { Signal, AuditRecord };
// Withdrawal and TriageOut: the signal ended before a decision (core/workflow.h). Stalled: the
// signal's last state change lies a rule's `after` back and nothing followed it.
enum class RetentionTrigger { Decision, Closure, Recorded, Withdrawal, TriageOut, Stalled };
enum class RetentionAction { Destroy, Keep };

// A term in calendar units, counted from the moment of the state change.
struct RetentionPeriod {
  int years = 0;
  int months = 0;
  int days = 0;
};

struct RetentionRule {
  std::string id;
  RetentionRecords records{};
  RetentionTrigger trigger{};
  // The decision outcome the rule is for (the last decision's, for a closure).
  std::optional<Course> outcome;
  RetentionPeriod period;
  std::string period_text;  // as written in the policy, e.g. "P5Y"
  // Stalled rules only: how long without a state change counts as stalled; the term of
  // `period` runs from then.
  std::optional<RetentionPeriod> stalled_after;
  std::string stalled_after_text;
  RetentionAction action{};
  bool confirmed = false;
  std::string legal_source;
};

struct RetentionPolicy {
  std::string version;
  std::string issued_on;
  std::string title;
  std::vector<RetentionRule> rules;

  const RetentionRule* find(const std::string& rule_id) const;
  // The rule for a signal's state change with this outcome; none when the policy has none.
  const RetentionRule* rule_for(RetentionTrigger trigger, Course outcome) const;
  // The rule for a signal's state change that has no outcome (withdrawal, triage-out, stalled).
  const RetentionRule* rule_for(RetentionTrigger trigger) const;
  // The rule for audit records; none when the policy has none.
  const RetentionRule* audit_record_rule() const;
};

// A signal's term, as it is started: fixed then, so no later policy version changes it.
struct RetentionClock {
  std::string signal_id;
  std::string rule_id;
  std::string policy_version;
  std::string trigger_event;  // e.g. "decision:no-further-action"
  Timestamp triggered_at;
  Timestamp due_at;
};

// `from` (an ISO 8601 UTC timestamp as the plugin writes them) plus the period; a day that the
// target month lacks (31 March + 1 month, 29 February + 1 year) becomes that month's last day.
// Empty when `from` is not such a timestamp.
std::optional<Timestamp> add_period(const Timestamp& from, const RetentionPeriod& period);

// The clock a signal's state change starts under the policy in force: none when no rule
// applies or the rule keeps the records.
std::optional<RetentionClock> start_clock(const RetentionPolicy& policy,
                                          const std::string& signal_id, RetentionTrigger trigger,
                                          Course outcome, const Timestamp& at);

// The clock the dossier's last state change calls for under the policy in force, or none when
// it calls for none, so that a clock an earlier change started runs on:
//   withdrawn, triaged-out         the withdrawal or triage-out rule, from that change;
//   decided, closed                the decision or closure rule of the last decision's outcome;
//   undecided, or decided without
//   a rule of its own (inclusion)  the stalled rule: due `after` + `period` from that change,
//                                  restarted by every later state change and by every
//                                  review of an inclusion (core::record_inclusion_review).
// A signal closed without a closure rule for its outcome keeps the clock its decision started.
std::optional<RetentionClock> clock_for(const RetentionPolicy& policy, const Dossier& dossier);

template <>
struct TokenTable<RetentionRecords> {
  static constexpr std::pair<RetentionRecords, std::string_view> entries[] = {
      {RetentionRecords::Signal, "signal"},
      {RetentionRecords::AuditRecord, "audit-record"},
  };
};

template <>
struct TokenTable<RetentionTrigger> {
  static constexpr std::pair<RetentionTrigger, std::string_view> entries[] = {
      {RetentionTrigger::Decision, "decision"},
      {RetentionTrigger::Closure, "closure"},
      {RetentionTrigger::Recorded, "recorded"},
      {RetentionTrigger::Withdrawal, "withdrawal"},
      {RetentionTrigger::TriageOut, "triage-out"},
      {RetentionTrigger::Stalled, "stalled"},
  };
};

template <>
struct TokenTable<RetentionAction> {
  static constexpr std::pair<RetentionAction, std::string_view> entries[] = {
      {RetentionAction::Destroy, "destroy"},
      {RetentionAction::Keep, "keep"},
  };
};

}  // namespace zvhpga::core
