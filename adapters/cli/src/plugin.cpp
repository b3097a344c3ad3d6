#include "plugin.h"

#include <dlfcn.h>

#include <cstdio>
#include <utility>

#include "exit_codes.h"

namespace zvhpga::cli {
namespace {

// What the plugin put into a zvhpga_output, released with the plugin's own zvhpga_free: the
// plugin's allocator need not be the host's.
class PluginOutput {
 public:
  explicit PluginOutput(decltype(&zvhpga_free) free) : free_(free) {
    raw_.struct_size = sizeof raw_;
    raw_.abi_version = ZVHPGA_ABI_VERSION;
  }
  PluginOutput(const PluginOutput&) = delete;
  PluginOutput& operator=(const PluginOutput&) = delete;
  ~PluginOutput() { free_(&raw_); }

  zvhpga_output* get() { return &raw_; }
  std::string text() const { return raw_.data == nullptr ? std::string() : std::string(raw_.data, raw_.size); }

 private:
  decltype(&zvhpga_free) free_;
  zvhpga_output raw_{};
};

std::string hex(uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08X", value);
  return text;
}

// The plugin's stable name for a status; a status newer than the plugin knows still prints.
std::string name_of(zvhpga_status status, const EntryPoints& entry_points) {
  const char* name = entry_points.status_name(status);
  return name == nullptr ? "status " + std::to_string(static_cast<int>(status)) : name;
}

template <typename Function>
Function resolve(void* handle, const char* name, const std::filesystem::path& library) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) {
    throw CliError(ExitCode::setup,
                   library.string() + " is not a zvh-pga plugin: it does not export " + name + ".");
  }
  return reinterpret_cast<Function>(symbol);
}

// Refuses a shared object whose ABI this host cannot use, naming what differs.
void check_abi(const zvhpga_abi_info* info, const std::filesystem::path& library) {
  const std::string subject = library.string();
  if (info == nullptr) {
    throw CliError(ExitCode::setup, subject + " returned no ABI information.");
  }
  if (info->magic != ZVHPGA_ABI_MAGIC) {
    throw CliError(ExitCode::setup, subject + " is not a zvh-pga plugin: its ABI magic is " +
                                        hex(info->magic) + ", expected " + hex(ZVHPGA_ABI_MAGIC) + ".");
  }
  if (info->struct_size < sizeof(zvhpga_abi_info)) {
    throw CliError(ExitCode::setup,
                   subject + " describes its ABI in " + std::to_string(info->struct_size) +
                       " bytes; this zvh-pga needs at least " + std::to_string(sizeof(zvhpga_abi_info)) +
                       ". The plugin is older than this command; install matching versions.");
  }
  if (info->abi_version < ZVHPGA_ABI_VERSION) {
    throw CliError(ExitCode::setup,
                   subject + " offers ABI version " + std::to_string(info->abi_version) +
                       "; this zvh-pga needs version " + std::to_string(ZVHPGA_ABI_VERSION) +
                       " or later. Install a matching plugin.");
  }
  if (info->plugin_version == nullptr || info->contract_namespace == nullptr) {
    throw CliError(ExitCode::setup, subject + " leaves its version or contract namespace empty.");
  }
}

}  // namespace

Plugin Plugin::load(const std::filesystem::path& library) {
  // RTLD_LOCAL: the plugin's symbols must not satisfy anyone else's references.
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    throw CliError(ExitCode::setup, "Cannot load the zvh-pga plugin: " + std::string(dlerror()) +
                                        "\nPass --plugin PATH or set ZVHPGA_PLUGIN.");
  }
  const zvhpga_abi_info* info =
      resolve<decltype(&zvhpga_get_abi_info)>(handle, "zvhpga_get_abi_info", library)();
  check_abi(info, library);
  const EntryPoints entry_points{
      resolve<decltype(&zvhpga_open)>(handle, "zvhpga_open", library),
      resolve<decltype(&zvhpga_close)>(handle, "zvhpga_close", library),
      resolve<decltype(&zvhpga_call)>(handle, "zvhpga_call", library),
      resolve<decltype(&zvhpga_free)>(handle, "zvhpga_free", library),
      resolve<decltype(&zvhpga_status_name)>(handle, "zvhpga_status_name", library),
      resolve<decltype(&zvhpga_start_service)>(handle, "zvhpga_start_service", library),
      resolve<decltype(&zvhpga_stop_service)>(handle, "zvhpga_stop_service", library),
      resolve<decltype(&zvhpga_migrate)>(handle, "zvhpga_migrate", library),
      resolve<decltype(&zvhpga_check_catalogue)>(handle, "zvhpga_check_catalogue", library),
      resolve<decltype(&zvhpga_diagnose)>(handle, "zvhpga_diagnose", library),
      resolve<decltype(&zvhpga_run_retention)>(handle, "zvhpga_run_retention", library),
      resolve<decltype(&zvhpga_verify_statement)>(handle, "zvhpga_verify_statement", library),
      resolve<decltype(&zvhpga_rotate_master_key)>(handle, "zvhpga_rotate_master_key", library),
  };
  return Plugin(library, info, entry_points);
}

Plugin::Plugin(std::filesystem::path library, const zvhpga_abi_info* abi_info, EntryPoints entry_points)
    : library_(std::move(library)), abi_info_(abi_info), entry_points_(entry_points) {}

