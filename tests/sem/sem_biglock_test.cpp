// Big-lock mode (NetBSD KERNEL_LOCK): the return from each system call releases the big lock, so
// another thread may run between two calls of one thread, not only where one sleeps.
#include <gtest/gtest.h>

#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"
#include "tests/explore.hpp"

namespace kmc {
namespace {

testing::Outcome explore_text(const std::string& text, const std::string& strategy) {
  scenario::ParseResult parsed = scenario::parse_scenario(text, "biglock.scn");
  EXPECT_TRUE(parsed.scenario.has_value())
      << (parsed.errors.empty() ? "" : parsed.errors.front().format());
  const scenario::ScenarioProgram program(*parsed.scenario);
  return testing::explore(program, strategy, program.execution_options({}));
}

// trywait; trywait against post: the post may come before, between or after the two calls.
// Without the switch point at the syscall return it could only come before or after (2).
TEST(SemBiglock, SyscallReturnIsASwitchPoint) {
  const std::string text =
      "model sem\noption biglock\nsetup\n  init 1 -> s\n"
      "thread T1\n  trywait s\n  trywait s\nthread T2\n  post s\nexpect pass\n";
  const testing::Outcome dpor = explore_text(text, "dpor");
  const testing::Outcome dfs = explore_text(text, "dfs");
  EXPECT_TRUE(dpor.result.complete);
  EXPECT_EQ(dpor.result.stats.executions, 3u);
  EXPECT_EQ(dfs.result.stats.executions, 3u);
  EXPECT_EQ(dpor.result.stats.disabled_branches, 0u);
  EXPECT_TRUE(dpor.kinds.empty()) << dpor.describe();
}

}  // namespace
}  // namespace kmc
