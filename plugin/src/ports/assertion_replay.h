#pragma once
// The user assertions already used, per partner (docs/configuration.md, "User assertions"): an
// assertion serves one request, in this process and every other on the same store, and is
// remembered as long as it could still be accepted.
#include <cstdint>
#include <string_view>

namespace zvhpga::ports {

class AssertionReplay {
 public:
  virtual ~AssertionReplay() = default;
  // Records the partner's use of assertion `assertion_id` (its jti), kept until `kept_until`
  // (seconds since the epoch), and forgets every use kept until before `now`. False, recording
  // nothing, when that partner already used that id and it is still kept.
  virtual bool record_first_use(std::string_view partner_id, std::string_view assertion_id,
                                std::int64_t kept_until, std::int64_t now) = 0;
};

}  // namespace zvhpga::ports
