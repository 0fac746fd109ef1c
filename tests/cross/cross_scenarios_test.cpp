// Every scenario under scenarios/cross, explored exhaustively with DPOR: the kinds found must be
// exactly the ones the scenario expects (tests/scenario_expectations.hpp).
#include <gtest/gtest.h>

#include "tests/scenario_expectations.hpp"

namespace kmc::cross {
namespace {

class CrossScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(CrossScenario, FindsExactlyWhatItExpects) {
  kmc::testing::expect_scenario_holds(GetParam(), "cross");
}

INSTANTIATE_TEST_SUITE_P(All, CrossScenario,
                         ::testing::ValuesIn(kmc::testing::shipped_scenarios("cross")),
                         kmc::testing::scenario_param_name);

TEST(CrossScenarios, AtLeastFive) {
  EXPECT_GE(kmc::testing::shipped_scenarios("cross").size(), 5u);
}

}  // namespace
}  // namespace kmc::cross
