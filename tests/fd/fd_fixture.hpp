// Test helpers for the fd model: run scenario text (or a file) exhaustively through the scenario
// layer, and a program whose threads are lambdas over one FdSystem for sequential unit tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "checker/program.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "model/fd/fd_api.hpp"
#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"

namespace kmc::fd::testing {

struct Outcome {
  RunResult result;
  std::set<ViolationKind> kinds;
  [[nodiscard]] bool has(ViolationKind k) const { return kinds.count(k) != 0; }
  [[nodiscard]] std::string describe() const {
    std::string out;
    for (const Counterexample& c : result.counterexamples)
      out += std::string(to_string(c.violation.kind)) + ": " + c.violation.message + " [" +
             c.violation.seed + "] replay " + c.replay + "\n";
    return out.empty() ? "no violation" : out;
  }
};

// Explores `program` to the end under `strategy`, keeping one counterexample per kind.
inline Outcome explore(const Program& program, const std::string& strategy,
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
  out.result = Runner(program, *s, run).run();
  for (const Counterexample& c : out.result.counterexamples) out.kinds.insert(c.violation.kind);
  return out;
}

// Parses scenario text; fails the test (and returns nullptr) on a parse error.
inline std::unique_ptr<scenario::ScenarioProgram> parse(const std::string& text,
                                                        const std::string& file = "test.scn") {
  scenario::ParseResult r = scenario::parse_scenario(text, file);
  for (const auto& d : r.errors) ADD_FAILURE() << d.format();
  if (!r.scenario) return nullptr;
  return std::make_unique<scenario::ScenarioProgram>(std::move(*r.scenario));
}

inline Outcome run_scenario(const scenario::ScenarioProgram& p, const std::string& strategy) {
  return explore(p, strategy, p.execution_options({}));
}

// The kinds a scenario expects (empty for `expect pass`).
inline std::set<ViolationKind> expected(const scenario::ScenarioProgram& p) {
  const auto& e = p.scenario().expect;
  return std::set<ViolationKind>(e.kinds.begin(), e.kinds.end());
}

// A program of lambda threads over one FdSystem (process 1 exists; threads run in order given).
using FdThreadFn = std::function<void(FdSystem&)>;

class FdLambdaProgram final : public Program {
 public:
  FdLambdaProgram(FdConfig config, std::vector<FdThreadFn> threads)
      : config_(config), threads_(std::move(threads)) {}

  [[nodiscard]] std::unique_ptr<ProgramInstance> instantiate(Execution& ex) const override {
    auto in = std::make_unique<Instance>();
    in->sys = std::make_unique<FdSystem>(ex, config_);
    FdSystem* sys = in->sys.get();
    for (std::size_t t = 0; t < threads_.size(); ++t) {
      const FdThreadFn* fn = &threads_[t];
      ex.spawn("T" + std::to_string(t + 1), [sys, fn] { (*fn)(*sys); });
    }
    return in;
  }
  [[nodiscard]] std::string name() const override { return "fd-lambda"; }

 private:
  struct Instance : ProgramInstance {
    std::unique_ptr<FdSystem> sys;
  };
  FdConfig config_;
  std::vector<FdThreadFn> threads_;
};

}  // namespace kmc::fd::testing
