#include "commands/change_machine.h"

namespace swivel::commands {

ChangeMachineName::ChangeMachineName(document::Document* document, const std::string& name)
    : ChangeMachineMember(document, QStringLiteral("Rename Machine"), name) {}

ChangeMachineDescription::ChangeMachineDescription(document::Document* document,
                                                   const std::string& description)
    : ChangeMachineMember(document, QStringLiteral("Change Machine Description"), description) {}

ChangeDeviceType::ChangeDeviceType(document::Document* document, const std::string& deviceType)
    : ChangeMachineMember(document, QStringLiteral("Change Device Type"), deviceType) {}

ChangeMachineInitial::ChangeMachineInitial(document::Document* document, const std::string& initial)
    : ChangeMachineMember(document, QStringLiteral("Change Initial State"), initial) {}

} // namespace swivel::commands
