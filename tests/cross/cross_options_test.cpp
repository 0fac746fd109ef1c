// The cross scenarios that use an engine option reach what the option is there for.
#include <gtest/gtest.h>

#include "tests/scenario_reach.hpp"

namespace kmc::cross {
namespace {

// The second child's files_struct is allocated at the first child's freed address.
TEST(CrossOptions, ReuseForkCloseWatchedReusesAFilesStruct) {
  const auto reach = kmc::testing::reach_scenario("cross/reuse_fork_close_watched.scn");
  EXPECT_TRUE(kmc::testing::any_contains(reach.reused, "files_struct")) << reach.reused.size();
}

}  // namespace
}  // namespace kmc::cross
