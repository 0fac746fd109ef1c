// Every scenario under scenarios/cross (fd + kq + sem across processes, spec §4), explored
// exhaustively with DPOR: the kinds found must be exactly the ones the scenario expects (what
// `kmc test scenarios/cross` checks), and none may come from the composition glue itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "tests/kq/kq_test_helpers.hpp"

namespace kmc::kq::testing {
namespace {

std::vector<std::string> scenario_files() {
  std::string error;
  std::vector<std::string> out;
  for (const auto& p :
       scenario::find_scenarios(std::string(KMC_SOURCE_DIR) + "/scenarios/cross", error))
    out.push_back(p.string());
  return out;
}

class CrossScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(CrossScenario, FindsExactlyWhatItExpects) {
  auto parsed = scenario::load_scenario(GetParam());
  ASSERT_TRUE(parsed.scenario.has_value())
      << (parsed.errors.empty() ? "" : parsed.errors.front().format());
  ASSERT_NE(parsed.scenario->model, nullptr);
  EXPECT_EQ(parsed.scenario->model->name, "cross");
  const scenario::ScenarioProgram program(*parsed.scenario);
  const Outcome out = explore(program, "dpor", program.execution_options({}));
  EXPECT_TRUE(out.result.complete);
  const auto& expect = parsed.scenario->expect;
  const std::set<ViolationKind> want(expect.kinds.begin(), expect.kinds.end());
  EXPECT_EQ(out.kinds, want) << out.describe();
  // A violation inside the composition glue is a harness error, never an expected result.
  for (const Counterexample& c : out.result.counterexamples)
    EXPECT_EQ(c.violation.message.find("harness:"), std::string::npos) << c.violation.message;
}

INSTANTIATE_TEST_SUITE_P(All, CrossScenario, ::testing::ValuesIn(scenario_files()),
                         [](const auto& info) {
                           return std::filesystem::path(info.param).stem().string();
                         });

TEST(CrossScenarios, AtLeastFive) {
  EXPECT_GE(scenario_files().size(), 5u);
}

}  // namespace
}  // namespace kmc::kq::testing
