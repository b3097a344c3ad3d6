#pragma once
// The keyed pseudonyms under which the processing log and the store's subject index find a
// data subject again without naming them (crypto/subject_protector.h holds the key).
#include <optional>
#include <string>

#include "core/data_subject.h"
#include "core/domain.h"
#include "crypto/subject_protector.h"

namespace zvhpga::service {

// The pseudonym under which the processing log files a data subject.
std::string subject_pseudonym(const crypto::SubjectProtector& protector,
                              const core::SubjectIdentifier& subject);

// The subject's pseudonym by BSN (if the signal names one) and by name and birth date: a
// repeat signal may name the person either way.
struct SubjectPseudonyms {
  std::optional<std::string> bsn;
  std::string name_and_birth_date;
};

SubjectPseudonyms pseudonyms_of(const crypto::SubjectProtector& protector,
                                const core::Person& person);

}  // namespace zvhpga::service
