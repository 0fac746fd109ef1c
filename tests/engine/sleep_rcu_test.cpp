// Sleep/wakeup (lost wakeups, timeouts, wakeup_one, interlocked sleeps) and RCU grace periods.
#include <gtest/gtest.h>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/rcu.hpp"
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

TEST(Sleep, CheckThenSleepWithoutInterlockLosesTheWakeup) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& flag = bag.make<Shared<int>>(ex, "flag", 0);
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    ex.spawn("waiter", [&] {
      if (flag.load("check") == 0) (void)chan.sleep("sleep", {.wmesg = "wait"});
    });
    ex.spawn("waker", [&] {
      flag.store(1, "set");
      chan.wakeup("wakeup");
    });
  });
  const RunResult r = run_all(p, "dpor");
  EXPECT_TRUE(found(r, ViolationKind::LostWakeup));
  EXPECT_FALSE(found(r, ViolationKind::Deadlock));
}

TEST(Sleep, InterlockedSleepNeverLosesTheWakeup) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& m = bag.make<Mutex>(ex, "interlock", "interlock");
    auto& flag = bag.make<Tracked<int>>(ex, "flag", 0);
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    ex.spawn("waiter", [&] {
      m.lock("lock");
      while (flag.get("check") == 0)
        (void)chan.sleep("mtsleep", {.wmesg = "wait", .interlock = &m});
      m.unlock("unlock");
    });
    ex.spawn("waker", [&] {
      m.lock("lock");
      flag.set(1, "set");
      chan.wakeup("wakeup");
      m.unlock("unlock");
    });
  });
  for (const char* s : {"dpor", "dfs"}) EXPECT_FALSE(run_all(p, s).violated()) << s;
}

TEST(Sleep, TimeoutFiresOnlyWhenNothingElseCanRun) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    auto& result = bag.make<int>(-1);
    ex.spawn("sleeper", [&] {
      result = static_cast<int>(chan.sleep("tsleep", {.wmesg = "timo", .timeout = true}));
    });
    ex.add_end_check([&]() -> std::optional<Violation> {
      if (result == static_cast<int>(SleepResult::TimedOut)) return std::nullopt;
      Violation v;
      v.message = "sleep did not time out";
      return v;
    });
  });
  const RunResult r = run_all(p, "dpor");
  EXPECT_FALSE(r.violated());
  EXPECT_EQ(r.stats.executions, 1u);
}

TEST(Sleep, WakeupOneWakesExactlyOne) {
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& m = bag.make<Mutex>(ex, "m", "m");
    auto& sleeping = bag.make<Tracked<int>>(ex, "sleeping", 0);
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    for (int i = 0; i < 2; ++i) {
      ex.spawn("S" + std::to_string(i), [&] {
        m.lock("lock");
        sleeping.set(sleeping.get("r") + 1, "w");
        (void)chan.sleep("sleep", {.wmesg = "one", .interlock = &m});
        m.unlock("unlock");
      });
    }
    ex.spawn("W", [&] {
      m.lock("lock");
      const bool both = sleeping.get("both asleep?") == 2;
      m.unlock("unlock");
      if (both) chan.wakeup_one("wakeup_one");
    });
  });
  // Whenever both sleep before the waker looks, one sleeper is left: a lost wakeup.
  EXPECT_TRUE(found(run_all(p, "dpor"), ViolationKind::LostWakeup));
}

struct Node {
  explicit Node(Execution& ex) : value(ex, "node.value", 7) {}
  Tracked<int> value;
};

TEST(Rcu, ReaderInsideItsSectionIsSafeAfterUnlockItIsNot) {
  for (bool late_use : {false, true}) {
    LambdaProgram p([late_use](Execution& ex, Bag& bag) {
      auto& rcu = bag.make<Rcu>(ex);
      auto& ptr = bag.make<Atomic<Node*>>(ex, "ptr", nullptr);
      auto& cell = bag.make<Ptr<Node>>();
      ex.spawn("setup+updater", [&, late_use] {
        cell = make<Node>(ex, "node", "alloc", false, ex);
        ptr.store(cell.unchecked(), "publish");
        (void)ptr.exchange(nullptr, "unpublish");
        Ptr<Node> old = cell;
        rcu.call_rcu([&ex, old] { heap_of(ex).free(old.cell(), "kfree in callback"); }, "call_rcu");
      });
      ex.spawn("reader", [&, late_use] {
        rcu.read_lock("rcu_read_lock");
        Node* n = ptr.load("rcu_dereference");
        if (n != nullptr && !late_use) (void)cell.at("use inside").value.get("read");
        rcu.read_unlock("rcu_read_unlock");
        if (n != nullptr && late_use) (void)cell.at("use after unlock").value.get("read");
      });
    });
    const RunResult r = run_all(p, "dpor");
    EXPECT_EQ(found(r, ViolationKind::UseAfterFree) || found(r, ViolationKind::DataRace), late_use)
        << "late_use=" << late_use;
  }
}

// Spec FD-I7: nothing may sleep in an RCU read section; the report names the outermost
// rcu_read_lock. Sleeping after the section has closed is fine.
TEST(Rcu, SleepingInsideAReadSectionIsSleepInAtomic) {
  for (bool inside : {true, false}) {
    LambdaProgram p([inside](Execution& ex, Bag& bag) {
      auto& rcu = bag.make<Rcu>(ex);
      auto& m = bag.make<Mutex>(ex, "m", "m");
      ex.spawn("reader", [&, inside] {
        rcu.read_lock("outer rcu_read_lock");
        rcu.read_lock("inner rcu_read_lock");
        if (inside) m.lock("mutex_enter");
        rcu.read_unlock("inner rcu_read_unlock");
        rcu.read_unlock("outer rcu_read_unlock");
        if (!inside) m.lock("mutex_enter");
        m.unlock("mutex_exit");
      });
    });
    const RunResult r = run_all(p, "dpor");
    ASSERT_EQ(r.violated(), inside);
    if (!inside) continue;
    const Violation& v = r.counterexamples[0].violation;
    EXPECT_EQ(v.kind, ViolationKind::SleepInAtomic);
    EXPECT_NE(v.message.find("may sleep inside an RCU read section (rcu_read_lock at outer "
                             "rcu_read_lock"),
              std::string::npos)
        << v.message;
    EXPECT_EQ(std::string(v.seed), "mutex_enter");
  }
}

}  // namespace
}  // namespace kmc
