#pragma once
// The audit trail's records and the journal port that stores them inside a store transaction.
// What a record says follows BIO2 8.15.01 (actor, action, object, result, origin, time) with
// the NEN 7513 additions the plugin knows (role, organisation, purpose) and the request's
// message id; trace_id links it to the processing log.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zvhpga::ports {

struct AuditEvent {
  std::string at;                 // UTC timestamp
  std::string actor_user;         // empty when the caller could not be identified
  std::string actor_role;
  std::string organisation_id;    // partner id, or the unrecognised name as presented
  std::string organisation_oin;
  std::string action;             // operation, e.g. "GetSignal", or "OpenInstance"
  std::string object;             // e.g. "signal/<id>", "worklist", "audit-trail"
  std::string result;             // "success", "refused:<code>", "failed:<code>"
  std::string purpose;            // the processing activity
  std::string origin;             // the door: "abi", "soap:<address>", ...
  std::string message_id;
  std::string trace_id;
};

// One link of the chain: mac = HMAC(key, previous mac ‖ canonical(seq, event)).
struct AuditRecord {
  std::int64_t seq = 0;
  AuditEvent event;
  std::string mac;  // lower-case hex
};

// The newest link, as the journal's head row records it.
struct AuditHead {
  std::int64_t seq = 0;  // 0: nothing written yet
  std::string mac;       // empty when seq is 0
};

// Where the chain starts once its oldest records reached the end of their term and were removed
// (docs/retention.md): the last record removed and a seal over it under the trail's key.
struct AuditAnchor {
  std::int64_t through_seq = 0;
  std::string through_mac;
  std::string seal;  // lower-case hex
};

struct Checkpoint {
  std::int64_t seq = 0;
  std::string mac;
};

struct Verification {
  // The last record removed at the end of its term; the walk starts after it. 0: none removed.
  std::int64_t starts_after = 0;
  std::int64_t records_checked = 0;
  // The first record that does not fit, and what is wrong with it; empty when intact.
  std::optional<std::int64_t> broken_at;
  std::string problem;
  AuditHead head;
  std::string head_at;  // time of the newest record

  bool intact() const { return !broken_at.has_value(); }
};

// Stores the chain. Implementations write and read inside the transaction they belong to.
class AuditJournal {
 public:
  virtual ~AuditJournal() = default;
  // Reads the head and holds it against concurrent appenders until the transaction ends.
  virtual AuditHead lock_head() = 0;
  // Appends the record and moves the head to it.
  virtual void append(const AuditRecord& record) = 0;
  // Appends the records, chained in order, and moves the head once, to the last of them.
  virtual void append_all(std::span<const AuditRecord> records) = 0;
  // Records with seq > after_seq in seq order, at most limit of them.
  virtual std::vector<AuditRecord> read_after(std::int64_t after_seq, std::size_t limit) = 0;
  virtual AuditHead read_head() = 0;
  virtual std::optional<AuditAnchor> read_anchor() = 0;
  // Removes the records after `after_seq` up to the anchor's and makes the anchor the chain's
  // start. The caller holds the head.
  virtual void cut(std::int64_t after_seq, const AuditAnchor& anchor) = 0;
};

// One line of the processing log, in the shape of the Logboek Dataverwerkingen: which
// processing touched which data subject, when and with what status, and no user identity
// (that is in the audit record with the same trace_id).
struct ProcessingLine {
  std::string trace_id;  // 16 bytes, hex
  std::string span_id;   // 8 bytes, hex
  std::string name;      // the operation
  int status_code = 1;   // 0 unset, 1 ok, 2 error
  std::string start_time;
  std::string end_time;
  std::string processing_activity_id;  // URI into the processing register
  std::string data_subject_pseudonym;  // keyed, to find every line about one person
  std::string data_subject_id_sealed;  // the identifier, encrypted
  std::string data_subject_id_type;    // "BSN" or a URI
  std::string resource;                // this system and its version
};

class ProcessingLog {
 public:
  virtual ~ProcessingLog() = default;
  virtual void append(const ProcessingLine& line) = 0;
  // Every line about the data subject with this pseudonym, oldest first.
  virtual std::vector<ProcessingLine> lines_about(const std::string& pseudonym) = 0;
  // The signals whose processing touched that data subject, found through the audit records
  // the lines are linked to.
  virtual std::vector<std::string> signals_about(const std::string& pseudonym) = 0;
  // Erases the lines linked to the audit records after `after_seq` up to `through_seq`, which
  // are about to go at the end of their term: the lines share it.
  virtual void erase_linked_to(std::int64_t after_seq, std::int64_t through_seq) = 0;
};

}  // namespace zvhpga::ports
