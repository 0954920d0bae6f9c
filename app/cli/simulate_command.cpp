#include "cli/simulate_command.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <unistd.h>

#include "cli/diagnostic_format.h"
#include "common/machine_check.h"
#include "emulators/scenario.h"
#include "emulators/session.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"

namespace swivel::cli {

namespace {

struct SimulateOptions {
    std::string file;
    std::optional<std::uint64_t> seed;
    std::optional<int> devices;
    std::string duration;
    std::string record;
    bool json = false;
};

bool isMachineFile(const std::string& path) {
    const std::string suffix = ".swivel.json";
    return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Spreads `total` devices over the groups in proportion to their counts (each keeps
// at least one), so a mixed fleet keeps its mix.
void scaleDevices(emu::Scenario& scenario, int total) {
    long before = 0;
    for (const emu::DeviceGroup& group : scenario.devices)
        before += group.count;
    if (before <= 0 || scenario.devices.empty())
        return;
    int assigned = 0;
    for (std::size_t i = 0; i < scenario.devices.size(); ++i) {
        emu::DeviceGroup& group = scenario.devices[i];
        if (i + 1 == scenario.devices.size()) {
            group.count = std::max(1, total - assigned);
        } else {
            group.count = std::max(1, static_cast<int>(std::llround(static_cast<double>(total) * group.count / before)));
        }
        assigned += group.count;
    }
}

std::string withThousands(std::uint64_t value) {
    std::string digits = std::to_string(value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

// "1 cold start", "2,014 cold starts"
std::string counted(std::uint64_t value, const std::string& noun) {
    return withThousands(value) + " " + noun + (value == 1 ? "" : "s");
}

std::string bytesText(std::uint64_t bytes) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1);
    if (bytes >= 1000000000)
        out << bytes / 1e9 << " GB";
    else if (bytes >= 1000000)
        out << bytes / 1e6 << " MB";
    else if (bytes >= 1000)
        out << bytes / 1e3 << " kB";
    else
        out << bytes << " B";
    return out.str();
}

std::string millisecondsText(double microseconds) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(microseconds < 10000 ? 1 : 0) << microseconds / 1000.0 << " ms";
    return out.str();
}

void printSummary(std::ostream& out, const emu::Scenario& scenario, std::size_t deviceCount,
                  const emu::SimulationSummary& s, double wallSeconds) {
    out << (scenario.name.empty() ? "Scenario" : scenario.name) << ": "
        << withThousands(deviceCount) << (deviceCount == 1 ? " device, " : " devices, ")
        << emu::formatDuration(s.time) << " of virtual time, seed " << scenario.seed << '\n';
    out << "Ran " << withThousands(s.steps) << " steps in " << std::fixed << std::setprecision(2)
        << wallSeconds << " s";
    if (wallSeconds > 0)
        out << " (" << std::setprecision(0) << emu::toSeconds(s.time) / wallSeconds << "x real time)";
    out << "\n\n";
    auto row = [&out](const std::string& label, const std::string& value) {
        out << "  " << std::left << std::setw(26) << label << value << '\n';
    };
    row("device events", withThousands(s.deviceEvents));
    row("deliveries", withThousands(s.deliveries) + " (" + withThousands(s.redeliveries) + " redelivered)");
    row("invocations", withThousands(s.invocations) + " (" + counted(s.coldStarts, "cold start") + ", peak " +
                           counted(static_cast<std::uint64_t>(s.peakInstances), "instance") + ")");
    row("applied", withThousands(s.applied));
    row("conflicts", withThousands(s.conflicts));
    row("retries", withThousands(s.retries));
    row("duplicates suppressed", withThousands(s.duplicatesSuppressed));
    row("stale timers ignored", withThousands(s.staleTimers));
    row("timers cancelled", withThousands(s.timersCancelled));
    row("timeouts", withThousands(s.timeouts));
    row("dead-lettered", withThousands(s.deadLettered));
    if (s.effectsForgotten > 0)
        row("commands not re-sent", withThousands(s.effectsForgotten) + " (duplicates of events applied long ago)");
    row("commands", withThousands(s.commands) + " (" + withThousands(s.commandsDelivered) + " delivered)");
    row("service calls", withThousands(s.serviceCalls));
    row("messages lost", withThousands(s.messagesLost) + " (" + withThousands(s.messagesDuplicated) +
                             " duplicated by links)");
    row("bytes moved", bytesText(s.bytesUp) + " up, " + bytesText(s.bytesDown) + " down");
    if (s.latencySamples > 0)
        row("event->command latency", "p50 " + millisecondsText(s.latencyP50Us) + ", p95 " +
                                          millisecondsText(s.latencyP95Us) + ", p99 " +
                                          millisecondsText(s.latencyP99Us));
    else
        row("event->command latency", "no command answered an event");
    row("longest queue", withThousands(s.longestQueue));
    out << "\n  visits per state\n";
    for (const auto& [state, count] : s.visits)
        out << "    " << std::left << std::setw(24) << state << withThousands(count) << '\n';
}

// A one-line bar on a terminal: redrawn in place, gone at the end.
class ProgressBar {
public:
    explicit ProgressBar(bool enabled) : m_enabled(enabled) {}
    void show(double fraction) {
        if (!m_enabled)
            return;
        const int width = 40;
        const int filled = static_cast<int>(fraction * width);
        std::fprintf(stderr, "\r[%s%s] %3d%%", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                     std::string(static_cast<std::size_t>(width - filled), ' ').c_str(),
                     static_cast<int>(fraction * 100));
        std::fflush(stderr);
    }
    void clear() {
        if (m_enabled) {
            std::fprintf(stderr, "\r%60s\r", "");
            std::fflush(stderr);
        }
    }

private:
    bool m_enabled;
};

ExitCode simulate(const SimulateOptions& options, Io io) {
    std::optional<emu::Scenario> scenario;
    if (isMachineFile(options.file)) {
        const app::CheckedFile checked = app::checkMachineFile(options.file);
        if (checked.unreadable || checked.hasErrors() || !checked.load.machine) {
            printDiagnostics(io.out, options.file, checked.diagnostics);
            return checked.unreadable ? ExitCode::Usage : ExitCode::Errors;
        }
        scenario = emu::quickScenario(options.file, checked.load.machine->deviceType);
    } else {
        if (!std::filesystem::exists(options.file)) {
            io.err << "swivel-cli simulate: cannot read " << options.file << ": no such file\n";
            return ExitCode::Usage;
        }
        std::vector<model::Diagnostic> diagnostics;
        scenario = emu::loadScenarioFile(options.file, diagnostics);
        if (!scenario || model::hasErrors(diagnostics)) {
            printDiagnostics(io.out, options.file, diagnostics);
            return ExitCode::Errors;
        }
        if (!diagnostics.empty())
            printDiagnostics(io.err, options.file, diagnostics);
    }
    if (options.seed)
        scenario->seed = *options.seed;
    if (options.devices) {
        if (*options.devices < 1) {
            io.err << "swivel-cli simulate: --devices must be at least 1\n";
            return ExitCode::Usage;
        }
        scaleDevices(*scenario, *options.devices);
    }
    if (!options.duration.empty()) {
        const std::optional<emu::VirtualTime> duration = emu::parseDuration(options.duration);
        if (!duration || *duration <= 0) {
            io.err << "swivel-cli simulate: --duration " << options.duration
                   << ": expected a time such as 60s, 1.5min or 500ms\n";
            return ExitCode::Usage;
        }
        scenario->duration = *duration;
    }

    const app::CheckedFile machineFile = app::checkMachineFile(scenario->machineFile);
    if (machineFile.unreadable || machineFile.hasErrors() || !machineFile.load.machine) {
        io.err << "swivel-cli simulate: the scenario's machine has errors:\n";
        printDiagnostics(io.err, scenario->machineFile, machineFile.diagnostics);
        return machineFile.unreadable ? ExitCode::Usage : ExitCode::Errors;
    }

    std::unique_ptr<emu::Simulator> simulator;
    try {
        simulator = std::make_unique<emu::Simulator>(*scenario, *machineFile.load.machine,
                                                     model::DeviceCatalog::builtin());
    } catch (const std::exception& error) {
        io.err << "swivel-cli simulate: " << options.file << ": " << error.what() << '\n';
        return ExitCode::Errors;
    }
    std::unique_ptr<emu::SessionRecorder> recorder;
    if (!options.record.empty()) {
        try {
            recorder = std::make_unique<emu::SessionRecorder>(options.record);
        } catch (const std::exception& error) {
            io.err << "swivel-cli simulate: " << error.what() << '\n';
            return ExitCode::Usage;
        }
        simulator->addObserver(recorder.get());
    }

    ProgressBar bar(&io.err == &std::cerr && isatty(STDERR_FILENO) && !options.json);
    const auto started = std::chrono::steady_clock::now();
    simulator->run([&bar](double fraction) { bar.show(fraction); });
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    bar.clear();
    recorder.reset();  // closes the database before we say it is there

    const emu::SimulationSummary& summary = simulator->summary();
    if (options.json) {
        nlohmann::ordered_json json;
        json["scenario"] = scenario->name;
        json["seed"] = scenario->seed;
        json["devices"] = simulator->devices().size();
        json["summary"] = summary.toJson();
        if (!options.record.empty())
            json["record"] = options.record;
        io.out << json.dump(2) << '\n';
    } else {
        printSummary(io.out, *scenario, simulator->devices().size(), summary, wall);
        if (!options.record.empty())
            io.out << "\nRecorded to " << options.record << " (swivel-cli replay " << options.record
                   << " --step N)\n";
    }
    return ExitCode::Ok;
}

} // namespace

void addSimulateCommand(CLI::App& app, Io io, ExitCode& result) {
    auto options = std::make_shared<SimulateOptions>();
    CLI::App* command = app.add_subcommand(
        "simulate", "Run a scenario of devices, links, function host and store; print a summary");
    command->footer(
        "SCENARIO is a *.scenario.json (see docs/scenarios.md) or a *.swivel.json machine\n"
        "(then one device of its type for 60 s).\n"
        "Example: swivel-cli simulate resources/scenarios/camera-walkthrough.scenario.json --record s.db\n"
        "Exit status: 0 done, 1 the scenario or its machine has errors, 2 unusable arguments.");
    command->add_option("SCENARIO", options->file, "the *.scenario.json (or a *.swivel.json)")->required();
    command->add_option("--seed", options->seed, "the random seed (default: the scenario's)");
    command->add_option("--devices", options->devices,
                        "how many devices in all (the scenario's groups keep their proportions)");
    command->add_option("--duration", options->duration, "virtual time to run, e.g. 60s, 10min, 500ms");
    command->add_option("--record", options->record, "record the session into this SQLite file");
    command->add_flag("--json", options->json, "print the summary as JSON");
    command->callback([options, io, &result] { result = simulate(*options, io); });
}

} // namespace swivel::cli
