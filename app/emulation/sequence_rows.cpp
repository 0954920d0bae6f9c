#include "emulation/sequence_rows.h"

#include <algorithm>
#include <tuple>

namespace swivel::emulation {

namespace {

// Ties at one moment in the order things happen.
enum Rank : int { kDeviceSide = 0, kDelivery = 1, kPhase = 2, kOutcome = 3, kCloudSide = 4 };

struct Ranked {
    SequenceRow row;
    int rank = 0;
    std::size_t order = 0;
};

std::string withArguments(const std::string& name, const nlohmann::json& payload) {
    if (!payload.is_object() || payload.empty())
        return name;
    std::string text = name + "(";
    bool first = true;
    for (const auto& [key, value] : payload.items()) {
        if (!first)
            text += ", ";
        first = false;
        text += key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    }
    return text + ")";
}

double milliseconds(emu::VirtualTime time) {
    return static_cast<double>(time) / 1000.0;
}

nlohmann::json messageDetails(const emu::MessageHistory& m) {
    nlohmann::json details{{"message", m.id},
                           {"kind", emu::toString(m.kind)},
                           {"name", m.name},
                           {"payload", m.payload},
                           {"bytes", m.bytes},
                           {"sent_ms", milliseconds(m.sentTime)}};
    if (m.fate) {
        details["fate"] = emu::toString(*m.fate);
        details["ended_ms"] = milliseconds(m.endTime);
    } else {
        details["fate"] = "in flight";
        details["expected_arrival_ms"] = milliseconds(m.expectedArrival);
    }
    if (m.causedBy)
        details["caused_by"] = m.causedBy;
    if (m.duplicateOf)
        details["duplicate_of"] = m.duplicateOf;
    return details;
}

nlohmann::json invocationDetails(const emu::InvocationHistory& v) {
    nlohmann::json phases = nlohmann::json::array();
    for (const emu::PhaseHistory& p : v.phases)
        phases.push_back({{"phase", emu::toString(p.phase)}, {"at_ms", milliseconds(p.time)},
                          {"attempt", p.attempt}, {"version", p.version}});
    nlohmann::json details{{"invocation", v.id},   {"instance", v.instance}, {"message", v.message},
                           {"delivery", v.delivery}, {"cold_start", v.coldStart},
                           {"started_ms", milliseconds(v.startTime)}, {"phases", phases}};
    if (v.outcome) {
        details["outcome"] = emu::toString(*v.outcome);
        details["ended_ms"] = milliseconds(v.endTime);
        details["attempts"] = v.attempts;
        details["conflicts"] = v.conflicts;
    } else {
        details["outcome"] = "running";
    }
    return details;
}

class RowList {
public:
    void add(int rank, SequenceRow row) { m_rows.push_back({std::move(row), rank, m_rows.size()}); }

