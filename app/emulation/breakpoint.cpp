#include "emulation/breakpoint.h"

namespace swivel::emulation {

std::string Breakpoint::describe() const {
    std::string text;
    switch (kind) {
    case Kind::EnterState:
        text = "entering " + target;
        break;
    case Kind::Transition:
        text = "transition " + target;
        break;
    case Kind::Conflict:
        text = "a conflict";
        break;
    case Kind::Condition:
        text = "when " + target;
        break;
    }
    return device.empty() ? text : text + " on " + device;
}

} // namespace swivel::emulation
