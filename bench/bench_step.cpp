// Swivel's step() on the camera machine against a hand-written switch machine that
// does the same work (the baseline), over one pre-generated sequence of 1,000,000
// camera events, for 1 device and for 10,000 devices round robin.
//   {"bench":"step","metric":"events_per_s_1_device", ...}
// Target (issue 4): step >= 0.2x the hand-written switch.

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/report.h"
#include "model/device_catalog.h"
#include "model/machine_file.h"
#include "model/resources.h"
#include "model/semantics.h"

using namespace swivel::model;

namespace {

constexpr int kEvents = 1000000;

// The lecture's flow with its thumbnails and the classifier's answer, as a device
// would send it: Motion, MoveDone, FocusDone, NewIMG, Classified.
std::vector<Event> cameraSequence() {
    std::vector<Event> events;
    events.reserve(kEvents);
    for (int i = 0; events.size() < static_cast<std::size_t>(kEvents); ++i) {
        const std::string uid = "IMG-" + std::to_string(i);
        events.push_back({"Motion", {{"Bearing", std::int64_t{i % 360}}}});
        events.push_back({"MoveDone", {}});
        events.push_back({"FocusDone", {}});
        events.push_back({"NewIMG", {{"GPS", std::string("42.44940,-76.48280")},
                                     {"SizeBytes", std::int64_t{3000000}},
                                     {"UID", uid}}});
        events.push_back({"Classified", {{"Interesting", i % 3 == 0},
                                         {"Score", 0.5},
                                         {"UID", uid}}});
    }
    events.resize(kEvents);
    return events;
}

// The hand-written machine: what a student would write without Swivel.
struct Command {
    const char* name;
    std::vector<EventTag> args;
};

struct HandState {
    enum S : unsigned char { Idle, Swivel, Focus, TakePhoto, Off } state = Idle;
    int focusTries = 0;
    std::string lastUID, fullUID, dullUID;
};

void handStep(HandState& m, const Event& e, std::vector<Command>& out) {
    auto tag = [&](const char* name) -> const Value* { return e.tag(name); };
    const std::string& n = e.name;
    switch (m.state) {
    case HandState::Idle:
        if (n == "Motion") {
            out.push_back({"Swivel", {{"Bearing", *tag("Bearing")}}});
            m.state = HandState::Swivel;
            return;
        }
        break;
    case HandState::Swivel:
        if (n == "MoveDone") {
            m.focusTries = 1;
            out.push_back({"Focus", {}});
            m.state = HandState::Focus;
            return;
        }
        break;
    case HandState::Focus:
        if (n == "FocusDone") {
            out.push_back({"TakePhoto", {}});
            m.state = HandState::TakePhoto;
            return;
        }
        break;
    case HandState::TakePhoto:
        if (n == "NewIMG") {
            m.lastUID = std::get<std::string>(*tag("UID"));
            out.push_back({"DownloadPhoto", {{"UID", m.lastUID}, {"Quality", std::string("Thumbnail")}}});
            out.push_back({"call PhotoInterest", {{"UID", m.lastUID}}});
            m.state = HandState::Idle;
            return;
        }
        break;
    case HandState::Off:
        return;
    }
    if (n == "Classified") {
        if (std::get<bool>(*tag("Interesting"))) {
            m.fullUID = std::get<std::string>(*tag("UID"));
            out.push_back({"DownloadPhoto", {{"UID", m.fullUID}, {"Quality", std::string("Full")}}});
        } else if (m.dullUID.empty()) {
            m.dullUID = std::get<std::string>(*tag("UID"));
        }
    }
}

template <class Fn>
double eventsPerSecond(Fn&& run) {
    const auto begin = std::chrono::steady_clock::now();
    run();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    return kEvents / seconds;
}

} // namespace

int main() {
    const std::string path = resourcesDirectory() + "/examples/camera-point-focus-shoot.swivel.json";
    LoadResult loaded = loadMachineFile(path);
    if (!loaded.machine) {
        std::fprintf(stderr, "cannot load %s\n", path.c_str());
        return 1;
    }
    auto compiled = CompiledMachine::compile(*loaded.machine);
    if (!compiled) {
        std::fprintf(stderr, "cannot compile %s\n", path.c_str());
        return 1;
    }
    const std::vector<Event> events = cameraSequence();

    for (const int devices : {1, 10000}) {
        std::size_t commands = 0;
        const double hand = eventsPerSecond([&] {
            std::vector<HandState> machines(static_cast<std::size_t>(devices));
            std::vector<Command> out;
            for (std::size_t i = 0; i < events.size(); ++i) {
                out.clear();
                handStep(machines[i % machines.size()], events[i], out);
                commands += out.size();
            }
        });
        std::size_t actions = 0;
        const double swivel = eventsPerSecond([&] {
            const Configuration initial = start(*compiled).configuration;
            std::vector<Configuration> machines(static_cast<std::size_t>(devices), initial);
            StepResult result;  // reused: a host keeps one per worker
            for (std::size_t i = 0; i < events.size(); ++i) {
                stepInPlace(*compiled, machines[i % machines.size()], events[i], result);
                actions += result.actions.size();
            }
        });
        const std::string suffix = devices == 1 ? "1_device" : "10000_devices";
        swivel::bench::report("step", "hand_switch_events_per_s_" + suffix, hand, "events/s", hand);
        swivel::bench::report("step", "swivel_step_events_per_s_" + suffix, swivel, "events/s", hand);
        if (commands == 0 || actions == 0)
            return 1;
    }
    return 0;
}
