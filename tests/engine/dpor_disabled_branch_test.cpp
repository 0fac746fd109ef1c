// DPOR must never plan a wakeup branch whose thread cannot run there (disabled_branches): two
// cases the DPOR-vs-DFS property found, a reader's rwlock release and LWKT tokens taken in
// opposite orders.
#include <gtest/gtest.h>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/token.hpp"
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

// T0 takes tok0 then tok1, T1 tok1 then tok0. A thread that blocks on its second token gives
// up the first and takes both back in one event; that event cannot run before the other
// thread releases the token it holds, even though it races with that thread's earlier access
// to the other token.
TEST(DporTokens, OppositeOrdersPlanNoBranchForABlockedThread) {
  const LambdaProgram program([](Execution& ex, Bag& bag) {
    auto& tok0 = bag.make<Token>(ex, "tok0");
    auto& tok1 = bag.make<Token>(ex, "tok1");
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    const auto body = [&](Token& first, Token& second) {
      first.get("get first");
      second.get("get second");
      x.store(x.load("load x") + 1, "store x");
      second.release("release second");
      first.release("release first");
    };
    ex.spawn("T0", [&, body] { body(tok0, tok1); });
    ex.spawn("T1", [&, body] { body(tok1, tok0); });
  });
  const RunResult dpor = testing::run_all(program, "dpor");
  EXPECT_TRUE(dpor.complete);
  EXPECT_EQ(dpor.stats.disabled_branches, 0u);
  EXPECT_EQ(dpor.stats.blocked, 0u);
}

}  // namespace
}  // namespace kmc
