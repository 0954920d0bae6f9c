#include "session_fault.h"

namespace swivel::emu {

namespace {

bool mentions(std::string_view text, std::string_view words) {
    return text.find(words) != std::string_view::npos;
}

// SQLite's messages (sqlite3_errstr) for the faults a file can have, in plain words.
std::string explained(const std::string& path, std::string_view reason) {
    // Built by appending: GCC 12 warns falsely (-Wrestrict) on "(" + std::string&&.
    std::string quoted = "(";
    quoted.append(reason).append(")");
    // SQLITE_CORRUPT: a page that is not what its parent says (cut off, overwritten).
    // SQLITE_ERROR "unsupported file format": header fields no SQLite writes.
    if (mentions(reason, "database disk image is malformed") || mentions(reason, "malformed database schema")
        || reason == "unsupported file format")
        return "damaged session " + quoted + "; it may have been truncated or overwritten";
    // SQLITE_BUSY: another program holds a write lock on the file.
    if (mentions(reason, "database is locked"))
        return "the file is locked by another program " + quoted + "; try again once it is done";
    // SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM.
    if (mentions(reason, "disk I/O error") || mentions(reason, "unable to open database file")
        || mentions(reason, "access permission denied"))
        return "cannot read the file " + quoted;
    // SQLITE_READONLY: only a journal left by a writer that stopped mid-change makes
    // a read need a write (SQLite must roll the change back first).
    if (mentions(reason, "attempt to write a readonly database"))
        return "a change left unfinished in " + path + "-journal must be rolled back first, "
               "which reading a session cannot do " + quoted;
    return std::string(reason);
}

} // namespace

std::string sessionFaultMessage(const std::string& path, std::string_view reason) {
    return path + ": " + explained(path, reason);
}

} // namespace swivel::emu
