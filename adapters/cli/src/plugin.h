#pragma once
// The zvh-pga plugin as any host sees it: a shared object reached through dlopen/dlsym and the
// public header only. Nothing here knows the plugin's internals.
#include <filesystem>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <zvhpga/zvhpga.h>

namespace zvhpga::cli {

// Who is calling: a partner id from the configuration's partner table, a user and a role.
struct CallerIdentity {
  std::string partner;
  std::string user;
  std::string role;
};

struct Response {
  zvhpga_status status;
  std::string status_name;  // as the plugin names it, e.g. "ZVHPGA_REJECTED"
  std::string document;     // the response document, or the Error document on refusal
};

// The entry points of the ABI this host was built against, resolved with dlsym.
struct EntryPoints {
  decltype(&zvhpga_open) open;
  decltype(&zvhpga_close) close;
  decltype(&zvhpga_call) call;
  decltype(&zvhpga_free) free;
  decltype(&zvhpga_status_name) status_name;
  decltype(&zvhpga_start_service) start_service;
  decltype(&zvhpga_stop_service) stop_service;
  decltype(&zvhpga_migrate) migrate;
  decltype(&zvhpga_check_catalogue) check_catalogue;
  decltype(&zvhpga_diagnose) diagnose;
  decltype(&zvhpga_run_retention) run_retention;
  decltype(&zvhpga_verify_statement) verify_statement;
  decltype(&zvhpga_rotate_master_key) rotate_master_key;
};

// One open plugin instance; closed when it goes out of scope.
class PluginInstance {
 public:
  Response call(const CallerIdentity& caller, std::string_view request) const;

  // Starts the instance's web service and returns the port it listens on; a refusal becomes a
  // CliError with the plugin's own explanation. The service stops with stop_service() or when
  // the instance closes.
  std::uint16_t start_service() const;
  void stop_service() const;
  // One retention run: the plugin's report, or on failure its explanation, with the status.
  Response run_retention() const;

 private:
  friend class Plugin;
  PluginInstance(const EntryPoints& entry_points, zvhpga_instance* instance);

  EntryPoints entry_points_;
  std::unique_ptr<zvhpga_instance, decltype(&zvhpga_close)> instance_;
};

// The loaded plugin library. Loading checks zvhpga_get_abi_info() before anything else is
// resolved, so a mismatching shared object is refused before any of its code runs beyond that.
//
// The library is never dlclose'd, by design: the ABI promises nothing about unloading (the
// plugin shares libxml2's and OpenSSL's process-global state with its host and may leave
// thread-locals or atexit handlers behind), so unloading it could leave the process holding
// pointers into unmapped code. A host loads it once and lets process exit reclaim it.
class Plugin {
 public:
  static Plugin load(const std::filesystem::path& library);

  const zvhpga_abi_info& abi_info() const { return *abi_info_; }
  const std::filesystem::path& library() const { return library_; }

  // Opens an instance from a configuration file; a refusal becomes a CliError with the
  // plugin's own explanation.
  PluginInstance open(const std::filesystem::path& configuration) const;

  // Upgrades the schema of the configuration's database to the plugin's and returns the
  // plugin's one-line report of what it applied; a refusal becomes a CliError.
  std::string migrate(const std::filesystem::path& configuration) const;
  // Rotates the signal master key of the configuration and returns the plugin's one-line
  // report; a refusal or a failure (rerun to finish) becomes a CliError.
  std::string rotate_master_key(const std::filesystem::path& configuration) const;

  // Whether the catalogue file could be put in force on the configuration's database: the
  // plugin's one-line report, or on refusal its Error document (status ZVHPGA_REJECTED). Other
  // failures become a CliError.
  Response check_catalogue(const std::filesystem::path& configuration,
                           const std::filesystem::path& catalogue) const;
  // Whether a statement of destruction's text is authentic: the plugin's report (ZVHPGA_OK)
  // or why not (ZVHPGA_REJECTED). Other failures become a CliError.
  Response verify_statement(const std::filesystem::path& configuration,
                            std::string_view statement) const;

  // The plugin's findings about the installation, one line each (zvhpga_diagnose): status
  // ZVHPGA_OK when none is a problem, ZVHPGA_REJECTED when one is. Other failures become a
  // CliError.
  Response diagnose(const std::filesystem::path& configuration) const;

 private:
  Plugin(std::filesystem::path library, const zvhpga_abi_info* abi_info, EntryPoints entry_points);

  std::filesystem::path library_;
  const zvhpga_abi_info* abi_info_;
  EntryPoints entry_points_;
};

}  // namespace zvhpga::cli
