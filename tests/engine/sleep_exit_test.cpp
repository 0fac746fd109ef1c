// tell_thread_to_exit: a PCATCH sleep of a thread told to exit ends Interrupted, whether it was
// asleep when told or sleeps later (NetBSD's LW_WEXIT, set by exit_lwps); other sleeps do not.
#include <gtest/gtest.h>

#include <set>

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

// A sleeper on `chan` (PCATCH or not) and a thread that, in one step, sets a flag and tells the
// sleeper to exit; with `wake`, a third thread also wakes the channel. Every sleep result any
// execution ends with is added to `results`.
LambdaProgram told_to_exit(bool pcatch, bool wake, std::set<SleepResult>& results) {
  return LambdaProgram([pcatch, wake, &results](Execution& ex, Bag& bag) {
    auto& flag = bag.make<Shared<int>>(ex, "p_wexit", 0);
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    auto& result = bag.make<SleepResult>(SleepResult::TimedOut);
    const ThreadId sleeper = ex.spawn("sleeper", [&chan, &result, pcatch] {
      result = chan.sleep("sleep", {.wmesg = "psem", .pcatch = pcatch});
    });
    ex.spawn("exiter", [&ex, &flag, sleeper] {
      flag.store(1, "exit_lwps");
      tell_thread_to_exit(ex, sleeper);
    });
    if (wake) ex.spawn("poster", [&chan] { chan.wakeup("post"); });
    ex.add_end_check([&result, &results]() -> std::optional<Violation> {
      results.insert(result);
      return std::nullopt;
    });
  });
}

TEST(SleepExit, PcatchSleepEndsInterruptedWhenToldBeforeOrAfterItSlept) {
  for (const char* s : {"dpor", "dfs"}) {
    std::set<SleepResult> results;
    const RunResult r = run_all(told_to_exit(true, false, results), s);
    EXPECT_FALSE(r.violated()) << s;
    EXPECT_TRUE(r.complete) << s;
    EXPECT_EQ(results, std::set<SleepResult>{SleepResult::Interrupted}) << s;
  }
}

// Without PCATCH being told to exit changes nothing: nobody wakes the sleeper.
TEST(SleepExit, SleepWithoutPcatchIsNotEnded) {
  std::set<SleepResult> results;
  const RunResult r = run_all(told_to_exit(false, false, results), "dpor");
  EXPECT_TRUE(found(r, ViolationKind::LostWakeup) || found(r, ViolationKind::Deadlock));
}

// A wakeup and the exit race: the sleeper is woken in some executions and interrupted in others,
// and DPOR reaches both, as DFS does.
TEST(SleepExit, WakeupAndExitRaceReachBothEnds) {
  for (const char* s : {"dpor", "dfs"}) {
    std::set<SleepResult> results;
    const RunResult r = run_all(told_to_exit(true, true, results), s);
    EXPECT_FALSE(r.violated()) << s;
    EXPECT_EQ(results, (std::set<SleepResult>{SleepResult::Woken, SleepResult::Interrupted})) << s;
  }
}

}  // namespace
}  // namespace kmc
