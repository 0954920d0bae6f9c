// The generated machine moves exactly as Swivel's own step() does: tests/machine_walk.json
// holds a walk Swivel made through this machine when it generated the project (events,
// timers, stale timers, missing and mistyped tags) with the configuration and the
// actions step() gave after each event. Here the same events go through the generated
// code, which must give the same JSON, event after event.
//
//   machine_test [DIRECTORY-OF-machine_walk.json]

#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "check.h"
#include "machine.h"
#include "statechart/json.h"

using nlohmann::json;

namespace {

json actionsJson(const std::vector<statechart::Action>& actions) {
    json list = json::array();
    for (const statechart::Action& action : actions)
        list.push_back(statechart::actionToJson(action));
    return list;
}

// Prints the first difference only: later ones follow from it.
bool same(const std::string& what, std::size_t step, const json& expected, const json& actual) {
    if (expected == actual)
        return true;
    std::cerr << "step " << step << ": " << what << " differs\n  expected " << expected.dump()
              << "\n  actual   " << actual.dump() << '\n';
    return false;
}

} // namespace

int main(int argc, char** argv) {
    const std::string directory = argc > 1 ? argv[1] : "tests";
    std::ifstream in(directory + "/machine_walk.json");
    CHECK(in.good());
    if (!in.good()) {
        std::cerr << "cannot read " << directory << "/machine_walk.json\n";
        return check::finish("machine_test");
    }
    const json walk = json::parse(in);
    const statechart::MachineTables& machine = machine::tables();

    statechart::StepResult started = statechart::start(machine);
    CHECK(same("start configuration", 0, walk["start"]["configuration"],
               statechart::configurationToJson(machine, started.configuration)));
    CHECK(same("start actions", 0, walk["start"]["actions"], actionsJson(started.actions)));

    statechart::Configuration configuration = started.configuration;
    std::size_t index = 0;
    for (const json& expected : walk["steps"]) {
        ++index;
        if (expected.contains("restart")) {
            configuration = statechart::start(machine).configuration;
            continue;
        }
        std::string error;
        const std::optional<statechart::Event> event = statechart::eventFromJson(
            expected["event"]["event"].get<std::string>(), expected["event"]["tags"], &error);
        CHECK(event.has_value());
        if (!event)
            break;
        statechart::StepResult result = statechart::step(machine, configuration, *event);
        const bool ok =
            same("configuration after " + event->name, index, expected["configuration"],
                 statechart::configurationToJson(machine, result.configuration)) &&
            same("actions of " + event->name, index, expected["actions"],
                 actionsJson(result.actions)) &&
            same("liveness of " + event->name, index, expected["live"], json(result.live));
        CHECK(ok);
        if (!ok)
            break;
        configuration = std::move(result.configuration);
    }
    std::cout << "machine_test: " << index << " steps of " << machine.name << " walked\n";
    return check::finish("machine_test");
}
