#pragma once
// Writing a whole file so that readers see the old file or the new one, never a torn
// one: a temporary file beside the target, fsync, rename over it, fsync of the folder.
// What saveMachineFile and `swivel-cli export` write with.

#include <string>
#include <string_view>

namespace swivel::model {

// False with `error` set ("cannot write PATH: reason"); no temporary file is left
// behind then, and an existing file at `path` is unchanged. A symbolic link at `path`
// keeps pointing at the file it names, which gets the new contents; a replaced file
// keeps its permissions. Temporaries that killed saves of the same file left behind
// (their process is gone) are removed.
bool writeFileAtomically(const std::string& path, std::string_view contents, std::string& error);

} // namespace swivel::model
