// Locks: ownership, sleeping under a spinlock, deadlock, lock order, tokens.
#include <gtest/gtest.h>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::found;
using testing::LambdaProgram;
using testing::run_all;

TEST(Mutex, UnlockByNonOwnerIsReported) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& m = bag.make<Mutex>(ex, "m", "m_class");
    ex.spawn("owner", [&m] { m.lock("take"); });
    ex.spawn("other", [&m] { m.unlock("release someone else's"); });
    ex.allow_blocked_at_end(0);
  });
  const RunResult r = run_all(p, "dpor");
  EXPECT_TRUE(found(r, ViolationKind::UnlockNotOwner));
}

TEST(Mutex, ProtectedCounterHasNoRace) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& m = bag.make<Mutex>(ex, "m", "m_class");
    auto& x = bag.make<Tracked<int>>(ex, "x", 0);
    for (int t = 0; t < 3; ++t) {
      ex.spawn("T" + std::to_string(t), [&m, &x] {
        m.lock("lock");
        x.set(x.get("read") + 1, "write");
        m.unlock("unlock");
      });
    }
  });
  for (const char* s : {"dpor", "dfs"}) {
    const RunResult r = run_all(p, s);
    EXPECT_FALSE(r.violated()) << s;
    EXPECT_EQ(r.stats.executions, 6u) << s;  // 3! orders of the critical sections
  }
}

TEST(Tracked, UnprotectedWritesAreADataRace) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& x = bag.make<Tracked<int>>(ex, "x", 0);
    auto& flag = bag.make<Shared<int>>(ex, "flag", 0);
    ex.spawn("A", [&x, &flag] {
      x.set(1, "A writes x");
      flag.store(1, "A sets flag");
    });
    ex.spawn("B", [&x, &flag] {
      (void)flag.load("B reads flag");
      x.set(2, "B writes x");
    });
  });
  const RunResult r = run_all(p, "dpor");
  ASSERT_TRUE(found(r, ViolationKind::DataRace));
}

TEST(SpinLock, SleepingWhileHoldingOneIsReported) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& s = bag.make<SpinLock>(ex, "file_lock", "file_lock");
    ex.spawn("T", [&s, &ex] {
      s.lock("spin_lock");
      may_sleep(ex, "alloc under spinlock", "GFP_KERNEL");
      s.unlock("spin_unlock");
    });
  });
  const RunResult r = run_all(p, "dpor");
  EXPECT_TRUE(found(r, ViolationKind::SleepInAtomic));
}

TEST(Mutex, AbbaGivesLockOrderAndDeadlockUnderDfsToo) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& a = bag.make<Mutex>(ex, "A", "A");
    auto& b = bag.make<Mutex>(ex, "B", "B");
    ex.spawn("T1", [&] {
      a.lock("a");
      b.lock("b");
      b.unlock("b");
      a.unlock("a");
    });
    ex.spawn("T2", [&] {
      b.lock("b");
      a.lock("a");
      a.unlock("a");
      b.unlock("b");
    });
  });
  for (const char* s : {"dpor", "dfs"}) {
    const RunResult r = run_all(p, s);
    EXPECT_TRUE(found(r, ViolationKind::LockOrder)) << s;
    EXPECT_TRUE(found(r, ViolationKind::Deadlock)) << s;
  }
}

TEST(Mutex, RelockingOwnMutexIsADeadlock) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& m = bag.make<Mutex>(ex, "m", "m");
    ex.spawn("T", [&m] {
      m.lock("first");
      m.lock("second");
    });
  });
  EXPECT_TRUE(found(run_all(p, "dpor"), ViolationKind::Deadlock));
}

TEST(RwLock, ReadersShareWritersExclude) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& rw = bag.make<RwLock>(ex, "kp_lock", "kp_lock");
    auto& x = bag.make<Tracked<int>>(ex, "x", 0);
    ex.spawn("R1", [&] {
      rw.lock_shared("r");
      (void)x.get("read");
      rw.unlock("u");
    });
    ex.spawn("R2", [&] {
      rw.lock_shared("r");
      (void)x.get("read");
      rw.unlock("u");
    });
    ex.spawn("W", [&] {
      rw.lock("w");
      x.set(1, "write");
      rw.unlock("u");
    });
  });
  for (const char* s : {"dpor", "dfs"}) {
    const RunResult r = run_all(p, s);
    EXPECT_FALSE(r.violated()) << s;
  }
  // The writer goes before both readers, after both, or between them (R1 first or R2 first).
  EXPECT_EQ(run_all(p, "dpor").stats.executions, 4u);
}

TEST(Token, HolderThatBlocksGivesTokensUpSoNoDeadlockNorLockOrder) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& a = bag.make<Token>(ex, "tokA");
    auto& b = bag.make<Token>(ex, "tokB");
    ex.spawn("T1", [&] {
      a.get("a");
      b.get("b");
      b.release("b");
      a.release("a");
    });
    ex.spawn("T2", [&] {
      b.get("b");
      a.get("a");
      a.release("a");
      b.release("b");
    });
  });
  for (const char* s : {"dpor", "dfs"}) {
    const RunResult r = run_all(p, s);
    EXPECT_FALSE(r.violated()) << s << ": "
                               << (r.violated() ? r.counterexamples[0].violation.message : "");
    EXPECT_TRUE(r.complete);
  }
}

TEST(Token, StateReadBeforeABlockingPointCanChange) {
  // T1 reads x under the token, blocks on a mutex (losing the token), and reads x again: T2 can
  // change x in between, which a real mutex would have prevented.
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& tok = bag.make<Token>(ex, "tok");
    auto& m = bag.make<Mutex>(ex, "m", "m");
    auto& x = bag.make<Tracked<int>>(ex, "x", 0);
    ex.spawn("holder", [&] {
      m.lock("m");
      m.unlock("m");
    });
    ex.spawn("T1", [&] {
      tok.get("get");
      const int before = x.get("read 1");
      m.lock("may block");
      m.unlock("unlock");
      if (x.get("read 2") != before) ex.fail(ViolationKind::Assertion, "x changed", "check");
      tok.release("rel");
    });
    ex.spawn("T2", [&] {
      tok.get("get");
      x.set(1, "write");
      tok.release("rel");
    });
  });
  const RunResult dpor = run_all(p, "dpor");
  const RunResult dfs = run_all(p, "dfs");
  EXPECT_TRUE(found(dfs, ViolationKind::Assertion));
  EXPECT_TRUE(found(dpor, ViolationKind::Assertion));
}

}  // namespace
}  // namespace kmc
