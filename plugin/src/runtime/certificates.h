#pragma once
// The doctor's view of one side's TLS files: usable under the Digikoppeling policy, the OIN in
// the certificate, a chain to a trusted CA, and time left before expiry.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/configuration.h"
#include "runtime/doctor.h"
#include "soap/tls.h"

namespace zvhpga::doctor {

// The ZVH's statement signing certificate (config statementSigning): usable with its key for
// document signatures, and time left before expiry; absent, a warning that the statements of
// destruction can be verified by the plugin's key holder alone.
void examine_statement_signing(const std::optional<config::StatementSigningFiles>& files,
                               std::chrono::system_clock::time_point now,
                               std::vector<Finding>& findings);

// `own_oin`: the OIN the certificate must carry, when the configuration names one.
void examine_tls_files(const config::TlsFiles& files, soap::TlsRole role, const std::string& check,
                       std::chrono::system_clock::time_point now,
                       const std::optional<std::string>& own_oin, std::vector<Finding>& findings);

}  // namespace zvhpga::doctor
