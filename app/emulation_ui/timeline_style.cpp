#include "emulation_ui/timeline_style.h"

#include <QCoreApplication>

namespace swivel::emulation_ui::timeline {

using emu::InvocationOutcome;
using emu::InvocationPhase;

QColor phaseColour(InvocationPhase phase) {
    switch (phase) {
    case InvocationPhase::ColdStart: return QColor(0xc4, 0xb5, 0xfd);  // violet: the instance boots
    case InvocationPhase::Read: return QColor(0x93, 0xc5, 0xfd);       // light blue
    case InvocationPhase::Compute: return QColor(0x5e, 0xea, 0xd4);    // teal
    case InvocationPhase::Put: return QColor(0x3b, 0x82, 0xf6);        // strong blue: the CAS
    case InvocationPhase::Backoff: return QColor(0xfc, 0xa5, 0xa5);    // pink: waiting to retry
    case InvocationPhase::Send: return QColor(0xfd, 0xe6, 0x8a);       // yellow: commands out
    }
    return QColor(0xcb, 0xd5, 0xe1);
}

QColor outcomeColour(InvocationOutcome outcome) {
    switch (outcome) {
    case InvocationOutcome::Applied: return QColor(0x16, 0xa3, 0x4a);
    case InvocationOutcome::Duplicate: return QColor(0x9c, 0xa3, 0xaf);
    case InvocationOutcome::StaleTimer: return QColor(0x64, 0x74, 0x8b);
    case InvocationOutcome::ConflictsExhausted: return QColor(0xdc, 0x26, 0x26);
    case InvocationOutcome::StoreUnavailable: return QColor(0xea, 0x58, 0x0c);
    case InvocationOutcome::TimedOut: return QColor(0xb4, 0x53, 0x09);
    case InvocationOutcome::DeadLettered: return QColor(0x7f, 0x1d, 0x1d);
    }
    return QColor(0x64, 0x74, 0x8b);
}

QColor conflictColour() { return QColor(0xdc, 0x26, 0x26); }

QString phaseName(InvocationPhase phase) {
    switch (phase) {
    case InvocationPhase::ColdStart: return QCoreApplication::translate("InstanceTimeline", "cold start");
    case InvocationPhase::Read: return QCoreApplication::translate("InstanceTimeline", "read");
    case InvocationPhase::Compute: return QCoreApplication::translate("InstanceTimeline", "compute");
    case InvocationPhase::Put: return QCoreApplication::translate("InstanceTimeline", "put");
    case InvocationPhase::Backoff: return QCoreApplication::translate("InstanceTimeline", "backoff");
    case InvocationPhase::Send: return QCoreApplication::translate("InstanceTimeline", "send");
    }
    return QString::fromLatin1(emu::toString(phase));
}

QString outcomeName(InvocationOutcome outcome) {
    switch (outcome) {
    case InvocationOutcome::Applied: return QCoreApplication::translate("InstanceTimeline", "applied");
    case InvocationOutcome::Duplicate: return QCoreApplication::translate("InstanceTimeline", "duplicate");
    case InvocationOutcome::StaleTimer: return QCoreApplication::translate("InstanceTimeline", "stale timer");
    case InvocationOutcome::ConflictsExhausted:
        return QCoreApplication::translate("InstanceTimeline", "conflicts exhausted");
    case InvocationOutcome::StoreUnavailable:
        return QCoreApplication::translate("InstanceTimeline", "store unavailable");
    case InvocationOutcome::TimedOut: return QCoreApplication::translate("InstanceTimeline", "timed out");
    case InvocationOutcome::DeadLettered: return QCoreApplication::translate("InstanceTimeline", "dead-lettered");
    }
    return QString::fromLatin1(emu::toString(outcome));
}

namespace {

// Three significant digits at most, trailing zeros dropped: 3.25, 12.5, 850, 1200.
QString compact(double value) {
    const double magnitude = value < 0 ? -value : value;
    const int decimals = magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0;
    QString text = QString::number(value, 'f', decimals);
    if (text.contains(QLatin1Char('.'))) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    return text;
}

} // namespace

QString formatDuration(emu::VirtualTime duration) {
    const double us = static_cast<double>(duration);
    const double magnitude = us < 0 ? -us : us;
    if (magnitude < 1000)
        return QStringLiteral("%1 µs").arg(duration);
    if (magnitude < 1e6)
        return QStringLiteral("%1 ms").arg(compact(us / 1e3));
    return QStringLiteral("%1 s").arg(compact(us / 1e6));
}

} // namespace swivel::emulation_ui::timeline
