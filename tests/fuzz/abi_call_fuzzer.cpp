// The C ABI as a careless or hostile host would call it: every entry point of zvhpga.h with
// arbitrary lengths, NULL arguments, outputs of the wrong size or version, and any bytes as
// caller fields, request document, file name or statement.
// Input: one byte choosing the entry point, then what that entry point takes (below).
#include <zvhpga/zvhpga.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "fuzz_support.h"

namespace {

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t byte() {
    if (size_ == 0) return 0;
    --size_;
    return *data_++;
  }
  std::string take(std::size_t wanted) {
    const std::size_t n = std::min(wanted, size_);
    std::string taken(reinterpret_cast<const char*>(data_), n);
    data_ += n;
    size_ -= n;
    return taken;
  }
  std::string rest() { return take(size_); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
};

// The instance that zvhpga_call and zvhpga_run_retention work on, opened once per process.
zvhpga_instance* fuzz_instance() {
  static zvhpga_instance* instance = [] {
    const std::string path = zvhpga::fuzzing::write_fuzz_configuration().string();
    zvhpga_instance* opened = nullptr;
    if (zvhpga_open(path.data(), path.size(), &opened, nullptr) != ZVHPGA_OK) std::abort();
    return opened;
  }();
  return instance;
}

// The installation the administrative entry points work on: a store and key files of its own,
// made once by opening it, so that rotating its master key leaves the fuzz instance's alone.
const std::string& administration_configuration() {
  static const std::string path = [] {
    const std::string written =
        zvhpga::fuzzing::write_fuzz_configuration(zvhpga::fuzzing::process_directory() /
                                                  "administration")
            .string();
    zvhpga_instance* opened = nullptr;
    if (zvhpga_open(written.data(), written.size(), &opened, nullptr) != ZVHPGA_OK) std::abort();
    zvhpga_close(opened);
    return written;
  }();
  return path;
}

bool is_breach(zvhpga_status status) {
  return status == ZVHPGA_INVALID_ARGUMENT || status == ZVHPGA_ABI_MISMATCH;
}

// Every status has a name; a call refused for a breach of the calling convention produced
// nothing; every output is empty or NUL-terminated at the size given.
void check_and_free(zvhpga_status status, std::initializer_list<zvhpga_output*> outputs) {
  if (zvhpga_status_name(status) == nullptr) std::abort();
  for (zvhpga_output* output : outputs) {
    if (output->data != nullptr && (is_breach(status) || output->data[output->size] != '\0'))
      std::abort();
    zvhpga_free(output);
  }
}

// zvhpga_call. Input: one byte of flags, three lengths, then the organisation, user and role,
// and the rest as the request document.
enum CallFlag : std::uint8_t {
  kNullInstance = 1U << 0U,
  kNullCaller = 1U << 1U,
  kNullRequest = 1U << 2U,
  kNullOutput = 1U << 3U,
  kShortCaller = 1U << 4U,
  kNewerCaller = 1U << 5U,
  kShortOutput = 1U << 6U,
  kNullOrganisation = 1U << 7U,
};

void fuzz_call(Input& input) {
  const std::uint8_t flags = input.byte();
  const std::size_t organisation_size = input.byte();
  const std::size_t user_size = input.byte();
  const std::size_t role_size = input.byte();
  const std::string organisation = input.take(organisation_size);
  const std::string user = input.take(user_size);
  const std::string role = input.take(role_size);
  const std::string request = input.rest();

  zvhpga_caller caller{};
  caller.struct_size = (flags & kShortCaller) != 0 ? 8U : sizeof caller;
  caller.abi_version = (flags & kNewerCaller) != 0 ? ZVHPGA_ABI_VERSION + 1 : ZVHPGA_ABI_VERSION;
  caller.organisation = (flags & kNullOrganisation) != 0 ? nullptr : organisation.data();
  caller.organisation_size = organisation.size();
  caller.user = user.data();
  caller.user_size = user.size();
  caller.role = role.data();
  caller.role_size = role.size();

  zvhpga_output output{};
  output.struct_size = (flags & kShortOutput) != 0 ? 4U : sizeof output;
  output.abi_version = ZVHPGA_ABI_VERSION;

  const zvhpga_status status = zvhpga_call(
      (flags & kNullInstance) != 0 ? nullptr : fuzz_instance(),
      (flags & kNullCaller) != 0 ? nullptr : &caller,
      (flags & kNullRequest) != 0 ? nullptr : request.data(), request.size(),
      (flags & kNullOutput) != 0 ? nullptr : &output);
  check_and_free(status, {&output});
}

// Every other entry point (fuzz_host_call). Input: one byte of flags, the length of a name,
// the name, and the rest as the entry point's second text: the content of the catalogue file
// that zvhpga_check_catalogue is given, or the statement that zvhpga_verify_statement checks.
enum HostFlag : std::uint8_t {
  kNullPath = 1U << 0U,    // the configuration path NULL, with the length it would have had
  kNamedPath = 1U << 1U,   // a file of that name, which does not exist, as the configuration
  kNullText = 1U << 2U,    // the second text NULL, with its length
  kNullReport = 1U << 3U,  // no report (for zvhpga_start_service: no port) asked for
  kNullError = 1U << 4U,   // no error output asked for
  kShortOutputs = 1U << 5U,
  kNewerOutputs = 1U << 6U,
  kNullHandle = 1U << 7U,  // NULL for the instance, or for where zvhpga_open puts it
};

class HostArguments {
 public:
  explicit HostArguments(Input& input) : flags_(input.byte()) {
    const std::string name = input.take(input.byte());
    text_ = input.rest();
    if (has(kNamedPath)) {
      // A name, never a path: the fuzzer must not reach files outside its own directory.
      std::string file = name;
      std::ranges::replace(file, '/', '_');
      path_ = (zvhpga::fuzzing::process_directory() / "named" / file).string();
    } else {
      path_ = administration_configuration();
    }
    for (zvhpga_output* output : {&report_, &error_}) {
      output->struct_size = has(kShortOutputs) ? 4U : sizeof(zvhpga_output);
      output->abi_version = has(kNewerOutputs) ? ZVHPGA_ABI_VERSION + 1 : ZVHPGA_ABI_VERSION;
    }
  }

