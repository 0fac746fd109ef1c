// The outcome of a run: verdict, counts, and each counterexample with its trace and replay token.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/lock_graph.hpp"
#include "checker/trace.hpp"

namespace kmc {

struct Counterexample {
  Violation violation;
  Trace trace;            // the execution, with trace.violation set to `violation`
  std::string replay;     // the token that replays the execution (see replay_token.hpp)
  std::uint64_t execution = 0;  // which execution of the run found it (1-based)
  std::uint32_t preemptions = 0;
};

struct RunStats {
  std::uint64_t executions = 0;  // complete executions explored (including violating ones)
  std::uint64_t blocked = 0;     // redundant executions cut short by sleep sets
  std::uint64_t events = 0;      // scheduling points executed in all
  std::uint64_t disabled_branches = 0;  // DPOR branches whose thread was disabled (should be 0)
  // Threads whose first step waited for an identical earlier thread's (symmetry reduction,
  // Execution::start_after): 0 when the reduction did not apply.
  std::uint32_t symmetric_threads = 0;
  double elapsed_s = 0;
};

struct RunResult {
  std::string program;
  std::string strategy;
  bool complete = false;     // the strategy ran out: every behaviour within its bounds was seen
  bool interrupted = false;  // stopped by the time limit, the execution limit or a signal
  RunStats stats;
  std::vector<Counterexample> counterexamples;
  LockGraph lock_graph;      // lock classes and edges seen in the whole run
  [[nodiscard]] bool violated() const { return !counterexamples.empty(); }
};

}  // namespace kmc
