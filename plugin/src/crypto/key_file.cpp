#include "crypto/key_file.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

namespace zvhpga::crypto {
namespace {

core::Error key_error(const std::filesystem::path& file, const std::string& why) {
  return {core::ErrorCode::InvalidConfiguration, "The key file " + file.string() + " " + why, {}};
}

struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

core::Result<Key> create_key(const std::filesystem::path& file) {
  Key key(kKeyBytes);
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
    return key_error(file, "could not be made: the random generator failed.");
  // O_EXCL: if two instances race to create the key, one wins and the other reads it.
  FileDescriptor out{::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (out.fd < 0) return key_error(file, "could not be created.");
  if (::write(out.fd, key.data(), key.size()) != static_cast<ssize_t>(key.size()) ||
      ::fsync(out.fd) != 0)
    return key_error(file, "could not be written.");
  return key;
}

}  // namespace

core::Result<Key> load_key(const std::filesystem::path& file, bool create) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) {
    if (create) {
      auto created = create_key(file);
      if (created || ::stat(file.c_str(), &status) != 0) return created;
    } else {
      return key_error(file, "does not exist.");
    }
  }
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    return key_error(file, "may be read or written by others than its owner; make it mode 0600.");
  std::ifstream in(file, std::ios::binary);
  Key key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() != kKeyBytes)
    return key_error(file, "must hold exactly " + std::to_string(kKeyBytes) + " bytes.");
  return key;
}

}  // namespace zvhpga::crypto
