#include "atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <signal.h>
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

// A save killed between creating its temporary and the rename leaves the temporary
// behind (".<file>.tmp-<pid>-<n>"); it will never be renamed once its process is gone,
// so the next save of the same file removes it. Temporaries of running processes
// (a save in progress elsewhere) are left alone.
void removeStaleTemporaries(const fs::path& target) {
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string prefix = "." + target.filename().string() + ".tmp-";
    std::error_code ec;
    for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        // Exactly <pid>-<n> (a pid has at most 9 digits): anything else is some other file's.
        const std::string suffix = name.substr(prefix.size());
        const std::size_t dash = suffix.find('-');
        const auto digits = [](const std::string& text) {
            return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        };
        if (dash == std::string::npos || dash > 9 || !digits(suffix.substr(0, dash)) ||
            !digits(suffix.substr(dash + 1)))
            continue;
        const long pid = std::stol(suffix.substr(0, dash));
        if (pid <= 0 || pid == ::getpid())
            continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)
            continue;
        std::error_code ignored;
        fs::remove(it->path(), ignored);
    }
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
    removeStaleTemporaries(target);
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
