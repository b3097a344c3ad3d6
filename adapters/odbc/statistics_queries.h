#pragma once
// The counts behind the management information, computed by the database over one connection,
// inside the transaction that connection is in.
#include <string_view>

#include "core/statistics.h"
#include "odbc/handles.h"

namespace zvhpga::odbc {

core::StatisticsCounts count_statistics(Connection& connection, std::string_view region,
                                        const core::Date& from, const core::Date& to);

}  // namespace zvhpga::odbc
