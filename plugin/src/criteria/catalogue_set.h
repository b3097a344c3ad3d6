#pragma once
// The catalogue versions a region adopted, and the one in force for new records. Built once when
// an instance opens and shared read-only by every thread.
#include <string>
#include <string_view>
#include <vector>

#include "core/criteria.h"

namespace zvhpga::criteria {

class CatalogueSet {
 public:
  // `catalogues` in the order they were put in force; the last one is in force. Not empty.
  explicit CatalogueSet(std::vector<core::Catalogue> catalogues)
      : catalogues_(std::move(catalogues)) {}

  const core::Catalogue& in_force() const { return catalogues_.back(); }
  const core::Catalogue* find(std::string_view version) const {
    for (const core::Catalogue& catalogue : catalogues_) {
      if (catalogue.version == version) return &catalogue;
    }
    return nullptr;
  }
  std::string versions() const {
    std::string list;
    for (const core::Catalogue& catalogue : catalogues_)
      list += (list.empty() ? "" : ", ") + catalogue.version;
    return list;
  }

 private:
  std::vector<core::Catalogue> catalogues_;
};

}  // namespace zvhpga::criteria
