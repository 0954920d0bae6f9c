#include "qt_scxml_run.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>

#include <QCoreApplication>
#include <QScxmlEvent>
#include <QScxmlStateMachine>

#include "camera_sequence.h"
#include "memory.h"

namespace swivel::bench {

namespace {

std::unique_ptr<QScxmlStateMachine> loadMachine(const QString& path) {
    std::unique_ptr<QScxmlStateMachine> machine(QScxmlStateMachine::fromFile(path));
    if (!machine->parseErrors().isEmpty()) {
        QString message = QStringLiteral("cannot load ") + path + QStringLiteral(":");
        for (const QScxmlError& error : machine->parseErrors())
            message += QStringLiteral(" ") + error.toString();
        throw std::runtime_error(message.toStdString());
    }
    return machine;
}

} // namespace

QtScxmlFigures runQtScxml(const std::string& scxmlPath, const std::vector<model::Event>& events,
                          const std::vector<std::uint32_t>& order, int machines,
                          double wallBudgetSeconds) {
    const QString path = QString::fromStdString(scxmlPath);
    QtScxmlFigures figures;

    // Event names as QStrings made once (Qt's strings are shared): the timed loop
    // pays for Qt's interpreter, not for converting our strings.
    std::vector<QString> names;
    names.reserve(events.size());
    for (const model::Event& event : events)
        names.push_back(QString::fromStdString(event.name));

    const std::size_t heapBefore = heapBytesInUse();
    const std::size_t residentBefore = residentBytes();
    std::vector<std::unique_ptr<QScxmlStateMachine>> live;
    live.reserve(static_cast<std::size_t>(machines));
    for (int i = 0; i < machines; ++i) {
        live.push_back(loadMachine(path));
        live.back()->connectToEvent(QStringLiteral("*"),
                                    [&figures](const QScxmlEvent&) { ++figures.commands; });
        live.back()->start();
    }
    QCoreApplication::processEvents(); // the machines enter On, Idle
    figures.heapBytesPerMachine = bytesEach(heapBefore, heapBytesInUse(), live.size());
    figures.residentBytesPerMachine = bytesEach(residentBefore, residentBytes(), live.size());

    // The budget is checked after whole rounds of flows (every machine back in Idle).
    const std::size_t round = kFlowLength * live.size();
    const std::size_t chunk = round * ((50000 + round - 1) / round); // about 50,000 events
    const auto begin = std::chrono::steady_clock::now();
    auto elapsed = [&begin] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    };
    std::size_t position = 0;
    while (position < order.size()) {
        const std::size_t end = std::min(order.size(), position + chunk);
        for (; position < end; ++position) {
            live[position % live.size()]->submitEvent(names[order[position]]);
            QCoreApplication::processEvents();
        }
        if (elapsed() > wallBudgetSeconds)
            break;
    }
    figures.eventsRun = position;
    figures.eventsPerSecond = static_cast<double>(position) / elapsed();

    figures.allIdle = true;
    for (const auto& machine : live)
        figures.allIdle = figures.allIdle && machine->isActive(QStringLiteral("Idle"));
    return figures;
}

} // namespace swivel::bench
