// The C ABI as a careless or hostile host would call it: arbitrary lengths, NULL arguments,
// structs of the wrong size or version, and any bytes as caller fields and request document.
// Input: one byte of flags, three lengths, then the organisation, user and role, and the rest
// as the request document.
#include <zvhpga/zvhpga.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_support.h"

namespace {

enum Flag : std::uint8_t {
  kNullInstance = 1U << 0U,
  kNullCaller = 1U << 1U,
  kNullRequest = 1U << 2U,
  kNullOutput = 1U << 3U,
  kShortCaller = 1U << 4U,
  kNewerCaller = 1U << 5U,
  kShortOutput = 1U << 6U,
  kNullOrganisation = 1U << 7U,
};

zvhpga_instance* fuzz_instance() {
  static zvhpga_instance* instance = [] {
    const std::string path = zvhpga::fuzzing::write_fuzz_configuration().string();
    zvhpga_instance* opened = nullptr;
    if (zvhpga_open(path.data(), path.size(), &opened, nullptr) != ZVHPGA_OK) std::abort();
    return opened;
  }();
  return instance;
}

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input input(data, size);
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
  // Every status has a name, and an answer is a NUL-terminated document of the size given.
  if (zvhpga_status_name(status) == nullptr) std::abort();
  if (output.data != nullptr && output.data[output.size] != '\0') std::abort();
  zvhpga_free(&output);
  return 0;
}
