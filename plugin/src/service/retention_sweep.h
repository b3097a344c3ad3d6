#pragma once
// The retention sweep (docs/retention.md): destroys what approved proposals list, then writes a
// proposal of what has newly come due. Run by `zvh-pga retention run` (a systemd timer) and by
// the serving process's own scheduled job; instances sharing a database take turns through a
// work claim, so two never sweep at once.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/configuration.h"
#include "crypto/hmac.h"
#include "crypto/statement_signer.h"
#include "ports/clock.h"
#include "ports/ids.h"
#include "retention/policy_set.h"
#include "service/audit_trail.h"
#include "ports/keys.h"
#include "ports/store.h"
#include "service/now.h"

namespace zvhpga::service {

// What a sweep uses of its plugin instance; all of it must outlive the sweep.
struct SweepContext {
  ports::Store& store;
  ports::Clock& clock;
  ports::IdGenerator& ids;
  const AuditTrail& audit_trail;
  const config::Configuration& config;
  const crypto::Key& statement_key;
  // The ZVH's signer of the statements (config statementSigning); null when none is
  // configured, and then a statement carries only the HMAC seal.
  const crypto::StatementSigner* statement_signer;
  const retention::PolicySet& policies;
  // The signals' data keys (docs/crypto-shredding.md): a signal's key goes before its rows.
  ports::KeyStore& keys;
};

struct ExecutedProposal {
  std::string proposal_id;
  std::string region;
  std::size_t destroyed = 0;
  std::size_t held = 0;
  std::size_t failed = 0;
  std::filesystem::path statement_file;
  // The statement's detached CMS signature (crypto::signature_file); empty when unsigned.
  std::filesystem::path signature_file;
};

// Audit records removed at the end of their term (service/audit_expiry.h).
struct AuditExpiry {
  std::int64_t records_removed = 0;
  std::int64_t chain_starts_after = 0;  // the last record removed; 0 when none was
};

struct SweepReport {
  // Keys of destroyed signals that a key store restored from an older backup brought back.
  std::size_t restored_keys_erased = 0;
  // Signals that had no term and got one from the policy in force (start_missing_clocks).
  std::size_t clocks_started = 0;
  // Signals that still have no term after the run: the policy in force has no rule for them.
  std::int64_t signals_without_term = 0;
  std::vector<ExecutedProposal> executed;
  std::vector<ports::DestructionProposal> proposed;
  AuditExpiry audit_expiry;
};

// One sweep: every approved proposal is carried out, up to ports::kSignalsPerStatement items
// to a transaction, set-based (one statement per table for them all), each destruction with
// its audit record in that transaction; a proposal whose items are all handled gets
// its statement of destruction, sealed with the HMAC and, when a signer is configured, signed
// beside it. Then the clocks due now that no proposal holds yet are
// proposed, one proposal per region (approved at once when the configuration says so, and then
// carried out in the same sweep). Last, audit records at the end of their own term go
// (expire_audit_records). Rerunning after an interruption finishes what was begun.
// ports::Store failures other than those of a single destruction propagate as ports::StoreFailure.
SweepReport sweep(const SweepContext& context, std::int64_t max_proposed = 1'000'000);

// Gives every signal without a term the clock core::clock_for names for its last state change
// under the policy in force, each with a StartRetentionClock audit record: signals of a store
// from before every state change started a clock (schema version 16), or registered while the
// policy in force had no rule for them. Returns how many got one.
std::size_t start_missing_clocks(const SweepContext& context);

// What falls due by the end of the day `until` (UTC), held or not, changing nothing: the clocks
// a sweep run at that moment would propose (those neither held nor in an open proposal), and
// the rest marked held or with their proposal. Only signals of `region` when one is given.
std::vector<ports::ForecastItem> forecast(ports::RetentionRegister& retention,
                                          const core::Date& until,
                                          const std::optional<std::string>& region);

// Acts of the sweep are the plugin's own, on a privacy officer's approval (or the
// configuration's auto-approval, or a rule's term), and are recorded as such.
ports::AuditEvent sweep_event(const SweepContext& context, const Now& now, std::string action,
                       std::string object, std::string result, std::string message_id);

// A statement of destruction signed with the key: the document up to its <mac> element is
// what the MAC covers. ports::Verification fails on any changed byte.
bool statement_is_authentic(std::string_view document, const crypto::Key& key);

// Where a proposal's statement file lives.
std::filesystem::path statement_file(const config::Configuration& config,
                                     std::string_view proposal_id);

}  // namespace zvhpga::service
