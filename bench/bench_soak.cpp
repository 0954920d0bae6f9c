// The emulator's soak (issue 9, "Fault injection"): the camera farm (1,000 cameras,
// resources/scenarios/camera-farm.scenario.json) for one hour of virtual time with
// every fault on at once: lossy, duplicating, reordering links with rotating outages;
// instances dying after their put; the store unavailable and slow in windows; the
// PhotoInterest µ-service slow (timing out) and down in windows; groups of cameras
// rebooting. Without recording. At the end the invariants must hold (else the
// violations go to stderr and the program exits with 1), and the heap must stay flat:
// it is sampled every virtual minute and reported per five-minute checkpoint. One JSON
// line per figure (bench/report.h); see bench/README.md.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/emulator/memory.h"
#include "bench/report.h"
#include "emulators/scenario.h"
#include "emulators/simulator.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/resources.h"

using namespace swivel;
using namespace swivel::bench;

namespace {

constexpr emu::VirtualTime minutes(std::int64_t count) {
    return emu::seconds(60 * count);
}

constexpr emu::VirtualTime kDuration = minutes(60);
constexpr emu::VirtualTime kSample = minutes(1);
constexpr int kSamplesPerCheckpoint = 5;  // a checkpoint every five minutes

void line(const std::string& metric, double value, const std::string& unit, double baseline) {
    report("soak", metric, value, unit, baseline);
}

std::string twoDigits(long long n) {
    return (n < 10 ? "0" : "") + std::to_string(n);
}

// Every fault the scenario format has, on the farm's one group of cameras ("cam-0001"
// to "cam-1000"; "cam-0X" names a hundred of them, "cam-0XY" ten).
void turnEveryFaultOn(emu::Scenario& scenario) {
    scenario.duration = kDuration;
    emu::LinkSettings& link = scenario.devices.at(0).link;
    link.loss = 0.002;
    link.duplication = 0.02;
    link.reordering = 0.05;
    link.reorderDelayMs = 300;
    for (int k = 0; k < 12; ++k) {  // every 5 min a hundred cameras lose their link for 30 s
        const emu::VirtualTime from = minutes(5 * k) + minutes(2);
        link.outages.push_back({from, from + emu::seconds(30), "cam-0" + std::to_string(k % 10)});
    }
    scenario.host.crashAfterPut = 0.01;
    scenario.host.timeoutMs = 5000;
    for (int k = 0; k < 6; ++k) {  // every 10 min: the store down for 20 s, then slow for 30 s
        const emu::VirtualTime from = minutes(10 * k) + minutes(4);
        emu::StoreFault down;
        down.mode = emu::StoreFault::Mode::Unavailable;
        down.window = {from, from + emu::seconds(20), ""};
        emu::StoreFault slow;
        slow.mode = emu::StoreFault::Mode::Slow;
        slow.factor = 50;
        slow.window = {from + emu::seconds(20), from + emu::seconds(50), ""};
        scenario.store.faults.push_back(down);
        scenario.store.faults.push_back(slow);
    }
    emu::ServiceSettings photoInterest;
    photoInterest.service = "PhotoInterest";
    photoInterest.latencyMinMs = 100;
    photoInterest.latencyMaxMs = 2000;
    photoInterest.timeoutMs = 1500;  // about a quarter of the calls time out
    for (int k = 0; k < 4; ++k) {    // and it is down for a minute every quarter of an hour
        const emu::VirtualTime from = minutes(15 * k) + minutes(7);
        photoInterest.faults.push_back({from, from + minutes(1), ""});
    }
    scenario.services = {photoInterest};
    for (int k = 0; k < 30; ++k)  // every 2 min ten cameras reboot, dark for 20 s
        scenario.reboots.push_back(
            {minutes(2 * k) + emu::seconds(45), "cam-0" + twoDigits((7 * k + 3) % 100), emu::seconds(20)});
}

} // namespace

