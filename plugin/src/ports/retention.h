#pragma once
// What the store keeps about retention (docs/retention.md): every policy version put in force
// (never changed once adopted, so every clock stays explainable by the rule it names) and the
// clock each signal's term runs on.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"
#include "core/retention.h"

namespace zvhpga::ports {

// The most signals one statement of the set-based calls below names (RetentionRegister's
// held_among, describe_all, insert_tombstones, destroy_signals and finish_items); a longer list is taken in
// chunks of this many. The sweep destroys as many in one transaction.
inline constexpr std::size_t kSignalsPerStatement = 100;

struct AdoptedPolicy {
  std::string version;
  std::string issued_on;
  std::string document;  // the policy file's text as adopted
  core::Timestamp adopted_at;
};

// A moment a policy version was put in force; it stays in force until the next such moment.
struct PolicyInForce {
  core::Timestamp since;
  std::string version;
};

// A legal hold: while one is in force (not released) the signal is never destroyed.
struct LegalHold {
  std::string hold_id;
  std::string signal_id;
  std::string reason;
  core::Date review_on;
  core::Actor placed_by;
  core::Timestamp placed_at;
};

// A signal found due by a retention run. outcome: empty until handled, then "destroyed",
// "held" (a hold was placed after the proposal) or "failed" with the failure.
struct ProposalItem {
  std::string signal_id;
  std::string rule_id;
  std::string policy_version;
  core::Timestamp due_at;
  std::optional<std::string> outcome;
  std::optional<std::string> failure;
};

struct DueSignal {
  core::RetentionClock clock;
  std::string region;
};

// A clock that falls due by a given moment, as the forecast lists it: held or not, and in a
// proposal not yet completed or not.
struct ForecastItem {
  core::RetentionClock clock;
  std::string region;
  bool held = false;
  std::optional<std::string> proposal_id;
};

struct DestructionProposal {
  std::string proposal_id;
  std::string region;
  core::Timestamp created_at;
  std::optional<core::Actor> approved_by;  // role and kind are not kept: always the officer's
  std::optional<core::Timestamp> approved_at;
  std::optional<core::Timestamp> completed_at;
  std::vector<ProposalItem> items;
};

// What is left of a destroyed signal: that it existed and how its term ended, nothing
// personal.
struct Tombstone {
  std::string signal_id;
  std::string region;
  core::Timestamp registered_at;
  core::Timestamp last_change_at;
  std::string rule_id;
  std::string policy_version;
  core::Timestamp due_at;
  core::Timestamp destroyed_at;
  std::string proposal_id;
};

class RetentionRegister {
 public:
  virtual ~RetentionRegister() = default;
  // Every adopted version, the one most recently put in force last.
  virtual std::vector<AdoptedPolicy> adopted_policies() = 0;
  // Records a new version; it is in force from now on.
  virtual void adopt(const AdoptedPolicy& policy) = 0;
  // Puts an adopted version back in force.
  virtual void put_in_force(std::string_view version, const core::Timestamp& at) = 0;
  // Every moment a version was put in force (adoptions included), oldest first.
  virtual std::vector<PolicyInForce> in_force_history() = 0;
  // Starts the signal's clock, replacing one an earlier state change started.
  virtual void start_clock(const core::RetentionClock& clock) = 0;
  virtual std::optional<core::RetentionClock> clock_of(std::string_view signal_id) = 0;
  // The distinct (policy version, rule) pairs that running clocks were started under.
  virtual std::vector<std::pair<std::string, std::string>> rules_in_use() = 0;

  virtual void place_hold(const LegalHold& hold) = 0;
  // False, and nothing changed, when the signal has no such hold in force.
  virtual bool release_hold(std::string_view signal_id, std::string_view hold_id,
                            const core::Actor& released_by, const core::Timestamp& at) = 0;
  virtual bool is_held(std::string_view signal_id) = 0;
  // Those of the signals that have a hold in force, each once, in no particular order.
  virtual std::vector<std::string> held_among(std::span<const std::string> signal_ids) = 0;

  // Clocks due at `now`, oldest first, of signals neither held nor already in a proposal that
  // is not completed; at most `limit`.
  virtual std::vector<DueSignal> due_signals(const core::Timestamp& now, std::int64_t limit) = 0;
  // Every clock due at or before `until`, oldest first, whether held or proposed already or not.
  virtual std::vector<ForecastItem> due_by(const core::Timestamp& until) = 0;
  // Signals no clock runs for, by identifier in order; at most `limit`.
  virtual std::vector<std::string> signals_without_term(std::int64_t limit) = 0;
  virtual std::int64_t count_signals_without_term() = 0;
  virtual void insert_proposal(const DestructionProposal& proposal) = 0;
  virtual std::optional<DestructionProposal> proposal(std::string_view proposal_id) = 0;
  virtual void approve_proposal(std::string_view proposal_id, const core::Actor& approved_by,
                                const core::Timestamp& at) = 0;
  // Approved proposals not completed yet, oldest first.
  virtual std::vector<std::string> approved_open_proposals() = 0;
  virtual void finish_item(std::string_view proposal_id, const ProposalItem& item) = 0;
  // finish_item for each of the items, their outcomes and failures as given.
  virtual void finish_items(std::string_view proposal_id, std::span<const ProposalItem> items) = 0;
  virtual void complete_proposal(std::string_view proposal_id, const core::Timestamp& at) = 0;

  // Deletes every row the plugin holds about the signals, in every pga_ table that holds any
  // (docs/retention.md lists them): the one place destruction is defined. Set-based: one
  // statement per table for each chunk of kSignalsPerStatement signals, inside the caller's
  // transaction. The audit trail and the processing log are not touched; they name a signal
  // only by its identifier.
  virtual void destroy_signals(std::span<const std::string> signal_ids) = 0;
  // What a tombstone keeps of each of the signals still held (region, registration, last state
  // change), those no longer there left out, each once, in no particular order.
  virtual std::vector<Tombstone> describe_all(std::span<const std::string> signal_ids) = 0;
  // Writes the tombstone of each of the signals, whose rows must still be there: what
  // describe_all answers, with the rule, policy version and due moment of the signal's line in
  // the proposal, destroyed at `destroyed_at` under it. Set-based, as destroy_signals.
  virtual void insert_tombstones(std::string_view proposal_id, const core::Timestamp& destroyed_at,
                                 std::span<const std::string> signal_ids) = 0;
  // The tombstones of every signal the proposal destroyed, in no particular order.
  virtual std::vector<Tombstone> tombstones_of(std::string_view proposal_id) = 0;
  virtual std::optional<Tombstone> tombstone(std::string_view signal_id) = 0;
  // Every destroyed signal's id, in no particular order.
  virtual std::vector<std::string> tombstoned_signal_ids() = 0;
  virtual void insert_statement(std::string_view proposal_id, const core::Timestamp& written_at,
                                const std::string& document) = 0;
  virtual std::optional<std::string> statement(std::string_view proposal_id) = 0;
};

}  // namespace zvhpga::ports
