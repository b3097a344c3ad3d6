#pragma once
// Reads a criteria catalogue document (schemas/zvhpga-criteria-v1.xsd, docs/criteria.md) into
// a core::Catalogue, checking what a schema cannot say.
#include <cstddef>
#include <string_view>

#include "core/criteria.h"
#include "core/result.h"
#include "xml/schema.h"

namespace zvhpga::criteria {

inline constexpr const char* kCatalogueNamespace = "urn:nl:zvh-pga:criteria:1";
// A catalogue is a few dozen questions; anything far bigger is not one (also read from a file).
inline constexpr std::size_t kMaxCatalogueBytes = std::size_t{1024} * 1024;

// CatalogueRefused with every problem found when the text is not a well-formed catalogue, fails
// the schema, uses an identifier twice, or describes a criterion inconsistently (options on a
// criterion that is no choice, a choice with fewer than two options, "for-yes-and-no" on a
// criterion that is no assessment).
core::Result<core::Catalogue> read_catalogue(std::string_view text, const xml::Schema& schema);

}  // namespace zvhpga::criteria
