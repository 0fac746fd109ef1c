// Runs a program under a strategy, execution after execution, and gathers the result.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "checker/deadline.hpp"
#include "checker/execution.hpp"
#include "checker/program.hpp"
#include "checker/result.hpp"
#include "checker/strategy.hpp"

namespace kmc {

struct RunOptions {
  ExecutionOptions execution;
  std::uint64_t max_executions = 0;  // 0: no limit
  double time_limit_s = 0;           // 0: no limit; from the start of run()
  // An absolute end as well (the whole fuzz or verify budget), whichever comes first.
  std::optional<Deadline::Clock::time_point> not_after;
  // Tests: the deadline passes at its N-th check (0: never), so that a deadline passing inside
  // the strategy's work is reproducible without timing.
  std::uint64_t deadline_checks = 0;
  bool keep_going = false;    // explore everything; keep the first counterexample per kind
  bool verify_replay = true;  // replay each counterexample once before reporting it
  const std::atomic<bool>* stop = nullptr;  // set asynchronously (Ctrl-C) to stop cleanly
  // Called about every `progress_interval_s` with the result so far (for a progress line).
  std::function<void(const RunResult&, std::optional<double> estimate)> progress;
  double progress_interval_s = 0.5;
  // Called with the trace of every execution that ran to its end or to a violation (not those
  // cut as redundant), e.g. to collect final states for a differential check.
  std::function<void(const Trace&)> on_execution;
};

// Thrown when a counterexample does not replay to the same verdict: an engine error (exit 3).
struct ReplayMismatch {
  std::string message;
};

class Runner {
 public:
  Runner(const Program& program, Strategy& strategy, RunOptions options);
  // Explores until the strategy is exhausted, a limit is hit, or (unless keep_going) a violation.
  // The time limits, the stop flag and deadline_checks form one Deadline, checked between
  // executions and, by DPOR, inside the analysis of each: a passed deadline ends the run as
  // interrupted (never complete), at most one execution plus a millisecond past it.
  [[nodiscard]] RunResult run();

 private:
  void add_counterexample(RunResult& result, const Trace& trace, const Violation& v,
                          std::uint64_t execution);
  void verify(const Counterexample& cex);

  const Program& program_;
  Strategy& strategy_;
  RunOptions options_;
};

// The preemptions of `trace`: switches away from a thread that runs again later in it.
[[nodiscard]] std::uint32_t count_preemptions(const Trace& trace);

// Runs exactly one execution following `token`; the trace it gives (throws on a bad token).
[[nodiscard]] Trace replay_once(const Program& program, const std::string& token,
                                const ExecutionOptions& options);

}  // namespace kmc
