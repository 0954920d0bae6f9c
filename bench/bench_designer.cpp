// The designer on a large machine (issue 3), against plain Qt items drawn in the same
// run (the baseline, bench/designer/raw_drawing.h). The machine is generated with a
// fixed seed (bench/designer/generated_machine.h): 1,000 states (compound ones nested
// two and three deep, a few parallel), 3,000 transitions on the camera's events, and a
// layout of its own, so that opening it runs no Graphviz. Offscreen, 1600x1000 view.
//
//   open_ms               Document::reset + MachineScene::setDocument + a MachineView
//                         shown and fitted to the window (what File > Open does after
//                         reading the file); baseline: building the raw scene and a
//                         plain QGraphicsView, shown and fitted the same way.
//   first_paint_ms        the view grabbed to an image right after that (every item
//                         drawn, fitted); baseline: the same for the raw view.
//   open_first_paint_ms   the two together.                Target: ratio <= 2.
//   drag_frame_median_ms  one frame of dragging a state that has 6 transitions with the
//   drag_frame_p95_ms     select tool, at 100 %: a mouse move sent to the viewport, then
//                         the events it posts delivered until Qt has repainted the
//                         viewport (the region that changed, as in the event loop; a
//                         full repaint if Qt painted nothing); 60 frames of 5x3 pixels.
//                         Baseline: dragging the raw rect item (Qt's ItemIsMovable)
//                         with the same events. Target: value < 33 ms (30 frames/s).
//   arrange_300_states_s  canvas::arrange() on a 300-state, 900-transition machine of
//                         the same kind, shown in an editor: Graphviz with clusters and
//                         label nodes, in a child process, then the scene following the
//                         new layout. Baseline: Graphviz dot, in process, on the same
//                         states and transitions as plain nodes and edges (no clusters,
//                         no labels; edges against document order reversed, as Arrange
//                         reverses those against its flow). Target: value < 2 s.
// Opens are measured three times each, alternating, and the median reported. Whether
// each target is met is printed on stderr (report.h's lines have no field for it).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <QApplication>
#include <QGraphicsView>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <gvc.h>

#include "bench/designer/generated_machine.h"
#include "bench/designer/raw_drawing.h"
#include "bench/report.h"
#include "canvas/arrange.h"
#include "canvas/machine_scene.h"
#include "canvas/machine_view.h"
#include "canvas/tools/select_tool.h"
#include "document/document.h"
#include "document/selection.h"
#include "model/device_catalog.h"

using namespace swivel;

namespace {

constexpr int kStates = 1000;
constexpr int kTransitions = 3000;
constexpr int kArrangeStates = 300;
constexpr int kArrangeTransitions = 900;
constexpr int kDraggedTransitions = 6;
constexpr int kOpenRounds = 3;
constexpr int kDragFrames = 60;
const QPointF kDragStep(5, 3);
const QSize kViewSize(1600, 1000);
constexpr qreal kFitMargin = 20;  // as MachineView::fitToWindow
const char* const kDevice = "canon-eos-rebel";

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double percentile95(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, values.size() * 95 / 100)];
}

void fail(const char* why) {
    std::fprintf(stderr, "bench_designer: %s\n", why);
    std::exit(1);
}

// A paint that drew nothing would make any time look good.
bool drewSomething(const QImage& image) {
    const QImage pixels = image.convertToFormat(QImage::Format_RGB32);
    int dark = 0;  // of 100,000 samples of a 1600x1000 view
    for (int y = 0; y < pixels.height(); y += 4) {
        const auto* line = reinterpret_cast<const QRgb*>(pixels.constScanLine(y));
        for (int x = 0; x < pixels.width(); x += 4)
            dark += qGray(line[x]) < 224 ? 1 : 0;
    }
    return dark > 1000;
}

// One document shown in a real view and selection, as the main window holds them.
struct Editor {
    document::Document document;
    document::Selection selection;
    canvas::MachineScene scene;
    canvas::MachineView view;

    void open(const model::Machine& machine) {
        document.reset(machine, {});
        scene.setDocument(&document, &selection);
        view.setScene(&scene);
        view.resize(kViewSize);
        view.show();
        view.fitToWindow();
    }
};

// The baseline's counterpart of Editor.
struct RawEditor {
    QGraphicsScene scene;
    QGraphicsView view;
    QGraphicsRectItem* dragged = nullptr;

