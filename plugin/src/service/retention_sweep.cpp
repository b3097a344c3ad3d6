#include "service/retention_sweep.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <span>
#include <system_error>
#include <vector>

#include "core/retention.h"
#include "service/audit_expiry.h"
#include "xml/document.h"
#include "xml/writer.h"

namespace zvhpga::service {
namespace {

constexpr const char* kStatementNamespace = "urn:nl:zvh-pga:statement:1";
constexpr std::string_view kStatementEnd = "</statementOfDestruction>\n";
constexpr std::string_view kMacOpen = "  <mac>";
constexpr std::string_view kMacClose = "</mac>\n";
constexpr std::size_t kMacHexDigits = 64;

constexpr const char* kDestroyed = "destroyed";
constexpr const char* kHeld = "held";
constexpr const char* kFailed = "failed";

// How many signals one transaction destroys. Their key erasures share one commit in the key
// store and their destructions one in the store, where each signal alone paid two synced commits.
// The audit head (and on SQLite the store's write lock) is held meanwhile, 0.1 to 0.6 s in the
// benchmark (docs/retention.md), which is what keeps this number from growing: every request of
// the serving process appends an audit record and waits behind it. One chunk of the store's
// set-based statements, so that each table is emptied of them with one statement.
constexpr std::size_t kSignalsPerTransaction = ports::kSignalsPerStatement;

// What the statement says about how: every place the plugin stored the signal.
std::string method() {
  return "The signal's data key erased from the key store, which leaves every copy of its "
         "personal fields unreadable, backups included; then rows deleted from the zvh-pga "
         "tables pga_signal, pga_signal_phenomenon, pga_contribution, pga_decision, "
         "pga_decision_participant, pga_closure, pga_transition, pga_criteria_answer, "
         "pga_withheld_item, pga_host_outbox, pga_work_item, pga_retention_hold and "
         "pga_retention_clock, and the configured host statement destroy-signal, each signal "
         "whole or not at all, in database transactions of up to " +
         std::to_string(kSignalsPerTransaction) +
         " signals; a tombstone without personal data is kept.";
}

Now now_of(const SweepContext& context) { return now_from(context.clock.now()); }

// The items destroyed together, each whole with its tombstone, its proposal line and its audit
// record, all in one transaction; a held item is never destroyed, and an item the store no
// longer has fails. A store failure rolls all of them back and propagates; only
// the keys erased before it stay erased.
std::vector<ports::ProposalItem> destroy_together(const SweepContext& context,
                                           const std::string& proposal_id,
                                           std::span<const ports::ProposalItem> items) {
  const Now now = now_of(context);
  auto tx = context.store.begin(ports::TransactionMode::ReadWrite);
  // First: every change to a legal hold records an audit record in its own transaction and so
  // takes this lock too. Held from the start, it keeps a hold from being placed between the
  // reading of the holds and the erasure of the keys below, which cannot be undone (on
  // PostgreSQL; on SQLite the write transaction alone excludes every other writer). A trail
  // changed at its end stops the destruction here, before a key is erased unrecorded.
  context.audit_trail.lock_intact_head(tx->audit_journal());
  ports::RetentionRegister& retention = tx->retention_register();
  std::vector<ports::ProposalItem> done(items.begin(), items.end());
  // Set-based: the holds, the signals still there and then their rows are each read or deleted
  // with one statement per chunk of signals (ports::kSignalsPerStatement), not one per signal.
  std::vector<std::string> signal_ids;
  signal_ids.reserve(done.size());
  for (const ports::ProposalItem& item : done) signal_ids.push_back(item.signal_id);
  std::vector<std::string> held = retention.held_among(signal_ids);
  std::ranges::sort(held);
  std::vector<std::string> unheld;
  for (const std::string& id : signal_ids)
    if (!std::ranges::binary_search(held, id)) unheld.push_back(id);
  std::vector<std::string> present;
  for (const ports::Tombstone& tombstone : retention.describe_all(unheld))
    present.push_back(tombstone.signal_id);
  std::ranges::sort(present);
  std::vector<std::string> doomed;
  for (ports::ProposalItem& item : done) {
    if (std::ranges::binary_search(held, item.signal_id)) {
      item.outcome = kHeld;
    } else if (std::ranges::binary_search(present, item.signal_id)) {
      doomed.push_back(item.signal_id);
    } else {
      item.outcome = kFailed;
      item.failure = "the signal was no longer in the store";
    }
  }
  // The keys first: they are gone for good when erase_all returns, so even if this transaction
  // fails, what is left is ciphertext nobody can open, and the rerun deletes it. Copies of the
  // store taken before (backups) become unreadable for these signals at this moment.
  context.keys.erase_all(doomed);
  // The tombstones from the rows, before they go.
  retention.insert_tombstones(proposal_id, now.timestamp, doomed);
  retention.destroy_signals(doomed);
  const bool host_copy = context.config.has_host_statement(config::kDestroySignalStatement);
  std::vector<ports::AuditEvent> events;
  events.reserve(done.size());
  for (ports::ProposalItem& item : done) {
    std::string result = item.outcome == kHeld     ? "refused:legal-hold"
                         : item.outcome == kFailed ? "failed:unknown-signal"
                                                   : "success";
    if (!item.outcome) {
      if (host_copy) {
        const std::array<std::string, 1> signal{item.signal_id};
        tx->run_host_statement(config::kDestroySignalStatement, signal);
      }
      item.outcome = kDestroyed;
    }
    events.push_back(sweep_event(context, now, "DestroySignal", "signal/" + item.signal_id,
                                 std::move(result), proposal_id));
  }
  retention.finish_items(proposal_id, done);
  // One record per item, chained as one at a time would be; the head checked and moved once.
  context.audit_trail.record_all(tx->audit_journal(), events);
  tx->commit();
  return done;
}

// One signal, or else the proposal line and audit record of why not.
ports::ProposalItem destroy_item(const SweepContext& context, const std::string& proposal_id,
                          ports::ProposalItem item) {
  try {
    return destroy_together(context, proposal_id, std::span(&item, 1)).front();
  } catch (const ports::StoreFailure& failure) {
    // That signal's rows stay (their transaction rolled back) but its key is already gone; the
    // proposal records why, and the next run proposes the signal again and deletes the rows.
    const Now now = now_of(context);
    item.outcome = kFailed;
    item.failure = "database error " + failure.sqlstate() +
                   "; the signal's rows were kept, unreadable since its data key is erased";
    auto tx = context.store.begin(ports::TransactionMode::ReadWrite);
    tx->retention_register().finish_item(proposal_id, item);
    context.audit_trail.record(
        tx->audit_journal(),
        sweep_event(context, now, "DestroySignal", "signal/" + item.signal_id,
                     failure.retryable() ? "failed:store-unavailable" : "failed:internal-error",
                     proposal_id));
    tx->commit();
    return item;
  }
}

// Destroys the items in transactions of kSignalsPerTransaction. When one such transaction
// fails, its signals are taken again one at a time, so that the failure stays with the signal
// that caused it and the others are destroyed all the same.
void destroy_items(const SweepContext& context, const std::string& proposal_id,
                   std::span<ports::ProposalItem> items) {
  for (std::size_t first = 0; first < items.size(); first += kSignalsPerTransaction) {
    const auto batch = items.subspan(first, std::min(kSignalsPerTransaction, items.size() - first));
    try {
      std::ranges::copy(destroy_together(context, proposal_id, batch), batch.begin());
    } catch (const ports::StoreFailure&) {
      for (ports::ProposalItem& item : batch) item = destroy_item(context, proposal_id, item);
    }
  }
}

struct Category {
  const core::RetentionRule* rule = nullptr;
  std::string rule_id;
  std::string policy_version;
  std::vector<ports::Tombstone> destroyed;
};

std::string legal_ground(const SweepContext& context, const std::string& version,
                         const std::string& rule_id) {
  const core::RetentionPolicy* policy = context.policies.find(version);
  const core::RetentionRule* rule = policy != nullptr ? policy->find(rule_id) : nullptr;
  return rule != nullptr ? rule->legal_source
                         : "rule " + rule_id + " of retention policy " + version;
}

std::string signed_statement(const SweepContext& context, const ports::DestructionProposal& proposal,
                             ports::RetentionRegister& retention, const Now& now) {
  xml::Writer writer(kStatementNamespace, "statementOfDestruction");
  xmlNode* root = writer.root();
  writer.set_attribute(root, "proposalId", proposal.proposal_id);
  writer.set_attribute(root, "region", proposal.region);
  writer.add(root, "writtenAt", now.timestamp);
  xmlNode* approved = writer.add(root, "approvedBy");
  writer.set_attribute(approved, "partner", proposal.approved_by ? proposal.approved_by->partner_id : "");
  writer.set_attribute(approved, "user", proposal.approved_by ? proposal.approved_by->user : "");
  writer.set_attribute(approved, "at", proposal.approved_at.value_or(""));
  writer.add(root, "method", method());

  std::map<std::string, ports::Tombstone, std::less<>> destroyed;
  for (ports::Tombstone& tombstone : retention.tombstones_of(proposal.proposal_id))
    destroyed.emplace(tombstone.signal_id, std::move(tombstone));
  std::map<std::pair<std::string, std::string>, std::vector<ports::Tombstone>> categories;
  for (const ports::ProposalItem& item : proposal.items) {
    if (item.outcome != kDestroyed) continue;
    if (const auto tombstone = destroyed.find(item.signal_id); tombstone != destroyed.end())
      categories[{item.policy_version, item.rule_id}].push_back(std::move(tombstone->second));
  }
  for (auto& [key, tombstones] : categories) {
    const auto& [version, rule_id] = key;
    xmlNode* category = writer.add(root, "category");
    writer.set_attribute(category, "rule", rule_id);
    writer.set_attribute(category, "policyVersion", version);
    writer.add(category, "legalGround", legal_ground(context, version, rule_id));
    const auto earliest = std::ranges::min(tombstones, {}, &ports::Tombstone::registered_at);
    const auto latest = std::ranges::max(tombstones, {}, &ports::Tombstone::last_change_at);
    writer.add(category, "recordsFrom", earliest.registered_at);
    writer.add(category, "recordsTo", latest.last_change_at);
    for (const ports::Tombstone& tombstone : tombstones) {
      xmlNode* record = writer.add(category, "record");
      writer.set_attribute(record, "signalId", tombstone.signal_id);
      writer.set_attribute(record, "destroyedAt", tombstone.destroyed_at);
    }
  }
  for (const ports::ProposalItem& item : proposal.items) {
    if (item.outcome == kDestroyed) continue;
    xmlNode* kept = writer.add(root, "notDestroyed", item.failure.value_or("a legal hold is in force"));
    writer.set_attribute(kept, "signalId", item.signal_id);
    writer.set_attribute(kept, "reason", item.outcome.value_or(kFailed));
  }
  const xml::Document document = writer.release();
  std::string text = xml::serialize(*document);
  if (!text.ends_with(kStatementEnd))
    throw std::logic_error("a statement of destruction does not end as written");
  text.resize(text.size() - kStatementEnd.size());
  const std::string mac = crypto::hmac_sha256_hex(context.statement_key, text);
  return text + std::string(kMacOpen) + mac + std::string(kMacClose) + std::string(kStatementEnd);
}

// Written beside the database, so that the statement survives whatever becomes of the store;
// replaced whole, never half-written.
void write_statement_file(const std::filesystem::path& file, const std::string& document) {
  std::filesystem::create_directories(file.parent_path());
  const std::filesystem::path partial = file.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << document;
    out.flush();
    if (!out) throw std::runtime_error("cannot write the statement of destruction " + partial.string());
  }
  std::filesystem::rename(partial, file);
}

ExecutedProposal execute(const SweepContext& context, const std::string& proposal_id) {
  std::optional<ports::DestructionProposal> proposal;
  {
    auto tx = context.store.begin(ports::TransactionMode::ReadOnly);
    proposal = tx->retention_register().proposal(proposal_id);
  }
  if (!proposal) throw std::logic_error("approved proposal vanished: " + proposal_id);
  // A rerun after a kill finds some items handled already.
  std::vector<ports::ProposalItem> open_items;
  for (const ports::ProposalItem& item : proposal->items)
    if (!item.outcome) open_items.push_back(item);
  destroy_items(context, proposal_id, open_items);
  auto handled = open_items.begin();
  for (ports::ProposalItem& item : proposal->items)
    if (!item.outcome) item = *handled++;

  ExecutedProposal executed{proposal_id, proposal->region, 0, 0, 0,
                            statement_file(context.config, proposal_id), {}};
  for (const ports::ProposalItem& item : proposal->items) {
    if (item.outcome == kDestroyed) ++executed.destroyed;
    else if (item.outcome == kHeld) ++executed.held;
    else ++executed.failed;
  }
  const Now now = now_of(context);
  auto tx = context.store.begin(ports::TransactionMode::ReadWrite);
  ports::RetentionRegister& retention = tx->retention_register();
  const std::string document = signed_statement(context, *proposal, retention, now);
  write_statement_file(executed.statement_file, document);
  if (context.statement_signer != nullptr) {
    auto signature = context.statement_signer->sign(document);
    if (!signature) throw std::runtime_error(signature.error().message);
    executed.signature_file = crypto::signature_file(executed.statement_file);
    write_statement_file(executed.signature_file, signature.value());
  }
  retention.insert_statement(proposal_id, now.timestamp, document);
  retention.complete_proposal(proposal_id, now.timestamp);
  context.audit_trail.record(tx->audit_journal(),
                             sweep_event(context, now, "WriteDestructionStatement",
                                          "destruction-proposal/" + proposal_id, "success",
                                          proposal_id));
  tx->commit();
  return executed;
}

std::vector<ports::DestructionProposal> propose(const SweepContext& context, std::int64_t limit) {
  const Now now = now_of(context);
  auto tx = context.store.begin(ports::TransactionMode::ReadWrite);
  ports::RetentionRegister& retention = tx->retention_register();
  std::map<std::string, ports::DestructionProposal> by_region;
  for (ports::DueSignal& due : retention.due_signals(now.timestamp, limit)) {
    ports::DestructionProposal& proposal = by_region[due.region];
    proposal.region = due.region;
    proposal.items.push_back({due.clock.signal_id, due.clock.rule_id, due.clock.policy_version,
                              due.clock.due_at, std::nullopt, std::nullopt});
  }
  std::vector<ports::DestructionProposal> proposals;
  for (auto& [region, proposal] : by_region) {
    proposal.proposal_id = context.ids.new_id();
    proposal.created_at = now.timestamp;
    retention.insert_proposal(proposal);
    const std::string object = "destruction-proposal/" + proposal.proposal_id;
    context.audit_trail.record(tx->audit_journal(),
                               sweep_event(context, now, "ProposeDestruction", object, "success",
                                            proposal.proposal_id));
    if (context.config.retention_auto_approve) {
      core::Actor automatic;
      automatic.partner_id = "zvh-pga";
      automatic.user = "autoApprove";
      automatic.role = core::Role::PrivacyOfficer;
      retention.approve_proposal(proposal.proposal_id, automatic, now.timestamp);
      context.audit_trail.record(tx->audit_journal(),
                                 sweep_event(context, now, "ApproveDestruction", object,
                                              "success", proposal.proposal_id));
    }
    proposals.push_back(std::move(proposal));
  }
  tx->commit();
  return proposals;
}

// Keys of signals destroyed before, which a key store restored from a backup older than the
// store brings back: with a copy of the store from before the destruction they would open the
// destroyed signal's fields again. Erased, with an audit record each, whatever proposal the
// signal was destroyed under.
std::size_t erase_restored_keys(const SweepContext& context) {
  std::vector<std::string> keyed = context.keys.signal_ids();
  std::vector<std::string> tombstoned;
  {
    auto tx = context.store.begin(ports::TransactionMode::ReadOnly);
    tombstoned = tx->retention_register().tombstoned_signal_ids();
  }
  std::ranges::sort(keyed);
  std::ranges::sort(tombstoned);
  std::vector<std::string> restored;
  std::ranges::set_intersection(keyed, tombstoned, std::back_inserter(restored));
  if (restored.empty()) return 0;

  const Now now = now_of(context);
  auto tx = context.store.begin(ports::TransactionMode::ReadWrite);
  // Erased first and for good, as in a destruction: should the audit records' commit fail, the
  // erasure stands unrecorded, which errs on the side of a destruction already decided.
  context.keys.erase_all(restored);
  for (const std::string& signal_id : restored)
    context.audit_trail.record(tx->audit_journal(),
                               sweep_event(context, now, "EraseRestoredKey", "signal/" + signal_id,
                                            "success", ""));
  tx->commit();
  return restored.size();
}

std::vector<std::string> approved_open_proposals(const SweepContext& context) {
  auto tx = context.store.begin(ports::TransactionMode::ReadOnly);
  return tx->retention_register().approved_open_proposals();
}

// The replies kept for retried requests whose window has passed (docs/contract.md, "Retried
// requests"). They hold no personal data and their requests are audited, so removing them
// needs no record of its own.
void prune_request_replies(const SweepContext& context) {
  auto tx = context.store.begin(ports::TransactionMode::ReadWrite);
  tx->reply_register().prune(now_of(context).timestamp);
  tx->commit();
}

}  // namespace

