#pragma once
// Writing a generated FileSet into a folder without destroying anyone's work. Beside
// the files goes a manifest, <folder>/.swivel-manifest.json, with the SHA-256 of each
// file as written. On the next run a file is replaced only if it still has that hash
// (or already has the new content); a file changed by hand since, or one Swivel never
// wrote, is refused unless `force`. Files the new set no longer contains stay.

#include <string>
#include <vector>

#include "codegen/file_set.h"

namespace swivel::codegen {

inline constexpr const char* kManifestFileName = ".swivel-manifest.json";

struct WriteConflict {
    std::string path;      // relative, as in the FileSet
    std::string reason;    // "was changed by hand since it was generated", ...
    bool forceable = true; // whether `force` would overwrite it (not a folder)
};

struct WriteResult {
    std::vector<std::string> written;     // created or replaced
    std::vector<std::string> unchanged;   // already had exactly the new content
    std::vector<WriteConflict> conflicts; // refused; then nothing at all was written
    std::vector<std::string> warnings;    // e.g. an unreadable manifest that was ignored
    std::string error; // an I/O failure; the manifest still lists what was written
    bool ok() const { return conflicts.empty() && error.empty(); }
};

// What writing a FileSet into a folder would do to each file, decided before anything
// is written (the studio's Export dialog shows it; writeFileSet acts on it).
enum class FileStatus {
    New,           // not there yet: will be written
    Unchanged,     // already has exactly the new content
    Replaced,      // as Swivel last wrote it: will be replaced by the new content
    ChangedByHand, // changed since Swivel wrote it: protected unless forced
    NotOurs,       // there, but not in the manifest: protected unless forced
    Folder,        // a folder where the file should be: cannot be written at all
};

struct PlannedFile {
    std::string path; // relative, as in the FileSet
    FileStatus status = FileStatus::New;
    std::string reason; // for the protected ones: "was changed by hand since it was generated", ...
};

struct WritePlan {
    std::vector<PlannedFile> files;    // in the FileSet's (sorted) order
    std::vector<std::string> warnings; // e.g. an unreadable manifest that was ignored
    std::string error; // the folder is a file, or a file cannot be read; `files` is then partial
    bool protects() const; // some file is ChangedByHand, NotOurs or Folder
};

// True for the statuses writeFileSet refuses unless `force` (Folder even then).
bool isProtected(FileStatus status);

// Reads the folder and its manifest; writes nothing.
WritePlan planFileSet(const FileSet& files, const std::string& directory);

// `target` (the generator id) is recorded in the manifest.
WriteResult writeFileSet(const FileSet& files, const std::string& directory,
                         const std::string& target, bool force);

} // namespace swivel::codegen
