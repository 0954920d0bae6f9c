#include "cli/replay_command.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "emulators/scenario.h"
#include "emulators/session.h"

namespace swivel::cli {

namespace {

struct ReplayOptions {
    std::string file;
    std::optional<std::uint64_t> step;
    std::optional<std::string> time;
    bool json = false;
};

using Row = std::vector<std::string>;

// Left-aligned columns, two spaces apart, no trailing blanks.
void printTable(std::ostream& out, const Row& header, const std::vector<Row>& rows) {
    std::vector<std::size_t> widths(header.size(), 0);
    const auto measure = [&](const Row& row) {
        for (std::size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    };
    measure(header);
    for (const Row& row : rows)
        measure(row);
    const auto print = [&](const Row& row) {
        std::string line = "  ";
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size())
                line += std::string(widths[c] - row[c].size() + 2, ' ');
        }
        out << line << '\n';
    };
    print(header);
    for (const Row& row : rows)
        print(row);
}

// Virtual time as people read it: "12.436 s", to the millisecond.
std::string secondsText(emu::VirtualTime time) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f s", emu::toSeconds(time));
    return text;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string text;
    for (const std::string& part : parts)
        text += (text.empty() ? "" : ", ") + part;
    return text;
}

void printState(std::ostream& out, const std::string& file, const emu::Session& session,
                const emu::SystemState& state) {
    out << file << ": step " << state.step << " of " << session.lastStep() << ", at "
        << secondsText(state.time) << " (the last step at " << secondsText(session.duration()) << ")\n";

    out << "devices (" << state.devices.size() << "):\n";
    std::vector<Row> devices;
    for (const emu::DeviceStateSnapshot& device : state.devices)
        devices.push_back({device.id, std::to_string(device.version), joined(device.configuration)});
    printTable(out, {"DEVICE", "VERSION", "CONFIGURATION"}, devices);

    if (state.inFlight.empty()) {
        out << "messages in flight: none\n";
    } else {
        out << "messages in flight (" << state.inFlight.size() << "):\n";
        std::vector<Row> messages;
        for (const emu::MessageSnapshot& message : state.inFlight)
            messages.push_back({std::to_string(message.id), emu::toString(message.kind),
                                message.device, message.name,
                                message.payload.empty() ? "" : message.payload.dump(),
                                secondsText(message.sentAt)});
        printTable(out, {"ID", "KIND", "DEVICE", "NAME", "PAYLOAD", "SENT AT"}, messages);
    }

    if (state.running.empty()) {
        out << "running instances: none\n";
    } else {
        out << "running instances (" << state.running.size() << "):\n";
        std::vector<Row> running;
        for (const emu::InstanceSnapshot& instance : state.running)
            running.push_back({std::to_string(instance.invocation), std::to_string(instance.instance),
                               instance.device, std::to_string(instance.message),
                               emu::toString(instance.phase), std::to_string(instance.attempt),
                               secondsText(instance.startedAt)});
        printTable(out, {"INVOCATION", "INSTANCE", "DEVICE", "MESSAGE", "PHASE", "ATTEMPT", "STARTED AT"},
                   running);
    }
}

ExitCode replaySession(const ReplayOptions& options, Io io) {
    std::optional<emu::VirtualTime> time;
    if (options.time) {
        time = emu::parseDuration(*options.time);
        if (!time) {
            io.err << "swivel-cli replay: --time " << *options.time
                   << " is not a duration (e.g. 12.5s, 800ms, 2min)\n";
            return ExitCode::Usage;
        }
    }
    std::string error;
    const std::unique_ptr<emu::Session> session = emu::Session::open(options.file, error);
    if (!session) {
        io.err << "swivel-cli replay: " << error << '\n';
        return ExitCode::Usage;
    }
    std::uint64_t step = session->lastStep();
    if (options.step) {
        if (*options.step > session->lastStep()) {
            io.err << "swivel-cli replay: step " << *options.step << " is past the end of "
                   << options.file << " (its last step is " << session->lastStep() << ")\n";
            return ExitCode::Usage;
        }
        step = *options.step;
    }
    try {
        if (time)
            step = session->stepAtTime(*time);
        const emu::SystemState state = session->stateAt(step);
        if (options.json)
            io.out << emu::toJson(state).dump(2) << '\n';
        else
            printState(io.out, options.file, *session, state);
    } catch (const std::exception& fault) {
        io.err << "swivel-cli replay: " << fault.what() << '\n';
        return ExitCode::Usage;
    }
    return ExitCode::Ok;
}

} // namespace

void addReplayCommand(CLI::App& app, Io io, ExitCode& result) {
    auto options = std::make_shared<ReplayOptions>();
    CLI::App* command = app.add_subcommand(
        "replay", "Print the whole emulated system at one step of a recorded session");
    command->footer(
        "Prints the time and step, every device's version and configuration, the messages\n"
        "in flight and the instances running; at the end of the run unless --step or --time\n"
        "says otherwise. --time takes the last step at or before T.\n"
        "Example: swivel-cli replay s.db --time 12.5s --json\n"
        "Exit status: 0 done, 2 unusable arguments or a broken session file.");
    command->add_option("SESSION", options->file, "a session recorded by simulate --record")
        ->required();
    CLI::Option* step = command->add_option("--step", options->step,
                                            "the step (0: the set-up before the first event)");
    CLI::Option* time = command->add_option(
        "--time", options->time, "a point in virtual time, e.g. 12.5s, 800ms, 2min");
    step->excludes(time);
    command->add_flag("--json", options->json,
                      "print JSON: {step, time_us, devices, inFlight, running}");
    command->callback([options, io, &result] { result = replaySession(*options, io); });
}

} // namespace swivel::cli
