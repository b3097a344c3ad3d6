#include "service/audit_trail.h"

#include <algorithm>
#include <map>
#include <vector>

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

std::string canonical(std::int64_t seq, const ports::AuditEvent& event) {
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

ports::AuditEvent system_event(std::string at, SystemAct act, ports::IdGenerator& ids) {
  ports::AuditEvent event;
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
                             const ports::AuditEvent& event) const {
  return crypto::hmac_sha256_hex(key_, previous_mac + "|" + canonical(seq, event));
}

core::Error AuditTrailBroken::refusal() {
  return {core::ErrorCode::AuditTrailBroken,
          "The audit trail was changed outside the plugin at its end, so nothing can be recorded "
          "and nothing is done; nothing was changed. An administrator must restore the trail; "
          "'zvh-pga audit verify' says what was changed.",
          {}};
}

ports::AuditHead AuditTrail::lock_intact_head(ports::AuditJournal& journal) const {
  ports::AuditHead head = journal.lock_head();
  auto broken = [&](const std::string& problem) {
    return AuditTrailBroken("the audit trail's head (record " + std::to_string(head.seq) +
                            ") " + problem);
  };
  // The record before the head, the head's and any beyond it.
  const auto tail = journal.read_after(std::max<std::int64_t>(head.seq - 2, 0), 3);
  const ports::AuditRecord* before = nullptr;
  const ports::AuditRecord* last = nullptr;
  for (const ports::AuditRecord& record : tail) {
    if (record.seq > head.seq)
      throw broken("has record " + std::to_string(record.seq) + " after it");
    (record.seq == head.seq ? last : before) = &record;
  }
  if (head.seq == 0) return head;
  // The MAC of record `seq` as the sealed anchor keeps it, once that record reached the end of
  // its term; read only then, so that the usual append reads no more than the tail.
  const auto anchored_mac = [&](std::int64_t seq) -> std::optional<std::string> {
    const auto anchor = journal.read_anchor();
    if (!anchor || anchor->through_seq != seq ||
        !crypto::equal_macs(seal(anchor->through_seq, anchor->through_mac), anchor->seal))
      return std::nullopt;
    return anchor->through_mac;
  };
  if (last == nullptr) {
    // Every record up to the head may have reached the end of its term: the anchor holds it.
    const auto anchored = anchored_mac(head.seq);
    if (anchored && crypto::equal_macs(*anchored, head.mac)) return head;
    throw broken("names a record that is missing");
  }
  if (!crypto::equal_macs(last->mac, head.mac)) throw broken("differs from its record");
  std::string previous_mac;
  if (before != nullptr) {
    previous_mac = before->mac;
  } else if (head.seq != 1) {
    const auto anchored = anchored_mac(head.seq - 1);
    if (!anchored) throw broken("follows a missing record");
    previous_mac = *anchored;
  }
  if (!crypto::equal_macs(link(previous_mac, last->seq, last->event), last->mac))
    throw broken("does not fit the chain");
  return head;
}

void AuditTrail::record(ports::AuditJournal& journal, const ports::AuditEvent& event) const {
  const ports::AuditHead head = lock_intact_head(journal);
  ports::AuditRecord record{head.seq + 1, event, {}};
  record.mac = link(head.mac, record.seq, event);
  journal.append(record);
}

void AuditTrail::record_all(ports::AuditJournal& journal,
                            std::span<const ports::AuditEvent> events) const {
  if (events.empty()) return;
  ports::AuditHead head = lock_intact_head(journal);
  std::vector<ports::AuditRecord> records;
  records.reserve(events.size());
  for (const ports::AuditEvent& event : events) {
    ports::AuditRecord record{head.seq + 1, event, {}};
    record.mac = link(head.mac, record.seq, event);
    head = {record.seq, record.mac};
    records.push_back(std::move(record));
  }
  journal.append_all(records);
}

ports::Verification AuditTrail::verify(ports::AuditJournal& journal, std::span<const ports::Checkpoint> checkpoints) const {
  ports::Verification result;
  std::map<std::int64_t, std::string> wanted;
  for (const ports::Checkpoint& checkpoint : checkpoints) wanted.emplace(checkpoint.seq, checkpoint.mac);
  auto broken = [&](std::int64_t seq, std::string problem) {
    result.broken_at = seq;
    result.problem = std::move(problem);
    return result;
  };

  std::string previous_mac;
  if (const auto anchor = journal.read_anchor()) {
    if (!crypto::equal_macs(seal(anchor->through_seq, anchor->through_mac), anchor->seal))
      return broken(anchor->through_seq + 1,
                    "the trail's start does not carry its seal: it was moved outside the plugin, "
                    "which hides the removal of the records before it");
    result.starts_after = anchor->through_seq;
    previous_mac = anchor->through_mac;
    if (const auto checkpoint = wanted.find(anchor->through_seq);
        checkpoint != wanted.end() && !crypto::equal_macs(checkpoint->second, anchor->through_mac))
      return broken(anchor->through_seq,
                    "the trail's start differs from the checkpoint at record " +
                        std::to_string(anchor->through_seq) + ": the trail up to it was rewritten");
  }
  std::int64_t last_checked = result.starts_after;
  std::int64_t expected = last_checked + 1;
  for (;;) {
    const auto batch = journal.read_after(expected - 1, kVerifyBatch);
    for (const ports::AuditRecord& record : batch) {
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
      last_checked = record.seq;
      ++result.records_checked;
      ++expected;
    }
    if (batch.size() < kVerifyBatch) break;
  }

  result.head = journal.read_head();
  if (result.head.seq > last_checked)
    return broken(last_checked + 1, "records from " + std::to_string(last_checked + 1) +
                                        " on are missing: the end of the trail was removed");
  if (result.head.seq < last_checked || !crypto::equal_macs(result.head.mac, previous_mac))
    return broken(result.head.seq + 1, "the trail's head does not match its last record: records "
                                       "were added or the head was changed outside the plugin");
  for (const auto& [seq, mac] : wanted) {
    if (seq > last_checked)
      return broken(last_checked + 1, "the checkpoint at record " + std::to_string(seq) +
                                          " lies beyond the end of the trail: records were removed");
  }
  return result;
}

std::string AuditTrail::seal(std::int64_t through_seq, const std::string& through_mac) const {
  // "anchor|" is no MAC's hex prefix, so a seal never equals a link.
  return crypto::hmac_sha256_hex(key_, "anchor|" + std::to_string(through_seq) + "|" + through_mac);
}

ports::AuditAnchor AuditTrail::anchor_after(const ports::AuditRecord& last_removed) const {
  return {last_removed.seq, last_removed.mac, seal(last_removed.seq, last_removed.mac)};
}

}  // namespace zvhpga::service
