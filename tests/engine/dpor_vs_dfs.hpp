// Compares DPOR with plain DFS on one test program: the reference check of DPOR's exactness.
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc::testing {

// DPOR's result and the final states its finished executions recorded.
struct DporOutcome {
  RunResult result;
  std::set<std::string> finals;
};

// Runs `make(finals)` (a LambdaProgram that records each finished execution's final state into
// `finals`) under DPOR and under DFS with keep-going, and expects DPOR exact: both complete, no
// fallback branch, no more executions than DFS, the same final states and violation kinds.
template <typename Make>
DporOutcome expect_dpor_exact(const Make& make) {
  DporOutcome dpor;
  std::set<std::string> dfs_finals;
  const LambdaProgram dpor_program = make(dpor.finals);
  const LambdaProgram dfs_program = make(dfs_finals);
  dpor.result = run_all(dpor_program, "dpor");
  const RunResult dfs = run_all(dfs_program, "dfs");
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

}  // namespace kmc::testing
