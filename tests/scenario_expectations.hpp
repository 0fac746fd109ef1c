// Shared by the per-model scenario tests: every shipped scenario of a folder, explored
// exhaustively with DPOR, must find exactly the violation kinds its `expect` line names (what
// `kmc test scenarios/<model>` checks), and none may be a harness error of the model glue.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "model/scenario/parser.hpp"
#include "model/scenario/program.hpp"
#include "tests/explore.hpp"

namespace kmc::testing {

// The scenario files under scenarios/<folder> of the source tree, as strings for gtest params.
inline std::vector<std::string> shipped_scenarios(const std::string& folder) {
  std::string error;
  std::vector<std::string> out;
  for (const auto& p :
       scenario::find_scenarios(std::string(KMC_SOURCE_DIR) + "/scenarios/" + folder, error))
    out.push_back(p.string());
  EXPECT_EQ(error, "");
  return out;
}

// gtest's name for a scenario parameter: the file's stem.
inline std::string scenario_param_name(const ::testing::TestParamInfo<std::string>& info) {
  return std::filesystem::path(info.param).stem().string();
}

// Loads `path`, explores it with DPOR (every kind collected) and checks it against its
// expectation; `model` is the model the file must name.
inline void expect_scenario_holds(const std::string& path, const std::string& model) {
  scenario::ParseResult parsed = scenario::load_scenario(path);
  ASSERT_TRUE(parsed.scenario.has_value())
      << (parsed.errors.empty() ? "" : parsed.errors.front().format());
  ASSERT_NE(parsed.scenario->model, nullptr);
  EXPECT_EQ(parsed.scenario->model->name, model);
  const auto& expect = parsed.scenario->expect;
  const std::set<ViolationKind> want(expect.kinds.begin(), expect.kinds.end());
  const scenario::ScenarioProgram program(*parsed.scenario);
  const Outcome out = explore(program, "dpor", program.execution_options({}));
  EXPECT_TRUE(out.result.complete);
  // A pass must be a proof: DPOR planned no branch it could not follow (issue 11).
  EXPECT_EQ(out.result.stats.disabled_branches, 0u);
  // A violation inside the composition glue is a harness error, never an expected result.
  for (const Counterexample& c : out.result.counterexamples)
    EXPECT_EQ(c.violation.message.find("harness:"), std::string::npos) << c.violation.message;
  EXPECT_EQ(out.kinds, want) << out.describe();
}

}  // namespace kmc::testing
