#include "reports/graphs.hpp"

#include "checker/output_file.hpp"
#include "reports/graph_dot.hpp"
#include "reports/graph_render.hpp"

namespace kmc::reports {

namespace {
// The counterexample's trace with its violation set (the runner sets it; a hand-built one may not).
Trace with_violation(const Counterexample& cex) {
  Trace trace = cex.trace;
  if (!trace.violation) trace.violation = cex.violation;
  return trace;
}
}  // namespace

std::string trace_graph_dot(const Counterexample& cex, const GraphOptions& options) {
  const Trace trace = with_violation(cex);
  return trace_dot(trace, build_trace_graph(trace, options), cex.replay);
}

std::string lock_graph_dot(const LockGraph& g, const Counterexample& cex) {
  return lock_graph_dot(g, &cex.violation);
}

void write_trace_graph(const std::filesystem::path& dir, const Counterexample& cex) {
  const std::string dot = trace_graph_dot(cex);
  write_text_file(dir / "trace.dot", dot);
  write_text_file(dir / "trace.svg", render_svg(dot));
}

void write_lock_graph(const std::filesystem::path& dir, const LockGraph& g,
                      const Counterexample& cex) {
  const std::string dot = lock_graph_dot(g, cex);
  write_text_file(dir / "lockgraph.dot", dot);
  write_text_file(dir / "lockgraph.svg", render_svg(dot));
}

}  // namespace kmc::reports