std::size_t start_missing_clocks(const SweepContext& context) {
  // Signals the policy has no rule for stay without a term and are reported, never retried in
  // a loop: one pass over what lacks a term when the run starts.
  constexpr std::size_t kPerTransaction = 100;
  std::vector<std::string> without;
  {
    auto tx = context.store.begin(ports::TransactionMode::ReadOnly);
    without = tx->retention_register().signals_without_term(std::numeric_limits<std::int64_t>::max());
  }
  std::size_t started = 0;
  for (std::size_t first = 0; first < without.size(); first += kPerTransaction) {
    const Now now = now_of(context);
    auto tx = context.store.begin(ports::TransactionMode::ReadWrite);
    ports::RetentionRegister& retention = tx->retention_register();
    for (std::size_t i = first; i < std::min(without.size(), first + kPerTransaction); ++i) {
      const auto dossier = tx->load_dossier(without[i]);
      // Gone since the list was read, or started meanwhile by a state change: nothing to do.
      if (!dossier || retention.clock_of(without[i])) continue;
      const auto clock = core::clock_for(context.policies.in_force(), *dossier);
      if (!clock) continue;
      retention.start_clock(*clock);
      context.audit_trail.record(tx->audit_journal(),
                                 sweep_event(context, now, "StartRetentionClock",
                                             "signal/" + clock->signal_id, "success", ""));
      ++started;
    }
    tx->commit();
  }
  return started;
}

