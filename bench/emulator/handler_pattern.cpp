#include "handler_pattern.h"

#include <utility>

namespace swivel::bench {

void SwivelHandler::handle(std::size_t device, const model::Event& event) {
    // One worker alone never meets a newer version; the loop is the pattern's all the same.
    for (;;) {
        const std::uint64_t version = m_store.read(device, m_scratch);
        model::stepInPlace(m_machine, m_scratch, event, m_result);
        if (m_store.putIfVersion(device, version, m_scratch))
            break;
        ++m_conflicts;
    }
    m_outbox.clear();
    // stepInPlace refills the actions next time: their names and arguments can move out.
    for (model::EmittedAction& action : m_result.actions) {
        if (action.kind == model::EmittedAction::Kind::Send)
            m_outbox.push_back(
                {Command::Kind::Send, std::move(action.name), std::move(action.args)});
        else if (action.kind == model::EmittedAction::Kind::Call)
            m_outbox.push_back(
                {Command::Kind::Call, std::move(action.name), std::move(action.args)});
    }
}

void HandHandler::handle(std::size_t device, const model::Event& event) {
    for (;;) {
        const std::uint64_t version = m_store.read(device, m_scratch);
        m_outbox.clear(); // computed commands are sent only after a successful put
        handStep(m_scratch, event, m_outbox);
        if (m_store.putIfVersion(device, version, m_scratch))
            break;
        ++m_conflicts;
    }
}

} // namespace swivel::bench
