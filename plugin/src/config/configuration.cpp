#include "config/configuration.h"

#include <arpa/inet.h>

#include <algorithm>

#include "core/access_policy.h"
#include "files/bounded_file.h"
#include "xml/document.h"
#include "xml/reader.h"

namespace zvhpga::config {
namespace {

// A configuration file is small; anything bigger is not one.
constexpr std::size_t kMaxConfigBytes = std::size_t{4} * 1024 * 1024;
constexpr std::string_view kDataDirectoryVariable = "${dataDirectory}";

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::filesystem::path resolve(const std::filesystem::path& base_directory, std::string value) {
  std::filesystem::path path(std::move(value));
  return (path.is_relative() ? base_directory / path : path).lexically_normal();
}

std::size_t optional_size(const xmlNode& parent, std::string_view name, std::size_t fallback) {
  return xml::find_child(parent, name) != nullptr ? std::stoul(xml::child_token(parent, name))
                                                  : fallback;
}

std::chrono::milliseconds optional_duration(const xmlNode& parent, std::string_view name,
                                            std::chrono::milliseconds fallback) {
  return std::chrono::milliseconds(optional_size(parent, name, static_cast<std::size_t>(fallback.count())));
}

TlsFiles read_tls_files(const xmlNode& tls, const std::filesystem::path& base_directory) {
  TlsFiles files;
  files.certificate = resolve(base_directory, xml::child_text(tls, "certificate"));
  files.private_key = resolve(base_directory, xml::child_text(tls, "privateKey"));
  files.trust_store = resolve(base_directory, xml::child_text(tls, "trustStore"));
  if (auto crl = xml::optional_child_text(tls, "crl")) files.crl = resolve(base_directory, *crl);
  return files;
}

// 127.0.0.0/8 or ::1, written as an IP address (no host name: that would be looked up).
bool is_loopback_address(const std::string& address) {
  in_addr v4{};
  if (::inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return ::inet_pton(AF_INET6, address.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

core::Result<MonitoringSettings> read_monitoring_settings(const xmlNode& monitoring) {
  MonitoringSettings settings;
  settings.listen_address = xml::child_token(monitoring, "address");
  settings.port = static_cast<std::uint16_t>(std::stoul(xml::child_token(monitoring, "port")));
  settings.timeout = optional_duration(monitoring, "timeoutMs", settings.timeout);
  settings.max_connections = optional_size(monitoring, "maxConnections", settings.max_connections);
  if (!is_loopback_address(settings.listen_address))
    return core::configuration_error(
        "The monitoring address '" + settings.listen_address +
        "' is not a loopback address: health and metrics answer without a client certificate, "
        "so <soap><monitoring><address> must be 127.0.0.1 (or another 127.x.y.z) or ::1.");
  return settings;
}

SoapSettings read_soap_settings(const xmlNode& soap, const std::filesystem::path& base_directory) {
  SoapSettings settings;
  const xmlNode& listen = xml::child(soap, "listen");
  settings.listen_address = xml::child_token(listen, "address");
  settings.port = static_cast<std::uint16_t>(std::stoul(xml::child_token(listen, "port")));
  if (const xmlNode* address = xml::find_child(soap, "publicAddress"))
    settings.public_address = xml::text(*address);
  settings.tls = read_tls_files(xml::child(soap, "tls"), base_directory);
  if (const xmlNode* limits = xml::find_child(soap, "limits")) {
    settings.max_header_bytes = optional_size(*limits, "maxHeaderBytes", settings.max_header_bytes);
    settings.max_body_bytes = optional_size(*limits, "maxBodyBytes", settings.max_body_bytes);
    settings.read_timeout = optional_duration(*limits, "readTimeoutMs", settings.read_timeout);
    settings.write_timeout = optional_duration(*limits, "writeTimeoutMs", settings.write_timeout);
    settings.idle_timeout = optional_duration(*limits, "idleTimeoutMs", settings.idle_timeout);
    settings.max_connections = optional_size(*limits, "maxConnections", settings.max_connections);
    settings.handshake_timeout =
        optional_duration(*limits, "handshakeTimeoutMs", settings.handshake_timeout);
    settings.max_handshakes = optional_size(*limits, "maxHandshakes", settings.max_handshakes);
    settings.max_handshakes_per_address =
        optional_size(*limits, "maxHandshakesPerAddress", settings.max_handshakes_per_address);
    settings.io_threads = optional_size(*limits, "ioThreads", settings.io_threads);
    settings.worker_threads = optional_size(*limits, "workerThreads", settings.worker_threads);
  }
  // The schema admits these three tokens only.
  if (const auto level = xml::optional_child_text(soap, "logLevel"))
    settings.log_level = *level == "off" ? LogLevel::Off
                         : *level == "warning" ? LogLevel::Warning
                                               : LogLevel::Info;
  return settings;
}

HostEndpoint read_host_endpoint(const xmlNode& host, const std::filesystem::path& base_directory) {
  HostEndpoint endpoint;
  endpoint.url = xml::child_token(host, "url");
  endpoint.tls = read_tls_files(xml::child(host, "tls"), base_directory);
  if (const xmlNode* limits = xml::find_child(host, "limits")) {
    endpoint.connect_timeout = optional_duration(*limits, "connectTimeoutMs", endpoint.connect_timeout);
    endpoint.read_timeout = optional_duration(*limits, "readTimeoutMs", endpoint.read_timeout);
    endpoint.write_timeout = optional_duration(*limits, "writeTimeoutMs", endpoint.write_timeout);
    endpoint.max_response_bytes =
        optional_size(*limits, "maxResponseBytes", endpoint.max_response_bytes);
  }
  if (const xmlNode* retry = xml::find_child(host, "retry")) {
    endpoint.call_attempts = static_cast<int>(
        optional_size(*retry, "callAttempts", static_cast<std::size_t>(endpoint.call_attempts)));
    endpoint.call_backoff = optional_duration(*retry, "callBackoffMs", endpoint.call_backoff);
    endpoint.retry_backoff = optional_duration(*retry, "retryBackoffMs", endpoint.retry_backoff);
    endpoint.max_retry_backoff =
        optional_duration(*retry, "maxRetryBackoffMs", endpoint.max_retry_backoff);
    endpoint.poll_interval = optional_duration(*retry, "pollIntervalMs", endpoint.poll_interval);
  }
  return endpoint;
}

}  // namespace

bool Partner::grants(core::Role role, core::Door door) const {
  const bool widened = std::ranges::any_of(extra_roles, [&](const ExtraRole& extra) {
    return extra.role == role && (!extra.door || *extra.door == door);
  });
  const bool narrowed_away =
      !granted_roles.empty() && std::ranges::find(granted_roles, role) == granted_roles.end();
  return widened || (core::asserts_by_default(kind, door, role) && !narrowed_away);
}

const Partner* Configuration::find_partner(std::string_view id_or_oin) const {
  for (const Partner& partner : partners) {
    if (partner.id == id_or_oin || partner.oin == id_or_oin) return &partner;
  }
  return nullptr;
}

bool Configuration::has_host_statement(std::string_view name) const {
  return std::ranges::any_of(host_statements,
                             [&](const HostStatement& statement) { return statement.name == name; });
}

std::vector<InformingGround> default_informing_grounds() {
  return {
      {"avg-14-5-b", "AVG art. 14 lid 5 onder b: informeren zou de verwezenlijking van de "
                     "doeleinden van de verwerking onmogelijk maken of ernstig in gevaar brengen."},
      {"uavg-41", "UAVG art. 41 (AVG art. 23): uitstel ter voorkoming of opsporing van strafbare "
                  "feiten, of ter bescherming van de betrokkene of van de rechten van anderen."},
      {"wet-pga", "Een beperking op grond van de Wet PGA zelf (bepaling niet geverifieerd)."},
  };
}

core::Result<Configuration> load_configuration(const std::filesystem::path& file,
                                               const xml::Schema& config_schema) {
  auto bytes = files::read_bounded_file(file, {"configuration file", kMaxConfigBytes});
  if (!bytes) return bytes.error();

  auto doc = xml::parse_untrusted(*bytes, kMaxConfigBytes);
  if (!doc) {
    core::Error error = doc.error();
    error.message = "The configuration file " + file.string() + " cannot be read: " + error.message;
    return error;
  }
  if (auto valid = config_schema.validate(*doc.value()); !valid) {
    return core::configuration_error("The configuration file " + file.string() +
                            " does not follow schemas/zvhpga-config-v1.xsd.",
                        valid.error().problems);
  }

  const xmlNode& root = *xmlDocGetRootElement(doc.value().get());
  Configuration config;
  std::filesystem::path data_directory = xml::child_text(root, "dataDirectory");
  if (data_directory.is_relative())
    data_directory = std::filesystem::absolute(file).parent_path() / data_directory;
  config.data_directory = data_directory.lexically_normal();

  const xmlNode& odbc = xml::child(xml::child(root, "store"), "odbc");
  config.connection_string = replace_all(xml::child_text(odbc, "connectionString"),
                                         kDataDirectoryVariable, config.data_directory.string());
  config.max_connections = optional_size(odbc, "maxConnections", config.max_connections);
  config.production =
      xml::find_child(odbc, "production") != nullptr && xml::child_bool(odbc, "production");
  config.key_store_connection_string =
      "Driver=zvh-pga SQLite;Database=" + (config.data_directory / "signal-keys.sqlite").string() +
      ";Timeout=5000;SyncPragma=FULL";
  if (const xmlNode* key_store = xml::find_child(xml::child(root, "store"), "keyStore"))
    config.key_store_connection_string = replace_all(
        xml::child_text(*key_store, "connectionString"), kDataDirectoryVariable,
        config.data_directory.string());
  if (const xmlNode* statements = xml::find_child(xml::child(root, "store"), "hostStatements")) {
    for (const xmlNode* statement : xml::children(*statements, "statement"))
      config.host_statements.push_back(
          {xml::child_token(*statement, "name"), xml::child_text(*statement, "sql")});
  }
  if (const xmlNode* limits = xml::find_child(root, "limits")) {
    config.max_request_bytes = optional_size(*limits, "maxRequestBytes", config.max_request_bytes);
    config.retry_window = std::chrono::minutes(optional_size(
        *limits, "retryWindowMinutes", static_cast<std::size_t>(config.retry_window.count())));
  }

  const std::filesystem::path base_directory = std::filesystem::absolute(file).parent_path();
  for (const xmlNode* node : xml::children(xml::child(root, "partners"), "partner")) {
    Partner partner;
    partner.id = xml::child_token(*node, "id");
    partner.oin = xml::child_token(*node, "oin");
    partner.kind = *core::from_token<core::PartnerKind>(xml::child_token(*node, "kind"));
    partner.name = xml::child_text(*node, "name");
    partner.region = xml::child_text(*node, "region");
    for (const xmlNode* node_role : xml::children(*node, "role")) {
      const core::Role role = *core::from_token<core::Role>(xml::text(*node_role));
      // The host platform's own login is the widest default door: a role not even granted
      // there is no narrowing but a widening, which must say so.
      if (!core::asserts_by_default(partner.kind, core::Door::Abi, role))
        return core::configuration_error(
            "The configuration file " + file.string() + " lists the role " + xml::text(*node_role) +
            " for the partner " + partner.id + ", which a partner of kind " +
            std::string(core::to_token(partner.kind)) +
            " does not act in by default; grant it explicitly with <extraRole> "
            "(docs/configuration.md).");
      partner.granted_roles.push_back(role);
    }
    for (const xmlNode* extra : xml::children(*node, "extraRole")) {
      const std::string door = xml::attribute(*extra, "door");
      partner.extra_roles.push_back(
          {*core::from_token<core::Role>(xml::text(*extra)),
           door.empty() ? std::nullopt : core::from_token<core::Door>(door)});
    }
    if (auto key_file = xml::optional_child_text(*node, "assertionKey")) {
      auto key = crypto::Es256PublicKey::load(resolve(base_directory, *key_file));
      if (!key)
        return core::configuration_error("The configuration file " + file.string() +
                                         " names an assertion key for partner " + partner.id +
                                         " that cannot be used: " + key.error().message);
      partner.assertion_key = std::move(key.value());
    }
    config.partners.push_back(std::move(partner));
  }
  if (const xmlNode* assertions = xml::find_child(root, "userAssertions")) {
    UserAssertionSettings settings;
    settings.service_oin = xml::child_token(*assertions, "serviceOin");
    settings.clock_skew = std::chrono::seconds(
        optional_size(*assertions, "clockSkewSeconds",
                      static_cast<std::size_t>(settings.clock_skew.count())));
    settings.max_lifetime = std::chrono::seconds(
        optional_size(*assertions, "maxLifetimeSeconds",
                      static_cast<std::size_t>(settings.max_lifetime.count())));
    config.user_assertions = std::move(settings);
  }
  const bool keys_named = std::ranges::any_of(
      config.partners, [](const Partner& partner) { return partner.assertion_key.has_value(); });
  if (keys_named && !config.user_assertions)
    return core::configuration_error(
        "The configuration file " + file.string() +
        " names an assertion key for a partner but no userAssertions/serviceOin, the audience "
        "every assertion must name.");
  config.audit_key_file = config.data_directory / "audit.key";
  config.subject_key_file = config.data_directory / "subject.key";
  config.signal_master_key_file = config.data_directory / "signal-master.key";
  config.statement_key_file = config.data_directory / "statement.key";
  if (const xmlNode* keys = xml::find_child(root, "keys")) {
    config.create_missing_keys = false;
    if (auto audit = xml::optional_child_text(*keys, "auditKeyFile"))
      config.audit_key_file = resolve(base_directory, *audit);
    if (auto subject = xml::optional_child_text(*keys, "subjectKeyFile"))
      config.subject_key_file = resolve(base_directory, *subject);
    if (auto signal_master = xml::optional_child_text(*keys, "signalMasterKeyFile")) {
      config.signal_master_key_file = resolve(base_directory, *signal_master);
      config.create_missing_signal_master_key = false;
    }
    if (auto statement = xml::optional_child_text(*keys, "statementKeyFile")) {
      config.statement_key_file = resolve(base_directory, *statement);
      config.create_missing_statement_key = false;
    }
  }
  if (const xmlNode* check = xml::find_child(root, "personKnownCheck")) {
    config.person_known_contact_point = xml::child_text(*check, "contactPoint");
    for (const xmlNode* asker : xml::children(*check, "allowedOrganisation")) {
      const Partner* partner = config.find_partner(xml::text(*asker));
      if (partner == nullptr)
        return core::configuration_error("The configuration file " + file.string() +
                            " allows an organisation to ask IsPersonKnown that is not in the "
                            "partner table: " + xml::text(*asker) + ".");
      config.person_known_askers.push_back(partner->id);
    }
  }
  if (const xmlNode* criteria = xml::find_child(root, "criteria"))
    config.criteria_catalogue = resolve(base_directory, xml::child_text(*criteria, "catalogue"));
  if (const xmlNode* statistics = xml::find_child(root, "statistics"))
    config.statistics_minimum_count = std::stoi(xml::child_token(*statistics, "minimumCount"));
  if (const xmlNode* retention = xml::find_child(root, "retention")) {
    if (const xmlNode* policy = xml::find_child(*retention, "policy"))
      config.retention_policy = resolve(base_directory, xml::text(*policy));
    config.retention_auto_approve = xml::find_child(*retention, "autoApprove") != nullptr &&
                                    xml::child_bool(*retention, "autoApprove");
    if (xml::find_child(*retention, "runIntervalMinutes") != nullptr)
      config.retention_run_interval =
          std::chrono::minutes(std::stoi(xml::child_token(*retention, "runIntervalMinutes")));
  }
  if (const xmlNode* signing = xml::find_child(root, "statementSigning"))
    config.statement_signing = StatementSigningFiles{
        resolve(base_directory, xml::child_text(*signing, "certificate")),
        resolve(base_directory, xml::child_text(*signing, "privateKey"))};
  if (const xmlNode* limits = xml::find_child(root, "timeLimits")) {
    config.time_limits_confirmed = xml::attribute(*limits, "confirmed") == "true" ||
                                   xml::attribute(*limits, "confirmed") == "1";
    const auto read_limit = [&](std::string_view name, int& limit) {
      if (xml::find_child(*limits, name) != nullptr)
        limit = std::stoi(xml::child_token(*limits, name));
    };
    read_limit("firstContributionDays", config.time_limits.first_contribution_days);
    read_limit("allContributionsDays", config.time_limits.all_contributions_days);
    read_limit("decisionDays", config.time_limits.decision_days);
    read_limit("inclusionReviewMonths", config.time_limits.inclusion_review_months);
  }
  if (const xmlNode* grounds = xml::find_child(root, "informingGrounds")) {
    config.informing_grounds_confirmed = xml::attribute(*grounds, "confirmed") == "true" ||
                                         xml::attribute(*grounds, "confirmed") == "1";
    config.informing_grounds.clear();
    for (const xmlNode* ground : xml::children(*grounds, "ground"))
      config.informing_grounds.push_back({xml::attribute(*ground, "code"), xml::text(*ground)});
  }
  if (const xmlNode* soap = xml::find_child(root, "soap")) {
    config.soap = read_soap_settings(*soap, base_directory);
    if (const xmlNode* monitoring = xml::find_child(*soap, "monitoring")) {
      auto settings = read_monitoring_settings(*monitoring);
      if (!settings) return settings.error();
      config.soap->monitoring = std::move(settings.value());
    }
  }
  if (const xmlNode* host = xml::find_child(root, "hostEndpoint")) {
    config.host_endpoint = read_host_endpoint(*host, base_directory);
    if (config.host_endpoint->url.rfind("https://", 0) != 0)
      return core::configuration_error("The configuration file " + file.string() +
                          " names a host endpoint that is not an https:// URL.");
  }
  return config;
}

}  // namespace zvhpga::config
