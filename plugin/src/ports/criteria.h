#pragma once
// What the store keeps about criteria: every catalogue version the region adopted (never
// changed once adopted, so every record stays readable against the version it names) and the
// criteria answers of contributions and decisions.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/criteria.h"
#include "core/domain.h"

namespace zvhpga::ports {

struct AdoptedCatalogue {
  std::string version;
  std::string issued_on;
  std::string document;  // the catalogue file's text as adopted
  core::Timestamp adopted_at;
};

// A criterion that signals still being weighed have answers for.
struct OpenSignalNeed {
  std::string criterion_id;
  std::int64_t signals = 0;
};

class CriteriaRegister {
 public:
  virtual ~CriteriaRegister() = default;
  // Every adopted version, the one most recently put in force last.
  virtual std::vector<AdoptedCatalogue> adopted_catalogues() = 0;
  // Records a new version; it is in force from now on.
  virtual void adopt(const AdoptedCatalogue& catalogue) = 0;
  // Puts an adopted version back in force (a region returning to an earlier version).
  virtual void put_in_force(std::string_view version, const core::Timestamp& at) = 0;
  // Criteria answered in records of signals not yet decided, closed or destroyed.
  virtual std::vector<OpenSignalNeed> criteria_needed_by_open_signals() = 0;
  virtual void insert_answers(std::string_view signal_id, std::string_view record_id,
                              const core::CriteriaAnswers& answers) = 0;
  // The answers of one signal's contributions and decisions, by record id.
  virtual std::map<std::string, core::CriteriaAnswers> answers_of_signal(
      std::string_view signal_id) = 0;
};

}  // namespace zvhpga::ports
