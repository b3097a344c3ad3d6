// zvh-pga audit verify: checks the tamper-evident audit trail and names the first record that
// was changed, removed, inserted or moved; keeps and checks checkpoints for an outside party.
#include <fstream>
#include <iostream>
#include <sstream>

#include "command_line.h"
#include "commands.h"
#include "xml_document.h"

namespace po = boost::program_options;

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kHelp{
    "zvh-pga audit verify [--plugin PATH] [--config FILE] --partner P --user U\n"
    "                     [--role R] [--checkpoint FILE]... [--save-checkpoint FILE]",
    "Walks the whole audit trail and says whether it is intact, or which record is the first\n"
    "that no longer fits the chain. --save-checkpoint writes the newest record's sequence number\n"
    "and MAC to FILE, for an independent party to keep; --checkpoint FILE later proves that the\n"
    "trail up to that record was not rewritten. The verification is itself recorded."};

std::string read_file(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) throw CliError(ExitCode::setup, "Cannot read the checkpoint file " + path + ".");
  std::ostringstream content;
  content << input.rdbuf();
  return content.str();
}

// A checkpoint file holds one <checkpoint> element of the contract, as --save-checkpoint
// writes it.
std::string checkpoint_element(const std::string& path) {
  const auto document = XmlDocument::parse(read_file(path));
  if (!document || document->root_name() != "checkpoint" || document->value_at({"seq"}).empty() ||
      document->value_at({"mac"}).empty())
    throw CliError(ExitCode::setup, path + " is not a checkpoint written by --save-checkpoint.");
  return "<checkpoint><seq>" + document->value_at({"seq"}) + "</seq><mac>" +
         document->value_at({"mac"}) + "</mac></checkpoint>";
}

ExitCode verify(const po::variables_map& options) {
  std::string request = "<VerifyAuditTrailRequest xmlns=\"urn:nl:zvh-pga:contract:1\">";
  if (options.count("checkpoint") != 0)
    for (const std::string& path : options["checkpoint"].as<std::vector<std::string>>())
      request += checkpoint_element(path);
  request += "</VerifyAuditTrailRequest>";

  const Host host = open_host(options);
  const Response response = host.instance.call(
      CallerIdentity{options["partner"].as<std::string>(), options["user"].as<std::string>(),
                     options["role"].as<std::string>()},
      request);
  const auto answer = XmlDocument::parse(response.document);
  if (response.status != ZVHPGA_OK || !answer) {
    std::cout << response.document;
    return exit_code_for(response.status);
  }

  const std::string checked = answer->value_at({"recordsChecked"});
  if (answer->value_at({"intact"}) != "true") {
    std::cout << "BROKEN: " << answer->value_at({"firstBroken", "problem"}) << " (record "
              << answer->value_at({"firstBroken", "seq"}) << "; " << checked
              << " records before it fit the chain)\n";
    return ExitCode::broken_trail;
  }
  const std::string seq = answer->value_at({"head", "seq"});
  const std::string mac = answer->value_at({"head", "mac"});
  std::cout << "Intact: " << checked << " records fit the chain";
  if (!seq.empty()) std::cout << "; newest record " << seq << " at " << answer->value_at({"head", "at"});
  std::cout << "\n";
  if (options.count("save-checkpoint") != 0) {
    const std::string path = options["save-checkpoint"].as<std::string>();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "<checkpoint xmlns=\"urn:nl:zvh-pga:contract:1\"><seq>" << seq << "</seq><mac>" << mac
        << "</mac></checkpoint>\n";
    if (!out) throw CliError(ExitCode::setup, "Cannot write the checkpoint file " + path + ".");
    std::cout << "Checkpoint of record " << seq << " written to " << path << "\n";
  }
  return ExitCode::success;
}

}  // namespace

ExitCode run_audit(const std::vector<std::string>& arguments) {
  if (arguments.empty() || arguments.front() != "verify") {
    if (!arguments.empty() && (arguments.front() == "--help" || arguments.front() == "-h")) {
      std::cout << "Usage: zvh-pga audit verify [OPTIONS]\n\nRun 'zvh-pga audit verify --help' "
                   "for the options.\n";
      return ExitCode::success;
    }
    throw CliError(ExitCode::usage, "audit knows one action: verify. Run 'zvh-pga audit verify --help'.");
  }
  po::options_description visible = option_group();
  visible.add_options()
      ("partner", po::value<std::string>()->required()->value_name("P"),
       "the auditor's partner organisation: an id or OIN from the partner table")
      ("user", po::value<std::string>()->required()->value_name("U"), "the auditor")
      ("role", po::value<std::string>()->default_value("auditor")->value_name("R"),
       "auditor or privacy-officer")
      ("checkpoint", po::value<std::vector<std::string>>()->value_name("FILE"),
       "a checkpoint kept earlier; may be given several times")
      ("save-checkpoint", po::value<std::string>()->value_name("FILE"),
       "write the newest record as a checkpoint to FILE when the trail is intact");
  visible.add(host_options());
  const auto options = parse_command_line(
      std::vector<std::string>(arguments.begin() + 1, arguments.end()), kHelp, visible);
  if (!options) return ExitCode::success;
  return verify(*options);
}

}  // namespace zvhpga::cli
