// kmc::check: model-checks a function that builds kernel state and spawns model threads, under a
// search strategy, and returns a printable result (the text trace, JSON and graphs of `kmc run`).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "checker/context.hpp"
#include "checker/result.hpp"
#include "checker/types.hpp"

namespace kmc {

// How the executions are chosen.
enum class Search : std::uint8_t {
  Dpor,     // optimal DPOR with sleep sets: every behaviour, each once (the default)
  Dfs,      // every interleaving, one by one (for small models and cross-checks)
  Bounded,  // every interleaving with at most Options::preemptions preemptions
  Pct,      // Options::samples random executions with PCT priorities (depth Options::pct_depth)
  Random,   // Options::samples uniformly random executions
};

// What kmc::check explores and how far; the defaults are a complete DPOR search.
struct Options {
  Search search = Search::Dpor;
  // A replay token (K1.…, printed with every counterexample): run exactly that execution.
  std::string replay;
  std::uint32_t preemptions = 2;     // Search::Bounded: the preemption bound
  std::uint64_t seed = 1;            // Search::Pct, Search::Random
  std::uint32_t pct_depth = 3;       // Search::Pct: the bug depth d
  std::uint64_t samples = 1000;      // Search::Pct, Search::Random: executions (0: unlimited)
  std::uint64_t max_executions = 0;  // stop after this many executions (0: no limit)
  double time_limit_s = 0;           // stop after this long (0: no limit)
  bool keep_going = false;           // explore on after a violation; one counterexample a kind
  std::uint32_t max_steps = 100000;  // an execution longer than this is a `livelock`
  bool address_reuse = false;        // freed cells are handed out again (ABA reachable)
  std::uint32_t early_timeouts = 0;  // timed sleeps per thread that may time out at any step
  // Sc: atomics sequentially consistent; Rc11: their memory orders explored (docs/weak-memory.md)
  MemoryModel memory_model = MemoryModel::Sc;
  std::string name = "kmc::check";  // the program's name in reports
};

// The outcome of kmc::check: verdict, counts and each counterexample with its replay token.
class Result {
 public:
  explicit Result(RunResult run) : run_(std::move(run)) {}
  // The engine's result: stats, counterexamples (trace, violation, replay token), lock graph.
  [[nodiscard]] const RunResult& run() const { return run_; }
  // No violation was found (complete() tells whether that proves anything).
  [[nodiscard]] bool ok() const { return !run_.violated(); }
  // Every behaviour within the search's bounds was explored.
  [[nodiscard]] bool complete() const { return run_.complete; }
  // "pass", "violation" or "incomplete", as `kmc run` says it.
  [[nodiscard]] std::string verdict() const;
  // The first counterexample of `kind`, or nullptr.
  [[nodiscard]] const Counterexample* find(ViolationKind kind) const;
  // Every counterexample (per-thread trace, violation, `KMC_REPLAY=TOKEN` that replays it) and a
  // summary line, as `kmc run` prints them.
  [[nodiscard]] std::string text() const;
  // The JSON result of `kmc run --json` (DESIGN §4).
  [[nodiscard]] std::string json() const;
  // Writes the graphs of counterexample i to DIR/cex-<i>-<kind>/ (trace.dot and trace.svg, and
  // lockgraph.dot/.svg for a lock-order cycle) and returns those folders. Throws on a failed
  // write or a Graphviz failure.
  [[nodiscard]] std::vector<std::filesystem::path> write_graphs(
      const std::filesystem::path& dir) const;

 private:
  RunResult run_;
};

// Prints Result::text().
std::ostream& operator<<(std::ostream& out, const Result& result);

// Explores `model` under `options`. For every execution `model` runs afresh, in this OS thread:
// it builds the state (kmc::make_initial, primitives) and spawns the threads (kmc::spawn); it
// must do the same calls in the same order each time. Throws UsageError on misuse (an operation
// outside a model thread, a thread that throws, a replay token that does not fit the model).
[[nodiscard]] Result check(const Options& options, std::function<void()> model);

}  // namespace kmc
