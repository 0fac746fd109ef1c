// Small exhaustive races on the fd model, written inline, with the verdicts they really have.
#include "tests/fd/fd_fixture.hpp"

namespace kmc::fd::testing {
namespace {

TEST(FdRaces, SingleOpenClosePasses) {
  auto p = parse(R"(model fd
thread T1
  open -> a
  close a
expect pass
)");
  ASSERT_NE(p, nullptr);
  const Outcome o = run_scenario(*p, "dfs");
  EXPECT_TRUE(o.kinds.empty()) << o.describe();
  EXPECT_TRUE(o.result.complete);
}

TEST(FdRaces, TwoOpensExpandPass) {
  auto p = parse(R"(model fd
config W=2 nr_open=8
setup
  open
  open
thread T1
  open
thread T2
  open
expect pass
)");
  ASSERT_NE(p, nullptr);
  const Outcome o = run_scenario(*p, "dpor");
  EXPECT_TRUE(o.kinds.empty()) << o.describe();
  EXPECT_TRUE(o.result.complete);
  EXPECT_GT(o.result.stats.executions, 1u);
}

// Two scenario threads of one process are two tasks sharing the table (CLONE_FILES): files->count
// is 2, so fget_light takes a reference (R579-590) and the sibling's close cannot pull the file
// out from under it. With a count of 1 the lock-free shortcut (R575-577) borrowed the pointer and
// the close was reported as FD-I8 and a data race, a state Linux cannot reach. `clone_threads`
// is spawned by setup (a step) or before the execution starts (no step).
void expect_shared_fget_light_passes(const std::string& text) {
  EXPECT_GT(expect_passes(text).result.stats.executions, 1u);
}

TEST(FdThreads, SiblingThreadsShareTheTableCountWhenSetupSpawnsThem) {
  expect_shared_fget_light_passes(R"(model fd
setup
  open -> a
thread T1
  fget_light a -> f
  use f
  fput_light f
thread T2
  close a
expect pass
)");
}

TEST(FdThreads, SiblingThreadsShareTheTableCountFromTheStart) {
  expect_shared_fget_light_passes(R"(model fd
process P
thread T1 in P
  open -> a
  fget_light a -> f
  use f
  fput_light f
thread T2 in P
  close 0
expect pass
)");
}

}  // namespace
}  // namespace kmc::fd::testing
