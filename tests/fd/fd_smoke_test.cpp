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

}  // namespace
}  // namespace kmc::fd::testing
