#include "crypto/key_file.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "files/bounded_file.h"

namespace zvhpga::crypto {
namespace {

core::Error key_error(const std::filesystem::path& file, const std::string& why) {
  return core::configuration_error("The key file " + file.string() + " " + why);
}

struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

// Writes the key into a file opened with these extra flags, mode 0600 whatever the umask, and
// syncs it.
core::Status write_key(const std::filesystem::path& file, int flags, const Key& key) {
  const FileDescriptor out{::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600)};
  if (out.fd < 0) return key_error(file, "could not be created.");
  if (::fchmod(out.fd, 0600) != 0 ||
      ::write(out.fd, key.data(), key.size()) != static_cast<ssize_t>(key.size()) ||
      ::fsync(out.fd) != 0)
    return key_error(file, "could not be written.");
  return core::Done{};
}

// A new key from the CSPRNG, written into `file` opened with these extra flags.
core::Result<Key> create_key(const std::filesystem::path& file, int flags) {
  Key key(kKeyBytes);
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
    return key_error(file, "could not be made: the random generator failed.");
  if (auto written = write_key(file, flags, key); !written) return written.error();
  return key;
}

// Makes a rename or a new file in `directory` durable.
bool sync_directory(const std::filesystem::path& directory) {
  const FileDescriptor dir{::open(directory.empty() ? "." : directory.c_str(),
                                  O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  return dir.fd >= 0 && ::fsync(dir.fd) == 0;
}

}  // namespace

core::Result<Key> write_new_key_file(const std::filesystem::path& file) {
  std::filesystem::path temporary = file;
  temporary += ".tmp";
  // O_TRUNC, not O_EXCL: a temporary file left by a killed run is ours to overwrite.
  auto key = create_key(temporary, O_TRUNC);
  if (!key) return key;
  if (auto renamed = replace_key_file(temporary, file); !renamed) return renamed.error();
  return key;
}

core::Status replace_key_file(const std::filesystem::path& from,
                             const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0)
    return key_error(from, "could not be renamed to " + to.string() + ".");
  if (!sync_directory(to.parent_path()))
    return key_error(to, "was renamed, but its directory could not be synced.");
  return core::Done{};
}

core::Result<Key> load_key(const std::filesystem::path& file, bool create) {
  struct stat status {};
  if (create && ::lstat(file.c_str(), &status) != 0 && errno == ENOENT) {
    // O_EXCL (which also refuses a symbolic link): if two instances race to create the key,
    // one wins and the other reads it.
    auto created = create_key(file, O_EXCL);
    if (created) return created;
  }
  auto bytes = files::read_bounded_file(
      file, {"key file", kKeyBytes, files::Access::OwnerOnly});
  if (!bytes) return bytes.error();
  if (bytes->size() != kKeyBytes)
    return key_error(file, "must hold exactly " + std::to_string(kKeyBytes) + " bytes.");
  return Key(bytes->begin(), bytes->end());
}

}  // namespace zvhpga::crypto
