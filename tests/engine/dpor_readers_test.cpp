// DPOR with read sections: a reader's release must not order a later reader's acquire in a
// wakeup sequence, or DPOR plans branches for threads that sleep there (they never waited).
#include <gtest/gtest.h>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

// Found by the DPOR-vs-DFS property (seed 9): T1 and T2 both read under RW while T0 and T1
// write x0 and x1 outside it.
TEST(DporReaders, ReaderReleaseDoesNotEnableAReader) {
  const LambdaProgram program([](Execution& ex, Bag& bag) {
    auto& rw = bag.make<RwLock>(ex, "RW", "RW");
    auto& x0 = bag.make<Shared<int>>(ex, "x0", 0);
    auto& x1 = bag.make<Shared<int>>(ex, "x1", 0);
    ex.spawn("T0", [&] {
      x0.store(1, "T0 store x0");
      x1.store(x1.load("T0 load x1") + 1, "T0 store x1");
    });
    ex.spawn("T1", [&] {
      rw.lock_shared("T1 read lock");
      (void)x1.load("T1 load x1");
      rw.unlock("T1 read unlock");
      x0.store(2, "T1 store x0");
    });
    ex.spawn("T2", [&] {
      rw.lock_shared("T2 read lock");
      (void)x0.load("T2 load x0");
      rw.unlock("T2 read unlock");
    });
  });
  const RunResult dpor = testing::run_all(program, "dpor");
  EXPECT_TRUE(dpor.complete);
  EXPECT_EQ(dpor.stats.disabled_branches, 0u);
  EXPECT_EQ(dpor.stats.blocked, 0u);
}

}  // namespace
}  // namespace kmc