PluginInstance Plugin::open(const std::filesystem::path& configuration) const {
  PluginOutput error(entry_points_.free);
  zvhpga_instance* instance = nullptr;
  const std::string& path = configuration.native();
  const zvhpga_status status = entry_points_.open(path.data(), path.size(), &instance, error.get());
  if (status != ZVHPGA_OK) {
    throw CliError(exit_code_for(status), "Cannot open the plugin with configuration " + path +
                                              " (" + name_of(status, entry_points_) +
                                              "): " + error.text());
  }
  return PluginInstance(entry_points_, instance);
}

std::string Plugin::migrate(const std::filesystem::path& configuration) const {
  PluginOutput report(entry_points_.free);
  PluginOutput error(entry_points_.free);
  const std::string& path = configuration.native();
  const zvhpga_status status = entry_points_.migrate(path.data(), path.size(), report.get(), error.get());
  if (status != ZVHPGA_OK) {
    throw CliError(exit_code_for(status), "Cannot migrate the database of configuration " + path +
                                              " (" + name_of(status, entry_points_) +
                                              "): " + error.text());
  }
  return report.text();
}

std::string Plugin::rotate_master_key(const std::filesystem::path& configuration) const {
  PluginOutput report(entry_points_.free);
  PluginOutput error(entry_points_.free);
  const std::string& path = configuration.native();
  const zvhpga_status status =
      entry_points_.rotate_master_key(path.data(), path.size(), report.get(), error.get());
  if (status != ZVHPGA_OK) {
    throw CliError(exit_code_for(status), "Cannot rotate the signal master key of configuration " +
                                              path + " (" + name_of(status, entry_points_) +
                                              "): " + error.text());
  }
  return report.text();
}

Response Plugin::check_catalogue(const std::filesystem::path& configuration,
                                 const std::filesystem::path& catalogue) const {
  PluginOutput report(entry_points_.free);
  PluginOutput error(entry_points_.free);
  const std::string& config_path = configuration.native();
  const std::string& catalogue_path = catalogue.native();
  const zvhpga_status status =
      entry_points_.check_catalogue(config_path.data(), config_path.size(), catalogue_path.data(),
                                    catalogue_path.size(), report.get(), error.get());
  if (status == ZVHPGA_OK) return {status, name_of(status, entry_points_), report.text()};
  if (status == ZVHPGA_REJECTED) return {status, name_of(status, entry_points_), error.text()};
  throw CliError(exit_code_for(status), "Cannot check the catalogue against configuration " +
                                            config_path + " (" + name_of(status, entry_points_) +
                                            "): " + error.text());
}

Response Plugin::diagnose(const std::filesystem::path& configuration) const {
  PluginOutput report(entry_points_.free);
  const std::string& path = configuration.native();
  const zvhpga_status status = entry_points_.diagnose(path.data(), path.size(), report.get());
  if (status != ZVHPGA_OK && status != ZVHPGA_REJECTED)
    throw CliError(exit_code_for(status), "Cannot examine the installation of configuration " +
                                              path + " (" + name_of(status, entry_points_) + ").");
  return {status, name_of(status, entry_points_), report.text()};
}

Response Plugin::verify_statement(const std::filesystem::path& configuration,
                                  std::string_view statement) const {
  PluginOutput report(entry_points_.free);
  PluginOutput error(entry_points_.free);
  const std::string& config_path = configuration.native();
  const zvhpga_status status = entry_points_.verify_statement(
      config_path.data(), config_path.size(), statement.data(), statement.size(), report.get(),
      error.get());
  if (status == ZVHPGA_OK) return {status, name_of(status, entry_points_), report.text()};
  if (status == ZVHPGA_REJECTED) return {status, name_of(status, entry_points_), error.text()};
  throw CliError(exit_code_for(status), "Cannot verify the statement with configuration " +
                                            config_path + " (" + name_of(status, entry_points_) +
                                            "): " + error.text());
}

PluginInstance::PluginInstance(const EntryPoints& entry_points, zvhpga_instance* instance)
    : entry_points_(entry_points), instance_(instance, entry_points.close) {}

Response PluginInstance::call(const CallerIdentity& identity, std::string_view request) const {
  zvhpga_caller caller{};
  caller.struct_size = sizeof caller;
  caller.abi_version = ZVHPGA_ABI_VERSION;
  caller.organisation = identity.partner.data();
  caller.organisation_size = identity.partner.size();
  caller.user = identity.user.data();
  caller.user_size = identity.user.size();
  caller.role = identity.role.data();
  caller.role_size = identity.role.size();

  PluginOutput response(entry_points_.free);
  const zvhpga_status status =
      entry_points_.call(instance_.get(), &caller, request.data(), request.size(), response.get());
  return Response{status, name_of(status, entry_points_), response.text()};
}

std::uint16_t PluginInstance::start_service() const {
  PluginOutput error(entry_points_.free);
  std::uint16_t port = 0;
  const zvhpga_status status = entry_points_.start_service(instance_.get(), &port, error.get());
  if (status != ZVHPGA_OK) {
    throw CliError(exit_code_for(status), "Cannot start the web service (" +
                                              name_of(status, entry_points_) + "): " + error.text());
  }
  return port;
}

void PluginInstance::stop_service() const { entry_points_.stop_service(instance_.get()); }

Response PluginInstance::run_retention() const {
  PluginOutput report(entry_points_.free);
  PluginOutput error(entry_points_.free);
  const zvhpga_status status =
      entry_points_.run_retention(instance_.get(), report.get(), error.get());
  return {status, name_of(status, entry_points_), status == ZVHPGA_OK ? report.text() : error.text()};
}

}  // namespace zvhpga::cli
