#include "emulator_run.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "emulators/session.h"
#include "memory.h"
#include "model/device_catalog.h"

namespace swivel::bench {

namespace {

constexpr emu::VirtualTime kSpacing = emu::microseconds(10);
// Events fed per round; the queue holds at most two rounds of the workload (the
// devices' pending events are the harness's, so few of them are held at once).
constexpr std::size_t kRound = 250;
// The heap is sampled every this many rounds (mallinfo2 walks the allocator's bins).
constexpr std::size_t kRoundsPerSample = 40;

emu::VirtualTime sendTime(std::size_t position) {
    return static_cast<emu::VirtualTime>(position + 1) * kSpacing;
}

emu::Scenario benchScenario(const EmulatorRun& run) {
    const emu::VirtualTime lastEvent = sendTime(run.order->size() - 1);
    emu::Scenario scenario;
    scenario.name = "bench_emulator";
    scenario.description = "bench/bench_emulator.cpp: the camera sequence, round robin";
    scenario.machinePath = run.machineFile;
    scenario.machineFile = run.machineFile;

    emu::DeviceGroup cameras;
    cameras.type = "canon-eos-rebel";
    cameras.count = run.devices;
    cameras.idPrefix = "camera-";
    cameras.rateScale = 0;   // no spontaneous Motion: the workload is the sequence
    cameras.replies = false; // no MoveDone of their own either
    cameras.link.latencyMs = 1;
    cameras.link.jitterMs = 0;
    cameras.link.bandwidthKbps = 1e9; // a 3 MB photo takes no time to speak of
    cameras.link.loss = 0;
    scenario.devices = {cameras};

    // At 100,000 events/s of virtual time and ~15 ms per invocation about 1,500
    // instances are busy at once: enough of them that no delivery waits for one.
    scenario.host.maxInstances = 4096;
    scenario.host.coldStartMs = 10;

    emu::ServiceSettings silent;
    silent.service = "PhotoInterest";
    silent.faults = {emu::TimeWindow{0, lastEvent + emu::seconds(60), ""}};
    scenario.services = {silent};

    // After the last event: its commands, and the shooting timeouts armed last expire.
    scenario.duration = lastEvent + emu::seconds(5);
    scenario.seed = 1;
    scenario.source = {{"name", scenario.name}, {"devices", run.devices}};
    return scenario;
}

} // namespace

EmulatorFigures runEmulator(const EmulatorRun& run) {
    EmulatorFigures figures;
    const emu::Scenario scenario = benchScenario(run);
    const std::vector<model::Event>& events = *run.events;
    const std::vector<std::uint32_t>& order = *run.order;
    const std::size_t total = order.size();
    const auto devices = static_cast<std::size_t>(run.devices);

    const std::size_t heapBefore = heapBytesInUse();
    const std::size_t residentBefore = residentBytes();
    std::size_t heapPeak = heapBefore;

    auto begin = std::chrono::steady_clock::now();
    auto simulator =
        std::make_unique<emu::Simulator>(scenario, *run.machine, model::DeviceCatalog::builtin());
    std::unique_ptr<emu::SessionRecorder> recorder;
    if (!run.recordPath.empty()) {
        recorder = std::make_unique<emu::SessionRecorder>(run.recordPath);
        simulator->addObserver(recorder.get());
    }
    auto elapsed = [&begin] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    };
    figures.setupSeconds = elapsed();
    heapPeak = std::max(heapPeak, heapBytesInUse());

    // mallinfo2 walks the allocator's bins: its time is taken out of the run's.
    double samplingSeconds = 0;
    auto sampleHeap = [&] {
        const auto sampleBegin = std::chrono::steady_clock::now();
        heapPeak = std::max(heapPeak, heapBytesInUse());
        samplingSeconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - sampleBegin).count();
    };

    begin = std::chrono::steady_clock::now();
    std::size_t scheduled = 0;
    auto scheduleUpTo = [&](std::size_t end) {
        for (; scheduled < std::min(end, total); ++scheduled)
            simulator->scheduleDeviceEvent(sendTime(scheduled),
                                           static_cast<int>(scheduled % devices),
                                           events[order[scheduled]]);
    };
    scheduleUpTo(kRound);
    figures.complete = true;
    for (std::size_t ran = 0; ran < total; ran += kRound) {
        scheduleUpTo(ran + 2 * kRound); // the next round waits in the queue
        simulator->runUntil(sendTime(std::min(ran + kRound, total) - 1));
        if ((ran / kRound) % kRoundsPerSample == 0)
            sampleHeap();
        if (elapsed() > run.wallBudgetSeconds && ran + kRound < total) {
            figures.complete = false;
            break;
        }
    }
    if (figures.complete)
        simulator->run(); // the tail: the last deliveries, commands and timers
    else
        simulator->finish();
    sampleHeap();
    const double seconds = elapsed() - samplingSeconds;

    figures.summary = simulator->summary();
    figures.eventsPerSecond = static_cast<double>(figures.summary.deviceEvents) / seconds;
    figures.peakHeapBytesPerDevice = bytesEach(heapBefore, heapPeak, devices);
    figures.finalHeapBytesPerDevice = bytesEach(heapBefore, heapBytesInUse(), devices);
    figures.residentBytesPerDevice = bytesEach(residentBefore, residentBytes(), devices);
    figures.invariantViolations = simulator->checkInvariants();
    return figures;
}

} // namespace swivel::bench
