#include "service/service.h"

#include <variant>

#include "service/handlers.h"

namespace zvhpga::service {

core::Result<contract::Response> Service::handle(ports::StoreTransaction& tx, const Caller& caller,
                                                 const contract::Request& request, const Now& now,
                                                 std::vector<core::Person>& subjects) {
  // Overload resolution on the request's type picks the handler; every family's handlers are
  // declared in handlers.h.
  return std::visit(
      [&](const auto& typed) { return run(context_, tx, caller, typed, now, subjects); }, request);
}

}  // namespace zvhpga::service
