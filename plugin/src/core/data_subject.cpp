#include "core/data_subject.h"

#include <algorithm>

namespace zvhpga::core {

bool is_current_case(const Dossier& dossier) {
  return dossier.state == SignalState::Decided && !dossier.decisions.empty() &&
         dossier.decisions.back().outcome == Course::IncludeInCasusoverleg;
}

bool is_person_known(const std::vector<Dossier>& signals_about_person) {
  return std::ranges::any_of(signals_about_person, is_current_case);
}

}  // namespace zvhpga::core