std::vector<ports::ForecastItem> forecast(ports::RetentionRegister& retention,
                                          const core::Date& until,
                                          const std::optional<std::string>& region) {
  // Timestamps are written to the millisecond, so this is the day's last instant.
  std::vector<ports::ForecastItem> due = retention.due_by(until + "T23:59:59.999Z");
  if (region) std::erase_if(due, [&](const ports::ForecastItem& item) { return item.region != *region; });
  return due;
}

ports::AuditEvent sweep_event(const SweepContext& context, const Now& now, std::string action,
                       std::string object, std::string result, std::string message_id) {
  return service::system_event(now.timestamp,
                               {.action = std::move(action),
                                .object = std::move(object),
                                .result = std::move(result),
                                .purpose = "retention/destruction",
                                .origin = "retention-run",
                                .message_id = std::move(message_id)},
                               context.ids);
}

SweepReport sweep(const SweepContext& context, std::int64_t max_proposed) {
  SweepReport report;
  report.restored_keys_erased = erase_restored_keys(context);
  report.clocks_started = start_missing_clocks(context);
  for (const std::string& id : approved_open_proposals(context))
    report.executed.push_back(execute(context, id));
  report.proposed = propose(context, max_proposed);
  if (context.config.retention_auto_approve) {
    for (const std::string& id : approved_open_proposals(context))
      report.executed.push_back(execute(context, id));
  }
  report.audit_expiry = expire_audit_records(context);
  prune_request_replies(context);
  auto tx = context.store.begin(ports::TransactionMode::ReadOnly);
  report.signals_without_term = tx->retention_register().count_signals_without_term();
  tx->commit();
  return report;
}

bool statement_is_authentic(std::string_view document, const crypto::Key& key) {
  const std::size_t mac_at = document.rfind(kMacOpen);
  if (mac_at == std::string_view::npos) return false;
  const std::string_view tail = document.substr(mac_at);
  if (tail.size() != kMacOpen.size() + kMacHexDigits + kMacClose.size() + kStatementEnd.size() ||
      tail.substr(kMacOpen.size() + kMacHexDigits) !=
          std::string(kMacClose) + std::string(kStatementEnd))
    return false;
  const std::string_view mac = tail.substr(kMacOpen.size(), kMacHexDigits);
  return crypto::equal_macs(crypto::hmac_sha256_hex(key, document.substr(0, mac_at)), mac);
}

std::filesystem::path statement_file(const config::Configuration& config,
                                     std::string_view proposal_id) {
  return config.data_directory / "statements" /
         ("verklaring-van-vernietiging-" + std::string(proposal_id) + ".xml");
}

}  // namespace zvhpga::service
