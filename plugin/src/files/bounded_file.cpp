#include "files/bounded_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace zvhpga::files {
namespace {

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

core::Result<std::string> read_bounded_file(const std::filesystem::path& file,
                                            const ReadRules& rules) {
  auto refused = [&](const std::string& reason) {
    return core::configuration_error("The " + std::string(rules.what) + " " + file.string() + " " +
                                     reason + ".");
  };
  const bool owner_only = rules.access == Access::OwnerOnly;
  // O_NONBLOCK: opening a FIFO with no writer, or a device, returns at once instead of waiting.
  const Descriptor in(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
                                               (owner_only ? O_NOFOLLOW : 0)));
  if (in.get() < 0) {
    const int error = errno;
    if (error == ENOENT) return refused("does not exist");
    if (owner_only && error == ELOOP)
      return refused("is a symbolic link; name the file itself, not a link to it");
    return refused("cannot be opened (" + std::generic_category().message(error) + ")");
  }
  struct stat status {};
  if (::fstat(in.get(), &status) != 0)
    return refused("cannot be examined (" + std::generic_category().message(errno) + ")");
  if (!S_ISREG(status.st_mode)) return refused("is not a regular file");
  if (owner_only && status.st_uid != ::geteuid())
    return refused("belongs to another user than the one running the plugin; it must belong to "
                   "the service's user");
  if (owner_only && (status.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    return refused("may be read or written by others than its owner; make it mode 0600");
  const std::string too_large = "is larger than " + std::to_string(rules.max_bytes) + " bytes";
  if (static_cast<std::uintmax_t>(status.st_size) > rules.max_bytes) return refused(too_large);
  // A regular file never blocks; the flag goes so that a slow file system is read, not skipped.
  if (::fcntl(in.get(), F_SETFL, ::fcntl(in.get(), F_GETFL) & ~O_NONBLOCK) != 0)
    return refused("cannot be read (" + std::generic_category().message(errno) + ")");
  // One byte more than it holds: a file that grew since fstat is refused, not cut short.
  std::string bytes(static_cast<std::size_t>(status.st_size) + 1, '\0');
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t got = ::read(in.get(), bytes.data() + filled, bytes.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return refused("cannot be read (" + std::generic_category().message(errno) + ")");
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  if (filled == bytes.size()) return refused("changed while it was read; try again");
  bytes.resize(filled);
  return bytes;
}

}  // namespace zvhpga::files
