#pragma once
// How the plugin names a data subject in its logs and finds them again: by BSN where the signal
// has one, otherwise by name and date of birth, typed so the two never collide; and what it
// may tell a ZVH elsewhere about whether it knows the person.
#include <optional>
#include <string>
#include <vector>

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

// A current PGA case: the weegploeg included the signal in the casusoverleg and it is not
// closed yet. Only such a case makes a person known; a signal still being weighed, one decided
// otherwise, or one whose follow-up ended says nothing to a ZVH elsewhere.
bool is_current_case(const Dossier& dossier);

// Whether a person is known to the PGA, from every signal about them that the store still
// holds, in any region: the check exists for ZVHs of other regions.
bool is_person_known(const std::vector<Dossier>& signals_about_person);

}  // namespace zvhpga::core
