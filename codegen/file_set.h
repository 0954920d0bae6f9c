#pragma once
// What a generator produces: files by relative path, in memory. Tests compare file
// sets; the CLI and the studio write them out (see write_file_set.h).

#include <map>
#include <string>
#include <vector>

namespace swivel::codegen {

class FileSet {
public:
    // Adds or replaces a file. Paths are relative, '/'-separated, without "..".
    void add(const std::string& path, std::string contents);
    bool contains(const std::string& path) const;
    const std::string* find(const std::string& path) const;
    std::vector<std::string> paths() const;  // sorted
    std::size_t size() const { return m_files.size(); }
    const std::map<std::string, std::string>& files() const { return m_files; }

    // True when `path` is a safe relative path: no absolute path, no "..", no empty
    // or "." segments, no backslash or NUL. Generators only ever produce such paths.
    static bool isSafePath(const std::string& path);

private:
    std::map<std::string, std::string> m_files;
};

} // namespace swivel::codegen
