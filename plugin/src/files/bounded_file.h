#pragma once
// Every file the plugin reads on its own (the configuration, a criteria catalogue, a retention
// policy, the key files) is read through here, so that one rule holds for all of them: a regular
// file, opened without blocking (a FIFO or a device never stalls or floods the reader), judged
// on the descriptor that is then read (no check-then-open race), and never more than a bound.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace zvhpga::files {

enum class Access {
  Any,
  // Secrets: belongs to the running user, no group or other permission bits, and the name is
  // not a symbolic link (whoever may write its directory could point it elsewhere).
  OwnerOnly,
};

struct ReadRules {
  std::string_view what;  // for the message: "configuration file", "key file", ...
  std::size_t max_bytes;
  Access access = Access::Any;
};

// The file's bytes, or an InvalidConfiguration error "The <what> <file> <reason>." saying why
// not: it does not exist, cannot be opened, is not a regular file, is larger than the bound,
// or (OwnerOnly) is a symbolic link, belongs to another user or may be used by others.
core::Result<std::string> read_bounded_file(const std::filesystem::path& file,
                                            const ReadRules& rules);

}  // namespace zvhpga::files
