// Fuzz target: the session database opener and its queries, on mutated SQLite files
// (seeds: small recorded sessions, vacuumed to 512-byte pages). SQLite reads files, so
// each input is written to a file of this process first. The queries may throw
// std::runtime_error on damage open() could not see (session.h); anything else -- a
// crash, another exception, a sanitizer report -- is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "emulators/session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace swivel;
    static const std::string path =
        "/tmp/swivel-fuzz-session-" + std::to_string(::getpid()) + ".db";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    std::string error;
    const auto session = emu::Session::open(path, error);
    if (session) {
        try {
            const std::uint64_t last = session->lastStep();
            (void)session->duration();
            (void)session->seed();
            (void)session->scenario();
            (void)session->summary();
            (void)session->machineJson();
            (void)session->devices();
            (void)session->stepAtTime(session->duration() / 2);
            (void)session->stateAt(last / 2);
            (void)session->stateAt(last);
            (void)session->appliedEvents();
        } catch (const std::runtime_error&) {
            // damage reported as documented
        }
    }
    std::remove(path.c_str());
    return 0;
}
