// zvh-pga stats: the management information of the caller's region (GetStatistics) as a table,
// and on request as CSV and as an SVG plot of the outcome rates per phenomenon.
#include <array>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "command_line.h"
#include "commands.h"
#include "dutch_labels.h"
#include "stats_plot.h"
#include "xml_document.h"

namespace po = boost::program_options;

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kHelp{
    "zvh-pga stats [--plugin PATH] [--config FILE] --partner P [--user U] [--role R]\n"
    "              [--from DATE] [--to DATE] [--csv FILE] [--svg FILE]",
    "Asks the plugin for the anonymous figures of the caller's region (GetStatistics) about the\n"
    "signals received from --from up to and including --to, and prints them as tables in Dutch:\n"
    "signals by channel, reporter type, phenomenon hypothesis and outcome, the outcomes per\n"
    "phenomenon, how often the partners' positions diverged, and the days from receipt to\n"
    "decision. A count below the configured minimum, or one that subtraction would reveal, shows\n"
    "as 'afgeschermd'. --csv writes the same figures as CSV with the contract's codes\n"
    "('suppressed' for a withheld count), --svg a plot of the outcome rates per phenomenon."};

std::string count_in(const XmlElement& element) {
  return element.has_child("suppressed") ? std::string(kSuppressed) : element.child_text("count");
}

Breakdown breakdown_in(const XmlElement& element) {
  Breakdown breakdown;
  for (const XmlElement& total : element.children("total")) breakdown.total = count_in(total);
  for (const XmlElement& figure : element.children("figure"))
    breakdown.figures.push_back(
        {figure.child_text("category"), count_in(figure), figure.child_text("percentage")});
  return breakdown;
}

// A breakdown of GetStatisticsResponse: its element, its table in the CSV, its heading in the
// printed tables and the words of its categories.
struct BreakdownKind {
  std::string_view element, table, heading;
  std::string_view (*label)(std::string_view token);
};

constexpr std::array<BreakdownKind, 4> kBreakdowns{{
    {"byChannel", "channel", "Meldingen per kanaal", &channel_label},
    {"byReporterType", "reporter-type", "Meldingen per soort melder", &reporter_type_label},
    {"byPhenomenon", "phenomenon", "Meldingen per fenomeen van de hypothese", &phenomenon_label},
    {"byOutcome", "outcome", "Meldingen per uitkomst van de weging", &outcome_label},
}};

// The figures of a GetStatisticsResponse, as the plugin gave them.
struct Figures {
  std::string region, from, to, minimum_count, signals;
  std::vector<std::pair<const BreakdownKind*, Breakdown>> breakdowns;
  std::vector<std::pair<std::string, Breakdown>> outcomes_by_phenomenon;
  Breakdown partner_positions;
  std::string decided, median_days, percentile90_days;

  explicit Figures(const XmlDocument& response) {
    const XmlElement root = response.root();
    region = root.child_text("region");
    from = root.child_text("from");
    to = root.child_text("to");
    minimum_count = root.child_text("minimumCount");
    for (const XmlElement& element : root.children("signals")) signals = count_in(element);
    for (const BreakdownKind& kind : kBreakdowns)
      for (const XmlElement& found : root.children(kind.element))
        breakdowns.emplace_back(&kind, breakdown_in(found));
    for (const XmlElement& table : root.children("outcomesByPhenomenon"))
      for (const XmlElement& row : table.children("phenomenon"))
        outcomes_by_phenomenon.emplace_back(row.child_text("phenomenon"), breakdown_in(row));
    for (const XmlElement& element : root.children("partnerPositions"))
      partner_positions = breakdown_in(element);
    for (const XmlElement& time : root.children("timeToDecision")) {
      for (const XmlElement& element : time.children("decided")) decided = count_in(element);
      median_days = time.child_text("medianDays");
      percentile90_days = time.child_text("percentile90Days");
    }
  }
};

std::string dutch_count(const std::string& count) {
  return count == kSuppressed ? std::string(kSuppressedWords) : count;
}

std::string dutch_percentage(const Figure& figure) {
  return figure.percentage.empty() ? std::string() : dutch_number(figure.percentage) + "%";
}

void print_breakdown(std::ostream& out, std::string_view heading, const Breakdown& breakdown,
                     std::string_view (*label)(std::string_view)) {
  constexpr int kCategoryWidth = 50;
  out << '\n' << heading << '\n';
  for (const Figure& figure : breakdown.figures) {
    out << "  " << std::left << std::setw(kCategoryWidth) << label(figure.category) << std::right
        << std::setw(12) << dutch_count(figure.count);
    if (!figure.percentage.empty()) out << std::setw(9) << dutch_percentage(figure);
    out << '\n';
  }
  out << "  " << std::left << std::setw(kCategoryWidth) << "Totaal" << std::right << std::setw(12)
      << dutch_count(breakdown.total) << '\n';
}

