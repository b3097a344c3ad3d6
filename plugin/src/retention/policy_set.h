#pragma once
// The retention policy versions a region adopted, and the one in force for new clocks. Built
// once when an instance opens and shared read-only by every thread.
#include <string_view>
#include <utility>
#include <vector>

#include "core/retention.h"

namespace zvhpga::retention {

class PolicySet {
 public:
  // `policies` in the order they were put in force; the last one is in force. Not empty.
  explicit PolicySet(std::vector<core::RetentionPolicy> policies)
      : policies_(std::move(policies)) {}

  const core::RetentionPolicy& in_force() const { return policies_.back(); }
  const core::RetentionPolicy* find(std::string_view version) const {
    for (const core::RetentionPolicy& policy : policies_) {
      if (policy.version == version) return &policy;
    }
    return nullptr;
  }

 private:
  std::vector<core::RetentionPolicy> policies_;
};

}  // namespace zvhpga::retention