    void open(const model::Machine& machine, const std::string& draggedState) {
        dragged = bench::buildRawDrawing(scene, machine, draggedState);
        const QRectF drawing = scene.itemsBoundingRect();
        scene.setSceneRect(drawing);
        view.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        view.setScene(&scene);
        view.resize(kViewSize);
        view.show();
        const QSizeF room =
            QSizeF(view.viewport()->size()) - QSizeF(2 * kFitMargin, 2 * kFitMargin);
        const qreal zoom =
            std::min({room.width() / drawing.width(), room.height() / drawing.height(), 1.0});
        view.setTransform(QTransform::fromScale(zoom, zoom));
        view.centerOn(drawing.center());
    }
};

struct OpenTimes {
    double open = 0;
    double paint = 0;
};

OpenTimes timeOpen(const std::function<void()>& open, QGraphicsView& view) {
    const Clock::time_point start = Clock::now();
    open();
    OpenTimes times;
    times.open = millisecondsSince(start);
    const Clock::time_point painting = Clock::now();
    const QImage image = view.grab().toImage();
    times.paint = millisecondsSince(painting);
    if (!drewSomething(image))
        fail("the first paint drew nothing");
    return times;
}

void sendMouse(QWidget* viewport, QEvent::Type type, const QPoint& at, Qt::MouseButton button,
               Qt::MouseButtons buttons) {
    QMouseEvent event(type, QPointF(at), QPointF(viewport->mapToGlobal(at)), button, buttons,
                      Qt::NoModifier);
    QApplication::sendEvent(viewport, &event);
}

// Counts the paints of a widget (installed as its event filter).
class PaintCounter : public QObject {
public:
    int paints = 0;
    bool eventFilter(QObject*, QEvent* event) override {
        paints += event->type() == QEvent::Paint ? 1 : 0;
        return false;
    }
};

