// Small helpers for engine tests: run a program under a named strategy and get the result.
#pragma once

#include <gtest/gtest.h>

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

}  // namespace kmc::testing