void print_tables(std::ostream& out, const Figures& figures) {
  out << "Statistiek van regio " << figures.region << ", meldingen ontvangen van " << figures.from
      << " tot en met " << figures.to << "\n"
      << "Aantallen onder de " << figures.minimum_count
      << ", en aantallen waaruit die af te leiden zijn, zijn afgeschermd.\n"
      << "\nMeldingen: " << dutch_count(figures.signals) << '\n';
  for (const auto& [kind, breakdown] : figures.breakdowns)
    print_breakdown(out, kind->heading, breakdown, kind->label);

  out << "\nUitkomsten per fenomeen (aantal en aandeel van de meldingen van het fenomeen)\n";
  for (const auto& [phenomenon, breakdown] : figures.outcomes_by_phenomenon) {
    out << "  " << phenomenon_label(phenomenon) << " (" << dutch_count(breakdown.total) << "):";
    for (const Figure& figure : breakdown.figures) {
      if (figure.count == "0") continue;
      out << ' ' << outcome_label(figure.category) << ' ' << dutch_count(figure.count);
      if (!figure.percentage.empty()) out << " (" << dutch_percentage(figure) << ')';
      out << ';';
    }
    out << '\n';
  }
  print_breakdown(out, "Standpunten van de partners in de besliste ronde",
                  figures.partner_positions, &positions_label);
  out << "\nDagen van ontvangst tot besluit (" << dutch_count(figures.decided) << " besloten)";
  if (!figures.median_days.empty())
    out << ": mediaan " << dutch_number(figures.median_days) << ", 90e percentiel "
        << dutch_number(figures.percentile90_days);
  out << '\n';
}

void write_csv(const std::string& file, const Figures& figures) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << "table,group,category,count,percentage\n";
  out << "signals,,total," << figures.signals << ",\n";
  const auto rows = [&out](std::string_view table, std::string_view group,
                           const Breakdown& breakdown) {
    for (const Figure& figure : breakdown.figures)
      out << table << ',' << group << ',' << figure.category << ',' << figure.count << ','
          << figure.percentage << '\n';
    out << table << ',' << group << ",total," << breakdown.total << ",\n";
  };
  for (const auto& [kind, breakdown] : figures.breakdowns) rows(kind->table, "", breakdown);
  for (const auto& [phenomenon, breakdown] : figures.outcomes_by_phenomenon)
    rows("outcome-by-phenomenon", phenomenon, breakdown);
  rows("partner-positions", "", figures.partner_positions);
  out << "time-to-decision,,decided," << figures.decided << ",\n"
      << "time-to-decision,,median-days," << figures.median_days << ",\n"
      << "time-to-decision,,percentile-90-days," << figures.percentile90_days << ",\n";
  if (!out) throw CliError(ExitCode::setup, "Cannot write the CSV file " + file + ".");
}

void write_svg(const std::string& file, const Figures& figures) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << outcome_plot_svg(OutcomePlot{figures.region, figures.from, figures.to,
                                      figures.minimum_count, figures.outcomes_by_phenomenon});
  if (!out) throw CliError(ExitCode::setup, "Cannot write the SVG file " + file + ".");
}

std::string statistics_request(const po::variables_map& options) {
  std::string request = "<GetStatisticsRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><from>" +
                        xml_escaped(options["from"].as<std::string>()) + "</from><to>" +
                        xml_escaped(options["to"].as<std::string>()) + "</to>";
  return request + "</GetStatisticsRequest>";
}

}  // namespace

ExitCode run_stats(const std::vector<std::string>& arguments) {
  po::options_description visible = option_group();
  visible.add_options()
      ("partner", po::value<std::string>()->required()->value_name("P"),
       "the caller's partner organisation: an id or OIN from the configuration's partner table")
      ("user", po::value<std::string>()->default_value("zvh-pga-stats")->value_name("U"),
       "the person asking, as the host platform identifies them")
      ("role", po::value<std::string>()->default_value("process-director")->value_name("R"),
       "the caller's role: process-director, privacy-officer or auditor (docs/roles.md)")
      ("from", po::value<std::string>()->default_value("1900-01-01")->value_name("DATE"),
       "first day of receipt counted, YYYY-MM-DD")
      ("to", po::value<std::string>()->default_value("9999-12-31")->value_name("DATE"),
       "last day of receipt counted, YYYY-MM-DD")
      ("csv", po::value<std::string>()->value_name("FILE"), "also write the figures as CSV")
      ("svg", po::value<std::string>()->value_name("FILE"),
       "also write a plot of the outcome rates per phenomenon as SVG");
  visible.add(host_options());
  const auto options = parse_command_line(arguments, kHelp, visible);
  if (!options) return ExitCode::success;

  const Host host = open_host(*options);
  const Response response = host.instance.call(
      CallerIdentity{(*options)["partner"].as<std::string>(), (*options)["user"].as<std::string>(),
                     (*options)["role"].as<std::string>()},
      statistics_request(*options));
  if (response.status != ZVHPGA_OK) {
    std::cout << response.document;
    std::cerr << "zvh-pga: the plugin answered " << response.status_name << "\n";
    return exit_code_for(response.status);
  }
  const auto document = XmlDocument::parse(response.document);
  if (!document) throw CliError(ExitCode::internal, "The plugin's answer is not XML.");
  const Figures figures(*document);
  print_tables(std::cout, figures);
  if (options->count("csv") > 0) write_csv((*options)["csv"].as<std::string>(), figures);
  if (options->count("svg") > 0) write_svg((*options)["svg"].as<std::string>(), figures);
  return ExitCode::success;
}

}  // namespace zvhpga::cli
