#include "atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace swivel::model {

namespace {

namespace fs = std::filesystem;

// The file a path names: through a symbolic link, so that the link survives.
fs::path resolvedTarget(const std::string& path) {
    fs::path target(path);
    std::error_code ec;
    if (fs::is_symlink(target, ec)) {
        if (fs::path resolved = fs::canonical(target, ec); !ec)
            return resolved;
    }
    return target;
}

// A new, empty file beside `target` (open for writing), or -1 with errno set.
int createTemporary(const fs::path& target, std::string& temporary) {
    static std::atomic<unsigned> counter{0};
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    for (int attempt = 0; attempt < 100; ++attempt) {
        temporary = (directory / ("." + target.filename().string() + ".tmp-" +
                                  std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                        .string();
        const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

bool writeAll(int fd, std::string_view contents) {
    while (!contents.empty()) {
        const ssize_t written = ::write(fd, contents.data(), contents.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            if (written == 0)
                errno = EIO;
            return false;
        }
        contents.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

} // namespace

bool writeFileAtomically(const std::string& path, std::string_view contents, std::string& error) {
    const auto fail = [&](const char* reason) {
        error = "cannot write " + path + ": " + reason;
        return false;
    };
    const fs::path target = resolvedTarget(path);
    if (target.filename().empty() || target.filename() == "." || target.filename() == "..")
        return fail("not a file name");
    std::string temporary;
    const int fd = createTemporary(target, temporary);
    if (fd < 0)
        return fail(std::strerror(errno));
    // Replacing a file keeps its permissions.
    struct stat existing {};
    if (::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode))
        ::fchmod(fd, existing.st_mode & 07777);

    int code = 0;
    if (!writeAll(fd, contents) || ::fsync(fd) != 0)
        code = errno;
    if (::close(fd) != 0 && code == 0)
        code = errno;
    if (code == 0 && ::rename(temporary.c_str(), target.c_str()) != 0)
        code = errno; // e.g. EISDIR: the target is a directory
    if (code != 0) {
        ::unlink(temporary.c_str());
        return fail(std::strerror(code));
    }
    // Make the rename itself durable.
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return true;
}

} // namespace swivel::model
