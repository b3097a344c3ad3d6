#pragma once
// The plot of zvh-pga stats --svg: the outcomes per phenomenon of GetStatistics, for people.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zvhpga::cli {

// How GetStatistics gives a count that must not be published.
inline constexpr std::string_view kSuppressed = "suppressed";

struct Figure {
  std::string category;
  std::string count;       // a number, or kSuppressed
  std::string percentage;  // empty when not given
};

struct Breakdown {
  std::string total;  // a number, or kSuppressed
  std::vector<Figure> figures;
};

struct OutcomePlot {
  std::string region, from, to, minimum_count;
  // Each phenomenon's token and its signals by outcome.
  std::vector<std::pair<std::string, Breakdown>> phenomena;
};

// An SVG in Dutch: titled, a group of bars per phenomenon with one bar per outcome it had, each
// bar named in words and its count and share written beside it, so that nothing is told by
// colour alone; a suppressed count drawn grey and said to be suppressed, never as a number. Its
// <desc> says all of it in sentences, for whoever does not see the plot.
std::string outcome_plot_svg(const OutcomePlot& plot);

}  // namespace zvhpga::cli
