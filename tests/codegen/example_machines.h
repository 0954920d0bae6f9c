#pragma once
// The shipped example machines, for the code generators' tests.

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/machine_file.h"

namespace swivel::test {

inline std::vector<std::string> exampleFiles() {
    std::vector<std::string> files;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(SWIVEL_SOURCE_RESOURCES) + "/examples"))
        if (entry.path().string().ends_with(".swivel.json"))
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

inline model::Machine loadExample(const std::string& path) {
    model::LoadResult load = model::loadMachineFile(path);
    if (!load.machine)
        throw std::runtime_error("cannot load " + path);
    return *load.machine;
}

inline model::Machine cameraExample() {
    return loadExample(std::string(SWIVEL_SOURCE_RESOURCES) +
                       "/examples/camera-point-focus-shoot.swivel.json");
}

} // namespace swivel::test
