// Shared by the model tests: explore a program to the end under a named strategy, keeping one
// counterexample per violation kind, and describe what was found for failure messages.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>

#include "checker/program.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"

namespace kmc::testing {

struct Outcome {
  RunResult result;
  std::set<ViolationKind> kinds;
  [[nodiscard]] bool has(ViolationKind k) const { return kinds.count(k) != 0; }
  // "kind: message [seed line] replay TOKEN" of each counterexample.
  [[nodiscard]] std::string describe() const {
    std::string out;
    for (const Counterexample& c : result.counterexamples)
      out += std::string(to_string(c.violation.kind)) + ": " + c.violation.message + " [" +
             c.violation.seed + "] replay " + c.replay + "\n";
    return out.empty() ? "no violation" : out;
  }
};

// Explores `program` to the end under `strategy` (every kind collected); `max_executions` 0 is
// no cap.
inline Outcome explore(const Program& program, const std::string& strategy = "dpor",
                       ExecutionOptions options = {}, std::uint64_t max_executions = 0) {
  StrategyOptions so;
  so.name = strategy;
  std::string error;
  auto s = make_strategy(so, error);
  EXPECT_NE(s, nullptr) << error;
  RunOptions run;
  run.keep_going = true;
  run.execution = options;
  run.max_executions = max_executions;
  Outcome out;
  if (s == nullptr) return out;
  out.result = Runner(program, *s, run).run();
  for (const Counterexample& c : out.result.counterexamples) out.kinds.insert(c.violation.kind);
  return out;
}

}  // namespace kmc::testing
