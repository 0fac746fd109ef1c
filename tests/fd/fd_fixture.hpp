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
#include "tests/explore.hpp"

namespace kmc::fd::testing {

using kmc::testing::explore;
using kmc::testing::Outcome;

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

// Parses scenario text and explores it under DPOR; the run must be complete and find nothing.
inline Outcome expect_passes(const std::string& text) {
  auto p = parse(text);
  if (p == nullptr) return {};
  Outcome o = run_scenario(*p, "dpor");
  EXPECT_TRUE(o.kinds.empty()) << o.describe();
  EXPECT_TRUE(o.result.complete);
  return o;
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
