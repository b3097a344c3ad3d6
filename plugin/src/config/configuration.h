#pragma once
// One plugin instance's configuration, read from an XML file that must validate against
// schemas/zvhpga-config-v1.xsd (docs/configuration.md).
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"
#include "core/statistics.h"
#include "core/time_limits.h"
#include "core/result.h"
#include "crypto/jws.h"
#include "xml/schema.h"

namespace zvhpga::config {

// A role beyond the partner kind's defaults, granted to one partner explicitly
// (<extraRole>, docs/configuration.md): at one door, or at both when none is named.
struct ExtraRole {
  core::Role role{};
  std::optional<core::Door> door;
};

struct Partner {
  std::string id;
  std::string oin;
  core::PartnerKind kind{};
  std::string name;
  std::string region;
  // Narrows the kind's default roles (core::asserts_by_default) to these; empty: no narrowing.
  // Never widens: a role outside the defaults is refused when the configuration is read.
  std::vector<core::Role> granted_roles;
  // Widens them, explicitly, role by role.
  std::vector<ExtraRole> extra_roles;
  // Present: the partner's identity provider signs its users' assertions with this key, and a
  // request of this partner is accepted only with a valid one (docs/configuration.md).
  std::optional<crypto::Es256PublicKey> assertion_key;

  // Deny by default: whether this partner's people may act in `role` at `door`.
  bool grants(core::Role role, core::Door door) const;
};

// How user assertions are checked (docs/configuration.md, "User assertions").
struct UserAssertionSettings {
  std::string service_oin;  // the only audience accepted
  std::chrono::seconds clock_skew{60};
  std::chrono::seconds max_lifetime{300};
};

// PEM files of one side of a mutual TLS connection; paths are absolute.
struct TlsFiles {
  std::filesystem::path certificate;
  std::filesystem::path private_key;
  std::filesystem::path trust_store;
  std::optional<std::filesystem::path> crl;
};

// The Digikoppeling WUS web service (docs/soap.md). The defaults bound every connection so that
// a slow or abusive client cannot hold more than its share.
// The service's request log (docs/administrator-guide.md, "Logs"): off, nothing; warning: start,
// stop and refusals; info: every request too.
enum class LogLevel { Off, Warning, Info };

// Health and metrics (docs/administrator-guide.md, "Health and metrics"): plain HTTP without
// client certificates, so only ever on a loopback address, which the reader insists on.
struct MonitoringSettings {
  std::string listen_address;
  std::uint16_t port = 0;
  std::chrono::milliseconds timeout{5'000};  // for a whole request, read and answer
  std::size_t max_connections = 16;
};

struct SoapSettings {
  std::string listen_address;
  std::uint16_t port = 0;
  // The address partners call, served as the WSDL's soap:address; empty: https:// with the
  // listen address and the bound port, path /zvh-pga.
  std::string public_address;
  TlsFiles tls;
  std::size_t max_header_bytes = 8192;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds idle_timeout{30'000};
  std::size_t max_connections = 256;
  // A connection that has not finished its TLS handshake has not said who it is: such
  // connections get a shorter deadline and a share of their own, in all and per peer address,
  // so that a flood of them never keeps a partner out (docs/soap.md, "Limits").
  std::chrono::milliseconds handshake_timeout{5'000};
  std::size_t max_handshakes = 64;
  std::size_t max_handshakes_per_address = 16;
  // TLS and HTTP framing cost a small part of what the pipeline does per request; a second
  // thread keeps connections moving while the first does a TLS handshake.
  std::size_t io_threads = 2;
  std::size_t worker_threads = 4;
  LogLevel log_level = LogLevel::Info;
  std::optional<MonitoringSettings> monitoring;
};

// The host platform's own web service that the plugin calls (docs/soap.md, "Calling the host"):
// after a weegploeg decision its outcome is pushed there, over mutual TLS, and retried until
// the host acknowledges it.
struct HostEndpoint {
  std::string url;  // https://host[:port]/path; the host name is checked against its certificate
  TlsFiles tls;     // our client certificate and the trust store for the host's certificate
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  std::size_t max_response_bytes = std::size_t{64} * 1024;
  // Calls within one delivery attempt, all with the same MessageID, waiting call_backoff,
  // then twice that, ... in between.
  int call_attempts = 3;
  std::chrono::milliseconds call_backoff{500};
  // After a failed delivery attempt the push is due again after retry_backoff, doubled with
  // every further failure up to max_retry_backoff; it is retried until acknowledged.
  std::chrono::milliseconds retry_backoff{30'000};
  std::chrono::milliseconds max_retry_backoff{3'600'000};
  // How often the delivery worker looks for due pushes.
  std::chrono::milliseconds poll_interval{5'000};
};

// PEM files of the statement signer: the certificate (intermediates after it) and its key;
// paths are absolute.
struct StatementSigningFiles {
  std::filesystem::path certificate;
  std::filesystem::path private_key;
};

// A named, parameterised SQL statement on the host platform's own tables.
struct HostStatement {
  std::string name;
  std::string sql;  // with '?' parameter markers
};

// The host statement the plugin runs, when configured, in the transaction that records a
// weegploeg decision. Parameters: signal id, outcome token, decision date, decision id.
inline constexpr std::string_view kRecordOutcomeStatement = "record-outcome";
// Run with the signal id when a retention run destroys a signal (docs/retention.md), in the
// same transaction: the host's copy goes with the plugin's.
inline constexpr std::string_view kDestroySignalStatement = "destroy-signal";

// A legal ground informing the person may be postponed on: its code and what it means.
struct InformingGround {
  std::string code;
  std::string meaning;
};

// The grounds used when the configuration names none (docs/contract.md, "Informing the
// person"): the general provisions of the AVG and UAVG, none checked against the Wet PGA.
std::vector<InformingGround> default_informing_grounds();

struct Configuration {
  std::filesystem::path data_directory;  // absolute
  std::string connection_string;         // ${dataDirectory} already replaced
  std::size_t max_connections = 4;
  bool production = false;  // refuse database connections that do not verify TLS
  std::vector<HostStatement> host_statements;
  std::size_t max_request_bytes = std::size_t{1024} * 1024;
  // How long a retried request with the same id gets the first answer (docs/contract.md,
  // "Retried requests").
  std::chrono::minutes retry_window{24 * 60};
  std::vector<Partner> partners;
  // Set when the file has userAssertions, which it must when a partner names an assertion key.
  std::optional<UserAssertionSettings> user_assertions;
  std::optional<SoapSettings> soap;
  std::optional<HostEndpoint> host_endpoint;
  // The key files (absolute); made on first start only when they are the defaults.
  std::filesystem::path audit_key_file;
  std::filesystem::path subject_key_file;
  std::filesystem::path statement_key_file;
  std::filesystem::path signal_master_key_file;
  // Made when missing unless named: a new master key cannot open a key store that holds keys
  // (crypto::SignalKeys refuses it), so making one never hides a lost key.
  bool create_missing_signal_master_key = true;
  // The wrapped signal data keys' own database (docs/crypto-shredding.md).
  std::string key_store_connection_string;
  bool create_missing_keys = true;
  // The statement key is made on first start unless its file is named explicitly.
  bool create_missing_statement_key = true;
  // IsPersonKnown: the contact point given, and the partners (by id) that may ask.
  std::optional<std::string> person_known_contact_point;
  std::vector<std::string> person_known_askers;
  // The criteria catalogue file to put in force (absolute); empty: the shipped one.
  std::optional<std::filesystem::path> criteria_catalogue;
  // GetStatistics publishes no count below this (docs/criteria.md, "Statistics").
  int statistics_minimum_count = core::kDefaultMinimumCount;
  // The retention policy file to put in force (absolute); empty: the shipped one.
  std::optional<std::filesystem::path> retention_policy;
  // A retention run approves its own proposals (docs/retention.md); off by default.
  bool retention_auto_approve = false;
  // How often a serving process runs retention.
  std::chrono::minutes retention_run_interval{60};
  // The ZVH's certificate and key that sign each statement of destruction with a detached CMS
  // signature anyone can verify (docs/retention.md); absent: only the HMAC seal.
  std::optional<StatementSigningFiles> statement_signing;
  // How long a signal may wait per stage before it is overdue (docs/roles.md, "Time limits"),
  // and whether the region confirmed them; the defaults are unconfirmed.
  core::TimeLimits time_limits;
  bool time_limits_confirmed = false;
  // The grounds RecordInforming accepts for a postponement, and whether they are confirmed.
  std::vector<InformingGround> informing_grounds = default_informing_grounds();
  bool informing_grounds_confirmed = false;

  // A caller names its organisation by the partner's id or its OIN.
  const Partner* find_partner(std::string_view id_or_oin) const;
  bool has_host_statement(std::string_view name) const;
};

// Reads, validates and resolves the file. Errors say what is wrong and where, in words an
// administrator can act on.
core::Result<Configuration> load_configuration(const std::filesystem::path& file,
                                               const xml::Schema& config_schema);

}  // namespace zvhpga::config
