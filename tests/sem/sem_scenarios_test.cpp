// Every scenario under scenarios/sem, explored exhaustively with DPOR: the kinds found must be
// exactly the ones the scenario expects (tests/scenario_expectations.hpp).
#include <gtest/gtest.h>

#include "tests/scenario_expectations.hpp"

namespace kmc::model::sem {
namespace {

class SemScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(SemScenario, FindsExactlyWhatItExpects) {
  kmc::testing::expect_scenario_holds(GetParam(), "sem");
}

INSTANTIATE_TEST_SUITE_P(All, SemScenario,
                         ::testing::ValuesIn(kmc::testing::shipped_scenarios("sem")),
                         kmc::testing::scenario_param_name);

TEST(SemScenarios, AtLeastFifteen) {
  EXPECT_GE(kmc::testing::shipped_scenarios("sem").size(), 15u);
}

}  // namespace
}  // namespace kmc::model::sem
