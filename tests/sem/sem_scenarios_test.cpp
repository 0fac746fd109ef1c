// Every scenario under scenarios/sem, explored exhaustively with DPOR: the kinds found must be
// exactly the ones the scenario expects (what `kmc test scenarios/sem` checks).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"
#include "tests/sem/sem_fixture.hpp"

namespace kmc::model::sem {
namespace {

std::vector<std::string> scenario_files() {
  std::string error;
  std::vector<std::string> out;
  for (const auto& p :
       scenario::find_scenarios(std::string(KMC_SOURCE_DIR) + "/scenarios/sem", error))
    out.push_back(p.string());
  return out;
}

class SemScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(SemScenario, FindsExactlyWhatItExpects) {
  auto parsed = scenario::load_scenario(GetParam());
  ASSERT_TRUE(parsed.scenario.has_value())
      << (parsed.errors.empty() ? "" : parsed.errors.front().format());
  const scenario::ScenarioProgram program(*parsed.scenario);
  const auto out = testing::explore(program, "dpor", program.execution_options({}));
  EXPECT_TRUE(out.result.complete);
  const auto& expect = parsed.scenario->expect;
  const std::set<ViolationKind> want(expect.kinds.begin(), expect.kinds.end());
  EXPECT_EQ(out.kinds, want) << out.describe();
}

INSTANTIATE_TEST_SUITE_P(All, SemScenario, ::testing::ValuesIn(scenario_files()),
                         [](const auto& info) {
                           return std::filesystem::path(info.param).stem().string();
                         });

TEST(SemScenarios, AtLeastFifteen) {
  EXPECT_GE(scenario_files().size(), 15u);
}

}  // namespace
}  // namespace kmc::model::sem
