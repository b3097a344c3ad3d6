#include "service/subject_pseudonyms.h"

namespace zvhpga::service {

std::string subject_pseudonym(const crypto::SubjectProtector& protector,
                              const core::SubjectIdentifier& subject) {
  return protector.pseudonym(subject.type + ":" + subject.value);
}

SubjectPseudonyms pseudonyms_of(const crypto::SubjectProtector& protector,
                                const core::Person& person) {
  SubjectPseudonyms pseudonyms;
  if (person.bsn) pseudonyms.bsn = subject_pseudonym(protector, core::identify_subject(person));
  pseudonyms.name_and_birth_date = subject_pseudonym(
      protector, core::identify_subject(std::nullopt, person.name, person.birth_date));
  return pseudonyms;
}

}  // namespace zvhpga::service
