#pragma once
// The device side of the emulator, interpreted from a catalog entry's "behaviour"
// (see model/device_catalog.cpp for its schema): device variables, spontaneous
// events (Poisson at a rate while `when` holds; or edge-triggered on `when`, maybe
// once), reactions to commands (after a delay: send an event, or choose one by
// probability; set variables; move bytes), power modes. No device-specific C++:
// a new device type is a new JSON file.
//
// Order inside one firing: tag values are computed first, from the variables as they
// were, then `set` assignments apply (a drone's WaypointReached reports Index 0, then
// Waypoint becomes 1). Expressions read the variables and, in a reaction, the
// command's arguments as event.<Arg>.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/device_catalog.h"
#include "model/semantics.h"
#include "random.h"
#include "virtual_time.h"

namespace swivel::emu {

// The device's own state (not the cloud's record of it).
inline constexpr std::size_t kMaxEdgeSources = 64;

struct DeviceSideState {
    std::vector<model::Value> variables;  // by DeviceBehaviour::variableIndex
    // Edge-triggered sources (at most kMaxEdgeSources), a bit each: `when` held at
    // the last check; a once-source already fired.
    std::uint64_t conditionHeld = 0;
    std::uint64_t onceFired = 0;
    int powerMode = 0;                    // index into powerModes(); 0 if none declared
    std::uint64_t nextUid = 1;            // for "uid" tag generators
};

// What a command makes the device do, after `delay` from the command's arrival.
struct Reaction {
    VirtualTime delay = 0;
    int command = -1;      // DeviceBehaviour's command reaction index (opaque)
    int index = 0;         // which reaction of that command
    std::vector<model::EventTag> args;  // the command's arguments (read at fire time)
};

// What a reaction or a spontaneous source produces when it fires.
struct Firing {
    std::optional<model::Event> event;  // the event sent, if any
    std::int64_t transferBytes = 0;     // bytes the device uploads (DownloadPhoto)
};

class DeviceBehaviour {
public:
    // nullptr with `error` ("behaviour.onCommand.Swivel[0].delayMs: ...") when the
    // behaviour cannot be interpreted (the catalog loader has checked it already).
    static std::shared_ptr<const DeviceBehaviour> compile(const model::DeviceType& type,
                                                          std::string* error = nullptr);

    const model::DeviceType& type() const;
    // The catalog's size on the link of the type's event or command `name`, or
    // `otherwise` when the type has none of that name.
    std::int64_t eventBytes(std::string_view name, std::int64_t otherwise) const;
    std::int64_t commandBytes(std::string_view name, std::int64_t otherwise) const;
    DeviceSideState initialState() const;
    int variableIndex(std::string_view name) const;  // -1 if none

    // Power modes, as declared ("On", "Off", "Idle"); empty when the type has none.
    const std::vector<std::string>& powerModes() const;
    int powerModeIndex(std::string_view mode) const;  // -1 if unknown
    // Sets the mode; returns the event the device sends about it (PowerMode{Mode}),
    // or nullopt if the type declares no power-mode event.
    std::optional<model::Event> setPowerMode(DeviceSideState& state, int mode) const;
    // Off sends nothing and ignores commands; Idle sends no random events but answers.
    bool sendsRandomEvents(const DeviceSideState& state) const;
    bool answersCommands(const DeviceSideState& state) const;

    // Poisson sources (those with ratePerMinute), in catalog order.
    int rateSourceCount() const;
    double ratePerSecond(int source) const;  // before the scenario's rateScale
    // The source fires now: nullopt if its `when` does not hold (the draw is skipped,
    // the process goes on); else tags computed, `set` applied, the event returned.
    std::optional<model::Event> fireRateSource(int source, DeviceSideState& state,
                                               Random& random, const std::string& deviceId) const;
    // Edge-triggered sources (`when` without a rate): after any change of the device's
    // variables, appends the events of sources whose `when` became true (once: only the
    // first time).
    void checkConditions(DeviceSideState& state, Random& random, const std::string& deviceId,
                         std::vector<model::Event>& out) const;

    // The reactions a command causes (none for a command the behaviour does not
    // mention), each with its delay drawn now.
    void onCommand(const model::Event& command, Random& random, std::vector<Reaction>& out) const;
    // A reaction's time has come: applies it to the device's state.
    Firing fire(const Reaction& reaction, DeviceSideState& state, Random& random,
                const std::string& deviceId) const;

private:
    struct Compiled;
    std::shared_ptr<const Compiled> m_compiled;
};

} // namespace swivel::emu
