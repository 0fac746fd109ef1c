// DPOR must never plan a wakeup branch whose thread cannot run there (disabled_branches): cases
// the DPOR-vs-DFS property found, a reader's rwlock release, a writer that waits for a second
// reader, and LWKT tokens taken in opposite orders.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::expect_exact;
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

// Found by the DPOR-vs-DFS property with RCU and sleeps added (shrunk further by hand): T0's
// read section, then its store to x1; T2 reads x1 in a read section; T1 writes under RW. In the
// order T0 section, T0 store, T2 section, T1 write, T1's write lock waits for T2's release, which
// follows T0's read lock through x1. The race of T0's read lock with T1's write lock was reversed
// with the sequence "T2 read lock, T1 write lock", which cannot run: T2 is still inside.
TEST(DporReaders, WriterAlsoWaitsForALaterReader) {
  expect_exact([](std::set<std::string>& finals) {
    return LambdaProgram([&finals](Execution& ex, Bag& bag) {
      auto& rw = bag.make<RwLock>(ex, "RW", "RW");
      auto& x0 = bag.make<Shared<int>>(ex, "x0", 0);
      auto& x1 = bag.make<Shared<int>>(ex, "x1", 0);
      auto& seen = bag.make<std::vector<int>>(2, -1);
      ex.spawn("T0", [&] {
        rw.lock_shared("T0 read lock");
        seen[0] = x0.load("T0 load x0");
        rw.unlock("T0 read unlock");
        x1.store(1, "T0 store x1");
      });
      ex.spawn("T1", [&] {
        rw.lock("T1 write lock");
        x0.store(1, "T1 store x0");
        rw.unlock("T1 write unlock");
      });
      ex.spawn("T2", [&] {
        rw.lock_shared("T2 read lock");
        seen[1] = x1.load("T2 load x1");
        rw.unlock("T2 read unlock");
      });
      ex.on_teardown([&] { finals.insert(std::to_string(seen[0]) + std::to_string(seen[1])); });
    });
  });
}

// The other side of the case above: a writer's acquire is ordered after what precedes the reader
// releases it waited for, but never after those readers' own acquires. Here each reader's
// section feeds the other's (y one way, z the other), so neither read lock may hide the other's
// race with the writer; with `late`, both readers also look at the writer's x.
TEST(DporReaders, ReadersFeedingEachOtherStillRaceWithTheWriter) {
  for (const bool late : {false, true}) {
    expect_exact([late](std::set<std::string>& finals) {
      return LambdaProgram([&finals, late](Execution& ex, Bag& bag) {
        auto& rw = bag.make<RwLock>(ex, "RW", "RW");
        auto& x = bag.make<Shared<int>>(ex, "x", 0);
        auto& y = bag.make<Shared<int>>(ex, "y", 0);
        auto& z = bag.make<Shared<int>>(ex, "z", 0);
        auto& seen = bag.make<std::vector<int>>(4, -1);
        ex.spawn("W", [&] {
          rw.lock("write lock");
          x.store(1, "store x");
          rw.unlock("write unlock");
        });
        ex.spawn("R0", [&, late] {
          rw.lock_shared("R0 read lock");
          seen[0] = y.load("R0 load y");
          z.store(1, "R0 store z");
          if (late) seen[2] = x.load("R0 load x");
          rw.unlock("R0 read unlock");
        });
        ex.spawn("R1", [&, late] {
          rw.lock_shared("R1 read lock");
          y.store(1, "R1 store y");
          seen[1] = z.load("R1 load z");
          if (late) seen[3] = x.load("R1 load x");
          rw.unlock("R1 read unlock");
        });
        ex.on_teardown([&] {
          std::string s;
          for (const int v : seen) s += std::to_string(v) + ",";
          finals.insert(s);
        });
      });
    });
  }
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
