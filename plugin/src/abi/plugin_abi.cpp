// The extern "C" entry points of libzvhpga: a thin shim over runtime/ (LevelDB's db/c.cc is
// the model). Each one checks the host's arguments, calls the runtime, copies the result out,
// catches everything and turns every outcome into a zvhpga_status; no C++ type or exception
// crosses.
#include <zvhpga/zvhpga.h>

#include <libxml/parser.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <cstring>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <string>
#include <string_view>

#include "contract/codec.h"
#include "core/version.h"
#include "runtime/administration.h"
#include "runtime/doctor.h"
#include "runtime/reports.h"
#include "runtime/runtime.h"

namespace {

// The instances a host holds, found by handle. A handle is a number this process never hands
// out twice, not the address of anything: a closed or never-opened handle finds nothing and is
// answered with a status where a dereferenced pointer would be a use-after-free, and a closed
// handle can never come to name a later instance, as a reused address could.
class InstanceRegistry {
 public:
  using Runtime = zvhpga::runtime::Runtime;

  // The handle of a new instance; never NULL, never one given out before.
  zvhpga_instance* add(std::unique_ptr<Runtime> runtime) {
    const std::unique_lock lock(mutex_);
    const std::uintptr_t handle = ++last_handle_;
    instances_.emplace(handle, std::shared_ptr<Runtime>(std::move(runtime)));
    // Opaque to the host and never dereferenced here; it is a pointer type only because ABI 1
    // declared the handle as one.
    return reinterpret_cast<zvhpga_instance*>(handle);  // NOLINT(performance-no-int-to-ptr)
  }

  // The instance a handle names, or null when it names none (closed, never opened, NULL).
  // Holding the result keeps the instance alive through a call that a close overtakes.
  std::shared_ptr<Runtime> find(const zvhpga_instance* handle) const {
    const std::shared_lock lock(mutex_);
    const auto found = instances_.find(reinterpret_cast<std::uintptr_t>(handle));
    return found == instances_.end() ? nullptr : found->second;
  }

