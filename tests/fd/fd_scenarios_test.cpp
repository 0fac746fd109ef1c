// Every scenario under scenarios/fd, explored exhaustively with DPOR: the violation kinds found
// must be exactly the ones the scenario expects (as `kmc test scenarios/fd` checks).
#include <algorithm>

#include "tests/fd/fd_fixture.hpp"

namespace kmc::fd::testing {
namespace {

std::vector<std::filesystem::path> fd_scenarios() {
  std::string error;
  auto files =
      scenario::find_scenarios(std::filesystem::path(KMC_SOURCE_DIR) / "scenarios/fd", error);
  EXPECT_TRUE(error.empty()) << error;
  return files;
}

std::string names(const std::set<ViolationKind>& kinds) {
  std::string out;
  for (ViolationKind k : kinds) out += std::string(out.empty() ? "" : " ") += to_string(k);
  return out.empty() ? "pass" : out;
}

TEST(FdScenarios, AtLeastFifteen) {
  EXPECT_GE(fd_scenarios().size(), 15u);
}

TEST(FdScenarios, EveryExpectationHoldsUnderDpor) {
  for (const auto& path : fd_scenarios()) {
    SCOPED_TRACE(path.string());
    scenario::ParseResult r = scenario::load_scenario(path);
    for (const auto& d : r.errors) ADD_FAILURE() << d.format();
    if (!r.scenario) continue;
    scenario::ScenarioProgram program(std::move(*r.scenario));
    const Outcome o = run_scenario(program, "dpor");
    EXPECT_TRUE(o.result.complete);
    EXPECT_EQ(names(o.kinds), names(expected(program))) << o.describe();
  }
}

// Every variant of the model has a scenario that switches it on, and its seed counterpart exists.
// An M- variant breaks the seed (its scenario expects a violation, the seed twin passes); an F-
// variant is the fix offered for a finding (its scenario passes, the seed twin shows the finding).
TEST(FdScenarios, EveryVariantHasAScenarioAndASeedTwin) {
  const auto files = fd_scenarios();
  for (const model::VariantSpec& v : fd_variant_specs()) {
    SCOPED_TRACE(v.name);
    const bool fix = v.name.rfind("F-", 0) == 0;
    bool found = false;
    for (const auto& path : files) {
      scenario::ParseResult r = scenario::load_scenario(path);
      if (!r.scenario || r.scenario->config.variants.count(v.name) == 0) continue;
      found = true;
      EXPECT_EQ(r.scenario->expect.violation, !fix) << path;
      const std::string stem = path.stem().string();
      const auto dash = stem.find('-');
      ASSERT_NE(dash, std::string::npos) << path;
      const auto twin = path.parent_path() / (stem.substr(0, dash) + ".scn");
      ASSERT_TRUE(std::filesystem::exists(twin)) << twin;
      scenario::ParseResult t = scenario::load_scenario(twin);
      ASSERT_TRUE(t.scenario.has_value()) << twin;
      EXPECT_EQ(t.scenario->expect.violation, fix) << twin;
    }
    EXPECT_TRUE(found);
  }
}

// A counterexample replays to the same verdict (the token round trip).
TEST(FdScenarios, CounterexampleReplays) {
  auto p = parse(R"(model fd
config W=4 nr_open=16
variant M-FD-noebusy
setup
  open -> a
  open -> b
thread T1
  open -> c
thread T2
  dup2 a 2
expect violation assertion
)");
  ASSERT_NE(p, nullptr);
  const Outcome o = run_scenario(*p, "dpor");
  ASSERT_EQ(o.result.counterexamples.size(), 1u) << o.describe();
  const Counterexample& c = o.result.counterexamples.front();
  const Trace t = replay_once(*p, c.replay, p->execution_options({}));
  ASSERT_TRUE(t.violation.has_value());
  EXPECT_EQ(t.violation->kind, ViolationKind::Assertion);
  EXPECT_EQ(std::string(t.violation->seed), "R473");
}

}  // namespace
}  // namespace kmc::fd::testing