// Drags from scene point `from` in kDragFrames steps; the time of each frame in ms.
std::vector<double> dragFrames(QGraphicsView& view, const QPointF& from) {
    view.resetTransform();
    view.centerOn(from + kDragStep * (kDragFrames / 2));
    QApplication::processEvents();  // the paint after showing and scrolling: not a frame
    QWidget* viewport = view.viewport();
    QPoint at = view.mapFromScene(from);
    sendMouse(viewport, QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    QApplication::processEvents();
    PaintCounter counter;
    viewport->installEventFilter(&counter);
    std::vector<double> frames;
    for (int frame = 1; frame <= kDragFrames; ++frame) {
        at = view.mapFromScene(from + kDragStep * frame);
        const Clock::time_point start = Clock::now();
        const int paints = counter.paints;
        sendMouse(viewport, QEvent::MouseMove, at, Qt::NoButton, Qt::LeftButton);
        QApplication::processEvents();  // the scene's queued update, then Qt's repaint
        if (counter.paints == paints)
            viewport->repaint();  // never a frame without a paint
        frames.push_back(millisecondsSince(start));
    }
    viewport->removeEventFilter(&counter);
    sendMouse(viewport, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
    QApplication::processEvents();
    return frames;
}

// The top-level atomic state with kDraggedTransitions transitions (in or out) nearest
// the middle of the drawing.
std::string draggedState(const model::Machine& machine) {
    std::map<std::string, int> count;
    for (const model::Transition& transition : machine.transitions) {
        ++count[transition.source];
        for (const std::string& target : transition.targets) {
            if (target != transition.source)
                ++count[target];
        }
    }
    std::map<std::string, bool> container;
    double right = 0, bottom = 0;
    for (const model::State& state : machine.states) {
        container[state.parent] = true;
        const model::Rect& r = machine.layout.states.at(state.id);
        right = std::max(right, r.x + r.width);
        bottom = std::max(bottom, r.y + r.height);
    }
    std::string best;
    double bestDistance = 0;
    for (const model::State& state : machine.states) {
        if (!state.parent.empty() || container.count(state.id) ||
            count[state.id] != kDraggedTransitions)
            continue;
        const model::Rect& r = machine.layout.states.at(state.id);
        const double distance = std::hypot(r.x - right / 2, r.y - bottom / 2);
        if (best.empty() || distance < bestDistance) {
            best = state.id;
            bestDistance = distance;
        }
    }
    return best;
}

// Where to grab state `id`: the point of its box nearest its centre that no arrow or
// label covers (a press on an arrow selects the arrow, not the state).
QPointF grabPoint(const canvas::MachineScene& scene, const std::string& id) {
    const QRectF box = scene.stateItem(id)->sceneRect().adjusted(4, 4, -4, -4);
    QPointF best = box.center();
    qreal bestDistance = -1;
    for (qreal y = box.top(); y <= box.bottom(); y += 2) {
        for (qreal x = box.left(); x <= box.right(); x += 2) {
            const QPointF point(x, y);
            const QList<QGraphicsItem*> items = scene.items(point);
            const bool onArrow = std::any_of(items.begin(), items.end(), [&](QGraphicsItem* item) {
                return item->type() == canvas::TransitionItem::Type &&
                       item->contains(item->mapFromScene(point));
            });
            const qreal distance = QLineF(point, box.center()).length();
            if (!onArrow && (bestDistance < 0 || distance < bestDistance)) {
                best = point;
                bestDistance = distance;
            }
        }
    }
    return best;
}

// The baseline of Arrange: dot on the states as plain boxes of their own size and the
// transitions as plain edges, in this process. Like Arrange, it hands dot the edges
// that point back against the document's order reversed: left to break the cycles
// itself, dot 2.43 takes minutes on this graph (703 s once), which says nothing.
double plainDotSeconds(const model::Machine& machine, const canvas::ElementMetrics& metrics) {
    const auto text = [](const char* s) { return const_cast<char*>(s); };
    const Clock::time_point start = Clock::now();
    GVC_t* context = gvContext();
    Agraph_t* graph = agopen(text("plain"), Agdirected, nullptr);
    agattr(graph, AGRAPH, text("rankdir"), text("TB"));
    agattr(graph, AGRAPH, text("nodesep"), text("0.3"));
    agattr(graph, AGRAPH, text("ranksep"), text("0.55"));
    agattr(graph, AGNODE, text("shape"), text("box"));
    agattr(graph, AGNODE, text("fixedsize"), text("true"));
    agattr(graph, AGNODE, text("label"), text(" "));
    agattr(graph, AGNODE, text("width"), text("1"));
    agattr(graph, AGNODE, text("height"), text("0.5"));
    std::map<std::string, std::pair<Agnode_t*, std::size_t>> nodes;  // node, document index
    for (const model::State& state : machine.states) {
        Agnode_t* node = agnode(graph, text(state.id.c_str()), 1);
        const QSizeF size = metrics.nodeSize(machine, state);
        agset(node, text("width"), text(std::to_string(size.width() / 72).c_str()));
        agset(node, text("height"), text(std::to_string(size.height() / 72).c_str()));
        const std::size_t index = nodes.size();
        nodes.emplace(state.id, std::pair{node, index});
    }
    for (const model::Transition& transition : machine.transitions) {
        if (transition.targets.empty())
            continue;
        auto [tail, from] = nodes.at(transition.source);
        auto [head, to] = nodes.at(transition.targets.front());
        if (to < from)
            std::swap(tail, head);
        agedge(graph, tail, head, text(transition.id.c_str()), 1);
    }
    if (gvLayout(context, graph, "dot") != 0)
        fail("dot failed on the plain graph");
    gvFreeLayout(context, graph);
    agclose(graph);
    gvFreeContext(context);
    return millisecondsSince(start) / 1000;
}

double arrangeSeconds(const model::Machine& machine) {
    Editor editor;
    editor.open(machine);
    QApplication::processEvents();
    const Clock::time_point start = Clock::now();
    canvas::arrange(editor.document);
    const double seconds = millisecondsSince(start) / 1000;
    // Graphviz failing or timing out falls back to a grid, without routes.
    const auto& routes = editor.document.machine().layout.transitions;
    const bool routed = std::any_of(routes.begin(), routes.end(),
                                    [](const auto& entry) { return !entry.second.route.empty(); });
    if (!routed)  // still what the user waited for: reported, with the reason
        std::fprintf(stderr, "bench_designer: Arrange fell back to a grid: Graphviz failed "
                             "or ran into the canvas's layout timeout\n");
    return seconds;
}

void target(const char* what, bool met) {
    std::fprintf(stderr, "bench_designer: target %s: %s\n", what, met ? "met" : "MISSED");
}

void benchOpen(const model::Machine& machine, const std::string& dragged) {
    std::vector<double> open, paint, rawOpen, rawPaint;
    for (int round = 0; round < kOpenRounds; ++round) {
        {
            RawEditor raw;
            const OpenTimes t = timeOpen([&] { raw.open(machine, dragged); }, raw.view);
            rawOpen.push_back(t.open);
            rawPaint.push_back(t.paint);
        }
        {
            Editor editor;
            const OpenTimes t = timeOpen([&] { editor.open(machine); }, editor.view);
            open.push_back(t.open);
            paint.push_back(t.paint);
        }
    }
    const double openMs = median(open), paintMs = median(paint);
    const double rawOpenMs = median(rawOpen), rawPaintMs = median(rawPaint);
    bench::report("designer", "open_ms", openMs, "ms", rawOpenMs);
    bench::report("designer", "first_paint_ms", paintMs, "ms", rawPaintMs);
    bench::report("designer", "open_first_paint_ms", openMs + paintMs, "ms",
                  rawOpenMs + rawPaintMs);
    target("open + first paint <= 2x baseline", openMs + paintMs <= 2 * (rawOpenMs + rawPaintMs));
}

void benchDrag(const model::Machine& machine, const std::string& dragged) {
    std::vector<double> rawFrames, frames;
    QPointF grab;
    {
        Editor editor;
        canvas::SelectTool tool;
        editor.scene.setTool(&tool);
        editor.open(machine);
        grab = grabPoint(editor.scene, dragged);
        frames = dragFrames(editor.view, grab);
        if (editor.document.machine().layout.states.at(dragged) == machine.layout.states.at(dragged))
            fail("the state did not move");
        editor.scene.setTool(nullptr);
    }
    {
        RawEditor raw;
        raw.open(machine, dragged);
        const QPointF before = raw.dragged->pos();
        rawFrames = dragFrames(raw.view, grab);
        if (raw.dragged->pos() == before)
            fail("the raw item did not move");
    }
    const double frameMedian = median(frames), frameP95 = percentile95(frames);
    bench::report("designer", "drag_frame_median_ms", frameMedian, "ms", median(rawFrames));
    bench::report("designer", "drag_frame_p95_ms", frameP95, "ms", percentile95(rawFrames));
    target("drag frame < 33 ms (median and p95)", frameMedian < 33 && frameP95 < 33);
}

void benchArrange(const model::DeviceType& device, const canvas::ElementMetrics& metrics) {
    const model::Machine small =
        bench::generateMachine(kArrangeStates, kArrangeTransitions, device, metrics);
    const double plainDot = plainDotSeconds(small, metrics);
    const double arrange = arrangeSeconds(small);
    bench::report("designer", "arrange_300_states_s", arrange, "s", plainDot);
    target("Arrange of 300 states < 2 s", arrange < 2);
}

} // namespace

// bench_designer [open] [drag] [arrange]: only those parts (all by default), e.g. to
// profile one of them.
int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStringList parts = QApplication::arguments().mid(1);
    if (parts.isEmpty())
        parts = {QStringLiteral("open"), QStringLiteral("drag"), QStringLiteral("arrange")};
    const model::DeviceType* device = model::DeviceCatalog::builtin().findDevice(kDevice);
    if (!device)
        fail("no camera device type in the catalog");
    const canvas::ElementMetrics metrics;
    const model::Machine machine = bench::generateMachine(kStates, kTransitions, *device, metrics);
    const std::string dragged = draggedState(machine);
    if (dragged.empty())
        fail("no state to drag with the wanted number of transitions");

    // Fonts and glyph caches are loaded once per process: not by whichever runs first.
    {
        QImage warm(200, 100, QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&warm);
        painter.setFont(metrics.nameFont());
        painter.drawText(10, 40, QStringLiteral("Warm up"));
        painter.setFont(metrics.textFont());
        painter.drawText(10, 80, QStringLiteral("Warm up"));
    }
    for (const QString& part : parts) {
        if (part == QLatin1String("open"))
            benchOpen(machine, dragged);
        else if (part == QLatin1String("drag"))
            benchDrag(machine, dragged);
        else if (part == QLatin1String("arrange"))
            benchArrange(*device, metrics);
        else
            fail("unknown part (open, drag, arrange)");
    }
    return 0;
}
