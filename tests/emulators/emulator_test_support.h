#pragma once
// Shared set-up of the emulator tests: the shipped camera machine and scenarios built
// in code, so that each test states only what it varies.

#include <string>

#include <QtTest>

#include "emulators/scenario.h"
#include "emulators/simulator.h"
#include "model/machine_file.h"

namespace swivel::test {

inline std::string resourcePath(const std::string& relative) {
    // Appended, not `std::string(...) + "/" + relative`: GCC 12 warns falsely
    // (-Warray-bounds) about that temporary once it is inlined.
    std::string path = SWIVEL_SOURCE_RESOURCES;
    path += '/';
    path += relative;
    return path;
}

inline model::Machine cameraMachine() {
    return *model::loadMachineFile(resourcePath("examples/camera-point-focus-shoot.swivel.json")).machine;
}

// `count` cameras that send only what a test schedules (no random motion, no replies
// to commands), over a link without jitter or loss, to a host with room to spare.
inline emu::Scenario quietCameras(int count) {
    emu::Scenario scenario;
    scenario.name = "test";
    scenario.machineFile = resourcePath("examples/camera-point-focus-shoot.swivel.json");
    emu::DeviceGroup group;
    group.type = "canon-eos-rebel";
    group.count = count;
    group.idPrefix = "camera-";
    group.rateScale = 0;
    group.replies = false;
    group.link.jitterMs = 0;
    group.link.loss = 0;
    scenario.devices.push_back(group);
    scenario.host.maxInstances = 256;
    scenario.duration = emu::seconds(60);
    scenario.seed = 7;
    return scenario;
}

// Issue 9: every simulation in the tests ends with the invariant checker. Fails the
// calling test with every violation found (QVERIFY in a helper records the failure;
// the caller goes on, so call it last or check QTest::currentTestFailed()).
inline void requireInvariants(const emu::Simulator& simulator) {
    const std::vector<std::string> violations = simulator.checkInvariants();
    std::string all;
    for (const std::string& violation : violations)
        all += (all.empty() ? "" : "; ") + violation;
    QVERIFY2(violations.empty(), all.c_str());
}

} // namespace swivel::test
