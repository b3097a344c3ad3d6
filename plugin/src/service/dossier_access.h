#pragma once
// How a handler reads a dossier: with the criteria answers that belong to it, and, for a
// caller, only within the caller's region. Shared by the handler families (handlers.h).
#include <optional>
#include <string>

#include "core/domain.h"
#include "core/error.h"
#include "core/result.h"
#include "ports/store.h"
#include "service/handler_context.h"

namespace zvhpga::service {

// The refusal for a signal the caller cannot see, whether or not it exists.
core::Error unknown_signal(const std::string& signal_id);

// The dossier with the criteria answers of its contributions and decisions, which the
// criteria register keeps apart from the records they belong to.
std::optional<core::Dossier> load_with_criteria(ports::StoreTransaction& tx,
                                                const std::string& signal_id);

// A signal of another region is reported exactly like one that does not exist: a caller
// learns nothing about signals outside its need-to-know.
core::Result<core::Dossier> load_visible(ports::StoreTransaction& tx, const Caller& caller,
                                         const std::string& signal_id);

}  // namespace zvhpga::service
