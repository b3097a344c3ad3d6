#include "dutch_labels.h"

#include <algorithm>
#include <array>
#include <utility>

namespace zvhpga::cli {
namespace {

// Every outcome a weegploeg can decide, in the contract's order.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kOutcomeLabels{{
    {"include-in-casusoverleg", "Bespreken in het casusoverleg"},
    {"refer-elsewhere", "Doorverwijzen naar een ander traject"},
    {"criminal-route", "Strafrechtelijke route"},
    {"no-further-action", "Geen verdere actie"},
    {"more-information-needed", "Meer informatie nodig"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kPhenomenonLabels{{
    {"jihadisme", "Jihadisme"},
    {"rechts-extremisme", "Rechts-extremisme"},
    {"links-extremisme", "Links-extremisme"},
    {"anti-institutioneel-extremisme", "Anti-institutioneel extremisme"},
    {"dierenrechtenextremisme", "Dierenrechtenextremisme"},
    {"asiel-gerelateerd-extremisme", "Extremisme rond asiel en migratie"},
    {"klimaat-extremisme", "Klimaat- of milieu-extremisme"},
    {"other", "Een ander fenomeen"},
    {"unclear", "Onduidelijk of gemengd"},
    {"none", "Geen fenomeen genoemd"},
}};

// The same words as the intake form (plugin/src/criteria/form.cpp) offers.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kChannelLabels{{
    {"meldpunt", "Via het meldpunt"},
    {"wijkagent", "Via de wijkagent"},
    {"partner-referral", "Doorverwezen door een partner"},
    {"zvh-portal", "Via het portaal van het Zorg- en Veiligheidshuis"},
    {"detention-exit", "Bij terugkeer uit detentie"},
    {"other", "Op een andere manier"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kReporterTypeLabels{{
    {"local-partner", "Een lokale partner (bijvoorbeeld school of zorg)"},
    {"citizen", "Een inwoner"},
    {"municipal-department", "Een afdeling van de gemeente"},
    {"dji-reclassering", "DJI of de reclassering"},
    {"other", "Iemand anders"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kPositionsLabels{{
    {"agreed", "Gelijk"},
    {"diverged", "Uiteenlopend"},
}};

template <std::size_t N>
std::string_view label_in(const std::array<std::pair<std::string_view, std::string_view>, N>& table,
                          std::string_view token) {
  const auto found = std::ranges::find(table, token,
                                       &std::pair<std::string_view, std::string_view>::first);
  return found == table.end() ? token : found->second;
}

}  // namespace

std::string_view outcome_label(std::string_view token) {
  if (token == "undecided") return "Nog geen besluit";
  return label_in(kOutcomeLabels, token);
}

std::string_view phenomenon_label(std::string_view token) {
  return label_in(kPhenomenonLabels, token);
}

std::string_view channel_label(std::string_view token) { return label_in(kChannelLabels, token); }

std::string_view reporter_type_label(std::string_view token) {
  return label_in(kReporterTypeLabels, token);
}

std::string_view positions_label(std::string_view token) {
  return label_in(kPositionsLabels, token);
}

std::string dutch_number(std::string number) {
  std::ranges::replace(number, '.', ',');
  return number;
}

}  // namespace zvhpga::cli
