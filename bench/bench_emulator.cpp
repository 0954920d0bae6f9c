// The emulator's benchmark (issue 4, "Performance"): one run over one pre-generated
// sequence of 1,000,000 camera events (the lecture's flow: Motion, MoveDone,
// FocusDone, NewIMG, Classified), sent by 1 device and by 10,000 devices round robin.
//   (a) a hand-written switch machine, state in a vector: the baseline;
//   (b) Swivel's stepInPlace on the camera example: target >= 0.2x (a);
//   (c) the handler pattern (read, step, put-if-version, send) with Swivel against the
//       hand-written machine through the same versioned store: target >= 0.5x;
//   (f) Qt SCXML's interpreter on bench/emulator/camera.scxml, the outside reference,
//       with its memory per live machine;
//   (d) the whole emulator at 10,000 devices without recording: target >= 2,000,000
//       device events/s, and under 1 KiB per device;
//   (e) the same recorded into a session file: target >= 250,000 events/s.
// One JSON line per figure (bench/report.h); targets met or missed on stderr. See
// bench/README.md for what each line compares, and for the environment variables that
// run a part of it (SWIVEL_BENCH_MACHINES_ONLY, _EMULATOR_ONLY, _SKIP_RECORDING,
// _RECORDING_ONLY, _SKIP_FLOOR, _KEEP_SESSION).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include <QCoreApplication>
#include <unistd.h>

#include "bench/emulator/camera_sequence.h"
#include "bench/emulator/emulator_run.h"
#include "bench/emulator/machine_runs.h"
#include "bench/emulator/qt_scxml_run.h"
#include "bench/emulator/sqlite_floor.h"
#include "bench/report.h"
#include "model/machine_file.h"
#include "model/resources.h"
#include "model/semantics.h"

using namespace swivel;
using namespace swivel::bench;

