// Early timeouts (ExecutionOptions::early_timeouts): a timed sleep the thread makes early may end
// by its timeout at any step, not only when no thread can run; each thread makes at most the
// bound's number of its sleeps early; forced timeouts stay reachable; DPOR stays exact against
// DFS; and a counterexample that needs an early timeout replays from its token.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "checker/primitives/sleep.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "checker/runner.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::expect_exact;
using testing::LambdaProgram;

ExecutionOptions early(std::uint32_t bound) {
  ExecutionOptions o;
  o.early_timeouts = bound;
  return o;
}

// How a sleep ended, in one letter: w(oken), f(orced timeout), i(nterrupted), e(arly timeout).
char letter(SleepResult r) {
  switch (r) {
    case SleepResult::Woken:
      return 'w';
    case SleepResult::TimedOut:
      return 'f';
    case SleepResult::Interrupted:
      return 'i';
    case SleepResult::EarlyTimeout:
      return 'e';
  }
  return '?';
}

// A string each thread appends what it saw to, recorded into `out` when the execution ends.
std::string& recorded(Execution& ex, Bag& bag, std::set<std::string>& out) {
  auto& seen = bag.make<std::string>();
  ex.add_end_check([&out, &seen]() -> std::optional<Violation> {
    out.insert(seen);
    return std::nullopt;
  });
  return seen;
}

// A sleep on `chan` with a timeout; how it ended, in one letter.
char timed_sleep(WaitChannel& chan) {
  return letter(chan.sleep("tsleep", {.wmesg = "timo", .timeout = true}));
}

// T0 sleeps with a timeout, then reads x; T1 stores 1 to x, then wakes the channel. Finals:
// how T0's sleep ended and the x it read.
LambdaProgram sleeper_and_waker(std::set<std::string>& out) {
  return LambdaProgram([&out](Execution& ex, Bag& bag) {
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    std::string& seen = recorded(ex, bag, out);
    ex.spawn("T0", [&] {
      seen += timed_sleep(chan);
      seen += std::to_string(x.load("load x"));
    });
    ex.spawn("T1", [&] {
      x.store(1, "store x");
      chan.wakeup("wakeup");
    });
  });
}

TEST(EarlyTimeout, ByDefaultATimeoutFiresOnlyWhenNothingElseCanRun) {
  // Woken after the store, or forced once T1 is done: T0 always reads 1.
  EXPECT_EQ(expect_exact([](auto& f) { return sleeper_and_waker(f); }),
            (std::set<std::string>{"f1", "w1"}));
}

TEST(EarlyTimeout, AnEarlySleepMayTimeOutBeforeTheOtherThreadRuns) {
  // The early sleep may time out before the store (e0) or after it (e1); the forced timeout and
  // the wakeup stay reachable through the other choice.
  EXPECT_EQ(expect_exact([](auto& f) { return sleeper_and_waker(f); }, early(1)),
            (std::set<std::string>{"e0", "e1", "f1", "w1"}));
}

// T0 sleeps twice on a channel nobody wakes and reads x after each sleep; T1 stores 1 then 2.
LambdaProgram two_sleeps(std::set<std::string>& out) {
  return LambdaProgram([&out](Execution& ex, Bag& bag) {
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    std::string& seen = recorded(ex, bag, out);
    ex.spawn("T0", [&] {
      for (int i = 0; i < 2; ++i) {
        seen += timed_sleep(chan);
        seen += std::to_string(x.load("load x"));
      }
    });
    ex.spawn("T1", [&] {
      x.store(1, "store 1");
      x.store(2, "store 2");
    });
  });
}

TEST(EarlyTimeout, TheBoundCountsTheSleepsAThreadMakesEarly) {
  const auto one = expect_exact([](auto& f) { return two_sleeps(f); }, early(1));
  // One early sleep: the other times out only when T1 is done, so it reads 2.
  EXPECT_TRUE(one.count("e0f2") != 0);
  EXPECT_TRUE(one.count("f2e2") != 0);
  for (const std::string& s : one) EXPECT_TRUE(s.find('f') != std::string::npos) << s;
  const auto two = expect_exact([](auto& f) { return two_sleeps(f); }, early(2));
  EXPECT_TRUE(two.count("e0e0") != 0);
  EXPECT_TRUE(two.count("e0e1") != 0);
  EXPECT_TRUE(two.count("e1e2") != 0);
  EXPECT_EQ(two.count("e1e0"), 0u);
}

