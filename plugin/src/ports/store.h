#pragma once
// The store port: transactions over the dossiers and every register written with them. The
// ODBC adapter implements it (odbc/odbc_store.h); the sealing store wraps it (crypto/).
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain.h"
#include "core/statistics.h"
#include "ports/assertion_replay.h"
#include "ports/audit.h"
#include "ports/criteria.h"
#include "ports/outbox.h"
#include "ports/privacy.h"
#include "ports/replies.h"
#include "ports/retention.h"

namespace zvhpga::ports {

// A store implementation reports failures by throwing StoreFailure; the request pipeline turns
// it into an Error value before anything reaches a door. Retryable means the same request may
// succeed later (lost connection, serialization conflict, database busy).
class StoreFailure : public std::runtime_error {
 public:
  StoreFailure(const std::string& what, std::string sqlstate, bool retryable)
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)), retryable_(retryable) {}
  const std::string& sqlstate() const { return sqlstate_; }
  bool retryable() const { return retryable_; }

 private:
  std::string sqlstate_;
  bool retryable_;
};

// One signal's line in a worklist query: enough to decide what it awaits, nothing personal.
struct WorklistRow {
  std::string signal_id;
  core::SignalState state{};
  int round = 1;
  core::Date received_on;
  core::Timestamp registered_at;
  std::string responsible_gemeente;  // empty where a store from before it names none
  std::optional<core::Course> last_outcome;
  std::vector<core::PartnerKind> contributed_this_round;
  // The moment the signal entered its state (its latest transition into it from another state,
  // or its registration), and the moment its latest inclusion review was recorded: what the
  // time limits count from (core/time_limits.h).
  core::Timestamp state_since;
  std::optional<core::Timestamp> last_review_at;
};

// A signal whose latest informing step is a postponement whose review date has come, as the
// privacy officer's worklist names it: nothing of the person, only the ground's code.
struct PostponementDue {
  std::string signal_id;
  std::string responsible_gemeente;
  core::Date review_on;
  std::string ground_code;
};

// A transfer awaiting the receiving gemeente's answer, as its worklist names it: the signal
// stays unreadable to that gemeente until it accepts.
struct TransferOffer {
  std::string transfer_id;
  std::string signal_id;
  std::string from_gemeente;
  core::Timestamp proposed_at;
};

enum class TransactionMode { ReadOnly, ReadWrite };

// One database transaction. The destructor rolls back unless commit() returned normally.
// In a ReadWrite transaction, what load_dossier() read cannot be changed by anyone else before
// commit(): SQLite takes the write lock at the start, PostgreSQL the audit head's row lock, so a
// writer waits for the one before it; SQL Server runs serializable and reports a conflict as a
// retryable StoreFailure, which the request pipeline retries.
class StoreTransaction {
 public:
  virtual ~StoreTransaction() = default;
  virtual void commit() = 0;

  // Writes the intake, state, round and registration of a new dossier. Its histories
  // (contributions, decisions, transitions, closure) are written by the calls below.
  virtual void insert_signal(const core::Dossier& dossier) = 0;
  // The whole dossier with its histories in the order they happened; empty if unknown.
  virtual std::optional<core::Dossier> load_dossier(std::string_view signal_id) = 0;
  virtual void update_state(std::string_view signal_id, core::SignalState state, int round) = 0;
  virtual void insert_contribution(std::string_view signal_id,
                                   const core::Contribution& contribution) = 0;
  virtual void insert_decision(std::string_view signal_id, const core::Decision& decision) = 0;
  virtual void insert_closure(std::string_view signal_id, const core::Closure& closure) = 0;
  virtual void append_transition(std::string_view signal_id,
                                 const core::Transition& transition) = 0;
  // A transfer proposed (state proposed); answer_transfer() records its answer.
  virtual void insert_transfer(std::string_view signal_id, const core::Transfer& transfer) = 0;
  virtual void answer_transfer(std::string_view signal_id, const core::Transfer& transfer) = 0;
  // After an accepted transfer: the signal's responsible gemeente and region.
  virtual void set_responsibility(std::string_view signal_id, std::string_view gemeente,
                                  std::string_view region) = 0;
  // Transfers awaiting this gemeente's answer, oldest first.
  virtual std::vector<TransferOffer> transfers_offered_to(std::string_view gemeente) = 0;
  // A step in informing the person, and a review of an inclusion, each appended.
  virtual void insert_informing(std::string_view signal_id, const core::Informing& informing) = 0;
  virtual void insert_inclusion_review(std::string_view signal_id,
                                       const core::InclusionReview& review) = 0;
  // Signals of one region whose informing stands postponed with a review date on or before
  // `today`, earliest review date first.
  virtual std::vector<PostponementDue> postponements_due(std::string_view region,
                                                         const core::Date& today) = 0;
  // Signals of one region in any of the given states, oldest registration first.
  virtual std::vector<WorklistRow> worklist_rows(std::string_view region,
                                                 std::span<const core::SignalState> states) = 0;
  // The keyed pseudonyms of a signal's data subject (subject_pseudonym() of its BSN where it
  // has one, and of its name and birth date), kept in the signal's own row so they go with it.
  virtual void set_subject_pseudonyms(std::string_view signal_id,
                                      const std::optional<std::string>& bsn_pseudonym,
                                      std::string_view name_pseudonym) = 0;
  // The other signals on record whose subject has either pseudonym, oldest registration first.
  virtual std::vector<std::string> signals_about_subject(
      std::string_view except_signal_id, const std::optional<std::string>& bsn_pseudonym,
      std::string_view name_pseudonym) = 0;
  // The counts behind the management information: signals of one region received from `from`
  // up to and including `to` (docs/criteria.md, "Statistics"). Counts only, nothing per person.
  virtual core::StatisticsCounts statistics_counts(std::string_view region, const core::Date& from,
                                                   const core::Date& to) = 0;
  // The audit trail, written in this same transaction: no audit record, no change.
  virtual AuditJournal& audit_journal() = 0;
  // The processing log, written in this same transaction too.
  virtual ProcessingLog& processing_log() = 0;
  virtual PrivacyRegister& privacy_register() = 0;
  // Criteria catalogues and answers, written in this same transaction too.
  virtual CriteriaRegister& criteria_register() = 0;
  // Retention policies and clocks, written with the state change that starts a clock.
  virtual RetentionRegister& retention_register() = 0;
  // Pushes to the host platform, written with the change that causes them.
  virtual HostOutbox& host_outbox() = 0;
  // The answers to requests with an id, written with the operation they answer.
  virtual ReplyRegister& reply_register() = 0;
  // The user assertions used, recorded with the request they were used for.
  virtual AssertionReplay& assertion_replay() = 0;
  // Runs the configured host statement `name` (config::HostStatement) on the host platform's
  // own tables, within this transaction, with the values bound to its parameter markers in
  // order. A name that is not configured is a non-retryable StoreFailure.
  virtual void run_host_statement(std::string_view name,
                                  std::span<const std::string> parameters) = 0;

  StoreTransaction() = default;
  StoreTransaction(const StoreTransaction&) = delete;
  StoreTransaction& operator=(const StoreTransaction&) = delete;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<StoreTransaction> begin(TransactionMode mode) = 0;
};

}  // namespace zvhpga::ports
