// zvh-pga demo: the whole PGA early-signal process on the configured store, told in plain words.
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
    "zvh-pga demo [--plugin PATH] [--config FILE] [--examples DIR]",
    "Walks the whole process on the configured store with the example request documents: a\n"
    "signal is registered, gemeente, politie and OM each contribute, the weegploeg records its\n"
    "decision (after showing that it is refused while a partner has not contributed), and the\n"
    "signal is read back. Every signalId in the examples is replaced by the new signal's id.\n"
    "Each step is told in one line; a step that fails stops the demo with the Error document's\n"
    "code and message."};

CallerIdentity demo_caller(std::string_view partner, std::string_view role) {
  return CallerIdentity{std::string(partner), "demo." + std::string(role), std::string(role)};
}

std::string who(const CallerIdentity& caller) { return caller.partner + " (" + caller.role + ")"; }

std::string join(const std::vector<std::string>& values) {
  std::string joined;
  for (const std::string& value : values) joined += (joined.empty() ? "" : ", ") + value;
  return joined;
}

// "CODE: message", then an indented line per problem the plugin tied to a field.
std::string describe_error(const XmlDocument& error) {
  std::string description = error.value_at({"code"}) + ": " + error.value_at({"message"});
  const auto fields = error.values_at({"problem", "field"});
  const auto messages = error.values_at({"problem", "message"});
  for (std::size_t i = 0; i < fields.size() && i < messages.size(); ++i) {
    description += "\n    " + fields[i] + ": " + messages[i];
  }
  return description;
}

class Demo {
 public:
  Demo(const PluginInstance& instance, std::filesystem::path examples, std::ostream& out)
      : instance_(instance), examples_(std::move(examples)), out_(out) {}

  void run() {
    register_signal();
    submit_contribution("contribution-gemeente.xml", gemeente_member_);
    submit_contribution("contribution-politie.xml", politie_member_);
    show_decision_refused_without(om_member_);
    submit_contribution("contribution-om.xml", om_member_);
    record_decision();
    read_back();
  }

 private:
  struct Outcome {
    Response response;
    XmlDocument document;
  };

  // The example document, with every signalId set to the signal this demo registered.
  std::string request_from_example(std::string_view example) const {
    const std::filesystem::path file = examples_ / example;
    std::ifstream input(file, std::ios::binary);
    std::ostringstream content;
    content << input.rdbuf();
    std::optional<XmlDocument> document = XmlDocument::parse(content.str());
    if (!input || !document) {
      throw CliError(ExitCode::setup, "Cannot read the example " + file.string() +
                                          " as an XML document. Pass --examples DIR.");
    }
    if (!signal_id_.empty()) document->replace_text_everywhere("signalId", signal_id_);
    return document->to_string();
  }

  Outcome send(std::string_view operation, std::string_view example, const CallerIdentity& caller) const {
    Response response = instance_.call(caller, request_from_example(example));
    std::optional<XmlDocument> document = XmlDocument::parse(response.document);
    if (!document) {
      throw CliError(ExitCode::internal, std::string(operation) + " by " + who(caller) + " answered " +
                                             response.status_name + " without a readable document.");
    }
    return Outcome{std::move(response), std::move(*document)};
  }

  // Sends the example and returns the response document; a refusal ends the demo.
  XmlDocument expect_accepted(std::string_view operation, std::string_view example,
                              const CallerIdentity& caller) const {
    Outcome outcome = send(operation, example, caller);
    if (outcome.response.status != ZVHPGA_OK) {
      throw CliError(exit_code_for(outcome.response.status),
                     std::string(operation) + " by " + who(caller) + " failed (" +
                         outcome.response.status_name + "): " + describe_error(outcome.document));
    }
    return std::move(outcome.document);
  }

  std::string current_state() const {
    return expect_accepted("GetSignal", "get-signal.xml", chair_).value_at({"signal", "state"});
  }

  void register_signal() {
    const XmlDocument response = expect_accepted("RegisterSignal", "register-signal.xml", intake_officer_);
    signal_id_ = response.value_at({"signalId"});
    out_ << "Signal " << signal_id_ << " registered by " << who(intake_officer_) << ": state "
         << response.value_at({"state"}) << "\n";
  }

