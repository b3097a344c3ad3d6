#include "runtime/doctor.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/tokens.h"
#include "crypto/key_file.h"
#include "odbc/handles.h"
#include "odbc/odbc_store.h"
#include "runtime/administration.h"
#include "runtime/certificates.h"
#include "runtime/resources.h"

namespace zvhpga::doctor {
namespace {

// Logius issues test OINs with this prefix; they have no place in production.
constexpr std::string_view kTestOinPrefix = "00000099";

std::string listed(const std::vector<std::int64_t>& versions) {
  std::string text;
  for (const auto version : versions) text += (text.empty() ? "" : ", ") + std::to_string(version);
  return text;
}

// Each region needs all three weegploeg partners, or no decision can ever be recorded there.
void examine_partners(const config::Configuration& config, std::vector<Finding>& findings) {
  std::map<std::string, std::set<core::PartnerKind>> kinds_by_region;
  for (const auto& partner : config.partners) {
    kinds_by_region[partner.region].insert(partner.kind);
    if (partner.oin.starts_with(kTestOinPrefix))
      findings.push_back({Verdict::Warning, "partners",
                          "Partner " + partner.id + " has test OIN " + partner.oin +
                              "; replace it with the organisation's real OIN before production."});
  }
  bool complete = true;
  for (const auto& [region, kinds] : kinds_by_region) {
    for (const core::PartnerKind kind : core::kWeegploegPartners) {
      if (kinds.contains(kind)) continue;
      complete = false;
      findings.push_back({Verdict::Problem, "partners",
                          "Region " + region + " has no partner of kind " +
                              std::string(core::to_token(kind)) +
                              ": the weegploeg there can never decide, since every decision needs "
                              "gemeente, politie and OM."});
    }
  }
  if (complete)
    findings.push_back({Verdict::Pass, "partners",
                        std::to_string(config.partners.size()) + " partners in " +
                            std::to_string(kinds_by_region.size()) +
                            " region(s), each with gemeente, politie and OM."});
}

// Personal data and keys live in the data directory: nobody but the service account may enter.
// False when it does not exist yet (nothing in it to examine).
bool examine_data_directory(const config::Configuration& config, std::vector<Finding>& findings) {
  struct stat status {};
  const std::string directory = config.data_directory.string();
  if (::stat(directory.c_str(), &status) != 0) {
    findings.push_back({Verdict::Warning, "data directory",
                        directory + " does not exist yet; the first start makes it (mode 0700), "
                                    "and the database is examined after that."});
    return false;
  }
  if (!S_ISDIR(status.st_mode)) {
    findings.push_back({Verdict::Problem, "data directory", directory + " is not a directory."});
  } else if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    findings.push_back({Verdict::Problem, "data directory",
                        directory + " may be entered by others than its owner; make it mode 0700."});
  } else if (status.st_uid != ::geteuid()) {
    findings.push_back({Verdict::Warning, "data directory",
                        directory + " belongs to another user than the one running this check; "
                                    "run doctor as the service's user."});
  } else {
    findings.push_back({Verdict::Pass, "data directory", directory + " is private (mode 0700)."});
  }
  return true;
}

void examine_key(const std::filesystem::path& file, const std::string& what, bool may_create,
                 std::vector<Finding>& findings) {
  std::error_code ignored;
  if (!std::filesystem::exists(file, ignored) && may_create) {
    findings.push_back({Verdict::Warning, "keys",
                        "The " + what + " " + file.string() + " does not exist yet; the first "
                        "start makes it. Back it up apart from the database."});
    return;
  }
  if (auto key = crypto::load_key(file, false); !key) {
    findings.push_back({Verdict::Problem, "keys", key.error().message});
  } else {
    findings.push_back({Verdict::Pass, "keys",
                        "The " + what + " " + file.string() + " is readable by its owner only."});
  }
}

std::string readable_by_others(const std::string& what, const std::string& file, unsigned mode) {
  return "The " + what + " file " + file + " may be read by others than its owner (mode 0" +
         std::to_string(mode >> 6U) + std::to_string((mode >> 3U) & 7U) +
         std::to_string(mode & 7U) + "); stop the service and run `chmod 600 " + file + "`.";
}

std::string of_another_user(const std::string& what, const std::string& file) {
  return "The " + what + " file " + file + " belongs to another user than the one running this "
         "check; run doctor as the service's user.";
}

// The SQLite files of a store (the database and, when there, its -wal and -shm): they hold
// personal data or wrapped keys wherever they are configured, so only the owner may read them.
// A store on a database server has no file here to examine.
void examine_store_files(const std::string& connection_string, const std::string& what,
                         std::vector<Finding>& findings) {
  const std::string file = odbc::sqlite_file(connection_string);
  if (file.empty()) return;
  bool private_files = true;
  for (const std::string& name : {file, file + "-wal", file + "-shm"}) {
    struct stat status {};
    if (::stat(name.c_str(), &status) != 0) continue;  // not made yet, or no WAL open
    if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
      private_files = false;
      findings.push_back({Verdict::Problem, "store files",
                          readable_by_others(what, name, status.st_mode & 0777U)});
    } else if (status.st_uid != ::geteuid()) {
      private_files = false;
      findings.push_back({Verdict::Warning, "store files", of_another_user(what, name)});
    }
  }
  if (private_files)
    findings.push_back({Verdict::Pass, "store files",
                        "The " + what + " file " + file + " is readable by its owner only."});
}