// Two sleepers on one channel, each holding a token across its sleep (given up while asleep);
// the waker takes the token around a wakeup_one. An early timeout of one sleeper makes the
// wakeup_one wake the other, or nobody.
LambdaProgram token_sleepers(std::set<std::string>& out) {
  return LambdaProgram([&out](Execution& ex, Bag& bag) {
    auto& tok = bag.make<Token>(ex, "tok");
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    auto& seen = bag.make<std::vector<std::string>>(2);
    ex.add_end_check([&out, &seen]() -> std::optional<Violation> {
      out.insert(seen[0] + "|" + seen[1]);
      return std::nullopt;
    });
    for (int t = 0; t < 2; ++t) {
      ex.spawn("S" + std::to_string(t), [&, t] {
        tok.get("get");
        seen[t] += timed_sleep(chan);
        tok.release("release");
      });
    }
    ex.spawn("W", [&] {
      tok.get("get");
      chan.wakeup_one("wakeup_one");
      tok.release("release");
    });
  });
}

TEST(EarlyTimeout, DporExactWithTokensAndWakeupOne) {
  const auto plain = expect_exact([](auto& f) { return token_sleepers(f); });
  EXPECT_EQ(plain, (std::set<std::string>{"f|f", "f|w", "w|f"}));
  const auto finals = expect_exact([](auto& f) { return token_sleepers(f); }, early(1));
  EXPECT_TRUE(finals.count("e|w") != 0);  // S0 timed out early: the wakeup_one woke S1
  EXPECT_TRUE(finals.count("w|e") != 0);
  EXPECT_TRUE(finals.count("e|e") != 0);
}

TEST(EarlyTimeout, AnInterruptibleSleepEndsByASignalAnEarlyTimeoutOrAWakeup) {
  const auto finals = expect_exact(
      [](std::set<std::string>& out) {
        return LambdaProgram([&out](Execution& ex, Bag& bag) {
          auto& chan = bag.make<WaitChannel>(ex, "chan");
          std::string& seen = recorded(ex, bag, out);
          ex.spawn("T0", [&] {
            seen += letter(
                chan.sleep("tsleep", {.wmesg = "timo", .timeout = true, .interruptible = true}));
          });
          ex.spawn("T1", [&] { chan.wakeup("wakeup"); });
        });
      },
      early(1));
  // No forced timeout: a sleep a signal may end can always run, so it never waits for one.
  EXPECT_EQ(finals, (std::set<std::string>{"e", "i", "w"}));
}

// T0 fails an assertion when its sleep timed out early; only an early timeout reaches it.
LambdaProgram fails_on_early() {
  return LambdaProgram([](Execution& ex, Bag& bag) {
    auto& chan = bag.make<WaitChannel>(ex, "chan");
    auto& x = bag.make<Shared<int>>(ex, "x", 0);
    ex.spawn("T0", [&] {
      const SleepResult r = chan.sleep("tsleep", {.wmesg = "timo", .timeout = true});
      if (r == SleepResult::EarlyTimeout && x.load("load x") == 0)
        ex.fail(ViolationKind::Assertion, "timed out before the store", Site("check"));
    });
    ex.spawn("T1", [&] {
      x.store(1, "store x");
      chan.wakeup("wakeup");
    });
  });
}

TEST(EarlyTimeout, ACounterexampleThatNeedsAnEarlyTimeoutReplays) {
  const LambdaProgram p = fails_on_early();
  EXPECT_FALSE(testing::run_all(p, "dpor").violated());
  // The Runner replays each counterexample before it reports it (ReplayMismatch otherwise).
  const RunResult r = testing::run_all(p, "dpor", true, 2, early(1));
  ASSERT_TRUE(testing::found(r, ViolationKind::Assertion));
  const Trace again = replay_once(p, r.counterexamples[0].replay, early(1));
  ASSERT_TRUE(again.violation);
  EXPECT_EQ(again.violation->kind, ViolationKind::Assertion);
  bool early_event = false;
  for (const Event& e : again.events)
    early_event |= e.op == OpKind::Woken && e.value == kSleepEarlyTimeout;
  EXPECT_TRUE(early_event);
}

}  // namespace
}  // namespace kmc
