#include "camera_sequence.h"

#include <stdexcept>
#include <string>

namespace swivel::bench {

std::vector<model::Event> cameraSequence(std::size_t count) {
    if (count % kFlowLength != 0)
        throw std::invalid_argument("cameraSequence: the count must be a multiple of 5");
    std::vector<model::Event> events;
    events.reserve(count);
    for (std::size_t flow = 0; events.size() < count; ++flow) {
        const std::string uid = "IMG-" + std::to_string(flow);
        const auto bearing = static_cast<std::int64_t>(flow % 360);
        events.push_back({"Motion", {{"Bearing", bearing}}});
        events.push_back({"MoveDone", {}});
        events.push_back({"FocusDone", {}});
        events.push_back({"NewIMG",
                          {{"GPS", std::string("42.44940,-76.48280")},
                           {"SizeBytes", std::int64_t{3000000}},
                           {"UID", uid}}});
        events.push_back(
            {"Classified", {{"Interesting", flow % 3 == 0}, {"Score", 0.5}, {"UID", uid}}});
    }
    return events;
}

std::vector<std::uint32_t> roundRobinOrder(std::size_t count, int devices) {
    const auto fleet = static_cast<std::size_t>(devices);
    if (devices < 1 || count % (kFlowLength * fleet) != 0)
        throw std::invalid_argument("roundRobinOrder: the count must be a multiple of 5 x devices");
    std::vector<std::uint32_t> order(count);
    for (std::size_t position = 0; position < count; ++position) {
        const std::size_t round = position / fleet; // the device's round-th event
        const std::size_t device = position % fleet;
        const std::size_t flow = (round / kFlowLength) * fleet + device;
        order[position] = static_cast<std::uint32_t>(flow * kFlowLength + round % kFlowLength);
    }
    return order;
}

} // namespace swivel::bench
