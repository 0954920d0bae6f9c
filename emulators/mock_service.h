#pragma once
// A mock µ-service from the catalog (resources/services/*.json): a call action's
// request answers, after a latency drawn from the service's range, with its reply
// event. Answers are deterministic functions of the request (a score hashed from the
// UID, a card id, a field id), so a replayed session and a generated handler's test
// see the same answers; only the latency is random.

#include <memory>
#include <optional>
#include <string>

#include "model/device_catalog.h"
#include "model/semantics.h"
#include "random.h"
#include "virtual_time.h"

namespace swivel::emu {

class MockService {
public:
    // nullptr with `error` when the service's behaviour cannot be interpreted.
    static std::shared_ptr<const MockService> compile(const model::ServiceType& type,
                                                      std::string* error = nullptr);

    const model::ServiceType& type() const;
    // Latency of one answer, uniform in [latencyMinMs, latencyMaxMs] (overrides from a
    // scenario when given).
    VirtualTime drawLatency(Random& random, std::optional<double> minMs = std::nullopt,
                            std::optional<double> maxMs = std::nullopt) const;
    // The reply event (named type().reply.name, every reply tag set) to a request whose
    // arguments are `request.tags` (request.name is the call's name).
    model::Event answer(const model::Event& request) const;

private:
    struct Compiled;
    std::shared_ptr<const Compiled> m_compiled;
};

// The stable score in [0, 1) every mock derives from a key (FNV-1a 64, then MurmurHash3's
// fmix64 so that keys differing in their last characters score apart): the
// same in the emulator and in generated test fixtures.
double stableScore(std::string_view key);

} // namespace swivel::emu
