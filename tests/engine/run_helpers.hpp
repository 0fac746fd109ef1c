// Small helpers for engine tests: run a program under a named strategy and get the result.
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"

namespace kmc::testing {

// Runs `program` to completion under `strategy` (keep_going: every violation kind is collected).
inline RunResult run_all(const Program& program, const std::string& strategy,
                         bool keep_going = true, std::uint32_t preemptions = 2,
                         const ExecutionOptions& execution = {}) {
  StrategyOptions options;
  options.name = strategy;
  options.preemptions = preemptions;
  std::string error;
  auto s = make_strategy(options, error);
  EXPECT_NE(s, nullptr) << error;
  RunOptions run;
  run.execution = execution;
  run.keep_going = keep_going;
  return Runner(program, *s, run).run();
}

// Whether the result holds a counterexample of `kind`.
inline bool found(const RunResult& r, ViolationKind kind) {
  for (const Counterexample& c : r.counterexamples)
    if (c.violation.kind == kind) return true;
  return false;
}

// DPOR's result and the final states its finished executions recorded.
struct DporOutcome {
  RunResult result;
  std::set<std::string> finals;
};

// Runs the programs `make(finals)` builds (one collecting each finished execution's final state
// into each set) under DPOR and DFS with keep-going; expects DPOR exact: both complete, no
// fallback branch, no more executions than DFS, the same final states and violation kinds.
template <typename Make>
DporOutcome expect_dpor_exact(const Make& make, const ExecutionOptions& execution = {}) {
  DporOutcome dpor;
  std::set<std::string> dfs_finals;
  const auto dpor_program = make(dpor.finals);
  const auto dfs_program = make(dfs_finals);
  dpor.result = run_all(dpor_program, "dpor", true, 2, execution);
  const RunResult dfs = run_all(dfs_program, "dfs", true, 2, execution);
  EXPECT_TRUE(dpor.result.complete);
  EXPECT_TRUE(dfs.complete);
  EXPECT_EQ(dpor.result.stats.disabled_branches, 0u);
  EXPECT_LE(dpor.result.stats.executions, dfs.stats.executions);
  EXPECT_EQ(dpor.finals, dfs_finals);
  std::set<ViolationKind> dpor_kinds;
  std::set<ViolationKind> dfs_kinds;
  for (const Counterexample& c : dpor.result.counterexamples) dpor_kinds.insert(c.violation.kind);
  for (const Counterexample& c : dfs.counterexamples) dfs_kinds.insert(c.violation.kind);
  EXPECT_EQ(dpor_kinds, dfs_kinds);
  return dpor;
}

// expect_dpor_exact, and no redundant (sleep-set-blocked) execution either; returns the final
// states, never empty.
template <typename Make>
std::set<std::string> expect_exact(const Make& make, const ExecutionOptions& execution = {}) {
  const DporOutcome dpor = expect_dpor_exact(make, execution);
  EXPECT_EQ(dpor.result.stats.blocked, 0u);
  EXPECT_FALSE(dpor.finals.empty());
  return dpor.finals;
}

}  // namespace kmc::testing
