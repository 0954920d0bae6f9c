#pragma once
// The outside reference: Qt SCXML's interpreter (QScxmlStateMachine) running the
// camera machine as plain SCXML (camera.scxml next to this file), one live machine per
// device, fed the benchmark's sequence with submitEvent() and the event loop processed
// after every event, as a Qt application would run it. Needs a QCoreApplication.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/semantics.h"

namespace swivel::bench {

struct QtScxmlFigures {
    double eventsPerSecond = 0;
    std::size_t eventsRun = 0;      // all of the order, or fewer if the budget ran out
    double heapBytesPerMachine = 0; // heap in use after creating and starting them
    double residentBytesPerMachine = 0;
    std::uint64_t commands = 0; // "qt:signal" sends seen
    bool allIdle = false;       // every machine ended in Idle, as the flow does
};

// Stops feeding events after `wallBudgetSeconds` (at a whole round of flows: every
// machine then rests in Idle). Throws std::runtime_error naming the file and Qt's parse
// errors when `scxmlPath` does not load.
QtScxmlFigures runQtScxml(const std::string& scxmlPath, const std::vector<model::Event>& events,
                          const std::vector<std::uint32_t>& order, int machines,
                          double wallBudgetSeconds);

} // namespace swivel::bench
