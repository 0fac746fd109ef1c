// Every scenario under scenarios/kq, explored exhaustively with DPOR: the kinds found must be
// exactly the ones the scenario expects (tests/scenario_expectations.hpp).
#include <gtest/gtest.h>

#include "tests/scenario_expectations.hpp"

namespace kmc::kq::testing {
namespace {

class KqScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(KqScenario, FindsExactlyWhatItExpects) {
  kmc::testing::expect_scenario_holds(GetParam(), "kq");
}

INSTANTIATE_TEST_SUITE_P(All, KqScenario,
                         ::testing::ValuesIn(kmc::testing::shipped_scenarios("kq")),
                         kmc::testing::scenario_param_name);

TEST(KqScenarios, AtLeastTwenty) {
  EXPECT_GE(kmc::testing::shipped_scenarios("kq").size(), 20u);
}

}  // namespace
}  // namespace kmc::kq::testing
