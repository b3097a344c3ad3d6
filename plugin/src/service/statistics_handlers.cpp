// Statistics: the anonymous figures of the caller's region over a period. Which counts may
// be published is core/statistics' to say.
#include "service/handlers.h"

#include <string>
#include <utility>
#include <vector>

#include "core/statistics.h"

namespace zvhpga::service {

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::GetStatistics& request, const Now&, std::vector<core::Person>&) {
  const std::string& region = caller.partner->region;
  if (request.region && *request.region != region)
    return core::Error{core::ErrorCode::NotAuthorized,
                       "Your organisation sees the figures of region " + region + " only.",
                       {{"region", "Leave it out or name your own region."}}};
  if (request.to < request.from)
    return core::Error{core::ErrorCode::InvalidValue, "The period ends before it begins.",
                       {{"to", "Give a date on or after 'from'."}}};
  std::vector<std::string> gemeenten;
  for (const config::Partner& partner : context.config.partners)
    if (partner.kind == core::PartnerKind::Gemeente && partner.region == region)
      gemeenten.push_back(partner.id);
  core::Statistics statistics =
      core::publish_statistics(tx.statistics_counts(region, request.from, request.to),
                               context.config.statistics_minimum_count, gemeenten);
  statistics.region = region;
  statistics.from = request.from;
  statistics.to = request.to;
  return contract::Response{contract::StatisticsFigures{std::move(statistics)}};
}

}  // namespace zvhpga::service
