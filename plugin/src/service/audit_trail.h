#pragma once
// The tamper-evident audit trail: every record is chained to the one before it with an HMAC
// whose key lives outside the database. Whoever can write the database can still delete or
// change records, but not without verification naming the first record that no longer fits.
// Checkpoints (seq, mac) handed to an outside party prove later that nothing up to them was
// rewritten, even if the whole tail was recomputed with a stolen key.
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "crypto/hmac.h"
#include "ports/ids.h"
#include "ports/store.h"

namespace zvhpga::service {

// What the plugin does of its own accord (administration, retention runs, pushes to the host)
// rather than for a caller.
struct SystemAct {
  std::string action;
  std::string object;
  std::string result;
  std::string purpose;
  std::string origin;
  std::string message_id = {};
};

// The audit event of such an act: the actor is the plugin itself ("zvh-pga", role "system"),
// and a fresh trace id links it to the processing log.
ports::AuditEvent system_event(std::string at, SystemAct act, ports::IdGenerator& ids);

// The end of the chain was changed outside the plugin: a record lies beyond the head, the head
// names a record that is gone or another MAC, or the last record does not fit. Nothing can be
// appended (it would chain onto a forgery or a gap) until an administrator restores the trail;
// verification still answers. what() says what was found, for the administrator.
class AuditTrailBroken : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  // The caller's refusal: the project's words, no seq or MAC of the trail.
  static core::Error refusal();
};

class AuditTrail {
 public:
  explicit AuditTrail(crypto::Key key) : key_(std::move(key)) {}

  // Locks the head against concurrent appenders (until the transaction ends) and checks that
  // it names the last record and that record fits its predecessor; throws AuditTrailBroken
  // otherwise. Whoever is about to do what must be recorded calls it before doing anything.
  ports::AuditHead lock_intact_head(ports::AuditJournal& journal) const;

  // Appends one record to the chain inside the caller's transaction, after lock_intact_head.
  void record(ports::AuditJournal& journal, const ports::AuditEvent& event) const;
  // Appends one record for each event, in order, each chained to the one before as record()
  // would chain it; the head is checked once and moved once, to the last.
  void record_all(ports::AuditJournal& journal, std::span<const ports::AuditEvent> events) const;

  // Walks the whole chain from its anchor (or from record 1), checks the head and the given
  // checkpoints; checkpoints before the anchor are past their term and gone.
  ports::Verification verify(ports::AuditJournal& journal, std::span<const ports::Checkpoint> checkpoints) const;

  // The chain's new start once every record up to `last_removed` has gone at the end of its
  // term, sealed so that nobody without the key can move it.
  ports::AuditAnchor anchor_after(const ports::AuditRecord& last_removed) const;

 private:
  std::string seal(std::int64_t through_seq, const std::string& through_mac) const;
  std::string link(const std::string& previous_mac, std::int64_t seq, const ports::AuditEvent& event) const;

  crypto::Key key_;
};

}  // namespace zvhpga::service
