#pragma once
// The *.swivel.json file format: loading with diagnostics that carry line and
// column, and saving with a stable key and element order (so a one-state edit is a
// small diff and save(load(f)) == f for a file Swivel wrote).

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diagnostic.h"
#include "machine.h"

namespace swivel::model {

// Where each JSON value of a loaded file starts, by JSON pointer ("/states/3/id"),
// and which pointer holds each element ("/states/3" for state id "Idle").
class SourceMap {
public:
    struct Location {
        int line = 0;    // 1-based
        int column = 0;  // 1-based, in bytes
    };
    void setValue(const std::string& pointer, Location location);
    void setElement(const std::string& elementId, const std::string& pointer);
    std::optional<Location> value(const std::string& pointer) const;
    std::optional<std::string> elementPointer(const std::string& elementId) const;

    // Fills line and column of a diagnostic from its element id, field and offset:
    // the nearest located pointer wins; an expression offset moves the column.
    void locate(Diagnostic& diagnostic) const;

private:
    std::unordered_map<std::string, Location> m_values;
    std::unordered_map<std::string, std::string> m_elements;
};

struct LoadResult {
    std::optional<Machine> machine;      // nullopt when the file is unusable
    std::vector<Diagnostic> diagnostics; // located (line/column set where known)
    SourceMap sourceMap;
};

inline constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;

LoadResult loadMachine(std::string_view text);
LoadResult loadMachineFile(const std::string& path);

std::string saveMachine(const Machine& machine);  // UTF-8 JSON text ending in "\n"
// Atomic: writes a temporary file beside `path`, fsyncs, renames over. False + error.
bool saveMachineFile(const Machine& machine, const std::string& path, std::string* error = nullptr);

} // namespace swivel::model
