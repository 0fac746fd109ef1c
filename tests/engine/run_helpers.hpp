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
                         bool keep_going = true, std::uint32_t preemptions = 2) {
  StrategyOptions options;
  options.name = strategy;
  options.preemptions = preemptions;
  std::string error;
  auto s = make_strategy(options, error);
  EXPECT_NE(s, nullptr) << error;
  RunOptions run;
  run.keep_going = keep_going;
  return Runner(program, *s, run).run();
}

// Whether the result holds a counterexample of `kind`.
inline bool found(const RunResult& r, ViolationKind kind) {
  for (const Counterexample& c : r.counterexamples)
    if (c.violation.kind == kind) return true;
  return false;
}

// Runs the programs `make(finals)` builds (one collecting into each set) under DPOR and DFS;
// expects DPOR exact (complete, no fallback branch, no redundant execution) and both to reach
// the same final states, which it returns.
template <typename Make>
std::set<std::string> expect_exact(const Make& make) {
  std::set<std::string> dpor_finals;
  std::set<std::string> dfs_finals;
  const auto dpor_program = make(dpor_finals);
  const auto dfs_program = make(dfs_finals);
  const RunResult dpor = run_all(dpor_program, "dpor");
  const RunResult dfs = run_all(dfs_program, "dfs");
  EXPECT_TRUE(dpor.complete);
  EXPECT_EQ(dpor.stats.disabled_branches, 0u);
  EXPECT_EQ(dpor.stats.blocked, 0u);
  EXPECT_EQ(dpor_finals, dfs_finals);
  EXPECT_FALSE(dpor_finals.empty());
  return dpor_finals;
}

}  // namespace kmc::testing
