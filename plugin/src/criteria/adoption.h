#pragma once
// Adopting a criteria catalogue version: the rules that keep every record readable against the
// version it names (docs/criteria.md, "Adopting a version").
#include <optional>
#include <string_view>

#include "core/criteria.h"
#include "core/result.h"
#include "criteria/catalogue_set.h"
#include "ports/criteria.h"
#include "xml/schema.h"

namespace zvhpga::criteria {

// CatalogueRefused with every reason when `text` cannot be put in force next to what the
// register holds: it is no valid catalogue (read_catalogue), its version was adopted before
// with other content, one of its criteria changed its answer type against an adopted version,
// or it leaves out a criterion that a signal still being weighed has answers for.
core::Result<core::Catalogue> check_adoption(ports::CriteriaRegister& criteria,
                                             const xml::Schema& schema, std::string_view text);

struct Adoption {
  CatalogueSet catalogues;
  // Why the candidate was refused; the catalogue in force before stays in force.
  std::optional<core::Error> refusal;
  // The candidate was adopted or put back in force: an act for the audit trail.
  bool changed = false;
};

// Puts `text` in force when check_adoption allows, writing the register. Without any earlier
// catalogue to fall back on, a refusal is the returned error.
core::Result<Adoption> adopt(ports::CriteriaRegister& criteria, const xml::Schema& schema,
                             std::string_view text, const core::Timestamp& now);

}  // namespace zvhpga::criteria
