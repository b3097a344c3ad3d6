// Replays fuzz inputs through a target without libFuzzer, so that every corpus file runs as an
// ordinary test in every build (g++, sanitizers). Arguments: files or directories of inputs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int replay(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy in a buffer of exactly the input's size, as libFuzzer passes it, so ASan sees any
  // read past the end.
  std::vector<std::uint8_t> exact(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(exact.data(), exact.size());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  int replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path path(argv[i]);
    if (std::filesystem::is_directory(path)) {
      for (const auto& entry : std::filesystem::directory_iterator(path))
        if (entry.is_regular_file()) replayed += replay(entry.path());
    } else {
      replayed += replay(path);
    }
  }
  std::printf("replayed %d inputs\n", replayed);
  // An empty corpus would make this test pass without testing anything.
  return replayed > 0 ? 0 : 1;
}
