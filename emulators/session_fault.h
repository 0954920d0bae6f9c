#pragma once
// The one message a reader of a session gives for a fault of its file: the file's
// name, then the fault in plain words. SQLite reports damage lazily, at whichever
// query first reads a bad page, and in its own terse words ("database disk image is
// malformed", "database is locked"); every reader of a session (Session,
// SessionHistory, readSessionTimeline) passes what it caught through here, so that
// the CLI and the studio say the same thing wherever the damage was met.

#include <string>
#include <string_view>

namespace swivel::emu {

// "PATH: reason", with SQLite's words for a damaged, locked or unreadable file
// explained ("PATH: damaged session (database disk image is malformed); it may have
// been truncated or overwritten"). A reason of Swivel's own is kept as it is.
std::string sessionFaultMessage(const std::string& path, std::string_view reason);

} // namespace swivel::emu
