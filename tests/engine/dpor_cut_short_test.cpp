// DPOR on executions that a violation cuts short: the threads that could still run must get
// their turn before the violating event, or violations that only they reach are never seen.
#include <gtest/gtest.h>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

// T1 takes L and fails at once. T2 sets x under L. T3 fails when it sees x == 1, which needs T2
// and T3 both to run before T1's failing step: an order no race of the cut-short trace suggests.
LambdaProgram cut_short_program() {
  return LambdaProgram([](Execution& ex, Bag& bag) {
    auto& lock = bag.make<Mutex>(ex, "L", "L");
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    ex.spawn("T1", [&] {
      lock.lock("T1 lock");
      ex.fail(ViolationKind::Assertion, "T1 always fails here", Site("T1 fail"));
    });
    ex.spawn("T2", [&] {
      lock.lock("T2 lock");
      x.store(1, "T2 store");
      lock.unlock("T2 unlock");
    });
    ex.spawn("T3", [&] {
      if (x.load("T3 load") == 1) {
        ex.fail(ViolationKind::Invariant, "T3 saw x == 1", Site("T3 check"));
      }
    });
  });
}

TEST(DporCutShort, FindsTheViolationsOfEveryThreadLikeDfs) {
  const LambdaProgram program = cut_short_program();
  const RunResult dfs = testing::run_all(program, "dfs");
  ASSERT_TRUE(testing::found(dfs, ViolationKind::Assertion));
  ASSERT_TRUE(testing::found(dfs, ViolationKind::Invariant));
  const RunResult dpor = testing::run_all(program, "dpor");
  EXPECT_TRUE(dpor.complete);
  EXPECT_TRUE(testing::found(dpor, ViolationKind::Assertion));
  EXPECT_TRUE(testing::found(dpor, ViolationKind::Invariant));
  EXPECT_LE(dpor.stats.executions, dfs.stats.executions);
}

// Without a violation nothing is pending: the reduction is exactly as before (one execution per
// trace: T1 and T2 contend for L, T3's load races with T2's store).
TEST(DporCutShort, PendingEventsOnlyAfterAViolation) {
  const LambdaProgram program([](Execution& ex, Bag& bag) {
    auto& lock = bag.make<Mutex>(ex, "L", "L");
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    ex.spawn("T1", [&] {
      lock.lock("T1 lock");
      lock.unlock("T1 unlock");
    });
    ex.spawn("T2", [&] {
      lock.lock("T2 lock");
      x.store(1, "T2 store");
      lock.unlock("T2 unlock");
    });
    ex.spawn("T3", [&] { (void)x.load("T3 load"); });
  });
  const RunResult dpor = testing::run_all(program, "dpor");
  EXPECT_TRUE(dpor.complete);
  EXPECT_EQ(dpor.stats.executions, 4u);
  EXPECT_EQ(dpor.stats.blocked, 0u);
}

}  // namespace
}  // namespace kmc
