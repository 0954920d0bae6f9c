#include "canvas/graphviz_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gvc.h>
#include <nlohmann/json.hpp>

#include "canvas/child_process.h"
#include "canvas/state_tree.h"

namespace swivel::canvas {

namespace {

constexpr double kPointsPerInch = 72.0;
constexpr qreal kClusterMargin = 10;  // between a container's border and its contents
constexpr qreal kGridGap = 40;
constexpr std::chrono::milliseconds kLayoutTimeout{20000};
// States plus transitions above which dot's effort is bounded (see run()).
constexpr std::size_t kBigGraph = 400;

// "cluster_" + std::to_string(n), written so that GCC 12 at -O3 does not see a false
// -Wrestrict overlap in the concatenation.
std::string numbered(std::string_view prefix, long long n) {
    std::string name(prefix);
    name += std::to_string(n);
    return name;
}
constexpr qreal kLabelGap = 5;  // between an arrow and its label's text

// cgraph predates const: its string arguments are char*, never written to.
char* mutableText(const char* text) {
    return const_cast<char*>(text);
}

void set(void* object, const char* name, const std::string& value) {
    agsafeset(object, mutableText(name), mutableText(value.c_str()), mutableText(""));
}

std::string inches(qreal points) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", points / kPointsPerInch);
    return buffer;
}

// An HTML label of exactly this size: Graphviz leaves room for it, we draw the text.
void setFixedLabel(Agraph_t* root, void* object, QSizeF size) {
    char buffer[256];
    std::snprintf(buffer, sizeof buffer,
                  "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\" "
                  "FIXEDSIZE=\"TRUE\" WIDTH=\"%d\" HEIGHT=\"%d\"><TR><TD></TD></TR></TABLE>",
                  std::max(1, static_cast<int>(std::ceil(size.width()))),
                  std::max(1, static_cast<int>(std::ceil(size.height()))));
    char* html = agstrdup_html(root, buffer);
    agsafeset(object, mutableText("label"), html, mutableText(""));
    agstrfree(root, html);
}

int ignoreGraphvizMessage(char*) {
    return 0;
}

// Lays out a one-node graph so that dot's plugin is loaded before run() forks (a
// child of a threaded process had better not call dlopen).
void warmUp(GVC_t* context) {
    Agraph_t* graph = agopen(mutableText("warmup"), Agdirected, nullptr);
    agnode(graph, mutableText("n"), 1);
    if (gvLayout(context, graph, "dot") == 0)
        gvFreeLayout(context, graph);
    agclose(graph);
}

// How a layout crosses the pipe from the child process.
std::string layoutToText(const model::Layout& layout) {
    nlohmann::json json;
    nlohmann::json& states = json["states"] = nlohmann::json::object();
    for (const auto& [id, r] : layout.states)
        states[id] = {r.x, r.y, r.width, r.height};
    nlohmann::json& transitions = json["transitions"] = nlohmann::json::object();
    for (const auto& [id, edge] : layout.transitions) {
        nlohmann::json entry;
        entry["route"] = nlohmann::json::array();
        for (const model::Point& p : edge.route)
            entry["route"].push_back({p.x, p.y});
        if (edge.label)
            entry["label"] = {edge.label->x, edge.label->y};
        transitions[id] = std::move(entry);
    }
    return json.dump();
}

std::optional<model::Layout> layoutFromText(const std::string& text) {
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded())
        return std::nullopt;
    try {
        model::Layout layout;
        for (const auto& [id, r] : json.at("states").items())
            layout.states[id] = {r.at(0).get<double>(), r.at(1).get<double>(),
                                 r.at(2).get<double>(), r.at(3).get<double>()};
        for (const auto& [id, entry] : json.at("transitions").items()) {
            model::EdgeLayout& edge = layout.transitions[id];
            for (const auto& p : entry.at("route"))
                edge.route.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
            if (entry.contains("label"))
                edge.label = model::Point{entry["label"].at(0).get<double>(),
                                          entry["label"].at(1).get<double>()};
        }
        return layout;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

// Transitions that point back against the machine's flow. The flow is the order in
// which a depth-first search from the initial state discovers the states (entering a
// container's initial child first, then following transitions in document order;
// entering a state enters its ancestors too); a transition is "back" when its target
// was discovered no later than its source (comparing the states, or their ancestors
// just below the innermost container holding both). dot gets those reversed, so that
// ranks follow the discovery order: Idle, Swivel, Focus, TakePhoto, then the rest.
std::vector<bool> backTransitions(const StateTree& tree) {
    const model::Machine& machine = tree.machine();
    const std::size_t count = machine.states.size();
    std::vector<std::vector<int>> out(count);  // successor states, in the order to try
    for (int index : tree.states()) {
        if (tree.isContainer(index)) {
            if (const int initial = tree.initialChild(index); initial >= 0)
                out[index].push_back(initial);
        }
    }
    for (const model::Transition& transition : machine.transitions) {
        if (transition.targets.empty())
            continue;
        const int source = tree.indexOf(transition.source);
        const int target = tree.indexOf(transition.targets.front());
        if (source >= 0 && target >= 0 && source != target)
            out[source].push_back(target);
    }

    std::vector<int> discovered(count, -1);
    int clock = 0;
    std::vector<std::pair<int, std::size_t>> stack;  // (state, next successor); iterative
    const auto discover = [&](int state) {
        std::vector<int> entered{state};  // the state and its undiscovered ancestors
        for (int at = tree.parent(state); at >= 0 && discovered[at] < 0; at = tree.parent(at))
            entered.push_back(at);
        for (auto it = entered.rbegin(); it != entered.rend(); ++it)
            discovered[*it] = clock++;
        for (int entry : entered)  // the state itself is explored first
            stack.push_back({entry, 0});
        std::reverse(stack.end() - static_cast<long>(entered.size()), stack.end());
    };
    std::vector<int> roots;
    if (const int initial = tree.initialChild(-1); initial >= 0)
        roots.push_back(initial);
    roots.insert(roots.end(), tree.states().begin(), tree.states().end());
    for (int root : roots) {
        if (discovered[root] >= 0)
            continue;
        discover(root);
        while (!stack.empty()) {
            auto& [state, next] = stack.back();
            if (next == out[state].size()) {
                stack.pop_back();
                continue;
            }
            const int successor = out[state][next++];
            if (discovered[successor] < 0)
                discover(successor);
        }
    }

    // dot ranks a cluster as one block first: compare the two states' ancestors
    // just below their innermost common container.
    const auto belowCommon = [&](int source, int target) {
        std::vector<int> chain;  // target and its ancestors
        for (int at = target; at >= 0; at = tree.parent(at))
            chain.push_back(at);
        int from = source;
        for (int at = tree.parent(source); at >= 0; at = tree.parent(at)) {
            const auto found = std::find(chain.begin(), chain.end(), at);
            if (found != chain.end())
                return std::pair{from, found == chain.begin() ? target : *(found - 1)};
            from = at;
        }
        return std::pair{from, chain.back()};
    };
    std::vector<bool> back(machine.transitions.size(), false);
    for (std::size_t i = 0; i < machine.transitions.size(); ++i) {
        const model::Transition& transition = machine.transitions[i];
        if (transition.targets.empty())
            continue;
        const int source = tree.indexOf(transition.source);
        const int target = tree.indexOf(transition.targets.front());
        if (source < 0 || target < 0 || source == target || tree.isAncestor(source, target) ||
            tree.isAncestor(target, source))
            continue;
        const auto [from, to] = belowCommon(source, target);
        back[i] = discovered[to] <= discovered[from];
    }
    return back;
}

// Appends `rest` to the Bézier chain `route`, bridging the gap between them with a
// straight segment (the stretch under a label).
void joinRoutes(std::vector<model::Point>& route, const std::vector<model::Point>& rest) {
    const model::Point a = route.back(), b = rest.front();
    route.push_back({a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3});
    route.push_back({a.x + 2 * (b.x - a.x) / 3, a.y + 2 * (b.y - a.y) / 3});
    route.insert(route.end(), rest.begin(), rest.end());
}

// Builds the Graphviz graph of a machine, runs dot and reads the positions back.
class GraphvizRun {
public:
    GraphvizRun(const StateTree& tree, const ElementMetrics& metrics)
        : m_tree(tree), m_metrics(metrics), m_node(tree.machine().states.size(), nullptr),
          m_cluster(tree.machine().states.size(), nullptr),
          m_init(tree.machine().states.size(), nullptr),
          m_exit(tree.machine().states.size(), nullptr),
          m_edge(tree.machine().transitions.size(), nullptr),
          m_reversed(tree.machine().transitions.size(), false),
          m_label(tree.machine().transitions.size(), nullptr),
          m_secondEdge(tree.machine().transitions.size(), nullptr),
          m_nestedIn(tree.machine().transitions.size(), -1),
          m_nestedInward(tree.machine().transitions.size(), false) {}

    ~GraphvizRun() {
        // No gvFreeLayout: the layout ran in a child process (see run()).
        if (m_graph)
            agclose(m_graph);
        if (m_context)
            gvFreeContext(m_context);
    }

    GraphvizRun(const GraphvizRun&) = delete;
    GraphvizRun& operator=(const GraphvizRun&) = delete;

    // Builds the graph here, then runs dot in a child process: dot 2.42 frees some
    // graphs twice (flat edges with labels) and can crash or loop on others; then
    // only the child dies and the caller falls back to a grid.
    std::optional<model::Layout> run() {
        agseterr(AGMAX);
        agseterrf(ignoreGraphvizMessage);
        m_context = gvContext();
        if (!m_context)
            return std::nullopt;
        warmUp(m_context);
        m_graph = agopen(mutableText("machine"), Agdirected, nullptr);
        if (!m_graph)
            return std::nullopt;
        set(m_graph, "rankdir", "TB");
        set(m_graph, "compound", "true");
        set(m_graph, "nodesep", "0.3");
        set(m_graph, "ranksep", "0.55");
        set(m_graph, "labeljust", "l");
        set(m_graph, "labelloc", "t");
        set(m_graph, "margin", "0");
        // dot's crossing minimisation, network simplex and spline routing grow much
        // faster than the graph: on big machines they are bounded and edges drawn
        // straight, which took Arrange of 300 states and 900 transitions from 5.5-6.9 s
        // to 1-2 s (bench/run designer); a drawing of hundreds of states is read by
        // zooming anyway. Small machines get dot's full effort.
        const model::Machine& machine = m_tree.machine();
        if (machine.states.size() + machine.transitions.size() > kBigGraph) {
            set(m_graph, "nslimit", "1");
            set(m_graph, "nslimit1", "1");
            set(m_graph, "mclimit", "0.1");
            set(m_graph, "remincross", "false");
            set(m_graph, "splines", "line");
        }
        agattr(m_graph, AGNODE, mutableText("shape"), mutableText("box"));
        agattr(m_graph, AGNODE, mutableText("fixedsize"), mutableText("true"));
        agattr(m_graph, AGNODE, mutableText("label"), mutableText(" "));
        agattr(m_graph, AGEDGE, mutableText("arrowhead"), mutableText("none"));
        addChildren(m_graph, -1);
        addTransitions();

        const std::optional<std::string> text = runInChildProcess(
            [this]() -> std::string {
                if (gvLayout(m_context, m_graph, "dot") != 0)
                    throw std::runtime_error("dot failed");
                return layoutToText(readLayout());
            },
            kLayoutTimeout);
        if (!text)
            return std::nullopt;
        return layoutFromText(*text);
    }

private:
    // The positions dot computed, in scene coordinates.
    model::Layout readLayout() const;

    Agnode_t* addNode(Agraph_t* graph, const std::string& name, QSizeF size) {
        Agnode_t* node = agnode(graph, mutableText(name.c_str()), 1);
        set(node, "width", inches(size.width()));
        set(node, "height", inches(size.height()));
        return node;
    }

    // Adds the children of `parent` (-1: the top level) to `graph`; returns the
    // initial dot, if the container has one. The dot is tied to the initial child by
    // a heavy edge, so it sits right above it, where the scene draws it.
    Agnode_t* addChildren(Agraph_t* graph, int parent) {
        const model::Machine& machine = m_tree.machine();
        const bool parallel = parent >= 0 && m_tree.state(parent).kind == model::StateKind::Parallel;
        const int initial = parallel ? -1 : m_tree.initialChild(parent);
        Agnode_t* dot = nullptr;
        if (initial >= 0) {
            dot = addNode(graph, numbered("i", parent + 1),
                          {ElementMetrics::kInitialDotDiameter, ElementMetrics::kInitialDotDiameter});
            set(dot, "shape", "circle");
        }
        for (int child : m_tree.children(parent)) {
            const model::State& state = m_tree.state(child);
            if (!m_tree.isContainer(child)) {
                const QSizeF size = m_metrics.nodeSize(machine, state);
                m_node[child] = addNode(graph, numbered("s", child), size);
                const bool history = state.kind == model::StateKind::ShallowHistory ||
                                     state.kind == model::StateKind::DeepHistory;
                if (history)
                    set(m_node[child], "shape", "circle");
                continue;
            }
            const std::string name = numbered("cluster_", child);
            Agraph_t* cluster = agsubg(graph, mutableText(name.c_str()), 1);
            m_cluster[child] = cluster;
            setFixedLabel(m_graph, cluster, m_metrics.headerSize(machine, state));
            set(cluster, "margin", std::to_string(static_cast<int>(kClusterMargin)));
            m_init[child] = addChildren(cluster, child);
        }
        Agnode_t* target = initial >= 0 ? anchor(initial) : nullptr;
        if (dot && target) {
            const std::string name = numbered("i", parent + 1);
            Agedge_t* edge = agedge(m_graph, dot, target, mutableText(name.c_str()), 1);
            set(edge, "weight", "50");
            if (m_tree.isContainer(initial))
                set(edge, "lhead", numbered("cluster_", initial));
        }
        return dot;
    }

    // The node edges to or from a state attach to: the state's own node, or for a
    // container its initial dot (or its first region's), clipped at the cluster.
    Agnode_t* anchor(int state) const {
        if (m_node[state])
            return m_node[state];
        if (m_init[state])
            return m_init[state];
        for (int child : m_tree.children(state)) {
            if (Agnode_t* node = anchor(child))
                return node;
        }
        return nullptr;
    }

    // Each routed transition becomes dot edges between its states' anchors. A label
    // is a node of its own, in the innermost cluster holding both states (dot keeps
    // it out of other clusters, which it does not do for its own edge labels); the
    // arrow runs through it, under the label's background. Only a state's loop onto
    // itself keeps dot's own label.
    // Where edges leaving a state start, for dot: a container's leave from an
    // invisible node that every child's own exit points to, so that what follows the
    // container is ranked below all of it (dot ignores rank=max inside clusters).
    Agnode_t* tailAnchor(int state) {
        if (!m_tree.isContainer(state) || !m_cluster[state])
            return anchor(state);
        if (!m_exit[state]) {
            const std::string name = numbered("x", state);
            m_exit[state] = addNode(m_cluster[state], name, {1, 1});
            for (int child : m_tree.children(state)) {
                Agnode_t* from = tailAnchor(child);
                if (!from)
                    continue;
                Agedge_t* edge = agedge(m_graph, from, m_exit[state],
                                        mutableText((name + numbered("_", child)).c_str()), 1);
                set(edge, "style", "invis");
                set(edge, "weight", "0");
            }
        }
        return m_exit[state];
    }

    void addTransitions() {
        const model::Machine& machine = m_tree.machine();
        const std::vector<bool> back = backTransitions(m_tree);
        for (std::size_t i = 0; i < machine.transitions.size(); ++i) {
            const model::Transition& transition = machine.transitions[i];
            if (transition.targets.empty())
                continue;
            const int source = m_tree.indexOf(transition.source);
            const int target = m_tree.indexOf(transition.targets.front());
            if (source < 0 || target < 0)
                continue;
            if (isNested(source, target)) {
                addNestedTransition(i, source, target);
                continue;
            }
            Agnode_t* tail = anchor(source);
            Agnode_t* head = anchor(target);
            if (!tail || !head || (tail == head && m_tree.isContainer(source)))
                continue;
            // A transition against the flow is given to dot reversed, so that ranks
            // follow the flow from the initial state.
            m_reversed[i] = back[i];
            const int from = back[i] ? target : source;
            const int to = back[i] ? source : target;
            const std::string name = numbered("t", i);
            const QSizeF label = m_metrics.labelSize(m_metrics.labelLines(transition));
            if (label.isEmpty() || source == target) {
                m_edge[i] = agedge(m_graph, tailAnchor(from), anchor(to), mutableText(name.c_str()), 1);
                if (m_tree.isContainer(from))
                    set(m_edge[i], "ltail", numbered("cluster_", from));
                if (m_tree.isContainer(to))
                    set(m_edge[i], "lhead", numbered("cluster_", to));
                if (!label.isEmpty())
                    setFixedLabel(m_graph, m_edge[i], label);
                continue;
            }
            const int common = commonAncestor(source, target);
            Agraph_t* graph = common >= 0 && m_cluster[common] ? m_cluster[common] : m_graph;
            m_label[i] = addNode(graph, numbered("l", i),
                                 {label.width() + 2 * kLabelGap, label.height()});
            m_edge[i] = agedge(m_graph, tailAnchor(from), m_label[i], mutableText(name.c_str()), 1);
            if (m_tree.isContainer(from))
                set(m_edge[i], "ltail", numbered("cluster_", from));
            m_secondEdge[i] =
                agedge(m_graph, m_label[i], anchor(to), mutableText((name + "b").c_str()), 1);
            if (m_tree.isContainer(to))
                set(m_secondEdge[i], "lhead", numbered("cluster_", to));
        }
    }

    // The innermost container holding both states (-1: the machine).
    int commonAncestor(int a, int b) const {
        for (int at = m_tree.parent(a); at >= 0; at = m_tree.parent(at)) {
            if (at == b || m_tree.isAncestor(at, b))
                return at;
        }
        return -1;
    }

    // A transition between a container and one of its own descendants: dot cannot
    // route it (one end lies inside the other's cluster), so dot only places its
    // label in the container and routes label to descendant; readLayout() adds the
    // stretch from the container's border to the label.
    bool isNested(int source, int target) const {
        return m_tree.isAncestor(source, target) || m_tree.isAncestor(target, source);
    }

    void addNestedTransition(std::size_t i, int source, int target) {
        const bool inward = m_tree.isAncestor(source, target);
        const int container = inward ? source : target;
        const int inner = inward ? target : source;
        Agnode_t* innerNode = inward ? anchor(inner) : tailAnchor(inner);
        if (!m_cluster[container] || !innerNode)
            return;
        const QSizeF label =
            m_metrics.labelSize(m_metrics.labelLines(m_tree.machine().transitions[i]));
        m_label[i] = addNode(m_cluster[container], numbered("l", i),
                             {std::max<qreal>(label.width() + 2 * kLabelGap, 2),
                              std::max<qreal>(label.height(), 2)});
        const std::string name = numbered("t", i);
        m_edge[i] = inward ? agedge(m_graph, m_label[i], innerNode, mutableText(name.c_str()), 1)
                           : agedge(m_graph, innerNode, m_label[i], mutableText(name.c_str()), 1);
        if (m_tree.isContainer(inner))
            set(m_edge[i], inward ? "lhead" : "ltail", numbered("cluster_", inner));
        m_nestedIn[i] = container;
        m_nestedInward[i] = inward;
    }

    const StateTree& m_tree;
    const ElementMetrics& m_metrics;
    GVC_t* m_context = nullptr;
    Agraph_t* m_graph = nullptr;
    std::vector<Agnode_t*> m_node;     // by state index: states drawn as nodes
    std::vector<Agraph_t*> m_cluster;  // by state index: containers
    std::vector<Agnode_t*> m_init;     // by state index: a compound state's initial dot
    std::vector<Agnode_t*> m_exit;     // by state index: a container's bottom anchor
    std::vector<Agedge_t*> m_edge;     // by transition index
    std::vector<bool> m_reversed;      // by transition index: given to dot reversed
    std::vector<Agnode_t*> m_label;    // by transition index: its label's node
    std::vector<Agedge_t*> m_secondEdge;  // by transition index: label to target
    std::vector<int> m_nestedIn;       // by transition index: the container, if nested
    std::vector<bool> m_nestedInward;  // by transition index: container to descendant
};

model::Layout GraphvizRun::readLayout() const {
    const boxf bounds = GD_bb(m_graph);
    const auto point = [&](pointf p) { return model::Point{p.x - bounds.LL.x, bounds.UR.y - p.y}; };
    model::Layout layout;
    const model::Machine& machine = m_tree.machine();
    for (int index : m_tree.states()) {
        model::Rect rect;
        if (m_node[index]) {
            const model::Point centre = point(ND_coord(m_node[index]));
            rect.width = ND_width(m_node[index]) * kPointsPerInch;
            rect.height = ND_height(m_node[index]) * kPointsPerInch;
            rect.x = centre.x - rect.width / 2;
            rect.y = centre.y - rect.height / 2;
        } else if (m_cluster[index]) {
            const boxf box = GD_bb(m_cluster[index]);
            const model::Point topLeft = point({box.LL.x, box.UR.y});
            rect = {topLeft.x, topLeft.y, box.UR.x - box.LL.x, box.UR.y - box.LL.y};
        }
        layout.states[machine.states[index].id] = rect;
    }
    // The points of a dot edge's spline; dot starts and ends it on the nodes'
    // borders (there are no arrowheads: the scene draws its own).
    const auto splinePoints = [&](Agedge_t* edge) {
        std::vector<model::Point> points;
        if (const splines* spline = ED_spl(edge); spline && spline->size > 0) {
            const bezier& curve = spline->list[0];
            for (int k = 0; k < curve.size; ++k)
                points.push_back(point(curve.list[k]));
        }
        return points;
    };
    for (std::size_t i = 0; i < m_edge.size(); ++i) {
        if (!m_edge[i])
            continue;
        model::EdgeLayout edgeLayout;
        edgeLayout.route = splinePoints(m_edge[i]);
        if (m_secondEdge[i]) {  // through the label node
            const std::vector<model::Point> rest = splinePoints(m_secondEdge[i]);
            if (edgeLayout.route.empty() || rest.empty())
                edgeLayout.route.clear();
            else
                joinRoutes(edgeLayout.route, rest);
        } else if (m_nestedIn[i] >= 0 && !edgeLayout.route.empty()) {
            // From the container's nearer side, level with the label, to the label.
            const boxf box = GD_bb(m_cluster[m_nestedIn[i]]);
            const model::Point label = point(ND_coord(m_label[i]));
            const double left = box.LL.x - bounds.LL.x, right = box.UR.x - bounds.LL.x;
            const model::Point border{label.x - left < right - label.x ? left : right, label.y};
            if (m_nestedInward[i]) {
                std::vector<model::Point> route{border};
                joinRoutes(route, edgeLayout.route);
                edgeLayout.route = std::move(route);
            } else {
                joinRoutes(edgeLayout.route, {border});
            }
        }
        if (m_reversed[i])
            std::reverse(edgeLayout.route.begin(), edgeLayout.route.end());
        if (m_label[i]) {
            const model::Point centre = point(ND_coord(m_label[i]));
            edgeLayout.label = model::Point{centre.x, centre.y};
        } else if (const textlabel_t* label = ED_label(m_edge[i]); label && label->set) {
            edgeLayout.label = point(label->pos);
        }
        layout.transitions[machine.transitions[i].id] = std::move(edgeLayout);
    }
    return layout;
}

// What dot did not route: labels of targetless transitions sit in their state's
// rows; a container's transition onto itself gets a loop over its top-right corner.
void addManualRoutes(const StateTree& tree, const ElementMetrics& metrics, model::Layout& layout) {
    const model::Machine& machine = tree.machine();
    for (int index : tree.states()) {
        const model::State& state = tree.state(index);
        const model::Rect& r = layout.states[state.id];
        const QRectF rect(r.x, r.y, r.width, r.height);
        const std::vector<StateRow> rows = metrics.rows(machine, state);
        for (std::size_t row = 0; row < rows.size(); ++row) {
            if (rows[row].transitionId.isEmpty())
                continue;
            const QRectF rowRect = metrics.rowRect(rect, static_cast<int>(row));
            const qreal width = metrics.textWidth(rows[row].text, metrics.textFont());
            model::EdgeLayout edge;
            edge.label = model::Point{rowRect.left() + width / 2, rowRect.center().y()};
            layout.transitions[rows[row].transitionId.toStdString()] = edge;
        }
    }
    const auto rectOf = [&](const std::string& id) {
        const model::Rect& r = layout.states[id];
        return QRectF(r.x, r.y, r.width, r.height);
    };
    for (const model::Transition& transition : machine.transitions) {
        if (layout.transitions.count(transition.id) || transition.targets.empty())
            continue;
        const int source = tree.indexOf(transition.source);
        const int target = tree.indexOf(transition.targets.front());
        if (source < 0 || target < 0)
            continue;
        if (source != target)
            continue;
        const QSizeF label = metrics.labelSize(metrics.labelLines(transition));
        const QRectF from = rectOf(transition.source);
        const qreal right = from.right();
        model::EdgeLayout edge;
        edge.route = {{right - 40, from.top()}, {right - 40, from.top() - 45},
                      {right + 45, from.top() + 40}, {right, from.top() + 40}};
        if (!label.isEmpty())
            edge.label = model::Point{right + 12 + label.width() / 2,
                                      from.top() - label.height() / 2 - 4};
        layout.transitions[transition.id] = edge;
    }
}

// The regions of a parallel state, when they lie side by side (or one above the
// other), are stretched to tile it: columns as tall as the state below its header
// (or full-width rows), split at the middle of the gaps, so that the parallel state
// reads as split by lines.
void tileRegions(const StateTree& tree, model::Layout& layout) {
    for (int index : tree.states()) {
        const model::State& state = tree.state(index);
        const auto& regions = tree.children(index);
        if (state.kind != model::StateKind::Parallel || regions.size() < 2)
            continue;
        if (!std::all_of(regions.begin(), regions.end(),
                         [&](int region) { return tree.isContainer(region); }))
            continue;  // an atomic region would turn into a large empty box
        std::vector<model::Rect*> rects;
        for (int region : regions)
            rects.push_back(&layout.states[tree.state(region).id]);
        const model::Rect& outer = layout.states[state.id];
        for (const bool columns : {true, false}) {
            // `along`: the axis the regions follow each other on; `across`: the other.
            double model::Rect::*along = columns ? &model::Rect::x : &model::Rect::y;
            double model::Rect::*alongSize = columns ? &model::Rect::width : &model::Rect::height;
            double model::Rect::*across = columns ? &model::Rect::y : &model::Rect::x;
            double model::Rect::*acrossSize = columns ? &model::Rect::height : &model::Rect::width;
            std::sort(rects.begin(), rects.end(), [&](const model::Rect* a, const model::Rect* b) {
                return a->*along < b->*along;
            });
            bool apart = true;
            for (std::size_t i = 1; i < rects.size(); ++i)
                apart = apart && rects[i - 1]->*along + rects[i - 1]->*alongSize <= rects[i]->*along;
            if (!apart)
                continue;
            double start = outer.*across + kClusterMargin / 2;  // rows: the full width
            if (columns) {  // columns: from the regions' top (below the header)
                start = rects.front()->*across;
                for (const model::Rect* rect : rects)
                    start = std::min(start, rect->*across);
            }
            const double end = outer.*across + outer.*acrossSize - kClusterMargin / 2;
            for (std::size_t i = 0; i < rects.size(); ++i) {
                model::Rect& rect = *rects[i];
                rect.*across = start;
                rect.*acrossSize = end - start;
                if (i + 1 < rects.size()) {
                    model::Rect& next = *rects[i + 1];
                    const double middle = (rect.*along + rect.*alongSize + next.*along) / 2;
                    rect.*alongSize = middle - rect.*along;
                    next.*alongSize += next.*along - middle;
                    next.*along = middle;
                }
            }
            break;
        }
    }
}

model::Layout gridLayout(const StateTree& tree, const ElementMetrics& metrics) {
    model::Layout layout;
    const model::Machine& machine = tree.machine();
    constexpr int kColumns = 10;
    qreal x = 0, y = 0, rowHeight = 0;
    int column = 0;
    for (int index : tree.states()) {
        const QSizeF size = metrics.nodeSize(machine, tree.state(index));
        layout.states[tree.state(index).id] = {x, y, size.width(), size.height()};
        x += size.width() + kGridGap;
        rowHeight = std::max(rowHeight, size.height());
        if (++column == kColumns) {
            column = 0;
            x = 0;
            y += rowHeight + kGridGap;
            rowHeight = 0;
        }
    }
    return layout;
}

} // namespace

bool layoutCoversStates(const model::Machine& machine) {
    return std::all_of(machine.states.begin(), machine.states.end(), [&](const model::State& s) {
        return machine.layout.states.count(s.id) > 0;
    });
}

model::Layout graphvizLayout(const model::Machine& machine, const ElementMetrics& metrics) {
    const StateTree tree(machine);
    if (static_cast<int>(tree.states().size()) > kMaxGraphvizStates)
        return gridLayout(tree, metrics);
    std::optional<model::Layout> computed = GraphvizRun(tree, metrics).run();
    if (!computed)
        return gridLayout(tree, metrics);
    model::Layout layout = std::move(*computed);
    tileRegions(tree, layout);
    addManualRoutes(tree, metrics, layout);
    return layout;
}

} // namespace swivel::canvas