// Reads the schema's versions only: doctor never migrates (that is `zvh-pga db migrate`).
bool examine_database(const config::Configuration& config, std::vector<Finding>& findings) {
  try {
    const auto schema = odbc::inspect_store_schema(runtime::store_options(config));
    if (!schema.unknown.empty()) {
      findings.push_back({Verdict::Problem, "database",
                          "The database has schema version(s) " + listed(schema.unknown) +
                              " that this plugin does not know: it belongs to a newer plugin."});
      return false;
    }
    if (schema.recorded.empty()) {
      findings.push_back({Verdict::Warning, "database",
                          "The database is reachable and empty; `zvh-pga db migrate` (or the "
                          "first start) creates the schema."});
      return false;
    }
    if (!schema.pending.empty()) {
      findings.push_back({Verdict::Problem, "database",
                          "The database lacks schema version(s) " + listed(schema.pending) +
                              " of this plugin; run `zvh-pga db migrate` with every instance "
                              "stopped."});
      return false;
    }
    findings.push_back({Verdict::Pass, "database",
                        "The database is reachable and its schema is at version " +
                            std::to_string(*schema.recorded.rbegin()) + ", this plugin's."});
    return true;
  } catch (const ports::StoreFailure& failure) {
    findings.push_back({Verdict::Problem, "database",
                        std::string("The database cannot be reached: ") + failure.what()});
    return false;
  }
}

void examine_catalogue(const std::filesystem::path& config_file, std::vector<Finding>& findings) {
  auto catalogue = runtime::check_configured_catalogue(config_file);
  if (!catalogue) {
    std::string message = catalogue.error().message;
    for (const auto& problem : catalogue.error().problems)
      message += " " + problem.field + ": " + problem.message;
    findings.push_back({Verdict::Problem, "criteria catalogue", message});
    return;
  }
  findings.push_back({Verdict::Pass, "criteria catalogue",
                      "Catalogue " + catalogue->version + " of " + catalogue->issued_on +
                          " can be put in force."});
}

// The statutory terms of the Wet PGA could not be verified: the shipped rules say so, and a
// region confirms them (or sets its own) before it relies on them (docs/retention.md).
void examine_retention_policy(const config::Configuration& config, std::vector<Finding>& findings) {
  auto policy = runtime::configured_retention_policy(config);
  if (!policy) {
    std::string message = policy.error().message;
    for (const auto& problem : policy.error().problems)
      message += " " + problem.field + ": " + problem.message;
    findings.push_back({Verdict::Problem, "retention policy", message});
    return;
  }
  std::string unconfirmed;
  for (const core::RetentionRule& rule : policy->rules)
    if (!rule.confirmed) unconfirmed += (unconfirmed.empty() ? "" : ", ") + rule.id;
  if (unconfirmed.empty()) {
    findings.push_back({Verdict::Pass, "retention policy",
                        "Every rule of policy " + policy->version + " is confirmed."});
  } else {
    findings.push_back({Verdict::Warning, "retention policy",
                        "Policy " + policy->version + " has unconfirmed rules (" + unconfirmed +
                            "): confirm their terms with the privacy officer and legal adviser, "
                            "or set the region's own (docs/retention.md)."});
  }
}

