#include "service/audit_expiry.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace zvhpga::service {
namespace {

// Bounds the store's write lock: requests of the serving process wait behind it.
constexpr std::size_t kRecordsPerTransaction = 1000;
constexpr std::string_view kSignalObject = "signal/";

// Whether an audit record's term has ended, under the policy versions as they were in force.
class AuditTerms {
 public:
  AuditTerms(const retention::PolicySet& policies, std::vector<ports::PolicyInForce> history,
             core::Timestamp now)
      : policies_(policies), history_(std::move(history)), now_(std::move(now)) {}

  bool ended(const ports::AuditRecord& record, ports::RetentionRegister& retention) {
    const core::RetentionPolicy* policy = policy_at(record.event.at);
    const core::RetentionRule* rule = policy != nullptr ? policy->audit_record_rule() : nullptr;
    if (rule == nullptr || rule->action != core::RetentionAction::Destroy) return false;
    const auto due = core::add_period(record.event.at, rule->period);
    return due && *due <= now_ && !about_held_signal(record, retention);
  }

 private:
  // The version put in force last at or before `at`. A record older than every version (from a
  // store that predates retention policies) falls under the first one.
  const core::RetentionPolicy* policy_at(const core::Timestamp& at) const {
    if (history_.empty()) return nullptr;
    const auto later = std::ranges::upper_bound(history_, at, {}, &ports::PolicyInForce::since);
    return policies_.find((later == history_.begin() ? *later : *std::prev(later)).version);
  }

  bool about_held_signal(const ports::AuditRecord& record, ports::RetentionRegister& retention) {
    const std::string& object = record.event.object;
    if (!object.starts_with(kSignalObject)) return false;
    const std::string signal_id = object.substr(kSignalObject.size());
    const auto known = held_.find(signal_id);
    if (known != held_.end()) return known->second;
    return held_.emplace(signal_id, retention.is_held(signal_id)).first->second;
  }

  const retention::PolicySet& policies_;
  const std::vector<ports::PolicyInForce> history_;
  const core::Timestamp now_;
  std::map<std::string, bool, std::less<>> held_;
};

}  // namespace

AuditExpiry expire_audit_records(const SweepContext& context) {
  std::vector<ports::PolicyInForce> history;
  {
    auto tx = context.store.begin(ports::TransactionMode::ReadOnly);
    history = tx->retention_register().in_force_history();
  }
  const Now now = now_from(context.clock.now());
  AuditTerms terms(context.policies, std::move(history), now.timestamp);
  AuditExpiry expiry;
  for (;;) {
    auto tx = context.store.begin(ports::TransactionMode::ReadWrite);
    ports::AuditJournal& journal = tx->audit_journal();
    journal.lock_head();
    const std::int64_t after = journal.read_anchor().value_or(ports::AuditAnchor{}).through_seq;
    const std::vector<ports::AuditRecord> records = journal.read_after(after, kRecordsPerTransaction);
    const auto kept = std::ranges::find_if_not(records, [&](const ports::AuditRecord& record) {
      return terms.ended(record, tx->retention_register());
    });
    if (kept == records.begin()) break;
    const ports::AuditRecord& last = *std::prev(kept);
    tx->processing_log().erase_linked_to(after, last.seq);
    journal.cut(after, context.audit_trail.anchor_after(last));
    context.audit_trail.record(journal, sweep_event(context, now, "ExpireAuditRecords",
                                                    "audit-records/" + std::to_string(after + 1) +
                                                        "-" + std::to_string(last.seq),
                                                    "success", ""));
    tx->commit();
    expiry.records_removed += last.seq - after;
    expiry.chain_starts_after = last.seq;
    if (kept != records.end() || records.size() < kRecordsPerTransaction) break;
  }
  return expiry;
}

}  // namespace zvhpga::service
