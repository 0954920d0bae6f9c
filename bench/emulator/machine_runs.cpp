#include "machine_runs.h"

#include <algorithm>

#include "command.h"
#include "hand_camera.h"
#include "handler_pattern.h"
#include "timing.h"
#include "versioned_store.h"

namespace swivel::bench {

namespace {

bool isCommand(const model::EmittedAction& action) {
    return action.kind == model::EmittedAction::Kind::Send ||
           action.kind == model::EmittedAction::Kind::Call;
}

bool inIdle(const model::Configuration& configuration, int idle) {
    return std::count(configuration.active.begin(), configuration.active.end(), idle) == 1;
}

bool measureOnce(const model::CompiledMachine& machine, const std::vector<model::Event>& events,
                 const std::vector<std::uint32_t>& order, int devices, MachineFigures& figures,
                 std::string& error) {
    const auto fleet = static_cast<std::size_t>(devices);
    const double count = static_cast<double>(order.size());
    std::size_t handCommands = 0, swivelCommands = 0, handOutbox = 0, swivelOutbox = 0;

    std::vector<HandCamera> cameras(fleet);
    figures.handSwitch = count / secondsTaken([&] {
                             std::vector<Command> out;
                             for (std::size_t p = 0; p < order.size(); ++p) {
                                 out.clear();
                                 handStep(cameras[p % fleet], events[order[p]], out);
                                 handCommands += out.size();
                             }
                         });

    const model::Configuration initial = model::start(machine).configuration;
    std::vector<model::Configuration> configurations(fleet, initial);
    figures.swivelStep =
        count / secondsTaken([&] {
            model::StepResult result; // reused: a host keeps one per worker
            for (std::size_t p = 0; p < order.size(); ++p) {
                model::stepInPlace(machine, configurations[p % fleet], events[order[p]], result);
                for (const model::EmittedAction& action : result.actions)
                    swivelCommands += isCommand(action) ? 1 : 0;
            }
        });

    VersionedStore<HandCamera> handStore(fleet, HandCamera{});
    HandHandler handHandler(handStore);
    figures.handHandler = count / secondsTaken([&] {
                              for (std::size_t p = 0; p < order.size(); ++p) {
                                  handHandler.handle(p % fleet, events[order[p]]);
                                  handOutbox += handHandler.outbox().size();
                              }
                          });

    VersionedStore<model::Configuration> swivelStore(fleet, initial);
    SwivelHandler swivelHandler(machine, swivelStore);
    figures.swivelHandler = count / secondsTaken([&] {
                                for (std::size_t p = 0; p < order.size(); ++p) {
                                    swivelHandler.handle(p % fleet, events[order[p]]);
                                    swivelOutbox += swivelHandler.outbox().size();
                                }
                            });

    if (handCommands == 0 || swivelCommands != handCommands || handOutbox != handCommands ||
        swivelOutbox != handCommands) {
        error = std::to_string(devices) + " devices: the variants send different commands (hand " +
                std::to_string(handCommands) + ", step " + std::to_string(swivelCommands) +
                ", hand handler " + std::to_string(handOutbox) + ", Swivel handler " +
                std::to_string(swivelOutbox) + ")";
        return false;
    }
    const int idle = machine.stateIndex("Idle");
    const std::uint64_t eventsPerDevice = order.size() / fleet;
    for (std::size_t device = 0; device < fleet; ++device) {
        if (cameras[device].state != HandCamera::State::Idle ||
            handStore.record(device).state != HandCamera::State::Idle ||
            !inIdle(configurations[device], idle) || !inIdle(swivelStore.record(device), idle) ||
            handStore.version(device) != eventsPerDevice ||
            swivelStore.version(device) != eventsPerDevice) {
            error = std::to_string(devices) + " devices: device " + std::to_string(device) +
                    " did not end in Idle with version " + std::to_string(eventsPerDevice) +
                    " in every variant";
            return false;
        }
    }
    return true;
}

} // namespace

bool measureMachines(const model::CompiledMachine& machine, const std::vector<model::Event>& events,
                     const std::vector<std::uint32_t>& order, int devices, int passes,
                     MachineFigures& figures, std::string& error) {
    figures = {};
    for (int pass = 0; pass < passes; ++pass) {
        MachineFigures measured;
        if (!measureOnce(machine, events, order, devices, measured, error))
            return false;
        figures.handSwitch = std::max(figures.handSwitch, measured.handSwitch);
        figures.swivelStep = std::max(figures.swivelStep, measured.swivelStep);
        figures.handHandler = std::max(figures.handHandler, measured.handHandler);
        figures.swivelHandler = std::max(figures.swivelHandler, measured.swivelHandler);
    }
    return true;
}

} // namespace swivel::bench
