#include "service/audit_trail.h"

#include <map>

namespace zvhpga::service {
namespace {

constexpr std::size_t kVerifyBatch = 1000;

// Length-prefixed fields: no two different events share an encoding.
void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

std::string canonical(std::int64_t seq, const AuditEvent& event) {
  std::string out;
  append_field(out, std::to_string(seq));
  for (const std::string* field :
       {&event.at, &event.actor_user, &event.actor_role, &event.organisation_id,
        &event.organisation_oin, &event.action, &event.object, &event.result, &event.purpose,
        &event.origin, &event.message_id, &event.trace_id})
    append_field(out, *field);
  return out;
}

}  // namespace

AuditEvent system_event(std::string at, SystemAct act, IdGenerator& ids) {
  AuditEvent event;
  event.at = std::move(at);
  event.actor_user = "zvh-pga";
  event.actor_role = "system";
  event.organisation_id = "zvh-pga";
  event.action = std::move(act.action);
  event.object = std::move(act.object);
  event.result = std::move(act.result);
  event.purpose = std::move(act.purpose);
  event.origin = std::move(act.origin);
  event.message_id = std::move(act.message_id);
  event.trace_id = ids.new_id();
  std::erase(event.trace_id, '-');
  return event;
}

std::string AuditTrail::link(const std::string& previous_mac, std::int64_t seq,
                             const AuditEvent& event) const {
  return crypto::hmac_sha256_hex(key_, previous_mac + "|" + canonical(seq, event));
}

void AuditTrail::record(AuditJournal& journal, const AuditEvent& event) const {
  const AuditHead head = journal.lock_head();
  AuditRecord record{head.seq + 1, event, {}};
  record.mac = link(head.mac, record.seq, event);
  journal.append(record);
}

Verification AuditTrail::verify(AuditJournal& journal, std::span<const Checkpoint> checkpoints) const {
  Verification result;
  std::map<std::int64_t, std::string> wanted;
  for (const Checkpoint& checkpoint : checkpoints) wanted.emplace(checkpoint.seq, checkpoint.mac);
  auto broken = [&](std::int64_t seq, std::string problem) {
    result.broken_at = seq;
    result.problem = std::move(problem);
    return result;
  };

  std::string previous_mac;
  std::int64_t expected = 1;
  for (;;) {
    const auto batch = journal.read_after(expected - 1, kVerifyBatch);
    for (const AuditRecord& record : batch) {
      if (record.seq > expected)
        return broken(expected, "record " + std::to_string(expected) + " is missing: it was removed");
      if (!crypto::equal_macs(link(previous_mac, record.seq, record.event), record.mac))
        return broken(record.seq, "record " + std::to_string(record.seq) +
                                      " does not fit the chain: it was changed, inserted or moved");
      if (const auto checkpoint = wanted.find(record.seq);
          checkpoint != wanted.end() && !crypto::equal_macs(checkpoint->second, record.mac))
        return broken(record.seq, "record " + std::to_string(record.seq) +
                                      " differs from the checkpoint: the trail up to it was rewritten");
      previous_mac = record.mac;
      result.head_at = record.event.at;
      result.records_checked = record.seq;
      ++expected;
    }
    if (batch.size() < kVerifyBatch) break;
  }

  result.head = journal.read_head();
  if (result.head.seq > result.records_checked)
    return broken(result.records_checked + 1,
                  "records from " + std::to_string(result.records_checked + 1) +
                      " on are missing: the end of the trail was removed");
  if (result.head.seq < result.records_checked || !crypto::equal_macs(result.head.mac, previous_mac))
    return broken(result.head.seq + 1, "the trail's head does not match its last record: records "
                                       "were added or the head was changed outside the plugin");
  for (const auto& [seq, mac] : wanted) {
    if (seq > result.records_checked)
      return broken(result.records_checked + 1,
                    "the checkpoint at record " + std::to_string(seq) +
                        " lies beyond the end of the trail: records were removed");
  }
  return result;
}

}  // namespace zvhpga::service