  // Forgets the instance a handle names (nothing when there is none, so that a second close
  // does nothing) and hands it back: it ends when the last call still holding it returns.
  std::shared_ptr<Runtime> remove(const zvhpga_instance* handle) {
    const std::unique_lock lock(mutex_);
    const auto found = instances_.find(reinterpret_cast<std::uintptr_t>(handle));
    if (found == instances_.end()) return nullptr;
    std::shared_ptr<Runtime> removed = std::move(found->second);
    instances_.erase(found);
    return removed;
  }

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::uintptr_t, std::shared_ptr<Runtime>> instances_;
  std::uintptr_t last_handle_ = 0;
};

// The process's one registry, never destroyed: an instance a host left open is not torn down by
// a static destructor racing the host's own exit, as the plugin itself is never unloaded.
InstanceRegistry& instances() {
  static auto* registry = new InstanceRegistry;
  return *registry;
}

constexpr zvhpga_abi_info kAbiInfo = {
    sizeof(zvhpga_abi_info), ZVHPGA_ABI_VERSION, ZVHPGA_ABI_MAGIC, 0,
    zvhpga::core::kPluginVersion.data(),
    "urn:nl:zvh-pga:contract:1"};

// Whether a host struct is one this plugin can read: at least the ABI 1 fields, and a version
// no newer than ours.
template <typename Struct>
zvhpga_status check_header(const Struct* value, std::size_t minimum_size) {
  if (value == nullptr || value->struct_size < minimum_size) return ZVHPGA_INVALID_ARGUMENT;
  if (value->abi_version > ZVHPGA_ABI_VERSION) return ZVHPGA_ABI_MISMATCH;
  return ZVHPGA_OK;
}

constexpr std::size_t kCallerSizeV1 = offsetof(zvhpga_caller, message_id_size) + sizeof(size_t);
constexpr std::size_t kOutputSizeV1 = offsetof(zvhpga_output, size) + sizeof(size_t);

bool valid_span(const char* data, std::size_t size) { return data != nullptr || size == 0; }

// A path is handed to the system as a C string, which a NUL would cut short: the plugin would
// open a file the host never named.
bool valid_path(const char* data, std::size_t size) {
  return valid_span(data, size) && (size == 0 || std::memchr(data, '\0', size) == nullptr);
}

std::string_view view(const char* data, std::size_t size) {
  return size == 0 ? std::string_view() : std::string_view(data, size);
}

// Copies text into malloc'd, NUL-terminated storage that zvhpga_free() releases.
bool put(zvhpga_output* output, std::string_view text) {
  auto* data = static_cast<char*>(std::malloc(text.size() + 1));
  if (data == nullptr) return false;
  std::memcpy(data, text.data(), text.size());
  data[text.size()] = '\0';
  output->data = data;
  output->size = text.size();
  return true;
}

// Checks the headers of the outputs the host asked for (NULL ones it did not) and empties them.
zvhpga_status prepare_outputs(std::initializer_list<zvhpga_output*> outputs) {
  for (zvhpga_output* output : outputs) {
    if (output == nullptr) continue;
    if (zvhpga_status header = check_header(output, kOutputSizeV1); header != ZVHPGA_OK)
      return header;
    output->data = nullptr;
    output->size = 0;
  }
  return ZVHPGA_OK;
}

// Puts text into an output the host asked for; a NULL output means it did not.
void put_if_asked(zvhpga_output* output, std::string_view text) {
  if (output != nullptr) put(output, text);
}

// The frame of every administrative entry point: refuses what the host got wrong before
// anything is done, empties the outputs, readies libxml2 (idempotent; the host may share it,
// so the plugin never calls xmlCleanupParser()) and keeps every exception on this side of the
// ABI. The work itself returns the status.
template <typename Work>
zvhpga_status administrative_call(bool arguments_valid,
                                  std::initializer_list<zvhpga_output*> outputs,
                                  const Work& work) noexcept {
  try {
    if (!arguments_valid) return ZVHPGA_INVALID_ARGUMENT;
    if (zvhpga_status prepared = prepare_outputs(outputs); prepared != ZVHPGA_OK) return prepared;
    xmlInitParser();
    return work();
  } catch (...) {
    return ZVHPGA_INTERNAL;
  }
}

zvhpga_status status_of(zvhpga::core::ErrorClass failure) {
  switch (failure) {
    case zvhpga::core::ErrorClass::Rejected: return ZVHPGA_REJECTED;
    case zvhpga::core::ErrorClass::Unavailable: return ZVHPGA_UNAVAILABLE;
    case zvhpga::core::ErrorClass::Internal: return ZVHPGA_INTERNAL;
  }
  return ZVHPGA_INTERNAL;
}

// Why an instance could not be opened, for the host: a status and, if asked for, the message.
zvhpga_status refuse_opening(const zvhpga::core::Error& error, zvhpga_output* out_error) {
  put_if_asked(out_error, error.message);
  return error.code == zvhpga::core::ErrorCode::StoreUnavailable ? ZVHPGA_UNAVAILABLE
                                                                 : ZVHPGA_CONFIG_ERROR;
}

}  // namespace

