// A deadlock or lost wakeup names one thread, and its message, thread and cited event agree: the
// event is that thread's own last one (a sleeper's sleep), even when another thread ran after it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checker/primitives/locks.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/variables.hpp"
#include "checker/runner.hpp"
#include "checker/strategies/factory.hpp"
#include "tests/engine/lambda_program.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::LambdaProgram;

// Every execution's trace under DFS with keep-going whose violation is of `kind`.
std::vector<Trace> traces_of(const Program& program, ViolationKind kind) {
  StrategyOptions so;
  so.name = "dfs";
  std::string error;
  auto strategy = make_strategy(so, error);
  EXPECT_NE(strategy, nullptr) << error;
  std::vector<Trace> out;
  RunOptions run;
  run.keep_going = true;
  run.on_execution = [&out, kind](const Trace& t) {
    if (t.violation && t.violation->kind == kind) out.push_back(t);
  };
  (void)Runner(program, *strategy, run).run();
  return out;
}

// Whether a thread other than the violation's ran after the event the violation cites.
bool another_thread_ran_after(const Trace& t) {
  const Violation& v = *t.violation;
  for (auto i = static_cast<std::size_t>(v.event) + 1; i < t.events.size(); ++i)
    if (t.events[i].thread != v.thread) return true;
  return false;
}

// Checks the agreement in every trace; returns how many had another thread run afterwards.
int expect_agreement(const std::vector<Trace>& traces, const std::string& name, OpKind last_op) {
  int later = 0;
  for (const Trace& t : traces) {
    const Violation& v = *t.violation;
    const bool placed = v.thread < t.threads.size() && v.event >= 0 &&
                        static_cast<std::size_t>(v.event) < t.events.size();
    EXPECT_TRUE(placed) << v.message;
    if (!placed) continue;
    EXPECT_EQ(t.threads[v.thread].name, name) << v.message;
    EXPECT_EQ(v.message.rfind(name + " ", 0), 0u) << v.message;
    const Event& e = t.events[static_cast<std::size_t>(v.event)];
    EXPECT_EQ(e.thread, v.thread) << v.message;
    EXPECT_EQ(e.op, last_op) << v.message;
    later += another_thread_ran_after(t) ? 1 : 0;
  }
  return later;
}

TEST(BlockedViolation, LostWakeupCitesTheSleepersOwnSleep) {
  // The waker goes on after its wakeup, so in some executions its last store comes after the
  // sleeper fell asleep: the last event of the execution is not the sleeper's.
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& flag = bag.make<Shared<int>>(ex, "flag", 0);
    auto& done = bag.make<Shared<int>>(ex, "done", 0);
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    ex.spawn("sleeper", [&] {
      if (flag.load("check") == 0) (void)chan.sleep("sleep", {.wmesg = "ready"});
    });
    ex.spawn("waker", [&] {
      flag.store(1, "set");
      chan.wakeup("wakeup");
      done.store(1, "done");
    });
  });
  const std::vector<Trace> traces = traces_of(p, ViolationKind::LostWakeup);
  ASSERT_FALSE(traces.empty());
  EXPECT_GT(expect_agreement(traces, "sleeper", OpKind::Sleep), 0);
  for (const Trace& t : traces) {
    EXPECT_NE(t.violation->message.find("sleeper waits on chan (ready) at sleep"),
              std::string::npos)
        << t.violation->message;
    EXPECT_NE(t.violation->message.find("no thread is left to wake it"), std::string::npos);
  }
}

TEST(BlockedViolation, DeadlockCitesTheLockWaitersOwnLastEvent) {
  // A third thread's store may run after both lock waiters are stuck.
  LambdaProgram p([](Execution& ex, Bag& bag) {
    auto& a = bag.make<Mutex>(ex, "A", "A");
    auto& b = bag.make<Mutex>(ex, "B", "B");
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    ex.spawn("ab", [&] {
      a.lock("lock A");
      b.lock("lock B");
      b.unlock("unlock B");
      a.unlock("unlock A");
    });
    ex.spawn("ba", [&] {
      b.lock("lock B");
      a.lock("lock A");
      a.unlock("unlock A");
      b.unlock("unlock B");
    });
    ex.spawn("bystander", [&] { x.store(1, "store"); });
  });
  const std::vector<Trace> traces = traces_of(p, ViolationKind::Deadlock);
  ASSERT_FALSE(traces.empty());
  EXPECT_GT(expect_agreement(traces, "ab", OpKind::MutexLock), 0);
}

}  // namespace
}  // namespace kmc
