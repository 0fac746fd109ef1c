#include "reports/graph_model.hpp"

#include <deque>

namespace kmc::reports {

namespace {

// The events and blocked operations of a trace as one vertex set: event i is vertex i, the blocked
// operation of thread t is vertex n + t. Edges carry everything that orders two vertices.
struct VertexGraph {
  std::size_t n = 0;
  std::size_t first = 0;
  std::vector<char> blocked;                   // per thread: blocked at the end
  std::vector<std::vector<std::size_t>> pred;  // per vertex: program order + cross edges
  std::vector<char> crossed;                   // per vertex: touched by a cross edge
  struct Cross {
    std::size_t from, to;
    OrderKind kind;
    std::string label;
  };
  std::vector<Cross> cross;
};

std::string edge_label(const OrderEdge& e) {
  return e.kind == OrderKind::Spawn ? std::string() : e.object;
}

VertexGraph vertices_of(const Trace& trace, const GraphOptions& options) {
  VertexGraph g;
  const auto& ev = trace.events;
  g.n = ev.size();
  g.first = g.n > options.max_events ? g.n - options.max_events : 0;
  const std::size_t threads = trace.threads.size();
  g.blocked.assign(threads, 0);
  for (std::size_t t = 0; t < threads; ++t)
    g.blocked[t] = !trace.threads[t].finished && !trace.threads[t].blocked_on.empty();
  g.pred.assign(g.n + threads, {});
  g.crossed.assign(g.n + threads, 0);
  std::vector<std::int64_t> last(threads, -1);
  for (std::size_t i = g.first; i < g.n; ++i) {
    const ThreadId t = ev[i].thread;
    if (t < threads && last[t] >= 0) g.pred[i].push_back(static_cast<std::size_t>(last[t]));
    if (t < threads) last[t] = static_cast<std::int64_t>(i);
  }
  for (std::size_t t = 0; t < threads; ++t)
    if (g.blocked[t] && last[t] >= 0) g.pred[g.n + t].push_back(static_cast<std::size_t>(last[t]));

  auto add_cross = [&](std::size_t from, std::size_t to, OrderKind kind, std::string label) {
    g.pred[to].push_back(from);
    g.crossed[from] = g.crossed[to] = 1;
    g.cross.push_back({from, to, kind, std::move(label)});
  };
  for (const OrderEdge& e : ordering_edges(trace))
    if (static_cast<std::size_t>(e.from) >= g.first)
      add_cross(static_cast<std::size_t>(e.from), static_cast<std::size_t>(e.to), e.kind,
                edge_label(e));
  const std::int32_t racing = racing_event_of(trace);
  const std::int32_t racy = trace.violation ? trace.violation->event : -1;
  if (racing >= 0 && static_cast<std::size_t>(racing) >= g.first)
    add_cross(static_cast<std::size_t>(racing), static_cast<std::size_t>(racy), OrderKind::Races,
              "unordered");
  for (std::size_t t = 0; t < threads; ++t) {
    if (!g.blocked[t]) continue;
    const auto tid = static_cast<ThreadId>(t);
    const std::int32_t holder = holder_acquire_of(trace, tid);
    if (holder >= 0 && static_cast<std::size_t>(holder) >= g.first) {
      const Event& h = ev[static_cast<std::size_t>(holder)];
      add_cross(static_cast<std::size_t>(holder), g.n + t, OrderKind::WaitsFor,
                "holds " + trace.object_name(h.object));
      continue;
    }
    const std::int32_t missed = missed_wakeup_of(trace, tid);
    if (missed >= 0 && static_cast<std::size_t>(missed) >= g.first)
      add_cross(static_cast<std::size_t>(missed), g.n + t, OrderKind::WaitsFor,
                "wakeup came before the sleep");
  }
  return g;
}

// The vertex where the violation happened, or -1.
std::int64_t violating_vertex(const Trace& trace, const VertexGraph& g) {
  if (!trace.violation) return -1;
  const Violation& v = *trace.violation;
  const bool stuck = v.kind == ViolationKind::Deadlock || v.kind == ViolationKind::LostWakeup;
  if (stuck && v.thread < g.blocked.size() && g.blocked[v.thread])
    return static_cast<std::int64_t>(g.n + v.thread);
  std::int64_t at = -1;
  if (v.event >= 0 && static_cast<std::size_t>(v.event) < g.n) {
    at = v.event;
  } else if (v.thread != kNoThread) {
    for (std::size_t i = g.n; i-- > 0;) {
      if (trace.events[i].thread == v.thread) {
        at = static_cast<std::int64_t>(i);
        break;
      }
    }
    if (at < 0 && v.thread < g.blocked.size() && g.blocked[v.thread])
      return static_cast<std::int64_t>(g.n + v.thread);
  }
  return at >= static_cast<std::int64_t>(g.first) ? at : -1;
}

std::vector<char> cone_of(const VertexGraph& g, std::int64_t v) {
  std::vector<char> cone(g.pred.size(), 0);
  if (v < 0) return cone;
  std::deque<std::size_t> work{static_cast<std::size_t>(v)};
  cone[static_cast<std::size_t>(v)] = 1;
  while (!work.empty()) {
    const std::size_t x = work.front();
    work.pop_front();
    for (std::size_t p : g.pred[x]) {
      if (cone[p]) continue;
      cone[p] = 1;
      work.push_back(p);
    }
  }
  return cone;
}

}  // namespace

TraceGraph build_trace_graph(const Trace& trace, const GraphOptions& options) {
  const VertexGraph g = vertices_of(trace, options);
  const std::int64_t violating = violating_vertex(trace, g);
  const std::vector<char> cone = cone_of(g, violating);
  const std::vector<char> preempt = preemption_points(trace);
  const auto& ev = trace.events;

  TraceGraph out;
  out.first_event = g.first;
  out.lanes.assign(trace.threads.size(), {});
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> node_of(g.pred.size(), kNone);
  std::vector<std::vector<std::size_t>> per_thread(trace.threads.size());
  for (std::size_t i = g.first; i < g.n; ++i)
    if (ev[i].thread < per_thread.size()) per_thread[ev[i].thread].push_back(i);

  auto add_node = [&](GraphNode node, const std::vector<std::size_t>& vertices) {
    const std::size_t id = out.nodes.size();
    for (std::size_t x : vertices) node_of[x] = id;
    out.lanes[node.thread].push_back(id);
    out.nodes.push_back(std::move(node));
  };
  auto foldable = [&](std::size_t i) {
    // A preemption between events nobody else depends on changes nothing: those fold too.
    return !g.crossed[i] && static_cast<std::int64_t>(i) != violating;
  };
  for (std::size_t t = 0; t < per_thread.size(); ++t) {
    const auto& mine = per_thread[t];
    for (std::size_t k = 0; k < mine.size();) {
      std::size_t end = k + 1;
      if (foldable(mine[k]))
        while (end < mine.size() && foldable(mine[end]) && cone[mine[end]] == cone[mine[k]]) ++end;
      const bool fold = options.min_fold > 0 && end - k >= options.min_fold;
      if (!fold) end = k + 1;
      GraphNode node;
      node.type = fold ? GraphNode::Type::Fold : GraphNode::Type::Event;
      node.thread = static_cast<ThreadId>(t);
      std::vector<std::size_t> vertices(mine.begin() + static_cast<std::ptrdiff_t>(k),
                                        mine.begin() + static_cast<std::ptrdiff_t>(end));
      for (std::size_t x : vertices) node.events.push_back(static_cast<std::int32_t>(x));
      node.in_cone = cone[vertices.front()] != 0;
      node.violating = static_cast<std::int64_t>(vertices.front()) == violating;
      const std::size_t lastv = vertices.back();
      for (std::size_t v = 0; v + 1 < vertices.size(); ++v)
        node.preemptions_inside += preempt[vertices[v]] ? 1 : 0;
      if (preempt[lastv] && lastv + 1 < g.n) {
        node.preempted = true;
        node.preempted_for = ev[lastv + 1].thread;
      }
      if (fold) out.folded_events += vertices.size();
      add_node(std::move(node), vertices);
      k = end;
    }
    if (g.blocked[t]) {
      GraphNode node;
      node.type = GraphNode::Type::Blocked;
      node.thread = static_cast<ThreadId>(t);
      node.in_cone = cone[g.n + t] != 0;
      node.violating = static_cast<std::int64_t>(g.n + t) == violating;
      add_node(std::move(node), {g.n + t});
    }
  }
  for (std::size_t id = 0; id < out.nodes.size(); ++id)
    if (out.nodes[id].violating) out.violating_node = static_cast<std::int32_t>(id);

  for (const auto& lane : out.lanes) {
    for (std::size_t k = 1; k < lane.size(); ++k) {
      GraphEdge e;
      e.from = lane[k - 1];
      e.to = lane[k];
      e.highlighted = out.nodes[e.to].in_cone;
      out.edges.push_back(std::move(e));
    }
  }
  for (const auto& c : g.cross) {
    GraphEdge e;
    if (node_of[c.from] == kNone || node_of[c.to] == kNone) continue;  // a thread not listed
    e.from = node_of[c.from];
    e.to = node_of[c.to];
    e.program_order = false;
    e.kind = c.kind;
    e.object = c.label;
    e.highlighted = cone[c.to] != 0;
    out.edges.push_back(std::move(e));
  }
  return out;
}

}  // namespace kmc::reports
