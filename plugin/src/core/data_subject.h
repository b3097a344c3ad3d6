#pragma once
// How the plugin names a data subject in its logs and finds them again: by BSN where the signal
// has one, otherwise by name and date of birth, typed so the two never collide.
#include <optional>
#include <string>

#include "core/domain.h"

namespace zvhpga::core {

struct SubjectIdentifier {
  std::string type;   // "BSN" or a URI
  std::string value;  // the BSN, or "name|birth date"
};

inline constexpr const char* kNameAndBirthDateType = "urn:nl:zvh-pga:subject-id:name-birthdate";

inline SubjectIdentifier identify_subject(const std::optional<std::string>& bsn,
                                          const std::string& name, const Date& birth_date) {
  if (bsn) return {"BSN", *bsn};
  return {kNameAndBirthDateType, name + "|" + birth_date};
}

inline SubjectIdentifier identify_subject(const Person& person) {
  return identify_subject(person.bsn, person.name, person.birth_date);
}

}  // namespace zvhpga::core
