#pragma once
// The contract's tokens as a case worker reads them, for what the command shows a person (the
// statistics plot). A token these tables do not know, from a newer plugin, is shown as it is.
#include <string_view>

namespace zvhpga::cli {

// An outcome of the statistics, "undecided" included.
std::string_view outcome_label(std::string_view token);

// A phenomenon of the statistics, in the words of the criteria catalogue's duiding.fenomeen,
// "none" (a hypothesis naming none) included.
std::string_view phenomenon_label(std::string_view token);

}  // namespace zvhpga::cli
