#pragma once
// What an administrator reads after an administrative operation, made from its typed report.
// English, like the logs: these texts go to the administrator's terminal and journal.
#include <string>
#include <vector>

#include "core/criteria.h"
#include "crypto/master_key_rotation.h"
#include "runtime/administration.h"
#include "service/retention_sweep.h"

namespace zvhpga::runtime {

std::string describe(const MigrationReport& report);
// A catalogue that can be adopted: its version, date and size.
std::string describe(const core::Catalogue& catalogue);
std::string describe(const crypto::MasterKeyRotation& rotation);
// One retention run, with a warning naming the rules in use that are not confirmed.
std::string describe(const service::SweepReport& report,
                     const std::vector<std::string>& unconfirmed_rules);

}  // namespace zvhpga::runtime
