// The statistics plot (zvh-pga stats --svg) as a person reads it: in Dutch, every value written
// on the plot, suppressed counts said in words as well as drawn grey, and all of it in words
// for whoever does not see the plot.
#include <gtest/gtest.h>

#include <algorithm>

#include "stats_plot.h"
#include "xml_document.h"

namespace zvhpga::cli {
namespace {

// Twelve jihadisme signals (seven to the casusoverleg, five without further action), a few
// about climate extremism, all of whose counts are suppressed, and no rechts-extremisme.
OutcomePlot utrecht_2026() {
  OutcomePlot plot{"utrecht", "2026-01-01", "2026-12-31", "5", {}};
  plot.phenomena.push_back({"jihadisme",
                            {"12",
                             {{"include-in-casusoverleg", "7", "58.3"},
                              {"refer-elsewhere", "0", "0.0"},
                              {"no-further-action", "5", "41.7"}}}});
  plot.phenomena.push_back({"klimaat-extremisme",
                            {"suppressed", {{"include-in-casusoverleg", "suppressed", ""},
                                            {"undecided", "suppressed", ""}}}});
  plot.phenomena.push_back({"rechts-extremisme", {"0", {{"include-in-casusoverleg", "0", ""}}}});
  return plot;
}

XmlDocument parsed(const std::string& svg) {
  auto document = XmlDocument::parse(svg);
  EXPECT_TRUE(document.has_value()) << svg;
  return std::move(*document);
}

std::vector<std::string> texts(const OutcomePlot& plot) {
  return parsed(outcome_plot_svg(plot)).values_at({"text"});
}

bool has(const std::vector<std::string>& all, std::string_view text) {
  return std::ranges::find(all, text) != all.end();
}

TEST(StatisticsPlot, IsTitledInDutchWithTheRegionAndThePeriod) {
  const XmlDocument svg = parsed(outcome_plot_svg(utrecht_2026()));
  EXPECT_EQ(svg.value_at({"title"}),
            "Uitkomst van de weging per fenomeen, regio utrecht, meldingen ontvangen van "
            "2026-01-01 tot en met 2026-12-31");
  EXPECT_TRUE(has(svg.values_at({"text"}), "Uitkomst van de weging per fenomeen, regio utrecht"));
}

TEST(StatisticsPlot, NamesEveryPhenomenonAndOutcomeInDutch) {
  const auto all = texts(utrecht_2026());
  EXPECT_TRUE(has(all, "Jihadisme: 12 meldingen"));
  EXPECT_TRUE(has(all, "Klimaat- of milieu-extremisme: aantal meldingen afgeschermd"));
  EXPECT_TRUE(has(all, "Rechts-extremisme: geen meldingen"));
  EXPECT_TRUE(has(all, "Bespreken in het casusoverleg"));
  EXPECT_TRUE(has(all, "Geen verdere actie"));
  EXPECT_TRUE(has(all, "Nog geen besluit"));
  for (const std::string& text : all)
    for (std::string_view token : {"include-in-casusoverleg", "no-further-action", "undecided",
                                   "klimaat-extremisme", "suppressed"})
      EXPECT_EQ(text.find(token), std::string::npos) << text;
}

TEST(StatisticsPlot, WritesEachPublishedCountAndShareOnItsBar) {
  const auto all = texts(utrecht_2026());
  EXPECT_TRUE(has(all, "7 (58,3%)"));
  EXPECT_TRUE(has(all, "5 (41,7%)"));
}

TEST(StatisticsPlot, DrawsABarForEveryOutcomeThatOccurredOnly) {
  const std::string svg = outcome_plot_svg(utrecht_2026());
  const auto all = parsed(svg).values_at({"text"});
  EXPECT_FALSE(has(all, "Doorverwijzen naar een ander traject"));
  // Two published bars of jihadisme and two suppressed ones of klimaat-extremisme.
  EXPECT_EQ(parsed(svg).root().children("rect").size(), 4u);
}

TEST(StatisticsPlot, MarksASuppressedCountInWordsAsWellAsGrey) {
  OutcomePlot plot = utrecht_2026();
  plot.phenomena.erase(plot.phenomena.begin());  // only klimaat-extremisme is drawn
  const std::string svg = outcome_plot_svg(plot);
  EXPECT_EQ(std::ranges::count(texts(plot), std::string("afgeschermd")), 2);
  EXPECT_NE(svg.find("fill=\"#d0d0d0\""), std::string::npos);
  EXPECT_EQ(svg.find("#1b5e9e"), std::string::npos) << "a suppressed count drawn as published";
}

TEST(StatisticsPlot, SaysEveryFigureInWordsForWhoeverDoesNotSeeThePlot) {
  const std::string description = parsed(outcome_plot_svg(utrecht_2026())).value_at({"desc"});
  EXPECT_NE(description.find("Jihadisme: 12 meldingen; Bespreken in het casusoverleg 7 "
                             "(58,3%); Geen verdere actie 5 (41,7%)."),
            std::string::npos)
      << description;
  EXPECT_NE(description.find("Klimaat- of milieu-extremisme: aantal meldingen afgeschermd; "
                             "Bespreken in het casusoverleg afgeschermd; Nog geen besluit "
                             "afgeschermd."),
            std::string::npos)
      << description;
  EXPECT_NE(description.find("Aantallen onder de 5"), std::string::npos) << description;
}

TEST(StatisticsPlot, IsNamedByItsTitleAndDescriptionAsAnImage) {
  const std::string svg = outcome_plot_svg(utrecht_2026());
  EXPECT_NE(svg.find("role=\"img\" aria-labelledby=\"zvhpga-plot-title zvhpga-plot-description\""),
            std::string::npos);
}

}  // namespace
}  // namespace zvhpga::cli