namespace {

constexpr std::size_t kEvents = 1000000;
constexpr int kFleet = 10000;
constexpr double kKiB = 1024;
constexpr int kMachinePasses = 3;
// Each Qt SCXML and emulator run stops feeding events after this long, so that the
// whole program stays within about three minutes on a busy machine; its figure is then
// over the events it ran, and stderr says it stopped.
constexpr double kQtBudgetSeconds = 20;
constexpr double kEmulatorBudgetSeconds = 40;
// The recorded run's closing (indexes, checkpoint) comes after its budget and takes
// about as long again: it is part of recording, so it is timed, and the budget shorter.
constexpr double kRecordingBudgetSeconds = 20;

std::string suffixFor(int devices) {
    return devices == 1 ? "1_device" : std::to_string(devices) + "_devices";
}

void line(const std::string& metric, double value, const std::string& unit, double baseline) {
    report("emulator", metric, value, unit, baseline);
}

void target(const std::string& what, bool met, const char* goal) {
    std::fprintf(stderr, "%s: target %s %s\n", what.c_str(), goal, met ? "met" : "MISSED");
}

void reportMachines(const MachineFigures& figures, int devices) {
    const std::string suffix = suffixFor(devices);
    line("hand_switch_events_per_s_" + suffix, figures.handSwitch, "events/s", figures.handSwitch);
    line("swivel_step_events_per_s_" + suffix, figures.swivelStep, "events/s", figures.handSwitch);
    line("hand_store_handler_events_per_s_" + suffix, figures.handHandler, "events/s",
         figures.handHandler);
    line("swivel_handler_events_per_s_" + suffix, figures.swivelHandler, "events/s",
         figures.handHandler);
    target("(b) step, " + suffix, figures.swivelStep >= 0.2 * figures.handSwitch,
           ">= 0.2x hand switch");
    target("(c) handler pattern, " + suffix, figures.swivelHandler >= 0.5 * figures.handHandler,
           ">= 0.5x hand-written store handler");
}

// Qt SCXML on `machines` live machines; false (after saying why) when its machines did
// not do the sequence's work: five commands per flow (camera.scxml's Classified sends
// none) and every machine back in Idle.
bool measureQt(const std::string& scxmlFile, const std::vector<model::Event>& events, int machines,
               double swivelStep, QtScxmlFigures& qt) {
    qt = runQtScxml(scxmlFile, events, roundRobinOrder(kEvents, machines), machines,
                    kQtBudgetSeconds);
    if (qt.commands != qt.eventsRun || !qt.allIdle) {
        std::fprintf(stderr, "Qt SCXML, %d machines: %llu commands for %zu events%s\n", machines,
                     static_cast<unsigned long long>(qt.commands), qt.eventsRun,
                     qt.allIdle ? "" : ", not every machine in Idle");
        return false;
    }
    if (qt.eventsRun < kEvents)
        std::fprintf(stderr,
                     "Qt SCXML, %d machines: STOPPED at the wall-clock budget after %zu events\n",
                     machines, qt.eventsRun);
    const std::string suffix = suffixFor(machines);
    line("qt_scxml_events_per_s_" + suffix, qt.eventsPerSecond, "events/s", swivelStep);
    if (machines > 1) {
        line("qt_scxml_heap_bytes_per_machine_" + suffix, qt.heapBytesPerMachine, "bytes", kKiB);
        std::fprintf(stderr, "Qt SCXML, %d machines: resident %.0f bytes per machine\n", machines,
                     qt.residentBytesPerMachine);
    }
    return true;
}

void describe(const char* which, const EmulatorFigures& figures) {
    const emu::SimulationSummary& summary = figures.summary;
    std::fprintf(stderr,
                 "%s set-up %.2f s; %llu device events, %llu invocations, %llu applied, "
                 "%llu conflicts, peak %d instances, longest queue %llu; heap per device "
                 "%.0f bytes at the peak, %.0f at the end%s\n",
                 which, figures.setupSeconds, static_cast<unsigned long long>(summary.deviceEvents),
                 static_cast<unsigned long long>(summary.invocations),
                 static_cast<unsigned long long>(summary.applied),
                 static_cast<unsigned long long>(summary.conflicts), summary.peakInstances,
                 static_cast<unsigned long long>(summary.longestQueue),
                 figures.peakHeapBytesPerDevice, figures.finalHeapBytesPerDevice,
                 figures.complete ? "" : "; STOPPED at the wall-clock budget");
    for (const std::string& violation : figures.invariantViolations)
        std::fprintf(stderr, "%s invariant violated: %s\n", which, violation.c_str());
}

// (d) and (e) at kFleet devices.
void measureEmulator(const model::Machine& machine, const std::string& machineFile,
                     const std::vector<model::Event>& events, const QtScxmlFigures* qt) {
    const std::vector<std::uint32_t> order = roundRobinOrder(kEvents, kFleet);
    const std::string suffix = suffixFor(kFleet);
    EmulatorRun run;
    run.machine = &machine;
    run.machineFile = machineFile;
    run.events = &events;
    run.order = &order;
    run.devices = kFleet;
    // Under valgrind (instruction counts, not times) the runs must not stop early.
    const bool unbounded = std::getenv("SWIVEL_BENCH_NO_BUDGET") != nullptr;
    run.wallBudgetSeconds = unbounded ? 1e9 : kEmulatorBudgetSeconds;

    if (!std::getenv("SWIVEL_BENCH_RECORDING_ONLY")) {
        const EmulatorFigures plain = runEmulator(run);
        line("emulator_events_per_s_" + suffix, plain.eventsPerSecond, "events/s", 2000000);
        if (qt)
            line("emulator_events_per_s_vs_qt_scxml_" + suffix, plain.eventsPerSecond, "events/s",
                 qt->eventsPerSecond);
        line("emulator_heap_bytes_per_device_" + suffix, plain.peakHeapBytesPerDevice, "bytes",
             kKiB);
        if (qt)
            line("emulator_heap_bytes_per_device_vs_qt_scxml_" + suffix,
                 plain.peakHeapBytesPerDevice, "bytes", qt->heapBytesPerMachine);
        line("emulator_resident_bytes_per_device_" + suffix, plain.residentBytesPerDevice,
             "bytes", kKiB);
        target("(d) emulator", plain.complete && plain.eventsPerSecond >= 2000000,
               ">= 2,000,000 events/s");
        target("(d) emulator memory", plain.peakHeapBytesPerDevice < kKiB, "< 1 KiB per device");
        describe("(d)", plain);
    }
    if (std::getenv("SWIVEL_BENCH_SKIP_RECORDING"))
        return;
    const std::filesystem::path session =
        std::filesystem::temp_directory_path() /
        ("swivel-bench-emulator-" + std::to_string(getpid()) + ".db");
    run.recordPath = session.string();
    run.wallBudgetSeconds = unbounded ? 1e9 : kRecordingBudgetSeconds;
    const EmulatorFigures recorded = runEmulator(run);
    // For profiling (e) alone, and for looking at what it wrote.
    const bool skipFloor = std::getenv("SWIVEL_BENCH_SKIP_FLOOR") != nullptr;
    const SqliteFloor floor =
        skipFloor ? SqliteFloor{} : measureSqliteFloor(run.recordPath, run.recordPath + "-floor");
    if (std::getenv("SWIVEL_BENCH_KEEP_SESSION")) {
        std::fprintf(stderr, "(e) session kept: %s\n", run.recordPath.c_str());
    } else {
        for (const char* suffixOfFile : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(run.recordPath + suffixOfFile);
    }
    line("emulator_recording_events_per_s_" + suffix, recorded.eventsPerSecond, "events/s", 250000);
    target("(e) emulator recording", recorded.complete && recorded.eventsPerSecond >= 250000,
           ">= 250,000 events/s");
    describe("(e)", recorded);
    if (skipFloor)
        return;
    // The same session's rows written by SQLite alone: the most (e) can reach with
    // its schema (sqlite_floor.h).
    const double floorEventsPerSecond =
        static_cast<double>(recorded.summary.deviceEvents) / std::max(floor.seconds, 1e-9);
    line("recording_sqlite_floor_events_per_s_" + suffix, floorEventsPerSecond, "events/s", 250000);
    line("emulator_recording_vs_sqlite_floor_" + suffix, recorded.eventsPerSecond, "events/s",
         floorEventsPerSecond);
    std::fprintf(stderr, "(e) SQLite alone wrote the session's %llu rows in %.2f s (%.0f rows/s)\n",
                 static_cast<unsigned long long>(floor.rows), floor.seconds,
                 static_cast<double>(floor.rows) / std::max(floor.seconds, 1e-9));
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication application(argc, argv); // Qt SCXML's machines need its event loop
    const std::string resources = model::resourcesDirectory();
    const std::string machineFile = resources + "/examples/camera-point-focus-shoot.swivel.json";
    const std::string scxmlFile = resources + "/../bench/emulator/camera.scxml";

    model::LoadResult loaded = model::loadMachineFile(machineFile);
    const auto compiled =
        loaded.machine ? model::CompiledMachine::compile(*loaded.machine) : nullptr;
    if (!compiled) {
        std::fprintf(stderr, "cannot load and compile %s\n", machineFile.c_str());
        return 1;
    }
    const std::vector<model::Event> events = cameraSequence(kEvents);

    try {
        if (std::getenv("SWIVEL_BENCH_EMULATOR_ONLY") || std::getenv("SWIVEL_BENCH_RECORDING_ONLY")) {
            measureEmulator(*loaded.machine, machineFile, events, nullptr);
            return 0;
        }
        // (a), (b) and (c) alone, for work on the stepper: seconds instead of minutes.
        const bool machinesOnly = std::getenv("SWIVEL_BENCH_MACHINES_ONLY") != nullptr;
        QtScxmlFigures qtFleet;
        for (const int devices : {1, kFleet}) {
            MachineFigures figures;
            std::string error;
            if (!measureMachines(*compiled, events, roundRobinOrder(kEvents, devices), devices,
                                 kMachinePasses, figures, error)) {
                std::fprintf(stderr, "%s\n", error.c_str());
                return 1;
            }
            reportMachines(figures, devices);
            if (machinesOnly)
                continue;
            if (!measureQt(scxmlFile, events, devices, figures.swivelStep, qtFleet))
                return 1;
        }
        if (!machinesOnly)
            measureEmulator(*loaded.machine, machineFile, events, &qtFleet);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
