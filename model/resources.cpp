#include "resources.h"

#include <cstdlib>
#include <filesystem>

namespace swivel::model {

std::string resourcesDirectory() {
    namespace fs = std::filesystem;
    if (const char* variable = std::getenv("SWIVEL_RESOURCES"); variable != nullptr && *variable != 0) {
        return variable;
    }
    std::error_code error;
#ifdef SWIVEL_SOURCE_RESOURCES
    if (fs::is_directory(SWIVEL_SOURCE_RESOURCES, error)) {
        return SWIVEL_SOURCE_RESOURCES;
    }
#endif
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (error) {
        return "share/swivel/resources";  // relative to wherever we run: the best guess left
    }
    return (executable.parent_path() / ".." / "share" / "swivel" / "resources")
        .lexically_normal()
        .string();
}

} // namespace swivel::model
