// The deadline the runner builds from --time-limit, the stop flag and a check budget: it is
// checked inside DPOR's analysis of an execution, not only between executions, and a passed
// deadline ends the run as incomplete, never as complete. Deterministic: the check budget stands
// in for the clock, and a deadline already in the past needs no timing.
#include <gtest/gtest.h>

#include <atomic>

#include "checker/deadline.hpp"
#include "checker/primitives/variables.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/dpor.hpp"
#include "tests/engine/lambda_program.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

TEST(Deadline, CheckBudgetPassesAtItsCheckAndStaysPassed) {
  Deadline d;
  d.set_check_budget(3);
  EXPECT_FALSE(d.passed());
  EXPECT_FALSE(d.passed());
  EXPECT_FALSE(d.was_passed());
  EXPECT_TRUE(d.passed());
  EXPECT_TRUE(d.was_passed());
  EXPECT_TRUE(d.passed_now());
}

TEST(Deadline, StopFlagAndPastTimePass) {
  std::atomic<bool> stop{false};
  Deadline d;
  d.set_stop(&stop);
  EXPECT_FALSE(d.passed_now());
  stop = true;
  EXPECT_TRUE(d.passed());
  Deadline past;
  past.set_at(Deadline::Clock::now() - std::chrono::seconds(1));
  EXPECT_TRUE(past.passed_now());
  Deadline never;
  never.set_after(0);
  for (int i = 0; i < 1000; ++i) ASSERT_FALSE(never.passed());
  EXPECT_FALSE(never.passed_now());
}

// Two threads, each a run of stores to one variable: C(2 kOps, kOps) = 20 executions.
constexpr int kOps = 3;
LambdaProgram racing_stores() {
  return LambdaProgram([](Execution& ex, Bag& bag) {
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    for (int t = 0; t < 2; ++t) {
      ex.spawn("T" + std::to_string(t), [&x, t] {
        for (int k = 0; k < kOps; ++k) x.store(t, "store");
      });
    }
  });
}

RunResult run_dpor(const Program& p, RunOptions ro) {
  DporStrategy dpor;
  return Runner(p, dpor, std::move(ro)).run();
}

TEST(DeadlineDpor, UnlimitedRunIsComplete) {
  const LambdaProgram p = racing_stores();
  const RunResult r = run_dpor(p, RunOptions{});
  EXPECT_TRUE(r.complete);
  EXPECT_FALSE(r.interrupted);
  EXPECT_GT(r.stats.executions, 2u);
}

// The runner checks once before the first execution; the next checks are DPOR's, one per event
// of the first execution's analysis: with a budget of 3 the deadline passes in that analysis.
// Checked only between executions, it would pass before the third execution instead.
TEST(DeadlineDpor, PassesInsideTheAnalysisOfAnExecution) {
  const LambdaProgram p = racing_stores();
  RunOptions ro;
  ro.deadline_checks = 3;
  const RunResult r = run_dpor(p, ro);
  EXPECT_EQ(r.stats.executions, 1u);
  EXPECT_TRUE(r.interrupted);
  EXPECT_FALSE(r.complete);
}

// A deadline passed in the middle of the analysis leaves the strategy without a plan: it explores
// nothing more, and the run is incomplete whatever check the deadline passes at; only a budget
// that is never reached gives the complete run.
TEST(DeadlineDpor, NeverCompleteOnceCut) {
  const LambdaProgram p = racing_stores();
  const RunResult full = run_dpor(p, RunOptions{});
  ASSERT_EQ(full.stats.executions, 20u);
  std::uint64_t checks = 1;
  for (;; ++checks) {
    RunOptions ro;
    ro.deadline_checks = checks;
    const RunResult r = run_dpor(p, ro);
    if (r.complete) {
      EXPECT_EQ(r.stats.executions, full.stats.executions);
      break;
    }
    EXPECT_TRUE(r.interrupted) << checks;
    // Cut in the last execution's analysis, all of them ran, but nothing says it was the last.
    EXPECT_LE(r.stats.executions, full.stats.executions) << checks;
  }
  EXPECT_GT(checks, 2 * full.stats.executions);  // more checks than executions: inside them too
}

TEST(DeadlineDpor, DeadlineInThePastRunsNothing) {
  const LambdaProgram p = racing_stores();
  RunOptions ro;
  ro.not_after = Deadline::Clock::now() - std::chrono::seconds(1);
  const RunResult r = run_dpor(p, ro);
  EXPECT_EQ(r.stats.executions, 0u);
  EXPECT_TRUE(r.interrupted);
  EXPECT_FALSE(r.complete);
}

}  // namespace
}  // namespace kmc