int main() {
    try {
        const std::string resources = model::resourcesDirectory();
        std::vector<model::Diagnostic> diagnostics;
        std::optional<emu::Scenario> scenario =
            emu::loadScenarioFile(resources + "/scenarios/camera-farm.scenario.json", diagnostics);
        if (!scenario) {
            std::fprintf(stderr, "cannot load the camera farm scenario\n");
            return 1;
        }
        const model::LoadResult machine = model::loadMachineFile(scenario->machineFile);
        if (!machine.machine) {
            std::fprintf(stderr, "cannot load %s\n", scenario->machineFile.c_str());
            return 1;
        }
        turnEveryFaultOn(*scenario);

        const std::size_t heapBefore = heapBytesInUse();
        const std::size_t residentBefore = residentBytes();
        const auto begin = std::chrono::steady_clock::now();
        auto simulator = std::make_unique<emu::Simulator>(*scenario, *machine.machine,
                                                          model::DeviceCatalog::builtin());
        // Heap above the baseline, at its highest in each checkpoint's five minutes.
        std::vector<double> checkpointPeak;
        std::vector<double> checkpointResident;
        double samplingSeconds = 0;
        double peak = 0;
        for (int sample = 1; sample * kSample <= kDuration; ++sample) {
            simulator->runUntil(sample * kSample);
            const auto sampleBegin = std::chrono::steady_clock::now();
            peak = std::max(peak, static_cast<double>(heapBytesInUse()) - static_cast<double>(heapBefore));
            if (sample % kSamplesPerCheckpoint == 0) {
                checkpointPeak.push_back(peak);
                checkpointResident.push_back(static_cast<double>(residentBytes()) -
                                             static_cast<double>(residentBefore));
                peak = 0;
            }
            samplingSeconds +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - sampleBegin).count();
        }
        simulator->finish();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count() - samplingSeconds;
        const emu::SimulationSummary& s = simulator->summary();
        const std::vector<std::string> violations = simulator->checkInvariants();

        // The first checkpoint holds the set-up's growth (pools, instances warming up):
        // flat means the last one is no higher than the second.
        const double at10 = checkpointPeak.at(1), at60 = checkpointPeak.back();
        for (std::size_t c = 0; c < checkpointPeak.size(); ++c) {
            const std::string minutes = twoDigits(static_cast<long long>(5 * (c + 1)));
            line("heap_bytes_peak_" + minutes + "min", checkpointPeak[c], "bytes", at10);
        }
        line("heap_bytes_peak_60min_vs_10min", at60, "bytes", at10);
        line("resident_bytes_60min_vs_10min", checkpointResident.back(), "bytes", checkpointResident.at(1));
        line("device_events", static_cast<double>(s.deviceEvents), "events", 0);
        line("steps", static_cast<double>(s.steps), "steps", 0);
        line("device_events_per_s", static_cast<double>(s.deviceEvents) / seconds, "events/s", 0);
        line("steps_per_s", static_cast<double>(s.steps) / seconds, "steps/s", 0);
        line("wall_seconds", seconds, "s", 0);
        line("invariant_violations", static_cast<double>(violations.size()), "violations", 0);
        // The faults struck: each count above zero.
        line("messages_lost", static_cast<double>(s.messagesLost), "messages", 0);
        line("messages_duplicated", static_cast<double>(s.messagesDuplicated), "messages", 0);
        line("duplicates_suppressed", static_cast<double>(s.duplicatesSuppressed), "deliveries", 0);
        line("crashes", static_cast<double>(s.crashes), "invocations", 0);
        line("timeouts", static_cast<double>(s.timeouts), "invocations", 0);
        line("redeliveries", static_cast<double>(s.redeliveries), "deliveries", 0);
        line("dead_lettered", static_cast<double>(s.deadLettered), "messages", 0);
        line("effects_forgotten", static_cast<double>(s.effectsForgotten), "deliveries", 0);
        line("stale_timers", static_cast<double>(s.staleTimers), "timers", 0);
        line("service_timeouts", static_cast<double>(s.serviceTimeouts), "calls", static_cast<double>(s.serviceCalls));
        line("reboots", static_cast<double>(s.reboots), "devices", 0);
        const bool flat = at60 <= 1.1 * at10;
        std::fprintf(stderr, "soak: heap %s (peak %.0f bytes at 10 min, %.0f at 60 min)\n",
                     flat ? "flat" : "GROWING", at10, at60);
        for (const std::string& violation : violations)
            std::fprintf(stderr, "soak: invariant violated: %s\n", violation.c_str());
        if (!violations.empty())
            return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