  void submit_contribution(std::string_view example, const CallerIdentity& member) const {
    const XmlDocument response = expect_accepted("SubmitContribution", example, member);
    const auto awaiting = response.values_at({"awaitingPartners", "partner"});
    out_ << "Contribution by " << who(member) << " recorded: state " << response.value_at({"state"})
         << (awaiting.empty() ? ", all three partners have contributed"
                              : ", still awaiting " + join(awaiting))
         << "\n";
  }

  // The integral rule: no decision without gemeente, politie and OM. Shown by trying.
  void show_decision_refused_without(const CallerIdentity& missing) const {
    const std::string state_before = current_state();
    const Outcome outcome = send("RecordDecision", "record-decision.xml", chair_);
    if (outcome.response.status == ZVHPGA_OK) {
      throw CliError(ExitCode::internal, "RecordDecision was accepted although " + missing.partner +
                                             " had not contributed: the integral rule was not enforced.");
    }
    if (outcome.response.status != ZVHPGA_REJECTED) {
      throw CliError(exit_code_for(outcome.response.status),
                     "RecordDecision by " + who(chair_) + " failed (" + outcome.response.status_name +
                         "): " + describe_error(outcome.document));
    }
    const std::string state_after = current_state();
    out_ << "Decision by " << who(chair_) << " refused while " << missing.partner
         << " has not contributed:\n  " << describe_error(outcome.document) << "\n";
    if (state_after != state_before) {
      throw CliError(ExitCode::internal, "The refused decision changed the signal's state from " +
                                             state_before + " to " + state_after + ".");
    }
    out_ << "Signal state unchanged: " << state_after << "\n";
  }

  void record_decision() const {
    const XmlDocument response = expect_accepted("RecordDecision", "record-decision.xml", chair_);
    out_ << "Decision recorded by " << who(chair_) << ": state " << response.value_at({"state"}) << "\n";
  }

  void read_back() const {
    const XmlDocument response = expect_accepted("GetSignal", "get-signal.xml", chair_);
    out_ << "Signal " << signal_id_ << " read back by " << who(chair_) << ": state "
         << response.value_at({"signal", "state"}) << ", "
         << response.values_at({"signal", "contributions", "contribution"}).size()
         << " contributions, decision "
         << response.value_at({"signal", "decisions", "decision", "outcome"}) << ", "
         << response.values_at({"signal", "history", "transition"}).size()
         << " recorded transitions\n";
  }

  // The partners and roles of the default configuration (config/zvhpga.xml).
  const CallerIdentity intake_officer_ = demo_caller("gemeente-utrecht", "intake-officer");
  const CallerIdentity gemeente_member_ = demo_caller("gemeente-utrecht", "weegploeg-member");
  const CallerIdentity politie_member_ = demo_caller("politie-midden-nederland", "weegploeg-member");
  const CallerIdentity om_member_ = demo_caller("om-midden-nederland", "weegploeg-member");
  const CallerIdentity chair_ = demo_caller("gemeente-utrecht", "weegploeg-chair");

  const PluginInstance& instance_;
  std::filesystem::path examples_;
  std::ostream& out_;
  std::string signal_id_;
};

}  // namespace

ExitCode run_demo(const std::vector<std::string>& arguments) {
  po::options_description visible = option_group();
  visible.add(host_options());
  visible.add_options()("examples", po::value<std::string>()->value_name("DIR"),
                        "the example request documents; else ./examples if it exists, else "
                        "<exe dir>/../share/zvh-pga/examples");

  const auto options = parse_command_line(arguments, kHelp, visible);
  if (!options) return ExitCode::success;

  const Host host = open_host(*options);
  const zvhpga_abi_info& abi = host.plugin.abi_info();
  std::cout << "Plugin " << abi.plugin_version << " (ABI " << abi.abi_version << ") loaded from "
            << host.plugin.library().string() << "\n"
            << "Store opened from configuration " << host.configuration.string() << "\n";
  Demo(host.instance, examples_location(path_option(*options, "examples")), std::cout).run();
  std::cout << "Demo complete: the signal went from registration to a recorded decision.\n";
  return ExitCode::success;
}

}  // namespace zvhpga::cli
