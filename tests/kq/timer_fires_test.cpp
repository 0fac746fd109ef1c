// The callouts of the timer filter (model/kq/callout.cpp) firing more than once (KqParams::
// timer_fires): a periodic callout re-armed by its own expiry, against callout_terminate. DPOR
// must stay exact against plain DFS with two and three firings, and every firing count up to the
// bound must be reachable before the terminate.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "checker/primitives/heap.hpp"
#include "checker/primitives/locks.hpp"
#include "checker/primitives/variables.hpp"
#include "model/kq/callout.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc::kq {
namespace {
using kmc::testing::Bag;
using kmc::testing::LambdaProgram;

// T1 allocates a callout, arms it, reads the expiry count, stops the timer and terminates the
// callout, reads the count again and frees the callout. Each expiry counts and, unless the timer
// is being stopped, re-arms under the lock that the stop takes (a periodic timer: the expiry
// re-arms unless the knote is being deleted, K454-456 and K465-466, under the kq token).
// Finals: the two counts T1 read.
LambdaProgram periodic(int fires, std::set<std::string>& finals) {
  return LambdaProgram([fires, &finals](Execution& ex, Bag& bag) {
    auto& count = bag.make<Shared<int>>(ex, "count", 0);
    auto& lock = bag.make<Mutex>(ex, "kq", "kq");
    auto& stopping = bag.make<Tracked<int>>(ex, "stopping", 0);
    auto& seen = bag.make<std::string>();
    auto& mem = bag.make<CalloutPtr>();
    auto& self = bag.make<Callouts*>(nullptr);
    auto& callouts =
        bag.make<Callouts>(ex, fires, [&count, &lock, &stopping, &mem, &self](const KnPtr&) {
          lock.lock("expire: lock");
          count.store(count.load("expire: load") + 1, "expire: count");
          if (stopping.get("expire: stopping?") == 0) self->reset(mem, KnPtr{}, 0, "re-arm");
          lock.unlock("expire: unlock");
        });
    self = &callouts;
    ex.add_end_check([&finals, &seen]() -> std::optional<Violation> {
      finals.insert(seen);
      return std::nullopt;
    });
    ex.spawn("T1", [&ex, &count, &lock, &stopping, &seen, &mem, &callouts] {
      mem = make<CalloutMem>(ex, "callout", "alloc", /*may_sleep=*/false, -1);
      mem.unchecked()->slot = callouts.init(mem, "callout_init_mp");
      callouts.reset(mem, KnPtr{}, 0, "callout_reset");
      seen += std::to_string(count.load("T1 load"));
      lock.lock("stop: lock");
      stopping.set(1, "stop");
      lock.unlock("stop: unlock");
      callouts.terminate(mem, "callout_terminate");
      seen += "," + std::to_string(count.load("T1 load after terminate"));
      heap_of(ex).free(mem.cell(), "kfree");
    });
  });
}

TEST(TimerFires, DporExactWithEachBound) {
  for (int fires = 1; fires <= 3; ++fires) {
    SCOPED_TRACE(fires);
    const std::set<std::string> finals =
        kmc::testing::expect_exact([fires](auto& f) { return periodic(fires, f); });
    // The terminate may come before any expiry, or after any number of them up to the bound;
    // after it the count no longer moves (callout_terminate waits for a running expiry).
    std::set<std::string> expected;
    for (int before = 0; before <= fires; ++before)
      for (int after = before; after <= fires; ++after)
        expected.insert(std::to_string(before) + "," + std::to_string(after));
    EXPECT_EQ(finals, expected);
  }
}

}  // namespace
}  // namespace kmc::kq
