// Engine behaviour the kq model depends on, reduced to a few lines each (see reports/findings/kq.md
// "engine needs"). These are small enough to hand to the engine's owner as reproductions.
#include <gtest/gtest.h>

#include "checker/primitives/sleep.hpp"
#include "checker/primitives/token.hpp"
#include "checker/primitives/variables.hpp"
#include "tests/engine/lambda_program.hpp"
#include "tests/kq/kq_test_helpers.hpp"

namespace kmc::kq::testing {
namespace {

// A token holder that blocks (an M_WAITOK allocation) gives its token up until it resumes; another
// thread that arrives later must be able to take the token in that window (the kqueue_register
// K1201 allocation that lets filt_proc's NOTE_TRACK register sleep on kq_regtd).
kmc::testing::LambdaProgram window_program(bool& seen, bool hold_other) {
  return kmc::testing::LambdaProgram([&seen, hold_other](Execution& ex, kmc::testing::Bag& bag) {
    auto& a = bag.make<Token>(ex, "A");
    auto& b = bag.make<Token>(ex, "B");
    auto& v = bag.make<Shared<int>>(ex, "v", 0);
    auto& state = bag.make<int>(0);
    ex.spawn("T1", [&ex, &a, &b, &v, &state, &seen, hold_other] {
      if (hold_other) b.get("T1 get B");
      a.get("T1 get");
      if (state == 1) seen = true;
      a.release("T1 rel");
      if (hold_other) b.release("T1 rel B");
    });
    ex.spawn("T2", [&ex, &a, &state] {
      a.get("T2 get");
      state = 1;
      (void)make<int>(ex, "obj", "T2 alloc (M_WAITOK)", /*may_sleep=*/true, 0);
      state = 2;
      a.release("T2 rel");
    });
    (void)ex;
  });
}

class KqEngineNeedsWindow : public ::testing::TestWithParam<std::tuple<const char*, bool>> {};

TEST_P(KqEngineNeedsWindow, TakesTokenWhileHolderBlocked) {
  bool seen = false;
  auto prog = window_program(seen, std::get<1>(GetParam()));
  (void)explore(prog, std::get<0>(GetParam()));
  EXPECT_TRUE(seen) << "never ran T1's token get between T2's block and resume";
}

INSTANTIATE_TEST_SUITE_P(Strategies, KqEngineNeedsWindow,
                         ::testing::Combine(::testing::Values("dfs", "dpor"),
                                            ::testing::Values(false, true)));

}  // namespace
}  // namespace kmc::kq::testing
