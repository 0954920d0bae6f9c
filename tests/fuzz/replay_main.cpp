// The regression replay of a fuzz target, for ordinary (non-libFuzzer) builds: feeds
// every file of the target's seed corpus and regression folder to
// LLVMFuzzerTestOneInput. A fixed finding that comes back crashes here (and the
// sanitizer build reports it); an input that once hung has a time limit in CTest.
#include <algorithm>
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

std::vector<std::filesystem::path> inputsIn(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error))
        if (entry.is_regular_file() && entry.path().filename() != "README.md")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

// Arguments: the folders to replay; by default the target's corpus/<target> and
// regressions/<target> (compiled in by tests/fuzz/CMakeLists.txt).
int main(int argc, char** argv) {
    std::vector<std::filesystem::path> folders(argv + 1, argv + argc);
    if (folders.empty())
        folders = {SWIVEL_FUZZ_CORPUS, SWIVEL_FUZZ_REGRESSIONS};
    std::size_t replayed = 0;
    for (const auto& folder : folders) {
        for (const auto& file : inputsIn(folder)) {
            std::ifstream in(file, std::ios::binary);
            const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                          std::istreambuf_iterator<char>()};
            std::printf("replay %s\n", file.string().c_str());
            std::fflush(stdout);
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                   bytes.size());
            ++replayed;
        }
    }
    std::printf("%zu inputs replayed\n", replayed);
    // A target whose folders are all missing or empty replays nothing: a broken setup.
    return replayed > 0 ? 0 : 1;
}
