// DPOR plans no wakeup branch its thread cannot follow (disabled_branches == 0), for each cause
// found in the shipped scenarios: an RCU callback enabled by several readers together, a timeout
// that fires only when nothing else can run, a token holder's sleep, and big-lock mode. Each
// program is also explored by plain DFS: both must reach the same final states.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "checker/primitives/rcu.hpp"
#include "checker/primitives/sleep.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::expect_exact;
using testing::LambdaProgram;

// Two readers in their sections when call_rcu runs: the callback waits for both unlocks, and
// only the last one used to be recorded as its enabler (fd/dup_dup_close: 5 fallback branches).
TEST(DporEnablers, RcuCallbackWaitsForEveryReader) {
  expect_exact([](std::set<std::string>& finals) {
    return LambdaProgram([&finals](Execution& ex, Bag& bag) {
      auto& rcu = bag.make<Rcu>(ex);
      auto& x = bag.make<Shared<int>>(ex, "x", 0);
      auto& seen = bag.make<std::vector<int>>(3, -1);
      ex.spawn("reader0", [&] {
        rcu.read_lock("lock0");
        seen[0] = x.load("load0");
        rcu.read_unlock("unlock0");
      });
      ex.spawn("reader1", [&] {
        rcu.read_lock("lock1");
        seen[1] = x.load("load1");
        rcu.read_unlock("unlock1");
      });
      ex.spawn("updater", [&] {
        x.store(1, "store");
        rcu.call_rcu([&] { seen[2] = x.load("callback load"); }, "call_rcu");
      });
      ex.on_teardown([&] {
        finals.insert(std::to_string(seen[0]) + std::to_string(seen[1]) + std::to_string(seen[2]));
      });
    });
  });
}

// A timed sleep fires only when nothing else can run; a waker may come before or after it
// (kq's 1-second kqueue_scan sleeps: timer_delete had 224 fallback branches).
TEST(DporEnablers, TimeoutFiresOnlyWhenNothingElseCanRun) {
  expect_exact([](std::set<std::string>& finals) {
    return LambdaProgram([&finals](Execution& ex, Bag& bag) {
      auto& chan = bag.make<WaitChannel>(ex, "chan");
      auto& flag = bag.make<Shared<int>>(ex, "flag", 0);
      auto& other = bag.make<Shared<int>>(ex, "other", 0);
      auto& result = bag.make<int>(-1);
      ex.spawn("sleeper", [&] {
        if (flag.load("check") == 0)
          result = static_cast<int>(chan.sleep("tsleep", {.wmesg = "timo", .timeout = true}));
        other.store(1, "after sleep");
      });
      ex.spawn("waker", [&] {
        flag.store(1, "set");
        chan.wakeup("wakeup");
        (void)other.load("other");
      });
      ex.spawn("bystander", [&] { other.store(2, "bystander"); });
      ex.on_teardown([&] { finals.insert(std::to_string(result) + std::to_string(other.peek())); });
    });
  });
}

// A token holder that sleeps gives its token up with the sleep and takes it back when woken; it
// used to make an extra step while asleep (deliver_close_scan: 144 fallback branches).
TEST(DporEnablers, TokenHolderSleepsWithoutAnExtraStep) {
  const auto finals = expect_exact([](std::set<std::string>& finals) {
    return LambdaProgram([&finals](Execution& ex, Bag& bag) {
      auto& tok = bag.make<Token>(ex, "tok");
      auto& chan = bag.make<WaitChannel>(ex, "chan");
      auto& x = bag.make<Shared<int>>(ex, "x", 0);
      auto& log = bag.make<std::string>();
      ex.spawn("sleeper", [&] {
        tok.get("get");
        if (x.load("check") == 0) (void)chan.sleep("tsleep", {.wmesg = "wait", .timeout = true});
        log += "s" + std::to_string(x.load("reload"));
        tok.release("release");
      });
      ex.spawn("waker", [&] {
        tok.get("waker get");
        x.store(1, "set");
        chan.wakeup("wakeup");
        tok.release("waker release");
        log += "w";
      });
      ex.on_teardown([&] {
        for (const Event& e : ex.trace().events)
          if (e.op == OpKind::Block) log += " +block";
        finals.insert(log);
      });
    });
  });
  for (const std::string& f : finals) EXPECT_EQ(f.find("block"), std::string::npos) << f;
}

}  // namespace
}  // namespace kmc
