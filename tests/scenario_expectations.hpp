// Shared by the per-model scenario tests: every shipped scenario of a folder, explored
// exhaustively with DPOR, must find exactly the violation kinds its `expect` line names (what
// `kmc test scenarios/<model>` checks), and none may be a harness error of the model glue.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
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

// "fd/dup3_close-earlyfcheck": a scenario's model folder and stem (unique over scenarios/).
inline std::string folder_and_stem(const std::string& path) {
  const std::filesystem::path p(path);
  return p.parent_path().filename().string() + "/" + p.stem().string();
}

// gtest's name for a parameter over all of scenarios/: folder_and_stem with '_' for what gtest
// does not accept ("fd_dup3_close_earlyfcheck").
inline std::string folder_param_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = folder_and_stem(info.param);
  for (char& c : name)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  return name;
}

// A shipped scenario explored exhaustively: the kinds its `expect` line names and what DPOR found.
struct ScenarioRun {
  std::set<ViolationKind> expected;
  Outcome outcome;
};

// Loads `path` (its model must be `model`, unless that is empty) and explores it with DPOR (every
// kind collected) under `base` plus the scenario's own options. Fails the test if it cannot load.
inline ScenarioRun run_scenario(const std::string& path, const std::string& model,
                                ExecutionOptions base = {}) {
  ScenarioRun run;
  scenario::ParseResult parsed = scenario::load_scenario(path);
  EXPECT_TRUE(parsed.scenario.has_value())
      << (parsed.errors.empty() ? "" : parsed.errors.front().format());
  if (!parsed.scenario.has_value() || parsed.scenario->model == nullptr) {
    ADD_FAILURE() << path << ": no model";
    return run;
  }
  if (!model.empty()) {
    EXPECT_EQ(parsed.scenario->model->name, model);
  }
  const auto& expect = parsed.scenario->expect;
  run.expected = std::set<ViolationKind>(expect.kinds.begin(), expect.kinds.end());
  const scenario::ScenarioProgram program(*parsed.scenario);
  run.outcome = explore(program, "dpor", program.execution_options(base));
  EXPECT_TRUE(run.outcome.result.complete);
  // A pass must be a proof: DPOR planned no branch it could not follow (issue 11).
  EXPECT_EQ(run.outcome.result.stats.disabled_branches, 0u);
  // A violation inside the composition glue is a harness error, never an expected result.
  for (const Counterexample& c : run.outcome.result.counterexamples)
    EXPECT_EQ(c.violation.message.find("harness:"), std::string::npos) << c.violation.message;
  return run;
}

// Loads `path`, explores it with DPOR (every kind collected) and checks it against its
// expectation; `model` is the model the file must name.
inline void expect_scenario_holds(const std::string& path, const std::string& model) {
  const ScenarioRun run = run_scenario(path, model);
  EXPECT_EQ(run.outcome.kinds, run.expected) << run.outcome.describe();
}

}  // namespace kmc::testing
