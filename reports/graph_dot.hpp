// DOT text for the race-trace picture and the lock-order graph. Besides the drawing attributes each
// node and edge carries machine-readable `kmc_*` attributes (ignored by Graphviz) so tests and
// tools can check what the picture says without reading pixels:
//   nodes: kmc_events="3,4,5" (trace indices it stands for), kmc_thread, kmc_cone="1",
//          kmc_violation="1", kmc_preempted="1", kmc_blocked="1"
//   edges: kmc_kind="po|lock|wakeup|enables|rf|free|spawn|waits", kmc_highlight="1"
//   lock graph: nodes kmc_class, edges kmc_cycle="1" (on the violation's cycle)
#pragma once

#include <string>
#include <string_view>

#include "checker/lock_graph.hpp"
#include "checker/result.hpp"
#include "reports/graph_model.hpp"

namespace kmc::reports {

// Escapes text for a double-quoted DOT string (quotes, backslashes, newlines become \n).
[[nodiscard]] std::string dot_quote(std::string_view text);
// Escapes text for a Graphviz HTML-like label.
[[nodiscard]] std::string dot_html(std::string_view text);

// The DOT text of `graph`, drawn from `trace`; `replay` is shown in the title when not empty.
[[nodiscard]] std::string trace_dot(const Trace& trace, const TraceGraph& graph,
                                    std::string_view replay);

// The DOT text of the lock-order graph: classes as nodes, held->acquired edges labelled with where
// they were first seen; the cycle named by `violation` (a lock-order one) is highlighted, and any
// other cycle the graph holds is drawn dashed red.
[[nodiscard]] std::string lock_graph_dot(const LockGraph& graph, const Violation* violation);

}  // namespace kmc::reports