    std::vector<SequenceRow> sorted() {
        std::stable_sort(m_rows.begin(), m_rows.end(), [](const Ranked& a, const Ranked& b) {
            return std::tie(a.row.time, a.rank, a.order) < std::tie(b.row.time, b.rank, b.order);
        });
        std::vector<SequenceRow> rows;
        rows.reserve(m_rows.size());
        for (Ranked& ranked : m_rows)
            rows.push_back(std::move(ranked.row));
        return rows;
    }

private:
    std::vector<Ranked> m_rows;
};

void addMessage(RowList& rows, const emu::MessageHistory& m) {
    SequenceRow row;
    row.time = m.sentTime;
    row.step = m.sentStep;
    row.message = m.id;
    row.details = messageDetails(m);
    row.label = withArguments(m.name, m.payload);
    int rank = kDeviceSide;
    switch (m.kind) {
    case emu::MessageKind::DeviceEvent:
        row.from = Lifeline::Device;
        row.to = Lifeline::Hub;
        row.kind = ArrowKind::Up;
        break;
    case emu::MessageKind::Command:
        row.from = Lifeline::Instance;
        row.to = Lifeline::Device;
        row.kind = ArrowKind::Down;
        rank = kCloudSide;
        break;
    case emu::MessageKind::ServiceRequest:
        row.from = Lifeline::Instance;
        row.to = Lifeline::Services;
        row.kind = ArrowKind::Service;
        row.label = "call " + row.label;
        rank = kCloudSide;
        break;
    case emu::MessageKind::ServiceReply:
        row.from = Lifeline::Services;
        row.to = Lifeline::Hub;
        row.kind = ArrowKind::Up;
        break;
    case emu::MessageKind::Timer:
        row.from = row.to = Lifeline::Hub;
        row.kind = ArrowKind::Note;
        row.label = "timer " + row.label;
        break;
    }
    const bool overLink = m.kind == emu::MessageKind::DeviceEvent || m.kind == emu::MessageKind::Command;
    if (m.fate && *m.fate != emu::MessageFate::Delivered) {
        row.mark = RowMark::Lost;
        if (overLink)
            row.to = Lifeline::Link;
        row.label += *m.fate == emu::MessageFate::Lost ? "  lost" : "  expired";
    } else if (!m.fate) {
        row.mark = RowMark::InFlight;
    }
    if (m.duplicateOf != 0 && row.mark == RowMark::None) {
        row.mark = RowMark::Duplicate;
        row.label += "  (link copy)";
    }
    rows.add(rank, std::move(row));
}

void addInvocation(RowList& rows, const emu::InvocationHistory& v) {
    const nlohmann::json details = invocationDetails(v);
    const auto make = [&](emu::VirtualTime time, std::uint64_t step, Lifeline from, Lifeline to, ArrowKind kind,
                          RowMark mark, std::string label) {
        SequenceRow row;
        row.time = time;
        row.step = step;
        row.from = from;
        row.to = to;
        row.kind = kind;
        row.mark = mark;
        row.label = std::move(label);
        row.message = v.message;
        row.invocation = v.id;
        row.details = details;
        return row;
    };

    std::string delivery = "deliver to instance #" + std::to_string(v.instance);
    if (v.coldStart)
        delivery += " (cold start)";
    if (v.delivery > 1)
        delivery = "redeliver (" + std::to_string(v.delivery) + ") to instance #" + std::to_string(v.instance);
    rows.add(kDelivery, make(v.startTime, v.startStep, Lifeline::Hub, Lifeline::Instance, ArrowKind::Delivery,
                             v.delivery > 1 ? RowMark::Retry : RowMark::None, delivery));

    bool appliedShown = false;
    for (std::size_t i = 0; i < v.phases.size(); ++i) {
        const emu::PhaseHistory& p = v.phases[i];
        const emu::PhaseHistory* next = i + 1 < v.phases.size() ? &v.phases[i + 1] : nullptr;
        switch (p.phase) {
        case emu::InvocationPhase::ColdStart:
        case emu::InvocationPhase::Compute:
        case emu::InvocationPhase::Send:
            break;  // drawn as the instance's activation, not as rows
        case emu::InvocationPhase::Read:
            rows.add(kPhase, make(p.time, p.step, Lifeline::Instance, Lifeline::Store, ArrowKind::StoreCall,
                                  RowMark::None, "get → v" + std::to_string(p.version)));
            break;
        case emu::InvocationPhase::Put: {
            rows.add(kPhase, make(p.time, p.step, Lifeline::Instance, Lifeline::Store, ArrowKind::StoreCall,
                                  RowMark::None, "put if v" + std::to_string(p.version)));
            if (next && next->phase == emu::InvocationPhase::Backoff) {
                rows.add(kPhase, make(next->time, next->step, Lifeline::Store, Lifeline::Instance,
                                      ArrowKind::StoreCall, RowMark::Conflict,
                                      "conflict: v" + std::to_string(p.version) + " is no longer the latest"));
            } else if (next || (v.outcome && *v.outcome == emu::InvocationOutcome::Applied)) {
                const emu::VirtualTime at = next ? next->time : v.endTime;
                const std::uint64_t step = next ? next->step : v.endStep;
                rows.add(kPhase, make(at, step, Lifeline::Store, Lifeline::Instance, ArrowKind::StoreCall,
                                      RowMark::Applied, "ok → v" + std::to_string(p.version + 1)));
                appliedShown = true;
            }
            break;
        }
        case emu::InvocationPhase::Backoff:
            rows.add(kPhase, make(p.time, p.step, Lifeline::Instance, Lifeline::Instance, ArrowKind::Note,
                                  RowMark::Retry, "back off, then read again (attempt "
                                                      + std::to_string(p.attempt + 1) + ")"));
            break;
        }
    }

    if (!v.outcome)
        return;
    RowMark mark = RowMark::Failed;
    std::string label;
    switch (*v.outcome) {
    case emu::InvocationOutcome::Applied:
        if (appliedShown)
            return;
        mark = RowMark::Applied;
        label = "applied";
        break;
    case emu::InvocationOutcome::Duplicate:
        mark = RowMark::Duplicate;
        label = "duplicate suppressed: recorded commands re-sent";
        break;
    case emu::InvocationOutcome::StaleTimer:
        mark = RowMark::None;
        label = "stale timer: nothing to do";
        break;
    case emu::InvocationOutcome::ConflictsExhausted:
        label = "gave up after " + std::to_string(v.conflicts) + " conflicts: redelivered";
        break;
    case emu::InvocationOutcome::StoreUnavailable:
        label = "store unavailable: redelivered";
        break;
    case emu::InvocationOutcome::TimedOut:
        label = "timed out: instance restarted, redelivered";
        break;
    case emu::InvocationOutcome::DeadLettered:
        label = "dead-lettered: given up";
        break;
    }
    rows.add(kOutcome, make(v.endTime, v.endStep, Lifeline::Instance, Lifeline::Instance, ArrowKind::Note, mark,
                            std::move(label)));
}

} // namespace

const char* lifelineName(Lifeline lifeline) {
    switch (lifeline) {
    case Lifeline::Device: return "Device";
    case Lifeline::Link: return "Link";
    case Lifeline::Hub: return "Hub";
    case Lifeline::Instance: return "Function";
    case Lifeline::Store: return "Store";
    case Lifeline::Services: return "Services";
    }
    return "";
}

std::vector<SequenceRow> sequenceRows(const emu::DeviceHistory& history) {
    RowList rows;
    for (const emu::MessageHistory& message : history.messages)
        addMessage(rows, message);
    for (const emu::InvocationHistory& invocation : history.invocations)
        addInvocation(rows, invocation);
    return rows.sorted();
}

} // namespace swivel::emulation
