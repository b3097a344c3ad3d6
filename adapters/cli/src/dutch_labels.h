#pragma once
// The contract's tokens as a case worker reads them, for what the command shows a person (the
// form server's questions, the statistics plot). A token this table does not know, from a newer
// plugin, is shown as it is.
#include <array>
#include <string_view>
#include <utility>

namespace zvhpga::cli {

// Every outcome a weegploeg can decide, and so every position a partner can take, in the
// contract's order.
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kOutcomeLabels{{
    {"include-in-casusoverleg", "Bespreken in het casusoverleg"},
    {"refer-elsewhere", "Doorverwijzen naar een ander traject"},
    {"criminal-route", "Strafrechtelijke route"},
    {"no-further-action", "Geen verdere actie"},
    {"more-information-needed", "Meer informatie nodig"},
}};

// An outcome of the statistics, "undecided" included.
std::string_view outcome_label(std::string_view token);

// A phenomenon of the statistics, in the words of the criteria catalogue's duiding.fenomeen,
// "none" (a hypothesis naming none) included.
std::string_view phenomenon_label(std::string_view token);

}  // namespace zvhpga::cli
