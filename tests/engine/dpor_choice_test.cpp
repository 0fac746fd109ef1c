// A data choice (Execution::choose) splits the exploration: every value must reach every trace
// that plain DFS reaches under it, not only the first value.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/engine/run_helpers.hpp"

namespace kmc {
namespace {
using testing::Bag;
using testing::expect_exact;
using testing::LambdaProgram;

// Found by the DPOR-vs-DFS property (shrunk by hand): T1 chooses, then stores x; T0 and T2 load
// x. Under value 1 the trace "T2 loads 0, T1 stores, T0 loads 1" was missing: the wakeup
// sequence that reverses T0's load with the store passes through the choice and was followed
// under value 0 only, while under value 1 T0 stayed in the sleep set below the choice.
TEST(DporChoice, EveryValueReachesEveryTrace) {
  const auto finals = expect_exact([](std::set<std::string>& finals) {
    return LambdaProgram([&finals](Execution& ex, Bag& bag) {
      auto& x = bag.make<Shared<int>>(ex, "x", 0);
      auto& seen = bag.make<std::vector<int>>(3, -1);
      ex.spawn("T0", [&] { seen[0] = x.load("T0 load"); });
      ex.spawn("T1", [&] {
        seen[1] = static_cast<int>(ex.choose(2, "choose"));
        x.store(1, "T1 store");
      });
      ex.spawn("T2", [&] { seen[2] = x.load("T2 load"); });
      ex.on_teardown([&] {
        finals.insert(std::to_string(seen[0]) + std::to_string(seen[1]) + std::to_string(seen[2]));
      });
    });
  });
  EXPECT_EQ(finals.size(), 8u);  // each load before or after the store, under each value
}

// A wakeup sequence that passes through a choice was seen under one value, and its later events
// may exist only under it: T1's load happens only when it chooses 1, and reversing it with T0's
// store plans "T1 chooses, T1 loads" before the store. Followed under value 0 that branch could
// not run (a disabled branch); the choice now takes the sequence's value first.
TEST(DporChoice, AWakeupSequenceKeepsItsValue) {
  const auto finals = expect_exact([](std::set<std::string>& finals) {
    return LambdaProgram([&finals](Execution& ex, Bag& bag) {
      auto& x = bag.make<Shared<int>>(ex, "x", 0);
      auto& seen = bag.make<std::string>("-");
      ex.spawn("T0", [&] { x.store(1, "T0 store"); });
      ex.spawn("T1", [&] {
        if (ex.choose(2, "choose") == 1) seen = std::to_string(x.load("T1 load"));
      });
      ex.on_teardown([&] { finals.insert(seen); });
    });
  });
  EXPECT_EQ(finals, (std::set<std::string>{"-", "0", "1"}));
}

}  // namespace
}  // namespace kmc