  bool has(HostFlag flag) const { return (flags_ & flag) != 0; }
  const char* path() const { return has(kNullPath) ? nullptr : path_.data(); }
  std::size_t path_size() const { return path_.size(); }
  const std::string& text() const { return text_; }
  const char* text_data() const { return has(kNullText) ? nullptr : text_.data(); }
  zvhpga_output* report() { return has(kNullReport) ? nullptr : &report_; }
  zvhpga_output* error() { return has(kNullError) ? nullptr : &error_; }

  // A call given a NULL where the ABI wants a pointer (a text with a length, an instance) is a
  // breach, whatever else it was given.
  void check(zvhpga_status status, bool breach) {
    if (breach && !is_breach(status)) std::abort();
    check_and_free(status, {&report_, &error_});
  }

 private:
  std::uint8_t flags_;
  std::string path_;
  std::string text_;
  zvhpga_output report_{};
  zvhpga_output error_{};
};

// The catalogue file that zvhpga_check_catalogue reads: the fuzzer's bytes, rewritten each time.
std::string catalogue_file(const std::string& content) {
  const std::filesystem::path file = zvhpga::fuzzing::process_directory() / "catalogue.xml";
  std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
  return file.string();
}

// The entry points, in the order of an input's first byte (taken modulo their number).
enum class EntryPoint : std::uint8_t {
  Call,
  Open,
  Service,
  Migrate,
  CheckCatalogue,
  Diagnose,
  RunRetention,
  VerifyStatement,
  RotateMasterKey,
  Count,
};

void fuzz_host_call(EntryPoint entry_point, Input& input) {
  HostArguments host(input);
  switch (entry_point) {
    case EntryPoint::Open: {
      zvhpga_instance* opened = nullptr;
      const zvhpga_status status = zvhpga_open(
          host.path(), host.path_size(), host.has(kNullHandle) ? nullptr : &opened, host.error());
      if ((status == ZVHPGA_OK) != (opened != nullptr)) std::abort();
      zvhpga_close(opened);
      host.check(status, host.has(kNullPath) || host.has(kNullHandle));
      return;
    }
    case EntryPoint::Service: {
      // The fuzz configuration has no <soap> section, so no port is ever listened on.
      std::uint16_t port = 0;
      zvhpga_instance* instance = host.has(kNullHandle) ? nullptr : fuzz_instance();
      const zvhpga_status status =
          zvhpga_start_service(instance, host.has(kNullReport) ? nullptr : &port, host.error());
      zvhpga_stop_service(instance);
      host.check(status, host.has(kNullHandle));
      return;
    }
    case EntryPoint::Migrate:
      host.check(zvhpga_migrate(host.path(), host.path_size(), host.report(), host.error()),
                 host.has(kNullPath));
      return;
    case EntryPoint::CheckCatalogue: {
      const std::string catalogue = catalogue_file(host.text());
      host.check(zvhpga_check_catalogue(host.path(), host.path_size(),
                                        host.has(kNullText) ? nullptr : catalogue.data(),
                                        catalogue.size(), host.report(), host.error()),
                 host.has(kNullPath) || host.has(kNullText));
      return;
    }
    case EntryPoint::Diagnose:
      host.check(zvhpga_diagnose(host.path(), host.path_size(), host.report()),
                 host.has(kNullPath));
      return;
    case EntryPoint::RunRetention:
      host.check(zvhpga_run_retention(host.has(kNullHandle) ? nullptr : fuzz_instance(),
                                      host.report(), host.error()),
                 host.has(kNullHandle));
      return;
    case EntryPoint::VerifyStatement:
      host.check(zvhpga_verify_statement(host.path(), host.path_size(), host.text_data(),
                                         host.text().size(), host.report(), host.error()),
                 host.has(kNullPath) || (host.has(kNullText) && !host.text().empty()));
      return;
    case EntryPoint::RotateMasterKey:
      host.check(
          zvhpga_rotate_master_key(host.path(), host.path_size(), host.report(), host.error()),
          host.has(kNullPath));
      return;
    case EntryPoint::Call:
    case EntryPoint::Count:
      return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input input(data, size);
  const auto entry_point =
      static_cast<EntryPoint>(input.byte() % static_cast<std::uint8_t>(EntryPoint::Count));
  if (entry_point == EntryPoint::Call)
    fuzz_call(input);
  else
    fuzz_host_call(entry_point, input);
  return 0;
}
