// Execution-level behaviour: livelock bound, invariant hooks, data choices, big-lock mode,
// spawning from a thread, latches.
#include <gtest/gtest.h>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::found;
using testing::LambdaProgram;
using testing::run_all;

TEST(Execution, SpinningForeverIsALivelock) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& flag = bag.make<Shared<int>>(ex, "flag", 0);
    ex.spawn("spinner", [&] {
      while (flag.load("spin") == 0) {
      }
    });
  });
  StrategyOptions so;
  std::string err;
  auto s = make_strategy(so, err);
  RunOptions ro;
  ro.execution.max_steps = 50;
  const RunResult r = Runner(p, *s, ro).run();
  EXPECT_TRUE(found(r, ViolationKind::Livelock));
}

TEST(Execution, InvariantsAreCheckedWhenTheirLockIsFree) {
  // Two fields that must be equal whenever the lock is free; a thread that updates them with the
  // lock dropped in between breaks the invariant, one that holds the lock throughout does not.
  for (bool drop_lock : {false, true}) {
    LambdaProgram p([drop_lock](Execution& ex, Bag& bag) {
      auto& m = bag.make<Mutex>(ex, "m", "m");
      auto& a = bag.make<Tracked<int>>(ex, "a", 0);
      auto& b = bag.make<Tracked<int>>(ex, "b", 0);
      ex.add_invariant(
          "a == b", [&m] { return m.is_free(); },
          [&a, &b]() -> std::optional<std::string> {
            if (a.peek() == b.peek()) return std::nullopt;
            return "a=" + std::to_string(a.peek()) + " b=" + std::to_string(b.peek());
          });
      ex.spawn("T", [&, drop_lock] {
        m.lock("lock");
        a.set(1, "a = 1");
        if (drop_lock) {
          m.unlock("drop");
          m.lock("retake");
        }
        b.set(1, "b = 1");
        m.unlock("unlock");
      });
    });
    EXPECT_EQ(found(run_all(p, "dpor"), ViolationKind::Invariant), drop_lock);
  }
}

TEST(Execution, ChoicesAreExploredExhaustively) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    ex.spawn("A", [&] {
      const std::uint32_t v = ex.choose(3, "choose");
      x.store(static_cast<int>(v), "store");
    });
    ex.spawn("B", [&] { (void)x.load("load"); });
  });
  // 3 values x (B's load before or after A's store) = 6 traces.
  EXPECT_EQ(run_all(p, "dpor").stats.executions, 6u);
  EXPECT_EQ(run_all(p, "dfs").stats.executions, 9u);  // DFS also orders the choice against B
}

TEST(Execution, BigLockSwitchesOnlyWhereAThreadSleeps) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    for (int t = 0; t < 2; ++t) {
      ex.spawn("T" + std::to_string(t), [&] {
        (void)x.load("a");
        x.store(1, "b");
        may_sleep(ex, "copyout", "copyout");
        (void)x.load("c");
      });
    }
  });
  StrategyOptions so;
  so.name = "dfs";
  std::string err;
  auto fine = make_strategy(so, err);
  const RunResult f = Runner(p, *fine, RunOptions{}).run();
  auto coarse = make_strategy(so, err);
  RunOptions ro;
  ro.execution.biglock = true;
  const RunResult b = Runner(p, *coarse, ro).run();
  EXPECT_GT(f.stats.executions, b.stats.executions);
  // Two segments per thread (before and after the copyout): C(4,2) = 6 interleavings.
  EXPECT_EQ(b.stats.executions, 6u);
}

TEST(Execution, ThreadsSpawnedByAThreadAndLatches) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& ready = bag.make<Latch>(ex, "ready");
    auto& x = bag.make<Atomic<int>>(ex, "x", 0);
    ex.spawn("parent", [&] {
      x.store(1, "before spawn");
      ex.spawn("child", [&] {
        ready.wait("wait");
        if (x.load("read") != 2) ex.fail(ViolationKind::Assertion, "child ran early", "check");
      });
      x.store(2, "after spawn");
      ready.set("go");
    });
  });
  for (const char* s : {"dpor", "dfs"}) {
    const RunResult r = run_all(p, s);
    EXPECT_FALSE(r.violated()) << s;
    EXPECT_TRUE(r.complete);
  }
}

}  // namespace
}  // namespace kmc
