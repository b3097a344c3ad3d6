#pragma once
// The plugin with two gemeenten in region midden-nederland (Utrecht, Zeist) and a second region,
// haaglanden, with its own gemeente, politie and OM: enough to see whose signal is whose.
#include <string>

#include "plugin_fixture.h"

namespace zvhpga::testing {

// An id no signal has: the answer about it is the answer about any signal one cannot see.
inline const char* const kNoSuchSignal = "9f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
inline const char* const kZeistOin = "00000001002220648000";
inline const Caller kZeistIntake{"gemeente-zeist", "intake-officer"};
inline const Caller kZeistMember{"gemeente-zeist", "weegploeg-member"};
inline const Caller kZeistChair{"gemeente-zeist", "weegploeg-chair"};
inline const Caller kZeistPrivacyOfficer{"gemeente-zeist", "privacy-officer"};
inline const Caller kDenHaagMember{"gemeente-den-haag", "weegploeg-member"};
inline const Caller kDenHaagChair{"gemeente-den-haag", "weegploeg-chair"};
inline const Caller kPolitieHaaglanden{"politie-haaglanden", "weegploeg-member"};
inline const Caller kOmHaaglanden{"om-haaglanden", "weegploeg-member"};

class GemeentenTest : public PluginTest {
 protected:
  void SetUp() override;

  // register-signal.xml naming this responsible gemeente (partner id or OIN).
  static std::string registration_for(const std::string& gemeente);
  // register-signal.xml as shipped, naming none.
  static std::string without_responsible_gemeente();
  // store_fingerprint() without the audit trail and the processing log, which record refusals.
  std::map<std::string, long> content_fingerprint() const;
  // Registers as `caller` for `gemeente`; the new signal's id.
  std::string register_for(const Caller& caller, const std::string& gemeente);
  // contribution-gemeente.xml as a revision of `contribution`.
  static std::string revision_of(const std::string& signal_id, const std::string& contribution);
  // The caller gets for `document` (about signal_id) exactly what it gets for `unknown` (the same
  // request about kNoSuchSignal), but for the id itself.
  void expect_unknown(const Caller& caller, const std::string& document, const std::string& unknown,
                      const std::string& signal_id);
};

}  // namespace zvhpga::testing
