#pragma once
// What the privacy officer records for data-subject requests: items withheld from a release,
// each with its legal ground (AVG art. 23).
#include <string>
#include <vector>

#include "core/domain.h"

namespace zvhpga::ports {

struct WithheldItem {
  std::string signal_id;
  std::string item_id;  // a contribution id, a decision id, or "reporter"
  std::string legal_ground;
  core::Actor marked_by;
  core::Timestamp marked_at;
};

class PrivacyRegister {
 public:
  virtual ~PrivacyRegister() = default;
  virtual void withhold(const WithheldItem& item) = 0;
  virtual std::vector<WithheldItem> withheld_items(const std::string& signal_id) = 0;
};

}  // namespace zvhpga::ports