extern "C" {

const zvhpga_abi_info* zvhpga_get_abi_info(void) { return &kAbiInfo; }

zvhpga_status zvhpga_open(const char* config_path, size_t config_path_size,
                          zvhpga_instance** out_instance, zvhpga_output* out_error) {
  try {
    if (out_instance == nullptr) return ZVHPGA_INVALID_ARGUMENT;
    *out_instance = nullptr;
    if (!valid_path(config_path, config_path_size)) return ZVHPGA_INVALID_ARGUMENT;
    if (zvhpga_status outputs = prepare_outputs({out_error}); outputs != ZVHPGA_OK) return outputs;
    // Idempotent; the host may share libxml2, so the plugin never calls xmlCleanupParser().
    xmlInitParser();
    auto opened = zvhpga::runtime::Runtime::open(std::string(view(config_path, config_path_size)));
    if (!opened) return refuse_opening(opened.error(), out_error);
    *out_instance = instances().add(std::move(opened.value()));
    return ZVHPGA_OK;
  } catch (...) {
    return ZVHPGA_INTERNAL;
  }
}

void zvhpga_close(zvhpga_instance* instance) {
  try {
    instances().remove(instance);
  } catch (...) {
    // A destructor that throws has nowhere to report to; the host must not see it.
  }
}

zvhpga_status zvhpga_call(zvhpga_instance* instance, const zvhpga_caller* caller,
                          const char* request, size_t request_size, zvhpga_output* out_response) {
  try {
    if (zvhpga_status header = check_header(out_response, kOutputSizeV1); header != ZVHPGA_OK)
      return header;
    out_response->data = nullptr;
    out_response->size = 0;
    if (zvhpga_status header = check_header(caller, kCallerSizeV1); header != ZVHPGA_OK)
      return header;
    if (!valid_span(request, request_size)) return ZVHPGA_INVALID_ARGUMENT;
    const auto runtime = instances().find(instance);
    if (runtime == nullptr) return ZVHPGA_INVALID_ARGUMENT;
    if (!valid_span(caller->organisation, caller->organisation_size) ||
        !valid_span(caller->user, caller->user_size) || !valid_span(caller->role, caller->role_size) ||
        !valid_span(caller->message_id, caller->message_id_size))
      return ZVHPGA_INVALID_ARGUMENT;

    const zvhpga::service::CallerIdentity identity{
        view(caller->organisation, caller->organisation_size), view(caller->user, caller->user_size),
        view(caller->role, caller->role_size), view(caller->message_id, caller->message_id_size),
        zvhpga::core::Door::Abi, {}};
    const zvhpga::service::Answer answer =
        runtime->call(identity, view(request, request_size));
    if (!put(out_response, answer.document)) return ZVHPGA_INTERNAL;
    return answer.error ? status_of(zvhpga::core::error_class(*answer.error)) : ZVHPGA_OK;
  } catch (...) {
    return ZVHPGA_INTERNAL;
  }
}

void zvhpga_free(zvhpga_output* output) {
  if (output == nullptr) return;
  std::free(output->data);
  output->data = nullptr;
  output->size = 0;
}

zvhpga_status zvhpga_start_service(zvhpga_instance* instance, uint16_t* out_port,
                                   zvhpga_output* out_error) {
  try {
    if (zvhpga_status outputs = prepare_outputs({out_error}); outputs != ZVHPGA_OK) return outputs;
    const auto runtime = instances().find(instance);
    if (runtime == nullptr) return ZVHPGA_INVALID_ARGUMENT;
    const zvhpga::runtime::ServiceStart started = runtime->start_service();
    switch (started.status) {
      case zvhpga::runtime::ServiceStart::Status::AlreadyServing: return ZVHPGA_INVALID_ARGUMENT;
      case zvhpga::runtime::ServiceStart::Status::Refused:
        put_if_asked(out_error, started.message);
        return ZVHPGA_CONFIG_ERROR;
      case zvhpga::runtime::ServiceStart::Status::Started: break;
    }
    if (out_port != nullptr) *out_port = started.port;
    return ZVHPGA_OK;
  } catch (...) {
    return ZVHPGA_INTERNAL;
  }
}

void zvhpga_stop_service(zvhpga_instance* instance) {
  try {
    if (const auto runtime = instances().find(instance)) runtime->stop_service();
  } catch (...) {
    // Stopping reports nothing; the host must not see an exception either.
  }
}

zvhpga_status zvhpga_migrate(const char* config_path, size_t config_path_size,
                             zvhpga_output* out_report, zvhpga_output* out_error) {
  const bool arguments_valid = valid_path(config_path, config_path_size);
  return administrative_call(arguments_valid, {out_report, out_error}, [&] {
    const auto migrated =
        zvhpga::runtime::migrate(std::string(view(config_path, config_path_size)));
    if (!migrated) return refuse_opening(migrated.error(), out_error);
    put_if_asked(out_report, zvhpga::runtime::describe(*migrated));
    return ZVHPGA_OK;
  });
}

zvhpga_status zvhpga_check_catalogue(const char* config_path, size_t config_path_size,
                                     const char* catalogue_path, size_t catalogue_path_size,
                                     zvhpga_output* out_report, zvhpga_output* out_error) {
  const bool arguments_valid =
      valid_path(config_path, config_path_size) && valid_path(catalogue_path, catalogue_path_size);
  return administrative_call(arguments_valid, {out_report, out_error}, [&] {
    const auto catalogue = zvhpga::runtime::check_catalogue(
        std::string(view(config_path, config_path_size)),
        std::string(view(catalogue_path, catalogue_path_size)));
    if (!catalogue) {
      if (catalogue.error().code != zvhpga::core::ErrorCode::CatalogueRefused)
        return refuse_opening(catalogue.error(), out_error);
      if (out_error != nullptr)
        put(out_error, zvhpga::xml::serialize(*zvhpga::contract::encode_error(catalogue.error())));
      return ZVHPGA_REJECTED;
    }
    put_if_asked(out_report, zvhpga::runtime::describe(*catalogue));
    return ZVHPGA_OK;
  });
}

zvhpga_status zvhpga_diagnose(const char* config_path, size_t config_path_size,
                              zvhpga_output* out_report) {
  const bool arguments_valid = valid_path(config_path, config_path_size);
  return administrative_call(arguments_valid, {out_report}, [&] {
    const auto findings = zvhpga::doctor::examine(std::string(view(config_path, config_path_size)),
                                                  std::chrono::system_clock::now());
    if (out_report != nullptr) {
      std::string report;
      for (const auto& finding : findings) {
        report += zvhpga::doctor::verdict_name(finding.verdict);
        report += '\t' + finding.check + '\t' + finding.message + '\n';
      }
      if (!put(out_report, report)) return ZVHPGA_INTERNAL;
    }
    return zvhpga::doctor::has_problem(findings) ? ZVHPGA_REJECTED : ZVHPGA_OK;
  });
}

zvhpga_status zvhpga_run_retention(zvhpga_instance* instance, zvhpga_output* out_report,
                                   zvhpga_output* out_error) {
  return administrative_call(instance != nullptr, {out_report, out_error}, [&] {
    const auto runtime = instances().find(instance);
    if (runtime == nullptr) return ZVHPGA_INVALID_ARGUMENT;
    try {
      const auto run = runtime->run_retention();
      if (!run) {
        put_if_asked(out_error, run.error().message);
        return status_of(zvhpga::core::error_class(run.error().code));
      }
      const auto& report = run.value();
      if (!report) {
        put_if_asked(out_error,
                     "Another instance on this database is running retention; try later.");
        return ZVHPGA_UNAVAILABLE;
      }
      if (out_report != nullptr)
        put(out_report, zvhpga::runtime::describe(*report,
                                                  runtime->unconfirmed_rules_in_use()));
      return ZVHPGA_OK;
    } catch (const zvhpga::ports::StoreFailure& failure) {
      // The driver's text stays inside, as for every request; what was done is kept.
      put_if_asked(out_error, "The retention run stopped on a database failure (SQLSTATE " +
                                  failure.sqlstate() + "); run it again to finish.");
      return failure.retryable() ? ZVHPGA_UNAVAILABLE : ZVHPGA_INTERNAL;
    }
  });
}

zvhpga_status zvhpga_verify_statement(const char* config_path, size_t config_path_size,
                                      const char* statement, size_t statement_size,
                                      zvhpga_output* out_report, zvhpga_output* out_error) {
  const bool arguments_valid =
      valid_path(config_path, config_path_size) && valid_span(statement, statement_size);
  return administrative_call(arguments_valid, {out_report, out_error}, [&] {
    const auto authentic = zvhpga::runtime::verify_statement(
        std::string(view(config_path, config_path_size)), view(statement, statement_size));
    if (!authentic) return refuse_opening(authentic.error(), out_error);
    if (!authentic.value()) {
      put_if_asked(out_error, "The statement of destruction does not verify: it was changed, or "
                              "it was not signed with this configuration's statement key.");
      return ZVHPGA_REJECTED;
    }
    put_if_asked(out_report, "The statement of destruction is authentic.");
    return ZVHPGA_OK;
  });
}

zvhpga_status zvhpga_rotate_master_key(const char* config_path, size_t config_path_size,
                                       zvhpga_output* out_report, zvhpga_output* out_error) {
  const bool arguments_valid = valid_path(config_path, config_path_size);
  return administrative_call(arguments_valid, {out_report, out_error}, [&] {
    const auto rotated =
        zvhpga::runtime::rotate_master_key(std::string(view(config_path, config_path_size)));
    if (!rotated) return refuse_opening(rotated.error(), out_error);
    put_if_asked(out_report, zvhpga::runtime::describe(*rotated));
    return ZVHPGA_OK;
  });
}

const char* zvhpga_status_name(zvhpga_status status) {
  switch (status) {
    case ZVHPGA_OK: return "ZVHPGA_OK";
    case ZVHPGA_INVALID_ARGUMENT: return "ZVHPGA_INVALID_ARGUMENT";
    case ZVHPGA_ABI_MISMATCH: return "ZVHPGA_ABI_MISMATCH";
    case ZVHPGA_CONFIG_ERROR: return "ZVHPGA_CONFIG_ERROR";
    case ZVHPGA_REJECTED: return "ZVHPGA_REJECTED";
    case ZVHPGA_UNAVAILABLE: return "ZVHPGA_UNAVAILABLE";
    case ZVHPGA_INTERNAL: return "ZVHPGA_INTERNAL";
  }
  return "ZVHPGA_UNKNOWN_STATUS";
}

}  // extern "C"
