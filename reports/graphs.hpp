// Pictures of a counterexample: the race-trace graph (one lane per thread, the edges that order the
// threads, the path into the violation) and the lock-order graph with its cycle, as DOT and SVG.
#pragma once

#include <filesystem>
#include <string>

#include "checker/lock_graph.hpp"
#include "checker/result.hpp"
#include "reports/graph_model.hpp"

namespace kmc::reports {

// Writes DIR/trace.dot and DIR/trace.svg for a counterexample (DIR is created).
// Throws WriteError when a file cannot be written, std::runtime_error when Graphviz fails.
void write_trace_graph(const std::filesystem::path& dir, const kmc::Counterexample& cex);

// Writes DIR/lockgraph.dot and DIR/lockgraph.svg for a lock-order counterexample (cycle
// highlighted). Throws WriteError when a file cannot be written, std::runtime_error when
// Graphviz fails.
void write_lock_graph(const std::filesystem::path& dir, const kmc::LockGraph& g,
                      const kmc::Counterexample& cex);

// The DOT text write_trace_graph writes, with the picture's knobs.
[[nodiscard]] std::string trace_graph_dot(const kmc::Counterexample& cex,
                                          const GraphOptions& options = {});

// The DOT text write_lock_graph writes.
[[nodiscard]] std::string lock_graph_dot(const kmc::LockGraph& g, const kmc::Counterexample& cex);

}  // namespace kmc::reports
