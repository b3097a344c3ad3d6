#pragma once
// The contract's tokens as a case worker reads them, for what the command shows a person (the
// statistics tables and plot). A token these tables do not know, from a newer plugin, is shown as it is.
#include <string>
#include <string_view>

namespace zvhpga::cli {

// An outcome of the statistics, "undecided" included.
std::string_view outcome_label(std::string_view token);

// A phenomenon of the statistics, in the words of the criteria catalogue's duiding.fenomeen,
// "none" (a hypothesis naming none) included.
std::string_view phenomenon_label(std::string_view token);

// A channel a signal came in by, in the words of the intake form.
std::string_view channel_label(std::string_view token);

// A type of reporter, in the words of the intake form.
std::string_view reporter_type_label(std::string_view token);

// Whether the partners' positions in the decided round agreed or diverged.
std::string_view positions_label(std::string_view token);

// What a person reads where a count is withheld.
inline constexpr std::string_view kSuppressedWords = "afgeschermd";

// "40.0" -> "40,0": a Dutch reader's decimal comma.
std::string dutch_number(std::string number);

}  // namespace zvhpga::cli