// The time limits per stage and the grounds for postponing informing have no source in the
// law's own text either: the region settles them and says so (docs/roles.md, "Time limits";
// docs/contract.md, "Informing the person").
void examine_unconfirmed_configuration(const config::Configuration& config,
                                       std::vector<Finding>& findings) {
  const auto report = [&](bool confirmed, const std::string& check, const std::string& what,
                          const std::string& doc) {
    if (confirmed)
      findings.push_back({Verdict::Pass, check, "The " + what + " are confirmed."});
    else
      findings.push_back({Verdict::Warning, check,
                          "The " + what + " are unconfirmed: settle them with the privacy officer "
                          "and legal adviser and mark them confirmed=\"true\" (" + doc + ")."});
  };
  report(config.time_limits_confirmed, "time limits", "time limits per stage",
         "docs/roles.md, \"Time limits\"");
  report(config.informing_grounds_confirmed, "informing grounds",
         "grounds for postponing informing the person",
         "docs/contract.md, \"Informing the person\"");
}

// Nothing may be kept past its term, so a signal without one is kept for ever: the retention
// run gives each the term the policy in force names, and warns about those it has no rule for.
void examine_terms(const config::Configuration& config, std::vector<Finding>& findings) {
  try {
    auto options = runtime::store_options(config);
    options.schema_upgrade = odbc::SchemaUpgrade::Refuse;
    const auto store = odbc::open_store(options);
    auto tx = store->begin(ports::TransactionMode::ReadOnly);
    const std::int64_t without = tx->retention_register().count_signals_without_term();
    tx->commit();
    if (without == 0) {
      findings.push_back({Verdict::Pass, "retention terms", "Every signal has a retention term."});
      return;
    }
    findings.push_back({Verdict::Warning, "retention terms",
                        std::to_string(without) +
                            " signal(s) have no retention term. `zvh-pga retention run` gives "
                            "each the term of the policy in force; those it still warns about "
                            "need a rule for their state (docs/retention.md)."});
  } catch (const ports::StoreFailure& failure) {
    findings.push_back({Verdict::Problem, "retention terms",
                        std::string("The retention terms cannot be read: ") + failure.what()});
  }
}

}  // namespace

std::vector<Finding> examine(const std::filesystem::path& config_file,
                             std::chrono::system_clock::time_point now) {
  std::vector<Finding> findings;
  auto config = runtime::load_configuration(config_file);
  if (!config) {
    findings.push_back({Verdict::Problem, "configuration", config.error().message});
    return findings;
  }
  findings.push_back({Verdict::Pass, "configuration",
                      config_file.string() + " is valid against zvhpga-config-v1.xsd."});
  examine_partners(*config, findings);
  const bool data_directory_exists = examine_data_directory(*config, findings);
  examine_key(config->audit_key_file, "audit trail key", config->create_missing_keys, findings);
  examine_key(config->subject_key_file, "data subject key", config->create_missing_keys, findings);
  examine_key(config->signal_master_key_file, "signal master key",
              config->create_missing_signal_master_key, findings);
  examine_key(config->statement_key_file, "statement key", config->create_missing_statement_key,
              findings);
  examine_retention_policy(*config, findings);
  examine_unconfirmed_configuration(*config, findings);
  examine_store_files(config->connection_string, "store", findings);
  if (config->key_store_connection_string != config->connection_string)
    examine_store_files(config->key_store_connection_string, "key store", findings);
  if (data_directory_exists && examine_database(*config, findings)) {
    examine_catalogue(config_file, findings);
    examine_terms(*config, findings);
  }
  if (config->soap) {
    // Partners address this service by the OIN its users' assertions are made out to.
    std::optional<std::string> own_oin;
    if (config->user_assertions) own_oin = config->user_assertions->service_oin;
    examine_tls_files(config->soap->tls, soap::TlsRole::Server, "web service certificate", now,
                      own_oin, findings);
  } else {
    findings.push_back({Verdict::Pass, "web service certificate",
                        "No <soap> section: the web service is not configured."});
  }
  if (config->host_endpoint)
    examine_tls_files(config->host_endpoint->tls, soap::TlsRole::Client, "host endpoint certificate",
                      now, std::nullopt, findings);
  examine_statement_signing(config->statement_signing, now, findings);
  return findings;
}

bool has_problem(const std::vector<Finding>& findings) {
  return std::ranges::any_of(findings,
                             [](const Finding& finding) { return finding.verdict == Verdict::Problem; });
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::Pass: return "pass";
    case Verdict::Warning: return "warning";
    case Verdict::Problem: return "problem";
  }
  return "problem";
}

}  // namespace zvhpga::doctor
