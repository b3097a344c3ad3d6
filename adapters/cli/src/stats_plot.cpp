#include "stats_plot.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "dutch_labels.h"
#include "xml_document.h"

namespace zvhpga::cli {
namespace {

constexpr int kWidth = 820;
constexpr int kOutcomeX = 30;     // an outcome's name, under its phenomenon's
constexpr int kBarX = 330;        // where every bar starts
constexpr int kBarWidth = 360;    // the width of 100%
constexpr int kSuppressedWidth = 24;  // no share to draw: a grey mark of its own size
constexpr int kRowHeight = 22;
constexpr std::string_view kBarColour = "#1b5e9e";
// Grey, with an edge dark enough to stand out against white (WCAG 1.4.11).
constexpr std::string_view kSuppressedFill = "#d0d0d0";
constexpr std::string_view kSuppressedEdge = "#595959";
// What is written beside a bar: "6 (60,0%)", "6", or that it is suppressed.
std::string value_text(const Figure& figure) {
  if (figure.count == kSuppressed) return std::string(kSuppressedWords);
  if (figure.percentage.empty()) return figure.count;
  return figure.count + " (" + dutch_number(figure.percentage) + "%)";
}

std::string signals_text(const std::string& total) {
  if (total == kSuppressed) return "aantal meldingen afgeschermd";
  if (total == "0") return "geen meldingen";
  if (total == "1") return "1 melding";
  return total + " meldingen";
}

std::string text(int x, int y, const std::string& words, std::string_view extra = "") {
  return "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\"" +
         std::string(extra) + ">" + xml_escaped(words) + "</text>\n";
}

}  // namespace

std::string outcome_plot_svg(const OutcomePlot& plot) {
  const std::string period = "meldingen ontvangen van " + plot.from + " tot en met " + plot.to;
  const std::string title = "Uitkomst van de weging per fenomeen, regio " + plot.region + ", " +
                            period;
  std::ostringstream body;
  std::ostringstream description;
  description << "Per fenomeen van de hypothese bij de melding: hoeveel meldingen welke uitkomst "
                 "kregen, met hun aandeel. ";
  int y = 104;
  for (const auto& [phenomenon, breakdown] : plot.phenomena) {
    const std::string name(phenomenon_label(phenomenon));
    body << text(10, y + 14, name + ": " + signals_text(breakdown.total),
                 " font-weight=\"bold\"");
    description << name << ": " << signals_text(breakdown.total);
    y += kRowHeight;
    for (const Figure& figure : breakdown.figures) {
      if (figure.count == "0") continue;
      const std::string outcome(outcome_label(figure.category));
      body << text(kOutcomeX, y + 14, outcome);
      const bool suppressed = figure.count == kSuppressed;
      const double share = suppressed || figure.percentage.empty()
                               ? 0.0
                               : std::stod(figure.percentage) / 100.0;
      const int width = suppressed ? kSuppressedWidth
                                   : std::max(1, static_cast<int>(std::lround(share * kBarWidth)));
      body << "<rect x=\"" << kBarX << "\" y=\"" << y + 3 << "\" width=\"" << width
           << "\" height=\"16\" fill=\""
           << (suppressed ? kSuppressedFill : kBarColour) << "\""
           << (suppressed ? " stroke=\"" + std::string(kSuppressedEdge) + "\"" : "") << "/>\n"
           << text(kBarX + width + 6, y + 15, value_text(figure));
      description << "; " << outcome << " " << value_text(figure);
      y += kRowHeight;
    }
    description << ". ";
    y += 8;
  }

  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << y + 10
      << "\" viewBox=\"0 0 " << kWidth << ' ' << y + 10
      << "\" role=\"img\" aria-labelledby=\"zvhpga-plot-title zvhpga-plot-description\" "
         "font-family=\"sans-serif\" font-size=\"13\" fill=\"#1a1a1a\">\n"
      << "<title id=\"zvhpga-plot-title\">" << xml_escaped(title) << "</title>\n"
      << "<desc id=\"zvhpga-plot-description\">" << xml_escaped(description.str())
      << "Aantallen onder de " << xml_escaped(plot.minimum_count)
      << ", en aantallen waaruit die af te leiden zijn, zijn afgeschermd.</desc>\n"
      << text(10, 24, "Uitkomst van de weging per fenomeen, regio " + plot.region,
              " font-size=\"17\" font-weight=\"bold\"")
      << text(10, 46, "Alle " + period + ".")
      << text(10, 64, "Per fenomeen: hoeveel meldingen welke uitkomst kregen, en hun aandeel.")
      << text(10, 82, "Aantallen onder de " + plot.minimum_count +
                          ", en aantallen waaruit die af te leiden zijn, zijn afgeschermd: "
                          "grijs, met het woord \xe2\x80\x9c" + std::string(kSuppressedWords) +
                          "\xe2\x80\x9d.")
      << body.str() << "</svg>\n";
  return svg.str();
}

}  // namespace zvhpga::cli
