// The extern "C" entry points of libzvhpga. Each one checks the host's arguments, catches
// everything, and turns every outcome into a zvhpga_status; no C++ type or exception crosses.
#include <zvhpga/zvhpga.h>

#include <libxml/parser.h>

#include <chrono>
#include <cstdlib>
#include <initializer_list>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "abi/instance.h"
#include "contract/codec.h"
#include "doctor/doctor.h"
#include "soap/outcome_delivery.h"
#include "soap/periodic_task.h"
#include "soap/server.h"

struct zvhpga_instance {
  explicit zvhpga_instance(std::unique_ptr<zvhpga::abi::Instance> opened)
      : instance(std::move(opened)) {}

  std::unique_ptr<zvhpga::abi::Instance> instance;
  // Declared after the instance so that it stops before the pipeline it serves goes away.
  std::mutex service_guard;
  std::unique_ptr<zvhpga::soap::Server> service;
  // Run while the service does: a serving process delivers the host pushes and runs retention.
  std::unique_ptr<zvhpga::soap::DeliveryWorker> delivery;
  std::unique_ptr<zvhpga::soap::PeriodicTask> retention;
};

namespace {

constexpr zvhpga_abi_info kAbiInfo = {
    sizeof(zvhpga_abi_info), ZVHPGA_ABI_VERSION, ZVHPGA_ABI_MAGIC, 0, "0.1.0",
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

std::string retention_report(const zvhpga::service::SweepReport& report,
                             const std::vector<std::string>& unconfirmed) {
  std::string text;
  if (report.restored_keys_erased > 0)
    text += "Erased " + std::to_string(report.restored_keys_erased) +
            " data key(s) of signals destroyed before, which a restored key store held again\n";
  for (const auto& executed : report.executed)
    text += "Destroyed under proposal " + executed.proposal_id + " (region " + executed.region +
            "): " + std::to_string(executed.destroyed) + " destroyed, " +
            std::to_string(executed.held) + " held, " + std::to_string(executed.failed) +
            " failed; statement of destruction " + executed.statement_file.string() + "\n";
  for (const auto& proposal : report.proposed)
    text += "Proposed " + proposal.proposal_id + " (region " + proposal.region + "): " +
            std::to_string(proposal.items.size()) + " signal(s) due for destruction" +
            (proposal.approved_at ? "\n" : "; awaiting a privacy officer's approval\n");
  if (report.audit_expiry.records_removed > 0)
    text += "Removed " + std::to_string(report.audit_expiry.records_removed) +
            " audit record(s) at the end of their term; the trail now starts after record " +
            std::to_string(report.audit_expiry.chain_starts_after) + "\n";
  if (report.executed.empty() && report.proposed.empty() && report.restored_keys_erased == 0 &&
      report.audit_expiry.records_removed == 0)
    text += "Nothing is due.\n";
  if (!unconfirmed.empty()) {
    text += "WARNING: retention rules in use are not confirmed against the law:";
    for (const std::string& rule : unconfirmed) text += " " + rule;
    text += "\n";
  }
  return text;
}

}  // namespace

extern "C" {

const zvhpga_abi_info* zvhpga_get_abi_info(void) { return &kAbiInfo; }

zvhpga_status zvhpga_open(const char* config_path, size_t config_path_size,
                          zvhpga_instance** out_instance, zvhpga_output* out_error) {
  try {
    if (out_instance == nullptr || !valid_span(config_path, config_path_size))
      return ZVHPGA_INVALID_ARGUMENT;
    *out_instance = nullptr;
    if (zvhpga_status outputs = prepare_outputs({out_error}); outputs != ZVHPGA_OK) return outputs;
    // Idempotent; the host may share libxml2, so the plugin never calls xmlCleanupParser().
    xmlInitParser();
    auto opened = zvhpga::abi::Instance::open(std::string(view(config_path, config_path_size)));
    if (!opened) return refuse_opening(opened.error(), out_error);
    *out_instance = new zvhpga_instance(std::move(opened.value()));
    return ZVHPGA_OK;
  } catch (...) {
    return ZVHPGA_INTERNAL;
  }
}

void zvhpga_close(zvhpga_instance* instance) {
  try {
    delete instance;
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
    if (instance == nullptr || !valid_span(request, request_size)) return ZVHPGA_INVALID_ARGUMENT;
    if (!valid_span(caller->organisation, caller->organisation_size) ||
        !valid_span(caller->user, caller->user_size) || !valid_span(caller->role, caller->role_size) ||
        !valid_span(caller->message_id, caller->message_id_size))
      return ZVHPGA_INVALID_ARGUMENT;

    const zvhpga::service::CallerIdentity identity{
        view(caller->organisation, caller->organisation_size), view(caller->user, caller->user_size),
        view(caller->role, caller->role_size), view(caller->message_id, caller->message_id_size),
        "abi"};
    zvhpga::service::Answer answer =
        instance->instance->pipeline().handle(identity, view(request, request_size));
    if (!put(out_response, answer.document)) return ZVHPGA_INTERNAL;
    return answer.failure ? status_of(*answer.failure) : ZVHPGA_OK;
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
    if (instance == nullptr) return ZVHPGA_INVALID_ARGUMENT;
    const std::lock_guard lock(instance->service_guard);
    if (instance->service) return ZVHPGA_INVALID_ARGUMENT;
    auto started = zvhpga::soap::Server::start(instance->instance->configuration(),
                                               instance->instance->pipeline());
    if (!started) {
      put_if_asked(out_error, started.error().message);
      return ZVHPGA_CONFIG_ERROR;
    }
    zvhpga::abi::Instance& opened = *instance->instance;
    if (const auto& endpoint = opened.configuration().host_endpoint) {
      auto delivery = zvhpga::soap::DeliveryWorker::start(
          {*endpoint, opened.store(), opened.audit_trail(), opened.clock(), opened.ids()});
      if (!delivery) {
        put_if_asked(out_error, delivery.error().message);
        return ZVHPGA_CONFIG_ERROR;
      }
      instance->delivery = std::move(delivery.value());
    }
    // The first run waits one interval: a service that starts serves first, and a run wanted
    // at once is `zvh-pga retention run`.
    instance->retention = zvhpga::soap::PeriodicTask::start(
        [&opened] {
          try {
            opened.run_retention();
          } catch (...) {
            // The store is unavailable: what was begun is finished by the next run.
          }
        },
        opened.configuration().retention_run_interval,
        zvhpga::soap::PeriodicTask::FirstRun::AfterOneInterval);
    instance->service = std::move(started.value());
    if (out_port != nullptr) *out_port = instance->service->port();
    return ZVHPGA_OK;
  } catch (...) {
    return ZVHPGA_INTERNAL;
  }
}

void zvhpga_stop_service(zvhpga_instance* instance) {
  if (instance == nullptr) return;
  try {
    std::unique_ptr<zvhpga::soap::Server> stopping;
    std::unique_ptr<zvhpga::soap::DeliveryWorker> stopping_delivery;
    std::unique_ptr<zvhpga::soap::PeriodicTask> stopping_retention;
    {
      const std::lock_guard lock(instance->service_guard);
      stopping = std::move(instance->service);
      stopping_delivery = std::move(instance->delivery);
      stopping_retention = std::move(instance->retention);
    }
  } catch (...) {
    // Stopping has nowhere to report to; the host must not see an exception.
  }
}

zvhpga_status zvhpga_migrate(const char* config_path, size_t config_path_size,
                             zvhpga_output* out_report, zvhpga_output* out_error) {
  const bool arguments_valid = valid_span(config_path, config_path_size);
  return administrative_call(arguments_valid, {out_report, out_error}, [&] {
    const auto applied =
        zvhpga::abi::Instance::migrate(std::string(view(config_path, config_path_size)));
    if (!applied) return refuse_opening(applied.error(), out_error);
    if (out_report != nullptr) {
      std::string report;
      for (const auto version : applied.value())
        report += (report.empty() ? "Applied schema versions " : ", ") + std::to_string(version);
      put(out_report, report.empty() ? "The schema was up to date; nothing applied."
                                     : report + ".");
    }
    return ZVHPGA_OK;
  });
}

zvhpga_status zvhpga_check_catalogue(const char* config_path, size_t config_path_size,
                                     const char* catalogue_path, size_t catalogue_path_size,
                                     zvhpga_output* out_report, zvhpga_output* out_error) {
  const bool arguments_valid =
      valid_span(config_path, config_path_size) && valid_span(catalogue_path, catalogue_path_size);
  return administrative_call(arguments_valid, {out_report, out_error}, [&] {
    const auto catalogue = zvhpga::abi::Instance::check_catalogue(
        std::string(view(config_path, config_path_size)),
        std::string(view(catalogue_path, catalogue_path_size)));
    if (!catalogue) {
      if (catalogue.error().code != zvhpga::core::ErrorCode::CatalogueRefused)
        return refuse_opening(catalogue.error(), out_error);
      if (out_error != nullptr)
        put(out_error, zvhpga::xml::serialize(*zvhpga::contract::encode_error(catalogue.error())));
      return ZVHPGA_REJECTED;
    }
    if (out_report != nullptr) {
      std::size_t criteria = 0;
      for (const auto& section : catalogue->sections) criteria += section.criteria.size();
      put(out_report, "Criteria catalogue " + catalogue->version + " of " + catalogue->issued_on +
                          " can be adopted: " + std::to_string(catalogue->sections.size()) +
                          " sections, " + std::to_string(criteria) + " criteria.");
    }
    return ZVHPGA_OK;
  });
}

zvhpga_status zvhpga_diagnose(const char* config_path, size_t config_path_size,
                              zvhpga_output* out_report) {
  const bool arguments_valid = valid_span(config_path, config_path_size);
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
    try {
      const auto report = instance->instance->run_retention();
      if (!report) {
        put_if_asked(out_error,
                     "Another instance on this database is running retention; try later.");
        return ZVHPGA_UNAVAILABLE;
      }
      if (out_report != nullptr)
        put(out_report, retention_report(*report, instance->instance->unconfirmed_rules_in_use()));
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
      valid_span(config_path, config_path_size) && valid_span(statement, statement_size);
  return administrative_call(arguments_valid, {out_report, out_error}, [&] {
    const auto authentic = zvhpga::abi::Instance::verify_statement(
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
  const bool arguments_valid = valid_span(config_path, config_path_size);
  return administrative_call(arguments_valid, {out_report, out_error}, [&] {
    const auto rotated =
        zvhpga::abi::Instance::rotate_master_key(std::string(view(config_path, config_path_size)));
    if (!rotated) return refuse_opening(rotated.error(), out_error);
    if (out_report != nullptr)
      put(out_report, "Rotated the signal master key: " + std::to_string(rotated->rewrapped) +
                          " signal key(s) rewrapped; the key file now holds generation " +
                          std::to_string(rotated->generation) +
                          " and the previous generation is retired. Start the service again.");
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
