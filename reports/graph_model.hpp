// The race-trace picture as plain data, before it is written as DOT: one lane of nodes per thread,
// the edges that order the threads, the violating node and its happens-before cone, and folds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/trace.hpp"
#include "reports/graph_edges.hpp"

namespace kmc::reports {

// Knobs for the picture; the defaults keep a 200-event trace readable.
struct GraphOptions {
  // Fold a run of at least this many consecutive events of one thread that no other thread
  // depends on into one node (0: never fold).
  std::size_t min_fold = 3;
  // Draw at most the last `max_events` events (earlier ones are dropped and said so): dot needs
  // about 1 s for 500 events nothing folds, 10 s for 1500, and no one reads more anyway.
  std::size_t max_events = 500;
};

// One node of a lane: a visible event, a fold of several, or the operation a thread is blocked in
// at the end of the execution.
struct GraphNode {
  enum class Type : std::uint8_t { Event, Fold, Blocked };
  Type type = Type::Event;
  ThreadId thread = kNoThread;
  std::vector<std::int32_t> events;  // trace indices, in program order (empty for Blocked)
  bool in_cone = false;    // a happens-before predecessor of the violating node (or that node)
  bool violating = false;  // the node where the violation happened
  bool preempted = false;  // the scheduler preempted the thread right after this node
  ThreadId preempted_for = kNoThread;  // the thread that ran next
  std::size_t preemptions_inside = 0;  // a fold: preemptions between its events (harmless ones)
};

// An edge between two nodes: program order inside a lane, or a cross-lane order.
struct GraphEdge {
  std::size_t from = 0;  // index into TraceGraph::nodes
  std::size_t to = 0;
  bool program_order = true;
  OrderKind kind = OrderKind::LockHandoff;  // meaningful when !program_order
  std::string object;
  bool highlighted = false;  // leads to the violating node (both ends in its cone)
};

// The whole picture: nodes grouped in lanes, edges, and where the violation sits.
struct TraceGraph {
  std::vector<std::vector<std::size_t>> lanes;  // per thread: its nodes, top to bottom
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
  std::int32_t violating_node = -1;  // index into nodes, -1 when the violation has no place
  std::size_t first_event = 0;       // events before this one were dropped (max_events)
  std::size_t folded_events = 0;     // how many events are inside folds
};

// Builds the picture of `trace`. The violating node is the thread's blocked operation for a
// deadlock or lost wakeup, else Violation::event, else the last event of Violation::thread.
[[nodiscard]] TraceGraph build_trace_graph(const Trace& trace, const GraphOptions& options = {});

}  // namespace kmc::reports
