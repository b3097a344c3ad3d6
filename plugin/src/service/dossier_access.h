#pragma once
// How a handler reads a dossier, and writes what the core changed in it: with the criteria answers that belong to it, and, for a
// caller, only within the caller's need-to-know (core::within_need_to_know: the caller's
// region, and of its gemeenten only the responsible one). Shared by the handler families
// (handlers.h).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain.h"
#include "core/error.h"
#include "core/result.h"
#include "ports/store.h"
#include "service/handler_context.h"

namespace zvhpga::service {

// The refusal for a signal the caller cannot see, whether or not it exists.
core::Error unknown_signal(const std::string& signal_id);

// The region's only gemeente in the partner table, if it has exactly one.
const config::Partner* sole_gemeente(const config::Configuration& config, std::string_view region);

// The responsible gemeente as stored; where a store from before it was kept could not name one
// (a signal the politie or the OM registered and no gemeente contributed to, migration 0012),
// the region's only gemeente, and otherwise none: then no gemeente sees the signal until it is
// transferred (docs/contract.md, "The responsible gemeente").
std::string responsible_gemeente(const config::Configuration& config, std::string_view region,
                                 std::string_view stored);

// Whether the caller may know of a signal of this region and responsible gemeente as stored.
bool within_need_to_know(const HandlerContext& context, const Caller& caller,
                         std::string_view region, std::string_view stored_responsible);

// The dossier with the criteria answers of its contributions and decisions, which the
// criteria register keeps apart from the records they belong to, and its responsible gemeente
// resolved as above.
std::optional<core::Dossier> load_with_criteria(const HandlerContext& context,
                                                ports::StoreTransaction& tx,
                                                const std::string& signal_id);

// A signal outside the caller's need-to-know is reported exactly like one that does not exist:
// a caller learns nothing about signals of another region or of another gemeente.
core::Result<core::Dossier> load_visible(const HandlerContext& context, ports::StoreTransaction& tx,
                                         const Caller& caller, const std::string& signal_id);

// Writes what a core command changed: the new state and every transition it appended.
void save_progress(ports::StoreTransaction& tx, const core::Dossier& dossier,
                   std::size_t transitions_before);

// A state change that starts a term writes its clock in its own transaction, from the rule in
// force at that moment: both or neither. Every state change, and every review of an inclusion,
// calls this, so that a signal has a term from its registration on (core::clock_for says which).
void start_retention_clock(ports::StoreTransaction& tx, const retention::PolicySet& policies,
                           const core::Dossier& dossier);

}  // namespace zvhpga::service
