#include "file_set.h"

#include <stdexcept>

namespace swivel::codegen {

bool FileSet::isSafePath(const std::string& path) {
    if (path.empty() || path.front() == '/')
        return false;
    if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos)
        return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = path.find('/', start);
        const std::string segment =
            path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (segment.empty() || segment == "." || segment == "..")
            return false;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return true;
}

void FileSet::add(const std::string& path, std::string contents) {
    // A generator writing outside its output folder is a bug, never user input.
    if (!isSafePath(path))
        throw std::invalid_argument("unsafe generated path: " + path);
    m_files[path] = std::move(contents);
}

bool FileSet::contains(const std::string& path) const { return m_files.count(path) != 0; }

const std::string* FileSet::find(const std::string& path) const {
    const auto it = m_files.find(path);
    return it == m_files.end() ? nullptr : &it->second;
}

std::vector<std::string> FileSet::paths() const {
    std::vector<std::string> result;
    result.reserve(m_files.size());
    for (const auto& [path, contents] : m_files)
        result.push_back(path);
    return result;
}

} // namespace swivel::codegen
